"""What declares an incident mitigated, and what takes that back, one class of phrasing per test.

Mitigation is customer impact stopped or greatly reduced: a state stated in a sentence of its own
(whatever trend or leftover another sentence names), most of the affected scope back with the rest
named, a status declared. A recovery foretold, a part, or a trend is not. A relapse is impact
stated as back (not asked about, not a story about the cause); a public status post that is
behind the channel is the page catching up, not a relapse.
"""

from __future__ import annotations

import pytest

from bot.analysis.lifecycle import derive
from bot.domain import IncidentState, Message
from tests.analysis.reading_support import said

ALERT = said(0, "[FIRING] invoice-api error ratio 0.31", "Alertmanager", bot=True)


def status_after(messages: list[Message]) -> str:
    return derive(IncidentState(channel="CINC", name="inc-x"), [ALERT, *messages], None).status


def mitigated_at(messages: list[Message]) -> float | None:
    state = derive(IncidentState(channel="CINC", name="inc-x"), [ALERT, *messages], None)
    return None if state.mitigated_at is None else state.mitigated_at.timestamp()


@pytest.mark.parametrize(
    "text",
    [
        "invoice errors are gone. the retry queue is still working through old jobs",
        "Impact is mitigated since the cache flush. The retry queue still needs a while",
        "renders work again. support is still answering the earlier tickets",
    ],
)
def test_recovery_in_its_own_sentence_is_not_hidden_by_a_remainder_elsewhere(text: str) -> None:
    assert status_after([said(10, text, "wen")]) == "mitigated", text


@pytest.mark.parametrize(
    "text",
    [
        "error ratio coming down slowly, not back to normal yet",
        "invoice errors improving, maybe back to normal soon?",
    ],
)
def test_a_trend_in_the_same_sentence_is_still_a_trend(text: str) -> None:
    assert status_after([said(10, text, "wen")]) == "investigating", text


@pytest.mark.parametrize(
    "text",
    [
        "most shards are back, two stragglers still rebuilding",
        "the majority of tenants recovered as of 11:40; a handful on the old cluster remain",
        "every zone healthy except ap-south, which is close",
        "95% of sites restored, the rest are on manual restore",
    ],
)
def test_most_of_the_scope_back_with_the_rest_named_is_mitigated(text: str) -> None:
    assert status_after([said(10, text, "wen")]) == "mitigated", text


@pytest.mark.parametrize(
    "text",
    [
        "some shards are back, most still rebuilding",
        "most regions slowly recovering",
        "first few tenants recovered, the majority still down",
        "are most shards back yet?",
        "once most shards are back we can reopen signups",
        'draft for the status page: "Most customers have recovered access."',
    ],
)
def test_a_part_a_trend_a_question_a_plan_or_a_draft_about_most_is_not(text: str) -> None:
    assert status_after([said(10, text, "wen")]) == "investigating", text


@pytest.mark.parametrize(
    "text",
    [
        "ratio will be back to normal within a couple of minutes",
        "queue should be back to baseline in 10 min",
        "p95 back to normal in a few minutes i reckon",
    ],
)
def test_a_recovery_foretold_is_not_a_recovery(text: str) -> None:
    assert status_after([said(10, text, "wen")]) == "investigating", text


@pytest.mark.parametrize(
    "text",
    [
        "tenants can sign in again",
        "members can open their statements again",
        "merchants can take card payments again",
    ],
)
def test_the_people_affected_able_to_act_again_is_recovery(text: str) -> None:
    assert status_after([said(10, text, "wen")]) == "mitigated", text


@pytest.mark.parametrize("text", ["status = contained, keys rotated", "state - stable, watching for an hour"])
def test_a_contained_or_stable_status_is_mitigation(text: str) -> None:
    assert status_after([said(10, text, "wen")]) == "mitigated", text


RECOVERED = said(10, "invoice errors back to baseline", "wen")


