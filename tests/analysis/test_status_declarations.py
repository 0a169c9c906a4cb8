"""Status declared the way responders write it: after an opening word, with a ticket number or an
adjective, with a condition after it; and a later declaration beats an earlier reading of recovery."""

from __future__ import annotations

import pytest

from bot.analysis.classify import declared_status
from bot.analysis.hypotheses import fold_messages
from bot.analysis.lifecycle import derive
from bot.domain import Board, IncidentState, Message
from tests.analysis.reading_support import one, said


def status_after(messages: list[Message]) -> IncidentState:
    board = fold_messages(Board(channel="CINC"), messages)
    return derive(IncidentState(channel="CINC", name="inc-x"), messages, board)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("right. status: identified, the queue consumer config is the problem", "identified"),
        ("good catch. Status: Identified — fix being prepared", "identified"),
        ("all regions green per noc. closing the major incident, ticket goes to problem mgmt", "resolved"),
        ("resolving #812 at 14:02, thanks everyone", "resolved"),
        ("closing INC-2291 now", "resolved"),
        ("status: mitigated. a few enterprise tenants remaining, tracked separately", "mitigated"),
    ],
)
def test_a_status_declared_after_an_opening_word_counts(text: str, status: str) -> None:
    assert declared_status(one(text, "ana")) == status


@pytest.mark.parametrize(
    "text",
    [
        "closing the sev2 once billing confirms",
        "resolved? not yet, queue still backed up",
        "we're mitigated but errors still elevated in two regions",
        "Monitoring — we are seeing signs of recovery",
    ],
)
def test_conditions_questions_and_trends_declare_nothing_final(text: str) -> None:
    assert declared_status(one(text, "ana", bot=text.startswith("Monitoring"))) not in ("mitigated", "resolved")


def test_a_declared_status_overrides_an_earlier_reading_of_recovery() -> None:
    """Someone said it works from their side; the status page then says the work goes on."""
    msgs = [
        said(0, "[FIRING] login success ratio 0.62", "Alertmanager", bot=True),
        said(4, "sso logins are back to normal for me", "ravi"),
        said(9, "Investigating - Users of the password login see certificate errors.", "status-bot", bot=True),
        said(20, "login works again from three networks, error gone", "ravi"),
    ]
    assert status_after(msgs[:2]).status == "mitigated"
    assert status_after(msgs[:3]).status == "investigating"
    assert status_after(msgs).status == "mitigated"


def test_a_condition_in_the_next_sentence_does_not_undo_a_declaration() -> None:
    assert declared_status(one("resolved. the freeze lifts after the review on monday", "noor")) == "resolved"


@pytest.mark.parametrize(
    "text",
    [
        "limit lifted, maintenance page removed. all traffic flowing",
        "promotion done. writes succeeding on the new leader",
        "customers can place orders again",
    ],
)
def test_more_ways_of_saying_impact_stopped(text: str) -> None:
    msgs = [said(0, "[FIRING] orders 5xx ratio 0.4", "Grafana", bot=True), said(30, text, "ines")]
    assert status_after(msgs).status == "mitigated", text


@pytest.mark.parametrize(
    "text",
    [
        "the route reflectors are back as peers, pod traffic still broken",
        "login works for me and the latency alert cleared, the cert is still expired for the idp",
        "are writes succeeding yet?",
    ],
)
def test_recovery_words_about_something_else_are_not_mitigation(text: str) -> None:
    msgs = [said(0, "[FIRING] orders 5xx ratio 0.4", "Grafana", bot=True), said(30, text, "ines")]
    assert status_after(msgs).status == "investigating", text
