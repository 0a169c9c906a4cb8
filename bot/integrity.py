"""The tamper-evident message record: a content hash per stored version and a per-channel hash chain.

Every write of a message (insert or edit) and every delete marker gets a *version hash*: sha256 of
the canonical JSON of its redacted text and metadata. Each channel keeps a chain (a Redis LIST
under the channel's hash tag), one entry per version, appended in the same Lua script as the write:

    entry_hash = sha256(prev_entry_hash (32 bytes) || "<version_hash>|<kind>|<ts>")

starting from ``GENESIS``. Editing a stored message, deleting one, or reordering, removing or
changing a chain entry outside Sitrep then shows up when the chain is recomputed
(``first_break``). The hashes are computed here in Python (Redis' Lua has no sha256); the script
only compares the head it finds with the one the entry was computed from, and appends.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.domain import Message

GENESIS = "0" * 64
"""The ``prev`` of a channel's first entry."""

RECORD_VERSION = 1
"""Bumped if the canonical version record ever changes shape (old chains keep verifying under 1)."""

VersionKind = Literal["insert", "edit", "delete"]


def canonical(obj: object) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8, no NaN (the form every hash and signature covers).

    Only strings, ints, bools, None, lists and string-keyed dicts go in (no floats), where this
    agrees with RFC 8785.
    """
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def kind_of(msg: Message) -> VersionKind:
    """``edit`` for a message Slack marked edited, else ``insert``: the stored message alone says which."""
    return "edit" if msg.edited_ts else "insert"


def version_record(msg: Message) -> dict[str, object]:
    """The canonical record of one stored version: redacted text and the metadata that gives it meaning."""
    return {
        "v": RECORD_VERSION,
        "kind": kind_of(msg),
        "channel": msg.channel,
        "ts": msg.ts,
        "user": msg.user,
        "thread_ts": msg.thread_ts,
        "edited_ts": msg.edited_ts,
        "subtype": msg.subtype,
        "is_bot": msg.is_bot,
        "text": msg.text,
        "files": list(msg.files),
    }


def version_hash(msg: Message) -> str:
    """sha256 of ``msg``'s canonical version record (what a citation of it carries)."""
    return sha256_hex(canonical(version_record(msg)))


def delete_hash(channel: str, ts: str) -> str:
    """sha256 of the delete marker of message ``ts``."""
    return sha256_hex(canonical({"v": RECORD_VERSION, "kind": "delete", "channel": channel, "ts": ts}))


def entry_hash(prev: str, version: str, kind: str, ts: str) -> str:
    """The chain link: sha256(prev hash bytes + ``version|kind|ts``)."""
    return sha256_hex(bytes.fromhex(prev) + f"{version}|{kind}|{ts}".encode())


@dataclass(frozen=True)
class ChainEntry:
    """One link: stored as ``"<hash> <prev> <version> <kind> <ts>"`` (the script reads the first 64 chars)."""

    hash: str
    prev: str
    version: str
    kind: str
    ts: str

    @classmethod
    def make(cls, prev: str, version: str, kind: VersionKind, ts: str) -> ChainEntry:
        return cls(entry_hash(prev, version, kind, ts), prev, version, kind, ts)

    def encode(self) -> str:
        return f"{self.hash} {self.prev} {self.version} {self.kind} {self.ts}"

    @classmethod
    def parse(cls, raw: str) -> ChainEntry | None:
        """The entry in ``raw``, or None when it is not one (a chain written by something else)."""
        parts = raw.split(" ")
        if len(parts) != 5:
            return None
        return cls(*parts)


def first_break(
    entries: Sequence[ChainEntry | None], stored: Mapping[str, Message], channel: str
) -> tuple[str | None, dict[str, set[str]]]:
    """Recompute ``channel``'s chain against the stored messages.

    Args:
        entries: the chain as read (None for an entry that does not parse).
        stored: ts -> the message stored now.

    Returns:
        (the first thing that does not match as one line, or None) and ts -> every version hash the
        chain holds for it (a citation's hash must be among them).
    """
    versions: dict[str, set[str]] = {}
    last: dict[str, ChainEntry] = {}
    prev = GENESIS
    for index, entry in enumerate(entries):
        if entry is None:
            return f"chain entry {index} of {channel} is not a chain entry", versions
        if entry.prev != prev:
            return (
                f"chain entry {index} of {channel} (ts {entry.ts}) does not follow entry {index - 1} "
                "(the chain was reordered, cut or spliced)",
                versions,
            )
        if entry_hash(entry.prev, entry.version, entry.kind, entry.ts) != entry.hash:
            return f"chain entry {index} of {channel} (ts {entry.ts}) does not match its hash (altered)", versions
        versions.setdefault(entry.ts, set()).add(entry.version)
        last[entry.ts] = entry
        prev = entry.hash
    for ts, entry in last.items():
        msg = stored.get(ts)
        if entry.kind == "delete":
            if msg is not None:
                return f"message {ts} of {channel} was deleted but is stored again outside Sitrep", versions
            continue
        if msg is None:
            return f"message {ts} of {channel} is missing from the store (deleted outside Sitrep)", versions
        if version_hash(msg) != entry.version:
            return f"message {ts} of {channel} differs from its recorded version (changed outside Sitrep)", versions
    for ts in stored:
        if ts not in last:
            return f"message {ts} of {channel} is stored but not in the chain (added outside Sitrep)", versions
    return None, versions
