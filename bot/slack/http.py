"""HTTP mode: ``/slack/events`` (guarded, then Bolt), ``/healthz`` and ``/metrics``, on a bounded server.

What anyone who can reach the port can do is bounded: a fixed pool of worker threads serves
requests (as many again wait, more get 503 at once); each request must arrive whole within a
deadline; a body is refused by its declared length before it is read; unsigned, malformed and
replayed requests are answered 400/401/411/413 (or ignored) without reaching Bolt, and never logged.
Slack's signed ``app_rate_limited`` notice is answered 200 here too (Bolt has no listener for it and
would answer 404, which Slack counts against the app) and starts a backfill of what Slack dropped.
"""

from __future__ import annotations

import hmac
import io
import logging
import queue
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.errors import ConfigError, StoreError
from bot.slack import http_guard, texts
from bot.slack.app import SlackApp
from bot.slack.healthz import HEALTH_PATH, healthz
from bot.slack.http_guard import Rejection
from bot.slack.listeners import thin_path
from bot.slack.rate_limit import parse_notice

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


@dataclass(frozen=True)
class HttpLimits:
    """How much of the server one client can take (the HTTP_* settings)."""

    max_body_bytes: int = 2 * 1024 * 1024
    workers: int = 16
    request_timeout_s: float = 5.0
    metrics_token: str | None = None

    @property
    def waiting(self) -> int:
        """Connections that may wait for a worker; beyond them a connection gets 503 at once."""
        return self.workers


def _reject(start_response: StartResponse, rejection: Rejection) -> list[bytes]:
    start_response(rejection.status, [("Content-Type", "text/plain; charset=utf-8")])
    return [(rejection.reason + "\n").encode()]


