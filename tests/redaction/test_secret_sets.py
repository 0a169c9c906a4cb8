"""The public and adversarial secret sets: the token rules keep recall and keep-rate on the dev splits.

The sets come from the gitleaks and detect-secrets fixtures (tests/data/secret_sources) and from
tests/data/make_redaction_sets.py. Only the recognisers are run (no spaCy), so this stays fast; the
full redactor on every split, holdout included, is measured by bench/redaction.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.redaction.entities import PII_TYPES
from bot.redaction.recognizers.secrets import find_secrets
from tests.redaction import fakes

SETS = Path(__file__).resolve().parent.parent / "data" / "redaction_sets"
# Zero-width, full-width and wrapped tokens are undone by text normalisation before the rules run,
# not by the rules themselves; they are scored with the whole redactor in the bench.
NORMALISATION_TAG = "normalisation"


def _load(name: str) -> list[dict[str, Any]]:
    with (SETS / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    out, pos = [], text.find(needle)
    while pos != -1:
        out.append((pos, pos + len(needle)))
        pos = text.find(needle, pos + 1)
    return out


def _score(records: list[dict[str, Any]]) -> tuple[float, float, list[str]]:
    found = total = kept = keep_total = 0
    missed: list[str] = []
    for rec in records:
        if NORMALISATION_TAG in rec["tags"]:
            continue
        text = rec["text"]
        covered: set[int] = set()
        for hit in find_secrets(text):
            covered.update(range(hit.start, hit.end))
        for item in rec["expect"]:
            if item["type"] in PII_TYPES:
                continue
            total += 1
            if all(set(range(a, b)) <= covered for a, b in _occurrences(text, item["value"])):
                found += 1
            else:
                missed.append(rec["id"])
        for keep in rec["keep"]:
            keep_total += 1
            kept += all(not (set(range(a, b)) & covered) for a, b in _occurrences(text, keep))
    return found / max(total, 1), kept / max(keep_total, 1), missed


@pytest.mark.parametrize("name", ["secrets_public.dev.jsonl", "adversarial.dev.jsonl"])
def test_dev_split_recall_and_keep(name: str) -> None:
    """Secrets recall ≥ 0.99 and keep-rate ≥ 0.99 on the dev split (a regression guard for the rules)."""
    records = _load(name)
    assert len(records) >= 100
    recall, keep, missed = _score(records)
    assert recall >= 0.99, f"recall {recall:.3f}, missed {missed[:10]}"
    assert keep >= 0.99, f"keep {keep:.3f}"


def test_sets_are_well_formed() -> None:
    """Every split exists, every label and keep string is in its text, dev and holdout share no value."""
    values: dict[str, set[str]] = {}
    for path in sorted(SETS.glob("*.jsonl")):
        values[path.name] = set()
        for rec in _load(path.name):
            for item in rec["expect"]:
                assert item["value"] in rec["text"], rec["id"]
                values[path.name].add(item["value"])
            for keep in rec["keep"]:
                assert keep in rec["text"], rec["id"]
    assert not values["adversarial.dev.jsonl"] & values["adversarial.holdout.jsonl"]
    # The public set is split by provider: no rule of the holdout was seen in dev.
    rules = {
        split: {t for rec in _load(f"secrets_public.{split}.jsonl") for t in rec["tags"] if t.startswith("rule:")}
        for split in ("dev", "holdout")
    }
    assert rules["holdout"]
    assert not rules["dev"] & rules["holdout"]


@pytest.mark.parametrize(
    ("secret", "expected"),
    [
        ("AKIA" + "Z9Q8W1E0R2T3Y4U5", "AWS_ACCESS_KEY_ID"),  # digits outside base32: still a key id
        ("sk-ant-api03-" + fakes.rs(fakes.B64URL, 93) + "AA", "ANTHROPIC_KEY"),
        ("sk-proj-" + fakes.rs(fakes.B64URL, 74) + "T3BlbkFJ" + fakes.rs(fakes.B64URL, 74), "OPENAI_KEY"),
        ("hvs." + fakes.rs(fakes.B64URL, 95), "VAULT_TOKEN"),
        ("dop_v1_" + fakes.rs(fakes.HEX, 64), "DIGITALOCEAN_TOKEN"),
        ("IQoJb3JpZ2luX2Vj" + fakes.rs(fakes.B64, 480), "AWS_SESSION_TOKEN"),  # over any value limit
    ],
)
def test_issue_13_shapes_in_plain_text(secret: str, expected: str) -> None:
    """The formats issue 13 found leaking are caught in plain prose, whole, with their own type."""
    text = f"whoever pasted {secret} earlier, please rotate it"
    hits = [h for h in find_secrets(text) if h.entity_type == expected]
    start = text.index(secret)
    assert any(h.start <= start and h.end >= start + len(secret) for h in hits), [
        h.entity_type for h in find_secrets(text)
    ]
