"""Three replicas (three app instances) on a real 3-master Valkey cluster.

The replica tests of ``test_sitreps_e2e`` run again with a ``RedisCluster`` client: each due
sitrep is posted once, a lapsed claim is taken over and freed only by its holder. Below: every
event delivered to all three replicas at once is stored once, and a master's process restarted
mid-incident comes back with its data (its AOF) and the replicas carry on.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from redis.cluster import RedisCluster

from bot.clock import ManualClock
from bot.domain import RawMessage, datetime_to_ts
from bot.redaction import Redactor
from bot.services import Services
from bot.store import keys
from bot.store.cluster import EmbeddedCluster, cluster_client
from tests.slack import test_sitreps_e2e as e2e

pytestmark = pytest.mark.slow

test_three_replicas_post_one_sitrep_per_due_slot_on_a_cluster = e2e.test_three_replicas_post_one_sitrep_per_due_slot
test_a_lapsed_claim_is_freed_only_by_its_holder_on_a_cluster = (
    e2e.test_a_post_that_fails_after_its_claim_lapsed_frees_only_its_own_claim
)
test_a_replica_that_composed_past_its_claim_does_not_post_on_a_cluster = (
    e2e.test_a_replica_that_composed_past_its_claim_does_not_post
)
shared_clock = e2e.shared_clock
CHANNEL = "CCLUSTER1"


@pytest.fixture
def redis_client(cluster_client_: RedisCluster) -> RedisCluster:
    return cluster_client_


def three(client: RedisCluster, clock: ManualClock, redactor: Redactor) -> list[Services]:
    replicas = [e2e.replica(client, clock, redactor, f"replica-{n}") for n in "abc"]  # type: ignore[arg-type]
    replicas[0].incidents.open(CHANNEL, "inc-cluster")
    return replicas


def deliver(services: Services, events: list[tuple[str, RawMessage]], batch: int) -> None:
    """What a replica's front and worker do with a delivery: claim, store the claimed in batches, finish."""
    ing = services.ingestor
    for start in range(0, len(events), batch):
        claimed = [(eid, raw) for eid, raw in events[start : start + batch] if ing.claim_event(eid) == "claimed"]
        if claimed:
            ing.ingest_many([raw for _, raw in claimed])
            ing.finish_events([eid for eid, _ in claimed])


def test_every_event_delivered_to_three_replicas_is_stored_once(
    redis_client: RedisCluster, redactor: Redactor, shared_clock: ManualClock
) -> None:
    """Slack delivers (and retries) the same 120 events to all three replicas at once: each is
    stored once, the hash chain has one entry per message, and no claim is left pending."""
    replicas = three(redis_client, shared_clock, redactor)
    events = [
        (
            f"Ev{i:04d}",
            RawMessage(
                channel=CHANNEL,
                ts=datetime_to_ts(e2e.START, i),
                text=f"update {i}: checkout 5xx at {i % 13}% on orders-db",
                user="UPRIYA",
                thread_ts=datetime_to_ts(e2e.START, 0) if i % 5 == 4 else None,
            ),
        )
        for i in range(120)
    ]
    threads = [
        threading.Thread(target=deliver, args=(services, events[::step] + events, size))
        for services, step, size in zip(replicas, (1, 2, 3), (7, 10, 1), strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    store = replicas[1].store
    assert store.count_messages(CHANNEL) == 120
    entries = store.chain(CHANNEL)
    assert len(entries) == 120 and store.verify_chain(CHANNEL)[0] is None
    assert {redis_client.get(keys.event(eid)) for eid, _ in events} == {"done"}
    state = store.get_incident(CHANNEL)
    assert state is not None and state.opened_at is not None


def test_a_master_restarted_mid_incident_keeps_its_data(
    valkey_cluster: EmbeddedCluster, redis_client: RedisCluster, redactor: Redactor, shared_clock: ManualClock
) -> None:
    """The master holding the channel's slot is stopped (SIGTERM) and started again on its files:
    every stored message, the chain and the tracked channel are still there (AOF), the replicas'
    scripts are loaded again on NOSCRIPT, and storing goes on where it stopped."""
    replicas = three(redis_client, shared_clock, redactor)
    first = [
        (f"EvR{i}", RawMessage(channel=CHANNEL, ts=datetime_to_ts(e2e.START, i), text=f"before {i}", user="U1"))
        for i in range(30)
    ]
    deliver(replicas[0], first, 10)
    node = redis_client.get_node_from_key(keys.messages(CHANNEL))  # type: ignore[no-untyped-call]
    index = valkey_cluster.ports.index(int(node.port))
    valkey_cluster.stop_node(index)
    valkey_cluster.start_node(index)  # polls until cluster_state:ok on every node
    later = [
        (f"EvR{i}", RawMessage(channel=CHANNEL, ts=datetime_to_ts(e2e.START, i), text=f"after {i}", user="U1"))
        for i in range(30, 40)
    ]
    fresh = cluster_client(valkey_cluster.url, decode_responses=True)  # a replica started after the restart
    try:
        assert fresh.hget(keys.channels(), CHANNEL) == "inc-cluster"
        assert fresh.zcard(keys.messages_index(CHANNEL)) == 30  # survived the restart (AOF)
    finally:
        fresh.close()
    store = replicas[2].store
    shared_clock.advance(timedelta(minutes=2))
    deliver(replicas[1], later + first, 10)  # the first 30 again: Slack's retries, dropped as done
    assert store.count_messages(CHANNEL) == 40
    assert len(store.chain(CHANNEL)) == 40 and store.verify_chain(CHANNEL)[0] is None
