"""Socket Mode over websocket-client with a lane of its own for slash commands and interactions.

slack-sdk's client hands every envelope, in arrival order, to one pool of ``concurrency`` threads;
its queue is unbounded and first-come first-served, so under an event burst a command's envelope
waited behind hundreds of queued events (max command ack 2.1 s at saturation, Slack allows 3 s),
and a burst of commands would hold up events the same way. Here commands and interactions
(``slash_commands``, ``interactive``) go to a small pool of their own; their handlers only ack and
queue work (``bot.slack.acks``), so a few threads keep up with any rate a person can click at.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from queue import Empty
from time import time
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode.base_handler import BaseSocketModeHandler
from slack_bolt.adapter.socket_mode.internals import run_bolt_app, send_response
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.websocket_client import SocketModeClient

INTERACTIVE = frozenset({"slash_commands", "interactive"})
"""Envelope types a person is waiting on (Slack's 3 s), handled apart from ``events_api``."""

EVENT_THREADS = 10
"""Threads for events (slack-sdk's default ``concurrency``)."""
INTERACTION_THREADS = 4
"""Threads for commands and interactions: each only acks and queues, a Redis read or two."""


class LanedClient(SocketModeClient):
    """websocket-client's Socket Mode client, routing envelopes to two pools by their type."""

    def __init__(self, *, app_token: str, interaction_threads: int = INTERACTION_THREADS, **kwargs: Any) -> None:
        # Before super().__init__: it starts the thread that calls process_message.
        self.interaction_workers = ThreadPoolExecutor(max_workers=interaction_threads, thread_name_prefix="sitrep-ack")
        super().__init__(app_token=app_token, **kwargs)

    def process_message(self) -> None:
        """slack-sdk's ``process_message``, except that the envelope's type picks the pool."""
        try:
            raw_message = self.message_queue.get(timeout=1)
        except Empty:
            return
        if raw_message is None:
            return
        message: dict[str, Any] = json.loads(raw_message) if raw_message.startswith("{") else {}
        if message.get("type") == "disconnect":
            self.connect_to_new_endpoint(force=True)
            return
        pool = self.interaction_workers if message.get("type") in INTERACTIVE else self.message_workers
        pool.submit(self.run_message_listeners, message, raw_message)

    def close(self) -> None:
        super().close()
        self.interaction_workers.shutdown()


class SocketModeHandler(BaseSocketModeHandler):
    """Bolt's websocket-client Socket Mode handler on a ``LanedClient``."""

    app: App
    client: LanedClient

    def __init__(
        self,
        app: App,
        app_token: str,
        *,
        concurrency: int = EVENT_THREADS,
        interaction_threads: int = INTERACTION_THREADS,
    ) -> None:
        self.app = app
        self.app_token = app_token
        self.client = LanedClient(
            app_token=app_token,
            logger=app.logger,
            web_client=app.client,
            concurrency=concurrency,
            interaction_threads=interaction_threads,
        )
        self.client.socket_mode_request_listeners.append(self.handle)

    def handle(self, client: BaseSocketModeClient, req: SocketModeRequest) -> None:
        """Bolt's own ``handle``: dispatch, then send the ack (with its payload) on the socket."""
        start = time()
        send_response(client, req, run_bolt_app(self.app, req), start)
