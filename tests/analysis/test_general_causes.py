"""Causes and theories in the general shapes responders use, beyond cue words.

Every phrase here is written for these tests in general incident language (not from any incident
set, not from the bundled example): a hedge word that is no doubt ("since may 14", "all at once"),
an opinion before a verdict ("i think that's it"), a summary naming the cause, a "that's why …"
closer, a cause and its effect in one sentence, why- and yes/no questions as theories, requests and
logistics that are not theories, a "yes" in the theory's own thread, a cause restated in a status
post, a cause made of two parts, and "is it us?".
"""

from __future__ import annotations

import pytest

from bot.analysis.claims import cause_claim, hedged, theory_claim
from bot.analysis.hypotheses import fold_messages
from bot.domain import Board, Hypothesis, Message
from tests.analysis.reading_support import said


def fold(*messages: Message) -> tuple[Hypothesis, ...]:
    return fold_messages(Board(channel="CINC"), messages).hypotheses


def board(*texts: str) -> tuple[Hypothesis, ...]:
    return fold(*(said(i, t, who=("ana", "bo", "cy")[i % 3]) for i, t in enumerate(texts)))


def status_of(hypotheses: tuple[Hypothesis, ...], word: str) -> str:
    return next(h.status for h in hypotheses if word in h.statement.lower())


class TestWordsThatOnlyLookLikeDoubt:
    @pytest.mark.parametrize(
        "text",
        [
            "the schema change from may 14 dropped the index on orders",
            "every worker reconnected at once and exhausted the broker connection slots",
            "the linter should have caught that, the bad yaml went straight to prod",
            "the agent couldn't reach the metadata endpoint after the proxy change",
        ],
    )
    def test_a_month_at_once_hindsight_and_cannot_are_no_hedge(self, text: str) -> None:
        assert not hedged(text)

    @pytest.mark.parametrize(
        "text",
        ["maybe the index got dropped", "once the cache warms we'll see", "if the proxy is the problem"],
    )
    def test_real_doubt_still_hedges(self, text: str) -> None:
        assert hedged(text)

    def test_a_cause_dated_in_may_is_stated(self) -> None:
        claim = cause_claim("root cause: the billing cron added on may 3 double-books every renewal")
        assert claim is not None and "billing cron" in claim.lower()


class TestOpinionBeforeAVerdict:
    def test_i_think_thats_it_confirms_the_theory_just_floated(self) -> None:
        hyps = board(
            "could the nat gateway be out of ports?", "i think that's it. nat gateway port usage is pinned at max"
        )
        assert status_of(hyps, "nat gateway") == "confirmed"

    def test_the_same_words_as_a_question_confirm_nothing(self) -> None:
        hyps = board("could the nat gateway be out of ports?", "i think that's it?")
        assert status_of(hyps, "nat gateway") == "open"


class TestCauseInASummary:
    @pytest.mark.parametrize(
        "text",
        [
            "recap for folks joining: cause is the expired signing key on the sso proxy",
            "summary: failover done at 10:12, cause was the expired signing key on the sso proxy, comms sent",
        ],
    )
    def test_cause_is_inside_a_summary_is_read(self, text: str) -> None:
        (h,) = board(text)
        assert h.status == "confirmed" and "signing key" in h.statement.lower()

    def test_thats_why_names_the_clause_before_it_as_the_cause(self) -> None:
        (h,) = board(
            "short version: the ldap sync job deleted the service group. that's why every deploy bot is failing"
        )
        assert h.status == "confirmed" and "ldap sync" in h.statement.lower()
        assert not h.statement.lower().startswith("short version")

    def test_thats_why_ending_a_sentence_after_a_cause_that_says_should(self) -> None:
        (h,) = board(
            "for anyone joining: the billing db lost its only replica, and jobs that should fail over have no "
            "fallback. that's why invoices are failing even though the api is up."
        )
        assert h.status == "confirmed" and h.statement.lower().startswith("the billing db lost")

    def test_thats_why_without_a_failure_is_no_cause(self) -> None:
        assert board("the ldap sync job ran at noon. that's why i asked") == ()


class TestCauseThenEffect:
    def test_a_cause_and_the_failure_it_led_to_in_one_sentence(self) -> None:
        claim = cause_claim("the kafka consumer can't parse the new schema header, so every nightly load got rejected")
        assert claim is not None and "kafka consumer" in claim.lower() and "rejected" not in claim.lower()

    @pytest.mark.parametrize(
        "text",
        [
            "errors on the importer are climbing, so i'm rolling it back",  # a step, not a failure after "so"
            "restarted the importer pods, so the backlog is draining",
            "the importer is fine, so not that",
            "pin the redis dashboard in the channel so the new folks don't get confused",  # a purpose
            "please move the kafka runbook to the wiki so it stops going missing",  # a request
        ],
    )
    def test_so_without_a_failure_after_it_is_no_cause(self, text: str) -> None:
        assert cause_claim(text) is None

    def test_a_step_whose_effect_avoids_a_failure_confirms_nothing(self) -> None:
        # "so … instead of <failure>": the failure is what the step avoids, not what a cause led to.
        hyps = board(
            "could the billing worker pool be starved?",
            "route the invoice api to the standby region so payers see a clean retry page instead of timeouts",
        )
        assert all(h.status != "confirmed" for h in hyps)


