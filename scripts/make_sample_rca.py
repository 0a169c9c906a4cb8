"""Regenerate ``examples/sample-rca.md``: the example incident's *final* external RCA after review.

It starts from the same final postmortem as ``make_sample_postmortem.py`` (replayed, drafted,
reviewed offline with simulated time), drafts the RCA with the offline engine in the formal tone,
then reviews it the way the demo does: two people approve every section and the incident
commander keeps each punch-list item as written. The output is deterministic;
``tests/core/test_rca_sample.py`` fails when the committed sample is stale.

    .venv/bin/python scripts/make_sample_rca.py            # rewrite the sample
    .venv/bin/python scripts/make_sample_rca.py --check    # exit 1 when it is out of date
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_sample_postmortem import DANA, LENA, PRIYA, reviewed

from bot.clock import ManualClock
from bot.domain import RCA_SECTIONS

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-rca.md"
RCA_TS = "1773540000.000100"
"""Where the RCA thread's parent would sit in Slack; its section replies follow it."""


def build_sample() -> str:
    """The example's final rca.md, exactly as the RCA review uploads it."""
    with reviewed() as (services, channel, _):
        clock = services.clock
        assert isinstance(clock, ManualClock)
        rcas = services.rcas
        assert rcas is not None
        clock.advance(timedelta(minutes=10))
        names = {PRIYA: "Priya Raman", LENA: "Lena Fischer", DANA: "Dana Whitfield"}
        draft = rcas.draft(channel, clock.now(), names=names)
        rcas.attach(channel, RCA_TS, {sid: f"1773540000.{i + 2:06d}" for i, (sid, _) in enumerate(RCA_SECTIONS)})
        for sid, _ in RCA_SECTIONS:
            clock.advance(timedelta(minutes=1))
            for user in (LENA, DANA):
                rcas.verdict(channel, sid, user, "approve", clock.now(), name=names[user])
        for item in draft.rca.open_items:
            clock.advance(timedelta(minutes=1))
            rcas.resolve(channel, item.id, "keep", PRIYA, clock.now(), name=names[PRIYA])
        clock.advance(timedelta(minutes=1))
        documents = rcas.documents(channel, finalized_at=clock.now())
        rcas.complete_finalize(channel, ("F0RCAMD", "F0RCAJSON", "F0RCAHTML"), clock.now())
        assert rcas.documents(channel).markdown == documents.markdown  # what `sitrep export --rca` gives
        return documents.markdown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed sample is out of date")
    args = parser.parse_args(argv)
    sample = build_sample()
    if args.check:
        current = SAMPLE.read_text(encoding="utf-8") if SAMPLE.exists() else ""
        if current != sample:
            sys.stderr.write(f"{SAMPLE.relative_to(ROOT)} is out of date: run scripts/make_sample_rca.py\n")
            return 1
        return 0
    SAMPLE.write_text(sample, encoding="utf-8")
    sys.stdout.write(f"wrote {SAMPLE.relative_to(ROOT)} ({len(sample.splitlines())} lines)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
