"""A channel summing up what it found ("ok so basically: …") states the cause; a theory put as the
condition that would explain what is seen ("if X, that'd explain Y") raises X; a guess word before a
figure ("maybe 100/s") estimates a number and raises nothing.

Written for these tests in general incident phrasing, modelled on the dev channels that showed each case
(session 31), with other names and figures; nothing from the example incident.
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import clause_claims
from tests.analysis.reading_support import board, status_of


@pytest.mark.parametrize(
    "clause",
    [
        "ok so basically: the nightly compaction job filled the data volume with temp files",
        "so basically the retention sweep picked up rows that were still referenced and deleted them.",
        "yeah so basically: mailrelay accepts our requests and then sits on them",
        "so basically: the new rate limiter counts retries as fresh requests -> clients back off less -> more load",
        "ok saying it plainly so everyone's on the same page: the signup surge drained the warm pool and cold "
        "servers took traffic before they were ready",
        "tl;dr: our outbound packets to half the networks die inside the transit provider",
        "long story short, the nightly export job filled the replica's disk",
        "ok so: the nightly export job filled the replica's data volume",
        "so for the record: the cert on the smtp relays expired at midnight and every client refused them",
        "so: the 10:07 config refactor renamed the consumer queue, publishers still write to the old one",
    ],
)
def test_a_summed_up_finding_is_a_stated_cause(clause: str) -> None:
    cause, _finding, _theory = clause_claims(clause)
    assert cause is not None


def test_a_summed_up_chain_keeps_its_first_link_as_the_cause() -> None:
    cause, _finding, _theory = clause_claims(
        "so basically: the sync job wrote staging keys into prod -> every token fails validation -> login loop"
    )
    assert cause is not None and "staging keys" in cause and "login loop" not in cause


@pytest.mark.parametrize(
    "clause",
    [
        "so basically: we have no way to rotate the keys without a restart",
        "so basically nothing we could have done except wait?",
        "so basically: it's still unclear what changed on their side",
        "so basically: probably the cache again",
        "in short: 12:48 the vendor starts rolling out a rules update, 13:05 our queue backs up",
        "tl;dr of the mail: two crates, both published may 25.",
        "tell them we found the cause and are applying a fix, don't promise recovery yet.",
        "told the customer we found the cause and are rolling out a fix, next update 01:15",
        "so: roll back #4471, or roll forward with the version bump",
        "so: possibility that the admin api keys are exposed, low probability",
        "ok so: nothing more goes out until the fix",
    ],
)
def test_a_summary_of_what_we_do_doubt_or_report_states_no_cause(clause: str) -> None:
    cause, _finding, _theory = clause_claims(clause)
    assert cause is None


def test_a_summed_up_cause_confirms_the_theory_it_names() -> None:
    hs = board(
        "could the nightly compaction be filling the disk?",
        "is it the backup agent again?",
        "ok so basically: the nightly compaction is filling the disk with temp segments it never cleans up",
    )
    assert status_of(hs, "compaction") == "confirmed"
    assert status_of(hs, "backup agent") == "refuted"


@pytest.mark.parametrize(
    "text",
    [
        "if the leader election is racing with the config reload that'd explain two primaries",
        "and if the sidecar drops idle conns early, that would explain the resets",
        "ok if the cron runs twice then it would account for the duplicate invoices",
    ],
)
def test_a_condition_that_would_explain_the_symptom_is_a_theory(text: str) -> None:
    _cause, _finding, theory = clause_claims(text)
    assert theory is not None


@pytest.mark.parametrize(
    "text",
    [
        "ingest does ~4k rows/s now, last week was maybe 300/s.",
        "error rate is up, probably 40%",
        "the queue was about 12k deep, maybe ~15k",
    ],
)
def test_a_guess_word_before_a_figure_raises_no_theory(text: str) -> None:
    _cause, _finding, theory = clause_claims(text)
    assert theory is None


@pytest.mark.parametrize("text", ["maybe the proxy is dropping them?", "probably the new index"])
def test_a_guess_word_before_a_thing_still_raises_it(text: str) -> None:
    """Control."""
    _cause, _finding, theory = clause_claims(text)
    assert theory is not None


def test_found_it_announces_a_cause_in_unknown_names() -> None:
    hs = board("is it the cdn?", "ok found it - 4471 reordered the signup routes so invite links hit the generic page")
    assert any(h.status == "confirmed" and "4471" in h.statement for h in hs)


def test_got_it_acknowledges_and_states_no_cause() -> None:
    """Control: "got it" also acknowledges; what follows it is not announced as found."""
    hs = board("is it the cdn?", "got it. will write the customer note next")
    assert not any(h.status == "confirmed" for h in hs)


def test_a_failover_is_not_a_failure_of_the_same_thing() -> None:
    """Here "failing over" names the failover; a cause where the pool's connections failed is another story."""
    hs = board(
        "is the db failing over or something?",
        "so basically: the thaw jobs saturate the pg pool and failed thaws get re-enqueued",
    )
    assert status_of(hs, "failing over") != "confirmed"


