"""Recovery words that do not end the impact, written from general SRE phrasing (session 22):

- the impact said to go on beside them, in the same message ("the api is back to normal latency. the
  export workers still slow"): a part came back;
- a recovery named as a condition of a choice ("whichever region is back first takes the traffic");
- the first of several things back ("first tenant dbs are back online");
- the outcome hoped for from a proposed step ("could we rebuild …? that brings most of it back");
- "nothing" read as an activity going on normally, and a figure under a rule's target (an autoscaler's
  reason) read as impact stopping.
"""

from __future__ import annotations

import pytest

from bot.domain import Message
from tests.analysis.reading_support import mitigated_after, said

ALERT = said(0, "[FIRING] api p99 > 2s", "Prometheus", bot=True)


def mitigated(messages: list[Message]) -> str | None:
    return mitigated_after(ALERT, messages)


@pytest.mark.parametrize(
    "text",
    [
        "search api is back to normal latency. the export workers still slow",
        "web nodes are back online. still no responses from the api",
        "payments are back to normal, refunds still failing",
        "whichever region is back first takes the traffic",
        "first tenant dbs are back online",
        "could we rebuild the two replicas from the survivors? that brings most of it back without a restore",
        "nothing normally writes to the audit table, so the backfill is the only writer",
        "hpa events: scaled 8→5 at 14:02. reason: avg cpu 18% < 40% target",
    ],
)
def test_a_part_or_a_condition_is_not_the_end_of_impact(text: str) -> None:
    assert mitigated([said(30, text, "imani")]) is None


@pytest.mark.parametrize(
    "text",
    [
        "search api is back to normal latency",
        "the tenant dbs are back online",
        "renders work again. the retry queue is still busy",
    ],
)
def test_the_same_recoveries_without_the_remainder_still_end_it(text: str) -> None:
    """Controls: nothing said to be still impaired (a queue still busy is cleanup, not impact)."""
    assert mitigated([said(30, text, "imani")]) is not None
