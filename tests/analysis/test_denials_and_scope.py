"""Two things a question can get that are not a confirmation of it.

- A reply that opens with a bare "no" denies the theory it answers, whatever the rest of the
  message goes on to name ("no - provider health is green … it's our deploy").
- A question about how far the damage reaches ("is it just rack 7?", "only eu?") asks the blast
  radius, not the cause: it is no theory, so a cause naming that place does not confirm it.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board, Hypothesis
from tests.analysis.reading_support import said


def board(*messages: tuple[str, float | None]) -> tuple[Hypothesis, ...]:
    folded = [said(i, text, thread=parent) for i, (text, parent) in enumerate(messages)]
    return fold_messages(Board(channel="CINC"), folded).hypotheses


def test_a_bare_no_in_the_theory_thread_refutes_it_even_when_a_cause_follows() -> None:
    """Before, "its our deploy" after the "no" was read as a finding, and the thread bonus let it
    confirm the cloud theory the same reply had just denied."""
    hs = board(
        ("customer in chat asking if its an azure thing in westeurope. is it?", None),
        (
            "no - azure health is clear for westeurope, all nodes Ready, us runs the same version fine. "
            "its our release",
            0,
        ),
    )
    cloud = next(h for h in hs if "azure" in h.statement.lower())
    assert cloud.status == "refuted"
    assert cloud.supporting == ()


@pytest.mark.parametrize("denial", ["no", "nope", "nah", "Noo"])
def test_each_bare_denial_word_refutes_the_asked_theory(denial: str) -> None:
    hs = board(
        ("could the redis failover be what broke the sessions?", None),
        (f"{denial}. failover log is empty for the whole day, sessions are in postgres anyway", 0),
    )
    (theory,) = [h for h in hs if "redis" in h.statement.lower()]
    assert theory.status == "refuted"


def test_a_bare_no_right_after_the_question_refutes_it_outside_a_thread() -> None:
    hs = board(
        ("is the cdn serving stale assets?", None),
        ("no, purged at 10:02 and the hashes match origin. something else", None),
    )
    (theory,) = [h for h in hs if "cdn" in h.statement.lower()]
    assert theory.status == "refuted"


def test_a_reply_opening_with_yes_still_confirms() -> None:
    """Control: the same reply shape opening with "yes" confirms the theory it answers."""
    hs = board(
        ("is the cdn serving stale assets?", None),
        ("yes - confirmed: the cdn serves stale assets, the purge never ran", 0),
    )
    (theory,) = [h for h in hs if "cdn" in h.statement.lower()]
    assert theory.status == "confirmed"


@pytest.mark.parametrize(
    ("question", "cause"),
    [
        (
            "is it just host db-7? or is the core unhappy and db-7 only the loudest",
            "root cause: the payments db on host db-7 lost its disk and the replica never took over",
        ),
        (
            "just the eu cluster?",
            "found it: the eu cluster's ingress config lost the tls section in the 09:40 push",
        ),
    ],
)
def test_a_cause_naming_the_place_does_not_confirm_the_scope_question(question: str, cause: str) -> None:
    """Before, the cause naming db-7 confirmed "Just host db-7" and no new theory was raised."""
    hs = board((question, None), (cause, None))
    scope = [h for h in hs if h.statement.lower().startswith(("just", "only"))]
    assert scope, "the scope question is still on the board"
    assert all(h.status != "confirmed" for h in scope)
    assert any(h.status == "confirmed" for h in hs if h not in scope)


def test_a_question_that_names_a_cause_is_still_confirmed_by_it() -> None:
    """Control: "could it be the cache?" guesses a cause; a stated cause naming the cache confirms it."""
    hs = board(("could it be the session cache?", None), ("root cause: the session cache evicts on every write", None))
    (h,) = hs
    assert h.status == "confirmed"
