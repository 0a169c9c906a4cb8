"""Follow-up action items read from a channel in the forms responders write them.

Responders hand out post-incident work in many shapes: a numbered, bulleted or checkbox list with
or without a heading; a heading in one message and the items in the next few messages or in its
thread; one-line "AI:" / "action:" / "TODO(name):" notes; "@x can you own …" asks; "I'll …" /
"we need to …" / "we should …" about preventing a repeat; and a tracker bot announcing the tickets
it created. Work done to stop the bleeding (roll back, restart, fail over) is not a follow-up, so
promises and asks count only when they speak of prevention or come after mitigation.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.analysis import lexicon as lx
from bot.analysis.action_text import category_of, horizon_of, tidy
from bot.analysis.bot_kind import is_ticket_tool
from bot.analysis.classify import first_sentence
from bot.analysis.lists import HeadedList, plain
from bot.analysis.owners import list_owner, named
from bot.domain import ActionItem, Message

SPREAD_WINDOW = timedelta(minutes=20)
"""How long after a bare heading ("follow-ups, one per message:") its items may keep arriving."""


@dataclass(frozen=True)
class Found:
    """One follow-up as written: the words, the message saying it, its owner if named."""

    task: str
    message: Message
    owner: str | None
    raw: str


def is_followup_heading(line: str) -> bool:
    """A short line naming a list of work ("AIs:", "ok, follow-ups from my side", "*todo*")."""
    plain = re.sub(r"[*_`~]", "", line).strip()
    if not plain or len(plain) > 90 or lx.LIST_ITEM_WIDE.match(line):
        return False
    return bool(lx.ACTION_HEADING.search(plain) or lx.FOLLOWUP_HEADING.search(plain)) and _headingish(plain)


def _headingish(plain: str) -> bool:
    """A heading ends with a colon, or is a few words, not a sentence about something else; "AI: add
    a lag alert" is an item with its cue, not a heading."""
    _head, colon, rest = plain.partition(":")
    if colon and len(rest.split()) >= 2 and not re.search(r"[(\[]", rest[:3]):
        return False
    if lx.UPPER_AI.match(plain) is None and re.match(r"^\W*(?:ai|fu)\b", plain, re.I) and "AIs" not in plain:
        return False
    return plain.rstrip().endswith((":", "—", "-", "🧵", "👇")) or len(plain.split()) <= 7


def looks_like_work(item: str) -> bool:
    """An item that is work to do (imperative, a need, an owner named) rather than a finding."""
    return bool(
        lx.ACTION_START.match(item)
        or lx.NEED_WORDS.search(item)
        or lx.OWNER_PAREN.search(item)
        or lx.OWNER_ARROW.search(item)
        or lx.OWNER_WILL.search(item)
        or lx.OWNER_MENTION_END.search(item)
        or lx.CHECKBOX.match(item)
    )


_FINDING_WORDS = re.compile(
    r"\b(?:was|were|wasn'?t|weren'?t|had|hadn'?t|did|didn'?t|never|got|took|is|are|isn'?t|aren'?t|has|been)\b",
    re.IGNORECASE,
)


def strongly_work(item: str) -> bool:
    """An item that is plainly work to do, even under a heading that also lists findings: it starts
    with the work ("add a lag alert"), names an owner, is a checkbox or a "we should …"; an item that
    reports what was ("alert threshold was too high") is a finding."""
    if _plainly_assigned(item):
        return True
    will = lx.OWNER_WILL.search(item)
    if will and will.group("verb").lower() in ("will", "'ll", "to"):
        return True
    return bool(lx.ACTION_START.match(item)) and not _FINDING_WORDS.search(item)


def _is_prevention(text: str) -> bool:
    return bool(lx.PREVENTION.search(text))


def _is_future_work(task: str, whole: str, message: Message, after: datetime | None) -> bool:
    """Work for after the incident: it names prevention, or it comes after mitigation and is not
    live work ("I'll restart the pods now")."""
    if whole.rstrip().endswith("?"):
        return False
    if _is_prevention(task):
        return True
    mitigated = after is not None and message.time >= after
    return mitigated and bool(lx.ACTION_START.match(task)) and not lx.FIREFIGHTING.search(whole)


_INLINE_FIRST = re.compile(r"^\s*(?:\(1\)|1[.)])\s+\S")


