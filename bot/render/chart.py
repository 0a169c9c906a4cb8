"""The incident timeline chart (timeline.png, timeline.svg): impact window, phase markers, key events
and each hypothesis's status over time, drawn offline with matplotlib's Agg backend.

Two steps so the picture can be checked against postmortem.json: ``plan_chart`` turns the
postmortem (and the board) into plain data — every datetime that will be drawn — and
``render_chart`` draws that plan. Output is byte-for-byte deterministic: no dates or software
versions in the files, a fixed SVG id salt, bundled fonts only.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, Literal

from bot.domain import Board, Hypothesis, Postmortem, TimelineEvent, ts_to_datetime

CHART_PNG = "timeline.png"
CHART_SVG = "timeline.svg"

LaneStatus = Literal["open", "supported", "weakened", "confirmed", "refuted"]
MarkerName = Literal["start", "detect", "acknowledge", "mitigate", "resolve"]

MARKERS: tuple[tuple[MarkerName, str], ...] = (
    ("start", "started_at"),
    ("detect", "detected_at"),
    ("acknowledge", "acknowledged_at"),
    ("mitigate", "mitigated_at"),
    ("resolve", "resolved_at"),
)
"""Marker name -> the postmortem.json ``incident`` key whose time it shows."""

STATUS_COLOURS: dict[LaneStatus, str] = {
    "open": "#c9d1d9",
    "supported": "#f2b134",
    "weakened": "#b8a9c9",
    "confirmed": "#d64541",
    "refuted": "#6c7a89",
}
MARKER_COLOURS: dict[MarkerName, str] = {
    "start": "#d64541",
    "detect": "#e67e22",
    "acknowledge": "#2980b9",
    "mitigate": "#27ae60",
    "resolve": "#8e44ad",
}
EVENT_COLOURS = {
    "alert": "#e67e22",
    "detect": "#e67e22",
    "deploy": "#2c3e50",
    "diagnose": "#b7950b",
    "decision": "#2980b9",
    "mitigate": "#27ae60",
    "resolve": "#8e44ad",
    "comms": "#7f8c8d",
    "other": "#7f8c8d",
}
LABEL_CHARS = 34
CHART_EVENTS_MAX = 40
"""Events drawn at most: beyond about 40 labels the chart is unreadable (a 10k-message channel had
317, drawn in 6 s); the rest stay in the postmortem's timeline table."""
KIND_RANK = {"detect": 0, "alert": 0, "mitigate": 1, "resolve": 1, "decision": 2, "diagnose": 3, "deploy": 4}
"""Which events a crowded chart keeps first: detection, the steps that ended impact, decisions, findings."""
"""Event labels are cut to this many characters (the full text is in the postmortem's timeline)."""

# Matplotlib settings scoped to one render: a fixed SVG id salt (ids are otherwise random), the
# bundled font, and no mathtext ("$5 refund" must stay text, not raise a parse error).
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_RC: dict[Any, Any] = {  # Any: matplotlib types the keys as one long Literal
    "date.epoch": "1970-01-01T00:00:00",
    "svg.hashsalt": "sitrep-timeline",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.parse_math": False,
    "text.usetex": False,
}


@dataclass(frozen=True)
class LaneSpan:
    start: datetime
    end: datetime
    status: LaneStatus


@dataclass(frozen=True)
class Lane:
    """One hypothesis: its status from the moment it was raised, changing at each piece of evidence."""

    id: str
    label: str
    spans: tuple[LaneSpan, ...]


@dataclass(frozen=True)
class ChartEvent:
    time: datetime
    label: str
    kind: str


@dataclass(frozen=True)
class ChartPlan:
    """Everything the chart draws, as data (the tests compare it with postmortem.json)."""

    title: str
    start: datetime
    end: datetime
    impact: tuple[datetime, datetime] | None
    markers: dict[MarkerName, datetime]
    events: tuple[ChartEvent, ...]
    lanes: tuple[Lane, ...]


@dataclass(frozen=True)
class Chart:
    """The rendered chart: PNG and SVG bytes, and the plan they were drawn from."""

    plan: ChartPlan
    png: bytes
    svg: bytes
    alt: str = field(default="")


