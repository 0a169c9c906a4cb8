"""Final status of each theory, and confirmation kept strictly explicit.

Policy (the one the incident answer keys follow): a theory nobody returns to stays open; an
unsupported theory left open when a cause is stated was settled by it (refuted), even when it named a
part of the same system; a theory is confirmed only by a cause statement or an explicit yes that names the same
specific thing. Shared broad components ("the db"), shared plain words or a yes that names
something else never confirm. Written for these tests in general incident phrasing.
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board, Hypothesis
from tests.analysis.reading_support import said


def board(*texts: str | tuple[str, float]) -> tuple[Hypothesis, ...]:
    """Fold messages one minute apart; a (text, parent minute) pair is a thread reply."""
    messages = [said(i, t) if isinstance(t, str) else said(i, t[0], thread=t[1]) for i, t in enumerate(texts)]
    return fold_messages(Board(channel="CINC"), messages).hypotheses


def status_of(hs: tuple[Hypothesis, ...], word: str) -> str:
    (found,) = [h.status for h in hs if word in h.statement.lower()]
    return found


def test_a_theory_nobody_returns_to_stays_open() -> None:
    """No verdict and no other cause: the theory is still open at the end."""
    hs = board("could the memcached fleet be evicting everything?", "checking the edge graphs", "ok, still looking")
    assert status_of(hs, "memcached") == "open"


def test_a_cause_naming_something_else_settles_earlier_open_theories() -> None:
    """The channel moves on to another stated cause: the theory it leaves out is refuted by it."""
    hs = board(
        "maybe the vault tokens expired?",
        "or the billing worker is wedged?",
        "root cause: the nightly partition job locked the ledger table for 40 min",
    )
    assert status_of(hs, "vault") == "refuted"
    assert status_of(hs, "billing") == "refuted"
    cause = next(h for h in hs if "partition job" in h.statement.lower())
    assert cause.status == "confirmed"
    settled = next(h for h in hs if "vault" in h.statement.lower())
    assert settled.refuting == (said(2, "").ts,)


def test_a_theory_raised_after_the_cause_stays_open() -> None:
    """A later side question ("maybe something else pushed it over?") is nobody's verdict yet."""
    hs = board(
        "root cause: the nightly partition job locked the ledger table",
        "hmm, maybe the vault tokens expired too?",
    )
    assert status_of(hs, "vault") == "open"


def test_a_supported_theory_is_not_settled() -> None:
    """Support may make a theory part of the story: it is left as it was."""
    hs = board(
        "could the ingress controller be dropping conns?",
        "that matches the ingress controller graphs",
        "root cause: the nightly partition job locked the db for 40 min",
    )
    assert status_of(hs, "ingress") == "open"


def test_an_unbacked_theory_sharing_a_component_with_the_cause_is_settled_not_confirmed() -> None:
    """A theory about the same broad component that nobody backed is left behind by the stated
    cause: refuted (revivable), never confirmed by the shared component."""
    hs = board(
        "maybe the ledger db replica is lagging?",
        "root cause: the nightly partition job locked the db for 40 min",
    )
    assert status_of(hs, "ledger") == "refuted"


def test_a_settled_theory_is_confirmed_when_a_later_cause_names_it() -> None:
    """A side finding settles the open theories; the real cause, stated later, still confirms one."""
    hs = board(
        "smells like calico routing, peers look odd",
        "root cause of the restore failure: the snapshot certs only cover cp-1",
        "dug through logs: calico lost every bgp peer when the node label went away, that's the outage",
    )
    assert status_of(hs, "calico") == "confirmed"


@pytest.mark.parametrize(
    ("theory", "verdict"),
    [
        # A broad component shared, what the theory says about it not: "failover" is never named.
        ("was it the db failover at 03:10?", "root cause: the db connection pool was exhausted"),
        # A yes that names something else is no answer to the question.
        ("any chance it's the db failover?", "yep, the db pool is maxed out"),
        # Another id of the same kind.
        ("was it deploy 4512?", "confirmed: deploy 4513 broke checkout"),
        # Another product behind the same component.
        ("could it be Consul flapping?", "root cause: the Envoy sidecar config dropped every route"),
        # Plain words shared ("stale", "totals"), not the thing.
        ("maybe the billing worker renders stale totals?", "confirmed stale totals on the dashboard"),
        # Negated and hedged findings judge nothing.
        ("could it be the redis cluster?", "not confirmed yet that it's the redis cluster"),
        ("could it be the redis cluster?", "i doubt the redis cluster is the cause"),
    ],
)
def test_near_misses_never_confirm(theory: str, verdict: str) -> None:
    """Each near miss leaves the theory unconfirmed (the cause may stand as its own hypothesis)."""
    hs = board(theory, "checking", "still checking", "looking at graphs", verdict)
    assert hs[0].status != "confirmed"


