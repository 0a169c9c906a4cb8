"""Replay an exported incident through ingest in simulated time and write Sitrep's outputs.

The clock ticks once per simulated minute, as the scheduler does in production, so the
sitrep cadence seen here is the cadence a channel would see live. Minutes in which no sitrep can
be due (nothing new since the last one, or its interval not yet over) are skipped rather than
ticked through, so the work is bounded by the number of events and sitreps, not by the span of
simulated time: a channel with a message in 2014 and the next in 2026 replays as fast as a
one-hour incident, with the same sitreps at the same minutes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.clock import ManualClock
from bot.core.evidence import MANIFEST, add_evidence
from bot.core.schema import validate_postmortem
from bot.domain import SECTIONS, Postmortem, RawMessage, Sitrep, ts_to_datetime
from bot.errors import ExportError, UserFacingError
from bot.render.chart import CHART_PNG, CHART_SVG, timeline_chart
from bot.render.cite import Sources
from bot.render.html import HTML, postmortem_html
from bot.render.markdown import board_markdown, postmortem_markdown, postmortem_section_markdown, sitreps_markdown
from bot.services import Services
from bot.slackdata.export import ChannelExport, ExportEvent

if TYPE_CHECKING:
    from bot.store.redis_store import SitrepView

TICK = timedelta(minutes=1)
MAX_BATCH = 500
"""Posts held back for one ``ingest_many`` at most (memory stays bounded on a long quiet stretch)."""

Progress = Callable[[int], None]
Probe = Callable[[str], None]
"""Called with a message's ts right after that message was ingested (``replay_channel(probe=...)``)."""


@dataclass
class ReplayResult:
    channel: str
    name: str
    messages: int = 0
    edits: int = 0
    deletes: int = 0
    secrets_found: int = 0
    sitreps: list[Sitrep] = field(default_factory=list)
    postmortem: Postmortem | None = None
    files: dict[str, Path] = field(default_factory=dict)
    ticks: int = 0
    """Scheduler ticks actually run (minutes skipped as certainly idle are not counted)."""
    batches: int = 0
    """``ingest_many`` calls: posts are held back until a tick that can post (or 500 are waiting)."""


def _minute_floor(when: datetime) -> datetime:
    return when.replace(second=0, microsecond=0)


def _minute_ceil(when: datetime) -> datetime:
    floor = _minute_floor(when)
    return floor if floor == when else floor + TICK


class _Replayer:
    def __init__(
        self,
        services: Services,
        channel: ChannelExport,
        clock: ManualClock,
        progress: Progress | None,
        probe: tuple[frozenset[str], Probe] | None = None,
    ):
        self.s = services
        self.channel = channel
        self.clock = clock
        self.progress = progress
        self.probe = probe
        self.result = ReplayResult(channel=channel.id, name=channel.name)
        self.pending: list[RawMessage] = []
        self.next_tick: datetime | None = None
        self.opens: datetime | None = None
        """The first minute the cadence lets the next sitrep out (None: whenever there is news)."""

    def flush(self) -> None:
        if not self.pending:
            return
        self.result.batches += 1
        for outcome in self.s.ingestor.ingest_many(self.pending):
            self.result.messages += 1 if outcome.new else 0
            self.result.secrets_found += sum(f.count for f in outcome.secrets)
        if self.progress:
            self.progress(len(self.pending))
        self.pending.clear()

    def tick_until(self, when: datetime) -> None:
        """Run the per-minute ticks up to and including ``when`` in which a sitrep can be due.

        Between two events nothing changes but the clock, so after the first tick that posts
        nothing, or once no sitrep can be due before ``when``, the remaining minutes are idle by
        construction: each gap costs at most one tick per sitrep it holds, plus one.
        """
        after = _minute_floor(when) + TICK
        if self.next_tick is None:
            self.next_tick = after
        while self.next_tick <= when:
            if self.opens is not None and max(self.next_tick, self.opens) > when:
                # No sitrep can be due before ``when`` whatever the held posts say: keep batching them.
                break
            self.flush()
            view = self.s.store.sitrep_view(self.channel.id)  # one round trip: the due minute and the tick
            at = self._next_due(view, self.next_tick)
            if at is None or at > when:
                break
            self.clock.set(at)
            # The channel replayed is the only one in the store: the tick of that one channel, from the
            # view just read (nothing was stored since), is the whole scheduler tick.
            posted = self.s.sitreps.tick_channel(self.channel.id, view, at, lambda _s: None)
            self.result.ticks += 1
            self.next_tick = at + TICK
            if posted is None:
                break
            self.result.sitreps.append(posted)
            self.opens = self._opens(posted, view)
        self.next_tick = max(self.next_tick, after)

    def _opens(self, posted: Sitrep, view: SitrepView) -> datetime:
        """When the cadence next lets a sitrep out, after ``posted`` (the latest now).

        Only the time half of ``SitrepService.due``: the interval does not depend on the posts
        being held back, so no flush is needed to know that nothing can be due before this. The
        interval comes from the incident state read before the tick: only ``/summary-interval``
        changes it, and a replay runs no commands.
        """
        return _minute_ceil(posted.created_at + self.s.sitreps.interval_of(view.incident))

    def _next_due(self, view: SitrepView, earliest: datetime) -> datetime | None:
        """The first minute from ``earliest`` on at which the channel's next sitrep is due, if any.

        The cadence only ever opens with time (``interval`` after the previous sitrep), so the
        candidate is that minute; ``SitrepService.due`` has the last word on it.
        """
        candidate = earliest
        if view.latest is not None:
            candidate = max(earliest, _minute_ceil(view.latest.created_at + self.s.sitreps.interval_of(view.incident)))
        return candidate if self.s.sitreps.due_in(view, candidate) else None

    def apply(self, event: ExportEvent) -> None:
        at = ts_to_datetime(event.at)
        self.tick_until(at)
        self.clock.set(at)
        if event.kind == "post" and event.message is not None:
            self.pending.append(event.message)
            if self.probe is not None and event.target_ts in self.probe[0]:
                self.flush()
                self.probe[1](event.target_ts)
            elif len(self.pending) >= MAX_BATCH:
                self.flush()
            return
        self.flush()
        if event.kind == "edit" and event.message is not None:
            self.s.ingestor.edit(event.message)
            self.result.edits += 1
        elif event.kind == "delete":
            self.result.deletes += int(self.s.ingestor.delete(self.channel.id, event.target_ts))
        if self.progress:
            self.progress(1)

    def finish(self) -> None:
        """Let simulated time run until no sitrep is due any more (at most two intervals)."""
        self.flush()
        if self.next_tick is None:
            return
        interval = self.s.sitreps.interval(self.channel.id)
        end = self.next_tick + 2 * interval
        self.tick_until(end)
        # The last minute ticked, skipped or not: the postmortem is drafted "now".
        self.clock.set(max(self.clock.now(), _minute_floor(end)))


