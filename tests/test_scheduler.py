"""The scheduler wiring: one job, at second 0 of every minute, calling tick with the injected clock."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import ManualClock
from bot.errors import StoreError
from bot.scheduler import JOB_ID, SitrepScheduler


def test_one_job_aligned_to_the_minute() -> None:
    clock = ManualClock(datetime(2026, 3, 14, 22, 7, 31, tzinfo=UTC))
    sched = SitrepScheduler(lambda now: None, clock)
    jobs = sched.scheduler.get_jobs()
    assert [j.id for j in jobs] == [JOB_ID]
    assert jobs[0].max_instances == 1
    assert jobs[0].coalesce is True
    assert sched.next_run(clock.now()) == datetime(2026, 3, 14, 22, 8, 0, tzinfo=UTC)
    assert sched.next_run(datetime(2026, 3, 14, 22, 8, 0, 1, tzinfo=UTC)) == datetime(2026, 3, 14, 22, 9, tzinfo=UTC)


def test_the_job_ticks_with_the_injected_clock() -> None:
    clock = ManualClock(datetime(2026, 3, 14, 22, 0, tzinfo=UTC))
    seen: list[datetime] = []
    sched = SitrepScheduler(seen.append, clock)
    job = sched.scheduler.get_job(JOB_ID)
    job.func()
    clock.set(datetime(2026, 3, 14, 22, 1, tzinfo=UTC))
    job.func()
    assert seen == [datetime(2026, 3, 14, 22, 0, tzinfo=UTC), datetime(2026, 3, 14, 22, 1, tzinfo=UTC)]


def test_a_failing_tick_does_not_kill_the_schedule() -> None:
    calls: list[datetime] = []

    def tick(now: datetime) -> None:
        calls.append(now)
        raise StoreError("cannot reach Redis")

    sched = SitrepScheduler(tick, ManualClock(datetime(2026, 3, 14, tzinfo=UTC)))
    sched.run_once()
    sched.run_once()
    assert len(calls) == 2
