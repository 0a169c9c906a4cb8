"""Who is doing what, follow-up action items, and open questions, read from responders' words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from bot.analysis import lexicon as lx
from bot.analysis.classify import first_sentence
from bot.analysis.lists import headed_lists
from bot.domain import ActionCategory, ActionItem, Claim, Horizon, Message, OpenQuestion, ts_to_datetime

_CATEGORIES: tuple[tuple[re.Pattern[str], ActionCategory], ...] = (
    (re.compile(r"alert|monitor|dashboard|slo|page|metric|observab", re.I), "monitoring"),
    (
        re.compile(r"deploy|canary|rollout|rollback|release|config review|feature flag|ci\b", re.I),
        "deployment safety",
    ),
    (re.compile(r"runbook|playbook|doc(?:s|ument)|wiki|checklist", re.I), "runbooks"),
    (
        re.compile(r"retr(?:y|ies)|circuit|timeout|backoff|architect|design|capacity|limit|pool", re.I),
        "system design",
    ),
)


def category_of(text: str) -> ActionCategory:
    """The kind of work an action item is; shared with the offline reviser so both file items alike."""
    for pattern, category in _CATEGORIES:
        if pattern.search(text):
            return category
    return "incident process"


def horizon_of(text: str) -> Horizon:
    """When an action item is due (immediate, short or long term), read from how it was asked for."""
    if lx.HORIZON_IMMEDIATE.search(text):
        return "immediate"
    if lx.HORIZON_LONG.search(text):
        return "long_term"
    return "short_term"


def _owner(message: Message, task: str, names: dict[str, str]) -> str | None:
    mention = lx.USER_MENTION.search(task)
    if mention:
        return names.get(mention.group("id"), f"<@{mention.group('id')}>")
    if lx.OWNER_ME.search(message.text) or re.search(r"\bi'?ll\b|\bi will\b|\bi'?m\b", message.text, re.I):
        return message.author
    return None


_FIRST_PERSON: tuple[tuple[re.Pattern[str], str], ...] = (
    # "I'll / we should / let me add …" -> "Add …": the owner column says who, the text says what.
    (
        re.compile(
            r"^(?:(?:i|we)(?:'ll| will| should| need to| must|'m going to| am going to| are going to)|let me|"
            r"let'?s|i'?d like to|(?:i|we)(?:'ll| will) go)\s+",
            re.I,
        ),
        "",
    ),
    # "the password I pasted" -> "the password pasted in the channel": what happened, not who did it.
    (re.compile(r"\s+(?:that |which )?(?:i|we) (?P<v>pasted|posted|shared|dropped)\b", re.I), r" \g<v> in the channel"),
    (re.compile(r"\s+(?:that |which )?(?:i|we) (?P<v>\w+ed|made|wrote|built|set|ran|put|took)\b", re.I), r" \g<v>"),
    (re.compile(r"\b(?:my|our) own\b", re.I), "its own"),
    (re.compile(r"\b(?:my|our)\b", re.I), "the"),
    (re.compile(r"\s*\b(?:myself|ourselves)\b", re.I), ""),
    (re.compile(r"\b(?:ping|tell|ask|cc) me\b", re.I), "notify the owner"),
)


def impersonal(task: str) -> str:
    """An action item worded as the work, not as one person's promise ("I'll rotate my key" ->
    "Rotate the key"): the review reads it as a commitment of the team, with the owner beside it."""
    for pattern, replacement in _FIRST_PERSON:
        task = pattern.sub(replacement, task)
    return re.sub(r"\bin the channel (?:earlier|above|before)\b", "in the channel", task)


def _tidy(task: str) -> str:
    task = lx.OWNER_TAIL.sub("", " ".join(task.split())).strip(" :-—–.,")
    task = impersonal(task).strip(" :-—–.,")
    return task[:1].upper() + task[1:]


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


_UNDECOMPOSED = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "Ae",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)
"""Letters Unicode does not decompose into a base letter and an accent."""


def _fold(name: str) -> str:
    """A name as people type it: lower case, no accents, no leading @."""
    plain = unicodedata.normalize("NFKD", name.translate(_UNDECOMPOSED)).encode("ascii", "ignore").decode()
    return plain.strip().lstrip("@").lower()


def resolve_person(
    said: str, people: Collection[str], *, prefix: bool = True, aliases: Mapping[str, str] | None = None
) -> str | None:
    """The person (one of ``people``, as displayed) that ``said`` names, or None.

    Matches a whole name, a handle's or real name's first part ("tobias" for "tobias.l", "joaquin"
    for "Joaquín Herrera"), another part that only one member's names hold ("wei" for "Chen Wei")
    or a unique prefix of at least three letters, ignoring case and accents
    ("bjorn" for "Bjørn"). ``aliases`` maps the other names a member goes by (real name, handle) to
    the name shown, so a first name finds the member whose display name is a handle.
    """
    want = _fold(said)
    if len(want) < 2:
        return None
    shown_as = {p: p for p in people if p}
    for alias, shown in (aliases or {}).items():
        shown_as.setdefault(alias, shown)
    folded = {name: _fold(name) for name in shown_as}
    for name, plain in folded.items():
        if want == plain or want in re.split(r"[\s._-]+", plain)[:1]:
            return shown_as[name]
    # A given name may come last ("Chen Wei" called "wei"): any whole part of one member's names.
    parts = {shown_as[n] for n, plain in folded.items() if want in re.split(r"[\s._-]+", plain)}
    if len(parts) == 1:
        return parts.pop()
    if not prefix:
        return None
    prefixed = {shown_as[n] for n, plain in folded.items() if len(want) >= 3 and plain.startswith(want)}
    return next(iter(prefixed)) if len(prefixed) == 1 else None


_MEMBER_ID = re.compile(r"[UW][A-Z0-9]+")


def member_aliases(names: Mapping[str, str]) -> dict[str, str]:
    """The names map's other names (real names, handles) -> the name shown; member ids left out.

    A names map holds user id -> display name and may hold every other name a member goes by ->
    that display name (``bot.slackdata.users.names_map``).
    """
    return {name: shown for name, shown in names.items() if not _MEMBER_ID.fullmatch(name)}


def _list_owner(
    item: str, message: Message, names: Mapping[str, str], people: Collection[str]
) -> tuple[str, str | None]:
    """(the item without its owner words, the owner) for one list item."""
    owner: str | None = None
    paren = lx.OWNER_PAREN.search(item)
    if paren:
        item = (item[: paren.start()] + " " + item[paren.end() :]).strip()
        said = paren.group("who").strip()
        owner = message.author if said.lower() in ("me", "myself", "i") else _named(said, names, people, explicit=True)
    elif bracket := lx.OWNER_BRACKET_NAME.search(item) or lx.OWNER_DASH_NAME.search(item):
        found = _named(bracket.group("who"), names, people, explicit=False)
        if found is not None:
            item, owner = item[: bracket.start()].strip(), found
    if owner is None and (will := lx.OWNER_WILL.search(item)):
        who = will.group("who")
        found = _named(who, names, people, explicit=who.startswith(("@", "<@")))
        if found is not None:
            owner = found
            before, rest = item[: will.start()].strip(" —–-;,:"), will.group("rest").strip()
            # "step-up auth for prod — @bruno will roll it out" keeps what comes before the name;
            # "@mateo will move the config into git" keeps what follows it.
            item = before or rest
    if owner is None and lx.I_WILL.match(item):
        owner = message.author
    return item, owner


def _named(said: str, names: Mapping[str, str], people: Collection[str], *, explicit: bool) -> str | None:
    """The person a list item names: a mention, a known name, or (when clearly an owner) the word itself."""
    mention = lx.USER_MENTION.search(said)
    if mention:
        return names.get(mention.group("id"), f"<@{mention.group('id')}>")
    found = resolve_person(said, people, aliases=member_aliases(names))
    if found is not None:
        return found
    return said.strip().lstrip("@") if explicit and re.fullmatch(r"@?[\w.\-]{2,30}", said.strip()) else None


def listed_action_items(message: Message, names: Mapping[str, str], people: Collection[str]) -> list[ActionItem]:
    """The items of every action list in ``message`` ("Action items", "follow-ups", "next steps" …)."""
    found: list[ActionItem] = []
    for block in headed_lists(message.text, lx.ACTION_HEADING):
        for raw in block.items:
            task, owner = _list_owner(raw, message, names, people)
            text = _tidy(task)
            if len(text) < 4:
                continue
            due = lx.DUE.search(raw)
            found.append(
                ActionItem(
                    text=text,
                    category=category_of(text),
                    horizon=horizon_of(raw),
                    owner=owner,
                    due=(due.group("due") or due.group("by")) if due else None,
                    citations=(message.ts,),
                )
            )
    return found


def action_items(
    messages: Iterable[Message], *, after: datetime | None, names: dict[str, str] | None = None
) -> tuple[ActionItem, ...]:
    """Follow-ups people committed to: items of an action list under its heading, explicit
    TODO/follow-up/action item lines, and "I'll…" once the incident is mitigated (before that,
    "I'll…" is live work, not a follow-up)."""
    names = names or {}
    messages = list(messages)
    people = list(dict.fromkeys([*names.values(), *(m.author for m in messages if not m.is_bot)]))
    items: list[ActionItem] = []
    seen: set[str] = set()
    for message in messages:
        if message.is_bot:
            continue
        listed = listed_action_items(message, names, people)
        if listed:
            for item in listed:
                if item.text.lower() not in seen:
                    seen.add(item.text.lower())
                    items.append(item)
            continue
        explicit = lx.ACTION_CUE.search(message.text)
        commitment = lx.COMMITMENT.search(message.text)
        if explicit:
            task = explicit.group("task")
        elif (
            commitment
            and after is not None
            and message.time >= after
            and lx.ACTION_VERB.search(commitment.group("task"))
        ):
            task = commitment.group("task")
        else:
            continue
        text = _tidy(first_sentence(task, 200))
        if len(text) < 6 or text.lower() in seen:
            continue
        seen.add(text.lower())
        due = lx.DUE.search(message.text)
        items.append(
            ActionItem(
                text=text,
                category=category_of(text),
                horizon=horizon_of(message.text),
                owner=_owner(message, task, names),
                due=(due.group("due") or due.group("by")) if due else None,
                citations=(message.ts,),
            )
        )
    return tuple(items)


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
