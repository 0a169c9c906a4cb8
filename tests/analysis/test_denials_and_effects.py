"""A question after a dash, a cause that denies a theory's words, and the effect at the end of a chain.

"before we scale out — has anyone checked whether the parser got slower?" asks the second part; the part
before the dash is a preamble, not a question, so it raises nothing. A message that says "v2.4 isnt slower.
its purely volume" shares many words with the theory "did the parser get slower?", but the words it
shares are the ones it negates: it states another cause and refutes that theory. In "the flag flipped at
10:02 sent reads to the cold path, retries piled on top, and now the edge lb is drowning", the part after
"and now" is what the cause led to: a theory that the load balancer is failing is not what it proves.

Written for these tests in general incident phrasing, modelled on the dev channels that showed the cases
(session 37), with other names; nothing from the example incident.
"""

from __future__ import annotations

import pytest

from tests.analysis.reading_support import board, statements, status_of

_ALERT = "[FIRING] ingest-api p95 latency > 3s for 10m"


@pytest.mark.parametrize(
    "text",
    [
        "before we scale out the pool — has anyone checked whether the parser got slower?",
        "ok hold on — did anyone look at whether the new index build is still running?",
        "before we page the vendor – can someone confirm the queue is actually draining?",
    ],
)
def test_a_preamble_before_a_dashed_question_is_no_theory(text: str) -> None:
    first = text.split("—", maxsplit=1)[0].split("–", maxsplit=1)[0].strip().lower()
    assert not any(s.rstrip("?").strip() and s.rstrip("?") in first for s in statements(_ALERT, text))


def test_an_aside_after_a_dash_still_shares_the_question() -> None:
    assert any("client side" in s for s in statements(_ALERT, "could it be the client side — stale clocks?"))


def test_a_cause_that_negates_the_theorys_words_refutes_it() -> None:
    hs = board(
        _ALERT,
        "did the parser get slower per row? we rolled parser v2.4 to the workers this morning, if v2.4 does two"
        " passes per row the same volume costs twice the worker time",
        "compared rows/sec per worker today vs yesterday on v2.3: within 1%. parser v2.4 isnt slower per row."
        " its purely volume",
    )
    assert status_of(hs, "parser") == "refuted"
    assert status_of(hs, "volume") == "confirmed"


def test_a_theory_put_in_the_negative_is_proven_by_the_same_negative() -> None:
    hs = board(
        _ALERT, "smells like the cache keys are not expiring", "root cause: the session cache keys were not expiring"
    )
    assert status_of(hs, "expiring") == "confirmed"


@pytest.mark.parametrize(
    ("theory", "name"),
    [("could it be the load balancer again?", "balancer again"), ("is the nlb acting up?", "acting up")],
)
@pytest.mark.parametrize("tail", ["and now the nlb is drowning", "and now the load balancer is drowning"])
def test_the_effect_at_the_end_of_a_chain_proves_no_theory_about_it(theory: str, name: str, tail: str) -> None:
    hs = board(
        _ALERT,
        theory,
        f"so basically: the cache flag I flipped at 10:02 sent reads to the cold origin path, client retries"
        f" piled on top, {tail}. root cause is that flag change",
    )
    assert status_of(hs, name) != "confirmed"


def test_a_question_pointing_back_past_the_dash_shares_its_mark() -> None:
    said = statements(_ALERT, "the partner billing api keys — were any of those in the leaked env file?")
    assert any("billing api keys" in s for s in said)
