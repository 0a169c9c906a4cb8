"""The offline status-update draft: phase, what customers see, what is being done, next update.

Built from the incident state and the hypothesis board only (never from a suspect or a
hypothesis under investigation): the phase comes from the lifecycle, the words from the phrase
book. The latest sitrep's impact is used only sentence by sentence when it is about customers
and passes the customer checks; otherwise the phase's plain sentence stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.analysis.customer_checks import check_update_text, sentences
from bot.analysis.customer_words import UPDATE_PHRASES, clock_time, plain
from bot.analysis.lifecycle import with_status
from bot.domain import Board, IncidentState, Sitrep, StatusUpdate, UpdatePhase

NEXT_UPDATE = timedelta(minutes=30)
"""When the next update is promised (none once resolved)."""
PHASES: dict[str, UpdatePhase] = {
    "investigating": "Investigating",
    "identified": "Identified",
    "mitigated": "Monitoring",
    "resolved": "Resolved",
}
_CUSTOMERS = re.compile(r"\b(?:customers?|users?|shoppers?|members?|subscribers?)\b", re.I)


def phase_of(state: IncidentState, board: Board | None) -> UpdatePhase:
    return PHASES[with_status(state, board).status]


def update_text(phase: UpdatePhase, impact: str, doing: str, next_update: datetime | None) -> str:
    """The update as posted: one short paragraph a status page can take as is."""
    text = f"{phase}: {impact} {doing}"
    if next_update is not None:
        text += f" Next update by {clock_time(next_update)}."
    return text


def draft_update(
    state: IncidentState,
    board: Board | None,
    sitrep: Sitrep | None,
    *,
    now: datetime,
    update_id: str,
    drafted_for: str,
    people: Sequence[str] = (),
) -> StatusUpdate:
    """The rules' status update for the incident as it stands at ``now``."""
    phase = phase_of(state, board)
    phrases = UPDATE_PHRASES[phase]
    impact = phrases["impact"]
    if sitrep is not None and phase in ("Investigating", "Identified"):
        about = [
            plain(s)
            for s in sentences(sitrep.impact.text)
            if _CUSTOMERS.search(s) and "?" not in s and not s.lower().startswith("unknown")
        ]
        clean = [s for s in about if not check_update_text(s, people)]
        if clean:
            impact = clean[0]
    next_update = None if phase == "Resolved" else now + NEXT_UPDATE
    return StatusUpdate(
        id=update_id,
        channel=state.channel,
        phase=phase,
        impact=impact,
        doing=phrases["doing"],
        next_update=next_update,
        text=update_text(phase, impact, phrases["doing"], next_update),
        drafted_for=drafted_for,
        created_at=now,
        engine="offline",
    )
