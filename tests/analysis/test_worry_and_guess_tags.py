"""Theories floated as a worry, as a question to the room, or tagged as a guess after the fact.

Responders float a cause without the usual cue words: "my worry is the nightly compaction is hogging
the disks", "do we think the billing cron did this?", "should we worry the same bug hit the eu shards?",
"… 3x the rows in one batch? guessing", "… a thundering herd after the failover would fit". Each names a
suspect the channel then checks, so each is a theory on the board. A worry about the plan ("my worry is
we won't finish before peak") names no suspect and raises nothing.

Written for these tests in general incident phrasing, modelled on the dev channels that showed the
cases (session 35), with other names; nothing from the example incident.
"""

from __future__ import annotations

import pytest

from tests.analysis.reading_support import statements

_ALERT = "[FIRING] checkout-api p99 > 3s for 10m"


def _statements(*texts: str) -> list[str]:
    return statements(_ALERT, *texts)


@pytest.mark.parametrize(
    ("text", "suspect"),
    [
        ("my worry is the nightly compaction on orders-db is hogging the disks", "compaction"),
        ("my main worry is that the billing cron overlapped with the backfill", "billing cron"),
        ("do we think the billing cron is doing this?", "billing cron"),
        ("do you think the cdn purge from this morning did this?", "cdn purge"),
        ("should we worry the same bug hit the eu shards?", "eu shards"),
        ("should we be concerned that the replica on db-7 fell behind?", "replica"),
    ],
)
def test_a_worry_or_a_question_to_the_room_raises_the_suspect(text: str, suspect: str) -> None:
    assert any(suspect in s for s in _statements(text))


@pytest.mark.parametrize(
    ("text", "suspect"),
    [
        ("month-end run → 3x the rows in one batch for the ledger export? guessing", "ledger export"),
        ("ledger export got 3x the rows in one batch? just a guess", "ledger export"),
        ("connections to the gateway are 8x normal. a thundering herd after the failover would fit", "thundering herd"),
        ("a stuck vacuum on orders-db would explain it", "vacuum"),
    ],
)
def test_a_guess_tagged_before_or_after_is_a_theory(text: str, suspect: str) -> None:
    assert any(suspect in s for s in _statements(text))


@pytest.mark.parametrize(
    "text",
    [
        "my worry is we won't finish before the evening peak",
        "do we think we should post an update now?",
        "guessing",
    ],
)
def test_a_worry_about_the_plan_raises_nothing(text: str) -> None:
    assert _statements(text) == []
