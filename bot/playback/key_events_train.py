"""Fit the key-event scorer and judge it on batches left out of the fit.

Three ways to let a fitted model choose the timeline are compared with the rules alone:

- ``alone``: the model picks every message it scores at or above one cut (the rules' verdict is
  only one of its features);
- ``hybrid``: the rules propose (their timeline), one model keeps or drops each proposal at a low
  cut and adds a message the rules passed over at a higher cut;
- ``hybrid2``: as ``hybrid``, with one model fitted on the rules' proposals (keep or drop?) and
  another on the rest (add?).

Each is tried at a few L2 strengths. What counts is leave-one-batch-out: a batch is scored by a
model fitted without it, with its cuts (and, for "chosen by CV", the variant itself) chosen by a
leave-one-batch-out run inside the other batches only, so nothing of the scored batch steers its
score. The timeline is scored as ``sitrep eval`` scores it: per incident F1 of cited ``ts`` against
the key events, averaged over incidents.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.analysis.key_features import incident_features
from bot.analysis.linear import LinearModel
from bot.analysis.timeline import confirmations, rule_kinds, rules_timeline
from bot.playback.fitting import Example, fit
from bot.playback.key_events_data import Replayed

KEEP, ADD = "key_events", "key_events_add"
"""The shipped models: one keeps or drops the rules' proposals, the other adds what they passed over."""
MODES = ("alone", "hybrid", "hybrid2")
L2S = (1.0, 3.0, 10.0)
CUTS = tuple(round(0.05 * i, 2) for i in range(1, 20))
NEVER = 1.01
"""An add cut no probability reaches: the model only filters the rules' proposals."""


@dataclass(frozen=True)
class Row:
    """One message: its incident, ts, features, label and whether the rules' timeline cites it."""

    slug: str
    ts: str
    example: Example
    proposed: bool
    fixed: bool = False
    """The rules' event tells a confirmed theory: it stays whatever the score (as ``timeline.adopt`` does)."""


@dataclass(frozen=True)
class Config:
    mode: str
    l2: float

    @property
    def label(self) -> str:
        return f"{self.mode} l2={self.l2:g}"


@dataclass(frozen=True)
class Scorer:
    """A fitted choice: the model for the rules' proposals, the model for the rest, and their cuts."""

    keep: LinearModel
    add: LinearModel

    def picks(self, rows: Sequence[Row]) -> set[str]:
        out = set()
        for r in rows:
            if r.fixed:
                out.add(r.ts)
                continue
            model = self.keep if r.proposed else self.add
            if model.probability(r.example.features) >= model.threshold:
                out.add(r.ts)
        return out


def rows_of(incidents: Sequence[Replayed]) -> dict[str, list[Row]]:
    """slug -> its messages as rows, in channel order."""
    out: dict[str, list[Row]] = {}
    for inc in incidents:
        events = rules_timeline(inc.messages, inc.board, inc.state)
        proposed = {ts for e in events for ts in e.citations}
        fixed = confirmations(events, inc.board)
        feats = incident_features(inc.messages, inc.board, inc.state, rule_kinds(inc.messages), events)
        out[inc.slug] = [
            Row(inc.slug, m.ts, Example(inc.slug, feats[m.ts], m.ts in inc.key_ts), m.ts in proposed, m.ts in fixed)
            for m in inc.messages
            if m.ts in feats
        ]
    return out


def f1(picked: set[str], truth: frozenset[str]) -> tuple[float, float, float]:
    """(F1, precision, recall) of one incident, as ``scoring.prf`` counts them."""
    tp = len(picked & truth)
    p = tp / len(picked) if picked else 0.0
    r = tp / len(truth) if truth else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def _models(config: Config, rows: Sequence[Row]) -> tuple[LinearModel, LinearModel]:
    """The (keep, add) models of ``config`` fitted on ``rows`` (threshold unset: 0.5)."""
    if config.mode == "hybrid2":
        keep = fit([r.example for r in rows if r.proposed], name=KEEP, l2=config.l2)
        add = fit([r.example for r in rows if not r.proposed], name=ADD, l2=config.l2)
        return keep, add
    model = fit([r.example for r in rows], name=KEEP, l2=config.l2)
    return model, LinearModel(ADD, model.bias, model.weights, model.threshold)


def _scored(config: Config, table: Mapping[str, list[Row]], batch: Mapping[str, str]) -> dict[str, list[float]]:
    """slug -> each row's probability from a model fitted without the incident's batch."""
    out: dict[str, list[float]] = {}
    for b in sorted(set(batch[s] for s in table)):
        train = [r for s, rows in table.items() if batch[s] != b for r in rows]
        keep, add = _models(config, train)
        for s, rows in table.items():
            if batch[s] == b:
                out[s] = [(keep if r.proposed else add).probability(r.example.features) for r in rows]
    return out


def _mean_f1(
    table: Mapping[str, list[Row]],
    scores: Mapping[str, list[float]],
    truth: Mapping[str, frozenset[str]],
    cuts: tuple[float, float],
) -> float:
    keep_cut, add_cut = cuts
    return statistics.fmean(
        f1(
            {
                r.ts
                for r, p in zip(rows, scores[s], strict=True)
                if r.fixed or p >= (keep_cut if r.proposed else add_cut)
            },
            truth[s],
        )[0]
        for s, rows in table.items()
    )


