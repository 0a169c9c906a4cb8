"""The ingest worker's side: micro-batches of queued message events, redacted together and stored once.

The Slack front claims an event id, turns the payload into ``ExportEvent`` steps and queues them
(``bot/core/ingest_worker.py``); the worker process runs ``serve_jobs``: it takes up to
``max_batch`` jobs or whatever arrives within ``max_wait_s`` of the first, redacts each channel's
new posts in one ``Ingestor.ingest_many`` call (``redact_many``), applies edits and deletes in
order, marks its events stored in one round trip (``finish_events``) and answers the front with one ``JobDone`` per
job. Raw text reaches this process only through the pipe: nothing of it goes through Redis.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from bot.errors import StoreError
from bot.redaction.entities import describe
from bot.slackdata.export import ExportEvent

if TYPE_CHECKING:
    from bot.core.ingest import Ingestor

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestJob:
    """One claimed Slack event: its steps (post, edit, delete) in the order Slack described them."""

    seq: int
    event_id: str
    channel: str
    steps: tuple[ExportEvent, ...]

    def __repr__(self) -> str:  # the steps carry raw text: keep it out of tracebacks and logs
        return f"IngestJob(seq={self.seq}, event_id={self.event_id!r}, steps={len(self.steps)})"


@dataclass(frozen=True)
class SecretNotice:
    """Someone pasted a credential: the front warns them (ephemeral) where they posted it."""

    channel: str
    user: str
    kinds: tuple[str, ...]
    count: int
    thread_ts: str | None


@dataclass(frozen=True)
class JobDone:
    """What became of one job: stored (``ok``) or not (the store failed; the front retries it)."""

    seq: int
    event_id: str
    ok: bool
    ingested: int = 0
    notices: tuple[SecretNotice, ...] = field(default=())


@dataclass(frozen=True)
class Names:
    """Workspace members' names for the worker's redactor (responders' names are kept as facts)."""

    names: tuple[str, ...]


def process_batch(ingestor: Ingestor, jobs: Sequence[IngestJob]) -> list[JobDone]:
    """Store every job of the batch; a job whose write fails is reported not ``ok`` and released.

    New posts of one channel are redacted together in one ``ingest_many`` call (one spaCy pass);
    an edit or delete of that channel first flushes the posts queued before it, so each channel's
    steps apply in order. Channels are independent (placeholders are numbered per channel).
    """
    by_channel: dict[str, list[IngestJob]] = {}
    for job in jobs:
        by_channel.setdefault(job.channel, []).append(job)
    done: list[JobDone] = []
    for channel_jobs in by_channel.values():
        done.extend(_process_channel(ingestor, channel_jobs))
    return sorted(done, key=lambda d: d.seq)


def _process_channel(ingestor: Ingestor, jobs: Sequence[IngestJob]) -> list[JobDone]:
    try:
        counts, notices = _apply(ingestor, jobs)
        ingestor.finish_events([job.event_id for job in jobs])
    except StoreError as exc:
        log.error("a batch of %d event(s) was not stored (%s); the front retries it", len(jobs), exc)
        for job in jobs:
            with contextlib.suppress(StoreError):  # when even this fails, the lease lapses on its own
                ingestor.release_event(job.event_id)
        return [JobDone(job.seq, job.event_id, ok=False) for job in jobs]
    return [
        JobDone(job.seq, job.event_id, True, counts.get(job.seq, 0), tuple(notices.get(job.seq, ()))) for job in jobs
    ]


def _apply(ingestor: Ingestor, jobs: Sequence[IngestJob]) -> tuple[dict[int, int], dict[int, list[SecretNotice]]]:
    counts: dict[int, int] = {}
    notices: dict[int, list[SecretNotice]] = {}
    posts: list[tuple[int, ExportEvent]] = []

    def note(seq: int, step: ExportEvent, secrets: Sequence[tuple[str, int]]) -> None:
        counts[seq] = counts.get(seq, 0) + 1
        raw = step.message
        if secrets and raw is not None and raw.user and not raw.is_bot:
            notices.setdefault(seq, []).append(
                SecretNotice(
                    channel=raw.channel,
                    user=raw.user,
                    kinds=tuple(describe(kind) for kind, _ in secrets),
                    count=sum(n for _, n in secrets),
                    thread_ts=raw.thread_ts if raw.thread_ts and raw.thread_ts != raw.ts else None,
                )
            )

    def flush() -> None:
        if not posts:
            return
        outcomes = ingestor.ingest_many([step.message for _, step in posts if step.message is not None])
        for (seq, step), outcome in zip(posts, outcomes, strict=True):
            note(seq, step, [(f.entity_type, f.count) for f in outcome.secrets])
        posts.clear()

    for job in jobs:
        for step in job.steps:
            if step.kind == "delete":
                flush()
                ingestor.delete(job.channel, step.target_ts)
            elif step.message is None:
                continue
            elif step.kind == "edit":
                flush()
                outcome = ingestor.edit(step.message)
                note(job.seq, step, [(f.entity_type, f.count) for f in outcome.secrets])
            else:
                posts.append((job.seq, step))
    flush()
    return counts, notices


READY = "ready"
"""The worker's first message: its redactor is loaded and it takes jobs now."""


def serve_jobs(ingestor: Ingestor, inbox: Connection, outbox: Connection, *, max_batch: int, max_wait_s: float) -> None:
    """The worker's loop: batches from ``inbox``, one ``JobDone`` list per batch to ``outbox``.

    The front sends one item or a list of them; a batch takes at most ``max_batch`` jobs, and what
    arrived beyond them waits here for the next batch. Returns when the front closes the pipe (it
    stopped, or died) or sends ``None``.
    """
    try:
        outbox.send(READY)
    except OSError:
        return
    received: deque[object] = deque()
    while True:
        if not received:
            try:
                received.extend(_items(inbox.recv()))
            except (EOFError, OSError):
                return
        batch: list[IngestJob] = []
        stop = False
        while True:
            while received and len(batch) < max_batch and not stop:
                stop = _take(ingestor, received.popleft(), batch)
            # Wait a few ms for more only once something arrived: an idle worker costs nothing, and a
            # lone event is delayed by at most max_wait_s.
            if stop or len(batch) >= max_batch or not inbox.poll(max_wait_s if batch else 0):
                break
            try:
                received.extend(_items(inbox.recv()))
            except (EOFError, OSError):
                stop = True
        if batch:
            try:
                outbox.send(process_batch(ingestor, batch))
            except (BrokenPipeError, OSError):
                return
        if stop:
            return


def _items(received: object) -> list[object]:
    return received if isinstance(received, list) else [received]


def _take(ingestor: Ingestor, item: object, batch: list[IngestJob]) -> bool:
    """Add a job to ``batch`` or apply a control message; True when the front asked to stop."""
    if item is None:
        return True
    if isinstance(item, Names):
        ingestor.add_member_names(item.names)
    elif isinstance(item, IngestJob):
        batch.append(item)
    return False
