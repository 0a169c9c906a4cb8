"""Fit and check the raise reading (``bot.analysis.hyp_raise``) leave-one-batch-out.

Examples: every person's message the rules' fold leaves untouched (no theory raised, supported or
refuted by it), read with the board as it stood then, from a fold of the incident's transcript with
the rules alone. Label: the message is the ``raised_ts`` of a key hypothesis no theory of the rules'
final board matches (the evaluator's matching).

A configuration is (signal L2, the words' batch guard K and word L2); a decision is a cut and a
policy (``hyp_raise.POLICIES``). For each held-out batch both are chosen by a leave-one-batch-out run
inside the other batches (nested), so the table's figure is what an unseen batch gets. Inside, a
raise is scored without refolding (the message's truth hypothesis becomes matched, with the status
the policy gives it on the rules' final board; any other raise is a false raise costing
:data:`FALSE_RAISE_COST`); the held-out batch itself is scored by folding its transcripts again with
the model raising, and the evaluator's matching and scoring on the resulting boards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import product
from typing import TYPE_CHECKING

import numpy as np

from bot.analysis.hyp_raise import MODEL, BoardContext, RaiseModel, is_word, proposes, raise_features
from bot.analysis.hypotheses import fold_messages
from bot.analysis.linear import LinearModel
from bot.domain import Board, Message
from bot.playback.fitting import GuardedConfig as Config
from bot.playback.fitting import GuardedTable, fit_matrix, guarded_design, guarded_vocabulary
from bot.playback.scoring import Truth, match_hypotheses, score_hypotheses

if TYPE_CHECKING:
    from scipy import sparse

FALSE_RAISE_COST = 0.3
MAX_WORDS = 1500
CUTS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)
"""1.01: never raise (the rules alone)."""
POLICY_CHOICES = ("open", "other_confirmed")


def configs() -> list[Config]:
    return [Config(1.0, None), Config(3.0, None), Config(1.0, 3, 10.0), Config(1.0, 5, 10.0), Config(1.0, 5, 30.0)]


@dataclass(frozen=True)
class Incident:
    """One replayed dev incident: its transcript, its key, and its batch."""

    slug: str
    batch: str
    channel: str
    messages: tuple[Message, ...]
    truth: Truth


class _Recorder:
    """A raiser that never raises and keeps what it read (the training examples of one fold)."""

    policy = "open"

    def __init__(self) -> None:
        self.read: list[tuple[Message, dict[str, float]]] = []

    def raises(self, message: Message, board: BoardContext) -> float | None:
        if not proposes(message.text):  # the model never raises a plan: not a candidate
            self.read.append((message, raise_features(message, board)))
        return None


@dataclass
class Example:
    batch: str
    slug: str
    ts: str
    label: bool
    features: dict[str, float]


@dataclass
class Case:
    """One incident's candidates and what a raise of each would do (the static scoring)."""

    incident: Incident
    examples: list[Example]
    rules_board: Board
    unmatched: dict[str, str]
    """raised_ts -> truth status, for key hypotheses no rules' theory matches."""
    truths: int


def case_of(incident: Incident) -> Case:
    recorder = _Recorder()
    board = fold_messages(Board(channel=incident.channel), incident.messages, raiser=recorder)
    matched = match_hypotheses(incident.truth.hypotheses, board.hypotheses)
    unmatched = {
        t.raised_ts: t.status
        for t, h in zip(incident.truth.hypotheses, matched, strict=True)
        if h is None and t.raised_ts
    }
    examples = [Example(incident.batch, incident.slug, m.ts, m.ts in unmatched, f) for m, f in recorder.read]
    return Case(incident, examples, board, unmatched, len(incident.truth.hypotheses))


@dataclass
class Table:
    cases: list[Case]

    @property
    def batches(self) -> list[str]:
        return sorted({c.incident.batch for c in self.cases})

    def totals(self, batch: str) -> int:
        return sum(c.truths for c in self.cases if c.incident.batch == batch)


