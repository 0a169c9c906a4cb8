"""Read a Slack export (folder, ``.zip`` or one channel's JSON file) into replayable events.

``sitrep replay`` and ``sitrep demo`` feed these events through the same ingest path live Slack
events take, in ``at`` order, so an export has to become a list of *what happened when*: posts,
edits and deletions. Standard exports only hold each message's last version (an ``edited`` field
marks that it changed); the event-shaped subtypes Slack's Events API uses (``message_changed``,
``message_deleted``) are accepted too, so hand-written examples can show edits and deletions.

Every malformed input raises :class:`~bot.errors.ExportError` with one line naming the file
(relative to the export's root) and the problem. Messages are raw, unredacted text, so no error
message ever quotes one.
"""

from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

from bot.domain import RawMessage, ts_key
from bot.errors import ExportError
from bot.slackdata.source import ExportSource, load_json, open_folder, open_zip
from bot.slackdata.text import extra_texts, unescape
from bot.slackdata.users import ExportUser

__all__ = [
    "ChannelExport",
    "Export",
    "ExportEvent",
    "ExportUser",
    "read_export",
]

log = logging.getLogger(__name__)

EventKind = Literal["post", "edit", "delete"]

_DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
_TS = re.compile(r"^\d{1,12}(\.\d{1,6})?$")
_FIX = "fix the file or export the channel from Slack again"
# Slack's own bookkeeping: a thread parent re-sent with new reply counts, not a new message.
_SKIPPED_SUBTYPES = frozenset({"message_replied"})
# Public channels, private channels, group DMs: entries with an id and a name (= folder name).
_CHANNEL_LISTS = ("channels.json", "groups.json", "mpims.json")
# Direct messages have no name; their folders are named by id.
_DM_LIST = "dms.json"
# Slackbot posts reminders and tombstones; users.json lists it (if at all) with is_bot false.
_SLACKBOT = "USLACKBOT"
_KIND_ORDER: dict[str, int] = {"post": 0, "edit": 1, "delete": 2}


@dataclass(frozen=True)
class ExportEvent:
    """One thing that happened in a channel; replay applies these in ``at`` order."""

    kind: EventKind
    at: str
    """Slack ts at which this happened: the message ts for a post, the event ts otherwise."""
    message: RawMessage | None
    """The message (for an edit, its full new version with the original ts); None for delete."""
    target_ts: str
    """ts of the message this event creates, changes or removes."""


@dataclass(frozen=True)
class ChannelExport:
    """One channel's events, sorted by ``(at, target_ts)``."""

    id: str
    name: str
    events: tuple[ExportEvent, ...] = ()

    @property
    def posts(self) -> tuple[RawMessage, ...]:
        """The posted messages in ts order (each as first posted, or its last version)."""
        return tuple(e.message for e in self.events if e.kind == "post" and e.message is not None)


@dataclass(frozen=True)
class Export:
    """A whole export: its channels (in listing order) and its members by user id."""

    channels: tuple[ChannelExport, ...]
    users: dict[str, ExportUser] = field(default_factory=dict)

    def channel(self, name_or_id: str) -> ChannelExport:
        """The channel with this name (``#`` optional) or id.

        Raises:
            ExportError: no such channel; the message lists the ones there are.
        """
        wanted = name_or_id.removeprefix("#")
        for ch in self.channels:
            if wanted in (ch.name, ch.id):
                return ch
        names = ", ".join(ch.name for ch in self.channels) or "none"
        raise ExportError(f"channel {name_or_id!r} is not in this export", hint=f"available channels: {names}")


def read_export(path: Path, *, users_path: Path | None = None, channel_id: str | None = None) -> Export:
    """Read a Slack export folder, a ``.zip`` of one, or a single channel's JSON file.

    Args:
        path: the export folder, the ``.zip``, or a JSON file holding a list of messages.
        users_path: a ``users.json`` to name users with, instead of the export's own. For a single
            channel file, ``users.json`` next to it or one folder up is used when this is None.
        channel_id: for a single channel file, the channel id (default: the channel name).

    Returns:
        The export, each channel's events sorted by ``(at, target_ts)``.

    Raises:
        ExportError: the path is missing, or a file is malformed, or there are no messages.
    """
    if not path.exists():
        raise ExportError(f"export not found: {path}", hint="pass a Slack export folder, .zip or channel .json file")
    users = _read_users_file(users_path) if users_path is not None else None
    if path.is_dir():
        return _read_source(open_folder(path), users)
    if path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
        source = open_zip(path)
        return _read_source(source, users)
    return _read_single_file(path, users, channel_id)


# --------------------------------------------------------------------------- whole exports


