"""Checks on what a model wrote: citations exist, no personal blame, no token-shaped strings.

These run on every Claude answer before it becomes a domain object; none of them trusts the model.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from bot.domain import UNKNOWN, Claim

# -- citations ------------------------------------------------------------------------------------


@dataclass
class Grounding:
    """Which cited ``ts`` values exist in the channel's store, and what was dropped."""

    existing: Collection[str]
    dropped: list[str] = field(default_factory=list)

    def keep(self, cited: Iterable[str]) -> tuple[tuple[str, ...], bool]:
        """(the citations that exist, in order without repeats; whether none had to be dropped)."""
        kept: list[str] = []
        clean = True
        for raw in cited:
            ts = raw.strip()
            if ts in self.existing:
                if ts not in kept:
                    kept.append(ts)
            else:
                clean = False
                self.dropped.append(ts)
        return tuple(kept), clean

    def claim(self, text: str, cited: Sequence[str], *, needs_citation: bool = True) -> Claim:
        """A ``Claim``: unverified when a citation was fabricated, or when a fact cites nothing."""
        kept, clean = self.keep(cited)
        grounded = bool(kept) or not needs_citation or is_unknown(text)
        return Claim(text=text.strip() or UNKNOWN, citations=kept, verified=clean and grounded)

    def text(self, text: str, cited: Sequence[str]) -> tuple[str, bool]:
        """Prose with its citations inline (``… [ts a, b]``) as the offline engine writes them.

        Returns:
            The text, marked "(unverified)" when a citation was dropped or a fact cites nothing,
            and whether it is verified.
        """
        c = self.claim(text, cited)
        out = c.text + (f" [ts {', '.join(c.citations)}]" if c.citations else "")
        return (out, True) if c.verified else (out + " (unverified)", False)


def is_unknown(text: str) -> bool:
    """True for "Unknown …" statements, which need no citation."""
    return text.strip().lower().startswith(UNKNOWN.lower())


def all_citations(value: object) -> list[str]:
    """Every string under a ``citations``/``supporting``/``refuting``/``ts`` key of a JSON-like value."""
    found: list[str] = []

    def walk(node: object, key: str | None) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in _CITING_KEYS:
            found.append(node.strip())

    walk(value, None)
    return found


_CITING_KEYS = frozenset({"citations", "supporting", "refuting", "ts", "raised_ts"})


# -- blameless ------------------------------------------------------------------------------------

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

PERSON_WORDS = re.compile(
    r"<@[UW][A-Z0-9]+>|\b(?:he|she|him|her|his|engineer|developer|dev|on-?call(?:er)?|operator|"
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


# -- secrets in output ----------------------------------------------------------------------------

TOKEN_SHAPES = re.compile(
    r"\bxox[abposrc]-[A-Za-z0-9-]{6,}|\bxapp-[A-Za-z0-9-]{6,}|\bsk-ant-[A-Za-z0-9_-]{6,}|"
    r"\bgh[pousr]_[A-Za-z0-9]{20,}|\bgithub_pat_[A-Za-z0-9_]{20,}|\bAKIA[0-9A-Z]{16}\b|"
    r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|"
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----"
)
"""Credential shapes that must never reach a post, even if a prompt injection asked for them."""

SCRUBBED = "<SECRET_REMOVED>"


def scrub_secrets(text: str) -> tuple[str, int]:
    """``text`` with token-shaped strings replaced, and how many were replaced.

    The replacement holds no quote or backslash, so it is safe inside a JSON string.
    """
    return TOKEN_SHAPES.subn(SCRUBBED, text)
