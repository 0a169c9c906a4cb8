"""Slack's ``app_rate_limited`` notice: what Slack dropped is read back from history, off the request thread.

Slack delivers at most 30,000 events an hour per workspace to an app; beyond that it drops them
and posts one ``app_rate_limited`` envelope to the Events URL naming the minute it began
(``minute_rate_limited``). Those events never come back, so Sitrep backfills every tracked channel
from that minute (less ``MARGIN_S``) through the restart's backfill path (history read, stored
messages skipped, the ingest worker's once-per-ts write). The backfill waits until the named minute
is over, so it reads the whole minute; it runs on its own thread, one at a time per workspace;
notices naming a minute already scheduled or done coalesce; a failed backfill (a Slack error, a
429 the client gave up on, the store) is one log line and a retry ``retry_s`` later, up to
``attempts`` tries.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from bot.clock import Clock
from bot.slack.backfill import BackfillResult

log = logging.getLogger(__name__)

MARGIN_S = 60
"""Read from a minute before the one Slack names: clocks differ, and drops may start at its edge."""
GRACE_S = 5
"""After the named minute ends, how long to wait for Slack's history to hold everything in it."""
RETRY_S = 60.0
"""How long after a failed backfill it is tried again."""
ATTEMPTS = 10
"""Backfills tried for one set of minutes before giving up (a channel Sitrep lost access to fails for ever)."""
REMEMBERED_MINUTES = 180
"""Minutes remembered per workspace for coalescing (Slack's cap is hourly: three hours is plenty)."""

Pause = Callable[[float], None]
"""Waits the given seconds (production: an interruptible wait; tests: stepping a ManualClock)."""
BackfillTracked = Callable[[Decimal], list[BackfillResult]]
"""Backfills every tracked channel with messages since the given epoch second."""


@dataclass(frozen=True)
class RateLimitNotice:
    """A well-formed ``app_rate_limited`` envelope: the workspace and the minute Slack began dropping."""

    team_id: str
    minute: int


def parse_notice(payload: Mapping[str, Any]) -> RateLimitNotice | None:
    """The notice in an ``app_rate_limited`` payload, or None when it lacks a team or a whole-number minute."""
    team, minute = payload.get("team_id"), payload.get("minute_rate_limited")
    if not isinstance(team, str) or not team or isinstance(minute, bool) or not isinstance(minute, int) or minute < 0:
        return None
    return RateLimitNotice(team_id=team, minute=minute)