def _read_source(source: ExportSource, users: dict[str, ExportUser] | None) -> Export:
    if users is None:
        users = _parse_users(source.read("users.json"), source.where("users.json"))
    listed = _listed_channels(source)
    if not listed:
        raise ExportError(
            f"{source.where('channels.json')}: lists no channels",
            hint="export again with at least one channel selected",
        )
    folders = set(source.folders())
    channels: list[ChannelExport] = []
    for channel_id, name, folder in listed:
        if folder not in folders:
            # Slack lists channels it did not export (e.g. archived or filtered out).
            log.warning("export lists channel %s but has no folder %s/; skipped", name, folder)
            continue
        events: list[ExportEvent] = []
        for day in (f for f in source.files(folder) if _DAY_FILE.match(f)):
            rel = f"{folder}/{day}"
            data = source.read(rel)
            if data is None:  # listed a moment ago; only a concurrent change gets here
                continue
            events += _parse_messages(load_json(data, source.where(rel)), source.where(rel), channel_id, users)
        channels.append(ChannelExport(id=channel_id, name=name, events=_sorted(events)))
    if not channels:
        raise ExportError(
            f"{source.where('channels.json')}: none of the {len(listed)} listed channels has a folder",
            hint="export again with the channel's messages included",
        )
    if not any(ch.events for ch in channels):
        raise ExportError(
            "the export has no messages", hint="check that the channels' folders hold YYYY-MM-DD.json files"
        )
    return Export(channels=tuple(channels), users=users)


def _listed_channels(source: ExportSource) -> list[tuple[str, str, str]]:
    """(id, name, folder) for every channel the export's listing files mention.

    Without any listing file, each folder holding day files is taken to be a channel named after
    it: people often hand-assemble exports from a few channel folders.
    """
    found: list[tuple[str, str, str]] = []
    any_listing = False
    for filename in _CHANNEL_LISTS:
        entries = _listing(source, filename)
        if entries is None:
            continue
        any_listing = True
        for index, entry in enumerate(entries):
            where = source.where(filename)
            obj = _entry(entry, where, index)
            name = _entry_str(obj, "name", where, index)
            channel_id = _entry_str(obj, "id", where, index, default=name)
            found.append((channel_id, name, name))
    dms = _listing(source, _DM_LIST)
    if dms is not None:
        any_listing = True
        for index, entry in enumerate(dms):
            where = source.where(_DM_LIST)
            dm_id = _entry_str(_entry(entry, where, index), "id", where, index)
            found.append((dm_id, dm_id, dm_id))  # DM folders are named by id
    if any_listing:
        return found
    inferred = [(f, f, f) for f in source.folders() if any(_DAY_FILE.match(n) for n in source.files(f))]
    if not inferred:
        raise ExportError(
            f"{source.where('channels.json')}: not found, and no folder holds YYYY-MM-DD.json files",
            hint="pass the folder Slack's export unzips to (it has channels.json and users.json)",
        )
    return inferred


def _listing(source: ExportSource, filename: str) -> list[object] | None:
    data = source.read(filename)
    if data is None:
        return None
    where = source.where(filename)
    entries = load_json(data, where)
    if not isinstance(entries, list):
        raise ExportError(f"{where}: top level is {_a(entries)}, expected a list of channels", hint=_FIX)
    return entries


def _entry(entry: object, where: str, index: int) -> dict[str, object]:
    if not isinstance(entry, dict):
        raise ExportError(f"{where}: entry at index {index} is {_a(entry)}, expected an object", hint=_FIX)
    return entry


def _entry_str(entry: dict[str, object], key: str, where: str, index: int, default: str | None = None) -> str:
    value = entry.get(key)
    if isinstance(value, str) and value:
        return value
    if value is None and default is not None:
        return default
    problem = "has no" if value is None else f"has a non-text ({_a(value)})"
    raise ExportError(f"{where}: entry at index {index} {problem} `{key}`", hint=_FIX)


# --------------------------------------------------------------------------- single files


def _read_single_file(path: Path, users: dict[str, ExportUser] | None, channel_id: str | None) -> Export:
    # A day file picked out of an export is named after its date; its channel is the folder.
    is_day_file = bool(_DAY_FILE.match(path.name))
    name = path.parent.name if is_day_file and path.parent.name else path.stem
    where = f"{path.parent.name}/{path.name}" if is_day_file and path.parent.name else path.name
    if users is None:
        users = {}
        for candidate in (path.parent / "users.json", path.parent.parent / "users.json"):
            if candidate.is_file() and candidate != path:
                users = _read_users_file(candidate)
                break
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExportError(
            f"{where}: cannot be read ({exc.strerror or type(exc).__name__})",
            hint="check the file's permissions",
        ) from exc
    cid = channel_id or name
    events = _parse_messages(load_json(data, where), where, cid, users)
    if not events:
        raise ExportError(f"{where}: holds no messages", hint="pass a channel file with at least one message")
    return Export(channels=(ChannelExport(id=cid, name=name, events=_sorted(events)),), users=users)


