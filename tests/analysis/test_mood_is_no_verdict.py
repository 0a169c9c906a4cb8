"""A "not" that carries a mood or a trend is no verdict on a theory.

"not great: broker-3 heap at 80% and still climbing" is bad news about the recovery, and "the backlog,
it's not draining as fast as new jobs arrive" says the fix is slow: neither says a theory is wrong. Read
as refutations, they took back a cause the channel had stated as found. A "not" naming a suspect ("not
the db, replicas are fine") still rules it out.

Written for these tests in general incident phrasing, modelled on the dev channel that showed the case
(session 34), with other names; nothing from the example incident.
"""

from __future__ import annotations

import pytest

from tests.analysis.reading_support import board, status_of

_ALERT = "search-api 503s, orders queue consumers failing"
_CAUSE = "ok found it - broker-3 ran out of memory: the orders backlog sat on that one node and it got oom killed"


@pytest.mark.parametrize(
    "later",
    [
        "not great: broker-3 heap at 80% and still climbing while it drains",
        "backlog 900k, it's not draining as fast as new jobs arrive",
        "not looking good, p99 still 4s on the orders page",
        "not good. consumers keep falling behind",
        "backlog still 1.2M, it's not going down",
        "orders page still slow, it's not fixed yet",
        "the flood still reaches the provider's edge, just not us. so it's not over, it's filtered upstream",
    ],
)
def test_bad_news_about_the_recovery_does_not_take_the_cause_back(later: str) -> None:
    assert status_of(board(_ALERT, _CAUSE, later), "broker-3") == "confirmed"


def test_not_us_still_clears_our_side() -> None:
    hs = board(
        _ALERT,
        "is our new proxy config dropping requests?",
        "their edge drops them before our proxy config, it's the vendor, not us",
    )
    assert status_of(hs, "proxy config") == "refuted"


def test_a_not_naming_the_suspect_still_rules_it_out() -> None:
    hs = board(
        _ALERT, "could it be the db? the pool alerts fired too", "not the db, replicas are fine and the pool is at 30%"
    )
    assert status_of(hs, "db") == "refuted"


def test_a_not_about_what_it_does_still_answers_the_theory() -> None:
    hs = board(_ALERT, "is broker-3 crashing over and over?", "it's not crashing, it's hanging on disk io")
    assert status_of(hs, "crashing") == "refuted"
