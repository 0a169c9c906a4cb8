"""A yes that restates the theory's own subject with detail answers that theory (issue 14).

"could it be the tls cert on the edge?" / "yeah it's the cert, it expired at 10:00": the answer names only
what the theory named, so it is the theory confirmed with its detail, not a second cause that then
settles (refutes) the theory it answered. The controls answer with a state of another part ("replica
failover?" / "yes, the replica's disk is full"), report a figure without a cause, or say no. Written for
this test, not from any incident channel. The haproxy case ("could the haproxy config change be it?" /
"confirmed: it's the haproxy config, …") is ``confirmed_revert`` in ``test_raise_refute_traps.py``.
"""

from __future__ import annotations

import pytest

from tests.analysis.trap_support import T, Trap, problems, wrongly_confirmed

SYMPTOM = ("ana", "image uploads return 5xx for about 30% of users since 10:02")

ANSWERED: tuple[Trap, ...] = (
    T(
        "confirm",
        "cert_expired",
        (SYMPTOM, ("bo", "could it be the tls cert on the edge?"), ("cy", "yeah it's the cert, it expired at 10:00")),
        {1: "confirmed"},
    ),
)

CONTROLS: tuple[Trap, ...] = (
    T(
        "control",
        "other_part",
        (SYMPTOM, ("bo", "replica failover?"), ("cy", "yes, the replica's disk is full, 100%")),
        {1: "open"},
        causes=frozenset({2}),
    ),
    T(
        "control",
        "a_figure",
        (SYMPTOM, ("bo", "could the queue consumers be stuck?"), ("cy", "yeah the queue is at 2M messages")),
        {1: "open"},
    ),
    T(
        "control",
        "said_no",
        (
            SYMPTOM,
            ("bo", "could it be the cert?"),
            ("cy", "nope, cert is fine till 2027. it's the load balancer config"),
        ),
        {1: "refuted"},
        causes=frozenset({2}),
    ),
)


@pytest.mark.parametrize("trap", ANSWERED + CONTROLS, ids=lambda t: t.name)
def test_the_answer_settles_the_theory_it_answers(trap: Trap) -> None:
    assert problems(trap) == []


@pytest.mark.parametrize("trap", CONTROLS, ids=lambda t: t.name)
def test_a_yes_about_something_else_confirms_nothing_it_did_not_name(trap: Trap) -> None:
    assert not wrongly_confirmed(trap)
