"""Fit and check the board's status model (``bot.analysis.hyp_status``) leave-one-batch-out.

Two logistic models over the same features of each board theory: P(truth confirmed) and P(truth
refuted). Words enter only under the batch guard (a word feature is a column only when theories of at
least K training batches use it, rebuilt inside every fold; their own L2). A configuration is
(signal L2, K, word L2); a decision is a policy (``rules``, ``demote``, ``free``) with its cuts.
For every held-out batch, configuration, policy and cuts are chosen by a leave-one-batch-out run
inside the other batches (nested), so the table's figure is what an unseen batch gets.

The objective is the evaluator's: theories whose shown status equals the key's, with a wrong
confirmation (shown confirmed, key refuted or open) costing three right answers, so a choice that
adds one must win three elsewhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import TYPE_CHECKING

import numpy as np

from bot.analysis.hyp_status import (
    CONFIRM_MODEL,
    EVIDENCE_WORDS,
    RAISED_WORDS,
    REFUTE_MODEL,
    Cuts,
    decide,
    theory_features,
)
from bot.analysis.linear import LinearModel
from bot.playback.fitting import GuardedConfig as Config
from bot.playback.fitting import GuardedTable, fit_matrix, guarded_design, guarded_vocabulary
from bot.playback.hyp_status_data import BoardCase

if TYPE_CHECKING:
    from scipy import sparse


WRONG_CONFIRMATION_COST = 3
MAX_WORDS = 1500
_WORD_PREFIXES = tuple(p + w for p in (RAISED_WORDS, EVIDENCE_WORDS) for w in ("w:", "b:"))
_CUTS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
_DEMOTE = (0.0, 0.1, 0.2, 0.3, 0.4)


def configs() -> list[Config]:
    out = [Config(l2, None) for l2 in (1.0, 3.0)]
    out += [Config(1.0, k, wl2) for k, wl2 in product((3, 5), (10.0, 30.0))]
    return out


def all_cuts() -> list[Cuts]:
    """Every decision the nested choice may take (the rules first: ties go to the simplest)."""
    out = [Cuts(policy="rules")]
    out += [Cuts("demote", 1.01, r, d) for d, r in product(_DEMOTE, _CUTS) if (d, r) != (0.0, 1.01)]
    out += [Cuts("free", c, r, d) for c, d, r in product(_CUTS[:-1], _DEMOTE, _CUTS)]
    return out


@dataclass
class Example:
    batch: str
    slug: str
    hid: str
    status: str
    truth: str
    settled: bool
    features: dict[str, float]


@dataclass
class Table:
    examples: list[Example]
    totals: Counter[str] = field(default_factory=Counter)
    """Batch -> truth hypotheses in the keys (the denominator, matched or not)."""

    @property
    def batches(self) -> list[str]:
        return sorted(self.totals)


def table_of(cases: Iterable[BoardCase]) -> Table:
    examples: list[Example] = []
    totals: Counter[str] = Counter()
    for c in cases:
        totals[c.batch] += c.truths
        for h in c.board.hypotheses:
            if h.id in c.labels:
                f = theory_features(h, c.board, c.state, c.messages)
                settled = c.state.status in ("mitigated", "resolved")
                examples.append(Example(c.batch, c.slug, h.id, h.status, c.labels[h.id], settled, f))
    return Table(examples, totals)


def _is_word(name: str) -> bool:
    return name.startswith(_WORD_PREFIXES)


def vocabulary(examples: Sequence[Example], k: int) -> list[str]:
    """Word features used by theories of at least ``k`` batches (the most widespread first, at most
    :data:`MAX_WORDS`)."""
    return guarded_vocabulary([(e.batch, e.features) for e in examples], k, _is_word, MAX_WORDS)


@dataclass(frozen=True)
class Fitted:
    confirm: LinearModel
    refute: LinearModel

    def probabilities(self, e: Example) -> tuple[float, float]:
        return self.confirm.probability(e.features), self.refute.probability(e.features)


def fit(examples: Sequence[Example], config: Config) -> Fitted:
    x, l2, names = guarded_design([(e.batch, e.features) for e in examples], config, _is_word, MAX_WORDS)
    return _fit_design(x, l2, names, examples)


def _fit_design(x: sparse.csr_matrix, l2: np.ndarray, names: Sequence[str], examples: Sequence[Example]) -> Fitted:
    models = []
    for name, target in ((CONFIRM_MODEL, "confirmed"), (REFUTE_MODEL, "refuted")):
        y = np.array([1.0 if e.truth == target else 0.0 for e in examples])
        bias, w = fit_matrix(x, y, l2=l2)
        weights = {n: round(float(v), 4) for n, v in zip(names, w, strict=True) if abs(v) >= 1e-4}
        models.append(LinearModel(name=name, bias=round(bias, 4), weights=weights, threshold=0.5))
    return Fitted(models[0], models[1])


Scored = list[tuple[Example, float, float]]


def held_out(examples: Sequence[Example], config: Config, batches: Iterable[str]) -> Scored:
    """Each example of ``batches`` scored by a fit without its batch (over ``examples``' batches)."""
    table = GuardedTable([(e.batch, e.features) for e in examples], _is_word, MAX_WORDS)
    out: Scored = []
    for b in sorted(set(batches)):
        x, l2, names, rows = table.design({b}, config)
        model = _fit_design(x, l2, names, [e for e, kept in zip(examples, rows, strict=True) if kept])
        out.extend((e, *model.probabilities(e)) for e in examples if e.batch == b)
    return out


@dataclass(frozen=True)
class Tally:
    correct: int = 0
    wrong_confirmations: int = 0
    wrong_refutations: int = 0
    """Shown refuted where the key confirms (the evaluator counts it as one miss, like open; a reader
    is misled more): the tie-breaker between choices with the same objective."""

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.correct + other.correct,
            self.wrong_confirmations + other.wrong_confirmations,
            self.wrong_refutations + other.wrong_refutations,
        )

    @property
    def objective(self) -> tuple[int, int]:
        return (self.correct - WRONG_CONFIRMATION_COST * self.wrong_confirmations, -self.wrong_refutations)


