"""Slash commands, buttons and modals are acked in the request's own thread (``bot.slack.acks``), not
on Bolt's listener pool: with every pool thread taken and an ingest burst arriving, a command and a
click are still acked, and their work (on the work queue) is still done. In Socket Mode they have a
pool of their own (``bot.slack.socket_mode``): a backlog of events does not delay them."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from slack_bolt import Ack, App, BoltRequest, BoltResponse, Respond

from bot.sandbox.slack import LocalSlack
from bot.services import Services
from bot.slack import texts
from bot.slack.acks import FrontAcks
from bot.slack.work import WorkQueue
from tests.slack.conftest import Running, start_app, wait_until
from tests.slack.test_command_work import block_queue, board_posts
from tests.slack.test_e2e import ack_text

BURST = 60


def occupy_bolt_pool(app: App) -> threading.Event:
    """Take every thread of Bolt's listener pool until the returned event is set."""
    executor = app.listener_runner.listener_executor
    assert isinstance(executor, ThreadPoolExecutor)
    threads = executor._max_workers  # Bolt's default pool (5 threads); no public size
    release = threading.Event()
    started = threading.Semaphore(0)

    def hold() -> None:
        started.release()
        release.wait(60)

    for _ in range(threads):
        executor.submit(hold)
    for _ in range(threads):
        assert started.acquire(timeout=10)
    return release


def burst(slack: LocalSlack, channel: str, n: int) -> threading.Thread:
    """Post ``n`` messages from a thread of their own (an ingest burst while the test goes on)."""

    def post() -> None:
        for i in range(n):
            slack.post_as_user("UMARCUS", channel, f"burst {i}: p99 on checkout-api at {300 + i} ms")

    thread = threading.Thread(target=post, daemon=True)
    thread.start()
    return thread


def question_ts(r: Running, user: str) -> str | None:
    """The ts of the "not mitigated yet, draft anyway?" question shown to ``user``, once it is there."""
    return next((e.ts for e in r.slack.ephemerals(r.channel, user) if "isn't mitigated" in e.text), None)


def test_a_command_and_a_click_during_an_ingest_burst_are_acked_with_bolts_pool_taken(running: Running) -> None:
    """Every Bolt listener thread is stuck and 60 messages arrive: /hypotheses is acked "Working on it"
    and its board posted, "Draft anyway" is acked and the draft posted, and every message is stored."""
    r = running
    r.slack.post_as_user("UPRIYA", r.channel, "I suspect the DB connection pool on orders-db is exhausted")
    assert wait_until(lambda: r.services.store.count_messages(r.channel) == 1)
    r.slack.slash_command("UPRIYA", r.channel, "/draft-postmortem")
    assert wait_until(lambda: question_ts(r, "UPRIYA") is not None)
    release = occupy_bolt_pool(r.app.app)
    try:
        poster = burst(r.slack, r.channel, BURST)
        command = r.slack.slash_command("ULENA", r.channel, "/hypotheses")
        click = r.slack.click_button("UPRIYA", str(question_ts(r, "UPRIYA")), "pm_draft_anyway")
        assert command.acked and ack_text(command) == texts.WORKING
        assert click.acked
        assert wait_until(lambda: board_posts(r) == 1, 30)
        assert wait_until(lambda: r.services.store.get_review(r.channel) is not None, 30)
        poster.join(60)
        assert wait_until(lambda: r.services.store.count_messages(r.channel) == 1 + BURST, 30)
    finally:
        release.set()


def test_a_full_work_queue_says_busy_and_the_acks_still_arrive(running: Running) -> None:
    """Work queue full and Bolt's pool taken: the command's ack is the one-line "busy", the click is
    acked and its user gets the "busy" ephemeral; nothing refused is done later behind their backs."""
    r = running
    r.slack.post_as_user("UPRIYA", r.channel, "checkout-api 5xx rate is climbing, investigating")
    assert wait_until(lambda: r.services.store.count_messages(r.channel) == 1)
    r.slack.slash_command("UPRIYA", r.channel, "/draft-postmortem")
    assert wait_until(lambda: question_ts(r, "UPRIYA") is not None and r.app.ctx.work.idle)
    work = r.app.ctx.work = WorkQueue(threads=1, capacity=1)
    held = block_queue(work, 1)
    assert work.submit("filler", "test", lambda _: None)
    release = occupy_bolt_pool(r.app.app)
    try:
        command = r.slack.slash_command("ULENA", r.channel, "/hypotheses")
        assert command.acked and ack_text(command) == texts.BUSY
        before = len(r.slack.ephemerals(r.channel, "UPRIYA"))
        click = r.slack.click_button("UPRIYA", str(question_ts(r, "UPRIYA")), "pm_draft_anyway")
        assert click.acked
        assert wait_until(lambda: len(r.slack.ephemerals(r.channel, "UPRIYA")) == before + 1)
        assert r.slack.ephemerals(r.channel, "UPRIYA")[-1].text == texts.BUSY
    finally:
        release.set()
        held.set()
    assert wait_until(lambda: work.idle)
    assert r.services.store.get_review(r.channel) is None
    assert board_posts(r) == 0
    work.shutdown()


