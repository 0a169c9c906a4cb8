"""Events the Socket Mode front left unacked are read back from history once the burst is over.

The front drops an event envelope that waited past its ack budget, or found the lane full, and leaves
it to Slack's redelivery. Slack redelivers an event three times (about at once, a minute later, five
minutes later); if the front is still behind at every try, the event is gone for good, and with it a
message nobody will post again. So each drop is noted here with the event's own time, and once no
drop has come for ``settle_s`` every tracked channel is backfilled from the earliest of them (less
``margin_s``) through the restart's path (history read, stored messages skipped, the ingest worker's
once-per-ts write): a message stored meanwhile by a redelivery is not stored twice. One backfill
runs at a time; drops during it start another after it. A failed backfill is one log line; the next
drop, a restart or the store's recovery backfill reads the same history again.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from bot.clock import Clock
from bot.slack.rate_limit import BackfillTracked, Pause

log = logging.getLogger(__name__)

SETTLE_S = 30.0
"""How long without a new drop before the backfill runs: one backfill for a whole burst, after it."""
MARGIN_S = 60
"""Read from a minute before the earliest dropped event: clocks differ between Slack and here."""


def event_time(payload: Mapping[str, Any]) -> float | None:
    """When a dropped envelope's event happened: Slack's ``event_time``, else the message's ``ts``."""
    stamp = payload.get("event_time")
    if isinstance(stamp, int | float) and not isinstance(stamp, bool) and stamp > 0:
        return float(stamp)
    event = payload.get("event")
    ts = event.get("ts") if isinstance(event, Mapping) else None
    try:
        return float(ts) if isinstance(ts, str) else None
    except ValueError:
        return None


class DropCatchUp:
    """Turns the front's dropped envelopes into one backfill of every tracked channel per burst."""

    def __init__(
        self,
        backfill_tracked: BackfillTracked,
        clock: Clock,
        *,
        settle_s: float = SETTLE_S,
        margin_s: int = MARGIN_S,
        pause: Pause | None = None,
    ) -> None:
        """Args:
        backfill_tracked: ``Backfiller.backfill_tracked`` (with ``since``).
        clock: says how long it has been since the last drop (Sitrep's injected clock).
        pause: how the backfill thread waits for the burst to settle (default: a wait ``close`` interrupts).
        """
        self._backfill_tracked = backfill_tracked
        self._clock = clock
        self._settle_s = settle_s
        self._margin_s = margin_s
        self._closed = threading.Event()
        self._pause = pause or self._closed.wait
        self._lock = threading.Lock()
        self._since = math.inf
        self._last_drop = 0.0
        self._running = False
        self._thread: threading.Thread | None = None
        self.backfills = 0
        """Backfills run (for tests and the log)."""

    def dropped(self, payload: Mapping[str, Any]) -> None:
        """Note one envelope dropped unacked; the backfill starts on its own thread (returns at once)."""
        when = event_time(payload)
        now = self._clock.now().timestamp()
        with self._lock:
            self._since = min(self._since, when if when is not None else now)
            self._last_drop = now
            if self._running or self._closed.is_set():
                return
            self._running = True
            thread = self._thread = threading.Thread(target=self._run, name="sitrep-drop-catch-up", daemon=True)
        thread.start()

    def close(self, wait_s: float = 0.0) -> None:
        """Stop waiting: the backfill thread exits at its next wait; ``wait_s`` > 0 waits that long for it
        (a backfill in flight finishes and logs first, so its line cannot land in what comes after)."""
        self._closed.set()
        thread = self._thread
        if wait_s > 0 and thread is not None:
            thread.join(wait_s)

    def _run(self) -> None:
        while not self._closed.is_set():
            with self._lock:
                quiet = self._clock.now().timestamp() - self._last_drop
                if quiet >= self._settle_s:
                    since, self._since = self._since, math.inf
                    if since == math.inf:
                        self._running = False
                        return
            if quiet < self._settle_s:
                self._pause(self._settle_s - quiet)
                continue
            self._backfill(since)
        with self._lock:
            self._running = False

    def _backfill(self, since: float) -> None:
        start = int(since) - self._margin_s
        try:
            results = self._backfill_tracked(Decimal(start))
        except Exception as exc:  # a dead store or Slack: the next drop, restart or recovery reads it again
            log.error(
                "backfill after dropped Socket Mode events failed (%s); a later one reads the same history",
                type(exc).__name__,
            )
            return
        self.backfills += 1
        failed = [r for r in results if r.error is not None]
        stored = sum(r.ingested for r in results)
        log.warning(
            "backfilled %d tracked channel(s) after the Socket Mode front dropped events: %d message(s) read back%s",
            len(results),
            stored,
            f", {len(failed)} channel(s) failed" if failed else "",
        )