def vocabulary(examples: Sequence[Example], k: int) -> list[str]:
    """Word features used by messages of at least ``k`` batches (most widespread first, at most
    :data:`MAX_WORDS`)."""
    return guarded_vocabulary([(e.batch, e.features) for e in examples], k, is_word, MAX_WORDS)


def fit(examples: Sequence[Example], config: Config, threshold: float = 0.5) -> LinearModel:
    x, l2, names = guarded_design([(e.batch, e.features) for e in examples], config, is_word, MAX_WORDS)
    return _fit_design(x, l2, names, np.array([1.0 if e.label else 0.0 for e in examples]), threshold)


@dataclass(frozen=True)
class Tally:
    correct: int = 0
    gained: int = 0
    """Truth hypotheses right that the rules got wrong (static: raised and given the right status)."""
    false_raises: int = 0
    wrong_confirmations: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.correct + other.correct,
            self.gained + other.gained,
            self.false_raises + other.false_raises,
            self.wrong_confirmations + other.wrong_confirmations,
        )

    def objective(self, cost: float = FALSE_RAISE_COST) -> float:
        return self.gained - cost * self.false_raises - 3 * self.wrong_confirmations


Scored = list[tuple[Case, list[float]]]


def _fit_design(
    x: sparse.csr_matrix, l2: np.ndarray, names: Sequence[str], y: np.ndarray, threshold: float
) -> LinearModel:
    bias, w = fit_matrix(x, y, l2=l2)
    weights = {n: round(float(v), 4) for n, v in zip(names, w, strict=True) if abs(v) >= 1e-4}
    return LinearModel(name=MODEL, bias=round(bias, 4), weights=weights, threshold=threshold)


def held_out(cases: Sequence[Case], config: Config) -> Scored:
    """Every case's candidates scored by a fit without its batch (the same fits as :func:`fit` on the
    other batches' examples, sliced from one table)."""
    examples = [e for c in cases for e in c.examples]
    table = GuardedTable([(e.batch, e.features) for e in examples], is_word, MAX_WORDS)
    y = np.array([1.0 if e.label else 0.0 for e in examples])
    out: Scored = []
    for b in sorted({c.incident.batch for c in cases}):
        x, l2, names, rows = table.design({b}, config)
        model = _fit_design(x, l2, names, y[rows], 0.5)
        out.extend((c, [model.probability(e.features) for e in c.examples]) for c in cases if c.incident.batch == b)
    return out


def static_policy_status(case: Case, policy: str) -> str:
    if policy == "other_confirmed" and any(h.status == "confirmed" for h in case.rules_board.hypotheses):
        return "refuted"
    return "open"


def static_tally(scored: Scored, cut: float, policy: str) -> Tally:
    gained = false = 0
    for case, probs in scored:
        status = static_policy_status(case, policy)
        for e, p in zip(case.examples, probs, strict=True):
            if p < cut:
                continue
            if e.ts in case.unmatched:
                gained += case.unmatched[e.ts] == status
            else:
                false += 1
    return Tally(gained=gained, false_raises=false)


def best_decision(scored: Scored, cost: float = FALSE_RAISE_COST) -> tuple[float, str, Tally]:
    """Cut and policy with the best objective (ties go to the higher cut: fewer raises)."""
    best: tuple[float, str, Tally] | None = None
    for policy, cut in product(POLICY_CHOICES, sorted(CUTS, reverse=True)):
        t = static_tally(scored, cut, policy)
        if best is None or t.objective(cost) > best[2].objective(cost):
            best = (cut, policy, t)
    assert best is not None
    return best


def _best(inner: dict[Config, Scored], cost: float) -> tuple[Config, float, str, Tally]:
    best: tuple[Config, float, str, Tally] | None = None
    for config, scored in inner.items():
        cut, policy, t = best_decision(scored, cost)
        if best is None or t.objective(cost) > best[3].objective(cost):
            best = (config, cut, policy, t)
    assert best is not None
    return best


