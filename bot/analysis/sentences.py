"""The sentence of a message that carries its finding, for quotes in sitreps and postmortems.

Responders often open with a reaction ("ok.", "uh. guys.", "hm, interesting.") and put the finding
second ("… the snapshot was taken after the drop"). Quoting the first sentence then quotes the
reaction. Each sentence is scored by what it carries (a cause, a number, a time, a status, an
action, a named component) against what only reacts; the best one is quoted, the earliest on a tie,
so a message whose first sentence already says it is quoted as before.
"""

from __future__ import annotations

import re

from bot.slackdata.mrkdwn import excerpt, sentence_ends

_CARRIES = (
    re.compile(r"\b(?:because|due to|caused|cause|root|found|confirmed|turns out|so that|which means|means)\b", re.I),
    re.compile(r"\d"),
    re.compile(
        r"\b(?:roll(?:ed|ing)? ?back|revert|fail(?:ed)? ?over|restart|disabl|block|paus|freez|drain|"
        r"scal(?:e|ed|ing)|restor|deploy|mitigat|resolv|recover|fix)\w*",
        re.I,
    ),
    re.compile(
        r"\b(?:error|fail|down|broken|crash|timeout|latenc|5xx|servfail|outage|impact|customers?|users?)\w*", re.I
    ),
    re.compile(r"[\w-]+[._/:][\w.-]+|`[^`]+`"),
    re.compile(r"^\W*(?:decision|cause|root cause|finding|impact|status|summary|fix|mitigation|update)\s*:", re.I),
)
"""What makes a sentence a finding; each present kind adds one point."""
_REACTION = re.compile(
    r"^\W*(?:ok(?:ay)?|k|hm+|uh+|um+|oh+|ah+|wow|yep|yeah|yes|no|nope|right|sure|agreed|interesting|"
    r"guys|folks|all|team|lol|ugh|damn|oof|welp|so|well|great|nice|thanks?|ty)\b[\W\s]*"
    r"(?:(?:ok(?:ay)?|hm+|uh+|guys|folks|all|so|well|then|interesting|wait)\b[\W\s]*)*$",
    re.I,
)
"""A sentence made only of a reaction ("uh. guys.", "hm, interesting.")."""


def sentences(text: str) -> list[str]:
    """``text`` split into sentences on its line breaks and sentence ends (quotes and code kept whole)."""
    out: list[str] = []
    for line in text.splitlines():
        flat = " ".join(line.split())
        start = 0
        for end in [*sentence_ends(flat), len(flat)]:
            piece = flat[start:end].strip()
            if piece:
                out.append(piece)
            start = end
    return out


def _score(sentence: str) -> int:
    if _REACTION.match(sentence):
        return -1
    return sum(1 for kind in _CARRIES if kind.search(sentence)) + (len(sentence.split()) >= 5)


def informative_sentence(text: str, limit: int = 160) -> str:
    """The excerpt of ``text`` that starts at its most informative sentence (see the module doc)."""
    parts = sentences(text)
    if len(parts) <= 1:
        return excerpt(text, limit)
    scores = [_score(p) for p in parts]
    best = max(range(len(parts)), key=lambda i: (scores[i], -i))
    if scores[best] <= scores[0]:
        return excerpt(text, limit)
    return excerpt(" ".join(parts[best:]), limit)
