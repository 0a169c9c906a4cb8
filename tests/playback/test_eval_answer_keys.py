"""The answer keys shipped beside the harness (the fixture and the bundled example) point into their exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.playback.evaluate import incident_folders, load_truth
from bot.slackdata.export import read_export

INCIDENTS = Path(__file__).resolve().parents[1] / "data" / "incidents"
FOLDERS = [f for s in ("fixture", "example") for f in incident_folders(INCIDENTS / s)]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_ts_the_answer_key_cites_is_a_message(folder: Path) -> None:
    truth = load_truth(folder)
    posted = {m.ts for m in read_export(folder).channel(truth.channel).posts}
    cited = [ts for ts, _k in truth.key_events]
    cited += [ts for h in truth.hypotheses for ts in (h.raised_ts, *h.evidence_ts)]
    cited += list(truth.root_cause_ts)
    cited += [ts for item in (*truth.action_items, *truth.contributing_factors) for ts in item.ts]
    cited += [ts for ts, _s in truth.checkpoints]
    assert cited and [ts for ts in cited if ts not in posted] == []
    times = [truth.times[k] for k in ("detected", "acknowledged", "mitigated", "resolved")]
    assert all(times) and times == sorted(times)  # type: ignore[type-var]


def test_the_example_answer_key_reads_the_bundled_example() -> None:
    """The example folder links to the export shipped in the package, so the two never drift apart."""
    example = INCIDENTS / "example" / "inc-checkout-latency"
    bundled = Path(__file__).resolve().parents[2] / "bot" / "examples" / "inc-checkout-latency"
    assert (example / "inc-checkout-latency").resolve() == (bundled / "inc-checkout-latency").resolve()
