"""The real-incident dev set is usable as an answer key: every export loads, every cited ts exists.

An evaluation harness scores the engine against ``truth.json``; a truth file citing a message that
is not in the export, or times out of order, would silently make every score wrong. These checks
keep the data honest as incidents are added (issue 14).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.slackdata.export import read_export

DEV = Path(__file__).parent / "incidents" / "dev"
INCIDENTS = sorted(p for p in DEV.iterdir() if (p / "truth.json").is_file()) if DEV.is_dir() else []
_ORDER = ("start", "detected", "acknowledged", "mitigated", "resolved")
_STATUSES = {"investigating", "identified", "mitigated", "resolved"}
_HYPOTHESIS = {"confirmed", "refuted", "open"}


def _truth(folder: Path) -> dict[str, object]:
    data = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _cited(truth: dict[str, object]) -> list[str]:
    """Every ts the answer key points at."""
    out: list[str] = []
    for ev in truth["key_events"]:  # type: ignore[attr-defined]
        out.append(ev["ts"])
    for hyp in truth["hypotheses"]:  # type: ignore[attr-defined]
        out += [hyp["raised_ts"], *hyp["evidence_ts"]]
    out += truth["root_cause"]["ts"]  # type: ignore[index]
    for factor in truth["contributing_factors"]:  # type: ignore[attr-defined]
        out += factor["ts"]
    for item in truth["action_items"]:  # type: ignore[attr-defined]
        out.append(item["ts"])
    for check in truth["status_checkpoints"]:  # type: ignore[attr-defined]
        out.append(check["after_ts"])
    return out


def test_dev_set_has_incidents() -> None:
    assert len(INCIDENTS) >= 6


@pytest.mark.parametrize("folder", INCIDENTS, ids=lambda p: p.name)
def test_incident_loads_and_truth_cites_real_messages(folder: Path) -> None:
    truth = _truth(folder)
    export = read_export(folder)
    channel = export.channel(str(truth["channel"]))
    posts = channel.posts
    assert 60 <= len(posts) <= 150
    known = {m.ts for m in posts}
    missing = [ts for ts in _cited(truth) if ts not in known]
    assert missing == []
    authors = {m.user for m in posts}
    for item in truth["action_items"]:  # type: ignore[attr-defined]
        assert item["owner"] is None or item["owner"] in export.users
    assert authors  # someone wrote it
    for check in truth["status_checkpoints"]:  # type: ignore[attr-defined]
        assert check["status"] in _STATUSES
    for hyp in truth["hypotheses"]:  # type: ignore[attr-defined]
        assert hyp["status"] in _HYPOTHESIS


@pytest.mark.parametrize("folder", INCIDENTS, ids=lambda p: p.name)
def test_incident_times_are_ordered_and_source_is_recent(folder: Path) -> None:
    truth = _truth(folder)
    times = truth["times"]
    assert isinstance(times, dict)
    stamps = [datetime.fromisoformat(str(times[k]).replace("Z", "+00:00")) for k in _ORDER]
    assert all(s.tzinfo == UTC for s in stamps)
    assert stamps == sorted(stamps)
    source = truth["source"]
    assert isinstance(source, dict)
    assert date.fromisoformat(source["published"]) >= date(2023, 1, 1)
    assert str(source["url"]).startswith("https://")
    assert truth["severity"] in {"SEV1", "SEV2", "SEV3", "SEV4"}
    assert 8 <= len(truth["key_events"]) <= 20  # type: ignore[arg-type]
