"""The lean front and its ingest worker process: the real app, the local Slack, a real child process.

Message events are claimed and acked by the front and stored by a separate worker process.
A worker killed mid-batch loses nothing that was acked and stores nothing twice; a full queue
leaves events unacked (Slack retries them) while slash commands are still acked at once.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.core.ingest import Ingestor
from bot.core.ingest_worker import IngestWorker
from bot.redaction import Redactor
from bot.sandbox.slack import LocalSlack
from bot.services import Services, build
from bot.slack import texts
from bot.slack.app import SlackApp
from bot.store import EmbeddedRedis, Store
from bot.worker import ingest_worker_main
from tests.slack.conftest import APP_TOKEN, BOT_TOKEN, SECRET, start_app, wait_until
from tests.slack.test_e2e import ack_text
from tests.slack.test_front_acks import burst, occupy_bolt_pool

pytestmark = pytest.mark.slow

PEOPLE = ("UPRIYA", "UMARCUS", "ULENA")


def crash_once_worker(marker: str, settings: Settings, redis_url: str, inbox: Connection, outbox: Connection) -> None:
    """The real worker, except that its first life dies (SIGKILL) once 3 messages are written, before
    any claim of their batch is finished: a crash mid-batch (writes landed, nothing marked done)."""
    if not Path(marker).exists():
        Path(marker).write_text("crashed once\n")
        put_many = Store.put_messages
        calls = {"n": 0}

        def put_then_die(self: Store, messages: Any) -> list[bool]:
            new = put_many(self, messages)
            calls["n"] += len(messages)
            if calls["n"] >= 3:
                os.kill(os.getpid(), signal.SIGKILL)
            return new

        Store.put_messages = put_then_die  # type: ignore[method-assign]
    ingest_worker_main(settings, redis_url, inbox, outbox)


def gated_worker(gate: str, settings: Settings, redis_url: str, inbox: Connection, outbox: Connection) -> None:
    """The real worker, whose first batch waits until the test creates the ``gate`` file (a stuck worker)."""
    ingest_many = Ingestor.ingest_many

    def wait_for_gate(self: Ingestor, raws: Any) -> Any:
        wait_until(lambda: Path(gate).exists(), timeout=60)
        return ingest_many(self, raws)

    Ingestor.ingest_many = wait_for_gate  # type: ignore[method-assign]
    ingest_worker_main(settings, redis_url, inbox, outbox)


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

    def start(self, worker: IngestWorker, transport: str) -> None:
        """Sitrep with ``worker`` tracking #inc-checkout; returns once the worker takes jobs."""
        self.channel = self.slack.create_channel("inc-checkout", members=list(PEOPLE))
        self.slack.discard_pending_events()
        worker.start()
        self.stops.append(worker.stop)
        started = start_app(self.slack, self.services, transport, ingest=worker)
        self.stops.append(started.stop)
        self.app = started.app
        self.slack.invite_bot(self.channel, by_user="UPRIYA")
        assert wait_until(lambda: self.services.incidents.is_tracked(self.channel))
        assert worker.wait_ready(60), "the ingest worker did not start"

    def stored(self) -> list[str]:
        return [m.ts for m in self.services.store.messages(self.channel)]


@pytest.fixture
def env(store: Store, redactor: Redactor, redis_server: EmbeddedRedis, tmp_path: Path) -> Iterator[Env]:
    """The local Slack (retrying an unacked HTTP event after 0.3, 0.6 and 1.2 s; Slack waits 1 and 5
    minutes) and services on the test store with the system clock, which the worker uses too."""
    from bot.clock import SystemClock

    settings = Settings(_env_file=None, sitrep_data_dir=tmp_path / "data", ingest_batch_max=8)  # type: ignore[call-arg]
    clock = SystemClock()
    services = build(settings, clock=clock, store=Store(store.client, clock=clock), redactor=redactor)
    with LocalSlack(
        signing_secret=SECRET,
        bot_token=BOT_TOKEN,
        app_token=APP_TOKEN,
        ack_timeout_s=2.0,
        retry_delays_s=(0.3, 0.6, 1.2),
        disconnect_grace_s=0.5,
        socket_ping_interval_s=0.1,
    ) as slack:
        for user, name in zip(PEOPLE, ("priya", "marcus", "lena"), strict=True):
            slack.add_user(user, name=name, real_name=name.title())
        running = Env(slack, services, settings, redis_server.url, tmp_path)
        yield running
        for stop in reversed(running.stops):
            stop()


