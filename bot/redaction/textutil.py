"""Small text helpers for the recognizers: entropy, percent-decoding with offsets, placeholders, chunks."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from bot.redaction.entities import PII_TYPES, SECRET_TYPES

# `<EMAIL_1>`, `<AWS_SECRET_KEY_12>`: what the redactor writes; never detected again. Only our own
# type names count, so a pasted `<AKIA…_1>` cannot pass itself off as a placeholder.
PLACEHOLDER_RE = re.compile("<(?:" + "|".join(sorted(SECRET_TYPES | PII_TYPES, key=len, reverse=True)) + r")_\d+>")

_PERCENT_RE = re.compile(r"%[0-9A-Fa-f]{2}")
_PEM_RE = re.compile(
    r"-----BEGIN[A-Z0-9 _-]{0,40}PRIVATE KEY(?: BLOCK)?-----"
    r".*?-----END[A-Z0-9 _-]{0,40}PRIVATE KEY(?: BLOCK)?-----",
    re.DOTALL,
)


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Lone surrogates (invalid UTF-16 halves) replaced one-for-one by U+FFFD, offsets unchanged.

    spaCy hashes every token as UTF-8 and raises on them; the redacted output keeps the original
    characters, only the analysed copy is cleaned.
    """
    if text.isascii():
        return text
    return _SURROGATE_RE.sub("\ufffd", text)


def shannon_entropy(value: str) -> float:
    """Bits per character of ``value`` (0.0 for the empty string)."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Where the text already holds redaction placeholders."""
    if "<" not in text:
        return []
    return [m.span() for m in PLACEHOLDER_RE.finditer(text)]


@dataclass(frozen=True)
class DecodedView:
    """A percent-decoded copy of a text, with a map back to the original offsets."""

    text: str
    starts: tuple[int, ...]
    """``starts[i]`` is where decoded char ``i`` begins in the original; one extra entry at the end."""

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.starts[end]


def percent_decoded(text: str) -> DecodedView | None:
    """Decode ``%XX`` escapes (as single code points) so secrets inside encoded URLs are visible.

    Returns None when the text has no escapes. Multi-byte UTF-8 sequences decode to one char per
    byte; that is fine because every secret shape we look for is ASCII.
    """
    if "%" not in text or _PERCENT_RE.search(text) is None:
        return None
    out: list[str] = []
    starts: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        if text[i] == "%" and i + 2 < n and _is_hex(text[i + 1 : i + 3]):
            out.append(chr(int(text[i + 1 : i + 3], 16)))
            starts.append(i)
            i += 3
        else:
            out.append(text[i])
            starts.append(i)
            i += 1
    starts.append(n)
    return DecodedView("".join(out), tuple(starts))


_SOFT_BREAKS = (" ", "\t", ",", ";", "&", "|", '"', "'", "<", ">", "(", ")", "[", "]", "{", "}")


def _cut_point(text: str, start: int, end: int) -> int:
    """Index just after the last newline (else soft break) in ``text[start:end]``; ``end`` if none."""
    cut = text.rfind("\n", start + 1, end)
    if cut == -1:
        cut = max(text.rfind(ch, start + 1, end) for ch in _SOFT_BREAKS)
    return end if cut == -1 else cut + 1


def _is_hex(pair: str) -> bool:
    return len(pair) == 2 and all(c in "0123456789abcdefABCDEF" for c in pair)


def chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """Split ``text`` into pieces of about ``limit`` chars, as (offset, piece).

    Cuts fall on newlines when possible, else on whitespace, and never inside a PEM private key
    block, so no secret is split across two pieces. Presidio's context step is super-linear in
    text length, which is why long pastes are analysed piece by piece.
    """
    if len(text) <= limit:
        return [(0, text)]
    protected = [m.span() for m in _PEM_RE.finditer(text)] if "PRIVATE KEY" in text else []
    pieces: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        end = start + limit
        if end >= n:
            pieces.append((start, text[start:]))
            break
        cut = _cut_point(text, start, end)
        for p_start, p_end in protected:
            if p_start < cut < p_end:
                cut = p_end if p_start <= start else p_start
        pieces.append((start, text[start:cut]))
        start = cut
    return pieces
