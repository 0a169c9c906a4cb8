"""A theory whose subject is a pronoun ("my bet is on it, …") is about what the same message named
just before; the board keeps that name so a cause naming the thing reaches the theory.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board, Hypothesis
from tests.analysis.reading_support import said


def board(*texts: str) -> tuple[Hypothesis, ...]:
    return fold_messages(Board(channel="CINC"), [said(i, t) for i, t in enumerate(texts)]).hypotheses


def test_a_pronoun_theory_takes_the_name_said_before_it() -> None:
    (h,) = board("CHG-4471 rolled out at 14:02, the quota rewrite. i'd put money on it, lines up to the minute")
    assert "4471" in h.statement
    assert "lines up to the minute" in h.statement


def test_a_cause_naming_the_change_confirms_the_pronoun_theory() -> None:
    """Before, the theory read "It, lines up …": the cause naming CHG-4471 could not reach it and
    settled it as refuted, while a broader theory about the same area took the confirmation."""
    hs = board(
        "CHG-4471 rolled out at 14:02, the quota rewrite. i'd put money on it, lines up to the minute",
        "root cause: CHG-4471 dropped the per-tenant override, so every big tenant hit the default quota",
    )
    (theory,) = hs  # the cause confirms the guess instead of raising a second theory
    assert theory.status == "confirmed"
    assert "rolled out" in theory.statement


def test_a_theory_naming_its_own_subject_is_left_as_said() -> None:
    """Control: "it's the cdn cache" names what it suspects; nothing earlier is borrowed."""
    (h,) = board("the proxy change went out at 18:10. i think it's the cdn cache holding the 404s")
    assert "proxy" not in h.statement.lower()
    assert "cdn" in h.statement.lower()


def test_a_pronoun_theory_with_nothing_named_before_stays_as_said() -> None:
    """Control: nothing earlier in the message names a thing, so the theory keeps its own words."""
    (h,) = board("no idea yet. my money is on it, the timing is too neat")
    assert h.statement.lower().startswith("it")


def test_a_contracted_pronoun_subject_loses_its_contraction_too() -> None:
    """A "that's …" subject is the pronoun and its verb: the statement keeps no stray "s"."""
    (h,) = board(
        "the 14:02 rollout of CHG-4471 was the quota rewrite. my bet: that's where it started, timing is too neat"
    )
    assert "4471" in h.statement
    assert " s " not in f" {h.statement} "
