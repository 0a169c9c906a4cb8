"""Two-stage analysis: patterns first, then spaCy NER on the text with those findings masked.

Stage 1 runs the pattern recognizers (secrets, email, phone, card, IBAN, SSN) with token-only
NLP artifacts. Stage 2 runs NER for PERSON on a *masked view* in which every stage-1 finding
is already a placeholder, the way the text will look once redacted. NER therefore never sees a
token (which it likes to call a PERSON), and it sees almost exactly what a second redaction
pass would see, which keeps ``redact(redact(x)) == redact(x)``. Stage 2 repeats on the view
with the new names masked until no new name appears (at most ``MAX_NER_ROUNDS`` times).

Lower-case names after a person cue ("ask jane", "cc bob smith") are capitalised in the view
(same length, same offsets), and a written-out ``\\n`` becomes a line break, so the one NER
pass judges them like written-out names.

Only texts with a word that could be part of a name (``names.may_hold_name``) reach the name
stage, and of those only texts with a capitalised word that is neither an English word nor a
listed name (``names.needs_ner``) reach NER, the costliest step; the name rules (lists, cues,
titles) run on the others without it.

Memory stays flat over a long run: spaCy adds every new word it sees (and its lower case, shape,
prefix, suffix) to the pipeline's ``StringStore`` and lexicon for good, about 2 MB per 1,000
distinct messages. So each group of at most ``vocab_reset_every`` pieces is analysed inside a
spaCy *memory zone*, which forgets those words when it closes; only the model's own vocabulary
stays. A zone changes the vocabulary shared by the whole pipeline, so groups run one at a time
under a lock, and nothing made inside a zone (docs, tokens) leaves it: only plain ``Span``s do.
Zones leave deleted slots behind in spaCy's hash tables, so after ``renew_every`` pieces a fresh
pipeline is loaded from the installed package (offline, a fraction of a second) and swapped in.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult

from bot.redaction import entities as ent
from bot.redaction.engine import PreloadedSpacyNlpEngine
from bot.redaction.heap import release_free_memory
from bot.redaction.normalize import normalized
from bot.redaction.recognizers import names
from bot.redaction.recognizers.pii import PersonRecognizer
from bot.redaction.spans import Span, resolve, to_span

log = logging.getLogger(__name__)

MAX_NER_ROUNDS = 3
# `\n` written out inside pasted JSON: a line break to NER (same length, so offsets hold).
_ESCAPED_BREAK_RE = re.compile(r"\\[nrt]")
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

    def cued(self) -> MaskedView:
        """The same view with lower-case names after person cues capitalised ("ask jane" → "ask Jane")."""
        text = names.capitalise_cued(_ESCAPED_BREAK_RE.sub(" \n", self.text) if "\\" in self.text else self.text)
        return self if text == self.text else MaskedView(text, self.starts, self.ends)

    def is_masked(self, start: int, end: int) -> bool:
        """True when ``view[start:end]`` touches a placeholder this view inserted."""
        return any(self.ends[i] - self.starts[i] != 1 for i in range(start, end))


class TwoStageAnalysis:
    """Finds every span to redact in a batch of texts (each at most a chunk long)."""

    def __init__(
        self,
        build: Callable[[], tuple[AnalyzerEngine, PreloadedSpacyNlpEngine]],
        *,
        batch_size: int,
        vocab_reset_every: int | None,
        renew_every: int | None,
    ) -> None:
        """Args:
        build: loads the Presidio analyzer and the spaCy pipeline behind it (now, and on renewal).
        batch_size: texts per ``nlp.pipe`` batch.
        vocab_reset_every: at most this many pieces share one memory zone (their new words are
            forgotten together when it closes); ``None`` never forgets, so the vocabulary grows
            with every new word (kept for comparisons in tests and benchmarks).
        renew_every: after about this many pieces a fresh pipeline is built and swapped in;
            ``None`` never. Only with memory zones on.
        """
        self._build = build
        self._analyzer, self._nlp = build()
        self._person, self._pattern_recognizers = _recognizers(self._analyzer)
        self._batch_size = batch_size
        self._reset_every = vocab_reset_every
        self._renew_every = renew_every if vocab_reset_every is not None else None
        self._zone_lock = threading.Lock()
        self._renew_lock = threading.Lock()
        self._since_renewal = 0
        self.zones_closed = 0
        """How many memory zones have closed so far (tests and benchmarks read it)."""
        self.renewals = 0
        """How many times a fresh pipeline has been swapped in."""

    def vocabulary_size(self) -> int:
        """Strings in the pipeline's ``StringStore`` now (the model's own plus any not yet forgotten)."""
        with self._zone_lock:
            return self._nlp.vocabulary_size()

    def spans(self, pieces: Sequence[str]) -> list[list[Span]]:
        """Spans for each piece, in piece offsets (overlaps between the stages not yet merged)."""
        if self._reset_every is None:
            return self._spans(pieces)
        found: list[list[Span]] = []
        for start in range(0, len(pieces), self._reset_every):
            group = pieces[start : start + self._reset_every]
            with self._zone():
                found.extend(self._spans(group))
                self._since_renewal += len(group)
                due = self._renew_every is not None and self._since_renewal >= self._renew_every
            if due:
                self._renew()
        return found

    @contextmanager
    def _zone(self) -> Iterator[None]:
        # One zone at a time: closing a zone frees words that another thread's open docs would
        # still point to, so the lock is held from opening the zone until it has closed.
        with self._zone_lock:
            with self._nlp.memory_zone():
                yield
            self.zones_closed += 1

    def _renew(self) -> None:
        # Memory zones leave spaCy's hash tables (StringStore, lexicon) at their high-water mark,
        # full of deleted slots that only a rebuild drops: about 16 bytes per word ever seen.
        # One thread builds the new pipeline while the others keep analysing with the old one;
        # the swap itself happens under the zone lock, so no zone is ever open on a pipeline
        # being replaced, and the old one is freed once the swap has dropped the last reference.
        if not self._renew_lock.acquire(blocking=False):
            return  # another thread is already renewing
        try:
            try:
                fresh: tuple[AnalyzerEngine, PreloadedSpacyNlpEngine] | None = self._build()
            except Exception as err:  # renewal is housekeeping: never fail a redaction over it
                # Loading the model never sees message text, so the error cannot quote any.
                log.warning("spaCy pipeline not renewed, keeping the current one: %s: %s", type(err).__name__, err)
                fresh = None
            with self._zone_lock:
                if fresh is not None:
                    self._analyzer, self._nlp = fresh
                    self._person, self._pattern_recognizers = _recognizers(fresh[0])
                    self.renewals += 1
                self._since_renewal = 0
            # The swap dropped the last reference to the old pipeline: hand its memory back.
            release_free_memory()
        finally:
            self._renew_lock.release()

    def _spans(self, pieces: Sequence[str]) -> list[list[Span]]:
        stage1 = [
            resolve(piece, self._patterns(piece) + extra)
            for piece, extra in zip(pieces, self._normalized_patterns(pieces), strict=True)
        ]
        views = [
            MaskedView.of(piece).masked([(s.start, s.end, s.entity_type) for s in found]).cued()
            for piece, found in zip(pieces, stage1, strict=True)
        ]
        people: list[list[Span]] = [[] for _ in pieces]
        todo = [i for i, view in enumerate(views) if names.may_hold_name(view.text)]
        # The name rules first; NER then reads only what they left undecided: a text whose every
        # unknown word the rules already took as a name ("Hideo Yamanaka") needs no NER at all.
        found_by_rules = self._name_round(views, people, todo, ner=False)
        with_ner = [i for i in todo if self._person.needs_ner(views[i].text)]
        todo = sorted(set(found_by_rules) | set(self._name_round(views, people, with_ner, ner=True)))
        for _ in range(MAX_NER_ROUNDS - 1):
            # Until nothing new: a name masked can reveal the next one, so that redacting the
            # output again finds nothing more (redact(redact(x)) == redact(x)).
            if not todo:
                break
            todo = self._name_round(views, people, todo, ner=False)
        return [found + extra for found, extra in zip(stage1, people, strict=True)]

    def _name_round(
        self, views: list[MaskedView], people: list[list[Span]], todo: list[int], *, ner: bool
    ) -> list[int]:
        """One pass of the name stage over ``views[i]`` for each ``i`` in ``todo`` (with NER or not).

        New names go to ``people[i]`` (original offsets) and are masked in ``views[i]``; returns
        the indices where something new was found.
        """
        person = self._person
        by_ner = self._ner_people(person, [(i, views[i].text) for i in todo]) if ner else {}
        changed = []
        for i in todo:
            view = views[i]
            results = by_ner.get(i, []) if ner else person.analyze(view.text, [ent.PERSON], None)
            found = [
                s for s in resolve(view.text, [to_span(r, 0) for r in results]) if not view.is_masked(s.start, s.end)
            ]
            if not found:
                continue
            for s in found:
                start, end = view.original(s.start, s.end)
                people[i].append(Span(start, end, s.entity_type, s.score))
            views[i] = view.masked([(s.start, s.end, s.entity_type) for s in found])
            changed.append(i)
        return changed

    def _ner_people(self, person: PersonRecognizer, texts: list[tuple[int, str]]) -> dict[int, list[RecognizerResult]]:
        """PERSON results of NER plus the name rules, for each ``(index, text)``, in text offsets.

        NER reads only the sentences (or lines) that hold a word only it can judge; in pasted
        address blocks and multi-sentence messages that is about a quarter less text to read.
        """
        jobs = [
            (i, offset, sentence) for i, text in texts for offset, sentence in ner_sentences(text, person.needs_ner)
        ]
        if not jobs:
            return {}
        artifacts = self._nlp.ner_artifacts([sentence for _, _, sentence in jobs], batch_size=self._batch_size)
        out: dict[int, list[RecognizerResult]] = {}
        for (i, offset, sentence), art in zip(jobs, artifacts, strict=True):
            for r in person.analyze(sentence, [ent.PERSON], art):
                r.start += offset
                r.end += offset
                out.setdefault(i, []).append(r)
        return out

    def _normalized_patterns(self, pieces: Sequence[str]) -> list[list[Span]]:
        """Pattern findings on each piece's normalised view, in piece offsets ([] when there is none).

        The view undoes zero-width characters, fullwidth letters, escapes and wrapped lines; its
        findings are added to the original's, so it can only add redactions, never lose one.
        """
        found: list[list[Span]] = [[] for _ in pieces]
        views = [(i, view) for i, piece in enumerate(pieces) if (view := normalized(piece)) is not None]
        if not views:
            return found
        for i, view in views:
            for s in self._patterns(view.text):
                start, end = view.original_span(s.start, s.end)
                found[i].append(Span(start, end, s.entity_type, s.score))
        return found

    def _patterns(self, text: str) -> list[Span]:
        # The pattern recognizers called one by one: Presidio's analyze() would first tokenise the
        # text with spaCy for its context enhancer, which none of them needs (the phone recognizer
        # weighs its context words itself), and that tokenising cost as much as the patterns.
        found: list[Span] = []
        for recognizer in self._pattern_recognizers:
            results: list[RecognizerResult] = recognizer.analyze(
                text,
                recognizer.supported_entities,
                None,  # type: ignore[arg-type]  # Presidio's hint omits Optional; every one here takes None
            )
            found.extend(to_span(r, 0) for r in results if r.score >= _PRESIDIO_FLOOR)
        return found


# A sentence ends at . ! ? after a lower-case word, before a capital: "Mr. Smith" and "L. Reid" stay whole.
_SENTENCE_END_RE = re.compile(r"(?<=[^\W\d_A-Z]{2}[.!?])[ \t]+(?=[^\W\d_a-z])|\n+")


def ner_sentences(text: str, needs_ner: Callable[[str], bool]) -> list[tuple[int, str]]:
    """``(offset, sentence)`` of each sentence or line of ``text`` for which ``needs_ner`` holds."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in [*_SENTENCE_END_RE.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        sentence = text[start:end]
        if sentence.strip() and needs_ner(sentence):
            out.append((start, sentence))
        if m is not None:
            start = m.end()
    return out


def _recognizers(analyzer: AnalyzerEngine) -> tuple[PersonRecognizer, list[EntityRecognizer]]:
    """The analyzer's PersonRecognizer and its pattern recognizers, called directly (see ``_patterns``)."""
    person = [r for r in analyzer.registry.recognizers if isinstance(r, PersonRecognizer)]
    if len(person) != 1:
        raise LookupError("the analyzer needs exactly one PersonRecognizer")
    return person[0], [r for r in analyzer.registry.recognizers if not isinstance(r, PersonRecognizer)]
