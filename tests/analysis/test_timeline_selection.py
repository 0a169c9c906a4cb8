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
        "workers restart and fall over again within a minute",
        "that's one shard that happened to bounce, the rest is at 40% errors. not recovery yet",
        "eu-west isn't budging, the restarted pods still crash",
        "throttle helping, db cpu down to 60% and falling",
        "don't get excited, that's the one pod we restarted by hand. rest still broken",
        "turn the edge cache off and let requests go to origin like normal",
        "mira please unpause the export queues region by region",
        "priority call: live traffic first. pause the reindex workers so capacity goes to search",
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
        "rollback done on all hosts, old build serving",
        "restart complete on the three brokers",
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


def test_the_next_step_on_the_same_thing_is_a_new_moment() -> None:
    """Blocking everyone and, half an hour later, letting one region back in are two steps."""
    msgs = [
        said(0, "[FIRING] gateway healthy tasks 20%", "Grafana", bot=True),
        said(3, "blocking all traffic to the gateway at the edge", "lachie"),
        said(5, "block is live at the edge for the gateway", "lachie"),
        said(35, "letting the eu region through the gateway, rate limited", "lachie"),
    ]
    cited = timeline_of(msgs)
    assert msgs[1].ts in cited and msgs[3].ts in cited
    assert msgs[2].ts not in cited  # the same step reported again two minutes later


def test_steps_long_after_impact_stopped_are_clean_up() -> None:
    msgs = [
        said(0, "[FIRING] ingest error ratio 0.5", "Grafana", bot=True),
        said(4, "pausing the rehydration workers so intake gets the capacity", "rafa"),
        said(30, "intake back to normal in all regions, error rate at baseline", "rafa"),
        said(90, "unpausing the rehydration workers region by region", "rafa"),
    ]
    cited = timeline_of(msgs)
    assert cited.get(msgs[1].ts) == "mitigate" and cited.get(msgs[2].ts) == "mitigate"
    assert msgs[3].ts not in cited


def test_the_recovery_kept_is_the_one_that_held() -> None:
    """An early "back to baseline" that a regression undid is not the moment impact stopped."""
    msgs = [
        said(0, "[FIRING] api 5xx ratio 0.3", "Grafana", bot=True),
        said(10, "5xx back to baseline", "kwame"),
        said(14, "errors are back, same 502s on writes", "olga"),
        said(30, "writes healthy again, error rate at baseline for 10 min", "olga"),
    ]
    cited = timeline_of(msgs)
    assert msgs[1].ts not in cited
    assert cited.get(msgs[3].ts) == "mitigate"


@pytest.mark.parametrize(
    "text",
    [
        "kernel log on the primary: the data disk stopped responding at 16:21",
        "found something. the scheduler on node-7 restarted at 06:00 after an package upgrade",
        "something odd: connection count to the cache is 40x the usual",
        "wait. the restored tables have no rows",
        "I reproduce it from home and from a cloud shell: the api presents an expired certificate",
        "top talkers are the sync agents on every node",
        "the bucket service shows as disabled in the control plane, not crashed",
        "error curve bends up at 07:00 sharp, an hour before the first ticket",
        "route table on the bad hosts is missing the egress routes",
    ],
)
def test_what_the_evidence_shows_is_a_diagnosis_moment(text: str) -> None:
    msgs = [said(0, "[FIRING] writes failing 12%", "Grafana", bot=True), said(6, text, "olga")]
    assert timeline_of(msgs).get(msgs[1].ts) == "diagnose"


@pytest.mark.parametrize(
    "text",
    [
        "wait for the failover before posting",
        "action items: / - fix the job log",
        "today's run worked, so I cannot reproduce the june failure yet",
    ],
)
def test_asides_are_not_findings(text: str) -> None:
    assert not read(one(text)).finding


def test_a_bot_reporting_a_change_finished_is_news_after_it_started() -> None:
    msgs = [
        said(0, "[FIRING] object store success ratio 0.00", "Alertmanager", bot=True),
        said(20, "gateway redeploy started (prod, all regions) by sven", "deploy-bot", bot=True),
        said(21, "gateway redeploy started (prod, all regions) by sven", "deploy-bot", bot=True),
        said(34, "gateway redeploy finished: all regions healthy", "deploy-bot", bot=True),
    ]
    cited = timeline_of(msgs)
    assert msgs[1].ts in cited and msgs[3].ts in cited
    assert msgs[2].ts not in cited  # the same post again


@pytest.mark.parametrize(
    "text",
    [
        'Incident #208 declared: "search latency" — severity SEV-3 — commander: @li',
        "INC0042311 created - P2 - Checkout degradation - assigned SRE-L2",
    ],
)
def test_an_incident_tool_opening_the_incident_is_a_moment(text: str) -> None:
    msgs = [said(0, "[FIRING] search p99 9s", "Alertmanager", bot=True), said(3, text, "incident-tool", bot=True)]
    assert timeline_of(msgs).get(msgs[1].ts) == "decision"


def test_an_alert_created_by_a_tool_is_not_the_incident_opening() -> None:
    msgs = [
        said(0, "[FIRING] search p99 9s", "Alertmanager", bot=True),
        said(3, "Alert #2291 created: [P1] search-latency — routed to li (primary)", "Opsgenie", bot=True),
    ]
    assert timeline_of(msgs).get(msgs[1].ts) != "decision"
