"""Rolling sitreps through Slack: three replicas post once per due slot; joiners get a catch-up."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import pytest
import redis

from bot.clock import ManualClock
from bot.config import Settings
from bot.core.sitrep import LOCK_SECONDS, SitrepService
from bot.domain import Board, IncidentState, Message, RawMessage, Sitrep, datetime_to_ts
from bot.engines import OfflineEngine
from bot.redaction import Redactor
from bot.sandbox.slack import LocalSlack
from bot.services import Services, build, replica_name
from bot.slack.publish import publish_sitrep
from bot.store import Store, keys
from tests.slack.conftest import APP_TOKEN, BOT_TOKEN, SECRET, Started, start_app, wait_until

START = datetime.fromisoformat("2026-03-14T22:00:00+00:00")


def sitrep_posts(slack: LocalSlack, channel: str) -> list[dict[str, object]]:
    return [m for m in slack.bot_messages(channel) if str(m.get("text", "")).startswith("Sitrep #")]


@pytest.fixture
def shared_clock() -> ManualClock:
    return ManualClock(START)


def replica(client: redis.Redis, clock: ManualClock, redactor: Redactor, name: str, mode: str = "channel") -> Services:
    settings = Settings(_env_file=None, sitrep_mode=mode)  # type: ignore[call-arg]
    return build(settings, clock=clock, store=Store(client, clock=clock), redactor=redactor, owner=name)


def test_three_replicas_post_one_sitrep_per_due_slot(
    redis_client: redis.Redis, redactor: Redactor, shared_clock: ManualClock
) -> None:
    with LocalSlack(signing_secret=SECRET, bot_token=BOT_TOKEN, app_token=APP_TOKEN, clock=shared_clock) as slack:
        slack.add_user("UPRIYA", name="priya", real_name="Priya Raman")
        channel = slack.create_channel("inc-replicas", members=["UPRIYA", slack.bot_user_id])
        slack.discard_pending_events()
        apps: list[tuple[Services, Started]] = []
        for i, transport in enumerate(("socket", "http", "http")):
            services = replica(redis_client, shared_clock, redactor, f"replica-{i}")
            started = start_app(slack, services, transport)
            started.app.start_tracking()
            apps.append((services, started))
        slack.deliver_socket()  # events reach replica 0; every replica ticks and shares Redis
        try:
            for minute in range(0, 45):
                now = START + timedelta(minutes=minute)
                shared_clock.set(now)
                if minute in (0, 3, 12, 31, 33):
                    ts = slack.post_as_user(
                        "UPRIYA", channel, f"update at minute {minute}: 5xx at {minute + 5}% of checkouts"
                    )
                    assert wait_until(lambda ts=ts: apps[0][0].store.get_message(channel, ts) is not None)
                for services, started in apps:
                    services.sitreps.tick(now, lambda s, ctx=started.app.ctx: publish_sitrep(ctx, s))
            numbers = [int(str(m["text"]).split("#")[1].split(":")[0]) for m in sitrep_posts(slack, channel)]
            assert numbers == [1, 2, 3, 4, 5]  # each due slot once, though three replicas ticked every minute
            minutes = [(s.created_at - START) / timedelta(minutes=1) for s in apps[0][0].store.sitreps(channel)]
            assert minutes == [0, 10, 20, 31, 41]  # quiet slots (21-30) got nothing
        finally:
            for _, started in apps:
                started.stop()


def test_a_joiner_gets_an_ephemeral_catch_up(local_slack: LocalSlack, services: Services) -> None:
    channel = local_slack.create_channel("inc-join", members=["UPRIYA", local_slack.bot_user_id])
    local_slack.discard_pending_events()
    started = start_app(local_slack, services, "socket")
    try:
        started.app.start_tracking()
        ts = local_slack.post_as_user("UPRIYA", channel, "I suspect the DB connection pool")
        # Ingest stores the message, then marks the channel active: wait for both, or a tick that
        # runs in between (a loaded machine) finds no active channel and posts nothing.
        assert wait_until(lambda: channel in services.store.active_channels())
        assert wait_until(lambda: services.store.get_message(channel, ts) is not None)
        posted = services.sitreps.tick(services.clock.now(), lambda s: publish_sitrep(started.app.ctx, s))
        assert [s.number for s in posted] == [1]
        local_slack.add_member(channel, "ULENA", by_user="UPRIYA")
        assert wait_until(lambda: bool(local_slack.ephemerals(channel, "ULENA")))
        note = local_slack.ephemerals(channel, "ULENA")[0]
        assert note.text.startswith("Catching you up:")
        assert len(services.store.sitreps(channel)) == 1  # the catch-up is not a sitrep of the channel
    finally:
        started.stop()


def test_thread_mode_keeps_sitreps_under_one_pinned_parent(
    local_slack: LocalSlack, redis_client: redis.Redis, redactor: Redactor, shared_clock: ManualClock
) -> None:
    services = replica(redis_client, shared_clock, redactor, "solo", mode="thread")
    channel = local_slack.create_channel("inc-thread", members=["UPRIYA", local_slack.bot_user_id])
    local_slack.discard_pending_events()
    started = start_app(local_slack, services, "socket")
    try:
        started.app.start_tracking()
        for minute in (0, 11, 22):
            shared_clock.set(START + timedelta(minutes=minute))
            ts = local_slack.post_as_user(
                "UPRIYA", channel, f"minute {minute}: restarted one more node, errors at {minute + 3}%"
            )
            assert wait_until(lambda ts=ts: services.store.get_message(channel, ts) is not None)
            shared_clock.set(START + timedelta(minutes=minute + 1))
            services.sitreps.tick(shared_clock.now(), lambda s: publish_sitrep(started.app.ctx, s))
        state = services.incidents.state(channel)
        assert state.sitrep_thread_ts is not None
        replies = local_slack.thread(channel, state.sitrep_thread_ts)[1:]
        assert [str(r["text"]).split(" ")[0] for r in replies] == ["Sitrep", "Sitrep", "Sitrep"]
        assert not sitrep_posts(local_slack, channel) or all(
            m.get("thread_ts") for m in sitrep_posts(local_slack, channel)
        )
        pins = local_slack.journal.calls("pins.add", ok=True)
        assert len(pins) == 1
    finally:
        started.stop()


def sitrep_numbers(slack: LocalSlack, channel: str) -> list[int]:
    return [int(str(m["text"]).split("#")[1].split(":")[0]) for m in sitrep_posts(slack, channel)]


class Replicas:
    """Three replicas with their own names and Slack apps on one Redis, one local Slack, one clock."""

    def __init__(self, slack: LocalSlack, client: redis.Redis, clock: ManualClock, redactor: Redactor) -> None:
        self.slack = slack
        self.clock = clock
        slack.add_user("UPRIYA", name="priya", real_name="Priya Raman")
        self.channel = slack.create_channel("inc-lapse", members=["UPRIYA", slack.bot_user_id])
        slack.discard_pending_events()
        self.services = [replica(client, clock, redactor, f"replica-{n}") for n in "abc"]
        self.started = [start_app(slack, s, t) for s, t in zip(self.services, ("socket", "http", "http"), strict=True)]
        for started in self.started:
            started.app.start_tracking()
        slack.deliver_socket()

    def say(self, text: str) -> None:
        ts = self.slack.post_as_user("UPRIYA", self.channel, text)
        store = self.services[0].store
        assert wait_until(lambda: store.get_message(self.channel, ts) is not None)
        assert wait_until(lambda: self.channel in store.active_channels())

    def publisher(self, n: int) -> Callable[[Sitrep], None]:
        return lambda s: publish_sitrep(self.started[n].app.ctx, s)

    def tick_all(self, minutes: int) -> None:
        """Every replica ticks every minute for ``minutes``, with significant news each minute
        (a mitigation step with an impact figure), so each due slot has a sitrep to post."""
        for minute in range(minutes):
            self.clock.advance(timedelta(minutes=1))
            self.say(f"drained one more checkout node, 5xx down to {12 - minute % 6}%")
            for n, services in enumerate(self.services):
                services.sitreps.tick(self.clock.now(), self.publisher(n))

    def stop(self) -> None:
        for started in self.started:
            started.stop()


def test_build_gives_each_replica_its_own_claim_owner(
    redis_client: redis.Redis, redactor: Redactor, shared_clock: ManualClock
) -> None:
    """The owner passed to build() is what a sitrep claim carries; by default it is host:pid."""
    default = build(
        Settings(_env_file=None),  # type: ignore[call-arg]
        clock=shared_clock,
        store=Store(redis_client, clock=shared_clock),
        redactor=redactor,
    )
    named = replica(redis_client, shared_clock, redactor, "replica-x")
    holders: dict[str, str] = {}
    for services, channel in ((named, "CNAMED"), (default, "CDEFAULT")):
        services.incidents.open(channel, f"inc-{channel.lower()}")
        services.ingestor.ingest(RawMessage(channel=channel, ts=datetime_to_ts(START, 1), text="5xx up", user="U1"))

        def spy(s: Sitrep) -> None:
            holders[s.channel] = str(redis_client.get(keys.tick_lock(s.channel, "1"))).split("|")[0]

        assert services.sitreps.post(channel, shared_clock.now(), spy) is not None
    assert holders == {"CNAMED": "replica-x#1", "CDEFAULT": f"{replica_name()}#1"}


def test_a_post_that_fails_after_its_claim_lapsed_frees_only_its_own_claim(
    redis_client: redis.Redis, redactor: Redactor, shared_clock: ManualClock
) -> None:
    """A's post stalls past its claim, B takes the slot over, then A's post fails: A's release
    leaves B's claim alone, so C cannot post the same sitrep while B is still posting it."""
    with LocalSlack(signing_secret=SECRET, bot_token=BOT_TOKEN, app_token=APP_TOKEN, clock=shared_clock) as slack:
        r = Replicas(slack, redis_client, shared_clock, redactor)
        a, b, c = r.services
        a_stalled, a_gives_up, b_posting, b_goes_on = (threading.Event() for _ in range(4))
        failures: list[BaseException] = []

        def a_publish(_s: Sitrep) -> None:
            a_stalled.set()
            a_gives_up.wait(10)
            raise ConnectionError("chat.postMessage timed out")

        def b_publish(s: Sitrep) -> None:
            b_posting.set()
            b_goes_on.wait(10)
            r.publisher(1)(s)

        def run(services: Services, publish: Callable[[Sitrep], None]) -> None:
            try:
                services.sitreps.tick(shared_clock.now(), publish)
            except ConnectionError as exc:
                failures.append(exc)

        try:
            r.say("checkout 5xx at 12%")
            ta = threading.Thread(target=run, args=(a, a_publish))
            ta.start()
            assert a_stalled.wait(10)  # A holds slot 1 and is stuck in chat.postMessage
            shared_clock.advance(timedelta(seconds=LOCK_SECONDS + 1))
            tb = threading.Thread(target=run, args=(b, b_publish))
            tb.start()
            assert b_posting.wait(10)  # A's claim lapsed: B took slot 1 over and is posting it
            a_gives_up.set()
            ta.join(10)
            assert len(failures) == 1  # A's post failed and A released its claim (only its own)
            assert c.sitreps.tick(shared_clock.now(), r.publisher(2)) == []  # B still holds slot 1
            b_goes_on.set()
            tb.join(10)
            assert sitrep_numbers(slack, r.channel) == [1]
            r.tick_all(35)
            numbers = sitrep_numbers(slack, r.channel)
            assert numbers == sorted(set(numbers)) == list(range(1, len(numbers) + 1))  # each once, none skipped
            assert len(numbers) == 4  # minutes 0, 10, 20, 30 after the takeover
            assert [s.number for s in a.store.sitreps(r.channel)] == numbers
        finally:
            a_gives_up.set()
            b_goes_on.set()
            r.stop()