def _inline_numbered(line: str) -> bool:
    """A heading whose numbered items follow on its own line, however long the line runs
    ("follow-ups: 1. … - kofi 2. … - lena 3. …"): a one-line cue stops at 200 characters."""
    head, colon, rest = line.partition(":")
    return bool(colon and _INLINE_FIRST.match(rest) and is_followup_heading(f"{head}:"))


def _list_items(text: str) -> list[HeadedList]:
    """Lists in ``text`` under a follow-up heading (any heading word, any list marker)."""
    lines = text.splitlines()
    found: list[HeadedList] = []
    i = 0
    while i < len(lines):
        ambiguous = _ambiguous_heading(lines[i])
        if ambiguous or is_followup_heading(lines[i]) or _inline_numbered(lines[i]):
            items: list[str] = []
            bare = False  # items written as plain lines, no marker
            j = i + 1
            while j < len(lines):
                item = lx.LIST_ITEM_WIDE.match(lines[j])
                if item and not bare:
                    items.append(plain(item.group("item")))
                elif items and not bare and lines[j].startswith((" ", "\t")) and lines[j].strip():
                    items[-1] = f"{items[-1]} {lines[j].strip()}"  # an item wrapped onto an indented line
                elif not ambiguous and (not items or bare) and _plain_line_item(lines[j]):
                    bare = True
                    items.append(plain(lines[j]))
                elif items or lines[j].strip():
                    break
                j += 1
            if not items and not ambiguous:
                items = _inline_items(lines[i])
            if ambiguous:
                # Under "what made it worse" only an item that names an owner or a need is work.
                keep = _plainly_assigned if _findings_heading(lines[i]) else strongly_work
                items = [item for item in items if keep(item)]
            if items:
                found.append(HeadedList(heading=lines[i].strip(), items=tuple(items)))
                i = j
                continue
        i += 1
    return found


def _findings_heading(line: str) -> bool:
    """A heading that announces what went wrong ("what made this worse", "contributing factors")."""
    return bool(lx.FACTOR_HEADING_WIDE.search(line) or re.search(r"contribut|what (?:made|went)|worse", line, re.I))


def _plainly_assigned(item: str) -> bool:
    """An item with an owner, a checkbox or "we should …": work whatever its heading says."""
    return bool(
        lx.OWNER_PAREN.search(item)
        or lx.OWNER_ARROW.search(item)
        or lx.CHECKBOX.match(item)
        or re.match(r"^\W*(?:we|someone|i)\s+(?:should|need to|must|will|'ll|have to)\b", item, re.I)
    )


def _ambiguous_heading(line: str) -> bool:
    """A heading whose list may hold findings and work alike ("for the retro:", "lessons")."""
    plain = re.sub(r"[*_`~]", "", line).strip()
    if not plain or len(plain) > 100 or lx.LIST_ITEM_WIDE.match(line) or is_followup_heading(line):
        return False
    return bool(lx.AMBIGUOUS_HEADING.search(plain) or lx.FACTOR_HEADING.search(plain))


def _headless_items(text: str) -> list[str]:
    """Items of a list with no heading: every non-blank line after an optional lead line is an item."""
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and not lx.LIST_ITEM_WIDE.match(lines[0]):
        lines = lines[1:]
    items = [lx.LIST_ITEM_WIDE.match(line) for line in lines]
    if not items or any(m is None for m in items):
        return []
    return [plain(m.group("item")) for m in items if m is not None]


