"""Which messages become timeline events, one class of phrasing per test (issue 14, session 6): when a
ticket still detects, one command event per declaration, change bots, steps reported noun-first, a
decision not to act, a recap of the cause, status-page phases of a short incident, trends, and the
words that make a step talk rather than a step taken. The phrasing is general, not any channel's."""

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


def test_a_ticket_after_the_incident_is_declared_confirms_impact_it_does_not_detect() -> None:
    msgs = [
        said(0, "[FIRING] invoice api error ratio 9% > 1%", "Grafana", bot=True),
        said(2, "ack, looking", "tomoko"),
        said(4, "declaring sev2, I'm IC", "tomoko"),
        said(12, 'New ticket #55120 (high): "invoices fail to render"', "Zendesk", bot=True),
    ]
    assert timeline_of(msgs).get(msgs[3].ts) != "detect"


def test_a_ticket_before_the_incident_is_declared_is_a_detection_signal() -> None:
    msgs = [
        said(0, "[FIRING] invoice api error ratio 9% > 1%", "Grafana", bot=True),
        said(2, "ack, looking", "tomoko"),
        said(4, 'New ticket #55120 (high): "invoices fail to render"', "Zendesk", bot=True),
        said(9, "declaring sev2, I'm IC", "tomoko"),
    ]
    assert timeline_of(msgs).get(msgs[2].ts) == "detect"


@pytest.mark.parametrize(
    "text",
    [
        "hi, 3 admins reporting their dashboards never finish loading. known?",
        "several tenants in the eu say exports time out",
    ],
)
def test_people_relaying_a_count_of_reports_is_a_customer_report(text: str) -> None:
    assert read(one(text)).detect, text


@pytest.mark.parametrize(
    "text",
    [
        "let's watch the queues for a bit before we call it",
        "we'll call it when the backlog is gone",
    ],
)
def test_a_decision_word_after_a_condition_decides_nothing(text: str) -> None:
    assert not read(one(text)).decision, text


@pytest.mark.parametrize(
    "text",
    [
        "agreed, no rollback. the release is fine, the traffic shape is the problem",
        "ok no failover, we let the primary finish recovering",
        "still waiting on the vendor, restoring ourselves takes as long. staying put",
    ],
)
def test_deciding_not_to_act_is_a_decision(text: str) -> None:
    assert read(one(text)).decision, text


def test_no_rollback_path_is_a_fact_not_a_decision() -> None:
    assert not read(one("there's no rollback path for this schema")).decision


def test_a_person_restating_the_tools_declaration_is_one_command_event() -> None:
    msgs = [
        said(0, "TRIGGERED payments 5xx > 2%", "PagerDuty", bot=True),
        said(2, "ack", "oyelaran"),
        said(4, 'Incident #812 declared: "payments errors" — severity SEV-2 — commander: @oyelaran', "inc", bot=True),
        said(5, "hello all, I'm IC. calling it sev-2 to start", "oyelaran"),
    ]
    cited = timeline_of(msgs)
    assert msgs[2].ts in cited
    assert msgs[3].ts not in cited


def test_taking_command_beside_a_severity_is_one_command_event() -> None:
    msgs = [
        said(0, "[FIRING] feed 5xx ratio 0.6", "Alertmanager", bot=True),
        said(1, "ack", "ilse"),
        said(3, "taking IC, bridge is up", "ilse"),
        said(5, "sev1, the whole feed is down", "ilse"),
    ]
    cited = timeline_of(msgs)
    assert msgs[3].ts in cited
    assert msgs[2].ts not in cited


@pytest.mark.parametrize(
    "text",
    [
        "noor is IC from now, I'm off to sleep",
        "I will act as incident commander. moving the chatter to a thread",
        "wei here, IC. where we are: dns healthy, mesh next",
    ],
)
def test_someone_named_or_acting_as_ic_is_a_command_change(text: str) -> None:
    assert read(one(text)).command, text


