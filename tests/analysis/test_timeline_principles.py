"""Timeline selection by what a key event is, not by one incident's words: each outside detection
signal (a support ticket, a customer's report) is detection beside the first alert; a step on a
different named thing is a different step, however close in time; a cause is placed where it was
first stated; a step named inside quoted words (a status page's text) was told, not taken."""

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


def test_first_ticket_and_first_customer_report_are_detection_beside_the_first_alert() -> None:
    msgs = [
        said(0, "[FIRING] orders-api p99 latency 4.2s > 1s", "Grafana", bot=True),
        said(2, "ack, looking", "mbali"),
        said(4, 'New ticket #55120 (high): "orders stuck at payment step"', "Zendesk", bot=True),
        said(5, 'New ticket #55121 (normal): "checkout spinner forever"', "Zendesk", bot=True),
        said(6, "[FIRING] orders-api error ratio 7% > 2%", "Grafana", bot=True),
        said(7, "customers are reporting timeouts on the app too, per the support lead", "joao"),
        said(8, "customers are complaining on social as well", "joao"),
        said(9, "seeing the same errors in the worker logs", "mbali"),
    ]
    kinds = timeline_of(msgs)
    assert kinds.get(msgs[0].ts) == "detect"
    assert kinds.get(msgs[2].ts) == "detect"  # the first ticket
    assert kinds.get(msgs[5].ts) == "detect"  # the first customer report from a person
    for later in (msgs[3], msgs[4], msgs[6], msgs[7]):
        assert kinds.get(later.ts) != "detect", later.text  # more of the same source, another alert, a responder


def test_a_ticket_after_the_cause_is_found_is_not_detection() -> None:
    msgs = [
        said(0, "[FIRING] login error ratio 12% > 2%", "Grafana", bot=True),
        said(2, "ack", "mbali"),
        said(10, "found it, the new session key rotation cut every token early", "mbali"),
        said(14, 'New ticket #77001 (urgent): "users logged out"', "Zendesk", bot=True),
    ]
    assert timeline_of(msgs).get(msgs[3].ts) != "detect"


def test_the_same_kind_of_step_on_a_different_thing_is_another_step() -> None:
    msgs = [
        said(0, "[FIRING] ingest lag 40 min > 5 min", "Grafana", bot=True),
        said(1, "ack", "ines"),
        said(5, "pausing the thumbnail workers so the ingest queue gets the cpu", "ines"),
        said(8, "pausing the nightly reindex job as well", "ines"),
        said(9, "thumbnail workers paused", "ines"),
    ]
    kinds = timeline_of(msgs)
    assert kinds.get(msgs[2].ts) == "mitigate"
    assert kinds.get(msgs[3].ts) == "mitigate"  # a different thing paused: its own step
    assert msgs[4].ts not in kinds  # the first pause reported again, in another form of the verb


def test_a_confirmed_cause_is_placed_where_it_was_first_stated_not_where_it_was_restated() -> None:
    msgs = [
        said(0, "[FIRING] tls handshake errors 9% > 1% on edge", "Grafana", bot=True),
        said(2, "ack, looking", "olu"),
        said(5, "could it be the cert on the edge proxies? the renewal ran last week", "olu"),
        said(
            12,
            "checked: the edge proxies still present the 2022 cert. the renewal never swapped it in, "
            "the new one sits unused on disk",
            "hanna",
        ),
        said(15, "confirmed, root cause: the renewal job never swapped the 2022 cert on the edge proxies", "olu"),
    ]
    board = fold_messages(Board(channel="CINC"), msgs)
    state = derive(IncidentState(channel="CINC", name="inc-x"), msgs, board)
    confirmed = [e for e in build_timeline(msgs, board, state) if " confirmed: " in e.event]
    assert [e.citations for e in confirmed] == [(msgs[3].ts,)]  # the first statement, not the restatement


@pytest.mark.parametrize(
    "text",
    [
        'status page updated: "Some servers were restarted after a network fault; we are watching closely."',
        "statuspage now says “Traffic has been failed over to a second region while we investigate.”",
        'support relayed a customer: "we rolled back our integration but it still fails"',
    ],
)
def test_a_step_inside_quoted_words_is_told_not_taken(text: str) -> None:
    assert not read(one(text)).mitigation, text


@pytest.mark.parametrize(
    "text",
    [
        'restarted the ingest workers, status page says "investigating" still',
        'rolled back the "search-ranking" flag, let\'s see',
    ],
)
def test_a_step_beside_quoted_words_is_still_a_step(text: str) -> None:
    assert read(one(text)).mitigation, text


@pytest.mark.parametrize(
    "text",
    [
        "advisory is out on the trust page",
        "published on the status site, all affected products tagged",
        "sending the outage notice to every enterprise admin now",
        "press statement went out 10 min ago",
    ],
)
def test_a_person_saying_an_announcement_went_out_is_communication(text: str) -> None:
    assert read(one(text)).comms, text


@pytest.mark.parametrize(
    "text",
    [
        "can someone post it on the status site?",
        'draft for the blog: "we had an outage"',
        "posted in the thread above",
        "sent them the dig output with the ticket",
    ],
)
def test_asking_drafting_or_posting_here_is_not_an_announcement(text: str) -> None:
    assert not read(one(text)).comms, text


def test_the_first_announcement_through_each_channel_is_its_own_moment() -> None:
    msgs = [
        said(0, "[FIRING] api 5xx ratio 20% > 2%", "Grafana", bot=True),
        said(2, "ack", "tupac"),
        said(5, "Investigating - We are looking into errors on the API.", "Statuspage", bot=True),
        said(20, "notice emails going out now to the affected customers", "leilani"),
        said(30, "notice emails done for the second batch too, sent", "leilani"),
        said(40, "blog post is live", "leilani"),
    ]
    kinds = timeline_of(msgs)
    assert kinds.get(msgs[2].ts) == "comms"  # the status page
    assert kinds.get(msgs[3].ts) == "comms"  # messages to the customers affected
    assert msgs[4].ts not in kinds  # the same channel again
    assert kinds.get(msgs[5].ts) == "comms"  # a public statement


def test_the_team_declaring_resolved_and_the_status_page_saying_so_are_two_moments() -> None:
    """Customers told it is over is a moment of its own beside the team's call; a second call by the
    team, or a second resolved post, is the same moment again."""
    msgs = [
        said(0, "[FIRING] login-api 5xx ratio 12% > 2%", "Grafana", bot=True),
        said(3, "ack, on it", "mbali"),
        said(20, "rolled back login-api to 7.2.0, 5xx gone", "mbali"),
        said(50, "40 min clean since the rollback. calling it resolved", "joao"),
        said(51, "Resolved - Login failures: sign-in works normally for all users.", "Statuspage", bot=True),
        said(52, "ok resolved then, thanks all", "mbali"),
        said(53, "Resolved - Login failures: sign-in works normally for all users.", "Statuspage", bot=True),
    ]
    kinds = timeline_of(msgs)
    assert kinds.get(msgs[3].ts) == "resolve"
    assert kinds.get(msgs[4].ts) == "resolve"  # the status page telling customers
    assert msgs[5].ts not in kinds and msgs[6].ts not in kinds  # the same call, the same post, again
