"""Socket Mode: a WebSocket server that plays Slack's side (hello, envelopes, acks, redelivery, disconnect).

``apps.connections.open`` hands out single-use ``ws://127.0.0.1:<port>/link/?ticket=…&app_id=…`` URLs. On
connect the server sends ``hello``; each envelope is ``{"envelope_id", "type", "payload",
"accepts_response_payload", "retry_attempt", "retry_reason"}`` and the client acks with ``{"envelope_id",
"payload"?}``. An ``events_api`` envelope not acked within the ack timeout is sent again (new envelope_id,
same payload and event_id) with ``retry_attempt`` + 1 and ``retry_reason: "timeout"``, up to ``max_retries``
times, each after its ``retry_delays_s`` wait. Commands and interactions are never redelivered: Slack shows
the user an error instead.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

from .deliveries import Delivery, DeliveryLog
from .model import JSON
from .sync import Timers

log = logging.getLogger(__name__)


@dataclass
class Envelope:
    envelope_id: str
    kind: str
    payload: JSON
    accepts_response_payload: bool
    event_id: str | None
    redeliver: bool
    retry_attempt: int = 0
    retry_reason: str = ""
    acked: threading.Event = field(default_factory=threading.Event)
    ack_payload: JSON | None = None
    delivery: Delivery | None = None

    def frame(self) -> str:
        return json.dumps(
            {
                "envelope_id": self.envelope_id,
                "type": self.kind,
                "payload": self.payload,
                "accepts_response_payload": self.accepts_response_payload,
                "retry_attempt": self.retry_attempt,
                "retry_reason": self.retry_reason,
            }
        )


@dataclass
class SocketConnection:
    """One app connection as the server sees it."""

    id: str
    ticket: str
    conn: ServerConnection = field(repr=False)
    send_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    draining: bool = False
    closed: bool = False
    received: list[JSON] = field(default_factory=list)


class SocketModeServer:
    def __init__(
        self,
        *,
        app_id: str,
        ack_timeout_s: float,
        max_retries: int,
        disconnect_grace_s: float,
        retry_delays_s: tuple[float, ...] = (),
        ping_interval_s: float | None,
        timers: Timers,
        deliveries: DeliveryLog,
        on_change: Callable[[], None],
    ) -> None:
        self._app_id = app_id
        self.ack_timeout_s = ack_timeout_s
        self.max_retries = max_retries
        self._retry_delays = retry_delays_s
        self.disconnect_grace_s = disconnect_grace_s
        self._ping_interval_s = ping_interval_s
        self._timers = timers
        self._deliveries = deliveries
        self._on_change = on_change
        self._lock = threading.RLock()
        self._tickets: set[str] = set()
        self._connections: list[SocketConnection] = []
        self._pending: dict[str, Envelope] = {}
        self._backlog: list[Envelope] = []
        self._opened = 0
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------------------

    def start(self) -> None:
        self._server = serve(
            self._handle,
            "127.0.0.1",
            0,
            process_request=self._check_ticket,
            compression=None,
            ping_interval=self._ping_interval_s,
            ping_timeout=20,
            close_timeout=1,
        )
        self._thread = threading.Thread(target=self._server.serve_forever, name="local-slack-socket", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("socket mode server not started")
        return int(self._server.socket.getsockname()[1])

    def issue_url(self) -> str:
        ticket = uuid.uuid4().hex
        with self._lock:
            self._tickets.add(ticket)
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self._app_id}"

    # -- connections -------------------------------------------------------------------------------------

    def _check_ticket(self, conn: ServerConnection, request: Request) -> Response | None:
        url = urlsplit(request.path)
        ticket = parse_qs(url.query).get("ticket", [""])[0]
        with self._lock:
            if url.path.rstrip("/") == "/link" and ticket in self._tickets:
                self._tickets.discard(ticket)
                return None
        return conn.respond(HTTPStatus.UNAUTHORIZED, "invalid or used ticket\n")

    def connections(self, *, active_only: bool = True) -> list[SocketConnection]:
        with self._lock:
            return [c for c in self._connections if not (active_only and c.closed)]

    @property
    def opened_count(self) -> int:
        """How many connections were ever accepted (a refresh makes this grow)."""
        with self._lock:
            return self._opened

    def _handle(self, conn: ServerConnection) -> None:
        ticket = parse_qs(urlsplit(conn.request.path if conn.request else "").query).get("ticket", [""])[0]
        link = SocketConnection(id=str(uuid.uuid4()), ticket=ticket, conn=conn)
        with self._lock:
            self._connections.append(link)
            self._opened += 1
            count = len([c for c in self._connections if not c.closed])
        hello = {
            "type": "hello",
            "num_connections": count,
            "debug_info": {"host": "applink-local-1", "build_number": 1, "approximate_connection_time": 18060},
            "connection_info": {"app_id": self._app_id},
        }
        try:
            self._send_raw(link, json.dumps(hello))
            self._flush_backlog()
            self._on_change()
            for message in conn:
                self._on_frame(link, message)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                link.closed = True
            self._on_change()

    def _send_raw(self, link: SocketConnection, frame: str) -> bool:
        with link.send_lock:
            if link.closed:
                return False
            try:
                link.conn.send(frame)
            except ConnectionClosed:
                return False
            return True

    def _target(self) -> SocketConnection | None:
        """Envelopes go to the newest connection that is open and not being refreshed."""
        with self._lock:
            live = [c for c in self._connections if not c.closed and not c.draining]
            return live[-1] if live else None

    def _on_frame(self, link: SocketConnection, message: str | bytes) -> None:
        try:
            data = json.loads(message)
        except (json.JSONDecodeError, UnicodeDecodeError):
            log.warning("socket mode: ignoring a frame that is not JSON")
            return
        if not isinstance(data, dict):
            return
        link.received.append(data)
        envelope_id = data.get("envelope_id")
        with self._lock:
            envelope = self._pending.pop(str(envelope_id), None)
        if envelope is None:
            return
        payload = data.get("payload")
        envelope.ack_payload = payload if isinstance(payload, dict) else None
        if envelope.delivery is not None:
            self._deliveries.finish(envelope.delivery, "acked", ack_payload=envelope.ack_payload)
        envelope.acked.set()
        self._on_change()

    def disconnect(self, reason: str = "refresh_requested", *, grace_s: float | None = None) -> int:
        """Send ``disconnect`` on every open connection, then close each after ``grace_s``; returns how many."""
        grace = self.disconnect_grace_s if grace_s is None else grace_s
        frame = json.dumps({"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-local-1"}})
        targets = self.connections()
        for link in targets:
            with self._lock:
                link.draining = True
            self._send_raw(link, frame)
            self._timers.call_later(grace, functools.partial(self._close, link))
        return len(targets)

    def drop_all(self) -> None:
        """Close every connection at once, as a network failure or a Slack deploy would."""
        for link in self.connections():
            self._close(link)

    def _close(self, link: SocketConnection) -> None:
        """Close without blocking the caller: the closing handshake may wait for a slow client."""
        if not link.closed:
            threading.Thread(target=link.conn.close, name="local-slack-socket-close", daemon=True).start()

    # -- envelopes ---------------------------------------------------------------------------------------

    def send(self, kind: str, payload: JSON, *, accepts_response_payload: bool, event_id: str | None) -> Envelope:
        envelope = Envelope(
            envelope_id=str(uuid.uuid4()),
            kind=kind,
            payload=payload,
            accepts_response_payload=accepts_response_payload,
            event_id=event_id,
            redeliver=kind == "events_api",
        )
        self._dispatch(envelope)
        return envelope

    def has_connection(self) -> bool:
        return self._target() is not None

    def backlog_size(self) -> int:
        """Envelopes waiting for a connection (events emitted while the app was disconnected)."""
        with self._lock:
            return len(self._backlog)

    def take_backlog(self) -> list[Envelope]:
        with self._lock:
            backlog, self._backlog = self._backlog, []
            return backlog

    def _flush_backlog(self) -> None:
        for envelope in self.take_backlog():
            self._dispatch(envelope)

    def _dispatch(self, envelope: Envelope) -> None:
        link = self._target()
        if link is None:
            if envelope.redeliver:
                with self._lock:
                    self._backlog.append(envelope)
            return
        with self._lock:
            self._pending[envelope.envelope_id] = envelope
        envelope.delivery = self._deliveries.start(
            transport="socket",
            kind=envelope.kind,
            event_id=envelope.event_id,
            envelope_id=envelope.envelope_id,
            retry_attempt=envelope.retry_attempt,
            retry_reason=envelope.retry_reason,
        )
        self._send_raw(link, envelope.frame())
        self._timers.call_later(self.ack_timeout_s, lambda: self._ack_deadline(envelope))
        self._on_change()

    def _ack_deadline(self, envelope: Envelope) -> None:
        with self._lock:
            if self._pending.pop(envelope.envelope_id, None) is None:
                return
        if envelope.delivery is not None:
            self._deliveries.finish(envelope.delivery, "timeout")
        if envelope.redeliver and envelope.retry_attempt < self.max_retries:
            retry = Envelope(
                envelope_id=str(uuid.uuid4()),
                kind=envelope.kind,
                payload=envelope.payload,
                accepts_response_payload=envelope.accepts_response_payload,
                event_id=envelope.event_id,
                redeliver=True,
                retry_attempt=envelope.retry_attempt + 1,
                retry_reason="timeout",
            )
            attempt = envelope.retry_attempt
            delay = self._retry_delays[attempt] if attempt < len(self._retry_delays) else 0.0
            if delay > 0:
                self._timers.call_later(delay, lambda: self._dispatch(retry))
            else:
                self._dispatch(retry)
        self._on_change()