def test_a_bare_yes_right_after_the_question_confirms_it() -> None:
    """ "yep" answering the theory just floated, naming nothing else, confirms it."""
    hs = board("any chance it's the ingress controller?", "yep")
    assert hs[0].status == "confirmed"


def test_a_yes_naming_the_same_thing_confirms_it() -> None:
    """ "yes, the ingress controller …" is an explicit yes to the ingress theory."""
    hs = board("could the ingress controller be dropping conns?", "yes, ingress controller drops them on reload")
    assert hs[0].status == "confirmed"


def test_broad_components_named_in_other_words_do_not_confirm() -> None:
    """ "the new release can't take the load" is not confirmed by a cause that happens to mention a
    change and a burst: the theory's own words ("take", "release") are not in it."""
    hs = board(
        "maybe the new release just can't take the load?",
        "root cause: the acl change makes every agent re-resolve names, a burst the resolvers can't absorb",
    )
    assert hs[0].status != "confirmed"


def test_a_weak_support_earlier_in_a_message_does_not_shield_a_theory_from_its_refutation() -> None:
    """ "… lines up with our own rollout. not an attack": the explicit refutation stands."""
    hs = board(
        "could this be someone attacking the fleet?",
        "no hostile logins, the crash lines up with our own content rollout. not an attack",
    )
    assert hs[0].status == "refuted"


def test_a_yes_after_other_talk_answers_that_talk_not_an_older_theory() -> None:
    """A "yes" answers the message just before it; when someone else spoke between the theory and the
    yes (a log line, a remark), the yes may be about that and does not confirm the theory."""
    hs = board(
        "could the new scheduler build be ours?",
        "my queue change went out a few minutes before the spike",
        "worker logs are full of lease timeouts",
        "yes. the leases time out",
    )
    assert hs[0].status != "confirmed"


def test_a_yes_to_a_question_restating_the_theory_confirms_it() -> None:
    """ "so their failover flooded us?" asks about the open theory again: the next "yes" answers it."""
    hs = board(
        "my guess: the partner exchange maintenance is flooding our edge with routes",
        "so the partner exchange maintenance flooded our edge?",
        "yes, the partner exchange maintenance flooded the edge routers, logs show it",
    )
    assert hs[0].status == "confirmed"
    # The same yes after an unrelated remark answers that remark: it only supports.
    later = board(
        "my guess: the partner exchange maintenance is flooding our edge with routes",
        "edge cpu is pegged",
        "yes, the partner exchange maintenance flooded the edge routers, logs show it",
    )
    assert later[0].status == "open" and later[0].supporting


def test_a_yes_to_a_question_sharing_only_a_broad_word_with_an_old_theory_confirms_nothing() -> None:
    """A later question about another thing of the same kind ("the archived tenant" after a theory
    about "the migrated tenant") does not restate the theory: the "yes" answers that question."""
    hs = board(
        "could the migrated tenant have exported customer data?",
        "pulling the audit log",
        "slow query, retrying",
        "still nothing odd",
        "ok",
        "looking at the rest",
        "and the archived tenant... is it purged for good?",
        "yes purged. archiving wipes its rows at once so only the audit events are left",
    )
    assert hs[0].status != "confirmed"


def test_a_later_question_repeating_an_old_theorys_words_is_still_answered_for_it() -> None:
    """Asked again long after, in other case ("ETL" / "etl") and as a chain of steps, the theory is
    still the one the next "yes" answers."""
    hs = board(
        "hunch: the ETL workers all retry against the ledger at once",
        "checking the ledger graphs",
        "p99 is ugly",
        "paging the data team",
        "ok",
        "still digging",
        "so the chain is: etl workers retry at once -> ledger overload -> timeouts?",
        "yes, exactly what the logs show",
    )
    assert hs[0].status == "confirmed"


def test_a_suspect_named_before_is_it_ours_in_the_same_clause() -> None:
    """ "the billing worker went out after lunch, could be ours?": the suspect is the clause's own lead."""
    hs = board("the billing worker was released at noon, could be ours?")
    assert len(hs) == 1 and "billing worker" in hs[0].statement.lower()


