"""The journal: every request the app made to the local Slack, in order, with no raw token in it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

TokenStatus = Literal["valid", "invalid", "missing", "wrong_type", "not_required"]
EntryKind = Literal["api", "upload", "response_url", "file_download"]


@dataclass(frozen=True)
class JournalEntry:
    seq: int
    kind: EntryKind
    method: str
    http_method: str
    content_type: str
    params: dict[str, Any]
    token: TokenStatus
    status: int
    ok: bool | None
    error: str | None
    fault: str | None
    duration_s: float
    at: float = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Journal:
    """Thread-safe, append-only list of ``JournalEntry``; iterate it or filter with ``calls``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[JournalEntry] = []

    def record(self, **fields: Any) -> JournalEntry:
        with self._lock:
            entry = JournalEntry(seq=len(self._entries) + 1, **fields)
            self._entries.append(entry)
            return entry

    def entries(self) -> list[JournalEntry]:
        with self._lock:
            return list(self._entries)

    def calls(self, method: str | None = None, *, ok: bool | None = None) -> list[JournalEntry]:
        """API calls, optionally only to ``method`` and only those that succeeded (``ok=True``) or failed."""
        return [
            e
            for e in self.entries()
            if e.kind == "api" and (method is None or e.method == method) and (ok is None or e.ok is ok)
        ]

    def methods(self) -> list[str]:
        return [e.method for e in self.entries() if e.kind == "api"]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def dump_jsonl(self, path: Path) -> None:
        with path.open("w", encoding="utf-8") as out:
            for entry in self.entries():
                out.write(json.dumps(entry.to_dict(), default=str) + "\n")

    def __iter__(self) -> Iterator[JournalEntry]:
        return iter(self.entries())

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
