"""Slack's ``app_rate_limited`` notice over HTTP: answered 200 and counted, and what Slack dropped is backfilled.

The real Bolt app and WebClient over real HTTP against the local Slack, which drops events over its
cap and tells the app as Slack does; the store is the embedded server. Slack and Sitrep share one
ManualClock; the backfill's wait for the rate-limited minute to end steps that clock, and only
once the test lets time pass (``Time.go``), so no test sleeps.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.sandbox.slack import LocalSlack, sign
from bot.services import Services
from bot.slack.http import HttpLimits
from tests.slack.conftest import APP_TOKEN, BOT_TOKEN, SECRET, Started, start_app, wait_until

VERIFICATION_TOKEN = "verif-token-9c1e"  # the emulator's fake token: it must never be logged
METRICS_TOKEN = "scrape-token"


class Time:
    """The backfill thread's pause: it blocks until the test calls ``go``, then steps the clock by what was asked."""

    def __init__(self, clock: ManualClock) -> None:
        self._clock = clock
        self._go = threading.Event()
        self.pauses: list[float] = []

    def pause(self, seconds: float) -> None:
        self.pauses.append(seconds)
        if self._go.wait(10.0):  # a test that never lets time pass must not leave the thread behind
            self._clock.advance(timedelta(seconds=seconds))

    def go(self) -> None:
        self._go.set()


@dataclass
class Flood:
    slack: LocalSlack
    services: Services
    started: Started
    channel: str
    time: Time

    def metric(self, name: str, **labels: str) -> float:
        value = self.started.app.ctx.metrics.registry.get_sample_value(name, labels)
        return value or 0.0

    def scrape(self) -> str:
        assert self.started.events_url is not None
        url = self.started.events_url.replace("/slack/events", "/metrics")
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {METRICS_TOKEN}"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - the test's own local server
            return str(response.read().decode())

    def history_calls(self) -> int:
        return len(self.slack.journal.calls("conversations.history"))

    def stored(self) -> list[str]:
        return [m.ts for m in self.services.store.messages(self.channel)]

    def idle(self) -> bool:
        return not self.started.app.ctx.rate_limits.busy(self.slack.team_id)


@pytest.fixture
def flood(services: Services, clock: ManualClock, caplog: pytest.LogCaptureFixture) -> Iterator[Flood]:
    """Sitrep over HTTP tracking #inc-flood, on a local Slack that shares Sitrep's ManualClock."""
    caplog.set_level(logging.INFO)
    with LocalSlack(
        signing_secret=SECRET,
        bot_token=BOT_TOKEN,
        app_token=APP_TOKEN,
        verification_token=VERIFICATION_TOKEN,
        clock=clock,
        ack_timeout_s=1.0,
        socket_ping_interval_s=0.1,
    ) as slack:
        slack.add_user("UPRIYA", name="priya", real_name="Priya Raman")
        slack.add_user("UMARCUS", name="marcus", real_name="Marcus Oyelaran")
        channel = slack.create_channel("inc-flood", members=["UPRIYA", "UMARCUS"])
        slack.discard_pending_events()
        pacer = Time(clock)
        started = start_app(
            slack, services, "http", limits=HttpLimits(metrics_token=METRICS_TOKEN), rate_limit_pause=pacer.pause
        )
        slack.invite_bot(channel, by_user="UPRIYA")
        assert wait_until(lambda: services.incidents.is_tracked(channel))
        assert wait_until(lambda: len(slack.journal.calls("conversations.history")) == 1)  # the tracking backfill
        yield Flood(slack, services, started, channel, pacer)
        pacer.go()
        started.app.ctx.rate_limits.close()
        started.stop()
    assert VERIFICATION_TOKEN not in caplog.text, "the envelope's token reached the logs"


def _warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_the_notice_is_answered_200_counted_and_logged_once_without_its_token(
    flood: Flood, caplog: pytest.LogCaptureFixture
) -> None:
    """A signed app_rate_limited is answered 200 (Bolt would say 404), counted in /metrics, one warning line."""
    caplog.clear()
    answer = flood.slack.send_app_rate_limited()
    assert answer.status == 200 and answer.body == ""
    assert "sitrep_slack_rate_limited_total 1.0" in flood.scrape()
    warnings = _warnings(caplog)
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    line = warnings[0].getMessage()
    assert "rate-limited" in line and "backfill every tracked channel" in line and flood.slack.team_id in line
    assert VERIFICATION_TOKEN not in caplog.text and "minute_rate_limited" not in caplog.text
    assert not flood.idle()  # a backfill is scheduled, waiting for the minute to end


