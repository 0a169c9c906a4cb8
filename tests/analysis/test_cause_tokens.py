"""A dot inside a token (a version, a host name) is no sentence end: "root cause: the 4.18 release changed
how the mailer reads its broker settings" states a cause about the 4.18 release, not about "the 4".

Written for these tests in general incident phrasing (session 32); nothing from the example incident.
"""

from __future__ import annotations

import pytest

from bot.analysis.claims import cause_claim


@pytest.mark.parametrize(
    ("clause", "kept"),
    [
        ("so root cause: the 4.18 release changed how the mailer picks up its broker settings", "broker settings"),
        ("root cause: ns1.example.net lost its glue records at the registry", "glue records"),
        ("turns out v2.3.1 of the sdk dropped the retry header", "retry header"),
    ],
)
def test_a_version_or_host_name_does_not_cut_the_cause_short(clause: str, kept: str) -> None:
    cause = cause_claim(clause)
    assert cause is not None and kept in cause
