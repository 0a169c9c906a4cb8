"""Starting a worker child process and its two one-way pipes.

The ingest worker and the command worker are supervised the same way: a *spawned* child (a fork
would copy the front's threads and sockets), a pipe for jobs and one for results, and the parent
closing its copies of the child's ends at once, so end-of-file on either side means the other is
gone. One function, so both supervisors keep that rule.
"""

from __future__ import annotations

import multiprocessing
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


def restart_backoff(lived_s: float, base_s: float, quick_deaths: int) -> tuple[int, float]:
    """How long to wait before starting a child again, and the new count of quick deaths.

    A child that dies soon after it started (no Redis, Slack unreachable, no spaCy model) would die
    again at once: each such death doubles the wait (capped at 30 s); a child that lived a while
    starts the count again.
    """
    quick = quick_deaths + 1 if lived_s < 10 * base_s else 0
    return quick, min(base_s * 2**quick, 30.0)
