"""The workspace's records: users, conversations, messages, ephemeral messages, files, views and interaction handles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

JSON = dict[str, Any]

ChannelKind = Literal["channel", "group", "im", "mpim"]


@dataclass
class User:
    id: str
    name: str
    real_name: str = ""
    display_name: str = ""
    email: str | None = None
    title: str = ""
    tz: str = "UTC"
    is_bot: bool = False
    bot_id: str | None = None
    is_admin: bool = False
    deleted: bool = False
    created: int = 0


@dataclass
class Channel:
    id: str
    name: str
    kind: ChannelKind
    creator: str
    created: int
    members: list[str] = field(default_factory=list)
    is_archived: bool = False
    is_general: bool = False
    topic: str = ""
    purpose: str = ""
    seq: int = 0

    @property
    def is_private(self) -> bool:
        return self.kind != "channel"


@dataclass
class Message:
    ts: str
    channel: str
    text: str
    user: str | None
    bot_id: str | None = None
    app_id: str | None = None
    subtype: str | None = None
    blocks: list[JSON] | None = None
    attachments: list[JSON] | None = None
    thread_ts: str | None = None
    parent_user_id: str | None = None
    client_msg_id: str | None = None
    edited: JSON | None = None
    reactions: dict[str, list[str]] = field(default_factory=dict)
    file_ids: list[str] = field(default_factory=list)
    reply_ts: list[str] = field(default_factory=list)
    pinned_to: list[str] = field(default_factory=list)
    extra: JSON = field(default_factory=dict)

    @property
    def is_reply(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts

    @property
    def in_history(self) -> bool:
        """Top-level messages and broadcast replies appear in conversations.history."""
        return not self.is_reply or self.subtype == "thread_broadcast"


@dataclass
class Ephemeral:
    """A message only one user sees; never in history, never an event."""

    ts: str
    channel: str
    user: str
    text: str
    blocks: list[JSON] | None = None
    thread_ts: str | None = None
    source: str = "chat.postEphemeral"
    deleted: bool = False


@dataclass
class Pin:
    channel: str
    ts: str
    created: int
    created_by: str


@dataclass
class StoredFile:
    id: str
    name: str
    length: int
    user: str
    created: int
    upload_token: str
    title: str = ""
    alt_txt: str | None = None
    snippet_type: str | None = None
    data: bytes | None = None
    shares: dict[str, list[JSON]] = field(default_factory=dict)
    completed: bool = False


@dataclass
class View:
    id: str
    user: str
    definition: JSON
    hash: str
    root_view_id: str
    previous_view_id: str | None = None
    external_id: str = ""
    state_values: dict[str, dict[str, JSON]] = field(default_factory=dict)
    closed: bool = False


@dataclass
class Trigger:
    id: str
    user: str
    issued_at: datetime
    used: bool = False


@dataclass
class ResponseUrl:
    """A ``response_url`` handed to the app with a slash command or an interaction (5 uses, 30 minutes)."""

    key: str
    kind: Literal["commands", "actions"]
    user: str
    channel: str
    created_at: datetime
    message_ts: str | None = None
    ephemeral: bool = False
    thread_ts: str | None = None
    uses: int = 0


@dataclass(frozen=True)
class ResponsePost:
    """One POST the app made to a response_url (or a slash-command ack body that Slack turned into a reply)."""

    source: Literal["response_url", "ack"]
    kind: str
    user: str
    channel: str
    body: JSON
    status: int
    outcome: str
