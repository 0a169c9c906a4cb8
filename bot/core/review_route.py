"""Which postmortem section a thread reply is about: a leading label, a quote, or a mention.

"Timeline: the deploy was 14:02, not 14:10" names its section with a label; "> Detected at 09:04
… that was 09:02" quotes text only one section holds; "the 5 whys stop too early" mentions one.
A reply that does none of these is not guessed at: the Slack layer asks which section it means.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.domain import SECTIONS

RouteHow = Literal["label", "quote", "mention"]

ALIASES: dict[str, tuple[str, ...]] = {
    "summary": ("summary", "tl;dr", "tldr", "overview"),
    "impact": ("customer impact", "impact"),
    "detection": ("detection and response", "detection & response", "detection", "response"),
    "metrics": (
        "key metrics",
        "metrics",
        "time to detect",
        "time to acknowledge",
        "time to mitigate",
        "time to resolve",
    ),
    "root_cause": ("root cause (5 whys)", "root cause", "5 whys", "five whys", "5 why", "whys", "cause"),
    "timeline": ("timeline", "time line"),
    "hypotheses": ("hypotheses considered", "hypotheses", "hypothesis"),
    "contributing_factors": ("contributing factors", "contributing factor", "factors"),
    "lessons": (
        "what went well / poorly",
        "what went well/poorly",
        "what went well",
        "what went poorly",
        "went well",
        "went poorly",
        "lessons learned",
        "lessons",
    ),
    "action_items": ("action items", "action item", "actions", "follow-ups", "follow ups", "followups"),
    "open_questions": ("open questions", "open question", "questions"),
}
"""Names people use for each section (its title and id are always accepted too)."""

_MENTION_SAFE: dict[str, tuple[str, ...]] = {
    "summary": ("summary",),
    "impact": ("customer impact",),
    "detection": ("detection",),
    "metrics": ("key metrics", "metrics", "time to detect", "time to acknowledge", "time to mitigate"),
    "root_cause": ("root cause", "5 whys", "five whys"),
    "timeline": ("timeline",),
    "hypotheses": ("hypotheses",),
    "contributing_factors": ("contributing factors",),
    "lessons": ("went well", "went poorly", "lessons learned"),
    "action_items": ("action items", "action item"),
    "open_questions": ("open questions", "open question"),
}
"""Names distinctive enough to route a reply that only mentions them in passing ("impact" is not)."""

_MIN_QUOTE = 8


@dataclass(frozen=True)
class Route:
    """The section a reply is about, how that was decided, and the reply without its label."""

    section_id: str
    how: RouteHow
    body: str


def _names() -> dict[str, tuple[str, ...]]:
    titles = dict(SECTIONS)
    out: dict[str, tuple[str, ...]] = {}
    for section_id, aliases in ALIASES.items():
        extra = (titles[section_id].lower(), section_id.replace("_", " "), section_id)
        out[section_id] = tuple(sorted(set(aliases) | set(extra), key=len, reverse=True))
    return out


NAMES = _names()

_LEAD = r"^[\s>*_~`•\-]*(?:re\s*:\s*|about\s+(?:the\s+)?|in\s+(?:the\s+)?)?"
_LABEL_END = r"[\s*_`]*(?:section)?[\s*_`]*(?:[:\-—–]|\s*,)"


def _label(text: str) -> tuple[str, str] | None:
    """(section id, rest) when ``text`` starts with a section name followed by ':' or a dash."""
    best: tuple[int, str, str] | None = None
    for section_id, names in NAMES.items():
        for name in names:
            match = re.match(_LEAD + re.escape(name) + _LABEL_END, text, re.IGNORECASE)
            if match and (best is None or len(name) > best[0]):
                best = (len(name), section_id, text[match.end() :].strip())
    return None if best is None else (best[1], best[2])


_QUOTES = (
    re.compile(r"^\s*>\s?(.+)$", re.MULTILINE),
    re.compile(rf"[“\"]([^”\"]{{{_MIN_QUOTE},}})[”\"]"),
    re.compile(rf"`([^`]{{{_MIN_QUOTE},}})`"),
    re.compile(rf"«([^»]{{{_MIN_QUOTE},}})»"),
)


def _flat(text: str) -> str:
    """Lower-case, markup and punctuation runs reduced, so a quote matches however it was copied."""
    text = re.sub(r"&gt;|&lt;|&amp;", " ", text)
    text = re.sub(r"[*_`|>~]+", " ", text)
    return " ".join(text.lower().split())


def quotes(text: str) -> list[str]:
    """The passages a reply quotes ("> …" lines, “…”, `…`), longest first."""
    found: list[str] = []
    for pattern in _QUOTES:
        found += [q.strip() for q in pattern.findall(text) if len(q.strip()) >= _MIN_QUOTE]
    return sorted(dict.fromkeys(found), key=len, reverse=True)


def _quoted(text: str, sections: Mapping[str, str]) -> str | None:
    flat_sections = {sid: _flat(body) for sid, body in sections.items()}
    for quote in quotes(text):
        needle = _flat(quote)
        if len(needle) < _MIN_QUOTE:
            continue
        holders = [sid for sid, body in flat_sections.items() if needle in body]
        if len(holders) == 1:
            return holders[0]
    return None


def _mentioned(text: str) -> str | None:
    earliest: tuple[int, int, str] | None = None
    for section_id, names in NAMES.items():
        safe = _MENTION_SAFE.get(section_id, ())
        for name in names:
            # Any name followed by "section" counts ("the impact section"); otherwise only distinctive ones.
            pattern = rf"(?<![\w-]){re.escape(name)}(?![\w-])"
            if name not in safe:
                pattern += r"\s+section\b"
            match = re.search(pattern, text, re.IGNORECASE)
            if match and (earliest is None or (match.start(), -len(name)) < (earliest[0], earliest[1])):
                earliest = (match.start(), -len(name), section_id)
    return None if earliest is None else earliest[2]


def route(text: str, sections: Mapping[str, str]) -> Route | None:
    """The section ``text`` is about, or None when it names none.

    Args:
        text: the reply (redacted).
        sections: section id -> the section's current text, for matching quotes.
    """
    labelled = _label(text)
    if labelled is not None:
        section_id, rest = labelled
        return Route(section_id, "label", rest or text.strip())
    quoted = _quoted(text, sections)
    if quoted is not None:
        return Route(quoted, "quote", text.strip())
    mentioned = _mentioned(text)
    if mentioned is not None:
        return Route(mentioned, "mention", text.strip())
    return None
