"""The CLI boundary: clear one-line errors, exit codes, no tracebacks, no secrets echoed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import EXIT_OK, EXIT_PROBLEM, main


@pytest.fixture(autouse=True)
def _no_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_check_lists_settings_and_missing_tokens() -> None:
    code, out, err = run("check")
    assert code == EXIT_PROBLEM
    assert "SUMMARY_INTERVAL_MINUTES" in out
    assert "demo / replay        ready" in out
    assert "SLACK_APP_TOKEN is not set" in out
    assert "SLACK_SIGNING_SECRET is not set" in out
    assert err == ""


def test_check_passes_with_everything_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-abc")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-abc")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s3cr3t")
    code, out, _ = run("check")
    assert code == EXIT_OK
    assert "cannot run" not in out
    assert "xoxb-1-2-abc" not in out
    assert "s3cr3t" not in out


def test_run_without_tokens_names_the_variables() -> None:
    code, _, err = run("run")
    assert code == EXIT_PROBLEM
    assert err.splitlines() == [
        "sitrep: error: SLACK_BOT_TOKEN is not set: set it to the app's xoxb- bot token",
        "sitrep: error: SLACK_APP_TOKEN is not set: set it to an xapp- app-level token with "
        "connections:write (or run with --http)",
    ]
    assert "Traceback" not in err


def test_run_http_needs_signing_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-abc")
    code, _, err = run("run", "--http")
    assert code == EXIT_PROBLEM
    assert err.strip() == (
        "sitrep: error: SLACK_SIGNING_SECRET is not set: set it to the app's signing secret "
        "from the Basic Information page"
    )


def test_bad_config_is_one_line_per_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RETENTION_DAYS", "forever")
    code, _, err = run("check")
    assert code == EXIT_PROBLEM
    assert err.strip().startswith("sitrep: error: RETENTION_DAYS:")
    assert len(err.strip().splitlines()) == 1


def test_replay_missing_export_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("replay", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert code == EXIT_PROBLEM
    assert err.startswith("sitrep: error: ")
    assert "nope" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_unknown_command_gets_usage() -> None:
    with pytest.raises(SystemExit) as exc:
        run("frobnicate")
    assert exc.value.code == 2
