"""The stateful workspace: users, conversations, messages, threads, reactions, pins, files, views, ephemerals.

Every mutation happens under one re-entrant lock and emits the Slack events it causes through a sink; the
workspace decides visibility (the app sees channel events only where its bot user is a member), the
dispatcher decides subscription and transport. Mechanics and message-level errors live here; token and
permission checks that depend on *who calls* the Web API live in ``web_api``.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock

from . import events
from .errors import SandboxUsageError, SlackError
from .ids import IdFactory, TsFactory
from .model import (
    JSON,
    Channel,
    ChannelKind,
    Ephemeral,
    Message,
    Pin,
    ResponsePost,
    ResponseUrl,
    StoredFile,
    Trigger,
    User,
    View,
)
from .render import Identity, render_file, render_message

EventSink = Callable[[JSON, str], None]
"""Receives (event, subscription name) for every event the app's bot user can see."""

SLACKBOT = "USLACKBOT"
CHANNEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,79}$")
REACTION_NAME = re.compile(r"^[a-z0-9_+\-']+(::skin-tone-[2-6])?$")
TRIGGER_TTL = timedelta(seconds=3)
RESPONSE_URL_TTL = timedelta(minutes=30)
RESPONSE_URL_MAX_USES = 5


def _rich_text(text: str) -> list[JSON]:
    """The rich_text block Slack clients attach to what a person types."""
    return [
        {
            "type": "rich_text",
            "block_id": uuid.uuid4().hex[:5],
            "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}],
        }
    ]


