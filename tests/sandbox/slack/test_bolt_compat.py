"""Bolt runs unchanged against the local Slack, over signed HTTP (WSGI adapter) and over Socket Mode."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from slack_bolt import Ack, App, Respond, Say
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from .conftest import APP_TOKEN, BOT_TOKEN, SECRET, Workspace


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Threading(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def build_app(ws: Workspace) -> App:
    app = App(client=WebClient(token=BOT_TOKEN, base_url=ws.slack.api_url), signing_secret=SECRET)

    @app.event({"type": "message", "subtype": None})
    def on_message(event: dict[str, Any], say: Say) -> None:
        say(text=f"noted: {event['text']}", thread_ts=event["ts"])

    @app.command("/summary")
    def on_summary(ack: Ack, respond: Respond, command: dict[str, Any]) -> None:
        ack(text="Working on it...")
        respond(text=f"Summary of <#{command['channel_id']}>", response_type="in_channel")

    return app


@pytest.fixture
def bolt_url(ws: Workspace) -> Iterator[str]:
    server = make_server(
        "127.0.0.1", 0, SlackRequestHandler(build_app(ws)), server_class=_Threading, handler_class=_Quiet
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    server.shutdown()
    server.server_close()
    thread.join(5)


def replies(ws: Workspace, ts: str) -> list[str]:
    return [m["text"] for m in ws.slack.thread(ws.incident, ts)[1:]]


def test_bolt_over_http(ws: Workspace, bolt_url: str) -> None:
    assert ws.slack.journal.methods() == ["auth.test"]  # App() checks its token at construction
    ws.slack.discard_pending_events()
    ws.slack.deliver_http(bolt_url)
    assert ws.slack.verify_url()
    ts = ws.slack.post_as_user("U1", ws.incident, "checkout is down")
    assert ws.slack.wait_for(lambda: replies(ws, ts) == ["noted: checkout is down"])
    result = ws.slack.slash_command("U1", ws.incident, "/summary")
    assert result.status == 200 and result.body == "Working on it..."
    assert ws.slack.wait_for(lambda: ws.slack.history(ws.incident)[-1]["text"] == f"Summary of <#{ws.incident}>")
    assert ws.slack.send_http_bad_signature().status == 401
    assert ws.slack.send_http_stale_timestamp().status == 401


def test_bolt_over_socket_mode(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    ws.slack.discard_pending_events()
    handler = SocketModeHandler(build_app(ws), app_token=APP_TOKEN)
    handler.connect()  # type: ignore[no-untyped-call]
    try:
        ts = ws.slack.post_as_user("U1", ws.incident, "eu-west degraded")
        assert ws.slack.wait_for(lambda: replies(ws, ts) == ["noted: eu-west degraded"])
        result = ws.slack.slash_command("U1", ws.incident, "/summary")
        assert result.acked and result.payload == {"text": "Working on it..."}
        assert ws.slack.wait_for(lambda: ws.slack.history(ws.incident)[-1]["text"] == f"Summary of <#{ws.incident}>")
        assert ws.slack.wait_for(lambda: all(d.outcome == "acked" for d in ws.slack.deliveries))
    finally:
        handler.client.closed = True  # wake the client's 1 s queue poll so close() is immediate
        handler.client.message_queue.put(None)
        handler.close()  # type: ignore[no-untyped-call]
