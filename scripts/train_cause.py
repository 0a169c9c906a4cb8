"""Fit the root-cause message ranker (``bot/analysis/models/cause.json``) and check it held out.

Every dev incident is replayed offline; every person's message becomes a candidate with the features
of :mod:`bot.analysis.cause_features`, labelled yes when ``truth.json`` lists it under
``root_cause.ts``. Incidents are grouped by their source batch (``SOURCES_<x>.md``); ``--check``
scores each batch with a model fitted without it and prints "root cause found and cited" (the
harness's own test: the first why is not Unknown and a why cites a truth cause message) for the
rules, the ranker's top pick and the hybrid (the rules' pick unless the ranker puts another message
far above it), per batch and pooled. The L2 strength, threshold and hybrid margin scored on a batch
are chosen on the other batches only (nested), so the held-out figure is honest.

Without ``--check`` the script chooses the settings by leave-one-batch-out over every batch, fits on
every dev incident (or the batches ``--batches`` names) and writes the model. It is deterministic:
rerun, same file. The shipped model was fitted on batches a–i; batches j and k came later and were its
unseen check (root cause found and cited 7/10 with the rules, 8/10 with the model). A refit on all
eleven batches was not shipped: it let a secondary finding override the example incident's confirmed
cause.

    .venv/bin/python scripts/train_cause.py --batches abcdefghi   # the shipped bot/analysis/models/cause.json
    .venv/bin/python scripts/train_cause.py --check    # the leave-one-batch-out table
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.analysis import report  # noqa: E402
from bot.analysis.cause_features import Candidate, candidates, confirmed_cause  # noqa: E402
from bot.analysis.cause_pick import MODEL, POLICY, Policy, Settings, choose  # noqa: E402
from bot.analysis.lifecycle import with_status  # noqa: E402
from bot.analysis.linear import LinearModel  # noqa: E402
from bot.clock import ManualClock  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.domain import (  # noqa: E402
    UNKNOWN,
    Board,
    IncidentState,
    Message,
    ts_to_datetime,
)
from bot.playback.evaluate import load_truth  # noqa: E402
from bot.playback.fitting import Example, fit  # noqa: E402
from bot.playback.key_events_data import batch_names, batches  # noqa: E402
from bot.playback.replay import replay_channel  # noqa: E402
from bot.services import build_redactor, open_services  # noqa: E402
from bot.slackdata.export import read_export  # noqa: E402
from bot.slackdata.users import names_map  # noqa: E402

DEV = ROOT / "tests" / "data" / "incidents" / "dev"
OUT = ROOT / "bot" / "analysis" / "models" / f"{MODEL}.json"
L2_GRID = (1.0, 3.0, 10.0)
THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.3, 0.5)
MARGINS = (0.0, 1.0, 2.0, 4.0)


@dataclass(frozen=True)
class Incident:
    """One replayed dev incident: what the postmortem draft sees, and the truth cause messages."""

    slug: str
    batch: str
    messages: Sequence[Message]
    board: Board
    state: IncidentState
    impact: str
    truth: frozenset[str]
    candidates: Sequence[Candidate]


def replay(folder: Path, batch: str) -> Incident:
    """Replay one incident offline the way ``sitrep eval`` does and keep what the draft reads."""
    settings = load_settings(anthropic_api_key=None, redis_url=None)
    truth = load_truth(folder)
    export = read_export(folder)
    channel = export.channel(truth.channel)
    names = names_map(export.users.values())
    clock = ManualClock(ts_to_datetime(channel.events[0].at))
    with (
        open_services(settings, clock=clock, redactor=build_redactor(settings), ephemeral=True) as services,
        tempfile.TemporaryDirectory(prefix="sitrep-train-") as tmp,
    ):
        services.redactor.add_known_names(n for u in export.users.values() for n in u.all_names)
        replay_channel(services, channel, names=names, out_dir=Path(tmp))
        messages = services.store.messages(channel.id)
        state, board = services.incidents.refresh(channel.id, transcript=messages)
    state = with_status(state, board)
    return Incident(
        slug=folder.name,
        batch=batch,
        messages=messages,
        board=board,
        state=state,
        impact=report.impact(messages),
        truth=frozenset(truth.root_cause_ts),
        candidates=candidates(messages, board, state),
    )


def examples(incidents: Sequence[Incident]) -> list[Example]:
    return [
        Example(group=i.slug, features=c.features, label=c.message.ts in i.truth)
        for i in incidents
        for c in i.candidates
    ]


def scores(incident: Incident, model: LinearModel) -> list[tuple[Candidate, float]]:
    return [(c, model.logit(c.features)) for c in incident.candidates]


def found(
    incident: Incident,
    model: LinearModel | None,
    settings: Settings,
    scored: Sequence[tuple[Candidate, float]] | None = None,
) -> bool:
    """The harness's "root cause found and cited" for the draft this policy would write."""
    if scored is None:
        scored = scores(incident, model) if model is not None else []
    pick = choose(
        scored, confirmed_cause(incident.board), threshold=model.threshold if model else 1.0, settings=settings
    )
    key = (incident.slug, pick.citations if pick else (), pick is not None and pick.hypothesis is not None)
    if key not in _FOUND:
        whys = report.five_whys(incident.board, incident.messages, incident.impact, pick)
        _FOUND[key] = (
            bool(whys)
            and bool(incident.truth)
            and not whys[0].answer.strip().startswith(UNKNOWN)
            and any(ts in incident.truth for why in whys for ts in why.citations)
        )
    return _FOUND[key]


