"""Posting a status update is claimed in the store first: however many clicks race, it is posted once.

Real embedded Valkey (the ``services`` fixture's store); ``publish`` stands in for the Slack post
(core never imports Slack) and records every call, so the assertions count what would reach the channel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest

from bot.clock import ManualClock
from bot.core.status_updates import POST_CLAIM_SECONDS, StatusUpdates, UpdateTakenError
from bot.domain import StatusUpdate
from bot.services import Services
from bot.store import Store, keys

CHANNEL = "C0POSTCLAIM"


def _draft(store: Store, now: datetime, update_id: str = "u1-1") -> StatusUpdate:
    update = StatusUpdate(
        id=update_id,
        channel=CHANNEL,
        phase="Investigating",
        impact="Some customers cannot sign in.",
        doing="We are investigating.",
        text="Investigating: some customers cannot sign in. We are looking into it.",
        drafted_for="UPRIYA",
        created_at=now,
    )
    store.save_update(update)
    return update


def _updates(services: Services) -> StatusUpdates:
    assert services.updates is not None
    return services.updates


class Channel:
    """What reached the channel: one ts per successful ``publish``."""

    def __init__(self) -> None:
        self.posted: list[str] = []
        self._lock = threading.Lock()

    def publish(self, update: StatusUpdate) -> str:
        with self._lock:
            self.posted.append(update.id)
            return f"1776000000.{len(self.posted):06d}"


def test_two_claims_on_one_update_one_wins_and_only_its_owner_releases_it(store: Store) -> None:
    """SET NX: the first claim wins; the second learns who holds it; a stranger's release is a no-op."""
    first = store.claim_update_post(CHANNEL, "u1-1", owner="a1", user="UPRIYA", ttl_seconds=POST_CLAIM_SECONDS)
    second = store.claim_update_post(CHANNEL, "u1-1", owner="b2", user="ULENA", ttl_seconds=POST_CLAIM_SECONDS)
    assert first is None and second is not None and (second.user, second.state) == ("UPRIYA", "claimed")
    assert 0 < store.client.ttl(keys.update_posting(CHANNEL, "u1-1")) <= POST_CLAIM_SECONDS  # lapses if we die
    store.release_update_post(CHANNEL, "u1-1", owner="b2")  # not b2's: still held by a1
    again = store.claim_update_post(CHANNEL, "u1-1", owner="c3", user="ULENA", ttl_seconds=60)
    assert again is not None and again.user == "UPRIYA"
    store.release_update_post(CHANNEL, "u1-1", owner="a1")
    assert store.claim_update_post(CHANNEL, "u1-1", owner="c3", user="ULENA", ttl_seconds=60) is None
    assert store.claim_update_post(CHANNEL, "u2-1", owner="d4", user="ULENA", ttl_seconds=60) is None  # per update


