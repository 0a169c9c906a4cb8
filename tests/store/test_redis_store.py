"""The Redis store against a real embedded server: messages, artefacts, retention, errors."""

from __future__ import annotations

import random
import socket
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from bot.clock import ManualClock
from bot.domain import (
    Board,
    Claim,
    Hypothesis,
    IncidentState,
    Message,
    Postmortem,
    RawMessage,
    Rca,
    Review,
    Sitrep,
    StatusUpdate,
    TimelineEvent,
    TrackerIssue,
)
from bot.errors import StoreError
from bot.store import Store, keys

T0 = 1_773_478_800  # 2026-03-14T09:00:00Z


def msg(ts: str, text: str = "hello", *, channel: str = "C1", thread_ts: str | None = None) -> Message:
    return Message(channel=channel, ts=ts, text=text, user="U1", user_name="ana", thread_ts=thread_ts)


def ts(second: int, micro: int = 0) -> str:
    return f"{T0 + second}.{micro:06d}"


# -- messages -----------------------------------------------------------------------------------


def test_put_message_is_idempotent_and_replaces(store: Store) -> None:
    """A redelivered or edited message is stored once; the newest version wins."""
    assert store.put_message(msg(ts(1), "first")) is True
    assert store.put_message(msg(ts(1), "edited")) is False
    assert store.count_messages("C1") == 1
    stored = store.get_message("C1", ts(1))
    assert stored is not None
    assert stored.text == "edited"
    assert stored == msg(ts(1), "edited")


def test_get_message_missing_is_none(store: Store) -> None:
    """Asking for a ts that was never stored gives None, not an error."""
    assert store.get_message("C1", ts(1)) is None


def test_delete_message_removes_it_everywhere(store: Store) -> None:
    """A deleted message disappears from ranges, threads, counts and grounding checks."""
    store.put_message(msg(ts(1)))
    store.put_message(msg(ts(2), thread_ts=ts(1)))
    assert store.delete_message("C1", ts(2)) is True
    assert store.delete_message("C1", ts(2)) is False
    assert store.get_message("C1", ts(2)) is None
    assert [m.ts for m in store.messages("C1")] == [ts(1)]
    assert [m.ts for m in store.thread("C1", ts(1))] == [ts(1)]
    assert store.existing_ts("C1", [ts(1), ts(2)]) == {ts(1)}
    assert store.count_messages("C1") == 1


def test_messages_range_is_exclusive_after_inclusive_until(store: Store) -> None:
    """``after_ts`` excludes the boundary (already seen); ``until_ts`` includes it."""
    for i in range(1, 6):
        store.put_message(msg(ts(i)))
    assert [m.ts for m in store.messages("C1")] == [ts(i) for i in range(1, 6)]
    assert [m.ts for m in store.messages("C1", after_ts=ts(2))] == [ts(3), ts(4), ts(5)]
    assert [m.ts for m in store.messages("C1", until_ts=ts(2))] == [ts(1), ts(2)]
    assert [m.ts for m in store.messages("C1", after_ts=ts(1), until_ts=ts(4))] == [ts(2), ts(3), ts(4)]
    assert [m.ts for m in store.messages("C1", after_ts=ts(1), limit=2)] == [ts(2), ts(3)]
    assert store.messages("C1", limit=0) == []
    assert store.messages("C1", after_ts=ts(5)) == []


def test_messages_include_thread_replies_in_ts_order(store: Store) -> None:
    """The channel record interleaves replies with top-level messages by time."""
    store.put_message(msg(ts(1), "parent"))
    store.put_message(msg(ts(3), "later top-level"))
    store.put_message(msg(ts(2), "reply", thread_ts=ts(1)))
    assert [m.text for m in store.messages("C1")] == ["parent", "reply", "later top-level"]


def test_thread_is_parent_then_replies(store: Store) -> None:
    """A thread read gives the parent first, then only that thread's replies, in order."""
    store.put_message(msg(ts(1), "parent", thread_ts=ts(1)))
    store.put_message(msg(ts(9), "reply 2", thread_ts=ts(1)))
    store.put_message(msg(ts(2), "other parent"))
    store.put_message(msg(ts(5), "reply 1", thread_ts=ts(1)))
    store.put_message(msg(ts(6), "other reply", thread_ts=ts(2)))
    assert [m.text for m in store.thread("C1", ts(1))] == ["parent", "reply 1", "reply 2"]
    assert [m.text for m in store.thread("C1", ts(2))] == ["other parent", "other reply"]
    assert store.thread("C1", ts(7)) == []


def test_thread_without_stored_parent_returns_replies(store: Store) -> None:
    """Replies whose parent predates the record are still found."""
    store.put_message(msg(ts(5), "reply", thread_ts=ts(1)))
    assert [m.text for m in store.thread("C1", ts(1))] == ["reply"]


def test_replacing_a_reply_with_a_top_level_message_leaves_the_thread(store: Store) -> None:
    """The reply index follows the stored version of a message, never a stale one."""
    store.put_message(msg(ts(5), "reply", thread_ts=ts(1)))
    store.put_message(msg(ts(5), "now top-level"))
    assert store.thread("C1", ts(1)) == []


