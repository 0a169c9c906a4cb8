"""Frames the Socket Mode front cannot read: real websocket frames sent by the local Slack's server
to the real ``SocketFrontClient`` (websocket-client, UTF-8 check off), through ``enqueue_message``.

A text frame that is not UTF-8, or not a JSON object, is dropped with one log line (no frame bytes
in it); the connection stays up and the next event is acked and stored.
"""

from __future__ import annotations

import logging

import pytest

from bot.sandbox.slack import LocalSlack
from bot.services import Services
from tests.slack.conftest import start_app, wait_until

BAD_FRAMES = {
    # An events_api envelope whose text is Latin-1, not UTF-8 (0xe9 alone is not a UTF-8 sequence).
    "not UTF-8": b'{"type":"events_api","envelope_id":"e-bad","payload":{"event":{"text":"caf\xe9 db-pass=hunter2"}}}',
    "not a JSON object": b"caf\xc3\xa9 db-pass=hunter2 {",
}


@pytest.mark.parametrize("why", sorted(BAD_FRAMES))
def test_an_unreadable_frame_is_dropped_and_the_connection_keeps_working(
    why: str, local_slack: LocalSlack, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    """The bad frame is counted as dropped, unacked, logged once without its bytes; no reconnect;
    a message posted next is acked and stored."""
    slack = local_slack
    channel = slack.create_channel("inc-frames", members=["UPRIYA"])
    slack.discard_pending_events()
    started = start_app(slack, services, "socket")
    try:
        slack.invite_bot(channel, by_user="UPRIYA")
        assert wait_until(lambda: services.incidents.is_tracked(channel))
        assert started.socket is not None
        client = started.socket.client
        opened = slack.socket_connections_opened
        link = slack.socket.connections()[-1]
        acks_before = len(link.received)

        with caplog.at_level(logging.WARNING, logger="bot.slack.socket_mode"):
            with link.send_lock:
                link.conn.send(BAD_FRAMES[why], text=True)  # a text frame, bytes as they are
            # The reader thread counts the drop, then logs it after leaving its lock: wait for both.
            assert wait_until(lambda: client.dropped == 1, timeout=10)
            assert wait_until(lambda: any(r.name == "bot.slack.socket_mode" for r in caplog.records), timeout=10)
        warnings = [r.getMessage() for r in caplog.records if r.name == "bot.slack.socket_mode"]
        assert len(warnings) == 1
        assert f"a frame that is {why}" in warnings[0]
        assert "hunter2" not in caplog.text and "caf" not in caplog.text

        ts = slack.post_as_user("UPRIYA", channel, "orders-db failover finished at 14:02")
        assert wait_until(lambda: ts in {m.ts for m in services.store.messages(channel)}, timeout=15)
        assert wait_until(
            lambda: any(d.kind == "events_api" and d.outcome == "acked" for d in slack.deliveries[-3:]), timeout=10
        )
        assert all(str(a.get("envelope_id")) != "e-bad" for a in link.received[acks_before:])  # never acked
        assert slack.socket_connections_opened == opened  # no reconnect
        assert client.dropped == 1
    finally:
        started.stop()
