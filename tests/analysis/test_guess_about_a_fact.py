"""A guess about what a stated fact did (general incident phrasing, not taken from any incident channel).

"other idea: the batch job rewrote every index at once. maybe that's saturating the disks": the first
sentence, raised under its label, is a fact everyone can see; the theory is the guess about what "that"
did. The board keeps the guess, so a later cause that restates the fact (the rewrite happened) does not
confirm a guess the channel ruled out.
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board, Hypothesis, Message
from tests.analysis.reading_support import said


def fold(*messages: Message) -> tuple[Hypothesis, ...]:
    return fold_messages(Board(channel="CINC"), list(messages)).hypotheses


@pytest.mark.parametrize(
    "raised",
    [
        "other idea: the batch job rewrote every index at once. maybe that's saturating the disks on the db hosts",
        "one more thought: the batch job rewrote every index at once. could be that's saturating the db disks",
    ],
)
def test_the_guess_not_the_fact_is_the_theory(raised: str) -> None:
    hs = fold(
        said(0, raised, "ana"),
        said(2, "disks on the db hosts look normal, iowait 2%", "ben"),
        said(5, "root cause: the batch job rewrote every index and the planner lost its table stats", "cy"),
    )
    guess = next(h for h in hs if "disks" in h.statement)
    assert guess.status == "refuted"
    assert not any("rewrote every index at once" in h.statement for h in hs)


def test_a_hedged_first_sentence_stays_the_theory() -> None:
    hs = fold(said(0, "other idea: maybe the batch job rewrote every index. that would explain the disk load", "ana"))
    assert any("batch job" in h.statement for h in hs)
