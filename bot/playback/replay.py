"""Replay an exported incident through ingest in simulated time and write Sitrep's outputs.

The clock ticks once per simulated minute, as the scheduler does in production, so the
sitrep cadence seen here is the cadence a channel would see live.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.core.schema import validate_postmortem
from bot.domain import Postmortem, RawMessage, Sitrep, ts_to_datetime
from bot.errors import ExportError
from bot.render.markdown import board_markdown, postmortem_markdown, sitreps_markdown
from bot.services import Services
from bot.slackdata.export import ChannelExport, ExportEvent

TICK = timedelta(minutes=1)

Progress = Callable[[int], None]


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


def _minute_floor(when: datetime) -> datetime:
    return when.replace(second=0, microsecond=0)


class _Replayer:
    def __init__(self, services: Services, channel: ChannelExport, clock: ManualClock, progress: Progress | None):
        self.s = services
        self.channel = channel
        self.clock = clock
        self.progress = progress
        self.result = ReplayResult(channel=channel.id, name=channel.name)
        self.pending: list[RawMessage] = []
        self.next_tick: datetime | None = None

    def flush(self) -> None:
        if not self.pending:
            return
        for outcome in self.s.ingestor.ingest_many(self.pending):
            self.result.messages += 1 if outcome.new else 0
            self.result.secrets_found += sum(f.count for f in outcome.secrets)
        if self.progress:
            self.progress(len(self.pending))
        self.pending.clear()

    def tick_until(self, when: datetime) -> None:
        """Run every per-minute tick up to and including ``when``."""
        if self.next_tick is None:
            self.next_tick = _minute_floor(when) + TICK
        while self.next_tick <= when:
            self.flush()
            self.clock.set(self.next_tick)
            self.result.sitreps += self.s.sitreps.tick(self.next_tick, lambda _s: None)
            self.next_tick += TICK

    def apply(self, event: ExportEvent) -> None:
        at = ts_to_datetime(event.at)
        self.tick_until(at)
        self.clock.set(at)
        if event.kind == "post" and event.message is not None:
            self.pending.append(event.message)
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


def replay_channel(
    services: Services,
    channel: ChannelExport,
    *,
    names: dict[str, str],
    out_dir: Path,
    progress: Progress | None = None,
) -> ReplayResult:
    """Feed ``channel``'s events through ingest in time order and write the four outputs.

    Args:
        names: user id -> display name from the export's users.json (kept out of PERSON redaction).
        out_dir: where sitreps.md, hypotheses.md, postmortem.md and postmortem.json go.
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

    replayer = _Replayer(services, channel, clock, progress)
    for event in channel.events:
        replayer.apply(event)
    replayer.finish()

    result = replayer.result
    result.postmortem, result.files = write_outputs(
        services, channel.id, channel.name, out_dir, names=names, draft=True
    )
    return result


def write_outputs(
    services: Services, channel: str, name: str, out_dir: Path, *, names: dict[str, str], draft: bool
) -> tuple[Postmortem, dict[str, Path]]:
    """Write sitreps.md, hypotheses.md, postmortem.md and postmortem.json (schema-checked).

    Args:
        draft: draft the postmortem now; otherwise use the stored one (e.g. after a Slack review).
    """
    stored = None if draft else services.store.get_postmortem(channel)
    postmortem = stored or services.postmortems.draft(channel, services.clock.now(), names=names)
    document = postmortem.to_contract()
    validate_postmortem(document)
    _, board = services.incidents.refresh(channel)
    out_dir.mkdir(parents=True, exist_ok=True)
    texts = {
        "sitreps.md": sitreps_markdown(name, services.store.sitreps(channel)),
        "hypotheses.md": board_markdown(name, board),
        "postmortem.md": postmortem_markdown(postmortem),
        "postmortem.json": json.dumps(document, indent=2, ensure_ascii=False) + "\n",
    }
    files: dict[str, Path] = {}
    for filename, text in texts.items():
        path = out_dir / filename
        path.write_text(text, encoding="utf-8")
        files[filename] = path
    return postmortem, files
