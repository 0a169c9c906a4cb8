"""Key terms of a text: the cheap overlap measure that links replies to hypotheses."""

from __future__ import annotations

import re

from bot.analysis.lexicon import STOPWORDS

_TOKEN = re.compile(r"#?[a-z0-9][a-z0-9_\-./]*[a-z0-9]|#?\d+", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"<[A-Z_]+_\d+>")


def _stem(word: str) -> str:
    for suffix in ("ions", "ion", "ing", "es", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def key_terms(text: str) -> frozenset[str]:
    """Content words of ``text``, lower-cased and crudely stemmed; placeholders are ignored."""
    text = _PLACEHOLDER.sub(" ", text)
    terms = set()
    for raw in _TOKEN.findall(text):
        word = raw.lower().strip("-./_")
        if word in STOPWORDS or (len(word) < 3 and not any(c.isdigit() for c in word)):
            continue
        terms.add(_stem(word.lstrip("#")))
    return frozenset(terms)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared terms weighted so that numbers and rare-looking tokens (ids, versions) count double."""
    score = 0.0
    for term in a & b:
        score += 2.0 if any(c.isdigit() for c in term) or "-" in term or "_" in term else 1.0
    return score