def _when(ts: str | None) -> datetime | None:
    if not ts:
        return None
    try:
        return ts_to_datetime(ts)
    except ValueError:
        return None


def _evidence(h: Hypothesis) -> list[tuple[datetime, bool, str]]:
    """(time, supports?, ts) of every piece of evidence, oldest first."""
    items = [(_when(ts), True, ts) for ts in h.supporting] + [(_when(ts), False, ts) for ts in h.refuting]
    return sorted(((t, s, ts) for t, s, ts in items if t is not None), key=lambda x: (x[0], x[2]))


def hypothesis_lane(h: Hypothesis, end: datetime) -> Lane | None:
    """The status history of ``h`` up to ``end``.

    The board keeps evidence, not a status log, so the history is rebuilt from the evidence ts:
    open when raised; supported or weakened as supporting and refuting evidence outweigh each
    other; settled at the message that settled it (the last support of a confirmed hypothesis,
    the first refutation of a refuted one — the same moments the postmortem timeline cites).
    """
    evidence = _evidence(h)
    raised = _when(h.raised_ts) or (evidence[0][0] if evidence else None)
    if raised is None:
        return None
    settle_ts = h.supporting[-1] if h.status == "confirmed" and h.supporting else h.refuting[0] if h.refuting else None
    if h.status == "open":
        settle_ts = None
    changes: list[tuple[datetime, LaneStatus]] = [(raised, "open")]
    pro = con = 0
    for when, supports, ts in evidence:
        pro, con = pro + supports, con + (not supports)
        if ts == settle_ts:
            changes.append((max(when, raised), "confirmed" if h.status == "confirmed" else "refuted"))
            break
        status: LaneStatus = "supported" if pro > con else "weakened" if con > pro else "open"
        changes.append((max(when, raised), status))
    else:
        if h.status != "open":  # settled without its evidence ts (e.g. a declared status): settle at the end
            changes.append((changes[-1][0], h.status))
    spans: list[LaneSpan] = []
    for i, (when, status) in enumerate(changes):
        until = changes[i + 1][0] if i + 1 < len(changes) else max(end, when)
        if spans and spans[-1].status == status:
            spans[-1] = LaneSpan(spans[-1].start, until, status)
        elif until > when or i + 1 == len(changes):
            spans.append(LaneSpan(when, until, status))
    return Lane(id=h.id, label=_fit(f"{h.id} {h.statement}", 30), spans=tuple(spans))


def _fit(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plan_chart(pm: Postmortem, board: Board | None = None) -> ChartPlan | None:
    """What to draw for ``pm``; None when the postmortem holds no time at all.

    Args:
        board: the channel's hypothesis board (its hypotheses carry ``raised_ts``); the
            postmortem's own hypotheses are used when it is None or empty.
    """
    inc = pm.incident
    markers: dict[MarkerName, datetime] = {}
    for name, key in MARKERS:
        when = getattr(inc, key)
        if isinstance(when, datetime):
            markers[name] = when.astimezone(UTC)
    events = tuple(
        ChartEvent(time=e.time.astimezone(UTC), label=_fit(e.event, LABEL_CHARS), kind=e.kind)
        for e in drawn_events(pm.timeline)
    )
    hypotheses = board.hypotheses if board is not None and board.hypotheses else pm.hypotheses
    times = [*markers.values(), *(e.time for e in events)]
    for h in hypotheses:
        times += [t for t in (_when(h.raised_ts), *(w for w, _, _ in _evidence(h))) if t is not None]
    if not times:
        return None
    first, last = min(times), max(times)
    pad = max((last - first) / 20, timedelta(minutes=2))
    start, end = first - pad, last + pad
    lanes = tuple(lane for h in hypotheses if (lane := hypothesis_lane(h, end)) is not None)
    impact_end = markers.get("resolve") or markers.get("mitigate")
    impact = (markers["start"], impact_end) if "start" in markers and impact_end else None
    return ChartPlan(
        title=_fit(inc.name, 80),
        start=start,
        end=end,
        impact=impact,
        markers=markers,
        events=events,
        lanes=lanes,
    )


def chart_alt(plan: ChartPlan) -> str:
    """A one-paragraph text description of the chart (alt text in the HTML)."""
    marks = ", ".join(f"{name} {when:%H:%M}" for name, when in plan.markers.items())
    lanes = "; ".join(f"{lane.id}: " + " → ".join(s.status for s in lane.spans) for lane in plan.lanes)
    return f"Timeline of {plan.title}: {marks or 'no phase times'}. {len(plan.events)} key events. {lanes}".strip()


@cache
def _charmap() -> frozenset[int]:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(font_manager.findfont("DejaVu Sans")).get_charmap())


