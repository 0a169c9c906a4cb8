"""Personal data recognizers: Presidio's own, narrowed and filtered for incident-channel text."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    PhoneRecognizer,
    SpacyRecognizer,
    UsSsnRecognizer,
)

from bot.redaction.known_names import KnownNames
from bot.redaction.recognizers.names import cue_names, extend_surname, looks_like_person, skip_lead_words

# Below spaCy's 0.85 so NER wins ties; above the redactor's PERSON floor of 0.5.
CUE_NAME_SCORE = 0.6

_USERINFO_RE = re.compile(r"://[^/\s]*$")
_PHONE_CONTEXT_RE = re.compile(r"(?i:phone|tel|call|mobile|cell|sms|whatsapp|hotline|fax)\W{0,3}\S{0,12}\W{0,3}$")
_PHONE_SEPARATORS_RE = re.compile(r"\d[ .\-]\(?\d")
_PHONE_CANDIDATE_RE = re.compile(r"[+(]?\d[\d ().\-]{5,20}\d")


class PersonRecognizer(SpacyRecognizer):
    """spaCy PERSON, kept only for name-shaped spans that are not workspace members or ops terms."""

    NAME = "SitrepPersonRecognizer"

    def __init__(self, known: KnownNames) -> None:
        super().__init__(supported_entities=["PERSON"], name=self.NAME)
        self.known = known

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = super().analyze(text, entities, nlp_artifacts)
        kept: list[RecognizerResult] = []
        for r in results:
            r.start = skip_lead_words(text, r.start, r.end)
            if len(text[r.start : r.end].split()) == 1:
                r.end = extend_surname(text, r.end)
            if self._is_stranger(text[r.start : r.end]):
                kept.append(r)
        taken = [(r.start, r.end) for r in kept]
        for start, end in cue_names(text):
            if any(s < end and start < e for s, e in taken) or not self._is_stranger(text[start:end]):
                continue
            kept.append(
                RecognizerResult(
                    entity_type="PERSON",
                    start=start,
                    end=end,
                    score=CUE_NAME_SCORE,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.NAME,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return kept

    def _is_stranger(self, span: str) -> bool:
        return looks_like_person(span) and span not in self.known


class IncidentEmailRecognizer(EmailRecognizer):
    """Email addresses, except ``git@host`` remotes and ``user:pass@host`` inside URLs (hosts stay)."""

    def invalidate_result(self, pattern_text: str) -> bool:
        return pattern_text.lower().startswith("git@")

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        if "@" not in text:
            return []
        results: list[RecognizerResult] = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results if _USERINFO_RE.search(text, max(0, r.start - 300), r.start) is None]


class IncidentPhoneRecognizer(PhoneRecognizer):
    """Phone numbers written like phone numbers.

    Presidio's recognizer (python-phonenumbers) also matches build numbers (``20240628.14``), CI
    run ids and Kafka offsets. We keep a match only when it is formatted as a number people write
    (``+``, parentheses, or ten digits in three groups or more), or when a word such as "phone"
    or "call" comes right before it.
    """

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        # python-phonenumbers is the slowest recognizer; only call it when some digit run could
        # pass the format check below (most texts hold dates, versions and ids instead).
        if not any(_formatted_like_phone(text, *m.span()) for m in _PHONE_CANDIDATE_RE.finditer(text)):
            return []
        results: list[RecognizerResult] = super().analyze(
            text,
            entities,
            nlp_artifacts,  # type: ignore[arg-type]  # Presidio's hint omits Optional; it accepts None
        )
        return [r for r in results if _formatted_like_phone(text, r.start, r.end)]


def _formatted_like_phone(text: str, start: int, end: int) -> bool:
    number = text[start:end]
    if number.startswith("+") or "(" in number:
        return True
    if len(_PHONE_SEPARATORS_RE.findall(number)) >= 2 and sum(c.isdigit() for c in number) >= 10:
        return True
    return _PHONE_CONTEXT_RE.search(text, max(0, start - 30), start) is not None


def pii_recognizers(known: KnownNames) -> list[EntityRecognizer]:
    """The six PII recognizers Sitrep loads (the default registry's other twelve misfire on ops text)."""
    return [
        PersonRecognizer(known),
        IncidentEmailRecognizer(),
        IncidentPhoneRecognizer(supported_regions=("US", "GB", "DE")),
        CreditCardRecognizer(),
        IbanRecognizer(),
        UsSsnRecognizer(),
    ]
