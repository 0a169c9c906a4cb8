"""The hash chain: every stored version is chained in the same script as the write, and tampering shows."""

from __future__ import annotations

import redis

from bot.clock import ManualClock
from bot.domain import Message
from bot.integrity import GENESIS, ChainEntry, delete_hash, entry_hash, version_hash
from bot.store import Store, keys


def msg(ts: str, text: str = "pool exhausted", *, edited: str | None = None) -> Message:
    return Message(channel="C1", ts=ts, text=text, user="U1", edited_ts=edited)


def test_each_insert_edit_and_delete_is_one_linked_entry(store: Store) -> None:
    """Insert, edit and delete each add one entry whose hash links to the previous one."""
    first, edited = msg("1700000000.000100"), msg("1700000000.000100", "pool fixed", edited="1700000060.000000")
    assert store.put_message(first)
    assert not store.put_message(edited)
    assert store.delete_message("C1", first.ts)
    entries = store.chain("C1")
    assert [e.kind for e in entries if e] == ["insert", "edit", "delete"]
    assert [e.version for e in entries if e] == [version_hash(first), version_hash(edited), delete_hash("C1", first.ts)]
    prev = GENESIS
    for entry in entries:
        assert entry is not None and entry.prev == prev
        assert entry.hash == entry_hash(prev, entry.version, entry.kind, entry.ts)
        prev = entry.hash
    assert store.chain_head("C1") == prev
    assert store.verify_chain("C1") == (None, {first.ts: {e.version for e in entries if e}}, 3)


def test_a_redelivery_and_a_delete_of_nothing_add_no_entry(store: Store) -> None:
    """The same version stored twice, or a delete of an unknown ts, leaves the chain as it was."""
    store.put_message(msg("1700000000.000100"))
    store.put_message(msg("1700000000.000100"))
    assert not store.delete_message("C1", "1700000099.000000")
    assert len(store.chain("C1")) == 1


def test_writers_that_race_for_the_head_keep_one_chain(redis_client: redis.Redis, clock: ManualClock) -> None:
    """Two replicas (two stores, each with its own cached head) interleave writes; the chain still verifies."""
    a, b = Store(redis_client, clock=clock), Store(redis_client, clock=clock)
    for i in range(10):
        (a if i % 2 else b).put_message(msg(f"17000000{i:02d}.000100", f"update {i}"))
    assert a.verify_chain("C1")[0] is None
    assert len(a.chain("C1")) == 10


def test_a_message_changed_outside_sitrep_breaks_the_chain(store: Store, redis_client: redis.Redis) -> None:
    """Rewriting a stored message's JSON in Redis is named by its ts."""
    store.put_message(msg("1700000000.000100"))
    forged = msg("1700000000.000100", "nothing happened")
    redis_client.hset(keys.messages("C1"), forged.ts, forged.model_dump_json())
    problem = store.verify_chain("C1")[0]
    assert problem == "message 1700000000.000100 of C1 differs from its recorded version (changed outside Sitrep)"


def test_a_message_deleted_outside_sitrep_breaks_the_chain(store: Store, redis_client: redis.Redis) -> None:
    """Removing a message from the hash without a delete marker is named by its ts."""
    store.put_message(msg("1700000000.000100"))
    redis_client.hdel(keys.messages("C1"), "1700000000.000100")
    assert store.verify_chain("C1")[0] == (
        "message 1700000000.000100 of C1 is missing from the store (deleted outside Sitrep)"
    )


def test_reordered_or_altered_entries_break_the_chain(store: Store, redis_client: redis.Redis) -> None:
    """Swapping two entries, or editing one, is named by the first entry that no longer fits."""
    for i in range(3):
        store.put_message(msg(f"170000000{i}.000100", f"update {i}"))
    raw = redis_client.lrange(keys.chain("C1"), 0, -1)
    redis_client.lset(keys.chain("C1"), 1, raw[2])
    redis_client.lset(keys.chain("C1"), 2, raw[1])
    problem = store.verify_chain("C1")[0]
    assert problem is not None and problem.startswith("chain entry 1 of C1 (ts 1700000002.000100) does not follow")
    redis_client.lset(keys.chain("C1"), 1, raw[1])
    redis_client.lset(keys.chain("C1"), 2, raw[2])
    assert store.verify_chain("C1")[0] is None
    entry = ChainEntry.parse(raw[0])
    assert entry is not None
    redis_client.lset(keys.chain("C1"), 0, ChainEntry(entry.hash, entry.prev, "f" * 64, entry.kind, entry.ts).encode())
    assert store.verify_chain("C1")[0] == "chain entry 0 of C1 (ts 1700000000.000100) does not match its hash (altered)"


def test_legal_hold_keeps_a_channel_past_retention(redis_client: redis.Redis, clock: ManualClock) -> None:
    """A held channel's keys (messages, chain, manifests) have no TTL; others still expire."""
    store = Store(redis_client, clock=clock, legal_hold=frozenset({"C1"}))
    store.put_message(msg("1700000000.000100"))
    store.delete_message("C1", "1700000000.000100")
    store.put_message(msg("1700000001.000100"))
    store.record_manifest("C1", "{}")
    store.put_message(Message(channel="C2", ts="1700000000.000100", text="x"))
    for key in (keys.messages("C1"), keys.chain("C1"), keys.evidence("C1"), keys.messages_index("C1")):
        assert redis_client.ttl(key) == -1, key
    assert 0 < redis_client.ttl(keys.chain("C2")) <= 90 * 86400