def _printable(text: str) -> str:
    """Characters the bundled font lacks (emoji, CJK) become "?" instead of a missing-glyph warning."""
    known = _charmap()
    return "".join(c if ord(c) in known else "?" for c in text)


def _day_span(plan: ChartPlan) -> bool:
    return plan.start.date() != plan.end.date()


def render_chart(plan: ChartPlan) -> Chart:
    """Draw ``plan`` as PNG and SVG bytes (about 0.3 s; matplotlib is imported on first use)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    with matplotlib.rc_context(_RC):
        lanes = plan.lanes
        height = 2.2 + 0.38 * len(lanes) + 0.2 * (max(event_rows(plan), default=0) + 1)
        fig = Figure(figsize=(11, height), dpi=100, layout="constrained")
        ax = fig.add_subplot()
        ev_y = -1.0
        if plan.impact is not None:
            ax.axvspan(_x(plan.impact[0]), _x(plan.impact[1]), color="#d64541", alpha=0.10, lw=0, gid="impact-window")
        levels = marker_levels(plan)
        for (name, when), level in zip(plan.markers.items(), levels, strict=True):
            ax.axvline(_x(when), color=MARKER_COLOURS[name], lw=1.3, ls="--", gid=f"marker-{name}")
            ax.annotate(
                name,
                (_x(when), 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(2, 2 + 9 * level),
                textcoords="offset points",
                fontsize=7.5,
                color=MARKER_COLOURS[name],
                va="bottom",
            )
        for i, lane in enumerate(lanes):
            for k, span in enumerate(lane.spans):
                x0 = _x(span.start)
                width = max(_x(span.end) - x0, 1e-6)
                ax.broken_barh(
                    [(x0, width)],
                    (i - 0.3, 0.6),
                    facecolors=STATUS_COLOURS[span.status],
                    edgecolor="white",
                    gid=f"lane-{_gid(lane.id)}-{k}",
                )
        rows = event_rows(plan)
        n_rows = max(rows, default=0) + 1
        for k, (event, row) in enumerate(zip(plan.events, rows, strict=True)):
            y = ev_y - 0.45 * (n_rows - 1 - row)
            ax.plot(
                [_x(event.time)],
                [y],
                marker="o",
                ms=4.5,
                color=EVENT_COLOURS.get(event.kind, "#7f8c8d"),
                ls="none",
                zorder=3,
                gid=f"event-{k + 1}",
            )
            left = _label_left(plan, event)
            ax.annotate(
                _printable(event.label),
                (_x(event.time), y),
                xytext=(-4 if left else 4, 0),
                textcoords="offset points",
                fontsize=7,
                ha="right" if left else "left",
                va="center",
                color="#2c3e50",
            )
        ax.set_yticks(
            [ev_y - 0.45 * (n_rows - 1) / 2, *range(len(lanes))],
            ["key events", *(_printable(lane.label) for lane in lanes)],
        )
        ax.set_ylim(len(lanes) - 0.4, ev_y - 0.45 * (n_rows - 1) - 0.5)
        ax.set_xlim(_x(plan.start), _x(plan.end))
        ax.set_xlabel("UTC")
        ax.grid(axis="x", alpha=0.3)
        # matplotlib.dates is untyped; both are plain constructors.
        locator = mdates.AutoDateLocator(tz=UTC, minticks=4, maxticks=10)  # type: ignore[no-untyped-call]
        formatter = mdates.DateFormatter(  # type: ignore[no-untyped-call]
            "%m-%d %H:%M" if _day_span(plan) else "%H:%M", tz=UTC
        )
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(formatter)
        ax.set_title(_printable(plan.title), loc="left", fontsize=10, pad=14 + 9 * max(levels, default=0))
        handles: list[Artist] = [Patch(color=c, label=s) for s, c in STATUS_COLOURS.items()]
        handles.append(Patch(color="#d64541", alpha=0.10, label="impact window"))
        handles += [Line2D([], [], color=c, ls="--", label=n) for n, c in MARKER_COLOURS.items() if n in plan.markers]
        fig.legend(handles=handles, loc="outside lower center", fontsize=7, ncols=min(len(handles), 11), frameon=False)
        png, svg = io.BytesIO(), io.BytesIO()
        fig.savefig(png, format="png", metadata={"Software": None})
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    return Chart(plan=plan, png=png.getvalue(), svg=svg.getvalue(), alt=chart_alt(plan))


_PLOT_PX = 690.0
"""Roughly the width of the plot area in pixels (11 in at 100 dpi minus the lane labels)."""
_CHAR_PX = 5.0
"""Roughly the width of one 7-pt DejaVu Sans character in pixels."""


def _label_left(plan: ChartPlan, event: ChartEvent) -> bool:
    """The label goes left of its dot when it would run past the right edge."""
    span = (plan.end - plan.start).total_seconds() or 1.0
    x = (event.time - plan.start).total_seconds() / span * _PLOT_PX
    return x + 8 + _CHAR_PX * len(event.label) > _PLOT_PX


def marker_levels(plan: ChartPlan) -> list[int]:
    """How high each marker's label is stacked: markers at (nearly) the same time get their own line
    (detect, acknowledge and mitigate often share a minute)."""
    span = (plan.end - plan.start).total_seconds() or 1.0
    placed: list[tuple[float, int]] = []
    for when in plan.markers.values():
        x = (when - plan.start).total_seconds() / span * _PLOT_PX
        taken = {level for px, level in placed if abs(px - x) < 70}
        level = next(n for n in range(len(placed) + 1) if n not in taken)
        placed.append((x, level))
    return [level for _, level in placed]


def event_rows(plan: ChartPlan) -> list[int]:
    """A row for each event's label so that no two labels in a row overlap (first fit, by time)."""
    span = (plan.end - plan.start).total_seconds() or 1.0
    ends: list[float] = []
    rows: list[int] = []
    for event in plan.events:
        x = (event.time - plan.start).total_seconds() / span * _PLOT_PX
        width = 8 + _CHAR_PX * len(event.label)
        left, right = (x - width, x + 4) if _label_left(plan, event) else (x - 4, x + width)
        row = next((r for r, end in enumerate(ends) if end < left), len(ends))
        if row == len(ends):
            ends.append(right)
        else:
            ends[row] = right
        rows.append(row)
    return rows


