"""Socket Mode with the real slack_sdk SocketModeClient: hello, envelopes, acks, redelivery, refresh, commands."""

from __future__ import annotations

import json
import queue
import time
from collections.abc import Callable, Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.socket_mode import SocketModeClient
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from bot.sandbox.slack import LocalSlack

from .conftest import APP_TOKEN, BOT_TOKEN, Workspace

Listener = Callable[[BaseSocketModeClient, SocketModeRequest], None]
Connect = Callable[..., SocketModeClient]


def ack(client: BaseSocketModeClient, request: SocketModeRequest, payload: dict[str, object] | None = None) -> None:
    client.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id, payload=payload))


@pytest.fixture
def connect_app(slack: LocalSlack, monkeypatch: pytest.MonkeyPatch) -> Iterator[Connect]:
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    clients: list[SocketModeClient] = []

    def make(listener: Listener, raw: queue.Queue[str] | None = None) -> SocketModeClient:
        client = SocketModeClient(app_token=APP_TOKEN, web_client=WebClient(token=BOT_TOKEN, base_url=slack.api_url))
        client.socket_mode_request_listeners.append(listener)
        if raw is not None:
            client.on_message_listeners.append(raw.put)
        client.connect()
        clients.append(client)
        return client

    yield make
    for client in clients:
        # The client's message processor blocks up to 1 s on its queue; wake it so close() returns at once.
        client.closed = True
        client.message_queue.put(None)
        client.close()


def test_hello_event_envelope_and_ack(ws: Workspace, connect_app: Connect) -> None:
    seen: queue.Queue[SocketModeRequest] = queue.Queue()

    def listener(client: BaseSocketModeClient, request: SocketModeRequest) -> None:
        ack(client, request)
        seen.put(request)

    raw: queue.Queue[str] = queue.Queue()
    connect_app(listener, raw)
    assert ws.slack.wait_for(lambda: ws.slack.socket_connections == 1)
    assert ws.slack.journal.calls("apps.connections.open")[0].token == "valid"

    created = [seen.get(timeout=5) for _ in range(2)]  # held while no app was connected, delivered on connect
    assert [r.payload["event"]["type"] for r in created] == ["channel_created", "channel_created"]
    ts = ws.slack.post_as_user("U1", ws.incident, "checkout 500s since 09:02")
    request = seen.get(timeout=5)
    assert request.type == "events_api" and request.retry_attempt == 0 and request.retry_reason == ""
    assert request.accepts_response_payload is False
    body = request.payload
    assert body["type"] == "event_callback" and body["event_id"].startswith("Ev")
    assert body["event"]["ts"] == ts and body["event"]["channel"] == ws.incident
    assert body["event"]["channel_type"] == "channel" and body["event"]["user"] == "U1"
    assert ws.slack.wait_for(lambda: [d.outcome for d in ws.slack.deliveries] == ["acked"] * 3)
    assert ws.slack.deliveries[-1].transport == "socket" and ws.slack.deliveries[-1].event_id == body["event_id"]
    frames = [json.loads(raw.get(timeout=5)) for _ in range(4)]
    assert frames[0]["type"] == "hello" and frames[0]["connection_info"]["app_id"] == ws.slack.app_id
    assert frames[-1]["envelope_id"] == request.envelope_id and frames[-1]["type"] == "events_api"


def test_unacked_envelope_is_redelivered_with_retry_attempt(ws: Workspace, connect_app: Connect) -> None:
    ws.slack.discard_pending_events()
    seen: queue.Queue[SocketModeRequest] = queue.Queue()

    def listener(client: BaseSocketModeClient, request: SocketModeRequest) -> None:
        if request.retry_attempt:  # ignore the first delivery, ack the retry
            ack(client, request)
        seen.put(request)

    connect_app(listener)
    ws.slack.post_as_user("U1", ws.incident, "anyone?")
    first, retry = seen.get(timeout=5), seen.get(timeout=5)
    assert (first.retry_attempt, retry.retry_attempt, retry.retry_reason) == (0, 1, "timeout")
    assert retry.payload["event_id"] == first.payload["event_id"]
    assert retry.envelope_id != first.envelope_id
    assert ws.slack.wait_for(lambda: [d.outcome for d in ws.slack.deliveries] == ["timeout", "acked"])
    assert seen.empty()


