"""Shapes of incident talk the rules did not read before round 2 of issue 14: status stated the way
status pages and people quoting them write it, recovery stated as a state in ordinary words, a cause
announced as found, a decision after an opening word, and step verbs that describe the failure rather
than a step someone took. Phrasing is general, not taken from any incident in the data sets."""

from __future__ import annotations

import pytest

from bot.analysis.classify import declared_status, read
from bot.analysis.hypotheses import fold_messages
from bot.analysis.lifecycle import derive, with_status
from bot.analysis.timeline import build_timeline
from bot.domain import Board, IncidentState, Message
from tests.analysis.reading_support import one, said


def timeline_of(msgs: list[Message]) -> dict[str, str]:
    board = fold_messages(Board(channel="CINC"), msgs)
    state = derive(IncidentState(channel="CINC", name="inc-x"), msgs, board)
    return {e.citations[0]: e.kind for e in build_timeline(msgs, board, state)}


@pytest.mark.parametrize(
    ("text", "bot", "status"),
    [
        ("status page: Identified - published", False, "identified"),
        ("Status page set to Monitoring: payments are flowing again, we keep watching", False, "mitigated"),
        (
            "🟡 Search & Indexing — *Identified*: a configuration change slowed indexing. We are reverting it.",
            True,
            "identified",
        ),
        ("Billing API | Monitoring: a fix is in place and we are watching the error rate.", True, "mitigated"),
        ("resolving. thanks all, the review is on thursday", False, "resolved"),
        ("ok, status page resolved, closing the channel tomorrow", False, "resolved"),
    ],
)
def test_status_stated_in_status_page_shapes(text: str, bot: bool, status: str) -> None:
    assert declared_status(one(text, bot=bot)) == status, text


@pytest.mark.parametrize(
    "text",
    [
        "should we set the status page to resolved?",
        "status page resolved once support confirms the last tickets",
        'status page: "Monitoring is back up and alerting again"',  # the monitoring service, not a status
        "draft: Search & Indexing — *Identified*: a configuration change slowed indexing",
    ],
)
def test_a_status_page_question_plan_or_draft_declares_nothing(text: str) -> None:
    assert declared_status(one(text)) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "queue depth back to last month's baseline",
        "thumbnails load again on every page i tried",
        "the 429s are gone on both clusters",
        "members are fine now as far as support can tell",
    ],
)
def test_recovery_stated_as_a_state(text: str) -> None:
    assert read(one(text)).recovered, text


@pytest.mark.parametrize(
    "text",
    [
        "latency back to normal-ish, still some slow requests",
        "is the queue back in sync yet?",
        "all load balancers back in sync",  # one component's state, not the impact stopping
        "pages load again? can someone check from mobile",
    ],
)
def test_a_trend_or_question_is_not_recovery(text: str) -> None:
    assert not read(one(text)).recovered, text


@pytest.mark.parametrize(
    "text",
    [
        "the cache is throttling writes, every client retries at once",
        "clients getting throttled by the upstream gateway",
        "two pods start -> both claim the lock -> one is evicted -> the job restarts forever",
        "a kernel panic on reboot, the node never comes back",
        "a tiny race with a just-restarted sidecar, not our code",
        "mo can you post: still investigating, we think a subset of requests skip the cache",
    ],
)
def test_a_step_verb_describing_the_failure_is_not_a_step(text: str) -> None:
    assert not read(one(text)).mitigation, text


@pytest.mark.parametrize(
    "text",
    [
        "throttling the noisy tenant to 50 rps",
        "restarted the ingest workers",
        "ok decision: roll back the schema change. lee drives",
    ],
)
def test_steps_taken_still_read_as_steps(text: str) -> None:
    assert read(one(text)).mitigation, text


def test_a_decision_after_an_opening_word_is_a_decision() -> None:
    reading = read(one("so decision: fail over to the standby region, sam drives"))
    assert reading.decision


@pytest.mark.parametrize(
    "text",
    [
        "found it i think. the cron that prunes keys also prunes live ones",
        "i think that's it. two changes that only break together",
        "there it is: the pool size was set to 1 in the new chart",
        "that's it then: the retry loop has no backoff since the last release",
    ],
)
def test_a_cause_announced_as_found_marks_identified(text: str) -> None:
    msgs = [said(0, "FIRING: api 5xx > 5%", "alerts", bot=True), said(5, text)]
    state = with_status(derive(IncidentState(channel="CINC", name="inc-x"), msgs, None), None)
    assert state.identified_at == msgs[1].time
    assert state.status == "identified"
    assert timeline_of(msgs)[msgs[1].ts] == "diagnose"