def drawn_events(timeline: Sequence[TimelineEvent]) -> list[TimelineEvent]:
    """The timeline events the chart draws, in time order: all of them up to CHART_EVENTS_MAX, else
    that many chosen by kind (``KIND_RANK``), earliest first within a kind."""
    if len(timeline) <= CHART_EVENTS_MAX:
        return list(timeline)
    order = sorted(range(len(timeline)), key=lambda i: (KIND_RANK.get(timeline[i].kind, 5), i))
    return [timeline[i] for i in sorted(order[:CHART_EVENTS_MAX])]


def _x(when: datetime) -> float:
    """Matplotlib's date number (days since ``date.epoch``, pinned in ``_RC``) of ``when``."""
    return (when - _EPOCH).total_seconds() / 86400


def _gid(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)


def timeline_chart(pm: Postmortem, board: Board | None = None) -> Chart | None:
    """timeline.png and timeline.svg for ``pm``; None when it holds no time to draw."""
    plan = plan_chart(pm, board)
    return render_chart(plan) if plan is not None else None


def marker_gids(plan: ChartPlan) -> list[str]:
    """The SVG ``id`` of every phase marker and event the chart draws (for checks on the SVG)."""
    return [f"marker-{name}" for name in plan.markers] + [f"event-{k + 1}" for k in range(len(plan.events))]


def iso_times(values: Iterable[datetime]) -> Sequence[str]:
    """Drawn datetimes in postmortem.json's format."""
    return [v.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") for v in values]
