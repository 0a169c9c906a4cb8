"""``LocalSlack``: a faithful, stateful Slack workspace on 127.0.0.1 for tests and demos.

It serves the Web API at ``api_url`` for the real ``slack_sdk.WebClient`` (and Bolt), plays the people in the
workspace (posts, edits, reactions, slash commands, button clicks, modal submissions), and delivers the
resulting events to the app over Socket Mode or signed HTTP, recording every call and delivery.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import TracebackType
from typing import Any, Literal

from bot.clock import Clock, SystemClock

from . import events
from .deliveries import Delivery, DeliveryLog, InteractionResult
from .errors import SandboxUsageError, SlackError
from .faults import Fault, FaultPlan
from .http_delivery import HttpResult, HttpTargets, HttpTransport, sign
from .ids import IdFactory
from .journal import Journal, TokenStatus
from .model import JSON, Channel, Ephemeral, Message, ResponsePost, ResponseUrl, StoredFile, User, View
from .rate_limit import EventRateLimit, notice
from .render import Identity, render_view
from .server import HttpServer
from .socket_mode import SocketModeServer
from .state import Workspace
from .sync import Notifier, Timers
from .web_api import DEFAULT_SCOPES, ApiResponse, WebApi

DEFAULT_SUBSCRIPTIONS: tuple[str, ...] = (
    "message.channels",
    "message.groups",
    "message.im",
    "message.mpim",
    "app_mention",
    "reaction_added",
    "reaction_removed",
    "member_joined_channel",
    "member_left_channel",
    "channel_created",
    "channel_archive",
    "pin_added",
    "pin_removed",
    "file_shared",
)


class LocalSlack:
    """A local Slack workspace with one installed app. Use as a context manager (or call start/stop)."""

    def __init__(
        self,
        *,
        signing_secret: str = "local-signing-secret",  # noqa: S107 - fake credentials of a local emulator
        bot_token: str = "xoxb-local",  # noqa: S107 - fake credentials of a local emulator
        app_token: str = "xapp-local",  # noqa: S107 - fake credentials of a local emulator
        verification_token: str = "local-verification-token",  # noqa: S107 - fake credentials of a local emulator
        team_id: str = "T0LOCAL001",
        team_name: str = "Local Workspace",
        team_domain: str = "local-workspace",
        app_id: str = "A0LOCAL001",
        bot_id: str = "B0LOCAL001",
        bot_user_id: str = "U0LOCALBOT",
        bot_name: str = "sitrep",
        clock: Clock | None = None,
        scopes: Iterable[str] = DEFAULT_SCOPES,
        subscriptions: Iterable[str] = DEFAULT_SUBSCRIPTIONS,
        ack_timeout_s: float = 3.0,
        max_retries: int = 3,
        retry_delays_s: Sequence[float] = (0.0, 0.0, 0.0),
        disconnect_grace_s: float = 10.0,
        socket_ping_interval_s: float | None = 10.0,
        events_per_hour: int | None = None,
    ) -> None:
        """``events_per_hour``: Slack's Events API cap (30,000 in Slack); events over it in the last hour
        (on ``clock``) are dropped and the app told with ``app_rate_limited``. None: no cap.

        ``retry_delays_s``: the wait before each redelivery of an event (HTTP: after a failed or slow
        answer; Socket Mode: after the ack timeout). Slack spaces its retries (about immediately, then
        1 and 5 minutes later), so an app that fell behind in a burst gets its events again after the
        burst; the zero default is the harshest case, every retry landing in the same backlog."""
        self.ident = Identity(
            team_id=team_id,
            team_name=team_name,
            team_domain=team_domain,
            app_id=app_id,
            bot_id=bot_id,
            bot_user_id=bot_user_id,
            bot_name=bot_name,
        )
        self.signing_secret = signing_secret
        self._verification_token = verification_token
        self.subscriptions = set(subscriptions)
        self.ack_timeout_s = ack_timeout_s
        self._retry_delays = tuple(retry_delays_s)[:max_retries]
        self.clock: Clock = clock or SystemClock()
        self.ids = IdFactory()
        self.journal = Journal()
        self.delivery_log = DeliveryLog()
        self.faults = FaultPlan()
        self.rate_limit = EventRateLimit(events_per_hour)
        self._notifier = Notifier()
        self._timers = Timers()
        self._emitted: list[JSON] = []
        self._emitted_lock = threading.Lock()
        self._http: HttpTransport | None = None
        self.ws = Workspace(self.ident, self.clock, self.ids, lambda: self.base_url)
        self.ws.set_sink(self._on_event)
        self.api = WebApi(
            self.ws,
            bot_token=bot_token,
            app_token=app_token,
            scopes=scopes,
            socket_url=self._socket_url,
            base_url=lambda: self.base_url,
        )
        self._bot_token = bot_token
        self.socket = SocketModeServer(
            app_id=app_id,
            ack_timeout_s=ack_timeout_s,
            max_retries=max_retries,
            retry_delays_s=self._retry_delays,
            disconnect_grace_s=disconnect_grace_s,
            ping_interval_s=socket_ping_interval_s,
            timers=self._timers,
            deliveries=self.delivery_log,
            on_change=self._notifier.notify,
        )
        self._server = HttpServer(self)
        self._started = False

    # -- lifecycle ---------------------------------------------------------------------------------------

    def start(self) -> LocalSlack:
        if not self._started:
            self._server.start()
            self.socket.start()
            self._started = True
        return self

    def stop(self) -> None:
        if self._started:
            self._started = False
            if self._http is not None:
                self._http.close()
            self.socket.stop()
            self._server.stop()
            self._timers.stop()

    def __enter__(self) -> LocalSlack:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- identity ----------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.port}/"

    @property
    def api_url(self) -> str:
        """Pass to ``WebClient(base_url=...)``; it ends in ``/api/`` as slack-sdk needs."""
        return f"{self.base_url}api/"

    @property
    def bot_user_id(self) -> str:
        return self.ident.bot_user_id

    @property
    def bot_id(self) -> str:
        return self.ident.bot_id

    @property
    def app_id(self) -> str:
        return self.ident.app_id

    @property
    def team_id(self) -> str:
        return self.ident.team_id

    # -- seeding -----------------------------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        *,
        name: str,
        real_name: str = "",
        display_name: str = "",
        email: str | None = None,
        title: str = "",
        tz: str = "UTC",
        is_admin: bool = False,
    ) -> str:
        self.ws.add_user(
            User(
                id=user_id,
                name=name,
                real_name=real_name or name,
                display_name=display_name,
                email=email,
                title=title,
                tz=tz,
                is_admin=is_admin,
            )
        )
        return user_id

    def create_channel(
        self,
        name: str,
        *,
        private: bool = False,
        members: Iterable[str] = (),
        creator: str | None = None,
        channel_id: str | None = None,
        topic: str = "",
        purpose: str = "",
    ) -> str:
        """Create a conversation (emits ``channel_created`` for public ones); returns its ID."""
        member_list = list(members)
        owner = creator or next((m for m in member_list if m != self.bot_user_id), None)
        if owner is None:
            raise SandboxUsageError("a channel needs a human creator or member")
        channel = self.ws.create_channel(
            name,
            kind="group" if private else "channel",
            creator=owner,
            members=member_list,
            channel_id=channel_id,
            topic=topic,
            purpose=purpose,
        )
        self._changed()
        return channel.id

    def dm_channel(self, user_id: str) -> str:
        """The DM conversation between the bot and ``user_id`` (opened on first use)."""
        return self.ws.open_im(user_id).id

    # -- people acting -----------------------------------------------------------------------------------

    def _member_channel(self, user_id: str, channel_ref: str) -> Channel:
        self.ws.user(user_id)
        channel = self.ws.channel(channel_ref)
        if user_id not in channel.members:
            raise SandboxUsageError(f"{user_id} is not a member of {channel.id}")
        return channel

    def post_as_user(
        self,
        user_id: str,
        channel: str,
        text: str,
        *,
        thread_ts: str | None = None,
        reply_broadcast: bool = False,
        blocks: list[JSON] | None = None,
        attachments: list[JSON] | None = None,
        extra: JSON | None = None,
    ) -> str:
        """A person posts (or replies in a thread); the app gets a ``message`` event if its bot is in the channel.

        ``extra`` adds raw keys to the message as Slack would send them (``files`` with titles, a
        Slack Connect guest's ``user_team`` and ``user_profile``).
        """
        target = self._member_channel(user_id, channel)
        try:
            msg = self.ws.post(
                target,
                user_id,
                text,
                thread_ts=thread_ts,
                reply_broadcast=reply_broadcast,
                blocks=blocks,
                attachments=attachments,
                extra=extra,
                typed_by_person=True,
            )
        except SlackError as exc:
            raise SandboxUsageError(exc.code) from exc
        self._changed()
        return msg.ts

    def post_as_integration(
        self,
        username: str,
        channel: str,
        text: str,
        *,
        thread_ts: str | None = None,
        bot_id: str | None = None,
        attachments: list[JSON] | None = None,
    ) -> str:
        """An integration (PagerDuty, Datadog, a deploy bot) posts: a ``bot_message`` with ``username``
        and its own ``bot_id``, no human author. Integrations post to any channel, member or not."""
        target = self.ws.channel(channel)
        integration_bot = bot_id or "B" + "".join(c for c in username.upper() if c.isalnum())[:10]
        try:
            msg = self.ws.post(
                target,
                integration_bot,
                text,
                thread_ts=thread_ts,
                subtype="bot_message",
                attachments=attachments,
                extra={"username": username, "bot_id": integration_bot},
            )
        except SlackError as exc:
            raise SandboxUsageError(exc.code) from exc
        self._changed()
        return msg.ts

    def edit_as_user(self, user_id: str, channel: str, ts: str, text: str) -> None:
        """A person edits their message: ``message_changed`` with ``message`` and ``previous_message``."""
        target = self._member_channel(user_id, channel)
        msg = self.ws.message(target.id, ts)
        if msg.user != user_id:
            raise SandboxUsageError("people can only edit their own messages")
        self.ws.update(target, ts, user_id, text=text, blocks=None)
        self._changed()

    def delete_as_user(self, user_id: str, channel: str, ts: str) -> None:
        """A person deletes their message: ``message_deleted`` with ``deleted_ts`` and ``previous_message``."""
        target = self._member_channel(user_id, channel)
        msg = self.ws.message(target.id, ts)
        if msg.user != user_id and not self.ws.user(user_id).is_admin:
            raise SandboxUsageError("people can only delete their own messages (admins any)")
        self.ws.delete(target, ts)
        self._changed()

    def react(self, user_id: str, channel: str, ts: str, name: str) -> None:
        self.ws.react(self._member_channel(user_id, channel), ts, user_id, name, add=True)
        self._changed()

    def unreact(self, user_id: str, channel: str, ts: str, name: str) -> None:
        self.ws.react(self._member_channel(user_id, channel), ts, user_id, name, add=False)
        self._changed()

    def pin(self, user_id: str, channel: str, ts: str) -> None:
        self.ws.pin(self._member_channel(user_id, channel), ts, user_id, add=True)
        self._changed()

    def invite_bot(self, channel: str, by_user: str) -> None:
        """``by_user`` invites the app's bot: ``member_joined_channel`` (with ``inviter``) reaches the app."""
        self.add_member(channel, self.bot_user_id, by_user=by_user)

    def add_member(self, channel: str, user_id: str, *, by_user: str | None = None) -> None:
        target = self.ws.channel(channel)
        if by_user is not None and by_user not in target.members:
            raise SandboxUsageError(f"{by_user} is not a member of {target.id}")
        self.ws.join(target, user_id, inviter=by_user)
        self._changed()

    def remove_member(self, channel: str, user_id: str) -> None:
        self.ws.leave(self.ws.channel(channel), user_id)
        self._changed()

    def archive_channel(self, channel: str, by_user: str) -> None:
        self.ws.archive(self._member_channel(by_user, channel), by_user)
        self._changed()

    # -- interactions ------------------------------------------------------------------------------------

    def slash_command(self, user_id: str, channel: str, command: str, text: str = "") -> InteractionResult:
        """Run ``command`` as ``user_id``; returns the app's ack (body, timing). A text ack is shown to the user."""
        user = self.ws.user(user_id)
        target = self.ws.channel(channel)
        trigger_id = self.ws.issue_trigger(user_id)
        response_url = self.ws.issue_response_url("commands", user_id=user_id, channel=target)
        fields = events.slash_command(
            ident=self.ident,
            token=self._verification_token,
            channel=target,
            user_id=user_id,
            user_name=user.name,
            command=command,
            text=text,
            response_url=response_url,
            trigger_id=trigger_id,
        )
        result = self._interact(
            "slash_commands",
            socket_payload=dict(fields),
            http_send=lambda http: http.post_command(fields),
            trigger_id=trigger_id,
            response_url=response_url,
        )
        if result.acked and result.payload and ("text" in result.payload or "blocks" in result.payload):
            handle = self._handle_for(response_url)
            self.ws.apply_response(handle, result.payload, source="ack")
            self._changed()
        return result

    def click_button(
        self,
        user_id: str,
        message_ts: str,
        action_id: str,
        value: str | None = None,
        *,
        channel: str | None = None,
    ) -> InteractionResult:
        """Click the button ``action_id`` on a message (or an ephemeral message): a ``block_actions`` payload."""
        user = self.ws.user(user_id)
        channel_id = self.ws.channel(channel).id if channel else None
        msg = self.ws.find_message(message_ts, channel_id)
        eph = None if msg is not None else self.ws.find_ephemeral(message_ts)
        if msg is None and eph is None:
            raise SandboxUsageError(f"no message {message_ts}")
        if eph is not None and eph.user != user_id:
            raise SandboxUsageError("only its recipient sees (and can click) an ephemeral message")
        blocks = (msg.blocks if msg is not None else eph.blocks if eph is not None else None) or []
        target = self.ws.channel(msg.channel if msg is not None else eph.channel if eph is not None else "")
        if user_id not in target.members:
            raise SandboxUsageError(f"{user_id} is not a member of {target.id}")
        action = self._find_action(blocks, action_id, value)
        thread_ts = msg.thread_ts if msg is not None else eph.thread_ts if eph is not None else None
        trigger_id = self.ws.issue_trigger(user_id)
        response_url = self.ws.issue_response_url(
            "actions",
            user_id=user_id,
            channel=target,
            message_ts=message_ts,
            ephemeral=eph is not None,
            thread_ts=thread_ts,
        )
        payload = events.block_actions(
            ident=self.ident,
            token=self._verification_token,
            user_id=user_id,
            user_name=user.name,
            channel=target,
            message=self.ws.render(msg) if msg is not None else None,
            message_ts=message_ts,
            thread_ts=thread_ts,
            is_ephemeral=eph is not None,
            action=action,
            trigger_id=trigger_id,
            response_url=response_url,
        )
        return self._interact(
            "interactive",
            socket_payload=payload,
            http_send=lambda http: http.post_interaction(payload),
            trigger_id=trigger_id,
            response_url=response_url,
        )

    def _find_action(self, blocks: list[JSON], action_id: str, value: str | None) -> JSON:
        for index, block in enumerate(blocks):
            elements = list(block.get("elements") or []) if block.get("type") == "actions" else []
            if isinstance(block.get("accessory"), dict):
                elements.append(block["accessory"])
            for element in elements:
                if isinstance(element, dict) and element.get("action_id") == action_id:
                    action: JSON = {
                        "type": element.get("type", "button"),
                        "action_id": action_id,
                        "block_id": block.get("block_id") or f"blk{index}",
                    }
                    if "text" in element:
                        action["text"] = element["text"]
                    chosen = value if value is not None else element.get("value")
                    if chosen is not None:
                        action["value"] = chosen
                    if "style" in element:
                        action["style"] = element["style"]
                    action["action_ts"] = self.ws.ts.next()
                    return action
        raise SandboxUsageError(f"no element with action_id {action_id!r} on that message")

    def submit_view(
        self, user_id: str, view_id: str, values: Mapping[str, Mapping[str, Any]] | None = None
    ) -> InteractionResult:
        """Submit an open modal. ``values[block_id][action_id]`` is a string (plain_text_input) or a full state dict.

        The app's ack decides what happens: no ``response_action`` closes the view; ``errors`` keeps it open;
        ``update``/``push`` replace or stack a view; ``clear`` closes them all.
        """
        user = self.ws.user(user_id)
        view = self.ws.views.get(view_id)
        if view is None or view.closed:
            raise SandboxUsageError(f"no open view {view_id}")
        if view.user != user_id:
            raise SandboxUsageError("a view can only be submitted by the person it was opened for")
        view.state_values = self._state_values(view, values or {})
        trigger_id = self.ws.issue_trigger(user_id)
        payload = events.view_submission(
            ident=self.ident,
            token=self._verification_token,
            user_id=user_id,
            user_name=user.name,
            view=render_view(view, self.ident),
            trigger_id=trigger_id,
        )
        result = self._interact(
            "interactive",
            socket_payload=payload,
            http_send=lambda http: http.post_interaction(payload),
            trigger_id=trigger_id,
            response_url=None,
            accepts_response_payload=True,
        )
        if result.acked:
            self._apply_view_response(view, result.payload or {})
        return result

    def _state_values(self, view: View, values: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, JSON]]:
        state: dict[str, dict[str, JSON]] = {}
        for block in view.definition.get("blocks") or []:
            if block.get("type") != "input" or not isinstance(block.get("element"), dict):
                continue
            block_id, element = block.get("block_id"), block["element"]
            action_id = element.get("action_id")
            if not block_id or not action_id:
                raise SandboxUsageError("give input blocks a block_id and their element an action_id")
            given = values.get(block_id, {}).get(action_id, element.get("initial_value"))
            state[block_id] = {
                action_id: dict(given) if isinstance(given, Mapping) else {"type": element.get("type"), "value": given}
            }
        unknown = set(values) - set(state)
        if unknown:
            raise SandboxUsageError(f"no input blocks {sorted(unknown)} in view {view.id}")
        return state

    def _apply_view_response(self, view: View, body: JSON) -> None:
        action = body.get("response_action")
        with self.ws.lock:
            if action == "errors":
                return
            if action == "update" and isinstance(body.get("view"), dict):
                view.definition = body["view"]
                view.hash = f"{int(time.time())}.{secrets.token_hex(4)}"
            elif action == "push" and isinstance(body.get("view"), dict):
                pushed = View(
                    id=self.ids.next("V"),
                    user=view.user,
                    definition=body["view"],
                    hash=f"{int(time.time())}.{secrets.token_hex(4)}",
                    root_view_id=view.root_view_id,
                    previous_view_id=view.id,
                )
                self.ws.views[pushed.id] = pushed
            elif action == "clear":
                for other in self.ws.views.values():
                    if other.root_view_id == view.root_view_id:
                        other.closed = True
            else:
                view.closed = True
        self._changed()

    def _handle_for(self, response_url: str) -> ResponseUrl:
        key = "/".join(response_url.rsplit("/", 2)[-2:])
        return self.ws.response_urls[key]

    def _interact(
        self,
        kind: Literal["slash_commands", "interactive"],
        *,
        socket_payload: JSON,
        http_send: Callable[[HttpTransport], HttpResult],
        trigger_id: str,
        response_url: str | None,
        accepts_response_payload: bool | None = None,
    ) -> InteractionResult:
        started = time.monotonic()
        common: dict[str, Any] = {"trigger_id": trigger_id, "response_url": response_url}
        http = self._http
        if http is not None:
            answer = http_send(http)
            self._changed()
            return InteractionResult(
                transport="http",
                acked=answer.ok,
                elapsed_s=answer.elapsed_s,
                status=answer.status or None,
                body=answer.body,
                payload=_parse_ack_body(answer) if answer.ok else None,
                error=None if answer.ok else answer.error or "http_error",
                **common,
            )
        if not self.socket.has_connection():
            return InteractionResult(transport=None, acked=False, elapsed_s=0.0, error="dispatch_failed", **common)
        accepts = kind == "slash_commands" if accepts_response_payload is None else accepts_response_payload
        envelope = self.socket.send(kind, socket_payload, accepts_response_payload=accepts, event_id=None)
        acked = envelope.acked.wait(self.ack_timeout_s)
        self._changed()
        return InteractionResult(
            transport="socket",
            acked=acked,
            elapsed_s=time.monotonic() - started,
            payload=envelope.ack_payload if acked else None,
            error=None if acked else "timeout",
            **common,
        )

    # -- transports --------------------------------------------------------------------------------------

    def _socket_url(self) -> str:
        return self.socket.issue_url()

    def deliver_http(
        self,
        url: str,
        *,
        commands_url: str | None = None,
        interactivity_url: str | None = None,
        timeout_s: float | None = None,
    ) -> None:
        """Switch to HTTP delivery: events, commands and interactions are POSTed (signed) to the app's URLs."""
        if self._http is not None:
            self._http.close()
        self._http = HttpTransport(
            HttpTargets(url, commands_url or url, interactivity_url or url),
            signing_secret=self.signing_secret,
            timeout_s=timeout_s or self.ack_timeout_s,
            retry_delays_s=self._retry_delays,
            deliveries=self.delivery_log,
            timers=self._timers,
            on_change=self._notifier.notify,
        )
        for envelope in self.socket.take_backlog():
            self._http.deliver_event(envelope.payload)

    def deliver_socket(self) -> None:
        """Back to Socket Mode delivery (the default)."""
        if self._http is not None:
            self._http.close()
            self._http = None

    def discard_pending_events(self) -> int:
        """Drop events held because no app was connected yet (e.g. seeding's ``channel_created``); returns how many."""
        return len(self.socket.take_backlog())

    def disconnect_socket(self, reason: str = "refresh_requested", *, grace_s: float | None = None) -> int:
        """Send Slack's ``disconnect`` message to every open connection; each is closed after ``grace_s``."""
        return self.socket.disconnect(reason, grace_s=grace_s)

    def drop_socket_connections(self) -> None:
        """Close every Socket Mode connection abruptly (network failure)."""
        self.socket.drop_all()

    @property
    def socket_connections(self) -> int:
        """Open Socket Mode connections right now."""
        return len(self.socket.connections())

    @property
    def socket_connections_opened(self) -> int:
        """Socket Mode connections ever accepted."""
        return self.socket.opened_count

    def _require_http(self, url: str | None) -> tuple[HttpTransport, str]:
        if self._http is None:
            raise SandboxUsageError("call deliver_http(url) first")
        return self._http, url or self._http.targets.events_url

    def _probe_body(self, event: JSON | None) -> bytes:
        ts = self.ws.ts.next()
        probe = event or {"type": "app_mention", "user": "U0PROBE", "text": "probe", "ts": ts, "event_ts": ts}
        envelope = events.event_callback(
            probe,
            self.ident,
            event_id=self.ids.next("Ev"),
            event_time=self.ws.ts.now_seconds(),
            token=self._verification_token,
        )
        return json.dumps(envelope).encode()

    def send_app_rate_limited(
        self,
        minute: int | None = None,
        *,
        url: str | None = None,
        secret: str | None = None,
        signed: bool = True,
    ) -> HttpResult:
        """POST Slack's ``app_rate_limited`` envelope now and return the app's answer (a correct app: 200).

        ``minute``: ``minute_rate_limited`` (default: the minute ``clock`` is in); ``secret``: sign with
        another secret (a forgery); ``signed=False``: no signature headers at all.
        """
        http, target = self._require_http(url)
        body = json.dumps(self._rate_limit_notice(minute)).encode()
        if not signed:
            return http.send(target, body, "application/json", unsigned=True)
        ts = str(int(time.time()))
        signature = sign(secret or self.signing_secret, ts, body)
        return http.send(target, body, "application/json", timestamp=ts, signature=signature)

    def limit_events(self, on: bool = True) -> None:
        """While on, every event is dropped as over Slack's hourly cap (the app is told once a minute, over HTTP)."""
        self.rate_limit.forced = on

    def dropped_events(self) -> list[JSON]:
        """``event_callback`` envelopes dropped as over the cap, in order (never delivered, never retried)."""
        with self._emitted_lock:
            return list(self.rate_limit.dropped)

    def _rate_limit_notice(self, minute: int | None) -> JSON:
        return notice(
            token=self._verification_token,
            team_id=self.ident.team_id,
            app_id=self.ident.app_id,
            minute=self.ws.ts.now_seconds() // 60 * 60 if minute is None else minute,
        )

    def send_http_bad_signature(self, *, url: str | None = None, event: JSON | None = None) -> HttpResult:
        """POST an event signed with the wrong secret; a correct app answers 401."""
        http, target = self._require_http(url)
        body = self._probe_body(event)
        ts = str(int(time.time()))
        return http.send(target, body, "application/json", timestamp=ts, signature=sign("not-the-secret", ts, body))

    def send_http_stale_timestamp(
        self, *, age_s: int = 600, url: str | None = None, event: JSON | None = None
    ) -> HttpResult:
        """POST a correctly signed event whose timestamp is ``age_s`` old; a correct app answers 401 (>5 min)."""
        http, target = self._require_http(url)
        body = self._probe_body(event)
        ts = str(int(time.time()) - age_s)
        return http.send(target, body, "application/json", timestamp=ts, signature=sign(self.signing_secret, ts, body))

    def verify_url(self, url: str | None = None) -> bool:
        """Slack's ``url_verification`` handshake: True if the app echoes the challenge."""
        http, target = self._require_http(url)
        challenge = secrets.token_urlsafe(24)
        body = json.dumps({"token": self._verification_token, "challenge": challenge, "type": "url_verification"})
        answer = http.send(target, body.encode(), "application/json")
        return answer.ok and challenge in answer.body

    # -- events ------------------------------------------------------------------------------------------

    def _on_event(self, event: JSON, subscription: str) -> None:
        if subscription not in self.subscriptions:
            return
        envelope = events.event_callback(
            event,
            self.ident,
            event_id=self.ids.next("Ev"),
            event_time=self.ws.ts.now_seconds(),
            token=self._verification_token,
        )
        with self._emitted_lock:
            admission = self.rate_limit.admit(envelope, self.clock.now().timestamp())
            if admission.deliver:
                self._emitted.append(envelope)
        if not admission.deliver:
            # Slack tells only the Events URL; over Socket Mode the drop is silent.
            if admission.notify_minute is not None and self._http is not None:
                self._http.deliver_event(self._rate_limit_notice(admission.notify_minute), kind="app_rate_limited")
            self._notifier.notify()
            return
        if self._http is not None:
            self._http.deliver_event(envelope)
        else:
            self.socket.send("events_api", envelope, accepts_response_payload=False, event_id=envelope["event_id"])
        self._notifier.notify()

    def emitted_events(self, event_type: str | None = None, subtype: str | None = None) -> list[JSON]:
        """``event_callback`` envelopes produced for the app, in order (whether or not delivered yet)."""
        with self._emitted_lock:
            found = list(self._emitted)
        return [
            e
            for e in found
            if (event_type is None or e["event"].get("type") == event_type)
            and (subtype is None or e["event"].get("subtype") == subtype)
        ]

    @property
    def deliveries(self) -> list[Delivery]:
        return self.delivery_log.all()

    # -- faults ------------------------------------------------------------------------------------------

    def inject_fault(
        self,
        method: str = "*",
        *,
        status: int | None = None,
        retry_after: int | None = None,
        error: str | None = None,
        delay_s: float = 0.0,
        drop_connection: bool = False,
        times: int | None = 1,
    ) -> Fault:
        """Make the next ``times`` calls to ``method`` fail: 429 + Retry-After, 5xx, a Slack error, slow, dropped."""
        return self.faults.add(
            Fault(
                method=method,
                status=status,
                retry_after=retry_after,
                error=error,
                delay_s=delay_s,
                drop_connection=drop_connection,
                times=times,
            )
        )

    def clear_faults(self) -> None:
        self.faults.clear()

    # -- inspection --------------------------------------------------------------------------------------

    def history(self, channel: str) -> list[JSON]:
        """Top-level messages (and broadcast replies), oldest first, as conversations.history renders them."""
        with self.ws.lock:
            return [self.ws.render(m) for m in self.ws.history(self.ws.channel(channel).id)]

    def thread(self, channel: str, ts: str) -> list[JSON]:
        """Parent first, then replies oldest first."""
        with self.ws.lock:
            return [self.ws.render(m) for m in self.ws.thread(self.ws.channel(channel).id, ts)]

    def message(self, channel: str, ts: str) -> JSON:
        with self.ws.lock:
            return self.ws.render(self.ws.message(self.ws.channel(channel).id, ts))

    def bot_messages(self, channel: str) -> list[JSON]:
        """Every message the bot authored in ``channel`` (top level and replies), oldest first."""
        with self.ws.lock:
            cid = self.ws.channel(channel).id
            msgs: list[Message] = list(self.ws.messages[cid].values())
            return [self.ws.render(m) for m in msgs if m.user == self.bot_user_id]

    def ephemerals(self, channel: str | None = None, user: str | None = None) -> list[Ephemeral]:
        cid = self.ws.channel(channel).id if channel else None
        with self.ws.lock:
            return [
                e
                for e in self.ws.ephemerals
                if not e.deleted and (cid is None or e.channel == cid) and (user is None or e.user == user)
            ]

    @property
    def files(self) -> list[StoredFile]:
        with self.ws.lock:
            return [f for f in self.ws.files.values() if f.completed]

    @property
    def views(self) -> list[View]:
        with self.ws.lock:
            return list(self.ws.views.values())

    @property
    def responses(self) -> list[ResponsePost]:
        """Everything the app answered through response_urls (and slash-command ack bodies)."""
        with self.ws.lock:
            return list(self.ws.responses)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Block until ``predicate()`` is true (re-checked on every change), or ``timeout`` seconds pass."""
        return self._notifier.wait_for(predicate, timeout)

    def _changed(self) -> None:
        self._notifier.notify()

    # -- Backend protocol for the HTTP server ------------------------------------------------------------

    def api_call(self, method: str, params: dict[str, Any], token: str | None) -> ApiResponse:
        return self.api.call(method, params, token)

    def token_status(self, method: str, token: str | None) -> TokenStatus:
        return self.api.token_status(method, token)

    def take_fault(self, method: str) -> Fault | None:
        return self.faults.take(method)

    def journal_record(self, **fields: Any) -> None:
        self.journal.record(**fields)

    def upload(self, token: str, data: bytes) -> str | None:
        stored = self.ws.receive_upload(token, data)
        return stored.id if stored is not None else None

    def response_url(self, path: str, body: bytes) -> tuple[int, str]:
        parts = path.split("/")
        if len(parts) != 4:
            return 404, "invalid_url"
        try:
            payload = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return 400, "invalid_payload"
        if not isinstance(payload, dict):
            return 400, "invalid_payload"
        handle = self.ws.check_response_url(f"{parts[2]}/{parts[3]}")
        if isinstance(handle, str):
            return 404, handle
        self.ws.apply_response(handle, payload, source="response_url")
        return 200, "ok"

    def download(self, path: str, token: str | None) -> bytes | None:
        if token is None or token != self._bot_token:
            return None
        file_ref = path.removeprefix("/files-pri/").split("/")[0]
        stored = self.ws.files.get(file_ref.rsplit("-", 1)[-1])
        return stored.data if stored is not None and stored.completed else None

    def changed(self) -> None:
        self._notifier.notify()


def _parse_ack_body(answer: HttpResult) -> JSON | None:
    if not answer.body:
        return None
    try:
        parsed = json.loads(answer.body)
    except json.JSONDecodeError:
        return {"text": answer.body}
    return parsed if isinstance(parsed, dict) else {"text": answer.body}
