"""Bounded memory: spaCy forgets the words it learnt from messages, and redaction stays the same."""

from __future__ import annotations

import json
import logging
import random
import string
import threading
from pathlib import Path

import pytest
import spacy.util

from bot.redaction import RedactionResult, Redactor
from tests.redaction.conftest import MEMBERS

CORPUS = Path(__file__).resolve().parent.parent / "data" / "redaction_corpus.jsonl"
FIRST = ["Elena", "Marcus", "Jonas", "Wei", "Fatima", "Carlos", "Ingrid", "Tariq"]


def distinct_messages(n: int, seed: int = 5) -> list[str]:
    """Messages that are new to spaCy: random tokens, hostnames, emails and made-up surnames."""
    rng = random.Random(seed)

    def word(k: int) -> str:
        return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(k))

    out = []
    for i in range(n):
        surname = "".join(rng.choice(string.ascii_lowercase) for _ in range(7)).capitalize()
        host = f"{word(6)}-{i}.{word(4)}.internal"
        out.append(
            [
                # A made-up word alone: only NER can judge it, so this text reaches spaCy.
                f"{surname} says {host} returns 503 for request {word(12)}",
                f"customer {word(8)}@example.com sees timeouts on {host}, trace {word(16)}",
                f"rolling back {word(7)} on {host}; ticket {word(10)} owned by {rng.choice(FIRST)} {surname}",
                f"p99 {rng.randrange(100, 999)}ms on {host}, pod {word(5)}-{word(5)} restarting",
            ][i % 4]
        )
    return out


@pytest.fixture(scope="module")
def never_reset() -> Redactor:
    """The old behaviour: every word spaCy sees stays in its vocabulary."""
    return Redactor(MEMBERS, vocab_reset_every=None)


@pytest.fixture(scope="module")
def reset_each() -> Redactor:
    """Resets forced: the vocabulary after every single text, the whole pipeline every 50 texts."""
    return Redactor(MEMBERS, vocab_reset_every=1, renew_every=50)


def _run(redactor: Redactor, texts: list[str], scope: str) -> list[RedactionResult]:
    return [redactor.redact(text, scope=scope) for text in texts]


def test_vocabulary_stays_bounded_across_resets_and_outputs_are_unchanged(
    never_reset: Redactor, reset_each: Redactor
) -> None:
    """After 120 new messages the vocabulary is back to its size at start; results match no resets."""
    texts = distinct_messages(120)
    start_bounded, start_unbounded = reset_each.vocabulary_size(), never_reset.vocabulary_size()
    closed_before, renewed_before = reset_each._analysis.zones_closed, reset_each._analysis.renewals

    bounded = _run(reset_each, texts, "C-memory-1")
    unbounded = _run(never_reset, texts, "C-memory-1")

    assert reset_each._analysis.zones_closed - closed_before == len(texts)  # one reset per text
    assert reset_each._analysis.renewals - renewed_before >= 2  # and fresh pipelines swapped in
    assert reset_each.vocabulary_size() == start_bounded
    # Without resets the same messages leave new strings behind (so this can fail): the quarter of
    # them with a word only NER can judge reach spaCy, and each leaves several.
    assert never_reset.vocabulary_size() - start_unbounded > len(texts)
    assert bounded == unbounded
    assert any(f.entity_type == "PERSON" for r in bounded for f in r.findings)
    assert any(f.entity_type == "EMAIL" for r in bounded for f in r.findings)
    # The same values keep their placeholders in a scope whatever spaCy has forgotten meanwhile.
    assert _run(reset_each, texts, "C-memory-1") == bounded


def test_batched_redaction_is_the_same_with_resets_inside_a_batch(never_reset: Redactor) -> None:
    """``redact_many`` with a reset every 3 texts (mid-batch) gives the results of no resets at all."""
    every_three = Redactor(MEMBERS, vocab_reset_every=3)
    texts = distinct_messages(50, seed=6)
    start = every_three.vocabulary_size()
    assert every_three.redact_many(texts, scope="C-batch") == never_reset.redact_many(texts, scope="C-batch")
    assert every_three._analysis.zones_closed == 17  # ceil(50 / 3)
    assert every_three.vocabulary_size() == start


