"""Rolling sitreps through Slack: three replicas post once per due slot; joiners get a catch-up."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import redis

from bot.clock import ManualClock
from bot.config import Settings
from bot.redaction import Redactor
from bot.sandbox.slack import LocalSlack
from bot.services import Services, build
from bot.slack.publish import publish_sitrep
from bot.store import Store
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
                    ts = slack.post_as_user("UPRIYA", channel, f"update at minute {minute}: 5xx still elevated")
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
        assert wait_until(lambda: services.store.get_message(channel, ts) is not None)
        services.sitreps.tick(services.clock.now(), lambda s: publish_sitrep(started.app.ctx, s))
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
            ts = local_slack.post_as_user("UPRIYA", channel, f"minute {minute}: still investigating")
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
