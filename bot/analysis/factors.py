"""Contributing factors responders wrote down: lists of what went wrong and single statements of one.

Channels note factors as a list under many headings ("notes for the postmortem", "things that made
it worse", "what went wrong", "lessons", "why did it take so long") and as one-line remarks (a
missing alert, no runbook, a page routed to the wrong team, a stale dashboard, a slow rollback,
customers noticing first). A list under a heading that mixes findings and work ("for the retro")
is read item by item: work goes to the action items, findings come here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from bot.analysis import lexicon as lx
from bot.analysis.blameless import depersonalise
from bot.analysis.classify import first_sentence
from bot.analysis.followups import is_followup_heading, strongly_work
from bot.analysis.lists import HeadedList, items_after
from bot.analysis.sentences import informative_sentence
from bot.domain import ContributingFactor, FactorCategory, Message

_LEGACY_GAP = re.compile(
    r"\b(?:no (?:alert|runbook|dashboard|canary)|(?:alert|page) (?:didn'?t|did not) fire|"
    r"wasn'?t (?:documented|alerted|caught)|missing (?:alert|runbook|dashboard|test)|"
    r"no one (?:knew|noticed)|took (?:a while|too long)|didn'?t know)\b",
    re.I,
)
"""Process gaps the engine always read anywhere in a channel."""


_CAUSE_LABEL = re.compile(r"^\W*(?:the )?(?:root[- ]?)?cause\b", re.IGNORECASE)


def factor_category(text: str) -> FactorCategory:
    if re.search(r"\b(?:runbook|process|review|approval|comms|status page|notif|train|drill|owner|told)", text, re.I):
        return "process"
    return "technical"


def _is_factor_heading(line: str) -> bool:
    plain = re.sub(r"[*_`~]", "", line).strip()
    if not plain or len(plain) > 100 or lx.LIST_ITEM_WIDE.match(line):
        return False
    return bool(
        lx.FACTOR_HEADING.search(plain) or lx.FACTOR_HEADING_WIDE.search(plain) or lx.AMBIGUOUS_HEADING.search(plain)
    )


def factor_lists(text: str) -> list[HeadedList]:
    """Lists in ``text`` under a what-went-wrong heading (any list marker), items in order."""
    lines = text.splitlines()
    found: list[HeadedList] = []
    i = 0
    while i < len(lines):
        if _is_factor_heading(lines[i]):
            items, j = items_after(lines, i, lx.LIST_ITEM_WIDE, wrapped=True)
            if items:
                found.append(HeadedList(heading=lines[i].strip(), items=tuple(items)))
                i = j
                continue
        i += 1
    return found


def listed_factors(messages: Sequence[Message], names: Sequence[str]) -> list[ContributingFactor]:
    """Factors responders wrote down: items of a what-went-wrong list (work items left to the action
    items), and one-line additions after such a list ("adding: static analysis didn't flag it either")."""
    found: list[ContributingFactor] = []
    seen_list = False
    for message in messages:
        if message.is_bot:
            continue
        lists = factor_lists(message.text)
        for block in lists:
            work_heading = is_followup_heading(block.heading) and not (
                lx.FACTOR_HEADING.search(block.heading) or lx.FACTOR_HEADING_WIDE.search(block.heading)
            )
            for item in block.items:
                if strongly_work(item) or (work_heading and not lx.FACTOR_CUE.search(item)):
                    continue
                text = depersonalise(first_sentence(item, 200), names)
                found.append(ContributingFactor(text=text, category=factor_category(text), citations=(message.ts,)))
        if lists:
            seen_list = True
        elif seen_list and lx.FACTOR_STATEMENT.search(message.text):
            text = depersonalise(informative_sentence(message.text, 200), names)
            found.append(ContributingFactor(text=text, category=factor_category(text), citations=(message.ts,)))
    return found


def stated_factors(
    messages: Sequence[Message], names: Sequence[str], cited: set[str], *, after: datetime | None = None
) -> list[ContributingFactor]:
    """Single statements of a factor ("nothing alerted on the stale copy", "the runbook was out of
    date", "the page went to the wrong team", "for the review: …"), one per message, skipping
    questions and messages already cited. Before ``after`` (mitigation) a remark counts only with a
    word of hindsight: "no alerts firing" mid-incident is a live observation."""
    found: list[ContributingFactor] = []
    for message in messages:
        if message.is_bot or message.ts in cited:
            continue
        text = message.text
        inline = lx.FACTOR_INLINE.match(text.strip())
        if inline and not strongly_work(inline.group("what")):
            sentence = inline.group("what")
        else:
            hit = lx.FACTOR_CUE.search(text) or _LEGACY_GAP.search(text)
            if hit is None:
                continue
            sentence = _sentence_around(text, hit.start(), hit.end())
            late = after is not None and message.time >= after
            if not late and not lx.REFLECTIVE.search(sentence) and not _LEGACY_GAP.search(sentence):
                continue
        if sentence.rstrip().endswith("?") or (lx.HEDGE.search(sentence) and "?" in sentence):
            continue
        if _CAUSE_LABEL.match(sentence):
            continue  # "cause: …" states the root cause, which the draft lists from the board
        cited.add(message.ts)
        statement = depersonalise(first_sentence(sentence, 200), names)
        category: FactorCategory = "process" if _LEGACY_GAP.search(sentence) else factor_category(statement)
        found.append(ContributingFactor(text=statement, category=category, citations=(message.ts,)))
    return found


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) of ``text`` that holds ``text[start:end]``."""
    stops = (". ", "! ", "? ", "\n")
    left = max(text.rfind(c, 0, start) for c in stops)
    rights = [i for i in (text.find(c, end) for c in stops) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    piece = text[left + 1 : right].strip()
    return piece if len(piece) >= 12 else informative_sentence(text, 200)
