"""Starting a worker child process and its two one-way pipes.

The ingest worker and the command worker are supervised the same way: a *spawned* child (a fork
would copy the front's threads and sockets), a pipe for jobs and one for results, and the parent
closing its copies of the child's ends at once, so end-of-file on either side means the other is
gone. One function, so both supervisors keep that rule.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

_SPAWN = multiprocessing.get_context("spawn")


def spawn_child(
    target: Callable[..., None], args: Sequence[object], name: str
) -> tuple[multiprocessing.process.BaseProcess, Connection, Connection]:
    """Start ``target(*args, inbox, outbox)`` in a new process.

    Returns the process, the end the parent writes jobs to and the end it reads results from.
    """
    child_in, inbox = _SPAWN.Pipe(duplex=False)
    results, child_out = _SPAWN.Pipe(duplex=False)
    process: Any = _SPAWN.Process(target=target, args=(*args, child_in, child_out), name=name, daemon=True)
    process.start()
    child_in.close()  # the child has its own copies: EOF on either side means the other is gone
    child_out.close()
    return process, inbox, results


def close_all(*conns: Connection | None) -> None:
    """Close whichever pipe ends exist (a supervisor that never started a child has none)."""
    for conn in conns:
        if conn is not None:
            conn.close()


class RestartBackoff:
    """How long a supervisor waits before starting a dead child again.

    A child that dies soon after it started (no Redis, Slack unreachable, no spaCy model) would die
    again at once: each such death doubles the wait (capped at 30 s); a child that lived a while
    starts the count again.
    """

    def __init__(self, base_s: float) -> None:
        self.base_s = base_s
        self._started = 0.0
        self._quick_deaths = 0

    def started(self) -> None:
        """A child was just started."""
        self._started = time.monotonic()

    def wait_after_death(self) -> float:
        """Seconds still to wait before the next start (≤ 0: start now); counts this death."""
        lived = time.monotonic() - self._started
        self._quick_deaths = self._quick_deaths + 1 if lived < 10 * self.base_s else 0
        delay: float = min(self.base_s * 2.0**self._quick_deaths, 30.0)
        return delay - lived
