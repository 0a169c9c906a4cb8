"""HTTP mode: the Events API endpoint (signature-checked by Bolt), ``/healthz`` and ``/metrics``."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.slack.app import SlackApp
from bot.slack.healthz import HEALTH_PATH, healthz

EVENTS_PATH = "/slack/events"

StartResponse = Callable[..., Any]


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Request lines go nowhere: query strings may carry data we don't log."""


def wsgi_app(slack: SlackApp) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    bolt = SlackRequestHandler(slack.app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == HEALTH_PATH:
            status, body = healthz(slack.ctx.core.health)
            start_response(status, [("Content-Type", "text/plain")])
            return [body]
        if path == "/metrics":
            start_response("200 OK", [("Content-Type", "text/plain; version=0.0.4")])
            return [slack.ctx.metrics.render()]
        return bolt(environ, start_response)

    return application


class HttpServer:
    """The WSGI server in a background thread; ``port=0`` picks a free port (tests)."""

    def __init__(self, slack: SlackApp, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = make_server(
            host, port, wsgi_app(slack), server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, name="sitrep-http", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> HttpServer:
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