@pytest.mark.parametrize(
    "text",
    [
        "anyone still seeing errors on their side?",
        "the nightly batch must have tripped it again, explains the blip from before",
    ],
)
def test_a_question_or_a_story_about_the_cause_is_not_a_relapse(text: str) -> None:
    assert status_after([RECOVERED, said(20, text, "omar")]) == "mitigated", text


@pytest.mark.parametrize("text", ["errors are back on the eu cluster", "it's happening again, 5xx climbing"])
def test_impact_stated_as_back_is_a_relapse(text: str) -> None:
    assert status_after([RECOVERED, said(20, text, "omar")]) == "investigating", text


@pytest.mark.parametrize(
    "text",
    [
        "Investigating - We are looking into suspicious access to some accounts and will post more later.",
        "Identified - The issue has been identified and a patch is in place.",
    ],
)
def test_a_status_post_behind_the_channel_does_not_undo_mitigation(text: str) -> None:
    msgs = [RECOVERED, said(60, text, "Statuspage", bot=True)]
    assert status_after(msgs) == "mitigated", text
    assert mitigated_at(msgs) == RECOVERED.time.timestamp()


def test_a_status_post_that_reports_the_symptom_again_is_a_relapse() -> None:
    post = said(
        60, "Investigating - Customers see errors downloading invoices. We are investigating.", "Statuspage", bot=True
    )
    assert status_after([RECOVERED, post]) == "investigating"


def test_a_person_declaring_investigating_again_is_a_relapse() -> None:
    assert (
        status_after([RECOVERED, said(30, "status: investigating, that was premature", "ic-lena")]) == "investigating"
    )


@pytest.mark.parametrize(
    "text",
    [
        "checkout 5xx under 0.2% now, queue depth normal",
        "error rate down to 0.05% across the fleet",
        "all jobs from the bad node are running on the standby nodes",
        "api serving from the secondary region now",
        "exports responding normally again",
    ],
)
def test_recovery_stated_as_a_figure_or_a_failover_done(text: str) -> None:
    assert status_after([said(10, text, "wen")]) == "mitigated", text


@pytest.mark.parametrize(
    "text",
    [
        "5xx at 12%, was 0.5% before the deploy",
        "error rate 0.2% -> 9% in the last minute",
        "errors 0 on the db side, so it is not postgres?",
        "should we move traffic to the standby region?",
        "it was loading normally until the 14:05 deploy",
    ],
)
def test_a_high_figure_a_rising_one_or_a_proposed_failover_is_not(text: str) -> None:
    assert status_after([said(10, text, "wen")]) == "investigating", text


@pytest.mark.parametrize(
    "text",
    [
        "we found the culprit: the log rotation job fills the temp volume",
        "recap: cause found. the token cache evicts signing keys on deploy",
        "cause understood - the quota table lost its index in the migration",
        "marking it identified, the cdn pulls from a stale origin list",
    ],
)
def test_a_cause_declared_found_makes_the_incident_identified(text: str) -> None:
    assert status_after([said(10, text, "wen")]) == "identified", text


@pytest.mark.parametrize(
    "text",
    [
        "we haven't found the cause yet",
        "have we found the trigger?",
        "no root cause found yet, still digging",
        "once we found the culprit we can pick a fix",
        "cause not yet understood",
    ],
)
def test_a_cause_not_found_asked_about_or_hoped_for_is_not_identified(text: str) -> None:
    assert status_after([said(10, text, "wen")]) == "investigating", text


def test_an_incident_tools_status_change_declares_the_status_after_the_arrow() -> None:
    moved = said(20, "INC-7731 state: Active → Mitigated (Chen Wei)", "IncidentDesk", bot=True)
    assert status_after([moved]) == "mitigated"
    back = said(40, "Status changed from Monitoring to Investigating", "IncidentDesk", bot=True)
    assert status_after([RECOVERED, back]) == "investigating"


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Monitor invoice-api-5xx: Open → Resolved (value 0.4%)", "Datadog"),
        ("[Recovered] invoice latency under threshold. Active -> Resolved", "Grafana"),
        ("invoice-api error ratio: open to resolved", "Alertmanager"),
    ],
)
def test_a_monitors_own_alert_moving_to_resolved_resolves_nothing(text: str, who: str) -> None:
    # The arrow is the alert's state, not the incident's: one check passing again is not the end.
    assert status_after([said(20, text, who, bot=True)]) == "investigating", text
    assert mitigated_at([said(20, text, who, bot=True)]) is None, text


