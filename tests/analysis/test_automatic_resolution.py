"""A paging tool closing its own record when an alert clears is one alert going quiet, not the
incident resolved: reading it as resolved would end the sitreps of a live incident."""

from __future__ import annotations

import pytest

from bot.analysis.lifecycle import derive
from bot.domain import IncidentState, Message


def _status(*said: tuple[str, bool]) -> str:
    messages = [
        Message(
            channel="C1",
            ts=f"{1000 + i}.000001",
            text=text,
            user="UBOT" if bot else "U1",
            user_name="Paging" if bot else "mirela",
            is_bot=bot,
        )
        for i, (text, bot) in enumerate(said)
    ]
    return derive(IncidentState(channel="C1", name="inc"), messages, None).status


@pytest.mark.parametrize(
    "closing",
    [
        "Incident #812 resolved (auto-resolved)",
        "Incident #812 was resolved automatically",
        "INCIDENT 812 RESOLVED BY TIMEOUT",
        "incident 812 resolved after a timeout",
    ],
)
def test_a_tool_closing_its_own_incident_does_not_resolve_ours(closing: str) -> None:
    assert _status(("[Triggered] queue depth > 10k", True), ("on it", False), (closing, True)) == "investigating"


def test_a_tool_reporting_a_resolution_someone_made_still_resolves() -> None:
    said = [("[Triggered] queue depth > 10k", True), ("on it", False), ("Incident #812 resolved by mirela", True)]
    assert _status(*said) == "resolved"


@pytest.mark.parametrize(
    "closing",
    [
        "Resolved: checkout-service-failed-requests — failed requests 1.2%",
        "RESOLVED: payments-service-latency-p99 back under threshold",
    ],
)
def test_a_monitor_resolving_one_alert_named_after_a_service_does_not_resolve_ours(closing: str) -> None:
    """A service named inside an alert's name is not the service declared healthy: one check cleared."""
    assert _status(("[Triggered] queue depth > 10k", True), ("on it", False), (closing, True)) == "investigating"