def _bare_heading(text: str) -> bool:
    """A message that is only a heading ("follow-ups 🧵", "AIs, one per message:") or invites the
    items into its thread ("let's collect the follow-ups in this thread please")."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) != 1:
        return False
    if is_followup_heading(lines[0]) and not _inline_items(lines[0]):
        return True
    return bool(lx.FOLLOWUP_HEADING.search(lines[0]) and _THREAD_INVITE.search(lines[0]))


_THREAD_INVITE = re.compile(
    r"\b(?:in|into|under|to) (?:this|the|a) thread\b|🧵|\breply (?:here|below|in thread)\b|"
    r"\bone per (?:message|msg|line)\b",
    re.IGNORECASE,
)


def _plain_line_item(line: str) -> bool:
    """A line with no list marker that reads as one follow-up (under a heading): short, the work."""
    text = line.strip()
    return 4 <= len(text) <= 220 and not text.endswith("?") and looks_like_work(text)


def _inline_items(heading: str) -> list[str]:
    """Items written on the heading's own line: "AIs: (1) add a lag alert (2) pin the image" or
    "follow-ups: add a lag alert; pin the image"."""
    _head, colon, rest = heading.partition(":")
    if not colon or not rest.strip():
        return []
    parts = [p.strip(" ,.") for p in re.split(r"\s*(?:\(\d{1,2}\)|\b\d{1,2}[.)])\s+|\s*;\s*", rest)]
    parts = [p for p in parts if len(p) >= 4]
    return parts if len(parts) >= 2 else []


def _from_lines(message: Message) -> Iterator[tuple[str, str | None]]:
    """(task, owner named in the cue) for each "AI: …" / "TODO(name): …" line."""
    for piece in re.split(r"\n|(?<=[.!;])\s+(?=\S+\s*(?:\(|:))", message.text):
        plain = re.sub(r"^[\s>*_•\-]+", "", piece)
        cue = lx.LINE_CUE.match(plain)
        if cue is None or plain.rstrip().endswith("?"):
            continue
        if re.match(r"^\W*(?:ai|fu|a\.i\.)\b", plain, re.I) and not lx.UPPER_AI.match(plain):
            continue  # "ai: …" is about the technology
        parts = _inline_items(f"x:{cue.group('task')}")
        for task in parts or [cue.group("task")]:
            yield task, cue.group("who")


def _asks(message: Message, after: datetime | None) -> Iterator[tuple[str, str]]:
    """(task, person) for "@x can you own …" asks about work after the incident."""
    for pattern in (lx.ASK_TO_OWN, lx.ASK_TO_OWN_AFTER):
        for match in pattern.finditer(message.text):
            task = re.sub(r"^(?:own|take|grab|pick up|handle|drive|chase)\s+(?:the\s+|on\s+)?", "", match.group("task"))
            whole = match.group("task")
            if lx.WRITING_THE_REPORT.match(task) or lx.INCIDENT_PAPERWORK.search(task):
                continue
            if _is_prevention(whole) or (
                after is not None and message.time >= after and not lx.FIREFIGHTING.search(message.text)
            ):
                yield task, match.group("who")


def _ticket(message: Message) -> tuple[str, str | None] | None:
    """(title, assignee) of a ticket a tracker bot says it created, when it is a follow-up."""
    match = lx.TICKET_CREATED.search(message.text) or lx.TICKET_KEY_FIRST.search(message.text)
    if match is None:
        return None
    if (is_ticket_tool(message) or lx.SUPPORT_TICKET.search(f"{message.author} {message.text}")) and not re.search(
        r"follow[- ]?up|action item|post-?mortem|remediation|retro", message.text, re.I
    ):
        return None
    title = re.split(r"\s+(?:[|•·]|\(|assignee|assigned to|owner)\b|\s+[|•·]\s+", match.group("title"), maxsplit=1)[0]
    assignee = lx.TICKET_ASSIGNEE.search(message.text)
    return title.strip(" :-—–\"'”"), (assignee.group("who") if assignee else None)


def read_followups(
    messages: Sequence[Message], *, after: datetime | None, names: Mapping[str, str], people: Collection[str]
) -> list[Found]:
    """Every follow-up in ``messages``, in channel order, before de-duplication."""
    found: list[Found] = []
    heading_at: dict[str, datetime] = {}  # ts of a bare heading -> when; its thread and next messages are items
    last_heading: tuple[Message, datetime] | None = None
    for message in messages:
        if message.is_bot:
            ticket = _ticket(message)
            if ticket is not None and (after is None or message.time >= after or lx.ACTION_START.match(ticket[0])):
                title, who = ticket
                owner = named(who, names, people, explicit=True) if who else None
                found.append(Found(title, message, owner, message.text))
            continue
        text = message.text
        lists = _list_items(text)
        if lists:
            for block in lists:
                for raw in block.items:
                    found.append(_found(raw, message, names, people))
            continue
        if _bare_heading(text):
            heading_at[message.ts] = message.time
            last_heading = (message, message.time)
            continue
        cued = list(_from_lines(message))
        if cued:
            for task, who in cued:
                item = _found(task, message, names, people)
                owner = named(who, names, people, explicit=True) if who else item.owner
                found.append(Found(item.task, message, owner, task))
            continue
        under = (message.thread_ts in heading_at) if message.is_reply else False
        recent = last_heading is not None and message.time - last_heading[1] <= SPREAD_WINDOW and not message.is_reply
        headless = _headless_items(text)
        only_items = bool(headless) and bool(lx.LIST_ITEM_WIDE.match(text.strip().splitlines()[0]))
        if under or (recent and only_items):
            for raw in headless or [first_sentence(text, 200)]:
                if headless or looks_like_work(raw):  # a list item after the heading is an item
                    found.append(_found(raw, message, names, people))
            if recent and last_heading is not None:
                last_heading = (last_heading[0], message.time)  # the list keeps going
            continue
        if headless and (
            any(lx.CHECKBOX.match(line) for line in text.splitlines())
            or (after is not None and message.time >= after and sum(map(looks_like_work, headless)) * 2 > len(headless))
        ):
            for raw in headless:
                found.append(_found(raw, message, names, people))
            continue
        asks = list(_asks(message, after))
        if asks:
            for task, who in asks:
                found.append(Found(task, message, named(who, names, people, explicit=True), task))
            continue
        promise = _promise(message, after, names, people)
        if promise is not None:
            found.append(promise)
    return found


def _promise(
    message: Message, after: datetime | None, names: Mapping[str, str], people: Collection[str]
) -> Found | None:
    """ "I'll …" / "we need to …" / "x to …" about work after the incident, with its owner."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n", message.text):
        lead = lx.OWNER_WILL.match(sentence.strip())
        if lead and lead.group("verb").lower() in ("to", "will", "'ll", "owns", "is on", "takes", "take"):
            who = named(lead.group("who"), names, people, explicit=lead.group("who").startswith(("@", "<@")))
            rest = lead.group("rest")
            if (
                who is not None
                and _is_future_work(rest, sentence, message, after)
                and lx.ACTION_START.match(rest)
                and not lx.PROMISE_NOT_WORK.match(rest)
                and not lx.INCIDENT_PAPERWORK.search(rest)
            ):
                return Found(rest, message, who, sentence)
        match = lx.FUTURE_WORK.search(sentence)
        if match is None:
            continue
        task = match.group("task")
        prevention = _is_prevention(sentence) or (
            _is_prevention(message.text) and re.match(r"^\W*(?:a|an|some|better|more)\b", task, re.I) is not None
        )
        if not (prevention or _is_future_work(task, sentence, message, after)) or sentence.rstrip().endswith("?"):
            continue
        if not (lx.ACTION_START.match(task) or prevention) or lx.PROMISE_NOT_WORK.match(task):
            continue
        if lx.INCIDENT_PAPERWORK.search(task):
            continue
        own = re.match(r"i\b|i'", match.group("lead"), re.I) is not None or bool(
            re.search(r"\bwith me\b|\bi(?:'ll| will| can) own\b", message.text, re.I)
        )
        mention = lx.USER_MENTION.search(task)
        owner = message.author if own else (names.get(mention.group("id")) if mention else None)
        return Found(task, message, owner, sentence)
    return None


