"""Fit the timeline's key-event scorer on every dev incident and write its weights.

Replays each dev incident the way ``sitrep eval`` does, labels every message by the answer key's
key events, picks the variant, the L2 strengths, the vocabulary's batch guard K and the cuts by
leave-one-batch-out over the dev batches (``SOURCES_<x>.md``), fits on all of them and writes
``bot/analysis/models/key_events.json`` (keeps or drops the rules' proposals) and
``key_events_add.json`` (adds what they passed over); their weights are the fitted vocabulary.
Rerunning on the same dev set writes the same files. ``--check`` prints the nested held-out table
(about 6 minutes on 2 shared cores). ``key_events_prior.json`` (session 20's keep model) is never written
here: the engine keeps what it keeps as a floor under the refit, since the trap suite pins its choices
(session 47).

The engine reads these files (``timeline.build_timeline`` -> ``timeline.adopt``): over the 13 old
batches the words model gained +0.015 pooled but lost 5 batches; on the two fresh batches n and o it
passed a test written down before it ran (0.566 -> 0.606, neither batch lower), so it was adopted
(docs/learned-models.md). Rerun after the dev set or the rules' readings change, and check with
``--check``.

    PYTHONPATH=. .venv/bin/python scripts/train_key_events.py            # fit and write the models
    PYTHONPATH=. .venv/bin/python scripts/train_key_events.py --check    # the held-out table only
    PYTHONPATH=. .venv/bin/python scripts/train_key_events.py --config hybrid:1:4:10 --write add   # session 46
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

# One BLAS thread: hundreds of small fits run faster without thread hand-offs on a shared 2-core box, and
# a fixed summation order keeps the written weights identical from run to run.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from bot.config import load_settings  # noqa: E402
from bot.errors import SitrepError  # noqa: E402
from bot.playback.key_events_data import replay_set  # noqa: E402
from bot.playback.key_events_train import (  # noqa: E402
    MODES,
    Config,
    check,
    check_table,
    choose_config,
    configs,
    table_of,
    train,
)
from bot.services import build_redactor  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "incidents" / "dev"
MODELS = ROOT / "bot" / "analysis" / "models"


def config_of(text: str) -> Config:
    """``--config``'s value ("hybrid:1:4:10") as the configuration it names."""
    try:
        mode, l2, k, word_l2 = text.split(":")
        config = Config(mode, float(l2), int(k), float(word_l2))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected MODE:L2:K:WORD_L2, e.g. hybrid:1:4:10") from None
    if mode not in MODES:
        raise argparse.ArgumentTypeError(f"mode {mode!r} is not one of {', '.join(MODES)}")
    return config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="print the leave-one-batch-out table; write nothing")
    parser.add_argument("--dir", type=Path, default=DEV, help="the dev set (a folder of incident folders)")
    parser.add_argument("--out", type=Path, default=MODELS, help="where the model files go")
    parser.add_argument(
        "--config",
        type=config_of,
        metavar="MODE:L2:K:WORD_L2",
        help="fit this one configuration (e.g. hybrid:1:4:10) instead of choosing among all of them; the cuts "
        "are still chosen leave-one-batch-out (the full choice takes hours once dev has hundreds of batches)",
    )
    parser.add_argument(
        "--write",
        choices=("both", "add"),
        default="both",
        help="which model files to write: both, or only the adder (the keep model that decides which of the "
        "rules' moments stay is then left as shipped; session 46)",
    )
    args = parser.parse_args(argv)
    candidates = [args.config] if args.config else configs()

    settings = load_settings(anthropic_api_key=None, redis_url=None)
    try:
        incidents = replay_set(
            args.dir,
            settings=settings,
            redactor=build_redactor(settings),
            progress=lambda slug: print(f"train_key_events: {slug}", file=sys.stderr),
        )
    except SitrepError as exc:
        print(f"train_key_events: error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    table = table_of(incidents)
    if args.check:
        result = check(table, progress=lambda b: print(f"train_key_events: batch {b} held out", file=sys.stderr))
        print(check_table(result))
        print(f"train_key_events: {time.process_time():.0f} s CPU", file=sys.stderr)
        return 0
    every = frozenset(range(len(table.batches)))
    config, _cuts, score = choose_config(table, every, candidates)
    keep, add = train(table, config)
    args.out.mkdir(parents=True, exist_ok=True)
    for model in (keep, add) if args.write == "both" else (add,):
        (args.out / f"{model.name}.json").write_text(model.to_json(), encoding="utf-8")
    print(
        f"train_key_events: {config.label} (leave-one-batch-out F1 {score:.3f}), keep cut {keep.threshold}, "
        f"add cut {add.threshold}, {len(keep.weights)} weights; wrote {args.out}/{keep.name}.json and "
        f"{add.name}.json ({time.process_time():.0f} s CPU)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
