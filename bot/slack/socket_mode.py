"""Socket Mode front: slack-sdk's websocket-client adapter with a thin lane for message events and
a pool of its own for slash commands and interactions.

Why not the adapter as shipped (measured in bench/ingest.py and bench/socket_burst.py):

* **Per event it cost three thread hand-offs and Bolt.** The reader thread queued each frame, a
  processor thread parsed it and handed it to one of ten pool threads, which built a Bolt request
  and ran the middleware chain, only to queue a message event to the ingest worker. Here the
  reader parses each frame once, and a message event goes to one lane thread that claims, queues
  and acks it (``thin``, from ``bot.slack.listeners``); everything else (commands, actions, other
  events, review replies) takes the adapter's usual path through Bolt.
* **UTF-8 was validated byte by byte in Python** (websocket-client without ``wsaccel``): about a
  third of the reader's CPU. The frame is decoded with ``bytes.decode`` instead, which is as
  strict and runs in C; a frame that is not UTF-8 is dropped with one log line.
* **A burst it could not keep up with stalled it for good.** Frames queued without limit and were
  acked in arrival order; once the queue held more than 3 s of work every ack came late, Slack
  (the local one too) sent each late envelope again, and the retries queued behind the backlog:
  5,000 back-to-back envelopes left it acking nothing for over a minute. Now an event envelope that
  waited here longer than ``ack_budget_s`` is dropped unacked (Slack redelivers it, and the dedup
  takes care of a copy stored meanwhile), so what is acked is always acked in time and the backlog
  can never outgrow the deadline. A warning says how many were dropped, at most every 10 s.
* **Commands waited behind events.** slack-sdk hands every envelope, in arrival order, to one pool;
  under an event burst a command's envelope waited behind hundreds of queued events (max command
  ack 2.1 s at saturation, Slack allows 3 s), and a burst of commands held up events the same way.
  Commands and interactions (``slash_commands``, ``interactive``) go to a small pool of their own;
  their handlers only ack and queue work (``bot.slack.acks``), so a few threads keep up with any
  rate a person can click at.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode.base_handler import BaseSocketModeHandler
from slack_bolt.adapter.socket_mode.internals import run_bolt_app, send_response
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.websocket_client import SocketModeClient as WebsocketClient
from websocket import WebSocket

from bot.slack.pool import DaemonPool, join_until

log = logging.getLogger(__name__)

ThinPath = Callable[[Sequence[dict[str, Any]], float], list[bool | None]]
"""Takes ``events_api`` payloads and the ``time.monotonic()`` by which they must be acked; for each,
True to ack, False not to ack (Slack retries), None for Bolt's path."""

ACK_BUDGET_S = 2.5
"""How long an event envelope may wait here before it is dropped unacked (SOCKET_ACK_BUDGET_SECONDS):
Slack's ack deadline is 3 s, and an ack sent after it only adds load (Slack has already scheduled
the retry). Measured under 5,000-envelope bursts on 2 busy cores (bench/ack_budget.py, 2.5 s): the
local Slack saw acks at most 2.64 s after sending, the front kept an envelope at most 0.06 s past
its budget (the batch's claims, the send), and no ack arrived after 3 s; the 0.36 s left is for the
real network. What no budget can see is a frame waiting to be read (up to 0.76 s in a burst), but
a late ack costs little: Slack's retry finds the event claimed and is acked at once. Deployments far
from Slack lower it with SOCKET_ACK_BUDGET_SECONDS."""
CLOSE_TIMEOUT_S = 5.0
"""The longest ``close()`` waits for this client's threads (the closing handshake, work in flight)."""
LANE_BATCH = 100
"""Envelopes the lane claims in one round trip; a bound, so the first of a batch is not acked late."""
LANE_CAPACITY = 5000
"""Message envelopes that may wait for the lane; beyond them they are dropped unacked at once."""
WARN_EVERY_S = 10.0

INTERACTIVE = frozenset({"slash_commands", "interactive"})
"""Envelope types a person is waiting on (Slack's 3 s), handled apart from ``events_api``."""
EVENT_THREADS = 10
"""Threads for events on Bolt's path (slack-sdk's default ``concurrency``)."""
INTERACTION_THREADS = 4
"""Threads for commands and interactions: each only acks and queues, a Redis read or two."""