def test_events_slack_dropped_are_backfilled_and_stored_exactly_once(
    flood: Flood, caplog: pytest.LogCaptureFixture
) -> None:
    """Messages dropped over the cap come back from history; those that arrived are not stored again."""
    slack, channel = flood.slack, flood.channel
    arrived = [slack.post_as_user("UPRIYA", channel, "checkout p99 is 9s since 14:02")]
    assert wait_until(lambda: arrived[0] in flood.stored())
    slack.limit_events(True)
    dropped = [
        slack.post_as_user("UMARCUS", channel, "draining the eu-west pool now"),
        slack.post_as_user("UPRIYA", channel, "db connections at 98%", thread_ts=arrived[0]),
        slack.post_as_user("UMARCUS", channel, "rollback done, watching"),
    ]
    slack.limit_events(False)
    arrived.append(slack.post_as_user("UPRIYA", channel, "p99 back to 300ms"))
    assert wait_until(lambda: arrived[1] in flood.stored())
    assert [e["event"]["ts"] for e in slack.dropped_events()] == dropped
    # The local Slack told the app once, signed, and the app answered 200.
    assert wait_until(lambda: flood.metric("sitrep_slack_rate_limited_total") == 1)
    notices = [d for d in slack.deliveries if d.kind == "app_rate_limited"]
    assert [(d.status, d.outcome) for d in notices] == [(200, "acked")]
    assert not set(dropped) & set(flood.stored())  # nothing of them arrived by any other way
    history_before = flood.history_calls()

    flood.time.go()  # the rate-limited minute ends; the backfill runs
    assert wait_until(lambda: flood.metric("sitrep_slack_rate_limit_backfills_total", outcome="ok") == 1)
    assert wait_until(flood.idle)
    stored = flood.stored()
    assert sorted(stored) == sorted(arrived + dropped)
    assert len(stored) == len(set(stored)) == 5
    assert flood.services.store.count_messages(channel) == 5
    assert flood.history_calls() - history_before == 1
    assert flood.time.pauses and flood.time.pauses[0] > 0  # it waited for the minute's end, off the request thread
    done = [r.getMessage() for r in caplog.records if "backfill after Slack's rate limit:" in r.getMessage()]
    assert done == [done[0]] and "3 dropped message(s) stored" in done[0]  # the 2 that arrived were not ingested again


def test_two_notices_for_one_minute_make_one_backfill(flood: Flood, clock: ManualClock) -> None:
    """Repeated notices for the same minute coalesce; a notice for a later minute gets its own backfill."""
    minute = int(clock.now().timestamp()) // 60 * 60
    history_before = flood.history_calls()
    first = flood.slack.send_app_rate_limited(minute)
    second = flood.slack.send_app_rate_limited(minute)
    assert (first.status, second.status) == (200, 200)
    assert flood.metric("sitrep_slack_rate_limited_total") == 2
    flood.time.go()
    assert wait_until(lambda: flood.metric("sitrep_slack_rate_limit_backfills_total", outcome="ok") == 1)
    assert wait_until(flood.idle)  # nothing is left pending: no second backfill can follow
    assert flood.metric("sitrep_slack_rate_limit_backfills_total", outcome="ok") == 1
    assert flood.history_calls() - history_before == 1  # one tracked channel, read once

    later = int(clock.now().timestamp()) // 60 * 60
    assert later > minute
    assert flood.slack.send_app_rate_limited(later).status == 200
    assert wait_until(lambda: flood.metric("sitrep_slack_rate_limit_backfills_total", outcome="ok") == 2)
    assert wait_until(flood.idle)
    assert flood.history_calls() - history_before == 2


@pytest.mark.parametrize("forgery", ["unsigned", "wrong secret"])
def test_an_unsigned_or_badly_signed_notice_is_refused(
    flood: Flood, forgery: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Only Slack can make Sitrep backfill: a notice without Slack's signature is refused 401, nothing scheduled."""
    caplog.clear()
    if forgery == "unsigned":
        answer = flood.slack.send_app_rate_limited(signed=False)
    else:
        answer = flood.slack.send_app_rate_limited(secret="not-the-signing-secret")
    assert answer.status == 401
    assert flood.metric("sitrep_slack_rate_limited_total") == 0
    assert flood.metric("sitrep_http_rejected_total", reason="signature") == 1
    assert flood.idle() and flood.time.pauses == []
    assert not [r for r in caplog.records if "rate-limited" in r.getMessage()]


def test_a_failed_backfill_is_one_line_and_retried(flood: Flood, caplog: pytest.LogCaptureFixture) -> None:
    """Slack answering the backfill's history read 429 past the client's retries: one line, no traceback,
    and the backfill is tried again later and stores what was dropped."""
    slack, channel = flood.slack, flood.channel
    slack.limit_events(True)
    dropped = slack.post_as_user("UPRIYA", channel, "failover to the replica now")
    slack.limit_events(False)
    assert wait_until(lambda: flood.metric("sitrep_slack_rate_limited_total") == 1)
    # The client retries a 429 twice (start_app): three in a row make the read fail.
    slack.inject_fault("conversations.history", status=429, retry_after=0, times=3)
    caplog.clear()
    flood.time.go()
    assert wait_until(lambda: flood.metric("sitrep_slack_rate_limit_backfills_total", outcome="ok") == 1)
    assert flood.metric("sitrep_slack_rate_limit_backfills_total", outcome="failed") == 1
    assert wait_until(flood.idle)
    assert dropped in flood.stored()
    failures = [r.getMessage() for r in _warnings(caplog)]
    assert len(failures) == 1 and "ratelimited" in failures[0] and "retrying in 60 s" in failures[0], failures
    assert not [r for r in caplog.records if r.exc_info]
    assert 60.0 in flood.time.pauses


def test_a_signed_notice_without_a_minute_is_refused_as_malformed(flood: Flood) -> None:
    """Signed but not the documented shape: 400 with one line saying what is missing, nothing scheduled."""
    assert flood.started.events_url is not None
    body = json.dumps(
        {"token": VERIFICATION_TOKEN, "type": "app_rate_limited", "team_id": flood.slack.team_id}
    ).encode()
    ts = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": sign(SECRET, ts, body),
    }
    request = urllib.request.Request(flood.started.events_url, data=body, headers=headers, method="POST")  # noqa: S310
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)  # noqa: S310 - the test's own local server
    with refused.value as answer:
        assert answer.code == 400
        assert answer.read().decode() == "app_rate_limited needs a team_id and a whole-number minute_rate_limited\n"
    assert flood.metric("sitrep_slack_rate_limited_total") == 0
    assert flood.metric("sitrep_http_rejected_total", reason="malformed") == 1
    assert flood.idle()
