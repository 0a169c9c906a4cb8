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


def test_a_yes_to_a_relayed_question_does_not_confirm_it() -> None:
    theories = _board(
        said(0, "checkout errors since 10:02"),
        said(1, "support says two customers asking if it's a ddos", "sam"),
        said(2, "yep. looks like it", "lee"),
    )
    assert [h.status for h in theories if "ddos" in h.statement.lower()] == ["open"]


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


def test_a_responders_own_theory_is_still_confirmed_by_its_answer() -> None:
    theories = _board(
        said(0, "checkout errors since 10:02"),
        said(1, "maybe it's a ddos? edge rps is 6x", "sam"),
        said(2, "yep. looks like it, one asn sends 80% of it", "lee"),
    )
    assert [h.status for h in theories if "ddos" in h.statement.lower()] == ["confirmed"]


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
