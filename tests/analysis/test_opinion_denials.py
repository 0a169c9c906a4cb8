"""A "no" given as an opinion: "don't think so, …", "doubt it, …", "i don't think that's it". Doubt words
read as a hedge everywhere else (a guess judges nothing), so before these tests such an answer left the
theory it denied open, and a later recap that named the theory's subject for another effect could
confirm it. Opening an answer to the theory just floated, the opinion denies it as plainly as "nope";
one that goes on with "but" ("doubt it, but i'll check") holds judgement and only counts against it.

Written for these tests in general incident phrasing: the kinds of answer dev channels give, not their lines.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board, Hypothesis
from tests.analysis.reading_support import said

THEORY = "could the new pool limit on the api be starving the workers?"


def _board(*texts: str, thread: bool = False) -> tuple[Hypothesis, ...]:
    """``texts`` said by two people in turn; with ``thread`` every answer replies in the theory's thread."""
    messages = [said(i, t, ("ana", "bo")[i % 2], thread=0 if thread and i else None) for i, t in enumerate(texts)]
    return fold_messages(Board(channel="CINC"), messages).hypotheses


@pytest.mark.parametrize(
    "answer",
    [
        "don't think so, the pool sits at 12 of 200 and nobody waits on it",
        "dont think so - the workers are idle, they're waiting on the queue not the pool",
        "doubt it. the limit went out tuesday and this started an hour ago",
        "I don't think that's it, waits are flat on every pod",
        "nah, don't think so. same errors on the canary that still has the old limit",
        "i really doubt it, pool metrics look the same as last week",
    ],
)
def test_an_opinion_no_to_the_theory_just_floated_refutes_it(answer: str) -> None:
    (theory,) = _board(THEORY, answer)
    assert theory.status == "refuted"
    assert len(theory.refuting) == 1


def test_an_opinion_no_in_the_theory_thread_refutes_it_after_other_talk() -> None:
    hs = _board(THEORY, "paging the db on-call", "don't think so, pool usage never went past 10%", thread=True)
    assert [h.status for h in hs] == ["refuted"]


def test_a_doubt_that_goes_on_with_but_holds_judgement() -> None:
    """ "doubt it, but i'll check": evidence against, not a verdict; the theory stays open."""
    (theory,) = _board(THEORY, "doubt it, but i'll pull the worker stack traces to be sure")
    assert theory.status == "open"
    assert len(theory.refuting) == 1


def test_an_opinion_no_to_a_plan_question_leaves_the_theory_open() -> None:
    """Control: the "no" answers the question just asked (a plan), not the older theory."""
    hs = _board(THEORY, "should we page the vendor?", "don't think so")
    assert [h.status for h in hs if "pool" in h.statement.lower()] == ["open"]


def test_an_opinion_yes_still_confirms() -> None:
    """Control: "i think so" is the opposite answer and still agrees with the theory."""
    (theory,) = _board(
        "is the scratch disk on the build runners full?", "i think so, df shows the scratch disk full on all of them"
    )
    assert theory.status == "confirmed"


def test_a_recap_naming_a_denied_theory_for_another_effect_does_not_confirm_it() -> None:
    """The theory was denied with a reason; a recap that blames the same change for a side effect (the
    metrics agent down) states a cause of that effect, not the proof of the denied theory."""
    hs = _board(
        "the new quota policy went in the same day the node fell over. could that be what took it down?",
        "don't think so, a quota only applies when a pod is admitted and the node was out of memory before that",
        "root cause: the batch runner crashlooped out of memory and starved the kubelet, node went NotReady",
        "recap for anyone joining: node NotReady from the batch runner eating memory. extra: the metrics agent was "
        "down for two hours because of the new quota policy",
    )
    (quota,) = [h for h in hs if h.raised_ts == said(0, "").ts]
    assert quota.status == "refuted"


DENIALS = ["don't think so", "doubt it", "i don't think that's it", "i doubt that"]


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(DENIALS) - 1),
    how=st.integers(0, 3),
    apostrophe=st.sampled_from(["'", ""]),
    head=st.sampled_from(["", "hmm ", "honestly, "]),
    sep=st.sampled_from([", ", " - ", ". ", " — "]),
)
def test_an_opinion_no_survives_rewording(which: int, how: int, apostrophe: str, head: str, sep: str) -> None:
    denial = DENIALS[which].replace("'", apostrophe)
    denial = (denial, denial.upper(), denial.lower(), denial.capitalize())[how]
    (theory,) = _board(THEORY, head + denial + sep + "the pool sits at 12 of 200")
    assert theory.status == "refuted", head + denial