def test_asking_someone_to_be_ic_is_not_a_command_change() -> None:
    assert not read(one("I'm fading. ruth can you be IC")).command


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("web build 4471 promoted to 100% (canary clean)", "deploy"),
        ("rules file 88 published to linux agents, cohort: all", "deploy"),
        ('change CHG-7781 executed (manual): "tighten firewall egress"', "deploy"),
        ("rules file 88 reverted: previous version published to linux agents", "mitigate"),
    ],
)
def test_change_bots_announcing_a_change_going_out(text: str, kind: str) -> None:
    assert read(one(text, "release-bot", bot=True)).kind == kind, text


def test_a_bot_undoing_the_change_it_announced_is_news() -> None:
    msgs = [
        said(0, "rules file 88 published to linux agents, cohort: all", "release-bot", bot=True),
        said(9, "[FIRING] agents offline 6x baseline", "Alertmanager", bot=True),
        said(
            40,
            "rules file 88 reverted: previous version published to linux agents, cohort: all",
            "release-bot",
            bot=True,
        ),
    ]
    cited = timeline_of(msgs)
    assert cited.get(msgs[0].ts) == "deploy"
    assert cited.get(msgs[2].ts) == "mitigate"


@pytest.mark.parametrize(
    "text",
    [
        "stale sessions invalidated (~40k), fresh logins work",
        "rogue admin demoted and deactivated",
        "custom overrides cleared on the 4 accounts",
        "waf block live on the upload api",
        "per-tenant rate limits on the noisiest keys are live",
        "revert applied in the us regions",
        "first 3 read replicas added, serving traffic",
        "new cert issued for the docs domain, propagating",
        "killed the 6 hung compaction processes",
        "bumping the desired count on the api service to 3x",
        "routing eu reads to the global replicas to take load off the regional db",
        "circuit breaker flag `edge.retry_budget.strict` enabled everywhere",
    ],
)
def test_a_step_reported_noun_first_or_with_its_object_is_a_step(text: str) -> None:
    assert read(one(text)).mitigation, text


@pytest.mark.parametrize(
    "text",
    [
        "the replacement cert was issued on 21 June, valid until september",
        "the revert is manual too, one region at a time",
        "cached denials age out in 15 min, or we can flush them",
        "if a big link dropped we'd see reroutes everywhere",
    ],
)
def test_a_step_described_or_offered_is_not_a_step_taken(text: str) -> None:
    assert not read(one(text)).mitigation, text


def test_a_dot_inside_a_word_does_not_end_the_question() -> None:
    assert not read(one("mo — rollback to 2.x in eu, now? or 5 more min of digging")).mitigation


def test_one_persons_progress_on_their_step_is_that_step() -> None:
    msgs = [
        said(0, "[FIRING] hypervisor load critical", "Alertmanager", bot=True),
        said(1, "ack", "zofia"),
        said(5, "freezing the autoscaler now", "zofia"),
        said(8, "autoscaler frozen. build queue paused", "zofia"),
    ]
    cited = timeline_of(msgs)
    assert cited.get(msgs[2].ts) == "mitigate"
    assert msgs[3].ts not in cited


@pytest.mark.parametrize(
    "text",
    [
        "recap for everyone: the nightly job fills the db that lost half its replicas this morning",
        "tl;dr: the cert renewal skipped the balancer, the listener still serves the old one",
        "for the record: the config push at 14:02 removed the service principal grants",
    ],
)
def test_a_recap_of_the_cause_while_impact_lasts_is_a_moment(text: str) -> None:
    msgs = [
        said(0, "[FIRING] writes failing 12%", "Grafana", bot=True),
        said(2, "ack", "olu"),
        said(20, text, "maren"),
    ]
    assert timeline_of(msgs).get(msgs[2].ts) == "diagnose"


def test_a_recap_that_says_the_cause_is_unknown_is_not_one() -> None:
    msgs = [
        said(0, "[FIRING] writes failing 12%", "Grafana", bot=True),
        said(2, "ack", "olu"),
        said(20, "summary so far: writes down since 16:20, cause not known yet", "maren"),
    ]
    assert msgs[2].ts not in timeline_of(msgs)


