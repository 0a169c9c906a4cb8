"""Rolling sitreps: one when the interval has passed AND people posted since the last one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.domain import Sitrep

if TYPE_CHECKING:
    from bot.core.incidents import Incidents
    from bot.engines import Engine
    from bot.store import Store

Publish = Callable[[Sitrep], None]


class SitrepService:
    """Decides when a sitrep is due and composes it from the previous one plus newer messages."""

    def __init__(self, store: Store, engine: Engine, incidents: Incidents, *, interval_minutes: int) -> None:
        self._store = store
        self._engine = engine
        self._incidents = incidents
        self._interval = interval_minutes

    def interval(self, channel: str) -> timedelta:
        state = self._store.get_incident(channel)
        minutes = state.summary_interval_minutes if state and state.summary_interval_minutes else self._interval
        return timedelta(minutes=minutes)

    def due(self, channel: str, now: datetime) -> bool:
        """Due when nothing was posted before or the interval passed, and there is news."""
        last_ts = self._store.last_ts(channel)
        if last_ts is None:
            return False
        prev = self._store.latest_sitrep(channel)
        if prev is None:
            return True
        if prev.last_ts == last_ts:
            return False
        state = self._store.get_incident(channel)
        if state is not None and state.resolved_at is not None and prev.created_at >= state.resolved_at:
            return False  # the sitrep after resolution was the last one
        return now - prev.created_at >= self.interval(channel)

    def compose(self, channel: str, now: datetime) -> Sitrep:
        """Build, store and return the next sitrep (used by ticks and by /summary)."""
        state, board = self._incidents.refresh(channel)
        prev = self._store.latest_sitrep(channel)
        after = prev.last_ts if prev else None
        new = self._store.messages(channel, after_ts=after)
        sitrep = self._engine.sitrep(
            incident=state,
            prev=prev,
            new_messages=new,
            board=board,
            now=now,
            total_messages=self._store.count_messages(channel),
        )
        self._store.append_sitrep(sitrep)
        return sitrep

    def tick(self, now: datetime, publish: Publish) -> list[Sitrep]:
        """Post every due sitrep for tracked channels; quiet channels cost two reads."""
        posted: list[Sitrep] = []
        for channel in sorted(self._store.tracked_channels()):
            if self.due(channel, now):
                sitrep = self.compose(channel, now)
                publish(sitrep)
                posted.append(sitrep)
        return posted
