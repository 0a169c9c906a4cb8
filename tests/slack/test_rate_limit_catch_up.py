"""The scheduling of the backfill after ``app_rate_limited``, on a ManualClock: one at a time per
workspace, a minute's notices coalesced, a minute read only once it is over, failures retried and
finally given up. The backfill here is a recording function; the end-to-end tests (real app, local
Slack, store) are in test_rate_limited.py."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from decimal import Decimal

import pytest

from bot.clock import ManualClock
from bot.slack.backfill import BackfillResult
from bot.slack.rate_limit import RateLimitCatchUp, RateLimitNotice, parse_notice
from tests.slack.conftest import wait_until

TEAM = "T0LOCAL001"


class Recorder:
    """Stands in for ``Backfiller.backfill_tracked``: records each ``since`` and how many ran at once."""

    def __init__(self, errors: list[str | None] | None = None) -> None:
        self.calls: list[Decimal] = []
        self.errors = list(errors or [])
        self.gate = threading.Event()
        self.gate.set()
        self.active = 0
        self.most = 0
        self._lock = threading.Lock()

    def __call__(self, since: Decimal) -> list[BackfillResult]:
        with self._lock:
            self.active += 1
            self.most = max(self.most, self.active)
            self.calls.append(since)
        self.gate.wait(10.0)
        with self._lock:
            self.active -= 1
        error = self.errors.pop(0) if self.errors else None
        return [BackfillResult(channel="C1", seen=1, ingested=0 if error else 1, error=error)]


def _catch_up(clock: ManualClock, backfill: Recorder, **options: int) -> RateLimitCatchUp:
    return RateLimitCatchUp(
        backfill, clock, pause=lambda s: clock.advance(timedelta(seconds=s)), margin_s=60, grace_s=5, **options
    )


def _minute(clock: ManualClock) -> int:
    return int(clock.now().timestamp()) // 60 * 60


def test_the_read_waits_for_the_minute_to_end_and_reads_from_a_minute_before(clock: ManualClock) -> None:
    backfill = Recorder()
    catch_up = _catch_up(clock, backfill)
    minute = _minute(clock)
    assert catch_up.notice(RateLimitNotice(TEAM, minute))
    assert wait_until(lambda: not catch_up.busy(TEAM))
    assert backfill.calls == [Decimal(minute - 60)]
    assert clock.now().timestamp() >= minute + 65  # it read only once the minute (and the grace) was over


def test_one_backfill_at_a_time_and_a_later_minute_read_after(clock: ManualClock) -> None:
    backfill = Recorder()
    backfill.gate.clear()  # the first backfill holds until the test lets it finish
    catch_up = _catch_up(clock, backfill)
    first = _minute(clock)
    assert catch_up.notice(RateLimitNotice(TEAM, first))
    assert wait_until(lambda: len(backfill.calls) == 1)
    second = _minute(clock)  # the clock moved past the first minute's end
    assert second > first
    assert catch_up.notice(RateLimitNotice(TEAM, second))
    assert not catch_up.notice(RateLimitNotice(TEAM, second))  # the same minute again: coalesced
    assert not catch_up.notice(RateLimitNotice(TEAM, first))
    backfill.gate.set()
    assert wait_until(lambda: not catch_up.busy(TEAM))
    assert backfill.calls == [Decimal(first - 60), Decimal(second - 60)]
    assert backfill.most == 1


def test_a_minute_ahead_of_our_clock_is_read_from_ours(clock: ManualClock) -> None:
    """Slack's clock ahead of ours must not leave the backfill waiting for a minute that never comes."""
    backfill = Recorder()
    catch_up = _catch_up(clock, backfill)
    now = _minute(clock)
    assert catch_up.notice(RateLimitNotice(TEAM, now + 86_400))
    assert wait_until(lambda: not catch_up.busy(TEAM))
    assert backfill.calls == [Decimal(now - 60)]


def test_failures_are_retried_then_given_up_with_one_line_each(
    clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    backfill = Recorder(errors=["ratelimited"] * 3)
    catch_up = _catch_up(clock, backfill, attempts=3)
    with caplog.at_level(logging.WARNING, logger="bot.slack.rate_limit"):
        assert catch_up.notice(RateLimitNotice(TEAM, _minute(clock)))
        assert wait_until(lambda: not catch_up.busy(TEAM))
    assert len(backfill.calls) == 3
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 4  # the notice, two retries, the giving up
    assert all("ratelimited" in line and "retrying in 60 s" in line for line in lines[1:3])
    assert "gave up" in lines[3] and not [r for r in caplog.records if r.exc_info]


def test_an_exception_in_the_backfill_is_one_line_and_the_next_notice_starts_again(
    clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[Decimal] = []

    def explode(since: Decimal) -> list[BackfillResult]:
        calls.append(since)
        if len(calls) == 1:
            raise RuntimeError("a bug, with message text that must not be logged")
        return []

    catch_up = RateLimitCatchUp(explode, clock, pause=lambda s: clock.advance(timedelta(seconds=s)))
    with caplog.at_level(logging.WARNING, logger="bot.slack.rate_limit"):
        first = _minute(clock)
        assert catch_up.notice(RateLimitNotice(TEAM, first))
        assert wait_until(lambda: not catch_up.busy(TEAM))
        second = _minute(clock)
        assert catch_up.notice(RateLimitNotice(TEAM, second))
        assert wait_until(lambda: len(calls) == 3 and not catch_up.busy(TEAM))
    # The failed minute is read again with the next notice's; that minute once more after it ends.
    assert calls == [Decimal(first - 60), Decimal(first - 60), Decimal(second - 60)]
    stopped = [r for r in caplog.records if "stopped" in r.getMessage()]
    assert len(stopped) == 1 and "RuntimeError" in stopped[0].getMessage()
    assert "must not be logged" not in caplog.text and not [r for r in caplog.records if r.exc_info]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            {"type": "app_rate_limited", "team_id": "T1", "minute_rate_limited": 1518467820},
            RateLimitNotice("T1", 1518467820),
        ),
        ({"type": "app_rate_limited", "team_id": "T1"}, None),
        ({"type": "app_rate_limited", "team_id": "T1", "minute_rate_limited": "1518467820"}, None),
        ({"type": "app_rate_limited", "team_id": "T1", "minute_rate_limited": True}, None),
        ({"type": "app_rate_limited", "team_id": "T1", "minute_rate_limited": -60}, None),
        ({"type": "app_rate_limited", "team_id": "", "minute_rate_limited": 60}, None),
    ],
)
def test_parse_notice(payload: dict[str, object], expected: RateLimitNotice | None) -> None:
    assert parse_notice(payload) == expected
