"""The real Sitrep Slack app (Bolt + WebClient) against the local Slack, over Socket Mode or HTTP."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from bot.core.ingest_worker import IngestWorker
from bot.sandbox.slack import LocalSlack
from bot.services import Services
from bot.slack.app import SlackApp, build_client, create_slack_app
from bot.slack.command_process import CommandProcess
from bot.slack.http import EVENTS_PATH, HttpLimits, HttpServer
from bot.slack.rate_limit import Pause
from bot.slack.runner import socket_handler
from bot.slack.socket_mode import SocketFrontHandler

SECRET = "e2e-signing-secret"
BOT_TOKEN = "xoxb-e2e-0000000000-abcdefghijklmnop"
APP_TOKEN = "xapp-1-e2e-0000000000-abcdefghijklmnop"
PATTERN = r"^(inc|incident)[-_]"


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Re-check ``predicate`` until it holds or ``timeout`` passes (listeners run on threads)."""
    done = threading.Event()
    deadline = timeout
    step = 0.02
    while deadline > 0:
        if predicate():
            return True
        done.wait(step)
        deadline -= step
    return predicate()


@dataclass
class Running:
    slack: LocalSlack
    app: SlackApp
    services: Services
    channel: str
    transport: str
    stop: Callable[[], None]


@pytest.fixture
def local_slack() -> Iterator[LocalSlack]:
    with LocalSlack(
        signing_secret=SECRET,
        bot_token=BOT_TOKEN,
        app_token=APP_TOKEN,
        ack_timeout_s=1.0,
        retry_delays_s=(0.0, 2.0, 10.0),  # Slack's spacing (now, 1 min, 5 min), scaled down
        disconnect_grace_s=0.5,
        socket_ping_interval_s=0.1,
    ) as slack:
        slack.add_user("UPRIYA", name="priya", real_name="Priya Raman")
        slack.add_user("UMARCUS", name="marcus", real_name="Marcus Oyelaran")
        slack.add_user("ULENA", name="lena", real_name="Lena Fischer")
        yield slack


@dataclass
class Started:
    app: SlackApp
    stop: Callable[[], None]
    events_url: str | None = None
    socket: SocketFrontHandler | None = None


def start_app(
    slack: LocalSlack,
    services: Services,
    transport: str,
    *,
    limits: HttpLimits | None = None,
    ingest: IngestWorker | None = None,
    commands: CommandProcess | None = None,
    rate_limit_pause: Pause | None = None,
) -> Started:
    """Connect a fresh Sitrep app (a restart is ``stop()`` then ``start_app`` again); ``ingest``: the
    worker process message events are queued to (None: stored in the front); ``commands``: the
    process slash commands' work runs in (None: on the front's work threads); ``rate_limit_pause``: how
    the backfill after ``app_rate_limited`` waits (None: real waiting)."""
    client = build_client(BOT_TOKEN, slack.api_url, max_rate_limit_retries=2)
    app = create_slack_app(
        services.core(),
        client,
        signing_secret=SECRET if transport == "http" else None,
        channel_pattern=re.compile(PATTERN),
        ingest=ingest,
        commands=commands,
        rate_limit_pause=rate_limit_pause,
    )
    if transport == "http":
        server = HttpServer(app, limits=limits).start()
        slack.deliver_http(server.url + EVENTS_PATH)
        return Started(app, server.stop, server.url + EVENTS_PATH)
    slack.deliver_socket()
    handler = socket_handler("websocket_client", app, APP_TOKEN)  # what ``sitrep run`` connects with
    handler.connect()  # type: ignore[no-untyped-call]

    def stop() -> None:
        handler.close()  # type: ignore[no-untyped-call]

    return Started(app, stop, socket=handler)


@pytest.fixture(params=["socket", "http"])
def running(request: pytest.FixtureRequest, local_slack: LocalSlack, services: Services) -> Iterator[Running]:
    """Sitrep tracking #inc-checkout (bot invited), connected over the parametrized transport."""
    channel = local_slack.create_channel("inc-checkout", members=["UPRIYA", "UMARCUS", "ULENA"])
    local_slack.discard_pending_events()
    started = start_app(local_slack, services, request.param)
    local_slack.invite_bot(channel, by_user="UPRIYA")
    assert wait_until(lambda: services.incidents.is_tracked(channel))
    yield Running(local_slack, started.app, services, channel, request.param, started.stop)
    started.stop()
