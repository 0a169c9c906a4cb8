"""Who is doing what, follow-up action items, and open questions, read from responders' words."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta

from bot.analysis import lexicon as lx
from bot.analysis.action_text import category_of, horizon_of, impersonal
from bot.analysis.classify import first_sentence
from bot.analysis.followups import action_items_from, read_followups
from bot.analysis.owners import member_aliases, resolve_person
from bot.domain import ActionItem, Claim, Message, OpenQuestion, ts_to_datetime

__all__ = [
    "action_items",
    "assignments",
    "category_of",
    "doing",
    "horizon_of",
    "impersonal",
    "member_aliases",
    "open_questions",
    "resolve_person",
]
"""``category_of``, ``horizon_of``, ``impersonal`` and the name helpers live in ``action_text`` and
``owners``; they stay importable from here for the reviser and older callers."""

DOING_EXPIRES = timedelta(minutes=45)
"""A "who is doing what" line this old without a newer word from that person is dropped as stale."""


def doing(
    messages: Sequence[Message], previous: Sequence[Claim] = (), *, now: datetime | None = None
) -> tuple[Claim, ...]:
    """The latest thing each person said they are doing; a person's newer claim replaces the older."""
    by_person: dict[str, Claim] = {}
    for claim in previous:
        person = claim.text.split(":", 1)[0]
        by_person[person] = claim
    people = list(dict.fromkeys([*(m.author for m in messages if not m.is_bot), *by_person]))
    for message in messages:
        if message.is_bot:
            continue
        for person, task in assignments(message.text, people):
            by_person[person] = Claim(text=f"{person}: {first_sentence(task, 100)}", citations=(message.ts,))
        match = lx.COMMITMENT.search(message.text) or lx.DOING_NOW.search(message.text)
        if not match:
            continue
        task = first_sentence(match.group(0), 140)
        by_person[message.author] = Claim(text=f"{message.author}: {task}", citations=(message.ts,))
    if now is not None:
        by_person = {
            person: claim
            for person, claim in by_person.items()
            if not claim.citations or now - ts_to_datetime(claim.citations[-1]) <= DOING_EXPIRES
        }
    return tuple(by_person.values())


_CLAUSE = re.compile(r"[.;,\n]")
_NOT_A_NAME = frozenset(
    "ok okay so also and hey hi folks team everyone everybody someone anyone all guys pls please then now "
    "can could would will you we i they this that it who what why how when where".split()
)
_NOT_A_TASK = re.compile(
    r"^(?:is|was|were|are|said|says|say|thinks?|mentioned|has|had|did|does|just|and|or|'s|asked|wrote|"
    r"posted|told|right|too|also|here|there|thanks?|agreed?|yes|no|yep)\b",
    re.IGNORECASE,
)


def assignments(text: str, people: Collection[str]) -> list[tuple[str, str]]:
    """(person, task) for each clause that hands someone work: "jonah: stop the pushes",
    "sanna can you own the status page", "<@U1> you're ops lead", "rajesh crash analysis"."""
    found: list[tuple[str, str]] = []
    for clause in _CLAUSE.split(text):
        match = lx.ASSIGNMENT.match(clause)
        if match is None:
            continue
        who, task = match.group("who"), match.group("task").strip(" ,:-—–")
        mention = lx.USER_MENTION.fullmatch(who)
        person = who if mention else resolve_person(who, people, prefix=False)
        if person is None and match.group("ask") and who.lower().lstrip("@") not in _NOT_A_NAME:
            person = who.lstrip("@")  # "Keiko please start comms": a request names a person who may not have spoken yet
        if person is not None and len(task) >= 3 and not lx.I_WILL.match(task) and not _NOT_A_TASK.match(task):
            found.append((person, task))
    return found


def action_items(
    messages: Iterable[Message], *, after: datetime | None, names: dict[str, str] | None = None
) -> tuple[ActionItem, ...]:
    """Follow-ups people committed to, in every form ``bot.analysis.followups`` reads: lists with or
    without a heading, items spread over messages or a thread, "AI:" lines, asks, promises about
    prevention, tickets a tracker bot created. ``after`` is when the incident was mitigated: before
    it, "I'll …" is live work, not a follow-up."""
    names = names or {}
    messages = list(messages)
    people = list(dict.fromkeys([*names.values(), *(m.author for m in messages if not m.is_bot)]))
    return action_items_from(read_followups(messages, after=after, names=names, people=people))


def _evidence_for(text: str) -> str:
    if re.search(r"why|cause", text, re.I):
        return "A log, metric or change record that shows the mechanism, cited from the channel or a linked dashboard"
    if re.search(r"when|start|time", text, re.I):
        return "The first timestamp at which the symptom appears in metrics or logs"
    if re.search(r"how many|customers|users|impact|affected", text, re.I):
        return "Counts of failed requests or affected accounts for the incident window"
    return "A responder who knows the answer, or the data that would settle it"


def open_questions(messages: Sequence[Message]) -> tuple[OpenQuestion, ...]:
    """Questions responders asked that no reply in their thread (or later message) answered."""
    answered_threads = {m.thread_ts for m in messages if m.is_reply}
    found: list[OpenQuestion] = []
    for message in messages:
        if message.is_bot or ("?" not in message.text and "open question" not in message.text.lower()):
            continue
        if not lx.QUESTION_CUE.search(message.text):
            continue
        if message.ts in answered_threads and "open question" not in message.text.lower():
            continue
        text = re.sub(r"^\s*(?:open )?question(?: from [^:]{1,40})?\s*:\s*", "", message.text, flags=re.I)
        question = first_sentence(text, 200)
        stated = lx.EVIDENCE.search(message.text)
        evidence = stated.group("what").strip() if stated else _evidence_for(question)
        found.append(
            OpenQuestion(
                text=f"{question[:1].upper()}{question[1:]} (asked by {message.author}, ts {message.ts})",
                evidence_needed=evidence[:1].upper() + evidence[1:],
            )
        )
    return tuple(found)
