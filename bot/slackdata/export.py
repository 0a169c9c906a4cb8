"""Read a Slack export (folder, ``.zip`` or one channel's JSON file) into replayable events.

``sitrep replay`` and ``sitrep demo`` feed these events through the same ingest path live Slack
events take, in ``at`` order, so an export has to become a list of *what happened when*: posts,
edits and deletions. Standard exports only hold each message's last version (an ``edited`` field
marks that it changed); the event-shaped subtypes Slack's Events API uses (``message_changed``,
``message_deleted``) are accepted too, so hand-written examples can show edits and deletions.

Every malformed input raises :class:`~bot.errors.ExportError` with one line naming the file
(relative to the export's root) and the problem. Messages are raw, unredacted text, so no error
message ever quotes one. Timestamps must be plausible (2013 to a day from now, six decimals at
most), sizes are capped (:class:`~bot.slackdata.limits.ExportLimits`), and every string that
leaves this module is valid Unicode (lone surrogates replaced), for exports and live events alike.
"""

from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from bot.domain import RawMessage, ts_key
from bot.errors import ExportError
from bot.slackdata.limits import DEFAULT_LIMITS, ExportLimits, clean, latest_ts, plausible_ts, shorten
from bot.slackdata.source import ExportSource, load_json, open_folder, open_zip, read_file
from bot.slackdata.text import extra_texts_checked, unescape
from bot.slackdata.users import ExportUser

__all__ = [
    "ChannelExport",
    "Export",
    "ExportEvent",
    "ExportLimits",
    "ExportUser",
    "message_events",
    "read_export",
]

log = logging.getLogger(__name__)

EventKind = Literal["post", "edit", "delete"]

_DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
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
class _Rules:
    """What one read accepts: the newest plausible ts and the size limits."""

    latest: int
    limits: ExportLimits

    @classmethod
    def at(cls, now: datetime | None, limits: ExportLimits) -> _Rules:
        return cls(latest=latest_ts(now or datetime.now(UTC)), limits=limits)


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


def read_export(
    path: Path,
    *,
    users_path: Path | None = None,
    channel_id: str | None = None,
    now: datetime | None = None,
    limits: ExportLimits = DEFAULT_LIMITS,
) -> Export:
    """Read a Slack export folder, a ``.zip`` of one, or a single channel's JSON file.

    Args:
        path: the export folder, the ``.zip``, or a JSON file holding a list of messages.
        users_path: a ``users.json`` to name users with, instead of the export's own. For a single
            channel file, ``users.json`` next to it or one folder up is used when this is None.
        channel_id: for a single channel file, the channel id (default: the channel name).
        now: the time timestamps are judged against (a ts more than a day after it is refused);
            default the system clock.
        limits: size caps; the defaults fit any real workspace.

    Returns:
        The export, each channel's events sorted by ``(at, target_ts)``.

    Raises:
        ExportError: the path is missing, or a file is malformed or too big, or there are no messages.
    """
    rules = _Rules.at(now, limits)
    if not path.exists():
        raise ExportError(
            f"export not found: {clean(str(path))}", hint="pass a Slack export folder, .zip or channel .json file"
        )
    users = _read_users_file(users_path, rules) if users_path is not None else None
    if path.is_dir():
        return _read_source(open_folder(path, limits), users, rules)
    if not path.is_file():
        # A pipe or device: even asking whether it is a zip would block or never end.
        raise ExportError(
            f"{clean(path.name)}: is not a regular file", hint="pass a Slack export folder, .zip or channel .json file"
        )
    if path.suffix.lower() == ".zip" or _is_zip(path):
        return _read_source(open_zip(path, limits), users, rules)
    return _read_single_file(path, users, channel_id, rules)


def _is_zip(path: Path) -> bool:
    try:
        return zipfile.is_zipfile(path)
    except (OSError, ValueError):
        return False


# --------------------------------------------------------------------------- whole exports


def _read_source(source: ExportSource, users: dict[str, ExportUser] | None, rules: _Rules) -> Export:
    if users is None:
        users = _parse_users(source.read("users.json"), source.where("users.json"), rules.limits)
    listed = _listed_channels(source, rules.limits)
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
            events += _parse_messages(load_json(data, source.where(rel)), source.where(rel), channel_id, users, rules)
        channels.append(ChannelExport(id=channel_id, name=name, events=_sorted(events, name)))
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


