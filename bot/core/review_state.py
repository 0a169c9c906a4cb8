"""How a postmortem review changes: every step from one ``Review`` to the next, with no I/O.

``ReviewService`` (bot.core.review) applies these inside ``Store.update_review``, which retries a
change when another writer got in first, so each function here must be pure: same input, same
result, nothing read or written on the side. Keeping them apart from the service lets them be
tested without Redis, and keeps the service to the order of reads, writes and locks.

A function returning ``None`` (or a ``*Step`` whose ``review`` is None) means "store nothing".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

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
)
from bot.domain import (
    SECTIONS,
    Approval,
    KeyMark,
    KeyMarkVia,
    Message,
    Postmortem,
    Review,
    RevisionKind,
    SectionReview,
    SectionRevision,
)

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
    "needs_sign_off",
    "punch_list_open",
    "item_resolved",
    "unknown_item",
    "ask_item",
]


@dataclass(frozen=True)
class Quorum:
    """Who may make a postmortem final: an incident commander, or enough different people.

    Approving a section is open to every member of the channel; *finishing* the postmortem is
    not: one person approving all eleven sections would otherwise publish the record alone,
    including whatever they wrote into it. So the approvals, taken together, must include an
    incident commander's or come from at least ``min_approvers`` different people.

    Who the incident commander is cannot be read from the channel: the incident state records
    no commander, and both a message ("I'm IC") and ``/resolve`` are open to any member, so
    neither may grant the right to finalise alone. Commanders are therefore named in the settings
    (``INCIDENT_COMMANDERS``, Slack user ids); with none named, only the count counts.
    """

    min_approvers: int = 2
    commanders: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SignOff:
    """Where a review stands against the ``Quorum``."""

    approvers: frozenset[str]
    """Everyone (Slack user ids) with an approval on at least one section."""
    commander: bool
    """An incident commander is among them."""
    needed: int

    @property
    def met(self) -> bool:
        return self.commander or len(self.approvers) >= self.needed

    @property
    def missing(self) -> int:
        """How many more people must approve (0 when met)."""
        return 0 if self.met else self.needed - len(self.approvers)


def sign_off(review: Review, quorum: Quorum) -> SignOff:
    """Who approved ``review`` so far, and whether that may make it final."""
    approvers = frozenset(a.user for s in review.sections for a in s.approvals)
    return SignOff(approvers=approvers, commander=bool(approvers & quorum.commanders), needed=quorum.min_approvers)


DEFAULT_QUORUM = Quorum()


def ready_to_finalize(review: Review, quorum: Quorum) -> bool:
    """Every section approved, and the approvals together meet the quorum."""
    return review.all_approved and sign_off(review, quorum).met


FINALIZE_CLAIM = timedelta(minutes=5)
"""A finalization claim older than this is taken over (its holder died mid-upload)."""

_SKIN_TONE = "::skin-tone-"
_ALIASES = {"thumbsup": "+1", "thumbsdown": "-1", "heavy_multiplication_x": "x"}


def reaction_name(raw: str) -> str:
    """``"+1::skin-tone-3"`` -> ``"+1"``; ``":thumbsup:"`` -> ``"+1"`` (Slack's aliases)."""
    name = raw.strip(":").split(_SKIN_TONE, 1)[0].split("::", 1)[0].lower()
    return _ALIASES.get(name, name)


# -- reading ------------------------------------------------------------------------------------------


def section_texts(pm: Postmortem, review: Review | None) -> dict[str, str]:
    """Section id -> what the section says now."""
    return {sid: section_text(pm, review.section(sid) if review else None, sid) for sid, _ in SECTIONS}


def text_overrides(review: Review) -> dict[str, str | None]:
    """Section id -> the text a responder saved for it (None: the drafted text stands)."""
    return {s.id: s.text_override for s in review.sections}


def claimable(review: Review, now: datetime) -> bool:
    """Not final, and nobody is making it final (or their claim is stale)."""
    return not review.final and (review.finalizing_since is None or now - review.finalizing_since >= FINALIZE_CLAIM)


def replace_section(review: Review, section: SectionReview, now: datetime) -> Review:
    """``review`` with ``section`` in place of the section of the same id (a new version)."""
    sections = tuple(section if s.id == section.id else s for s in review.sections)
    return review.model_copy(update={"sections": sections, "version": review.version + 1, "updated_at": now})


# -- drafting -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Merged:
    """A fresh draft folded into the review (``merge_draft``)."""

    review: Review
    postmortem: Postmortem
    changed: tuple[str, ...]
    """Sections whose text changed, in section order."""
    reset: tuple[str, ...]
    """Sections whose verdicts were dropped because their facts changed."""
    reopened: bool
    """The review was final and is open again."""


def merge_draft(
    channel: str,
    current: Review | None,
    fresh: Postmortem,
    previous: Postmortem | None,
    messages: Mapping[str, Message],
    *,
    now: datetime,
) -> Merged:
    """Fold a fresh draft into the review, keeping each section the engine drafted exactly as before."""
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
    return Merged(
        review=review.model_copy(update=update),
        postmortem=pm,
        changed=tuple(sorted(changed, key=order.__getitem__)),
        reset=tuple(reset),
        reopened=reopened,
    )


def attach_posts(current: Review | None, channel: str, parent_ts: str, section_ts: Mapping[str, str]) -> Review:
    """Record where the draft was posted: the parent ts and each section's reply ts."""
    review = current or Review(channel=channel)
    sections = tuple(s.model_copy(update={"message_ts": section_ts.get(s.id, s.message_ts)}) for s in review.sections)
    return review.model_copy(update={"draft_ts": parent_ts, "sections": sections, "version": review.version + 1})


# -- verdicts -----------------------------------------------------------------------------------------


def apply_verdict(
    section: SectionReview, user: str, verdict: Verdict, now: datetime, name: str | None
) -> tuple[SectionReview, Note]:
    """One person's verdict on one section; a request for changes replaces their approval and back."""
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


@dataclass(frozen=True)
class VerdictStep:
    """What a verdict does to the review (``verdict_step``)."""

    review: Review | None
    """The review to store; None when nothing changes."""
    note: Note
    section_changed: bool = False
    """The section's verdicts changed (its message must be updated)."""
    claimed: bool = False
    """Every section is approved and this step claims finalization."""


def verdict_step(
    current: Review | None,
    section_id: str,
    user: str,
    verdict: Verdict,
    *,
    now: datetime,
    name: str | None,
    quorum: Quorum = DEFAULT_QUORUM,
    held: bool = False,
) -> VerdictStep:
    """Apply one person's verdict; the verdict that makes every section approved, with the
    quorum met, claims finalization (every section approved short of the quorum says so).

    ``held``: something outside the verdicts keeps the document from being final (an external
    RCA with an open punch-list item); every section approved then says that instead.
    """
    if current is None or current.draft_ts is None:
        return VerdictStep(review=None, note="no_draft")
    if current.final or not claimable(current, now):
        return VerdictStep(review=None, note="final")  # final, or being made final right now
    section = current.section(section_id)
    if section is None:
        return VerdictStep(review=None, note="unknown_section")
    updated, note = apply_verdict(section, user, verdict, now, name)
    review = current if updated == section else replace_section(current, updated, now)
    claimed = False
    if held and review.all_approved and verdict == "approve":
        note = "punch_list_open"
    elif held:
        pass
    elif ready_to_finalize(review, quorum) and claimable(review, now):
        # Also when nothing changed: approving again retries a final upload that failed.
        review = review.model_copy(update={"finalizing_since": now})
        claimed = True
    elif review.all_approved and verdict == "approve":
        note = "needs_sign_off"
    return VerdictStep(
        review=None if review == current else review,
        note=note,
        section_changed=updated != section,
        claimed=claimed,
    )


def claim_final(
    current: Review | None, now: datetime, quorum: Quorum = DEFAULT_QUORUM, *, held: bool = False
) -> Review | None:
    """Claim finalization when every section is approved with the quorum met, and no final is
    made or being made (and nothing ``held`` it)."""
    if (
        held
        or current is None
        or current.final
        or not ready_to_finalize(current, quorum)
        or not claimable(current, now)
    ):
        return None
    return current.model_copy(update={"finalizing_since": now})


# -- text changes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextChange:
    """New section texts and why: a correction, an Edit or a key moment (see ``record_texts``)."""

    revised: Postmortem
    """The postmortem with the new texts; saved once the review is stored."""
    overrides: Mapping[str, str | None]
    """Section id -> a responder's own text for it (None: the drafted text stands)."""
    before: Mapping[str, str]
    """What each section said before the change, to tell which sections it changed."""
    kind: RevisionKind
    focus: str
    """The section acted on: it gets a revision (with ``note``) even when its text is unchanged."""
    by: str | None
    by_name: str | None = None
    note: str | None = None
    source_ts: str | None = None
    fingerprints: Mapping[str, str] | None = None
    """New draft fingerprints for some sections (a key moment changes the timeline's)."""


def edit_change(
    pm: Postmortem, review: Review, section_id: str, text: str, *, by: str, by_name: str | None
) -> TextChange:
    """A section replaced by what a responder typed: a prose field itself, else the section's rendering."""
    overrides = text_overrides(review)
    if section_id in PROSE_SECTIONS:
        revised = pm.model_copy(update={section_id: text})
        overrides[section_id] = None
    else:
        revised = pm
        overrides[section_id] = text
    return TextChange(
        revised, overrides, section_texts(pm, review), kind="edit", focus=section_id, by=by, by_name=by_name
    )


def corrected_override(section: SectionReview | None, who: str | None, body: str, ts: str) -> str | None:
    """A responder's own words stand: the correction is added to their text (None: they wrote none)."""
    if section is None or section.text_override is None:
        return None
    return f"{section.text_override.rstrip()}\n- Correction by {who}: {body} [ts {ts}]"


def marks_change(
    pm: Postmortem, review: Review, messages: Mapping[str, Message], *, by: str, by_name: str | None
) -> TextChange:
    """The timeline redrawn with the review's key moments, and its fingerprint's key-moment part renewed."""
    timeline = review.section("timeline")
    old_fp = timeline.draft_fingerprint if timeline is not None else ""
    return TextChange(
        apply_key_moments(pm, review.key_moments, messages),
        text_overrides(review),
        section_texts(pm, review),
        kind="key_moment",
        focus="timeline",
        by=by,
        by_name=by_name,
        fingerprints={"timeline": with_marks(old_fp, marks_fingerprint(review.key_moments, messages))},
    )


@dataclass(frozen=True)
class Revised:
    """New section texts recorded in the review (``record_texts``)."""

    review: Review
    changed: tuple[str, ...]
    """Sections whose text changed (reset to draft)."""
    status_changed: bool
    """A changed section had a verdict, so the parent's progress changed too."""


def record_texts(current: Review | None, change: TextChange, now: datetime) -> Revised | None:
    """Every section whose text changed is reset to draft with a revision; the focus gets one anyway."""
    if current is None:
        return None
    review = current
    changed: list[str] = []
    for original in current.sections:
        section = original
        if change.fingerprints and section.id in change.fingerprints:
            section = section.model_copy(update={"draft_fingerprint": change.fingerprints[section.id]})
            review = replace_section(review, section, now)
        override = change.overrides.get(section.id, section.text_override)
        after = section_text(change.revised, section.model_copy(update={"text_override": override}), section.id)
        touched = after != change.before.get(section.id)
        if not touched and section.id != change.focus:
            continue
        revision = SectionRevision(
            at=now,
            kind=change.kind,
            text=after,
            by=change.by,
            by_name=change.by_name,
            note=change.note if section.id == change.focus else None,
            source_ts=change.source_ts,
        )
        update: dict[str, object] = {
            "text_override": override,
            "revisions": (*section.revisions, revision),
        }
        if touched:
            changed.append(section.id)
            update.update(approvals=(), changes_requested=(), status="draft")
        review = replace_section(review, section.model_copy(update=update), now)
    status_changed = any((current.section(sid) or SectionReview(id=sid)).status != "draft" for sid in changed)
    return Revised(review=review, changed=tuple(changed), status_changed=status_changed)


# -- key moments --------------------------------------------------------------------------------------


def toggle_mark(
    current: Review | None,
    channel: str,
    ts: str,
    user: str,
    *,
    via: KeyMarkVia,
    now: datetime,
    added: bool,
    name: str | None,
) -> Review | None:
    """Add or remove one key-moment mark on message ``ts``.

    A pin is one mark whoever removes it; a reaction is each person's own.
    """
    review = current or Review(channel=channel, created_at=now)
    marks = list(review.key_moments.get(ts, ()))
    if added:
        if any(m.user == user and m.via == via for m in marks) or (via == "pin" and any(m.via == "pin" for m in marks)):
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


# -- final --------------------------------------------------------------------------------------------


def finalized(current: Review | None, files: tuple[str, ...], now: datetime) -> Review | None:
    """The final files were uploaded: the review is final."""
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


def release_claim(current: Review | None) -> Review | None:
    """The upload failed: nobody is making the review final any more."""
    return None if current is None else current.model_copy(update={"finalizing_since": None})
