"""A hedge in the middle of a sentence guesses about the subject before it: "the dotenv export maybe
wraps values in quotes?" floats "the dotenv export wraps values in quotes", not "wraps values in
quotes" with its subject lost (a later "the export is fine" then has nothing to refute).

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from bot.analysis.claims import theory_claim


@pytest.mark.parametrize(
    ("clause", "subject"),
    [
        ("the secrets export maybe wraps values in quotes?", "secrets export"),
        ("the nightly cron probably ran twice", "nightly cron"),
        ("the new base image possibly dropped the tz env", "base image"),
    ],
)
def test_the_subject_before_a_mid_sentence_hedge_is_kept(clause: str, subject: str) -> None:
    claim = theory_claim(clause)
    assert claim is not None and subject in claim.lower()


@pytest.mark.parametrize(
    ("clause", "not_in"),
    [("so maybe the cache is stale", "so "), ("we maybe hit the quota", "we "), ("ok maybe the cache", "ok ")],
)
def test_a_discourse_word_or_pronoun_before_the_hedge_is_no_subject(clause: str, not_in: str) -> None:
    claim = theory_claim(clause)
    assert claim is not None and not claim.lower().startswith(not_in)
