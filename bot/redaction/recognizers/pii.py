"""Personal data recognizers: Presidio's own, narrowed and filtered for incident-channel text."""

from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import EmailRecognizer, PhoneRecognizer, SpacyRecognizer

from bot.redaction.known_names import KnownNames
from bot.redaction.recognizers.ip import DEFAULT_IP_POLICY, IpAddressRecognizer, IpPolicy
from bot.redaction.recognizers.names import (
    FIRST_NAMES,
    ambiguous_pairs,
    bare,
    cue_names,
    dressed,
    extend_surname,
    has_person_cue,
    initial_names,
    listed_names,
    listed_with,
    looks_like_person,
    name_lists,
    name_words,
    names_a_thing,
    needs_ner,
    skip_lead_words,
    speaker_labels,
    strong_cue_names,
    surname_names,
    title_names,
    unknown_pairs,
)
from bot.redaction.recognizers.numbers import NumberRecognizer

# Below spaCy's 0.85 so NER wins ties; above the redactor's PERSON floor of 0.5.
CUE_NAME_SCORE = 0.6
LISTED_NAME_SCORE = 0.6
NER_CANDIDATE_SCORE = 0.7
MAX_LIST_STEPS = 5
"""Steps along a list of names ("A, B, C, D and E") from the one found."""
NAME_CANDIDATE = "NAME_CANDIDATE"
"""What the NER configuration calls spaCy's GPE/ORG/LOC… spans: names only if a cue or the list says so."""

_USERINFO_RE = re.compile(r"://[^/\s]*$")
# `ssh deploy@host`, `scp x user@host:` – a login on one of our machines, not a mailbox.
_LOGIN_RE = re.compile(r"(?i:\b(?:ssh|scp|sftp|rsync|mosh)\b[^\n]{0,30}?)$")
# Names that only resolve inside a private network: `deploy@bastion.internal` is a host, not a mailbox.
_PRIVATE_TLDS = frozenset({"internal", "local", "lan", "localdomain", "intranet", "corp", "home", "svc", "cluster"})
_PHONE_CONTEXT_RE = re.compile(
    r"(?i:phone|\btel\b|\bcall|mobile|\bcell|\bsms|\btext(?:ed)?\b|whatsapp|hotline|\bfax|\bdial|\breach|"
    r"contact|\bph\b|\bmob\b|mobil|\bdesk\b|office|\bhome\b|\bwork\b|landline|number|"
    r"\bmessages? to|\bregistered|\banswering at|\bring)(?:\W{0,3}\S{0,12}){0,2}\W{0,3}$"
)
_PHONE_SEPARATORS_RE = re.compile(r"\d[ .\-]\(?\d")


