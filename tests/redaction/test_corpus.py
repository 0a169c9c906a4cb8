"""The labelled incident corpus: recall and keep-rate goals hold (a regression net for the rules)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.redaction import Redactor
from bot.redaction.entities import PII_TYPES

CORPUS = Path(__file__).resolve().parent.parent / "data" / "redaction_corpus.jsonl"
# The corpus's responders (workspace members): their names must stay.
MEMBERS = (
    "Priya Raman",
    "Tom Becker",
    "Aisha Okafor",
    "Diego Alvarez",
    "Mei Lin",
    "Sam O'Brien",
    "Noah Fischer",
    "Elena Rossi",
)


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    with CORPUS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def corpus_redactor() -> Redactor:
    return Redactor(MEMBERS)


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    out, pos = [], text.find(needle)
    while pos != -1:
        out.append((pos, pos + len(needle)))
        pos = text.find(needle, pos + 1)
    return out


def test_corpus_shape(corpus: list[dict[str, Any]]) -> None:
    """At least 300 messages, a third with nothing to redact, every label found in its text."""
    assert len(corpus) >= 300
    assert sum(not rec["expect"] for rec in corpus) >= len(corpus) / 3
    for rec in corpus:
        for item in rec["expect"]:
            assert item["value"] in rec["text"], rec["id"]
        for keep in rec["keep"]:
            assert keep in rec["text"], rec["id"]
    tags = Counter(tag for rec in corpus for tag in rec["tags"])
    for tag in ("code-block", "json-log", "stack-trace", "slack-markup", "url-encoded", "multi-line"):
        assert tags[tag] >= 3, tag


def test_recall_and_keep_rate(corpus: list[dict[str, Any]], corpus_redactor: Redactor) -> None:
    """Secret recall ≥ 0.99, PII recall ≥ 0.95, keep-rate ≥ 0.99, no clean message changed."""
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    kept = keep_total = clean_touched = 0
    for rec, spans in zip(corpus, [corpus_redactor.find(r["text"]) for r in corpus], strict=True):
        text = rec["text"]
        covered = set()
        for s in spans:
            covered.update(range(s.start, s.end))
        for item in rec["expect"]:
            kind = "pii" if item["type"] in PII_TYPES else "secret"
            total[kind] += 1
            if all(set(range(a, b)) <= covered for a, b in _occurrences(text, item["value"])):
                found[kind] += 1
        for keep in rec["keep"]:
            keep_total += 1
            kept += all(not (set(range(a, b)) & covered) for a, b in _occurrences(text, keep))
        clean_touched += not rec["expect"] and bool(spans)
    assert found["secret"] / total["secret"] >= 0.99
    assert found["pii"] / total["pii"] >= 0.95
    assert kept / keep_total >= 0.99
    assert clean_touched == 0
