"""scripts/train_key_events.py on a small fixture: the same dev set writes the same model files, and the
leave-one-batch-out check is repeatable and scores each batch held out."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from bot.config import load_settings
from bot.playback.key_events_data import batches, replay_set
from bot.playback.key_events_train import check, check_table, rows_of

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "incidents" / "fixture" / "ledger-queue-stall"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_key_events", ROOT / "scripts" / "train_key_events.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three batches of one incident each (the fixture copied under three slugs)."""
    root = tmp_path_factory.mktemp("dev")
    for batch in ("x", "y", "z"):
        slug = f"ledger-{batch}"
        shutil.copytree(FIXTURE, root / slug)
        (root / f"SOURCES_{batch}.md").write_text(f"| {slug} | fixture |\n", encoding="utf-8")
    return root


def test_batches_come_from_the_sources_files(dev: Path) -> None:
    assert batches(dev) == {"ledger-x": "x", "ledger-y": "y", "ledger-z": "z"}


@pytest.mark.slow
def test_rerunning_the_script_writes_identical_models(dev: Path, tmp_path: Path) -> None:
    script = _script()
    assert script.main(["--dir", str(dev), "--out", str(tmp_path / "a")]) == 0
    assert script.main(["--dir", str(dev), "--out", str(tmp_path / "b")]) == 0
    for name in ("key_events.json", "key_events_add.json"):
        first = (tmp_path / "a" / name).read_text(encoding="utf-8")
        assert first == (tmp_path / "b" / name).read_text(encoding="utf-8")
        assert json.loads(first)["name"] == name.removesuffix(".json")


@pytest.mark.slow
def test_the_check_is_repeatable_and_holds_each_batch_out(dev: Path) -> None:
    settings = load_settings(anthropic_api_key=None, redis_url=None)
    from bot.services import build_redactor

    incidents = replay_set(dev, settings=settings, redactor=build_redactor(settings))
    assert rows_of(incidents)["ledger-x"]  # every message of the channel is a row
    first = check(incidents)
    assert check_table(first) == check_table(check(incidents))
    assert first.batches == ["x", "y", "z"]
    assert set(first.rows["rules"]) == {"x", "y", "z", "pooled"}
    assert "chosen by CV" in first.rows


def test_a_missing_dev_set_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _script().main(["--dir", str(tmp_path / "nope"), "--check"]) == 2
    assert "is not a folder" in capsys.readouterr().err
