"""Theories as responders float them, judged by the things they name, and causes stated in words.

Written for these tests in real-channel styles (questions as theories, refutations without the
word, causes with and without an earlier guess); none of it is the bundled example's wording.
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import fold_messages
from bot.analysis.report import cause_citations, confirmed
from bot.domain import Board, Hypothesis
from tests.analysis.reading_support import said


def board(*texts: str | tuple[str, float]) -> tuple[Hypothesis, ...]:
    """Fold messages one minute apart; a (text, parent minute) pair is a thread reply."""
    messages = [said(i, t) if isinstance(t, str) else said(i, t[0], thread=t[1]) for i, t in enumerate(texts)]
    return fold_messages(Board(channel="CINC"), messages).hypotheses


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("any chance it's DNS?", "dns"),
        ("could be the new LB config that went out at 14:00", "lb config"),
        ("my money's on the cron that rotates the logs", "cron"),
        ("is the identity service down? would explain the cli errors", "identity service"),
        ("backup itself corrupted?", "backup"),
        ("i suspect the new kafka client's batch size", "kafka"),
        ("smells like cert expiry on the edge", "cert"),
        ("could the search cluster be falling over?", "search cluster"),
    ],
)
def test_theories_as_questions_and_guesses(text: str, about: str) -> None:
    (h,) = board(text)
    assert about in h.statement.lower()
    assert (h.status, h.raised_ts) == ("open", said(0, text).ts)


@pytest.mark.parametrize(
    "text",
    [
        "<@UANA> can you check the redis cluster?",
        "anyone know the bridge link?",
        "we promoted it at 22:18, right?",
        "maybe i'll grab a coffee first",
        "looks like errors are dropping",
        "nothing points at an intrusion",
    ],
)
def test_requests_fact_checks_and_trends_are_not_theories(text: str) -> None:
    assert board(text) == ()


@pytest.mark.parametrize(
    ("theory", "reply"),
    [
        ("could it be the LB?", "ruled out the load balancer, graphs are flat"),
        ("any chance it's the db?", "not the db, replicas are fine"),
        ("maybe postgres is out of connections?", "database has 40 of 500 connections in use, all fine"),
        ("is it dns?", "dns isn't the thing, the routes are missing"),
        ("could this be an attack?", "nah, inbound volume is normal, it's our own nodes talking"),
        ("my bet is the kafka brokers", "brokers look healthy, ISR full"),
        ("did we ship anything overnight? bad deploy?", "nothing deployed since yesterday, last release is 26h old"),
    ],
)
def test_refutation_without_the_word_by_what_it_names(theory: str, reply: str) -> None:
    """A reply that says the named thing is fine refutes the theory, however it spells the thing."""
    (h,) = board(theory, reply)
    assert h.status == "refuted"
    assert h.refuting == (said(1, reply).ts,)


def test_a_refutation_of_something_else_leaves_the_theory_alone() -> None:
    """Support and refutation link by the entities both name, not by any shared word."""
    (h,) = board("any chance it's the cdn?", "the db replicas look fine")
    assert (h.status, h.refuting) == ("open", ())


def test_a_reply_in_the_theorys_thread_judges_it() -> None:
    (h,) = board("is it the cache? evictions look high", ("nope, hit rate steady at 97%", 0))
    assert h.status == "refuted"


@pytest.mark.parametrize(
    "cause",
    [
        "root cause: the cert on the edge proxies expired at 00:00 utc",
        "the culprit was the nightly reindex job locking the orders table",
        "turns out the billing cron ran twice and double-charged",
        "found it. the route reflectors lost their node label after the upgrade",
        "the new kernel drops the egress routes on restart, that's the whole outage.",
        "writing the cause down for the record: the abuse tool disabled the whole storage gateway",
    ],
)
def test_a_cause_stated_without_an_earlier_theory_is_confirmed(cause: str) -> None:
    (h,) = board("investigating", cause)
    assert h.status == "confirmed"
    assert h.supporting == (said(1, cause).ts,)


def test_a_stated_cause_confirms_the_theory_it_names() -> None:
    """ "root cause: …" that names the theory's component confirms that theory, not a new one."""
    hyps = board(
        "any chance it's dns?",
        "my money's on the firewall agents",
        "firewall agents are idle, nothing unusual there",
        "root cause: the resolvers ran out of capacity after the dns upgrade",
    )
    dns, firewall = hyps
    assert (dns.status, firewall.status) == ("confirmed", "refuted")
    assert said(3, "").ts in dns.supporting


