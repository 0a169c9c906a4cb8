"""Asking leave, or a go-ahead for a step, is not floating a theory (general on-call phrasing, not
from any channel). A step asked in its -ing form that drops an "e" or doubles a letter ("unpausing …?",
"purging …?") was read as a theory before; "restarting …?" already was not.

"ok to give the vendor a remote session?" answered "yes" granted a step; before, the board raised
the request as a theory and the "yes" confirmed it, so a permission showed up as a confirmed cause.
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import clause_claims, fold_messages
from bot.domain import Board
from tests.analysis.reading_support import said


@pytest.mark.parametrize(
    "text",
    [
        "sam ok to give the vendor a remote session?",
        "mind if I bounce the ingest pods?",
        "is it ok if i flush the edge cache?",
        "any objections to failing over now?",
        "unpausing the auto-deploys? queue is empty now",
        "purging the edge cache for /static?",
        "re-enabling the webhook consumers?",
    ],
)
def test_a_request_for_leave_raises_no_theory(text: str) -> None:
    assert clause_claims(text)[2] is None


def test_its_yes_confirms_nothing() -> None:
    board = fold_messages(
        Board(channel="CINC"),
        [
            said(0, "opened a case with the vendor. sam ok to give them a remote session?", "kemi"),
            said(1, "yes", "sam"),
        ],
    )
    assert [h for h in board.hypotheses if h.status == "confirmed"] == []


@pytest.mark.parametrize(
    "text",
    [
        "could the edge cache be stale?",
        "is the new lb config dropping connections?",
        "throttling? we hit the hot partition limit last spring",
    ],
)
def test_a_theory_asked_as_a_question_is_still_raised(text: str) -> None:
    """Control."""
    assert clause_claims(text)[2] is not None
