"""The audit stream of model calls and its JSONL export (``sitrep audit CHANNEL``)."""

from __future__ import annotations

import io
import json

import pytest
import redis

from bot.audit_record import AuditRecord, Usage
from bot.clock import ManualClock
from bot.errors import StoreError
from bot.store import keys
from bot.store.audit import MAX_OUTPUT_CHARS, AuditLog


def record(clock: ManualClock, channel: str = "C1", **fields: object) -> AuditRecord:
    base: dict[str, object] = {
        "at": clock.now(),
        "channel": channel,
        "task": "sitrep",
        "prompt_version": "system@1+sitrep@1",
        "model": "claude-haiku-5-5",
        "input_hash": "sha256:abc",
        "output": '{"status": "ok"}',
        "usage": Usage(input_tokens=10, output_tokens=3),
        "latency_ms": 12.5,
        "outcome": "ok",
    }
    base.update(fields)
    return AuditRecord.model_validate(base)


def test_records_round_trip_per_channel_in_order(redis_client: redis.Redis, clock: ManualClock) -> None:
    audit = AuditLog(redis_client, clock)
    audit.record(record(clock, task="sitrep"))
    audit.record(record(clock, task="postmortem"))
    audit.record(record(clock, channel="C2"))
    got = audit.records("C1")
    assert [r.task for r in got] == ["sitrep", "postmortem"]
    assert all(r.id for r in got) and got[0].usage.total_input == 10
    assert len(audit.records("C2")) == 1 and audit.records("C3") == []
    assert redis_client.pttl(keys.audit("C1")) > 0  # ages out like the channel's other data


def test_export_jsonl_writes_one_line_per_record(redis_client: redis.Redis, clock: ManualClock) -> None:
    audit = AuditLog(redis_client, clock)
    audit.record(record(clock))
    audit.record(record(clock, outcome="error", error="overloaded (HTTP 529)", output=""))
    out = io.StringIO()
    assert audit.export_jsonl("C1", out) == 2
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["outcome"] for line in lines] == ["ok", "error"]
    assert lines[0]["at"] == "2026-03-14T09:00:00Z" and lines[0]["usage"]["input_tokens"] == 10
    assert lines[1]["error"] == "overloaded (HTTP 529)"
    assert audit.export_jsonl("C9", io.StringIO()) == 0


def test_long_outputs_are_cut(redis_client: redis.Redis, clock: ManualClock) -> None:
    audit = AuditLog(redis_client, clock)
    audit.record(record(clock, output="x" * (MAX_OUTPUT_CHARS + 5)))
    (got,) = audit.records("C1")
    assert got.output.endswith("[… 5 more]") and len(got.output) < MAX_OUTPUT_CHARS + 20


def test_the_stream_is_capped(redis_client: redis.Redis, clock: ManualClock) -> None:
    audit = AuditLog(redis_client, clock, max_records_per_channel=10)
    for _ in range(300):
        audit.record(record(clock))
    assert len(audit.records("C1")) < 300


def test_foreign_entries_are_a_clear_store_error(redis_client: redis.Redis, clock: ManualClock) -> None:
    redis_client.xadd(keys.audit("C1"), {"something": "else"})
    with pytest.raises(StoreError, match="not a valid audit record"):
        AuditLog(redis_client, clock).records("C1")


def test_a_dead_redis_is_a_store_error(clock: ManualClock) -> None:
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, decode_responses=True)
    with pytest.raises(StoreError, match="cannot reach Redis"):
        AuditLog(dead, clock).record(record(clock))
    dead.close()
