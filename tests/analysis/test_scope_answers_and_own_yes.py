"""Two answers that are not the confirmation they look like (general incident phrasing, not taken from any
incident channel).

- A theory that the damage is wider than known ("did other tenants get hit too?") is settled *against* by a
  check that confirms the limit ("confirmed: only those 3 tenants"), though the check says "confirmed".
- Nobody answers their own guess: in the theory's thread, its author's bare "yep" after someone else's
  reply agrees with that reply ("all edges serve the new cert, a hard reload fixed it"), not with the guess.
  Someone else's "yes" in the thread still confirms it.
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board, Hypothesis, Message
from tests.analysis.reading_support import said


def fold(*messages: Message) -> tuple[Hypothesis, ...]:
    return fold_messages(Board(channel="CINC"), list(messages)).hypotheses


def about(hs: tuple[Hypothesis, ...], word: str) -> Hypothesis:
    return next(h for h in hs if word in h.statement.lower())


@pytest.mark.parametrize(
    ("theory", "check"),
    [
        (
            "the list has pointed at support@ since 18:30. "
            "could other support mails have leaked too, not just these 3?",
            "scope confirmed: only 3 mails were addressed to support@ in that window, nothing else went out",
        ),
        (
            "could the bad export have hit other tenants too, not just 4411?",
            "checked the export logs, confirmed the bad export only ran for tenant 4411",
        ),
        (
            "maybe the cache poisoned other regions too?",
            "confirmed the poisoned cache entries are only in eu-west, the other regions are clean",
        ),
    ],
)
def test_a_check_confirming_the_limit_refutes_the_wider_theory(theory: str, check: str) -> None:
    hs = fold(said(0, theory, "ana"), said(2, check, "ben"))
    assert len(hs) == 1
    assert hs[0].status == "refuted"


@pytest.mark.parametrize(
    ("theory", "check", "subject"),
    [
        (  # the wider damage confirmed is no limit on it
            "could the bad export have hit other tenants too, not just 4411?",
            "confirmed, the bad export hit tenants 4411 and 5020",
            "tenants",
        ),
        ("is the db pool also exhausted?", "yes, just checked, the db pool is at 200/200, exhausted", "pool"),
    ],
)
def test_a_check_saying_yes_without_a_limit_confirms(theory: str, check: str, subject: str) -> None:
    hs = fold(said(0, theory, "ana"), said(2, check, "ben"))
    assert about(hs, subject).status == "confirmed"


def test_the_authors_own_yep_after_a_reply_does_not_confirm_the_guess() -> None:
    hs = fold(
        said(0, "a couple of people still see a blank page - edge pops still on the old cert maybe?", "ana"),
        said(2, "checked 6 locations, all serve the new cert. a hard reload fixed it for them", "ben", thread=0),
        said(3, "yep reload worked", "ana", thread=0),
    )
    assert about(hs, "cert").status != "confirmed"


def test_someone_elses_yes_in_the_thread_confirms_it() -> None:
    hs = fold(
        said(0, "is the ALTER sitting there waiting for a lock and everyone queues behind it?", "ana"),
        said(1, "joining, what do we know", "cy"),
        said(2, "yes. pid 23117 is the ALTER, waiting on the exclusive lock, 400 queries behind it", "ben", thread=0),
    )
    assert about(hs, "alter").status == "confirmed"


def test_the_authors_own_check_with_its_evidence_still_confirms() -> None:
    hs = fold(
        said(0, "the new usage-rollup cron? it was merged yesterday evening", "ana"),
        said(1, "[FIRING] db cpu 98%", "Alertmanager", bot=True),
        said(2, "joining", "cy"),
        said(3, "yes. the cron runs every minute and each run takes longer than that, 40 overlap", "ana", thread=0),
    )
    assert about(hs, "cron").status == "confirmed"


def test_a_cause_naming_the_component_but_not_the_failure_does_not_confirm_it() -> None:
    """A theory of a failure state ("job queue backlog?") is not confirmed by a cause that names the same
    component without that state (one shared redis for the queues means any pressure hits signalling)."""
    hs = fold(
        said(0, "why did redis memory climb in the first place though? job queue backlog?", "ana"),
        said(
            2,
            "root cause: one redis for websockets, cache and the job queue means any pressure takes down signalling",
            "ben",
        ),
    )
    assert about(hs, "backlog").status != "confirmed"


def test_a_cause_stating_the_failure_confirms_it() -> None:
    hs = fold(
        said(0, "why did redis memory climb in the first place though? job queue backlog?", "ana"),
        said(
            2, "root cause: the job queue backed up to 2M jobs after the worker deploy and filled redis memory", "ben"
        ),
    )
    assert about(hs, "backlog").status == "confirmed"
