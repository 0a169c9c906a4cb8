"""Command and button work runs after the ack on its own bounded queue: acks never wait behind it,
identical pending work is done once, and a full queue answers "busy" in the ack."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.domain import RawMessage
from bot.slack import texts
from bot.slack.work import WorkQueue
from tests.slack.conftest import Running, wait_until
from tests.slack.test_e2e import ack_text

USERS = ("UPRIYA", "UMARCUS", "ULENA")


def block_queue(work: WorkQueue, threads: int) -> threading.Event:
    """Occupy every drainer of ``work`` until the returned event is set."""
    release = threading.Event()
    started = threading.Semaphore(0)

    def hold(_: list[str]) -> None:
        started.release()
        release.wait(30)

    for i in range(threads):
        assert work.submit(("hold", i), "test", hold)
    for _ in range(threads):
        assert started.acquire(timeout=10)
    return release


def board_posts(r: Running) -> int:
    return sum(1 for m in r.slack.bot_messages(r.channel) if str(m.get("text", "")).startswith("Hypothesis board"))


def test_identical_pending_work_runs_once_and_answers_every_requester() -> None:
    """Ten requests for the same key while the queue is busy: one run, every requester passed to it."""
    pool = ThreadPoolExecutor(max_workers=1)
    work = WorkQueue(threads=1, capacity=4, executor=pool)
    release = block_queue(work, 1)
    seen: list[list[str]] = []
    done = threading.Event()

    def job(requesters: list[str]) -> None:
        seen.append(requesters)
        done.set()

    for i in range(10):
        assert work.submit(("/hypotheses", "C1"), f"U{i}", job)
    assert work.waiting == 1
    release.set()
    assert done.wait(10)
    assert seen == [[f"U{i}" for i in range(10)]]
    assert work.coalesced == 9
    pool.shutdown()


def test_a_full_queue_refuses_instead_of_growing() -> None:
    pool = ThreadPoolExecutor(max_workers=1)
    work = WorkQueue(threads=1, capacity=2, executor=pool)
    release = block_queue(work, 1)
    assert work.submit("a", "U1", lambda _: None)
    assert work.submit("b", "U1", lambda _: None)
    assert not work.submit("c", "U1", lambda _: None)
    assert work.submit("a", "U2", lambda _: None)  # joining waiting work takes no room
    assert work.refused == 1
    release.set()
    assert wait_until(lambda: work.waiting == 0)
    pool.shutdown()


def test_commands_ack_while_work_is_stuck_and_one_board_answers_them_all(running: Running) -> None:
    """With both work threads stuck, 30 /hypotheses from three people are all acked within the local
    Slack's 1 s ack timeout ("Working on it…"); once freed, one board refresh posts one board."""
    running.slack.post_as_user("UMARCUS", running.channel, "I suspect the DB connection pool is exhausted")
    assert wait_until(lambda: running.services.store.count_messages(running.channel) >= 1)
    work = running.app.ctx.work = WorkQueue(threads=2, capacity=8)
    release = block_queue(work, 2)
    acks = [running.slack.slash_command(USERS[i % 3], running.channel, "/hypotheses") for i in range(30)]
    assert all(a.acked for a in acks)
    assert {ack_text(a) for a in acks} == {texts.WORKING}
    assert board_posts(running) == 0
    release.set()
    assert wait_until(lambda: board_posts(running) == 1)
    assert wait_until(lambda: work.waiting == 0)
    assert work.runs == 3  # the two holds and one board refresh for all 30
    assert work.coalesced == 29
    work.shutdown()


def test_a_full_queue_answers_busy_in_the_ack_and_loses_nothing_queued(running: Running) -> None:
    running.slack.post_as_user("UMARCUS", running.channel, "p99 on checkout is 3s since 22:19")
    assert wait_until(lambda: running.services.store.count_messages(running.channel) >= 1)
    work = running.app.ctx.work = WorkQueue(threads=1, capacity=1)
    release = block_queue(work, 1)
    queued = running.slack.slash_command("UPRIYA", running.channel, "/summary")
    busy = running.slack.slash_command("ULENA", running.channel, "/hypotheses")
    assert ack_text(queued) == texts.WORKING
    assert busy.acked and ack_text(busy) == texts.BUSY
    release.set()
    assert wait_until(
        lambda: any(str(m.get("text", "")).startswith("Sitrep #1") for m in running.slack.bot_messages(running.channel))
    )
    assert board_posts(running) == 0  # the refused request did nothing behind the user's back
    work.shutdown()


SERVICES = ("checkout", "orders", "payments", "search", "auth", "cart", "ledger", "billing")
THINGS = ("DB pool", "cache", "DNS", "TLS cert", "deploy", "config flag", "disk", "queue")


@pytest.mark.slow
@pytest.mark.parametrize("running", ["http"], indirect=True)
def test_hypotheses_on_a_channel_of_1600_messages_posts_a_board_slack_accepts(running: Running) -> None:
    """Before, the board of a long incident linked every supporting message and the local Slack (like
    Slack) refused it with invalid_blocks; now it is posted, the latest evidence linked, the rest counted."""
    lines = (
        "I suspect the {s} {t} is the cause",
        "confirmed: {s} {t} is saturated, supports it",
        "could it be the {t} on {s}-{n}?",
        "{s} {t} looks fine, ruling that out",
    )
    raws = [
        RawMessage(
            channel=running.channel,
            ts=f"{1_764_600_000 + i}.{i:06d}",
            text=lines[i % 4].format(s=SERVICES[i % 8], t=THINGS[(i // 8) % 8], n=i % 40),
            user="UMARCUS",
        )
        for i in range(1600)
    ]
    for start in range(0, len(raws), 200):
        running.services.ingestor.ingest_many(raws[start : start + 200])
    assert running.services.store.count_messages(running.channel) == 1600
    result = running.slack.slash_command("UPRIYA", running.channel, "/hypotheses")
    assert ack_text(result) == texts.WORKING
    assert wait_until(lambda: board_posts(running) >= 1 and running.app.ctx.work.idle, 60)
    said = [e.text for e in running.slack.ephemerals(running.channel, "UPRIYA") if e.source != "ack"]
    assert said == []  # before: ":x: Sitrep couldn't do that: invalid_blocks"
    boards = [m for m in running.slack.bot_messages(running.channel) if "blocks" in m]
    assert any("earlier," in str(m["blocks"]) for m in boards)