def wsgi_app(slack: SlackApp, limits: HttpLimits | None = None) -> WsgiApp:
    """The WSGI callable: the routes, and the guard in front of Bolt on ``EVENTS_PATH``."""
    limits = limits or HttpLimits()
    if slack.signing_secret is None:
        raise ConfigError("HTTP mode needs SLACK_SIGNING_SECRET: set it to the app's signing secret")
    secret = slack.signing_secret.encode()
    bolt = SlackRequestHandler(slack.app, path=EVENTS_PATH)
    metrics = slack.ctx.metrics
    requests_seen = slack.ctx.core.requests
    # Message events for the ingest worker skip Bolt (what Bolt did for them: check the signature
    # again, build a request and a context, run the middleware chain, all only to queue them).
    thin = thin_path(slack.ctx) if slack.ctx.ingest is not None else None

    def refuse(start_response: StartResponse, rejection: Rejection) -> list[bytes]:
        metrics.http_rejected.labels(rejection.metric).inc()
        return _reject(start_response, rejection)

    def events(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        length = http_guard.content_length(environ, limits.max_body_bytes)
        if isinstance(length, Rejection):
            return refuse(start_response, length)
        try:
            body = environ["wsgi.input"].read(length)
        except TimeoutError:
            return refuse(
                start_response,
                Rejection("408 Request Timeout", "the request body did not arrive in time", "timeout"),
            )
        if len(body) != length:
            return refuse(
                start_response,
                Rejection("400 Bad Request", "the body ended before its Content-Length", "length"),
            )
        signed = http_guard.check_signature(
            secret,
            environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
            environ.get("HTTP_X_SLACK_SIGNATURE"),
            body,
            now=time.time(),  # wall time, as Slack's signer and Bolt's own check use, not the injected clock
        )
        if isinstance(signed, Rejection):
            return refuse(start_response, signed)
        payload = http_guard.parse_payload(body, environ.get("CONTENT_TYPE"))
        if isinstance(payload, Rejection):
            return refuse(start_response, payload)
        if payload.get("type") == "app_rate_limited":
            return rate_limited(start_response, payload)
        key = http_guard.replay_key(payload, signed)
        if key is not None:
            try:
                first = requests_seen.claim_request(key)
            except StoreError as exc:
                if payload.get("command"):
                    # A command is always acked, with what is wrong, as in Socket Mode; it cannot run anyway.
                    metrics.http_rejected.labels("store").inc()
                    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
                    return [texts.store_down(str(exc)).encode()]
                return refuse(
                    start_response,
                    Rejection("503 Service Unavailable", "storage is unavailable; try again shortly", "store"),
                )
            if not first:
                metrics.http_rejected.labels("replay").inc()
                log.warning("a replayed signed %s request was ignored", payload.get("type") or "command")
                start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
                return [b""]
        if thin is not None and _message_event(payload):
            # Socket Mode's lane: claim, queue to the ingest worker, ack; no Bolt request, no middleware.
            ack = thin([payload], time.monotonic())[0]  # a full queue refuses at once (Slack retries)
            if ack is not None:
                start_response("200 OK" if ack else "503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b""]
        environ["wsgi.input"] = io.BytesIO(body)
        return bolt(environ, start_response)

    def rate_limited(start_response: StartResponse, payload: dict[str, Any]) -> list[bytes]:
        # Signed, so from Slack: answered at once and without the store (the backfill needs it, not the ack).
        notice = parse_notice(payload)
        if notice is None:
            return refuse(
                start_response,
                Rejection(
                    "400 Bad Request",
                    "app_rate_limited needs a team_id and a whole-number minute_rate_limited",
                    "malformed",
                ),
            )
        metrics.rate_limited.inc()
        slack.ctx.rate_limits.notice(notice)
        start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
        return [b""]

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == HEALTH_PATH:
            status, body = healthz(slack.ctx.core.health)
            start_response(status, [("Content-Type", "text/plain")])
            return [body]
        if path == "/metrics":
            return serve_metrics(environ, start_response)
        if path == EVENTS_PATH and environ.get("REQUEST_METHOD") == "POST":
            return events(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"not found\n"]

    def serve_metrics(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        # Off unless a token is set: behind a reverse proxy every client looks local, so the peer
        # address cannot tell a scraper from the internet.
        if limits.metrics_token is None:
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"not found (set METRICS_TOKEN to enable /metrics)\n"]
        given = str(environ.get("HTTP_AUTHORIZATION") or "")
        if not hmac.compare_digest(given.encode(), f"Bearer {limits.metrics_token}".encode()):
            start_response(
                "401 Unauthorized",
                [("Content-Type", "text/plain; charset=utf-8"), ("WWW-Authenticate", 'Bearer realm="metrics"')],
            )
            return [b"send Authorization: Bearer <METRICS_TOKEN>\n"]
        start_response("200 OK", [("Content-Type", "text/plain; version=0.0.4")])
        return [metrics.render()]

    return application


def _message_event(payload: dict[str, Any]) -> bool:
    event = payload.get("event")
    return payload.get("type") == "event_callback" and isinstance(event, dict) and event.get("type") == "message"


class _DeadlineReader(io.RawIOBase):
    """A socket read side with one deadline for the whole request, not a timeout per ``recv``.

    A per-read timeout lets a client that sends a byte just inside it hold a worker forever.
    """

    def __init__(self, sock: socket.socket, timeout_s: float) -> None:
        self._sock = sock
        self._timeout_s = timeout_s
        self._deadline = time.monotonic() + timeout_s

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("request did not arrive within the deadline")
        self._sock.settimeout(remaining)
        try:
            return self._sock.recv_into(buffer)
        finally:
            self._sock.settimeout(self._timeout_s)  # for writing the answer


class _QuietServerHandler(ServerHandler):
    """wsgiref prints a traceback to stderr when the app or a write fails; one line in the log instead."""

    def log_exception(self, exc_info: Any) -> None:
        log.warning("HTTP request failed (%s)", exc_info[0].__name__ if exc_info[0] else "unknown")


class _Handler(WSGIRequestHandler):
    server: _PooledWSGIServer

    def setup(self) -> None:
        super().setup()
        self.rfile.close()
        self.connection.settimeout(self.server.limits.request_timeout_s)
        self.rfile = io.BufferedReader(_DeadlineReader(self.connection, self.server.limits.request_timeout_s))

    def handle(self) -> None:
        """wsgiref's ``handle`` with ``_QuietServerHandler``, and a timed-out request dropped quietly."""
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.requestline = self.request_version = self.command = ""
                self.send_error(414)
                return
            if not self.parse_request():
                return  # parse_request has answered 400 (or 505)
            handler = _QuietServerHandler(
                self.rfile,
                self.wfile,  # type: ignore[arg-type]  # a BufferedIOBase, which is all wsgiref uses of it
                sys.stderr,
                self.get_environ(),
                multithread=True,
            )
            handler.request_handler = self  # type: ignore[attr-defined]  # wsgiref's back-pointer for logging
            handler.run(self.server.get_app())  # type: ignore[arg-type]  # wsgiref's stubs want its own app type
        except TimeoutError:
            self.server.count("timeout")  # headers that never finished (slowloris): drop the connection

    def log_message(self, format: str, *args: Any) -> None:
        """Request lines go nowhere: query strings may carry data we don't log."""


_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\n"
    b"Connection: close\r\nContent-Length: 33\r\n\r\nbusy: too many open connections\r\n"
)


class _PooledWSGIServer(WSGIServer):
    """wsgiref's server with a fixed pool of workers instead of a thread per connection."""

    request_queue_size = 128  # the listen backlog: bursts queue in the kernel instead of being refused

    def __init__(self, address: tuple[str, int], limits: HttpLimits, count: Callable[[str], None]) -> None:
        super().__init__(address, _Handler)
        self.limits = limits
        self.count = count
        """Counts a connection dropped before the app saw it, by reason (``busy``, ``timeout``)."""
        self._waiting: queue.Queue[tuple[socket.socket, Any] | None] = queue.Queue(maxsize=limits.waiting)
        self._workers = [
            threading.Thread(target=self._work, name=f"sitrep-http-{i}", daemon=True) for i in range(limits.workers)
        ]
        for worker in self._workers:
            worker.start()

    def process_request(self, request: Any, client_address: Any) -> None:
        try:
            self._waiting.put_nowait((request, client_address))
        except queue.Full:
            self.count("busy")
            self._refuse_busy(request)

    def _refuse_busy(self, request: socket.socket) -> None:
        # Read what has already arrived so the close is a FIN the client can read the 503 before.
        try:
            request.setblocking(False)
            while request.recv(65536):
                pass
        except OSError:
            pass
        try:
            request.settimeout(0.5)
            request.sendall(_BUSY)
        except OSError:
            pass
        self.shutdown_request(request)

    def _work(self) -> None:
        while True:
            item = self._waiting.get()
            if item is None:
                return
            request, client_address = item
            try:
                self.finish_request(request, client_address)
            except Exception:  # one broken connection must not end the worker
                self.handle_error(request, client_address)
            finally:
                self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line with the error's type: never a traceback or anything the client sent."""
        error = sys.exc_info()[1]
        log.warning("HTTP connection failed (%s)", type(error).__name__)

    def server_close(self) -> None:
        super().server_close()
        while True:
            try:
                item = self._waiting.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                self.shutdown_request(item[0])
        for _ in self._workers:
            self._waiting.put(None)


class HttpServer:
    """The WSGI server in a background thread; ``port=0`` picks a free port (tests)."""

    def __init__(
        self, slack: SlackApp, *, host: str = "127.0.0.1", port: int = 0, limits: HttpLimits | None = None
    ) -> None:
        limits = limits or HttpLimits()
        self._server = _PooledWSGIServer(
            (host, port), limits, count=lambda reason: slack.ctx.metrics.http_rejected.labels(reason).inc()
        )
        self._server.set_app(wsgi_app(slack, limits))
        # A short poll interval only makes stop() quick (tests start and stop many servers).
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="sitrep-http", daemon=True
        )

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
