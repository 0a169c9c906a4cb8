"""Readings that look like a theory ruled out and are not: a provider's status page read alone (status
pages trail an outage), a check the speaker discounts in the same breath ("but that means nothing"),
"nope" inside a host name, a person cleared ("did nothing wrong"), and "valid" describing what an
attacker used ("lifted a valid session cookie").

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from tests.analysis.reading_support import board

_PROVIDER = "could the payment provider be dropping our callbacks?"


def _status(*texts: str) -> str:
    return board(*texts)[0].status


@pytest.mark.parametrize(
    "reading",
    [
        "provider status page is all green fwiw",
        "payments status page still operational",
    ],
)
def test_a_status_page_read_alone_does_not_rule_a_provider_out(reading: str) -> None:
    assert _status(_PROVIDER, reading) == "open"


def test_a_status_page_beside_real_evidence_still_rules_it_out() -> None:
    """Control: the page plus a check of our own side is a verdict."""
    reading = "provider status page is green and their sandbox answers fine, our callbacks never leave the queue"
    assert _status(_PROVIDER, reading) == "refuted"


def test_a_check_the_speaker_discounts_is_no_verdict() -> None:
    assert (
        _status("is the cache cluster evicting hot keys?", "eviction graph is flat, though that proves little")
        == "open"
    )


def test_nope_inside_a_host_name_is_no_answer() -> None:
    hs = board(
        "maybe the resolver config push broke lookups?",
        "dig nope-nope.example.net @10.0.0.2 = old ip, ttl 3600. reproduces",
    )
    assert hs[0].status != "refuted"


@pytest.mark.parametrize(
    "reading",
    [
        "so: malware on the laptop lifted a valid session cookie",
        "ok so the engineer did nothing wrong, the session was lifted from the browser",
    ],
)
def test_an_attack_described_does_not_rule_out_the_attack(reading: str) -> None:
    assert _status("is this a stolen session cookie?", reading) != "refuted"