# --------------------------------------------------------------------------- users


def _read_users_file(path: Path) -> dict[str, ExportUser]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExportError(f"users file not found: {path}", hint="pass the export's users.json") from None
    except OSError as exc:
        raise ExportError(
            f"{path.name}: cannot be read ({exc.strerror or type(exc).__name__})",
            hint="check the file's permissions",
        ) from exc
    return _parse_users(data, path.name)


def _parse_users(data: bytes | None, where: str) -> dict[str, ExportUser]:
    """Members by id; a missing ``users.json`` only means messages show user ids, not names."""
    if data is None:
        return {}
    entries = load_json(data, where)
    if not isinstance(entries, list):
        raise ExportError(f"{where}: top level is {_a(entries)}, expected a list of users", hint=_FIX)
    users: dict[str, ExportUser] = {}
    for index, item in enumerate(entries):
        entry = _entry(item, where, index)
        user_id = _entry_str(entry, "id", where, index)
        profile = entry.get("profile")
        profile = profile if isinstance(profile, dict) else {}
        name = _text(entry.get("name")) or user_id
        users[user_id] = ExportUser(
            id=user_id,
            name=name,
            real_name=_text(entry.get("real_name")) or _text(profile.get("real_name")),
            display_name=_text(profile.get("display_name")),
            is_bot=entry.get("is_bot") is True or user_id == _SLACKBOT,
        )
    return users


# --------------------------------------------------------------------------- messages


def message_events(
    item: object, channel_id: str, users: dict[str, ExportUser], *, where: str = "Slack payload"
) -> list[ExportEvent]:
    """Events (post / edit / delete) for one Slack message object, from an export or the live API.

    The Slack app uses this for ``message`` events and for ``conversations.history`` pages, so a
    message reads the same whether it was exported, backfilled or delivered.

    Raises:
        ExportError: when the object is not a well-formed Slack message.
    """
    return _MessageReader(item, where, 0, channel_id, users).events()


def _parse_messages(doc: object, where: str, channel_id: str, users: dict[str, ExportUser]) -> list[ExportEvent]:
    if not isinstance(doc, list):
        raise ExportError(
            f"{where}: top level is {_a(doc)}, expected a list of messages",
            hint="a channel file is a JSON list; from conversations.history, save its `messages` array",
        )
    events: list[ExportEvent] = []
    for index, item in enumerate(doc):
        events += _MessageReader(item, where, index, channel_id, users).events()
    return events


