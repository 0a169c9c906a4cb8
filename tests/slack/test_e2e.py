"""The real Bolt app against the local Slack, over Socket Mode and HTTP: nothing lost, nothing doubled."""

from __future__ import annotations

import json
import logging
import time
import urllib.request

import pytest

from bot.sandbox.slack import LocalSlack, sign
from bot.services import Services
from bot.slack.http import HttpLimits
from tests.slack.conftest import APP_TOKEN, BOT_TOKEN, SECRET, Running, start_app, wait_until

AWS_SECRET = "aws_secret_access_key=wJ9rT2xLq8Zv4NbPc6Hs1YdKm3Fg7Ue5Ai0oRtVx"


def ack_text(result: object) -> str:
    payload = getattr(result, "payload", None) or {}
    return str(payload.get("text") or getattr(result, "body", ""))


def bot_texts(r: Running) -> list[str]:
    return [str(m.get("text", "")) for m in r.slack.bot_messages(r.channel)]


def stored_text(r: Running, ts: str) -> str | None:
    message = r.services.store.get_message(r.channel, ts)
    return None if message is None else message.text


def test_a_message_is_stored_redacted_and_the_poster_warned(running: Running) -> None:
    ts = running.slack.post_as_user("UMARCUS", running.channel, f"config dump: {AWS_SECRET}")
    assert wait_until(lambda: stored_text(running, ts) is not None)
    text = stored_text(running, ts)
    assert text is not None
    assert "wJ9rT2xLq8Zv4NbPc6Hs1YdKm3Fg7Ue5Ai0oRtVx" not in text
    assert "config dump" in text
    assert wait_until(lambda: bool(running.slack.ephemerals(running.channel, "UMARCUS")))
    note = running.slack.ephemerals(running.channel, "UMARCUS")[0]
    assert "rotate" in note.text
    assert "wJ9rT2x" not in note.text


def test_edits_and_deletes_are_honoured(running: Running) -> None:
    ts = running.slack.post_as_user("UPRIYA", running.channel, "I suspect the DB connection pool")
    assert wait_until(lambda: stored_text(running, ts) is not None)
    running.slack.edit_as_user("UPRIYA", running.channel, ts, "I suspect the Redis cache eviction")
    assert wait_until(lambda: "Redis cache" in (stored_text(running, ts) or ""))
    running.slack.delete_as_user("UPRIYA", running.channel, ts)
    assert wait_until(lambda: stored_text(running, ts) is None)


def test_thread_replies_and_bot_posts_are_kept(running: Running) -> None:
    parent = running.slack.post_as_user("UPRIYA", running.channel, "checking the DB side in a thread")
    reply = running.slack.post_as_user("ULENA", running.channel, "pool at 40%", thread_ts=parent)
    assert wait_until(lambda: stored_text(running, reply) is not None)
    stored = running.services.store.get_message(running.channel, reply)
    assert stored is not None and stored.thread_ts == parent
    assert stored.user_name == "Lena Fischer"


def test_each_command_acks_fast_and_posts_its_answer(running: Running) -> None:
    running.slack.post_as_user("UMARCUS", running.channel, "I suspect the DB connection pool is exhausted")
    assert wait_until(lambda: running.services.store.count_messages(running.channel) >= 1)
    before = len(running.slack.bot_messages(running.channel))
    for command in ("/summary", "/hypotheses"):
        result = running.slack.slash_command("UPRIYA", running.channel, command)
        assert result.acked
        assert result.elapsed_s < 3.0
    # Wait for each answer by its own text: a count of bot posts can be reached by a sitrep's detail
    # reply before the board arrives (the two commands are answered on different worker threads).
    for opening in ("Sitrep #1", "Hypothesis board: 1 hypothesis"):
        assert wait_until(lambda o=opening: any(t.startswith(o) for t in bot_texts(running)), 20), bot_texts(running)
    assert len(running.slack.bot_messages(running.channel)) >= before + 2


def test_help_and_unknown_arguments_answer_in_the_ack(running: Running) -> None:
    help_ack = running.slack.slash_command("UPRIYA", running.channel, "/summary", "help")
    assert "/hypotheses" in ack_text(help_ack)
    usage = running.slack.slash_command("UPRIYA", running.channel, "/resolve", "now please")
    assert "Usage: `/resolve`" in ack_text(usage)


