"""Fit the logistic models in ``bot/analysis/models`` and check them on incidents left out of the fit.

Why here and not in a notebook: the fit is part of the evaluation harness. It is deterministic
(Newton steps from zero weights, no random start, no sampling), so rerunning a training script on
the same dev set writes the same JSON, and a change of weights shows up in review like a change of
rules. The scoring that matters is :func:`cross_validate`: each incident is scored by a model that
never saw it, the same way an unseen channel will be.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bot.analysis.linear import LinearModel

if TYPE_CHECKING:
    from scipy import sparse

Row = Mapping[str, float]


@dataclass(frozen=True)
class GuardedConfig:
    """One setting of a model over named signals plus words under the batch guard (the board's
    status and raise trainers search the same grid shape)."""

    l2: float
    k: int | None
    """Batch guard for words (None: no words)."""
    word_l2: float = 10.0

    @property
    def label(self) -> str:
        return f"L2 {self.l2:g}" + (f", words K {self.k} L2 {self.word_l2:g}" if self.k else ", no words")


@dataclass(frozen=True)
class Example:
    """One thing to classify (a message, a candidate cause), the group it belongs to (an incident or
    a fold, never split between train and test) and its answer."""

    group: str
    features: Row
    label: bool


def feature_names(examples: Sequence[Example]) -> list[str]:
    return sorted({name for e in examples for name, value in e.features.items() if value})


def fit(
    examples: Sequence[Example], *, name: str, l2: float = 1.0, threshold: float = 0.5, iterations: int = 50
) -> LinearModel:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    names = feature_names(examples)
    x = np.array([[1.0, *(e.features.get(n, 0.0) for n in names)] for e in examples], dtype=float)
    y = np.array([1.0 if e.label else 0.0 for e in examples])
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.max(np.abs(step))) < 1e-9:
            break
    weights = {n: round(float(v), 4) for n, v in zip(names, w[1:], strict=True) if abs(v) >= 1e-4}
    return LinearModel(name=name, bias=round(float(w[0]), 4), weights=weights, threshold=threshold)


def cross_validate(
    examples: Sequence[Example], folds: Mapping[str, str], train: Callable[[Sequence[Example]], LinearModel]
) -> list[tuple[Example, float]]:
    """Every example with the probability given by a model fitted without its fold.

    ``folds`` maps each group to its fold; a group missing from it is its own fold.
    """
    fold_of = {e.group: folds.get(e.group, e.group) for e in examples}
    scored: list[tuple[Example, float]] = []
    for fold in sorted(set(fold_of.values())):
        held = [e for e in examples if fold_of[e.group] == fold]
        model = train([e for e in examples if fold_of[e.group] != fold])
        scored.extend((e, model.probability(e.features)) for e in held)
    return scored


def best_threshold(scored: Sequence[tuple[Example, float]], candidates: Sequence[float] | None = None) -> float:
    """The probability cut with the best F1 over held-out scores (ties go to the higher cut: fewer
    false alarms)."""
    cuts = candidates or [round(0.05 * i, 2) for i in range(1, 20)]
    best, best_f1 = 0.5, -1.0
    for cut in cuts:
        tp = sum(1 for e, p in scored if p >= cut and e.label)
        fp = sum(1 for e, p in scored if p >= cut and not e.label)
        fn = sum(1 for e, p in scored if p < cut and e.label)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 >= best_f1:
            best, best_f1 = cut, f1
    return best


def fit_matrix(x: sparse.csr_matrix, y: np.ndarray, *, l2: float | np.ndarray) -> tuple[float, np.ndarray]:
    """(bias, weights) of L2-regularised logistic regression on a sparse design matrix (the bias is not
    penalised); ``l2`` is one strength or one per column.

    For models with a vocabulary (a thousand or more features), where :func:`fit`'s dense Newton steps
    cost seconds per fit and a nested check needs hundreds of fits. L-BFGS from zero weights to a tight
    gradient tolerance: the problem is strictly convex, so the answer is the unique optimum and reruns
    give the same weights.
    """
    from scipy import optimize  # noqa: PLC0415  (training only, the ``dev`` extra: the engine never fits)
    from scipy import sparse as sp  # noqa: PLC0415

    n, d = x.shape
    design = sp.hstack([np.ones((n, 1)), x], format="csr")
    penalty = np.zeros(d + 1)
    penalty[1:] = l2  # one strength for every column, or one per column

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = design @ w
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        value = float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(penalty * w * w))
        return value, design.T @ (p - y) + penalty * w

    result = optimize.minimize(
        loss, np.zeros(d + 1), jac=True, method="L-BFGS-B", options={"maxiter": 10000, "gtol": 1e-8, "ftol": 1e-15}
    )
    return float(result.x[0]), np.asarray(result.x[1:])


def guarded_vocabulary(
    rows: Sequence[tuple[str, Mapping[str, float]]], k: int, is_word: Callable[[str], bool], cap: int
) -> list[str]:
    """The batch guard: word features used by rows of at least ``k`` batches (``rows`` are
    (batch, features)), the most widespread first, at most ``cap``; built from the training rows only,
    so a held-out batch never adds a word."""
    table = GuardedTable(rows, is_word, cap)
    return [table.names[c] for c in table.words(np.ones(len(table.batches), dtype=bool), k)]


def guarded_design(
    rows: Sequence[tuple[str, Mapping[str, float]]], config: GuardedConfig, is_word: Callable[[str], bool], cap: int
) -> tuple[sparse.csr_matrix, np.ndarray, list[str]]:
    """(design matrix, per-column L2, column names) for a model over named signals plus guarded words:
    the signals get ``config.l2``, the words their own stronger ``config.word_l2``."""
    x, l2, names, _rows = GuardedTable(rows, is_word, cap).design(set(), config)
    return x, l2, names


class GuardedTable:
    """The rows of a leave-one-batch-out choice as one sparse matrix, built once.

    Why: the choice fits once per held-out batch and configuration (the raise trainer: 5 × 314 fits on
    dev 483), and rebuilding the vocabulary and the matrix from the feature dicts for every one of them
    took most of an hour. Here each name's use per batch is counted once; a fold's vocabulary is the
    counts over its training batches and its design a slice of the matrix. The result is the design built
    from the training rows alone (same columns in the same order, same values;
    ``tests/playback/test_fitting_table.py``), so a choice made either way is the same choice.
    """

    def __init__(
        self, rows: Sequence[tuple[str, Mapping[str, float]]], is_word: Callable[[str], bool], cap: int
    ) -> None:
        from scipy import sparse  # noqa: PLC0415  (training only)

        self.names = sorted({n for _b, f in rows for n in f})
        self.batches = sorted({b for b, _f in rows})
        index = {n: i for i, n in enumerate(self.names)}
        batch_index = {b: i for i, b in enumerate(self.batches)}
        self.row_batch = np.array([batch_index[b] for b, _f in rows], dtype=int)
        self.is_word = np.array([is_word(n) for n in self.names], dtype=bool)
        self.cap = cap
        uses = np.zeros((len(self.names), len(self.batches)), dtype=np.int32)
        r_idx, c_idx, vals = [], [], []
        for r, (_b, features) in enumerate(rows):
            for n, v in features.items():
                uses[index[n], self.row_batch[r]] += 1
                if v:
                    r_idx.append(r)
                    c_idx.append(index[n])
                    vals.append(v)
        self.uses = uses
        self.x = sparse.csr_matrix((vals, (r_idx, c_idx)), shape=(len(rows), len(self.names)))

    def _spread(self, train: np.ndarray) -> np.ndarray:
        """Per name: how many of the ``train`` batches (a mask) use it."""
        return np.asarray((self.uses[:, train] > 0).sum(axis=1))

    def words(self, train: np.ndarray, k: int) -> np.ndarray:
        """Word columns used by at least ``k`` of the ``train`` batches, the most widespread first and at
        most ``cap``, in name order."""
        spread = self._spread(train)
        words = np.flatnonzero(self.is_word & (spread >= k))
        return np.sort(words[np.lexsort((words, -spread[words]))][: self.cap])  # names are sorted: index breaks ties

    def columns(self, train: np.ndarray, k: int | None) -> np.ndarray:
        """The design's columns for the ``train`` batches: every signal they use, then their guarded words."""
        signals = np.flatnonzero(~self.is_word & (self._spread(train) > 0))
        return np.concatenate([signals, self.words(train, k)]) if k else signals

    def design(
        self, exclude: Collection[str], config: GuardedConfig
    ) -> tuple[sparse.csr_matrix, np.ndarray, list[str], np.ndarray]:
        """(design matrix, per-column L2, column names, row mask) of the rows outside the ``exclude``
        batches: the design built from those rows alone."""
        train = np.array([b not in exclude for b in self.batches], dtype=bool)
        rows = train[self.row_batch]
        cols = self.columns(train, config.k)
        l2 = np.where(self.is_word[cols], config.word_l2, config.l2).astype(float)
        return self.x[rows][:, cols], l2, [self.names[c] for c in cols], rows
