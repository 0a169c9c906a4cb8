"""Small in-process caches the store keeps to save round trips, all timed by the injected clock.

Several replicas share one Redis, so nothing here is trusted for long: an entry is either safe to
be stale (a channel still looks tracked for ``max_age`` after another replica untracked it), or
checked by the write that depends on it (the incident state is written compare-and-set).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Expiring(Generic[K, V]):
    """Values remembered for at most ``max_age`` of the clock (0: remember nothing)."""

    def __init__(self, now: Callable[[], datetime], max_age: timedelta, *, limit: int = 10_000) -> None:
        """Args:
        now: the clock (``Clock.now``), so tests move time instead of sleeping.
        max_age: how long an entry is believed; past it the next read goes to Redis.
        limit: at most this many entries (the oldest are dropped first), so memory stays bounded.
        """
        self._now = now
        self._max_age = max_age
        self._limit = limit
        self._items: dict[K, tuple[datetime, V]] = {}

    def get(self, key: K) -> V | None:
        """The value stored for ``key`` when it is younger than ``max_age``, else None."""
        item = self._items.get(key)
        if item is None:
            return None
        at, value = item
        if self._now() - at >= self._max_age or self._now() < at:
            del self._items[key]
            return None
        return value

    def put(self, key: K, value: V) -> None:
        if self._max_age <= timedelta(0):
            return
        self._items.pop(key, None)
        self._items[key] = (self._now(), value)
        while len(self._items) > self._limit:
            del self._items[next(iter(self._items))]

    def drop(self, key: K) -> None:
        self._items.pop(key, None)

    def clear(self) -> None:
        self._items.clear()


class Throttle(Generic[K]):
    """Says yes at most once per ``every`` for each key (retention refreshes once a minute)."""

    def __init__(self, now: Callable[[], datetime], every: timedelta) -> None:
        self._now = now
        self._every = every
        self._last: dict[K, datetime] = {}

    def due(self, key: K) -> bool:
        """True when ``key`` was never done, or last done ``every`` or more ago (or in the future)."""
        last = self._last.get(key)
        now = self._now()
        return last is None or now - last >= self._every or now < last

    def done(self, key: K) -> None:
        self._last[key] = self._now()

    def forget(self, key: K) -> None:
        self._last.pop(key, None)
