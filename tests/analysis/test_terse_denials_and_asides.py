"""Short denials, asides to the room, drafts that "found the cause", and a cause offered for a yes.

- "so no hijack, confirmed" denies the hijack theory as plainly as "not a hijack"; a bare "no staging" or
  "no canary" names a missing safeguard and "ok, no rollback" turns a step down: neither judges a theory.
- "db looks fine btw, in case anyone's going there" clears the db; "anyone's going there" is no theory,
  so a later "yeah i was about to ask about the db" confirms nothing.
- A customer draft saying "the team has found the cause and is adding capacity" states no cause.
- "… X. that's our cause, right?" offers X for confirmation; the "yes" that follows confirms it.

Written for these tests in general incident phrasing, modelled on the dev channels that showed the
cases (session 35), with other names; nothing from the example incident.
"""

from __future__ import annotations

import pytest

from tests.analysis.reading_support import board, status_of

_ALERT = "[FIRING] storefront 5xx > 10% for 5m"
_HIJACK = "registrar shows an update today?? could someone have gotten into the registrar account and moved the ns?"


@pytest.mark.parametrize(
    "denial", ["so no hijack, confirmed", "so no hijack", "no hijack, confirmed", "no hijack either"]
)
def test_a_terse_denial_refutes_the_theory_it_names(denial: str) -> None:
    hs = board(_ALERT, _HIJACK, "support says the change today was their hold, logs show no foreign login", denial)
    assert status_of(hs, "registrar account") == "refuted"


@pytest.mark.parametrize("aside", ["no staging.", "no canary on that path", "ok, no rollback", "no worries"])
def test_a_missing_safeguard_or_a_step_turned_down_judges_nothing(aside: str) -> None:
    hs = board(_ALERT, _HIJACK, aside)
    assert status_of(hs, "registrar account") == "open"


def test_an_aside_to_the_room_raises_no_theory() -> None:
    hs = board(
        _ALERT,
        "db looks fine btw, in case anyone's going there. pg cpu 20%, no slow queries",
        "yeah i was about to ask about the db",
    )
    assert not any("anyone" in h.statement.lower() for h in hs)
    assert all(h.status != "confirmed" for h in hs)


def test_a_draft_that_found_the_cause_states_none() -> None:
    hs = board(
        _ALERT,
        "my guess: the new bot ruleset lets through what the old rules blocked. not confirmed, need to dig",
        "drafting the customer reply: 'we're seeing elevated errors, the team has found the cause and is adding "
        "capacity'. ok to say that?",
    )
    assert status_of(hs, "ruleset") == "open"
    assert all(h.status != "confirmed" for h in hs)


def test_a_cause_offered_for_a_yes_is_confirmed_by_it() -> None:
    hs = board(
        _ALERT,
        "could it be the cache migration kris is testing?",
        "recap: after the reboot the firewall never came back, so the cache was open to the internet. someone "
        "outside pointed the cache at their own server, which flipped it read-only. that's our cause, right?",
        "yes, that matches everything",
    )
    assert status_of(hs, "own server") == "confirmed"
    assert status_of(hs, "migration") == "refuted"


def test_unrelated_as_an_adjective_is_no_verdict() -> None:
    hs = board(
        _ALERT,
        "traceroutes die inside some fiber provider's network. smells like somebody else is announcing our space",
        "root cause as far as we can see: an unrelated third-party fiber provider is advertising prefixes that "
        "cover our denver ranges, so isps send our traffic to them",
    )
    assert any(h.status == "confirmed" and "fiber provider" in h.statement.lower() for h in hs)


def test_that_is_unrelated_still_refutes() -> None:
    hs = board(
        _ALERT, "could the cdn purge from this morning be doing this?", "the cdn purge is unrelated, wrong region"
    )
    assert status_of(hs, "cdn purge") == "refuted"


def test_a_food_order_for_the_room_is_no_theory_and_its_yes_confirms_nothing() -> None:
    hs = board(
        _ALERT,
        "could the cdn purge be doing this?",
        "ordering lunch-that-is-now-dinner for whoever is here, anyone?",
        "yes",
    )
    assert [h.statement.lower() for h in hs if "lunch" in h.statement.lower()] == []
    assert status_of(hs, "cdn purge") == "open"