def test_socket_mode_commands_skip_a_backlog_of_events(local_slack: LocalSlack, services: Services) -> None:
    """Every event thread of the Socket Mode client is stuck and 40 events wait behind them: a
    command is still acked ("Working on it") and its board posted; once freed, every event is stored."""
    slack = local_slack
    channel = slack.create_channel("inc-checkout", members=["UPRIYA", "UMARCUS", "ULENA"])
    slack.discard_pending_events()
    started = start_app(slack, services, "socket")
    release = threading.Event()
    try:
        slack.invite_bot(channel, by_user="UPRIYA")
        assert wait_until(lambda: services.incidents.is_tracked(channel))
        slack.post_as_user("UPRIYA", channel, "I suspect the DB connection pool on orders-db is exhausted")
        assert wait_until(lambda: services.store.count_messages(channel) == 1)
        assert started.socket is not None
        events = started.socket.client.bolt_workers
        for _ in events.threads:  # Bolt's path for events (10 threads)
            events.submit(release.wait, 60)
        for i in range(40):
            slack.post_as_user("UMARCUS", channel, f"backlog {i}: p99 on checkout-api at {300 + i} ms")
        command = slack.slash_command("ULENA", channel, "/hypotheses")
        assert command.acked and ack_text(command) == texts.WORKING
        boards = lambda: [  # noqa: E731 - read twice below
            m for m in slack.bot_messages(channel) if str(m.get("text", "")).startswith("Hypothesis board")
        ]
        assert wait_until(lambda: len(boards()) == 1, 30)
        assert services.store.count_messages(channel) == 1  # the events still wait
        release.set()
        assert wait_until(lambda: services.store.count_messages(channel) == 41, 30)
    finally:
        release.set()
        started.stop()


def _request(body: dict[str, Any]) -> BoltRequest:
    return BoltRequest(body=body, mode="socket_mode")


def test_a_handler_that_fails_still_acks_a_command_with_one_line() -> None:
    """A failing handler never leaves Slack waiting: a command gets one line (not the exception), a click an ack."""
    errors: list[int] = []
    acks = FrontAcks(on_error=lambda: errors.append(1))

    def broken(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        raise RuntimeError("secret-ish detail from the payload")

    acks.command("/summary")(broken)
    acks.action("pm_approve")(broken)
    nxt = lambda: BoltResponse(status=404)  # noqa: E731 - Bolt's next() stand-in: reached means not handled
    answer = acks.process(req=_request({"command": "/summary", "text": ""}), resp=BoltResponse(status=200), next=nxt)
    assert answer is not None and answer.status == 200
    assert "couldn't do that" in str(answer.body) and "secret-ish" not in str(answer.body)
    click = {"type": "block_actions", "actions": [{"action_id": "pm_approve"}]}
    answer = acks.process(req=_request(click), resp=BoltResponse(status=200), next=nxt)
    assert answer is not None and answer.status == 200 and answer.body == ""
    assert errors == [1, 1]
    unknown = {"type": "block_actions", "actions": [{"action_id": "someone_elses"}]}
    answer = acks.process(req=_request(unknown), resp=BoltResponse(status=200), next=nxt)
    assert answer is not None and answer.status == 404  # passed on to Bolt


def test_one_handler_per_command() -> None:
    acks = FrontAcks()
    acks.command("/summary")(lambda ack, body, respond: ack())
    with pytest.raises(ValueError, match="already"):
        acks.command("/summary")(lambda ack, body, respond: ack())
