"""The training set of the board's status model: every theory on each dev incident's final board,
labelled by the answer key.

Each dev incident is replayed the way ``sitrep eval`` replays it (:func:`key_events_data.replay_incident`:
ingest with redaction, the embedded Redis, the scheduler's ticks) with the rules' board as the view
(the status model off), and the final board's theories are matched to the key's hypotheses with
:func:`scoring.match_hypotheses`, the evaluator's own matching. A matched theory's label is its truth
status; a theory the key does not list has no label and is left out of the fit (the evaluator does
not score it either). A truth hypothesis no theory matches counts as wrong whatever the model says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.analysis.hyp_status import cited
from bot.domain import Board, IncidentState, Message
from bot.playback.evaluate import incident_folders, load_truth
from bot.playback.key_events_data import Replayed, batches, replay_incident
from bot.playback.scoring import match_hypotheses

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.redaction import Redactor


@dataclass(frozen=True)
class BoardCase:
    """One incident's final rules' board, what it cites, and the truth status of each matched theory."""

    slug: str
    batch: str
    board: Board
    state: IncidentState
    messages: dict[str, Message]
    labels: dict[str, str]
    """Board theory id -> truth status (matched theories only)."""
    truths: int
    """Truth hypotheses in the key (the evaluator's denominator)."""


def case_of(replayed: Replayed, folder: Path) -> BoardCase:
    """The replayed incident's board theories labelled by the key in ``folder`` (the evaluator's matching)."""
    truth = load_truth(folder)
    board = replayed.board
    matched = match_hypotheses(truth.hypotheses, board.hypotheses)
    labels = {h.id: t.status for t, h in zip(truth.hypotheses, matched, strict=True) if h is not None}
    need = cited(board)
    messages = {m.ts: m for m in replayed.messages if m.ts in need}
    return BoardCase(replayed.slug, replayed.batch, board, replayed.state, messages, labels, len(truth.hypotheses))


def replay_cases(
    set_dir: Path, *, settings: Settings, redactor: Redactor, progress: Callable[[str], None] | None = None
) -> list[BoardCase]:
    """Every incident of ``set_dir`` replayed (settings should have the status model off)."""
    folds = batches(set_dir)
    out = []
    for folder in incident_folders(set_dir):
        if progress:
            progress(folder.name)
        out.append(case_of(replay_incident(folder, folds[folder.name], settings=settings, redactor=redactor), folder))
    return out
