"""When the incident ended: a page closed is not the incident resolved, and a resolution that did not hold.

Written from channels the session-44 round's writers produced from the issue's brief alone (none of the
project's voice list): on-call teams close the PagerDuty page as soon as the alert clears while the incident
goes on for hours or days (a carrier ticket open, a fix planned for the next peak), and a resolution posted
on a provider's word is taken back the next morning ("our earlier update marking this resolved was
premature"). The lifecycle kept the first "resolved" it read, so the resolve time was off by a day or more
and the timeline stopped at the page closing. Phrasings are SRE-general, not any channel's words.
"""

from __future__ import annotations

import pytest

from bot.analysis.classify import read
from bot.analysis.hypotheses import fold_messages
from bot.analysis.lifecycle import derive
from bot.analysis.timeline import rules_timeline
from bot.domain import Board, IncidentState, Message
from tests.analysis.reading_support import said

ALERT = ("alertmanager", "[FIRING] search error rate 7% above threshold 2%")
PAGE_CLOSED = ("PagerDuty", "Incident #4411 resolved by Ana Ruiz")


def _bot(who: str) -> bool:
    return who in ("alertmanager", "PagerDuty", "Statuspage", "deploybot")


def _messages(lines: list[tuple[float, str, str]]) -> list[Message]:
    return [said(minute, text, who, bot=_bot(who)) for minute, who, text in lines]


def _state(messages: list[Message]) -> IncidentState:
    board = fold_messages(Board(channel="CINC"), messages)
    return derive(IncidentState(channel="CINC", name="inc-x"), messages, board)


def test_a_page_closed_alone_still_resolves_the_incident() -> None:
    # Control: nothing after the page closing says otherwise, so it is the best reading there is.
    ms = _messages(
        [(0, *ALERT), (3, "ana", "looking"), (40, "ana", "rolled back, error rate normal"), (45, *PAGE_CLOSED)]
    )
    state = _state(ms)
    assert state.status == "resolved"
    assert state.resolved_at == ms[-1].time


@pytest.mark.parametrize(
    "declared",
    [
        "ok, the evening peak went through clean on the new config. i'm calling it resolved. thanks all",
        "closing this out. writing up follow-ups now",
        "Resolved: carrier swapped the faulty module, both circuits clean for 2h",
    ],
)
def test_a_later_declaration_moves_the_resolution_past_the_page(declared: str) -> None:
    ms = _messages(
        [
            (0, *ALERT),
            (3, "ana", "looking"),
            (40, "ana", "took the flapping circuit out, running on the primary only. customers fine"),
            (45, *PAGE_CLOSED),
            (50, "ana", "carrier ticket open, they want a window tonight"),
            (1500, "bo", declared),
        ]
    )
    state = _state(ms)
    assert state.resolved_at == ms[-1].time
    assert state.mitigated_at is not None and state.mitigated_at <= ms[3].time  # impact stopped by then


@pytest.mark.parametrize(
    "relapse",
    [
        "it's happening again. same thing, db memory at 100%",
        "errors are back, same spike as yesterday",
        "back to investigating, the restart only bought us a day",
    ],
)
def test_the_incident_shown_still_going_after_a_page_closed_reopens_it(relapse: str) -> None:
    ms = _messages(
        [
            (0, *ALERT),
            (3, "ana", "looking"),
            (60, "ana", "recovered by itself, no idea why yet. monitoring, not resolved"),
            (62, *PAGE_CLOSED),
            (1440, "ana", relapse),
        ]
    )
    state = _state(ms)
    assert state.resolved_at is None
    assert state.status == "investigating"


def test_a_status_page_taking_back_a_resolution_reopens_the_incident() -> None:
    ms = _messages(
        [
            (0, *ALERT),
            (3, "ana", "looking"),
            (90, "ana", "provider says fixed, checks green. closing it out"),
            (
                800,
                "Statuspage",
                "*[Investigating] DNS resolution issues*\nResolution is still slower than normal and some lookups "
                "fail. Our earlier update marking this resolved was premature.",
            ),
        ]
    )
    state = _state(ms)
    assert state.resolved_at is None
    assert state.status == "investigating"


@pytest.mark.parametrize("said_so", ["reopening on status page", "reopening it, same errors this morning"])
def test_reopening_said_in_other_words_reopens(said_so: str) -> None:
    ms = _messages([(0, *ALERT), (3, "ana", "looking"), (30, "ana", "resolved, closing"), (900, "bo", said_so)])
    assert _state(ms).resolved_at is None


def test_keeping_the_incident_open_is_not_a_resolution() -> None:
    text = "moving to mitigated. keeping the incident open over the weekend in case more regressions show up"
    assert read(said(0, text)).status == "mitigated"
    ms = _messages([(0, *ALERT), (3, "ana", "looking"), (30, "ana", text)])
    state = _state(ms)
    assert state.resolved_at is None
    assert state.status == "mitigated"


@pytest.mark.parametrize(
    "text", ["Incident #2231 resolved by Mads Holm", "incident INC-4471 closed", "the incident is over"]
)
def test_an_incident_named_resolved_still_reads_resolved(text: str) -> None:
    assert read(said(0, text, "PagerDuty" if "#" in text else "ana", bot="#" in text)).status == "resolved"


def test_the_timeline_goes_on_past_a_page_that_closed_too_early() -> None:
    ms = _messages(
        [
            (0, *ALERT),
            (3, "ana", "looking"),
            (40, "ana", "recovered by itself, monitoring not resolved"),
            (45, *PAGE_CLOSED),
            (1440, "ana", "it's happening again, same error spike"),
            (1460, "ana", "we rolled back the indexer config, errors gone"),
            (1600, "ana", "quiet through the peak. calling it resolved"),
        ]
    )
    board = fold_messages(Board(channel="CINC"), ms)
    state = derive(IncidentState(channel="CINC", name="inc-x"), ms, board)
    cited = {ts for event in rules_timeline(ms, board, state) for ts in event.citations}
    assert ms[5].ts in cited  # the rollback the next day is the mitigation, not clean-up after the end
    assert ms[6].ts in cited  # and the real resolution is on the timeline
