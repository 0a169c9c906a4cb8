"""A "yes" that goes on with when something happened ("yes, thursday", "yep, at 14:02") answers
whether it happened: it backs a theory about that change without confirming it as the cause.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board, Hypothesis
from tests.analysis.reading_support import said


def board(*texts: str) -> tuple[Hypothesis, ...]:
    return fold_messages(Board(channel="CINC"), [said(i, t) for i, t in enumerate(texts)]).hypotheses


@pytest.mark.parametrize(
    "answer",
    [
        "yes, thursday. it adds a few queries per page. could be that",
        "yep at 14:02, the new invoice widget",
        "yeah 2 days ago",
        "yes last week, the billing page refactor",
    ],
)
def test_a_yes_with_when_backs_the_change_theory_without_confirming_it(answer: str) -> None:
    (h,) = board("did anything ship on the billing page recently? the invoice widget was changed i think", answer)
    assert h.status == "open"
    assert h.supporting


def test_a_plain_yes_still_confirms() -> None:
    """Control: a "yes" that judges the theory itself confirms it."""
    (h,) = board("could the session cache be evicting everything?", "yes, that's it")
    assert h.status == "confirmed"
