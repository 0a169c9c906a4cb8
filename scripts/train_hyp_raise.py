"""Fit the raise reading (a theory put forward by a message the board leaves untouched) and write it.

Replays each dev incident of the chosen batches the way ``sitrep eval`` does (the rules' board; the
raise and status models off), folds each transcript again to read every person's message the board
leaves untouched with the board as it stood then, labels a message that raised a key hypothesis no
rules' theory matches, chooses the configuration (signal L2, the words' batch guard K and word L2),
the cut and the policy by leave-one-batch-out over the batches (``SOURCES_<x>.md``), fits on them
and writes ``bot/analysis/models/hyp_raise.json`` and ``hyp_raise_policy.json``. Rerunning on the
same batches writes the same files. ``--check`` prints the nested held-out table instead (rows for a
false raise costing 0.3 and 0.1). ``--cost`` is what a false raise costs when the written model is
chosen (default 0.1: the row that held out clears the adoption bar; 0.3 gives a model that raises
almost nothing, docs/learned-models.md).

    PYTHONPATH=. .venv/bin/python scripts/train_hyp_raise.py                  # batches a-o, write
    PYTHONPATH=. .venv/bin/python scripts/train_hyp_raise.py --check          # the table only
    PYTHONPATH=. .venv/bin/python scripts/train_hyp_raise.py --batches abcdefghijklmnopq --out /tmp/m

The default batches are a-o: batches p and q are reserved for the lead's pre-registered test of this
model and are neither replayed nor read unless named.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

# One BLAS thread: many small fits run faster without thread hand-offs on a shared 2-core box, and a
# fixed summation order keeps the written weights identical from run to run.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from bot.analysis.hyp_raise import POLICY_FILE, policy_json  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.errors import SitrepError  # noqa: E402
from bot.playback.evaluate import incident_folders, load_truth  # noqa: E402
from bot.playback.hyp_raise_train import (  # noqa: E402
    SENSITIVITY_COST,
    Incident,
    Table,
    case_of,
    check,
    check_table,
    choose,
    configs,
    fit,
)
from bot.playback.key_events_data import batch_names, batches, replay_incident  # noqa: E402
from bot.services import build_redactor  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "incidents" / "dev"
MODELS = ROOT / "bot" / "analysis" / "models"
DEFAULT_BATCHES = "abcdefghijklmno"


def incidents(set_dir: Path, wanted: str) -> list[Incident]:
    """The incidents of the ``wanted`` batches, replayed (no other incident is opened)."""
    folds = batches(set_dir)
    have = set(folds.values())
    names = batch_names(wanted)
    unknown = ",".join(sorted(names - have))
    if unknown:
        raise SystemExit(f"train_hyp_raise: error: no dev batch {unknown} (have {','.join(sorted(have))})")
    settings = load_settings(
        anthropic_api_key=None, redis_url=None, hypothesis_status_model=False, hypothesis_raise_model=False
    )
    redactor = build_redactor(settings)
    out = []
    for folder in incident_folders(set_dir):
        batch = folds[folder.name]
        if batch not in names:
            continue
        print(f"train_hyp_raise: {folder.name}", file=sys.stderr)
        replayed = replay_incident(folder, batch, settings=settings, redactor=redactor)
        out.append(Incident(folder.name, batch, replayed.board.channel, replayed.messages, load_truth(folder)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="print the leave-one-batch-out table; write nothing")
    parser.add_argument("--dir", type=Path, default=DEV, help="the dev set (a folder of incident folders)")
    parser.add_argument("--out", type=Path, default=MODELS, help="where the model files go")
    parser.add_argument(
        "--cost", type=float, default=SENSITIVITY_COST, help="what a false raise costs in the objective (default 0.1)"
    )
    parser.add_argument("--batches", default=DEFAULT_BATCHES, help=f"batches to use (default {DEFAULT_BATCHES})")
    args = parser.parse_args(argv)
    try:
        table = Table([case_of(i) for i in incidents(args.dir, args.batches)])
    except SitrepError as exc:
        print(f"train_hyp_raise: error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    if args.check:
        result = check(table, progress=lambda b: print(f"train_hyp_raise: batch {b} held out", file=sys.stderr))
        print(check_table(result))
        print(f"train_hyp_raise: {time.process_time():.0f} s CPU", file=sys.stderr)
        return 0
    config, cut, policy, tally = choose(table.cases, configs(), args.cost)
    model = fit([e for c in table.cases for e in c.examples], config, threshold=cut)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{model.name}.json").write_text(model.to_json(), encoding="utf-8")
    (args.out / f"{POLICY_FILE}.json").write_text(policy_json(policy), encoding="utf-8")
    print(
        f"train_hyp_raise: batches {''.join(table.batches)}, false raise {args.cost:g}: {config.label}, cut {cut}, "
        f"policy {policy}; "
        f"leave-one-batch-out (static) {tally.gained} truth hypotheses gained, {tally.false_raises} false raises; "
        f"{len(model.weights)} weights; wrote {args.out} ({time.process_time():.0f} s CPU)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
