"""Slash-command work in the command worker process: the real app, the local Slack, a real child.

The front acks from its queue and hands the work to a child process with its own store connection,
engine and Slack client; the child answers the requester. Acks never wait for the child, even
while it is stuck or dead; a dead child is replaced and its unfinished work done by the next one;
work that kills two children is reported to its requesters in one line, not hung.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from bot.command_worker import command_worker_main
from bot.config import Settings
from bot.redaction import Redactor
from bot.sandbox.slack import LocalSlack
from bot.services import Services, build
from bot.slack import commands as slack_commands
from bot.slack import texts
from bot.slack.app import SlackApp
from bot.slack.command_process import CommandProcess
from bot.store import EmbeddedRedis, Store
from tests.slack.conftest import APP_TOKEN, BOT_TOKEN, SECRET, start_app, wait_until
from tests.slack.test_e2e import ack_text

pytestmark = pytest.mark.slow

PEOPLE = ("UPRIYA", "UMARCUS", "ULENA")


def _wrap_hypotheses(before: Callable[[], None]) -> None:
    """In the child: run ``before`` first whenever /hypotheses' work starts."""
    hypotheses = slack_commands.WORK["/hypotheses"]

    def wrapped(ctx: Any, channel: str, user: str) -> None:
        before()
        hypotheses(ctx, channel, user)

    slack_commands.WORK["/hypotheses"] = wrapped


def gated_commands(  # noqa: PLR0917 - a child's arguments come by position (multiprocessing)
    gate: str, log: str, settings: Settings, redis_url: str, threads: int, inbox: Connection, outbox: Connection
) -> None:
    """The real command worker, whose /hypotheses work notes this process's pid in ``log`` and then
    waits until the test creates the ``gate`` file (a slow board refresh)."""

    def note_and_wait() -> None:
        with Path(log).open("a") as out:
            out.write(f"{os.getpid()}\n")
        wait_until(lambda: Path(gate).exists(), timeout=60)

    _wrap_hypotheses(note_and_wait)
    command_worker_main(settings, redis_url, threads, inbox, outbox)


def crashing_commands(  # noqa: PLR0917 - a child's arguments come by position (multiprocessing)
    marker: str,
    lives: int,
    settings: Settings,
    redis_url: str,
    threads: int,
    inbox: Connection,
    outbox: Connection,
    gate: str = "",
) -> None:
    """The real command worker, whose first ``lives`` lives die (SIGKILL) as /hypotheses' work starts;
    with a ``gate`` (a file), not before the test creates it."""
    marks = Path(marker)
    died = len(marks.read_text().splitlines()) if marks.exists() else 0
    if died < lives:
        one_death = threading.Lock()  # two jobs let through the gate at once must not both note a death

        def die() -> None:
            if gate:
                wait_until(lambda: Path(gate).exists(), timeout=600)
            with one_death:
                with marks.open("a") as out:
                    out.write("died\n")
                os.kill(os.getpid(), signal.SIGKILL)

        _wrap_hypotheses(die)
    command_worker_main(settings, redis_url, threads, inbox, outbox)


def gated_crashing_commands(  # noqa: PLR0917 - a child's arguments come by position (multiprocessing)
    gate: str,
    marker: str,
    lives: int,
    settings: Settings,
    redis_url: str,
    threads: int,
    inbox: Connection,
    outbox: Connection,
) -> None:
    """``crashing_commands`` whose deaths wait for the ``gate`` file."""
    crashing_commands(marker, lives, settings, redis_url, threads, inbox, outbox, gate)


