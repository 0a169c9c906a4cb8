"""Start, detection and acknowledgement read from the common ways channels state them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.analysis.lifecycle import derive
from bot.analysis.times import is_acknowledgement, is_detection_signal, stated_start, zone_offset
from bot.domain import IncidentState, Message

SUMMER = datetime(2026, 7, 14, 15, 30, tzinfo=UTC)  # daylight saving in the US and the EU
WINTER = datetime(2026, 1, 20, 15, 30, tzinfo=UTC)


def _msg(at: datetime, text: str, *, bot: bool = False, user: str = "U1", name: str = "priya") -> Message:
    return Message(channel="C1", ts=f"{at.timestamp():.6f}", text=text, user=user, user_name=name, is_bot=bot)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("checkout 502s since about 14:05", datetime(2026, 7, 14, 14, 5, tzinfo=UTC)),
        ("Began at 09:12 UTC per the LB logs", datetime(2026, 7, 14, 9, 12, tzinfo=UTC)),
        ("errors started around 2pm PT", datetime(2026, 7, 14, 21, 0, tzinfo=UTC) - timedelta(days=1)),
        ("for the doc: first 5xx at 13:58 utc", datetime(2026, 7, 14, 13, 58, tzinfo=UTC)),
        ("queue depth graph bends up at 15:02 on the dot", datetime(2026, 7, 14, 15, 2, tzinfo=UTC)),
        ("ingest went dark at 14:47:31 per the broker log", datetime(2026, 7, 14, 14, 47, tzinfo=UTC)),
        ("started 10:40 eastern per the first error spike", datetime(2026, 7, 14, 14, 40, tzinfo=UTC)),
        ("users were down from 06:00 UTC, the page came later", datetime(2026, 7, 14, 6, 0, tzinfo=UTC)),
        ("impact 14:20 to 14:55, about 35 min", datetime(2026, 7, 14, 14, 20, tzinfo=UTC)),
        ("we've been dropping writes for the last half hour", SUMMER - timedelta(minutes=30)),
        ("logins failing since 20 min ago", SUMMER - timedelta(minutes=20)),
    ],
)
def test_stated_start_forms(text: str, expected: datetime) -> None:
    """Every common form of a stated start becomes one UTC instant."""
    assert stated_start(_msg(SUMMER, text)) == expected


def test_start_relative_to_the_page() -> None:
    page = SUMMER - timedelta(minutes=10)
    said = _msg(SUMMER, "looking at the graphs it started ~20 min before the page")
    assert stated_start(said, signal=page) == page - timedelta(minutes=20)


@pytest.mark.parametrize(
    "text",
    [
        "healthy again since 15:10",  # recovery, not the start of impact
        "nothing deployed since 09:00 yesterday",  # a change log
        "next update due 16:00",
        "since the failover it looks fine",  # no time at all
        "since 2 of the nodes are down",  # a count, not a clock
    ],
)
def test_not_a_start(text: str) -> None:
    assert stated_start(_msg(SUMMER, text)) is None


def test_zone_offsets_follow_daylight_saving() -> None:
    assert zone_offset("PT", SUMMER.date()) == timedelta(hours=-7)
    assert zone_offset("PT", WINTER.date()) == timedelta(hours=-8)
    assert zone_offset("eastern", SUMMER.date()) == timedelta(hours=-4)
    assert zone_offset("CET", SUMMER.date()) == timedelta(hours=2)
    assert zone_offset("PST", SUMMER.date()) == timedelta(hours=-8)  # explicit standard time stays
    assert zone_offset("mars", SUMMER.date()) is None


@pytest.mark.parametrize(
    ("text", "detects"),
    [
        ("CRITICAL orders-api: error ratio 31% in 4 regions", True),
        ("[FIRING:2] QueueLagHigh consumer=billing", True),
        ('New ticket #558120 (urgent): "uploads hang at 99% since lunch"', True),
        ("P2 case 7712093 opened: exports return 500", True),
        ("[RESOLVED] QueueLagHigh consumer=billing", False),
        ("#4410 acknowledged by Ana Souza", False),
        ("deploy started: web v2.31.0 to prod", False),
    ],
)
def test_detection_signals_from_bots(text: str, detects: bool) -> None:
    assert is_detection_signal(_msg(SUMMER, text, bot=True)) is detects


@pytest.mark.parametrize(
    ("text", "bot", "acks"),
    [
        ("Acknowledged by Ana Souza", True, True),
        ("acked, pulling up the dashboards", False, True),
        ("taking IC. everyone else please stay muted", False, True),
        ("i'm on it", False, True),
        ("anyone else seeing this?", False, False),
    ],
)
def test_acknowledgements(text: str, bot: bool, acks: bool) -> None:
    assert is_acknowledgement(_msg(SUMMER, text, bot=bot)) is acks


def test_lifecycle_uses_ticket_detection_bot_ack_and_a_stated_start() -> None:
    """A support ticket detects, a paging bot's ack acknowledges, a later note moves the start back."""
    t = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    msgs = [
        _msg(t, 'New ticket #90211 (high): "cannot download invoices"', bot=True),
        _msg(t + timedelta(minutes=3), "Incident 8812 acknowledged by Ana Souza", bot=True),
        _msg(t + timedelta(minutes=5), "anyone know who owns invoices?"),
        _msg(t + timedelta(minutes=40), "for the timeline: first failed render at 07:41 UTC"),
    ]
    state = derive(IncidentState(channel="C1", name="inc"), msgs, None)
    assert state.detected_at == t
    assert state.acknowledged_at == t + timedelta(minutes=3)
    assert state.started_at == datetime(2026, 3, 3, 7, 41, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("errors began 01:10 local (AEDT)", datetime(2026, 7, 14, 14, 10, tzinfo=UTC)),
        ("started 09:40 NZST on the first timeouts", datetime(2026, 7, 13, 21, 40, tzinfo=UTC)),
        ("began 9:05 pm our time, i.e. 11:05 UTC", datetime(2026, 7, 14, 11, 5, tzinfo=UTC)),
    ],
)
def test_a_start_in_a_local_zone_is_placed_by_that_zone(text: str, expected: datetime) -> None:
    """A named zone converts; "our time" is placed only by the UTC time restated after it."""
    assert stated_start(_msg(SUMMER, text)) == expected


@pytest.mark.parametrize("text", ["down since 14:05 local", "began around 10:15 our time"])
def test_a_start_in_an_unnamed_local_time_is_not_taken_as_utc(text: str) -> None:
    assert stated_start(_msg(SUMMER, text)) is None
