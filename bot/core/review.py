"""The postmortem review: drafts posted as a thread, verdicts per section, corrections, edits, final.

Everything here is Slack-free. The Slack adapter (``bot.slack.review``) turns reactions, button
clicks, modal submissions and thread replies into calls on ``ReviewService`` and renders what
comes back; the ``Review`` record in Redis (``bot.domain.Review``) is the only state, so a restart
in the middle of a review loses nothing.

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
* **Final.** The change that makes every section approved claims finalization; that caller
  uploads the documents and then calls ``complete_finalize`` (or ``abort_finalize`` on failure).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from bot.core.review_content import (
    PROSE_SECTIONS,
    apply_key_moments,
    copy_section,
    drafted_text,
    fingerprint,
    marks_fingerprint,
    section_text,
    status_of,
    with_marks,
    with_statuses,
)
from bot.core.review_route import Route, route
from bot.core.schema import validate_postmortem
from bot.domain import (
    SECTIONS,
    Approval,
    Board,
    IncidentState,
    KeyMark,
    KeyMarkVia,
    Message,
    Postmortem,
    RawMessage,
    Review,
    RevisionKind,
    SectionReview,
    SectionRevision,
)
from bot.errors import UserFacingError
from bot.redaction.result import Finding
from bot.render.final import final_document, final_markdown

if TYPE_CHECKING:
    from bot.core.postmortem import PostmortemService
    from bot.engines import Engine
    from bot.redaction import Redactor
    from bot.store import Store

Verdict = Literal["approve", "unapprove", "request_changes", "withdraw_request"]
Note = Literal[
    "approved",
    "already_approved",
    "not_approved",
    "changes_requested",
    "already_requested",
    "no_request",
    "final",
    "no_draft",
    "unknown_section",
    "ask_section",
    "revised",
    "unchanged",
    "edited",
    "marked",
    "unmarked",
]

FINALIZE_CLAIM = timedelta(minutes=5)
"""A finalization claim older than this is taken over (its holder died mid-upload)."""

_SKIN_TONE = "::skin-tone-"
_ALIASES = {"thumbsup": "+1", "thumbsdown": "-1", "heavy_multiplication_x": "x"}


def reaction_name(raw: str) -> str:
    """``"+1::skin-tone-3"`` -> ``"+1"``; ``":thumbsup:"`` -> ``"+1"`` (Slack's aliases)."""
    name = raw.strip(":").split(_SKIN_TONE, 1)[0].split("::", 1)[0].lower()
    return _ALIASES.get(name, name)


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


@dataclass(frozen=True)
class FinalDocuments:
    markdown: str
    document: dict[str, object]

    @property
    def json_text(self) -> str:
        return json.dumps(self.document, indent=2, ensure_ascii=False) + "\n"


@dataclass
class _Holder:
    """Carries results out of an ``update_review`` change function (the last attempt's wins)."""

    values: dict[str, object] = field(default_factory=dict)


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
    ) -> None:
        self._store = store
        self._postmortems = postmortems
        self._engine = engine
        self._redactor = redactor
        self.approve_reactions = approve_reactions
        self.reject_reactions = reject_reactions
        self.key_reactions = key_reactions
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
        return {sid: section_text(pm, review.section(sid) if review else None, sid) for sid, _ in SECTIONS}

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
            holder = _Holder()

            def change(current: Review | None) -> Review:
                review, pm, changed, reset, reopened = _merge(channel, current, fresh, previous, messages, now)
                holder.values.update(pm=pm, changed=changed, reset=reset, reopened=reopened)
                return review

            review = self._store.update_review(channel, change)
            assert review is not None  # the change function always returns a review
            pm = with_statuses(_as_postmortem(holder.values["pm"]), review)
            self._store.save_postmortem(channel, pm)
            return DraftOutcome(
                review=review,
                postmortem=pm,
                new=review.draft_ts is None,
                changed=_as_ids(holder.values["changed"]),
                reset=_as_ids(holder.values["reset"]),
                reopened=bool(holder.values["reopened"]),
            )

    def attach(self, channel: str, parent_ts: str, section_ts: Mapping[str, str]) -> Review:
        """Record where the draft was posted: the parent ts and each section's reply ts."""

        def change(current: Review | None) -> Review:
            review = current or Review(channel=channel)
            sections = tuple(
                s.model_copy(update={"message_ts": section_ts.get(s.id, s.message_ts)}) for s in review.sections
            )
            return review.model_copy(
                update={"draft_ts": parent_ts, "sections": sections, "version": review.version + 1}
            )

        review = self._store.update_review(channel, change)
        assert review is not None
        return review

    # -- verdicts ---------------------------------------------------------------------------------

    def verdict(
        self, channel: str, section_id: str, user: str, verdict: Verdict, now: datetime, *, name: str | None = None
    ) -> Outcome:
        """Approve, request changes, or withdraw either, for one person on one section."""
        holder = _Holder()

        def change(current: Review | None) -> Review | None:
            holder.values = {"before": current}
            if current is None or current.draft_ts is None:
                holder.values["note"] = "no_draft"
                return None
            if current.final or not _claimable(current, now):
                holder.values["note"] = "final"  # final, or being made final right now
                return None
            section = current.section(section_id)
            if section is None:
                holder.values["note"] = "unknown_section"
                return None
            updated, note = _apply_verdict(section, user, verdict, now, name)
            holder.values["note"] = note
            review = current if updated == section else _replace(current, updated, now)
            holder.values["section_changed"] = updated != section
            if review.all_approved and _claimable(review, now):
                # Also when nothing changed: approving again retries a final upload that failed.
                review = review.model_copy(update={"finalizing_since": now})
                holder.values["claimed"] = True
            return None if review == current else review

        review = self._store.update_review(channel, change)
        before = holder.values.get("before")
        changed = review is not None and review != before and bool(holder.values.get("section_changed"))
        claimed = bool(holder.values.get("claimed")) and review is not None and review != before
        return Outcome(
            review=review,
            note=_as_note(holder.values.get("note")),
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

        holder = _Holder()

        def change(current: Review | None) -> Review | None:
            holder.values["claimed"] = False
            if current is None or current.final or not current.all_approved or not _claimable(current, now):
                return None
            holder.values["claimed"] = True
            return current.model_copy(update={"finalizing_since": now})

        review = self._store.update_review(channel, change)
        return Outcome(review=review, finalize=bool(holder.values.get("claimed")))

    # -- text changes -----------------------------------------------------------------------------

    def correct(self, raw: RawMessage, now: datetime, *, author: str | None = None) -> Outcome | None:
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
            before = {sid: section_text(pm, review.section(sid), sid) for sid, _ in SECTIONS}
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
            section = review.section(found.section_id)
            overrides = {s.id: s.text_override for s in review.sections}
            if section is not None and section.text_override is not None:
                # A responder's own words stand; the correction is added to them rather than lost.
                cite = f" [ts {raw.ts}]"
                overrides[found.section_id] = (
                    f"{section.text_override.rstrip()}\n- Correction by {who}: {found.body}{cite}"
                )
                revised = pm
            else:
                revised = self._engine.revise_section(postmortem=pm, section_id=found.section_id, correction=correction)
            outcome = self._record_texts(
                channel,
                revised,
                overrides,
                before,
                now,
                kind="correction",
                focus=found.section_id,
                by=raw.user,
                by_name=who,
                note=found.body,
                source_ts=raw.ts,
            )
            return Outcome(
                review=outcome.review,
                note="revised" if found.section_id in outcome.changed else "unchanged",
                section_id=found.section_id,
                changed=outcome.changed,
                parent=outcome.parent,
                findings=findings,
                route=found,
            )

    def edit(
        self, channel: str, section_id: str, text: str, user: str, now: datetime, *, name: str | None = None
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
            before = {sid: section_text(pm, review.section(sid), sid) for sid, _ in SECTIONS}
            overrides = {s.id: s.text_override for s in review.sections}
            new_text = redacted.text.strip()
            if section_id in PROSE_SECTIONS:
                revised = pm.model_copy(update={section_id: new_text})
                overrides[section_id] = None
            else:
                revised = pm
                overrides[section_id] = new_text
            outcome = self._record_texts(
                channel, revised, overrides, before, now, kind="edit", focus=section_id, by=user, by_name=name
            )
            return Outcome(
                review=outcome.review,
                note="edited" if section_id in outcome.changed else "unchanged",
                section_id=section_id,
                changed=outcome.changed,
                parent=outcome.parent,
                findings=redacted.findings,
            )

    def _record_texts(
        self,
        channel: str,
        revised: Postmortem,
        overrides: Mapping[str, str | None],
        before: Mapping[str, str],
        now: datetime,
        *,
        kind: RevisionKind,
        focus: str,
        by: str | None,
        by_name: str | None = None,
        note: str | None = None,
        source_ts: str | None = None,
        fingerprints: Mapping[str, str] | None = None,
    ) -> Outcome:
        """Save ``revised``; every section whose text changed is reset to draft with a revision."""
        holder = _Holder()

        def change(current: Review | None) -> Review | None:
            if current is None:
                return None
            review = current
            changed: list[str] = []
            for original in current.sections:
                section = original
                if fingerprints and section.id in fingerprints:
                    section = section.model_copy(update={"draft_fingerprint": fingerprints[section.id]})
                    review = _replace(review, section, now)
                override = overrides.get(section.id, section.text_override)
                after = section_text(revised, section.model_copy(update={"text_override": override}), section.id)
                touched = after != before.get(section.id)
                if not touched and section.id != focus:
                    continue
                revision = SectionRevision(
                    at=now,
                    kind=kind,
                    text=after,
                    by=by,
                    by_name=by_name,
                    note=note if section.id == focus else None,
                    source_ts=source_ts,
                )
                update: dict[str, object] = {
                    "text_override": override,
                    "revisions": (*section.revisions, revision),
                }
                if touched:
                    changed.append(section.id)
                    update.update(approvals=(), changes_requested=(), status="draft")
                review = _replace(review, section.model_copy(update=update), now)
            holder.values["changed"] = tuple(changed)
            holder.values["status_changed"] = any(
                (current.section(sid) or SectionReview(id=sid)).status != "draft" for sid in changed
            )
            return review

        review = self._store.update_review(channel, change)
        if review is None:
            return Outcome(review=None, note="no_draft")
        self._store.save_postmortem(channel, with_statuses(revised, review))
        changed = _as_ids(holder.values.get("changed", ()))
        return Outcome(review=review, changed=changed, parent=bool(holder.values.get("status_changed")))

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
            review = current or Review(channel=channel, created_at=now)
            marks = list(review.key_moments.get(ts, ()))
            if added:
                if any(m.user == user and m.via == via for m in marks) or (
                    via == "pin" and any(m.via == "pin" for m in marks)
                ):
                    return None
                marks.append(KeyMark(user=user, via=via, at=now, name=name))
            else:
                kept = [m for m in marks if m.via != via or (via == "reaction" and m.user != user)]
                if kept == marks:
                    return None
                marks = kept
            moments = dict(review.key_moments)
            if marks:
                moments[ts] = tuple(marks)
            else:
                moments.pop(ts, None)
            return review.model_copy(update={"key_moments": moments, "updated_at": now})

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
            revised = apply_key_moments(pm, review.key_moments, messages)
            before_texts = {sid: section_text(pm, review.section(sid), sid) for sid, _ in SECTIONS}
            overrides = {s.id: s.text_override for s in review.sections}
            timeline = review.section("timeline")
            old_fp = timeline.draft_fingerprint if timeline is not None else ""
            fp = with_marks(old_fp, marks_fingerprint(review.key_moments, messages))
            outcome = self._record_texts(
                channel,
                revised,
                overrides,
                before_texts,
                now,
                kind="key_moment",
                focus="timeline",
                by=user,
                by_name=name,
                fingerprints={"timeline": fp},
            )
            return Outcome(review=outcome.review, note=note, changed=outcome.changed, parent=outcome.parent)

    # -- final ------------------------------------------------------------------------------------

    def documents(self, channel: str, *, finalized_at: datetime | None = None) -> FinalDocuments:
        """postmortem.md and postmortem.json as they stand (see ``review_documents``)."""
        return review_documents(self._store, channel, finalized_at=finalized_at)

    def complete_finalize(self, channel: str, files: tuple[str, ...], now: datetime) -> Review:
        """The final files were uploaded: the review is final."""

        def change(current: Review | None) -> Review | None:
            if current is None:
                return None
            return current.model_copy(
                update={
                    "final": True,
                    "finalizing_since": None,
                    "finalized_at": now,
                    "files": files,
                    "version": current.version + 1,
                    "updated_at": now,
                }
            )

        review = self._store.update_review(channel, change)
        if review is None:
            raise UserFacingError(f"there is no postmortem review in {channel}")
        pm = self._store.get_postmortem(channel)
        if pm is not None:
            self._store.save_postmortem(channel, with_statuses(pm, review))
        return review

    def abort_finalize(self, channel: str) -> None:
        """The upload failed: release the claim so the next approval (or a retry) tries again."""
        self._store.update_review(
            channel, lambda r: None if r is None else r.model_copy(update={"finalizing_since": None})
        )


def review_documents(store: Store, channel: str, *, finalized_at: datetime | None = None) -> FinalDocuments:
    """postmortem.md and postmortem.json as they stand (final once every section is approved).

    Needs only the store, so ``sitrep export`` gives the same files without Slack or the redactor.

    Args:
        finalized_at: render them as final at this time (the upload that makes the review final
            passes the time ``complete_finalize`` will record, so a later export is identical).

    Raises:
        UserFacingError: when the channel has no postmortem draft.
    """
    pm = store.get_postmortem(channel)
    if pm is None:
        raise UserFacingError(
            f"there is no postmortem for {channel}", hint="run /draft-postmortem in the channel first"
        )
    review = store.get_review(channel) or Review(channel=channel)
    if finalized_at is not None:
        review = review.model_copy(update={"final": True, "finalized_at": finalized_at, "finalizing_since": None})
    pm = with_statuses(pm, review) if review.sections else pm
    texts = {sid: section_text(pm, review.section(sid), sid) for sid, _ in SECTIONS}
    document = final_document(pm, review, texts)
    validate_postmortem(document)
    return FinalDocuments(markdown=final_markdown(pm, review, texts), document=document)


# -- pure helpers -------------------------------------------------------------------------------------


def _claimable(review: Review, now: datetime) -> bool:
    return not review.final and (review.finalizing_since is None or now - review.finalizing_since >= FINALIZE_CLAIM)


def _replace(review: Review, section: SectionReview, now: datetime) -> Review:
    sections = tuple(section if s.id == section.id else s for s in review.sections)
    return review.model_copy(update={"sections": sections, "version": review.version + 1, "updated_at": now})


def _apply_verdict(
    section: SectionReview, user: str, verdict: Verdict, now: datetime, name: str | None
) -> tuple[SectionReview, Note]:
    approvals = list(section.approvals)
    requests = list(section.changes_requested)
    mine_approved = any(a.user == user for a in approvals)
    mine_requested = any(a.user == user for a in requests)
    note: Note
    if verdict == "approve":
        note = "already_approved" if mine_approved and not mine_requested else "approved"
        requests = [a for a in requests if a.user != user]
        if not mine_approved:
            approvals.append(Approval(user=user, at=now, name=name))
    elif verdict == "unapprove":
        note = "not_approved"
        approvals = [a for a in approvals if a.user != user]
    elif verdict == "request_changes":
        note = "already_requested" if mine_requested and not mine_approved else "changes_requested"
        approvals = [a for a in approvals if a.user != user]
        if not mine_requested:
            requests.append(Approval(user=user, at=now, name=name))
    else:
        note = "no_request"
        requests = [a for a in requests if a.user != user]
    updated = section.model_copy(update={"approvals": tuple(approvals), "changes_requested": tuple(requests)})
    return updated.model_copy(update={"status": status_of(updated)}), note


def _merge(  # noqa: PLR0917 - one call site, every argument named there
    channel: str,
    current: Review | None,
    fresh: Postmortem,
    previous: Postmortem | None,
    messages: Mapping[str, Message],
    now: datetime,
) -> tuple[Review, Postmortem, tuple[str, ...], tuple[str, ...], bool]:
    """Fold a fresh draft into the review: (review, postmortem, changed, reset, reopened)."""
    review = current or Review(channel=channel, created_at=now)
    posted = review.draft_ts is not None and previous is not None
    pm = fresh
    sections: list[SectionReview] = []
    changed: list[str] = []
    reset: list[str] = []
    marks = marks_fingerprint(review.key_moments, messages)
    for section_id, _ in SECTIONS:
        old = review.section(section_id)
        fp = fingerprint(fresh, section_id, marks)
        if posted and previous is not None and old is not None and old.draft_fingerprint == fp:
            pm = copy_section(pm, previous, section_id)
            sections.append(old)
            continue
        text = drafted_text(fresh, section_id)
        kind: RevisionKind = "redraft" if old is not None else "draft"
        revision = SectionRevision(at=now, kind=kind, text=text, note="facts changed" if posted else None)
        revisions = (*old.revisions, revision) if old is not None else (revision,)
        if old is not None and old.status != "draft":
            reset.append(section_id)
        sections.append(
            SectionReview(
                id=section_id,
                message_ts=old.message_ts if old is not None else None,
                draft_fingerprint=fp,
                revisions=revisions,
            )
        )
        changed.append(section_id)
    pm = apply_key_moments(pm, review.key_moments, messages)
    if previous is not None and posted:
        # A key moment marked since the last draft may change a section the fingerprint kept.
        for section in sections:
            if section.id not in changed and section_text(pm, section, section.id) != section_text(
                previous, section, section.id
            ):
                changed.append(section.id)
    reopened = review.final and bool(changed)
    update: dict[str, object] = {
        "sections": tuple(sections),
        "version": review.version + 1,
        "updated_at": now,
        "created_at": review.created_at or now,
    }
    if reopened:
        update.update(final=False, finalized_at=None, finalizing_since=None)
    if review.draft_ts is not None and not posted:
        update["draft_ts"] = None  # the postmortem record is gone: post a new draft
    order = {sid: i for i, (sid, _) in enumerate(SECTIONS)}
    return (
        review.model_copy(update=update),
        pm,
        tuple(sorted(changed, key=order.__getitem__)),
        tuple(reset),
        reopened,
    )


def _as_postmortem(value: object) -> Postmortem:
    if not isinstance(value, Postmortem):
        raise TypeError("expected a Postmortem")
    return value


def _as_ids(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, tuple | list) else ()


def _as_note(value: object) -> Note | None:
    notes: tuple[str, ...] = Note.__args__  # type: ignore[attr-defined]
    return value if isinstance(value, str) and value in notes else None  # type: ignore[return-value]
