"""End-to-end ingest over HTTP against the local Slack, compared with the redactor alone.

1. The redactor alone: ``redact`` on each message text, one at a time (the baseline).
2. End to end: the local Slack delivers each posted message as a signed HTTP event to the real
   Bolt app (WSGI), which dedups it in Redis, redacts it and stores it. Events/s is messages
   stored per second of wall time.
3. Slash-command ack latency (p50/p99) while a background poster keeps a steady event load.

The ratio end-to-end / redactor-alone is the app's own overhead (Slack emulator, HTTP, Bolt,
Redis). Run: ``.venv/bin/python bench/ingest.py`` (updates docs/benchmarks.md).
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.docs import update_section  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.redaction import Redactor  # noqa: E402
from bot.sandbox.slack import LocalSlack  # noqa: E402
from bot.services import build  # noqa: E402
from bot.slack.app import build_client, create_slack_app  # noqa: E402
from bot.slack.http import EVENTS_PATH, HttpServer  # noqa: E402
from bot.store import EmbeddedRedis, Store  # noqa: E402

N_EVENTS = 600
N_COMMANDS = 60
MARK_BEGIN = "<!-- bench:ingest:begin -->"
MARK_END = "<!-- bench:ingest:end -->"
SECRET = "bench-secret"
TEXTS = [
    "p99 on checkout-api is 3.4s, 5xx at 5% since 22:19 UTC",
    "I suspect the DB connection pool on orders-db-primary-02 is exhausted",
    "rolling back deploy #4812 (a1c9e4f) to v2.30.2 now",
    "customer jane.doe@example.org reports a double charge on order 88213",
    "pasting the config: aws_secret_access_key=wJ9rT2xLq8Zv4NbPc6Hs1YdKm3Fg7Ue5Ai0oRtVx",
    "Marcus: error rate back to baseline (0.1%), p99 420ms",
]


def wait(predicate: object, timeout: float = 120.0) -> None:
    ev = threading.Event()
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark condition not reached")
        ev.wait(0.005)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run() -> dict[str, float]:
    redactor = Redactor()
    texts = [f"{TEXTS[i % len(TEXTS)]} (#{i})" for i in range(N_EVENTS)]
    redactor.redact_many(texts[:20])
    t0 = time.perf_counter()
    for text in texts:
        redactor.redact(text, scope="bench")
    alone = N_EVENTS / (time.perf_counter() - t0)

    with tempfile.TemporaryDirectory() as tmp, EmbeddedRedis(Path(tmp)) as server:
        import redis

        client = redis.Redis.from_url(server.url, decode_responses=True)
        clock = SystemClock()
        store = Store(client, clock=clock)
        services = build(Settings(_env_file=None), clock=clock, store=store, redactor=redactor)  # type: ignore[call-arg]
        with LocalSlack(signing_secret=SECRET, bot_token="xoxb-bench", app_token="xapp-bench") as slack:
            slack.add_user("U1", name="priya", real_name="Priya Raman")
            channel = slack.create_channel("inc-bench", members=["U1", slack.bot_user_id])
            slack.discard_pending_events()
            app = create_slack_app(
                services.core(),
                build_client("xoxb-bench", slack.api_url),
                signing_secret=SECRET,
                channel_pattern=re.compile(r"^inc-"),
            )
            http = HttpServer(app).start()
            slack.deliver_http(http.url + EVENTS_PATH)
            app.start_tracking()

            t1 = time.perf_counter()
            for text in texts:
                slack.post_as_user("U1", channel, text)
            wait(lambda: store.count_messages(channel) >= N_EVENTS)
            e2e = N_EVENTS / (time.perf_counter() - t1)

            stop = threading.Event()

            def steady_load() -> None:
                i = 0
                while not stop.is_set():
                    slack.post_as_user("U1", channel, f"steady load message {i}: p99 still 3.4s")
                    i += 1
                    stop.wait(0.02)  # ~50 events/s in the background

            poster = threading.Thread(target=steady_load, daemon=True)
            poster.start()
            acks = []
            for _ in range(N_COMMANDS):
                result = slack.slash_command("U1", channel, "/hypotheses")
                acks.append(result.elapsed_s * 1000)
            stop.set()
            poster.join(5)
            http.stop()
        client.close()
    return {
        "alone": alone,
        "e2e": e2e,
        "ratio": e2e / alone,
        "p50": statistics.median(acks),
        "p99": pct(acks, 0.99),
        "max": max(acks),
    }


def render(r: dict[str, float]) -> str:
    return "\n".join(
        [
            MARK_BEGIN,
            "## Slack ingest over HTTP (`bench/ingest.py`)",
            "",
            "Command: `.venv/bin/python bench/ingest.py` — the local Slack posts signed HTTP events to the real "
            f"Bolt app (WSGI), which dedups in Redis, redacts and stores; {N_EVENTS} messages, then "
            f"{N_COMMANDS} `/hypotheses` commands under a steady background load of about 50 events/s.",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| redactor alone, msgs/s (baseline) | {r['alone']:.0f} |",
            f"| end to end over HTTP, events/s | {r['e2e']:.0f} |",
            f"| end to end / redactor alone | {r['ratio']:.2f} |",
            f"| command ack latency p50 | {r['p50']:.1f} ms |",
            f"| command ack latency p99 | {r['p99']:.1f} ms |",
            f"| command ack latency max | {r['max']:.1f} ms |",
            "",
            "Slack requires an ack within 3 s; the ack is sent before any work (lazy listener).",
            MARK_END,
        ]
    )


def update_doc(section: str) -> None:
    update_section(section, MARK_BEGIN, MARK_END)


def main() -> None:
    section = render(run())
    print(section)
    if "--no-doc" not in sys.argv:
        update_doc(section)


if __name__ == "__main__":
    main()
