"""Fit the key-event scorer and judge it on batches left out of the fit.

Three ways to let a fitted model choose the timeline are compared with the rules alone:

- ``alone``: the model picks every message it scores at or above one cut (the rules' verdict is
  only one of its features);
- ``hybrid``: the rules propose (their timeline), one model keeps or drops each proposal at a low
  cut and adds a message the rules passed over at a higher cut (a keep cut of 0 is "add only");
- ``hybrid2``: as ``hybrid``, with one model fitted on the rules' proposals (keep or drop?) and
  another on the rest (add?);
- ``add`` and ``add2``: as ``hybrid`` and ``hybrid2`` with every proposal kept (the model only adds).

Each is tried without words (session 7's 60 named signals) and with the words of the message
(:mod:`bot.analysis.key_words`) under the batch guard: a token or pair is a feature only when it
occurs in messages of at least K of the *training* batches (the vocabulary is rebuilt inside every
fit, so the held-out batch never adds a word), the most widespread first, at most ``CAP``.

What counts is leave-one-batch-out: a batch is scored by a model fitted without it, with its cuts,
and for "chosen by CV" its variant, L2 strength and K, chosen by a leave-one-batch-out run inside the
other batches only, so nothing of the scored batch steers its score. The timeline is scored as
``sitrep eval`` scores it: per incident F1 of cited ``ts`` against the key events, averaged over
incidents.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from bot.analysis.key_words import PAIR, WORD
from bot.analysis.linear import LinearModel
from bot.analysis.timeline import ADD_MODEL, KEEP_MODEL, confirmations, rule_kinds, rules_timeline, scorer_features
from bot.playback.fitting import fit_matrix
from bot.playback.key_events_data import Replayed

KEEP, ADD = KEEP_MODEL, ADD_MODEL
"""The shipped models: one keeps or drops the rules' proposals, the other adds what they passed over."""
MODES = ("alone", "hybrid", "hybrid2", "add", "add2")
BASE_L2S = (1.0, 3.0, 10.0)
"""L2 strengths of the named signals (session 7's grid; alone without words)."""
WORD_L2S = (10.0, 30.0, 100.0)
"""L2 strengths of the word weights: many weak words need more shrinkage than 60 named signals."""
KS = (4, 6)
"""The batch guard: a word is a feature only if messages of at least K training batches use it."""
CAP = 1500
CUTS = tuple(round(0.05 * i, 2) for i in range(1, 20))
NEVER = 1.01
"""An add cut no probability reaches: the model only filters the rules' proposals."""
KEEP_CUTS = (0.0, *CUTS)
ADD_CUTS = (*CUTS, NEVER)


@dataclass(frozen=True)
class Config:
    mode: str
    l2: float
    k: int | None = None
    """The batch guard of the vocabulary; None: no words."""
    word_l2: float | None = None
    """The L2 strength of the word weights (None: ``l2``): many weak words need more shrinkage than
    the 60 named signals."""

    @property
    def label(self) -> str:
        if self.k is None:
            return f"{self.mode} l2={self.l2:g} no words"
        return f"{self.mode} l2={self.l2:g}/{self.word_l2 or self.l2:g} words K={self.k}"


def configs() -> list[Config]:
    """Every configuration the check compares (and the fit chooses among), in tie-break order: the 60
    named signals alone, then with words."""
    plain = [Config(m, l2) for m in MODES for l2 in BASE_L2S]
    words = [Config(m, l2, k, wl2) for k in KS for m in MODES for l2 in BASE_L2S[:2] for wl2 in WORD_L2S]
    return plain + words


