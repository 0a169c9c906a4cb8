"""Turn Claude's replies into domain objects, keeping only citations that exist in the store.

A dropped citation leaves its statement marked: ``Claim.verified = False`` in sitreps, and an
"(unverified)" suffix plus a warning line in postmortems. A new hypothesis with no real message
behind it is dropped altogether: the board tracks what responders proposed, not model ideas.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.domain import (
    UNKNOWN,
    ActionItem,
    Board,
    ContributingFactor,
    Hypothesis,
    Message,
    OpenQuestion,
    Postmortem,
    TimelineEvent,
    Why,
    ts_key,
    ts_to_datetime,
)
from bot.engines.claude.checks import Grounding
from bot.engines.claude.schema import (
    ActionItemReply,
    Cited,
    FactorItem,
    HypothesisItem,
    QuestionItem,
    Reply,
    ReviseActions,
    ReviseFactors,
    ReviseHypotheses,
    ReviseLessons,
    ReviseQuestions,
    ReviseText,
    ReviseTimeline,
    ReviseWhys,
    TimelineItem,
    WhyItem,
)
from bot.errors import EngineError

UNVERIFIED = " (unverified)"
_HYPOTHESIS_ID = re.compile(r"^H(\d+)$")
MAX_NEXT_CHECKS = 3


def _mark(text: str, verified: bool) -> str:
    text = text.strip() or UNKNOWN
    return text if verified else text + UNVERIFIED


def _cited_ok(g: Grounding, text: str, cited: Sequence[str]) -> tuple[tuple[str, ...], bool]:
    claim = g.claim(text, cited)
    return claim.citations, claim.verified


INLINE_TS = re.compile(r"\s*\[ts ([0-9., ]+)\]")
"""Inline citations as prose sections carry them (``text [ts a, b]``)."""


def prose(g: Grounding, item: Cited) -> str:
    """Prose with inline ``[ts …]`` citations, marked when unverified.

    Inline markers the model copied into the text itself are moved into the citations (and
    checked like them), so a revised section never shows them twice.
    """
    inline = [t.strip() for group in INLINE_TS.findall(item.text) for t in group.split(",") if t.strip()]
    text = INLINE_TS.sub("", item.text).strip()
    return g.text(text or UNKNOWN, [*item.citations, *inline])[0]


def timeline(g: Grounding, items: Sequence[TimelineItem], warnings: list[str]) -> tuple[TimelineEvent, ...]:
    """Timeline events in time order; each event's time is that of a real message it cites."""
    events: list[TimelineEvent] = []
    for item in items:
        citations, ok = _cited_ok(g, item.event, [*item.citations, item.ts])
        anchor = item.ts if item.ts in citations else (citations[0] if citations else None)
        if anchor is None:
            warnings.append(f'Timeline event "{item.event.strip()}" was dropped: no message in this channel backs it.')
            continue
        events.append(
            TimelineEvent(time=ts_to_datetime(anchor), event=_mark(item.event, ok), kind=item.kind, citations=citations)
        )
    events.sort(key=lambda e: (e.time, ts_key(e.citations[0]) if e.citations else 0))
    return tuple(events)


def whys(g: Grounding, items: Sequence[WhyItem]) -> tuple[Why, ...]:
    out = []
    for item in items:
        citations, ok = _cited_ok(g, item.answer, item.citations)
        out.append(Why(why=item.why.strip() or UNKNOWN, answer=_mark(item.answer, ok), citations=citations))
    return tuple(out)


def factors(g: Grounding, items: Sequence[FactorItem]) -> tuple[ContributingFactor, ...]:
    out = []
    for item in items:
        citations, ok = _cited_ok(g, item.text, item.citations)
        out.append(ContributingFactor(text=_mark(item.text, ok), category=item.category, citations=citations))
    return tuple(out)


def actions(g: Grounding, items: Sequence[ActionItemReply]) -> tuple[ActionItem, ...]:
    out = []
    for item in items:
        # An action item is a proposal: it may cite nothing, but it may not cite what does not exist.
        claim = g.claim(item.text, item.citations, needs_citation=False)
        out.append(
            ActionItem(
                text=_mark(item.text, claim.verified),
                category=item.category,
                horizon=item.horizon,
                owner=(item.owner or "").strip() or None,
                due=(item.due or "").strip() or None,
                status=item.status,
                citations=claim.citations,
            )
        )
    return tuple(out)


def questions(items: Sequence[QuestionItem]) -> tuple[OpenQuestion, ...]:
    return tuple(
        OpenQuestion(text=q.text.strip() or UNKNOWN, evidence_needed=q.evidence_needed.strip() or UNKNOWN)
        for q in items
        if q.text.strip()
    )


def lessons(g: Grounding, items: Sequence[Cited]) -> tuple[str, ...]:
    return tuple(prose(g, c) for c in items if c.text.strip())


def _clamp(confidence: int) -> int:
    return max(0, min(100, confidence))