@pytest.mark.parametrize(
    "text",
    [
        "found it? not sure, the cron looks fine",
        "that's it for me today, handing over to kim",
        "ok that's it then.",
    ],
)
def test_a_question_or_a_sign_off_is_not_a_cause_found(text: str) -> None:
    assert not read(one(text)).cause_found, text


def test_a_report_restating_the_ordered_step_is_the_decision_not_a_new_step() -> None:
    msgs = [
        said(0, "FIRING: checkout 5xx > 5%", "alerts", bot=True),
        said(3, "decision: roll back the pricing change, lee drives"),
        said(4, "rolling back now", "lee"),
        said(9, "rolling back pricing-svc deploy #812 → v4.1.0 finished", "deploybot", bot=True),
    ]
    kinds = timeline_of(msgs)
    assert kinds[msgs[1].ts] == "decision"
    assert msgs[2].ts not in kinds
    assert msgs[3].ts in kinds  # the bot reporting it run is the step taking effect


def test_a_report_naming_more_than_the_decision_is_its_own_step() -> None:
    msgs = [
        said(0, "FIRING: checkout 5xx > 5%", "alerts", bot=True),
        said(3, "decision: roll back the pricing change, lee drives"),
        said(4, "rolling back pricing-svc deploy #812 → v4.1.0", "lee"),
    ]
    assert timeline_of(msgs)[msgs[2].ts] == "mitigate"


def test_a_status_post_with_a_new_status_is_not_the_same_post_again() -> None:
    msgs = [
        said(0, "FIRING: build queue wait > 10m", "alerts", bot=True),
        said(2, "[Investigating] Slow builds - We are investigating slow builds.", "statusbot", bot=True),
        said(30, "[Identified] Slow builds - We have found the issue and are adding capacity.", "statusbot", bot=True),
        said(60, "[Resolved] Slow builds - This incident has been resolved.", "statusbot", bot=True),
        said(61, "[Resolved] Slow builds - This incident has been resolved.", "statusbot", bot=True),
    ]
    kinds = timeline_of(msgs)
    assert kinds[msgs[3].ts] == "resolve"
    assert msgs[4].ts not in kinds


def test_a_person_reporting_a_new_status_page_status_is_a_comms_moment() -> None:
    msgs = [
        said(0, "FIRING: login errors > 3%", "alerts", bot=True),
        said(5, "posted on status page: Investigating — some users cannot log in"),
        said(40, "status page: Identified - posted"),
        said(41, "status page: Identified - posted, with the workaround"),
    ]
    kinds = timeline_of(msgs)
    assert kinds[msgs[1].ts] == "comms"
    assert kinds[msgs[2].ts] == "comms"
    assert msgs[3].ts not in kinds  # the same status again restates it


def test_a_finding_after_resolution_is_review_talk() -> None:
    msgs = [
        said(0, "FIRING: api 5xx > 5%", "alerts", bot=True),
        said(20, "resolved. thanks all"),
        said(40, "logs show the canary only gets 1% of writes, so it never saw the lock"),
    ]
    assert msgs[2].ts not in timeline_of(msgs)


def test_a_decision_ordering_a_fix_means_the_team_knows_what_to_fix() -> None:
    msgs = [
        said(0, "FIRING: api 5xx > 5%", "alerts", bot=True),
        said(4, "anyone touched the gateway today?"),
        said(9, "decision: roll back the gateway config to yesterday's, sam drives"),
    ]
    state = with_status(derive(IncidentState(channel="CINC", name="inc-x"), msgs, None), None)
    assert state.identified_at == msgs[2].time and state.status == "identified"


def test_a_step_proposed_or_asked_does_not_mark_identified() -> None:
    msgs = [
        said(0, "FIRING: api 5xx > 5%", "alerts", bot=True),
        said(4, "should we roll back the gateway config?"),
        said(6, "sam please restart the gateway pods"),
    ]
    state = with_status(derive(IncidentState(channel="CINC", name="inc-x"), msgs, None), None)
    assert state.identified_at is None and state.status == "investigating"
