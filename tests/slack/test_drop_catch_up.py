"""``DropCatchUp``: the Socket Mode front's dropped events become one backfill per burst, from the earliest
dropped event (less the margin), after the drops settle; a failed backfill is one line without its text."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bot.clock import ManualClock
from bot.slack.backfill import BackfillResult
from bot.slack.drop_catch_up import DropCatchUp, event_time

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Recorder:
    def __init__(self, fail: bool = False) -> None:
        self.calls: list[Decimal] = []
        self.done = threading.Event()
        self.fail = fail

    def __call__(self, since: Decimal) -> list[BackfillResult]:
        self.calls.append(since)
        self.done.set()
        if self.fail:
            raise ConnectionError("redis://:hunter2@store:6379 refused")
        return [BackfillResult(channel="C1", seen=3, ingested=1)]


def payload(epoch: float) -> dict[str, object]:
    return {"event_time": int(epoch), "event": {"type": "message", "ts": f"{epoch:.6f}"}}


def test_a_burst_of_drops_is_one_backfill_from_the_earliest_event_after_it_settles() -> None:
    clock = ManualClock(START)
    recorder = Recorder()
    waited: list[float] = []
    drops: list[DropCatchUp] = []

    def pause(seconds: float) -> bool:
        waited.append(seconds)
        if len(waited) == 1:  # more drops arrive while the first one settles
            drops[0].dropped(payload(START.timestamp() - 20))
            drops[0].dropped(payload(START.timestamp() - 5))
        clock.advance(timedelta(seconds=seconds))
        return False

    catch_up = DropCatchUp(recorder, clock, settle_s=30.0, margin_s=60, pause=pause)
    drops.append(catch_up)
    catch_up.dropped(payload(START.timestamp() - 10))
    assert recorder.done.wait(10)
    assert recorder.calls == [Decimal(int(START.timestamp()) - 20 - 60)]
    assert waited and waited[0] == 30.0  # waited for the burst to settle before reading history
    catch_up.close(wait_s=10)
    assert catch_up.backfills == 1


def test_a_failed_backfill_is_one_line_without_the_error_text(caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock(START)
    recorder = Recorder(fail=True)
    catch_up = DropCatchUp(recorder, clock, settle_s=0.0)
    with caplog.at_level(logging.ERROR, logger="bot.slack.drop_catch_up"):
        catch_up.dropped(payload(START.timestamp()))
        assert recorder.done.wait(10)
        catch_up.close(wait_s=10)
    assert [r.levelno for r in caplog.records] == [logging.ERROR]
    assert "hunter2" not in caplog.text and "ConnectionError" in caplog.text
    assert catch_up.backfills == 0


def test_the_event_time_comes_from_slack_or_the_message_ts() -> None:
    assert event_time({"event_time": 1700000000}) == 1700000000.0
    assert event_time({"event": {"ts": "1700000001.000200"}}) == 1700000001.0002
    assert event_time({"event_time": True, "event": {"ts": "x"}}) is None
    assert event_time({}) is None
