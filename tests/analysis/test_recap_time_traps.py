"""Traps: a recap that states the clock time impact stopped sets the mitigation time (red team, written
from general SRE phrasing, not from any incident channel).

Status pages and the person who resolves an incident often restate when the service came back ("access
was restored at 14:05 UTC", "healthy since 14:05"). That moment is more precise than the message that
first read the recovery, or than the resolution when no message before it did. A forecast, a denial,
a question, a time before the incident was detected, a step's own time ("rolled back at …") and a recap
after the resolution do not move it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.analysis.lifecycle import derive
from bot.domain import IncidentState, Message
from tests.analysis.reading_support import BASE, said

ALERT = said(0, "[FIRING] payments-api error ratio 0.28", "Alertmanager", bot=True)
START = datetime.fromtimestamp(BASE, UTC)  # 16:26:40


def mitigated(messages: list[Message]) -> str | None:
    state = derive(IncidentState(channel="CINC", name="inc-x"), [ALERT, *messages], None)
    return None if state.mitigated_at is None else f"{state.mitigated_at:%H:%M}"


TRAPS = {
    "status post states restored at": (
        [
            said(
                30,
                "Monitoring: access to the payments API was restored at 16:41 UTC. We are watching queued work drain.",
                "statuspage",
                bot=True,
            )
        ],
        "16:41",
    ),
    "resolution states healthy since": (
        [said(60, "Resolved. Report exports have been healthy since 16:45, closing the channel.", "lena")],
        "16:45",
    ),
    "resolved post states working normally since": (
        [
            said(
                60,
                "[Resolved] We consider the matter closed. Uploads have been working normally since 16:44 UTC.",
                "statuspage",
                bot=True,
            )
        ],
        "16:44",
    ),
    "recap moves an earlier reading back": (
        [
            said(35, "webhooks are back to normal", "omar"),
            said(40, "for the notes: webhooks available again as of 16:38", "omar"),
        ],
        "16:38",
    ),
    "recap with an approximate time": (
        [said(40, "for the writeup: dashboards reachable ~16:50 utc, roughly 25 min after the first alert", "omar")],
        "16:50",
    ),
}
FIXED = set(TRAPS)


@pytest.mark.parametrize("name", sorted(TRAPS))
def test_a_recap_gives_the_mitigation_time(name: str) -> None:
    messages, expected = TRAPS[name]
    assert mitigated(messages) == expected, name


KEEPS = {
    "a forecast": ([said(30, "the queue should be healthy at 17:30 once the replay finishes", "omar")], None),
    "a symptom since a time": ([said(30, "errors since 16:30, checkout still failing", "omar")], None),
    "a denial": ([said(30, "search not healthy since 16:40, still digging", "omar")], None),
    "a question": ([said(30, "were the webhooks available again at 16:40?", "omar")], None),
    "a time before detection": (
        [said(30, "imports work again", "omar"), said(35, "fyi imports have been healthy since 16:10", "omar")],
        "16:56",
    ),
    "a step's own time": (
        [said(30, "exports work again", "omar"), said(35, "we rolled back at 16:40, that did it", "omar")],
        "16:56",
    ),
    "a recap after the resolution": (
        [said(30, "status: resolved", "lena"), said(90, "postmortem note: service restored at 16:45", "lena")],
        "16:56",
    ),
}


@pytest.mark.parametrize("name", sorted(KEEPS))
def test_what_is_not_a_recap_of_the_recovery_time(name: str) -> None:
    messages, expected = KEEPS[name]
    assert mitigated(messages) == expected, name


def test_a_recap_moves_the_reported_time_but_not_the_reading_that_tells_clean_up_apart() -> None:
    """The timeline's "after impact stopped, steps are clean-up" keeps to the moment recovery was read."""
    moved = derive(
        IncidentState(channel="CINC", name="inc-x"),
        [
            ALERT,
            said(35, "webhooks are back to normal", "omar"),
            said(40, "recap: webhooks healthy since 16:38", "omar"),
        ],
        None,
    )
    assert (f"{moved.mitigated_at:%H:%M}", f"{moved.impact_read_at:%H:%M}") == ("16:38", "17:01")
    only = derive(
        IncidentState(channel="CINC", name="inc-x"),
        [ALERT, said(40, "for the notes: dashboards reachable as of 16:50", "omar")],
        None,
    )
    assert only.mitigated_at is not None and only.impact_read_at is None