def test_yes_to_the_theory_just_raised_confirms_it() -> None:
    dns, *_ = board(
        "mesh sidecars fail to resolve upstreams. any chance it's dns?", "yep, the dns servers are pegged at 30x"
    )
    assert dns.status == "confirmed"


def test_a_refuted_theory_is_not_revived_by_a_cause_that_shares_one_component() -> None:
    """Safer to add a confirmed cause than to confirm a theory the channel ruled out."""
    hyps = board(
        "could it be the db connection pool?",
        "ruled out the pool, 40% used and no waiters",
        "root cause: a migration took a lock on the orders table in the db for 20 minutes",
    )
    assert hyps[0].status == "refuted"
    assert hyps[1].status == "confirmed"


def test_hedged_causes_are_theories_not_confirmations() -> None:
    (h,) = board("root cause is probably the thundering herd from the sdk upgrade")
    assert h.status == "open"


def test_root_cause_is_the_stated_cause_and_cites_its_statement() -> None:
    """Of several confirmed theories, the postmortem's root cause is the best-evidenced one."""
    hyps = board(
        "any chance it's the cache?",
        "yep, cache hit rate fell to 40%",
        "turns out the config push at 09:12 set the cache ttl to 1s on every region",
    )
    cause = confirmed(Board(channel="CINC", hypotheses=hyps))
    assert cause is not None
    assert "ttl" in cause.statement
    assert said(2, "").ts in cause_citations(cause)


def test_announcement_and_cause_in_one_clause() -> None:
    (h,) = board("still digging", "that's it then: the quota policy with empty fields crashes the policy-check binary")
    assert h.status == "confirmed"


def test_a_suspect_named_before_that_is_the_suspect_is_a_theory_a_bare_name_does_not_confirm_it() -> None:
    """ "… at 04:09. that's the suspect" raises the clause before it; a later bare "it's <name>" states
    no cause, so the theory stays open."""
    hyps = board(
        "we pushed the pricing rules bundle at 04:09. that's the suspect", "traces point at the parser. it's bundle"
    )
    (h,) = hyps
    assert "pricing rules bundle" in h.statement.lower()
    assert h.status == "open"


def test_a_yes_confirms_the_theory_but_does_not_identify_the_cause() -> None:
    """An answer to a question confirms the theory with less weight than a stated cause."""
    (h,) = board("any chance it's dns?", "yep, the resolvers are pegged")
    assert h.status == "confirmed"
    assert h.confidence < 90


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("could it be the idp side?", "idp"),
        ("any chance it's the jwks cache?", "jwks"),
        ("could ldap be behind the stale groups?", "ldap"),
        ("is the 2fa provider timing out?", "2fa"),
    ],
)
def test_identity_abbreviations_raise_a_theory(text: str, about: str) -> None:
    """Identity stacks are talked about in abbreviations; a theory naming only one is still a theory."""
    (h,) = board(text)
    assert about in h.statement.lower()


def test_an_abbreviation_and_its_vendor_name_are_one_thing() -> None:
    """A reply about the identity provider by its vendor's name settles the theory asked by abbreviation."""
    (h,) = board("could it be the idp side?", "checked okta, their status is green and our sso logins work fine")
    assert h.status == "refuted"


def test_a_contrast_in_the_message_that_raises_a_theory_does_not_refute_it() -> None:
    """ "my bet: X. not a Y thing" rules out Y; the bet itself stands until someone checks it."""
    (h,) = board("my bet: someone replayed a stolen session cookie after the mfa step. not a password thing")
    assert h.status == "open"


def test_a_theory_raised_and_checked_in_one_message_is_refuted() -> None:
    (h,) = board("could it be the idp? nope, checked, not that")
    assert h.status == "refuted"