def _listed_channels(source: ExportSource, limits: ExportLimits) -> list[tuple[str, str, str]]:
    """(id, name, folder) for every channel the export's listing files mention.

    Without any listing file, each folder holding day files is taken to be a channel named after
    it: people often hand-assemble exports from a few channel folders. Ids and names are cleaned
    for display; the folder is kept as it is on disk to read it.
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
            name = _entry_str(obj, "name", where, index, limit=limits.id_chars)
            channel_id = _entry_str(obj, "id", where, index, default=name, limit=limits.id_chars)
            found.append((clean(channel_id), clean(name), name))
    dms = _listing(source, _DM_LIST)
    if dms is not None:
        any_listing = True
        for index, entry in enumerate(dms):
            where = source.where(_DM_LIST)
            dm_id = _entry_str(_entry(entry, where, index), "id", where, index, limit=limits.id_chars)
            found.append((clean(dm_id), clean(dm_id), dm_id))  # DM folders are named by id
    if any_listing:
        return found
    inferred = [(clean(f), clean(f), f) for f in source.folders() if any(_DAY_FILE.match(n) for n in source.files(f))]
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


def _entry_str(
    entry: dict[str, object], key: str, where: str, index: int, default: str | None = None, *, limit: int
) -> str:
    value = entry.get(key)
    if isinstance(value, str) and value:
        if len(value) > limit:
            problem = f"has a `{key}` longer than {limit} characters"
            raise ExportError(f"{where}: entry at index {index} {problem}", hint=_FIX)
        return value
    if value is None and default is not None:
        return default
    problem = "has no" if value is None else f"has a non-text ({_a(value)})"
    raise ExportError(f"{where}: entry at index {index} {problem} `{key}`", hint=_FIX)


# --------------------------------------------------------------------------- single files


def _read_single_file(path: Path, users: dict[str, ExportUser] | None, channel_id: str | None, rules: _Rules) -> Export:
    # A day file picked out of an export is named after its date; its channel is the folder.
    is_day_file = bool(_DAY_FILE.match(path.name))
    name = clean(path.parent.name if is_day_file and path.parent.name else path.stem)
    where = clean(f"{path.parent.name}/{path.name}" if is_day_file and path.parent.name else path.name)
    if users is None:
        users = {}
        for candidate in (path.parent / "users.json", path.parent.parent / "users.json"):
            if candidate.is_file() and candidate != path:
                users = _read_users_file(candidate, rules)
                break
    data = read_file(path, where, rules.limits)
    if data is None:  # removed a moment ago
        raise ExportError(f"export not found: {clean(str(path))}", hint="pass a Slack export folder, .zip or .json")
    cid = clean(channel_id or name)
    events = _parse_messages(load_json(data, where), where, cid, users, rules)
    if not events:
        raise ExportError(f"{where}: holds no messages", hint="pass a channel file with at least one message")
    return Export(channels=(ChannelExport(id=cid, name=name, events=_sorted(events, name)),), users=users)


# --------------------------------------------------------------------------- users


def _read_users_file(path: Path, rules: _Rules) -> dict[str, ExportUser]:
    data = read_file(path, clean(path.name), rules.limits)
    if data is None:
        raise ExportError(f"users file not found: {clean(str(path))}", hint="pass the export's users.json")
    return _parse_users(data, clean(path.name), rules.limits)


def _parse_users(data: bytes | None, where: str, limits: ExportLimits) -> dict[str, ExportUser]:
    """Members by id; a missing ``users.json`` only means messages show user ids, not names."""
    if data is None:
        return {}
    entries = load_json(data, where)
    if not isinstance(entries, list):
        raise ExportError(f"{where}: top level is {_a(entries)}, expected a list of users", hint=_FIX)
    users: dict[str, ExportUser] = {}
    for index, item in enumerate(entries):
        entry = _entry(item, where, index)
        user_id = clean(_entry_str(entry, "id", where, index, limit=limits.id_chars))
        profile = entry.get("profile")
        profile = profile if isinstance(profile, dict) else {}
        n = limits.name_chars
        users[user_id] = ExportUser(
            id=user_id,
            name=_name(entry.get("name"), n) or user_id,
            real_name=_name(entry.get("real_name"), n) or _name(profile.get("real_name"), n),
            display_name=_name(profile.get("display_name"), n),
            is_bot=entry.get("is_bot") is True or user_id == _SLACKBOT,
        )
    return users


# --------------------------------------------------------------------------- messages


def message_events(
    item: object,
    channel_id: str,
    users: dict[str, ExportUser],
    *,
    where: str = "Slack payload",
    now: datetime | None = None,
    limits: ExportLimits = DEFAULT_LIMITS,
) -> list[ExportEvent]:
    """Events (post / edit / delete) for one Slack message object, from an export or the live API.

    The Slack app uses this for ``message`` events and for ``conversations.history`` pages, so a
    message reads the same whether it was exported, backfilled or delivered: same ts checks,
    same caps, lone surrogates replaced the same way.

    Args:
        now: the time timestamps are judged against (default: the system clock).

    Raises:
        ExportError: when the object is not a well-formed Slack message.
    """
    return _MessageReader(item, where, 0, clean(channel_id), users, _Rules.at(now, limits)).events()


def _parse_messages(
    doc: object, where: str, channel_id: str, users: dict[str, ExportUser], rules: _Rules
) -> list[ExportEvent]:
    if not isinstance(doc, list):
        raise ExportError(
            f"{where}: top level is {_a(doc)}, expected a list of messages",
            hint="a channel file is a JSON list; from conversations.history, save its `messages` array",
        )
    events: list[ExportEvent] = []
    for index, item in enumerate(doc):
        events += _MessageReader(item, where, index, channel_id, users, rules).events()
    return events


class _MessageReader:
    """Validates one message object and turns it into zero or more events."""

    def __init__(  # noqa: PLR0917 - private; every call site passes all six in this order
        self, item: object, where: str, index: int, channel_id: str, users: dict[str, ExportUser], rules: _Rules
    ) -> None:
        self._where = where
        self._index = index
        self._channel = channel_id
        self._users = users
        self._rules = rules
        self._cut = False
        self._limits = rules.limits
        if not isinstance(item, dict):
            raise self._error(f"is {_a(item)}, expected an object")
        self._msg: dict[str, object] = item

    def events(self) -> list[ExportEvent]:
        msg = self._msg
        subtype = self._opt_id(msg, "subtype")
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
        self._cut = False
        text = self._text(unescape(self._opt_str(msg, "text", prefix) or ""), "text")
        user = self._opt_id(msg, "user", prefix)
        subtype = self._opt_id(msg, "subtype", prefix)
        bot_id = self._opt_id(msg, "bot_id", prefix)
        thread_ts = self._ts(msg, "thread_ts", prefix) if msg.get("thread_ts") is not None else None
        edited = self._opt_dict(msg, "edited", prefix)
        edited_ts = edited_fallback
        if edited is not None and edited.get("ts") is not None:
            edited_ts = self._ts(edited, "ts", prefix + "edited.")
        member = self._users.get(user) if user else None
        user_name, author_is_member = self._author(msg, prefix, member, subtype)
        extras, extras_cut = extra_texts_checked(
            text,
            self._parts(self._opt_list(msg, "blocks", prefix), "blocks"),
            self._parts(self._opt_list(msg, "attachments", prefix), "attachments"),
            max_chars=self._limits.text_chars,
            max_parts=self._limits.parts,
        )
        return RawMessage(
            channel=self._channel,
            ts=ts,
            text=text,
            # Bot posts often have no user; the bot id keeps their author distinguishable.
            user=user or bot_id,
            user_name=user_name,
            author_is_member=author_is_member,
            thread_ts=thread_ts,
            subtype=subtype,
            is_bot=subtype == "bot_message"
            or bot_id is not None
            or user == _SLACKBOT
            or (member is not None and member.is_bot),
            edited_ts=edited_ts,
            files=self._files(msg, prefix),
            extra_texts=tuple(clean(part) for part in extras),
            oversized=self._cut or extras_cut,
        )

    def _author(
        self, msg: dict[str, object], prefix: str, member: ExportUser | None, subtype: str | None
    ) -> tuple[str | None, bool]:
        """The name Slack shows for the message, and whether it is a workspace member's own name.

        Only a human member's name from the member list counts: an integration sets its username
        per post (it may carry a customer's name or address), and a Slack Connect guest's name
        comes with the message (``user_profile``), not from this workspace.
        """
        n = self._limits.name_chars
        username = _name(msg.get("username"), n)
        bot_profile = self._opt_dict(msg, "bot_profile", prefix) or {}
        profile = self._opt_dict(msg, "user_profile", prefix) or {}
        bot_name = _name(bot_profile.get("name"), n)
        # A bot_message's username is what Slack shows (integrations set it per post).
        if subtype == "bot_message" and username:
            return username, False
        if msg.get("user") == _SLACKBOT:
            return (member.best_name if member else "Slackbot"), True  # Slack's own bot, not personal data
        external = _other_team(msg)
        if member is not None and member.best_name:
            return member.best_name, not (member.is_bot or external)
        candidates = [
            _name(profile.get("display_name"), n),
            _name(profile.get("real_name"), n),
            _name(profile.get("name"), n),
            bot_name,
            username,
        ]
        return next((c for c in candidates if c), None), False

    def _files(self, msg: dict[str, object], prefix: str) -> tuple[str, ...]:
        files = self._parts(self._opt_list(msg, "files", prefix), "files")
        single = self._opt_dict(msg, "file", prefix)  # exports from before 2019 used one `file`
        names: list[str] = []
        n = self._limits.name_chars
        for f in [*files, *([single] if single else [])]:
            if isinstance(f, dict):
                # Files past the plan's retention limit come back as id-only stubs: no name.
                name = _name(f.get("title"), n) or _name(f.get("name"), n)
                if name:
                    names.append(name)
        return tuple(names)

    def _text(self, text: str, key: str) -> str:
        """The text, valid Unicode, cut at the hard safety cap (ingest applies the real limit)."""
        cap = self._limits.text_chars
        if len(text) > cap:
            log.warning(
                "%s: message at index %d has a `%s` of %d characters; kept the first %d",
                self._where,
                self._index,
                key,
                len(text),
                cap,
            )
            text = text[:cap]
            self._cut = True
        return clean(text)

    def _parts(self, items: list[object], key: str) -> list[object]:
        cap = self._limits.parts
        if len(items) > cap:
            log.warning(
                "%s: message at index %d has %d %s; read the first %d", self._where, self._index, len(items), key, cap
            )
            return items[:cap]
        return items

    # -- typed field access; each failure names file, message index and field -------------

    def _ts(self, msg: dict[str, object], key: str, prefix: str = "") -> str:
        value = msg.get(key)
        if value is None:
            raise self._error(f"has no `{prefix}{key}`")
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self._error(f"has a `{prefix}{key}` that is {_a(value)}, expected a Slack timestamp string")
        try:
            # JSON numbers have no "as Slack wrote it" form; they get Slack's six decimals.
            return plausible_ts(value, self._rules.latest)
        except ValueError as exc:
            raise self._error(f"has a `{prefix}{key}` {exc}") from None

    def _opt_id(self, msg: dict[str, object], key: str, prefix: str = "") -> str | None:
        value = self._opt_str(msg, key, prefix)
        if value is not None and len(value) > self._limits.id_chars:
            raise self._error(f"has a `{prefix}{key}` longer than {self._limits.id_chars} characters")
        return clean(value) if value is not None else None

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


def _sorted(events: list[ExportEvent], channel: str) -> tuple[ExportEvent, ...]:
    # The same post can appear twice (a thread reply repeated in two day files); keep the last.
    unique: dict[tuple[str, str, str], ExportEvent] = {}
    duplicates = 0
    for event in events:
        key = (event.kind, event.at, event.target_ts)
        if event.kind == "post" and key in unique:
            duplicates += 1
        unique[key] = event
    if duplicates:
        # One line per channel, however many: a re-exported folder can repeat thousands.
        log.warning("#%s: %d message(s) appear more than once (same ts); kept the last of each", channel, duplicates)
    return tuple(sorted(unique.values(), key=lambda e: (ts_key(e.at), ts_key(e.target_ts), _KIND_ORDER[e.kind])))


def _other_team(msg: dict[str, object]) -> bool:
    """A Slack Connect message from someone of another organisation (``user_team`` is theirs)."""
    user_team, team = msg.get("user_team"), msg.get("team")
    return isinstance(user_team, str) and isinstance(team, str) and bool(user_team) and user_team != team


def _name(value: object, limit: int) -> str | None:
    """A display name or title: a non-empty string, cleaned and shortened; anything else None."""
    return shorten(clean(value), limit) if isinstance(value, str) and value else None


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
