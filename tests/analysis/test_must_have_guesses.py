"""A guess said as what a named thing must or might have done: a theory, in the speaker's own modal.
Not one: what people did or saw ("we must have missed the alert"), a pronoun for a subject, a step
still running, an exclamation.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from bot.analysis.claims import theory_claim


@pytest.mark.parametrize(
    ("clause", "named"),
    [
        ("the token scope change must have broken the webhook signatures", "token scope change"),
        ("hm the nightly compaction might have locked the ledger table", "nightly compaction"),
        ("someone might've deleted the signing key from the vault", "signing key"),
        ("the new waf rule must be dropping the health checks", "waf rule"),
        ("the customer could have rotated their api secret?", "api secret"),
        ("the cert must have been renewed with the wrong chain", "cert"),
    ],
)
def test_a_must_or_might_have_guess_is_a_theory(clause: str, named: str) -> None:
    claim = theory_claim(clause)
    assert claim is not None and named in claim.lower()


@pytest.mark.parametrize(
    "clause",
    [
        "we must have missed the alert",
        "you must have seen the page by now",
        "that must have been fun",
        "it might have been worse",
        "the fix must have landed by now",
        "the rollback must be running still",
    ],
)
def test_people_pronouns_and_progress_are_no_theory(clause: str) -> None:
    assert theory_claim(clause) is None
