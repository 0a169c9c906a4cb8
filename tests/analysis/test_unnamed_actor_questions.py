"""Theories asked about an unnamed actor or about being on the receiving end: "did someone switch on
the maintenance flag?" suspects a change (it is not a step to take), "could we be on a denylist?"
and "customers asking if we're being ddosed" are theories to rule out. And the fragments a
contraction leaves ("don" of "don't") are no content words, so a cause sharing one of them with a
guess is no closer to restating it.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import clause_claims
from bot.analysis.terms import key_terms


@pytest.mark.parametrize(
    "text",
    [
        "did someone switch on the maintenance flag for the tenant itself?",
        "did anybody turn off the replica in the west region?",
        "did somebody disable the nightly compaction job?",
    ],
)
def test_asking_whether_an_unnamed_person_changed_it_raises_a_theory(text: str) -> None:
    assert clause_claims(text)[2] is not None


@pytest.mark.parametrize("text", ["did anyone restart the consumers yet?", "did someone already roll the canary back?"])
def test_asking_after_a_steps_progress_is_no_theory(text: str) -> None:
    assert clause_claims(text)[2] is None or "already" in (clause_claims(text)[2] or "")


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("could we be on a denylist again?", "on a denylist"),
        ("might they be over the api quota?", "over the api quota"),
        ("support: two customers asking if we're being ddosed", "being ddosed"),
    ],
)
def test_a_state_we_might_be_in_is_a_theory(text: str, claim: str) -> None:
    assert claim in (clause_claims(text)[2] or "").lower()


def test_a_contractions_fragment_is_no_content_word() -> None:
    assert key_terms("we don't retry and it doesn't page, we didn't know") == frozenset({"retry", "page", "know"})
