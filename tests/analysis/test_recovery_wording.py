"""Two readings of recovery wording, written from general SRE phrasing (not from any incident channel).

- "X is back as of now" states the end of impact; only "back as <something>" ("the
  old peers are back as neighbours") is about something else.
- A health figure said to rule a suspect out ("replica lag fine, so it's not replication") is a
  diagnosis, not recovery, whichever words say the figure is fine.
"""

from __future__ import annotations

import pytest

from bot.domain import Message
from tests.analysis.reading_support import mitigated_after, said

ALERT = said(0, "[FIRING] edge probe loss > 20%", "Alertmanager", bot=True)  # 16:26


def mitigated(messages: list[Message]) -> str | None:
    return mitigated_after(ALERT, messages)


@pytest.mark.parametrize(
    "text",
    [
        "transit is back as of now",
        "checkout is back as of a minute ago",
        "the eu shards are back as of right now",
    ],
)
def test_back_as_of_now_is_the_mitigation(text: str) -> None:
    """Before, "back as" read as "back as <something>" and the recovery was missed."""
    assert mitigated([said(30, text, "kemi")]) is not None


def test_back_as_something_else_is_not() -> None:
    """Control: the old peers returning in another role is no recovery of the service."""
    assert mitigated([said(30, "the old route reflectors are back as peers", "kemi")]) is None


@pytest.mark.parametrize(
    "text",
    [
        "replica lag fine (<1s) so it's not replication eating the disk",
        "gc fine on the hot nodes, so not the jvm",
    ],
)
def test_a_figure_said_fine_to_rule_a_suspect_out_is_not_recovery(text: str) -> None:
    assert mitigated([said(30, text, "kemi")]) is None


@pytest.mark.parametrize(
    "text",
    [
        "rollback finished, every host back on 4.1 as of 16:50. graphs unchanged",
        "failed over to the standby, error rate unchanged",
    ],
)
def test_a_step_whose_figures_stayed_unchanged_is_not_recovery(text: str) -> None:
    """ "back on 4.1" is where the step left the hosts; "unchanged" says it did not help."""
    assert mitigated([said(30, text, "kemi")]) is None


@pytest.mark.parametrize(
    "text",
    [
        "tried the restart on one node: pods on that node serving traffic again",
        "patched it for one customer by hand, their exports work again",
    ],
)
def test_a_fix_tried_on_one_node_or_customer_is_a_test_not_the_end(text: str) -> None:
    assert mitigated([said(30, text, "kemi")]) is None


def test_a_check_to_run_is_no_recovery() -> None:
    """ "verify every pool is back on …" is a step of a plan, not a state."""
    plan = "plan: revert the rule, then verify every pool is back on the old rule, then restart one client"
    assert mitigated([said(30, plan, "kemi")]) is None


def test_a_bracketed_phase_is_the_posts_status() -> None:
    """An "[Identified]" post that says "we are monitoring performance closely" declares identified."""
    post = said(
        30,
        "[Identified] Slow dashboards - We have identified the issue and are working to mitigate it. "
        "We are monitoring performance closely and will update as we progress.",
        "Statuspage",
        bot=True,
    )
    assert mitigated([post]) is None
    monitoring = said(
        40, "[Monitoring] A fix has been implemented and we are monitoring the results.", "Statuspage", bot=True
    )
    assert mitigated([post, monitoring]) == "17:06"


def test_most_fine_under_a_condition_is_not_recovery() -> None:
    """ "most people fine once they reload" says what a user can do, not that impact ended."""
    assert (
        mitigated([said(30, "40 tickets. most users fine once they clear their cache, a few want credits", "kemi")])
        is None
    )
    assert mitigated([said(30, "most regions back, two still flaky", "kemi")]) == "16:56"  # control


@pytest.mark.parametrize(
    "text",
    [
        "it's not working again",
        "the importer is never flowing again at this rate",
        "queue is not back up",
    ],
)
def test_a_negated_recovery_is_none(text: str) -> None:
    """A "not" between the subject and "working again" (a known gap until session 22) denied the
    recovery it sits in, and the read mitigation time moved to a message saying the fault is there."""
    assert mitigated([said(30, text, "kemi")]) is None


def test_an_unnegated_recovery_is_still_one() -> None:
    """Control: the same shapes without the negation."""
    assert mitigated([said(30, "it's working again", "kemi")]) is not None
