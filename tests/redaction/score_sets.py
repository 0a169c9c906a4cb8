"""Recall per type and keep-rate of the redactor on a labelled set (corpus format), as a report.

    PYTHONPATH=. .venv/bin/python -m tests.redaction.score_sets [-v] [tests/data/redaction_sets/pii_presidio.*.jsonl]

Misses are listed for the dev split (with ``-v`` for the tune split too); never for holdout or fresh.

A planted value counts as found only when every character of every occurrence is redacted; a keep
counts only when no occurrence is touched (the same rules as tests/redaction/test_corpus.py).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.redaction import Redactor

SETS_DIR = Path(__file__).resolve().parent.parent / "data" / "redaction_sets"
STUDY_SPLITS = (".dev.jsonl", ".tune.jsonl")
"""The splits whose misses may be read and tuned on; the others (holdout, fresh) are only scored."""
# The workspace members of every labelled set here (as in tests/data/redaction_corpus.jsonl).
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


@dataclass
class SetScore:
    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    kept: int = 0
    keep_total: int = 0
    missed: list[tuple[str, str, str]] = field(default_factory=list)
    """(record id, type, value) of each miss, for tuning on dev."""
    broken: list[tuple[str, str]] = field(default_factory=list)
    """(record id, keep) of each keep that was touched."""

    def recall(self, kind: str | None = None) -> float:
        kinds = [kind] if kind else list(self.total)
        total = sum(self.total[k] for k in kinds)
        return sum(self.found[k] for k in kinds) / total if total else 1.0

    @property
    def keep_rate(self) -> float:
        return self.kept / self.keep_total if self.keep_total else 1.0


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    out, pos = [], text.find(needle)
    while pos != -1:
        out.append((pos, pos + len(needle)))
        pos = text.find(needle, pos + 1)
    return out


def score(redactor: Redactor, records: Sequence[dict[str, Any]]) -> SetScore:
    result = SetScore()
    for rec in records:
        text = rec["text"]
        covered: set[int] = set()
        for s in redactor.find(text):
            covered.update(range(s.start, s.end))
        for item in rec["expect"]:
            result.total[item["type"]] += 1
            if all(set(range(a, b)) <= covered for a, b in _occurrences(text, item["value"])):
                result.found[item["type"]] += 1
            else:
                result.missed.append((rec["id"], item["type"], item["value"]))
        for keep in rec["keep"]:
            result.keep_total += 1
            if all(not (set(range(a, b)) & covered) for a, b in _occurrences(text, keep)):
                result.kept += 1
            else:
                result.broken.append((rec["id"], keep))
    return result


def main(argv: Sequence[str]) -> None:
    verbose = "-v" in argv
    paths = [Path(a) for a in argv if a != "-v"] or sorted(SETS_DIR.glob("pii_presidio.*.jsonl"))
    redactor = Redactor(MEMBERS)
    for path in paths:
        s = score(redactor, load(path))
        print(
            f"{path.name}: PII recall {s.recall():.3f} ({sum(s.found.values())}/{sum(s.total.values())}), "
            f"keep {s.keep_rate:.3f} ({s.kept}/{s.keep_total})"
        )
        for kind in sorted(s.total):
            print(f"  {kind:<12} {s.recall(kind):.3f}  {s.found[kind]}/{s.total[kind]}")
        # Misses are listed for the study splits only (dev, tune); holdout and fresh are scored, never read.
        if path.name.endswith(STUDY_SPLITS) and (verbose or path.name.endswith(".dev.jsonl")):
            for miss in s.missed:
                print("  missed", *miss)
            for keep in s.broken:
                print("  touched", *keep)


if __name__ == "__main__":
    main(sys.argv[1:])
