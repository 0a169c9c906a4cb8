"""Replay end to end: simulated-time cadence, outputs on disk, schema-valid grounded JSON."""

from __future__ import annotations

import base64
import json
import re
import struct
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest

from bot.clock import ManualClock
from bot.core.evidence import check_files, check_store
from bot.core.schema import postmortem_schema
from bot.domain import iso, ts_to_datetime
from bot.playback.replay import replay_channel
from bot.render.chart import MARKERS, marker_gids, plan_chart, render_chart
from bot.services import Services
from bot.slackdata.export import read_export

BASE = 1773527400  # 2026-03-14T22:30:00Z


def _msg(minute: float, text: str, user: str = "UPRIYA", **extra: object) -> dict[str, object]:
    return {"type": "message", "ts": f"{BASE + int(minute * 60)}.000100", "user": user, "text": text, **extra}


def _write_channel(tmp_path: Path, messages: list[dict[str, object]]) -> Path:
    path = tmp_path / "inc-test.json"
    path.write_text(json.dumps(messages))
    return path


def _replay(services: Services, path: Path, out: Path) -> tuple[list[float], dict[str, object]]:
    export = read_export(path)
    channel = export.channels[0]
    assert isinstance(services.clock, ManualClock)
    result = replay_channel(services, channel, names={}, out_dir=out)
    start = ts_to_datetime(f"{BASE}.000000")
    minutes = [(s.created_at - start) / timedelta(minutes=1) for s in result.sitreps]
    return minutes, json.loads((out / "postmortem.json").read_text())


def test_sitrep_cadence_only_when_there_was_activity(services: Services, tmp_path: Path) -> None:
    """A sitrep at the first tick, then at most one per 10 minutes, only when something significant
    happened: "ack, looking" is not news (silent at 11); a new hypothesis (26), its refutation (36)
    and the rollback (61) are."""
    path = _write_channel(
        tmp_path,
        [
            _msg(0.5, "[FIRING] checkout 5xx at 9%", subtype="bot_message", username="pagerduty"),
            _msg(2, "ack, looking"),
            _msg(25.2, "I suspect the DB connection pool"),
            _msg(26.5, "pool at 40%, that rules out the DB connection pool", user="ULENA"),
            _msg(60.5, "rollback complete, error rate back to baseline"),
        ],
    )
    minutes, _ = _replay(services, path, tmp_path / "out")
    assert minutes == [1, 26, 36, 61]


def test_posts_wait_for_a_tick_that_can_post_and_go_in_one_batch(services: Services, tmp_path: Path) -> None:
    """Eight posts between two sitreps (10-minute cadence) are stored in one batch just before the
    tick that can post, not one batch per minute; the sitreps come at the same minutes."""
    posts = [_msg(0.5, "[FIRING] checkout 5xx at 9%", subtype="bot_message", username="pagerduty")]
    posts += [_msg(minute + 0.2, f"update {minute}: 5xx still at 9%") for minute in range(2, 10)]
    posts += [_msg(11.5, "rollback started")]
    path = _write_channel(tmp_path, posts)
    export = read_export(path)
    result = replay_channel(services, export.channels[0], names={}, out_dir=tmp_path / "out")
    start = ts_to_datetime(f"{BASE}.000000")
    assert [(s.created_at - start) / timedelta(minutes=1) for s in result.sitreps] == [1, 11, 21]
    assert result.messages == 10
    assert result.batches == 3  # [0.5], [2.2 … 9.2] before the tick at 11, [11.5] at the end


