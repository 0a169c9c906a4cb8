"""What one ``/resolve`` costs: the board is refreshed, the transcript read and the postmortem
saved once each. When the Slack adapter composed the command (resolve, then /summary's work, then
/draft-postmortem's) it was three board refreshes, four whole-transcript reads plus two
incremental ones, two postmortem saves and four incident-state saves.

Counted on the real store (a subclass that tallies calls, then does them) behind the real Bolt
app and the local Slack, so nothing but the count is simulated.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from bot.clock import ManualClock
from bot.domain import Board, IncidentState, Message, Postmortem
from bot.redaction import Redactor
from bot.sandbox.slack import LocalSlack
from bot.store import Store
from tests.slack.test_review_e2e import DANA, MARCO, PRIYA, SECRET, TOKEN, Harness


class CountingStore(Store):
    """The real store, tallying the calls one command's work is measured in."""

    def __init__(self, client: redis.Redis, *, clock: ManualClock) -> None:
        super().__init__(client, clock=clock)
        self.calls: Counter[str] = Counter()
        self._guard = threading.Lock()

    def _count(self, name: str) -> None:
        with self._guard:
            self.calls[name] += 1

    def reset(self) -> None:
        with self._guard:
            self.calls.clear()

    def get_board(self, channel: str) -> Board | None:
        self._count("get_board")
        return super().get_board(channel)

    def board_and_incident(self, channel: str) -> tuple[Board | None, IncidentState | None]:
        self._count("get_board")  # a board refresh reads board and incident in one round trip
        return super().board_and_incident(channel)

    def save_board(self, board: Board) -> None:
        self._count("save_board")
        super().save_board(board)

    def save_board_and_incident(self, board: Board, state: IncidentState) -> None:
        self._count("save_board")
        self._count("save_incident")
        super().save_board_and_incident(board, state)

    def messages_and_count(self, channel: str, *, after_ts: str | None) -> tuple[list[Message], int]:
        self._count("messages" if after_ts is None else "messages_after")
        return super().messages_and_count(channel, after_ts=after_ts)

    def messages(self, channel: str, **kwargs: Any) -> list[Message]:
        self._count("messages" if kwargs.get("after_ts") is None else "messages_after")
        return super().messages(channel, **kwargs)

    def save_postmortem(self, channel: str, pm: Postmortem) -> None:
        self._count("save_postmortem")
        super().save_postmortem(channel, pm)

    def save_incident(self, state: IncidentState) -> None:
        self._count("save_incident")
        super().save_incident(state)


@pytest.fixture
def counted(
    redis_client: redis.Redis, clock: ManualClock, redactor: Redactor, tmp_path: Path
) -> Iterator[tuple[Harness, CountingStore]]:
    store = CountingStore(redis_client, clock=clock)
    with LocalSlack(signing_secret=SECRET, bot_token=TOKEN, clock=clock, ack_timeout_s=5.0) as slack:
        slack.add_user(PRIYA, name="priya", real_name="Priya Raman", display_name="Priya")
        slack.add_user(MARCO, name="marco", real_name="Marco Rossi", display_name="Marco")
        slack.add_user(DANA, name="dana", real_name="Dana Kim", display_name="Dana")
        harness = Harness(slack=slack, store=store, clock=clock, redactor=redactor, tmp=tmp_path)
        harness.channel = slack.create_channel("inc-checkout", members=[PRIYA, MARCO, DANA, slack.bot_user_id])
        slack.discard_pending_events()
        harness.start_app()
        try:
            yield harness, store
        finally:
            harness.stop_app()


def test_one_resolve_refreshes_reads_and_saves_once(counted: tuple[Harness, CountingStore]) -> None:
    h, store = counted
    h.play_incident()
    store.reset()
    h.resolve()
    calls = dict(store.calls)
    assert calls.get("get_board") == 1, calls  # one board refresh
    assert calls.get("save_board") == 1, calls
    assert calls.get("messages") == 1, calls  # one transcript read, shared by board, sitrep and draft
    assert calls.get("messages_after", 0) == 0, calls
    assert calls.get("save_postmortem") == 1, calls
    assert calls.get("save_incident") == 1, calls  # the resolution itself


def test_a_draft_request_refreshes_reads_and_saves_once(counted: tuple[Harness, CountingStore]) -> None:
    """/draft-postmortem after mitigation: one refresh (of the messages the board has not seen),
    one transcript read, one save (it was two, two and two)."""
    h, store = counted
    h.play_incident()
    h.command(PRIYA, "/summary")  # the board is current, as the sitrep cadence keeps it
    h.wait(lambda: any(m["text"].startswith("Sitrep #1") for m in h.top_level_bot_messages()), "the sitrep")
    h.post(MARCO, "Decision: make the canary mandatory for checkout-api deploys")
    h.wait(lambda: h.store.count_messages(h.channel) == len(h.incident) + 1, "the new message stored")
    store.reset()
    h.command(MARCO, "/draft-postmortem")
    h.wait(lambda: h.review is not None and h.review.draft_ts is not None, "the draft")
    calls = dict(store.calls)
    assert calls.get("get_board") == 1, calls
    assert calls.get("messages_after") == 1, calls  # the refresh: only what the board has not seen
    assert calls.get("messages") == 1, calls
    assert calls.get("save_postmortem") == 1, calls
