"""A SITREP_DATA_DIR Sitrep cannot write: `sitrep check` says so for the modes that use it."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

WORKTREE = Path(__file__).resolve().parents[1]
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _without_root_overrides() -> None:
    """Root ignores permission bits; drop the two capabilities that let it, so the child meets a
    read-only directory as any other user does (nothing to drop when not root)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
            if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def sitrep(*argv: str, data_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(WORKTREE),
        "SITREP_DATA_DIR": str(data_dir),
        "SLACK_BOT_TOKEN": "xoxb-1-2-abc",
        "SLACK_APP_TOKEN": "xapp-1-abc",
        "SLACK_SIGNING_SECRET": "s3cr3t",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",  # never reached: the store fails first
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_without_root_overrides,
        check=False,
    )


def test_check_reports_a_read_only_data_dir_and_run_fails_in_one_line(tmp_path: Path) -> None:
    """check: the run modes cannot run (demo and replay still can, they use a temp dir); run: one line."""
    data_dir = tmp_path / "ro"
    data_dir.mkdir()
    data_dir.chmod(0o555)
    try:
        checked = sitrep("check", data_dir=data_dir, cwd=tmp_path)
        ran = sitrep("run", data_dir=data_dir, cwd=tmp_path)
    finally:
        data_dir.chmod(0o755)
    assert checked.returncode == 2
    problem = (
        f"    - SITREP_DATA_DIR ({data_dir}) is not writable: cannot create files in {data_dir} "
        "(Permission denied); make it writable for this user, point SITREP_DATA_DIR at a writable "
        "directory, or set REDIS_URL"
    )
    lines = checked.stdout.splitlines()
    assert "  demo / replay        ready" in lines
    assert lines.count(problem) == 2  # under run (Socket Mode) and run --http
    assert ran.returncode == 2
    assert ran.stderr.splitlines() == ["sitrep: error: " + problem.removeprefix("    - ")]  # before Slack is asked


def test_check_says_ready_with_a_writable_data_dir(tmp_path: Path) -> None:
    checked = sitrep("check", data_dir=tmp_path / "fresh" / "dir", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert "not writable" not in checked.stdout
    assert not (tmp_path / "fresh").exists()  # check probes; it creates nothing


def test_replay_into_an_unwritable_out_folder_fails_in_one_line(tmp_path: Path) -> None:
    """An --out Sitrep cannot write (as any non-root user meets it): one line with the fix, exit 2,
    before anything is replayed."""
    out = tmp_path / "ro-out"
    out.mkdir()
    out.chmod(0o555)
    try:
        ran = sitrep(
            "replay",
            str(WORKTREE / "examples" / "inc-checkout-latency"),
            "--out",
            str(out),
            data_dir=tmp_path / "data",
            cwd=tmp_path,
        )
    finally:
        out.chmod(0o755)
    assert ran.returncode == 2, ran.stderr
    lines = [line for line in ran.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"sitrep: error: --out {out} is not writable")
    assert "Traceback" not in ran.stderr and not any(out.iterdir())
