"""Fit the board's status model on dev incidents and write its weights and policy.

Replays each dev incident the way ``sitrep eval`` does with the rules' board shown as it is
(HYPOTHESIS_STATUS_MODEL off), labels every final-board theory the answer key lists with its truth
status, chooses the configuration (signal L2, the words' batch guard K and L2) and the decision
(policy and cuts) by leave-one-batch-out over the dev batches (``SOURCES_<x>.md``), fits on them and
writes ``bot/analysis/models/hyp_status_confirm.json``, ``hyp_status_refute.json`` and
``hyp_status_policy.json``. Rerunning on the same dev set writes the same files. ``--check`` prints
the nested held-out table (rules, demote-only, free, chosen) instead.

    PYTHONPATH=. .venv/bin/python scripts/train_hyp_status.py                      # fit all, write
    PYTHONPATH=. .venv/bin/python scripts/train_hyp_status.py --check              # the table only
    PYTHONPATH=. .venv/bin/python scripts/train_hyp_status.py --batches abcdefghijklmno   # fit a subset

The written policy is chosen among ``rules`` and ``--policy`` (default ``demote``: the model never
creates a confirmation; ``free`` was measured and adds wrong confirmations, docs/learned-models.md).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

# One BLAS thread: many small fits run faster without thread hand-offs on a shared 2-core box, and a
# fixed summation order keeps the written weights identical from run to run.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from bot.analysis.hyp_status import POLICY_FILE, cuts_json  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.errors import SitrepError  # noqa: E402
from bot.playback.hyp_status_data import replay_cases  # noqa: E402
from bot.playback.hyp_status_train import Table, check, check_table, choose, configs, fit, table_of  # noqa: E402
from bot.playback.key_events_data import batch_names  # noqa: E402
from bot.services import build_redactor  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "incidents" / "dev"
MODELS = ROOT / "bot" / "analysis" / "models"


def subset(table: Table, batches: str | None) -> Table:
    if not batches:
        return table
    keep = batch_names(batches)
    unknown = ",".join(sorted(keep - set(table.batches)))
    if unknown:
        raise SystemExit(f"train_hyp_status: error: no dev batch {unknown} (have {','.join(table.batches)})")
    totals = Counter({b: n for b, n in table.totals.items() if b in keep})
    return Table([e for e in table.examples if e.batch in keep], totals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="print the leave-one-batch-out table; write nothing")
    parser.add_argument("--dir", type=Path, default=DEV, help="the dev set (a folder of incident folders)")
    parser.add_argument("--out", type=Path, default=MODELS, help="where the model files go")
    parser.add_argument("--batches", default=None, help="fit (and check) on these batches only, e.g. abcdefghijklmno")
    parser.add_argument("--policy", choices=("demote", "free"), default="demote", help="the policy the fit may choose")
    args = parser.parse_args(argv)

    settings = load_settings(anthropic_api_key=None, redis_url=None, hypothesis_status_model=False)
    try:
        cases = replay_cases(
            args.dir,
            settings=settings,
            redactor=build_redactor(settings),
            progress=lambda slug: print(f"train_hyp_status: {slug}", file=sys.stderr),
        )
    except SitrepError as exc:
        print(f"train_hyp_status: error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    table = subset(table_of(cases), args.batches)
    if args.check:
        result = check(table, progress=lambda b: print(f"train_hyp_status: batch {b} held out", file=sys.stderr))
        print(check_table(result))
        print(f"train_hyp_status: {time.process_time():.0f} s CPU", file=sys.stderr)
        return 0
    config, cuts, tally = choose(table.examples, (args.policy,), configs())
    model = fit(table.examples, config)
    args.out.mkdir(parents=True, exist_ok=True)
    for linear in (model.confirm, model.refute):
        (args.out / f"{linear.name}.json").write_text(linear.to_json(), encoding="utf-8")
    (args.out / f"{POLICY_FILE}.json").write_text(cuts_json(cuts), encoding="utf-8")
    total = sum(table.totals.values())
    print(
        f"train_hyp_status: batches {''.join(table.batches)}, {config.label}, {cuts.policy} (confirm {cuts.confirm}, "
        f"refute {cuts.refute}, demote {cuts.demote}); leave-one-batch-out {tally.correct}/{total} correct, "
        f"{tally.wrong_confirmations} wrong confirmations; {len(model.confirm.weights)} + {len(model.refute.weights)} "
        f"weights; wrote {args.out} ({time.process_time():.0f} s CPU)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