def test_each_tick_reads_the_channel_view_once_and_never_the_active_set(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replay follows one channel: the view that decides the due minute is the one the tick uses
    (not read again, nor the scheduler's active set), and the cadence after a sitrep is worked out
    from the sitrep just posted; the sitreps come at the same minutes as a full scheduler tick's."""
    reads: list[str] = []
    view, active = services.store.sitrep_view, services.store.active_channels
    monkeypatch.setattr(services.store, "sitrep_view", lambda channel: reads.append("view") or view(channel))
    monkeypatch.setattr(services.store, "active_channels", lambda: reads.append("active") or active())
    posts = [_msg(0.5, "[FIRING] checkout 5xx at 9%", subtype="bot_message", username="pagerduty")]
    posts += [_msg(minute + 0.2, f"update {minute}: 5xx still at 9%") for minute in range(2, 10)]
    posts += [_msg(11.5, "rollback started")]
    path = _write_channel(tmp_path, posts)
    result = replay_channel(services, read_export(path).channels[0], names={}, out_dir=tmp_path / "out")
    start = ts_to_datetime(f"{BASE}.000000")
    assert [(s.created_at - start) / timedelta(minutes=1) for s in result.sitreps] == [1, 11, 21]
    assert "active" not in reads
    # One read per tick, plus one per due-minute check that found nothing due (after the last sitrep).
    assert result.ticks == 3 and reads.count("view") == 4


def test_outputs_are_written_and_grounded(services: Services, tmp_path: Path) -> None:
    path = _write_channel(
        tmp_path,
        [
            _msg(0, "Deploy #4812 of checkout-api finished", subtype="bot_message", username="deploybot"),
            _msg(
                5,
                "[FIRING] checkout-api 5xx error rate 12% (critical)",
                subtype="bot_message",
                username="pagerduty",
            ),
            _msg(6, "ack. Customers are failing checkout, SEV2"),
            _msg(8, "Could it be the retry config from deploy #4812?", user="UTOMAS"),
            _msg(12, "retry rate tripled after deploy #4812, consistent with that", user="UAIKO"),
            _msg(14, "rollback complete, error rate back to baseline"),
            _msg(20, "Confirmed: the retry config in deploy #4812 caused it", user="UAIKO"),
            _msg(30, "Marking the incident resolved"),
        ],
    )
    out = tmp_path / "out"
    _, document = _replay(services, path, out)
    for name in (
        "sitreps.md",
        "hypotheses.md",
        "postmortem.md",
        "postmortem.json",
        "timeline.png",
        "timeline.svg",
        "postmortem.html",
    ):
        assert (out / name).stat().st_size > 0
    jsonschema.Draft202012Validator(postmortem_schema()).validate(document)
    exported = {m["ts"] for m in json.loads(path.read_text())}
    cited = {ts for e in document["timeline"] for ts in e["citations"]}  # type: ignore[index, union-attr]
    assert cited and cited <= exported
    assert document["incident"]["severity"] == "SEV2"  # type: ignore[index]
    assert document["metrics"]["time_to_mitigate_min"] == 9.0  # type: ignore[index]
    assert "Confirmed cause" in str(document["summary"])
    md = (out / "postmortem.md").read_text()
    assert "## Timeline" in md and "deploy #4812" in md


EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "inc-checkout-latency"


def test_example_incident_end_to_end(services: Services, tmp_path: Path) -> None:
    """The bundled incident: two wrong hypotheses refuted, the right one confirmed, the second bug that a
    responder found in the code confirmed as its own cause, grounded outputs."""
    export = read_export(EXAMPLE)
    channel = export.channels[0]
    names = {uid: u.best_name for uid, u in export.users.items()}
    out = tmp_path / "out"
    result = replay_channel(services, channel, names=names, out_dir=out)
    document = json.loads((out / "postmortem.json").read_text())
    jsonschema.Draft202012Validator(postmortem_schema()).validate(document)

    stored = {m.ts for m in services.store.messages(channel.id)}
    assert result.postmortem is not None
    assert result.postmortem.cited_ts() <= stored
    deleted = {e.target_ts for e in channel.events if e.kind == "delete"}
    assert deleted and not deleted & stored
    assert not deleted & result.postmortem.cited_ts()

    statuses = [(h["statement"], h["status"]) for h in document["hypotheses"]]
    assert [s for _, s in statuses] == ["refuted", "refuted", "confirmed", "confirmed"]
    assert "connection pool" in statuses[0][0] and "Redis" in statuses[1][0] and "retry" in statuses[2][0]
    assert "idempotency key" in statuses[3][0]

    incident = document["incident"]
    assert incident["severity"] == "SEV2"
    assert incident["started_at"] == "2026-03-14T22:19:00Z"  # from the edited status update, not the original
    # Mitigation is when the symptom stopped (the clock time the status line gives, 23:48, as the answer
    # key has it), not when the rollback finished; resolution is the first declaration ("… resolving."), not
    # the status post that restates it.
    assert incident["mitigated_at"].startswith("2026-03-14T23:48")
    assert incident["resolved_at"].startswith("2026-03-15T00:29")
    assert document["metrics"]["time_to_mitigate_min"] > document["metrics"]["time_to_detect_min"] > 0

    kinds = {e["kind"] for e in document["timeline"]}
    # Alerts after the one that detected the incident repeat it; the timeline keeps the detection.
    assert {"deploy", "detect", "diagnose", "decision", "mitigate", "resolve", "comms"} <= kinds
    assert any(a["owner"] == "Marcus Oyelaran" and a["category"] == "monitoring" for a in document["action_items"])
    people = set(names.values())
    for factor in document["contributing_factors"]:
        assert not any(person in factor["text"] for person in people)

    # Sitreps: none in quiet slots, never closer than the interval, each drafted from new messages.
    assert len(result.sitreps) >= 10
    gaps = [
        (b.created_at - a.created_at) / timedelta(minutes=1)
        for a, b in zip(result.sitreps, result.sitreps[1:], strict=False)
    ]
    assert min(gaps) >= 10
    assert all(s.messages_considered > 0 for s in result.sitreps)

    # evidence.json came with the outputs: its file hashes, every cited version and the chain check out.
    manifest = json.loads((out / "evidence.json").read_text())
    assert check_files(out, manifest) is None
    assert check_store(services.store, manifest)[0] is None
    assert {c["ts"] for c in manifest["cited_messages"]} == set(document["citations"]) >= result.postmortem.cited_ts()

    # The picture: every marker and event drawn at postmortem.json's time, the PNG drawn from that plan,
    # embedded in postmortem.md and inlined in a self-contained postmortem.html.
    _, board = services.incidents.refresh(channel.id)
    plan = plan_chart(result.postmortem, board)
    assert plan is not None
    assert {name: iso(when) for name, when in plan.markers.items()} == {name: incident[key] for name, key in MARKERS}
    assert [iso(e.time) for e in plan.events] == [e["time"] for e in document["timeline"]]
    assert [lane.spans[-1].status for lane in plan.lanes] == ["refuted", "refuted", "confirmed", "confirmed"]
    png = (out / "timeline.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and render_chart(plan).png == png
    width, height = struct.unpack(">II", png[16:24])
    # One lane per hypothesis (four lanes) plus the rows the key events need so their labels do not overlap
    # (612 since session 37: a follow-up step after the recovery, blocking the bad build, is no longer an event).
    assert (width, height) == (1100, 612)
    svg = (out / "timeline.svg").read_text()
    assert all(svg.count(f'id="{gid}"') == 1 for gid in marker_gids(plan))
    assert "![Timeline](timeline.png)" in (out / "postmortem.md").read_text()
    html = (out / "postmortem.html").read_text()
    assert html.count("data:image/png;base64," + base64.b64encode(png).decode()) == 1
    assert not re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)

    everything = "".join(p.read_bytes().decode("utf-8", "replace") for p in out.iterdir())
    everything += repr(services.store.dump_all())
    for planted in (
        "Vq7!rT2mLx9pKe",
        "maria.gonzalez@example.com",
        "AKIAQ3EGT7XKJ5VZPW2M",
        "wJ9rT2xLq8Zv4NbPc6Hs1YdKm3Fg7Ue5Ai0oRtVx",
    ):
        assert planted not in everything
