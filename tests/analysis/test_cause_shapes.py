"""Cause statements in the shapes responders write them when no cue word carries them.

Every phrase here is written for these tests in general incident language (not from any incident
set, not from the bundled example): a date after "since", a short label before a cause and its
effect, a missing safeguard ("no error handling"), a labelled cause beside an exoneration, a
conclusion that something broke and what it broke in turn, "it's X, not Y" (where, not why), a
pronoun and a verb before an arrow, a one-line recap under a review heading, a failure said with a
negation ("never renewed"), hang/stall words, "it's the X that says no" (a symptom located), and the
why chain quoting a sentence that states a cause by its shape, and a finding announced by what it is
("that's our memory problem. …", "there's our way in: …").
"""

from __future__ import annotations

import pytest

from bot.analysis.claims import cause_claim, finding_claim
from bot.analysis.hypotheses import fold_messages
from bot.analysis.report import five_whys
from bot.domain import Board, Hypothesis, Message
from tests.analysis.reading_support import said


def board(*texts: str) -> tuple[Hypothesis, ...]:
    return fold_messages(
        Board(channel="CINC"), [said(i, t, who=("ana", "bo")[i % 2]) for i, t in enumerate(texts)]
    ).hypotheses


def confirmed(hypotheses: tuple[Hypothesis, ...]) -> list[Hypothesis]:
    return [h for h in hypotheses if h.status == "confirmed"]


class TestSinceADateIsATime:
    def test_the_claim_goes_on_past_a_date(self) -> None:
        claim = cause_claim(
            "consumer log: the topic has carried a new schema header since march 3 and our kafka consumer can't "
            "read it, so every import got rejected"
        )
        assert claim is not None and "kafka consumer can't read it" in claim.lower()

    def test_since_as_a_reason_still_ends_the_claim(self) -> None:
        claim = cause_claim("root cause: the replica lag since the vacuum held locks for an hour")
        assert claim is not None and "vacuum" not in claim.lower()


class TestLabelBeforeACauseAndItsEffect:
    def test_the_label_is_not_part_of_the_cause(self) -> None:
        claim = cause_claim("ok got it: the retention job deletes the live partition, so every read comes back empty")
        assert claim is not None and claim.lower().startswith("the retention job")


class TestMissingSafeguard:
    def test_no_error_handling_is_part_of_a_cause_not_a_clean_log(self) -> None:
        claim = cause_claim(
            "blank quota rows reach the limiter with no error handling on that path -> panic -> every pod crashes"
        )
        assert claim is not None and "limiter" in claim.lower()


class TestLabelledCauseBesideAnExoneration:
    def test_the_cause_stands_between_the_label_and_the_exoneration(self) -> None:
        claim = cause_claim(
            "wrapping up. cause: the cdn vendor's purge api outage in every region, our config was fine"
        )
        assert claim is not None and claim.lower() == "the cdn vendor's purge api outage in every region"

    def test_a_refutation_before_the_cause_is_not_cut_out(self) -> None:
        assert cause_claim("cause: nothing wrong with the db, replicas are fine") is None


class TestConcludedFailure:
    def test_what_broke_and_what_it_broke_is_a_finding(self) -> None:
        claim = finding_claim("so the session table got wiped during the failover and every login after that fails")
        assert claim is not None and "session table" in claim.lower()

    def test_a_failure_done_without_a_consequence_may_be_a_step(self) -> None:
        assert finding_claim("so the old signing key got revoked") is None


class TestWhereIsNotWhy:
    def test_its_x_not_y_names_no_cause(self) -> None:
        assert finding_claim("it's the gateway, not the database") is None

    def test_its_x_alone_is_still_a_terse_finding(self) -> None:
        assert finding_claim("it's the connection pool size") is not None


class TestPronounBeforeAnArrow:
    def test_a_traced_path_is_no_cause(self) -> None:
        assert cause_claim("they poll redis -> timeouts") is None

    def test_a_subject_that_says_what_went_wrong_is(self) -> None:
        claim = cause_claim("the sidecar drops the auth header -> every call fails")
        assert claim is not None and "sidecar" in claim.lower()


class TestRecapUnderAReviewHeading:
    def test_a_one_line_recap_for_the_review_states_the_cause(self) -> None:
        hyps = board(
            "writes timing out on the orders db",
            "for the retro, what i believe happened, in one line: the nightly compaction job starved the primary "
            "of iops, so writes timed out",
        )
        assert any("compaction" in h.statement.lower() for h in confirmed(hyps))

    def test_a_list_under_the_heading_is_still_not_read(self) -> None:
        hyps = board(
            "writes timing out on the orders db",
            "notes for the retro:\n- the compaction job starved the primary, so writes timed out\n- no iops alert",
        )
        assert confirmed(hyps) == []