def test_ts_ordering_is_exact_at_microsecond_boundaries(store: Store) -> None:
    """ "...000100" sorts after "...000099" and ranges split exactly between them."""
    a, b = "1700000000.000099", "1700000000.000100"
    store.put_message(msg(b, "b"))
    store.put_message(msg(a, "a"))
    assert [m.ts for m in store.messages("C1")] == [a, b]
    assert [m.ts for m in store.messages("C1", after_ts=a)] == [b]
    assert [m.ts for m in store.messages("C1", until_ts=a)] == [a]
    assert store.last_ts("C1") == b


def test_ts_ordering_matches_decimal_for_many_adjacent_microseconds(store: Store) -> None:
    """Adjacent microseconds across a second boundary, inserted shuffled, come back in order."""
    values = [f"{T0}.{u:06d}" for u in range(999_800, 1_000_000)]
    values += [f"{T0 + 1}.{u:06d}" for u in range(200)]
    shuffled = values[:]
    random.Random(7).shuffle(shuffled)
    for value in shuffled:
        store.put_message(msg(value))
    got = [m.ts for m in store.messages("C1")]
    assert got == sorted(values, key=Decimal)
    assert got == values
    middle = values[199]
    assert [m.ts for m in store.messages("C1", after_ts=middle)] == values[200:]
    assert [m.ts for m in store.messages("C1", after_ts=middle, limit=3)] == values[200:203]


def test_count_last_ts_and_existing_ts(store: Store) -> None:
    """Counts, the backfill resume point and the grounding check read the same index."""
    assert store.count_messages("C1") == 0
    assert store.last_ts("C1") is None
    assert store.existing_ts("C1", []) == set()
    for i in (3, 1, 2):
        store.put_message(msg(ts(i)))
    assert store.count_messages("C1") == 3
    assert store.last_ts("C1") == ts(3)
    assert store.existing_ts("C1", iter([ts(1), ts(1), ts(4), "1.000000"])) == {ts(1)}


def test_channels_are_isolated(store: Store) -> None:
    """One channel's messages never show up in another's record."""
    store.put_message(msg(ts(1), channel="C1"))
    store.put_message(msg(ts(1), channel="C2", text="other"))
    assert [m.text for m in store.messages("C2")] == ["other"]
    assert store.count_messages("C1") == 1


def test_store_refuses_raw_messages(store: Store) -> None:
    """Unredacted RawMessage objects can never be stored, even from untyped callers."""
    raw = RawMessage(channel="C1", ts=ts(1), text="card 4111 1111 1111 1111")
    with pytest.raises(TypeError, match="only redacted Message"):
        store.put_message(raw)  # type: ignore[arg-type]
    assert store.dump_all() == {}


def test_non_numeric_ts_is_refused(store: Store) -> None:
    """A ts that is not a Slack timestamp is a caller bug, reported before anything is written."""
    with pytest.raises(ValueError, match="not a Slack timestamp"):
        store.put_message(msg("yesterday"))
    assert store.count_messages("C1") == 0


# -- channels -----------------------------------------------------------------------------------


def test_track_and_untrack_channels(store: Store) -> None:
    """Tracked channels survive restarts so Sitrep resumes them; untracking forgets the name."""
    assert store.tracked_channels() == {}
    store.track_channel("C1", "inc-db-latency")
    store.track_channel("C2", "inc-login")
    assert store.tracked_channels() == {"C1": "inc-db-latency", "C2": "inc-login"}
    assert store.channel_name("C1") == "inc-db-latency"
    store.untrack_channel("C1")
    assert store.channel_name("C1") is None
    assert store.tracked_channels() == {"C2": "inc-login"}


def test_of_racing_trackers_exactly_one_starts_the_channel(store: Store) -> None:
    """channel_created and the bot's own join both track a new channel, often at once: one greets, not two."""
    import threading

    from bot.core.incidents import Incidents
    from bot.engines.offline import OfflineEngine

    incidents = Incidents(store, OfflineEngine())
    start = threading.Barrier(8)
    results: list[bool] = []

    def track() -> None:
        start.wait()
        results.append(incidents.start("C9", "inc-race")[1])

    threads = [threading.Thread(target=track) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]
    assert incidents.start("C9", "inc-race")[1] is False  # a restart's resume is not new either
    assert store.get_incident("C9") is not None


# -- incident, sitreps, board, postmortem -------------------------------------------------------


def incident(channel: str = "C1") -> IncidentState:
    return IncidentState(
        channel=channel,
        name="inc-db-latency",
        severity="SEV2",
        status="identified",
        opened_at=datetime(2026, 3, 14, 9, 0, tzinfo=UTC),
        detected_at=datetime(2026, 3, 14, 9, 2, tzinfo=UTC),
        summary_interval_minutes=15,
    )


def sitrep(number: int, channel: str = "C1") -> Sitrep:
    return Sitrep(
        channel=channel,
        number=number,
        created_at=datetime(2026, 3, 14, 9, 10 * number, tzinfo=UTC),
        status="investigating",
        impact=Claim(text="checkout errors for EU users", citations=(ts(1),)),
        what_changed=(Claim(text="deploy 42 rolled back", citations=(ts(2),), verified=False),),
        messages_considered=2,
        total_messages=2,
        last_ts=ts(2),
    )