@pytest.mark.parametrize("when", ["tonight", "over the weekend"])
def test_a_question_about_a_change_in_a_past_time_span_raises_a_theory(when: str) -> None:
    """A time span that refers to the incident window does not make the question logistics."""
    hs = board(f"anyone know if the ansible playbook touched the nat gateways {when}?")
    assert len(hs) == 1 and "ansible playbook" in hs[0].statement.lower()


def test_a_public_draft_states_a_cause_but_confirms_no_theory_by_its_broad_words() -> None:
    """A draft for customers words the cause vaguely ("a network incident at our vendor"): it stands
    as its own cause and leaves the earlier theory behind, never confirming it by a shared component."""
    hs = board(
        "could it be the network?",
        'draft, please review:\n"Uploads fail because of a network incident at our hosting vendor."',
    )
    assert hs[0].status != "confirmed"
    assert any(h.status == "confirmed" and "vendor" in h.statement.lower() for h in hs[1:])
    # The same words said as a finding, not a draft, confirm the bare theory.
    said_plainly = board("could it be the network?", "uploads fail because of a network incident at our hosting vendor")
    assert said_plainly[0].status == "confirmed"


def test_a_public_draft_raises_no_theory() -> None:
    """Wording meant for customers ("may be related to the database") is not a responder's guess."""
    hs = board("draft, fine to send?\n> Some requests may fail. It could be the database; we are looking into it.")
    assert hs == ()


@pytest.mark.parametrize(
    "reading",
    ["consumer lag ~0, produce latency normal", "queue backlog zero and cpu flat", "replication lag at 0"],
)
def test_a_metric_read_as_normal_refutes_the_theory_about_it(reading: str) -> None:
    """A reading without a verb ("lag ~0", "latency normal") refutes the theory that the thing misbehaves."""
    hs = board("kafka consumer lag behind?", f"kafka {reading}")
    assert hs[0].status == "refuted"


@pytest.mark.parametrize("subject", ["anything", "something"])
def test_did_anything_change_raises_a_theory(subject: str) -> None:
    """ "did anything get pushed to X?" floats a change as the cause, like "did we ship …?"."""
    hs = board(f"did {subject} get pushed to the billing worker before noon?")
    assert len(hs) == 1


@pytest.mark.parametrize("ask", ["could that be it?", "is this related?", "might that be the trigger?"])
def test_a_deictic_question_takes_its_suspect_from_the_clause_before(ask: str) -> None:
    """ "the cron moved to 02:00 last week, could that be it?": the cron move is the theory."""
    hs = board(f"the billing cron moved to 02:00 last week, {ask}")
    assert len(hs) == 1 and "billing cron" in hs[0].statement.lower()


def test_a_public_draft_restating_the_confirmed_cause_supports_it() -> None:
    """The draft words the known cause for customers: it backs that cause instead of adding one."""
    hs = board(
        "root cause: the storage quota service rejected every write after its config push",
        'draft for review:\n"Writes failed because of a configuration change in our storage quota service."',
    )
    assert [h.status for h in hs] == ["confirmed"]
    assert said(1, "").ts in hs[0].supporting


def test_a_public_draft_in_other_words_adds_no_second_cause() -> None:
    """Once a cause is confirmed, a draft that words it for customers in other words ("our database ran
    out of memory") is that cause again, not a second confirmed item."""
    hs = board(
        "root cause: the signing key rotation left the old key in the jwks cache",
        'draft for twitter: "Our database ran out of memory at 12:48 ET and took down everything with it. '
        'Upgraded, things coming back." ok?',
    )
    assert [h.status for h in hs] == ["confirmed"]


def test_a_theory_confirmed_by_its_answer_settles_the_unbacked_ones_before_it() -> None:
    """A yes that confirms one theory leaves the earlier unbacked ones behind, as a stated cause does."""
    hs = board(
        "maybe the dns resolvers are overloaded?",
        "any chance it's the redis session cache?",
        "yep, redis session cache evicts every key on each deploy",
    )
    assert status_of(hs, "dns") == "refuted"
    assert status_of(hs, "session cache") == "confirmed"


def test_a_small_nonzero_reading_is_not_read_as_zero() -> None:
    """ "lag 0.4s" is a measurement, not "lag 0": it refutes nothing by itself."""
    hs = board("kafka consumer lag behind?", "kafka consumer lag 0.4s and climbing")
    assert hs[0].status == "open"
