"""The quoted sentence is the one carrying the finding, not a reaction before it."""

from __future__ import annotations

import pytest

from bot.analysis.sentences import informative_sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hm. ok. the cache TTL was set to 0 by the 11:02 config push", "the cache TTL was set to 0 by the 11:02"),
        ("uh, folks. found it: replica-3 ran out of inodes", "found it: replica-3 ran out of inodes"),
        ("yep. confirmed, the cert on edge-lb expired at 00:00 UTC", "confirmed, the cert on edge-lb expired"),
    ],
)
def test_finding_after_a_reaction(text: str, expected: str) -> None:
    assert informative_sentence(text).startswith(expected)


def test_first_sentence_kept_when_it_carries_the_finding() -> None:
    text = "failing over db-2 to the standby now. will report back."
    assert informative_sentence(text).startswith("failing over db-2 to the standby now.")


def test_single_sentence_unchanged() -> None:
    assert informative_sentence("ok") == "ok"
