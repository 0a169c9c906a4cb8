"""Severity words as channels write them; a later setting wins, a mention does not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.analysis.lifecycle import derive
from bot.analysis.severity import severity_statement
from bot.domain import IncidentState, Message
from bot.playback.scoring import normalise_severity

T0 = datetime(2026, 5, 5, 12, 0, tzinfo=UTC)


def _msg(minute: int, text: str, *, bot: bool = False) -> Message:
    ts = f"{(T0 + timedelta(minutes=minute)).timestamp():.6f}"
    return Message(channel="C1", ts=ts, text=text, user="U1", user_name="lea", is_bot=bot)


@pytest.mark.parametrize(
    ("text", "label", "sets"),
    [
        ("declaring sev 2, i'll run comms", "SEV2", True),
        ("ok this is a SEV-1 now", "SEV1", True),
        ("Lea here, IC. P1.", "P1", True),
        ("sev1. whole region", "SEV1", True),
        ("bumping to sev1, payments are down too", "SEV1", True),
        ("we're treating this as a major incident", "SEV1", True),
        ("severity: 3", "SEV3", True),
    ],
)
def test_severity_settings(text: str, label: str, sets: bool) -> None:
    found = severity_statement(_msg(0, text))
    assert found is not None and (found.label, found.sets) == (label, sets)


@pytest.mark.parametrize(
    "text",
    [
        "P1 case 4412 opened by a customer",
        'New case 3391 (Enterprise, P1): "api slow"',
        "Action items\n- status updates every 30 min during sev 1",
        "v3 rollout is at 40%",
    ],
)
def test_mentions_are_not_severity(text: str) -> None:
    assert severity_statement(_msg(0, text)) is None


def test_later_setting_wins_and_a_bot_label_does_not_override() -> None:
    msgs = [
        _msg(0, "Alert #771 created: checkout errors — P3", bot=True),
        _msg(4, "declaring sev 2"),
        _msg(30, "customers in two regions now, upgrading to SEV1"),
        _msg(40, "Alert #772 created: cart latency — P3", bot=True),
        _msg(90, "closing the sev1, thanks all"),
    ]
    state = derive(IncidentState(channel="C1", name="inc"), msgs, None)
    assert normalise_severity(state.severity) == "SEV1"
    first_two = derive(IncidentState(channel="C1", name="inc"), msgs[:2], None)
    assert normalise_severity(first_two.severity) == "SEV2"


def test_an_incident_record_sets_the_severity_over_an_alerts_priority() -> None:
    msgs = [
        _msg(0, "[SEV3 alert] edge probes: 4% failing", bot=True),
        _msg(2, "INC-5512 opened — SEV1, on-call paged", bot=True),
    ]
    state = derive(IncidentState(channel="C1", name="inc"), msgs, None)
    assert normalise_severity(state.severity) == "SEV1"
    later = [*msgs, _msg(5, "[SEV3 alert] edge probes: 9% failing", bot=True)]
    assert normalise_severity(derive(IncidentState(channel="C1", name="inc"), later, None).severity) == "SEV1"
