"""Which messages a postmortem timeline keeps: a step taken, not a step weighed or kept in place; a
backlog emptying is progress, not a step; a bot confirming a person's step is the same moment; a
person saying the status in the channel is not customer communication."""

from __future__ import annotations

import pytest

from bot.analysis.classify import read
from bot.analysis.hypotheses import fold_messages
from bot.analysis.lifecycle import derive
from bot.analysis.timeline import build_timeline
from bot.domain import Board, IncidentState, Message
from tests.analysis.reading_support import one, said


def timeline_of(msgs: list[Message]) -> dict[str, str]:
    board = fold_messages(Board(channel="CINC"), msgs)
    state = derive(IncidentState(channel="CINC", name="inc-x"), msgs, board)
    return {e.citations[0]: e.kind for e in build_timeline(msgs, board, state)}


@pytest.mark.parametrize(
    "text",
    [
        "failover = every client reconnects at once = another storm. i'd not",
        "a restart wouldn't help, the config is baked into the image",
        "we need a manual failover for the two remaining shards, some need someone in the dc",
        "the revert needs sign-off from the payments team first",
        "there's no safe rollback path for the schema change",
        "the only option left is restoring from last night's snapshot",
        "and the failover runbook was last tested in 2021",
        "working on a throttle for the noisy tenants",
        "rate limit stays in place overnight, the freeze stays too",
    ],
)
def test_a_step_weighed_needed_or_kept_is_not_a_step_taken(text: str) -> None:
    assert not read(one(text)).mitigation, text


@pytest.mark.parametrize(
    "text",
    [
        "~12k queued jobs, draining at a decent clip",
        "webhook backlog about 70% drained",
        "retries draining now, lag at 4 min",
    ],
)
def test_a_backlog_draining_is_progress_not_a_step(text: str) -> None:
    assert not read(one(text)).mitigation, text


@pytest.mark.parametrize(
    "text",
    [
        "draining the eu-west pool now",
        "paused the export workers in every region, nothing is lost",
        "drained the queue hosts and rate limited the import api",
    ],
)
def test_steps_taken_still_count(text: str) -> None:
    assert read(one(text)).mitigation, text


def test_a_bot_confirming_a_persons_step_is_the_same_moment() -> None:
    msgs = [
        said(0, "[FIRING] checkout 5xx ratio 0.3", "Alertmanager", bot=True),
        said(2, "ack, on it", "kofi"),
        said(6, "freezing all prod deploys while we dig", "kofi"),
        said(7, ":lock: deploy pipeline LOCKED for all services by kofi", "deploy-bot", bot=True),
        said(30, "pausing the nightly import so it stops hammering the primary", "mira"),
    ]
    cited = timeline_of(msgs)
    assert msgs[2].ts in cited and msgs[4].ts in cited
    assert msgs[3].ts not in cited


def test_a_bot_step_after_a_decision_is_the_step() -> None:
    """The decision is one moment, the bot applying it later is the step."""
    msgs = [
        said(0, "[FIRING] resolver servfail ratio 0.2", "Alertmanager", bot=True),
        said(5, "decision: disable the zone cache on all resolvers", "elif"),
        said(12, 'override "zone cache disabled" applied to all resolver hosts', "config-bot", bot=True),
    ]
    cited = timeline_of(msgs)
    assert cited.get(msgs[1].ts) == "decision"
    assert cited.get(msgs[2].ts) == "mitigate"


def test_a_status_said_in_the_channel_is_not_customer_communication() -> None:
    msgs = [
        said(0, "[FIRING] search p99 9s", "Alertmanager", bot=True),
        said(1, "ack", "li"),
        said(15, "ok. status: identified, the new analyzer config is the problem", "li"),
        said(16, "Investigating — Search is slow for some customers.", "Statuspage", bot=True),
    ]
    cited = timeline_of(msgs)
    assert cited.get(msgs[2].ts) != "comms"
    assert cited.get(msgs[3].ts) == "comms"