def test_eight_clicks_at_once_post_the_update_once(services: Services, store: Store, clock: ManualClock) -> None:
    """Eight threads press Post together (a barrier lines them up). The post is held until the
    other seven clicks have had their answer, so a click that got past the draft check would post
    too: one publish; seven are told who posts it."""
    _draft(store, clock.now())
    channel, barrier = Channel(), threading.Barrier(8)
    outcomes: list[str] = []
    answered = threading.Condition()

    def publish_after_the_others(update: StatusUpdate) -> str:
        with answered:  # a deadline, not an assertion: without the claim the others are in here too
            answered.wait_for(lambda: len(outcomes) >= 7, timeout=10)
        return channel.publish(update)

    def click(user: str) -> None:
        barrier.wait()
        try:
            _updates(services).post(CHANNEL, "u1-1", user, publish_after_the_others, name=None, now=clock.now())
            result = "posted"
        except UpdateTakenError as exc:
            result = f"taken by {exc.by}"
        with answered:
            outcomes.append(result)
            answered.notify_all()

    threads = [threading.Thread(target=click, args=(f"U{i}",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(channel.posted) == 1
    assert outcomes.count("posted") == 1 and len(outcomes) == 8
    posted = store.get_update(CHANNEL, "u1-1")
    assert posted is not None and posted.state == "posted" and posted.posted_ts == "1776000000.000001"
    assert {o for o in outcomes if o != "posted"} == {f"taken by {posted.posted_by}"}


def test_a_click_during_a_post_is_told_who_is_posting_and_after_it_who_posted(
    services: Services, store: Store, clock: ManualClock
) -> None:
    """The second click arrives while the first is inside publish (both found a draft): it is refused
    as "being posted by" the first; once posted, a third click is refused as "already posted by"."""
    _draft(store, clock.now())
    channel, inside, finish = Channel(), threading.Event(), threading.Event()

    def slow_publish(update: StatusUpdate) -> str:
        inside.set()
        assert finish.wait(30)
        return channel.publish(update)

    first = threading.Thread(
        target=lambda: _updates(services).post(CHANNEL, "u1-1", "UPRIYA", slow_publish, name="Priya", now=clock.now())
    )
    first.start()
    assert inside.wait(30)
    with pytest.raises(UpdateTakenError) as during:
        _updates(services).post(CHANNEL, "u1-1", "ULENA", channel.publish, name=None, now=clock.now())
    assert (during.value.by, during.value.posted) == ("UPRIYA", False)
    with pytest.raises(UpdateTakenError):  # nor can it be discarded while it is going out
        _updates(services).discard(CHANNEL, "u1-1", "ULENA")
    finish.set()
    first.join(30)
    with pytest.raises(UpdateTakenError) as after:
        _updates(services).post(CHANNEL, "u1-1", "ULENA", channel.publish, name=None, now=clock.now())
    assert (after.value.by, after.value.posted) == ("UPRIYA", True)
    assert "already posted" in str(after.value)
    assert channel.posted == ["u1-1"]


def test_a_failed_post_gives_the_claim_back_so_a_retry_posts_it(
    services: Services, store: Store, clock: ManualClock
) -> None:
    """Slack refuses the first post: the error reaches the caller, the draft stays a draft, the claim
    is released, and pressing Post again posts it (no update lost)."""
    _draft(store, clock.now())
    channel = Channel()

    def refused(update: StatusUpdate) -> str:
        raise ConnectionError("channel_not_found")

    with pytest.raises(ConnectionError):
        _updates(services).post(CHANNEL, "u1-1", "UPRIYA", refused, name=None, now=clock.now())
    state = store.get_update(CHANNEL, "u1-1")
    assert state is not None and state.state == "draft"
    assert not store.client.exists(keys.update_posting(CHANNEL, "u1-1"))
    posted = _updates(services).post(CHANNEL, "u1-1", "UPRIYA", channel.publish, name=None, now=clock.now())
    assert posted.state == "posted" and channel.posted == ["u1-1"]


@pytest.mark.parametrize(("state", "message"), [("discarded", "already discarded"), ("missing", "draft is gone")])
def test_a_draft_that_cannot_be_posted_sends_nothing_and_keeps_no_claim(
    services: Services, store: Store, clock: ManualClock, state: str, message: str
) -> None:
    draft = _draft(store, clock.now())
    if state == "discarded":
        _updates(services).discard(CHANNEL, draft.id, "UPRIYA")
    channel = Channel()
    update_id = draft.id if state != "missing" else "u9-9"
    post: Callable[[], StatusUpdate] = lambda: _updates(services).post(  # noqa: E731
        CHANNEL, update_id, "UPRIYA", channel.publish, name=None, now=clock.now()
    )
    with pytest.raises(Exception, match=message):
        post()
    assert channel.posted == []
    assert not store.client.exists(keys.update_posting(CHANNEL, update_id))


class RedisFailsAfterThePost:
    """The real server refuses writes (``min-replicas-to-write``: NOREPLICAS) from the moment the
    store is asked to record the post, that is, after Slack took it; ``restore`` lets writes in again."""

    def __init__(self, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
        self.admin = store.client
        self.refusals = 0
        real = store.record_update_posted

        def record(update: StatusUpdate) -> None:
            self.admin.config_set("min-replicas-to-write", 1)
            try:
                real(update)
            except Exception:
                self.refusals += 1
                raise

        monkeypatch.setattr(store, "record_update_posted", record)
        self._unpatch = lambda: monkeypatch.setattr(store, "record_update_posted", real)

    def restore(self) -> None:
        self._unpatch()
        self.admin.config_set("min-replicas-to-write", 0)


@pytest.fixture
def redis_fails_after_the_post(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[RedisFailsAfterThePost]:
    fault = RedisFailsAfterThePost(store, monkeypatch)
    try:
        yield fault
    finally:
        store.client.config_set("min-replicas-to-write", 0)  # the session's server is shared


def test_redis_failing_between_post_and_record_never_posts_twice_and_later_clicks_get_the_link(
    services: Services, store: Store, clock: ManualClock, redis_fails_after_the_post: RedisFailsAfterThePost
) -> None:
    """Slack takes the post, then Redis refuses the record (a real NOREPLICAS, not a mock). The click
    still succeeds (it is in the channel); the "sending" marker outlives the claim's 120 s; when Redis
    is back, a click 121 s later writes the kept record first and is told "already posted" with the
    message's ts: one message in the channel, the update recorded as posted (nothing lost)."""
    _draft(store, clock.now())
    channel = Channel()
    first = _updates(services).post(CHANNEL, "u1-1", "UPRIYA", channel.publish, name="Priya", now=clock.now())
    assert redis_fails_after_the_post.refusals == 1
    assert first.state == "posted" and channel.posted == ["u1-1"]
    redis_fails_after_the_post.restore()
    kept = store.get_update(CHANNEL, "u1-1")
    assert kept is not None and kept.state == "draft"  # the record did not reach Redis
    marker = keys.update_posting(CHANNEL, "u1-1")
    assert str(store.client.get(marker)).startswith("sending|")
    assert store.client.pttl(marker) > (POST_CLAIM_SECONDS + 1) * 1000  # not the claim's TTL: it lasts

    clock.advance(timedelta(seconds=POST_CLAIM_SECONDS + 1))
    with pytest.raises(UpdateTakenError) as later:
        _updates(services).post(CHANNEL, "u1-1", "ULENA", channel.publish, name=None, now=clock.now())
    assert (later.value.by, later.value.posted, later.value.ts) == ("UPRIYA", True, "1776000000.000001")
    assert "\n" not in str(later.value) and "already posted" in str(later.value)
    assert channel.posted == ["u1-1"]
    recorded = store.get_update(CHANNEL, "u1-1")
    assert recorded is not None and (recorded.state, recorded.posted_ts, recorded.posted_by) == (
        "posted",
        "1776000000.000001",
        "UPRIYA",
    )
    assert str(store.client.get(marker)) == "posted|UPRIYA|1776000000.000001"
    with pytest.raises(UpdateTakenError):  # nor can it be discarded
        _updates(services).discard(CHANNEL, "u1-1", "ULENA")


def test_a_post_never_recorded_by_a_lost_process_is_not_posted_again(
    services: Services, store: Store, clock: ManualClock, redis_fails_after_the_post: RedisFailsAfterThePost
) -> None:
    """As above, but the process that posted is gone with the record it kept (a fresh ``StatusUpdates``
    on the same store). Within 120 s a click is told it is being posted; 121 s later it is told it may
    already be in the channel, in one line, and nothing is sent; the draft is still stored."""
    _draft(store, clock.now())
    channel = Channel()
    _updates(services).post(CHANNEL, "u1-1", "UPRIYA", channel.publish, name="Priya", now=clock.now())
    redis_fails_after_the_post.restore()
    restarted = StatusUpdates(store, services.engine, services.incidents, services.redactor)

    clock.advance(timedelta(seconds=30))
    with pytest.raises(UpdateTakenError) as soon:
        restarted.post(CHANNEL, "u1-1", "ULENA", channel.publish, name=None, now=clock.now())
    assert (soon.value.by, soon.value.posted, soon.value.interrupted) == ("UPRIYA", False, False)
    clock.advance(timedelta(seconds=POST_CLAIM_SECONDS + 1))
    for attempt in (restarted.post, restarted.post):
        with pytest.raises(UpdateTakenError) as later:
            attempt(CHANNEL, "u1-1", "ULENA", channel.publish, name=None, now=clock.now())
        assert later.value.interrupted and not later.value.posted
        assert "\n" not in str(later.value) and "may already be in the channel" in str(later.value)
    with pytest.raises(UpdateTakenError):
        restarted.discard(CHANNEL, "u1-1", "ULENA")
    assert channel.posted == ["u1-1"]
    kept = store.get_update(CHANNEL, "u1-1")
    assert kept is not None and kept.text.startswith("Investigating")


def test_a_post_slack_refuses_after_the_sending_mark_gives_the_update_back(
    services: Services, store: Store, clock: ManualClock
) -> None:
    """The sending marker is given back with the claim when the post fails: Post again posts it."""
    _draft(store, clock.now())
    channel = Channel()

    def refused(update: StatusUpdate) -> str:
        assert str(store.client.get(keys.update_posting(CHANNEL, update.id))).startswith("sending|")
        raise ConnectionError("channel_not_found")

    with pytest.raises(ConnectionError):
        _updates(services).post(CHANNEL, "u1-1", "UPRIYA", refused, name=None, now=clock.now())
    assert not store.client.exists(keys.update_posting(CHANNEL, "u1-1"))
    assert _updates(services).post(CHANNEL, "u1-1", "UPRIYA", channel.publish, name=None, now=clock.now()).posted_ts
