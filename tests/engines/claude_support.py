"""Shared pieces for the Claude engine tests: a fixed transcript, scripted replies, engine wiring."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import anthropic
import redis

from bot.clock import ManualClock
from bot.domain import Board, Hypothesis, IncidentState, Message
from bot.engines.claude.breaker import CircuitBreaker
from bot.engines.claude.engine import ClaudeEngine
from bot.engines.offline import OfflineEngine
from bot.sandbox.anthropic_stub import AnthropicStub, RecordedRequest
from bot.store import Store
from bot.store.audit import AuditLog
from tests.engines.transcript import msg

MODEL = "claude-sonnet-5-5"
SITREP_MODEL = "claude-haiku-5-5"
NOW = datetime(2026, 3, 14, 23, 10, tzinfo=UTC)
INCIDENT = IncidentState(channel="C1", name="inc-checkout-5xx", severity="SEV2")


def transcript() -> list[Message]:
    """A short checkout incident in channel C1 (already redacted, as the store holds it)."""
    return [
        msg(0, "Deploy #4812 of checkout-api finished: retry config v2", "deploy-bot", bot=True),
        msg(10, "[FIRING] checkout-api 5xx error rate 12% (critical)", "pagerduty", bot=True),
        msg(11, "ack, looking at it. Customers are failing checkout, SEV2. Reported by <EMAIL_1>", "Priya"),
        msg(13, "I suspect the DB connection pool is exhausted", "Marcus"),
        msg(15, "pool is at 40%, that rules out the DB connection pool", "Lena", thread=13),
        msg(16, "Could it be the new retry config from deploy #4812 hammering payments-gateway?", "Tomas"),
        msg(20, "Decision: let's roll back deploy #4812 rather than hotfix", "Priya"),
        msg(30, "rollback complete, error rate back to baseline", "Tomas"),
    ]


def ts(i: int) -> str:
    return transcript()[i].ts


def sitrep_reply(*, impact_cites: Sequence[str] | None = None, extra: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """A well-formed sitrep answer citing real messages of ``transcript()``."""
    return {
        "status": "SEV2 · Mitigated — rollback of deploy #4812 brought errors back to baseline",
        "impact": {
            "text": "Customers were failing checkout",
            "citations": list(impact_cites) if impact_cites is not None else [ts(2)],
        },
        "what_changed": [
            {"text": "checkout-api 5xx alert fired at 12%", "citations": [ts(1)]},
            {"text": "Deploy #4812 was rolled back; error rate is back to baseline", "citations": [ts(6), ts(7)]},
            *extra,
        ],
        "hypotheses": [{"text": "H1 retry config from deploy #4812 [open, 60%]", "citations": [ts(5)]}],
        "doing": [{"text": "Tomas is watching the error rate", "citations": [ts(7)]}],
        "next_steps": [{"text": "Watch error rate for recurrence before resolving", "citations": []}],
        "open_questions": [{"text": "Unknown: how many customers were affected", "citations": []}],
    }


def postmortem_reply(**overrides: Any) -> dict[str, Any]:
    """A well-formed postmortem answer citing real messages of ``transcript()``."""
    reply: dict[str, Any] = {
        "summary": {
            "text": "Deploy #4812 raised checkout-api 5xx to 12%; a rollback restored it.",
            "citations": [ts(1), ts(7)],
        },
        "impact": {"text": "Customers failed checkout for about 20 minutes", "citations": [ts(2)]},
        "detection": {"text": "A PagerDuty alert on 5xx rate detected it", "citations": [ts(1)]},
        "timeline": [
            {"ts": ts(0), "event": "Deploy #4812 finished", "kind": "deploy", "citations": [ts(0)]},
            {"ts": ts(1), "event": "5xx alert fired", "kind": "alert", "citations": [ts(1)]},
            {"ts": ts(6), "event": "Decision to roll back", "kind": "decision", "citations": [ts(6)]},
            {"ts": ts(7), "event": "Rollback complete", "kind": "mitigate", "citations": [ts(7)]},
        ],
        "five_whys": [
            {"why": "Why did checkout fail?", "answer": "checkout-api returned 5xx", "citations": [ts(1)]},
            {"why": "Why did the retry config ship?", "answer": "Unknown — needs the deploy review", "citations": []},
        ],
        "contributing_factors": [
            {"text": "Retry config change shipped without load testing", "category": "process", "citations": [ts(0)]}
        ],
        "went_well": [{"text": "Rollback was quick", "citations": [ts(7)]}],
        "went_poorly": [{"text": "No alert on retry rate", "citations": [ts(5)]}],
        "action_items": [
            {
                "text": "Alert on retry rate per dependency",
                "category": "monitoring",
                "horizon": "short_term",
                "owner": None,
                "due": None,
                "status": "open",
                "citations": [ts(5)],
            }
        ],
        "open_questions": [{"text": "How many orders failed?", "evidence_needed": "checkout error logs"}],
    }
    reply.update(overrides)
    return reply


def hypotheses_reply(*items: dict[str, Any]) -> dict[str, Any]:
    return {"hypotheses": list(items)}


def hypothesis_item(**fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": "new",
        "statement": "Retry config from deploy #4812 hammers payments-gateway",
        "status": "open",
        "confidence": 55,
        "raised_ts": ts(5),
        "supporting": [],
        "refuting": [],
        "next_checks": ["Compare retry rate before and after the deploy"],
    }
    item.update(fields)
    return item


def board_with_pool() -> Board:
    return Board(
        channel="C1",
        hypotheses=(
            Hypothesis(
                id="H1",
                statement="The DB connection pool is exhausted",
                confidence=40,
                raised_ts=ts(3),
                raised_by="Marcus",
                supporting=(ts(3),),
            ),
        ),
        last_ts=ts(3),
    )


def make_client(stub: AnthropicStub, *, max_retries: int = 2, timeout: float = 5.0) -> anthropic.Anthropic:
    return anthropic.Anthropic(api_key="sk-test", base_url=stub.url, max_retries=max_retries, timeout=timeout)


@contextmanager
def engine_for(
    stub: AnthropicStub,
    store: Store,
    redis_client: redis.Redis,
    clock: ManualClock,
    *,
    max_retries: int = 2,
    timeout: float = 5.0,
    token_budget: int = 50_000,
    breaker: CircuitBreaker | None = None,
    max_tokens: int = 2048,
) -> Iterator[ClaudeEngine]:
    """A ClaudeEngine on the real SDK client pointed at ``stub``; the client is closed after."""
    with make_client(stub, max_retries=max_retries, timeout=timeout) as client:
        yield ClaudeEngine(
            client,
            citations=store,
            audit=AuditLog(redis_client, clock),
            fallback=OfflineEngine(),
            clock=clock,
            model=MODEL,
            sitrep_model=SITREP_MODEL,
            max_tokens=max_tokens,
            token_budget=token_budget,
            breaker=breaker or CircuitBreaker(clock),
        )


def store_all(store: Store, messages: Sequence[Message]) -> None:
    for m in messages:
        store.put_message(m)


def render_request(request: RecordedRequest) -> str:
    """A stable, reviewable text view of one Messages API request (for golden files)."""
    body = request.body
    out = [f"model: {body['model']}", f"max_tokens: {body['max_tokens']}", ""]

    def blocks(label: str, content: Any) -> None:
        items = [{"type": "text", "text": content}] if isinstance(content, str) else content
        for i, block in enumerate(items, 1):
            mark = " [cache_control: ephemeral]" if block.get("cache_control") else ""
            out.extend([f"===== {label} block {i}{mark} =====", block.get("text", ""), ""])

    blocks("system", body.get("system", []))
    for n, message in enumerate(body["messages"], 1):
        blocks(f"message {n} ({message['role']})", message["content"])
    schema = body.get("output_config", {}).get("format", {}).get("schema")
    out.extend(["===== output schema =====", json.dumps(schema, indent=2, sort_keys=True), ""])
    return "\n".join(out)