class Workspace:
    """One team with one installed app; all public methods are thread-safe."""

    def __init__(self, ident: Identity, clock: Clock, ids: IdFactory, base_url: Callable[[], str]) -> None:
        self.ident = ident
        self.clock = clock
        self.ids = ids
        self.ts = TsFactory(clock)
        self.lock = threading.RLock()
        self._base_url = base_url
        self._sink: EventSink | None = None
        self._channel_seq = 0
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.messages: dict[str, dict[str, Message]] = {}
        self.ephemerals: list[Ephemeral] = []
        self.pins: dict[str, list[Pin]] = {}
        self.files: dict[str, StoredFile] = {}
        self.views: dict[str, View] = {}
        self.triggers: dict[str, Trigger] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self.responses: list[ResponsePost] = []
        now = self.ts.now_seconds()
        self.users[SLACKBOT] = User(id=SLACKBOT, name="slackbot", real_name="Slackbot", created=now)
        self.users[ident.bot_user_id] = User(
            id=ident.bot_user_id,
            name=ident.bot_name,
            real_name=ident.bot_name,
            display_name=ident.bot_name,
            is_bot=True,
            bot_id=ident.bot_id,
            created=now,
        )

    # -- wiring ------------------------------------------------------------------------------------------

    def set_sink(self, sink: EventSink) -> None:
        self._sink = sink

    def _emit(self, event: JSON, channel: Channel | None, *, visible: bool | None = None) -> None:
        """Hand ``event`` to the dispatcher if the bot can see it (member of ``channel``, or not channel-bound)."""
        if visible is None:
            visible = channel is None or self.ident.bot_user_id in channel.members
        if visible and self._sink is not None:
            self._sink(event, events.subscription_for(event, channel.kind if channel else None))

    # -- lookups -----------------------------------------------------------------------------------------

    def user(self, user_id: str) -> User:
        with self.lock:
            found = self.users.get(user_id)
            if found is None:
                raise SandboxUsageError(f"no such user: {user_id}")
            return found

    def find_channel(self, ref: str) -> Channel | None:
        """A conversation by ID, or by name with or without ``#``."""
        with self.lock:
            if ref in self.channels:
                return self.channels[ref]
            name = ref.removeprefix("#")
            return next((c for c in self.channels.values() if c.name == name and c.kind != "im"), None)

    def channel(self, ref: str) -> Channel:
        found = self.find_channel(ref)
        if found is None:
            raise SandboxUsageError(f"no such channel: {ref}")
        return found

    def message(self, channel_id: str, ts: str) -> Message:
        with self.lock:
            found = self.messages.get(channel_id, {}).get(ts)
            if found is None:
                raise SlackError("message_not_found")
            return found

    def find_message(self, ts: str, channel_id: str | None = None) -> Message | None:
        with self.lock:
            for cid, msgs in self.messages.items():
                if (channel_id is None or cid == channel_id) and ts in msgs:
                    return msgs[ts]
            return None

    def replies_of(self, parent: Message) -> list[Message]:
        with self.lock:
            msgs = self.messages[parent.channel]
            return [msgs[ts] for ts in parent.reply_ts if ts in msgs]

    def render(self, msg: Message) -> JSON:
        with self.lock:
            files = [render_file(self.files[f], self.ident, self._base_url()) for f in msg.file_ids]
            return render_message(msg, self.ident, replies=self.replies_of(msg), files=files if msg.file_ids else None)

    def history(self, channel_id: str) -> list[Message]:
        """Top-level messages oldest first (conversations.history order reversed)."""
        with self.lock:
            return [m for m in self.messages.get(channel_id, {}).values() if m.in_history]

    def thread(self, channel_id: str, ts: str) -> list[Message]:
        """Parent first, then replies oldest first."""
        with self.lock:
            parent = self.message(channel_id, ts)
            if parent.is_reply and parent.thread_ts is not None:
                parent = self.message(channel_id, parent.thread_ts)
            return [parent, *self.replies_of(parent)]

    # -- people and conversations ------------------------------------------------------------------------

    def add_user(self, user: User) -> User:
        with self.lock:
            if user.id in self.users:
                raise SandboxUsageError(f"user {user.id} already exists")
            user.created = user.created or self.ts.now_seconds()
            self.users[user.id] = user
            return user

    def create_channel(
        self,
        name: str,
        *,
        kind: ChannelKind,
        creator: str,
        members: Iterable[str],
        channel_id: str | None = None,
        is_general: bool = False,
        topic: str = "",
        purpose: str = "",
    ) -> Channel:
        with self.lock:
            if kind != "im" and not CHANNEL_NAME.match(name):
                raise SandboxUsageError(f"invalid channel name: {name!r}")
            if kind != "im" and any(c.name == name for c in self.channels.values() if c.kind != "im"):
                raise SandboxUsageError(f"name_taken: {name}")
            prefix = {"channel": "C", "group": "G", "mpim": "G", "im": "D"}[kind]
            cid = channel_id or self.ids.next(prefix)
            if cid in self.channels:
                raise SandboxUsageError(f"channel {cid} already exists")
            self.user(creator)
            member_list: list[str] = []
            for member in [creator, *members]:
                self.user(member)
                if member not in member_list:
                    member_list.append(member)
            self._channel_seq += 1
            channel = Channel(
                id=cid,
                name=name,
                kind=kind,
                creator=creator,
                created=self.ts.now_seconds(),
                members=member_list,
                is_general=is_general,
                topic=topic,
                purpose=purpose,
                seq=self._channel_seq,
            )
            self.channels[cid] = channel
            self.messages[cid] = {}
            self.pins[cid] = []
            if kind == "channel":
                self._emit(events.channel_created(channel, self.ts.next()), None)
            return channel

    def open_im(self, user_id: str) -> Channel:
        """The DM between the bot and ``user_id`` (created on first use, as chat.postMessage to a user ID does)."""
        with self.lock:
            self.user(user_id)
            pair = {self.ident.bot_user_id, user_id}
            for channel in self.channels.values():
                if channel.kind == "im" and set(channel.members) == pair:
                    return channel
            return self.create_channel(user_id.lower(), kind="im", creator=self.ident.bot_user_id, members=[user_id])

    def join(self, channel: Channel, user_id: str, *, inviter: str | None = None) -> bool:
        """Add a member; False if already one. Emits member_joined_channel and the channel_join message."""
        with self.lock:
            self.user(user_id)
            if user_id in channel.members:
                return False
            if channel.is_archived:
                raise SlackError("is_archived")
            channel.members.append(user_id)
            extra: JSON = {"inviter": inviter} if inviter else {}
            self.post(channel, user_id, f"<@{user_id}> has joined the channel", subtype="channel_join", extra=extra)
            self._emit(
                events.member_joined(
                    user=user_id, channel=channel, team=self.ident.team_id, inviter=inviter, event_ts=self.ts.next()
                ),
                channel,
            )
            return True

    def leave(self, channel: Channel, user_id: str) -> bool:
        with self.lock:
            if user_id not in channel.members:
                return False
            self.post(channel, user_id, f"<@{user_id}> has left the channel", subtype="channel_leave")
            visible = self.ident.bot_user_id in channel.members
            channel.members.remove(user_id)
            event = events.member_left(user=user_id, channel=channel, team=self.ident.team_id, event_ts=self.ts.next())
            self._emit(event, channel, visible=visible)
            return True

    def archive(self, channel: Channel, user_id: str) -> None:
        with self.lock:
            if channel.is_archived:
                raise SlackError("already_archived")
            channel.is_archived = True
            self._emit(events.channel_archive(channel, user_id, self.ts.next()), channel)

    # -- messages ----------------------------------------------------------------------------------------

    def post(
        self,
        channel: Channel,
        author: str,
        text: str,
        *,
        blocks: list[JSON] | None = None,
        attachments: list[JSON] | None = None,
        thread_ts: str | None = None,
        reply_broadcast: bool = False,
        subtype: str | None = None,
        file_ids: list[str] | None = None,
        extra: JSON | None = None,
        typed_by_person: bool = False,
    ) -> Message:
        """Store a message (or thread reply) and emit its ``message`` event (plus ``app_mention``)."""
        with self.lock:
            if channel.is_archived:
                raise SlackError("is_archived")
            msgs = self.messages[channel.id]
            parent: Message | None = None
            if thread_ts is not None:
                parent = msgs.get(thread_ts)
                if parent is None:
                    raise SlackError("thread_not_found")
                if parent.is_reply and parent.thread_ts is not None:
                    parent = msgs[parent.thread_ts]
            is_bot = author == self.ident.bot_user_id
            msg = Message(
                ts=self.ts.next(),
                channel=channel.id,
                text=text,
                user=author,
                bot_id=self.ident.bot_id if is_bot else None,
                app_id=self.ident.app_id if is_bot else None,
                subtype=subtype,
                blocks=blocks if blocks is not None else (_rich_text(text) if typed_by_person else None),
                attachments=attachments,
                client_msg_id=str(uuid.uuid4()) if typed_by_person else None,
                file_ids=list(file_ids or []),
                extra=dict(extra or {}),
            )
            if parent is not None:
                msg.thread_ts = parent.ts
                msg.parent_user_id = parent.user
                if reply_broadcast and subtype is None:
                    msg.subtype = "thread_broadcast"
                parent.thread_ts = parent.ts
                parent.reply_ts.append(msg.ts)
            msgs[msg.ts] = msg
            rendered = self.render(msg)
            self._emit(events.message_event(rendered, channel), channel)
            if not is_bot and self._mentions_bot(text):
                self._emit(events.app_mention(rendered, channel, msg.ts), channel)
            return msg

    def _mentions_bot(self, text: str) -> bool:
        return re.search(rf"<@{re.escape(self.ident.bot_user_id)}(\||>)", text) is not None

    def update(
        self,
        channel: Channel,
        ts: str,
        editor: str,
        *,
        text: str | None,
        blocks: list[JSON] | None,
        attachments: list[JSON] | None = None,
    ) -> Message:
        """Edit a message (Slack's text/blocks rules) and emit ``message_changed``. Authorship is checked by callers."""
        with self.lock:
            msg = self.message(channel.id, ts)
            previous = self.render(msg)
            if blocks is not None:
                msg.blocks = blocks or None
            elif text is not None:
                msg.blocks = _rich_text(text) if msg.client_msg_id else None
            if text is not None:
                msg.text = text
            if attachments is not None:
                msg.attachments = attachments or None
            event_ts = self.ts.next()
            msg.edited = {"user": editor, "ts": event_ts}
            self._emit(events.message_changed(self.render(msg), previous, channel, event_ts), channel)
            return msg

    def delete(self, channel: Channel, ts: str) -> Message:
        """Delete a message (a parent with replies becomes a tombstone) and emit ``message_deleted``."""
        with self.lock:
            msg = self.message(channel.id, ts)
            previous = self.render(msg)
            if msg.reply_ts and self.replies_of(msg):
                msg.subtype, msg.text, msg.user = "tombstone", "This message was deleted.", SLACKBOT
                msg.bot_id = msg.app_id = msg.client_msg_id = None
                msg.blocks = msg.attachments = None
                msg.reactions.clear()
                msg.extra["hidden"] = True
            else:
                del self.messages[channel.id][ts]
                if msg.is_reply and msg.thread_ts is not None:
                    parent = self.messages[channel.id].get(msg.thread_ts)
                    if parent is not None and ts in parent.reply_ts:
                        parent.reply_ts.remove(ts)
            self.pins[channel.id] = [p for p in self.pins[channel.id] if p.ts != ts]
            self._emit(events.message_deleted(previous, channel, self.ts.next()), channel)
            return msg

    # -- reactions and pins ------------------------------------------------------------------------------

    def react(self, channel: Channel, ts: str, user_id: str, name: str, *, add: bool) -> None:
        with self.lock:
            name = name.strip(":")
            if not REACTION_NAME.match(name):
                raise SlackError("invalid_name")
            msg = self.message(channel.id, ts)
            users = msg.reactions.get(name, [])
            if add:
                if user_id in users:
                    raise SlackError("already_reacted")
                msg.reactions[name] = [*users, user_id]
            else:
                if user_id not in users:
                    raise SlackError("no_reaction")
                users = [u for u in users if u != user_id]
                if users:
                    msg.reactions[name] = users
                else:
                    del msg.reactions[name]
            kind = "reaction_added" if add else "reaction_removed"
            item_user = msg.user if msg.subtype != "bot_message" else None
            event = events.reaction(
                kind, user=user_id, name=name, item_user=item_user, channel=channel.id, ts=ts, event_ts=self.ts.next()
            )
            self._emit(event, channel)

    def pin(self, channel: Channel, ts: str, user_id: str, *, add: bool) -> None:
        with self.lock:
            msg = self.message(channel.id, ts)
            pins = self.pins[channel.id]
            existing = next((p for p in pins if p.ts == ts), None)
            if add:
                if existing is not None:
                    raise SlackError("already_pinned")
                existing = Pin(channel=channel.id, ts=ts, created=self.ts.now_seconds(), created_by=user_id)
                pins.append(existing)
                msg.pinned_to.append(channel.id)
            else:
                if existing is None:
                    raise SlackError("no_pin")
                pins.remove(existing)
                msg.pinned_to.remove(channel.id)
            rendered = self.render(msg)
            rendered["permalink"] = self.permalink(channel.id, msg)
            kind = "pin_added" if add else "pin_removed"
            event = events.pin_event(
                kind,
                user=user_id,
                channel=channel.id,
                message=rendered,
                created=existing.created,
                created_by=existing.created_by,
                pin_count=len(pins),
                event_ts=self.ts.next(),
            )
            self._emit(event, channel)
            if add:
                item = {"type": "message", "channel": channel.id, "message": rendered}
                self.post(
                    channel,
                    user_id,
                    f"<@{user_id}> pinned a message to this channel.",
                    subtype="pinned_item",
                    extra={"item_type": "C", "item": item},
                )

    def permalink(self, channel_id: str, msg: Message) -> str:
        link = f"{self.ident.workspace_url}archives/{channel_id}/p{msg.ts.replace('.', '')}"
        if msg.is_reply:
            link += f"?thread_ts={msg.thread_ts}&cid={channel_id}"
        return link

    # -- ephemeral messages, files, interactions ---------------------------------------------------------

    def add_ephemeral(
        self,
        channel: Channel,
        user_id: str,
        text: str,
        *,
        blocks: list[JSON] | None = None,
        thread_ts: str | None = None,
        source: str = "chat.postEphemeral",
    ) -> Ephemeral:
        with self.lock:
            eph = Ephemeral(
                ts=self.ts.next(),
                channel=channel.id,
                user=user_id,
                text=text,
                blocks=blocks,
                thread_ts=thread_ts,
                source=source,
            )
            self.ephemerals.append(eph)
            return eph

    def find_ephemeral(self, ts: str) -> Ephemeral | None:
        with self.lock:
            return next((e for e in self.ephemerals if e.ts == ts and not e.deleted), None)

    def new_file(
        self, name: str, length: int, user_id: str, *, alt_txt: str | None, snippet_type: str | None
    ) -> StoredFile:
        with self.lock:
            stored = StoredFile(
                id=self.ids.next("F"),
                name=name,
                length=length,
                user=user_id,
                created=self.ts.now_seconds(),
                upload_token=uuid.uuid4().hex,
                alt_txt=alt_txt,
                snippet_type=snippet_type,
            )
            self.files[stored.id] = stored
            return stored

    def receive_upload(self, token: str, data: bytes) -> StoredFile | None:
        with self.lock:
            stored = next((f for f in self.files.values() if f.upload_token == token), None)
            if stored is not None:
                stored.data = data
            return stored

    def share_files(
        self,
        items: list[tuple[StoredFile, str]],
        channel: Channel | None,
        user_id: str,
        *,
        initial_comment: str,
        thread_ts: str | None,
        blocks: list[JSON] | None,
    ) -> Message | None:
        """Complete uploads; when a channel is given, post the ``file_share`` message and emit ``file_shared``."""
        with self.lock:
            for stored, title in items:
                stored.completed = True
                stored.title = title or stored.name
            if channel is None:
                return None
            msg = self.post(
                channel,
                user_id,
                initial_comment,
                blocks=blocks,
                thread_ts=thread_ts,
                subtype="file_share",
                file_ids=[s.id for s, _ in items],
            )
            for stored, _ in items:
                share: JSON = {
                    "reply_users": [],
                    "reply_users_count": 0,
                    "reply_count": 0,
                    "ts": msg.ts,
                    "channel_name": channel.name,
                    "team_id": self.ident.team_id,
                    "share_user_id": user_id,
                    "source": "UNKNOWN",
                }
                if msg.thread_ts is not None:
                    share["thread_ts"] = msg.thread_ts
                stored.shares.setdefault(channel.id, []).append(share)
                event = events.file_shared(channel=channel.id, file_id=stored.id, user=user_id, event_ts=self.ts.next())
                self._emit(event, channel)
            return msg

    def issue_trigger(self, user_id: str) -> str:
        with self.lock:
            trigger = Trigger(id=self.ids.trigger(), user=user_id, issued_at=self.clock.now())
            self.triggers[trigger.id] = trigger
            return trigger.id

    def use_trigger(self, trigger_id: str) -> Trigger:
        with self.lock:
            trigger = self.triggers.get(trigger_id)
            if trigger is None:
                raise SlackError("invalid_trigger_id")
            if trigger.used:
                raise SlackError("exchanged_trigger_id")
            if self.clock.now() - trigger.issued_at > TRIGGER_TTL:
                raise SlackError("expired_trigger_id")
            trigger.used = True
            return trigger

    def issue_response_url(
        self,
        kind: Any,
        *,
        user_id: str,
        channel: Channel,
        message_ts: str | None = None,
        ephemeral: bool = False,
        thread_ts: str | None = None,
    ) -> str:
        with self.lock:
            key = f"{self.ids.next('', 10)}/{uuid.uuid4().hex[:24]}"
            self.response_urls[key] = ResponseUrl(
                key=key,
                kind=kind,
                user=user_id,
                channel=channel.id,
                created_at=self.clock.now(),
                message_ts=message_ts,
                ephemeral=ephemeral,
                thread_ts=thread_ts,
            )
            return f"{self._base_url()}hooks/{kind}/{self.ident.team_id}/{key}"

    def apply_response(self, handle: ResponseUrl, body: JSON, *, source: Any) -> str:
        """Apply a response_url POST (or slash-command ack body) the way Slack shows it; return what happened."""
        with self.lock:
            channel = self.channels[handle.channel]
            text = str(body.get("text") or "")
            blocks = body.get("blocks")
            blocks = blocks if isinstance(blocks, list) else None
            outcome: str
            if body.get("delete_original") and handle.message_ts is not None:
                outcome = self._delete_original(handle.message_ts, handle, channel)
            elif body.get("replace_original") and handle.message_ts is not None:
                outcome = self._replace_original(handle.message_ts, handle, channel, text, blocks)
            elif body.get("response_type") == "in_channel":
                thread_ts = body.get("thread_ts") or handle.thread_ts
                self.post(channel, self.ident.bot_user_id, text, blocks=blocks, thread_ts=thread_ts)
                outcome = "in_channel"
            else:
                self.add_ephemeral(
                    channel, handle.user, text, blocks=blocks, thread_ts=handle.thread_ts, source=str(source)
                )
                outcome = "ephemeral"
            self.responses.append(
                ResponsePost(
                    source=source,
                    kind=handle.kind,
                    user=handle.user,
                    channel=handle.channel,
                    body=body,
                    status=200,
                    outcome=outcome,
                )
            )
            return outcome

    def _delete_original(self, message_ts: str, handle: ResponseUrl, channel: Channel) -> str:
        if handle.ephemeral:
            eph = self.find_ephemeral(message_ts)
            if eph is not None:
                eph.deleted = True
            return "deleted_ephemeral"
        if message_ts in self.messages[channel.id]:
            self.delete(channel, message_ts)
        return "deleted_original"

    def _replace_original(
        self, message_ts: str, handle: ResponseUrl, channel: Channel, text: str, blocks: list[JSON] | None
    ) -> str:
        if handle.ephemeral:
            eph = self.find_ephemeral(message_ts)
            if eph is not None:
                eph.text, eph.blocks = text, blocks
            return "replaced_ephemeral"
        if message_ts in self.messages[channel.id]:
            self.update(channel, message_ts, self.ident.bot_user_id, text=text, blocks=blocks or [])
        return "replaced_original"

    def check_response_url(self, key: str) -> ResponseUrl | str:
        """The handle for a response_url key, or Slack's error: ``invalid_url``, ``expired_url`` or ``used_url``."""
        with self.lock:
            handle = self.response_urls.get(key)
            if handle is None:
                return "invalid_url"
            if self.clock.now() - handle.created_at > RESPONSE_URL_TTL:
                return "expired_url"
            if handle.uses >= RESPONSE_URL_MAX_USES:
                return "used_url"
            handle.uses += 1
            return handle

    def now(self) -> datetime:
        return self.clock.now()
