"""How much of Slack's 3 s the Socket Mode front's ack budget must leave over, measured under a burst.

Sitrep as ``sitrep run`` connects it (the ingest worker process, the Socket Mode front with its
thin lane) against the local Slack with Slack's 3 s ack deadline; the local Slack sends BURST
message events back to back. For every envelope the front acks, the bench records how long it had
waited in the front when its budget was checked (``w``) and the local Slack records when the ack
arrived after sending (``L``). ``L - w`` is the time the budget does not see: the way in (frame on
the wire and in the socket's buffer until the reader gets to it, parse), and after the check the
batch's claims, queueing to the worker and the ack's way out; both parts are reported. The budget
must leave at least their maximum, plus the real network's round trip to Slack, within 3 s.

Run: ``.venv/bin/python bench/ack_budget.py [burst] [budget_s ...]`` (defaults: 5000, 2.5 2.0).
"""

from __future__ import annotations

import json
import logging
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.clock import SystemClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.redaction import Redactor  # noqa: E402
from bot.sandbox.slack import LocalSlack  # noqa: E402
from bot.services import build, ingest_worker  # noqa: E402
from bot.slack.app import build_client, create_slack_app  # noqa: E402
from bot.slack.listeners import thin_path  # noqa: E402
from bot.slack.socket_mode import SocketFrontClient, SocketFrontHandler  # noqa: E402
from bot.store import EmbeddedRedis, Store, connect  # noqa: E402

APP_TOKEN = "xapp-budget"  # the local Slack's fake credentials
BOT_TOKEN = "xoxb-budget"


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def run(burst: int, budget_s: float) -> dict[str, Any]:
    logging.basicConfig(level=logging.ERROR)
    seen: dict[str, tuple[float, float]] = {}
    """envelope id -> (when the front read it, when its budget was checked), both ``time.monotonic``."""
    handle = SocketFrontClient._handle

    def recording(self: SocketFrontClient, envelopes: list[tuple[float, dict[str, Any]]]) -> None:
        now = time.monotonic()
        for received, envelope in envelopes:
            seen[str(envelope.get("envelope_id"))] = (received, now)
        handle(self, envelopes)

    SocketFrontClient._handle = recording  # type: ignore[method-assign]
    sent: dict[str, float] = {}
    """envelope id -> when the front sent its ack."""
    send = SocketFrontClient.send_message

    def sending(self: SocketFrontClient, message: str) -> None:
        send(self, message)
        sent[str(json.loads(message).get("envelope_id"))] = time.monotonic()

    SocketFrontClient.send_message = sending  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as tmp, EmbeddedRedis(Path(tmp) / "redis") as server:
        settings = Settings(_env_file=None, sitrep_data_dir=Path(tmp) / "data")  # type: ignore[call-arg]
        clock = SystemClock()
        with connect(server.url, Path(tmp)) as conn:
            services = build(settings, clock=clock, store=Store(conn.client, clock=clock), redactor=Redactor())
            worker = ingest_worker(settings, server.url).start()
            with LocalSlack(bot_token=BOT_TOKEN, app_token=APP_TOKEN, ack_timeout_s=3.0) as slack:
                slack.add_user("U1", name="priya", real_name="Priya Raman")
                channel = slack.create_channel("inc-budget", members=["U1", slack.bot_user_id])
                slack.discard_pending_events()
                app = create_slack_app(
                    services.core(),
                    build_client(BOT_TOKEN, slack.api_url),
                    signing_secret=None,
                    channel_pattern=re.compile(r"^inc-"),
                    ingest=worker,
                )
                handler = SocketFrontHandler(app.app, APP_TOKEN, thin=thin_path(app.ctx), ack_budget_s=budget_s)
                handler.connect()  # type: ignore[no-untyped-call]
                app.start_tracking()
                worker.wait_ready(120)
                pause = threading.Event()
                t0 = time.monotonic()
                for i in range(burst):
                    slack.post_as_user("U1", channel, f"burst update {i}: p99 {300 + i} ms")
                deadline = time.monotonic() + 240
                while services.store.count_messages(channel) < burst and time.monotonic() < deadline:
                    pause.wait(0.1)
                wall = time.monotonic() - t0
                pause.wait(3.5)  # let the last ack deadlines fire
                deliveries = [d for d in slack.deliveries if d.kind == "events_api"]
                acked = [d for d in deliveries if d.outcome == "acked" and d.latency_s is not None]
                unseen = [str(d.envelope_id) for d in acked if str(d.envelope_id) not in seen]
                # The local Slack runs in this process, so its send times share the front's clock.
                way_in, after, outside = [], [], []
                for d in acked:
                    if str(d.envelope_id) not in seen:
                        continue
                    received, checked = seen[str(d.envelope_id)]
                    ack_at = d.started + float(d.latency_s or 0)
                    way_in.append(received - d.started)
                    after.append(ack_at - checked)
                    outside.append(way_in[-1] + after[-1])
                latencies = [float(d.latency_s or 0) for d in acked]
                # Acks the front sent that reached the local Slack after its 3 s: wasted, Slack retries anyway.
                late = [d for d in deliveries if d.outcome == "timeout" and str(d.envelope_id) in sent]
                late_in = [seen[str(d.envelope_id)][0] - d.started for d in late if str(d.envelope_id) in seen]
                # How long past the budget an envelope the front acked stayed in it (wait_room, claims, the send).
                over = [sent[e] - seen[e][0] - budget_s for e in sent if e in seen]
                result = {
                    "burst": burst,
                    "budget_s": budget_s,
                    "stored": services.store.count_messages(channel),
                    "deliveries": len(deliveries),
                    "acked": len(acked),
                    "timeouts": sum(1 for d in deliveries if d.outcome == "timeout"),
                    "dropped_by_front": handler.client.dropped,
                    "ack_p50_s": statistics.median(latencies) if latencies else None,
                    "ack_max_s": max(latencies, default=None),
                    "outside_p50_s": statistics.median(outside) if outside else None,
                    "outside_p99_s": quantile(outside, 0.99),
                    "outside_max_s": max(outside, default=None),
                    "way_in_p99_s": quantile(way_in, 0.99),
                    "way_in_max_s": max(way_in, default=None),
                    "after_check_p99_s": quantile(after, 0.99),
                    "after_check_max_s": max(after, default=None),
                    "acked_via_bolt": len(unseen),
                    "front_acks_late": len(late),
                    "late_way_in_p50_s": statistics.median(late_in) if late_in else None,
                    "front_over_budget_max_s": max(over, default=None),
                    "front_over_budget_count": sum(1 for x in over if x > 0),
                    "wall_s": wall,
                }
                handler.close()  # type: ignore[no-untyped-call]
            worker.stop()
    return result


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(run(int(sys.argv[2]), float(sys.argv[3]))))
        return
    burst = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    budgets = [float(b) for b in sys.argv[2:]] or [2.5, 2.0]
    for budget in budgets:  # each in a fresh interpreter: a closed client's threads must not load the next
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(burst), str(budget)],
            capture_output=True,
            text=True,
            check=True,
            timeout=900,
        ).stdout
        print(out.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
