"""Three readings around a theory that does not get proven: a "yeah fair" right after a doubt agrees
with the doubt; a question whose asker is named after it ("… ? customer asks") is relayed, so the rules
never confirm it; and a step that raises a router's priority "so r1 drops to backup" is a step and its
purpose, not a cause and its effect.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import clause_claims, fold_messages
from bot.analysis.lexicon import ASKED_BY_OTHERS_AFTER
from bot.domain import Board, Hypothesis, Message
from tests.analysis.reading_support import said


def _board(*messages: Message) -> tuple[Hypothesis, ...]:
    return fold_messages(Board(channel="CINC"), list(messages)).hypotheses


def test_a_yes_right_after_a_doubt_agrees_with_the_doubt() -> None:
    hs = _board(
        said(0, "timing is close to my frontend deploy (21:31). could that be it? rollback is cheap", "ana"),
        said(1, "getting the error page on my own login too", "cy"),
        said(
            2,
            "the 5xx come from the app tier not the cdn, and 21:31 vs 21:45 is a weird gap for a static bundle. "
            "not ruling it out tho",
            "bo",
            thread=0,
        ),
        said(
            3,
            "yeah fair. the error page is just our error boundary, it shows whenever the api calls fail. "
            "I'll prep the rollback anyway",
            "ana",
            thread=0,
        ),
    )
    assert hs[0].status != "confirmed"


def test_a_yes_right_after_the_theory_still_confirms_it() -> None:
    """Control: with no doubt in between, the answer is to the theory."""
    hs = _board(
        said(0, "could the 21:31 frontend deploy be breaking the login api?", "ana"),
        said(1, "yes, the login api errors start at 21:31 exactly and the deploy changed its client", "bo", thread=0),
    )
    assert hs[0].status == "confirmed"


@pytest.mark.parametrize(
    "text",
    [
        "dumb q but did someone change the lb rules last night? customer asks",
        "is the api down for everyone? — support asking",
    ],
)
def test_a_question_with_its_asker_after_it_is_relayed(text: str) -> None:
    assert ASKED_BY_OTHERS_AFTER.search(text) is not None


def test_a_relayed_change_question_is_never_confirmed_by_the_rules() -> None:
    hs = _board(
        said(0, "dumb q but did someone change something on r1 last night? customer asks", "ana"),
        said(1, "r1 is dropping packets inside its own switch fabric, degraded links on the fabric cards", "bo"),
        said(2, "doing it. bumping vrrp priority on r2 for all customer vlans so r1 drops to backup", "cy"),
    )
    (theory,) = [h for h in hs if "r1 last night" in h.statement]
    assert theory.asked_by_others
    assert theory.status != "confirmed"


@pytest.mark.parametrize("text", ["is it the cache? i asked", "did the job run? we asked twice"])
def test_a_responders_own_question_is_not_relayed(text: str) -> None:
    assert ASKED_BY_OTHERS_AFTER.search(text) is None


def test_raising_a_routers_priority_so_the_other_drops_is_a_step() -> None:
    cause, _finding, _theory = clause_claims("bumping vrrp priority on r2 so r1 drops to backup")
    assert cause is None