class SocketFrontClient(WebsocketClient):
    """The websocket-client Socket Mode client with a thin lane and a deadline for event envelopes.

    Args:
        thin: handles a message event's ``events_api`` payload without Bolt (see ``ThinPath``);
            None sends every envelope through Bolt.
        ack_budget_s: the longest an event envelope may wait here before it is dropped unacked.
        lane_capacity: message envelopes that may wait for the lane.
        interaction_threads: the pool commands and interactions run on, apart from events.
        close_timeout_s: the longest ``close()`` waits; what still runs then is left behind on
            daemon threads (an unacked event is redelivered by Slack).
        on_dropped: told each event envelope's payload that was dropped too late or with the lane
            full (``bot.slack.drop_catch_up`` reads them back from history if every redelivery is too).
    """

    def __init__(
        self,
        app_token: str,
        *,
        thin: ThinPath | None = None,
        ack_budget_s: float = ACK_BUDGET_S,
        lane_capacity: int = LANE_CAPACITY,
        interaction_threads: int = INTERACTION_THREADS,
        close_timeout_s: float = CLOSE_TIMEOUT_S,
        on_dropped: Callable[[Mapping[str, Any]], None] | None = None,
        **kwargs: Any,
    ) -> None:
        # Before super().__init__: it starts the thread that calls process_message. Both pools have
        # daemon threads (``bot.slack.pool``), so a listener stuck on a hung call cannot hold up
        # close() or the process's exit; the SDK's own ``message_workers`` is never used.
        self.interaction_workers = DaemonPool(interaction_threads, "sitrep-ack")
        self.bolt_workers = DaemonPool(int(kwargs.get("concurrency", EVENT_THREADS)), "sitrep-socket-bolt")
        self._thin = thin
        self._on_dropped = on_dropped
        self.ack_budget_s = ack_budget_s
        self.close_timeout_s = close_timeout_s
        self._lane_capacity = lane_capacity
        self._lane: deque[tuple[float, dict[str, Any]]] = deque()
        self._lane_ready = threading.Condition()
        self._drop_lock = threading.Lock()
        self._dropped_since_warning = 0
        self._last_warning = 0.0
        self.dropped = 0
        """Event envelopes dropped unacked (too late, lane full, not UTF-8 or not JSON)."""
        super().__init__(app_token, **kwargs)
        self._lane_thread = threading.Thread(target=self._run_lane, name="sitrep-socket-events", daemon=True)
        self._lane_thread.start()

    # -- the reader thread ----------------------------------------------------------------------

    def enqueue_message(self, message: str | bytes) -> None:
        """Parse a frame once, on the reader thread; message events go to the lane, the rest to Bolt."""
        received = time.monotonic()
        if isinstance(message, bytes | bytearray):
            try:
                message = bytes(message).decode("utf-8")
            except UnicodeDecodeError:
                self._drop(1, "a frame that is not UTF-8")
                return
        try:
            envelope = json.loads(message) if message.startswith("{") else None
        except ValueError:
            envelope = None
        if not isinstance(envelope, dict):
            self._drop(1, "a frame that is not a JSON object")
            return
        if self._thin is not None and envelope.get("type") == "events_api" and _is_message(envelope):
            with self._lane_ready:
                if len(self._lane) < self._lane_capacity:
                    self._lane.append((received, envelope))
                    self._lane_ready.notify()
                    return
            self._drop(1, "the event lane is full", [envelope])
            return
        self.message_queue.put((received, envelope, message))

    def _run_current_session(self) -> None:
        """The adapter's session loop, with websocket-client's pure-Python UTF-8 check off.

        ``enqueue_message`` decodes each text frame strictly instead. At DEBUG the SDK's own frame
        logging needs text, so the check stays on there (speed does not matter then).
        """
        session = self.current_session
        if session is None or self.closed:
            return  # closed between the runner's turns: no new connection after close()
        try:
            self.logger.info("Starting to receive messages from a new connection")
            session.run_forever(
                ping_interval=self.ping_interval,
                http_proxy_host=self.http_proxy_host,
                http_proxy_port=self.http_proxy_port,
                http_proxy_auth=self.http_proxy_auth,
                proxy_type=self.proxy_type,
                skip_utf8_validation=not self.logger.isEnabledFor(logging.DEBUG),
            )
            self.logger.info("Stopped receiving messages from a connection")
        except Exception as exc:
            self.logger.error(f"Failed to start or stop the current session ({type(exc).__name__})")
            if self.current_session is not None:
                self.current_session.close()  # the monitor notices and reconnects

    # -- Bolt's path (commands, actions, other events) --------------------------------------------

    def process_message(self) -> None:
        """The adapter's dispatcher, on parsed envelopes; an event envelope past its budget is dropped."""
        try:
            received, envelope, raw = self.message_queue.get(timeout=1)
        except queue.Empty:
            return
        if envelope.get("type") == "disconnect":
            self.connect_to_new_endpoint(force=True)
            return
        pool = self.interaction_workers if envelope.get("type") in INTERACTIVE else self.bolt_workers
        self._submit(pool, received, envelope, raw)

    def _submit(self, pool: DaemonPool, received: float, envelope: dict[str, Any], raw: str) -> None:
        """Hand an envelope to Bolt on ``pool``; once closing, leave it unacked (Slack redelivers it)."""
        if self.closed:
            return
        try:
            pool.submit(self._run_if_in_time, received, envelope, raw)
        except RuntimeError:  # shut down between the check and the submit: closing after all
            return

    def _run_if_in_time(self, received: float, envelope: dict[str, Any], raw: str) -> None:
        """Run Bolt on a pool thread; an event envelope that waited past its budget (here or in the
        pool's queue) is dropped instead: its ack would come too late."""
        if envelope.get("type") == "events_api" and time.monotonic() - received > self.ack_budget_s:
            self._drop(1, "events that waited too long", [envelope])
            return
        self.run_message_listeners(envelope, raw)

    # -- the lane -------------------------------------------------------------------------------

    def _run_lane(self) -> None:
        while True:
            with self._lane_ready:
                while not self._lane and not self.closed:
                    self._lane_ready.wait(1.0)
                if self.closed:
                    return
                batch = [self._lane.popleft() for _ in range(min(LANE_BATCH, len(self._lane)))]
            now = time.monotonic()
            fresh = [(received, envelope) for received, envelope in batch if now - received <= self.ack_budget_s]
            if len(fresh) < len(batch):
                late = [envelope for received, envelope in batch if now - received > self.ack_budget_s]
                self._drop(len(late), "events that waited too long", late)
            if fresh:
                self._handle(fresh)

    def _handle(self, envelopes: list[tuple[float, dict[str, Any]]]) -> None:
        assert self._thin is not None
        try:
            deadline = envelopes[0][0] + self.ack_budget_s  # the oldest envelope's
            answers = self._thin([envelope["payload"] for _, envelope in envelopes], deadline)
        except Exception as exc:  # a bad batch must not end the lane; Slack retries it
            log.error("Socket Mode events failed before their ack (%s); not acked", type(exc).__name__)
            return
        for (received, envelope), ack in zip(envelopes, answers, strict=True):
            if ack is None:  # not the thin path's after all: Bolt's path, as if it had come that way
                self._submit(self.bolt_workers, received, envelope, "")
            elif ack:
                try:
                    self.send_message(json.dumps({"envelope_id": envelope.get("envelope_id")}))
                except Exception as exc:  # the connection went away: Slack redelivers, the dedup drops the copy
                    log.warning("a Socket Mode ack could not be sent (%s)", type(exc).__name__)
                    return

    def _drop(self, count: int, why: str, envelopes: Sequence[Mapping[str, Any]] = ()) -> None:
        """Count envelopes left unacked; say so at most every WARN_EVERY_S (a burst is one line). The
        event envelopes among them are told to ``on_dropped``."""
        if self._on_dropped is not None:
            for envelope in envelopes:
                payload = envelope.get("payload")
                if isinstance(payload, Mapping):
                    self._on_dropped(payload)
        now = time.monotonic()
        with self._drop_lock:
            self.dropped += count
            self._dropped_since_warning += count
            if now - self._last_warning < WARN_EVERY_S:
                return
            dropped, self._dropped_since_warning, self._last_warning = self._dropped_since_warning, 0, now
        log.warning(
            "Socket Mode: %d envelope(s) dropped without an ack (latest: %s); Slack redelivers events, "
            "so nothing is lost, but this front fell behind (a burst, or a slow store or worker)",
            dropped,
            why,
        )

    def close(self, timeout_s: float | None = None) -> None:
        """Leave Slack and stop this client's threads, waiting at most ``timeout_s`` (default
        ``close_timeout_s``) in all.

        The SDK's ``close()`` joined every thread without a timeout, the listener pool included: a
        listener stuck on a hung call, or a closing handshake Slack never answered, held it (and
        the demo, and ``sitrep run``'s exit) up. Queued envelopes are dropped unacked (Slack
        redelivers them); work still running at the deadline is left on its daemon thread.
        """
        deadline = time.monotonic() + (self.close_timeout_s if timeout_s is None else timeout_s)
        self.closed = True
        self.auto_reconnect_enabled = False
        # websocket-client's close() does nothing to a connection still being made (its handshake not
        # done) and then drops its only reference, so the socket that connect goes on to open is
        # never closed (a ResourceWarning when it is collected). Held here, it is shut after the join.
        session = self.current_session
        opening = session.sock if session is not None else None
        with self._lane_ready:
            self._lane_ready.notify_all()
        # websocket-client waits up to 3 s for the server's close frame: on a thread of its own.
        closer = threading.Thread(target=self._disconnect_quietly, name="sitrep-socket-close", daemon=True)
        closer.start()
        runners = (self.current_session_runner, self.current_app_monitor, self.message_processor)
        threads = [closer, self._lane_thread]
        for runner in runners:
            runner.event.set()
            if getattr(runner, "thread", None) is not None:
                threads.append(runner.thread)
        self.bolt_workers.shutdown(wait=False, cancel_futures=True)
        self.interaction_workers.shutdown(wait=False, cancel_futures=True)
        threads += self.bolt_workers.threads + self.interaction_workers.threads
        join_until(threads, deadline)
        if opening is not None:
            _shut(opening)
        busy = self.bolt_workers.busy + self.interaction_workers.busy
        if busy:
            log.warning(
                "Socket Mode closed with %d thread(s) still busy (%s); left behind, unacked work is redelivered",
                len(busy),
                ", ".join(sorted(busy)[:5]),
            )

    def _disconnect_quietly(self) -> None:
        try:
            self.disconnect()
        except Exception as exc:  # the connection is going anyway
            log.info("Socket Mode: closing the connection failed (%s)", type(exc).__name__)