class TestTheoriesAsWhyAndYesNoQuestions:
    @pytest.mark.parametrize(
        ("text", "about"),
        [
            ("so why is the autoscaler not adding nodes?", "autoscaler"),
            ("are the read replicas lagging again?", "replica"),
            ("is the payments vendor having issues?", "payments vendor"),
            ("are we looking at a credential stuffing attack?", "credential stuffing"),
        ],
    )
    def test_the_question_raises_a_theory(self, text: str, about: str) -> None:
        claim = theory_claim(text)
        assert claim is not None and about in claim.lower()

    @pytest.mark.parametrize(
        "text",
        [
            "is checkout back?",
            "are the dashboards updated?",
            "is everyone on the bridge?",
            "why is the status page still red?",
        ],
    )
    def test_questions_about_state_or_people_raise_none(self, text: str) -> None:
        assert theory_claim(text) is None


class TestNotTheories:
    @pytest.mark.parametrize(
        "text",
        [
            "mira you've been running this for 3h, want a handover?",
            "can someone grab the kafka dashboard link?",
            "who is ic for the overnight shift?",
            "could you take over comms lead for the database side?",
        ],
    )
    def test_logistics_and_requests_raise_no_theory(self, text: str) -> None:
        assert board(text) == ()

    def test_yes_to_an_offer_at_the_end_confirms_nothing(self) -> None:
        hyps = board("is it the redis cluster? want me to pull its metrics", "yes pls")
        assert status_of(hyps, "redis") == "open"


class TestAnswersInTheTheorysThread:
    def test_a_yes_in_the_theorys_own_thread_confirms_it_after_other_talk(self) -> None:
        hyps = fold(
            said(0, "maybe the cdn is caching the login redirect?", "ana"),
            said(1, "support says tickets are doubling", "bo"),
            said(2, "status page draft is ready for review", "cy"),
            said(3, "anyone from billing around?", "bo"),
            said(4, "paging them now", "cy"),
            said(5, "yep, the cdn serves the cached login redirect to every second request", "bo", thread=0),
        )
        assert status_of(hyps, "cdn") == "confirmed"

    def test_a_bare_yes_in_the_thread_after_other_talk_only_supports(self) -> None:
        # Late in the thread a bare "yep" may answer a later question asked there, not the theory.
        hyps = fold(
            said(0, "could the session store be evicting tokens early?", "ana"),
            said(1, "error budget for login is gone for the week", "bo"),
            said(2, "second region looks the same", "cy"),
            said(3, "who owns the mobile client release?", "bo"),
            said(4, "checking the rollout calendar", "cy"),
            said(5, "did anyone restart the workers in the meantime?", "ana", thread=0),
            said(6, "yep", "bo", thread=0),
        )
        (h,) = (h for h in hyps if "session store" in h.statement.lower())
        assert h.status == "open" and h.supporting

    def test_a_bare_yes_in_the_thread_right_after_the_theory_still_confirms(self) -> None:
        hyps = fold(
            said(0, "could the session store be evicting tokens early?", "ana"),
            said(1, "yep", "bo", thread=0),
        )
        assert status_of(hyps, "session store") == "confirmed"


class TestRestatedCause:
    def test_a_status_post_restating_the_cause_supports_it_instead_of_adding_one(self) -> None:
        hyps = board(
            "root cause: the new rate limiter rule blocks the partner api keys",
            "status: identified, cause is the rate limiter rule blocking partner keys since the deploy",
        )
        assert len(hyps) == 1 and hyps[0].status == "confirmed" and len(hyps[0].supporting) == 2


class TestCauseOfTwoParts:
    def test_each_part_confirms_the_theory_it_names(self) -> None:
        hyps = board(
            "could the search reindex job be eating the io?",
            "or did the disk migration leave half the volumes on slow storage?",
            "root cause: the disk migration left half the volumes on slow storage + the search reindex job "
            "eating the io that is left",
        )
        assert status_of(hyps, "reindex") == "confirmed"
        assert status_of(hyps, "disk migration") == "confirmed"


class TestIsItUs:
    @pytest.mark.parametrize(
        ("text", "about"),
        [
            ("db side: is it us? checking the primary", "db side"),
            ("the ledger service shipped at 09:30, could be ours? checking", "ledger service"),
        ],
    )
    def test_is_it_us_raises_what_is_named_beside_it(self, text: str, about: str) -> None:
        (h,) = board(text)
        assert h.status == "open" and about in h.statement.lower()
