"""A "yes" that takes on a task ("yep doing", "sure, on it") answers the request before it, not the
theory the thread was opened on (session 22: on dev such a reply confirmed a theory that the next
message ruled out). Written in general incident language."""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board, Hypothesis
from tests.analysis.reading_support import said

THEORY = "could the api pods be hitting their memory limit? we raised the worker count yesterday"
REQUEST = "kai can you pull the last termination reason on one of them"


def board(reply: str, *, asked: bool = True) -> tuple[Hypothesis, ...]:
    msgs = [said(0, "[FIRING] api 5xx > 5%", "Datadog", bot=True), said(5, THEORY, "kai", thread=5)]
    if asked:
        msgs.append(said(7, REQUEST, "bo", thread=5))
    msgs.append(said(9, reply, "kai" if asked else "bo", thread=5))  # the one asked answers
    return fold_messages(Board(channel="CINC"), msgs).hypotheses


@pytest.mark.parametrize(
    "reply", ["yep doing", "yes, doing it", "sure, checking now", "sure, checking now.", "yeah on it"]
)
def test_taking_a_task_on_confirms_nothing(reply: str) -> None:
    assert [h.status for h in board(reply)] == ["open"]


def test_a_yes_to_the_theory_still_confirms() -> None:
    """Control: a plain yes to the theory itself, no request between."""
    assert [h.status for h in board("yep, that's it", asked=False)] == ["confirmed"]


@pytest.mark.parametrize(
    "reply",
    [
        "could be. dumping the pod env to compare. yes i know, but this is our internal cluster and the "
        "namespace is private",
        "yeah i know it's noisy, pulling the termination reason now",
    ],
)
def test_acknowledging_a_concern_confirms_nothing(reply: str) -> None:
    """ "yes i know, but …" answers a warning, not the theory."""
    assert [h.status for h in board(reply)] == ["open"]