_FOUND: dict[tuple[str, tuple[str, ...], bool], bool] = {}
"""A draft depends only on which messages the pick cites: scored once per incident and pick."""


def train(incidents: Sequence[Incident], l2: float, threshold: float = 0.5) -> LinearModel:
    return fit(examples(incidents), name=MODEL, l2=l2, threshold=threshold)


def held_out_models(incidents: Sequence[Incident], l2: float) -> dict[str, LinearModel]:
    """Batch -> a model fitted on every other batch (fitted once per set of incidents and L2)."""
    key = (tuple(i.slug for i in incidents), l2)
    if key not in _HELD_OUT:
        letters = sorted({i.batch for i in incidents})
        _HELD_OUT[key] = {b: train([i for i in incidents if i.batch != b], l2) for b in letters}
    return _HELD_OUT[key]


_HELD_OUT: dict[tuple[tuple[str, ...], float], dict[str, LinearModel]] = {}


def _with_threshold(model: LinearModel, threshold: float) -> LinearModel:
    return LinearModel(name=model.name, bias=model.bias, weights=model.weights, threshold=threshold)


def choose_settings(incidents: Sequence[Incident], policy: Policy) -> tuple[float, float, float, int]:
    """(l2, threshold, margin, incidents found) with the most incidents found when each batch is
    scored by a model fitted without it; ties go to the stronger L2, the higher threshold, the
    larger margin (the choice closest to the rules)."""
    best: tuple[int, float, float, float] | None = None
    for l2 in L2_GRID:
        models = held_out_models(incidents, l2)
        scored = {i.slug: scores(i, models[i.batch]) for i in incidents}
        margins = MARGINS if policy == "hybrid" else (0.0,)
        for threshold, margin in product(THRESHOLDS, margins):
            settings = Settings(policy=policy, margin=margin)
            hits = sum(
                found(i, _with_threshold(models[i.batch], threshold), settings, scored[i.slug]) for i in incidents
            )
            key = (hits, l2, threshold, margin)
            if best is None or key > best:
                best = key
    assert best is not None
    hits, l2, threshold, margin = best
    return l2, threshold, margin, hits


