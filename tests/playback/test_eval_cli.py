"""``sitrep eval DIR`` end to end on the 20-message fixture incident: the table and the EVAL line."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from bot.cli import EXIT_OK, EXIT_PROBLEM, main

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "incidents" / "fixture"


@pytest.fixture(autouse=True)
def _no_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.slow
def test_eval_scores_the_fixture_incident_and_prints_one_eval_line() -> None:
    """The table has the incident's row, and the EVAL line holds the same figures as the table."""
    code, out, err = run("eval", str(FIXTURE))
    assert code == EXIT_OK, err
    assert "sitrep: evaluating ledger-queue-stall" in err
    lines = out.splitlines()
    assert lines[0] == "### fixture"
    row = next(line for line in lines if line.startswith("| ledger-queue-stall |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1] == "20"  # messages replayed
    assert cells[18].endswith("vs SEV2")  # the channel states sev2
    eval_lines = [line for line in lines if line.startswith("EVAL ")]
    assert len(eval_lines) == 1 and eval_lines[0] == lines[-1]
    means = json.loads(eval_lines[0].removeprefix("EVAL "))["fixture"]
    assert means["incidents"] == 1
    assert (means["leaks"], means["blame"]) == (0, 0)
    assert f"{means['timeline_f1']:.2f}" == cells[4]
    assert f"{means['timeline_precision']:.2f}" == cells[2]
    assert set(means["checkpoint_accuracy"]) == {"investigating", "identified", "mitigated", "resolved"}
    assert means["detected_err_median_min"] is not None and means["detected_misses"] == 0
    assert 0 <= means["baseline_f1"] <= 1
    # Deterministic: a second run prints the same line.
    assert run("eval", str(FIXTURE))[1].splitlines()[-1] == eval_lines[0]


def test_eval_of_a_folder_without_incidents_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = run("eval", str(tmp_path / "empty"))
    assert code == EXIT_PROBLEM
    assert out == ""
    assert err.startswith("sitrep: error: ") and "no incident folder with a truth.json" in err
    assert "Traceback" not in err


def test_eval_of_a_broken_truth_file_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "set" / "ledger-queue-stall"
    shutil.copytree(FIXTURE / "ledger-queue-stall", broken)
    (broken / "truth.json").write_text('{"channel": "inc-ledger-queue-stall", "times": {}}', encoding="utf-8")
    code, _out, err = run("eval", str(tmp_path / "set"))
    assert code == EXIT_PROBLEM
    assert "truth.json: not a valid answer key" in err and "key_events" in err
    assert "Traceback" not in err
