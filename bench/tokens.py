"""Input tokens spent on sitreps over a scripted 4-hour incident: incremental vs naive, in one run.

Both modes drive the real ``ClaudeEngine`` through the real ``anthropic`` client against the local
Messages API stand-in (``bot/sandbox/anthropic_stub.py``), which counts tokens the same way for
both (about four characters per token) and simulates prompt caching:

- incremental: every 10 minutes, the previous sitrep plus the messages posted since (what Sitrep does);
- naive: every 10 minutes, the whole channel so far, re-summarised from scratch.

The stand-in answers each sitrep with a reply of realistic, similar size in both modes (it cites
the newest messages it was shown), so the difference measured is the input the engine chooses to
send. Goal: incremental ≤ 0.35 × naive.

    .venv/bin/python bench/tokens.py            # prints a table, updates docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anthropic
import redis

from bot.clock import ManualClock
from bot.domain import Board, IncidentState, Message, Sitrep, datetime_to_ts, ts_key
from bot.engines.claude.breaker import CircuitBreaker
from bot.engines.claude.engine import ClaudeEngine
from bot.engines.offline import OfflineEngine
from bot.sandbox.anthropic_stub import AnthropicStub
from bot.store import EmbeddedRedis, Store
from bot.store.audit import AuditLog

ROOT = Path(__file__).resolve().parent.parent

START = datetime(2026, 3, 14, 22, 0, tzinfo=UTC)
HOURS = 4
CADENCE_MIN = 10
GOAL = 0.35
DOC = ROOT / "docs" / "benchmarks.md"
MARK_BEGIN = "<!-- bench:tokens:begin -->"
MARK_END = "<!-- bench:tokens:end -->"
MODEL = "claude-sonnet-5-5"
SITREP_MODEL = "claude-haiku-5-5"

PEOPLE = ["Priya", "Marcus", "Lena", "Tomas", "Aiko", "Dana"]
SERVICES = ["checkout-api", "payments-gateway", "orders-db", "cart-svc", "edge-lb"]
LINES = [
    "{svc} p99 latency is {n}x normal since {hhmm}, graphs in the incident doc",
    "checking {svc} logs: lots of upstream timeouts to {svc2}",
    "I suspect {svc2} connection pool exhaustion after the {hhmm} deploy",
    "restarted one {svc} pod as a test, no change in error rate",
    "{svc2} team says nothing shipped on their side today",
    "traces show most of the time spent waiting on {svc2}",
    "error rate on {svc} is {n}% now, down from the peak",
    "I'll take the status page update, next one at {hhmm}",
    "Decision: we hold the {svc} rollout until {svc2} is understood",
    "rolling back {svc} to the previous build, ETA 10 minutes",
    "customers still report failed payments, support has {n} tickets",
    "that rules out DNS, resolution times look normal from {svc}",
    "ack",
    "looking",
    "joining the bridge",
    "thanks!",
    "brb",
    "on it",
]
ALERTS = [
    "[FIRING] {svc} 5xx error rate {n}% (critical)",
    "[FIRING] {svc} p99 latency above SLO for 5m",
    "[RESOLVED] {svc} 5xx error rate back under 1%",
]


@dataclass(frozen=True)
class ModeResult:
    mode: str
    calls: int
    input_tokens: int
    uncached: int
    cache_write: int
    cache_read: int
    output_tokens: int
    largest_call: int

    @property
    def weighted(self) -> float:
        """Input cost in base-token units: cache writes cost 1.25×, cache reads 0.1×."""
        return self.uncached + 1.25 * self.cache_write + 0.1 * self.cache_read


def incident(seed: int = 7) -> list[Message]:
    """A busy first hour, a steady middle, a quiet tail: about 2 messages a minute at the peak."""
    rng = random.Random(seed)
    messages: list[Message] = []
    minute = 0.0
    seq = 0
    while minute < HOURS * 60:
        hour = minute / 60
        gap = rng.expovariate(1.8 if hour < 1 else 0.9 if hour < 2.5 else 0.45)
        minute += max(gap, 0.05)
        if minute >= HOURS * 60:
            break
        when = START + timedelta(minutes=minute)
        seq += 1
        fill = {
            "svc": rng.choice(SERVICES),
            "svc2": rng.choice(SERVICES),
            "n": rng.randint(2, 40),
            "hhmm": (when - timedelta(minutes=rng.randint(1, 30))).strftime("%H:%M"),
        }
        if rng.random() < 0.08:
            text, user, bot = rng.choice(ALERTS).format(**fill), "alertmanager", True
        else:
            text, user, bot = rng.choice(LINES).format(**fill), rng.choice(PEOPLE), False
        messages.append(
            Message(
                channel="C1",
                ts=datetime_to_ts(when, seq),
                text=text,
                user=None if bot else f"U{user.upper()}",
                user_name=user,
                is_bot=bot,
            )
        )
    return messages


def sitrep_answer(body: dict[str, Any]) -> dict[str, Any]:
    """What a model would answer: status, impact and a handful of cited items from what it was shown."""
    shown = [
        json.loads(line)
        for block in body["messages"][0]["content"]
        for line in block["text"].split("\n")
        if line.startswith('{"ts"')
    ]
    latest = [m["ts"] for m in shown[-6:]] or ["0.0"]

    def item(i: int, what: str) -> dict[str, Any]:
        ts = latest[i % len(latest)]
        return {"text": f"{what}: checkout-api errors traced towards payments-gateway timeouts", "citations": [ts]}

    return {
        "status": "SEV2 · Investigating — elevated 5xx on checkout-api, cause not yet confirmed",
        "impact": item(0, "Customers see failed payments at checkout"),
        "what_changed": [item(i, "Finding") for i in range(4)],
        "hypotheses": [item(i, "Hypothesis") for i in range(2)],
        "doing": [item(i, "Owner") for i in range(2)],
        "next_steps": [item(0, "Next")],
        "open_questions": [item(1, "Question")],
    }


def run_mode(mode: str, messages: list[Message], data_dir: Path) -> ModeResult:
    with EmbeddedRedis(data_dir) as server, AnthropicStub() as stub:
        client_redis = redis.Redis.from_url(server.url, decode_responses=True)
        clock = ManualClock(START)
        store = Store(client_redis, clock=clock)
        for m in messages:
            store.put_message(m)
        stub.default("sitrep", sitrep_answer)
        state = IncidentState(channel="C1", name="inc-checkout-payments", severity="SEV2")
        board = Board(channel="C1")
        prev: Sitrep | None = None
        largest = 0
        with anthropic.Anthropic(api_key="bench", base_url=stub.url, max_retries=0, timeout=30) as client:
            engine = ClaudeEngine(
                client,
                citations=store,
                audit=AuditLog(client_redis, clock),
                fallback=OfflineEngine(),
                clock=clock,
                model=MODEL,
                sitrep_model=SITREP_MODEL,
                max_tokens=2048,
                token_budget=400_000,  # so the naive mode is never map-reduced (that would flatter it)
                breaker=CircuitBreaker(clock),
            )
            for slot in range(1, HOURS * 60 // CADENCE_MIN + 1):
                now = START + timedelta(minutes=slot * CADENCE_MIN)
                clock.set(now)
                upto = [m for m in messages if m.time <= now]
                if mode == "incremental":
                    after = ts_key(prev.last_ts) if prev is not None and prev.last_ts else None
                    new = [m for m in upto if after is None or ts_key(m.ts) > after]
                    prev = engine.sitrep(
                        incident=state, prev=prev, new_messages=new, board=board, now=now, total_messages=len(upto)
                    )
                else:
                    engine.sitrep(
                        incident=state, prev=None, new_messages=upto, board=board, now=now, total_messages=len(upto)
                    )
                if stub.message_requests("sitrep"):
                    largest = max(largest, stub.count_tokens(stub.message_requests("sitrep")[-1].body))
            calls = len(stub.message_requests("sitrep"))
            usage = stub.usage
        client_redis.close()
        return ModeResult(
            mode=mode,
            calls=calls,
            input_tokens=usage.by_task.get("sitrep", 0),
            uncached=usage.input_tokens,
            cache_write=usage.cache_creation_input_tokens,
            cache_read=usage.cache_read_input_tokens,
            output_tokens=usage.output_tokens,
            largest_call=largest,
        )


def table(messages: list[Message], inc: ModeResult, naive: ModeResult) -> str:
    ratio = inc.input_tokens / naive.input_tokens
    weighted = inc.weighted / naive.weighted
    verdict = "meets" if ratio <= GOAL else "MISSES"
    rows = [
        "| mode | sitrep calls | input tokens | of which cache write / read | cost-weighted input "
        "| output tokens | largest call |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in (inc, naive):
        rows.append(
            f"| {r.mode} | {r.calls} | {r.input_tokens:,} | {r.cache_write:,} / {r.cache_read:,} | "
            f"{r.weighted:,.0f} | {r.output_tokens:,} | {r.largest_call:,} |"
        )
    return "\n".join(
        [
            f"Scripted incident: {len(messages)} messages over {HOURS} h in one channel, a sitrep every "
            f"{CADENCE_MIN} min ({HOURS * 60 // CADENCE_MIN} sitreps), sitrep model `{SITREP_MODEL}`.",
            "",
            *rows,
            "",
            f"**Incremental / naive input tokens: {ratio:.3f}** (goal ≤ {GOAL}: {verdict} it). "
            f"Cost-weighted (cache writes 1.25×, reads 0.1×): {weighted:.3f}.",
        ]
    )


def write_doc(body: str) -> None:
    head = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    block = f"{MARK_BEGIN}\n{body}\n{MARK_END}"
    if MARK_BEGIN in head and MARK_END in head:
        before, rest = head.split(MARK_BEGIN, 1)
        after = rest.split(MARK_END, 1)[1]
        DOC.write_text(before + block + after, encoding="utf-8")
    else:
        DOC.parent.mkdir(parents=True, exist_ok=True)
        DOC.write_text((head.rstrip() + "\n\n" if head else "") + block + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/ alone")
    args = parser.parse_args(argv)
    messages = incident()
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-tokens-") as tmp:
        inc = run_mode("incremental", messages, Path(tmp) / "inc")
        naive = run_mode("naive", messages, Path(tmp) / "naive")
    out = table(messages, inc, naive)
    print(out)
    if not args.no_write:
        write_doc(out)
    return 0 if inc.input_tokens / naive.input_tokens <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
