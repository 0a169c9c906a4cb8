"""Theories asked as a question about a part's state or what it did (issue 14): "is the object store itself
down?", "queue workers wedged??", "are we hitting our own connection cap?", "could they be blowing past the
quota?", "might the sweeper have removed live rows?", "did something purge the bucket?", a question put to a
person by name ("Dana, could the new index be involved?"), and a theory under a label ("first idea: …",
"possible explanation: …"). The controls raise nothing: a question about the impact ("is login down for
everyone?", "is checkout still slow?"), a request to a person by name, and a state question that guesses no
fault ("is the ledger back?"). Written for this test, not from any incident channel.
"""

from __future__ import annotations

import pytest

from tests.analysis.trap_support import T, Trap, problems

SYMPTOM = ("ana", "payslip generation fails for every tenant since the 02:00 batch")

RAISED: tuple[Trap, ...] = (
    T("raise", "dependency_itself_down", (SYMPTOM, ("bo", "is the object store itself down?")), {1: "open"}),
    T("raise", "bare_name_down_double_q", (SYMPTOM, ("bo", "payroll-db wedged??")), {1: "open"}),
    T("raise", "corruption_too", (SYMPTOM, ("bo", "corruption in the payroll-db replica too??")), {1: "open"}),
    T("raise", "own_limit", (SYMPTOM, ("bo", "are we hitting our own connection cap on payroll-db?")), {1: "open"}),
    T(
        "raise",
        "pronoun_doing",
        (SYMPTOM, ("bo", "the batch workers retry forever. could they be exhausting the payroll-db pool?")),
        {1: "open"},
    ),
    T(
        "raise",
        "named_thing_may_have_done",
        (SYMPTOM, ("bo", "might the retention sweeper have removed live rows in payroll-db?")),
        {1: "open"},
    ),
    T(
        "raise",
        "did_something_purge",
        (SYMPTOM, ("bo", "did something purge the payslip-archive bucket?")),
        {1: "open"},
    ),
    T(
        "raise",
        "asked_of_a_person",
        (SYMPTOM, ("bo", "Dana, could the new tenant index on payroll-db be involved?")),
        {1: "open"},
    ),
    T(
        "raise",
        "first_idea_label",
        (SYMPTOM, ("bo", "first idea: the tax-tables import that ran at 01:40")),
        {1: "open"},
    ),
    T(
        "raise",
        "refuted_later",
        (
            SYMPTOM,
            ("bo", "is the object store itself down?"),
            ("cy", "object store is fine, their status page is green and our reads return in 20ms"),
        ),
        {1: "refuted"},
    ),
)


MORE_SHAPES: tuple[Trap, ...] = (
    T(
        "raise",
        "could_also_be",
        (SYMPTOM, ("bo", "could also be the tax-service, we bumped its client timeout yesterday")),
        {1: "open"},
    ),
    T(
        "raise",
        "question_expecting_yes",
        (SYMPTOM, ("bo", "wasn't the payroll-db failover handled by that old keepalived setup?")),
        {1: "open"},
    ),
    T(
        "raise",
        "yes_after_check_announced",
        (
            SYMPTOM,
            ("bo", "did someone truncate the tax_rates table?"),
            ("cy", "let me check the audit log"),
            ("cy", "yes: the tax_rates table was truncated at 01:58 by the cleanup cron, 0 rows since"),
        ),
        {1: "confirmed"},
    ),
    T(
        "raise",
        "yes_after_other_talk_only_supports",
        (
            SYMPTOM,
            ("bo", "did someone truncate the tax_rates table?"),
            ("cy", "tenants in eu see it too"),
            ("dee", "support has 40 tickets now"),
            ("cy", "yes, 40 and climbing"),
        ),
        {1: "open"},
    ),
    T(
        "not_theory",
        "question_expecting_yes_of_a_person",
        (SYMPTOM, ("bo", "didn't you say the payroll-db was fixed?")),
        {},
        none=frozenset({1}),
    ),
)
"""A guess opened with "could also be", a question expecting yes about what was done, and a "yes" given
after the answerer only said they would check (the answer to the question, not to later talk)."""