def tally(scored: Iterable[tuple[Example, float, float]], cuts: Cuts) -> Tally:
    correct = wrong = refuted = 0
    for e, pc, pr in scored:
        shown = decide(e.status, pc, pr, cuts, settled=e.settled)
        correct += shown == e.truth
        wrong += shown == "confirmed" and e.truth != "confirmed"
        refuted += shown == "refuted" and e.truth == "confirmed"
    return Tally(correct, wrong, refuted)


def best_cuts(scored: Scored, policies: Sequence[str]) -> tuple[Cuts, Tally]:
    best: tuple[Cuts, Tally] | None = None
    for cuts in all_cuts():
        if cuts.policy not in policies and cuts.policy != "rules":
            continue
        t = tally(scored, cuts)
        if best is None or t.objective > best[1].objective:
            best = (cuts, t)
    assert best is not None
    return best


def choose(examples: Sequence[Example], policies: Sequence[str], grid: Sequence[Config]) -> tuple[Config, Cuts, Tally]:
    """Configuration and decision with the best leave-one-batch-out objective over ``examples``."""
    batches = {e.batch for e in examples}
    best: tuple[Config, Cuts, Tally] | None = None
    for config in grid:
        scored = held_out(examples, config, batches)
        cuts, t = best_cuts(scored, policies)
        if best is None or t.objective > best[2].objective:
            best = (config, cuts, t)
    assert best is not None
    return best


ROWS = {"rules": ("rules",), "demote": ("demote",), "free": ("free",), "chosen": ("demote", "free")}


@dataclass
class Check:
    table: Table
    per_batch: dict[str, dict[str, Tally]]
    """Row -> batch -> held-out tally."""
    chosen: dict[str, dict[str, tuple[Config, Cuts]]]


def check(table: Table, progress: Callable[[str], None] | None = None, grid: Sequence[Config] | None = None) -> Check:
    """The nested leave-one-batch-out table: for each batch and row, choices made inside the others."""
    grid = list(grid or configs())
    per: dict[str, dict[str, Tally]] = {row: {} for row in ROWS}
    chosen: dict[str, dict[str, tuple[Config, Cuts]]] = {row: {} for row in ROWS}
    ex = table.examples
    for b in table.batches:
        if progress:
            progress(b)
        train = [e for e in ex if e.batch != b]
        test = [e for e in ex if e.batch == b]
        inner = {c: held_out(train, c, {e.batch for e in train}) for c in grid}
        fitted: dict[Config, Fitted] = {}
        for row, policies in ROWS.items():
            if row == "rules":
                per[row][b] = tally(((e, 0.0, 0.0) for e in test), Cuts("rules"))
                continue
            best: tuple[Config, Cuts, Tally] | None = None
            for c in grid:
                cuts, t = best_cuts(inner[c], policies)
                if best is None or t.objective > best[2].objective:
                    best = (c, cuts, t)
            assert best is not None
            config, cuts, _t = best
            model = fitted.setdefault(config, fit(train, config))
            per[row][b] = tally(((e, *model.probabilities(e)) for e in test), cuts)
            chosen[row][b] = (config, cuts)
    return Check(table, per, chosen)


def check_table(result: Check) -> str:
    batches = result.table.batches
    head = "| row | " + " | ".join(batches) + " | pooled | % | wrong conf | wrong ref | batches lost |"
    lines = [head, "|---|" + "---:|" * (len(batches) + 5)]
    rules = result.per_batch["rules"]
    total = sum(result.table.totals.values())
    for row, per in result.per_batch.items():
        pooled = sum((per[b] for b in batches), Tally())
        lost = sum(1 for b in batches if per[b].correct < rules[b].correct)
        cells = " | ".join(f"{per[b].correct}/{result.table.totals[b]}" for b in batches)
        lines.append(
            f"| {row} | {cells} | {pooled.correct}/{total} | {100 * pooled.correct / total:.1f} | "
            f"{pooled.wrong_confirmations} | {pooled.wrong_refutations} | {lost} |"
        )
    lines.append("")
    for row, per_b in result.chosen.items():
        for b, (config, cuts) in per_b.items():
            lines.append(
                f"- {row} {b}: {config.label}; {cuts.policy} confirm {cuts.confirm} refute {cuts.refute} "
                f"demote {cuts.demote}"
            )
    return "\n".join(lines)
