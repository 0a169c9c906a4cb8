"""Rule-based revisions of structured postmortem sections from one reviewer correction.

Each function returns the revised postmortem, or None when the rules cannot apply the correction
faithfully (the offline engine then records it as an open question). Every entry added here cites
the correction's ``ts``: a reviewer's statement is a source like any other message.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.analysis import lexicon as lx
from bot.analysis.actions import category_of, horizon_of
from bot.analysis.blameless import depersonalise
from bot.domain import (
    UNKNOWN,
    ActionItem,
    ContributingFactor,
    FactorCategory,
    Message,
    OpenQuestion,
    Postmortem,
    TimelineEvent,
    Why,
)

_HHMM = r"(\d{1,2})[:.h](\d{2})"
_MOVE = (
    # "the deploy was 14:02, not 14:10"
    re.compile(rf"{_HHMM}(?:\s*(?:utc|z))?\b[^0-9\n]{{0,40}}?\bnot\b[^0-9\n]{{0,30}}?{_HHMM}", re.I),
    # "14:10 should be 14:02", "from 14:10 to 14:02", "14:10 -> 14:02"
    re.compile(
        rf"(?:from\s+)?{_HHMM}(?:\s*(?:utc|z))?\s*(?:should\s+(?:be|read|say)|was\s+actually|→|->|=>|\bto\b)\s*{_HHMM}",
        re.I,
    ),
)
_ANY_TIME = re.compile(rf"\b{_HHMM}\b")
_POORLY = re.compile(r"\b(?:poorly|badly|worse|went wrong|didn'?t go well|slow(?:er|ly)?|problem)\b", re.I)
_OWNER = re.compile(r"\bowner\s*[:=]?\s*(?P<owner>@?[\w.\- ]{2,40}?)(?=[,;.)]|\s+due\b|\s+by\b|$)", re.I)
_DUE_DATE = re.compile(r"\bdue\s*[:=]?\s*(?P<due>\d{4}-\d{2}-\d{2}|[\w ]{3,20}?)(?=[,;.)]|$)", re.I)
_FACTOR_CATEGORY: tuple[tuple[re.Pattern[str], FactorCategory], ...] = (
    (re.compile(r"\b(?:process|runbook|review|checklist|handoff|on-?call|rota|escalat)", re.I), "process"),
    (re.compile(r"\b(?:alert fatigue|tooling|dashboard|ui|confusing|human|cognitive)\b", re.I), "human-system"),
)


def _tag(correction: Message) -> str:
    return f"(correction by {correction.author})"


def revise(pm: Postmortem, section_id: str, correction: Message) -> Postmortem | None:
    """``pm`` with ``section_id`` revised by ``correction``, or None when the rules cannot."""
    revisers = {
        "timeline": _timeline,
        "root_cause": _whys,
        "lessons": _lessons,
        "action_items": _action_items,
        "contributing_factors": _factors,
        "open_questions": _questions,
    }
    reviser = revisers.get(section_id)
    return reviser(pm, correction) if reviser is not None else None


def _at(day: datetime, hour: str, minute: str) -> datetime | None:
    h, m = int(hour), int(minute)
    if h > 23 or m > 59:
        return None
    return day.replace(hour=h, minute=m, second=0, microsecond=0)


def _timeline(pm: Postmortem, correction: Message) -> Postmortem | None:
    text = correction.text
    for index, pattern in enumerate(_MOVE):
        match = pattern.search(text)
        if match is None:
            continue
        a, b = (match.group(1), match.group(2)), (match.group(3), match.group(4))
        new, old = (a, b) if index == 0 else (b, a)
        moved = _move_event(pm, correction, old, new)
        if moved is not None:
            return moved
    match = _ANY_TIME.search(text)
    if match is None:
        return None
    day = pm.timeline[0].time if pm.timeline else (pm.incident.started_at or correction.time)
    when = _at(day, match.group(1), match.group(2))
    if when is None:
        return None
    event = TimelineEvent(time=when, event=f"{text} {_tag(correction)}", kind="other", citations=(correction.ts,))
    timeline = sorted((*pm.timeline, event), key=lambda e: (e.time, e.citations))
    return pm.model_copy(update={"timeline": tuple(timeline)})


def _move_event(pm: Postmortem, correction: Message, old: tuple[str, str], new: tuple[str, str]) -> Postmortem | None:
    wanted = (int(old[0]), int(old[1]))
    candidates = [e for e in pm.timeline if (e.time.hour, e.time.minute) == wanted]
    if not candidates:
        return None
    words = {w for w in re.findall(r"[a-z]{4,}", correction.text.lower()) if w not in lx.STOPWORDS}
    target = max(candidates, key=lambda e: len(words & set(re.findall(r"[a-z]{4,}", e.event.lower()))))
    when = _at(target.time, *new)
    if when is None:
        return None
    if when - target.time > timedelta(hours=12):  # "23:58, not 00:03" is the day before
        when -= timedelta(days=1)
    elif target.time - when > timedelta(hours=12):
        when += timedelta(days=1)
    moved = target.model_copy(
        update={
            "time": when,
            "event": f"{target.event} (time corrected from {target.time:%H:%M} by {correction.author})",
            "citations": (*target.citations, correction.ts),
        }
    )
    timeline = sorted((moved if e is target else e for e in pm.timeline), key=lambda e: (e.time, e.citations))
    return pm.model_copy(update={"timeline": tuple(timeline)})


def _whys(pm: Postmortem, correction: Message) -> Postmortem:
    whys = list(pm.five_whys)
    answer = f"{correction.text} {_tag(correction)}"
    gap = next((i for i, w in enumerate(whys) if w.answer.startswith(UNKNOWN)), None)
    if gap is not None:
        whys[gap] = whys[gap].model_copy(update={"answer": answer, "citations": (correction.ts,)})
    else:
        why = f"Why did that happen ({whys[-1].answer[:80]})?" if whys else "Why did the incident happen?"
        whys.append(Why(why=why, answer=answer, citations=(correction.ts,)))
    return pm.model_copy(update={"five_whys": tuple(whys)})


def _lessons(pm: Postmortem, correction: Message) -> Postmortem:
    item = f"{correction.text} [ts {correction.ts}] {_tag(correction)}"
    if _POORLY.search(correction.text):
        return pm.model_copy(update={"went_poorly": (*pm.went_poorly, item)})
    return pm.model_copy(update={"went_well": (*pm.went_well, item)})


def _action_items(pm: Postmortem, correction: Message) -> Postmortem:
    text = correction.text
    mention = lx.USER_MENTION.search(text)
    owner_match = _OWNER.search(text)
    owner = f"<@{mention.group('id')}>" if mention else owner_match.group("owner").strip() if owner_match else None
    due_match = lx.DUE.search(text)
    due = (due_match.group("due") or due_match.group("by")) if due_match else None
    if due is None and (dated := _DUE_DATE.search(text)) is not None:
        due = dated.group("due").strip()
    task = re.sub(r"^\s*(?:add|new)\s*(?:an?\s+)?(?:action(?:\s+item)?)?\s*[:\-]?\s*", "", text, flags=re.I)
    task = _OWNER.sub("", task)
    task = re.sub(r"\bdue\b.*$", "", task, flags=re.I).strip(" ,;:-")
    item = ActionItem(
        text=task[:1].upper() + task[1:] if task else text,
        category=category_of(task or text),
        horizon=horizon_of(text),
        owner=owner,
        due=due,
        citations=(correction.ts,),
    )
    return pm.model_copy(update={"action_items": (*pm.action_items, item)})


def _factors(pm: Postmortem, correction: Message) -> Postmortem:
    people = [p for p in (correction.user_name, correction.user) if p]
    text = depersonalise(correction.text, people)
    category: FactorCategory = next((c for rx, c in _FACTOR_CATEGORY if rx.search(text)), "technical")
    factor = ContributingFactor(text=text, category=category, citations=(correction.ts,))
    return pm.model_copy(update={"contributing_factors": (*pm.contributing_factors, factor)})


def _questions(pm: Postmortem, correction: Message) -> Postmortem:
    stated = lx.EVIDENCE.search(correction.text)
    evidence = (
        stated.group("what").strip() if stated else "A responder who knows the answer, or the data that settles it"
    )
    question = OpenQuestion(
        text=f"{correction.text} (asked by {correction.author}, ts {correction.ts})",
        evidence_needed=evidence[:1].upper() + evidence[1:],
    )
    return pm.model_copy(update={"open_questions": (*pm.open_questions, question)})
