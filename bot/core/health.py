"""Liveness of what Sitrep depends on, for ``/healthz``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.store import Store


class Health:
    def __init__(self, store: Store) -> None:
        self._store = store

    def ping(self) -> None:
        """Return when the store answers.

        Raises:
            StoreError: when it does not (``/healthz`` answers 503 with the reason).
        """
        self._store.ping()