@pytest.mark.slow
def test_labelled_corpus_is_redacted_identically_with_and_without_resets(
    never_reset: Redactor, reset_each: Redactor
) -> None:
    """All 468 corpus messages: same text, findings and placeholders, one by one and batched."""
    with CORPUS.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    start = reset_each.vocabulary_size()
    assert _run(reset_each, texts, "C-corpus") == _run(never_reset, texts, "C-corpus")
    assert reset_each.redact_many(texts, scope="C-corpus-2") == never_reset.redact_many(texts, scope="C-corpus-2")
    assert reset_each.vocabulary_size() == start
    assert sum(bool(r.findings) for r in _run(reset_each, texts, "C-corpus")) > 250


def test_threads_share_one_redactor_while_it_resets(never_reset: Redactor, reset_each: Redactor) -> None:
    """Four threads redacting at once, each text its own reset: no crash, each result as if alone."""
    per_thread = [distinct_messages(40, seed=100 + t) for t in range(4)]
    expected = [_run(never_reset, texts, f"C-thread-{t}") for t, texts in enumerate(per_thread)]
    start = reset_each.vocabulary_size()
    got: dict[int, list[RedactionResult]] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(per_thread))

    def work(t: int) -> None:
        try:
            barrier.wait(timeout=30)
            got[t] = _run(reset_each, per_thread[t], f"C-thread-{t}")
        except BaseException as err:  # reported by the assertion below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(len(per_thread))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert [got[t] for t in range(len(per_thread))] == expected
    assert reset_each.vocabulary_size() == start


@pytest.mark.parametrize("name", ["vocab_reset_every", "renew_every"])
@pytest.mark.parametrize("bad", [0, -5])
def test_reset_interval_below_one_is_a_clear_error(name: str, bad: int) -> None:
    """A zero or negative interval fails at construction, naming the argument and the allowed values."""
    with pytest.raises(ValueError, match=rf"{name} must be at least 1, or None for never; got {bad}"):
        Redactor(**{name: bad})


def test_renewed_pipeline_keeps_names_added_later() -> None:
    """A member added after start-up stays unredacted once a fresh pipeline has been swapped in."""
    redactor = Redactor(MEMBERS, vocab_reset_every=1, renew_every=2)
    text = "Okonkwo Adebayo restarted the pods on db-7"
    assert "<PERSON_1>" in redactor.redact(text).text
    redactor.add_known_names(["Okonkwo Adebayo"])
    redactor.redact_many(distinct_messages(4, seed=9))
    assert redactor._analysis.renewals >= 2
    assert redactor.redact(text).text == text


def test_failed_renewal_keeps_the_current_pipeline(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """If the model cannot be loaded again (uninstalled while running), redaction goes on unchanged."""
    redactor = Redactor(MEMBERS, vocab_reset_every=1, renew_every=2)
    texts = distinct_messages(6, seed=10)
    expected = redactor.redact_many(texts, scope="C-fail-1")
    renewed = redactor._analysis.renewals
    monkeypatch.setattr(spacy.util, "is_package", lambda name: False)
    with caplog.at_level(logging.WARNING, logger="bot.redaction.analysis"):
        assert redactor.redact_many(texts, scope="C-fail-2") == expected
    assert redactor._analysis.renewals == renewed
    assert "spaCy pipeline not renewed, keeping the current one: RedactionError" in caplog.text
    assert all(text not in caplog.text for text in texts)


def test_default_redactor_forgets_new_words(members_redactor: Redactor) -> None:
    """The redactor as built in production (default interval) keeps its vocabulary flat too."""
    members_redactor.redact("warm-up for someone@example.com")
    start = members_redactor.vocabulary_size()
    members_redactor.redact_many(distinct_messages(100, seed=7), scope="C-default")
    for text in distinct_messages(30, seed=8):
        members_redactor.redact(text, scope="C-default")
    assert members_redactor.vocabulary_size() == start
