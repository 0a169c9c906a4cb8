"""Bounds on what an export or a live payload can make Sitrep read, hold or replay."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.config import Settings
from bot.errors import ExportError
from bot.playback.replay import replay_channel
from bot.services import Services
from bot.slackdata.export import message_events, read_export
from bot.slackdata.limits import DEFAULT_LIMITS, ExportLimits
from tests.slackdata.builders import BASE, CHANNEL, DAY, GOOD_DAY, export_folder, msg, write, zip_with_big_member

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 15, tzinfo=UTC)
MIB = 1024 * 1024


def test_text_cap_is_the_largest_max_message_chars() -> None:
    """The reader's hard cap never cuts what ingest is configured to keep (truncation is ingest's job)."""
    field = Settings.model_fields["max_message_chars"]
    highest = next(m.le for m in field.metadata if getattr(m, "le", None) is not None)
    assert DEFAULT_LIMITS.text_chars == highest


def test_text_beyond_the_hard_cap_is_cut_there_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    limits = ExportLimits(text_chars=1_000)
    [event] = message_events(msg(0, "y" * 5_000), "C1", {}, now=NOW, limits=limits)
    assert event.message is not None and event.message.text == "y" * 1_000
    assert "has a `text` of 5000 characters; kept the first 1000" in caplog.text
    assert "yyyy" not in caplog.text


def test_blocks_attachments_and_files_are_capped() -> None:
    limits = ExportLimits(text_chars=50, parts=3)
    item = msg(
        0,
        "short",
        blocks=[{"type": "section", "text": {"type": "plain_text", "text": f"block {i} " * 5}} for i in range(10)],
        files=[{"title": f"f{i}"} for i in range(10)],
        username="n" * 5_000,
        subtype="bot_message",
    )
    [event] = message_events(item, "C1", {}, now=NOW, limits=limits)
    raw = event.message
    assert raw is not None
    assert raw.files == ("f0", "f1", "f2")
    assert sum(len(t) for t in raw.extra_texts) <= 50
    assert raw.user_name is not None and len(raw.user_name) == DEFAULT_LIMITS.name_chars


def test_lone_surrogates_are_replaced_in_live_events_too() -> None:
    """A live event with half a surrogate pair is stored with U+FFFD, not dropped."""
    item = json.loads(
        f'{{"ts": "{BASE}.000100", "user": "U\\ud800", "text": "disk \\udfff full",'
        ' "user_profile": {"real_name": "Pri\\ud83dya"}, "attachments": [{"title": "x\\udc00"}],'
        ' "files": [{"name": "\\ud800.log"}]}'
    )
    [event] = message_events(item, "C\ud800", {}, now=NOW)
    raw = event.message
    assert raw is not None
    strings = [raw.channel, raw.text, raw.user or "", raw.user_name or "", *raw.extra_texts, *raw.files]
    for text in strings:
        text.encode("utf-8")  # raises on a lone surrogate
    assert raw.text == "disk \ufffd full" and raw.user_name == "Pri\ufffdya" and raw.channel == "C\ufffd"


def test_ts_is_judged_against_the_injected_now() -> None:
    """A day of clock skew is fine; more is not."""
    ok = message_events(msg(0) | {"ts": f"{int(NOW.timestamp()) + 86_000}.000001"}, "C1", {}, now=NOW)
    assert ok[0].at.endswith(".000001")
    with pytest.raises(ExportError, match=r"outside the dates a Slack message can have \(2013-01-01 to 2026-03-16\)"):
        message_events(msg(0) | {"ts": f"{int(NOW.timestamp()) + 90_000}.000001"}, "C1", {}, now=NOW)


def test_all_reads_of_one_export_share_a_budget(tmp_path: Path) -> None:
    """Many members each under the file cap still stop at the total (a zip bomb of small files)."""
    root = export_folder(tmp_path / "src")
    for day in range(1, 9):
        write(root / CHANNEL / f"2026-03-{day:02d}.json", [msg(day * 60, "z" * 20_000)])
    target = tmp_path / "many.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*.json")):
            archive.write(path, path.relative_to(root).as_posix())
    limits = ExportLimits(file_bytes=30_000, total_bytes=100_000)
    with pytest.raises(ExportError, match=r"the export's files add up to more than 0\.10 MB"):
        read_export(target, now=NOW, limits=limits)
    assert read_export(target, now=NOW, limits=ExportLimits(file_bytes=30_000)).channels[0].events


def test_file_cap_applies_to_folders_and_single_files(tmp_path: Path) -> None:
    limits = ExportLimits(file_bytes=1_000)
    root = export_folder(tmp_path / "export", [msg(i, "w" * 100) for i in range(20)])
    with pytest.raises(ExportError, match=r"inc-db/2026-03-14\.json: is 0\.00 MB, more than the 0\.00 MB"):
        read_export(root, now=NOW, limits=limits)
    with pytest.raises(ExportError, match=r"2026-03-14\.json: is 0\.00 MB"):
        read_export(root / CHANNEL / DAY, now=NOW, limits=limits)


def test_replay_skips_idle_minutes_of_an_absurd_span(services: Services, tmp_path: Path) -> None:
    """Twelve years between two messages cost a handful of ticks, and the sitreps are the same."""
    early = {**msg(0, "[FIRING] db latency p99 4s"), "ts": "1400000000.000100"}
    path = write(tmp_path / "inc-db.json", [early, *GOOD_DAY])
    channel = read_export(path, now=NOW).channels[0]
    assert isinstance(services.clock, ManualClock)
    result = replay_channel(services, channel, names={}, out_dir=tmp_path / "out")
    span_minutes = (BASE - 1_400_000_000) // 60
    assert span_minutes > 6_000_000
    # One tick per sitrep: the first minute after 2014's message, then 2026's first and tenth.
    assert [s.created_at.year for s in result.sitreps] == [2014, 2026, 2026]
    assert result.ticks == len(result.sitreps) == 3


_MEASURE = """
import io, resource, sys
from bot.cli import main
err = io.StringIO()
code = main(["replay", sys.argv[1], "--out", sys.argv[2], "--no-progress"], stdout=io.StringIO(), stderr=err)
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, err.getvalue().strip(), sep="|")
"""


def _peak_rss_mb(export: Path, out: Path) -> tuple[int, int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ANTHROPIC_", "REDIS_", "SITREP_"))}
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(export), str(out)],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(ROOT)},
        cwd=out.parent,
        timeout=120,
        check=True,
    )
    code, rss, err = done.stdout.strip().splitlines()[-1].split("|", 2)
    return int(code), int(rss), err


@pytest.mark.slow
def test_peak_memory_stays_flat_for_huge_zip_members(tmp_path: Path) -> None:
    """A 200 MB member (refused from its header) and one whose header understates 80 MB
    (refused while reading) cost no more memory than a tiny malformed export."""
    tiny = write(tmp_path / "tiny.json", "[")
    honest = zip_with_big_member(tmp_path / "honest.zip", 200 * MIB)
    liar = zip_with_big_member(tmp_path / "liar.zip", 80 * MIB, declared=1_000)
    baseline = _peak_rss_mb(tiny, tmp_path / "out")
    for bomb, message in ((honest, "is 200 MB, more than the 64 MB"), (liar, "cannot be read from the zip")):
        code, rss, err = _peak_rss_mb(bomb, tmp_path / "out")
        assert code == 2 and message in err
        print(f"{bomb.name}: {rss} MB peak vs {baseline[1]} MB for a tiny export")  # the report's figure
        assert rss - baseline[1] < 40, f"{bomb.name}: {rss} MB peak vs {baseline[1]} MB for a tiny export"