class _MessageReader:
    """Validates one message object and turns it into zero or more events."""

    def __init__(self, item: object, where: str, index: int, channel_id: str, users: dict[str, ExportUser]) -> None:
        self._where = where
        self._index = index
        self._channel = channel_id
        self._users = users
        if not isinstance(item, dict):
            raise self._error(f"is {_a(item)}, expected an object")
        self._msg: dict[str, object] = item

    def events(self) -> list[ExportEvent]:
        msg = self._msg
        subtype = self._opt_str(msg, "subtype")
        if subtype in _SKIPPED_SUBTYPES:
            return []
        at = self._ts(msg, "ts")
        if subtype == "message_changed":
            nested = msg.get("message")
            if not isinstance(nested, dict):
                raise self._error(f"is a message_changed event whose `message` is {_a(nested)}, expected an object")
            new = self._raw(nested, "message.", edited_fallback=at)
            return [ExportEvent(kind="edit", at=at, message=new, target_ts=new.ts)]
        if subtype == "message_deleted":
            target = self._ts(msg, "deleted_ts")
            return [ExportEvent(kind="delete", at=at, message=None, target_ts=target)]
        if subtype == "tombstone":
            # A deleted thread parent Slack keeps so its replies still have a thread to sit in.
            return [ExportEvent(kind="delete", at=at, message=None, target_ts=at)]
        raw = self._raw(msg, "", edited_fallback=None)
        return [ExportEvent(kind="post", at=raw.ts, message=raw, target_ts=raw.ts)]

    def _raw(self, msg: dict[str, object], prefix: str, *, edited_fallback: str | None) -> RawMessage:
        ts = self._ts(msg, "ts", prefix)
        text = unescape(self._opt_str(msg, "text", prefix) or "")
        user = self._opt_str(msg, "user", prefix)
        subtype = self._opt_str(msg, "subtype", prefix)
        bot_id = self._opt_str(msg, "bot_id", prefix)
        thread_ts = self._ts(msg, "thread_ts", prefix) if msg.get("thread_ts") is not None else None
        edited = self._opt_dict(msg, "edited", prefix)
        edited_ts = edited_fallback
        if edited is not None and edited.get("ts") is not None:
            edited_ts = self._ts(edited, "ts", prefix + "edited.")
        member = self._users.get(user) if user else None
        return RawMessage(
            channel=self._channel,
            ts=ts,
            text=text,
            # Bot posts often have no user; the bot id keeps their author distinguishable.
            user=user or bot_id,
            user_name=self._author(msg, prefix, member, subtype),
            thread_ts=thread_ts,
            subtype=subtype,
            is_bot=subtype == "bot_message"
            or bot_id is not None
            or user == _SLACKBOT
            or (member is not None and member.is_bot),
            edited_ts=edited_ts,
            files=self._files(msg, prefix),
            extra_texts=extra_texts(
                text, self._opt_list(msg, "blocks", prefix), self._opt_list(msg, "attachments", prefix)
            ),
        )

    def _author(
        self, msg: dict[str, object], prefix: str, member: ExportUser | None, subtype: str | None
    ) -> str | None:
        username = _text(msg.get("username"))
        bot_profile = self._opt_dict(msg, "bot_profile", prefix) or {}
        profile = self._opt_dict(msg, "user_profile", prefix) or {}
        bot_name = _text(bot_profile.get("name"))
        # A bot_message's username is what Slack shows (integrations set it per post).
        candidates = [username] if subtype == "bot_message" else []
        candidates += [
            member.best_name if member else None,
            _text(profile.get("display_name")),
            _text(profile.get("real_name")),
            _text(profile.get("name")),
            bot_name,
            username,
            "Slackbot" if msg.get("user") == _SLACKBOT else None,
        ]
        return next((c for c in candidates if c), None)

    def _files(self, msg: dict[str, object], prefix: str) -> tuple[str, ...]:
        files = self._opt_list(msg, "files", prefix)
        single = self._opt_dict(msg, "file", prefix)  # exports from before 2019 used one `file`
        names: list[str] = []
        for f in [*files, *([single] if single else [])]:
            if isinstance(f, dict):
                # Files past the plan's retention limit come back as id-only stubs: no name.
                name = _text(f.get("title")) or _text(f.get("name"))
                if name:
                    names.append(name)
        return tuple(names)

    # -- typed field access; each failure names file, message index and field -------------

    def _ts(self, msg: dict[str, object], key: str, prefix: str = "") -> str:
        value = msg.get(key)
        if value is None:
            raise self._error(f"has no `{prefix}{key}`")
        if isinstance(value, bool):
            raise self._error(f"has a `{prefix}{key}` that is a boolean, expected a Slack timestamp")
        if isinstance(value, (int, float)):
            # JSON numbers have no "as Slack wrote it" form; use Slack's six decimals.
            number = Decimal(repr(value))
            if number.is_finite() and number >= 0:
                return f"{number:.6f}"
            raise self._error(f"has a `{prefix}{key}` that is not a Slack timestamp (negative or not finite)")
        if isinstance(value, str):
            if _TS.match(value):
                return value
            raise self._error(f'has a `{prefix}{key}` that is not a Slack timestamp like "1700000000.000100"')
        raise self._error(f"has a `{prefix}{key}` that is {_a(value)}, expected a Slack timestamp string")

    def _opt_str(self, msg: dict[str, object], key: str, prefix: str = "") -> str | None:
        value = msg.get(key)
        if value is None or isinstance(value, str):
            return value
        raise self._error(f"has a `{prefix}{key}` that is {_a(value)}, expected a string")

    def _opt_dict(self, msg: dict[str, object], key: str, prefix: str) -> dict[str, object] | None:
        value = msg.get(key)
        if value is None or isinstance(value, dict):
            return value
        raise self._error(f"has a `{prefix}{key}` that is {_a(value)}, expected an object")

    def _opt_list(self, msg: dict[str, object], key: str, prefix: str) -> list[object]:
        value = msg.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        raise self._error(f"has a `{prefix}{key}` that is {_a(value)}, expected a list")

    def _error(self, problem: str) -> ExportError:
        return ExportError(f"{self._where}: message at index {self._index} {problem}", hint=_FIX)


# --------------------------------------------------------------------------- helpers


def _sorted(events: list[ExportEvent]) -> tuple[ExportEvent, ...]:
    # The same post can appear twice (a thread reply repeated in two day files); keep the last.
    unique: dict[tuple[str, str, str], ExportEvent] = {}
    for event in events:
        key = (event.kind, event.at, event.target_ts)
        if event.kind == "post" and key in unique:
            log.warning("duplicate message ts %s in one channel; kept the last copy", event.at)
        unique[key] = event
    return tuple(sorted(unique.values(), key=lambda e: (ts_key(e.at), ts_key(e.target_ts), _KIND_ORDER[e.kind])))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _a(value: object) -> str:
    """ "a list", "a number"… — names a JSON type for error messages without quoting the value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