@dataclass
class Env:
    slack: LocalSlack
    services: Services
    settings: Settings
    redis_url: str
    tmp: Path
    channel: str = ""
    stops: list[Callable[[], None]] = field(default_factory=list)
    app: SlackApp | None = None
    boot_s: float = 0.0
    """How long the first child took to build its services and take jobs, on this machine, now."""

    def patience(self, base: float) -> float:
        """A deadline for waiting on children: ``base`` on an idle machine, and longer in step with
        how slow a child's start was measured to be under the current load (a loaded CI box starts
        a child several times slower; each wait below covers at most two starts and a restart delay)."""
        return base + 3 * self.boot_s

    def start(self, commands: CommandProcess, transport: str, *, ready: bool = True) -> None:
        """Sitrep tracking #inc-checkout, its command work in ``commands``; returns once the child
        takes jobs (``ready``), or at once."""
        self.channel = self.slack.create_channel("inc-checkout", members=list(PEOPLE))
        self.slack.discard_pending_events()
        started_at = time.monotonic()
        commands.start()
        self.stops.append(commands.stop)
        started = start_app(self.slack, self.services, transport, commands=commands)
        self.stops.append(started.stop)
        self.app = started.app
        self.slack.invite_bot(self.channel, by_user="UPRIYA")
        assert wait_until(lambda: self.services.incidents.is_tracked(self.channel))
        self.slack.post_as_user("UMARCUS", self.channel, "I suspect the DB connection pool is exhausted")
        assert wait_until(lambda: self.services.store.count_messages(self.channel) >= 1)
        assert not ready or commands.wait_ready(600), "the command worker did not start"
        self.boot_s = time.monotonic() - started_at if ready else 0.0

    def boards(self) -> int:
        return sum(
            1 for m in self.slack.bot_messages(self.channel) if str(m.get("text", "")).startswith("Hypothesis board")
        )


@pytest.fixture
def env(store: Store, redactor: Redactor, redis_server: EmbeddedRedis, tmp_path: Path) -> Iterator[Env]:
    """The local Slack and services on the test store with the system clock, which the child uses too;
    the child gets the bot token and the local Slack's URL in its settings, as ``sitrep run`` passes them."""
    from bot.clock import SystemClock

    with LocalSlack(
        signing_secret=SECRET,
        bot_token=BOT_TOKEN,
        app_token=APP_TOKEN,
        ack_timeout_s=2.0,
        disconnect_grace_s=0.5,
        socket_ping_interval_s=0.1,
    ) as slack:
        for user, name in zip(PEOPLE, ("priya", "marcus", "lena"), strict=True):
            slack.add_user(user, name=name, real_name=name.title())
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            sitrep_data_dir=tmp_path / "data",
            slack_bot_token=BOT_TOKEN,  # type: ignore[arg-type]
            slack_api_url=slack.api_url,
            incident_channel_pattern=r"^(inc|incident)[-_]",
        )
        clock = SystemClock()
        services = build(settings, clock=clock, store=Store(store.client, clock=clock), redactor=redactor)
        running = Env(slack, services, settings, redis_server.url, tmp_path)
        yield running
        for stop in reversed(running.stops):
            stop()


@pytest.mark.parametrize("transport", ["http", "socket"])
def test_command_work_runs_in_the_child_after_the_ack_and_answers_the_requester(transport: str, env: Env) -> None:
    """While the child's board refresh is stuck, 20 /hypotheses from three people are all acked
    "Working on it…" and no board is posted; the work ran in the child (its pid, not the front's);
    once freed, the identical requests waiting in the front were done together (at most 3 refreshes)."""
    gate, log = env.tmp / "gate", env.tmp / "work.log"
    commands = CommandProcess(gated_commands, (str(gate), str(log), env.settings, env.redis_url, 2))
    env.start(commands, transport)
    try:
        first = env.slack.slash_command("UPRIYA", env.channel, "/hypotheses")
        assert ack_text(first) == texts.WORKING
        assert wait_until(lambda: log.exists() and log.read_text().strip() != "", timeout=env.patience(30)), (
            "work never started"
        )
        acks = [env.slack.slash_command(PEOPLE[i % 3], env.channel, "/hypotheses") for i in range(19)]
        assert all(a.acked and a.elapsed_s < 2.0 for a in acks)
        assert {ack_text(a) for a in acks} == {texts.WORKING}
        assert env.boards() == 0  # the ack came first; the work waits in the child
        pids = {int(line) for line in log.read_text().split()}
        assert pids == {commands.pid} and os.getpid() not in pids
    finally:
        gate.write_text("go\n")
    assert wait_until(lambda: env.boards() >= 2 and commands.pending == 0, timeout=env.patience(60))
    assert env.app is not None and wait_until(
        lambda: env.app is not None and env.app.ctx.work.idle, timeout=env.patience(30)
    )
    runs = len(log.read_text().split())
    assert 2 <= runs <= 3, runs  # 20 requests: the stuck one, then the 19 waiting ones in one or two jobs
    assert env.boards() == runs
    assert env.app.ctx.work.coalesced >= 17