def test_a_declared_resolution_is_also_the_mitigation_when_none_was_read() -> None:
    closed = said(30, "INC-7731 state: Active → Resolved (Chen Wei)", "IncidentDesk", bot=True)
    assert status_after([closed]) == "resolved"
    assert mitigated_at([closed]) == closed.time.timestamp()


@pytest.mark.parametrize(
    ("text", "bot"),
    [
        ("closing the security incident now, follow-ups in the tracker", False),
        ("closing the p2 incident. thanks all", False),
        ("lena marked incident 88 as *Resolved*", True),
    ],
)
def test_a_closing_with_a_modifier_or_a_status_word_in_markup_resolves(text: str, bot: bool) -> None:
    assert status_after([RECOVERED, said(50, text, "IncidentDesk" if bot else "lena", bot=bot)]) == "resolved"


@pytest.mark.parametrize(
    "text", ["closing the incident once billing confirms", "should we be closing the p2 incident?"]
)
def test_a_closing_planned_or_asked_about_does_not_resolve(text: str) -> None:
    assert status_after([RECOVERED, said(50, text, "lena")]) == "mitigated"


@pytest.mark.parametrize(
    "text",
    [
        "here's what i'd post: \"Resolved - ordering works normally again for all customers\"",
        "pls review before I publish:\n> Monitoring - A fix is in place and invoices load again.",
        'status page wording, thoughts? "We have mitigated the issue and invoices are back to normal."',
        'posting this unless someone objects: "Resolved — all services operational"',
    ],
)
def test_status_text_pasted_for_review_declares_nothing(text: str) -> None:
    """No "draft" word needed: a quote with a request to check it, or a hold, is a proposal."""
    assert status_after([said(10, text, "kofi")]) == "investigating", text


def test_status_text_said_to_be_posted_still_counts() -> None:
    assert status_after([said(10, 'posted: "Resolved — all services operational"', "kofi")]) != "investigating"


def test_a_recovery_reported_late_with_its_time_is_placed_at_that_time() -> None:
    """Said at minute 40 of the incident (17:06 UTC): "back to normal at 16:50" puts mitigation at 16:50."""
    late = said(40, "invoice errors back to normal at 16:50 utc, sorry for the late note", "wen")
    assert mitigated_at([late]) == late.time.replace(hour=16, minute=50, second=0, microsecond=0).timestamp()
    plan = said(40, "invoice errors back to normal. cutover to the new db at 18:00 utc", "wen")
    assert mitigated_at([plan]) == plan.time.timestamp()


@pytest.mark.parametrize(
    "text",
    [
        "some regions are back",
        "half the fleet is back",
        "a few customers can log in again",
        "one of the shards is back",
    ],
)
def test_a_part_recovering_is_progress(text: str) -> None:
    assert status_after([said(10, text, "wen")]) == "investigating", text


def test_a_person_reporting_a_lagging_public_statement_does_not_undo_mitigation() -> None:
    note = said(90, "press note published: cause identified, the patch is in place", "samir")
    assert status_after([RECOVERED, note]) == "mitigated"


@pytest.mark.parametrize(
    "text",
    [
        "ingress flowing normally, so not the load balancer",
        "replica lag back to baseline, ruled that out",
        "cache hit ratio back to normal, it's not the cause",
    ],
)
def test_a_part_reported_healthy_to_rule_it_out_is_a_diagnosis(text: str) -> None:
    assert status_after([said(10, text, "wen")]) == "investigating", text
