"""Theories linked by the specific things they name, products the vocabulary does not know
included; causes read from plain causal sentences; conservative confirmation when a cause could
mean two theories. Written for these tests in general phrasing, no incident's own wording."""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import SETTLED, cause_claim, fold_messages
from bot.analysis.terms import entities, entity_overlap, named
from bot.domain import Board, Hypothesis
from tests.analysis.reading_support import said


def board(*texts: str) -> tuple[Hypothesis, ...]:
    return fold_messages(Board(channel="CINC"), [said(i, t) for i, t in enumerate(texts)]).hypotheses


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("any chance Cilium is dropping packets between the nodes?", "cilium"),
        ("could it be the Vitess resharding?", "vites"),
        ("maybe the TiKV raft store is behind", "tikv"),
        ("wondering if the metadata layer is serving stale entries", "metadata layer"),
        ("is the ledger-sync worker wedged?", "ledger-sync"),
    ],
)
def test_a_product_outside_the_vocabulary_is_a_named_thing(text: str, name: str) -> None:
    """Camel case, a capitalised word mid-sentence, a kebab id or modifier + head noun names a thing
    (kept as its stem, as every word is)."""
    assert name in named(text)
    assert len(board(text)) == 1


def test_a_sentence_start_capital_or_a_time_zone_is_no_product() -> None:
    """ "Restarting …" at a sentence's start, "UTC" and "ETA" name nothing."""
    assert named("Restarting the pods now, ETA 5 min, around 14:05 UTC") == named("restarting the pods now")


def test_the_lower_case_mention_of_a_product_links_to_its_theory() -> None:
    """ "cilium" later in lower case is the theory's "Cilium": a refutation finds it."""
    hs = board(
        "could be the Cilium agent dropping packets?",
        "ruled out cilium, the datapath counters show zero drops",
    )
    assert [h.status for h in hs] == ["refuted"]


def test_a_shared_part_of_a_word_links_nothing() -> None:
    """ "metadata" and "meta" are not the same thing; "layer" alone is not the metadata layer."""
    a = entities("wondering if the metadata layer is serving stale entries")
    assert entity_overlap(a, entities("the meta team is on the call")) == 0
    assert entity_overlap(a, entities("a different layer entirely")) < 2.0


@pytest.mark.parametrize(
    ("clause", "about"),
    [
        ("the Tuesday cert rotation took down every grpc client", "cert rotation"),
        ("the 502s were due to the new ingress rule", "ingress rule"),
        ("checkout was failing because of the expired intermediate cert", "intermediate cert"),
        ("the nightly compaction job overloaded the primary", "compaction job"),
        ("the v3.8.1 agent rollout broke log shipping on half the fleet", "v3.8.1"),
    ],
)
def test_a_plain_causal_sentence_states_a_cause(clause: str, about: str) -> None:
    """A past-tense causal sentence naming a change or component and a failure is a stated cause."""
    claim = cause_claim(clause)
    assert claim is not None and about in claim.lower()


@pytest.mark.parametrize(
    "clause",
    [
        "if the cert rotation took down the clients we'd see handshake errors",
        "did the ingress rule cause the 502s?",
        "the 502s were not due to the ingress rule",
        "latency was up due to the time of day, as usual",
    ],
)
def test_hedged_questioned_or_unnamed_causes_are_not_causes(clause: str) -> None:
    """A condition, a question, a negation or a cause that names no component states nothing."""
    assert cause_claim(clause) is None


def test_an_admission_in_the_first_message_is_a_confirmed_cause() -> None:
    """ "the cleanup script dropped the orders tables" opens the channel: identified from the start."""
    hs = board("heads up: the cleanup script dropped the orders tables in prod around 09:40", "restoring from snapshot")
    assert [h.status for h in hs] == ["confirmed"]
    assert "cleanup script" in hs[0].statement.lower()


def test_a_cause_confirms_the_theory_whose_names_it_shares_most() -> None:
    """Two theories; the cause names the Redis cluster's eviction policy: that one is confirmed, and
    the Kafka theory it leaves out is settled as refuted by it."""
    hs = board(
        "could it be the kafka consumer lag?",
        "or the redis eviction policy change from this morning?",
        "root cause: the redis eviction policy change evicted every session key",
    )
    statuses = {h.statement.lower(): h.status for h in hs}
    assert next(s for st, s in statuses.items() if "redis" in st) == "confirmed"
    assert [s for st, s in statuses.items() if "kafka" in st] == ["refuted"]


def test_a_cause_two_theories_fit_equally_confirms_neither() -> None:
    """ "the database" fits the failover theory and the pool theory alike: neither is confirmed (both,
    unbacked, are left behind by the stated cause)."""
    hs = board(
        "was it the db failover at 03:10?",
        "or the db pool size change?",
        "root cause: the db",
    )
    theories = [h for h in hs if h.raised_ts in (said(0, "").ts, said(1, "").ts)]
    assert [h.status for h in theories] == ["refuted", "refuted"]
    assert all(h.confidence == SETTLED for h in theories)


def test_a_yes_to_a_product_theory_confirms_only_that_theory() -> None:
    """An explicit yes naming Cilium confirms the Cilium theory, not the DNS one beside it (which
    the stated cause, naming something else, settles as refuted)."""
    hs = board(
        "any chance it's coredns?",
        "or Cilium dropping packets?",
        "yes, confirmed: cilium policy drops, hubble shows them",
    )
    statuses = {("cilium" if "cilium" in h.statement.lower() else "dns"): h.status for h in hs[:2]}
    assert statuses == {"cilium": "confirmed", "dns": "refuted"}


def test_shared_plain_words_support_but_never_confirm() -> None:
    """ "stale totals rendering …, confirmed" shares words with the theory but not its name (the
    billing worker): it supports the theory, and only a message naming it could confirm it."""
    hs = board(
        "any chance the billing worker is rendering stale totals?",
        "looking at the queue graphs",
        "checking the deploy log",
        "nothing in the proxy logs either",
        "stale totals rendering on every invoice page, confirmed",
    )
    assert [h.status for h in hs] == ["open"]
    assert hs[0].supporting == (said(4, "").ts,)


@pytest.mark.parametrize(
    ("code_name", "plain"),
    [
        ("RevokeSecurityGroupIngress", "the security group"),
        ("getUserProfile", "the user profile call"),
        ("DeleteObjectVersions", "deleted object versions"),
    ],
)
def test_a_camel_case_api_name_names_its_words(code_name: str, plain: str) -> None:
    """An API call or function in a log line ("cloudtrail: RevokeSecurityGroupIngress at 18:31") is
    about the things its words name, so it links to a theory that names them in plain words."""
    shared = entity_overlap(entities(f"cloudtrail shows {code_name} at 18:31"), entities(f"is it {plain}?"))
    assert shared >= 1.0


def test_a_two_word_product_name_stays_one_name() -> None:
    """Control: "PgBouncer" is a product, not "pg" plus "bouncer"."""
    assert "bouncer" not in entities("PgBouncer is refusing connections")
