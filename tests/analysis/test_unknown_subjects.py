"""Checks that name what the vocabulary does not know, and verdicts that name nothing.

A clause saying how a thing is ("ledger lake is ok") reaches the theory that spells that thing the same
way, although the theory also names a component and an unknown name alone weighs too little to link;
"doesn't add up" answers the theory just floated like "nope" does; a look for the trace a theory
leaves that came back empty ("no unusual sign-ins") counts against it; a memory graph "flat at the top"
is pegged, not healthy; a vendor that confirms the fault backs the theory about that vendor; "did last
night's migration do something?" floats the migration as a theory.

Written for these tests in general incident phrasing, modelled on the dev channels that showed each case
(session 33), with other names and figures; nothing from the example incident.
"""

from __future__ import annotations

import pytest

from bot.analysis.claims import theory_claim
from tests.analysis.reading_support import board, status_of


@pytest.mark.parametrize(
    "check",
    [
        "direct reads against the api work fine, ~60ms. ledger lake is ok. it's the proxy path",
        "Ledger Lake looks healthy from inside the cluster",
        "ok the ledger lake is fine, p99 flat",
    ],
)
def test_a_state_said_of_an_unknown_name_reaches_its_theory(check: str) -> None:
    hs = board("could be the ledger lake behind the proxy falling over. checking direct reads", check)
    assert status_of(hs, "ledger lake") == "refuted"


def test_the_subject_alone_does_not_confirm_what_the_message_cleared() -> None:
    """The same message goes on to blame the proxy: what it just cleared is not what it confirms."""
    hs = board(
        "could be the ledger lake behind the proxy falling over. checking direct reads",
        "direct reads work fine. ledger lake is ok. it's the proxy path and anything needing a new session",
    )
    assert status_of(hs, "ledger lake") != "confirmed"


def test_a_subject_of_one_plain_word_points_nowhere() -> None:
    """Control: "the service is ok" names no theory by spelling; it links no theory the vocabulary cannot."""
    hs = board("could be the ledger lake behind the proxy falling over?", "the service is ok, restarted it an hour ago")
    assert status_of(hs, "ledger lake") == "open"


def test_a_subject_two_theories_spell_points_at_neither() -> None:
    hs = board(
        "could the ledger lake primary be wedged?",
        "or the ledger lake replica lagging behind the proxy?",
        "ledger lake is ok",
    )
    assert status_of(hs, "primary") == "open" and status_of(hs, "replica") == "open"


@pytest.mark.parametrize(
    "doubt",
    [
        "doesn't add up on its own. 150k orders is maybe 160k events, we've had 20M since midnight",
        "that doesn't add up, their import finished an hour ago",
    ],
)
def test_doesnt_add_up_answers_the_theory_just_floated(doubt: str) -> None:
    hs = board("so it's just the new tenant's import flooding the queue?", doubt)
    assert status_of(hs, "tenant") == "refuted"


def test_a_yes_after_the_numbers_did_not_add_up_agrees_with_the_doubt() -> None:
    hs = board(
        "so it's just the new tenant's import flooding the queue?",
        "doesn't add up on its own. 150k orders is maybe 160k events, we've had 20M since midnight",
        "yeah and they finished their push around 03:40 anyway",
    )
    assert status_of(hs, "tenant") != "confirmed"


@pytest.mark.parametrize(
    "empty_look",
    [
        "no unusual sign-ins on that account, mfa untouched",
        "went through the idp log: no suspicious logins for her in the last month",
    ],
)
def test_an_empty_look_for_the_theorys_trace_counts_against_it(empty_look: str) -> None:
    hs = board("did someone phish her sso password?", empty_look)
    assert status_of(hs, "password") == "refuted"


def test_an_empty_look_hedged_to_the_moment_settles_nothing() -> None:
    hs = board("did someone phish her sso password?", "no unusual logins for her so far, still pulling the rest")
    assert status_of(hs, "password") == "open"


def test_a_graph_flat_at_the_top_is_pegged_not_healthy() -> None:
    hs = board(
        "is the db out of memory? it says it can't create threads",
        "load on the primary is through the roof and the memory graph is basically flat at the top",
    )
    assert status_of(hs, "memory") != "refuted"


def test_a_graph_flat_is_still_healthy() -> None:
    """Control: without "at the top", a flat graph clears the theory."""
    hs = board("is the db out of memory? it says it can't create threads", "memory graph on the primary is flat")
    assert status_of(hs, "memory") == "refuted"


def test_a_vendor_confirming_the_fault_backs_the_theory_about_it() -> None:
    hs = board(
        "my money is on the nimbus network itself",
        "nimbus called back: they confirm network instabilities in the region, other tenants too",
    )
    (theory,) = [h for h in hs if "nimbus" in h.statement.lower()]
    assert theory.supporting and theory.status != "refuted"


@pytest.mark.parametrize(
    "question",
    [
        "did last night's deploy do something?",
        "did yesterday's schema migration do this?",
    ],
)
def test_did_a_change_do_something_is_a_theory(question: str) -> None:
    assert theory_claim(question) is not None


@pytest.mark.parametrize("question", ["did you do something?", "did that do something?"])
def test_did_a_person_or_pronoun_do_something_is_no_theory(question: str) -> None:
    assert theory_claim(question) is None
