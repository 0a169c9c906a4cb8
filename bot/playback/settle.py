"""Waiting for the demo's Slack app to be idle, under one overall deadline.

The demo steps simulated time itself, so every step must happen only once the app has finished
reacting to the previous one: otherwise a listener still running when the clock moves reads the
later time, and the sitreps and the transcript change from run to run. "Idle" is read from two
places only: the local Slack's delivery log (no event, command or click waiting for its ack) and
the Bolt app's listener executor (no listener or lazy listener still running). Bolt submits a
listener to that executor before it acks, and a listener's own Slack calls start their event's
delivery before the call returns, so the two together leave no gap.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, ParamSpec, TypeVar

from bot.errors import SitrepError
from bot.sandbox.slack import LocalSlack
from bot.slack.pool import DaemonPool

P = ParamSpec("P")
T = TypeVar("T")

DEMO_DEADLINE_S = 600.0
"""The whole demo's budget: generous, since a busy machine only makes it slower, never wrong."""


class DemoError(SitrepError):
    """The demo stopped before the end (what it produced so far was written)."""


class DemoTimeoutError(DemoError):
    """The demo's Slack app did not finish within the overall deadline."""


class TrackingExecutor(DaemonPool):
    """A pool that knows how many submitted tasks have not finished yet; its daemon threads and
    ``close(timeout_s)`` keep a listener stuck on a hung call from holding up the demo's end."""

    def __init__(self, max_workers: int = 5, on_idle: Callable[[], None] | None = None) -> None:
        super().__init__(max_workers, "sitrep-demo-listener")
        # Not ``_lock``: that name is the pool's own, and sharing it deadlocked close() (cancelling a
        # queued job calls ``_done``, which took the lock the pool's shutdown was holding).
        self._count_lock = threading.Lock()
        self._running = 0
        self._on_idle = on_idle

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        with self._count_lock:
            self._running += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._done(None)
            raise
        future.add_done_callback(self._done)
        return future

    def _done(self, _: Future[Any] | None) -> None:
        with self._count_lock:
            self._running -= 1
        if self._on_idle is not None:
            self._on_idle()

    @property
    def running(self) -> int:
        with self._count_lock:
            return self._running


class Deadline:
    """One budget for a whole run; each wait takes what is left of it."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = DEMO_DEADLINE_S if seconds is None else seconds
        self._end = time.monotonic() + self.seconds

    def left(self) -> float:
        return max(0.0, self._end - time.monotonic())


class Settler:
    """Waits on the local Slack for a condition, or for the app to be idle, until the deadline."""

    def __init__(self, slack: LocalSlack, executor: TrackingExecutor, deadline: Deadline) -> None:
        self.slack = slack
        self.executor = executor
        self.deadline = deadline

    def idle(self) -> bool:
        """No listener running, no delivery waiting for its ack, no event waiting for a connection."""
        if self.executor.running or not self.slack.socket.has_connection() or self.slack.socket.backlog_size():
            return False
        return all(d.outcome != "pending" for d in self.slack.deliveries)

    def wait(self, predicate: Callable[[], bool], what: str) -> None:
        """Wait until ``predicate()`` holds and the app is idle; ``what`` names it in the error."""
        if not self.slack.wait_for(lambda: predicate() and self.idle(), self.deadline.left()):
            raise DemoTimeoutError(
                f"the demo did not see {what} within its {self.deadline.seconds:.0f} s deadline "
                "(the machine may be overloaded)"
            )

    def settle(self, after: str = "the last step") -> None:
        """Wait until the app has finished reacting to everything so far."""
        self.wait(lambda: True, f"the Slack app finish {after}")
