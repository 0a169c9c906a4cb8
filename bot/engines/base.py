"""The Engine protocol: what the offline rules and the Claude engine both promise."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.analysis.rca_style import Style
from bot.domain import Board, IncidentState, Message, Postmortem, Rca, RcaTone, Sitrep, StatusUpdate


class Engine(Protocol):
    """Every output cites message ``ts`` values that exist; "Unknown" stands where evidence is missing."""

    name: str

    def sitrep(
        self,
        *,
        incident: IncidentState,
        prev: Sitrep | None,
        new_messages: Sequence[Message],
        board: Board,
        now: datetime,
        total_messages: int,
    ) -> Sitrep:
        """The next sitrep, from the previous one plus the messages since it (incremental)."""
        ...

    def hypotheses(self, *, board: Board, new_messages: Sequence[Message]) -> Board:
        """The board updated with ``new_messages``."""
        ...

    def draft_postmortem(
        self,
        *,
        incident: IncidentState,
        transcript: Sequence[Message],
        board: Board,
        now: datetime,
        names: dict[str, str],
    ) -> Postmortem:
        """A blameless draft from the whole (redacted) transcript."""
        ...

    def revise_section(self, *, postmortem: Postmortem, section_id: str, correction: Message) -> Postmortem:
        """``postmortem`` with one section revised according to a responder's correction."""
        ...

    def draft_update(
        self,
        *,
        incident: IncidentState,
        board: Board,
        sitrep: Sitrep | None,
        now: datetime,
        update_id: str,
        drafted_for: str,
        people: Sequence[str],
    ) -> StatusUpdate:
        """A customer-facing status update (phase, impact, what is being done, next update); core checks it."""
        ...

    def draft_rca(
        self,
        *,
        postmortem: Postmortem,
        transcript: Sequence[Message],
        tone: RcaTone,
        style: Style | None,
        now: datetime,
        updates: Sequence[StatusUpdate],
        people: Sequence[str],
    ) -> Rca:
        """An external RCA from the postmortem: every statement sourced or marked inferred; core checks it."""
        ...
