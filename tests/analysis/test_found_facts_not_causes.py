"""Facts found while investigating are not the cause: a count, a reproduction, a path walked through
a console, how long a symptom has lasted. Read as a cause, each would be confirmed on the board and
would settle every open theory as refuted.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from bot.analysis.claims import cause_claim, finding_claim
from bot.analysis.hypotheses import fold_messages
from bot.domain import Board
from tests.analysis.reading_support import said


@pytest.mark.parametrize(
    "clause",
    [
        "final count confirmed: 212 tenants.",
        "confirmed: ~4k jobs",
        "scope confirmed: 57 invoices",
    ],
)
def test_a_count_is_no_cause(clause: str) -> None:
    assert cause_claim(clause) is None


@pytest.mark.parametrize(
    "clause",
    [
        'repro\'d on the staging tenant: created a user via scim, opened the link -> "link expired".',
        "reproduced it with a fresh account, signup form -> 500.",
        "tested from the office vpn, login page -> blank screen.",
    ],
)
def test_a_reproduction_is_no_cause(clause: str) -> None:
    assert cause_claim(clause) is None


@pytest.mark.parametrize(
    "clause",
    [
        "billing project -> cloud run -> domain mappings -> certs.",
        "console → networking → load balancers → backends",
    ],
)
def test_a_path_through_a_console_is_no_cause(clause: str) -> None:
    assert cause_claim(clause) is None


def test_an_arrow_chain_that_says_what_broke_is_still_a_cause() -> None:
    """Control: the config lost its block, which emptied the list, which broke the run."""
    claim = cause_claim(
        "the config parser dropped the accounts block, so the keep list was empty -> every account got deleted"
    )
    assert claim is not None and "parser" in claim.lower()


@pytest.mark.parametrize(
    "clause",
    [
        "its been on/off since ~2am for them.",
        "ok it's been flapping since the deploy window",
        "it has been slow all morning",
    ],
)
def test_how_long_a_symptom_lasted_is_no_finding(clause: str) -> None:
    assert finding_claim(clause) is None


def test_terse_finding_still_read() -> None:
    """Control: "it's the pool size" still names the cause in a few words."""
    assert finding_claim("it's the pool size") is not None


def test_a_count_leaves_the_open_theory_open() -> None:
    hs = fold_messages(
        Board(channel="CINC"),
        [said(0, "is some crawler hammering the search pages?"), said(1, "final count confirmed: 212 tenants.", "bo")],
    ).hypotheses
    assert [h.status for h in hs] == ["open"]


@pytest.mark.parametrize(
    "clause",
    [
        "compromised builds removed from the registry, publish tokens revoked.",
        "vpn sessions cleared, stolen laptop removed, password reset, account locked",
        "all build caches deleted via the API (88 entries).",
        "stale rows deleted by hand; backfill running",
    ],
)
def test_a_step_reported_in_participles_is_no_cause(clause: str) -> None:
    """What was done to a thing ("x removed from y", "a cleared, b removed") reports a step."""
    assert cause_claim(clause) is None


@pytest.mark.parametrize(
    "clause",
    [
        "the nightly job deleted the user table",
        "the migration dropped, then recreated the column",
        "the cron deleted and recreated every row",
    ],
)
def test_a_subject_that_did_the_damage_is_still_a_cause(clause: str) -> None:
    assert cause_claim(clause) is not None


@pytest.mark.parametrize(
    "clause",
    [
        "decision: drop the tenant-level override so tokens validate against the global value, then restart eu first",
        "decision: restore the 3 wiped shards from the nightly backup, then repair from the live replicas",
        "ok decision: purge the poisoned cache entries, so new builds skip them",
        "plan: delete the stale routes, then re-announce",
    ],
)
def test_a_labelled_decision_is_no_cause(clause: str) -> None:
    assert cause_claim(clause) is None


@pytest.mark.parametrize(
    "clause",
    ["keep its queue so we can resume later, throttled", "park the failed batches so ops can replay them, throttled"],
)
def test_a_step_and_what_it_lets_us_do_is_no_cause(clause: str) -> None:
    """ "… so we can resume later" is the purpose of a step, even when a failure word follows."""
    assert cause_claim(clause) is None


def test_a_cause_and_the_failure_it_led_to_is_still_a_cause() -> None:
    claim = cause_claim("the cron fires every second, so the db is throttled")
    assert claim is not None and "cron" in claim.lower()


@pytest.mark.parametrize(
    "clause",
    [
        'just got a mail from the registry at 08:14 "API key deleted" that nobody saw.',
        "pager history, 03:10: “volume detached” on the ingest box, never acked",
    ],
)
def test_a_verb_inside_a_quoted_mail_or_log_line_is_no_cause(clause: str) -> None:
    """What a system wrote, quoted, is something seen; the speaker states no cause by quoting it."""
    assert cause_claim(clause) is None


@pytest.mark.parametrize(
    "clause",
    [
        "the scanner found its own copy of the key and flagged it",
        "the job found its way into the prod cron and ran twice",
    ],
)
def test_found_its_is_not_found_it(clause: str) -> None:
    """A possessive ("found its way", "found its own …"), not "found it: <the cause>"."""
    claim = cause_claim(clause)
    assert claim is None or not claim.startswith("s ")


@pytest.mark.parametrize(
    ("clause", "lead"),
    [
        ("at 14:05 the schema migration took down the orders api", "at 14:05 the schema migration"),
        ("in short: the 09:30 cron run filled up the scratch volume and broke ingest", "the 09:30 cron run"),
    ],
)
def test_a_clock_time_before_a_cause_is_no_label(clause: str, lead: str) -> None:
    """The colon of a time is not a label's: the cause keeps its time and its subject whole."""
    claim = cause_claim(clause)
    assert claim is not None and claim.lower().startswith(lead)


@pytest.mark.parametrize(
    "clause",
    [
        'draft: "An expired certificate on our edge proxies broke logins for some users.',
        '"A faulty update to the pricing table made the billing service fall back to stale prices;',
    ],
)
def test_a_quoted_status_draft_states_no_cause(clause: str) -> None:
    """A draft for the status page is wording under review, as it is for status: not a stated cause."""
    assert cause_claim(clause) is None
