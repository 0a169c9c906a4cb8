"""Whether the store can take writes and the ingest worker keeps up: ``/healthz``, and noticing a
store outage (and its end) once.

A store that answers PING may still refuse every write (a read-only replica, ``maxmemory`` with
``noeviction``, a full disk), so the check writes a probe key. The outage state lives here so
that every front end asks one place, an outage is logged once (not once per event), and the
end of an outage triggers what must catch up (the Slack adapter backfills from history).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.errors import StoreError

if TYPE_CHECKING:
    from bot.core.ingest_worker import WorkerState
    from bot.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HealthReport:
    """One check: ``ok``, and the line that says what is wrong when it is not."""

    ok: bool
    detail: str
    worker: str | None = None
    """The ingest worker's state in one line, when there is a worker (``WorkerState.describe``)."""


class Health:
    """The store's health, remembered between checks."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._problem: str | None = None
        self._on_recovery: list[Callable[[], None]] = []
        self._worker: Callable[[], WorkerState] | None = None
        self._stuck_after_s = 0.0

    def watch_worker(self, state: Callable[[], WorkerState], *, stuck_after_s: float) -> None:
        """Report the ingest worker too (``IngestWorker.state``): unhealthy when its process is dead,
        or when queued events have waited ``stuck_after_s`` with no batch finished.

        Without this, ``/healthz`` said ok while every event was acked into a queue nobody emptied:
        the front stays up, so only the probe can tell the orchestrator to restart it.
        """
        self._worker = state
        self._stuck_after_s = stuck_after_s

    def ping(self) -> None:
        """Return when the store answers.

        Raises:
            StoreError: when it does not.
        """
        self._store.ping()

    @property
    def problem(self) -> str | None:
        """What was wrong at the last failed check, or None when the store was fine since."""
        with self._lock:
            return self._problem

    def check(self) -> HealthReport:
        """Ping the store and write a probe (recording an outage or its end), then read the worker."""
        problems: list[str] = []
        try:
            self._store.ping()
            self._store.check_writable()
        except StoreError as exc:
            self._failed(str(exc))
            problems.append(str(exc))
        else:
            self.succeeded()
        worker = self._worker() if self._worker is not None else None
        if worker is not None:
            if not worker.alive:
                problems.append(f"the ingest worker is dead ({worker.queued} queued; it is being restarted)")
            elif worker.stalled_s > self._stuck_after_s:
                problems.append(
                    f"the ingest worker is stuck: {worker.queued} queued, no batch finished for "
                    f"{worker.stalled_s:.0f} s (INGEST_STUCK_SECONDS is {self._stuck_after_s:g})"
                )
        shown = worker.describe() if worker is not None else None
        if problems:
            return HealthReport(ok=False, detail="; ".join(problems), worker=shown)
        return HealthReport(ok=True, detail="ok", worker=shown)

    def on_recovery(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (on the checking thread) each time the store comes back after an outage."""
        with self._lock:
            self._on_recovery.append(callback)

    def succeeded(self) -> None:
        """A write went through: if the store was down, it is back (callbacks run once)."""
        with self._lock:
            was, self._problem = self._problem, None
            callbacks = list(self._on_recovery) if was is not None else []
        if was is None:
            return
        log.warning("the store is back (it was: %s); catching up", was)
        for callback in callbacks:
            try:
                callback()
            except Exception as exc:  # one failed catch-up must not stop the others
                # The type only: an exception's text may quote message content.
                log.error("catching up after the store came back failed (%s)", type(exc).__name__)

    def _failed(self, problem: str) -> None:
        with self._lock:
            first, self._problem = self._problem is None, problem
        if first:
            log.error(
                "the store is unavailable: %s. Message events are not acked (Slack redelivers them) "
                "and missed messages are backfilled when it is back",
                problem,
            )


class HealthWatch:
    """Checks the store every ``interval`` seconds on a daemon thread, so the end of an outage is
    noticed (and missed messages backfilled) even when no event arrives to notice it."""

    def __init__(self, health: Health, *, interval: float = 5.0) -> None:
        if interval <= 0:
            raise ValueError("interval must be positive")
        self._health = health
        self._interval = interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sitrep-health", daemon=True)

    def start(self) -> HealthWatch:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stopped.wait(self._interval):
            self._health.check()
