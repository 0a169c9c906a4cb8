"""`sitrep demo` end to end: the example incident through the real Slack app and the local Slack."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from bot.cli import main
from bot.clock import ManualClock
from bot.config import Settings
from bot.core.schema import postmortem_schema
from bot.domain import SECTIONS, ts_to_datetime
from bot.playback.demo import DEMO_REPO, demo_settings, local_github, run_demo
from bot.services import build
from bot.slackdata.export import read_export
from bot.store import Store

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "inc-checkout-latency"


@pytest.mark.slow
def test_demo_plays_the_incident_through_slack(store: Store, redactor: object, tmp_path: Path) -> None:
    export = read_export(EXAMPLE)
    clock = ManualClock(ts_to_datetime(export.channels[0].events[0].at))
    settings = Settings(_env_file=None, sitrep_data_dir=tmp_path / "data")  # type: ignore[call-arg]
    store = Store(store.client, clock=clock)
    with local_github(export) as github:
        # The CLI's wiring: TRACKER=github pointed at the stand-in on 127.0.0.1, the tracker built from it.
        services = build(demo_settings(settings, github, export), clock=clock, store=store, redactor=redactor)  # type: ignore[arg-type]
        assert services.trackers is not None
        try:
            result = run_demo(services, export, out_dir=tmp_path / "out")
        finally:
            services.trackers.tracker.close()

    assert result.posted >= 120
    assert result.commands[-2:] == ["/resolve", "/draft-rca"]
    assert {"/hypotheses", "/summary", "/draft-update"} <= set(result.commands)
    transcript = (tmp_path / "out" / "transcript.md").read_text()
    assert "Sitrep is tracking this channel" in transcript
    assert transcript.count("Sitrep #") >= 10
    assert "Hypothesis board" in transcript
    assert "Postmortem — inc-checkout-latency (final)" in transcript  # the review finished
    assert "📎 postmortem.json" in transcript  # and the final files were uploaded to the thread
    assert ":white_check_mark:" in transcript  # approvals by reaction show on the section messages
    assert "Updated *Timeline* from your reply" in transcript  # the scripted correction was applied
    for _, title in SECTIONS:
        assert title in transcript
    # /draft-update once mid-incident: the IC saw the draft alone, pressed Post, the channel got it.
    assert "Posted to the channel and recorded as a comms event" in transcript  # the draft, once posted
    assert "Status update — Identified" in transcript or "Status update — Investigating" in transcript
    assert "Approved and posted by" in transcript
    # /draft-rca after the postmortem is final: reviewed in its thread, final, files uploaded.
    assert "External RCA — inc-checkout-latency (final)" in transcript
    assert "📎 rca.json" in transcript and "📎 External RCA (HTML)" in transcript
    assert "rotate it now" in transcript  # the ephemeral warning the pasting responder saw
    assert "<PASSWORD_1>" in transcript or "<AWS_SECRET_KEY_1>" in transcript  # shown as after the warning
    outputs = {
        path.name: path.read_text(encoding="utf-8") for path in (tmp_path / "out").iterdir() if path.suffix != ".png"
    }
    assert "transcript.md" in outputs and "postmortem.md" in outputs
    assert "**Status:** Final" in outputs["rca.md"] and "checkout-api" not in outputs["rca.md"]
    assert json.loads(outputs["rca.json"])["punch_list"]["open"] == []
    assert {"timeline.svg", "postmortem.html"} <= set(outputs) and (tmp_path / "out" / "timeline.png").is_file()
    for planted in ("Vq7!rT2mLx9pKe", "wJ9rT2xLq8Zv4NbPc6Hs1YdKm3Fg7Ue5Ai0oRtVx"):
        assert planted not in repr(store.dump_all())
        for name, text in outputs.items():
            assert planted not in text, f"a planted secret is in {name}"
    document = json.loads((tmp_path / "out" / "postmortem.json").read_text())
    jsonschema.Draft202012Validator(postmortem_schema()).validate(document)
    assert [h["status"] for h in document["hypotheses"]] == ["refuted", "refuted", "confirmed", "confirmed"]

    # Action items -> the GitHub stand-in once final: one create per item, links shown in the thread.
    items = document["action_items"]
    assert len(items) >= 3
    creates = github.requests("POST")
    assert len(creates) == len(items) == len(github.issues)
    assert all(r.status == 201 and r.path == f"/repos/{DEMO_REPO}/issues" for r in creates)
    assert sorted(r.body["title"] for r in creates) == sorted(i["text"] for i in items)
    assert any(i["assignees"] for i in github.issues.values())  # owners mapped to the stand-in's logins
    assert result.tracker_status == f"{len(items)} created"
    status = transcript[transcript.index(f"*Action items → GitHub*: {len(items)} created") :]
    for number in github.issues:
        assert f"#{number} https://github.example/{DEMO_REPO}/issues/{number}" in status
    for planted in ("Vq7!rT2mLx9pKe", "wJ9rT2xLq8Zv4NbPc6Hs1YdKm3Fg7Ue5Ai0oRtVx"):
        assert all(planted not in r.text for r in github.journal)

    # evidence.json lists the written files and `sitrep verify` accepts the folder.
    evidence = json.loads(outputs["evidence.json"])
    assert sorted(evidence["files"]) == ["postmortem.json", "postmortem.md"]
    assert evidence["incident"]["name"] == "inc-checkout-latency"
    assert main(["verify", str(tmp_path / "out"), "--no-store"]) == 0
    tampered = tmp_path / "tampered"
    shutil.copytree(tmp_path / "out", tampered)
    (tampered / "postmortem.md").write_text(outputs["postmortem.md"] + "\nedited after export\n", encoding="utf-8")
    assert main(["verify", str(tampered), "--no-store"]) == 1  # the check can fail
