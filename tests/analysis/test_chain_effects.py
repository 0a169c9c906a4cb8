"""A part named only in what a causal chain led to ("… -> the function throws -> the identity provider
rejects the sign-in") is where the failure showed, not the cause: the theory that this part was
having issues is not confirmed by the chain; the chain's first link is.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

from tests.analysis.reading_support import board


def test_a_provider_named_only_in_the_effects_is_not_the_cause() -> None:
    hs = board(
        "503s on sign-in... is google identity platform having issues? their dashboard is green though",
        "confirmed with a test idp: when the saml profile has no email attribute email is undefined "
        "-> the blocking function throws -> identity platform rejects the sign-in with a 503",
    )
    assert hs[0].status != "confirmed"
    assert any(h.status == "confirmed" and "email" in h.statement for h in hs[1:])


def test_a_provider_named_as_the_first_link_is_the_cause() -> None:
    """Control: the chain starts at the provider, so the theory about it is what it states."""
    hs = board(
        "502s from the payments gateway... is stripe having issues?",
        "found it: stripe is rotating their api edge and drops our tls sessions -> every charge fails with a 502",
    )
    assert hs[0].status == "confirmed"