def replay_channel(
    services: Services,
    channel: ChannelExport,
    *,
    names: dict[str, str],
    out_dir: Path,
    progress: Progress | None = None,
    probe: tuple[frozenset[str], Probe] | None = None,
) -> ReplayResult:
    """Feed ``channel``'s events through ingest in time order and write the four outputs.

    Args:
        names: user id -> display name from the export's users.json (kept out of PERSON redaction).
        out_dir: where sitreps.md, hypotheses.md, postmortem.md and postmortem.json go.
        probe: (message ts values, callback): the callback runs right after each of those messages
            is stored, with the clock at its time, before anything later happens (``sitrep eval``
            asks for the status a sitrep would show at that moment).
    """
    if not channel.events:
        raise ExportError(f"channel #{channel.name} has no messages to replay")
    start = ts_to_datetime(channel.events[0].at)
    clock = services.clock
    if not isinstance(clock, ManualClock):
        raise TypeError("replay needs a ManualClock")
    clock.set(start)
    services.store.purge_channel(channel.id)
    services.redactor.add_known_names(names.values())
    services.incidents.open(channel.id, channel.name)

    replayer = _Replayer(services, channel, clock, progress, probe)
    for event in channel.events:
        replayer.apply(event)
    replayer.finish()

    result = replayer.result
    result.postmortem, result.files = write_outputs(
        services, channel.id, channel.name, out_dir, names=names, draft=True
    )
    return result


def write_outputs(
    services: Services,
    channel: str,
    name: str,
    out_dir: Path,
    *,
    names: dict[str, str],
    draft: bool,
    transcript: bool = False,
) -> tuple[Postmortem, dict[str, Path]]:
    """Write sitreps.md, hypotheses.md, postmortem.md, postmortem.json (schema-checked), evidence.json,
    and the picture: timeline.png and timeline.svg (embedded in postmortem.md) and postmortem.html.

    Args:
        draft: draft the postmortem now; otherwise use the stored one (e.g. after a Slack review).
        transcript: a transcript.md is written beside the files (the demo): citations link into it.
    """
    # The transcript is read and the board brought up to date once, for the draft and the files alike.
    messages = services.store.messages(channel)
    refreshed = services.incidents.refresh(channel, transcript=messages)
    board = refreshed[1]
    stored = None if draft else services.store.get_postmortem(channel)
    postmortem = stored or services.postmortems.draft(
        channel, services.clock.now(), names=names, refreshed=refreshed, transcript=messages
    )
    sections = {sid: postmortem_section_markdown(postmortem, sid) for sid, _ in SECTIONS}
    citations = services.evidence.citations(channel, postmortem, sections)
    document = add_evidence(postmortem.to_contract(), postmortem, None, sections, citations)
    validate_postmortem(document)
    sources = Sources.of(
        messages,
        names,
        workspace_url=services.settings.slack_workspace_url,
        channel=channel,
        transcript="transcript.md" if transcript else None,
    )
    chart = timeline_chart(postmortem, board)
    markdown = postmortem_markdown(postmortem, sources=sources, chart=CHART_PNG if chart is not None else None)
    texts = {
        "sitreps.md": sitreps_markdown(name, services.store.sitreps(channel), sources=sources),
        "hypotheses.md": board_markdown(name, board, sources=sources),
        "postmortem.md": markdown,
        "postmortem.json": json.dumps(document, indent=2, ensure_ascii=False) + "\n",
    }
    signed = {k: texts[k] for k in ("postmortem.md", "postmortem.json")}
    texts[MANIFEST] = services.evidence.manifest(postmortem, None, sections, citations, signed)
    texts[HTML] = postmortem_html(markdown, chart)
    binary = {CHART_PNG: chart.png, CHART_SVG: chart.svg} if chart is not None else {}
    files: dict[str, Path] = {}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for filename, text in texts.items():
            path = out_dir / filename
            path.write_text(text, encoding="utf-8")
            files[filename] = path
        for filename, data in binary.items():
            path = out_dir / filename
            path.write_bytes(data)
            files[filename] = path
    except OSError as exc:
        raise UserFacingError(
            f"cannot write the outputs to {out_dir} ({exc.strerror or type(exc).__name__})",
            hint="pass --out a folder you can write to",
        ) from exc
    return postmortem, files