def _hhmm(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass
class _Workspace:
    pending: set[int] = field(default_factory=set)
    """Minutes noticed and not yet covered by a backfill that started after they ended."""
    seen: set[int] = field(default_factory=set)
    running: bool = False


class RateLimitCatchUp:
    """Turns ``app_rate_limited`` notices into backfills of the minutes Slack dropped events in."""

    def __init__(
        self,
        backfill_tracked: BackfillTracked,
        clock: Clock,
        *,
        pause: Pause | None = None,
        margin_s: int = MARGIN_S,
        grace_s: int = GRACE_S,
        retry_s: float = RETRY_S,
        attempts: int = ATTEMPTS,
        on_backfill: Callable[[bool], None] | None = None,
    ) -> None:
        """Args:
        backfill_tracked: ``Backfiller.backfill_tracked`` (with ``since``).
        clock: says when a minute is over (Sitrep's injected clock).
        pause: how the backfill thread waits for a minute's end or a retry (default: a wait that
            ``close`` interrupts).
        on_backfill: told after each backfill, True when every channel was done (a metric).
        """
        self._backfill_tracked = backfill_tracked
        self._clock = clock
        self._closed = threading.Event()
        self._pause = pause or self._closed.wait
        self._margin_s = margin_s
        self._grace_s = grace_s
        self._retry_s = retry_s
        self._attempts = attempts
        self._on_backfill = on_backfill or (lambda ok: None)
        self._lock = threading.Lock()
        self._workspaces: dict[str, _Workspace] = {}

    def notice(self, notice: RateLimitNotice) -> bool:
        """Schedule the backfill for ``notice`` (returns at once); False when its minute was already scheduled."""
        with self._lock:
            workspace = self._workspaces.setdefault(notice.team_id, _Workspace())
            if notice.minute in workspace.seen:
                log.info(
                    "Slack's rate-limit notice for workspace %s at %s came again; its backfill is already scheduled",
                    notice.team_id,
                    _hhmm(notice.minute),
                )
                return False
            workspace.seen.add(notice.minute)
            if len(workspace.seen) > REMEMBERED_MINUTES:
                workspace.seen.discard(min(workspace.seen))
            # A minute ahead of our clock (Slack's clock differs) would be waited for forever: take ours.
            minute = min(notice.minute, int(self._clock.now().timestamp()) // 60 * 60)
            workspace.pending.add(minute)
            start = not workspace.running
            workspace.running = True
        log.warning(
            "Slack rate-limited Sitrep's events for workspace %s from %s (over 30,000 events an hour) and dropped "
            "some; Sitrep answered 200 and will backfill every tracked channel from conversations.history from %s "
            "once that minute is over",
            notice.team_id,
            _hhmm(notice.minute),
            _hhmm(minute - self._margin_s),
        )
        if start:
            threading.Thread(
                target=self._run, args=(notice.team_id,), name=f"sitrep-rate-limit-{notice.team_id}", daemon=True
            ).start()
        return True

    def busy(self, team_id: str) -> bool:
        """Whether a backfill for ``team_id`` is running or waiting (False: nothing noticed is left to read)."""
        with self._lock:
            workspace = self._workspaces.get(team_id)
            return workspace is not None and workspace.running

    def close(self) -> None:
        """Stop waiting: a backfill thread exits at its next wait."""
        self._closed.set()

    def _run(self, team_id: str) -> None:
        """The workspace's one backfill thread: backfill until no noticed minute is left uncovered."""
        try:
            self._drain(team_id)
        except Exception as exc:  # the thread's boundary: one line, never a traceback
            log.warning(
                "backfill after Slack's rate limit stopped (%s); the next notice or a restart backfills again",
                type(exc).__name__,
            )
            with self._lock:
                self._workspaces[team_id].running = False

    def _drain(self, team_id: str) -> None:
        failures = 0
        while True:
            with self._lock:
                pending = sorted(self._workspaces[team_id].pending)
                if not pending or self._closed.is_set():
                    self._workspaces[team_id].running = False  # with the lock: a notice now starts a thread
                    return
            # Wait until the first minute is over, so one read holds everything dropped in it.
            wait = pending[0] + 60 + self._grace_s - self._clock.now().timestamp()
            if wait > 0:
                self._pause(wait)
                continue
            started = self._clock.now().timestamp()
            since = pending[0] - self._margin_s
            results = self._backfill_tracked(Decimal(since))
            failed = [r for r in results if r.error is not None]
            self._on_backfill(not failed)
            failures = failures + 1 if failed else 0
            if failed and failures < self._attempts:
                log.warning(
                    "backfill after Slack's rate limit failed for %d of %d channel(s) (%s: %s); retrying in %.0f s",
                    len(failed),
                    len(results),
                    failed[0].channel,
                    failed[0].error,
                    self._retry_s,
                )
                self._pause(self._retry_s)
                continue
            if failed:
                failures = 0
                log.warning(
                    "backfill after Slack's rate limit failed %d times for %d channel(s) (%s: %s); gave up on what "
                    "Slack dropped there since %s (a restart's backfill reads those channels again)",
                    self._attempts,
                    len(failed),
                    failed[0].channel,
                    failed[0].error,
                    _hhmm(since),
                )
            else:
                log.info(
                    "backfill after Slack's rate limit: %d channel(s) read from %s, %d dropped message(s) stored",
                    len(results),
                    _hhmm(since),
                    sum(r.ingested for r in results),
                )
            with self._lock:
                # A minute is covered when the read started after it ended; later ones wait for the next read.
                self._workspaces[team_id].pending -= {m for m in pending if m + 60 <= started}
