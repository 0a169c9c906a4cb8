"""Slash-command work in a process of its own: the front acks, a child refreshes, drafts and answers.

Why a process: the work a command asks for (a board refresh, a sitrep, a draft, then answering each
requester over the Web API) ran on threads of the front and held the GIL the acks wait for (ack p99
192 ms at 100 events/s with 200 ``/hypotheses``; 34 ms with that work answered in the ack). The
child has its own store connection, engine and Slack ``WebClient`` (the composition root builds
them there from the settings, as for the ingest worker); the front keeps the bounded, coalescing
queue (``bot.slack.work``), and each of its drainers hands one job over a pipe and waits, blocked
on a lock, not on the GIL.

What the front promises:
* **An ack never waits for the child**: commands are acked from the front's queue; a dead child only
  delays the answers.
* **Nothing is lost**: a job stays in ``pending`` until the child reports it done; when the child
  dies, a new one is started and the unfinished jobs are sent again. A job that was running when
  its child died twice (it may be what kills it) is given up and its requesters are told in one line.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Literal

from bot.core.child import RestartBackoff, close_all, spawn_child

log = logging.getLogger(__name__)

READY = "ready"
MAX_ATTEMPTS = 2
"""Children one job may see die under it before the front gives it up (a job that kills its child
must not kill every new one)."""

Outcome = Literal["done", "failed", "lost"]
"""done: answered; failed: the child told the requesters what went wrong; lost: the child died (twice)
or did not answer in time, and the front tells them."""


@dataclass(frozen=True)
class CommandJob:
    """One command's work: ``command`` in ``channel`` for ``requesters`` (user ids, in order)."""

    seq: int
    command: str
    channel: str
    requesters: tuple[str, ...]


@dataclass(frozen=True)
class CommandDone:
    seq: int
    ok: bool


@dataclass
class _Call:
    job: CommandJob
    done: threading.Event
    attempts: int = 0
    outcome: Outcome | None = None


Runner = Callable[[str, str, list[str]], bool]
"""``run(command, channel, requesters)`` in the child: True when answered, False when it reported a failure."""


def serve_commands(run: Runner, inbox: Connection, outbox: Connection, *, threads: int) -> None:
    """The child's loop: jobs from ``inbox`` run on ``threads`` threads, one ``CommandDone`` each to ``outbox``.

    Returns when the front closes the pipe (it stopped, or died) or sends ``None``; jobs already
    started are finished first.
    """
    send_lock = threading.Lock()

    def report(item: object) -> None:
        with send_lock, contextlib.suppress(OSError):
            outbox.send(item)

    def do(job: CommandJob) -> None:
        try:
            ok = run(job.command, job.channel, list(job.requesters))
        except Exception as exc:  # the runner reports its own failures; this one it did not foresee
            log.error("%s failed in the command worker (%s)", job.command, type(exc).__name__)
            ok = False
        report(CommandDone(job.seq, ok))

    report(READY)
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="sitrep-command") as pool:
        while True:
            try:
                item = inbox.recv()
            except (EOFError, OSError):
                return
            if item is None:
                return
            if isinstance(item, CommandJob):
                pool.submit(do, item)


