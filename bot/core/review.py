"""The postmortem review: drafts posted as a thread, verdicts per section, corrections, edits, final.

Everything here is Slack-free. The Slack adapter (``bot.slack.review``) turns reactions, button
clicks, modal submissions and thread replies into calls on ``ReviewService`` and renders what
comes back; the ``Review`` record in Redis (``bot.domain.Review``) is the only state, so a restart
in the middle of a review loses nothing. How each action changes that record is in
``bot.core.review_state`` (pure, testable without Redis), the final files are built by
``bot.core.review_documents``; this module reads, locks and stores.

Decisions worth knowing:

* **Review replies are not incident evidence.** A reply in the draft's thread is about the
  postmortem, not the incident: it is redacted like every message, kept (redacted) in the section's
  revision history with who and when, and handed to the engine as the correction; it is *not*
  stored in the channel's transcript, so it never moves lifecycle times, the hypothesis board or
  the sitrep cadence, and a redraft does not read it back as a new fact.
* **Verdicts.** ✅ / Approve adds the person's approval (with the time); ❌ / Request changes adds a
  request, which outweighs approvals until it is withdrawn or the section is revised. Removing the
  reaction withdraws that person's verdict. Any change to a section's text (correction, Edit, a
  redraft with new facts, a new key moment) clears its verdicts: people approved other words.
* **Redraft.** A second draft keeps a section (its text, corrections, edits and verdicts) when
  the engine drafted it exactly as before (same fingerprint), and replaces and reopens it when not.
* **Final.** The change that makes every section approved, with the approvals together from an
  incident commander or from enough different people (``Quorum``), claims finalization; that
  caller uploads the documents and then calls ``complete_finalize`` (or ``abort_finalize`` on
  failure). Anyone may approve a section; no single ordinary member can finish the record.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Generic, TypeVar

from bot.core import grounding
from bot.core import review_state as state
from bot.core.evidence import EvidenceIssuer
from bot.core.review_content import blame_warnings, section_text, with_statuses
from bot.core.review_documents import FinalDocuments, review_documents
from bot.core.review_route import Route, route
from bot.core.review_state import FINALIZE_CLAIM, Note, Quorum, SignOff, Verdict, reaction_name
from bot.domain import (
    SECTIONS,
    Board,
    IncidentState,
    KeyMarkVia,
    Message,
    Postmortem,
    RawMessage,
    Review,
    SectionReview,
)
from bot.errors import UserFacingError
from bot.redaction.result import Finding

if TYPE_CHECKING:
    from bot.core.postmortem import PostmortemService
    from bot.engines import Engine
    from bot.redaction import Redactor
    from bot.store import Store

__all__ = [
    "FINALIZE_CLAIM",
    "DraftOutcome",
    "FinalDocuments",
    "Note",
    "Outcome",
    "Quorum",
    "ReviewService",
    "SignOff",
    "Verdict",
    "reaction_name",
    "review_documents",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome:
    """What a review action changed, for the adapter to render and tell the person."""

    review: Review | None
    note: Note | None = None
    section_id: str | None = None
    changed: tuple[str, ...] = ()
    """Sections whose Slack message must be updated."""
    parent: bool = False
    """The parent message (progress, status) must be updated."""
    finalize: bool = False
    """This action claimed finalization: assemble, upload, then ``complete_finalize``."""
    findings: tuple[Finding, ...] = ()
    """What redaction found in text the person typed (for the pasted-secret warning)."""
    route: Route | None = None
    dropped: tuple[str, ...] = ()
    """Citations the person's text (or the revision made from it) gave of messages that do not
    exist in the channel: removed before anything was stored, and the person is told."""


@dataclass(frozen=True)
class DraftOutcome:
    review: Review
    postmortem: Postmortem
    new: bool
    """No draft was posted yet: post the parent and one reply per section, then ``attach``."""
    changed: tuple[str, ...] = ()
    reset: tuple[str, ...] = ()
    """Sections whose verdicts were dropped because their facts changed."""
    reopened: bool = False


@dataclass
class Captured(Generic[T]):
    """What an ``update_review`` change function computed besides the review.

    The store may run the change several times (it retries when another writer got in first), so
    the function sets ``value`` on every run: the last run is the one whose result was stored.
    """

    value: T | None = None

    def get(self) -> T:
        if self.value is None:
            raise RuntimeError("the change function never ran")
        return self.value


class ReviewService:
    """Review use cases over the store; thread-safe within one process (one lock per channel)."""

    def __init__(
        self,
        store: Store,
        postmortems: PostmortemService,
        engine: Engine,
        redactor: Redactor,
        *,
        approve_reactions: frozenset[str] = frozenset({"white_check_mark", "heavy_check_mark"}),
        reject_reactions: frozenset[str] = frozenset({"x"}),
        key_reactions: frozenset[str] = frozenset({"pushpin"}),
        quorum: Quorum = state.DEFAULT_QUORUM,
        evidence: EvidenceIssuer | None = None,
    ) -> None:
        self._store = store
        self._evidence = evidence
        self._postmortems = postmortems
        self._engine = engine
        self._redactor = redactor
        self.approve_reactions = approve_reactions
        self.reject_reactions = reject_reactions
        self.key_reactions = key_reactions
        self.quorum = quorum
        self._locks: dict[str, threading.RLock] = {}
        self._locks_guard = threading.Lock()

    def lock(self, channel: str) -> threading.RLock:
        """The channel's review lock (re-entrant); adapters hold it while rendering the state.

        Redis transactions keep verdicts from being lost; this lock keeps two text changes
        (correction, edit, redraft) of one channel from overwriting each other's postmortem, and
        two renders from showing an older state last. It covers one process: replicas share
        the Redis state, and the next render shows the latest.
        """
        with self._locks_guard:
            return self._locks.setdefault(channel, threading.RLock())

    # -- reading ----------------------------------------------------------------------------------

    def review(self, channel: str) -> Review | None:
        return self._store.get_review(channel)

    def postmortem(self, channel: str) -> Postmortem | None:
        return self._store.get_postmortem(channel)

    def sign_off(self, review: Review) -> SignOff:
        """Who approved ``review`` and whether that is enough to make it final."""
        return state.sign_off(review, self.quorum)

    def is_review_thread(self, channel: str, thread_ts: str | None) -> bool:
        """True when ``thread_ts`` is the parent of ``channel``'s postmortem draft."""
        if not thread_ts:
            return False
        review = self._store.get_review(channel)
        return review is not None and review.draft_ts == thread_ts

    def texts(self, channel: str) -> dict[str, str]:
        """Section id -> what the section says now."""
        pm = self._store.get_postmortem(channel)
        review = self._store.get_review(channel)
        if pm is None:
            return {}
        return state.section_texts(pm, review)

    def edit_text(self, channel: str, section_id: str) -> str:
        """The text the Edit modal starts from."""
        text = self.texts(channel).get(section_id)
        if text is None:
            raise UserFacingError("There is no postmortem draft in this channel yet.", hint="run /draft-postmortem")
        return text.strip()

    # -- drafting ---------------------------------------------------------------------------------

    def draft(
        self,
        channel: str,
        now: datetime,
        names: Mapping[str, str] | None = None,
        *,
        refreshed: tuple[IncidentState, Board] | None = None,
        transcript: Sequence[Message] | None = None,
    ) -> DraftOutcome:
        """Draft the postmortem, or redraft it keeping every section whose facts did not change.

        The transcript is read once and the postmortem saved once (with its review statuses).

        Args:
            refreshed: (state, board) the caller just refreshed; refreshed here when None.
            transcript: the channel's whole stored transcript when the caller already read it.
        """
        with self.lock(channel):
            previous = self._store.get_postmortem(channel)
            if transcript is None:
                transcript = self._store.messages(channel)
            fresh = self._postmortems.draft(
                channel, now, names=dict(names or {}), refreshed=refreshed, transcript=transcript, save=False
            )
            messages = {m.ts: m for m in transcript}
            merged: Captured[state.Merged] = Captured()

            def change(current: Review | None) -> Review:
                merged.value = state.merge_draft(channel, current, fresh, previous, messages, now=now)
                return merged.value.review

            review = self._store.update_review(channel, change)
            assert review is not None  # the change function always returns a review
            result = merged.get()
            pm = with_statuses(result.postmortem, review)
            self._store.save_postmortem(channel, pm)
            return DraftOutcome(
                review=review,
                postmortem=pm,
                new=review.draft_ts is None,
                changed=result.changed,
                reset=result.reset,
                reopened=result.reopened,
            )

    def attach(self, channel: str, parent_ts: str, section_ts: Mapping[str, str]) -> Review:
        """Record where the draft was posted: the parent ts and each section's reply ts."""
        review = self._store.update_review(channel, lambda r: state.attach_posts(r, channel, parent_ts, section_ts))
        assert review is not None
        return review

    # -- verdicts ---------------------------------------------------------------------------------

    def verdict(
        self, channel: str, section_id: str, user: str, verdict: Verdict, now: datetime, *, name: str | None = None
    ) -> Outcome:
        """Approve, request changes, or withdraw either, for one person on one section."""
        seen: Captured[tuple[Review | None, state.VerdictStep]] = Captured()

        def change(current: Review | None) -> Review | None:
            step = state.verdict_step(current, section_id, user, verdict, now=now, name=name, quorum=self.quorum)
            seen.value = (current, step)
            return step.review

        review = self._store.update_review(channel, change)
        before, step = seen.get()
        changed = review is not None and review != before and step.section_changed
        claimed = step.claimed and review is not None and review != before
        return Outcome(
            review=review,
            note=step.note,
            section_id=section_id,
            changed=(section_id,) if changed else (),
            parent=changed,
            finalize=claimed,
        )

    def react(
        self,
        channel: str,
        message_ts: str,
        reaction: str,
        user: str,
        now: datetime,
        *,
        added: bool,
        name: str | None = None,
    ) -> Outcome | None:
        """A reaction was added or removed: a verdict on a section message, or a key moment elsewhere.

        Returns None when the reaction means nothing to Sitrep.
        """
        emoji = reaction_name(reaction)
        review = self._store.get_review(channel)
        section = review.section_at(message_ts) if review is not None else None
        if section is not None:
            if emoji in self.approve_reactions:
                return self.verdict(channel, section.id, user, "approve" if added else "unapprove", now, name=name)
            if emoji in self.reject_reactions:
                verdict: Verdict = "request_changes" if added else "withdraw_request"
                return self.verdict(channel, section.id, user, verdict, now, name=name)
            return None
        if review is not None and message_ts == review.draft_ts:
            return None
        if emoji in self.key_reactions:
            return self.mark(channel, message_ts, user, "reaction", now, added=added, name=name)
        return None

    def retry_finalize(self, channel: str, now: datetime) -> Outcome:
        """Claim finalization again when every section is approved but no final was delivered."""
        claimed: Captured[bool] = Captured()

        def change(current: Review | None) -> Review | None:
            claim = state.claim_final(current, now, self.quorum)
            claimed.value = claim is not None
            return claim

        review = self._store.update_review(channel, change)
        return Outcome(review=review, finalize=claimed.get())

    # -- text changes -----------------------------------------------------------------------------

    def correct(
        self, raw: RawMessage, now: datetime, *, author: str | None = None, people: Sequence[str] = ()
    ) -> Outcome | None:
        """A thread reply under the draft: route it to a section and revise that section.

        Returns None when ``raw`` is not a reply in the channel's review thread. The reply is
        redacted first; it is not stored as a channel message (see the module docstring).
        """
        channel = raw.channel
        if not self.is_review_thread(channel, raw.thread_ts) or raw.thread_ts == raw.ts:
            return None
        redacted = self._redactor.redact(raw.text, scope=channel)
        findings = redacted.findings
        with self.lock(channel):
            review = self._store.get_review(channel)
            pm = self._store.get_postmortem(channel)
            if review is None or pm is None:
                return Outcome(review=review, note="no_draft", findings=findings)
            if review.final:
                return Outcome(review=review, note="final", findings=findings)
            before = state.section_texts(pm, review)
            found = route(redacted.text, before)
            if found is None:
                return Outcome(review=review, note="ask_section", findings=findings)
            who = author or raw.user_name or raw.user
            correction = Message(
                channel=channel,
                ts=raw.ts,
                text=found.body,
                user=raw.user,
                user_name=who,
                thread_ts=raw.thread_ts,
            )
            overrides = state.text_overrides(review)
            appended = state.corrected_override(review.section(found.section_id), who, found.body, raw.ts)
            if appended is not None:
                overrides[found.section_id] = appended
                revised = pm
            else:
                revised = self._engine.revise_section(postmortem=pm, section_id=found.section_id, correction=correction)
            fix = state.TextChange(
                revised,
                overrides,
                before,
                kind="correction",
                focus=found.section_id,
                by=raw.user,
                by_name=who,
                note=found.body,
                source_ts=raw.ts,
            )
            fix, dropped = self._checked(channel, pm, review, fix, people)
            outcome = self._record_texts(channel, fix, now)
            return Outcome(
                review=outcome.review,
                note="revised" if found.section_id in outcome.changed else "unchanged",
                section_id=found.section_id,
                changed=outcome.changed,
                parent=outcome.parent,
                findings=findings,
                route=found,
                dropped=dropped,
            )

    def edit(
        self,
        channel: str,
        section_id: str,
        text: str,
        user: str,
        now: datetime,
        *,
        name: str | None = None,
        people: Sequence[str] = (),
    ) -> Outcome:
        """Replace a section with what a responder typed in the Edit modal (redacted first)."""
        if section_id not in dict(SECTIONS):
            return Outcome(review=None, note="unknown_section", section_id=section_id)
        redacted = self._redactor.redact(text, scope=channel)
        with self.lock(channel):
            review = self._store.get_review(channel)
            pm = self._store.get_postmortem(channel)
            if review is None or pm is None or review.draft_ts is None:
                return Outcome(review=review, note="no_draft", findings=redacted.findings)
            if review.final:
                return Outcome(review=review, note="final", findings=redacted.findings)
            edited = state.edit_change(pm, review, section_id, redacted.text.strip(), by=user, by_name=name)
            edited, dropped = self._checked(channel, pm, review, edited, people)
            outcome = self._record_texts(channel, edited, now)
            return Outcome(
                review=outcome.review,
                note="edited" if section_id in outcome.changed else "unchanged",
                section_id=section_id,
                changed=outcome.changed,
                parent=outcome.parent,
                findings=redacted.findings,
                dropped=dropped,
            )

    def _checked(
        self, channel: str, pm: Postmortem, review: Review, change: state.TextChange, people: Iterable[str]
    ) -> tuple[state.TextChange, tuple[str, ...]]:
        """``change`` grounded and blame-checked like a draft, and the citations it lost.

        Only citations the change *adds* are checked: one whose message was deleted since the
        draft stays where the draft put it (a redraft handles that), so a correction of one
        section never rewrites another. A reply of the review thread that Sitrep itself cites
        (a correction's own ts) is a legitimate source although it is not a channel message.
        """
        before = grounding.citations_in(pm, state.text_overrides(review).values())
        added = grounding.citations_in(change.revised, change.overrides.values()) - before
        sources = {r.source_ts for s in review.sections for r in s.revisions if r.source_ts}
        sources |= {change.source_ts} if change.source_ts else set()
        unknown = added - sources - (self._store.existing_ts(channel, added - sources) if added - sources else set())
        if unknown:
            change = dataclasses.replace(
                change,
                revised=grounding.drop_citations(change.revised, unknown),
                overrides={k: grounding.drop_inline(v, unknown) if v else v for k, v in change.overrides.items()},
                note=grounding.drop_inline(change.note, unknown).strip() if change.note else change.note,
            )
        return self._blame_checked(change, people), tuple(sorted(unknown))

    @staticmethod
    def _blame_checked(change: state.TextChange, people: Iterable[str]) -> state.TextChange:
        """The focus section's blameless flags in the postmortem's warnings, renewed for its new text."""
        section_id = change.focus
        title = dict(SECTIONS).get(section_id, section_id)
        override = change.overrides.get(section_id)
        text = section_text(change.revised, SectionReview(id=section_id, text_override=override), section_id)
        flags = blame_warnings(text, section_id, people)
        kept = [w for w in change.revised.warnings if not w.startswith(f"Blameless check ({title})")]
        revised = change.revised.model_copy(update={"warnings": (*kept, *flags)})
        return dataclasses.replace(change, revised=revised)

    def _record_texts(self, channel: str, change: state.TextChange, now: datetime) -> Outcome:
        """Store ``change`` in the review, then save its postmortem with the verdicts as they stand."""
        revised: Captured[state.Revised] = Captured()

        def apply(current: Review | None) -> Review | None:
            revised.value = state.record_texts(current, change, now)
            return None if revised.value is None else revised.value.review

        review = self._store.update_review(channel, apply)
        if review is None:
            return Outcome(review=None, note="no_draft")
        self._store.save_postmortem(channel, with_statuses(change.revised, review))
        step = revised.get()
        return Outcome(review=review, changed=step.changed, parent=step.status_changed)

    # -- key moments ------------------------------------------------------------------------------

    def mark(
        self,
        channel: str,
        ts: str,
        user: str,
        via: KeyMarkVia,
        now: datetime,
        *,
        added: bool,
        name: str | None = None,
    ) -> Outcome | None:
        """Mark (or unmark) message ``ts`` as a key moment; only in channels Sitrep tracks.

        A pin is one mark whoever removes it; a reaction is each person's own. When a draft is
        open, its timeline is updated at once (and its verdicts cleared, as for any change).
        """
        if self._store.channel_name(channel) is None:
            return None

        def change(current: Review | None) -> Review | None:
            return state.toggle_mark(current, channel, ts, user, via=via, now=now, added=added, name=name)

        with self.lock(channel):
            before = self._store.get_review(channel)
            review = self._store.update_review(channel, change)
            if review is None or review == before:
                return Outcome(review=review)
            note: Note = "marked" if added else "unmarked"
            pm = self._store.get_postmortem(channel)
            if pm is None or review.draft_ts is None or review.final:
                return Outcome(review=review, note=note)
            messages = {m.ts: m for m in self._store.messages(channel)}
            outcome = self._record_texts(channel, state.marks_change(pm, review, messages, by=user, by_name=name), now)
            return Outcome(review=outcome.review, note=note, changed=outcome.changed, parent=outcome.parent)

    # -- final ------------------------------------------------------------------------------------

    def documents(
        self, channel: str, *, finalized_at: datetime | None = None, with_evidence: bool = True
    ) -> FinalDocuments:
        """postmortem.md and postmortem.json as they stand (see ``bot.core.review_documents``), and
        evidence.json for them when the service was given an issuer and ``with_evidence``."""
        return review_documents(
            self._store, channel, finalized_at=finalized_at, evidence=self._evidence if with_evidence else None
        )

    def complete_finalize(self, channel: str, files: tuple[str, ...], now: datetime) -> Review:
        """The final files were uploaded: the review is final."""
        review = self._store.update_review(channel, lambda r: state.finalized(r, files, now))
        if review is None:
            raise UserFacingError(f"there is no postmortem review in {channel}")
        pm = self._store.get_postmortem(channel)
        if pm is not None:
            self._store.save_postmortem(channel, with_statuses(pm, review))
        return review

    def abort_finalize(self, channel: str) -> None:
        """The upload failed: release the claim so the next approval (or a retry) tries again."""
        self._store.update_review(channel, state.release_claim)
