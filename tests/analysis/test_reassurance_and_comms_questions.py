"""A reply that reassures the asker ("not dumb.") judges the question, not the theory; a question
whether to tweet, announce or email customers asks for a go-ahead on comms, and a "yes" to it
confirms no cause; a provider's status page read alone stays no verdict with a laugh after it.

Written for these tests in general incident phrasing, modelled on the dev channels that showed each case
(session 30 fresh rounds), with other names and figures; nothing from the example incident.
"""

from __future__ import annotations

import pytest

from bot.analysis.claims import plan_question
from bot.analysis.hypotheses import _judge
from tests.analysis.reading_support import board, status_of


@pytest.mark.parametrize("clause", ["not dumb.", "not a stupid question at all", "good question!"])
def test_reassuring_the_asker_rules_nothing_out(clause: str) -> None:
    assert not _judge(clause).refutes


@pytest.mark.parametrize("clause", ["not the db, graphs are flat", "no, not the lb"])
def test_a_plain_no_still_rules_out(clause: str) -> None:
    """Control."""
    assert _judge(clause).refutes


def test_a_theory_answered_with_reassurance_and_evidence_for_it_stays_standing() -> None:
    hs = board(
        "dumb q but could it be the cdn and not us?",
        "not dumb. from my home line the v4 route dies before it reaches the cdn",
    )
    assert status_of(hs, "cdn") != "refuted"


@pytest.mark.parametrize(
    "question",
    [
        "tweeting that we know about the errors?",
        "tweet the all clear?",
        "email the affected customers?",
        "announcing it on the forum now?",
    ],
)
def test_asking_to_send_comms_is_a_plan(question: str) -> None:
    assert plan_question(question)


@pytest.mark.parametrize("question", ["email delivery broken?", "emails bouncing?", "is the publish step failing?"])
def test_a_fault_in_a_comms_system_is_still_a_theory(question: str) -> None:
    """Control: "email" names a system here, not a step."""
    assert not plan_question(question)


def test_a_yes_to_a_comms_question_confirms_no_cause() -> None:
    hs = board(
        "the surge of reconnects is eating the sockets?", "tweeting that we know about the 503s?", "yes, short one"
    )
    assert not any(h.status == "confirmed" for h in hs)


def test_a_status_page_read_alone_with_a_laugh_is_no_verdict() -> None:
    hs = board("could it be the cdn itself?", "cdn status page is all green lol")
    assert status_of(hs, "cdn") == "open"
