"""A usual suspect dismissed on its first mention, and a cause announced before it is told (issue 14): responders
check off the obvious causes before anyone raises them ("no sign of an attack", "not a brute force", "ruled
out the LB"). The board keeps each as a theory raised and refuted in that message, so what was ruled out is on
the record and a later "it was the LB after all" has something to overturn. The controls dismiss nothing by
name: a pronoun ("not that"), a scope ("not the whole fleet"), a plain word ("not a big deal"), a hedge ("not
sure it's the LB"), and a dismissal of a theory already on the board, which refutes that theory instead of
adding one. Written for this test, not from any incident channel.
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board
from tests.analysis.reading_support import said
from tests.analysis.trap_support import T, Trap, fold, problems

SYMPTOM = ("ana", "card payments time out for about a third of merchants since 09:12")

DISMISSED: tuple[Trap, ...] = (
    T(
        "refute",
        "no_sign_of",
        (SYMPTOM, ("bo", "security checked: no sign of an attack, request volume per merchant is flat")),
        {1: "refuted"},
    ),
    T("refute", "bare_not_a", (SYMPTOM, ("bo", "not a ddos, traffic is at a normal tuesday level")), {1: "refuted"}),
    T(
        "refute",
        "ruled_out_named",
        (SYMPTOM, ("bo", "ruled out the load balancer, its error rate is 0 and latency p99 is 4ms")),
        {1: "refuted"},
    ),
    T(
        "refute",
        "its_not_named",
        (SYMPTOM, ("bo", "looked at resolvers, it's not dns. lookups answer in 2ms")),
        {1: "refuted"},
    ),
    T(
        "refute",
        "dismissed_then_back",
        (
            SYMPTOM,
            ("bo", "not the card-gateway, its dashboards are green"),
            ("cy", "found it: the card-gateway is the cause, its tls pool was capped at 64 by the 09:05 config push"),
        ),
        {1: "confirmed"},
        causes=frozenset({2}),
    ),
)


NOTHING_NEW: tuple[Trap, ...] = (
    T("not_theory", "pronoun", (SYMPTOM, ("bo", "looked at it, not that")), {}, none=frozenset({1})),
    T(
        "not_theory",
        "scope",
        (SYMPTOM, ("bo", "it's not the whole fleet, only merchants on the eu acquirer")),
        {},
        none=frozenset({1}),
    ),
    T("not_theory", "plain_word", (SYMPTOM, ("bo", "retries will cope, it's not a big deal")), {}, none=frozenset({1})),
    T(
        "not_theory",
        "hedged",
        (SYMPTOM, ("bo", "not sure it's the load balancer, checking")),
        {},
        none=frozenset({1}),
    ),
)


@pytest.mark.parametrize("trap", DISMISSED, ids=lambda t: f"{t.family}-{t.name}")
def test_a_suspect_dismissed_by_name_is_kept_as_refuted(trap: Trap) -> None:
    assert problems(trap) == []


@pytest.mark.parametrize("trap", NOTHING_NEW, ids=lambda t: f"{t.family}-{t.name}")
def test_a_dismissal_naming_no_suspect_adds_nothing(trap: Trap) -> None:
    assert problems(trap) == []


def test_a_dismissal_of_a_theory_on_the_board_refutes_it_and_adds_none() -> None:
    trap = T(
        "refute",
        "existing",
        (
            SYMPTOM,
            ("bo", "could it be dns? the acquirer moved resolvers last week"),
            ("cy", "not dns, lookups are 2ms"),
        ),
        {1: "refuted"},
        none=frozenset({2}),
    )
    assert problems(trap) == []
    _ts, board = fold(trap)
    assert len(board) == 1


def test_rewording_the_dismissal_keeps_it() -> None:
    """Case, punctuation and a synonym of the cue do not change the reading."""
    for text in (
        "No sign of an attack.",
        "no signs of an attack!!",
        "NO EVIDENCE OF AN ATTACK",
        "no trace of an attack",
    ):
        dismissal = said(1, text, "bo")
        board = fold_messages(Board(channel="CINC"), [said(0, SYMPTOM[1], "ana"), dismissal])
        assert [(h.status, h.raised_ts) for h in board.hypotheses] == [("refuted", dismissal.ts)], text


ANNOUNCED: tuple[Trap, ...] = (
    T(
        "cause",
        "know_what_it_is",
        (
            SYMPTOM,
            ("bo", "ok i know what it is. the 09:05 config push capped the card-gateway tls pool at 64 connections"),
        ),
        {1: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "cause",
        "this_is_it_i_think",
        (SYMPTOM, ("bo", "this is it i think. the acquirer certificate chain on card-gateway lost its intermediate")),
        {1: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "not_theory",
        "dont_know_what_it_is",
        (SYMPTOM, ("bo", "i don't know what it is. card-gateway pods restarted twice since 09:10")),
        {},
        none=frozenset({1}),
    ),
)
"""A cause announced ("i know what it is.", "this is it i think.") and told in the next sentence; the
control only says nobody knows yet."""


@pytest.mark.parametrize("trap", ANNOUNCED, ids=lambda t: f"{t.family}-{t.name}")
def test_a_cause_announced_then_told_is_confirmed(trap: Trap) -> None:
    assert problems(trap) == []


def test_not_only_adds_to_a_theory_and_refutes_nothing() -> None:
    trap = T(
        "refute",
        "not_only",
        (
            SYMPTOM,
            ("bo", "could the acquirer's dns ttl be too long? resolvers still hold the old card-gateway address"),
            ("cy", "not only dns. the card-gateway client also pins the old address in its own cache"),
        ),
        {1: "open"},
    )
    assert problems(trap) == []
