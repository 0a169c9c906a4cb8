"""Every user mistake at the CLI is one line on stderr with a fix and exit 2, found before anything
slow starts (the redactor, the embedded store, a server); exit 70 is left for real bugs."""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import EXIT_OK, EXIT_PROBLEM, _parser, main
from bot.sandbox.slack import LocalSlack

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "inc-checkout-latency"
BOT_TOKEN = "xoxb-cli-0000000000-abcdefghijklmnop"
APP_TOKEN = "xapp-1-cli-0000000000-abcdefghijklmnop"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env, and a stray .sitrep would land here


def timed(*argv: str) -> tuple[int, str, str, float]:
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    code = main(list(argv), stdin=io.StringIO(), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue(), time.perf_counter() - started


def assert_one_line_problem(code: int, err: str, *expected: str) -> None:
    assert code == EXIT_PROBLEM, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("sitrep: error: ")
    assert "unexpected error" not in err
    for part in expected:
        assert part in lines[0]


def test_replay_of_a_missing_export_fails_fast(tmp_path: Path) -> None:
    code, _, err, took = timed("replay", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert_one_line_problem(code, err, "export not found: ", "nope", "pass a Slack export folder")
    assert took < 1.0
    assert not (tmp_path / "out").exists()


def test_replay_out_that_is_a_file_fails_fast(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    code, _, err, took = timed("replay", str(EXAMPLE), "--out", str(tmp_path / "afile"))
    assert_one_line_problem(code, err, "is a file, not a folder", "pass --out a new folder")
    assert took < 1.0


def test_replay_out_under_a_file_fails_fast(tmp_path: Path) -> None:
    """Was ``unexpected error (FileExistsError)``, exit 70, after the whole replay."""
    (tmp_path / "afile").write_text("x")
    code, _, err, took = timed("replay", str(EXAMPLE), "--out", str(tmp_path / "afile" / "sub"))
    assert_one_line_problem(code, err, "cannot create --out", "afile is a file, not a folder")
    assert took < 1.0


def test_replay_missing_users_file_fails_fast(tmp_path: Path) -> None:
    code, _, err, took = timed("replay", str(EXAMPLE), "--users", "nobody.json", "--out", str(tmp_path / "out"))
    assert_one_line_problem(code, err, "--users file not found: nobody.json")
    assert took < 1.0


def test_demo_out_under_a_file_fails_fast(tmp_path: Path) -> None:
    """Was ``unexpected error (FileExistsError)``, exit 70, after the demo's start-up."""
    (tmp_path / "afile").write_text("x")
    code, _, err, took = timed("demo", "--out", str(tmp_path / "afile" / "demo"))
    assert_one_line_problem(code, err, "cannot create --out", "is a file, not a folder")
    assert took < 1.0


def test_run_without_tokens_starts_nothing(tmp_path: Path) -> None:
    code, _, err, took = timed("run")
    assert code == EXIT_PROBLEM
    assert [line.split(":")[2].strip() for line in err.splitlines()] == [
        "SLACK_BOT_TOKEN is not set",
        "SLACK_APP_TOKEN is not set",
    ]
    assert took < 1.0
    assert not (tmp_path / ".sitrep").exists()  # no embedded store was started


@pytest.fixture
def local_slack() -> Iterator[LocalSlack]:
    with LocalSlack(bot_token=BOT_TOKEN, app_token=APP_TOKEN) as slack:
        yield slack


def test_run_with_a_wrong_app_token_is_one_line(
    local_slack: LocalSlack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slack's ``apps.connections.open`` refusal, before the store starts (was SlackApiError, exit 70)."""
    monkeypatch.setenv("SLACK_API_URL", local_slack.api_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    app_token = "xapp-1-cli-0000000000-wrongwrongwrong"
    monkeypatch.setenv("SLACK_APP_TOKEN", app_token)
    monkeypatch.setenv("SITREP_DATA_DIR", str(tmp_path / "data"))
    code, _, err, _took = timed("run")
    assert_one_line_problem(code, err, "SLACK_APP_TOKEN", "apps.connections.open", "(invalid_auth)", "xapp-")
    assert app_token not in err
    assert not (tmp_path / "data").exists()
    assert local_slack.socket_connections_opened == 0


def test_run_with_a_wrong_bot_token_is_one_line(
    local_slack: LocalSlack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A revoked or mistyped bot token is refused by ``auth.test`` before anything starts."""
    monkeypatch.setenv("SLACK_API_URL", local_slack.api_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-cli-0000000000-wrongwrongwrong")
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    monkeypatch.setenv("SITREP_DATA_DIR", str(tmp_path / "data"))
    code, _, err, _took = timed("run")
    assert_one_line_problem(code, err, "SLACK_BOT_TOKEN", "auth.test", "(invalid_auth)")
    assert not (tmp_path / "data").exists()


def test_check_socket_mode_ready_without_a_signing_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-abc")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-abc")
    code, out, err, took = timed("check", "--mode", "socket")
    assert (code, err) == (EXIT_OK, "")
    assert out.splitlines()[-1] == "run (Socket Mode): ready"
    assert took < 1.0
    code, out, _, _ = timed("check", "--mode", "http")
    assert code == EXIT_PROBLEM
    assert out.splitlines()[-1] == "run --http: not ready (see above)"
    code, out, _, _ = timed("check")
    assert code == EXIT_OK
    assert out.splitlines()[-1] == "Ready: run (Socket Mode)"


def test_check_without_tokens_says_neither_mode_is_ready() -> None:
    code, out, _, _ = timed("check")
    assert code == EXIT_PROBLEM
    assert out.splitlines()[-1] == "Neither run mode is ready (see above)."


def test_every_option_has_help_with_its_default() -> None:
    parser = _parser()
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = []
    for name, sub in subs.choices.items():
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction) or action.help == argparse.SUPPRESS:
                continue
            if not action.help:
                missing.append(f"{name} {action.dest}: no help")
            elif action.option_strings and "default" not in action.help and "required" not in action.help:
                missing.append(f"{name} {action.dest}: no default")
    assert missing == []


@pytest.mark.slow
def test_replay_piped_prints_progress_lines_and_never_wraps(tmp_path: Path) -> None:
    code, out, err, _ = timed("replay", str(EXAMPLE), "--out", str(tmp_path / "out"))
    assert code == EXIT_OK, err
    progress = [line for line in err.splitlines() if line.startswith("sitrep: replaying")]
    assert progress[0].endswith(": 0/138 events")
    assert progress[-1].endswith(": 138/138 events")
    assert len(progress) == 5  # start and each quarter: a log stays readable
    first = out.splitlines()[0]
    assert first.startswith("Replayed #inc-checkout-latency: ") and first.endswith("redacted.")
    assert len(first) > 80  # one line, where the old console cut it at 80 columns
