"""Typed placeholders (`<EMAIL_1>`) numbered per scope, stable within it, held only in memory.

The book remembers which value got which number by a keyed hash of the value (the key is random
per process), so neither the mapping nor the values are ever written anywhere.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict

from bot.redaction import entities as ent

# Values compared without case: the same address or name typed twice gets one placeholder.
_CASELESS = frozenset({ent.EMAIL, ent.PERSON})


class ScopeNumbering:
    """Numbers for one scope (an incident channel): the same value always gets the same label."""

    def __init__(self, hash_key: bytes, max_entries: int) -> None:
        self._hash_key = hash_key
        self._max_entries = max_entries
        self._labels: dict[bytes, str] = {}
        self._counters: dict[str, int] = {}

    def label(self, entity_type: str, value: str) -> str:
        """``<TYPE_N>`` for ``value``; a new N the first time the value is seen in this scope."""
        if entity_type in _CASELESS:
            value = " ".join(value.casefold().split())
        digest = hashlib.blake2b(
            f"{entity_type}\x00{value}".encode("utf-8", "surrogatepass"), key=self._hash_key, digest_size=16
        ).digest()
        existing = self._labels.get(digest)
        if existing is not None:
            return existing
        n = self._counters.get(entity_type, 0) + 1
        self._counters[entity_type] = n
        label = f"<{entity_type}_{n}>"
        if len(self._labels) < self._max_entries:
            self._labels[digest] = label
        return label


class PlaceholderBook:
    """Per-scope numberings, least recently used scopes forgotten first."""

    def __init__(self, *, max_scopes: int = 1024, max_entries_per_scope: int = 100_000) -> None:
        self._hash_key = secrets.token_bytes(32)
        self._max_scopes = max_scopes
        self._max_entries = max_entries_per_scope
        self._scopes: OrderedDict[str, ScopeNumbering] = OrderedDict()
        self.lock = threading.Lock()
        """Held while a text is numbered, so concurrent callers on one scope stay consistent."""

    def numbering(self, scope: str | None) -> ScopeNumbering:
        """The numbering of ``scope``; a fresh, throwaway one when scope is None."""
        if scope is None:
            return ScopeNumbering(self._hash_key, self._max_entries)
        numbering = self._scopes.get(scope)
        if numbering is None:
            numbering = ScopeNumbering(self._hash_key, self._max_entries)
            self._scopes[scope] = numbering
            while len(self._scopes) > self._max_scopes:
                self._scopes.popitem(last=False)
        else:
            self._scopes.move_to_end(scope)
        return numbering

    def forget(self, scope: str) -> None:
        """Drop a scope's numbering (e.g. when its incident is resolved)."""
        with self.lock:
            self._scopes.pop(scope, None)
