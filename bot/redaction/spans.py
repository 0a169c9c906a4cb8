"""Findings as spans of a text, and how overlapping or repeated findings are resolved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from bot.redaction import entities as ent
from bot.redaction.textutil import placeholder_spans

if TYPE_CHECKING:
    from presidio_analyzer import RecognizerResult

# Presidio scores below which a finding is ignored. SSN patterns without context score 0.05 on
# any 9-digit counter; the dashed form scores 0.5. Phone numbers score 0.4.
_MIN_SCORE: dict[str, float] = {ent.PHONE: 0.4, ent.US_SSN: 0.5, ent.PERSON: 0.5}
_DEFAULT_MIN_SCORE = 0.5


@dataclass(frozen=True)
class Span:
    """One finding in a text: ``text[start:end]`` is replaced by a placeholder of ``entity_type``."""

    start: int
    end: int
    entity_type: str
    score: float

    def rank(self) -> tuple[bool, bool, float, int, int]:
        # Secrets beat PII; a vendor-specific secret beats a generic one (a GitHub token inside a
        # Bearer header is reported as a GitHub token); then score, then length; on a full tie the
        # more telling generic label (a Bearer value is an AUTH_TOKEN before it is a SECRET), so
        # the label never depends on the order the recognizers ran in.
        return (
            ent.is_secret(self.entity_type),
            self.entity_type not in ent.GENERIC_SECRET_TYPES,
            self.score,
            self.end - self.start,
            _TIE_PREFERENCE.get(self.entity_type, 0),
        )


_TIE_PREFERENCE = {ent.SECRET: -1}


def to_span(result: RecognizerResult, offset: int) -> Span:
    entity = ent.PRESIDIO_TO_TYPE.get(result.entity_type, result.entity_type)
    return Span(result.start + offset, result.end + offset, entity, float(result.score))


def resolve(text: str, found: list[Span]) -> list[Span]:
    """Drop weak and placeholder-overlapping findings; merge overlaps so no detected char survives."""
    found = [s for s in found if s.score >= _MIN_SCORE.get(s.entity_type, _DEFAULT_MIN_SCORE)]
    if not found:
        return []
    held = placeholder_spans(text)
    if held:
        found = [s for s in found if not any(s.start < h_end and h_start < s.end for h_start, h_end in held)]
    secrets = [s for s in found if ent.is_secret(s.entity_type)]
    if secrets:
        # `postgres://app:s3cret@db.prod.acme.net` also matches the email pattern; the host must stay.
        found = [
            s
            for s in found
            if s.entity_type != ent.EMAIL or not any(s.start < x.end and x.start < s.end for x in secrets)
        ]
    found += _other_occurrences(text, found, held)
    found.sort(key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in found:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            best = max(last, span, key=Span.rank)
            merged[-1] = Span(last.start, max(last.end, span.end), best.entity_type, best.score)
        elif (
            merged
            and span.entity_type == ent.PERSON == merged[-1].entity_type
            and span.start - merged[-1].end <= _NAME_GAP
            and text[merged[-1].end : span.start].isspace()
            and "\n" not in text[merged[-1].end : span.start]
        ):
            # "Borka" and "Molnár" found by two rules are one person: one placeholder, no stray space.
            last = merged[-1]
            merged[-1] = Span(last.start, span.end, ent.PERSON, max(last.score, span.score))
        else:
            merged.append(span)
    return merged


_NAME_GAP = 2
"""At most this many blanks between two names found apart that are joined into one."""


_MIN_REPEAT_CHARS = 6


def _other_occurrences(text: str, found: list[Span], held: list[tuple[int, int]]) -> list[Span]:
    """Once a value is detected, every other copy of it goes too, also percent-encoded.

    `password=hunter2x … then hunter2x failed` would otherwise keep the second copy, which only
    the first copy's context identified.
    """
    extra: list[Span] = []
    seen: set[str] = set()
    for span in found:
        value = text[span.start : span.end]
        if len(value) < _MIN_REPEAT_CHARS or value in seen:
            continue
        seen.add(value)
        for form in {value, quote(value, safe="")}:
            pos = text.find(form)
            while pos != -1:
                end = pos + len(form)
                if not any(pos < h_end and h_start < end for h_start, h_end in held):
                    extra.append(Span(pos, end, span.entity_type, span.score))
                pos = text.find(form, pos + 1)
    return extra
