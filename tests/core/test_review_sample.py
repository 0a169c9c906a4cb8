"""The committed sample postmortem is what the script regenerates; ``sitrep export`` gives the review's files."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType

import pytest

from bot.cli import main
from bot.clock import ManualClock
from bot.domain import SECTIONS
from bot.services import Services
from bot.store import EmbeddedRedis

from .test_review import CHANNEL, NAMES, feed, posted, reply

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_sample_postmortem", ROOT / "scripts" / "make_sample_postmortem.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_sample_is_up_to_date() -> None:
    """examples/sample-postmortem.md is the example incident's final postmortem, regenerated exactly."""
    sample, png = _script().build_sample_files()
    assert (ROOT / "examples" / "sample-postmortem.md").read_text(encoding="utf-8") == sample, (
        "run .venv/bin/python scripts/make_sample_postmortem.py"
    )
    assert "![Timeline](timeline.png)" in sample
    assert (ROOT / "examples" / "timeline.png").read_bytes() == png, "run scripts/make_sample_postmortem.py"
    assert sample.startswith("# Postmortem: inc-checkout-latency\n")
    assert sample.count("_Approved by ") == len(SECTIONS)
    assert "(marked by Tomás Ortega)" in sample and "correction by Priya Raman" in sample


def test_export_prints_the_reviewed_postmortem(
    services: Services,
    clock: ManualClock,
    redis_server: EmbeddedRedis,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """`sitrep export` reads the store alone (no Slack, no redactor): by channel id or tracked name."""
    svc = feed(services, clock)
    posted(svc)
    now = svc.clock.now()
    svc.reviews.correct(reply("1773480700.000001", "Impact: only card payments failed"), now)
    for section_id, _ in SECTIONS:
        svc.reviews.verdict(CHANNEL, section_id, "UPRIYA", "approve", now, name=NAMES["UPRIYA"])
    uploaded = svc.reviews.documents(CHANNEL, finalized_at=now)
    svc.reviews.complete_finalize(CHANNEL, ("F1", "F2"), now)
    monkeypatch.setenv("REDIS_URL", redis_server.url)

    out, err = io.StringIO(), io.StringIO()
    assert main(["export", CHANNEL], stdout=out, stderr=err) == 0
    assert out.getvalue() == uploaded.markdown
    out = io.StringIO()
    assert main(["export", "#inc-checkout", "--format", "json"], stdout=out, stderr=err) == 0
    assert out.getvalue() == uploaded.json_text
    assert json.loads(out.getvalue())["review"]["final"] is True
    target = tmp_path / "pm.md"
    assert main(["export", CHANNEL, "--out", str(target)], stdout=io.StringIO(), stderr=err) == 0
    assert target.read_text(encoding="utf-8") == uploaded.markdown


def test_export_of_a_channel_without_a_postmortem_is_one_clear_line(
    redis_server: EmbeddedRedis, redis_client: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    err = io.StringIO()
    assert main(["export", "C0NOPE"], stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue() == (
        "sitrep: error: there is no postmortem for C0NOPE — run /draft-postmortem in the channel first\n"
    )
