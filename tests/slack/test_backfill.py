"""Backfill reads history through the same converter as live events; one malformed message in
history is skipped (with a log line that quotes nothing) and the rest of the channel still arrives."""

from __future__ import annotations

import logging

import pytest

from bot.sandbox.slack import LocalSlack
from bot.services import Services
from tests.slack.conftest import start_app


def test_a_malformed_history_message_does_not_stop_the_backfill(
    local_slack: LocalSlack, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    channel = local_slack.create_channel("inc-odd-history", members=["UPRIYA", local_slack.bot_user_id])
    before = local_slack.post_as_user("UPRIYA", channel, "api p99 is 4s since the deploy")
    # What a workspace can hand back that the converter refuses: a user id far past Slack's length.
    odd = local_slack.ws.channel(channel)
    local_slack.ws.post(odd, "UPRIYA", "odd one, secret-ish hunter2", extra={"user": "U" * 300})
    after = local_slack.post_as_user("UPRIYA", channel, "rolling back 4812 now")
    local_slack.discard_pending_events()  # Sitrep was away: only history can bring these
    started = start_app(local_slack, services, "socket")
    try:
        with caplog.at_level(logging.WARNING, logger="bot.slack.backfill"):
            result = started.app.ctx.backfiller.backfill(channel)
        stored = [m.ts for m in services.store.messages(channel)]
        assert before in stored and after in stored
        assert result.ingested == 2
        skipped = [r.getMessage() for r in caplog.records if "skipped a message" in r.getMessage()]
        assert len(skipped) == 1
        assert "hunter2" not in skipped[0]
    finally:
        started.stop()