def check(incidents: Sequence[Incident]) -> str:
    """The leave-one-batch-out table: each batch scored by models (and settings) chosen without it."""
    letters = sorted({i.batch for i in incidents})
    rows = [
        "| batch | incidents | rules | learned top-1 | hybrid | learned settings | hybrid settings |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    totals = {"rules": 0, "learned": 0, "hybrid": 0}
    wins = {"learned": [0, 0], "hybrid": [0, 0]}
    for b in letters:
        held = [i for i in incidents if i.batch == b]
        rest = [i for i in incidents if i.batch != b]
        counts = {"rules": sum(found(i, None, Settings(policy="rules")) for i in held)}
        notes = {}
        for policy in ("learned", "hybrid"):
            l2, threshold, margin, _ = choose_settings(rest, policy)  # type: ignore[arg-type]
            model = train(rest, l2, threshold)
            counts[policy] = sum(found(i, model, Settings(policy=policy, margin=margin)) for i in held)  # type: ignore[arg-type]
            notes[policy] = f"l2 {l2:g}, p≥{threshold:g}" + (f", margin {margin:g}" if policy == "hybrid" else "")
            if counts[policy] > counts["rules"]:
                wins[policy][0] += 1
            elif counts[policy] < counts["rules"]:
                wins[policy][1] += 1
        for k, v in counts.items():
            totals[k] += v
        rows.append(
            f"| {b} | {len(held)} | {counts['rules']} | {counts['learned']} | {counts['hybrid']} | "
            f"{notes['learned']} | {notes['hybrid']} |"
        )
    n = len(incidents)
    rows.append(
        f"| pooled | {n} | {totals['rules']} ({totals['rules'] / n:.0%}) | {totals['learned']} "
        f"({totals['learned'] / n:.0%}) | {totals['hybrid']} ({totals['hybrid'] / n:.0%}) | | |"
    )
    rows.append("")
    for policy in ("learned", "hybrid"):
        rows.append(f"{policy}: beats the rules on {wins[policy][0]} batch(es), loses on {wins[policy][1]}")
    return "\n".join(rows)


def ceilings(incidents: Sequence[Incident]) -> str:
    """How often a candidate set still holds a truth cause message (the best any ranker can do)."""
    every = sum(any(c.message.ts in i.truth for c in i.candidates) for i in incidents)
    causal = (
        "cause_claim",
        "finding_claim",
        "causal_word",
        "reading_cause_found",
        "rules_cited",
        "supports_confirmed",
        "lex_cause_statement",
        "lex_cause_is",
        "lex_cause_because",
        "lex_causal_verb",
        "lex_cause_so",
    )
    narrow = sum(
        any(c.message.ts in i.truth and any(c.features.get(f) for f in causal) for c in i.candidates) for i in incidents
    )
    sizes = [len(i.candidates) for i in incidents]
    narrow_sizes = [sum(1 for c in i.candidates if any(c.features.get(f) for f in causal)) for i in incidents]
    n = len(incidents)
    return (
        f"ceiling: every person's message holds a truth cause message in {every}/{n} incidents "
        f"(mean {sum(sizes) / n:.0f} candidates); rules' candidates + cause/finding readings in {narrow}/{n} "
        f"(mean {sum(narrow_sizes) / n:.0f} candidates)"
    )


def load(folder: Path, only: str | None = None) -> list[Incident]:
    letters = batches(folder)
    wanted = batch_names(only) if only is not None else None
    out = []
    for slug, letter in sorted(letters.items()):
        if letter == slug or (wanted is not None and letter not in wanted):
            continue  # a slug no SOURCES file lists belongs to no batch
        print(f"train_cause: {slug}", file=sys.stderr)
        out.append(replay(folder / slug, letter))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="print the leave-one-batch-out table; write nothing")
    parser.add_argument("--dir", type=Path, default=DEV, help="the dev incident folder (SOURCES_<x>.md + incidents)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the model goes")
    parser.add_argument(
        "--batches",
        default=None,
        help="only these batch letters (the shipped model: --batches abcdefghi; batches j and k were its unseen check)",
    )
    args = parser.parse_args(argv)
    incidents = load(args.dir, args.batches)
    if args.check:
        print(ceilings(incidents))
        print(check(incidents))
        return 0
    l2, threshold, margin, hits = choose_settings(incidents, POLICY.policy)
    model = train(incidents, l2, threshold)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(model.to_json(), encoding="utf-8")
    print(f"train_cause: wrote {args.out} (l2 {l2:g}, threshold {threshold:g}; held out {hits}/{len(incidents)})")
    if POLICY.policy == "hybrid" and margin != POLICY.margin:
        print(
            f"train_cause: note: the held-out choice of margin is {margin:g}; cause_pick.POLICY has {POLICY.margin:g}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
