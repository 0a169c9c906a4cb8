"""A concession before a counter-point, a theory weighed against another, and "what else shipped?".

"maybe but the workers are timing out on their own calls too" grants the last guess a little and goes on
to a fact against it: the "maybe" hedges nothing that follows, so the fact is no theory. "feels more like
one of the upstreams is having a bad day" weighs a theory against the one before it, with "more" between
the cue and "like". "what else shipped today on the backend side?" suspects a recent change beyond the
ones already named, just as "anything ship today?" does (a bare "what changed?" asks and suspects nothing
yet); a "yeah, the client refactor at 12:58" answering it says what went out (a suspect to test), not that
it caused the fault. A short word nobody defined ("zsk", "hsm") is a suspect once the speaker says it is
their suspicion.

Written for these tests in general incident phrasing, modelled on the dev channels that showed the
cases (session 36), with other names; nothing from the example incident.
"""

from __future__ import annotations

import pytest

from tests.analysis.reading_support import board, statements, status_of

_ALERT = "[FIRING] orders-api 5xx > 2% for 5m"


def _statements(*texts: str) -> list[str]:
    return statements(_ALERT, *texts)


@pytest.mark.parametrize(
    "text",
    [
        "maybe but the orders api is timing out on its own calls too, not just the checkout ones",
        "maybe, but the worker pool shows the same errors",
        "perhaps but the queue graphs were flat the whole time",
    ],
)
def test_a_concession_before_a_counter_point_raises_no_theory(text: str) -> None:
    assert _statements(text) == []


@pytest.mark.parametrize(
    ("text", "suspect"),
    [
        ("feels more like one of the upstreams is having a bad day", "upstreams"),
        ("smells a lot more like the redis failover than the deploy", "redis failover"),
        ("sounds more like the vendors are rate limiting us", "vendors"),
        ("maybe the redis failover left stale connections", "redis failover"),
    ],
)
def test_a_theory_weighed_against_another_is_raised(text: str, suspect: str) -> None:
    assert any(suspect in s for s in _statements(text))


@pytest.mark.parametrize(
    "text",
    [
        "what else shipped today on the backend side?",
        "what else changed in the billing config last night?",
        "what else went out this morning?",
    ],
)
def test_asking_what_else_shipped_suspects_a_recent_change(text: str) -> None:
    assert len(_statements(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "what else changed in the status page wording?",
        "what else shipped to customers in the newsletter?",
    ],
)
def test_asking_what_changed_for_customers_suspects_nothing(text: str) -> None:
    assert _statements(text) == []


def test_a_yes_naming_what_shipped_does_not_confirm_the_change_question() -> None:
    hs = board(
        _ALERT,
        "what else shipped today on the orders side?",
        "yeah that's the http client timeout refactor at 12:58, the only orders change. want to roll eu back?",
    )
    assert status_of(hs, "shipped") != "confirmed"


@pytest.mark.parametrize(
    ("text", "suspect"),
    [
        ("timing fits the roll. my bet is the new zsk sigs", "zsk"),
        ("i suspect the hsm on the second signer", "hsm"),
        ("my hunch is the nfs mount", "nfs"),
    ],
)
def test_a_short_unknown_name_said_as_ones_suspicion_is_a_theory(text: str, suspect: str) -> None:
    assert any(suspect in s for s in _statements(text))


@pytest.mark.parametrize("text", ["my bet is the team will want a status post", "smells like the new one"])
def test_a_suspicion_naming_nothing_raises_nothing(text: str) -> None:
    assert _statements(text) == []


@pytest.mark.parametrize(
    ("text", "suspect"),
    [
        ("could we just be over our websocket unit quota?", "quota"),
        ("could they also be behind the old proxy?", "proxy"),
        ("did kamailio fall over on the sbcs?", "kamailio"),
        ("did pgbouncer die on the second box?", "pgbouncer"),
    ],
)
def test_a_question_with_an_adverb_or_a_plain_failure_verb_is_a_theory(text: str, suspect: str) -> None:
    assert any(suspect in s for s in _statements(text))


def test_maybe_thats_the_whole_thing_makes_the_clause_before_it_a_theory() -> None:
    hs = board(
        _ALERT,
        "the new node pool has no huge pages for the db nodes. shared_buffers is 24G so without hugepages... "
        "maybe thats the whole thing?",
    )
    assert [h.status for h in hs if "hugepages" in h.statement.lower()] == ["open"]
    assert not any("whole thing" in h.statement.lower() for h in hs)
