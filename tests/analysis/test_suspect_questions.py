"""Two common ways a theory is put that the rules did not raise: the recent change asked as someone's doing
("anyone push config to the edge router recently?") and the theory named as the suspect ("most obvious thing
is the release itself is broken"). Found on dev misses and the session-44 round written from the issue's
brief alone; the wording is general, and each form has controls that ask about comms or a plain task.
"""

from __future__ import annotations

import pytest

from bot.analysis.claims import theory_claim


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("anyone push config to the edge router recently?", "edge router"),
        ("did somebody touch the lb rules this morning?", "lb rules"),
        ("anyone shipping something to the app shell?", "app shell"),
        ("Did anyone change the DNS records yesterday?", "dns records"),
        ("ok so most obvious thing is the 2.14 release is just broken", "2.14 release"),
        ("first suspect would be the cdn config", "cdn config"),
    ],
)
def test_the_question_or_label_raises_the_theory(text: str, named: str) -> None:
    claim = theory_claim(text)
    assert claim is not None and named in claim.lower()


@pytest.mark.parametrize(
    "text",
    [
        "anyone updating the status page?",
        "anyone pushing the customer email out?",
        "anyone touch base with legal yet?",
        "the main thing is to keep customers posted",
    ],
)
def test_comms_and_chores_are_no_theory(text: str) -> None:
    assert theory_claim(text) is None
