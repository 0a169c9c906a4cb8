"""Questions about progress, a plan or the impact are no theories, so the "yes" that answers them
confirms nothing: "is it still running?", "the failover drill tonight is still on?", "will the
replicas be rebuilt too?", "exports delayed for customers?". A question that guesses a fault stays a
theory.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from tests.analysis.reading_support import board


@pytest.mark.parametrize(
    "question",
    [
        "is it still running?",
        "the reindex job still going?",
        "the failover drill tonight is still on?",
        "will the replicas be rebuilt too?",
        "customer asking if their vms will get restarted as well",
        "exports and invoices all delayed for customers?",
        "is checkout broken for shoppers in the eu too?",
    ],
)
def test_a_question_about_progress_a_plan_or_impact_is_no_theory(question: str) -> None:
    assert board(question, "yes") == ()


@pytest.mark.parametrize(
    "question",
    [
        "is the cache serving stale data to users?",
        "could the nightly job still be running and holding the lock?",
    ],
)
def test_a_question_guessing_a_fault_is_still_a_theory(question: str) -> None:
    assert len(board(question)) == 1