def test_a_killed_child_is_replaced_and_its_unfinished_command_is_done(env: Env) -> None:
    """The child dies (SIGKILL) as /hypotheses' work starts: the command was acked before, a new child
    is started, does the work, and the board is posted once; commands sent meanwhile are acked at once."""
    marker = env.tmp / "deaths"
    commands = CommandProcess(crashing_commands, (str(marker), 1, env.settings, env.redis_url, 2), restart_delay_s=0.2)
    env.start(commands, "http")
    first = env.slack.slash_command("UPRIYA", env.channel, "/hypotheses")
    assert ack_text(first) == texts.WORKING
    assert wait_until(lambda: commands.restarts == 1, timeout=env.patience(30)), "the child never died"
    meanwhile = [env.slack.slash_command("ULENA", env.channel, "/summary") for _ in range(3)]
    assert all(a.acked and a.elapsed_s < 2.0 for a in meanwhile)
    assert wait_until(lambda: env.boards() == 1, timeout=env.patience(60))
    assert wait_until(
        lambda: any(str(m.get("text", "")).startswith("Sitrep #") for m in env.slack.bot_messages(env.channel)),
        timeout=env.patience(60),
    )
    assert commands.lost == 0
    assert marker.read_text() == "died\n"
    said = [e.text for e in env.slack.ephemerals(env.channel, "UPRIYA") if e.source != "ack"]
    assert said == []


def test_work_that_kills_two_children_is_reported_in_one_line_not_hung(env: Env) -> None:
    """Every child dies on /hypotheses: after the second death the front gives the job up and tells
    each requester, once, in one line; the third child keeps serving other commands.

    The first child dies only once both requests are in the front's hands (one job each, or one
    coalesced job), so both see two deaths: a request that reaches the front after the first death
    has seen only one when the second child dies, and the third child rightly answers it."""
    marker, gate = env.tmp / "deaths", env.tmp / "gate"
    commands = CommandProcess(
        gated_crashing_commands, (str(gate), str(marker), 2, env.settings, env.redis_url, 2), restart_delay_s=0.2
    )
    env.start(commands, "http")
    acks = [env.slack.slash_command(user, env.channel, "/hypotheses") for user in ("UPRIYA", "ULENA")]
    assert {ack_text(a) for a in acks} == {texts.WORKING}
    app = env.app
    assert app is not None
    # Two requests are two jobs, or one when the second joined the first while it still waited.
    assert wait_until(lambda: commands.pending == 2 - app.ctx.work.coalesced, timeout=env.patience(30))
    assert marker.exists() is False and commands.restarts == 0
    gate.write_text("go\n")
    lost = texts.COMMAND_LOST.format(command="/hypotheses")
    for user in ("UPRIYA", "ULENA"):
        assert wait_until(
            lambda user=user: [e.text for e in env.slack.ephemerals(env.channel, user) if e.source != "ack"] == [lost],
            timeout=env.patience(60),
        )
    assert commands.lost == 2 - app.ctx.work.coalesced
    # The second restart happens after the given-up work is reported (it waits out the restart delay).
    assert wait_until(lambda: commands.restarts == 2, timeout=env.patience(30))
    assert marker.read_text() == "died\ndied\n"
    assert env.boards() == 0
    later = env.slack.slash_command("UMARCUS", env.channel, "/summary")
    assert ack_text(later) == texts.WORKING
    assert wait_until(
        lambda: any(str(m.get("text", "")).startswith("Sitrep #") for m in env.slack.bot_messages(env.channel)),
        timeout=env.patience(60),
    )
    for user in ("UPRIYA", "ULENA"):  # told once, and nothing more came to them
        assert [e.text for e in env.slack.ephemerals(env.channel, user) if e.source != "ack"] == [lost]


