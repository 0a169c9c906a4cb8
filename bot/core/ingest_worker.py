"""The front's side of the ingest worker: a bounded in-memory queue to a process that redacts and stores.

Why a process: redaction (spaCy, Presidio) holds the GIL for about a millisecond per message, and
every ack waited for it. The front now only verifies, claims the event id and queues; the worker
(``bot.core.ingest_batch.serve_jobs``, started by the composition root) does the rest on the other
core.

What the front promises Slack:
* **Nothing is acked that the worker cannot take.** ``submit`` refuses (the front answers 503 /
  no ack, and Slack retries) when ``capacity`` jobs are already waiting or the worker is down.
* **Nothing acked is lost.** Every job stays in ``pending`` (in this process's memory) until the
  worker reports it stored. When the worker dies, a new one is started and every pending job is
  sent again, in order; a job the dead worker had already stored is stored again under the same
  ts, which replaces it (one copy). When the worker reports a failed write, the job is retried.
* **Raw text never passes through Redis**: only through the pipe between the two processes.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from bot.core.child import RestartBackoff, close_all, spawn_child
from bot.core.ingest_batch import READY, IngestJob, JobDone, Names
from bot.domain import RawMessage
from bot.slackdata.export import ExportEvent

log = logging.getLogger(__name__)

WorkerTarget = Callable[..., None]
"""``target(*args, inbox, outbox)`` runs in the child: builds its services, then ``serve_jobs``."""

BACKFILL_PREFIX = "backfill:"
"""Event ids of backfill jobs start so: they have no Slack event, and no after-ingest step (no warning
about a credential pasted while Sitrep was away, as before)."""
BACKFILL_JOB_POSTS = 100
"""Posts of one backfill job: the worker redacts a channel's queued posts together, so big jobs are cheap."""
BACKFILL_SHARE = 2
"""A backfill waits while 1/BACKFILL_SHARE of the queue is taken: live events always find room."""

FEED_MAX_ITEMS = 256
"""Queued items sent to the worker in one pipe write, at most (a bound on one pickle's size)."""

MAX_ATTEMPTS = 5
"""Writes of one job the worker may fail (store errors) before the front gives it up to backfill."""
RETRY_BASE_S = 0.5


@dataclass(frozen=True)
class WorkerState:
    """What ``/healthz`` says about the worker: enough to tell dead from stuck from busy."""

    alive: bool
    queued: int
    """Jobs taken and not yet reported stored."""
    capacity: int
    last_batch_age_s: float | None
    """Seconds since the worker last reported a batch; None before its first."""
    stalled_s: float
    """How long jobs have been queued with no batch finished (0 with nothing queued): a stuck worker."""
    restarts: int

    def describe(self) -> str:
        """One line: ``alive, 3/1000 queued, last batch 0.2 s ago, 0 restarts``."""
        batch = "no batch yet" if self.last_batch_age_s is None else f"last batch {self.last_batch_age_s:.1f} s ago"
        return (
            f"{'alive' if self.alive else 'dead'}, {self.queued}/{self.capacity} queued, {batch}, "
            f"{self.restarts} restart{'' if self.restarts == 1 else 's'}"
        )