@pytest.mark.parametrize(
    ("theory", "reply"),
    [
        (
            "did someone hand-edit the haproxy config?",
            "checked the audit log, no one changed the haproxy config since tuesday",
        ),
        (
            "did someone get into the assets bucket and swap the bundle?",
            "object versions on the bucket are all from the release job. nobody touched the bucket",
        ),
    ],
)
def test_nobody_touched_it_refutes_a_theory_that_someone_did(theory: str, reply: str) -> None:
    (h,) = board(theory, reply)
    assert h.status == "refuted"


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("first guess the sidecar got oom-killed and took the app container with it", "sidecar"),
        ("my first thought is clock skew on the new hosts", "clock skew"),
        ("other hunch: the nightly reindex", "reindex"),
    ],
)
def test_a_first_guess_or_other_hunch_is_a_theory(text: str, about: str) -> None:
    (h,) = board(text)
    assert about in h.statement.lower()
    assert h.status == "open"


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("ten bucks says the facilities crew tripped a breaker restoring the chiller", "breaker"),
        ("my first thought is the cron job broke the index", "cron"),
        ("could it also be the cron?", "cron"),
        ("could it just be the thermal sensors lying again?", "thermal"),
    ],
)
def test_a_bet_or_a_hedged_could_is_an_open_theory_not_a_cause(text: str, about: str) -> None:
    """A cause said as a bet ("ten bucks says …", "my first thought is …") is a guess: it stays open."""
    (h,) = board(text)
    assert about in h.statement.lower()
    assert h.status == "open"


@pytest.mark.parametrize("text", ["first thought was to page the db team", "one idea: we roll back and watch"])
def test_a_first_thought_that_is_a_plan_is_no_theory(text: str) -> None:
    assert board(text) == ()


def test_a_verdict_goes_to_the_theory_it_names_when_two_name_the_same_component() -> None:
    """Two theories about the cdn tier ("fastly tls provisioning?", "the waf?"): a "no" that names one of
    them refutes that one, not the older."""
    first, second = board(
        "could it be fastly tls provisioning for the custom domains?",
        "or the waf? 403 is what a block looks like",
        "so that 403 isn't from the waf, blocks are at zero",
    )
    assert (first.status, second.status) == ("open", "refuted")


def test_a_theory_refuted_by_evidence_is_not_confirmed_by_a_nearby_confirmed() -> None:
    """ "confirmed." opening a cause about something else that shares a word does not overturn a check."""
    (h, *_rest) = board(
        "did someone get into the assets bucket and swap the bundle?",
        "bucket objects match the release artifacts. nobody touched the bucket",
        "confirmed. the charting chunk in our bundle carries injected code, upstream: the npm package is compromised",
    )
    assert h.status == "refuted"


def test_a_later_cause_naming_only_the_component_does_not_revive_a_bare_change_question() -> None:
    """ "did anything ship in the last hour?" names only "a change"; once a stated cause has settled it, a
    later cause that merely mentions a push (here a push notification) does not confirm it again."""
    first, *_rest = board(
        "did anything ship in the last hour?",
        "pgbouncer pools look sane, server conns are busy running real queries. it's genuine load",
        "was there a big campaign? badge counts get hammered when a post goes to everyone",
        "push goes out -> everyone opens the app -> the badge query scans the whole audience table",
    )
    assert first.status == "refuted"


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("did someone get phished? a maintainer's token published these", "phished"),
        ("any chance the build cache was poisoned by a fork run?", "poisoned"),
        ("is this a typosquat of our package?", "typosquat"),
    ],
)
def test_supply_chain_and_phishing_words_name_a_security_theory(text: str, about: str) -> None:
    (h,) = board(text)
    assert about in h.statement.lower()


def test_a_git_checkout_is_no_verdict_on_the_theory() -> None:
    """ "checks out the merge ref" is git, not "the theory checks out" and not "the config checks out"."""
    (h,) = board(
        "could a fork PR have poisoned the ci cache through the pull_request_target workflow?",
        "that workflow checks out refs/pull/N/merge and runs the install under pull_request_target",
    )
    assert h.status == "open"


def test_yeah_that_kills_it_refutes_the_theory_it_follows() -> None:
    """ "ok yeah that kills it" after evidence against a theory agrees with the evidence: the theory is dead,
    not confirmed by the "yeah"."""
    (h,) = board(
        "could the release pipeline have been hijacked through a poisoned action?",
        "pipeline runs tonight: none. the publish came straight from a laptop cli, no provenance",
        "ok yeah that kills it",
    )
    assert h.status == "refuted"