def test_a_command_in_an_untracked_channel_says_how_to_track(running: Running) -> None:
    lobby = running.slack.create_channel("lobby", members=["UPRIYA", running.slack.bot_user_id])
    result = running.slack.slash_command("UPRIYA", lobby, "/summary")
    assert "/invite @Sitrep" in ack_text(result)


def test_a_matching_new_channel_is_joined(running: Running) -> None:
    channel = running.slack.create_channel("inc-payments-5xx", members=["UPRIYA"])
    assert wait_until(lambda: running.services.incidents.is_tracked(channel))
    assert running.slack.bot_user_id in running.slack.ws.channel(channel).members
    other = running.slack.create_channel("random-chatter", members=["UPRIYA"])
    running.slack.post_as_user("UPRIYA", channel, "ok")
    assert wait_until(lambda: running.services.store.count_messages(channel) == 1)
    assert not running.services.incidents.is_tracked(other)


def test_an_invite_starts_tracking_a_private_channel(running: Running) -> None:
    private = running.slack.create_channel("sev1-war-room", private=True, members=["UPRIYA"])
    before = running.slack.post_as_user("UPRIYA", private, "posted before Sitrep was invited")
    running.slack.invite_bot(private, by_user="UPRIYA")
    assert wait_until(lambda: running.services.incidents.is_tracked(private))
    assert wait_until(lambda: running.services.store.get_message(private, before) is not None)


