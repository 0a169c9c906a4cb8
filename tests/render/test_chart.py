"""The timeline chart: what it draws matches the postmortem, hypothesis lanes follow the evidence,
the files are valid and byte-for-byte deterministic, and odd text never breaks the drawing."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta

from bot.domain import Board, Hypothesis, IncidentState, Postmortem, TimelineEvent, datetime_to_ts
from bot.render.chart import (
    CHART_EVENTS_MAX,
    drawn_events,
    hypothesis_lane,
    marker_gids,
    marker_levels,
    plan_chart,
    render_chart,
    timeline_chart,
)

T0 = datetime(2026, 3, 14, 22, 0, tzinfo=UTC)


def t(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def ts(minutes: float, seq: int = 0) -> str:
    return datetime_to_ts(t(minutes), seq)


def postmortem(events: tuple[TimelineEvent, ...] = (), hypotheses: tuple[Hypothesis, ...] = ()) -> Postmortem:
    incident = IncidentState(
        channel="C1",
        name="inc-chart",
        started_at=t(2),
        detected_at=t(5),
        acknowledged_at=t(7),
        mitigated_at=t(40),
        resolved_at=t(55),
    )
    return Postmortem(incident=incident, summary="s", impact="i", timeline=events, hypotheses=hypotheses)


EVENTS = (
    TimelineEvent(time=t(1), event="Deploy #4812 of checkout-api", kind="deploy"),
    TimelineEvent(time=t(5), event="[FIRING] 5xx at 12% — costs $5k/min 🔥 检查", kind="alert"),
    TimelineEvent(time=t(40), event="rollback complete", kind="mitigate"),
)
CONFIRMED = Hypothesis(
    id="H1", statement="retry config", status="confirmed", supporting=(ts(12), ts(20)), raised_ts=ts(8)
)
REFUTED = Hypothesis(
    id="H2", statement="DB pool", status="refuted", supporting=(ts(10),), refuting=(ts(14), ts(16)), raised_ts=ts(9)
)
OPEN = Hypothesis(id="H3", statement="DNS", status="open", refuting=(ts(30),), raised_ts=ts(25))


def test_markers_and_events_are_drawn_at_the_postmortem_times() -> None:
    """Every phase marker sits at the incident's time and every event at its timeline time."""
    pm = postmortem(EVENTS)
    plan = plan_chart(pm)
    assert plan is not None
    inc = pm.incident
    assert plan.markers == {
        "start": inc.started_at,
        "detect": inc.detected_at,
        "acknowledge": inc.acknowledged_at,
        "mitigate": inc.mitigated_at,
        "resolve": inc.resolved_at,
    }
    assert [e.time for e in plan.events] == [e.time for e in EVENTS]
    assert plan.impact == (t(2), t(55))
    assert plan.start < t(1) and plan.end > t(55)


def test_lanes_follow_the_evidence() -> None:
    """open → supported → confirmed at the last support; open → supported → refuted at the first
    refutation; a hypothesis never settled stays open or weakened to the end."""
    end = t(60)
    lane = hypothesis_lane(CONFIRMED, end)
    assert lane is not None
    assert [(s.start, s.end, s.status) for s in lane.spans] == [
        (t(8), t(12), "open"),
        (t(12), t(20), "supported"),
        (t(20), end, "confirmed"),
    ]
    lane = hypothesis_lane(REFUTED, end)
    assert lane is not None
    assert [(s.start, s.status) for s in lane.spans] == [(t(9), "open"), (t(10), "supported"), (t(14), "refuted")]
    lane = hypothesis_lane(OPEN, end)
    assert lane is not None
    assert [(s.start, s.status) for s in lane.spans] == [(t(25), "open"), (t(30), "weakened")]
    assert hypothesis_lane(Hypothesis(id="H9", statement="x"), end) is None