def test_incident_round_trip(store: Store) -> None:
    """Incident state comes back exactly as saved, datetimes included."""
    assert store.get_incident("C1") is None
    store.save_incident(incident())
    assert store.get_incident("C1") == incident()
    store.save_incident(incident().model_copy(update={"status": "resolved"}))
    got = store.get_incident("C1")
    assert got is not None
    assert got.status == "resolved"


def test_sitreps_append_in_order(store: Store) -> None:
    """Sitreps are kept oldest first and the latest is the one the next builds on."""
    assert store.latest_sitrep("C1") is None
    assert store.sitreps("C1") == []
    store.append_sitrep(sitrep(1))
    store.append_sitrep(sitrep(2))
    assert store.latest_sitrep("C1") == sitrep(2)
    assert store.sitreps("C1") == [sitrep(1), sitrep(2)]
    assert store.sitreps("C2") == []


def test_sitrep_view_reads_the_latest_sitrep_newest_ts_and_incident_in_one_round_trip(store: Store) -> None:
    """The tick's three reads come back as the single reads would, in one pipeline."""
    empty = store.sitrep_view("C1")
    assert (empty.latest, empty.last_ts, empty.incident) == (None, None, None)
    store.put_messages([msg(ts(1)), msg(ts(3)), msg(ts(2))])
    store.append_sitrep(sitrep(1))
    store.append_sitrep(sitrep(2))
    store.save_incident(incident())
    sent: list[str] = []
    pipeline, execute_command = store.client.pipeline, store.client.execute_command

    def counting_pipeline(*args: Any, **kwargs: Any) -> Any:
        sent.append("pipeline")
        return pipeline(*args, **kwargs)

    def counting_command(*args: Any, **kwargs: Any) -> Any:
        sent.append(str(args[0]))
        return execute_command(*args, **kwargs)

    store.client.pipeline = counting_pipeline  # type: ignore[method-assign]
    store.client.execute_command = counting_command  # type: ignore[method-assign]
    try:
        view = store.sitrep_view("C1")
    finally:
        del store.client.pipeline, store.client.execute_command  # the class's methods again
    assert sent == ["pipeline"]  # one pipeline, no command on its own: one round trip
    assert view.latest == store.latest_sitrep("C1") == sitrep(2)
    assert view.last_ts == store.last_ts("C1") == ts(3)
    assert view.incident == store.get_incident("C1") == incident()


def test_a_document_read_again_unchanged_is_not_decoded_again_and_a_changed_one_is(store: Store) -> None:
    """The latest sitrep and the incident a tick reads several times are decoded once while their
    stored text stays the same; any change to the text (this process's or another's) is decoded."""
    store.append_sitrep(sitrep(1))
    store.save_incident(incident())
    first, again = store.sitrep_view("C1"), store.sitrep_view("C1")
    assert again.latest is first.latest and again.incident is first.incident
    assert store.latest_sitrep("C1") is first.latest and store.get_incident("C1") is first.incident

    store.append_sitrep(sitrep(2))
    changed = incident().model_copy(update={"status": "mitigated"})
    store.client.set(keys.incident("C1"), changed.model_dump_json())  # as another replica would write it
    view = store.sitrep_view("C1")
    assert view.latest == sitrep(2) and view.incident == changed


def test_board_and_incident_are_read_and_saved_together(store: Store) -> None:
    """``board_and_incident`` / ``save_board_and_incident`` equal the separate reads and writes."""
    assert store.board_and_incident("C1") == (None, None)
    board = Board(channel="C1", hypotheses=(Hypothesis(id="H1", statement="pool", confidence=60),), last_ts=ts(1))
    store.save_board_and_incident(board, incident())
    assert store.board_and_incident("C1") == (board, incident()) == (store.get_board("C1"), store.get_incident("C1"))
    with pytest.raises(ValueError, match="C2"):
        store.save_board_and_incident(board, incident("C2"))


def test_messages_and_count_equal_the_two_reads(store: Store) -> None:
    """A sitrep's new messages and the channel's count come back as ``messages`` and ``count_messages`` do."""
    assert store.messages_and_count("C1", after_ts=None) == ([], 0)
    store.put_messages([msg(ts(3)), msg(ts(1)), msg(ts(2))])
    assert store.messages_and_count("C1", after_ts=None) == (store.messages("C1"), 3)
    assert store.messages_and_count("C1", after_ts=ts(1)) == (store.messages("C1", after_ts=ts(1)), 3)
    assert [m.ts for m in store.messages_and_count("C1", after_ts=ts(1))[0]] == [ts(2), ts(3)]


