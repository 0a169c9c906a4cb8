"""The external RCA: drafted from the postmortem, reviewed section by section, final with no open item.

The review is the postmortem's machine parameterised by document kind: the same ``Review``
record (stored under its own key), the same pure steps of ``bot.core.review_state`` for
verdicts, quorum and the finalization claim, the same Slack gestures (✅/❌ reactions, Approve,
Request changes and Edit buttons, replies in the thread). What differs is the document and one
extra rule: **the RCA cannot be final while a punch-list item is open** (a statement the writer
inferred, or one the checks flagged, that nobody has approved as written, edited or removed).
``held`` in the state steps carries that rule.

Replies in the RCA thread resolve punch-list items (``S3 keep``, ``S3 remove``, ``S3: new
words``); they are redacted first and, like postmortem review replies, never become incident
evidence. Every text a person writes is checked again, as the engines' drafts are.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from bot.analysis.customer_checks import check_rca, people_of
from bot.analysis.rca_style import Style
from bot.core import review_state as state
from bot.core.review import Captured, Outcome
from bot.core.review_state import Quorum, SignOff, Verdict, reaction_name
from bot.domain import (
    RCA_SECTIONS,
    RawMessage,
    Rca,
    RcaTone,
    Review,
    ReviewKind,
    SectionReview,
    SectionRevision,
    Statement,
    iso,
)
from bot.errors import UserFacingError
from bot.render.rca import rca_html, rca_markdown, section_markdown

if TYPE_CHECKING:
    from bot.engines import Engine
    from bot.redaction import Redactor
    from bot.store import Store

KIND: ReviewKind = "rca"
ItemAction = Literal["keep", "remove", "edit"]
_ITEM = re.compile(
    r"^\s*\*?(S\d+)\*?\s*(?:[:\-–—]\s*(.+)|\s+(keep|approve|approved|ok|as written|remove|delete|drop))?\s*$",
    re.I | re.S,
)
_KEEP = frozenset({"keep", "approve", "approved", "ok", "as written"})
NOT_FINAL_WARNING = "Drafted from a postmortem that is not final yet: facts may still change."


@dataclass(frozen=True)
class RcaDraft:
    rca: Rca
    review: Review
    new: bool
    """Nothing posted yet: post the parent and one reply per section, then ``attach``."""
    changed: tuple[str, ...] = ()
    final: bool = False
    """The RCA is already final: nothing was redrafted."""


@dataclass(frozen=True)
class RcaDocuments:
    """rca.md, rca.json and rca.html as they stand."""

    markdown: str
    document: dict[str, object]

    @property
    def json_text(self) -> str:
        return json.dumps(self.document, indent=2, ensure_ascii=False) + "\n"

    @property
    def html(self) -> str:
        return rca_html(self.markdown)

    def files(self) -> dict[str, str]:
        return {"rca.md": self.markdown, "rca.json": self.json_text, "rca.html": self.html}


def parse_item(text: str) -> tuple[str, ItemAction, str | None] | None:
    """``S3 keep`` / ``S3 remove`` / ``S3: new words`` -> (statement id, action, new text); None otherwise."""
    m = _ITEM.match(text)
    if m is None:
        return None
    sid, words, verb = m.group(1).upper(), m.group(2), m.group(3)
    if words is not None:
        word = words.strip().lower()
        if word in _KEEP:
            return sid, "keep", None
        if word in ("remove", "delete", "drop"):
            return sid, "remove", None
        return sid, "edit", words.strip()
    if verb is None:
        return None
    return sid, ("keep" if verb.lower() in _KEEP else "remove"), None


def fingerprint(rca: Rca, section_id: str) -> str:
    """Hash of the section's words as a customer would read them (review marks left out)."""
    text = section_markdown(rca, section_id, final=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def rca_documents(rca: Rca, review: Review | None, *, finalized_at: datetime | None = None) -> RcaDocuments:
    """The files of ``rca`` (built the same way for the upload and for ``sitrep export --rca``)."""
    document = rca.to_contract()
    if review is not None:
        document["review"] = {
            "final": review.final or finalized_at is not None,
            "finalized_at": iso(finalized_at or review.finalized_at),
            "sections": [
                {
                    "id": s.id,
                    "status": s.status,
                    "approved_by": [a.who for a in s.approvals],
                    "revisions": len(s.revisions),
                }
                for s in review.sections
            ],
        }
    return RcaDocuments(markdown=rca_markdown(rca, review, finalized_at=finalized_at), document=document)


class RcaService:
    """External RCA use cases over the store; one lock per channel within a process."""

    def __init__(
        self,
        store: Store,
        engine: Engine,
        redactor: Redactor,
        *,
        tone: RcaTone = "formal",
        style: Style | None = None,
        approve_reactions: frozenset[str] = frozenset({"white_check_mark", "heavy_check_mark"}),
        reject_reactions: frozenset[str] = frozenset({"x"}),
        quorum: Quorum = state.DEFAULT_QUORUM,
    ) -> None:
        self._store = store
        self._engine = engine
        self._redactor = redactor
        self.tone = tone
        self.style = style
        self.approve_reactions = approve_reactions
        self.reject_reactions = reject_reactions
        self.quorum = quorum
        self._locks: dict[str, threading.RLock] = {}
        self._guard = threading.Lock()

    def lock(self, channel: str) -> threading.RLock:
        with self._guard:
            return self._locks.setdefault(channel, threading.RLock())

    # -- reading ----------------------------------------------------------------------------------

    def rca(self, channel: str) -> Rca | None:
        return self._store.get_rca(channel)

    def review(self, channel: str) -> Review | None:
        return self._store.get_review(channel, kind=KIND)

    def sign_off(self, review: Review) -> SignOff:
        return state.sign_off(review, self.quorum)

    def is_thread(self, channel: str, thread_ts: str | None) -> bool:
        """True when ``thread_ts`` is the parent of ``channel``'s RCA draft."""
        if not thread_ts:
            return False
        review = self.review(channel)
        return review is not None and review.draft_ts == thread_ts

    def is_section_message(self, channel: str, message_ts: str) -> bool:
        review = self.review(channel)
        return review is not None and review.section_at(message_ts) is not None

    def section_of(self, channel: str, message_ts: str) -> str | None:
        review = self.review(channel)
        section = review.section_at(message_ts) if review is not None else None
        return section.id if section is not None else None

    def _held(self, channel: str) -> bool:
        rca = self.rca(channel)
        return rca is None or bool(rca.open_items)

    # -- drafting ---------------------------------------------------------------------------------

    def draft(self, channel: str, now: datetime, *, names: Mapping[str, str] | None = None) -> RcaDraft:
        """Draft the RCA from the postmortem (or redraft it, keeping every section that did not change).

        Raises:
            UserFacingError: when the channel has no postmortem yet.
        """
        with self.lock(channel):
            pm = self._store.get_postmortem(channel)
            if pm is None:
                raise UserFacingError(
                    "there is no postmortem in this channel yet", hint="run /draft-postmortem first, then /draft-rca"
                )
            current = self.review(channel)
            existing = self.rca(channel)
            if current is not None and current.final and existing is not None:
                return RcaDraft(rca=existing, review=current, new=False, final=True)
            pm_review = self._store.get_review(channel)
            from_final = pm_review is not None and pm_review.final
            transcript = self._store.messages(channel)
            updates = [u for u in self._store.status_updates(channel) if u.state == "posted"]
            people = people_of(pm, [*(names or {}).values(), *(names or {}).keys()])
            drafted = self._engine.draft_rca(
                postmortem=pm,
                transcript=transcript,
                tone=self.tone,
                style=self.style,
                now=now,
                updates=updates,
                people=people,
            )
            known = {m.ts for m in transcript} | {u.posted_ts for u in updates if u.posted_ts}
            drafted = _grounded(drafted, known)
            warnings = list(drafted.warnings)
            if not from_final:
                warnings.insert(0, NOT_FINAL_WARNING)
            drafted = drafted.model_copy(update={"from_final": from_final, "warnings": tuple(warnings)})
            rca = _carry_resolutions(check_rca(drafted, pm, people=people, updates=updates), existing)
            merged: Captured[tuple[Review, tuple[str, ...]]] = Captured()

            def change(review: Review | None) -> Review:
                merged.value = _merge(channel, review, rca, now)
                return merged.value[0]

            self._store.update_review(channel, change, kind=KIND)
            review, changed = merged.get()
            self._store.save_rca(rca)
            return RcaDraft(rca=rca, review=review, new=review.draft_ts is None, changed=changed)

    def attach(self, channel: str, parent_ts: str, section_ts: Mapping[str, str]) -> Review:
        review = self._store.update_review(
            channel, lambda r: state.attach_posts(r, channel, parent_ts, section_ts), kind=KIND
        )
        assert review is not None
        return review

    # -- verdicts ---------------------------------------------------------------------------------

    def verdict(
        self, channel: str, section_id: str, user: str, verdict: Verdict, now: datetime, *, name: str | None = None
    ) -> Outcome:
        """Approve or request changes on one RCA section, exactly as on a postmortem section."""
        held = self._held(channel)
        seen: Captured[tuple[Review | None, state.VerdictStep]] = Captured()

        def change(current: Review | None) -> Review | None:
            step = state.verdict_step(
                current, section_id, user, verdict, now=now, name=name, quorum=self.quorum, held=held
            )
            seen.value = (current, step)
            return step.review

        review = self._store.update_review(channel, change, kind=KIND)
        before, step = seen.get()
        changed = review is not None and review != before and step.section_changed
        return Outcome(
            review=review,
            note=step.note,
            section_id=section_id,
            changed=(section_id,) if changed else (),
            parent=changed,
            finalize=step.claimed and review is not None and review != before,
        )

    def react(
        self, channel: str, message_ts: str, reaction: str, user: str, now: datetime, *, added: bool, name: str | None
    ) -> Outcome | None:
        """A reaction on an RCA section message; None when it is not one (or means nothing)."""
        section_id = self.section_of(channel, message_ts)
        if section_id is None:
            return None
        emoji = reaction_name(reaction)
        if emoji in self.approve_reactions:
            return self.verdict(channel, section_id, user, "approve" if added else "unapprove", now, name=name)
        if emoji in self.reject_reactions:
            verdict: Verdict = "request_changes" if added else "withdraw_request"
            return self.verdict(channel, section_id, user, verdict, now, name=name)
        return Outcome(review=None)

    def retry_finalize(self, channel: str, now: datetime) -> Outcome:
        held = self._held(channel)
        claimed: Captured[bool] = Captured()

        def change(current: Review | None) -> Review | None:
            claim = state.claim_final(current, now, self.quorum, held=held)
            claimed.value = claim is not None
            return claim

        review = self._store.update_review(channel, change, kind=KIND)
        return Outcome(review=review, finalize=claimed.get())

    # -- punch-list and text changes --------------------------------------------------------------

    def correct(
        self, raw: RawMessage, now: datetime, *, author: str | None = None, people: Sequence[str] = ()
    ) -> Outcome | None:
        """A reply in the RCA thread: ``S3 keep`` / ``S3 remove`` / ``S3: new words``.

        Returns None when ``raw`` is not a reply in the RCA thread. The reply is redacted first.
        """
        if not self.is_thread(raw.channel, raw.thread_ts) or raw.thread_ts == raw.ts:
            return None
        redacted = self._redactor.redact(raw.text, scope=raw.channel)
        parsed = parse_item(redacted.text)
        if parsed is None:
            return Outcome(review=self.review(raw.channel), note="ask_item", findings=redacted.findings)
        statement_id, action, text = parsed
        outcome = self.resolve(
            raw.channel, statement_id, action, raw.user or "", now, name=author, text=text, people=people, redact=False
        )
        return Outcome(
            review=outcome.review,
            note=outcome.note,
            section_id=outcome.section_id,
            changed=outcome.changed,
            parent=outcome.parent,
            finalize=outcome.finalize,
            findings=redacted.findings,
        )

    def resolve(
        self,
        channel: str,
        statement_id: str,
        action: ItemAction,
        user: str,
        now: datetime,
        *,
        name: str | None = None,
        text: str | None = None,
        people: Sequence[str] = (),
        redact: bool = True,
    ) -> Outcome:
        """Keep a statement as written, remove it, or replace its words; the RCA may then be final."""
        with self.lock(channel):
            rca, review = self.rca(channel), self.review(channel)
            if rca is None or review is None:
                return Outcome(review=review, note="no_draft")
            if review.final:
                return Outcome(review=review, note="final")
            found = rca.statement(statement_id)
            if found is None or not found.shown:
                return Outcome(review=review, note="unknown_item")
            who = name or user
            update: dict[str, object] = {"resolved_by": who, "resolved_at": now}
            if action == "keep":
                update["resolution"] = "approved"
            elif action == "remove":
                update["resolution"] = "removed"
            else:
                words = (self._redactor.redact(text or "", scope=channel).text if redact else text or "").strip()
                if not words:
                    return Outcome(review=review, note="ask_item")
                update.update(text=words, resolution="edited", inferred=False, source=(*found.source, "edited"))
            revised = rca.model_copy(
                update={
                    "statements": tuple(s.model_copy(update=update) if s.id == found.id else s for s in rca.statements)
                }
            )
            pm = self._store.get_postmortem(channel)
            if pm is not None and action == "edit":
                rechecked = check_rca(revised, pm, people=people)
                edited = rechecked.statement(found.id)
                if edited is not None and edited.flags:
                    # New words that still name someone or promise too much stay open.
                    rechecked = _with_statement(rechecked, edited.model_copy(update={"resolution": "open"}))
                revised = rechecked
            return self._record(
                channel, rca, revised, found.section, now, by=user, by_name=who, note=f"{found.id} {action}"
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
        """A section rewritten in the Edit modal: its statements are replaced by the reviewer's own (checked)."""
        if section_id not in dict(RCA_SECTIONS):
            return Outcome(review=None, note="unknown_section", section_id=section_id)
        redacted = self._redactor.redact(text, scope=channel)
        with self.lock(channel):
            rca, review = self.rca(channel), self.review(channel)
            pm = self._store.get_postmortem(channel)
            if rca is None or review is None or pm is None:
                return Outcome(review=review, note="no_draft", findings=redacted.findings)
            if review.final:
                return Outcome(review=review, note="final", findings=redacted.findings)
            kept: list[Statement] = []
            for old in rca.statements:
                out = old
                if old.section == section_id and old.shown:
                    gone = "removed" if old.is_open else old.resolution
                    out = old.model_copy(update={"replaced": True, "resolution": gone})
                kept.append(out)
            lines = [ln.strip(" -*•\t") for ln in redacted.text.splitlines()]
            n = len(rca.statements)
            for line in (ln for ln in lines if ln):
                n += 1
                kept.append(
                    Statement(id=f"S{n}", section=section_id, text=line, source=("edited",), resolved_by=name or user)
                )
            revised = check_rca(rca.model_copy(update={"statements": tuple(kept)}), pm, people=people)
            outcome = self._record(channel, rca, revised, section_id, now, by=user, by_name=name or user, note="edit")
            return Outcome(
                review=outcome.review,
                note="edited",
                section_id=section_id,
                changed=outcome.changed,
                parent=True,
                finalize=outcome.finalize,
                findings=redacted.findings,
            )

    def _record(
        self, channel: str, before: Rca, rca: Rca, section_id: str, now: datetime, *, by: str, by_name: str, note: str
    ) -> Outcome:
        """Store the revised RCA; a section whose text changed loses its verdicts; maybe claim the final."""
        # The customer's words decide: keeping an item as written changes its mark, not the section.
        changed = section_markdown(before, section_id, final=True) != section_markdown(rca, section_id, final=True)
        held = bool(rca.open_items)

        def change(current: Review | None) -> Review | None:
            if current is None:
                return None
            review = current
            section = current.section(section_id)
            if section is not None:
                revision = SectionRevision(
                    at=now, kind="punch_list", text=section_markdown(rca, section_id), by=by, by_name=by_name, note=note
                )
                update: dict[str, object] = {"revisions": (*section.revisions, revision)}
                if changed:
                    update.update(
                        approvals=(),
                        changes_requested=(),
                        status="draft",
                        draft_fingerprint=fingerprint(rca, section_id),
                    )
                review = state.replace_section(current, section.model_copy(update=update), now)
            claim = state.claim_final(review, now, self.quorum, held=held)
            return claim or review

        self._store.save_rca(rca)
        review = self._store.update_review(channel, change, kind=KIND)
        claimed = review is not None and review.finalizing_since == now and not review.final
        return Outcome(
            review=review,
            note="item_resolved",
            section_id=section_id,
            changed=(section_id,),
            parent=True,
            finalize=claimed,
        )

    # -- final ------------------------------------------------------------------------------------

    def documents(self, channel: str, *, finalized_at: datetime | None = None) -> RcaDocuments:
        rca = self.rca(channel)
        if rca is None:
            raise UserFacingError(f"there is no RCA for {channel}", hint="run /draft-rca in the channel first")
        return rca_documents(rca, self.review(channel), finalized_at=finalized_at)

    def complete_finalize(self, channel: str, files: tuple[str, ...], now: datetime) -> Review:
        review = self._store.update_review(channel, lambda r: state.finalized(r, files, now), kind=KIND)
        if review is None:
            raise UserFacingError(f"there is no RCA review in {channel}")
        return review

    def abort_finalize(self, channel: str) -> None:
        self._store.update_review(channel, state.release_claim, kind=KIND)


def _with_statement(rca: Rca, statement: Statement) -> Rca:
    return rca.model_copy(
        update={"statements": tuple(statement if s.id == statement.id else s for s in rca.statements)}
    )


def _carry_resolutions(rca: Rca, previous: Rca | None) -> Rca:
    """A redraft keeps a reviewer's "keep as written" on a statement whose words did not change."""
    if previous is None:
        return rca
    kept = {(s.section, s.text): s for s in previous.statements if s.shown and s.resolution == "approved"}
    out = []
    for s in rca.statements:
        before = kept.get((s.section, s.text))
        if s.is_open and before is not None and set(s.flags) <= set(before.flags):
            s = s.model_copy(  # noqa: PLW2901 - the same words, already approved
                update={"resolution": "approved", "resolved_by": before.resolved_by, "resolved_at": before.resolved_at}
            )
        out.append(s)
    return rca.model_copy(update={"statements": tuple(out)})


def _grounded(rca: Rca, known: set[str]) -> Rca:
    """Citations of messages that do not exist are dropped; a statement left with no source is inferred."""
    out: list[Statement] = []
    for s in rca.statements:
        kept = tuple(ts for ts in s.citations if ts in known)
        update: dict[str, object] = {"citations": kept}
        if len(kept) != len(s.citations) and not kept and not s.inferred:
            update.update(inferred=True, why="the messages it cited do not exist in the channel")
        out.append(s.model_copy(update=update))
    return rca.model_copy(update={"statements": tuple(out)})


def _merge(channel: str, current: Review | None, rca: Rca, now: datetime) -> tuple[Review, tuple[str, ...]]:
    """The RCA review with each section the new draft did not change kept (verdicts and all)."""
    review = current or Review(channel=channel, created_at=now)
    sections: list[SectionReview] = []
    changed: list[str] = []
    for section_id, _ in RCA_SECTIONS:
        old = review.section(section_id)
        fp = fingerprint(rca, section_id)
        if old is not None and old.draft_fingerprint == fp:
            sections.append(old)
            continue
        revision = SectionRevision(at=now, kind="redraft" if old else "draft", text=section_markdown(rca, section_id))
        sections.append(
            SectionReview(
                id=section_id,
                message_ts=old.message_ts if old is not None else None,
                draft_fingerprint=fp,
                revisions=(*old.revisions, revision) if old is not None else (revision,),
            )
        )
        changed.append(section_id)
    update: dict[str, object] = {
        "sections": tuple(sections),
        "version": review.version + 1,
        "updated_at": now,
        "created_at": review.created_at or now,
    }
    return review.model_copy(update=update), tuple(changed)
