"""What each postmortem section says during review: text, fingerprint, key moments, blame checks.

A section's *fingerprint* is a hash of the section as the engine drafted it. A redraft compares
fingerprints: the same hash means the facts behind the section did not change, so its review
(approvals, corrections, edits) is kept; a new hash means new or changed messages reached it, and
the section goes back to draft.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence

from bot.analysis.blameless import blame_flags
from bot.analysis.classify import classify, first_sentence
from bot.domain import (
    SECTIONS,
    KeyMark,
    Message,
    Postmortem,
    Review,
    SectionReview,
    SectionState,
    TimelineEvent,
    TimelineKind,
)
from bot.render.markdown import postmortem_section_markdown

SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "summary": ("summary",),
    "impact": ("impact",),
    "detection": ("detection",),
    "metrics": ("metrics",),
    "root_cause": ("five_whys",),
    "timeline": ("timeline",),
    "hypotheses": ("hypotheses",),
    "contributing_factors": ("contributing_factors",),
    "lessons": ("went_well", "went_poorly"),
    "action_items": ("action_items",),
    "open_questions": ("open_questions",),
}
"""The Postmortem fields each section is made of (postmortem.json keys)."""

PROSE_SECTIONS = frozenset({"summary", "impact", "detection"})
"""Sections that are one string: an Edit replaces the field itself, not just its rendering."""

TITLES = dict(SECTIONS)

_KIND_OF: dict[str, TimelineKind] = {
    "alert": "alert",
    "deploy": "deploy",
    "diagnose": "diagnose",
    "mitigate": "mitigate",
    "resolve": "resolve",
    "comms": "comms",
}


def drafted_text(pm: Postmortem, section_id: str) -> str:
    """The section as the engine's data renders it (Markdown)."""
    return postmortem_section_markdown(pm, section_id)


def section_text(pm: Postmortem, section: SectionReview | None, section_id: str) -> str:
    """What the section says now: a responder's edit if there is one, else the (revised) data."""
    if section is not None and section.text_override is not None:
        return section.text_override.strip() + "\n"
    return drafted_text(pm, section_id)


def fingerprint(pm: Postmortem, section_id: str, marks: str = "") -> str:
    """Hash of the section's drafted content (whitespace-insensitive).

    The timeline's fingerprint ends with the key-moment part (``marks_fingerprint``), so a mark
    on a message that was since deleted, or a new marker, counts as a change of facts.
    """
    flat = " ".join(drafted_text(pm, section_id).split())
    digest = hashlib.sha256(flat.encode()).hexdigest()[:24]
    return f"{digest}:{marks}" if section_id == "timeline" else digest


def marks_fingerprint(key_moments: Mapping[str, Sequence[KeyMark]], messages: Mapping[str, Message]) -> str:
    """Hash of which existing messages are marked, and by whom."""
    marked = sorted((ts, markers(marks)) for ts, marks in key_moments.items() if marks and ts in messages)
    return hashlib.sha256(repr(marked).encode()).hexdigest()[:12]


def with_marks(fp: str, marks: str) -> str:
    """A timeline fingerprint with its key-moment part replaced."""
    return f"{fp.split(':', 1)[0]}:{marks}"


def copy_section(target: Postmortem, source: Postmortem, section_id: str) -> Postmortem:
    """``target`` with the fields of ``section_id`` taken from ``source``."""
    return target.model_copy(update={f: getattr(source, f) for f in SECTION_FIELDS[section_id]})


def status_of(section: SectionReview) -> str:
    """A pending request for changes outweighs approvals; no verdict at all is a draft."""
    if section.changes_requested:
        return "changes_requested"
    if section.approvals:
        return "approved"
    return "draft"


def with_statuses(pm: Postmortem, review: Review) -> Postmortem:
    """``pm`` with its ``sections`` list (postmortem.json) mirroring the review's verdicts."""
    states = []
    for section_id, title in SECTIONS:
        section = review.section(section_id)
        approved_by: tuple[str, ...] = ()
        status = "draft"
        if section is not None:
            approved_by = tuple(a.who for a in section.approvals)
            status = section.status
        states.append(SectionState(id=section_id, title=title, status=status, approved_by=approved_by))  # type: ignore[arg-type]
    return pm.model_copy(update={"sections": tuple(states)})


def markers(marks: Iterable[KeyMark]) -> str:
    """ "Priya, Marco" for the people who marked a message (each once, in marking order)."""
    return ", ".join(dict.fromkeys(m.who for m in marks))


def apply_key_moments(
    pm: Postmortem,
    key_moments: Mapping[str, Sequence[KeyMark]],
    messages: Mapping[str, Message],
) -> Postmortem:
    """Every marked message that still exists appears in the timeline, with who marked it.

    An event already citing a marked message gains ``marked_by``; a marked message the engine left
    out becomes an event of its own. A mark whose message was deleted is ignored (the timeline
    follows its sources); a mark that was removed clears ``marked_by`` but keeps the event.
    """
    marked = {ts: markers(marks) for ts, marks in key_moments.items() if marks and ts in messages}
    events: list[TimelineEvent] = []
    covered: set[str] = set()
    for original in pm.timeline:
        who = next((marked[ts] for ts in original.citations if ts in marked), None)
        covered.update(ts for ts in original.citations if ts in marked)
        events.append(original if who == original.marked_by else original.model_copy(update={"marked_by": who}))
    for ts, who in marked.items():
        if ts in covered:
            continue
        message = messages[ts]
        excerpt = first_sentence(message.text, 160)
        events.append(
            TimelineEvent(
                time=message.time,
                event=excerpt if message.is_bot else f"{message.author}: {excerpt}",
                kind=_KIND_OF.get(classify(message), "other"),
                citations=(ts,),
                marked_by=who,
            )
        )
    events.sort(key=lambda e: (e.time, e.citations))
    if tuple(events) == pm.timeline:
        return pm
    return pm.model_copy(update={"timeline": tuple(events)})


def blame_warnings(text: str, section_id: str, people: Iterable[str]) -> list[str]:
    """Blameless-check lines for one section's text (a person tied to a blame word)."""
    return blame_flags([(TITLES.get(section_id, section_id), text)], people)
