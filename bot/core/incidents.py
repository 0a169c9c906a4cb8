"""Incident lifecycle and hypothesis board upkeep for each tracked channel."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.analysis.lifecycle import derive, observe, with_status
from bot.domain import Board, IncidentState, Message

if TYPE_CHECKING:
    from bot.engines import Engine
    from bot.store import Store


class Incidents:
    """Keeps each channel's IncidentState and Board current as messages arrive.

    The board is folded incrementally (only messages after ``board.last_ts``). An edit or a
    delete resets it, and the next refresh rebuilds board and lifecycle from the whole channel:
    rare, and the only way a changed message cannot leave a stale citation behind.
    """

    def __init__(self, store: Store, engine: Engine) -> None:
        self._store = store
        self._engine = engine

    def open(self, channel: str, name: str) -> IncidentState:
        """Start tracking ``channel``; idempotent."""
        self._store.track_channel(channel, name)
        state = self._store.get_incident(channel)
        if state is None:
            state = IncidentState(channel=channel, name=name)
            self._store.save_incident(state)
            self._store.save_board(Board(channel=channel))
        return state

    def state(self, channel: str) -> IncidentState:
        state = self._store.get_incident(channel)
        if state is None:
            name = self._store.channel_name(channel) or channel
            state = IncidentState(channel=channel, name=name)
        return state

    def observe(self, message: Message) -> None:
        """Fold a newly stored message into the lifecycle (start, detect, mitigate, resolve)."""
        state = self.state(message.channel)
        updated = observe(state, message)
        if updated is not state:
            self._store.save_incident(updated)

    def resolve(self, channel: str, now: datetime, by: str) -> IncidentState:
        """Record the resolution (and a mitigation time if none was seen) as declared by ``by``."""
        state, _ = self.refresh(channel)
        declared = dict(state.declared)
        declared["resolved_at"] = now
        if state.mitigated_at is None:
            declared["mitigated_at"] = now
        updated = state.model_copy(update={**declared, "declared": declared, "resolved_by": by, "status": "resolved"})
        self._store.save_incident(updated)
        return updated

    def is_tracked(self, channel: str) -> bool:
        return self._store.channel_name(channel) is not None

    def invalidate(self, channel: str) -> None:
        """Forget the board so the next refresh rebuilds it (and the lifecycle) from scratch."""
        self._store.save_board(Board(channel=channel))

    def refresh(self, channel: str) -> tuple[IncidentState, Board]:
        """Bring the board up to date and return (state with status, board)."""
        board = self._store.get_board(channel) or Board(channel=channel)
        state = self.state(channel)
        if board.last_ts is None:
            transcript = self._store.messages(channel)
            board = self._engine.hypotheses(board=Board(channel=channel), new_messages=transcript)
            state = derive(state, transcript, board)
        else:
            new = self._store.messages(channel, after_ts=board.last_ts)
            if new:
                board = self._engine.hypotheses(board=board, new_messages=new)
        state = with_status(state, board)
        self._store.save_board(board)
        self._store.save_incident(state)
        return state, board
