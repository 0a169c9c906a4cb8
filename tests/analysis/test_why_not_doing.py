"""A theory asked as "why isn't X doing its job?": the negation stays in the theory, and a cause that
names X and says what stopped it confirms the theory (it answers the why). A broad component or a
cause about something else does not.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from bot.analysis.claims import theory_claim
from tests.analysis.reading_support import board


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("why isn't the nightly export job running on the replicas?", "not running"),
        ("so why aren't the build runners picking up jobs?", "not picking"),
        ("why is the ingest fleet not adding workers?", "not adding"),
    ],
)
def test_a_why_not_question_keeps_its_negation(question: str, kept: str) -> None:
    claim = theory_claim(question)
    assert claim is not None and kept in claim


@pytest.mark.parametrize(
    "messages",
    [
        (
            "why is the ingest fleet not adding workers?",
            "found it: the ingest fleet has scale-up suspended since the migration last night",
        ),
        (
            "why are the build runners not picking up jobs?",
            "ok found it. the build runners lost their registration token in the vault rotation",
        ),
        (
            "ok why is the asg not scaling out? desired is pinned at min",
            "found it. asg has the Launch process suspended, someone paused it during the cutover",
        ),
    ],
)
def test_a_cause_naming_the_idle_thing_confirms_the_why_theory(messages: tuple[str, str]) -> None:
    theory = board(*messages)[0]
    assert theory.status == "confirmed"


@pytest.mark.parametrize(
    "messages",
    [
        ("why is the db not failing over?", "found it: db-2 has a bad disk"),
        ("why are the build runners not picking up jobs?", "root cause: the license server cert expired"),
    ],
)
def test_a_broad_component_or_another_thing_does_not(messages: tuple[str, str]) -> None:
    theory = board(*messages)[0]
    assert theory.status != "confirmed"
