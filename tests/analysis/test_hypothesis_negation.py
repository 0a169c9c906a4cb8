"""Negated and hedged cues are no verdict: "not confirmed yet" never confirms a hypothesis.

The sentences are written for this test (a search service's memory leak), not taken from the
example incident: the rules are about English, so they must hold for any incident.
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board, Hypothesis, Message

CHANNEL = "CSEARCH"
RAISED = "I suspect the search-indexer memory leak after the kernel upgrade"


def message(ts: str, text: str, user: str = "UANA") -> Message:
    return Message(channel=CHANNEL, ts=ts, text=text, user=user, user_name=user.lower())


def raised() -> Board:
    board = fold_messages(Board(channel=CHANNEL), [message("1700000000.000100", RAISED, "UKOFI")])
    assert [h.statement for h in board.hypotheses] == ["The search-indexer memory leak after the kernel upgrade"]
    return board


def after(text: str) -> Hypothesis:
    board = fold_messages(raised(), [message("1700000060.000200", text)])
    return board.hypotheses[0]


NOT_A_VERDICT = [
    "It is not confirmed yet that the search-indexer memory leak is involved",
    "The search-indexer memory leak isn't confirmed",
    "No evidence so far that confirms the search-indexer memory leak",
    "Unlikely that the heap graphs confirm the search-indexer memory leak",
    "Has anyone confirmed the search-indexer memory leak?",
    "We need to see whether the heap dump confirms the search-indexer memory leak",
    "If the heap dump confirms the search-indexer memory leak we restart the pods",
    "Nobody has confirmed the search-indexer memory leak",
    "The heap profile doesn't confirm the search-indexer memory leak",
    "The search-indexer memory leak is not yet confirmed by the heap profile",
    "Too early to say the search-indexer memory leak matches the GC pauses",
    "The search-indexer memory leak might be consistent with the OOM kills",
    "Is the search-indexer memory leak confirmed? not yet",
    "Heap dumps never confirmed the search-indexer memory leak",
    "Without a heap dump nothing confirms the search-indexer memory leak",
    "the search-indexer memory leak is still to be confirmed",
    "dont think the heap graph matches the search-indexer memory leak",
    "We can't rule out the search-indexer memory leak",
    "Probably not the search-indexer memory leak, but let's wait for the heap dump",
]


@pytest.mark.parametrize("text", NOT_A_VERDICT)
def test_a_negated_or_hedged_cue_neither_confirms_nor_refutes(text: str) -> None:
    h = after(text)
    assert (h.status, h.confidence, h.supporting, h.refuting) == ("open", 40, (), ())


@pytest.mark.parametrize(
    ("text", "status", "confidence"),
    [
        ("Heap dump confirms the search-indexer memory leak as the cause", "confirmed", 90),
        ("No errors after the restart, and that confirms the search-indexer memory leak as the cause", "confirmed", 90),
        ("The OOM kills are consistent with the search-indexer memory leak", "open", 55),
        ("Heap is flat after the kernel upgrade, that rules out the search-indexer memory leak", "refuted", 5),
    ],
)
def test_a_stated_finding_still_judges(text: str, status: str, confidence: int) -> None:
    h = after(text)
    assert (h.status, h.confidence) == (status, confidence)
    assert (h.supporting or h.refuting) == ("1700000060.000200",)
