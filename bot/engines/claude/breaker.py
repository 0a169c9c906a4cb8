"""A circuit breaker, so a dead or overloaded endpoint is not hammered on every tick.

Closed: calls go through. After ``failure_threshold`` endpoint failures in a row it opens: calls
are refused (the engine falls back to offline at once) until ``reset_after`` has passed on the
injected clock. Then it is half-open: one trial call decides whether it closes or opens again.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Literal

from bot.clock import Clock

State = Literal["closed", "open", "half_open"]


class CircuitBreaker:
    """Counts consecutive endpoint failures; thread-safe."""

    def __init__(
        self, clock: Clock, *, failure_threshold: int = 3, reset_after: timedelta = timedelta(minutes=2)
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self._clock = clock
        self._threshold = failure_threshold
        self._reset_after = reset_after
        self._failures = 0
        self._opened_at: datetime | None = None
        self._trial_running = False
        self._lock = threading.Lock()

    @property
    def state(self) -> State:
        with self._lock:
            return self._state()

    def _state(self) -> State:
        if self._opened_at is None:
            return "closed"
        if self._clock.now() - self._opened_at >= self._reset_after:
            return "half_open"
        return "open"

    @property
    def retry_at(self) -> datetime | None:
        """When the next trial call is allowed, while open."""
        with self._lock:
            return None if self._opened_at is None else self._opened_at + self._reset_after

    def allow(self) -> bool:
        """Whether a call may go out now; in half-open state only one trial at a time."""
        with self._lock:
            state = self._state()
            if state == "closed":
                return True
            if state == "half_open" and not self._trial_running:
                self._trial_running = True
                return True
            return False

    def record_success(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._trial_running = False

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            self._trial_running = False
            if self._opened_at is not None or self._failures >= self._threshold:
                # A failed trial re-opens at once; the reset timer starts again from now.
                self._opened_at = self._clock.now()
