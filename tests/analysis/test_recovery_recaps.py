"""When impact stopped, from recaps and from recoveries that are not yet the users' (written from general SRE
phrasing, not from any incident channel).

A recap's impact window ("impact 14:44–19:15 UTC") is the moment the team agreed impact stopped, later or
earlier than the first reading of a recovery. A recovery handed to a check before users get it ("mounted on
the admin nodes for validation"), the old version a rollback restored ("the old code is back") and a check
still to run ("check the alias is back before moving on") are not impact ended. Users getting their things
back is. After a rollback moved traffic off something, that thing still down is no relapse.
"""

from __future__ import annotations

import pytest

from bot.analysis import recovery, times
from bot.analysis.lifecycle import derive
from bot.domain import IncidentState, Message
from tests.analysis.reading_support import one, said

ALERT = said(0, "[FIRING] orders-api error ratio 0.31", "Alertmanager", bot=True)  # 16:26


def mitigated(messages: list[Message]) -> str | None:
    state = derive(IncidentState(channel="CINC", name="inc-x"), [ALERT, *messages], None)
    return None if state.mitigated_at is None else f"{state.mitigated_at:%H:%M}"


@pytest.mark.parametrize(
    ("recap", "end"),
    [
        ("resolving. impact 16:30–18:05 utc. thanks all", "18:05"),
        ("closing out, customer impact was 16:31 -> 17:52 UTC", "17:52"),
        ("for the record: outage from 16:40 to 17:10", "17:10"),
        ("resolved. impact window: 16:35 until 18:20 UTC, details in the doc", "18:20"),
        ("so impact window is roughly 09:31 PT -> 10:40 PT, scoping who was hit", "17:40"),
        ("two windows of impact: 16:30–16:50 and 17:02–17:31, ~50 min in all", "17:31"),
        ("resolving. impact 16:30–18:10 UTC, most regions back by 17:15. stable since", "17:15"),
    ],
)
def test_a_recap_window_sets_when_impact_stopped(recap: str, end: str) -> None:
    early = said(30, "p99 back to normal on the api", "kemi")  # 16:56: one part looked fine first
    assert mitigated([early, said(120, recap, "ines")]) == end


def test_a_window_earlier_than_the_reading_moves_it_back() -> None:
    late = said(100, "all green again, back to normal", "kemi")  # 18:06
    assert mitigated([late, said(110, "resolving: impact 16:30-17:40 utc", "ines")]) == "17:40"


def test_a_window_ending_before_detection_is_about_something_else() -> None:
    assert mitigated([said(30, "last week's outage ran 09:00–09:40 utc, unrelated", "kemi")]) is None


def test_no_window_in_a_plan_or_a_single_time() -> None:
    when = one("impact 16:30, still ongoing").time
    assert times.stated_impact_end("impact since 16:30, still ongoing", when) is None
    assert times.stated_impact_end("maintenance planned tomorrow", when) is None


@pytest.mark.parametrize(
    "text",
    [
        "recovery complete. the volume is mounted on the two admin nodes for validation",
        "restore finished, data is back on staging for verification",
        "db recovered, pending validation by the data team",
        "they'll repopulate now that the old code is back",
        "old version is back on all hosts",
        "we restart the agent node by node, check the alias is back before moving on",
    ],
)
def test_not_impact_ended(text: str) -> None:
    assert recovery.recovery_sentence(one(text)) is None
    assert mitigated([said(30, text, "kemi")]) is None


@pytest.mark.parametrize(
    "text",
    [
        "mounted on all login nodes, users have their files back",
        "customers have access back",
        "the old primary is back online, errors gone",
        "all nameservers serve the corrected zone, checkers green. we're back at the previous stable state.",
        "new cert issued and active, `curl https://api.example.com` works from everywhere we tried",
        "promote ok on the new bucket. failure rate on customer accounts 0",
        "back again: test owner fine, sentry flat, 5 customer orgs spot checked, all load",
    ],
)
def test_impact_ended(text: str) -> None:
    assert mitigated([said(30, text, "kemi")]) == "16:56"


@pytest.mark.parametrize(
    "text",
    [
        "error rate 0.5% and climbing",
        "does it work from everywhere?",
        "it's back. 403 on our org again",
        "failure rate on customer accounts 0.4%",
        "primary error rate is 0 since 14:37. it's healthy, it just isn't getting any of this work",
        "why did uptime say the docs were down at 04:20? docs works for everyone on discord",
    ],
)
def test_not_a_recovery_shape(text: str) -> None:
    assert recovery.recovery_sentence(one(text)) is None


def test_the_impact_still_down_is_a_relapse() -> None:
    back = said(30, "platform is back for users, sends going through", "kemi")
    again = said(60, "checkout still failing for eu users", "kemi")
    assert mitigated([back, again]) is None


@pytest.mark.parametrize(
    "text",
    [
        "editing is back, logins work. impact over - running on the second uplink only, the first still down",
        "app fully working again from the new domain. customer impact over, the cdn provider still down",
    ],
)
def test_impact_declared_over_beside_a_thing_still_down(text: str) -> None:
    assert mitigated([said(30, text, "kemi")]) == "16:56"
    back = said(30, "all green again, back to normal", "kemi")
    assert mitigated([back, said(40, text, "ines")]) == "16:56"


def test_an_alert_recovering_behind_an_emoji_resolves_nothing() -> None:
    state = derive(
        IncidentState(channel="CINC", name="inc-x"),
        [
            ALERT,
            said(30, ":large_green_circle: [RESOLVED] orders-api error ratio — current 0.08%", "Monitor", bot=True),
        ],
        None,
    )
    assert state.resolved_at is None


def test_declaring_an_incident_after_a_closed_page_reopens_it() -> None:
    closed = said(10, "Incident #4471 resolved by Kemi", "PagerDuty", bot=True)
    declared = said(60, "ok that's not one customer anymore. declaring an incident, sev2", "kemi")
    state = derive(IncidentState(channel="CINC", name="inc-x"), [ALERT, closed, declared], None)
    assert state.resolved_at is None
    advice = said(90, "for next time we should be declaring an incident earlier", "ines")
    state = derive(IncidentState(channel="CINC", name="inc-x"), [ALERT, closed, advice], None)
    assert state.resolved_at is not None


@pytest.mark.parametrize(
    ("declaration", "minute", "end"),
    [
        ("all probes green, apps answer. customer impact over as of 18:10", 110, "18:10"),
        ("calling customer impact over at 18:00. keeping the incident open for the capacity work", 95, "18:00"),
        ("handing IC to mei. state: impact over since 17:50, altered config in place", 180, "17:50"),
    ],
)
def test_impact_declared_over_sets_the_time_after_an_early_reading(declaration: str, minute: int, end: str) -> None:
    early = said(30, "all 30 nodes up, quorum is back on every range", "kemi")  # 16:56: one layer back first
    assert mitigated([early, said(minute, declaration, "ines")]) == end


@pytest.mark.parametrize(
    "text",
    [
        # something else still down is no relapse
        "checked again: old provider still down, nothing we need from it",
        "ci still down on github's side btw, merges frozen until it is back",
        # no declaration of the impact over at a moment
        "is the customer impact over?",
        "once the impact is over we roll forward",
        "the impact isn't over yet",
        "backlog fully drained, late messages all sent. impact over from our side",
    ],
)
def test_a_later_message_leaves_the_first_recovery_time(text: str) -> None:
    early = said(30, "all 30 nodes up, quorum is back on every range", "kemi")
    assert mitigated([early, said(100, text, "ines")]) == "16:56"
