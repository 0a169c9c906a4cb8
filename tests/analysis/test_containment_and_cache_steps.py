"""Mitigation steps in two families the rules did not read: putting something on a blocklist or sinkhole
(security containment) and invalidating a CDN cache (the fix for a stale edge copy).

Found on the session-44 round written from the issue's brief alone, where these steps stopped impact but
read as chatter, so the timeline missed them. The wording is general; each family has a control that names
the same thing without taking the step.
"""

from __future__ import annotations

import pytest

from bot.analysis.classify import read
from tests.analysis.reading_support import said


@pytest.mark.parametrize(
    ("text", "bot"),
    [
        ("domain added to the dns sinkhole and the web gateway blocklist", False),
        ("blocklisted both exit ips at the edge", False),
        ("sinkholed the phishing domain", False),
        ("invalidated the cdn cache for /assets/*", False),
        ("`aws cloudfront create-invalidation --paths /latest/*` Status: InProgress", False),
        ("invalidation I3K9 completed, edges now serve the new bundle", False),
    ],
)
def test_the_step_reads_as_mitigation(text: str, bot: bool) -> None:
    assert read(said(0, text, bot=bot)).mitigation


@pytest.mark.parametrize(
    "text",
    [
        "is the ip on a blocklist?",
        "the deploy doesn't invalidate the cache, so the edges kept the old copy",
    ],
)
def test_naming_the_thing_without_the_step_is_no_mitigation(text: str) -> None:
    assert not read(said(0, text)).mitigation
