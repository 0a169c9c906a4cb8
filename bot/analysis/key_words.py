"""The words of a message as features for the key-event scorer, with everything specific folded away.

The 60 named signals of :mod:`bot.analysis.key_features` describe a message only through the rules'
readings, so a message no reading knows ("prod is back, keeping an eye on it") looks like chatter to
them. Its words describe it. Words are also where a batch of channels shows its writer and its
company, so they enter the model only through two guards:

- every specific is a placeholder before anything is counted: numbers, clock times, durations,
  percentages, mentions, links, code spans, ids and the redactor's ``<PERSON_1>``-style placeholders
  each become one token (``<num>``, ``<time>`` …), so "rolled back v2.4.1 at 14:05" and "rolled back
  build 8812 at 9:40" share every token;
- the vocabulary is fitted, never written: a token (or pair) is a feature only when it occurs in
  messages of at least K different dev batches (``bot/playback/key_events_train.py`` builds it inside
  each training fold and chooses K there), so a word only one writer or one company uses never
  becomes a weight. The shipped model's weights are that vocabulary.

Tokens are read from the redacted text the engine stores; reading is one regex pass per message.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

WORD = "w:"
PAIR = "b:"
"""Feature-name prefixes: a single token, a pair of adjacent tokens."""

_SPECIFICS: tuple[tuple[str, str], ...] = (
    ("code", r"```.*?```|`[^`\n]+`"),
    ("url", r"<https?://[^>\s]*>|https?://\S+|\bwww\.\S+"),
    ("mention", r"<[@#!][^>\s]*>|(?<![\w.])@[\w.\-]+"),
    ("redacted", r"<[A-Z][A-Z_]*(?:_\d+)?>"),
    ("time", r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?\b|\b\d{1,2}\s?[ap]\.?m\b"),
    ("dur", r"\b\d+(?:\.\d+)?\s?(?:ms|s|sec|secs|m|min|mins|h|hr|hrs|d)\b"),
    ("pct", r"\b\d+(?:\.\d+)?\s?%"),
    ("id", r"\b(?=[\w\-./]*\d)(?=[\w\-./]*[a-z])[a-z0-9][\w\-./]*[a-z0-9]\b|\b[0-9a-f]{7,}\b"),
    ("num", r"\b\d[\d,.]*\b"),
    ("emoji", r":[a-z0-9_+\-]+:"),
    ("word", r"[a-z]+(?:['’][a-z]+)?"),
)
_TOKEN = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _SPECIFICS), re.IGNORECASE | re.DOTALL)
_MAX_CHARS = 2000
"""A pasted log is read for its first lines only: its length is not more evidence."""


def tokens(text: str) -> tuple[str, ...]:
    """The message's tokens in order: lowercase words, and one placeholder per specific."""
    out: list[str] = []
    for match in _TOKEN.finditer(text[:_MAX_CHARS]):
        kind = match.lastgroup
        if kind == "word":
            word = match.group().lower().replace("’", "'")
            if len(word) > 1 or word in ("a", "i"):
                out.append(word)
        elif kind is not None:
            out.append(f"<{kind}>")
    return tuple(out)


@lru_cache(maxsize=8192)
def word_features(text: str) -> frozenset[str]:
    """Every token and every adjacent pair of the text, as feature names (present = 1)."""
    toks = tokens(text)
    names = {WORD + t for t in toks}
    names.update(f"{PAIR}{a}_{b}" for a, b in pairwise(toks))
    return frozenset(names)
