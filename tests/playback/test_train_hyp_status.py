"""scripts/train_hyp_status.py on a small fixture: the same dev set writes the same model files (and
they load), the leave-one-batch-out check is repeatable and holds each batch out, ``--batches`` fits
a subset, and the word vocabulary keeps only words several training batches use."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from bot.analysis import hyp_status as hs
from bot.config import load_settings
from bot.playback.hyp_status_data import replay_cases
from bot.playback.hyp_status_train import Example, check, check_table, table_of, vocabulary
from tests.playback.trainer_support import load_script, three_batch_dev


def _script() -> ModuleType:
    return load_script("train_hyp_status")


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return three_batch_dev(tmp_path_factory.mktemp("dev"))


@pytest.mark.slow
def test_rerunning_the_script_writes_identical_models_that_load(dev: Path, tmp_path: Path) -> None:
    script = _script()
    assert script.main(["--dir", str(dev), "--out", str(tmp_path / "a")]) == 0
    assert script.main(["--dir", str(dev), "--out", str(tmp_path / "b")]) == 0
    for name in (hs.CONFIRM_MODEL, hs.REFUTE_MODEL, hs.POLICY_FILE):
        first = (tmp_path / "a" / f"{name}.json").read_text(encoding="utf-8")
        assert first == (tmp_path / "b" / f"{name}.json").read_text(encoding="utf-8")
    model = hs.load_from(tmp_path / "a")
    assert model.cuts.policy in ("rules", "demote")  # the default --policy never frees confirmations
    assert json.loads((tmp_path / "a" / f"{hs.CONFIRM_MODEL}.json").read_text(encoding="utf-8"))["weights"]


@pytest.mark.slow
def test_the_check_is_repeatable_and_holds_each_batch_out(dev: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.services import build_redactor

    settings = load_settings(anthropic_api_key=None, redis_url=None, hypothesis_status_model=False)
    cases = replay_cases(dev, settings=settings, redactor=build_redactor(settings))
    table = table_of(cases)
    assert table.batches == ["x", "y", "z"]
    assert {e.truth for e in table.examples} <= {"confirmed", "refuted", "open"} and table.examples
    first = check(table)
    assert check_table(first) == check_table(check(table_of(cases)))
    assert set(first.per_batch) == {"rules", "demote", "free", "chosen"}
    assert all(set(per) == {"x", "y", "z"} for per in first.per_batch.values())
    assert _script().main(["--dir", str(dev), "--check", "--batches", "xy"]) == 0
    out = capsys.readouterr().out
    assert "| row | x | y | pooled |" in out


def test_an_unknown_batch_and_a_missing_dev_set_are_clear_errors(dev: Path, tmp_path: Path) -> None:
    assert _script().main(["--dir", str(tmp_path / "nope"), "--check"]) == 2
    with pytest.raises(SystemExit, match="no dev batch q"):
        _script().main(["--dir", str(dev), "--check", "--batches", "xq"])


def test_the_vocabulary_keeps_words_of_k_batches_only() -> None:
    def ex(batch: str, *words: str) -> Example:
        return Example(
            batch, batch, "H1", "open", "refuted", True, {f"Rw:{w}": 1.0 for w in words} | {"rules_open": 1.0}
        )

    examples = [ex("a", "back", "pool"), ex("b", "back", "pool"), ex("c", "back", "vendor")]
    assert vocabulary(examples, 3) == ["Rw:back"]
    assert vocabulary(examples, 2) == ["Rw:back", "Rw:pool"]
    assert vocabulary(examples[:2], 3) == []  # a held-out batch never adds a word