def _shut(connection: WebSocket) -> None:
    """Close ``connection``'s socket whatever its state. Shut down first: a close alone does not
    wake the thread still blocked reading the handshake, so the peer would never see it go."""
    raw = connection.sock
    if raw is not None:
        with contextlib.suppress(OSError):
            raw.shutdown(socket.SHUT_RDWR)
    connection.shutdown()  # type: ignore[no-untyped-call]  # closes it if still open, else nothing


def _is_message(envelope: dict[str, Any]) -> bool:
    payload = envelope.get("payload")
    event = payload.get("event") if isinstance(payload, dict) else None
    return isinstance(event, dict) and event.get("type") == "message"


class SocketFrontHandler(BaseSocketModeHandler):
    """Bolt's Socket Mode handler around ``SocketFrontClient`` (Bolt's path unchanged for the rest)."""

    client: SocketFrontClient

    def __init__(
        self,
        app: App,
        app_token: str,
        *,
        thin: ThinPath | None = None,
        ping_interval: float = 10,
        concurrency: int = EVENT_THREADS,
        interaction_threads: int = INTERACTION_THREADS,
        ack_budget_s: float = ACK_BUDGET_S,
        close_timeout_s: float = CLOSE_TIMEOUT_S,
        on_dropped: Callable[[Mapping[str, Any]], None] | None = None,
    ) -> None:
        self.app = app
        self.client = SocketFrontClient(
            app_token,
            thin=thin,
            ack_budget_s=ack_budget_s,
            close_timeout_s=close_timeout_s,
            on_dropped=on_dropped,
            logger=app.logger,
            web_client=app.client,
            ping_interval=ping_interval,
            concurrency=concurrency,
            interaction_threads=interaction_threads,
        )
        self.client.socket_mode_request_listeners.append(self.handle)

    def handle(self, client: BaseSocketModeClient, req: SocketModeRequest) -> None:
        start = time.time()
        send_response(client, req, run_bolt_app(self.app, req), start)