def choose(
    cases: Sequence[Case], grid: Sequence[Config], cost: float = FALSE_RAISE_COST
) -> tuple[Config, float, str, Tally]:
    """Configuration, cut and policy with the best leave-one-batch-out objective over ``cases``."""
    return _best({config: held_out(cases, config) for config in grid}, cost)


def refold_tally(cases: Iterable[Case], raiser: RaiseModel | None) -> Tally:
    """The evaluator's figures on boards folded again from each transcript with ``raiser`` raising."""
    correct = wrong = false = 0
    for case in cases:
        inc = case.incident
        board = fold_messages(Board(channel=inc.channel), inc.messages, raiser=raiser) if raiser else case.rules_board
        score = score_hypotheses(inc.truth.hypotheses, board.hypotheses)
        correct += score.correct
        wrong += score.wrong_confirmations
        matched = {h.id for h in match_hypotheses(inc.truth.hypotheses, board.hypotheses) if h is not None}
        false += sum(1 for h in board.hypotheses if h.raised_by_model and h.id not in matched)
    return Tally(correct=correct, false_raises=false, wrong_confirmations=wrong)


SENSITIVITY_COST = 0.1
"""A second row of the check: the same nested choice with a false raise costing less."""


@dataclass
class Check:
    table: Table
    rows: dict[str, dict[str, Tally]] = field(default_factory=dict)
    """Row -> batch -> held-out tally (``rules`` first)."""
    chosen: dict[str, dict[str, tuple[Config, float, str]]] = field(default_factory=dict)


def check(
    table: Table,
    progress: Callable[[str], None] | None = None,
    grid: Sequence[Config] | None = None,
    costs: Sequence[float] = (FALSE_RAISE_COST, SENSITIVITY_COST),
) -> Check:
    """The nested leave-one-batch-out table: the rules, and the raise model chosen inside the other
    batches for each false-raise cost."""
    grid = list(grid or configs())
    rows = {cost: f"raise model, false raise {cost:g} (nested)" for cost in costs}
    result = Check(table, {"rules": {}, **{r: {} for r in rows.values()}}, {r: {} for r in rows.values()})
    for b in table.batches:
        if progress:
            progress(b)
        train = [c for c in table.cases if c.incident.batch != b]
        test = [c for c in table.cases if c.incident.batch == b]
        result.rows["rules"][b] = refold_tally(test, None)
        inner = {config: held_out(train, config) for config in grid}
        fitted: dict[Config, LinearModel] = {}
        for cost, row in rows.items():
            config, cut, policy, _t = _best(inner, cost)
            model = fitted.setdefault(config, fit([e for c in train for e in c.examples], config))
            raiser = RaiseModel(replace(model, threshold=cut), policy)
            result.rows[row][b] = refold_tally(test, raiser)
            result.chosen[row][b] = (config, cut, policy)
    return result


def check_table(result: Check) -> str:
    batches = result.table.batches
    total = sum(result.table.totals(b) for b in batches)
    incidents = len(result.table.cases)
    head = "| row | " + " | ".join(batches) + " | pooled | % | wrong conf | false raises (per inc.) | batches lost |"
    lines = [head, "|---|" + "---:|" * (len(batches) + 5)]
    rules = result.rows["rules"]
    for row, per in result.rows.items():
        pooled = sum((per[b] for b in batches), Tally())
        lost = sum(1 for b in batches if per[b].correct < rules[b].correct)
        cells = " | ".join(f"{per[b].correct}/{result.table.totals(b)}" for b in batches)
        lines.append(
            f"| {row} | {cells} | {pooled.correct}/{total} | {100 * pooled.correct / total:.1f} | "
            f"{pooled.wrong_confirmations} | {pooled.false_raises} ({pooled.false_raises / incidents:.2f}) | {lost} |"
        )
    lines.append("")
    for row, per_b in result.chosen.items():
        for b, (config, cut, policy) in per_b.items():
            lines.append(f"- {row} {b}: {config.label}; cut {cut}, policy {policy}")
    return "\n".join(lines)
