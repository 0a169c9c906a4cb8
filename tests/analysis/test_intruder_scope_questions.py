"""A question about what an intruder did or reached is a theory the response must rule in or out.

In a security response the open questions are about scope: "did they try other registries with the
dumped secrets?", "could the attackers have pivoted to the build hosts?". Each names where the intruder
may have gone, and the channel answers it with evidence ("no logins from their ips on npm or docker hub"),
so each belongs on the board. A question about what a vendor or a customer did ("did they reply to the
ticket?") is no theory.

Written for these tests in general incident phrasing, modelled on the dev channel that showed the case
(session 35), with other names; nothing from the example incident.
"""

from __future__ import annotations

import pytest

from tests.analysis.reading_support import board

_ALERT = "[SECURITY] unexpected release 4.2.1 of acme-sdk published to pypi"


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("did they try other registries with the dumped secrets? npm scope, docker hub", "registries"),
        ("could the attackers have pivoted to the build hosts?", "build hosts"),
        ("did they get into the billing db too?", "billing db"),
        ("so did whoever did this also publish the cli package?", "cli package"),
    ],
)
def test_a_question_about_the_intruders_reach_raises_it(text: str, scope: str) -> None:
    assert any(scope in h.statement.lower() for h in board(_ALERT, text))


@pytest.mark.parametrize("text", ["did they reply to the ticket?", "did they say when the fix lands?"])
def test_a_question_about_what_a_vendor_said_raises_nothing(text: str) -> None:
    assert board(_ALERT, text) == ()