def test_messages_and_count_is_one_round_trip_and_skips_what_the_index_is_ahead_of(store: Store) -> None:
    """A sitrep's window is one command (the script), and a ts whose message is gone from the hash
    (a delete between its two writes) is left out rather than failing the read."""
    store.put_messages([msg(ts(1)), msg(ts(2)), msg(ts(3))])
    store.client.hdel(keys.messages("C1"), ts(2))
    sent: list[str] = []
    pipeline, execute_command = store.client.pipeline, store.client.execute_command

    def counting_pipeline(*args: Any, **kwargs: Any) -> Any:
        sent.append("pipeline")
        return pipeline(*args, **kwargs)

    def counting_command(*args: Any, **kwargs: Any) -> Any:
        sent.append(str(args[0]))
        return execute_command(*args, **kwargs)

    store.client.pipeline = counting_pipeline  # type: ignore[method-assign]
    store.client.execute_command = counting_command  # type: ignore[method-assign]
    try:
        found, total = store.messages_and_count("C1", after_ts=None)
    finally:
        del store.client.pipeline, store.client.execute_command  # the class's methods again
    assert sent == ["EVALSHA"]
    assert [m.ts for m in found] == [ts(1), ts(3)] and total == 3


def test_get_messages_reads_many_by_ts_and_skips_the_missing(store: Store) -> None:
    """Citations are looked up in one HMGET; a ts that is not stored is absent from the answer."""
    store.put_messages([msg(ts(1), "one"), msg(ts(2), "two")])
    got = store.get_messages("C1", [ts(2), ts(9), ts(1), ts(2)])
    assert got == {ts(2): store.get_message("C1", ts(2)), ts(1): store.get_message("C1", ts(1))}
    assert store.get_messages("C1", []) == {}


def test_board_round_trip(store: Store) -> None:
    """The hypothesis board is replaced as a whole and read back unchanged."""
    assert store.get_board("C1") is None
    board = Board(
        channel="C1",
        hypotheses=(Hypothesis(id="H1", statement="connection pool exhausted", confidence=60, supporting=(ts(1),)),),
        last_ts=ts(1),
    )
    store.save_board(board)
    assert store.get_board("C1") == board


def test_postmortem_round_trip(store: Store) -> None:
    """A postmortem draft round-trips and its contract document is unchanged by storage."""
    assert store.get_postmortem("C1") is None
    pm = Postmortem(
        incident=incident(),
        summary="Checkout failed for 20 minutes.",
        impact="EU checkout errors",
        timeline=(
            TimelineEvent(
                time=datetime(2026, 3, 14, 9, 2, tzinfo=UTC), event="alert", kind="alert", citations=(ts(1),)
            ),
        ),
        generated_at=datetime(2026, 3, 14, 10, 0, tzinfo=UTC),
    )
    store.save_postmortem("C1", pm)
    got = store.get_postmortem("C1")
    assert got == pm
    assert got is not None
    assert got.to_contract() == pm.to_contract()


def test_postmortem_for_another_channel_is_refused(store: Store) -> None:
    """Saving channel A's draft under channel B is a caller bug."""
    pm = Postmortem(incident=incident("C1"), summary="s", impact="i")
    with pytest.raises(ValueError, match="saved under C2"):
        store.save_postmortem("C2", pm)


