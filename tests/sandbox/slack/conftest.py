"""Fixtures for the local Slack: a running emulator with people and channels, a real WebClient, an HTTP receiver."""

from __future__ import annotations

import contextlib
import json
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from bot.sandbox.slack import LocalSlack

SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test"
APP_TOKEN = "xapp-test"


@dataclass
class Workspace:
    slack: LocalSlack
    incident: str  # public, bot is a member
    lobby: str  # public, bot is not a member
    secret_room: str  # private, bot is not a member


@pytest.fixture
def slack() -> Iterator[LocalSlack]:
    with LocalSlack(
        signing_secret=SECRET,
        bot_token=BOT_TOKEN,
        app_token=APP_TOKEN,
        ack_timeout_s=0.4,
        disconnect_grace_s=0.5,
        socket_ping_interval_s=0.1,  # keeps the builtin client's blocking recv short, so close() is quick
    ) as local:
        yield local


@pytest.fixture
def ws(slack: LocalSlack) -> Workspace:
    slack.add_user("U1", name="priya", real_name="Priya Raman", email="priya@example.com")
    slack.add_user("U2", name="marco", real_name="Marco Rossi")
    incident = slack.create_channel("inc-checkout", members=["U1", "U2", slack.bot_user_id])
    lobby = slack.create_channel("lobby", members=["U1"])
    secret_room = slack.create_channel("secret-room", private=True, members=["U1"])
    return Workspace(slack, incident, lobby, secret_room)


@pytest.fixture
def client(slack: LocalSlack) -> WebClient:
    return WebClient(token=BOT_TOKEN, base_url=slack.api_url)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    verified: bool

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


@dataclass
class Receiver:
    """A stdlib WSGI app standing in for the Slack app: verifies signatures, records requests, answers as told."""

    url: str
    requests: queue.Queue[Received] = field(default_factory=queue.Queue)
    answers: queue.Queue[tuple[int, str, dict[str, str]]] = field(default_factory=queue.Queue)
    gates: queue.Queue[threading.Event] = field(default_factory=queue.Queue)
    """Each queued gate holds one request (the next to arrive) until the test sets it: a slow app."""

    def next(self, timeout: float = 5.0) -> Received:
        return self.requests.get(timeout=timeout)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    verifier = SignatureVerifier(SECRET)
    box: list[Receiver] = []

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        headers = {k[5:].replace("_", "-").lower(): str(v) for k, v in environ.items() if k.startswith("HTTP_")}
        headers["content-type"] = environ.get("CONTENT_TYPE", "")
        verified = verifier.is_valid_request(body, headers)
        me = box[0]
        me.requests.put(Received(headers, body, verified))
        if not verified:
            start_response("401 Unauthorized", [("Content-Type", "text/plain")])
            return [b"invalid signature"]
        if body.startswith(b'{"token"') and json.loads(body).get("type") == "url_verification":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [json.loads(body)["challenge"].encode()]
        with contextlib.suppress(queue.Empty):
            me.gates.get_nowait().wait(5)
        try:
            status, text, extra = me.answers.get_nowait()
        except queue.Empty:
            status, text, extra = 200, "", {}
        kind = "application/json" if text.startswith("{") else "text/plain"
        start_response(f"{status} X", [("Content-Type", kind), *extra.items()])
        return [text.encode()]

    server = make_server("127.0.0.1", 0, app, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    box.append(Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/slack/events"))
    yield box[0]
    server.shutdown()
    server.server_close()
    thread.join(5)
