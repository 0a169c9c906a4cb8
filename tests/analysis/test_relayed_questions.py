"""A question relayed from outside the response ("customers asking if it's a ddos") is listed so it can
be ruled out, but it is someone's worry, not a responder's theory: an answer to it or a cause naming
it backs it without proving it, and a stated cause stands as its own theory. A responder asking
themselves ("i want to know if …") is not relayed.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import fold_messages
from bot.analysis.lexicon import ASKED_BY_OTHERS
from bot.domain import Board, Hypothesis, Message
from tests.analysis.reading_support import said


def _board(*messages: Message) -> tuple[Hypothesis, ...]:
    return fold_messages(Board(channel="CINC"), list(messages)).hypotheses


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("support says two customers asking if it's a ddos", "it's a ddos"),
        ("press asks whether account data was changed", "account data was changed"),
        ("legal wants to know if anyone copied the backups", "anyone copied the backups"),
        ("a tenant is wondering whether their exports were lost", "their exports were lost"),
    ],
)
def test_a_question_from_outside_is_read_as_relayed(text: str, claim: str) -> None:
    assert [m.group("claim") for m in ASKED_BY_OTHERS.finditer(text)] == [claim]


@pytest.mark.parametrize(
    "text", ["i want to know if it's the cache layer specifically", "we'd want to know whether the lb drops them"]
)
def test_a_responder_asking_themselves_is_not_relayed(text: str) -> None:
    assert ASKED_BY_OTHERS.search(text) is None


@pytest.mark.parametrize(
    ("asked", "answer", "status"),
    [
        # a yes to a relayed question does not confirm it
        ("support says two customers asking if it's a ddos", "yep. looks like it", "open"),
        # a responder's own theory is still confirmed by its answer
        ("maybe it's a ddos? edge rps is 6x", "yep. looks like it, one asn sends 80% of it", "confirmed"),
    ],
)
def test_a_yes_confirms_a_responders_theory_but_not_a_relayed_question(asked: str, answer: str, status: str) -> None:
    theories = _board(said(0, "checkout errors since 10:02"), said(1, asked, "sam"), said(2, answer, "lee"))
    assert [h.status for h in theories if "ddos" in h.statement.lower()] == [status]


def test_a_cause_naming_a_relayed_worry_stands_as_its_own_theory_and_backs_the_worry() -> None:
    theories = _board(
        said(0, "checkout errors since 10:02"),
        said(1, "people asking if the payment provider is down. replied: not that we know", "sam"),
        said(
            5,
            "root cause: our payment provider's tokenization endpoint is down, their status page just went red",
            "lee",
        ),
    )
    worry = [h for h in theories if h.statement.lower().startswith("the payment provider")]
    cause = [h for h in theories if "tokenization" in h.statement.lower()]
    assert [h.status for h in worry] == ["open"] and worry[0].supporting
    assert [h.status for h in cause] == ["confirmed"]


def test_an_actions_heading_keeps_its_items_from_stating_a_cause() -> None:
    theories = _board(
        said(0, "mail delivery to big providers delayed"),
        said(
            9,
            "Actions:\n1. kim - page on queue depth over 5k\n2. raj - the relay retries too fast, which is why "
            "the providers throttled us; add backoff",
        ),
    )
    assert theories == ()