class IngestWorker:
    """Supervises the worker process; thread-safe ``submit`` for the front's request threads.

    Args:
        target: the child's entry point (pickled by name: a module-level function).
        args: its first arguments (picklable: settings, the Redis URL, batch limits).
        capacity: jobs that may wait (queued or being stored) before ``submit`` refuses.
        on_done: called on the front's result thread for each job stored (metrics, secret warnings).
        restart_delay_s: the least time between two starts, so a worker that dies at start-up
            does not spin.
    """

    def __init__(
        self,
        target: WorkerTarget,
        args: Sequence[Any],
        *,
        capacity: int,
        on_done: Callable[[JobDone], None] | None = None,
        restart_delay_s: float = 1.0,
    ) -> None:
        self._target = target
        self._args = tuple(args)
        self.capacity = capacity
        self.on_done = on_done
        self._backoff = RestartBackoff(restart_delay_s)
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._pending: dict[int, tuple[IngestJob, int]] = {}
        self._outgoing: deque[object] = deque()
        self._retries: list[tuple[float, int]] = []
        """(when, seq) of jobs whose write failed, sent again when due."""
        self._names: set[str] = set()
        self._seq = 0
        self._generation = 0
        self._process: Any = None
        self._inbox: Connection | None = None
        self._results: Connection | None = None
        self._stopping = False
        self.restarts = 0
        """Times the worker was started again after it died."""
        self.refused = 0
        """Jobs refused because the queue was full or the worker down (Slack retries them)."""
        self.given_up = 0
        """Jobs whose write failed MAX_ATTEMPTS times (left to the backfill)."""
        self._threads: list[threading.Thread] = []
        self._ready = threading.Event()
        self._last_batch: float | None = None
        self._progress_at = time.monotonic()
        """The last sign of progress: a batch reported, a (re)start, or the queue filling from empty."""

    # -- the front's side -----------------------------------------------------------------------

    def start(self) -> IngestWorker:
        with self._lock:
            self._spawn()
        for name, run in (("sitrep-ingest-feed", self._feed), ("sitrep-ingest-results", self._collect)):
            thread = threading.Thread(target=run, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def submit(self, event_id: str, channel: str, steps: Iterable[ExportEvent]) -> bool:
        """Queue a claimed event's steps; False (do not ack) when the worker cannot take it now."""
        steps = tuple(steps)
        with self._lock:
            if self._stopping or len(self._pending) >= self.capacity or not self._alive():
                self.refused += 1
                return False
            self._seq += 1
            job = IngestJob(self._seq, event_id, channel, steps)
            self._queue_filling()
            self._pending[job.seq] = (job, 0)
            self._outgoing.append(job)
            self._wake.notify_all()
        return True

    def wait_room(self, jobs: int, deadline: float) -> bool:
        """Block until ``jobs`` more fit in the queue, or until ``deadline`` (``time.monotonic``) passes.

        Socket Mode's event lane waits here (within the envelopes' ack budget) instead of refusing a
        burst at once: a refused event comes back only after Slack's 3 s ack deadline. False at
        once when the worker is stopping (``submit`` refuses then anyway).
        """
        with self._lock:
            while len(self._pending) + jobs > self.capacity and not self._stopping:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._wake.wait(min(remaining, 0.05))
            return not self._stopping

    def backfill(self, channel: str, posts: Sequence[RawMessage], *, timeout_s: float) -> bool:
        """Queue backfilled posts (read from history, not acked to anyone) and wait until the worker is done.

        The front never redacts them: they go through the worker like live events (the same
        micro-batches, the same write that stores a ts once). A backfill waits for room instead of
        being refused, and leaves half the queue to live events. False when they were not all
        stored within ``timeout_s`` (they stay queued; what is never stored is read by the next backfill).
        """
        deadline = time.monotonic() + timeout_s
        seqs: list[int] = []
        room = max(1, self.capacity // BACKFILL_SHARE)
        for start in range(0, len(posts), BACKFILL_JOB_POSTS):
            chunk = posts[start : start + BACKFILL_JOB_POSTS]
            steps = tuple(ExportEvent(at=raw.ts, kind="post", target_ts=raw.ts, message=raw) for raw in chunk)
            with self._lock:
                while not self._stopping and (len(self._pending) >= room or not self._alive()):
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return False
                    self._wake.wait(min(remaining, 0.05))
                if self._stopping:
                    return False
                self._seq += 1
                # Not a Slack event id: the worker marks it done like one, and nothing ever claims it.
                job = IngestJob(self._seq, f"{BACKFILL_PREFIX}{channel}:{chunk[0].ts}", channel, steps)
                self._queue_filling()
                self._pending[job.seq] = (job, 0)
                self._outgoing.append(job)
                seqs.append(job.seq)
                self._wake.notify_all()
        with self._lock:
            while any(seq in self._pending for seq in seqs):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._wake.wait(min(remaining, 0.05))
        return True

    def add_names(self, names: Iterable[str]) -> None:
        """Members' names for the worker's redactor; remembered, and sent again to a new worker."""
        fresh = tuple(n for n in names if n and n not in self._names)
        if not fresh:
            return
        with self._lock:
            self._names.update(fresh)
            self._outgoing.append(Names(fresh))
            self._wake.notify_all()

    def wait_ready(self, timeout_s: float) -> bool:
        """Block until the worker has loaded its redactor and takes jobs; False on timeout."""
        return self._ready.wait(timeout_s)

    @property
    def pending(self) -> int:
        """Jobs acked (or about to be) and not yet reported stored."""
        with self._lock:
            return len(self._pending)

    def state(self) -> WorkerState:
        """Alive, queue depth, last batch, restarts (``/healthz``)."""
        now = time.monotonic()
        with self._lock:
            return WorkerState(
                alive=self._alive(),
                queued=len(self._pending),
                capacity=self.capacity,
                last_batch_age_s=None if self._last_batch is None else now - self._last_batch,
                stalled_s=now - self._progress_at if self._pending else 0.0,
                restarts=self.restarts,
            )

    @property
    def pid(self) -> int | None:
        with self._lock:
            return self._process.pid if self._process is not None else None

    def wait_idle(self, timeout_s: float) -> bool:
        """Block until every pending job is stored (shutdown, tests, benchmarks); False on timeout."""
        deadline = time.monotonic() + timeout_s
        with self._lock:
            while self._pending:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._wake.wait(min(remaining, 0.05))
        return True

    def stop(self, timeout_s: float = 10.0) -> None:
        """Let the worker store what is pending (up to ``timeout_s``), then end it; a second call does nothing."""
        with self._lock:
            if self._stopping:
                return
        self.wait_idle(timeout_s)
        with self._lock:
            self._stopping = True
            process, inbox = self._process, self._inbox
            self._wake.notify_all()
        for thread in self._threads:  # the feeder must not be sending while we send the stop
            thread.join(2.0)
        if inbox is not None:
            with contextlib.suppress(OSError):
                inbox.send(None)
        if process is not None:
            process.join(timeout_s)
            if process.is_alive():
                process.kill()
                process.join(1.0)
        with self._lock:
            close_all(self._inbox, self._results)
            if self._pending:
                log.error(
                    "%d queued event(s) were not stored before shutdown; backfill reads them back", len(self._pending)
                )

    # -- internals ------------------------------------------------------------------------------

    def _alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def _queue_filling(self) -> None:
        """A job joins an empty queue: the wait for the worker starts now (caller holds the lock)."""
        if not self._pending:
            self._progress_at = time.monotonic()

    def _spawn(self) -> None:
        """Start a worker with fresh pipes and queue everything pending again (caller holds the lock)."""
        close_all(self._inbox, self._results)
        process, self._inbox, self._results = spawn_child(self._target, self._args, "sitrep-ingest")
        self._process = process
        self._ready.clear()
        self._generation += 1
        self._backoff.started()
        self._progress_at = time.monotonic()
        self._outgoing.clear()
        self._retries.clear()
        if self._names:
            self._outgoing.append(Names(tuple(sorted(self._names))))
        self._outgoing.extend(job for job, _ in sorted(self._pending.values(), key=lambda p: p[0].seq))
        self._wake.notify_all()

    def _feed(self) -> None:
        """Send queued items to the worker; a send blocks when the pipe is full, never a request thread.

        Whatever queued up meanwhile goes in one send (a list): under load that is one pickle and one
        write for many jobs, and one wake-up of the worker, instead of one each.
        """
        while True:
            with self._lock:
                while not self._outgoing and not self._stopping:
                    self._wake.wait()
                if self._stopping:
                    return
                count = min(len(self._outgoing), FEED_MAX_ITEMS)
                items = [self._outgoing.popleft() for _ in range(count)]
                inbox, generation = self._inbox, self._generation
            try:
                assert inbox is not None
                inbox.send(items[0] if count == 1 else items)
            except (OSError, ValueError):
                # The worker died; _collect starts a new one, which gets everything pending again.
                with self._lock:
                    while self._generation == generation and not self._stopping:
                        self._wake.wait(0.05)

    def _collect(self) -> None:
        """Read results and watch the process: restart it when it dies, retry failed jobs."""
        while True:
            with self._lock:
                if self._stopping:
                    return
                results, process = self._results, self._process
                self._send_due_retries()
            assert results is not None
            ready = wait([results, process.sentinel], timeout=0.2)
            closed = False
            if results in ready:
                try:
                    answer: list[JobDone] | str = results.recv()
                except (EOFError, OSError):  # the child closed its end: it is exiting
                    answer, closed = [], True
                if answer == READY:
                    with self._lock:
                        self._progress_at = time.monotonic()
                    self._ready.set()
                    log.info("the ingest worker (pid %s) is ready", process.pid)
                elif isinstance(answer, list):
                    self._finish(answer)
            if closed or (process.sentinel in ready and not results.poll()):
                process.join(5.0)
                self._restart(process)

    def _send_due_retries(self) -> None:
        """Queue the failed jobs whose wait is over (caller holds the lock)."""
        now = time.monotonic()
        due = [seq for when, seq in self._retries if when <= now]
        if not due:
            return
        self._retries = [(when, seq) for when, seq in self._retries if when > now]
        self._outgoing.extend(self._pending[seq][0] for seq in due if seq in self._pending)
        self._wake.notify_all()

    def _finish(self, done: Sequence[JobDone]) -> None:
        stored: list[JobDone] = []
        with self._lock:
            self._last_batch = self._progress_at = time.monotonic()
            for item in done:
                entry = self._pending.get(item.seq)
                if entry is None:
                    continue
                job, attempts = entry
                if item.ok:
                    del self._pending[item.seq]
                    if not item.event_id.startswith(BACKFILL_PREFIX):
                        stored.append(item)
                elif attempts + 1 >= MAX_ATTEMPTS:
                    del self._pending[item.seq]
                    self.given_up += 1
                    log.error(
                        "%s was not stored after %d attempts; the backfill reads it back once the store answers",
                        job.event_id,
                        MAX_ATTEMPTS,
                    )
                else:
                    # The store failed under the worker: try again after 0.5, 1, 2, 4 s (by then the
                    # outage has usually been noticed, and the backfill after it covers the rest).
                    self._pending[item.seq] = (job, attempts + 1)
                    self._retries.append((time.monotonic() + RETRY_BASE_S * 2**attempts, job.seq))
            self._wake.notify_all()
        if self.on_done is not None:
            for item in stored:
                try:
                    self.on_done(item)
                except Exception as exc:  # a failed warning must not stop the result thread
                    log.warning("after-ingest step failed (%s)", type(exc).__name__)

    def _restart(self, process: Any) -> None:
        with self._lock:
            if self._stopping or process is not self._process:
                return
            wait_s = self._backoff.wait_after_death()
        log.error(
            "the ingest worker (pid %s) stopped (exit code %s); starting a new one with %d pending event(s)",
            process.pid,
            process.exitcode,
            self.pending,
        )
        if wait_s > 0:
            threading.Event().wait(wait_s)
        with self._lock:
            if self._stopping:
                return
            self.restarts += 1
            self._spawn()