def test_the_thing_a_name_qualifies_is_not_what_a_theory_says_of_it() -> None:
    """ "the pre-upgrade snapshot isn't incremental": repeating "snapshot" does not repeat the claim."""
    hs = board(
        "maybe the pre-upgrade snapshot isn't incremental like the nightly ones?",
        "so basically: the pre-upgrade snapshot ran 5h and the upgrade then ate the free space",
    )
    assert status_of(hs, "incremental") != "confirmed"


@pytest.mark.parametrize(
    ("text", "raised"),
    [
        ("first thought is the box itself is unhappy, checking io", "box"),
        ("checking the uplink in case the rack work knocked a switch port", "rack work"),
        ("another guess: the nightly vacuum", "vacuum"),
    ],
)
def test_a_guess_the_speaker_labels_is_a_theory_whatever_it_names(text: str, raised: str) -> None:
    _cause, _finding, theory = clause_claims(text)
    assert theory is not None and raised in theory.lower()


@pytest.mark.parametrize("text", ["pausing the rollout just in case", "checking the logs in case"])
def test_just_in_case_with_nothing_after_it_raises_nothing(text: str) -> None:
    """Control."""
    _cause, _finding, theory = clause_claims(text)
    assert theory is None


def test_a_cause_with_a_theorys_one_name_after_a_preposition_is_about_another_thing() -> None:
    hs = board(
        "honestly smells like pgw itself. checking their status",
        "so basically: the sbc rejects every invite from pgw since the cert swap",
    )
    assert status_of(hs, "itself") != "confirmed"
    assert status_of(hs, "sbc") == "confirmed"


def test_a_cause_with_a_theorys_one_name_as_its_subject_confirms_it() -> None:
    """Control."""
    hs = board("honestly smells like pgw itself. checking their status", "so basically: pgw drops every invite")
    assert status_of(hs, "itself") == "confirmed"


def test_a_cause_about_a_part_of_the_thing_singled_out_does_not_confirm_it() -> None:
    """ "the store itself" is the whole store; "our web store api credential" is our key for it."""
    hs = board(
        "dumb q but could the store itself be hacked? like the vendor's side",
        "so basically: our chrome web store api credential leaked and someone published with it",
    )
    assert status_of(hs, "itself") != "confirmed"


@pytest.mark.parametrize(
    ("text", "raised"), [("is that an attack? do we block them", "attack"), ("was that a deploy?", "deploy")]
)
def test_asking_what_the_thing_just_seen_is_raises_a_theory(text: str, raised: str) -> None:
    """ "volume ~5x since 16:05" then "is that an attack?": the question guesses what the surge is."""
    _cause, _finding, theory = clause_claims(text)
    assert theory is not None and raised in theory.lower()


@pytest.mark.parametrize("text", ["is that a lot?", "is that a problem?"])
def test_asking_about_a_size_or_a_judgement_raises_nothing(text: str) -> None:
    """Control."""
    _cause, _finding, theory = clause_claims(text)
    assert theory is None