def test_sitrep_run_answers_commands_from_its_command_worker_and_logs_no_token(tmp_path: Path) -> None:
    """A real ``sitrep run`` (Socket Mode, embedded Redis) starts the command worker with the token
    in its settings: /hypotheses is acked "Working on it…" and the board is posted by a child process
    (the front, the ingest worker and the command worker are three processes); SIGTERM ends them all
    cleanly and no log line carries the token."""
    import subprocess
    import sys

    import psutil

    worktree = Path(__file__).resolve().parents[2]
    with LocalSlack(signing_secret=SECRET, bot_token=BOT_TOKEN, app_token=APP_TOKEN, ack_timeout_s=2.0) as slack:
        slack.add_user("UPRIYA", name="priya", real_name="Priya Raman")
        channel = slack.create_channel("inc-checkout", members=["UPRIYA", slack.bot_user_id])
        slack.deliver_socket()
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(worktree),
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_APP_TOKEN": APP_TOKEN,
            "SLACK_API_URL": slack.api_url,
            "SITREP_DATA_DIR": str(tmp_path / "data"),
            "LOG_LEVEL": "DEBUG",
        }
        log = tmp_path / "sitrep.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "run"], cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        try:
            assert wait_until(lambda: slack.socket_connections >= 1 or proc.poll() is not None, timeout=90)
            assert proc.poll() is None, log.read_text()
            pythons = lambda: [  # noqa: E731 - polled below
                c for c in psutil.Process(proc.pid).children() if "spawn_main" in " ".join(c.cmdline())
            ]
            assert wait_until(lambda: len(pythons()) == 2, timeout=30), log.read_text()
            slack.post_as_user("UPRIYA", channel, "I suspect the DB connection pool is exhausted")
            acked = slack.slash_command("UPRIYA", channel, "/hypotheses")
            assert ack_text(acked) == texts.WORKING, log.read_text()
            assert wait_until(
                lambda: any(str(m.get("text", "")).startswith("Hypothesis board") for m in slack.bot_messages(channel)),
                timeout=90,
            ), log.read_text()
        finally:
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=60)
        output = log.read_text()
        assert code == 0, output
        assert "Traceback" not in output
        assert BOT_TOKEN not in output and APP_TOKEN not in output


def test_a_command_worker_that_cannot_start_says_why_in_one_line_and_acks_go_on(
    env: Env, capfd: pytest.CaptureFixture[str]
) -> None:
    """The child cannot reach Slack: each start ends with one log line (no traceback, no token), the
    front starts it again more slowly, commands are still acked at once, and after the second death
    the requester is told in one line that the command was not done."""
    unreachable = env.settings.model_copy(update={"slack_api_url": "http://127.0.0.1:9/api/"})
    commands = CommandProcess(command_worker_main, (unreachable, env.redis_url, 2), restart_delay_s=0.2)
    env.start(commands, "http", ready=False)
    acked = env.slack.slash_command("UPRIYA", env.channel, "/hypotheses")
    assert ack_text(acked) == texts.WORKING and acked.elapsed_s < 2.0
    lost = texts.COMMAND_LOST.format(command="/hypotheses")
    assert wait_until(
        lambda: [e.text for e in env.slack.ephemerals(env.channel, "UPRIYA") if e.source != "ack"] == [lost],
        timeout=90,
    )
    assert commands.restarts >= 2 and not commands.wait_ready(0)
    err = capfd.readouterr().err
    stops = [line for line in err.splitlines() if "the command worker stopped: " in line]
    assert stops and all("(URLError)" in line for line in stops), err[-2000:]
    assert "Traceback" not in err
    assert BOT_TOKEN not in err
