"""Near misses that once confirmed wrong theories: an answer to someone else's question, a
refutation that says where the fault is *not* coming from, and an opinion marker in a theory.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

from bot.analysis.hypotheses import _judge, fold_messages
from bot.domain import Board, Hypothesis
from tests.analysis.reading_support import said


def board(*texts: str) -> tuple[Hypothesis, ...]:
    return fold_messages(Board(channel="CINC"), [said(i, t) for i, t in enumerate(texts)]).hypotheses


def status_of(hs: tuple[Hypothesis, ...], word: str) -> str:
    (found,) = [h.status for h in hs if word in h.statement.lower()]
    return found


def test_a_yes_to_a_fact_check_does_not_confirm_the_older_theory() -> None:
    """The "yes" answers the question just asked about how the backend behaves, not the theory."""
    hs = board(
        "401 smells like the auth proxy to me",
        "the api gateway answers 401 to anything without the signed header, right?",
        "yes, that's on purpose",
    )
    assert status_of(hs, "auth proxy") == "open"


def test_a_terse_answer_to_a_what_question_is_not_a_cause() -> None:
    """ "what version?" / "it's the old kernel build": naming the thing asked about, not a finding."""
    hs = board(
        "could be a node pinning the old kernel build on purpose?",
        "some nodes report a kernel version i don't recognise",
        "which version?",
        "it's the old kernel build",
    )
    assert status_of(hs, "kernel") != "confirmed"
    assert not [h for h in hs if h.status == "confirmed"]


def test_the_same_terse_finding_without_a_question_before_it_still_counts() -> None:
    """Control: with no question in between, "it's the X" stated on its own is still a finding."""
    hs = board("checking the workers", "it's the sidecar config")
    assert [h.status for h in hs if "sidecar" in h.statement.lower()] == ["confirmed"]


def test_a_yes_to_the_theory_itself_still_confirms_it() -> None:
    """Control: a question that *is* the theory is answered by the yes that follows it."""
    hs = board("is the cert on the ingress expired?", "yes, the ingress cert expired at 09:00")
    assert status_of(hs, "ingress") == "confirmed"


def test_not_coming_from_a_component_refutes_the_theory_naming_it() -> None:
    """ "the 5xx aren't coming from the proxy": a refutation without the word."""
    for line in (
        "so the 5xx aren't coming from the envoy proxy",
        "that 429 isn't from haproxy. must be further back",
        "the bad responses were not served from the cdn",
    ):
        assert _judge(line).refutes and _judge(line).strong, line
    hs = board(
        "429 smells like the haproxy layer to me",
        "no limiter config changes this week",
        "that 429 isn't from haproxy. must be further back",
    )
    assert status_of(hs, "haproxy") == "refuted"


def test_an_opinion_marker_is_not_part_of_the_theory() -> None:
    hs = board("502 smells like the ingress controller to me")
    assert [h.statement for h in hs] == ["The ingress controller"]


def test_a_cause_that_names_a_refuted_component_as_bypassed_does_not_revive_it() -> None:
    """The stated cause mentions the rate limiter only as something traffic went around."""
    hs = board(
        "429 smells like the haproxy layer to me",
        "that 429 isn't from haproxy, its logs are empty",
        "root cause: a stale route table entry sends some traffic past haproxy straight to the legacy api",
    )
    limiter = [h for h in hs if h.statement.lower().startswith("the haproxy")]
    assert [h.status for h in limiter] == ["refuted"]


def test_a_go_ahead_to_a_request_does_not_confirm_the_theory_in_it() -> None:
    """ "should i also check X? X could make Y" / "yes quickly": permission to check, not a verdict."""
    hs = board(
        "should i also look at the mail relay? relay backlog could make the digests late too",
        "yes quickly",
        "relay queue is empty, 0 deferred. it's only the renderer",
    )
    assert [h.status for h in hs if "relay" in h.statement.lower()] != ["confirmed"]


def test_a_theory_put_as_what_a_thing_could_do_is_raised() -> None:
    assert _judge("stale dns cache could explain the 502s").theory is not None
    assert _judge("could memcached on the edge be evicting?").theory is not None


def test_a_thing_to_rule_out_is_a_check_not_a_refutation() -> None:
    said_ = _judge("first thing i want to rule out is the payment gateway being slow")
    assert not said_.refutes


def test_plain_chat_refutations_settle_the_theory() -> None:
    for line in (
        "so whatever this is it isnt them",
        "nobody is hammering us",
        "per-tenant volume is boring",
        "its happy",
    ):
        assert _judge(line).refutes and _judge(line).strong, line


def test_a_process_question_for_the_review_is_no_theory() -> None:
    hs = board("quick q for the review: did the schema change go through staging?", "yes, staging was fine")
    assert not [h for h in hs if h.status == "confirmed"]


def test_a_cause_stated_after_a_label_with_an_effect_that_could_not_happen() -> None:
    """ "could not load" is what happened, not a hedge; the label before the colon is not the cause."""
    hs = board(
        "for the record: moving the queue to the small instance class left it without enough memory, "
        "so consumers could not keep up"
    )
    (cause,) = [h for h in hs if h.status == "confirmed"]
    assert cause.statement.lower().startswith("moving the queue")


def test_a_yes_to_a_task_request_confirms_nothing() -> None:
    """ "can you take the db side? i'll keep on X" / "yep": a yes to the task, not to the theory."""
    hs = board(
        "first thing i want to rule out is stripe being slow to answer. if it crawls our checkout blocks",
        "leo can you take the db side? i'll keep poking stripe",
        "yep",
    )
    (theory,) = [h for h in hs if "stripe" in h.statement.lower()]
    assert theory.status == "open"


def test_a_stated_cause_settles_an_open_theory_about_a_lower_case_name() -> None:
    """The settle policy reads lower-case product names too: "sentry" is a name, and a cause that
    never mentions it settles the theory."""
    hs = board(
        "first thing i want to rule out is sentry dropping events",
        "root cause: the ingest workers ran out of disk on the spool volume",
    )
    (theory,) = [h for h in hs if "sentry" in h.statement.lower()]
    assert theory.status == "refuted"


def test_a_labelled_theory_is_raised() -> None:
    assert _judge("hunch: every consumer reconnects to kafka at the same moment").theory is not None


def test_a_plain_because_reads_a_cause_only_when_it_says_what_the_cause_did() -> None:
    said_ = _judge("the restore was slow because VMs re-registering with RabbitMQ overloaded the hosts")
    assert said_.cause is not None and "rabbitmq" in said_.cause.lower()
    assert _judge("the rebuild is slow because half our tooling also needs dns lol").cause is None


def test_a_yes_from_the_person_asked_by_name_answers_them_not_an_older_theory() -> None:
    """ "… 2 min before the drop. @kofi?" asks Kofi; his "yes that was me" answers that, and does
    not back the theory floated just before about the same network."""
    hs = board(
        "maybe a carrier outage on the transit links?",
        "change log: a router address swap ran at 07:04, a minute before the drop. @kofi?",
        "here. yes that was me, it applied cleanly",
    )
    carrier = [h for h in hs if "carrier" in h.statement.lower()]
    assert carrier and not carrier[0].supporting and carrier[0].status != "confirmed"