@pytest.mark.parametrize("transport", ["http", "socket"])
def test_worker_killed_mid_batch_loses_nothing_acked_and_stores_nothing_twice(transport: str, env: Env) -> None:
    """The worker dies (SIGKILL) after writing part of a batch: a new worker gets every pending event
    again; every acked message ends up stored exactly once, and the secret warning is still sent."""
    marker = env.tmp / "crashed"
    worker = IngestWorker(crash_once_worker, (str(marker), env.settings, env.redis_url), capacity=100)
    env.start(worker, transport)
    slack = env.slack
    posted = [slack.post_as_user(PEOPLE[i % 3], env.channel, f"update {i}: p99 at {300 + i} ms") for i in range(12)]
    posted.append(slack.post_as_user("UPRIYA", env.channel, "token aws_secret_access_key=" + "wJ9rT2xLq8Zv4NbP" * 2))
    assert wait_until(lambda: worker.restarts == 1, timeout=60), "the first worker never crashed"
    assert wait_until(lambda: len(env.stored()) == len(posted), timeout=60)
    assert worker.wait_idle(30)
    stored = env.stored()
    assert sorted(stored) == sorted(posted)  # every message, each exactly once
    assert marker.read_text() == "crashed once\n"
    acked = {d.event_id for d in slack.deliveries if d.kind == "events_api" and d.outcome == "acked"}
    assert len(acked) >= len(posted), "every message event was acked before the crash"
    raw = str(env.services.store.dump_all())
    assert "wJ9rT2xLq8Zv4NbP" not in raw
    assert wait_until(lambda: len(slack.ephemerals(env.channel, "UPRIYA")) == 1, timeout=10)


def test_full_queue_is_not_acked_and_commands_are_acked_at_once(env: Env) -> None:
    """With the worker stuck and its queue (capacity 3) full, further message events get 503 and are
    retried by Slack; slash commands are acked meanwhile; once the worker runs, each message is stored once."""
    gate = env.tmp / "gate"
    worker = IngestWorker(gated_worker, (str(gate), env.settings, env.redis_url), capacity=3)
    env.start(worker, "http")
    slack = env.slack
    try:
        posted = [slack.post_as_user("UMARCUS", env.channel, f"queued update {i}") for i in range(6)]
        refused = lambda: [  # noqa: E731 - read twice below
            d for d in slack.deliveries if d.kind == "events_api" and d.status == 503 and d.retry_attempt == 0
        ]
        assert wait_until(lambda: len(refused()) == 3, timeout=20)
        assert worker.pending == 3
        commands = [slack.slash_command("UPRIYA", env.channel, "/hypotheses") for _ in range(5)]
        assert [c.status for c in commands] == [200] * 5
        assert max(c.elapsed_s for c in commands) < 3.0
        gate.write_text("go\n")
        assert wait_until(lambda: len(env.stored()) == len(posted), timeout=60)
        assert worker.wait_idle(30)
        assert sorted(env.stored()) == sorted(posted)
        assert worker.refused >= 3
    finally:
        gate.write_text("go\n")


def test_edits_deletes_and_untracked_channels_through_the_worker(env: Env) -> None:
    """Through the worker, an edit replaces the stored text and a delete removes it, in order; a
    message in an untracked channel is acked and never stored."""
    worker = IngestWorker(ingest_worker_main, (env.settings, env.redis_url), capacity=100)
    env.start(worker, "http")
    slack = env.slack
    other = slack.create_channel("random", members=[*PEOPLE, slack.bot_user_id])
    kept = slack.post_as_user("UPRIYA", env.channel, "I suspect the DB pool")
    gone = slack.post_as_user("UMARCUS", env.channel, "wrong channel, sorry")
    slack.post_as_user("ULENA", other, "lunch anyone? jane.doe@example.org")
    assert wait_until(lambda: len(env.stored()) == 2, timeout=30)
    slack.edit_as_user("UPRIYA", env.channel, kept, "I suspect the Redis cache eviction")
    slack.delete_as_user("UMARCUS", env.channel, gone)
    assert wait_until(lambda: env.stored() == [kept], timeout=30)
    assert wait_until(
        lambda: [m.text for m in env.services.store.messages(env.channel)] == ["I suspect the Redis cache eviction"]
    )
    assert worker.wait_idle(30)
    assert env.services.store.messages(other) == []
    acked = {d.event_id for d in slack.deliveries if d.kind == "events_api" and d.outcome == "acked"}
    assert len(acked) >= 5  # three posts, the edit and the delete, the untracked post too


