"""Drafting the postmortem from the stored, redacted transcript."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.core.grounding import drop_unknown_citations
from bot.domain import Postmortem

if TYPE_CHECKING:
    from bot.core.incidents import Incidents
    from bot.engines import Engine
    from bot.store import Store


class PostmortemService:
    def __init__(self, store: Store, engine: Engine, incidents: Incidents) -> None:
        self._store = store
        self._engine = engine
        self._incidents = incidents

    def draft(self, channel: str, now: datetime, names: dict[str, str] | None = None) -> Postmortem:
        """Draft (or redraft) the channel's postmortem, keeping only citations that exist."""
        state, board = self._incidents.refresh(channel)
        transcript = self._store.messages(channel)
        draft = self._engine.draft_postmortem(
            incident=state, transcript=transcript, board=board, now=now, names=names or {}
        )
        draft = drop_unknown_citations(draft, {m.ts for m in transcript})
        self._store.save_postmortem(channel, draft)
        return draft
