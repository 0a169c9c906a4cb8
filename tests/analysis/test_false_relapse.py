"""What does not take a mitigation back, and what a status page's claim is worth.

Written from general on-call phrasing, not from any incident channel. Once recovery is read, a
later message undoes it only when it says the fault came back. These are not that:

- relief or a report passed on about "it" ("glad it's back", "support says it's back", "it's quick
  again");
- a word that merely starts with "back" ("backlog normal", "backend");
- "back when" (the past);
- a tool's earlier report narrated ("it said done while half the fleet was still down").

Someone else's status page being green, or a page quoted, is no one here seeing impact end.
"""

from __future__ import annotations

import pytest

from bot.domain import Message
from tests.analysis.reading_support import mitigated_after, said

ALERT = said(0, "[FIRING] api 5xx ratio > 2%", "Alertmanager", bot=True)  # 16:26
RECOVERY = said(20, "5xx at baseline for 10 min, checkout works again", "kemi")  # 16:46


def mitigated(messages: list[Message]) -> str | None:
    return mitigated_after(ALERT, messages)


@pytest.mark.parametrize(
    "later",
    [
        "glad it's back, thanks all",
        "support says it's back for their test accounts too",
        "a few users wrote in: it's quick again 🙏",
        "overnight quiet. 5xx normal, backlog normal, no throttling",
        "that rule went to an ops-alerts@ list back when it was a test",
        "the job said complete while half the fleet was still down, that's why we missed it",
        "3 customers already replied that it's back",
        "so the switch's own protection is half the problem, it keeps letting them back in",
    ],
)
def test_a_later_message_that_reports_no_return_keeps_the_mitigation(later: str) -> None:
    """Before, each of these read as the impact coming back and the mitigation was dropped."""
    assert mitigated([RECOVERY, said(35, later, "lena")]) == "16:46"


@pytest.mark.parametrize(
    "later",
    [
        "errors are back, 5xx at 4%",
        "ugh it's back",
        "still failing for eu",
        "latency spiking again on the api",
        "ugh it's back, confirmed: checkout down for everyone",
        "it's back. checkout down for everyone",
    ],
)
def test_the_fault_returning_still_takes_the_mitigation_back(later: str) -> None:
    """Control: a stated return of the fault is later, stronger evidence."""
    assert mitigated([RECOVERY, said(35, later, "lena")]) is None


@pytest.mark.parametrize(
    "text",
    [
        "could it be the cdn vendor? their status page is all green but still",
        "customers keep pasting the page saying 'all systems operational' at us",
        "aws status page says everything is healthy",
    ],
)
def test_a_status_page_claim_is_not_recovery(text: str) -> None:
    assert mitigated([said(10, text, "kemi")]) is None


def test_our_own_page_updated_by_us_still_counts() -> None:
    """Control: a responder who set our page to operational is declaring the recovery."""
    assert mitigated([said(10, "status page updated, all systems operational", "kemi")]) == "16:36"


def test_an_uptime_monitor_going_up_does_not_take_a_posted_mitigation_back() -> None:
    """Before, "🟢 UP — …" (an em dash after the state) read as a new detection, and a mitigation only the
    status page had declared was dropped."""
    posted = said(20, "[Monitoring] A fix has been applied and we are watching the results.", "Statuspage", bot=True)
    up = said(30, "🟢 UP — api.example.org/health (200, 48ms)", "Uptime", bot=True)
    assert mitigated([posted, up]) == "16:46"
    down = said(30, "🔴 DOWN — api.example.org/health (timeout)", "Uptime", bot=True)
    assert mitigated([posted, down]) is None  # control: the check failing again is new impact
