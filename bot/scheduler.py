"""APScheduler 3 wiring: one job, every minute on the wall clock, calling the sitrep tick.

Every replica runs this; APScheduler 3 cannot share a job store between processes, so the
exactly-once guarantee lives in ``SitrepService`` (per-slot claims in Redis), not here. The job
takes no arguments (nothing to pickle, no token in any job store), and the clock is injected.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.clock import Clock
from bot.errors import SitrepError

log = logging.getLogger(__name__)

JOB_ID = "sitrep-tick"


class SitrepScheduler:
    """Calls ``tick(clock.now())`` at second 0 of every minute."""

    def __init__(
        self, tick: Callable[[datetime], object], clock: Clock, *, scheduler: BaseScheduler | None = None
    ) -> None:
        self._tick = tick
        self._clock = clock
        self.scheduler = scheduler or BackgroundScheduler(timezone=UTC)
        self.trigger = CronTrigger(second=0, timezone=UTC)
        self.scheduler.add_job(
            self.run_once,
            trigger=self.trigger,
            id=JOB_ID,
            replace_existing=True,
            max_instances=1,  # a slow tick (model calls) is not stacked on by the next one
            coalesce=True,  # after a pause, run once, not once per missed minute
            misfire_grace_time=30,
        )

    def run_once(self) -> None:
        """One tick; failures are logged and the next minute tries again (nothing is lost)."""
        try:
            self._tick(self._clock.now())
        except SitrepError as exc:
            log.warning("sitrep tick failed: %s", exc)

    def next_run(self, after: datetime) -> datetime | None:
        fire: datetime | None = self.trigger.get_next_fire_time(None, after)
        return fire

    def start(self) -> None:
        self.scheduler.start()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