@dataclass
class Table:
    """Every message of every incident as one row of a sparse matrix over every feature name seen."""

    slugs: list[str]
    batches: list[str]
    truth: dict[str, frozenset[str]]
    ts: list[str]
    row_slug: np.ndarray
    row_batch: np.ndarray
    label: np.ndarray
    proposed: np.ndarray
    fixed: np.ndarray
    """The rules' event tells a confirmed theory: it stays whatever the score (as ``timeline.adopt`` does)."""
    names: list[str]
    x: object
    """scipy CSR, rows × names."""
    word_cols: np.ndarray
    word_batch_counts: np.ndarray
    """Per word column and batch: how many messages of the batch use it."""
    name_rank: np.ndarray
    _cache: dict[tuple[object, ...], tuple[float, np.ndarray, np.ndarray]] = field(default_factory=dict)

    def rows_of_batches(self, batches: Iterable[int]) -> np.ndarray:
        return np.isin(self.row_batch, np.fromiter(batches, dtype=int))

    def vocabulary(self, train: frozenset[int], k: int) -> np.ndarray:
        """Word columns used in at least ``k`` of the ``train`` batches, most widespread first, at most CAP."""
        counts = self.word_batch_counts[:, sorted(train)]
        spread = (counts > 0).sum(axis=1)
        total = counts.sum(axis=1)
        order = np.lexsort((self.name_rank[self.word_cols], -total, -spread))
        return np.asarray(self.word_cols[order[spread[order] >= k][:CAP]])

    def columns(self, train: frozenset[int], k: int | None) -> np.ndarray:
        base = np.setdiff1d(np.arange(len(self.names)), self.word_cols)
        return base if k is None else np.concatenate([base, self.vocabulary(train, k)])

    def fit(self, train: frozenset[int], config: Config, subset: str) -> tuple[float, np.ndarray, np.ndarray]:
        """(bias, weights, columns) fitted on the rows of ``train`` batches (``subset``: all rows, the
        rules' proposals, or the rest); cached, since nested folds share training sets."""
        k = config.k
        key = (train, k, config.l2, config.word_l2, subset)
        if key not in self._cache:
            rows = self.rows_of_batches(train)
            if subset == "proposed":
                rows &= self.proposed
            elif subset == "rest":
                rows &= ~self.proposed
            cols = self.columns(train, k)
            x = self.x[rows][:, cols]  # type: ignore[index]
            is_word = np.isin(cols, self.word_cols)
            l2 = np.where(is_word, config.word_l2 or config.l2, config.l2)
            bias, w = fit_matrix(x, self.label[rows].astype(float), l2=l2)
            self._cache[key] = (bias, w, cols)
        return self._cache[key]

    def probabilities(self, config: Config, train: frozenset[int], rows: np.ndarray) -> np.ndarray:
        """Each row's probability from ``config`` fitted on ``train`` (keep model for proposals, add for the rest)."""
        out = np.zeros(int(rows.sum()))
        proposed = self.proposed[rows]
        x = self.x[rows]  # type: ignore[index]
        fits = (
            {
                True: self.fit(train, config, "proposed"),
                False: self.fit(train, config, "rest"),
            }
            if config.mode in ("hybrid2", "add2")
            else dict.fromkeys((True, False), self.fit(train, config, "all"))
        )
        for which, (bias, w, cols) in fits.items():
            part = proposed == which
            if part.any():
                z = x[part][:, cols] @ w + bias
                out[part] = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        return out

    def model(self, config: Config, train: frozenset[int], subset: str, name: str, cut: float) -> LinearModel:
        bias, w, cols = self.fit(train, config, subset)
        weights = {self.names[c]: round(float(v), 4) for c, v in zip(cols, w, strict=True) if abs(v) >= 1e-4}
        return LinearModel(name=name, bias=round(bias, 4), weights=weights, threshold=cut)


def table_of(incidents: Sequence[Replayed]) -> Table:
    """Every incident's messages as rows: the 60 named signals and the words, labelled by the key events."""
    from scipy import sparse  # noqa: PLC0415  (training only, the ``dev`` extra)

    batches = sorted({i.batch for i in incidents})
    index: dict[str, int] = {}
    data: list[float] = []
    cols: list[int] = []
    ptr = [0]
    ts: list[str] = []
    row_slug: list[int] = []
    row_batch: list[int] = []
    label: list[bool] = []
    proposed: list[bool] = []
    fixed: list[bool] = []
    for n, inc in enumerate(incidents):
        events = rules_timeline(inc.messages, inc.board, inc.state)
        cited = {t for e in events for t in e.citations}
        confirmed = confirmations(events, inc.board)
        feats = scorer_features(inc.messages, inc.board, inc.state, events, rule_kinds(inc.messages))
        for m in inc.messages:
            if m.ts not in feats:
                continue
            for name, value in sorted(feats[m.ts].items()):
                if value:
                    cols.append(index.setdefault(name, len(index)))
                    data.append(value)
            ptr.append(len(cols))
            ts.append(m.ts)
            row_slug.append(n)
            row_batch.append(batches.index(inc.batch))
            label.append(m.ts in inc.key_ts)
            proposed.append(m.ts in cited)
            fixed.append(m.ts in confirmed)
    names = list(index)
    x = sparse.csr_matrix((data, cols, ptr), shape=(len(ts), len(names)))
    word_cols = np.array([i for i, name in enumerate(names) if name.startswith((WORD, PAIR))], dtype=int)
    batch_arr = np.array(row_batch, dtype=int)
    presence = (x[:, word_cols] != 0).astype(float).tocsc()
    counts = np.zeros((len(word_cols), len(batches)))
    for b in range(len(batches)):
        counts[:, b] = np.asarray(presence[batch_arr == b].sum(axis=0)).ravel()
    order = sorted(range(len(names)), key=names.__getitem__)
    rank = np.empty(len(names), dtype=int)
    rank[order] = np.arange(len(names))
    return Table(
        slugs=[i.slug for i in incidents],
        batches=batches,
        truth={i.slug: i.key_ts for i in incidents},
        ts=ts,
        row_slug=np.array(row_slug, dtype=int),
        row_batch=batch_arr,
        label=np.array(label, dtype=bool),
        proposed=np.array(proposed, dtype=bool),
        fixed=np.array(fixed, dtype=bool),
        names=names,
        x=x,
        word_cols=word_cols,
        word_batch_counts=counts,
        name_rank=rank,
    )


