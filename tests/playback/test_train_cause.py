"""scripts/train_cause.py on a small fixture: batches read from SOURCES files, a deterministic fit, and
the found-and-cited test the harness applies. (The full dev fit replays every incident, minutes of
work: the fixture checks the script's parts instead.)"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from bot.analysis.cause_features import candidates
from bot.analysis.cause_pick import Settings
from bot.analysis.hypotheses import fold_messages
from bot.analysis.lifecycle import derive
from bot.domain import Board, IncidentState, Message
from tests.analysis.reading_support import said

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_cause", ROOT / "scripts" / "train_cause.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_cause"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _incident(script: ModuleType, slug: str, batch: str, messages: list[Message], cause_at: int) -> object:
    board = fold_messages(Board(channel="CINC"), messages)
    state = derive(IncidentState(channel="CINC", name=slug), messages, board)
    return script.Incident(
        slug=slug,
        batch=batch,
        messages=messages,
        board=board,
        state=state,
        impact="Impact: requests failed",
        truth=frozenset({messages[cause_at].ts}),
        candidates=candidates(messages, board, state),
    )


def _fixture(script: ModuleType) -> list[object]:
    return [
        _incident(
            script,
            "one",
            "a",
            [
                said(0, "[FIRING] 5xx on the upload api", "pager", bot=True),
                said(1, "looking", "ana"),
                said(5, "maybe the object store is throttling us?", "bo"),
                said(9, "root cause: the upload api pool was sized for half the workers after the resize", "ana"),
                said(20, "raised the pool size, 5xx gone", "bo"),
            ],
            3,
        ),
        _incident(
            script,
            "two",
            "b",
            [
                said(0, "[ALERT] login latency above 2s", "monitor", bot=True),
                said(2, "on it", "cy"),
                said(7, "turns out the session cache evicts everything since the memory limit was halved", "cy"),
                said(12, "yep", "dee"),
                said(30, "limit restored, logins fast again", "dee"),
            ],
            2,
        ),
    ]


def test_batches_come_from_the_sources_files(tmp_path: Path) -> None:
    script = _script()
    for slug in ("alpha-db-2024", "beta-dns-2023", "alpha-db-2024-extra"):
        (tmp_path / slug).mkdir()
        (tmp_path / slug / "truth.json").write_text("{}", encoding="utf-8")
    (tmp_path / "SOURCES_a.md").write_text("- `alpha-db-2024`: a database incident\n", encoding="utf-8")
    (tmp_path / "SOURCES_b.md").write_text("- beta-dns-2023 and alpha-db-2024-extra\n", encoding="utf-8")
    assert script.batches(tmp_path) == {"alpha-db-2024": "a", "beta-dns-2023": "b", "alpha-db-2024-extra": "b"}


def test_the_fit_is_deterministic() -> None:
    script = _script()
    first = script.train(_fixture(script), 1.0, 0.3).to_json()
    again = script.train(_fixture(_script()), 1.0, 0.3).to_json()
    assert first == again
    doc = json.loads(first)
    assert doc["name"] == "cause" and doc["threshold"] == 0.3 and doc["weights"]


def test_found_means_the_draft_cites_a_truth_cause_message() -> None:
    script = _script()
    one, two = _fixture(script)
    assert script.found(one, None, Settings("rules")) and script.found(two, None, Settings("rules"))
    model = script.train([one, two], 1.0, 0.99)  # nothing clears this threshold
    assert not script.found(one, model, Settings("learned"))
