"""What a batch costs in Redis round trips and server commands, counted (not estimated), and the
caches that make it cheap: tracked channels, incident state, across replicas."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import redis

from bot.clock import ManualClock
from bot.domain import IncidentState, Message
from bot.services import Services
from bot.store import EmbeddedRedis, Store, keys
from tests.core.test_ingest import CHANNEL, raw

T0 = 1_773_528_000


class Counting(redis.Connection):
    """Counts packets sent and waited on: one command, pipeline or transaction is one round trip."""

    sent = 0

    def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        Counting.sent += 1
        super().send_packed_command(command, check_health)


@pytest.fixture
def counted(redis_server: EmbeddedRedis, redis_client: redis.Redis) -> Iterator[redis.Redis]:
    host, port = redis_server.url.removeprefix("redis://").split(":")
    pool = redis.ConnectionPool(connection_class=Counting, host=host, port=int(port), decode_responses=True)
    client = redis.Redis(connection_pool=pool)
    yield client
    client.close()


@pytest.fixture
def svc(services: Services, counted: redis.Redis, clock: ManualClock) -> Services:
    from dataclasses import replace

    from bot.config import Settings
    from bot.services import build

    store = Store(counted, clock=clock)
    built = build(Settings(_env_file=None), clock=clock, store=store, redactor=services.redactor)  # type: ignore[call-arg]
    built.incidents.open(CHANNEL, "inc-checkout")
    return replace(built)


def test_a_batch_of_ten_costs_at_most_two_round_trips_and_eight_commands_per_event(
    svc: Services, redis_client: redis.Redis, clock: ManualClock
) -> None:
    """Claim each event, store the batch in one pipeline, finish the batch: about 1.2 round trips
    and under 8 server commands (Lua's own commands included) per event."""
    ing = svc.ingestor
    ing.ingest_many([raw(f"{T0}.000001", "warm-up: checkout 5xx at 4%")])
    clock.advance(timedelta(seconds=5))
    redis_client.config_resetstat()
    Counting.sent = 0
    batch = [raw(f"{T0 + i}.000100", f"update {i}: p99 still 3.4s on orders-db") for i in range(1, 11)]
    ids = [f"EvB{i}" for i in range(10)]
    assert [ing.claim_event(e) for e in ids] == ["claimed"] * 10
    outcomes = ing.ingest_many(batch)
    ing.finish_events(ids)
    assert all(o.new for o in outcomes)
    round_trips = Counting.sent
    stats = redis_client.info("commandstats")
    commands = sum(int(v["calls"]) for k, v in stats.items() if k not in ("cmdstat_config|resetstat", "cmdstat_info"))
    assert round_trips == 10 + 2  # ten claims, one pipeline for the batch, one for the finishes
    assert commands / 10 <= 8, stats
    assert "cmdstat_pexpire" not in stats and "cmdstat_type" not in stats


def test_tracked_is_remembered_not_tracked_is_always_asked(redis_client: redis.Redis, clock: ManualClock) -> None:
    """Replica B believes "tracked" for a minute after replica A untracked the channel (then asks
    again), but sees a channel A just started tracking at once: no message is ever dropped for it."""
    a, b = Store(redis_client, clock=clock), Store(redis_client, clock=clock)
    assert b.channel_name("C1") is None
    a.track_channel("C1", "inc-a")
    assert b.channel_name("C1") == "inc-a"  # "not tracked" was not cached
    a.untrack_channel("C1")
    assert a.channel_name("C1") is None  # the replica that untracked knows at once
    assert b.channel_name("C1") == "inc-a"  # B's belief, younger than a minute
    assert b.channel_name("C1", fresh=True) is None  # a slash command's ack asks Redis itself
    b.track_channel("C1", "inc-a")
    a.untrack_channel("C1")
    clock.advance(timedelta(seconds=59))
    assert b.channel_name("C1") == "inc-a"
    clock.advance(timedelta(seconds=1))
    assert b.channel_name("C1") is None


def test_a_stale_cached_incident_never_overwrites_another_replicas_resolve(
    redis_client: redis.Redis, clock: ManualClock
) -> None:
    """A folds messages into its cached state; B resolves meanwhile; A's next change is made on
    B's state (compare-and-set failed, re-read, re-applied): the resolution stays."""
    a, b = Store(redis_client, clock=clock), Store(redis_client, clock=clock)
    opened = IncidentState(channel="C1", name="inc-a", opened_at=clock.now())
    a.update_incident("C1", lambda s: opened)
    assert a.update_incident("C1", lambda s: s) == opened  # cached: no change, no write
    resolved = opened.model_copy(update={"resolved_at": clock.now(), "status": "resolved"})
    b.save_incident(resolved)
    severity = a.update_incident("C1", lambda s: None if s is None else s.model_copy(update={"severity": "SEV2"}))
    assert severity is not None and severity.resolved_at == clock.now() and severity.severity == "SEV2"
    assert b.get_incident("C1") == severity


def test_ingest_reads_no_incident_while_its_copy_is_young(svc: Services, redis_client: redis.Redis) -> None:
    """Messages that change nothing in the lifecycle cost no incident read or write at all."""
    ing = svc.ingestor
    ing.ingest_many([raw(f"{T0}.000001", "checkout 5xx at 4% since 22:19")])
    redis_client.config_resetstat()
    ing.ingest_many([raw(f"{T0 + i}.000100", f"still looking at the pool, try {i}") for i in range(1, 6)])
    stats = redis_client.info("commandstats")
    assert "cmdstat_get" not in stats and "cmdstat_set" not in stats, stats
    assert redis_client.exists(keys.incident(CHANNEL))


def test_a_batch_with_a_redelivery_stores_each_message_once(svc: Services) -> None:
    """A batch that repeats a stored message (and itself) stores each once and chains each once."""
    ing = svc.ingestor
    first = raw(f"{T0}.000001", "checkout 5xx at 4%")
    ing.ingest_many([first])
    batch = [raw(f"{T0 + 1}.000001", "pool exhausted?"), first, raw(f"{T0 + 2}.000001", "rolling back"), first]
    outcomes = ing.ingest_many(batch)
    assert [o.new for o in outcomes] == [True, False, True, False]
    assert svc.store.count_messages(CHANNEL) == 3
    assert len(svc.store.chain(CHANNEL)) == 3 and svc.store.verify_chain(CHANNEL)[0] is None
    assert [m.text for m in svc.store.messages(CHANNEL)] == ["checkout 5xx at 4%", "pool exhausted?", "rolling back"]


def test_put_messages_refuses_raw_text_before_writing_anything(store: Store) -> None:
    """One RawMessage in a batch stops the whole batch before a byte reaches Redis."""
    good = Message(channel="C1", ts=f"{T0}.000001", text="hello")
    with pytest.raises(TypeError):
        store.put_messages([good, raw(f"{T0}.000002", "password hunter2")])  # type: ignore[list-item]
    assert store.count_messages("C1") == 0


def test_a_reopen_after_another_replicas_resolve_is_seen_within_the_cache_age(
    redis_client: redis.Redis, clock: ManualClock
) -> None:
    """B resolves; A's cached copy (unresolved) is at most a second old when A's next batch folds a
    "reopening" message: that batch re-reads the state in its own pipeline and the incident reopens."""
    from bot.domain import Message

    a, b = Store(redis_client, clock=clock), Store(redis_client, clock=clock)
    b.track_channel("C1", "inc-a")
    a.put_messages([Message(channel="C1", ts=f"{T0}.000001", text="checkout 5xx at 4%")])
    opened = IncidentState(channel="C1", name="inc-a", opened_at=clock.now())
    a.update_incident("C1", lambda s: opened)  # A's copy: open
    b.save_incident(opened.model_copy(update={"resolved_at": clock.now(), "status": "resolved"}))
    clock.advance(timedelta(seconds=1))
    a.put_messages([Message(channel="C1", ts=f"{T0 + 60}.000001", text="it's back: reopening")])
    seen = a.update_incident("C1", lambda s: s)  # no round trip: the batch brought the fresh copy
    assert seen is not None and seen.resolved_at == clock.now() - timedelta(seconds=1)


def test_a_batch_of_first_delivery_claims_is_one_round_trip(svc: Services) -> None:
    """Socket Mode's event lane claims fifty first deliveries in one round trip, not fifty."""
    Counting.sent = 0
    assert svc.ingestor.claim_events([f"EvLane{i}" for i in range(50)]) == ["claimed"] * 50
    assert Counting.sent == 1
