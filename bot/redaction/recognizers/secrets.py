"""A Presidio recognizer for credentials: fixed-shape tokens plus secret-like assignments."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from bot.redaction import entities as ent
from bot.redaction.recognizers import keyvalue, structure
from bot.redaction.recognizers.keyvalue import Hit
from bot.redaction.recognizers.tokens import RULES, TokenRule
from bot.redaction.textutil import percent_decoded

# Above spaCy's PERSON (0.85), which fires on token fragments, so the secret label wins ties.
SPECIFIC_SCORE = 1.0
GENERIC_SCORE = 0.95


def find_secrets(text: str, rules: Iterable[TokenRule] = RULES) -> list[Hit]:
    """Every credential in ``text``, also inside percent-encoded runs (``%3A%2F%2F…``)."""
    rules = tuple(rules)
    hits = list(_scan(text, rules))
    view = percent_decoded(text)
    if view is not None:
        for hit in _scan(view.text, rules):
            start, end = view.original_span(hit.start, hit.end)
            hits.append(Hit(hit.entity_type, start, end))
    return hits


def _scan(text: str, rules: tuple[TokenRule, ...]) -> Iterator[Hit]:
    lowered = text.lower()
    for rule in rules:
        yield from rule.find(text, lowered)
    if any(k in lowered for k in keyvalue.KEYWORDS):
        yield from keyvalue.find_assignments(text)
    yield from structure.find_structured(text, lowered)


class SecretRecognizer(LocalRecognizer):
    """Finds API keys, tokens, private keys and passwords; no NLP needed."""

    NAME = "SitrepSecretRecognizer"

    def __init__(self) -> None:
        super().__init__(
            supported_entities=sorted(ent.SECRET_TYPES),
            supported_language="en",
            name=self.NAME,
        )

    def load(self) -> None:
        """Nothing to load: the rules are compiled at import."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities) if entities else ent.SECRET_TYPES
        results: list[RecognizerResult] = []
        for hit in find_secrets(text):
            if hit.entity_type not in wanted or hit.end <= hit.start:
                continue
            score = GENERIC_SCORE if hit.entity_type in ent.GENERIC_SECRET_TYPES else SPECIFIC_SCORE
            results.append(
                RecognizerResult(
                    entity_type=hit.entity_type,
                    start=hit.start,
                    end=hit.end,
                    score=score,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.NAME,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return results