@pytest.mark.parametrize("transport", ["http", "socket"])
def test_a_command_during_an_ingest_burst_through_the_worker_is_acked_and_done(transport: str, env: Env) -> None:
    """120 messages go to the worker while every thread of Bolt's listener pool is stuck: /hypotheses
    is acked "Working on it" within the ack timeout, its board is posted, and every message is stored once."""
    worker = IngestWorker(ingest_worker_main, (env.settings, env.redis_url), capacity=400)
    env.start(worker, transport)
    assert env.app is not None
    slack = env.slack
    slack.post_as_user("UPRIYA", env.channel, "I suspect the DB connection pool on orders-db is exhausted")
    assert wait_until(lambda: len(env.stored()) == 1, timeout=30)
    release = occupy_bolt_pool(env.app.app)
    try:
        poster = burst(slack, env.channel, 120)
        assert wait_until(lambda: len(env.stored()) > 1, timeout=30)  # the burst is flowing through the worker
        command = slack.slash_command("ULENA", env.channel, "/hypotheses")
        assert command.acked and ack_text(command) == texts.WORKING
        boards = lambda: [  # noqa: E731 - read twice below
            m for m in slack.bot_messages(env.channel) if str(m.get("text", "")).startswith("Hypothesis board")
        ]
        assert wait_until(lambda: len(boards()) == 1, timeout=30)
        poster.join(60)
        assert wait_until(lambda: len(env.stored()) == 121, timeout=60)
    finally:
        release.set()
    assert len(set(env.stored())) == 121


def test_backfill_goes_through_the_worker_and_the_front_never_loads_the_redactor(env: Env) -> None:
    """Messages posted while Sitrep was down (Slack gave up on them) are read back at the restart and
    stored by the worker, each once, with a secret redacted there: the front's redactor stays unloaded."""
    from bot.clock import SystemClock

    front = Redactor(lazy=True)  # what `sitrep run` builds with the worker on: spaCy only at a first text
    clock = SystemClock()
    env.services = build(env.settings, clock=clock, store=Store(env.services.store.client, clock=clock), redactor=front)
    worker = IngestWorker(ingest_worker_main, (env.settings, env.redis_url), capacity=100)
    env.start(worker, "socket")
    slack = env.slack
    live = [slack.post_as_user(PEOPLE[i % 3], env.channel, f"live update {i}") for i in range(3)]
    assert wait_until(lambda: len(env.stored()) == 3, timeout=60)

    env.stops.pop()()  # the app goes away; the worker stays (a front restart)
    # Slack notices the closed socket a moment later; a message posted before that would still be sent
    # down the dying connection instead of being held for the restart.
    assert wait_until(lambda: slack.socket_connections == 0, timeout=30)
    away = [slack.post_as_user(PEOPLE[i % 3], env.channel, f"while away {i}: db p99 {400 + i} ms") for i in range(4)]
    away.append(slack.post_as_user("ULENA", env.channel, "token aws_secret_access_key=" + "wJ9rT2xLq8Zv4NbP" * 2))
    assert slack.discard_pending_events() >= len(away)  # Slack gave up redelivering them

    restarted = start_app(slack, env.services, "socket", ingest=worker)
    env.stops.append(restarted.stop)
    restarted.app.start_tracking()  # what `sitrep run` does at every start: backfill tracked channels
    assert sorted(env.stored()) == sorted(live + away)  # backfill returns once the worker stored them
    assert not front.loaded, "the front redacted a backfilled message itself"
    assert "wJ9rT2xLq8Zv4NbP" not in str(env.services.store.dump_all())
    assert worker.wait_idle(30)
    restarted.app.start_tracking()  # a second backfill finds nothing new and stores nothing twice
    assert sorted(env.stored()) == sorted(live + away)
    assert not front.loaded


