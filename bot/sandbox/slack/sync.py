"""Concurrency helpers: a change notifier to wait on (never sleep) and a single timer thread."""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class Notifier:
    """A change counter that every state change bumps, so tests wait for outcomes instead of sleeping.

    Predicates run *outside* the condition's lock: they may take the workspace lock, and the threads that
    bump the counter may hold the workspace lock while doing so.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._generation = 0

    def notify(self) -> None:
        with self._cond:
            self._generation += 1
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Return True as soon as ``predicate()`` holds, False if ``timeout`` seconds pass first.

        The predicate is re-checked on every change and at least every 50 ms, so it may also watch state the
        emulator does not own (the app's own store).
        """
        deadline = time.monotonic() + timeout
        while True:
            with self._cond:
                seen = self._generation
            if predicate():
                return True
            with self._cond:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                if self._generation == seen:
                    self._cond.wait(min(remaining, 0.05))


class Timers:
    """Runs callbacks after a delay on one daemon thread (ack timeouts, retries, delayed socket closes)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._seq = itertools.count()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="local-slack-timers", daemon=True)
        self._thread.start()

    def call_later(self, delay_s: float, callback: Callable[[], None]) -> None:
        with self._cond:
            if self._stopped:
                return
            heapq.heappush(self._heap, (time.monotonic() + max(delay_s, 0.0), next(self._seq), callback))
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._heap.clear()
            self._cond.notify()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopped and (not self._heap or self._heap[0][0] > time.monotonic()):
                    timeout = self._heap[0][0] - time.monotonic() if self._heap else None
                    self._cond.wait(timeout)
                if self._stopped:
                    return
                _, _, callback = heapq.heappop(self._heap)
            try:
                callback()
            except Exception:  # a failing timer must not kill the thread that serves the others
                log.exception("local Slack timer callback failed")
