"""A bare bet ("bet the reload choked on the new config") is "i bet …" with the pronoun dropped: a
guess at the cause, raised as an open theory.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from tests.analysis.reading_support import board


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("bet the sidecar choked on the new mesh config", "sidecar"),
        ("ok bet it's the cron that moved to 02:00", "cron"),
        ("betting on the new cert chain", "cert chain"),
    ],
)
def test_a_bare_bet_floats_a_theory(text: str, subject: str) -> None:
    """ "bet the reload choked on …" is "i bet …" with the pronoun dropped: a guess at the cause."""
    hs = board(text)
    assert len(hs) == 1 and hs[0].status == "open" and subject in hs[0].statement.lower()
