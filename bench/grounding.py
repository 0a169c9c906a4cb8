"""Score the offline engine on the incident sets (dev and holdout apart): a thin wrapper on ``sitrep eval``.

    .venv/bin/python bench/grounding.py                     # every set present: tables + one EVAL line
    .venv/bin/python bench/grounding.py --set dev --write-doc
    .venv/bin/python bench/grounding.py --dir path/to/incidents

The scoring lives in the product (``bot/playback/evaluate.py``, ``bot/playback/scoring.py``);
``docs/evaluation.md`` explains each figure. ``--write-doc`` replaces each set's section between its
markers in docs/evaluation.md and leaves the other sets' sections as they are.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.docs import update_section  # noqa: E402

INCIDENTS = ROOT / "tests" / "data" / "incidents"
SETS = ("dev", "holdout")
DOC = ROOT / "docs" / "evaluation.md"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- eval:{name}:begin -->", f"<!-- eval:{name}:end -->"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=(*SETS, "all"), default="all", help="which set (default: all present)")
    parser.add_argument("--dir", type=Path, default=None, help="score this folder of incident folders instead")
    parser.add_argument("--write-doc", action="store_true", help="write the tables into docs/evaluation.md")
    args = parser.parse_args(argv)

    from bot.config import load_settings
    from bot.errors import SitrepError
    from bot.playback.evaluate import eval_line, evaluate_set, incident_folders, set_markdown
    from bot.services import build_redactor

    if args.dir is not None:
        targets = [(args.dir.name, args.dir)]
    else:
        names = SETS if args.set == "all" else (args.set,)
        targets = [(n, INCIDENTS / n) for n in names]
    present = []
    for name, folder in targets:
        try:
            incident_folders(folder)
        except SitrepError as exc:
            if args.set == "all" and args.dir is None:
                print(f"grounding: skipping {name}: {str(exc).splitlines()[0]}", file=sys.stderr)
                continue
            print(f"grounding: error: {str(exc).splitlines()[0]}", file=sys.stderr)
            return 2
        present.append((name, folder))
    if not present:
        print("grounding: error: no incident set found", file=sys.stderr)
        return 2

    settings = load_settings(anthropic_api_key=None, redis_url=None)
    redactor = build_redactor(settings)
    scores = []
    for name, folder in present:
        result = evaluate_set(
            folder,
            settings=settings,
            redactor=redactor,
            name=name,
            progress=lambda slug: print(f"grounding: {slug}", file=sys.stderr),
        )
        scores.append(result)
        section = set_markdown(result)
        print(section)
        if args.write_doc:
            begin, end = markers(name)
            update_section(f"{begin}\n{section}{end}", begin, end, doc=DOC)
    print(eval_line(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