def test_the_board_wins_over_the_postmortem_copy() -> None:
    """The board's hypotheses (with raised_ts) give the lanes; the postmortem's copy is the fallback."""
    pm = postmortem(EVENTS, hypotheses=(CONFIRMED,))
    board = Board(channel="C1", hypotheses=(CONFIRMED, REFUTED, OPEN))
    assert [lane.id for lane in plan_chart(pm, board).lanes] == ["H1", "H2", "H3"]  # type: ignore[union-attr]
    assert [lane.id for lane in plan_chart(pm).lanes] == ["H1"]  # type: ignore[union-attr]


def test_png_and_svg_are_valid_deterministic_and_tagged() -> None:
    """A PNG of sane size, an SVG with one id per marker and event, no dates or versions, same bytes twice.

    The events carry emoji, CJK and a "$" (mathtext): pytest turns any matplotlib warning into a failure.
    """
    pm = postmortem(EVENTS, hypotheses=(CONFIRMED, REFUTED, OPEN))
    chart = timeline_chart(pm)
    assert chart is not None
    assert chart.png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", chart.png[16:24])
    assert width == 1100 and 250 <= height <= 900
    assert 10_000 < len(chart.png) < 500_000
    svg = chart.svg.decode()
    for gid in marker_gids(chart.plan):
        assert svg.count(f'id="{gid}"') == 1, gid
    assert len(marker_gids(chart.plan)) == 5 + len(EVENTS)
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg and b"Software" not in chart.png
    again = render_chart(chart.plan)
    assert (again.png, again.svg) == (chart.png, chart.svg)
    assert "H1: open → supported → confirmed" in chart.alt


def test_a_postmortem_without_any_time_has_no_chart() -> None:
    """Nothing to place on a time axis: no chart, and no error."""
    pm = Postmortem(incident=IncidentState(channel="C1", name="x"), summary="s", impact="i")
    assert timeline_chart(pm) is None


def test_a_lone_time_still_draws() -> None:
    """One marker and nothing else: the axis gets a few minutes either side instead of a zero width."""
    pm = Postmortem(incident=IncidentState(channel="C1", name="x", detected_at=t(3)), summary="s", impact="i")
    chart = timeline_chart(pm)
    assert chart is not None and chart.plan.end - chart.plan.start >= timedelta(minutes=4)
    assert chart.plan.impact is None


def test_markers_at_the_same_minute_get_their_own_label_line() -> None:
    """detect, acknowledge and mitigate in one minute: three stacked labels, not one smudge."""
    incident = IncidentState(
        channel="C1", name="x", started_at=t(0), detected_at=t(30), acknowledged_at=t(30), mitigated_at=t(30.2)
    )
    plan = plan_chart(Postmortem(incident=incident, summary="s", impact="i"))
    assert plan is not None
    assert marker_levels(plan) == [0, 0, 1, 2]
    assert plan.impact == (t(0), t(30.2))  # no resolve time: the impact window ends at mitigation


def test_a_crowded_timeline_draws_the_events_that_matter_most() -> None:
    """A long channel's timeline of hundreds of events would be unreadable (and slow) as a chart:
    detection and the steps that ended impact are drawn first, the rest stay in the table."""
    base = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    chatter = [TimelineEvent(time=base + timedelta(minutes=k), event=f"note {k}", kind="other") for k in range(80)]
    key = [
        TimelineEvent(time=base + timedelta(minutes=5), event="paged", kind="detect"),
        TimelineEvent(time=base + timedelta(minutes=70), event="rolled back", kind="mitigate"),
    ]
    timeline = tuple(sorted([*chatter, *key], key=lambda e: e.time))
    drawn = drawn_events(timeline)
    assert len(drawn) == CHART_EVENTS_MAX
    assert {"paged", "rolled back"} <= {e.event for e in drawn}
    assert [e.time for e in drawn] == sorted(e.time for e in drawn)
    few = timeline[:10]
    assert drawn_events(few) == list(few)