def f1(picked: set[str], truth: frozenset[str]) -> tuple[float, float, float]:
    """(F1, precision, recall) of one incident, as ``scoring.prf`` counts them."""
    tp = len(picked & truth)
    p = tp / len(picked) if picked else 0.0
    r = tp / len(truth) if truth else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def _f1_grid(table: Table, rows: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Mean per-incident F1 over the incidents of ``rows`` for every (keep cut, add cut) pair."""
    keep_cuts = np.array(KEEP_CUTS)[:, None]
    add_cuts = np.array(ADD_CUTS)[:, None]
    slugs = table.row_slug[rows]
    label, proposed, fixed = table.label[rows], table.proposed[rows], table.fixed[rows]
    total = np.zeros((len(KEEP_CUTS), len(ADD_CUTS)))
    incidents = np.unique(slugs)
    for s in incidents:
        at = slugs == s
        keep = at & proposed & ~fixed
        add = at & ~proposed & ~fixed
        on_k = scores[keep][None, :] >= keep_cuts
        on_a = scores[add][None, :] >= add_cuts
        tp = (
            (on_k & label[keep]).sum(axis=1)[:, None]
            + (on_a & label[add]).sum(axis=1)[None, :]
            + int((at & fixed & label).sum())
        )
        n = on_k.sum(axis=1)[:, None] + on_a.sum(axis=1)[None, :] + int((at & fixed).sum())
        size = len(table.truth[table.slugs[s]])
        total += np.where(tp > 0, 2 * tp / np.maximum(n + size, 1), 0.0)
    return total / max(len(incidents), 1)


def _pairs(mode: str) -> list[tuple[int, int]]:
    """(keep cut index, add cut index) pairs a mode may use."""
    if mode == "alone":
        return [(i + 1, i) for i in range(len(CUTS))]
    if mode in ("add", "add2"):
        return [(0, j) for j in range(len(ADD_CUTS))]
    return [(i, j) for i, k in enumerate(KEEP_CUTS) for j, a in enumerate(ADD_CUTS) if a >= k]


def choose_cuts(config: Config, table: Table, inside: frozenset[int]) -> tuple[tuple[float, float], float]:
    """The (keep, add) cuts with the best leave-one-batch-out mean F1 within the ``inside`` batches (ties:
    higher cuts), and that F1."""
    rows = table.rows_of_batches(inside)
    scores = np.zeros(len(table.ts))
    for b in sorted(inside):
        held = table.row_batch == b
        scores[held] = table.probabilities(config, inside - {b}, held)
    grid = _f1_grid(table, rows, scores[rows])
    best = max(_pairs(config.mode), key=lambda ij: (round(float(grid[ij]), 9), ij))
    return (KEEP_CUTS[best[0]], ADD_CUTS[best[1]]), float(grid[best])


def _picks(
    table: Table, config: Config, train: frozenset[int], cuts: tuple[float, float], rows: np.ndarray
) -> set[str]:
    scores = table.probabilities(config, train, rows)
    proposed, fixed = table.proposed[rows], table.fixed[rows]
    on = fixed | np.where(proposed, scores >= cuts[0], scores >= cuts[1])
    return {t for t, yes in zip(np.array(table.ts)[rows], on, strict=True) if yes}


def choose_config(
    table: Table, inside: frozenset[int], candidates: Sequence[Config]
) -> tuple[Config, tuple[float, float], float]:
    """The configuration (and its cuts) with the best leave-one-batch-out F1 within ``inside`` (ties: the
    first listed)."""
    best: tuple[float, int, tuple[float, float]] | None = None
    for i, config in enumerate(candidates):
        cuts, score = choose_cuts(config, table, inside)
        if best is None or round(score, 9) > round(best[0], 9):
            best = (score, i, cuts)
    assert best is not None
    return candidates[best[1]], best[2], best[0]


def train(table: Table, config: Config) -> tuple[LinearModel, LinearModel]:
    """``config`` fitted on every batch, with cuts chosen leave-one-batch-out: the (keep, add) models."""
    every = frozenset(range(len(table.batches)))
    (keep_cut, add_cut), _f = choose_cuts(config, table, every)
    if config.mode in ("hybrid2", "add2"):
        return (
            table.model(config, every, "proposed", KEEP, keep_cut),
            table.model(config, every, "rest", ADD, add_cut),
        )
    return table.model(config, every, "all", KEEP, keep_cut), table.model(config, every, "all", ADD, add_cut)


@dataclass(frozen=True)
class Check:
    """Per-batch (F1, precision, recall) means of the rules and of each way, each batch held out."""

    batches: list[str]
    rows: dict[str, dict[str, tuple[float, float, float]]]
    """way -> batch (or "pooled") -> (F1, P, R)."""
    chosen: dict[str, str]
    """batch -> the configuration chosen without it (for "chosen by CV")."""


CHOSEN = "chosen by CV"
CHOSEN_WORDS = "chosen by CV, words only"


def check(
    table: Table, candidates: Sequence[Config] | None = None, progress: Callable[[str], None] | None = None
) -> Check:
    """Leave-one-batch-out: rules vs each configuration vs the configuration chosen inside the training
    batches (nested), each batch scored by models, vocabularies and cuts that never saw it."""
    candidates = list(candidates or configs())
    every = frozenset(range(len(table.batches)))
    picks: dict[str, dict[str, set[str]]] = {"rules": {}}
    chosen: dict[str, str] = {}
    ts = np.array(table.ts)
    for n, slug in enumerate(table.slugs):
        picks["rules"][slug] = set(ts[(table.row_slug == n) & table.proposed])
    for b, name in enumerate(table.batches):
        if progress:
            progress(name)
        inside = every - {b}
        held = table.row_batch == b
        slugs = {table.slugs[n]: n for n in np.unique(table.row_slug[held])}
        inner: list[float] = []
        for config in candidates:
            cuts, score = choose_cuts(config, table, inside)
            inner.append(score)
            got = _picks(table, config, inside, cuts, held)
            way = picks.setdefault(config.label, {})
            for slug, n in slugs.items():
                way[slug] = got & set(ts[table.row_slug == n])
        for label, allowed in ((CHOSEN, None), (CHOSEN_WORDS, True)):
            options = [i for i, c in enumerate(candidates) if allowed is None or c.k is not None]
            if not options:
                continue
            best = max(options, key=lambda i: (round(inner[i], 9), -i))
            if label == CHOSEN:
                chosen[name] = candidates[best].label
            for slug in slugs:
                picks.setdefault(label, {})[slug] = picks[candidates[best].label][slug]
    by_way: dict[str, dict[str, tuple[float, float, float]]] = {}
    batch_of = {slug: table.batches[int(table.row_batch[table.row_slug == n][0])] for n, slug in enumerate(table.slugs)}
    for label, picked in picks.items():
        per: dict[str, tuple[float, float, float]] = {}
        for bname in [*table.batches, "pooled"]:
            scores = [
                f1(picked.get(s, set()), table.truth[s])
                for s in table.slugs
                if bname == "pooled" or batch_of[s] == bname
            ]
            per[bname] = (
                round(statistics.fmean(x[0] for x in scores), 3),
                round(statistics.fmean(x[1] for x in scores), 3),
                round(statistics.fmean(x[2] for x in scores), 3),
            )
        by_way[label] = per
    return Check(list(table.batches), by_way, chosen)


def check_table(result: Check) -> str:
    """Markdown: F1 per held-out batch and pooled (with P/R), one row per way; losses to the rules counted."""
    cols = [*result.batches, "pooled"]
    lines = [
        "| way | " + " | ".join(cols) + " | P/R pooled | batches lost to rules |",
        "|---|" + "---|" * (len(cols) + 2),
    ]
    rules = result.rows["rules"]
    for way, per in result.rows.items():
        lost = sum(1 for b in result.batches if per[b][0] < rules[b][0])
        cells = [f"{per[b][0]:.3f}" for b in cols]
        pr = f"{per['pooled'][1]:.2f}/{per['pooled'][2]:.2f}"
        lines.append(f"| {way} | " + " | ".join(cells) + f" | {pr} | {'—' if way == 'rules' else lost} |")
    chosen = ", ".join(f"{b}: {c}" for b, c in result.chosen.items())
    return "\n".join(lines) + f"\n\nChosen by CV inside the other batches: {chosen}\n"
