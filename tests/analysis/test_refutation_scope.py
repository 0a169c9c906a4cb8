"""What does not refute a theory although it reads like a clean check: a decision not to do something
("not reverting the sync change yet"), a fault said plainly ("it's just not on the network"), a clean
result hedged to the moment ("no unknown pushes so far"), a clean bill for the others that sets the
sick one apart ("the other five hosts have no xfs errors"); and a concession ("yeah fair") that grants a
doubt, which does not confirm the theory doubted.

Written for these tests in general incident phrasing, modelled on the dev channels that showed each case
(session 32), with other names and figures; nothing from the example incident.
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board, Hypothesis
from tests.analysis.reading_support import board, said, status_of


@pytest.mark.parametrize(
    "decision",
    [
        "not reverting the folder-sync change yet, we have headroom now",
        "not rolling back the folder-sync change tonight, fixing the reads properly tomorrow",
    ],
)
def test_a_decision_not_to_do_something_is_no_refutation(decision: str) -> None:
    hs = board("could the folder-sync change be what's eating the io?", decision)
    assert status_of(hs, "folder-sync") != "refuted"


def test_a_behaviour_denied_of_its_subject_still_refutes() -> None:
    """Control: with a subject, "it's not crashing" answers a theory that it crashes."""
    hs = board("is the new worker image crashing jobs?", "checked the new pods, it's not crashing or failing jobs")
    assert status_of(hs, "worker image") == "refuted"


def test_a_fault_said_plainly_is_no_refutation() -> None:
    hs = board(
        "could the storage vm itself be dead?",
        "the storage vm shows running in the console. it's just not on the network",
    )
    (theory,) = [h for h in hs if "storage vm" in h.statement.lower()]
    assert theory.status != "refuted" and not theory.refuting


@pytest.mark.parametrize(
    "check",
    [
        "no unknown pushes in the audit log so far",
        "no unusual deploys in the ci history yet, still going through it",
    ],
)
def test_a_clean_check_hedged_to_the_moment_does_not_settle(check: str) -> None:
    hs = board("did someone push with a stolen ci token?", check)
    assert status_of(hs, "token") == "open"


def test_a_clean_bill_for_the_others_sets_the_sick_one_apart() -> None:
    hs = board(
        "could the 6.8 kernel be corrupting the filesystem on db-14?",
        "the other five hosts on 6.8 have no xfs errors in dmesg",
    )
    assert status_of(hs, "kernel") != "refuted"


def test_the_others_fine_and_a_verdict_still_refutes() -> None:
    """Control: a verdict said outright settles it whatever else the clause says."""
    hs = board(
        "could the 6.8 kernel be corrupting the filesystem on db-14?",
        "the rest of the fleet is fine, so not the kernel",
    )
    assert status_of(hs, "kernel") == "refuted"


def test_a_concession_to_a_doubt_does_not_confirm_the_theory() -> None:
    """In the theory's own thread, "yeah fair" grants the doubt just posted there."""
    messages = [
        said(0, "or a flood on one tenant saturating the uplinks?", "tor"),
        said(1, "netflow says total traffic is down not up, no single destination spiking", "ro", thread=0),
        said(2, "yeah fair, graphs going the wrong way for that", "tor", thread=0),
    ]
    hs = fold_messages(Board(channel="CINC"), messages).hypotheses
    assert status_of(hs, "flood") != "confirmed"


def test_a_plain_yes_to_the_theory_just_floated_still_confirms_it() -> None:
    """Control."""
    messages = [
        said(0, "could the 21:31 frontend deploy be it?", "mo"),
        said(1, "yep, the frontend deploy broke the login bundle, rolling back", "ira"),
    ]
    hs = fold_messages(Board(channel="CINC"), messages).hypotheses
    assert status_of(hs, "deploy") == "confirmed"


def test_a_verify_error_is_no_clean_check() -> None:
    hs = board(
        "is the cert on web-origin expired?",
        "`openssl s_client -connect web-origin:443` → notAfter=Jun 3 19:29:41 2026 GMT, "
        "verify error:num=10:certificate has expired",
    )
    assert status_of(hs, "cert") != "refuted"


_VENDOR_THEORY = "my bet is paylink is just sitting on them. we hand them over, they say 200, nothing goes out"


def _folded(*lines: tuple[str, str]) -> tuple[Hypothesis, ...]:
    messages = [said(i, text, who) for i, (who, text) in enumerate(lines)]
    return fold_messages(Board(channel="CINC"), messages).hypotheses


@pytest.mark.parametrize(
    "page",
    [
        "paylink status page is all green fwiw",
        "all green on their status page. opened an urgent ticket anyway",
        "Paylink status page still says operational lol",
    ],
)
def test_a_vendor_status_page_still_green_clears_nothing(page: str) -> None:
    """Status pages trail the fault (session 33): the theory about the vendor stays open, and the
    vendor's fault stated later still confirms it."""
    (theory,) = _folded(("ana", _VENDOR_THEORY), ("raj", page))
    assert theory.status == "open" and not theory.refuting
    hs = _folded(
        ("ana", _VENDOR_THEORY),
        ("raj", page),
        ("ana", "so basically: it's paylink. they take our requests, say 200, and the payouts just sit in their queue"),
    )
    assert status_of(hs, "paylink") == "confirmed"


def test_a_check_beside_the_status_page_still_counts() -> None:
    hs = _folded(
        ("ana", "could the paylink api itself be down?"),
        ("raj", "their status page is green and test payouts through the paylink api work fine"),
    )
    assert status_of(hs, "paylink") == "refuted"


def test_a_product_called_verify_is_no_clean_check() -> None:
    (theory,) = _folded(
        ("ana", _VENDOR_THEORY),
        ("raj", "paylink NOC on the phone: Payout Verify + Payout API traffic is building up queues in their dc"),
    )
    assert not theory.refuting


@pytest.mark.parametrize(
    "placed",
    [
        "so it's dying before our edge",
        "the loss is upstream of our edge, counters on the edge routers are flat",
        "packets are dropped before they reach our edge",
    ],
)
def test_a_fault_placed_outside_a_thing_clears_it(placed: str) -> None:
    """Not a cause about the edge (session 33): where the fault is not."""
    hs = _folded(("ana", "our edge? did someone push an acl or did the ddos blocklist grab something"), ("raj", placed))
    assert status_of(hs, "edge") == "refuted"


@pytest.mark.parametrize("timed", ["it broke right before our deploy", "so it died before our failover kicked in"])
def test_before_a_change_is_a_time_not_a_place(timed: str) -> None:
    hs = _folded(("ana", "our edge? did someone push an acl or did the ddos blocklist grab something"), ("raj", timed))
    assert status_of(hs, "edge") != "refuted"