NOT_RAISED: tuple[Trap, ...] = (
    T(
        "not_theory",
        "down_for_everyone",
        (SYMPTOM, ("bo", "is payslip-ui down for everyone?")),
        {},
        none=frozenset({1}),
    ),
    T("not_theory", "still_slow", (SYMPTOM, ("bo", "is payslip-ui still slow?")), {}, none=frozenset({1})),
    T("not_theory", "back_yet", (SYMPTOM, ("bo", "is the ledger back?")), {}, none=frozenset({1})),
    T(
        "not_theory",
        "request_by_name",
        (SYMPTOM, ("bo", "Dana, can you check the payroll-db slow log?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "update_by_name",
        (SYMPTOM, ("bo", "Dana, any update from the vendor on payroll-db?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "first_option_a_plan",
        (SYMPTOM, ("bo", "first option: roll back the tax-tables import")),
        {},
        none=frozenset({1}),
    ),
)


@pytest.mark.parametrize("trap", RAISED, ids=lambda t: f"{t.family}-{t.name}")
def test_a_state_question_naming_a_part_raises_it(trap: Trap) -> None:
    assert problems(trap) == []


@pytest.mark.parametrize("trap", NOT_RAISED, ids=lambda t: f"{t.family}-{t.name}")
def test_a_question_about_impact_or_to_a_person_raises_nothing(trap: Trap) -> None:
    assert problems(trap) == []


@pytest.mark.parametrize("trap", MORE_SHAPES, ids=lambda t: f"{t.family}-{t.name}")
def test_more_guess_shapes_and_an_answer_after_a_check(trap: Trap) -> None:
    assert problems(trap) == []


CHANGE_AND_SIDE: tuple[Trap, ...] = (
    T("raise", "anything_deployed", (SYMPTOM, ("bo", "anything deployed to payroll since friday?")), {1: "open"}),
    T("raise", "any_config_pushes", (SYMPTOM, ("bo", "any config pushes in the last 2h?")), {1: "open"}),
    T("raise", "did_anything_go_out", (SYMPTOM, ("bo", "did anything go out since lunch?")), {1: "open"}),
    T("raise", "unknown_thing_stuck", (SYMPTOM, ("bo", "stuck in the reconciler?")), {1: "open"}),
    T("raise", "unknown_thing_wedged", (SYMPTOM, ("bo", "the dispatcher hung?")), {1: "open"}),
    T("not_theory", "bare_still_stuck", (SYMPTOM, ("bo", "still stuck?")), {}, none=frozenset({1})),
    T("raise", "has_anything_gone_out", (SYMPTOM, ("bo", "has anything gone out on payroll today?")), {1: "open"}),
    T(
        "not_theory",
        "did_anything_go_out_to_customers",
        (SYMPTOM, ("bo", "did anything go out to customers yet?")),
        {},
        none=frozenset({1}),
    ),
    T("raise", "vendor_side", (SYMPTOM, ("bo", "taxbridge side?")), {1: "open"}),
    T(
        "raise",
        "are_we_exhausting",
        (SYMPTOM, ("bo", "are we exhausting the payroll-db connection pool?")),
        {1: "open"},
    ),
    T(
        "raise",
        "is_x_dropping",
        (SYMPTOM, ("bo", "is the egress firewall dropping traffic to the tax api?")),
        {1: "open"},
    ),
    T(
        "raise",
        "unknown_name_before_asking_closer",
        (SYMPTOM, ("bo", "taxbridge just went amber on their status page. related??")),
        {1: "open"},
    ),
    T(
        "raise",
        "change_suspected_then_cleared",
        (
            SYMPTOM,
            ("bo", "any deploys overnight?"),
            ("cy", "nothing since thursday's release, and that one ran clean for 2 days"),
            ("cy", "not the release then"),
        ),
        {1: "refuted"},
    ),
)
"""The usual first suspect asked without "did" (a recent change), a party's side asked tersely, and
"are we / is X <harming> Y?"."""

NOT_A_CHANGE_THEORY: tuple[Trap, ...] = (
    T(
        "not_theory",
        "runbook_changes",
        (SYMPTOM, ("bo", "any changes to the runbook needed?")),
        {},
        none=frozenset({1}),
    ),
    T("not_theory", "our_side", (SYMPTOM, ("bo", "our side?")), {}, none=frozenset({1})),
    T("not_theory", "any_update", (SYMPTOM, ("bo", "any update from the vendor?")), {}, none=frozenset({1})),
)


@pytest.mark.parametrize("trap", CHANGE_AND_SIDE, ids=lambda t: f"{t.family}-{t.name}")
def test_a_change_or_a_party_asked_tersely_raises_it(trap: Trap) -> None:
    assert problems(trap) == []


@pytest.mark.parametrize("trap", NOT_A_CHANGE_THEORY, ids=lambda t: f"{t.family}-{t.name}")
def test_a_process_question_or_our_side_raises_nothing(trap: Trap) -> None:
    assert problems(trap) == []
