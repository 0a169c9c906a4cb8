"""Workspace members' names, which the PERSON recognizer leaves in the text."""

from __future__ import annotations

import threading
from collections.abc import Iterable


class KnownNames:
    """Workspace members' names: they stay in the record (responders are not customer PII)."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._full: frozenset[str] = frozenset()
        self._by_token: dict[str, frozenset[str]] = {}
        self.add(names)

    def add(self, names: Iterable[str]) -> None:
        """Remember more names (readers keep seeing a consistent snapshot meanwhile)."""
        self._swap(names, keep=True)

    def replace(self, names: Iterable[str]) -> frozenset[str]:
        """Know exactly ``names`` from now on; returns the names known before, to put them back."""
        return self._swap(names, keep=False)

    def _swap(self, names: Iterable[str], *, keep: bool) -> frozenset[str]:
        """Build the new snapshot beside the old one and swap it in at once: a reader never sees a
        half-built set. Returns the names known before."""
        normalised = [n for n in (_normalise(name) for name in names) if n]
        with self._lock:
            before = self._full
            full = set(before) if keep else set()
            by_token = {k: set(v) for k, v in self._by_token.items()} if keep else {}
            for norm in normalised:
                full.add(norm)
                for token in norm.split():
                    by_token.setdefault(token, set()).add(norm)
            self._full = frozenset(full)
            self._by_token = {k: frozenset(v) for k, v in by_token.items()}
        return before

    def __contains__(self, span: object) -> bool:
        """A span is known when it is a member's full name, one of its words, or words of one name."""
        if not isinstance(span, str):
            return False
        norm = _normalise(span)
        if not norm:
            return False
        full, by_token = self._full, self._by_token
        if norm in full:
            return True
        tokens = norm.split()
        owners = [by_token.get(t, frozenset()) for t in tokens]
        return bool(owners) and bool(frozenset.intersection(*owners))


def _normalise(name: str) -> str:
    name = name.removesuffix("'s").removesuffix("’s")
    return " ".join(name.replace("_", " ").replace(".", " ").casefold().split())
