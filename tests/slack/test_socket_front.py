"""Sitrep's Socket Mode front (``bot.slack.socket_mode``) under bursts: the real app, the local Slack
with Slack's own 3 s ack deadline, and the ingest worker process.

slack-sdk's websocket-client adapter, as shipped, acked envelopes in arrival order however late: on
5,000 back-to-back envelopes its acks fell behind Slack's deadline for good, every retry queued
behind the backlog, and 3,511 of 5,000 events were never acked in four deliveries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.clock import SystemClock
from bot.config import Settings
from bot.redaction import Redactor
from bot.sandbox.slack import LocalSlack
from bot.services import Services, build, ingest_worker
from bot.slack.app import SlackApp, build_client, create_slack_app
from bot.slack.runner import socket_handler
from bot.slack.socket_mode import SocketFrontClient, SocketFrontHandler
from bot.store import EmbeddedRedis, Store
from tests.slack.conftest import APP_TOKEN, BOT_TOKEN, PATTERN, wait_until

BURST = 5000


@pytest.fixture
def sitrep(
    store: Store, redactor: Redactor, redis_server: EmbeddedRedis, tmp_path: Path
) -> Iterator[tuple[LocalSlack, Services, SlackApp, SocketFrontHandler, str]]:
    """Sitrep as ``sitrep run`` connects it (ingest worker, Socket Mode front) tracking #inc-burst."""
    settings = Settings(_env_file=None, sitrep_data_dir=tmp_path / "data")  # type: ignore[call-arg]
    clock = SystemClock()
    services = build(settings, clock=clock, store=Store(store.client, clock=clock), redactor=redactor)
    worker = ingest_worker(settings, redis_server.url).start()
    with LocalSlack(bot_token=BOT_TOKEN, app_token=APP_TOKEN, ack_timeout_s=3.0) as slack:
        slack.add_user("UPRIYA", name="priya", real_name="Priya Raman")
        channel = slack.create_channel("inc-burst", members=["UPRIYA", slack.bot_user_id])
        slack.discard_pending_events()
        app = create_slack_app(
            services.core(),
            build_client(BOT_TOKEN, slack.api_url),
            signing_secret=None,
            channel_pattern=re.compile(PATTERN),
            ingest=worker,
            drop_settle_s=0.5,
        )
        handler = socket_handler("websocket_client", app, APP_TOKEN)
        assert isinstance(handler, SocketFrontHandler)
        handler.connect()  # type: ignore[no-untyped-call]
        app.start_tracking()
        assert wait_until(lambda: services.incidents.is_tracked(channel))
        assert worker.wait_ready(60), "the ingest worker did not start"
        try:
            yield slack, services, app, handler, channel
        finally:
            handler.close()  # type: ignore[no-untyped-call]
            worker.stop()


@pytest.mark.slow
def test_burst_of_5000_is_stored_once_each_and_every_event_acked(
    sitrep: tuple[LocalSlack, Services, SlackApp, SocketFrontHandler, str],
) -> None:
    """5,000 message events back to back: every one is acked within Slack's deliveries (nothing left
    for Slack to give up on), stored exactly once, and the front still acks the next message at once."""
    slack, services, app, _handler, channel = sitrep
    posted = [slack.post_as_user("UPRIYA", channel, f"burst update {i}: p99 {300 + i} ms") for i in range(BURST)]

    def acked() -> set[str | None]:
        return {d.event_id for d in slack.deliveries if d.kind == "events_api" and d.outcome == "acked"}

    assert wait_until(lambda: services.store.count_messages(channel) == BURST, timeout=240), "burst not stored"
    assert wait_until(lambda: len(acked()) >= BURST, timeout=60), f"{BURST - len(acked())} events never acked"
    assert app.ctx.ingest is not None and app.ctx.ingest.wait_idle(30)
    assert sorted(m.ts for m in services.store.messages(channel)) == sorted(posted)  # each exactly once
    registry = app.ctx.metrics.registry
    assert wait_until(  # no job stored twice
        lambda: registry.get_sample_value("sitrep_messages_ingested_total") == BURST,
        timeout=10,
    )
    given_up = [d for d in slack.deliveries if d.retry_attempt == 3 and d.outcome == "timeout"]
    assert given_up == []

    before = len(slack.deliveries)
    after = slack.post_as_user("UPRIYA", channel, "after the burst: error rate back to baseline")
    assert wait_until(lambda: after in {m.ts for m in services.store.messages(channel)}, timeout=30)
    assert wait_until(
        lambda: any(d.retry_attempt == 0 and d.outcome == "acked" for d in slack.deliveries[before:]), timeout=10
    ), "the message after the burst was acked on its first delivery"


def test_envelope_past_its_ack_budget_is_dropped_not_acked_late(
    sitrep: tuple[LocalSlack, Services, SlackApp, SocketFrontHandler, str],
) -> None:
    """An event envelope that waited here longer than the ack budget is left unacked (Slack
    redelivers it, and the redelivery is stored); one that arrives in time is acked."""
    slack, services, _app, handler, channel = sitrep
    client: SocketFrontClient = handler.client
    client.ack_budget_s = 0.0  # every envelope is already too late when the lane reaches it
    before = len(slack.deliveries)
    late = slack.post_as_user("UPRIYA", channel, "this one waits too long")
    assert wait_until(lambda: client.dropped >= 1, timeout=10)
    client.ack_budget_s = 2.5  # the redelivery, 3 s later, is in time

    def outcomes() -> list[tuple[int, str]]:
        return [(d.retry_attempt, d.outcome) for d in slack.deliveries[before:] if d.kind == "events_api"]

    assert wait_until(lambda: outcomes() == [(0, "timeout"), (1, "acked")], timeout=15), outcomes()
    assert wait_until(lambda: late in {m.ts for m in services.store.messages(channel)}, timeout=30)
    assert services.store.count_messages(channel) == 1


def test_an_event_dropped_at_every_delivery_is_read_back_from_history(
    sitrep: tuple[LocalSlack, Services, SlackApp, SocketFrontHandler, str],
) -> None:
    """The front stays behind through all of Slack's deliveries of an event (each dropped past its
    budget): Slack gives up, and the message is still stored, once, read back from history after the
    drops settle."""
    slack, services, app, handler, channel = sitrep
    client: SocketFrontClient = handler.client
    client.ack_budget_s = 0.0  # every delivery is too late
    before = len(slack.deliveries)
    lost = slack.post_as_user("UPRIYA", channel, "orders-db replica lag is 40 s and climbing")

    def outcomes() -> list[tuple[int, str]]:
        return [(d.retry_attempt, d.outcome) for d in slack.deliveries[before:] if d.kind == "events_api"]

    assert wait_until(lambda: len(outcomes()) == 4 and all(o == "timeout" for _, o in outcomes()), timeout=30), (
        outcomes()
    )
    assert wait_until(lambda: lost in {m.ts for m in services.store.messages(channel)}, timeout=30)
    assert app.ctx.drops.backfills >= 1
    assert services.store.count_messages(channel) == 1