def test_http_message_events_for_the_worker_skip_bolt_and_other_events_do_not(env: Env) -> None:
    """Over HTTP a message event for the worker is claimed, queued and acked without a Bolt request
    (as in Socket Mode's lane): Bolt's middleware never sees it, a reaction still goes through Bolt,
    and each message is stored once."""
    worker = IngestWorker(ingest_worker_main, (env.settings, env.redis_url), capacity=100)
    env.start(worker, "http")
    assert env.app is not None
    seen: list[str] = []
    bolt = env.app.app
    dispatch = bolt.dispatch

    def spy(request: Any) -> Any:  # every request Bolt is handed, whatever its middleware then does
        event = request.body.get("event") if isinstance(request.body, dict) else None
        seen.append(str(event.get("type")) if isinstance(event, dict) else "other")
        return dispatch(request)

    bolt.dispatch = spy  # type: ignore[method-assign]
    slack = env.slack
    posted = [slack.post_as_user(PEOPLE[i % 3], env.channel, f"update {i}: p99 at {300 + i} ms") for i in range(5)]
    assert wait_until(lambda: len(env.stored()) == len(posted), timeout=60)
    slack.react("ULENA", env.channel, posted[0], "eyes")
    assert wait_until(lambda: "reaction_added" in seen, timeout=30)  # other events still go through Bolt
    assert worker.wait_idle(30)
    assert sorted(env.stored()) == sorted(posted)
    assert "message" not in seen
    acked = [d for d in slack.deliveries if d.kind == "events_api" and d.event_id and d.outcome == "acked"]
    assert len({d.event_id for d in acked}) >= len(posted)


def test_events_slack_dropped_over_its_rate_limit_are_stored_once_through_the_worker(
    env: Env, redactor: Redactor
) -> None:
    """Over HTTP with the worker (what `sitrep run` uses): messages Slack dropped while rate-limiting
    are read back after its ``app_rate_limited`` notice and stored by the worker; those that arrived
    through the thin lane are not stored again."""
    from datetime import UTC, datetime

    from bot.clock import ManualClock
    from tests.slack.test_rate_limited import Time

    clock = ManualClock(datetime.now(UTC))  # the front's clock: the backfill's wait for the minute's end steps it
    env.services = build(
        env.settings, clock=clock, store=Store(env.services.store.client, clock=clock), redactor=redactor
    )
    worker = IngestWorker(ingest_worker_main, (env.settings, env.redis_url), capacity=100)
    env.channel = env.slack.create_channel("inc-checkout", members=list(PEOPLE))
    env.slack.discard_pending_events()
    worker.start()
    env.stops.append(worker.stop)
    pacer = Time(clock)
    started = start_app(env.slack, env.services, "http", ingest=worker, rate_limit_pause=pacer.pause)
    env.stops += [started.stop, pacer.go, started.app.ctx.rate_limits.close]
    env.slack.invite_bot(env.channel, by_user="UPRIYA")
    assert wait_until(lambda: env.services.incidents.is_tracked(env.channel))
    assert worker.wait_ready(60), "the ingest worker did not start"
    slack = env.slack
    arrived = [slack.post_as_user(PEOPLE[i % 3], env.channel, f"live update {i}") for i in range(3)]
    assert wait_until(lambda: len(env.stored()) == 3, timeout=60)
    slack.limit_events(True)
    dropped = [slack.post_as_user(PEOPLE[i % 3], env.channel, f"dropped {i}: p99 {700 + i} ms") for i in range(4)]
    slack.limit_events(False)
    arrived.append(slack.post_as_user("ULENA", env.channel, "recovering"))
    assert wait_until(lambda: len(env.stored()) == 4, timeout=60)
    metrics = started.app.ctx.metrics.registry
    assert wait_until(lambda: metrics.get_sample_value("sitrep_slack_rate_limited_total") == 1)
    pacer.go()
    ok = {"outcome": "ok"}
    assert wait_until(lambda: metrics.get_sample_value("sitrep_slack_rate_limit_backfills_total", ok) == 1, 60)
    assert sorted(env.stored()) == sorted(arrived + dropped)
    assert env.services.store.count_messages(env.channel) == 8
    assert worker.wait_idle(30)
    assert not started.app.ctx.rate_limits.busy(slack.team_id)
