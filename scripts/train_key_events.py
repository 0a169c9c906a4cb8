"""Fit the timeline's key-event scorer on every dev incident and write its weights.

Replays each dev incident the way ``sitrep eval`` does, labels every message by the answer key's
key events, picks the variant, L2 strength and cuts by leave-one-batch-out over the dev batches
(``SOURCES_<x>.md``), fits on all of them and writes ``bot/analysis/models/key_events.json`` (keeps
or drops the rules' proposals) and ``key_events_add.json`` (adds what they passed over). Rerunning
on the same dev set writes the same files.

The engine does not read these files yet: the scorer did not beat the rules held out (session 7,
issue 14), so ``timeline.build_timeline`` keeps the rules' timeline. ``timeline.adopt`` is the switch
once a fit wins the ``--check`` table (pooled, and on all but at most two batches).

    PYTHONPATH=. .venv/bin/python scripts/train_key_events.py            # fit and write the models
    PYTHONPATH=. .venv/bin/python scripts/train_key_events.py --check    # the held-out table only
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import load_settings
from bot.errors import SitrepError
from bot.playback.key_events_data import replay_set
from bot.playback.key_events_train import check, check_table, choose_config, rows_of, train
from bot.services import build_redactor

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "incidents" / "dev"
MODELS = ROOT / "bot" / "analysis" / "models"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="print the leave-one-batch-out table; write nothing")
    parser.add_argument("--dir", type=Path, default=DEV, help="the dev set (a folder of incident folders)")
    parser.add_argument("--out", type=Path, default=MODELS, help="where the model files go")
    args = parser.parse_args(argv)

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
    if args.check:
        print(check_table(check(incidents)))
        return 0
    table = rows_of(incidents)
    batch = {i.slug: i.batch for i in incidents}
    truth = {i.slug: i.key_ts for i in incidents}
    config = choose_config(table, batch, truth)
    scorer = train(config, table, batch, truth)
    args.out.mkdir(parents=True, exist_ok=True)
    for model in (scorer.keep, scorer.add):
        (args.out / f"{model.name}.json").write_text(model.to_json(), encoding="utf-8")
    print(
        f"train_key_events: {config.label}, keep cut {scorer.keep.threshold}, add cut {scorer.add.threshold}; "
        f"wrote {args.out}/{scorer.keep.name}.json and {scorer.add.name}.json"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
