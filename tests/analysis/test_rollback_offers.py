"""A responder naming a change and offering to take it back suspects it: the change is a theory.
An offer after a step taken (a restart) or with no change named raises none.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from tests.analysis.reading_support import board


@pytest.mark.parametrize(
    ("messages", "named"),
    [
        (
            ("invoices 500 since 10:05", "the 10:01 deploy of billing-api was mine. want me to roll it back?"),
            "billing-api",
        ),
        (
            ("search empty for some users", "the new-ranking flag was set to 100% at 9:58. should i revert?"),
            "new-ranking",
        ),
        (("webhooks failing", "merged #4471 (retry header change) an hour ago. happy to revert it"), "4471"),
    ],
)
def test_a_change_offered_back_is_a_theory(messages: tuple[str, str], named: str) -> None:
    theories = board(*messages)
    assert any(named in h.statement.lower() for h in theories)


@pytest.mark.parametrize(
    "messages",
    [
        ("errors up on the api", "restarted the api pods. want me to roll it back?"),
        ("errors up on the api", "want me to roll it back?"),
    ],
)
def test_an_offer_without_a_change_named_raises_none(messages: tuple[str, str]) -> None:
    assert board(*messages) == ()
