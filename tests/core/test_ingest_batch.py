"""The worker's micro-batches: posts redacted together per channel, edits and deletes in order, claims
finished only when stored, and a failed write reported (and its claims released) instead of lost."""

from __future__ import annotations

import redis

from bot.core.incidents import Incidents
from bot.core.ingest import Ingestor
from bot.core.ingest_batch import IngestJob, process_batch
from bot.domain import RawMessage
from bot.engines import OfflineEngine
from bot.redaction import Redactor
from bot.services import Services
from bot.slackdata.export import ExportEvent
from bot.store import Store

AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8d4Lk2Tq"


def post(channel: str, ts: str, text: str, user: str = "UPRIYA") -> ExportEvent:
    message = RawMessage(channel=channel, ts=ts, text=text, user=user, user_name="Priya Raman", author_is_member=True)
    return ExportEvent(kind="post", at=ts, message=message, target_ts=ts)


def edit(channel: str, ts: str, text: str) -> ExportEvent:
    message = RawMessage(
        channel=channel, ts=ts, text=text, user="UPRIYA", user_name="Priya Raman", author_is_member=True
    )
    return ExportEvent(kind="edit", at=ts, message=message, target_ts=ts)


def delete(ts: str) -> ExportEvent:
    return ExportEvent(kind="delete", at=ts, message=None, target_ts=ts)


def job(seq: int, channel: str, *steps: ExportEvent) -> IngestJob:
    return IngestJob(seq, f"Ev{seq}", channel, steps)


def test_a_batch_stores_each_channel_in_order_and_finishes_every_claim(services: Services) -> None:
    """Posts, an edit and a delete of two channels in one batch: each channel ends as its events say."""
    for channel in ("CA", "CB"):
        services.incidents.open(channel, f"inc-{channel.lower()}")
    jobs = [
        job(1, "CA", post("CA", "100.000001", "p99 on checkout-api is 3.4s")),
        job(2, "CB", post("CB", "100.000002", "orders-db pool exhausted")),
        job(3, "CA", post("CA", "100.000003", "rolling back deploy 4812")),
        job(4, "CA", edit("CA", "100.000001", "p99 on checkout-api is 4.1s")),
        job(5, "CB", delete("100.000002")),
        job(6, "CA", post("CA", "100.000004", f"aws_secret_access_key={AWS_SECRET}")),
    ]
    for j in jobs:
        assert services.ingestor.claim_event(j.event_id) == "claimed"
    done = process_batch(services.ingestor, jobs)
    assert [(d.seq, d.ok) for d in done] == [(i, True) for i in range(1, 7)]
    assert [m.text for m in services.store.messages("CA")][:2] == [
        "p99 on checkout-api is 4.1s",
        "rolling back deploy 4812",
    ]
    assert services.store.messages("CB") == []
    assert AWS_SECRET not in str(services.store.dump_all())
    assert [n.user for n in done[5].notices] == ["UPRIYA"] and done[5].notices[0].count == 1
    assert all(services.ingestor.claim_event(j.event_id) == "done" for j in jobs)


def test_a_failed_write_is_reported_and_its_claims_released(services: Services, redactor: Redactor) -> None:
    """The store stops answering under the worker: every job of the batch comes back not ok (the front
    retries it) and nothing is marked done."""
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5, decode_responses=True)
    broken_store = Store(dead, clock=services.clock)
    broken = Ingestor(broken_store, redactor, Incidents(broken_store, OfflineEngine()), max_chars=4000)
    jobs = [job(1, "CA", post("CA", "100.000001", "first")), job(2, "CA", post("CA", "100.000002", "second"))]
    for j in jobs:
        assert services.ingestor.claim_event(j.event_id) == "claimed"
    done = process_batch(broken, jobs)
    assert [(d.seq, d.ok, d.ingested) for d in done] == [(1, False, 0), (2, False, 0)]
    # Not marked done: a delivery within the lease is told "busy" (503, retried), not dropped as stored.
    assert [services.ingestor.claim_event(j.event_id) for j in jobs] == ["busy", "busy"]


def test_jobs_sent_as_one_list_are_batched_within_max_batch_and_each_answered_once(services: Services) -> None:
    """The front sends what queued up in one pipe write (a list): the worker splits it into batches of
    at most ``max_batch`` jobs, answers every job once, in order, and stops at ``None``."""
    import multiprocessing

    from bot.core.ingest_batch import READY, JobDone, Names, serve_jobs

    services.incidents.open("CA", "inc-ca")
    jobs = [job(i, "CA", post("CA", f"200.{i:06d}", f"update {i}: p99 at {300 + i} ms")) for i in range(1, 12)]
    for j in jobs:
        assert services.ingestor.claim_event(j.event_id) == "claimed"
    inbox_child, inbox = multiprocessing.Pipe(duplex=False)
    results, outbox_child = multiprocessing.Pipe(duplex=False)
    inbox.send([Names(("Priya Raman",)), *jobs[:7]])
    inbox.send(jobs[7])
    inbox.send(jobs[8:])
    inbox.send(None)
    serve_jobs(services.ingestor, inbox_child, outbox_child, max_batch=4, max_wait_s=0.01)
    assert results.recv() == READY
    batches: list[list[JobDone]] = []
    while results.poll(0):
        batches.append(results.recv())
    assert all(1 <= len(b) <= 4 for b in batches)
    assert [d.seq for b in batches for d in b] == list(range(1, 12))
    assert all(d.ok for b in batches for d in b)
    assert len(services.store.messages("CA")) == 11
