"""Two-stage analysis: patterns first, then spaCy NER on the text with those findings masked.

Stage 1 runs the pattern recognizers (secrets, email, phone, card, IBAN, SSN) with token-only
NLP artifacts. Stage 2 runs NER for PERSON on a *masked view* in which every stage-1 finding
is already a placeholder, the way the text will look once redacted. NER therefore never sees a
token (which it likes to call a PERSON), and it sees almost exactly what a second redaction
pass would see, which keeps ``redact(redact(x)) == redact(x)``. Stage 2 repeats on the view
with the new names masked until no new name appears (at most ``MAX_NER_ROUNDS`` times).

Only texts with a word that could be part of a name (``names.may_hold_name``) reach NER, the
costliest step; for the rest no PERSON could survive the name-shape filter anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from presidio_analyzer import AnalyzerEngine, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from bot.redaction import entities as ent
from bot.redaction.engine import PreloadedSpacyNlpEngine
from bot.redaction.normalize import normalized
from bot.redaction.recognizers import names
from bot.redaction.spans import Span, resolve, to_span

MAX_NER_ROUNDS = 3
# Presidio drops results below this before merging duplicates; our own floors apply later.
_PRESIDIO_FLOOR = 0.05


@dataclass(frozen=True)
class MaskedView:
    """A text with some spans replaced by placeholders, mapped back to the original offsets."""

    text: str
    starts: tuple[int, ...]
    """Original offset where each view char's source begins."""
    ends: tuple[int, ...]
    """Original offset where each view char's source ends."""

    @classmethod
    def of(cls, text: str) -> MaskedView:
        return cls(text, tuple(range(len(text))), tuple(range(1, len(text) + 1)))

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original span behind ``view[start:end]``."""
        return self.starts[start], self.ends[end - 1]

    def masked(self, spans: Sequence[tuple[int, int, str]]) -> MaskedView:
        """A new view with each ``(start, end, type)`` of this view replaced by ``<TYPE_1>``."""
        text: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        cursor = 0
        for start, end, entity_type in sorted(spans):
            if start < cursor:
                continue
            text.append(self.text[cursor:start])
            starts.extend(self.starts[cursor:start])
            ends.extend(self.ends[cursor:start])
            label = f"<{entity_type}_1>"
            text.append(label)
            starts.extend([self.starts[start]] * len(label))
            ends.extend([self.ends[end - 1]] * len(label))
            cursor = end
        text.append(self.text[cursor:])
        starts.extend(self.starts[cursor:])
        ends.extend(self.ends[cursor:])
        return MaskedView("".join(text), tuple(starts), tuple(ends))

    def is_masked(self, start: int, end: int) -> bool:
        """True when ``view[start:end]`` touches a placeholder this view inserted."""
        return any(self.ends[i] - self.starts[i] != 1 for i in range(start, end))


class TwoStageAnalysis:
    """Finds every span to redact in a batch of texts (each at most a chunk long)."""

    def __init__(self, analyzer: AnalyzerEngine, nlp: PreloadedSpacyNlpEngine, *, batch_size: int) -> None:
        self._analyzer = analyzer
        self._nlp = nlp
        self._batch_size = batch_size
        self._pattern_entities = sorted(e for e in analyzer.get_supported_entities("en") if e != "PERSON")

    def spans(self, pieces: Sequence[str]) -> list[list[Span]]:
        """Spans for each piece, in piece offsets (overlaps between the stages not yet merged)."""
        stage1 = [
            resolve(piece, self._patterns(piece, artifacts) + extra)
            for piece, artifacts, extra in zip(
                pieces, self._nlp.token_artifacts(pieces), self._normalized_patterns(pieces), strict=True
            )
        ]
        views = [
            MaskedView.of(piece).masked([(s.start, s.end, s.entity_type) for s in found])
            for piece, found in zip(pieces, stage1, strict=True)
        ]
        people: list[list[Span]] = [[] for _ in pieces]
        todo = [i for i, view in enumerate(views) if names.may_hold_name(view.text)]
        for _ in range(MAX_NER_ROUNDS):
            if not todo:
                break
            artifacts = self._nlp.ner_artifacts([views[i].text for i in todo], batch_size=self._batch_size)
            still = []
            for i, art in zip(todo, artifacts, strict=True):
                view = views[i]
                found = [
                    s
                    for s in resolve(view.text, [to_span(r, 0) for r in self._people(view.text, art)])
                    if not view.is_masked(s.start, s.end)
                ]
                if not found:
                    continue
                for s in found:
                    start, end = view.original(s.start, s.end)
                    people[i].append(Span(start, end, s.entity_type, s.score))
                views[i] = view.masked([(s.start, s.end, s.entity_type) for s in found])
                still.append(i)
            todo = still
        return [found + extra for found, extra in zip(stage1, people, strict=True)]

    def _normalized_patterns(self, pieces: Sequence[str]) -> list[list[Span]]:
        """Pattern findings on each piece's normalised view, in piece offsets ([] when there is none).

        The view undoes zero-width characters, fullwidth letters, escapes and wrapped lines; its
        findings are added to the original's, so it can only add redactions, never lose one.
        """
        found: list[list[Span]] = [[] for _ in pieces]
        views = [(i, view) for i, piece in enumerate(pieces) if (view := normalized(piece)) is not None]
        if not views:
            return found
        artifacts = self._nlp.token_artifacts([view.text for _, view in views])
        for (i, view), art in zip(views, artifacts, strict=True):
            for s in self._patterns(view.text, art):
                start, end = view.original_span(s.start, s.end)
                found[i].append(Span(start, end, s.entity_type, s.score))
        return found

    def _patterns(self, text: str, artifacts: NlpArtifacts) -> list[Span]:
        results: list[RecognizerResult] = self._analyzer.analyze(
            text,
            language="en",
            entities=self._pattern_entities,
            nlp_artifacts=artifacts,
            score_threshold=_PRESIDIO_FLOOR,
        )
        return [to_span(r, 0) for r in results]

    def _people(self, text: str, artifacts: NlpArtifacts) -> list[RecognizerResult]:
        results: list[RecognizerResult] = self._analyzer.analyze(
            text, language="en", entities=[ent.PERSON], nlp_artifacts=artifacts, score_threshold=_PRESIDIO_FLOOR
        )
        return results
