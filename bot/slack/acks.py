"""Slash commands, button clicks and modal submissions acked in the thread the request arrived on.

Bolt runs an ack function on its listener pool and polls every 10 ms until it has acked; under
ingest load a command's ack also queued there behind event listeners (ack p99 280 ms over HTTP at
100 events/s with 200 commands). The handlers registered here only decide the ack (a short text,
"busy", a form's errors) and queue their work on the bounded work queue (``bot.slack.work``); one
global middleware runs the handler right where the request is (an HTTP worker, a Socket Mode
message worker) and returns the ack as the response: no pool hop, no polling. It sits after Bolt's
own middleware, so signature verification and the self-event filter still run first, and the HTTP
guard's replay check (``bot.slack.http``) before all of it.

A handler must not do slow work before it returns: whatever follows the ack delays it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltRequest, BoltResponse, Respond
from slack_bolt.middleware import Middleware

from bot.slack import texts

log = logging.getLogger(__name__)

Handler = Callable[[Ack, dict[str, Any], Respond], None]
"""Acks (``ack(...)``) and queues the work; the ack is the answer Slack gets."""


class FrontAcks(Middleware):
    """The registry of interaction handlers, and the Bolt middleware that runs them inline."""

    def __init__(self, on_error: Callable[[], None] | None = None) -> None:
        """``on_error`` counts a handler that raised (the metrics' error counter)."""
        self._commands: dict[str, Handler] = {}
        self._actions: dict[str, Handler] = {}
        self._views: dict[str, Handler] = {}
        self._on_error = on_error

    def command(self, name: str) -> Callable[[Handler], Handler]:
        """Register the handler of slash command ``name`` (a decorator, like Bolt's ``app.command``)."""
        return self._add(self._commands, name)

    def action(self, action_id: str) -> Callable[[Handler], Handler]:
        """Register the handler of the button ``action_id``."""
        return self._add(self._actions, action_id)

    def view(self, callback_id: str) -> Callable[[Handler], Handler]:
        """Register the handler of the modal submission ``callback_id``."""
        return self._add(self._views, callback_id)

    @staticmethod
    def _add(table: dict[str, Handler], key: str) -> Callable[[Handler], Handler]:
        if key in table:
            raise ValueError(f"{key!r} has a handler already")

        def register(handler: Handler) -> Handler:
            table[key] = handler
            return handler

        return register

    def handler_for(self, body: Any) -> tuple[str, Handler] | None:
        """The handler for this payload and what it is (``command``, ``action``, ``view``), or None."""
        if not isinstance(body, dict):
            return None
        command = body.get("command")
        if isinstance(command, str):
            found = self._commands.get(command)
            return ("command", found) if found else None
        kind = body.get("type")
        if kind == "block_actions":
            actions = body.get("actions")
            first = actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], dict) else {}
            found = self._actions.get(str(first.get("action_id")))
            return ("action", found) if found else None
        if kind == "view_submission":
            view = body.get("view")
            found = self._views.get(str(view.get("callback_id"))) if isinstance(view, dict) else None
            return ("view", found) if found else None
        return None

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        """Run the payload's handler here and answer with its ack; anything else goes on to Bolt."""
        found = self.handler_for(req.body)
        if found is None:
            return next()
        kind, handler = found
        ack = req.context.ack
        respond = req.context.respond or Respond(response_url=None)
        try:
            handler(ack, req.body, respond)
        except Exception as exc:
            # The exception text may quote what a person typed; its type is enough to find it.
            if self._on_error is not None:
                self._on_error()
            log.error("%s handler failed (%s)", kind, type(exc).__name__)
            if ack.response is None:
                # Slack's own "didn't respond" tells a user nothing; a command gets the one line.
                if kind == "command":
                    ack(text=texts.ERROR.format(reason="an internal error; the log has its type"))
                else:
                    ack()
        if ack.response is None:
            ack()  # a handler that forgot still leaves Slack with an answer, not a timeout
        return ack.response