class CommandProcess:
    """Supervises the command worker process; ``run`` is called from the front's work drainers.

    Args:
        target: the child's entry point, ``target(*args, inbox, outbox)`` (a module-level function:
            it is pickled by name; it builds its services, then calls ``serve_commands``).
        args: its first arguments (picklable: the settings, with the Slack token, and the Redis URL).
        timeout_s: the longest one job may take before its requesters are told it was lost.
        restart_delay_s: the least time between two starts (a child that dies at start-up backs off).
    """

    def __init__(
        self,
        target: Callable[..., None],
        args: Sequence[Any],
        *,
        timeout_s: float = 300.0,
        restart_delay_s: float = 1.0,
    ) -> None:
        self._target = target
        self._args = tuple(args)
        self._timeout_s = timeout_s
        self._backoff = RestartBackoff(restart_delay_s)
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._pending: dict[int, _Call] = {}
        self._seq = 0
        self._process: Any = None
        self._inbox: Connection | None = None
        self._results: Connection | None = None
        self._stopping = False
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self.restarts = 0
        """Times the child was started again after it died."""
        self.lost = 0
        """Jobs given up (their child died twice under them, or no answer within ``timeout_s``)."""

    def start(self) -> CommandProcess:
        with self._lock:
            self._spawn()
        self._thread = threading.Thread(target=self._collect, name="sitrep-command-results", daemon=True)
        self._thread.start()
        return self

    def run(self, command: str, channel: str, requesters: Sequence[str]) -> Outcome:
        """Have the child do ``command`` for ``requesters`` and wait until it is done (or lost)."""
        with self._lock:
            if self._stopping:
                return "lost"
            self._seq += 1
            call = _Call(CommandJob(self._seq, command, channel, tuple(requesters)), threading.Event())
            self._pending[call.job.seq] = call
            inbox = self._inbox
        self._send(inbox, call.job)  # a dead child's pipe fails here; its successor gets the job
        if not call.done.wait(self._timeout_s):
            with self._lock:
                if self._pending.pop(call.job.seq, None) is not None:
                    self.lost += 1
                    call.outcome = "lost"
            log.error("%s got no answer from the command worker within %.0f s", command, self._timeout_s)
        return call.outcome or "lost"

    def wait_ready(self, timeout_s: float) -> bool:
        """Block until the child has built its services and takes jobs; False on timeout."""
        return self._ready.wait(timeout_s)

    @property
    def pid(self) -> int | None:
        with self._lock:
            return self._process.pid if self._process is not None else None

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def stop(self, timeout_s: float = 10.0) -> None:
        """End the child once the jobs it has are done (up to ``timeout_s``); what is left is lost."""
        deadline = time.monotonic() + timeout_s
        while self.pending and time.monotonic() < deadline:
            threading.Event().wait(0.05)
        with self._lock:
            self._stopping = True
            process, inbox = self._process, self._inbox
        self._send(inbox, None)
        if self._thread is not None:
            self._thread.join(2.0)
        if process is not None:
            process.join(max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(1.0)
        with self._lock:
            close_all(self._inbox, self._results)
            left = list(self._pending.values())
            self._pending.clear()
        for call in left:
            call.outcome = "lost"
            call.done.set()

    # -- internals ------------------------------------------------------------------------------

    def _send(self, inbox: Connection | None, item: object) -> None:
        if inbox is None:
            return
        with self._send_lock, contextlib.suppress(OSError, ValueError):
            inbox.send(item)

    def _spawn(self) -> None:
        """Start a child with fresh pipes and send it every unfinished job again (caller holds the lock)."""
        close_all(self._inbox, self._results)
        process, self._inbox, self._results = spawn_child(self._target, self._args, "sitrep-commands")
        self._process = process
        self._ready.clear()
        self._backoff.started()
        for call in sorted(self._pending.values(), key=lambda c: c.job.seq):
            self._send(self._inbox, call.job)  # a pipe holds far more than a few small jobs: no block

    def _collect(self) -> None:
        """Read results and watch the child: restart it when it dies."""
        while True:
            with self._lock:
                if self._stopping:
                    return
                results, process = self._results, self._process
            assert results is not None
            try:
                ready = wait([results, process.sentinel], timeout=0.2)
            except OSError:  # stop() closed the pipe under us
                return
            closed = False
            if results in ready:
                try:
                    answer: object = results.recv()
                except (EOFError, OSError):  # the child closed its end: it is exiting
                    answer, closed = None, True
                if answer == READY:
                    self._ready.set()
                elif isinstance(answer, CommandDone):
                    self._finish(answer)
            if closed or (process.sentinel in ready and not results.poll()):
                process.join(5.0)
                self._restart(process)

    def _finish(self, done: CommandDone) -> None:
        with self._lock:
            call = self._pending.pop(done.seq, None)
        if call is not None:
            call.outcome = "done" if done.ok else "failed"
            call.done.set()

    def _restart(self, process: Any) -> None:
        with self._lock:
            if self._stopping or process is not self._process:
                return
            wait_s = self._backoff.wait_after_death()
            given_up: list[_Call] = []
            for seq, call in list(self._pending.items()):
                call.attempts += 1
                if call.attempts >= MAX_ATTEMPTS:
                    del self._pending[seq]
                    given_up.append(call)
            self.lost += len(given_up)
            left = len(self._pending)
        log.error(
            "the command worker (pid %s) stopped (exit code %s); starting a new one with %d unfinished command(s)%s",
            process.pid,
            process.exitcode,
            left,
            f", giving up {len(given_up)} that two workers died on" if given_up else "",
        )
        for call in given_up:
            call.outcome = "lost"
            call.done.set()
        if wait_s > 0:
            threading.Event().wait(wait_s)
        with self._lock:
            if self._stopping:
                return
            self.restarts += 1
            self._spawn()