class SlowEngine(OfflineEngine):
    """The offline engine, with a hook that runs while a sitrep is being composed (a slow model)."""

    def __init__(self, during: Callable[[], None]) -> None:
        super().__init__()
        self.during = during

    def sitrep(
        self,
        *,
        incident: IncidentState,
        prev: Sitrep | None,
        new_messages: Sequence[Message],
        board: Board,
        now: datetime,
        total_messages: int,
    ) -> Sitrep:
        self.during()
        return super().sitrep(
            incident=incident,
            prev=prev,
            new_messages=new_messages,
            board=board,
            now=now,
            total_messages=total_messages,
        )


def test_a_replica_that_composed_past_its_claim_does_not_post(
    redis_client: redis.Redis, redactor: Redactor, shared_clock: ManualClock
) -> None:
    """A's model call outlasts its claim; B and C tick meanwhile and B posts the slot. A finds its
    claim taken over when it is done composing and posts nothing: sitrep #1 appears once."""
    with LocalSlack(signing_secret=SECRET, bot_token=BOT_TOKEN, app_token=APP_TOKEN, clock=shared_clock) as slack:
        r = Replicas(slack, redis_client, shared_clock, redactor)
        a, b, c = r.services
        stalls = [True]

        def while_a_composes() -> None:
            if stalls.pop() if stalls else False:
                shared_clock.advance(timedelta(seconds=LOCK_SECONDS + 1))
                assert [s.number for s in b.sitreps.tick(shared_clock.now(), r.publisher(1))] == [1]
                assert c.sitreps.tick(shared_clock.now(), r.publisher(2)) == []

        slow_a = SitrepService(
            a.store,
            SlowEngine(while_a_composes),
            a.incidents,
            interval_minutes=a.settings.summary_interval_minutes,
            owner="replica-a",
            clock=shared_clock,
        )
        r.services[0] = dataclasses.replace(a, sitreps=slow_a)
        try:
            r.say("checkout 5xx at 12%")
            assert slow_a.tick(shared_clock.now(), r.publisher(0)) == []
            assert stalls == []  # the stall happened
            assert sitrep_numbers(slack, r.channel) == [1]
            r.tick_all(25)
            numbers = sitrep_numbers(slack, r.channel)
            assert numbers == [1, 2, 3]
            assert [s.number for s in a.store.sitreps(r.channel)] == [1, 2, 3]
        finally:
            r.stop()
