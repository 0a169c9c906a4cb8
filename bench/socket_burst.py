"""Socket Mode clients under a burst: slack-sdk's built-in client, its websocket-client one, and Sitrep's front.

A Bolt app whose ``message`` listener spends 0 or 1 ms of CPU is connected to the local Slack with each client;
the local Slack then sends BURST message events back to back (one frame each, no pause). Counted:
envelopes acked on their first delivery within Slack's 3 s, retries needed, and the wall time until
every event was acked. The aiohttp and websockets adapters are not run here: with Sitrep's sync
``App`` they need an ``AsyncWebClient`` (aiohttp, not installed) and run Bolt on the event loop
(see shared reference notes on Socket Mode clients). Run: ``.venv/bin/python bench/socket_burst.py``.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from slack_bolt import App  # noqa: E402
from slack_sdk import WebClient  # noqa: E402

from bot.sandbox.slack import LocalSlack  # noqa: E402

BURSTS = (2000, 5000)
LISTENER_COSTS_MS = (0.0, 1.0)
"""CPU each event's listener spends: none (frames pile up faster than the client reads them), and
about what storing one event costs in the front when ingest is not in a worker."""
APP_TOKEN = "xapp-burst"
BOT_TOKEN = "xoxb-burst"


class Errors(logging.Handler):
    """Counts the client's error lines (RecursionError, unsupported frames, reconnects)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage()[:120])


def handler_for(kind: str, app: App) -> Any:
    if kind == "front":  # Sitrep's front on websocket-client (bot/slack/socket_mode.py); no thin lane for a bare App
        from bot.slack.socket_mode import SocketFrontHandler

        return SocketFrontHandler(app, APP_TOKEN)
    if kind == "builtin":
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        return SocketModeHandler(app, app_token=APP_TOKEN)
    from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler as WsClientHandler

    return WsClientHandler(app, app_token=APP_TOKEN)


def run(kind: str, burst: int, listener_ms: float) -> dict[str, object]:
    errors = Errors()
    logging.getLogger().addHandler(errors)
    with LocalSlack(bot_token=BOT_TOKEN, app_token=APP_TOKEN, ack_timeout_s=3.0) as slack:
        slack.add_user("U1", name="priya", real_name="Priya Raman")
        channel = slack.create_channel("inc-burst", members=["U1", slack.bot_user_id])
        slack.discard_pending_events()
        app = App(
            client=WebClient(token=BOT_TOKEN, base_url=slack.api_url),
            token_verification_enabled=False,
            request_verification_enabled=False,
            signing_secret="unused",
        )

        def busy() -> None:
            end = time.perf_counter() + listener_ms / 1000
            while time.perf_counter() < end:
                pass

        app.event("message")(busy)
        handler = handler_for(kind, app)
        handler.connect()
        t0 = time.monotonic()
        for i in range(burst):
            slack.post_as_user("U1", channel, f"burst message {i}")
        sent = time.monotonic() - t0

        def first_acked() -> int:
            return sum(1 for d in slack.deliveries if d.retry_attempt == 0 and d.outcome == "acked")

        def all_acked() -> int:
            return len({d.event_id for d in slack.deliveries if d.outcome == "acked"})

        deadline = time.monotonic() + 60
        ev = threading.Event()
        while all_acked() < burst and time.monotonic() < deadline:
            ev.wait(0.05)
        wall = time.monotonic() - t0
        ev.wait(3.5)  # let pending ack deadlines fire, so first-delivery counts are final
        result = {
            "client": kind,
            "burst": burst,
            "sent_s": sent,
            "first": first_acked(),
            "acked": all_acked(),
            "retries": sum(1 for d in slack.deliveries if d.retry_attempt > 0),
            "wall": wall,
            "errors": len(errors.lines),
            "example": errors.lines[0] if errors.lines else "",
        }
        handler.close()
    logging.getLogger().removeHandler(errors)
    return result


def run_isolated(kind: str, burst: int, listener_ms: float) -> dict[str, object]:
    """One case in a fresh interpreter: a closed client's leftover threads must not load the next case."""
    out = subprocess.run(
        [sys.executable, __file__, "--one", kind, str(burst), str(listener_ms)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(run(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))))
        return
    rows = []
    for listener_ms in LISTENER_COSTS_MS:
        for burst in BURSTS:
            for kind in ("builtin", "websocket_client", "front"):
                r = run_isolated(kind, burst, listener_ms)
                rows.append(
                    f"| {r['client']} | {listener_ms:g} | {r['burst']} | {r['first']} | {r['acked']} | "
                    f"{r['retries']} | {float(r['wall']):.1f} | {r['errors']} | "
                    f"{str(r['example'])[:60].replace('|', '/')} |"
                )
                print(rows[-1], flush=True)
    print(
        "| client | listener CPU ms | burst | acked first time | acked in the end | retries | s to all acked | errors "
        "| first error |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
