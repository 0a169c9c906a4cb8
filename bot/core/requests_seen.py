"""Replay protection for signed HTTP requests: each one is accepted once within its validity window."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.store import Store

REPLAY_WINDOW_SECONDS = 600
"""Slack's signatures are valid 5 minutes either side of the receiver's clock, so a signed request can
be replayed for up to 10 minutes after it was made; remembering it that long covers the whole window."""


class RequestsSeen:
    """Remembers signed requests by a digest of what makes them unique, never by their body."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def claim_request(self, key: str, ttl_seconds: int = REPLAY_WINDOW_SECONDS) -> bool:
        """True the first time ``key`` is claimed within ``ttl_seconds``; a replay gets False.

        Args:
            key: what identifies the request, e.g. ``"{timestamp}:{signature}"``; only its SHA-256
                is stored, so the key's size and content never reach Redis.
            ttl_seconds: how long the claim lasts.
        Raises:
            StoreError: when Redis does not answer (the HTTP front end answers 503).
        """
        if not key:
            raise ValueError("empty request key")
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        return self._store.claim_request(digest, ttl_seconds=ttl_seconds)
