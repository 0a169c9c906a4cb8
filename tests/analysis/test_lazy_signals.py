"""The lifecycle reads a person's message lazily (``classify.signals``): each signal it asks for is
exactly what ``read`` says, and signals that can no longer move a lifecycle time are not read."""

from __future__ import annotations

import json
from pathlib import Path

from bot.analysis.classify import _human_text, read, signals
from bot.analysis.lifecycle import observe
from bot.domain import IncidentState
from tests.analysis.reading_support import said

INCIDENTS = Path(__file__).resolve().parent.parent / "data" / "incidents"
FIELDS = (
    "detect",
    "ack",
    "decision",
    "mitigation",
    "recovered",
    "regression",
    "status",
    "command",
    "alert_recovered",
    "cause_found",
)


def _texts() -> list[tuple[str, bool]]:
    found: list[tuple[str, bool]] = []
    for day in sorted(INCIDENTS.glob("*/*/*/*.json")):
        for item in json.loads(day.read_text(encoding="utf-8")):
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                found.append((item["text"], bool(item.get("bot_id") or item.get("subtype") == "bot_message")))
    return found


def test_every_lazy_signal_equals_the_full_reading() -> None:
    """Over every message of the bundled incidents (people and bots), each signal read lazily
    equals the full reading's."""
    texts = _texts()
    assert len(texts) > 1000
    differences = []
    for i, (text, bot) in enumerate(texts):
        message = said(i, text, bot=bot)
        lazy, full = signals(message), read(message)
        for name in FIELDS:
            if getattr(lazy, name) != getattr(full, name):
                differences.append((text[:60], name, getattr(lazy, name), getattr(full, name)))
    assert differences == []


def test_an_identified_and_mitigated_incident_does_not_read_steps_again() -> None:
    """Once an incident is detected, acknowledged, identified and mitigated, folding a person's
    message asks only for its declared status and a regression, not for mitigation steps."""
    first = said(0, "checkout 5xx at 30%, paging")
    state = IncidentState(channel="CINC", name="inc-x")
    state = state.model_copy(
        update={
            "opened_at": first.time,
            "detected_at": first.time,
            "acknowledged_at": first.time,
            "identified_at": first.time,
            "mitigated_at": first.time,
        }
    )
    text = "rolled back to v41"
    message = said(5, text)
    observe(state, message)
    asked = set(vars(_human_text(text)))
    assert "status" in asked and "regression" in asked
    assert "mitigation" not in asked and "detect" not in asked and "ack" not in asked
    assert read(message).mitigation  # the full reading still finds the step
