"""A status page's "Monitoring" post that says the impact goes on after the fix ("catching up on the
backlog", "you may see degraded performance") is the page's phase, not the end of impact; the person
saying the backlog is gone later is. A plain "fix implemented, monitoring" post still is the
mitigation when nobody says more.

Written from general status-page phrasing (not from any incident channel).
"""

from __future__ import annotations

import pytest

from bot.domain import Message
from tests.analysis.reading_support import mitigated_after, said

ALERT = said(0, "[FIRING] webhook delivery lag > 10 min", "Alertmanager", bot=True)
LATER = said(70, "queue at baseline, delivery lag under 30s for 15 min. impact over", "ines")


def mitigated(messages: list[Message]) -> str | None:
    return mitigated_after(ALERT, messages)


@pytest.mark.parametrize(
    "post",
    [
        "Monitoring - The fix is deployed and webhooks are flowing. Delivery is catching up on the backlog.",
        "[Monitoring] A fix has been implemented. Customers may see delayed deliveries until the queue drains.",
        "Monitoring — Service is coming back online; queued events are now being processed.",
        "Monitoring: The change is rolled back. You may experience degraded performance for a while.",
        "Monitoring - Webhooks resumed, we expect the delays to clear within the hour.",
    ],
)
def test_a_monitoring_post_with_impact_still_going_is_not_the_mitigation(post: str) -> None:
    """Before, each of these set the mitigation at minute 30, 40 minutes before the backlog was gone."""
    assert mitigated([said(30, post, "Statuspage", bot=True), LATER]) == mitigated([LATER])


def test_a_plain_monitoring_post_is_still_the_mitigation() -> None:
    """Control: the usual "fix implemented, monitoring the results" post declares the mitigation."""
    post = said(
        30, "Monitoring - A fix has been implemented and we are monitoring the results.", "Statuspage", bot=True
    )
    assert mitigated([post, LATER]) == mitigated([post])
    assert mitigated([post, LATER]) != mitigated([LATER])
