"""The local Slack's Events API cap: events over the hourly cap are dropped, and the app's Events URL
is told once a minute with a signed ``app_rate_limited`` envelope (Socket Mode is told nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.sandbox.slack import LocalSlack

from .conftest import APP_TOKEN, BOT_TOKEN, SECRET, Receiver


@pytest.fixture
def capped(clock: ManualClock) -> Iterator[LocalSlack]:
    """A local Slack that delivers at most 2 events an hour, on a ManualClock."""
    with LocalSlack(
        signing_secret=SECRET, bot_token=BOT_TOKEN, app_token=APP_TOKEN, clock=clock, events_per_hour=2
    ) as slack:
        slack.add_user("U1", name="priya")
        slack.create_channel("inc-cap", members=["U1", slack.bot_user_id])
        slack.discard_pending_events()
        clock.advance(timedelta(hours=1))  # seeding's own events leave the hour's count
        yield slack


def test_events_over_the_hourly_cap_are_dropped_and_the_app_told_once_a_minute(
    capped: LocalSlack, receiver: Receiver, clock: ManualClock
) -> None:
    capped.deliver_http(receiver.url)
    posted = [capped.post_as_user("U1", "inc-cap", f"update {i}") for i in range(4)]
    delivered = [receiver.next().json() for _ in range(3)]  # two events, then the notice
    events = [d for d in delivered if d["type"] == "event_callback"]
    assert sorted(e["event"]["ts"] for e in events) == posted[:2]  # delivered in parallel, like Slack
    [notice] = [d for d in delivered if d["type"] == "app_rate_limited"]
    minute = int(clock.now().timestamp()) // 60 * 60
    assert notice == {
        "token": "local-verification-token",
        "type": "app_rate_limited",
        "team_id": capped.team_id,
        "minute_rate_limited": minute,
        "api_app_id": capped.app_id,
    }
    assert [e["event"]["ts"] for e in capped.dropped_events()] == posted[2:]
    assert capped.wait_for(lambda: [d.outcome for d in capped.deliveries if d.kind == "app_rate_limited"] == ["acked"])

    clock.advance(timedelta(minutes=1))  # still within the hour: dropped, and this new minute is announced
    capped.post_as_user("U1", "inc-cap", "update 4")
    assert receiver.next().json()["minute_rate_limited"] == minute + 60
    clock.advance(timedelta(hours=1))  # the hour has passed: delivered again
    late = capped.post_as_user("U1", "inc-cap", "update 5")
    assert receiver.next().json()["event"]["ts"] == late
    assert len(capped.dropped_events()) == 3


def test_every_notice_is_signed_like_other_deliveries(capped: LocalSlack, receiver: Receiver) -> None:
    capped.deliver_http(receiver.url)
    assert capped.send_app_rate_limited(1518467820).status == 200
    signed = receiver.next()
    assert signed.verified and signed.json()["minute_rate_limited"] == 1518467820
    assert capped.send_app_rate_limited(secret="not-the-secret").status == 401
    assert not receiver.next().verified
    assert capped.send_app_rate_limited(signed=False).status == 401


def test_on_demand_drops_and_socket_mode_is_told_nothing(capped: LocalSlack) -> None:
    """Over Socket Mode the drop is silent: Slack has no Socket Mode envelope for app_rate_limited."""
    seeded = len(capped.emitted_events())
    capped.limit_events(True)
    ts = capped.post_as_user("U1", "inc-cap", "nobody hears this")
    capped.limit_events(False)
    assert [e["event"]["ts"] for e in capped.dropped_events()] == [ts]
    assert len(capped.emitted_events()) == seeded and capped.deliveries == []
    kept = capped.post_as_user("U1", "inc-cap", "this one is delivered")
    assert [e["event"]["ts"] for e in capped.emitted_events()[seeded:]] == [kept]
    # What waits for a Socket Mode connection: the delivered event only, no notice.
    assert [e.payload["event"]["ts"] for e in capped.socket.take_backlog()] == [kept]
