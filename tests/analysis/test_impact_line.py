"""The sitrep's impact line quotes impact: a figure or a symptom customers see, not any message
that happens to say "customer" or "users"."""

from __future__ import annotations

import pytest

from bot.analysis.report import impact_messages, states_impact
from bot.domain import Board, IncidentState
from bot.engines.offline import OfflineEngine
from tests.analysis.reading_support import said


@pytest.mark.parametrize(
    "text",
    [
        "can someone loop in the customer team before we post anything",
        "which customers are on the eu cluster? need the list for later",
        "customer success wants a heads up when we have news",
        "users table migration is still queued, unrelated",
        "I'll draft the customer email once we know more",
        "anyone else seeing slow uploads from the eu?",
        'draft for the status page: "some users may see delayed emails"',
    ],
)
def test_naming_customers_is_not_impact(text: str) -> None:
    """A request, a question or a plan that names customers states no impact."""
    assert not states_impact(text)
    assert impact_messages([said(3, text)]) == []


@pytest.mark.parametrize(
    "text",
    [
        "roughly 18% of api calls in us-west are failing",
        "support says 240 merchants opened tickets in the last half hour",
        "users can't log in from the mobile app",
        "customers are seeing 502s on every upload",
        "checkouts failing for anyone on the new pricing plan",
        "p99 is at 7s for the search endpoint, customers noticing",
        "we keep getting tickets about exports stuck at 0%",
    ],
)
def test_a_figure_or_a_visible_symptom_is_impact(text: str) -> None:
    """A share, a count or a symptom someone outside the team would see is impact."""
    assert states_impact(text)
    assert [m.text for m in impact_messages([said(3, text)])] == [text]


def test_the_sitrep_quotes_the_symptom_not_the_mention() -> None:
    """A mention of customers after the symptom does not take over the impact line."""
    messages = [
        said(1, "dashboards for tenants in ap-south time out after 30s", "ravi"),
        said(2, "can someone loop in the customer team before we post anything", "ines"),
        said(3, "looking at the ingest workers now", "ravi"),
    ]
    state = IncidentState(channel="CINC", name="inc-ingest", opened_at=messages[0].time)
    sitrep = OfflineEngine().sitrep(
        incident=state,
        prev=None,
        new_messages=messages,
        board=Board(channel="CINC"),
        now=messages[-1].time,
        total_messages=len(messages),
    )
    assert sitrep.impact.citations == (messages[0].ts,)


def test_without_impact_the_sitrep_says_nobody_described_it() -> None:
    """Only mentions of customers: the impact line stays Unknown rather than quoting one."""
    messages = [said(1, "which customers are on the eu cluster? need the list for later", "ines")]
    state = IncidentState(channel="CINC", name="inc-ingest", opened_at=messages[0].time)
    sitrep = OfflineEngine().sitrep(
        incident=state,
        prev=None,
        new_messages=messages,
        board=Board(channel="CINC"),
        now=messages[-1].time,
        total_messages=1,
    )
    assert sitrep.impact.citations == ()
    assert "nobody has described customer impact" in sitrep.impact.text
