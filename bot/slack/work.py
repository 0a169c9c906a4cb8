"""The work a command or button asks for, done after its ack on a few threads of its own.

Bolt runs ack functions, event listeners and lazy listeners on one pool: 200 ``/hypotheses`` each
refreshing the board there left acks waiting behind the work (ack p99 1.4 s at 100 events/s).
Here the work waits in a bounded queue instead, run by at most ``threads`` drainers, so an ack
never waits for it; when the queue is full the caller says "busy" in the ack. Identical work not yet
started is done once for everyone who asked (200 ``/hypotheses`` in one channel: one refresh).
With the command worker process (``bot.slack.command_process``, ``sitrep run``'s default) a slash
command's job only hands the work to that process and waits, so the work no longer holds the
front's GIL either; buttons and modal submissions still run their work here.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Executor, ThreadPoolExecutor

log = logging.getLogger(__name__)

Job = Callable[[list[str]], None]
"""Does the work once, then answers each requester (user ids, in the order they asked)."""

DEFAULT_THREADS = 2
DEFAULT_CAPACITY = 64


class WorkQueue:
    """A bounded queue of after-the-ack work with coalescing of identical pending work."""

    def __init__(
        self,
        *,
        threads: int = DEFAULT_THREADS,
        capacity: int = DEFAULT_CAPACITY,
        executor: Executor | None = None,
    ) -> None:
        """Args:
        threads: at most this many jobs run at once (each on a thread of ``executor``).
        capacity: at most this many distinct jobs wait; more are refused (``submit`` returns False).
        executor: where the drainers run (the demo passes its idle-tracking pool); by default a
            pool of ``threads`` threads of its own.
        """
        if threads < 1 or capacity < 1:
            raise ValueError(f"threads and capacity must be at least 1; got {threads} and {capacity}")
        self._threads = threads
        self._capacity = capacity
        self._own = executor is None
        self._executor = executor or ThreadPoolExecutor(max_workers=threads, thread_name_prefix="sitrep-work")
        self._lock = threading.Lock()
        self._pending: OrderedDict[Hashable, tuple[Job, list[str]]] = OrderedDict()
        self._drainers = 0
        self.runs = 0
        """Jobs run so far (tests read it: coalesced requests run once)."""
        self.coalesced = 0
        """Requests that joined a job already waiting."""
        self.refused = 0
        """Requests refused because the queue was full."""

    def submit(self, key: Hashable, requester: str, job: Job, *, first: bool = False) -> bool:
        """Queue ``job`` for ``requester``; False (nothing queued) when the queue is full.

        A job whose ``key`` is already waiting (not yet started) is not queued again: ``requester``
        is added to it. Work that has started is not joined, so a request never gets an answer
        computed before it was made. ``first`` puts a new job ahead of those waiting (work that
        lapses soon, like opening a modal).
        """
        with self._lock:
            waiting = self._pending.get(key)
            if waiting is not None:
                waiting[1].append(requester)
                self.coalesced += 1
                return True
            if len(self._pending) >= self._capacity:
                self.refused += 1
                return False
            self._pending[key] = (job, [requester])
            if first:
                self._pending.move_to_end(key, last=False)
            start = self._drainers < self._threads
            if start:
                self._drainers += 1
        if start:
            self._executor.submit(self._drain)
        return True

    @property
    def waiting(self) -> int:
        """Distinct jobs queued and not yet started."""
        with self._lock:
            return len(self._pending)

    @property
    def idle(self) -> bool:
        """Nothing waiting and nothing running (tests and benchmarks wait for it)."""
        with self._lock:
            return not self._pending and self._drainers == 0

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._drainers -= 1
                    return
                _, (job, requesters) = self._pending.popitem(last=False)
                self.runs += 1
            try:
                job(requesters)
            except Exception as exc:  # a job reports its own failures; this keeps the drainer alive
                log.error("command work failed (%s)", type(exc).__name__)

    def shutdown(self) -> None:
        """Let the own pool's threads end once the queued work is done (a pool passed in is the caller's)."""
        if self._own and isinstance(self._executor, ThreadPoolExecutor):
            self._executor.shutdown(wait=False)
