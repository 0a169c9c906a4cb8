"""Drafting the postmortem from the stored, redacted transcript."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from bot.core.grounding import drop_unknown_citations
from bot.domain import Board, IncidentState, Message, Postmortem, StatusUpdate, TimelineEvent

if TYPE_CHECKING:
    from bot.core.incidents import Incidents
    from bot.engines import Engine
    from bot.store import Store


class PostmortemService:
    def __init__(self, store: Store, engine: Engine, incidents: Incidents) -> None:
        self._store = store
        self._engine = engine
        self._incidents = incidents

    def draft(
        self,
        channel: str,
        now: datetime,
        names: dict[str, str] | None = None,
        *,
        refreshed: tuple[IncidentState, Board] | None = None,
        transcript: Sequence[Message] | None = None,
        save: bool = True,
    ) -> Postmortem:
        """Draft (or redraft) the channel's postmortem, keeping only citations that exist.

        Args:
            refreshed: (state, board) just returned by ``Incidents.refresh``; refreshed here when None.
            transcript: the channel's whole stored transcript when the caller already read it.
            save: store the draft (False when the caller stores its own final form of it).
        """
        if transcript is None:
            transcript = self._store.messages(channel)
        state, board = refreshed if refreshed is not None else self._incidents.refresh(channel, transcript=transcript)
        draft = self._engine.draft_postmortem(
            incident=state, transcript=transcript, board=board, now=now, names=names or {}
        )
        draft = drop_unknown_citations(draft, {m.ts for m in transcript})
        draft = with_status_updates(draft, self._store.status_updates(channel))
        if save:
            self._store.save_postmortem(channel, draft)
        return draft


def with_status_updates(pm: Postmortem, updates: Sequence[StatusUpdate]) -> Postmortem:
    """``pm``'s timeline with every posted customer status update as a comms event.

    Sitrep's own posts are not ingested as channel messages, so the record of a posted update
    (``/draft-update`` → Post) is what puts it in the timeline, for both engines alike. The event
    cites the posted message's ts: a real Slack message (permalinks reach it), though not one of
    the stored incident messages, so evidence.json lists no hash for it.
    """
    events = [
        TimelineEvent(
            time=u.posted_at,
            event=f"Customer status update posted ({u.phase})"
            + (f", approved by {u.posted_by_name}" if u.posted_by_name else ""),
            kind="comms",
            citations=(u.posted_ts,),
        )
        for u in updates
        if u.state == "posted" and u.posted_at is not None and u.posted_ts
    ]
    if not events:
        return pm
    timeline = sorted([*pm.timeline, *events], key=lambda e: e.time)
    return pm.model_copy(update={"timeline": tuple(timeline)})
