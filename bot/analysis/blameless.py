"""The blameless check: one vocabulary of people and blame, used by both engines and the review.

A postmortem is about systems and process. Engines remove people from what they write
(:func:`depersonalise`); the review flags sentences that still tie a person to a blame word
(:func:`blame_flags`), whichever engine or human wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.redaction.entities import PERSON

MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
"""A Slack user mention, with or without the ``|name`` Slack sometimes adds."""

BLAME_WORDS = re.compile(
    r"\b(?:"
    r"(?:is|was|were|are)\s+to\s+blame|blam(?:e|ed|es|ing)|fault(?:y)?|at\s+fault|"
    r"mistakes?|careless(?:ly|ness)?|negligen(?:t|ce)|sloppy|incompeten(?:t|ce)|reckless(?:ly)?|"
    r"fail(?:ed|s)?\s+to|forg(?:ot|otten|etting)|neglect(?:ed|s|ing)?|overlook(?:ed)?|ignor(?:ed|ing)|"
    r"should(?:\s+not|n't)?\s+have|messed\s+up|screwed\s+up|botched|human\s+error|"
    r"didn't\s+bother|did\s+not\s+bother|caused\s+(?:the|this)\s+(?:outage|incident)"
    r")\b",
    re.IGNORECASE,
)
"""Words that put fault on someone when they share a sentence with a person."""

PERSON_PLACEHOLDER = re.compile(rf"<{PERSON}_\d+>")
"""A name redaction replaced (``<PERSON_1>``): still a person the sentence may blame."""

PERSON_WORDS = re.compile(
    MENTION.pattern
    + "|"
    + PERSON_PLACEHOLDER.pattern
    + r"|\b(?:he|she|him|her|his|engineer|developer|dev|on-?call(?:er)?|operator|"
    r"admin(?:istrator)?|intern|someone|somebody|the\s+(?:author|reviewer|responder|ic))\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def blame_flags(texts: Iterable[tuple[str, str]], people: Iterable[str]) -> list[str]:
    """Warnings for sentences that tie a person to a blame word.

    A person is tied to a blame word when it comes at most three words before it ("Priya forgot",
    "the on-call engineer failed to", "Priya's mistake") or right after it with "by"/"of"
    ("a mistake by Priya", "a careless change by Tomas"). "Priya reported that checkout failed to load" ties nobody.

    Args:
        texts: (where, text) pairs, e.g. ("timeline", "Priya forgot to …").
        people: names of the channel's people (display names, user ids).
    Returns:
        One line per flagged sentence, saying where, who and which word.
    """
    names = sorted({p for p in people if p and len(p) > 1}, key=len, reverse=True)
    name_rx = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.I) if names else None
    flags: list[str] = []
    for where, text in texts:
        for sentence in _SENTENCE.split(text):
            tie = _tie(sentence, name_rx)
            if tie is not None:
                who, word = tie
                quote = " ".join(sentence.split())
                flags.append(
                    f'Blameless check ({where}): "{quote}" ties {who} to "{word}"'
                    " — describe the system or process instead."
                )
    return flags


_BEFORE = re.compile(r"^(?:'s)?(?:\s+[\w'-]+){0,3}\s+$")
_REPORTING = re.compile(
    r"\b(?:that|said|says|reported|reports|noted|notes|saw|sees|noticed|found|confirmed|asked|wrote|posted|"
    r"thinks|suspects|warned|when|while|because|after|before)\b",
    re.IGNORECASE,
)
"""Words that make the person the source of a report, not the subject of the failure."""
_AFTER = re.compile(r"^(?:\s+[\w'-]+){0,2}\s+(?:by|of|from)(?:\s+[\w'-]+){0,2}\s+$", re.IGNORECASE)


def _tie(sentence: str, name_rx: re.Pattern[str] | None) -> tuple[str, str] | None:
    blames = list(BLAME_WORDS.finditer(sentence))
    if not blames:
        return None
    persons = list(PERSON_WORDS.finditer(sentence))
    if name_rx is not None:
        persons += list(name_rx.finditer(sentence))
    for blame in blames:
        for person in persons:
            gap = sentence[person.end() : blame.start()]
            if person.end() <= blame.start() and _BEFORE.match(gap) and not _REPORTING.search(gap):
                return person.group(0), blame.group(0)
            if blame.end() <= person.start() and _AFTER.match(sentence[blame.end() : person.start()]):
                return person.group(0), blame.group(0)
    return None


def depersonalise(text: str, names: Sequence[str]) -> str:
    """Remove people from a statement: mentions and known names become "a responder"."""
    text = MENTION.sub("a responder", text)
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b:?", "a responder", text)
    return text