def test_no_token_in_logs_and_no_cross_channel_output(running: Running, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    other = running.slack.create_channel("inc-other", members=["ULENA"])
    assert wait_until(lambda: running.services.incidents.is_tracked(other))
    running.slack.post_as_user("ULENA", other, "secret-plan-for-channel-b")
    running.slack.post_as_user("UPRIYA", running.channel, "status: investigating checkout 5xx")
    assert wait_until(lambda: running.services.store.count_messages(other) == 1)
    assert wait_until(lambda: running.services.store.count_messages(running.channel) == 1)
    running.slack.slash_command("UPRIYA", running.channel, "/summary")
    assert wait_until(
        lambda: any(m.get("text", "").startswith("Sitrep") for m in running.slack.bot_messages(running.channel))
    )
    posted = repr(running.slack.history(running.channel))
    assert "secret-plan-for-channel-b" not in posted
    for token in (BOT_TOKEN, APP_TOKEN, SECRET):
        assert token not in caplog.text


def _send_signed(url: str, envelope: dict[str, object], retry_num: int | None) -> int:
    body = json.dumps(envelope).encode()
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": sign(SECRET, stamp, body),
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    assert url.startswith("http://127.0.0.1:")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        return int(response.status)


def test_a_retried_event_is_processed_once(local_slack: LocalSlack, services: Services) -> None:
    """Slack's retry of an event (same event_id, X-Slack-Retry-Num) is acked and dropped."""
    channel = local_slack.create_channel("inc-retry", members=["UPRIYA", local_slack.bot_user_id])
    started = start_app(local_slack, services, "http")
    app = started.app
    try:
        app.start_tracking()
        event = {
            "type": "message",
            "channel": channel,
            "user": "UPRIYA",
            "text": "resending: 5xx at 9%",
            "ts": "1773528000.000100",
            "event_ts": "1773528000.000100",
            "channel_type": "channel",
        }
        envelope = {
            "type": "event_callback",
            "event_id": "Ev0RETRY01",
            "event_time": 1773528000,
            "team_id": local_slack.team_id,
            "api_app_id": local_slack.app_id,
            "event": event,
        }
        assert started.events_url is not None
        url = started.events_url
        assert _send_signed(url, envelope, None) == 200
        assert wait_until(lambda: services.store.count_messages(channel) == 1)
        for attempt in (1, 2):
            assert _send_signed(url, envelope, attempt) == 200
        assert wait_until(lambda: app.ctx.metrics.duplicates._value.get() == 2)
        assert services.store.count_messages(channel) == 1
        assert app.ctx.metrics.ingested._value.get() == 1
    finally:
        started.stop()


def test_bad_signatures_and_stale_timestamps_get_401(local_slack: LocalSlack, services: Services) -> None:
    started = start_app(local_slack, services, "http")
    try:
        assert local_slack.send_http_bad_signature().status == 401
        assert local_slack.send_http_stale_timestamp().status == 401
    finally:
        started.stop()


def test_a_429_is_retried_after_retry_after(running: Running) -> None:
    running.slack.inject_fault(method="chat.postMessage", status=429, retry_after=1, times=1)
    running.slack.post_as_user("UPRIYA", running.channel, "checkout 5xx rising")
    running.slack.slash_command("UPRIYA", running.channel, "/summary")
    assert wait_until(
        lambda: any(m.get("text", "").startswith("Sitrep") for m in running.slack.bot_messages(running.channel))
    )
    statuses = [e.status for e in running.slack.journal.calls("chat.postMessage")]
    assert 429 in statuses


def test_nothing_is_lost_while_sitrep_is_down(local_slack: LocalSlack, services: Services) -> None:
    """Stop the app, post 500 messages (threads included), start it again: each stored exactly once."""
    channel = local_slack.create_channel("inc-outage", members=["UPRIYA", "ULENA", local_slack.bot_user_id])
    local_slack.discard_pending_events()
    first_run = start_app(local_slack, services, "socket")
    first_run.app.start_tracking()  # what `sitrep run` does at every start
    assert wait_until(lambda: services.incidents.is_tracked(channel))
    first = local_slack.post_as_user("UPRIYA", channel, "before the outage")
    assert wait_until(lambda: services.store.get_message(channel, first) is not None)
    first_run.stop()
    posted = [first]
    parent = first
    for i in range(500):
        if i % 10 == 0:
            parent = local_slack.post_as_user("UPRIYA", channel, f"update {i}: still investigating")
            posted.append(parent)
        else:
            posted.append(local_slack.post_as_user("ULENA", channel, f"finding {i}", thread_ts=parent))
    local_slack.discard_pending_events()
    again = start_app(local_slack, services, "socket")
    try:
        again.app.start_tracking()
        assert wait_until(lambda: services.store.count_messages(channel) == len(posted), timeout=30)
        assert services.store.existing_ts(channel, posted) == set(posted)
    finally:
        again.stop()


def test_a_redelivered_socket_mode_event_is_processed_once(local_slack: LocalSlack, services: Services) -> None:
    """The same event_id arriving twice over Socket Mode (a redelivery) is stored and counted once."""
    channel = local_slack.create_channel("inc-socket-retry", members=["UPRIYA", local_slack.bot_user_id])
    local_slack.discard_pending_events()
    started = start_app(local_slack, services, "socket")
    try:
        started.app.start_tracking()
        event = {
            "type": "message",
            "channel": channel,
            "user": "UPRIYA",
            "text": "again: 5xx at 9%",
            "ts": "1773528100.000100",
            "event_ts": "1773528100.000100",
            "channel_type": "channel",
        }
        envelope = {
            "type": "event_callback",
            "event_id": "Ev0SOCKET01",
            "event_time": 1773528100,
            "team_id": local_slack.team_id,
            "api_app_id": local_slack.app_id,
            "event": event,
        }
        for _ in range(3):
            local_slack.socket.send("events_api", envelope, accepts_response_payload=False, event_id="Ev0SOCKET01")
        assert wait_until(lambda: started.app.ctx.metrics.duplicates._value.get() == 2)
        assert wait_until(lambda: started.app.ctx.metrics.ingested._value.get() == 1)
        assert services.store.count_messages(channel) == 1
    finally:
        started.stop()


def test_http_mode_serves_healthz_and_metrics(local_slack: LocalSlack, services: Services) -> None:
    started = start_app(local_slack, services, "http", limits=HttpLimits(metrics_token="scrape-me"))
    try:
        assert started.events_url is not None
        base = started.events_url.removesuffix("/slack/events")
        assert base.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:  # noqa: S310
            assert response.status == 200
            assert response.read() == b"ok\n"
        local_slack.send_http_bad_signature()
        scrape = urllib.request.Request(base + "/metrics", headers={"Authorization": "Bearer scrape-me"})  # noqa: S310
        with urllib.request.urlopen(scrape, timeout=5) as response:  # noqa: S310
            body = response.read().decode()
        assert "sitrep_events_total" in body
        assert "sitrep_duplicate_events_total" in body
        assert BOT_TOKEN not in body
    finally:
        started.stop()
