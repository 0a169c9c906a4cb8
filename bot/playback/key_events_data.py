"""The training set of the key-event scorer: every dev message, as the engine saw it, labelled by
the answer key.

The timeline is scored by exact ``ts`` against ``truth.json``'s ``key_events``, so choosing it is a
yes/no per message. To learn that yes/no from what the engine really reads, each incident is
replayed the way ``sitrep eval`` replays it (ingest with redaction, the embedded Redis, the
scheduler's ticks) and the inputs ``build_timeline`` gets when the postmortem is drafted (the stored,
redacted transcript, the board and the lifecycle state) are kept. Labels come from the answer key
only; features come from :mod:`bot.analysis.key_features` only.

Folds: the dev incidents are grouped by the batch that wrote them (the slugs listed in
``SOURCES_<x>.md`` form batch x), so a batch is never split between fit and check: a batch's
phrasing is what a model must not be allowed to learn.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.analysis.lifecycle import with_status
from bot.clock import ManualClock
from bot.domain import Board, IncidentState, Message, ts_to_datetime
from bot.playback.evaluate import incident_folders, open_incident
from bot.playback.replay import replay_channel
from bot.services import open_services
from bot.slackdata.users import names_map

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.redaction import Redactor

_SOURCES = re.compile(r"^SOURCES_(?P<batch>[A-Za-z0-9]+)\.md$")


@dataclass(frozen=True)
class Replayed:
    """One incident as ``build_timeline`` receives it when the postmortem is drafted, and its key events."""

    slug: str
    batch: str
    messages: tuple[Message, ...]
    board: Board
    state: IncidentState
    key_ts: frozenset[str]


def batches(set_dir: Path) -> dict[str, str]:
    """Incident slug -> the batch whose ``SOURCES_<x>.md`` lists it (a slug listed nowhere is its own batch)."""
    out: dict[str, str] = {}
    sources = sorted(p for p in set_dir.glob("SOURCES_*.md") if _SOURCES.match(p.name))
    texts = {(m.group("batch") if (m := _SOURCES.match(p.name)) else p.stem): p.read_text("utf-8") for p in sources}
    for folder in incident_folders(set_dir):
        listed = re.compile(rf"(?<![\w-]){re.escape(folder.name)}(?![\w-])")  # "ledger-x" is not in "ledger-xy"
        out[folder.name] = next((b for b, text in texts.items() if listed.search(text)), folder.name)
    return out


def batch_names(text: str) -> frozenset[str]:
    """The batches a ``--batches`` argument names: comma-separated names ("a,b,aa"), or a run of
    one-letter names ("abcdefghi", the form the first batches were named in). Membership is by
    name, never by substring: batch "ab" is not among the letters "abc"."""
    if "," in text:
        return frozenset(name.strip() for name in text.split(",") if name.strip())
    return frozenset(text)


def replay_incident(folder: Path, batch: str, *, settings: Settings, redactor: Redactor) -> Replayed:
    """Replay one incident folder as the evaluator does and keep what the timeline is built from."""
    truth, export, channel = open_incident(folder)
    names = names_map(export.users.values())
    clock = ManualClock(ts_to_datetime(channel.events[0].at))
    with (
        # this export's members only: another incident's names must not stay in this one's text
        redactor.only_known(n for u in export.users.values() for n in u.all_names),
        open_services(settings, clock=clock, redactor=redactor, ephemeral=True) as services,
        tempfile.TemporaryDirectory(prefix="sitrep-train-") as tmp,
    ):
        replay_channel(services, channel, names=names, out_dir=Path(tmp))
        transcript = services.incidents.transcript(channel.id)
        state, board = services.incidents.refresh(channel.id, transcript=transcript)
    return Replayed(
        slug=folder.name,
        batch=batch,
        messages=tuple(transcript),
        board=board,
        state=with_status(state, board),
        key_ts=frozenset(ts for ts, _k in truth.key_events),
    )


def replay_set(
    set_dir: Path, *, settings: Settings, redactor: Redactor, progress: Callable[[str], None] | None = None
) -> list[Replayed]:
    """Every incident of ``set_dir`` replayed, in folder order."""
    folds = batches(set_dir)
    out = []
    for folder in incident_folders(set_dir):
        if progress:
            progress(folder.name)
        out.append(replay_incident(folder, folds[folder.name], settings=settings, redactor=redactor))
    return out
