"""Causes written as findings, theories in more shapes, and refutations without the word.

Each phrase is written for these tests in general incident language (not from any incident set and
not from the bundled example): a cause stated without a cue word, a theory whose product name opens
the sentence, a theory floated as "did we ship …?" or "two options: …", a refutation such as "this
is not an attack".
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import cause_claim, claim_named, finding_claim, fold_messages, theory_claim
from bot.domain import Board, Hypothesis
from tests.analysis.reading_support import said


def board(*texts: str) -> tuple[Hypothesis, ...]:
    return fold_messages(Board(channel="CINC"), [said(i, t) for i, t in enumerate(texts)]).hypotheses


def stated(text: str) -> str | None:
    return cause_claim(text) or finding_claim(text)


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("it is the connection limit on the proxy", "connection limit"),
        ("ok it's the sidecar config", "sidecar config"),
        ("pretty sure we open a new db connection per call instead of pooling them", "db connection"),
        ("fairly confident the vault token ttl is the thing", "vault token"),
        ("looks like the intermediate cert expired overnight", "cert expired"),
        ("seems the replica was never attached to the new pool", "replica"),
        ("culprit is the nightly compaction job", "compaction job"),
        ("root cause: the ingress rule from PR 4411", "ingress rule"),
        ("found it — the cleanup cron wiped the tmp volume", "cron"),
        ("ok so: root problem is the payment upstream not answering on either site", "payment upstream"),
        ("the real issue was the dns resolver cache holding the old address", "dns resolver"),
    ],
)
def test_causes_written_as_findings_are_read_as_causes(text: str, about: str) -> None:
    claim = stated(text)
    assert claim is not None and about in claim.lower()


@pytest.mark.parametrize(
    "text",
    [
        "looks like the db is slow",  # what is seen, not what failed
        "pretty sure we'll hit the api quota if we scale out",  # a prediction
        "its only the eu edge, rest is fine",  # where, not why
        "it's the oauth token we hold for them",  # which one, not why
        "it's fine now",
        "it's the same as yesterday",
        "not sure it's the proxy config",
        "looks like errors are dropping",
    ],
)
def test_look_alikes_are_not_causes(text: str) -> None:
    assert stated(text) is None


def test_a_finding_in_a_message_that_asks_is_no_cause() -> None:
    """ "maybe the kafka cluster? it's eu-west-heavy": the second sentence describes the guess."""
    hs = board("maybe the broker cluster is what everything waits on? it's eu-west-heavy")
    assert all(h.status == "open" for h in hs)


def test_a_finding_confirms_the_theory_it_names() -> None:
    """The theory floated earlier is confirmed by the finding that names the same thing."""
    hs = board(
        "maybe we open a new db connection per call?",
        "checking heap",
        "pretty sure we open a new db connection per call instead of pooling them",
    )
    assert hs[0].status == "confirmed"


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("Kafka lag could be it?", "kafka"),
        ("Zookeeper session churn might be the cause", "zookeeper"),
        ("Consul flapping?", "consul"),
        ("did we ship a resolver release this week?", "resolver"),
        ("two options on the table: a vendor-side compromise, or someone read it from our side", "compromise"),
        ("Could the nightly run have read a stale state file?", "state file"),
        ("secops wants to know if someone is attacking the login api", "attacking"),
        ("seems the route changes came from the peering exchange", "route changes"),
        ("is it power? the ups at site b had work last week", "power"),
        ("or a customer sending a huge burst?", "burst"),
    ],
)
def test_more_theory_shapes_are_raised(text: str, about: str) -> None:
    (h,) = board(text)
    assert about in h.statement.lower() and h.status == "open"


def test_a_product_name_opening_a_claim_is_a_name() -> None:
    """ "Consul …" at the start of a claim names Consul; "Checked …" names nothing."""
    assert "consul" in claim_named("Consul flapping")
    assert claim_named("Checked the graphs") == frozenset()
    assert theory_claim("Consul flapping could be it?") is not None


@pytest.mark.parametrize(
    ("theory", "reply"),
    [
        ("could this be someone attacking the fleet?", "security view: this is not an attack, all logins are ours"),
        ("maybe it's dns?", "dns is a symptom, not the cause: resolvers are fine, they just have no route"),
        ("did we ship a resolver release this week?", "last resolver release was 9 days ago, it isn't lining up"),
    ],
)
def test_refutations_without_the_word_settle_the_theory(theory: str, reply: str) -> None:
    hs = board(theory, reply)
    assert hs[0].status == "refuted"


@pytest.mark.parametrize(
    "text",
    [
        "options: (a) fail over to the standby, (b) hotfix the retry limit",
        "two options: restart the ingest workers or drain the node",
    ],
)
def test_options_for_a_fix_are_not_theories(text: str) -> None:
    assert board(text) == ()


def test_a_question_about_an_unknown_lowercase_name_is_a_theory_judged_by_that_name() -> None:
    """ "maybe flinkd itself crashed?" names a product the vocabulary does not know: it is raised,
    a refutation naming it settles it, and nothing but its own words repeated could confirm it."""
    hs = board(
        "maybe flinkd itself crashed and came back wedged?",
        "flinkd is fine, uptime 9 days and no restarts",
    )
    assert "flinkd" in hs[0].statement and hs[0].status == "refuted"
    assert (
        board("maybe flinkd itself crashed and came back wedged?", "yes, confirmed: the backlog is huge")[0].status
        != "confirmed"
    )


def test_a_statement_about_an_unknown_name_is_not_a_theory() -> None:
    """Without a question, an unknown name is just talk."""
    assert board("flinkd restarts are normal at this hour, i think") == ()


@pytest.mark.parametrize(
    ("theory", "reply"),
    [
        ("did a billing binary go out today?", "no release today, the current build rolled out weeks ago"),
        ("could the duplicate emails be a separate retry bug?", "looked: all in the retry window. expected behaviour"),
    ],
)
def test_more_refutations_of_changes_and_side_theories(theory: str, reply: str) -> None:
    hs = board(theory, reply)
    assert hs[0].status == "refuted"
