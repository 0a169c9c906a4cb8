"""What engines need from the outside world, as narrow protocols (the store satisfies them).

Engines never import the store: the composition root (``bot/services.py``) passes the Redis
store and audit log in behind these protocols.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from bot.audit_record import AuditRecord
from bot.domain import Message


class CitationIndex(Protocol):
    """The channel's stored messages, as far as checking and quoting citations needs them."""

    def existing_ts(self, channel: str, ts_values: Iterable[str]) -> set[str]:
        """Which of ``ts_values`` are stored in ``channel``: a citation is grounded only if its ts exists."""
        ...

    def get_message(self, channel: str, ts: str) -> Message | None:
        """The stored message ``ts`` of ``channel``, or None."""
        ...


class AuditSink(Protocol):
    """Receives one record per model call; may raise ``StoreError`` (the caller logs and goes on)."""

    def record(self, record: AuditRecord) -> object:
        """Keep ``record``; the return value (e.g. a stream entry id) is not used."""
        ...
