"""A thread pool whose shutdown is bounded: daemon threads, joined against a deadline.

``concurrent.futures.ThreadPoolExecutor`` joins its threads without a timeout, in ``shutdown`` and
again when the interpreter exits, so one listener stuck on a hung Slack call held up the Socket
Mode client's ``close()`` (and the demo's exit) for as long as that call took. Work still running
at the deadline here is left behind on a daemon thread: it cannot keep the process alive, and what
it did not finish is what Slack redelivers (an unacked event) or the next backfill reads.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any, ParamSpec, TypeVar

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

_Job = tuple[Future[Any], Callable[..., Any], tuple[Any, ...], dict[str, Any]]


class DaemonPool(Executor):
    """``workers`` daemon threads taking jobs in order; ``close(timeout_s)`` never waits longer."""

    def __init__(self, workers: int, name: str) -> None:
        if workers < 1:
            raise ValueError("a pool needs at least one thread")
        self.name = name
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._shut = False
        self._busy: set[str] = set()
        self.threads = [threading.Thread(target=self._work, name=f"{name}-{i}", daemon=True) for i in range(workers)]
        for thread in self.threads:
            thread.start()

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        with self._lock:
            if self._shut:
                raise RuntimeError(f"{self.name} is shut down")
            self._jobs.put((future, fn, args, kwargs))
        return future

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            future, fn, args, kwargs = job
            if not future.set_running_or_notify_cancel():
                continue
            name = threading.current_thread().name
            with self._lock:
                self._busy.add(name)
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # the future carries it, as ThreadPoolExecutor's would
                future.set_exception(exc)
            else:
                future.set_result(result)
            finally:
                with self._lock:
                    self._busy.discard(name)

    @property
    def busy(self) -> list[str]:
        """Names of the threads running a job right now."""
        with self._lock:
            return sorted(self._busy)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Take no more jobs; cancel the queued ones when asked; with ``wait``, join without a bound
        (``Executor``'s contract; ``close`` is the bounded one).

        The queued futures are cancelled after the lock is let go: cancelling runs their done
        callbacks, and a callback that reads this pool (``busy``, ``submit``) would otherwise wait
        on the lock its own caller holds, forever.
        """
        dropped: list[Future[Any]] = []
        with self._lock:
            if not self._shut:
                self._shut = True
                if cancel_futures:
                    dropped = self._take_queued()
                for _ in self.threads:
                    self._jobs.put(None)
        for future in dropped:
            future.cancel()
        if wait:
            for thread in self.threads:
                thread.join()

    def _take_queued(self) -> list[Future[Any]]:
        """Empty the queue of jobs (the stop markers stay); their futures, not yet cancelled."""
        kept: list[_Job | None] = []
        taken: list[Future[Any]] = []
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is None:
                kept.append(job)
            else:
                taken.append(job[0])
        for job in kept:
            self._jobs.put(job)
        return taken

    def close(self, timeout_s: float) -> list[str]:
        """Cancel queued jobs, let running ones finish until ``timeout_s`` has passed; returns the
        names of the threads still running a job then (left behind, as daemons; idle ones end
        on their own a moment later)."""
        deadline = time.monotonic() + timeout_s
        self.shutdown(wait=False, cancel_futures=True)
        join_until(self.threads, deadline)
        return self.busy


def join_until(threads: list[threading.Thread], deadline: float) -> list[str]:
    """Join ``threads`` until ``deadline`` (``time.monotonic``); the names of those still alive."""
    for thread in threads:
        if thread.is_alive() and thread is not threading.current_thread():
            thread.join(max(0.0, deadline - time.monotonic()))
    return [t.name for t in threads if t.is_alive() and t is not threading.current_thread()]
