"""scripts/train_key_events.py on a small fixture: the same dev set writes the same model files, and the
leave-one-batch-out check is repeatable and scores each batch held out; the vocabulary keeps only words
several training batches use, and the held-out batch never adds one."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from bot.analysis.hypotheses import fold_messages
from bot.analysis.key_words import WORD
from bot.analysis.lifecycle import derive, with_status
from bot.config import load_settings
from bot.domain import Board, IncidentState, Message
from bot.playback.fitting import Example, fit, fit_matrix
from bot.playback.key_events_data import Replayed, batches, replay_set
from bot.playback.key_events_train import Config, check, check_table, table_of
from tests.analysis.reading_support import said
from tests.playback.trainer_support import load_script, three_batch_dev


def _script() -> ModuleType:
    return load_script("train_key_events")


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return three_batch_dev(tmp_path_factory.mktemp("dev"))


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
    table = table_of(incidents)
    assert len(table.ts) == 3 * sum(1 for m in incidents[0].messages if m.subtype != "channel_join")
    first = check(table)
    assert check_table(first) == check_table(check(table_of(incidents)))
    assert first.batches == ["x", "y", "z"]
    assert set(first.rows["rules"]) == {"x", "y", "z", "pooled"}
    assert "chosen by CV" in first.rows


@pytest.mark.slow
def test_one_configuration_can_be_fitted_and_only_the_adder_written(dev: Path, tmp_path: Path) -> None:
    assert (
        _script().main(["--dir", str(dev), "--out", str(tmp_path), "--config", "hybrid:1:4:10", "--write", "add"]) == 0
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key_events_add.json"]
    assert json.loads((tmp_path / "key_events_add.json").read_text(encoding="utf-8"))["name"] == "key_events_add"


@pytest.mark.parametrize(
    ("config", "says"),
    [
        ("hybrid:1:4", "expected MODE:L2:K:WORD_L2"),
        ("hybrid:one:4:10", "expected MODE:L2:K:WORD_L2"),
        ("fancy:1:4:10", "not one of"),
    ],
)
def test_a_bad_configuration_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str, says: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        _script().main(["--dir", str(tmp_path), "--config", config])
    assert stop.value.code == 2
    assert says in capsys.readouterr().err


def test_a_missing_dev_set_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _script().main(["--dir", str(tmp_path / "nope"), "--check"]) == 2
    assert "is not a folder" in capsys.readouterr().err


def _incident(slug: str, batch: str, step: str, chatter: str) -> Replayed:
    """A small channel whose key events are the alert, the step taken and the resolution."""
    msgs: list[Message] = [
        said(0, "[FIRING] api 5xx above 4%", bot=True),
        said(2, "looking", "ana"),
        said(5, chatter, "bo"),
        said(9, step, "cy"),
        said(30, "all clear, closing", "ana"),
    ]
    board = fold_messages(Board(channel="CINC"), msgs)
    state = with_status(derive(IncidentState(channel="CINC", name=slug), msgs, board), board)
    keys = frozenset({msgs[0].ts, msgs[3].ts, msgs[4].ts})
    return Replayed(slug, batch, tuple(msgs), board, state, keys)


def _set() -> list[Replayed]:
    """Six batches: every one drains a queue; only batch f says "zorbify" (one writer's word)."""
    out = []
    for b in "abcdef":
        chatter = "zorbify the gizmo?" if b == "f" else "anyone else seeing this?"
        out.append(_incident(f"inc-{b}", b, "drained the queue, lag is zero", chatter))
    return out


def test_the_vocabulary_keeps_words_of_k_batches_and_never_the_held_out_batch() -> None:
    table = table_of(_set())
    names = np.array(table.names)
    every = frozenset(range(6))
    vocab = set(names[table.vocabulary(every, 4)])
    assert f"{WORD}drained" in vocab  # six batches use it
    assert f"{WORD}zorbify" not in vocab  # one batch only
    assert f"{WORD}zorbify" in set(names[table.vocabulary(every, 1)])
    without_f = frozenset(range(5))
    assert f"{WORD}zorbify" not in set(names[table.vocabulary(without_f, 1)])  # no leak from the held-out batch
    model = table.model(Config("hybrid", 3.0, 4, 30.0), without_f, "all", "key_events", 0.5)
    assert not any("zorbify" in name for name in model.weights)
    assert model.weights.get(f"{WORD}drained", 0.0) > 0  # the step's words lean towards a key event


def test_the_sparse_fit_finds_the_dense_fit() -> None:
    rows = [{"a": 1.0}, {"a": 1.0, "b": 1.0}, {"b": 1.0}, {}, {"a": 1.0}, {"b": 1.0, "c": 0.5}]
    labels = [True, True, False, False, False, True]
    dense = fit([Example("g", r, y) for r, y in zip(rows, labels, strict=True)], name="m", l2=1.0)
    from scipy import sparse

    x = sparse.csr_matrix([[r.get(n, 0.0) for n in ("a", "b", "c")] for r in rows])
    bias, w = fit_matrix(x, np.array(labels, dtype=float), l2=1.0)
    assert abs(bias - dense.bias) < 1e-4
    assert all(abs(v - dense.weights.get(n, 0.0)) < 1e-4 for n, v in zip(("a", "b", "c"), w, strict=True))
    assert fit_matrix(x, np.array(labels, dtype=float), l2=1.0)[1].tolist() == w.tolist()  # rerun, same weights
