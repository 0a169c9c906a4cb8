"""Closed question shapes that float a theory: tag questions and questions asking the channel's
opinion. They are English grammar, not any channel's wording; plans put as questions stay plans.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from bot.analysis.claims import theory_claim
from bot.analysis.hypotheses import fold_messages
from bot.domain import Board, Hypothesis
from tests.analysis.reading_support import said


def board(*texts: str) -> tuple[Hypothesis, ...]:
    return fold_messages(Board(channel="CINC"), [said(i, t) for i, t in enumerate(texts)]).hypotheses


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("the signing cert ran out overnight, didn't it?", "signing cert"),
        ("that sidecar got bumped in the last release, hasn't it?", "sidecar"),
        ("hm, the replicas are behind again, aren't they?", "replicas"),
        ("the new waf rule blocks the webhook callers, doesn't it??", "waf rule"),
    ],
)
def test_a_tag_question_floats_its_statement_as_a_theory(text: str, about: str) -> None:
    """ "<statement>, <auxiliary> <pronoun>?": the statement is the guess, without its tag."""
    claim = theory_claim(text)
    assert claim is not None and about in claim.lower()
    assert not claim.rstrip("?").lower().endswith((" it", " they"))


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("we're not replaying old kafka offsets, are we?", "kafka offsets"),
        ("quick one: they aren't running the index rebuild on the primary again, are they?", "index rebuild"),
    ],
)
def test_a_fearful_tag_question_floats_what_it_fears(text: str, about: str) -> None:
    """ "we're not <doing X>, are we?" fears X: X is the theory, without the negation."""
    claim = theory_claim(text)
    assert claim is not None and about in claim.lower()
    assert "not" not in claim.lower().split() and "aren't" not in claim.lower()


def test_a_doubting_tag_question_is_not_raised_by_the_tag_shape() -> None:
    """ "<X> isn't <Y>, is it?" doubts; the tag shape does not raise its negated statement."""
    claim = theory_claim("the cdn isn't caching the error pages, is it?")
    assert claim is None or "isn't" not in claim.lower()


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("anyone think it's the resolver cache?", "resolver cache"),
        ("does anybody else reckon the billing worker is leaking memory?", "billing worker"),
        ("someone suspect the connection pool on the reporting db?", "connection pool"),
    ],
)
def test_asking_the_channel_what_it_thinks_floats_the_theory(text: str, about: str) -> None:
    """ "anyone think/reckon/suspect <X>?": X is put forward as a guess."""
    claim = theory_claim(text)
    assert claim is not None and about in claim.lower()


def test_a_tag_question_theory_is_settled_by_what_follows() -> None:
    """The theory a fearful tag question raises is refuted like any other."""
    hs = board(
        "we're not replaying old kafka offsets, are we?",
        "no, the consumer offsets are current, nothing replaying",
    )
    assert [h.status for h in hs if "kafka" in h.statement.lower()] == ["refuted"]


@pytest.mark.parametrize(
    "text",
    [
        "should we roll back the gateway release?",
        "can we fail over the primary to the standby?",
        "could we restore the billing db from last night's snapshot somewhere else?",
    ],
)
def test_a_plan_put_as_a_question_is_not_a_theory(text: str) -> None:
    """A way out asked about ("should we roll back X?") is a decision to make, not a guess."""
    assert board(text) == ()


@pytest.mark.parametrize(
    "answer",
    ["i reckon so, df shows it full", "that's our take. df says it is full", "I'd say so"],
)
def test_a_yes_given_as_an_opinion_answers_the_theory_just_floated(answer: str) -> None:
    """ "i reckon so" / "that's our take" right after a theory agrees with it as "yes" does."""
    hs = board("is the scratch volume on the build runners full?", answer)
    assert [h.status for h in hs] == ["confirmed"]


def test_an_opinion_yes_after_other_talk_confirms_nothing() -> None:
    """Control: said after other talk, "i believe so" may answer anything said since; no theory is confirmed."""
    hs = board(
        "is the scratch volume on the build runners full?",
        "paging the infra on-call",
        "who owns the runners these days?",
        "did the status page go out?",
        "i believe so",
    )
    assert not [h for h in hs if h.status == "confirmed"]


def test_an_opinion_yes_to_a_request_confirms_nothing() -> None:
    """Control: "i guess so" to "should i …?" is a go-ahead, not a verdict on an older theory."""
    hs = board(
        "is the scratch volume on the build runners full?",
        "should i drain the runners first?",
        "i guess so",
    )
    assert not [h for h in hs if h.status == "confirmed"]


@pytest.mark.parametrize("answer", ["the scheduler log shows it idle since friday. so yes", "ok yes", "so yeah"])
def test_a_yes_after_a_discourse_marker_still_answers_the_theory(answer: str) -> None:
    """ "so yes" / "ok yes" closing an answer agrees with the theory just floated, as "yes" does."""
    hs = board("maybe the renewal cron got paused?", answer)
    assert [h.status for h in hs] == ["confirmed"]


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("isn't it the new sidecar image?", "sidecar image"),
        ("hm isnt it the font subsetting step?", "font subsetting"),
        ("wait, wasn't it the nightly compaction?", "nightly compaction"),
        ("sure it's not the image resizer choking on big uploads?", "image resizer"),
        ("you positive it's not a stale feature bundle?", "stale feature bundle"),
    ],
)
def test_a_question_expecting_yes_or_doubting_a_no_floats_a_theory(text: str, about: str) -> None:
    """ "isn't it X?" expects yes and "sure it's not X?" doubts a no: either way X is suspected,
    even when the vocabulary does not know what X names."""
    claim = theory_claim(text)
    assert claim is not None and about in claim.lower()


@pytest.mark.parametrize(
    "text",
    [
        "isn't it a bit early to close this?",
        "isn't this the same graph as before?",
        "sure it's not too late to page them?",
    ],
)
def test_rhetoric_in_the_same_shape_floats_nothing(text: str) -> None:
    assert theory_claim(text) is None


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("could someone have got hold of the deploy creds?", "creds"),
        ("could we have hit a rate limit on the sendgrid account?", "sendgrid"),
        ("could they have rotated the signing key without telling us?", "signing key"),
        ("did ledger-sync 3.2 from this morning break the exports?", "ledger-sync"),
        ("is someone hammering the search api with a scraper?", "scraper"),
    ],
)
def test_a_party_suspected_of_the_harm_floats_a_theory(text: str, about: str) -> None:
    """Someone (we, they, a tenant) or a named change suspected of the harm is a theory."""
    claim = theory_claim(text)
    assert claim is not None and about in claim.lower()


@pytest.mark.parametrize(
    "text",
    [
        "could we have rolled back sooner?",
        "is someone looking at the db?",
        "is somebody drafting the status update?",
        "did you check the replica lag?",
    ],
)
def test_a_question_about_the_response_floats_nothing(text: str) -> None:
    assert theory_claim(text) is None


@pytest.mark.parametrize(
    "asked",
    [
        "dana how clean is going back to v3?",
        "marco which partners are on pipeline-v2?",
        "tom how long does the v3 rollback take?",
    ],
)
def test_a_wh_question_after_a_name_or_marker_floats_no_theory(asked: str) -> None:
    """Session 33: "priya how clean is going back to v1?" stood on the board as a theory, its "yes"
    confirmed it and settled the real theory about the rollout."""
    assert board(asked) == ()


def test_the_yes_to_a_wh_question_settles_no_theory() -> None:
    hs = board(
        "is this the new ingest pipeline dana rolled out? timing lines up with yesterday",
        "dana how clean is going back to v3? per tenant flag right?",
        "yes. v3 consumers still run, the flag is per tenant, new events go via v3 right after the flip",
    )
    (theory,) = hs
    assert theory.status == "open"