class TestFailureSaidWithANegation:
    def test_never_renewed_is_the_effect_of_a_cause(self) -> None:
        claim = cause_claim("the rotation job skipped the edge proxies, so their cert never renewed")
        assert claim is not None and "rotation job" in claim.lower()

    def test_a_purpose_with_a_negation_is_still_no_effect(self) -> None:
        assert cause_claim("pinned the runbook to the channel, so nobody misses it") is None


class TestHangIsAFailure:
    def test_thats_why_it_hung_closes_a_cause(self) -> None:
        hyps = board("the edge sent eu traffic through a dead transit peer. that's why the uploads hung")
        assert any("transit peer" in h.statement.lower() for h in confirmed(hyps))


def _msg(minute: float, text: str) -> Message:
    return said(minute, text, who="ana")


class TestWhyChainQuotesACauseByItsShape:
    def test_a_sentence_stating_a_cause_without_a_causal_word_extends_the_chain(self) -> None:
        messages = [
            _msg(0, "root cause: the worker pool config caps connections at two"),
            _msg(5, "the worker pool config was copied from staging, so the workers exhausted their connections"),
        ]
        hyps = fold_messages(Board(channel="CINC"), messages[:1]).hypotheses
        whys = five_whys(Board(channel="CINC", hypotheses=hyps), messages, "Unknown")
        assert messages[1].ts in {ts for why in whys for ts in why.citations}

    def test_a_task_list_does_not_extend_the_chain(self) -> None:
        messages = [
            _msg(0, "root cause: the worker pool config caps connections at two"),
            _msg(5, "Remediation\n1. worker pool config must drop the cap\n2. worker pool config removed from staging"),
        ]
        hyps = fold_messages(Board(channel="CINC"), messages[:1]).hypotheses
        whys = five_whys(Board(channel="CINC", hypotheses=hyps), messages, "Unknown")
        assert messages[1].ts not in {ts for why in whys for ts in why.citations}


class TestSymptomLocatedIsNotACause:
    def test_its_the_part_that_says_no_is_where_not_why(self) -> None:
        assert cause_claim("tls is fine, it's the policy check after the handshake that says no") is None

    def test_its_the_change_that_did_something_is_a_cause(self) -> None:
        claim = cause_claim("it's the new ingress rule that strips the auth header")
        assert claim is not None and "ingress rule" in claim.lower()


class TestFindingNamedByWhatItIs:
    def test_theres_our_way_in_then_the_cause(self) -> None:
        hyps = board(
            "who could have called the admin api?", "there's our way in: a deploy key committed to a public repo"
        )
        assert any("deploy key" in h.statement.lower() for h in confirmed(hyps))

    def test_thats_our_problem_announces_the_next_sentence(self) -> None:
        hyps = board(
            "pods keep getting OOMKilled",
            "ok that's our memory problem. the image resizer cache keeps every decoded frame forever",
        )
        assert any("resizer" in h.statement.lower() for h in confirmed(hyps))

    def test_a_step_after_the_announcement_is_not_the_cause(self) -> None:
        hyps = board("checkout errors climbing", "yeah that's the bug. rolling back the deploy now")
        assert confirmed(hyps) == []


@pytest.mark.parametrize(
    "text",
    [
        "scaled the ingest workers 12 -> 30 for the backlog",
        "bumped the consumer count 4 -> 16 to work off the backlog",
        "raised the api rate limit 500 -> ~900 rps for the big tenant's backlog",
    ],
)
def test_an_arrow_between_figures_is_a_value_changed_not_a_cause(text: str) -> None:
    """Before session 22 the arrow read as "leads to" and the step stood on the board as a confirmed cause."""
    assert cause_claim(text) is None


def test_an_arrow_between_events_still_states_a_cause() -> None:
    """Control: a change and the failure it led to."""
    assert cause_claim("config push dropped the allowlist -> every call from the mobile app is rejected") is not None


class TestTheBottleneck:
    def test_x_is_the_bottleneck_states_the_cause(self) -> None:
        claim = cause_claim("checked: the primary has no headroom left and is the bottleneck.")
        assert claim is not None and claim.lower().startswith("the primary has no headroom left")
        assert not claim.endswith(" and")

    def test_a_question_about_the_bottleneck_is_not_a_cause(self) -> None:
        assert cause_claim("which one is the bottleneck?") is None
