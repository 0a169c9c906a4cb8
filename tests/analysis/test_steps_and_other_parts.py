"""What a responder says around a cause, read for what it is:

- a diagnostic step and what it is for ("turning on debug logging so we get the full bounce text on
  rejections", "ill keep a capture running so we have the crash output"): the failure words belong to
  the purpose, and a step someone is taking or will take is never the cause found;
- ruling out a part a theory does not name, in that theory's thread ("so not the edge2 linecard"
  under "the transit carrier is dropping packets"): a verdict on another part, not on the theory;
- ruling one thing out and placing the fault elsewhere ("ruling out the app, the throttling is at the
  edge waf"): the verdict falls on the app only;
- what a thing was made for against what it met ("sized for the nightly batch, not the reindex"): no
  verdict at all;
- the grounds given with a guess ("could it be gcp again? last month's outage broke half our jobs"): the
  message asks, so it confirms nothing and states no cause of its own;
- a terse finding followed by what it does wrong ("it's the ebs volumes, they can't keep up"): a
  finding, as it would be without the second half.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import clause_claims, fold_messages
from bot.domain import Board
from tests.analysis.reading_support import said


@pytest.mark.parametrize(
    "text",
    [
        "turning on debug logging on mx-2 so we get the full bounce text on rejections",
        "ill keep a packet capture on fw-2 running to a file so we have the crash output for the vendor",
        "enabling verbose tracing on the ingest pods so we see the whole error on each timeout",
    ],
)
def test_a_diagnostic_step_and_its_purpose_state_no_cause(text: str) -> None:
    assert clause_claims(text)[0] is None


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("the cert on the relay expired so every tls handshake is rejected", "cert"),
        ("the disk on db-2 filled up so every write is rejected", "disk"),
    ],
)
def test_a_cause_and_its_failure_still_read_as_a_cause(text: str, cause: str) -> None:
    found = clause_claims(text)[0]
    assert found is not None and cause in found.lower()


def _theory_after(reply: str) -> str:
    board = fold_messages(
        Board(channel="CINC"),
        [
            said(0, "packet loss to the eu tunnels since 09:10"),
            said(1, "my bet: the transit carrier is dropping packets on its side", "sam"),
            said(2, reply, "lee", thread=1),
        ],
    )
    return next(h.status for h in board.hypotheses if "carrier" in h.statement.lower())


def test_ruling_out_another_part_in_a_theorys_thread_leaves_the_theory_open() -> None:
    assert _theory_after("both edges show the same loss, so not the edge2 linecard") == "open"


def test_ruling_out_the_theorys_own_part_in_its_thread_still_refutes_it() -> None:
    assert _theory_after("checked, not the carrier, their looking glass is clean") == "refuted"


@pytest.mark.parametrize(
    "text",
    [
        "the limit was built for weekday traffic, not this",
        "that pool is sized for the nightly batch, not the reindex",
    ],
)
def test_what_a_thing_was_made_for_is_no_verdict(text: str) -> None:
    from bot.analysis.hypotheses import _judge

    assert not _judge(text).refutes


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("it's the ebs volumes behind the restore host, it does random reads and they can't keep up", "ebs volumes"),
        ("it's the new worker build, it keeps crashing on start", "worker build"),
    ],
)
def test_a_terse_finding_followed_by_what_it_does_wrong_is_read(text: str, found: str) -> None:
    from bot.analysis.claims import finding_claim

    claim = finding_claim(text)
    assert claim is not None and found in claim.lower()


@pytest.mark.parametrize("text", ["it's 5pm there, they will answer tomorrow", "it's the api, not the db"])
def test_a_time_or_a_contrast_before_the_comma_is_no_finding(text: str) -> None:
    from bot.analysis.claims import finding_claim

    assert finding_claim(text) is None


def _waf_theory_after(verdict: str) -> str:
    board = fold_messages(
        Board(channel="CINC"),
        [
            said(0, "503s on search since 11:20"),
            said(1, "could the waf rate limit be kicking in?", "sam"),
            said(3, verdict, "lee"),
        ],
    )
    return next(h.status for h in board.hypotheses if "waf" in h.statement.lower())


def test_ruling_one_thing_out_and_placing_the_fault_elsewhere_judges_only_the_first() -> None:
    assert _waf_theory_after("ruling out the app, the throttling is at the edge waf") == "open"


def test_ruling_the_theorys_own_thing_out_refutes_it() -> None:
    assert _waf_theory_after("ruled out the waf, its counters are flat") == "refuted"


def test_the_grounds_given_with_a_guess_are_no_cause_found() -> None:
    guessed = fold_messages(
        Board(channel="CINC"),
        [
            said(0, "uploads to s3 failing with 403 since 21:25"),
            said(2, "could it be gcp again? last month's us-central1 outage broke half our jobs", "sam"),
        ],
    ).hypotheses
    assert [h.status for h in guessed] == ["open"]


def test_a_guess_is_still_confirmed_by_the_answer_after_it() -> None:
    answered = fold_messages(
        Board(channel="CINC"),
        [
            said(0, "uploads to s3 failing with 403 since 21:25"),
            said(2, "could it be gcp again? last month's us-central1 outage broke half our jobs", "sam"),
            said(4, "yes, gcp status page: us-central1 storage outage since 21:20", "lee"),
        ],
    ).hypotheses
    assert [h.status for h in answered] == ["confirmed"]
