"""A cause that points back to a theory ("this rotation …", "that migration …") confirms it, whatever
time of day the theory gave; an arrow between two states is a transition seen,
not a cause and its effect; a status page that now shows the service down takes a read recovery back.

Written for these tests in general incident phrasing, modelled on the dev channels that showed each case
(session 30 fresh rounds), with other names and figures; nothing from the example incident.
"""

from __future__ import annotations

import pytest

from bot.analysis.claims import cause_claim
from bot.analysis.hypotheses import _judge
from tests.analysis.reading_support import board, mitigated_after, said, status_of


@pytest.mark.parametrize(
    ("theory", "cause"),
    [
        (
            "the key rotation at 14:05, could that be it?",
            "root cause: this rotation signed every token with a key the gateways had never fetched",
        ),
        (
            "what about the key rollover at 2pm?",
            "found it - that rollover published the new key before any gateway had fetched it, so every token fails",
        ),
    ],
)
def test_a_cause_pointing_back_to_a_theory_confirms_it(theory: str, cause: str) -> None:
    hs = board(theory, "pulling the logs now", cause)
    word = "rotation" if "rotation" in theory else "rollover"
    assert status_of(hs, word) == "confirmed"


def test_a_pointer_to_something_else_confirms_nothing() -> None:
    """Control: "that migration" does not point back to a theory about a rotation."""
    hs = board(
        "the key rotation at 14:05, could that be it?",
        "pulling the logs now",
        "root cause: that migration rewrote the index and every lookup went to a full scan",
    )
    assert status_of(hs, "rotation") != "confirmed"


@pytest.mark.parametrize(
    "clause",
    [
        "fw2 went backup -> master and the vips moved, sessions dropped",
        "the pool flips healthy -> unhealthy every minute, requests fail",
    ],
)
def test_an_arrow_between_two_states_is_no_cause(clause: str) -> None:
    said_ = _judge(clause)
    assert said_.cause is None and said_.finding is None


def test_an_arrow_from_a_cause_to_its_failure_is_still_one() -> None:
    """Control: an arrow chain that says what broke."""
    assert cause_claim("the new bundle dropped the intermediate cert -> every handshake fails") is not None


ALERT = said(0, "[FIRING] storage cluster degraded, 3 osds down", "Alertmanager", bot=True)
RECOVERY = said(20, "no new crashes since 16:10, writes completing again", "oskar")


def test_a_status_page_now_showing_an_outage_takes_the_recovery_back() -> None:
    page = said(300, "Major outage — Storage: servers on the affected cluster are unavailable.", "Statuspage", bot=True)
    assert mitigated_after(ALERT, [RECOVERY]) == "16:46"
    assert mitigated_after(ALERT, [RECOVERY, page]) is None


def test_a_status_page_outage_header_without_a_symptom_keeps_it() -> None:
    """Control: a page headed by a component state that reports nothing down."""
    page = said(
        300, "Partial outage — Storage: we are publishing the incident report tomorrow.", "Statuspage", bot=True
    )
    assert mitigated_after(ALERT, [RECOVERY, page]) == "16:46"


@pytest.mark.parametrize(
    "text",
    [
        "so gw2 is up enough to answer pings but not routing a single packet? that would explain no failover",
        "so node-7 answers health checks but drops every write? that'd explain why it stays in the pool",
    ],
)
def test_a_question_that_would_explain_what_is_seen_is_a_theory(text: str) -> None:
    assert len(board(text)) == 1


def test_a_request_that_would_explain_it_is_no_theory() -> None:
    """Control: asking someone to check is not the theory, whatever it would explain."""
    assert board("can you check the kafka lag? that would explain why the consumers stall") == ()


@pytest.mark.parametrize(("text", "name"), [("could it be fcm itself?", "fcm"), ("is pgw itself down?", "pgw")])
def test_a_thing_singled_out_by_itself_is_named_and_itself_is_no_word(text: str, name: str) -> None:
    from bot.analysis.terms import entities, key_terms

    assert "itself" not in key_terms(text)
    assert name in entities(text)


def test_a_cause_naming_the_thing_confirms_the_theory_about_it_itself() -> None:
    """Before, "itself" counted as one of the theory's own words, so a cause had to say it too."""
    hs = board(
        "honestly smells like cloudflare itself. checking their status",
        "root cause: cloudflare is failing every proxied request since 11:20, our origin is fine",
    )
    assert [h.status for h in hs if "itself" in h.statement.lower()] == ["confirmed"]


@pytest.mark.parametrize("text", ["it's almost all 403. hardly any 401", "its nearly all timeouts, barely any 5xx"])
def test_how_much_of_the_errors_is_no_cause(text: str) -> None:
    assert board(text) == () or all(h.status != "confirmed" for h in board(text))


def test_a_cause_whose_subject_is_the_theorys_only_word_confirms_it() -> None:
    """A short name the vocabulary does not know carries too little weight to match by entities; a
    cause that opens with it is still about the theory that named only it."""
    hs = board(
        "honestly smells like pgw itself. checking their status",
        "root cause: pgw has been dropping every session since 14:10",
    )
    assert status_of(hs, "pgw") == "confirmed"


def test_a_cause_naming_the_theorys_word_further_on_does_not_confirm_it() -> None:
    """Control: the name inside the cause, not as its subject ("invites from pgw"), is where it showed."""
    hs = board(
        "honestly smells like pgw itself. checking their status",
        "root cause: the sbc rejects every invite from pgw since the cert swap",
    )
    assert status_of(hs, "pgw") != "confirmed"