def test_redeliveries_wait_their_spacing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slack spaces an event's retries; the emulator waits ``retry_delays_s[n]`` after the ack timeout
    before retry n+1, so an app that fell behind in a burst gets the event again after the burst."""
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    arrivals: queue.Queue[tuple[int, float]] = queue.Queue()
    with LocalSlack(
        app_token=APP_TOKEN,
        bot_token=BOT_TOKEN,
        ack_timeout_s=0.2,
        max_retries=2,
        retry_delays_s=(0.0, 0.8),
        socket_ping_interval_s=0.1,
    ) as slack:
        slack.add_user("U1", name="priya")
        channel = slack.create_channel("inc-db", members=["U1", slack.bot_user_id])
        client = SocketModeClient(app_token=APP_TOKEN, web_client=WebClient(token=BOT_TOKEN, base_url=slack.api_url))

        def listener(_client: BaseSocketModeClient, request: SocketModeRequest) -> None:
            if request.payload.get("event", {}).get("type") == "message":  # never acked
                arrivals.put((request.retry_attempt, time.monotonic()))

        client.socket_mode_request_listeners.append(listener)
        client.connect()
        try:
            slack.post_as_user("U1", channel, "db primary is at 100% cpu")
            got = [arrivals.get(timeout=5) for _ in range(3)]
        finally:
            client.closed = True
            client.message_queue.put(None)
            client.close()
    assert [attempt for attempt, _ in got] == [0, 1, 2]
    (_, _first), (_, second), (_, third) = got
    assert third - second >= 0.2 + 0.8  # the ack timeout, then the second retry's wait
    assert arrivals.empty()


def test_refresh_requested_makes_the_client_reconnect(ws: Workspace, connect_app: Connect) -> None:
    ws.slack.discard_pending_events()
    seen: queue.Queue[SocketModeRequest] = queue.Queue()

    def listener(client: BaseSocketModeClient, request: SocketModeRequest) -> None:
        ack(client, request)
        seen.put(request)

    connect_app(listener)
    assert ws.slack.wait_for(lambda: ws.slack.socket_connections == 1)
    assert ws.slack.disconnect_socket("refresh_requested") == 1
    assert ws.slack.wait_for(lambda: ws.slack.socket_connections_opened == 2 and ws.slack.socket_connections == 1)
    assert len(ws.slack.journal.calls("apps.connections.open")) == 2
    ws.slack.post_as_user("U1", ws.incident, "after refresh")
    assert seen.get(timeout=5).payload["event"]["text"] == "after refresh"


def test_events_wait_for_a_connection(ws: Workspace, connect_app: Connect) -> None:
    assert ws.slack.discard_pending_events() == 2  # the two public channel_created events from seeding
    ws.slack.post_as_user("U1", ws.incident, "before the app started")
    seen: queue.Queue[SocketModeRequest] = queue.Queue()

    def listener(client: BaseSocketModeClient, request: SocketModeRequest) -> None:
        ack(client, request)
        seen.put(request)

    connect_app(listener)
    assert seen.get(timeout=5).payload["event"]["text"] == "before the app started"


def test_slash_command_ack_with_payload(ws: Workspace, connect_app: Connect) -> None:
    ws.slack.discard_pending_events()

    def listener(client: BaseSocketModeClient, request: SocketModeRequest) -> None:
        if request.type == "slash_commands":
            ack(client, request, {"text": f"summary for <#{request.payload['channel_id']}>"})

    connect_app(listener)
    assert ws.slack.wait_for(lambda: ws.slack.socket_connections == 1)
    result = ws.slack.slash_command("U1", ws.incident, "/summary", "24h")
    assert result.acked and result.transport == "socket"
    assert result.payload == {"text": f"summary for <#{ws.incident}>"}
    assert [(e.user, e.text, e.source) for e in ws.slack.ephemerals(ws.incident)] == [
        ("U1", f"summary for <#{ws.incident}>", "ack")
    ]


def test_unacked_command_times_out_without_redelivery(ws: Workspace, connect_app: Connect) -> None:
    ws.slack.discard_pending_events()
    connect_app(lambda client, request: None)
    assert ws.slack.wait_for(lambda: ws.slack.socket_connections == 1)
    result = ws.slack.slash_command("U1", ws.incident, "/summary")
    assert not result.acked and result.error == "timeout"
    assert ws.slack.wait_for(lambda: [d.outcome for d in ws.slack.deliveries] == ["timeout"])


def test_no_connection_means_dispatch_failed(ws: Workspace) -> None:
    result = ws.slack.slash_command("U1", ws.incident, "/summary")
    assert result.error == "dispatch_failed" and not result.acked


def test_tickets_are_single_use(slack: LocalSlack) -> None:
    url = WebClient(token=APP_TOKEN, base_url=slack.api_url).apps_connections_open(app_token=APP_TOKEN)["url"]
    assert url.startswith("ws://127.0.0.1:") and "/link/?ticket=" in url
    with connect(url, proxy=None) as first:
        assert json.loads(first.recv(timeout=5))["type"] == "hello"
        with pytest.raises(InvalidStatus):
            connect(url, proxy=None)
