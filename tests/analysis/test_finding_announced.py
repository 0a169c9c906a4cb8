"""A cause announced by "i get it" or "ah, i see it now" and told in the next sentence (session 22),
written in general incident language; "i see it too" (seeing the symptom) announces nothing."""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board, Hypothesis
from tests.analysis.reading_support import said


def board(text: str) -> tuple[Hypothesis, ...]:
    msgs = [said(0, "[FIRING] api 5xx > 5%", "Datadog", bot=True), said(5, "looking", "ana"), said(9, text, "bo")]
    return fold_messages(Board(channel="CINC"), msgs).hypotheses


@pytest.mark.parametrize(
    "text",
    [
        "oh no. i get it. the release job copied config.prod.yaml into the public bucket",
        "ah i see it now. the deploy job reads the staging token, so prod got the staging config",
        "ok i get it now. the cron runs in utc and the cutoff is in eastern time",
    ],
)
def test_the_sentence_after_the_announcement_is_the_cause(text: str) -> None:
    assert [h.status for h in board(text)] == ["confirmed"]


@pytest.mark.parametrize("text", ["yeah i see it. 502s on my side too", "i see it too. 502s on my side"])
def test_seeing_the_symptom_announces_nothing(text: str) -> None:
    assert board(text) == ()
