"""Replay protection in core: a signed request is claimed once, by digest, for its window."""

from __future__ import annotations

import redis

from bot.core.requests_seen import REPLAY_WINDOW_SECONDS, RequestsSeen
from bot.store import Store


def test_a_request_is_claimed_once(store: Store) -> None:
    seen = RequestsSeen(store)
    assert seen.claim_request("1700000000:v0=abc") is True
    assert seen.claim_request("1700000000:v0=abc") is False
    assert seen.claim_request("1700000000:v0=abd") is True


def test_only_a_digest_is_stored_and_it_expires_after_the_window(store: Store, redis_client: redis.Redis) -> None:
    RequestsSeen(store).claim_request("1700000000:v0=" + "f" * 64)
    (key,) = redis_client.keys("sitrep:request:*")
    assert "v0=" not in key and "1700000000" not in key
    assert REPLAY_WINDOW_SECONDS - 5 <= redis_client.ttl(key) <= REPLAY_WINDOW_SECONDS
    assert REPLAY_WINDOW_SECONDS >= 600  # Slack accepts 5 minutes either side of now