def test_update_review_applies_concurrent_changes_one_after_another(store: Store) -> None:
    """Each change sees the one before it (WATCH/MULTI retry): none is lost, and a no-op writes nothing."""
    import threading

    store.save_review(Review(channel="C1"))
    barrier = threading.Barrier(8)

    def bump() -> None:
        barrier.wait(5)
        for _ in range(5):
            store.update_review("C1", lambda r: r.model_copy(update={"version": r.version + 1}) if r else None)

    threads = [threading.Thread(target=bump) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    review = store.get_review("C1")
    assert review is not None and review.version == 40
    assert store.update_review("C1", lambda r: r) == review
    assert store.update_review("C2", lambda r: None) is None
    with pytest.raises(ValueError, match="saved under C3"):
        store.update_review("C3", lambda r: Review(channel="C1"))


def test_unreadable_stored_data_is_a_store_error(store: Store, redis_client: redis.Redis) -> None:
    """Data Sitrep cannot parse gives one clear StoreError line naming the key."""
    redis_client.set(keys.incident("C1"), '{"channel": "C1"}')
    with pytest.raises(StoreError, match=r"sitrep:\{C1\}:incident is not a valid IncidentState") as err:
        store.get_incident("C1")
    assert "\n" not in str(err.value)


# -- retention ----------------------------------------------------------------------------------


def status_update() -> StatusUpdate:
    return StatusUpdate(
        id="u1",
        channel="C1",
        phase="Investigating",
        impact="i",
        doing="d",
        text="t",
        drafted_for="U1",
        created_at=datetime(2026, 3, 14, 9, 0, tzinfo=UTC),
    )


def test_customer_drafts_round_trip_and_the_rca_review_has_its_own_key(store: Store) -> None:
    """The RCA's review never overwrites the postmortem's: same record type, its own key."""
    store.save_review(Review(channel="C1", version=3))
    store.update_review("C1", lambda r: Review(channel="C1", version=7), kind="rca")
    assert store.get_review("C1").version == 3  # type: ignore[union-attr]
    assert store.get_review("C1", kind="rca").version == 7  # type: ignore[union-attr]
    store.save_update(status_update())
    posted = status_update().model_copy(update={"state": "posted", "posted_ts": "1.2"})
    store.save_update(posted)
    assert store.status_updates("C1") == [posted] and store.get_update("C1", "u1") == posted
    store.save_rca(Rca(channel="C1", incident_name="inc"))
    assert store.get_rca("C1") == Rca(channel="C1", incident_name="inc")


def test_every_channel_key_carries_the_retention_ttl(store: Store, redis_client: redis.Redis) -> None:
    """Nothing is kept forever: each of a channel's keys expires ``retention_days`` after a write."""
    store.put_message(msg(ts(1)))
    store.put_message(msg(ts(2), thread_ts=ts(1)))
    store.save_incident(incident())
    store.append_sitrep(sitrep(1))
    store.save_board(Board(channel="C1"))
    store.save_postmortem("C1", Postmortem(incident=incident(), summary="s", impact="i"))
    store.save_review(Review(channel="C1"))
    store.save_rca(Rca(channel="C1", incident_name="inc"))
    store.update_review("C1", lambda r: Review(channel="C1", version=1), kind="rca")
    store.save_update(status_update())
    store.save_tracker_issue("C1", TrackerIssue(key="ai-1", tracker="github", text_hash="0"))
    redis_client.xadd(keys.audit("C1"), {"outcome": "ok"})  # the Claude engine's audit stream
    store.record_manifest("C1", "{}")  # an issued evidence.json; the chain came with the messages
    store.touch("C1")
    existing = [k for k in store.channel_keys("C1") if redis_client.exists(k)]
    assert existing == store.channel_keys("C1")
    limit = 90 * 86400
    for key in existing:
        ttl = redis_client.ttl(key)
        assert 0 < ttl <= limit, key
        assert ttl > limit - 60, key


def test_a_write_refreshes_the_ttl_of_all_channel_keys_at_most_once_a_minute(
    store: Store, redis_client: redis.Redis, clock: ManualClock
) -> None:
    """Activity anywhere in the channel keeps its whole record alive, not just the written key; the
    whole-record refresh runs at most once a minute per channel (it was most of a message's commands)."""
    store.put_message(msg(ts(1)))
    store.save_incident(incident())
    for key in (keys.messages("C1"), keys.incident("C1")):
        redis_client.expire(key, 100)
    clock.advance(timedelta(seconds=30))
    store.put_message(msg(ts(2)))
    assert redis_client.ttl(keys.incident("C1")) == 100  # refreshed less than a minute ago: not yet
    clock.advance(timedelta(seconds=30))
    store.put_message(msg(ts(3)))
    assert redis_client.ttl(keys.incident("C1")) > 100
    assert redis_client.ttl(keys.messages("C1")) > 100


def test_a_minute_of_messages_costs_one_refresh(store: Store, redis_client: redis.Redis, clock: ManualClock) -> None:
    """Twenty messages within one minute send the channel's refresh (a PEXPIRE per key) once."""
    store.put_message(msg(ts(0)))
    redis_client.config_resetstat()
    for i in range(1, 21):
        clock.advance(timedelta(seconds=2))
        store.put_message(msg(ts(i)))
    stats = redis_client.info("commandstats")
    assert "cmdstat_pexpire" not in stats  # the first write refreshed; 40 s later none is due
    assert stats["cmdstat_evalsha"]["calls"] == 20
    clock.advance(timedelta(seconds=21))
    store.put_message(msg(ts(30)))
    assert redis_client.info("commandstats")["cmdstat_pexpire"]["calls"] == len(keys.channel_data("C1"))


def test_keys_created_between_refreshes_get_the_ttl(store: Store, redis_client: redis.Redis) -> None:
    """A key first written between two refreshes (the first reply, a sitrep) is never left without a TTL."""
    store.put_message(msg(ts(1)))
    store.put_message(msg(ts(2), thread_ts=ts(1)))  # creates the replies index
    store.append_sitrep(sitrep(1))
    store.save_board(Board(channel="C1"))
    store.save_tracker_issue("C1", TrackerIssue(key="ai-1", tracker="github", text_hash="0"))
    store.record_manifest("C1", "{}")
    for key in store.channel_keys("C1"):
        assert redis_client.ttl(key) != -1, key  # -2 (absent) or a TTL, never "no expiry"


def test_a_purged_channel_written_again_gets_its_ttl(store: Store, redis_client: redis.Redis) -> None:
    """After a purge (here or by another replica) the recreated keys get the TTL again."""
    store.put_message(msg(ts(1)))
    other = Store(redis_client, clock=store.clock)
    other.purge_channel("C1")  # another replica
    store.put_message(msg(ts(2)))
    for key in (keys.messages("C1"), keys.messages_index("C1"), keys.chain("C1")):
        assert redis_client.ttl(key) > 0, key


def test_retention_days_sets_the_ttl(redis_client: redis.Redis, clock: ManualClock) -> None:
    """RETENTION_DAYS is what the TTL is made of."""
    short = Store(redis_client, clock=clock, retention_days=7)
    short.put_message(msg(ts(1)))
    assert 6 * 86400 < redis_client.ttl(keys.messages("C1")) <= 7 * 86400


def test_data_really_expires(redis_client: redis.Redis, clock: ManualClock) -> None:
    """Expired channel data is gone from Redis (a 50 ms retention, polled with a deadline)."""
    brief = Store(redis_client, clock=clock, retention_seconds=0.05)
    brief.put_message(msg(ts(1)))
    brief.save_incident(incident())
    deadline = time.monotonic() + 5
    while any(redis_client.exists(k) for k in brief.channel_keys("C1")):
        assert time.monotonic() < deadline, "channel keys did not expire"
    assert brief.count_messages("C1") == 0
    assert brief.get_incident("C1") is None


def test_retention_must_be_positive(redis_client: redis.Redis, clock: ManualClock) -> None:
    """A zero retention would delete data as it is written."""
    with pytest.raises(ValueError, match="positive"):
        Store(redis_client, clock=clock, retention_days=0)


def test_purge_channel_removes_everything(store: Store) -> None:
    """Purging a channel leaves nothing of it behind, other channels untouched."""
    store.track_channel("C1", "inc-a")
    store.put_message(msg(ts(1)))
    store.save_incident(incident())
    store.put_message(msg(ts(1), channel="C2"))
    assert store.purge_channel("C1") == 4  # msgs index, msg hash, incident, hash chain
    assert store.tracked_channels() == {}
    assert all(not k.startswith("sitrep:{C1}") for k in store.dump_all())
    assert store.count_messages("C2") == 1


def test_global_keys_of_an_older_sitrep_are_moved_under_the_global_tag(store: Store) -> None:
    """Tracked and active channels written under the old names are found after an upgrade."""
    store.client.hset("sitrep:channels", mapping={"C1": "inc-a", "C2": "inc-b"})
    store.client.sadd("sitrep:active", "C2")
    assert store.migrate_legacy_keys() == 2
    assert store.tracked_channels() == {"C1": "inc-a", "C2": "inc-b"}
    assert store.active_channels() == {"C2"}
    assert not store.client.exists("sitrep:channels", "sitrep:active")
    assert store.migrate_legacy_keys() == 0  # every start runs it; nothing left to move


# -- inspection ---------------------------------------------------------------------------------


def test_dump_all_shows_every_key_and_its_contents(store: Store) -> None:
    """The dump reads everything stored, so leak tests can search all of it."""
    store.track_channel("C1", "inc-a")
    store.put_message(msg(ts(1), "pool exhausted"))
    store.append_sitrep(sitrep(1))
    store.save_board(Board(channel="C1"))
    dump = store.dump_all()
    assert set(dump) == {
        keys.channels(),
        keys.messages("C1"),
        keys.messages_index("C1"),
        keys.sitreps("C1"),
        keys.board("C1"),
        keys.active(),
        keys.chain("C1"),
    }
    assert dump[keys.channels()] == {"C1": "inc-a"}
    assert "pool exhausted" in str(dump[keys.messages("C1")])
    assert isinstance(dump[keys.sitreps("C1")], list)
    assert dump[keys.messages_index("C1")] == [(ts(1), float(ts(1)))]


# -- a dead Redis -------------------------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def dead_store(clock: ManualClock) -> Store:
    client = redis.Redis(
        port=closed_port(), decode_responses=True, socket_connect_timeout=1, retry=Retry(NoBackoff(), 0)
    )
    return Store(client, clock=clock)


CALLS = {
    "ping": lambda s: s.ping(),
    "touch": lambda s: s.touch("C1"),
    "purge_channel": lambda s: s.purge_channel("C1"),
    "put_message": lambda s: s.put_message(msg(ts(1))),
    "put_messages": lambda s: s.put_messages([msg(ts(1)), msg(ts(2))]),
    "update_incident": lambda s: s.update_incident("C1", lambda state: incident()),
    "finish_events": lambda s: s.finish_events(["Ev1", "Ev2"]),
    "migrate_legacy_keys": lambda s: s.migrate_legacy_keys(),
    "delete_message": lambda s: s.delete_message("C1", ts(1)),
    "get_message": lambda s: s.get_message("C1", ts(1)),
    "get_messages": lambda s: s.get_messages("C1", [ts(1)]),
    "messages_and_count": lambda s: s.messages_and_count("C1", after_ts=None),
    "sitrep_view": lambda s: s.sitrep_view("C1"),
    "board_and_incident": lambda s: s.board_and_incident("C1"),
    "save_board_and_incident": lambda s: s.save_board_and_incident(Board(channel="C1"), incident()),
    "messages": lambda s: s.messages("C1"),
    "thread": lambda s: s.thread("C1", ts(1)),
    "count_messages": lambda s: s.count_messages("C1"),
    "last_ts": lambda s: s.last_ts("C1"),
    "existing_ts": lambda s: s.existing_ts("C1", [ts(1)]),
    "track_channel": lambda s: s.track_channel("C1", "inc"),
    "untrack_channel": lambda s: s.untrack_channel("C1"),
    "tracked_channels": lambda s: s.tracked_channels(),
    "channel_name": lambda s: s.channel_name("C1"),
    "get_incident": lambda s: s.get_incident("C1"),
    "save_incident": lambda s: s.save_incident(incident()),
    "append_sitrep": lambda s: s.append_sitrep(sitrep(1)),
    "replace_sitreps": lambda s: s.replace_sitreps("C1", {0: sitrep(1)}),
    "latest_sitrep": lambda s: s.latest_sitrep("C1"),
    "sitreps": lambda s: s.sitreps("C1"),
    "get_board": lambda s: s.get_board("C1"),
    "save_board": lambda s: s.save_board(Board(channel="C1")),
    "get_postmortem": lambda s: s.get_postmortem("C1"),
    "save_postmortem": lambda s: s.save_postmortem("C1", Postmortem(incident=incident(), summary="s", impact="i")),
    "get_review": lambda s: s.get_review("C1"),
    "save_review": lambda s: s.save_review(Review(channel="C1")),
    "update_review": lambda s: s.update_review("C1", lambda r: Review(channel="C1")),
    "get_rca": lambda s: s.get_rca("C1"),
    "save_rca": lambda s: s.save_rca(Rca(channel="C1", incident_name="inc")),
    "get_update": lambda s: s.get_update("C1", "u1"),
    "save_update": lambda s: s.save_update(status_update()),
    "status_updates": lambda s: s.status_updates("C1"),
    "dump_all": lambda s: s.dump_all(),
    "tracker_issues": lambda s: s.tracker_issues("C1"),
    "save_tracker_issue": lambda s: s.save_tracker_issue("C1", TrackerIssue(key="ai-1", tracker="jira", text_hash="0")),
    "tracker_status_ts": lambda s: s.tracker_status_ts("C1"),
    "set_tracker_status_ts": lambda s: s.set_tracker_status_ts("C1", "1.000001"),
    "chain_head": lambda s: s.chain_head("C1"),
    "chain": lambda s: s.chain("C1"),
    "verify_chain": lambda s: s.verify_chain("C1"),
    "record_manifest": lambda s: s.record_manifest("C1", "{}"),
    "manifests": lambda s: s.manifests("C1"),
    "claim_event": lambda s: s.claim_event("Ev1"),
    "claim_events": lambda s: s.claim_events(["Ev1", "Ev2"]),
    "claim_request": lambda s: s.claim_request("ab12", ttl_seconds=600),
    "claim_update_post": lambda s: s.claim_update_post("C1", "u1-1", owner="a", user="U1", ttl_seconds=60),
    "release_update_post": lambda s: s.release_update_post("C1", "u1-1", owner="a"),
    "mark_update_sending": lambda s: s.mark_update_sending(
        "C1", "u1-1", owner="a", user="U1", at=datetime(2026, 1, 1, tzinfo=UTC)
    ),
    "record_update_posted": lambda s: s.record_update_posted(
        status_update().model_copy(update={"state": "posted", "posted_ts": ts(1), "posted_by": "U1"})
    ),
    "finish_event": lambda s: s.finish_event("Ev1"),
    "release_event": lambda s: s.release_event("Ev1"),
    "check_writable": lambda s: s.check_writable(),
    "active_channels": lambda s: s.active_channels(),
    "mark_idle": lambda s: s.mark_idle("C1"),
    "mark_idle_then_last_ts": lambda s: s.mark_idle_then_last_ts("C1"),
    "mark_active": lambda s: s.mark_active("C1"),
    "try_lock": lambda s: s.try_lock("C1", "1", owner="a", now=datetime(2026, 1, 1, tzinfo=UTC), ttl_seconds=5),
    "release_lock": lambda s: s.release_lock("C1", "1", owner="a"),
    "renew_lock": lambda s: s.renew_lock("C1", "1", owner="a", now=datetime(2026, 1, 1, tzinfo=UTC), ttl_seconds=5),
}


def test_every_public_method_is_covered_below() -> None:
    """Adding a Store method without a dead-Redis check fails here."""
    public = {
        name
        for name in vars(Store)
        if not name.startswith("_") and callable(getattr(Store, name)) and name != "channel_keys"
    }
    assert public == set(CALLS)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_dead_redis_gives_one_store_error_line(dead_store: Store, name: str) -> None:
    """Every store call on an unreachable Redis raises StoreError saying where and what to do."""
    with pytest.raises(StoreError) as err:
        CALLS[name](dead_store)
    text = str(err.value)
    assert "\n" not in text
    assert text.startswith("cannot reach Redis at redis://localhost:")
    assert "connection refused" in text
    assert "REDIS_URL" in text


def test_claim_event_lets_each_event_through_once(store: Store) -> None:
    """Slack retries carry the same event_id: one delivery stores it; retries see busy, then done."""
    assert store.claim_event("Ev0123") == "claimed"
    assert store.claim_event("Ev0123") == "busy"
    assert store.claim_event("Ev0456") == "claimed"
    store.finish_event("Ev0123")
    assert store.claim_event("Ev0123") == "done"
    assert 0 < store.client.ttl("sitrep:event:{Ev0123}") <= 3600


def test_claim_events_claims_a_batch_as_claim_event_would(store: Store, clock: ManualClock) -> None:
    """A batch claim answers each id as ``claim_event`` does: first deliveries claimed, a retry of a
    claimed one busy, of a stored one done, of a lapsed lease claimed again; an empty batch is free."""
    assert store.claim_events([]) == []
    assert store.claim_event("EvBusy") == "claimed"
    assert store.claim_event("EvDone") == "claimed"
    store.finish_event("EvDone")
    assert store.claim_event("EvLapsed", lease_seconds=30) == "claimed"
    clock.advance(timedelta(seconds=31))
    assert store.claim_event("EvBusy", lease_seconds=600) == "claimed"  # a live lease again, after the lapse
    claims = store.claim_events(["EvNew1", "EvBusy", "EvDone", "EvLapsed", "EvNew2"])
    assert claims == ["claimed", "busy", "done", "claimed", "claimed"]
    assert store.claim_events(["EvNew1", "EvNew2"]) == ["busy", "busy"]


def test_claim_request_lets_each_signed_request_through_once(store: Store) -> None:
    """A replayed signed request (same digest) loses; the claim lasts its ttl."""
    assert store.claim_request("d1", ttl_seconds=600)
    assert not store.claim_request("d1", ttl_seconds=600)
    assert store.claim_request("d2", ttl_seconds=600)
    assert 590 < store.client.ttl("sitrep:request:{d1}") <= 600


def test_a_released_or_lapsed_claim_lets_the_redelivery_store_it(store: Store, clock: ManualClock) -> None:
    """A failed write gives its claim back; a holder that died lets go when its lease passes."""
    assert store.claim_event("EvA") == "claimed"
    store.release_event("EvA")
    assert store.claim_event("EvA") == "claimed"
    assert store.claim_event("EvB", lease_seconds=30) == "claimed"
    clock.advance(timedelta(seconds=29))
    assert store.claim_event("EvB") == "busy"
    clock.advance(timedelta(seconds=2))
    assert store.claim_event("EvB") == "claimed"
    store.finish_event("EvB")
    store.release_event("EvB")  # a finished event is never released
    assert store.claim_event("EvB") == "done"


def test_a_message_write_that_fails_leaves_nothing_half_written(store: Store) -> None:
    """A foreign key of the wrong type fails the whole write: not in the hash without the index."""
    store.client.set("sitrep:{C1}:msgs", "planted by another program")
    msg = Message(channel="C1", ts=ts(1), text="hello")
    with pytest.raises(StoreError) as err:
        store.put_message(msg)
    assert "wrong type" in str(err.value) and "another application" in str(err.value)
    assert store.client.hlen("sitrep:{C1}:msg") == 0
    store.client.delete("sitrep:{C1}:msgs")
    assert store.put_message(msg)
    assert store.messages("C1") == [msg] and store.existing_ts("C1", [ts(1)]) == {ts(1)}


def test_active_set_follows_messages(store: Store) -> None:
    """A stored message marks its channel active; mark_idle takes it off until the next one."""
    assert store.active_channels() == set()
    store.put_message(Message(channel="C1", ts="1700000000.000100", text="hello"))
    assert store.active_channels() == {"C1"}
    store.mark_idle("C1")
    assert store.active_channels() == set()
    store.mark_active("C1")
    assert store.active_channels() == {"C1"}
    assert store.mark_idle_then_last_ts("C1") == "1700000000.000100"  # off, and the newest ts to re-check
    assert store.active_channels() == set()
    assert store.mark_idle_then_last_ts("C2") is None


def test_slot_lock_has_one_owner_and_lapses(store: Store) -> None:
    """Two replicas race for a slot: one wins; only the owner releases; a dead holder's claim lapses."""
    now = datetime(2026, 3, 14, 22, 0, tzinfo=UTC)
    assert store.try_lock("C1", "7", owner="replica-a", now=now, ttl_seconds=60)
    assert not store.try_lock("C1", "7", owner="replica-b", now=now, ttl_seconds=60)
    store.release_lock("C1", "7", owner="replica-b")
    assert not store.try_lock("C1", "7", owner="replica-b", now=now + timedelta(seconds=59), ttl_seconds=60)
    assert 0 < store.client.ttl("sitrep:{C1}:lock:7") <= 120
    assert store.try_lock("C1", "7", owner="replica-b", now=now + timedelta(seconds=61), ttl_seconds=60)
    store.release_lock("C1", "7", owner="replica-b")
    assert store.try_lock("C1", "7", owner="replica-c", now=now, ttl_seconds=60)


def test_only_the_holder_renews_and_a_lapsed_claim_taken_over_stays_lost(store: Store) -> None:
    """Renewing extends the holder's claim; once another replica took the slot over, the old holder
    can neither renew nor release it (an owner that is a prefix of another's does not match)."""
    now = datetime(2026, 3, 14, 22, 0, tzinfo=UTC)
    assert store.try_lock("C1", "8", owner="replica-a#1", now=now, ttl_seconds=60)
    assert store.renew_lock("C1", "8", owner="replica-a#1", now=now + timedelta(seconds=50), ttl_seconds=60)
    assert not store.try_lock("C1", "8", owner="replica-b#1", now=now + timedelta(seconds=100), ttl_seconds=60)
    assert store.try_lock("C1", "8", owner="replica-b#1", now=now + timedelta(seconds=111), ttl_seconds=60)
    assert not store.renew_lock("C1", "8", owner="replica-a#1", now=now + timedelta(seconds=112), ttl_seconds=60)
    assert not store.renew_lock("C1", "8", owner="replica-b", now=now + timedelta(seconds=112), ttl_seconds=60)
    store.release_lock("C1", "8", owner="replica-a#1")
    store.release_lock("C1", "8", owner="replica-b")
    assert str(store.client.get("sitrep:{C1}:lock:8")).startswith("replica-b#1|")