def _found(raw: str, message: Message, names: Mapping[str, str], people: Collection[str]) -> Found:
    task, owner = list_owner(raw, message.author, names, people)
    return Found(task, message, owner, raw)


SAME_ITEM = 0.75
"""Share of an item's words another item repeats for the two to be one follow-up written twice
(a summary re-listing the items, a ticket filed for an item said before)."""


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 and w not in lx.STOPWORDS}


def _same(a: set[str], b: set[str]) -> bool:
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= SAME_ITEM


def action_items_from(found: Sequence[Found]) -> tuple[ActionItem, ...]:
    """The follow-ups as action items, each once: an item repeated later (a recap, a ticket a bot
    filed for it) keeps its first wording and cites every message that states it."""
    items: list[ActionItem] = []
    keys: list[set[str]] = []
    for f in found:
        text = tidy(first_sentence(f.task, 200) if "\n" in f.task else f.task[:200])
        key = _words(text)
        if len(text) < 4:
            continue
        if any(i.text.lower() == text.lower() for i in items):
            continue
        twin = next((i for i, k in enumerate(keys) if items[i].citations[0] != f.message.ts and _same(k, key)), None)
        if twin is not None:
            first = items[twin]
            if f.message.ts not in first.citations:
                items[twin] = first.model_copy(
                    update={"citations": (*first.citations, f.message.ts), "owner": first.owner or f.owner}
                )
            continue
        keys.append(key)
        due = lx.DUE.search(f.raw)
        items.append(
            ActionItem(
                text=text,
                category=category_of(text),
                horizon=horizon_of(f.raw),
                owner=f.owner,
                due=(due.group("due") or due.group("by")) if due else None,
                citations=(f.message.ts,),
            )
        )
    return tuple(items)