def _number(hypothesis_id: str) -> int:
    match = _HYPOTHESIS_ID.match(hypothesis_id)
    return int(match.group(1)) if match else 0


def merge_hypotheses(
    current: Sequence[Hypothesis],
    items: Sequence[HypothesisItem],
    g: Grounding,
    authors: Mapping[str, Message],
) -> tuple[Hypothesis, ...]:
    """``current`` updated with the model's items; new ones get the next ``H<n>`` id.

    Updates never remove evidence already on the board: citations only accumulate, so a model
    that forgets one cannot erase it. Hypotheses the model does not mention stay as they are.
    """
    by_id = {h.id: h for h in current}
    by_statement = {" ".join(h.statement.lower().split()): h.id for h in current}
    result = {h.id: h for h in current}
    next_n = max((_number(h.id) for h in current), default=0) + 1
    for item in items:
        supporting, _ = g.keep(item.supporting)
        refuting, _ = g.keep(item.refuting)
        raised = g.keep([item.raised_ts])[0] if item.raised_ts else ()
        checks = tuple(c.strip() for c in item.next_checks if c.strip())[:MAX_NEXT_CHECKS]
        known = item.id if item.id in by_id else by_statement.get(" ".join(item.statement.lower().split()))
        if known is not None:
            old = result[known]
            result[known] = old.model_copy(
                update={
                    "status": item.status,
                    "confidence": _clamp(item.confidence),
                    "supporting": tuple(dict.fromkeys((*old.supporting, *supporting))),
                    "refuting": tuple(dict.fromkeys((*old.refuting, *refuting))),
                    "next_checks": checks or old.next_checks,
                }
            )
            continue
        origin = raised[0] if raised else (supporting[0] if supporting else None)
        if origin is None or not item.statement.strip():
            continue  # nobody in the channel proposed it (or its citations were invented)
        author = authors.get(origin)
        new_id = f"H{next_n}"
        next_n += 1
        result[new_id] = Hypothesis(
            id=new_id,
            statement=item.statement.strip(),
            status=item.status,
            confidence=_clamp(item.confidence),
            supporting=supporting,
            refuting=refuting,
            next_checks=checks,
            raised_ts=origin,
            raised_by=author.author if author else None,
        )
    return tuple(result.values())


def board_with(board: Board, hypotheses: tuple[Hypothesis, ...], last_ts: str | None) -> Board:
    return board.model_copy(update={"hypotheses": hypotheses, "last_ts": last_ts or board.last_ts})


def revision_update(
    pm: Postmortem, section_id: str, reply: Reply, g: Grounding, *, warnings: list[str], correction: Message
) -> dict[str, object]:
    """The ``model_copy`` update that puts a revised section into ``pm``."""
    if isinstance(reply, ReviseText):
        return {section_id: prose(g, reply.text)}
    if isinstance(reply, ReviseWhys):
        return {"five_whys": whys(g, reply.five_whys)}
    if isinstance(reply, ReviseTimeline):
        return {"timeline": timeline(g, reply.timeline, warnings)}
    if isinstance(reply, ReviseHypotheses):
        return {"hypotheses": merge_hypotheses(pm.hypotheses, reply.hypotheses, g, {correction.ts: correction})}
    if isinstance(reply, ReviseFactors):
        return {"contributing_factors": factors(g, reply.contributing_factors)}
    if isinstance(reply, ReviseLessons):
        return {"went_well": lessons(g, reply.went_well), "went_poorly": lessons(g, reply.went_poorly)}
    if isinstance(reply, ReviseActions):
        return {"action_items": actions(g, reply.action_items)}
    if isinstance(reply, ReviseQuestions):
        return {"open_questions": questions(reply.open_questions)}
    raise EngineError(f"no way to apply a {type(reply).__name__}")


def postmortem_texts(pm: Postmortem) -> list[tuple[str, str]]:
    """(section, text) pairs of everything a postmortem says, for the blameless check."""
    texts = [("summary", pm.summary), ("impact", pm.impact), ("detection", pm.detection)]
    texts += [("timeline", e.event) for e in pm.timeline]
    texts += [("root cause", f"{w.why} {w.answer}") for w in pm.five_whys]
    texts += [("hypotheses", h.statement) for h in pm.hypotheses]
    texts += [("contributing factors", f.text) for f in pm.contributing_factors]
    texts += [("what went well", t) for t in pm.went_well]
    texts += [("what went poorly", t) for t in pm.went_poorly]
    texts += [("action items", a.text) for a in pm.action_items]
    texts += [("open questions", q.text) for q in pm.open_questions]
    return texts


def dropped_warning(g: Grounding) -> list[str]:
    """One warning naming the citations that pointed at no message, if any."""
    dropped = [ts for ts in dict.fromkeys(g.dropped) if ts]
    if not dropped:
        return []
    shown = ", ".join(dropped[:8]) + (f" and {len(dropped) - 8} more" if len(dropped) > 8 else "")
    return [
        f"Citations dropped because no such message exists in this channel: {shown}. "
        "The statements that relied on them are marked (unverified)."
    ]
