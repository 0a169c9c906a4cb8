"""The bundled example incident and the synthetic benchmark exports read cleanly."""

from __future__ import annotations

import importlib.util
import itertools
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from bot.domain import RawMessage, ts_to_datetime
from bot.slackdata.export import ChannelExport, read_export

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "inc-checkout-latency"


@pytest.fixture(scope="module")
def example() -> ChannelExport:
    return read_export(EXAMPLE).channel("inc-checkout-latency")


def _posts(channel: ChannelExport) -> list[RawMessage]:
    return list(channel.posts)


def _has(posts: list[RawMessage], pattern: str) -> list[RawMessage]:
    rx = re.compile(pattern, re.IGNORECASE)
    return [m for m in posts if rx.search(m.text)]


def test_example_is_a_full_incident(example: ChannelExport) -> None:
    """Every feature the demo exercises is present in the bundled export."""
    posts = _posts(example)
    kinds = Counter(e.kind for e in example.events)
    assert len(posts) >= 130
    assert kinds["edit"] >= 1
    assert kinds["delete"] >= 1
    assert any(m.thread_ts and m.thread_ts != m.ts for m in posts)
    assert any(m.edited_ts for m in posts)  # the `edited` field on a plain post
    assert any(m.is_bot and m.subtype == "bot_message" for m in posts)
    assert any(m.files for m in posts)
    assert any(m.subtype == "channel_join" for m in posts)
    assert len({m.ts for m in posts}) == len(posts)


def test_example_spans_midnight_and_has_quiet_periods(example: ChannelExport) -> None:
    times = [ts_to_datetime(e.at) for e in example.events]
    assert times == sorted(times)
    assert {t.date().isoformat() for t in times} == {"2026-03-14", "2026-03-15"}
    span = times[-1] - times[0]
    assert 2 * 3600 <= span.total_seconds() <= 3 * 3600
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
    assert sum(g >= 600 for g in gaps) >= 2


def test_example_people_are_named_and_bots_flagged(example: ChannelExport) -> None:
    humans = {m.user_name for m in _posts(example) if not m.is_bot}
    assert {"Priya Raman", "Marcus Oyelaran", "Lena Fischer", "Tomás Ortega", "Aiko Tanaka"} <= humans
    assert "Dana Whitfield" in humans
    bots = {m.user_name for m in _posts(example) if m.is_bot}
    assert {"PagerDuty", "Datadog", "shipit"} <= bots


def test_example_humans_text_is_not_repeated_in_extra_texts(example: ChannelExport) -> None:
    """Humans' rich_text blocks repeat ``text``; only bots' attachments add extra text."""
    assert not [m.ts for m in _posts(example) if not m.is_bot and m.extra_texts]
    assert any(m.is_bot and m.extra_texts for m in _posts(example))


def test_example_carries_what_the_redactor_and_engine_need(example: ChannelExport) -> None:
    posts = _posts(example)
    assert _has(posts, r"postgres://\w+:[^@\s]+@")
    assert _has(posts, r"AKIA[0-9A-Z]{16}")
    assert _has(posts, r"[\w.]+@example\.com")
    assert _has(posts, r"deploy #4812")
    for cue in ("I suspect", "could it be", "hypothesis:"):
        assert _has(posts, re.escape(cue)), cue
    for cue in ("consistent with", "I see the same", r"\+1, matches", "confirms"):
        assert _has(posts, cue), cue
    for cue in ("rules out", "ruled out", "not the cause", "doesn't match", "nope,"):
        assert _has(posts, cue), cue
    for cue in ("decision:", "Status:", "rolling back", "rollback complete", "back to baseline"):
        assert _has(posts, re.escape(cue)), cue
    for cue in ("posted status page", "resolved", "closing the incident", "action item", "TODO:"):
        assert _has(posts, re.escape(cue)), cue
    assert _has(posts, "follow-up:")
    assert _has(posts, "open question")
    assert _has(posts, r"<@U[A-Z0-9]+>")


def test_example_edit_and_delete_target_real_messages(example: ChannelExport) -> None:
    posted = {e.target_ts for e in example.events if e.kind == "post"}
    for event in example.events:
        if event.kind != "post":
            assert event.target_ts in posted
            assert ts_to_datetime(event.at) > ts_to_datetime(event.target_ts)


# --------------------------------------------------------------------------- synthetic exports


@pytest.fixture(scope="module")
def synthetic() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_synthetic", REPO / "bench" / "synthetic.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_export_reads_back_every_message(synthetic: ModuleType, tmp_path: Path) -> None:
    write: Callable[..., Path] = synthetic.write_synthetic_export
    root = write(tmp_path / "syn", 1000)
    channel = read_export(root).channel("inc-synthetic")
    posts = channel.posts
    assert len(posts) == 1000
    assert all(e.kind == "post" for e in channel.events)
    assert len(list((root / "inc-synthetic").glob("*.json"))) >= 2
    replies = sum(1 for m in posts if m.thread_ts and m.thread_ts != m.ts)
    assert 50 <= replies <= 150
    assert any(m.is_bot and m.extra_texts for m in posts)
    assert any("any chance it's" in m.text or "my money's on" in m.text for m in posts)


def test_synthetic_export_is_deterministic(synthetic: ModuleType, tmp_path: Path) -> None:
    write: Callable[..., Path] = synthetic.write_synthetic_export
    first = write(tmp_path / "a", 300, seed=3, channel="inc-x")
    second = write(tmp_path / "b", 300, seed=3, channel="inc-x")
    other = write(tmp_path / "c", 300, seed=4, channel="inc-x")

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.json"))}

    assert files(first) == files(second)
    assert files(first) != files(other)


def test_synthetic_cli_writes_an_export(
    synthetic: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert synthetic.main([str(tmp_path / "cli"), "--messages", "25", "--channel", "inc-cli"]) == 0
    assert "wrote 25 messages" in capsys.readouterr().out
    assert len(read_export(tmp_path / "cli").channel("inc-cli").posts) == 25