def _cut_pairs(mode: str) -> list[tuple[float, float]]:
    if mode == "alone":
        return [(c, c) for c in CUTS]
    return [(k, a) for k in (0.0, *CUTS) for a in (*CUTS, NEVER) if a >= k]


def choose_cuts(
    config: Config, table: Mapping[str, list[Row]], batch: Mapping[str, str], truth: Mapping[str, frozenset[str]]
) -> tuple[tuple[float, float], float]:
    """The (keep, add) cuts with the best leave-one-batch-out mean F1 over ``table`` (ties: higher cuts),
    and that F1."""
    scores = _scored(config, table, batch)
    best = max(_cut_pairs(config.mode), key=lambda c: (round(_mean_f1(table, scores, truth, c), 9), c))
    return best, _mean_f1(table, scores, truth, best)


def train(
    config: Config, table: Mapping[str, list[Row]], batch: Mapping[str, str], truth: Mapping[str, frozenset[str]]
) -> Scorer:
    """``config`` fitted on every row of ``table``, with cuts chosen leave-one-batch-out within it."""
    (keep_cut, add_cut), _f = choose_cuts(config, table, batch, truth)
    keep, add = _models(config, [r for rows in table.values() for r in rows])
    return Scorer(
        LinearModel(KEEP, keep.bias, keep.weights, keep_cut), LinearModel(ADD, add.bias, add.weights, add_cut)
    )


def choose_config(
    table: Mapping[str, list[Row]], batch: Mapping[str, str], truth: Mapping[str, frozenset[str]]
) -> Config:
    """The variant and L2 with the best leave-one-batch-out F1 within ``table`` (ties: the first listed)."""
    configs = [Config(m, l2) for m in MODES for l2 in L2S]
    results = [(choose_cuts(c, table, batch, truth)[1], -i) for i, c in enumerate(configs)]
    return configs[-max(results)[1]]


@dataclass(frozen=True)
class Check:
    """Per-batch (F1, precision, recall) means of the rules and of each way, each batch held out."""

    batches: list[str]
    rows: dict[str, dict[str, tuple[float, float, float]]]
    """way -> batch (or "pooled") -> (F1, P, R)."""
    chosen: dict[str, str]
    """batch -> the variant chosen without it (for "chosen by CV")."""


def check(incidents: Sequence[Replayed], configs: Sequence[Config] | None = None) -> Check:
    """Leave-one-batch-out: rules vs each configuration vs the configuration chosen inside the training
    batches (nested), each batch scored by models and cuts that never saw it."""
    table = rows_of(incidents)
    batch = {i.slug: i.batch for i in incidents}
    truth = {i.slug: i.key_ts for i in incidents}
    names = sorted(set(batch.values()))
    configs = list(configs or [Config(m, l2) for m in MODES for l2 in L2S])
    rules = {s: {r.ts for r in rows if r.proposed} for s, rows in table.items()}
    picks: dict[str, dict[str, set[str]]] = {"rules": rules}
    chosen: dict[str, str] = {}
    for b in names:
        inner = {s: rows for s, rows in table.items() if batch[s] != b}
        outer = {s: rows for s, rows in table.items() if batch[s] == b}
        best: tuple[float, int] | None = None
        for i, config in enumerate(configs):
            (keep_cut, add_cut), inner_f1 = choose_cuts(config, inner, batch, truth)
            keep, add = _models(config, [r for rows in inner.values() for r in rows])
            scorer = Scorer(
                LinearModel(KEEP, keep.bias, keep.weights, keep_cut), LinearModel(ADD, add.bias, add.weights, add_cut)
            )
            way = picks.setdefault(config.label, {})
            for s, rows in outer.items():
                way[s] = scorer.picks(rows)
            if best is None or (inner_f1, -i) > best:
                best = (inner_f1, -i)
        assert best is not None
        pick = configs[-best[1]]
        chosen[b] = pick.label
        for s in outer:
            picks.setdefault("chosen by CV", {})[s] = picks[pick.label][s]
    by_way: dict[str, dict[str, tuple[float, float, float]]] = {}
    for label, picked in picks.items():
        per: dict[str, tuple[float, float, float]] = {}
        for b in [*names, "pooled"]:
            slugs = [s for s in table if b == "pooled" or batch[s] == b]
            scores = [f1(picked[s], truth[s]) for s in slugs]
            per[b] = tuple(round(statistics.fmean(x[k] for x in scores), 3) for k in range(3))  # type: ignore[assignment]
        by_way[label] = per
    return Check(names, by_way, chosen)


def check_table(result: Check) -> str:
    """Markdown: F1 (P/R) per held-out batch and pooled, one row per way; losses to the rules counted."""
    cols = [*result.batches, "pooled"]
    lines = [
        "| way | " + " | ".join(cols) + " | batches lost to rules |",
        "|---|" + "---|" * (len(cols) + 1),
    ]
    rules = result.rows["rules"]
    for way, per in result.rows.items():
        lost = sum(1 for b in result.batches if per[b][0] < rules[b][0])
        cells = [f"{per[b][0]:.3f} ({per[b][1]:.2f}/{per[b][2]:.2f})" for b in cols]
        lines.append(f"| {way} | " + " | ".join(cells) + f" | {'—' if way == 'rules' else lost} |")
    chosen = ", ".join(f"{b}: {c}" for b, c in result.chosen.items())
    return "\n".join(lines) + f"\n\nChosen by CV inside the other batches: {chosen}\n"
