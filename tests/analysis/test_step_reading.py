"""How one message about a remediation step is read (issue 14, session 8): a step hedged after its noun
or asked of whoever can do it is a proposal; a step reported failed did not reduce impact; impact seen
to stop as a figure (under a threshold, at zero, at baseline) is recovery; a trend is not; more kinds of
step taken in general shapes (a record repointed, a limit lowered, a bigger instance class, read-only
mode, targets deregistered, capacity added noun-first)."""

from __future__ import annotations

import pytest

from bot.analysis.classify import read
from tests.analysis.reading_support import one


@pytest.mark.parametrize(
    "text",
    [
        "a throttle on the bulk endpoint might buy us some headroom",
        "honestly a cache flush is worth a try",
        "a rollback would probably be the safest",
        "who can rotate the vendor key? the vault policy is locked",
        "restoring yesterday's snapshot would lose half a day of orders",
        "we meant to fail over but the replica is lagging as well",
    ],
)
def test_a_step_hedged_or_asked_of_someone_is_not_taken(text: str) -> None:
    assert not read(one(text)).mitigation, text


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("shipbot: rollback of search-api to r77 failed: readiness probe timeout", "bot"),
        ("the revert on the edge config errored out halfway", "ana"),
    ],
)
def test_a_step_that_failed_is_not_a_mitigation(text: str, who: str) -> None:
    assert not read(one(text, who, bot=who == "bot")).mitigation, text


@pytest.mark.parametrize(
    "text",
    [
        "5xx now below 0.3%",
        "p99 under 250ms for the last 10 min",
        "rejections at zero since the limit went in",
        "error rate at 0.1%, baseline",
    ],
)
def test_impact_back_as_a_figure_is_recovery(text: str) -> None:
    assert read(one(text)).recovered, text


@pytest.mark.parametrize(
    "text",
    ["error rate dropping, 4% now", "latency improving, p99 under 900ms in some regions", "still 2% 5xx"],
)
def test_a_figure_on_the_way_down_is_a_trend(text: str) -> None:
    assert not read(one(text)).recovered, text


@pytest.mark.parametrize(
    "text",
    [
        "repointed the cname for downloads to the secondary bucket",
        "the api record now points at the dr load balancer",
        "lowered the per-key concurrency to 20",
        "moved the primary to a larger instance class",
        "put the billing portal into read-only mode",
        "4 extra brokers added to the cluster",
        "rotated the replica passwords",
    ],
)
def test_more_steps_taken_in_general_shapes(text: str) -> None:
    r = read(one(text))
    assert r.mitigation, text


def test_a_bot_deregistering_targets_is_a_step() -> None:
    assert read(one("lb-controller: 3 targets deregistered from pool web-b", "lbbot", bot=True)).mitigation


@pytest.mark.parametrize(
    "text",
    [
        "the swapped sessions all carry a stale cookie, so it's the cache",
        "the migration did not need ns changes, yet that is what differs",
        "vendor change prepared, ns set: two hosts only",
    ],
)
def test_record_words_elsewhere_are_not_a_repoint(text: str) -> None:
    assert not read(one(text)).mitigation, text
