"""Slack's Events API cap: events beyond it are dropped, and the app is told once a minute with ``app_rate_limited``.

Slack delivers at most 30,000 events an hour per workspace to an app (docs.slack.dev/reference/events/
app_rate_limited); beyond that it drops them and sends the app's Events URL one envelope without an
inner event: ``{"token", "type": "app_rate_limited", "team_id", "minute_rate_limited", "api_app_id"}``,
``minute_rate_limited`` being the epoch second that starts the minute. That envelope is Events API
(HTTP) only: Socket Mode has no envelope type for it, so over Socket Mode the drops are silent.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

from .model import JSON

SLACK_EVENTS_PER_HOUR = 30_000
"""Slack's own cap; the emulator applies a cap only when one is configured (or when told to drop)."""
HOUR_S = 3600


@dataclass(frozen=True)
class Admission:
    """What happens to one event: delivered, or dropped (and whether the app is to be told about this minute)."""

    deliver: bool
    notify_minute: int | None = None


class EventRateLimit:
    """Counts delivered events over the last hour (on the emulator's clock) and drops those over the cap.

    ``per_hour`` None: no cap (the default, so other tests see every event); ``forced``: drop every
    event while set, as when a burst elsewhere in the workspace used the hour up (tests turn it on).
    Each minute in which something is dropped is announced once.
    """

    def __init__(self, per_hour: int | None = None) -> None:
        if per_hour is not None and per_hour < 0:
            raise ValueError("events_per_hour must be >= 0 or None")
        self.per_hour = per_hour
        self.forced = False
        self._lock = threading.Lock()
        self._delivered: deque[float] = deque()
        self._announced: set[int] = set()
        self.dropped: list[JSON] = []

    def admit(self, envelope: JSON, now: float) -> Admission:
        """Whether ``envelope`` (produced at epoch second ``now``) may be delivered."""
        with self._lock:
            while self._delivered and self._delivered[0] <= now - HOUR_S:
                self._delivered.popleft()
            over = self.per_hour is not None and len(self._delivered) >= self.per_hour
            if not (self.forced or over):
                self._delivered.append(now)
                return Admission(deliver=True)
            self.dropped.append(envelope)
            minute = int(now) // 60 * 60
            if minute in self._announced:
                return Admission(deliver=False)
            self._announced.add(minute)
            return Admission(deliver=False, notify_minute=minute)


def notice(*, token: str, team_id: str, app_id: str, minute: int) -> JSON:
    """The ``app_rate_limited`` envelope, exactly the documented shape (no ``event``, no ``event_id``)."""
    return {
        "token": token,
        "type": "app_rate_limited",
        "team_id": team_id,
        "minute_rate_limited": minute,
        "api_app_id": app_id,
    }
