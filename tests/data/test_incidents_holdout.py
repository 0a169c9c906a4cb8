"""The project's holdout incidents (issue 14) load, and their answer keys point into them.

The holdout is scored apart from the dev set and never read while rules change; a key citing a
message its export lacks, or times out of order, would make its score meaningless. Every folder
under ``tests/data/incidents/holdout`` holding a truth.json is checked.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.domain import ts_key
from bot.slackdata.export import read_export

HOLDOUT = Path(__file__).parent / "incidents" / "holdout"
INCIDENTS = sorted(p for p in HOLDOUT.iterdir() if (p / "truth.json").is_file()) if HOLDOUT.is_dir() else []
TIMES = ("start", "detected", "acknowledged", "mitigated", "resolved")
EVENT_KINDS = {
    "detect",
    "acknowledge",
    "diagnose",
    "identified",
    "mitigate",
    "deploy",
    "decision",
    "comms",
    "resolve",
    "escalate",
}
STATUSES = {"investigating", "identified", "mitigated", "resolved"}
READ_AT = datetime(2026, 12, 1, tzinfo=UTC)


def truth_of(folder: Path) -> dict[str, Any]:
    data = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def cited_ts(t: dict[str, Any]) -> list[str]:
    """Every message ts the answer key refers to."""
    cited = [e["ts"] for e in t["key_events"]]
    for h in t["hypotheses"]:
        cited += [h["raised_ts"], *h["evidence_ts"]]
    cited += t["root_cause"]["ts"]
    for f in t["contributing_factors"]:
        cited += f["ts"]
    cited += [a["ts"] for a in t["action_items"]]
    cited += [c["after_ts"] for c in t["status_checkpoints"]]
    return cited


def test_the_holdout_has_at_least_four_incidents() -> None:
    assert len(INCIDENTS) >= 4


def test_holdout_sources_are_listed() -> None:
    sources = (HOLDOUT / "SOURCES.md").read_text(encoding="utf-8")
    for folder in INCIDENTS:
        assert folder.name in sources
        assert truth_of(folder)["source"]["url"] in sources


@pytest.mark.parametrize("folder", INCIDENTS, ids=lambda p: p.name)
def test_export_loads_and_every_cited_ts_is_a_message(folder: Path) -> None:
    t = truth_of(folder)
    posts = read_export(folder, now=READ_AT).channel(str(t["channel"])).posts
    assert 60 <= len(posts) <= 150
    stamps = [m.ts for m in posts]
    assert len(set(stamps)) == len(stamps)
    assert [ts for ts in cited_ts(t) if ts not in set(stamps)] == []


@pytest.mark.parametrize("folder", INCIDENTS, ids=lambda p: p.name)
def test_answer_key_is_well_formed(folder: Path) -> None:
    t = truth_of(folder)
    assert t["source"]["url"].startswith("https://")
    assert t["source"]["published"] >= "2023-01-01"
    assert t["severity"] in {"SEV1", "SEV2", "SEV3", "SEV4"}
    times = {k: datetime.strptime(t["times"][k], "%Y-%m-%dT%H:%M:%SZ") for k in TIMES}
    # An alert may fire before customers feel anything (OpenAI 2024-12): detection may precede the start.
    ordered = [times[k] for k in ("detected", "acknowledged", "mitigated", "resolved")]
    assert ordered == sorted(ordered), t["times"]
    assert times["start"] <= times["mitigated"], t["times"]
    assert 8 <= len(t["key_events"]) <= 20
    assert {e["kind"] for e in t["key_events"]} <= EVENT_KINDS
    assert {h["status"] for h in t["hypotheses"]} <= {"confirmed", "refuted", "open"}
    assert any(h["status"] == "refuted" for h in t["hypotheses"])
    assert t["root_cause"]["ts"] and t["action_items"]
    assert {c["status"] for c in t["status_checkpoints"]} <= STATUSES


@pytest.mark.parametrize("folder", INCIDENTS, ids=lambda p: p.name)
def test_day_files_hold_their_own_day_in_ts_order(folder: Path) -> None:
    for day in sorted((folder / str(truth_of(folder)["channel"])).glob("*.json")):
        messages = json.loads(day.read_text(encoding="utf-8"))
        keys = [ts_key(m["ts"]) for m in messages]
        assert keys == sorted(keys)
        assert {datetime.fromtimestamp(float(m["ts"]), UTC).strftime("%Y-%m-%d") for m in messages} == {day.stem}
