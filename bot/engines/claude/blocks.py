"""The data blocks of a prompt: incident, board, previous sitrep, transcript, notes, a postmortem section.

Each is a fence (``claude_prompts.fence``): one JSON record per line between tags the system
prompt names as data. Which fields go in is decided here, once, so prompts stay small and stable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from anthropic.types import TextBlockParam

from bot.domain import UNKNOWN, Board, IncidentState, Message, Postmortem, Sitrep, iso
from bot.engines.claude.prompts import fence, message_line, open_tag, record_line
from bot.engines.claude.schema import Note

CACHE_BOUNDARY = 50
"""A long transcript is split for caching after the last whole multiple of this many messages,
so the cached older part stays byte-identical while new messages arrive."""
MAX_PROMPT_MESSAGE_CHARS = 6000
"""One message's text beyond this is cut in prompts (the store keeps it whole)."""


@dataclass(frozen=True)
class Evidence:
    """The fenced blocks that carry a task's messages, and how the template refers to them."""

    blocks: list[TextBlockParam]
    description: str


def text_block(text: str, *, cache: bool = False) -> TextBlockParam:
    """A text content block; ``cache`` puts a prompt-caching breakpoint on it."""
    block: TextBlockParam = {"type": "text", "text": text}
    if cache:
        block["cache_control"] = {"type": "ephemeral"}
    return block


def incident_block(state: IncidentState) -> str:
    """The incident's lifecycle state (times already derived from the messages)."""
    record = {
        "channel": state.channel,
        "name": state.name,
        "severity": state.severity or UNKNOWN,
        "status": state.status,
        "started_at": iso(state.started_at),
        "detected_at": iso(state.detected_at),
        "acknowledged_at": iso(state.acknowledged_at),
        "mitigated_at": iso(state.mitigated_at),
        "resolved_at": iso(state.resolved_at),
    }
    return fence("incident", [record_line(record)], channel=state.channel)


def board_block(board: Board) -> str:
    """The hypothesis board, with the latest evidence of each hypothesis."""
    lines = [
        record_line(
            {
                "id": h.id,
                "statement": h.statement,
                "status": h.status,
                "confidence": h.confidence,
                "raised_ts": h.raised_ts,
                "supporting": list(h.supporting[-5:]),
                "refuting": list(h.refuting[-5:]),
            }
        )
        for h in board.hypotheses
    ]
    return fence("board", lines, channel=board.channel)


def previous_block(prev: Sitrep) -> str:
    """The previous sitrep, which an incremental sitrep carries forward."""
    lines = [record_line({"number": prev.number, "created_at": iso(prev.created_at), "status": prev.status})]
    # Its "what changed" is left out: by definition it is superseded by the next sitrep's, and the
    # state it led to lives on in status, impact, hypotheses and who is doing what.
    sections = (
        ("impact", (prev.impact,)),
        ("hypotheses", prev.hypotheses),
        ("doing", prev.doing),
        ("next_steps", prev.next_steps),
        ("open_questions", prev.open_questions),
    )
    for name, claims in sections:
        lines.extend(record_line({"section": name, "text": c.text, "citations": list(c.citations)}) for c in claims)
    return fence("previous_sitrep", lines, channel=prev.channel)


def transcript_evidence(channel: str, messages: Sequence[Message], what: str) -> Evidence:
    """The messages themselves; past ``CACHE_BOUNDARY`` the older part is its own cached block."""
    lines = [message_line(m, max_chars=MAX_PROMPT_MESSAGE_CHARS) for m in messages]
    head = open_tag("transcript", channel=channel)
    description = f"the {len(lines)} message(s) {what}, in <transcript>"
    if len(lines) <= CACHE_BOUNDARY:
        return Evidence([text_block(fence("transcript", lines, channel=channel))], description)
    split = (len(lines) - 1) // CACHE_BOUNDARY * CACHE_BOUNDARY
    older = head + "\n" + "\n".join(lines[:split])
    newer = "\n".join(lines[split:]) + "\n</transcript>"
    return Evidence([text_block(older, cache=True), text_block(newer)], description)


def notes_evidence(channel: str, notes: Sequence[Note], count: int, what: str) -> Evidence:
    """Map-reduce notes standing in for ``count`` messages that did not fit the budget."""
    lines = [record_line(n.model_dump()) for n in notes]
    description = (
        f"notes on the {count} message(s) {what}, in <notes>: there were too many to send in full, "
        "so an earlier pass took these notes; cite the ts values the notes cite"
    )
    return Evidence([text_block(fence("notes", lines, channel=channel, source="notes on the transcript"))], description)


def section_records(pm: Postmortem, section_id: str) -> list[dict[str, Any]]:
    """One postmortem section as records, for a revision prompt."""
    if section_id in ("summary", "impact", "detection"):
        return [{"text": getattr(pm, section_id)}]
    if section_id == "root_cause":
        return [{"why": w.why, "answer": w.answer, "citations": list(w.citations)} for w in pm.five_whys]
    if section_id == "timeline":
        return [
            {
                "ts": e.citations[0] if e.citations else "",
                "time": iso(e.time),
                "event": e.event,
                "kind": e.kind,
                "citations": list(e.citations),
            }
            for e in pm.timeline
        ]
    if section_id == "hypotheses":
        return [
            {
                "id": h.id,
                "statement": h.statement,
                "status": h.status,
                "confidence": h.confidence,
                "raised_ts": h.raised_ts,
                "supporting": list(h.supporting),
                "refuting": list(h.refuting),
                "next_checks": list(h.next_checks),
            }
            for h in pm.hypotheses
        ]
    if section_id == "contributing_factors":
        return [
            {"text": f.text, "category": f.category, "citations": list(f.citations)} for f in pm.contributing_factors
        ]
    if section_id == "lessons":
        return [{"went_well": t} for t in pm.went_well] + [{"went_poorly": t} for t in pm.went_poorly]
    if section_id == "action_items":
        return [
            {
                "text": a.text,
                "category": a.category,
                "horizon": a.horizon,
                "owner": a.owner,
                "due": a.due,
                "status": a.status,
                "citations": list(a.citations),
            }
            for a in pm.action_items
        ]
    return [{"text": q.text, "evidence_needed": q.evidence_needed} for q in pm.open_questions]


def revision_blocks(
    channel: str, section_id: str, section: list[dict[str, Any]], cited: Sequence[Message], correction: Message
) -> list[TextBlockParam]:
    """What a section revision reads: the messages the section cites, the section, the correction."""
    cap = MAX_PROMPT_MESSAGE_CHARS
    return [
        text_block(fence("transcript", [message_line(m, max_chars=cap) for m in cited], channel=channel)),
        text_block(fence("postmortem_section", [record_line(r) for r in section], id=section_id)),
        text_block(fence("correction", [message_line(correction, max_chars=cap)], channel=channel)),
    ]