def test_a_recap_after_impact_stopped_is_the_write_up() -> None:
    msgs = [
        said(0, "[FIRING] writes failing 12%", "Grafana", bot=True),
        said(2, "ack", "olu"),
        said(10, "writes healthy again, error rate at baseline", "olu"),
        said(30, "for the record: the disk controller firmware wedged the primary", "maren"),
    ]
    assert msgs[3].ts not in timeline_of(msgs)


def _status_posts(hours: float) -> list[Message]:
    end = hours * 60
    return [
        said(0, "[FIRING] api 5xx ratio 0.4", "Alertmanager", bot=True),
        said(2, "ack", "kemal"),
        said(5, "Investigating — The API is returning errors for some customers.", "Statuspage", bot=True),
        said(end * 0.3, "Identified — A configuration change is being reverted.", "Statuspage", bot=True),
        said(end * 0.6, "Monitoring — The API is healthy again. We are watching it.", "Statuspage", bot=True),
        said(end, "resolved, thanks all", "kemal"),
    ]


@pytest.mark.parametrize("hours", [1.5, 12])
def test_each_status_page_phase_is_a_moment_however_long_the_incident(hours: float) -> None:
    msgs = _status_posts(hours)
    cited = timeline_of(msgs)
    assert all(cited.get(m.ts) == "comms" for m in msgs[2:5])


def test_a_status_page_post_repeating_its_phase_restates_progress() -> None:
    msgs = _status_posts(12)
    again = said(
        200, "Investigating — We are still working on the API errors. Next update in 1 hour.", "Statuspage", bot=True
    )
    cited = timeline_of([*msgs[:3], again, *msgs[3:]])
    assert cited.get(msgs[2].ts) == "comms"
    assert again.ts not in cited


def test_a_trend_is_not_a_moment() -> None:
    msgs = [
        said(0, "[FIRING] checkout 5xx ratio 0.3", "Alertmanager", bot=True),
        said(1, "ack", "priya"),
        said(12, "errors dropping a bit after the restart, still 10%", "priya"),
    ]
    assert msgs[2].ts not in timeline_of(msgs)


@pytest.mark.parametrize(
    "text",
    [
        "maintenance notice live for the affected workspaces",
        "banner live on the dashboard",
    ],
)
def test_a_notice_reported_live_is_an_announcement(text: str) -> None:
    assert read(one(text)).comms, text


def test_a_finding_that_ends_in_a_question_asks() -> None:
    assert not read(one("wait, but the synthetic check says it's fine??")).finding


def test_no_failover_target_is_a_fact_not_a_decision() -> None:
    assert not read(one("so no failover target in that region. great")).decision


@pytest.mark.parametrize(
    "text",
    [
        "load shedding kicked in, api pods restarting a lot",
        "the brokers keep crash-looping every few minutes",
    ],
)
def test_things_restarting_by_themselves_are_a_symptom(text: str) -> None:
    assert not read(one(text)).mitigation, text


def test_a_deploy_after_resolution_is_follow_up() -> None:
    msgs = [
        said(0, "[FIRING] api 5xx ratio 0.4", "Alertmanager", bot=True),
        said(2, "ack", "kemal"),
        said(20, "resolved, thanks all", "kemal"),
        said(80, "deploy api main@4f1c2ab → production succeeded", "deploy-bot", bot=True),
    ]
    assert msgs[3].ts not in timeline_of(msgs)


def test_a_bot_counting_progress_is_not_a_moment_but_its_end_is() -> None:
    msgs = [
        said(0, "[FIRING] pooler connections -70%", "Alertmanager", bot=True),
        said(1, "ack", "ines"),
        said(4, "pooler rollback → v1.8.2 started for eu-west (by @ines)", "deploy-bot", bot=True),
        said(15, "downgrade progress, pool hosts drained and reverted: 3/9", "deploy-bot", bot=True),
        said(40, "rollback eu-west complete: 9/9 nodes on v1.8.2", "deploy-bot", bot=True),
    ]
    cited = timeline_of(msgs)
    assert msgs[2].ts in cited and msgs[4].ts in cited
    assert msgs[3].ts not in cited


@pytest.mark.parametrize("text", ["mine", "NOC here, i see it. the whole core is red"])
def test_claiming_the_page_is_an_acknowledgement(text: str) -> None:
    assert read(one(text)).ack, text
