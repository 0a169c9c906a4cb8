"""Resolving an incident and drafting its postmortem: what ``/resolve`` and ``/draft-postmortem`` do.

Slack-free. The front end implements ``ResolvePublisher`` (how a resolution, a sitrep and a draft
are shown, and how a person is asked to confirm); ``Resolutions`` decides what happens, and in
which order, and does each piece of work once per command: one board refresh, one transcript
read, one postmortem save.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.domain import Board, IncidentState, Message, Sitrep

if TYPE_CHECKING:
    from bot.core.incidents import Incidents
    from bot.core.review import DraftOutcome, ReviewService
    from bot.core.sitrep import SitrepService


class ResolvePublisher(Protocol):
    """What the front end shows for a resolution and a postmortem draft."""

    def announce_resolved(self, channel: str, user: str, at: datetime) -> None:
        """Say in the channel that ``user`` recorded the resolution at ``at``."""
        ...

    def publish_sitrep(self, sitrep: Sitrep) -> None:
        """Post a sitrep (failures propagate: the sitrep is then not recorded)."""
        ...

    def names(self) -> Mapping[str, str]:
        """User id -> display name, for the draft to name people (asked right before drafting)."""
        ...

    def publish_draft(self, outcome: DraftOutcome, user: str | None) -> str:
        """Post the draft (or update the posted one), record where it is, tell ``user``; the parent ts."""
        ...

    def ask_to_confirm(self, channel: str, user: str) -> None:
        """Mitigation not yet seen: ask ``user`` whether to draft anyway."""
        ...


@dataclass(frozen=True)
class Resolved:
    state: IncidentState
    sitrep: Sitrep | None
    """None when another replica held the sitrep slot."""
    draft_ts: str


class Resolutions:
    """The ``/resolve`` and ``/draft-postmortem`` use cases."""

    def __init__(self, incidents: Incidents, sitreps: SitrepService, reviews: ReviewService) -> None:
        self._incidents = incidents
        self._sitreps = sitreps
        self._reviews = reviews

    def resolve(
        self, channel: str, user: str, now: datetime, publisher: ResolvePublisher, *, by: str | None = None
    ) -> Resolved:
        """Record the resolution by ``user`` (named ``by``), post the final sitrep, then the draft."""
        transcript = self._incidents.transcript(channel)
        state, board = self._incidents.resolve_refreshed(channel, now, by or user, transcript=transcript)
        publisher.announce_resolved(channel, user, now)
        sitrep = self._sitreps.post(
            channel, now, publisher.publish_sitrep, refreshed=(state, board), transcript=transcript
        )
        draft_ts = self._draft(channel, user, now, publisher, refreshed=(state, board), transcript=transcript)
        return Resolved(state=state, sitrep=sitrep, draft_ts=draft_ts)

    def request_draft(self, channel: str, user: str, now: datetime, publisher: ResolvePublisher) -> str | None:
        """``/draft-postmortem``: before mitigation (and with no draft posted) ask first; else draft.

        Returns:
            The draft's parent ts, or None when ``user`` was asked to confirm.
        """
        state, board = self._incidents.refresh(channel)
        review = self._reviews.review(channel)
        posted = review is not None and review.draft_ts is not None
        if state.mitigated_at is None and state.resolved_at is None and not posted:
            publisher.ask_to_confirm(channel, user)
            return None
        return self._draft(channel, user, now, publisher, refreshed=(state, board))

    def draft(self, channel: str, user: str | None, now: datetime, publisher: ResolvePublisher) -> str:
        """Draft (or redraft) and publish without asking (the confirmation's "Draft anyway")."""
        return self._draft(channel, user, now, publisher)

    def _draft(
        self,
        channel: str,
        user: str | None,
        now: datetime,
        publisher: ResolvePublisher,
        *,
        refreshed: tuple[IncidentState, Board] | None = None,
        transcript: Sequence[Message] | None = None,
    ) -> str:
        # Drafting and publishing hold the review lock together, so two drafts cannot cross posts.
        with self._reviews.lock(channel):
            outcome = self._reviews.draft(
                channel, now, names=publisher.names(), refreshed=refreshed, transcript=transcript
            )
            return publisher.publish_draft(outcome, user)
