"""scripts/train_hyp_raise.py on a small fixture: the same incidents write the same model files (and
they load), the check holds each batch out and is repeatable, only the named batches are replayed,
and the fit learns a signal that separates the labels."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import ModuleType

import pytest

from bot.analysis import hyp_raise as hr
from bot.playback.hyp_raise_train import Config, Example, Table, case_of, check, check_table, fit, vocabulary
from tests.playback.trainer_support import load_script, three_batch_dev


def _script() -> ModuleType:
    return load_script("train_hyp_raise")


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return three_batch_dev(tmp_path_factory.mktemp("dev"))


def test_a_small_fit_learns_the_signal_that_separates_the_labels_and_is_deterministic() -> None:
    def ex(batch: str, label: bool, *names: str) -> Example:
        return Example(batch, batch, "1.0", label, dict.fromkeys(names, 1.0))

    examples = [ex(b, True, "hedged", "question") for b in "abc"] + [
        ex(b, False, "chatter", n) for b in "abc" for n in ("question", "len_short", "has_number")
    ]
    first = fit(examples, Config(1.0, None), threshold=0.3)
    assert first == fit(examples, Config(1.0, None), threshold=0.3)
    assert first.weights["hedged"] > 0 > first.weights["chatter"]
    assert first.probability({"hedged": 1.0, "question": 1.0}) > 0.5 > first.probability({"chatter": 1.0})


def test_the_vocabulary_keeps_words_of_k_batches_only() -> None:
    def ex(batch: str, *words: str) -> Example:
        return Example(batch, batch, "1.0", False, {f"{hr.WORDS}w:{w}": 1.0 for w in words} | {"hedged": 1.0})

    examples = [ex("a", "maybe", "pool"), ex("b", "maybe", "pool"), ex("c", "maybe", "vendor")]
    assert vocabulary(examples, 3) == [f"{hr.WORDS}w:maybe"]
    assert vocabulary(examples, 2) == [f"{hr.WORDS}w:maybe", f"{hr.WORDS}w:pool"]
    assert vocabulary(examples[:2], 3) == []  # a held-out batch never adds a word


@pytest.mark.slow
def test_rerunning_the_script_writes_identical_models_that_load(dev: Path, tmp_path: Path) -> None:
    script = _script()
    assert script.main(["--dir", str(dev), "--out", str(tmp_path / "a"), "--batches", "xyz"]) == 0
    assert script.main(["--dir", str(dev), "--out", str(tmp_path / "b"), "--batches", "xyz"]) == 0
    for name in (hr.MODEL, hr.POLICY_FILE):
        first = (tmp_path / "a" / f"{name}.json").read_text(encoding="utf-8")
        assert first == (tmp_path / "b" / f"{name}.json").read_text(encoding="utf-8")
    assert hr.load_from(tmp_path / "a").policy in hr.POLICIES


@pytest.mark.slow
def test_the_check_holds_each_batch_out_and_replays_only_the_named_batches(dev: Path) -> None:
    script = _script()
    incidents = script.incidents(dev, "xy")
    assert sorted(i.batch for i in incidents) == ["x", "y"]  # batch z is never replayed
    table = Table([case_of(i) for i in incidents])
    first = check(table)
    assert check_table(first) == check_table(check(Table([case_of(i) for i in incidents])))
    assert all(set(per) == {"x", "y"} for per in first.rows.values())
    assert "| row | x | y | pooled |" in check_table(first)


def test_an_unknown_batch_and_a_missing_dev_set_are_clear_errors(dev: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no dev batch q"):
        _script().main(["--dir", str(dev), "--check", "--batches", "xq"])
    assert _script().main(["--dir", str(tmp_path / "nope"), "--check"]) == 2  # one line, no traceback


def test_a_two_letter_batch_is_named_with_commas_and_never_matched_by_substring(tmp_path: Path) -> None:
    dev = three_batch_dev(tmp_path)
    shutil.copytree(dev / "ledger-x", dev / "ledger-xy")
    (dev / "SOURCES_xy.md").write_text("| ledger-xy | fixture |\n", encoding="utf-8")
    script = _script()
    assert sorted(i.batch for i in script.incidents(dev, "xy")) == ["x", "y"]  # letters x and y, not batch xy
    assert [i.batch for i in script.incidents(dev, "xy,z")] == ["xy", "z"]
    with pytest.raises(SystemExit, match="no dev batch q"):
        script.incidents(dev, "xy,q")