class PersonRecognizer(SpacyRecognizer):
    """People's names that are not workspace members or names of things.

    Sources, one NER pass (or none: ``nlp_artifacts=None`` runs the rules alone): spaCy's PERSON;
    spaCy's other name-like labels (the small model calls "Rachel" a GPE and "Kimberly" an ORG)
    when the span starts with a common first name or follows a person cue ("said", "named",
    "customer"); listed first names and surnames NER missed; names after a title or in a name
    field; and every other place where a word of a found name stands. Every span must be
    name-shaped, and not a service ("the Atlas cluster").
    """

    NAME = "SitrepPersonRecognizer"

    def __init__(self, known: KnownNames, english: frozenset[str] = frozenset()) -> None:
        """Args:
        known: workspace members' names, which stay.
        english: English words (``engine.english_words``); a text whose capitalised words are all
            English words or listed names needs no NER (``needs_ner``).
        """
        super().__init__(supported_entities=["PERSON"], name=self.NAME)
        self.known = known
        self.english = english

    def needs_ner(self, text: str) -> bool:
        """True when some capitalised word of ``text`` is neither an English word nor a listed name."""
        return needs_ner(text, self.english, self.known.__contains__)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = (
            super().analyze(text, entities, nlp_artifacts) if nlp_artifacts is not None else []
        )
        kept: list[RecognizerResult] = []
        for r in results:
            r.start = skip_lead_words(text, r.start, r.end)
            if len(text[r.start : r.end].split()) == 1:
                r.end = extend_surname(text, r.end)
            if self._is_stranger(text, r.start, r.end):
                kept.append(r)
        taken = [(r.start, r.end) for r in kept]
        extra: list[tuple[int, int, float]] = []
        for entity in nlp_artifacts.entities if nlp_artifacts is not None else ():
            if entity.label_ != NAME_CANDIDATE:
                continue
            start = skip_lead_words(text, entity.start_char, entity.end_char)
            end = entity.end_char
            words = text[start:end].split()
            if words and (bare(words[0]).lower() in FIRST_NAMES or has_person_cue(text, start)):
                extra.append((start, extend_surname(text, end) if len(words) == 1 else end, NER_CANDIDATE_SCORE))
        extra += [(start, end, LISTED_NAME_SCORE) for start, end in listed_names(text)]
        extra += [(start, end, CUE_NAME_SCORE) for start, end in cue_names(text)]
        extra += [(start, end, CUE_NAME_SCORE) for start, end in strong_cue_names(text, self.english)]
        extra += [(start, end, LISTED_NAME_SCORE) for start, end in initial_names(text, self.english)]
        extra += [(start, end, LISTED_NAME_SCORE) for start, end in ambiguous_pairs(text, self.english)]
        extra += [(start, end, LISTED_NAME_SCORE) for start, end in name_lists(text, self.english)]
        extra += [
            (start, end, LISTED_NAME_SCORE)
            for start, end in speaker_labels(text, self.english, self.known.__contains__)
        ]
        extra += [(start, end, CUE_NAME_SCORE) for start, end in title_names(text)]
        extra += [(start, end, LISTED_NAME_SCORE) for start, end in surname_names(text)]
        extra += [(start, end, LISTED_NAME_SCORE) for start, end in unknown_pairs(text, self.english)]
        # Longest first: "Bronisława M. Wiśniewska" (initial rule) before "Wiśniewska" (a cue after it).
        extra.sort(key=lambda span: span[0] - span[1])
        self._add(text, extra, taken, kept)
        for _ in range(MAX_LIST_STEPS):
            # "Coronado, Jones and Ortiz": a single name listed next to a found one is a name too.
            before = len(kept)
            neighbours = [n for s, e in list(taken) for n in listed_with(text, s, e, self.english)]
            self._add(text, [(s, e, LISTED_NAME_SCORE) for s, e in neighbours], taken, kept)
            if len(kept) == before:
                break
        if kept:
            # "Rémy … Rémy Potvin", "my name is Ralf Fink … call me Ralf": once a name is found,
            # its words go wherever else they stand in the text.
            self._add(text, [(s, e, LISTED_NAME_SCORE) for s, e in name_words(text, taken)], taken, kept)
        for r in kept:
            r.start, r.end = dressed(text, r.start, r.end, self.english)
        return kept

    def _add(
        self,
        text: str,
        spans: list[tuple[int, int, float]],
        taken: list[tuple[int, int]],
        kept: list[RecognizerResult],
    ) -> None:
        for start, end, score in spans:
            if any(s < end and start < e for s, e in taken) or not self._is_stranger(text, start, end):
                continue
            taken.append((start, end))
            kept.append(
                RecognizerResult(
                    entity_type="PERSON",
                    start=start,
                    end=end,
                    score=score,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.NAME,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )

    def _is_stranger(self, text: str, start: int, end: int) -> bool:
        span = text[start:end]
        return looks_like_person(span) and span not in self.known and not names_a_thing(text, start, end)


class IncidentEmailRecognizer(EmailRecognizer):
    """Email addresses on any top-level domain, reserved ones (``.example``, ``.test``) included.

    Presidio accepts only public suffixes, but tickets and test data write customers' addresses
    on reserved TLDs. Left alone: ``git@host`` remotes, ``user:pass@host`` inside URLs, and
    ``ssh deploy@bastion.internal`` logins on private-network names (hosts are facts).
    """

    def validate_result(self, pattern_text: str) -> bool | None:
        tld = pattern_text.rsplit(".", 1)[-1].lower()
        return tld.isalpha() and 2 <= len(tld) <= 24 and tld not in _PRIVATE_TLDS

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
        return [
            r
            for r in results
            if _USERINFO_RE.search(text, max(0, r.start - 300), r.start) is None
            and _LOGIN_RE.search(text, max(0, r.start - 40), r.start) is None
        ]


class IncidentPhoneRecognizer(PhoneRecognizer):
    """Phone numbers written like phone numbers, found by their shape and the words around them.

    python-phonenumbers (what Presidio's recognizer runs) also matches build numbers
    (``20240628.14``), CI run ids and Kafka offsets, rejects numbers outside its regions' plans
    (area 298, ``+91 06…``) and was the slowest step of redaction; on the labelled sets it found
    no number that the shape rules below miss. A digit run with phone punctuation is a phone when
    it has a North American layout, starts with ``+`` or ``(``, or a word such as "phone",
    "call" or "registered" comes right before it (or "office", "mobile" right after it). The
    class stays a Presidio ``PhoneRecognizer`` so the registry and the entity name are unchanged.
    """

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        kept: list[RecognizerResult] = []
        for m in _PHONE_SHAPE_RE.finditer(text):
            start, end = m.span()
            number = m.group()
            digits = sum(c.isdigit() for c in _EXTENSION_RE.split(number, maxsplit=1)[0])
            if not 6 <= digits <= 15 or _NOT_PHONE_RE.search(number):
                continue
            named = (
                _PHONE_CONTEXT_RE.search(text, max(0, start - 30), start) is not None
                or _PHONE_AFTER_RE.match(text, end) is not None
            )
            if digits == 6 and not (named and _PHONE_SEPARATORS_RE.search(number)):
                continue  # six digits are a phone only when named one and grouped ("call 61 12 61")
            if (
                named
                or _nanp_shaped(number)
                or (number[0] in "+(" and digits >= 7)
                or (digits >= 10 and len(_PHONE_SEPARATORS_RE.findall(number)) >= 2)  # "0664 635 99 87"
            ):
                result = self._result(start, end)
                # Presidio's context boost (0.4 + 0.35) for "phone", "call", "mobile"… before it.
                if _PRESIDIO_PHONE_CONTEXT_RE.search(text, max(0, start - 60), start) is not None:
                    result.score = max(result.score, CONTEXT_PHONE_SCORE)
                kept.append(result)
        return kept

    def _result(self, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(
            entity_type="PHONE_NUMBER",
            start=start,
            end=end,
            score=SHAPED_PHONE_SCORE,
            analysis_explanation=AnalysisExplanation(recognizer=PHONE_RECOGNIZER, original_score=SHAPED_PHONE_SCORE),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: PHONE_RECOGNIZER,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )


# A run of digits with phone punctuation; an `x123` extension belongs to it.
_PHONE_SHAPE_RE = re.compile(
    r"(?:(?<![\w.+/-])|(?<=\\[nrt]))(?:\+|\()?\d[\d ().-]{4,20}\d(?:[ ]?(?:x|ext\.?)[ ]?\d{1,5})?(?![\w/]|[.-]\d)"
)
_NANP_RE = re.compile(r"^(?:\+?1[ .-]?)?(?:\(\d{3}\)[ ]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?:[ ]?(?:x|ext\.?)[ ]?\d{1,5})?$")
SHAPED_PHONE_SCORE = 0.6
_EXTENSION_RE = re.compile(r"[ ]?(?:x|ext\.?)[ ]?(?=\d)")
CONTEXT_PHONE_SCORE = 0.75
"""Presidio's 0.4 plus its context boost of 0.35."""
# Presidio's phone context words, within the five words before the number.
_PRESIDIO_PHONE_CONTEXT_RE = re.compile(r"(?i:phone|number|telephone|cell|cellphone|mobile|call)\w*(?:\W+\w+){0,4}\W*$")
PHONE_RECOGNIZER = "IncidentPhoneRecognizer"
# "046 851 4339 office", "774-872-3337-Office": the label after the number.
_PHONE_AFTER_RE = re.compile(r"[ \t-]{0,3}\(?(?i:office|mobile?|mobil|fax|cell|home|work|phone|tel|landline)\b")
# Dates, times, dotted quads and decimals are not phone numbers, whatever word precedes them.
_NOT_PHONE_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}|^\d+(?:\.\d+){3}$|^[^.]*\d\.\d{1,2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$"
)


def _nanp_shaped(number: str) -> bool:
    """``(621)082-5951``, ``774-872-3337``, ``974.125.9555x4378``: North American layout."""
    return _NANP_RE.match(number) is not None


def pii_recognizers(
    known: KnownNames, ip_policy: IpPolicy = DEFAULT_IP_POLICY, english: frozenset[str] = frozenset()
) -> list[EntityRecognizer]:
    """The PII recognizers Sitrep loads (the default registry's others misfire on ops text)."""
    return [
        PersonRecognizer(known, english),
        IncidentEmailRecognizer(),
        IncidentPhoneRecognizer(supported_regions=("US", "GB", "DE")),
        NumberRecognizer(),
        IpAddressRecognizer(ip_policy),
    ]
