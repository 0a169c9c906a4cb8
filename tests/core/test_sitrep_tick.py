"""Sitrep cadence with an injected clock: due slots with activity, quiet slots, replicas, restarts."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.clock import ManualClock
from bot.core.sitrep import LOCK_SECONDS, SitrepService
from bot.domain import RawMessage, Sitrep, datetime_to_ts
from bot.services import Services

CHANNEL = "CINC9"
SCRIPT = [0, 1, 3, 14, 15, 40, 41, 42, 55, 90, 91, 119]
"""Minutes (each message lands half a minute later) of a scripted two-hour incident."""


@pytest.fixture
def svc(services: Services) -> Services:
    services.incidents.open(CHANNEL, "inc-tick")
    return services


def at(svc: Services, minute: float) -> datetime:
    start = svc.clock.now().replace(second=0, microsecond=0)
    return start + timedelta(minutes=minute)


SIGNIFICANT = "restarted the checkout-api pods, 5xx at 3% of requests now"
"""A mitigation step with an impact figure: every scripted message is worth a sitrep, so these
tests see the cadence alone (the significance gate has its own tests in test_sitrep_gate.py)."""


def post(svc: Services, when: datetime, text: str = SIGNIFICANT) -> None:
    svc.ingestor.ingest(RawMessage(channel=CHANNEL, ts=datetime_to_ts(when, 100), text=text, user="U1"))


def replicas(svc: Services, n: int) -> list[SitrepService]:
    return [
        SitrepService(svc.store, svc.engine, svc.incidents, interval_minutes=10, owner=f"replica-{i}") for i in range(n)
    ]


def run(svc: Services, minutes: range, script: list[int], ticking: list[SitrepService]) -> list[tuple[int, int]]:
    """Ingest each scripted message, tick every replica every minute; (minute, sitrep number) posted."""
    posted: list[tuple[int, int]] = []
    base = at(svc, 0)
    for t in minutes:
        for m in script:
            if t - 1 <= m < t:
                post(svc, base + timedelta(minutes=m + 0.5))
        now = base + timedelta(minutes=t)
        assert isinstance(svc.clock, ManualClock)
        svc.clock.set(now)
        for replica in ticking:
            posted += [(t, s.number) for s in replica.tick(now, lambda _s: None)]
    return posted


def test_two_hours_of_incident_post_only_in_due_slots_with_activity(svc: Services) -> None:
    posted = run(svc, range(1, 121), SCRIPT, [svc.sitreps])
    assert [t for t, _ in posted] == [1, 11, 21, 41, 51, 61, 91, 101, 120]
    assert [n for _, n in posted] == list(range(1, 10))


def test_three_replicas_post_exactly_once_per_due_slot(svc: Services) -> None:
    posted = run(svc, range(1, 121), SCRIPT, replicas(svc, 3))
    assert [t for t, _ in posted] == [1, 11, 21, 41, 51, 61, 91, 101, 120]
    assert len(svc.store.sitreps(CHANNEL)) == 9


def test_restart_after_35_minutes_down_posts_one_catch_up(svc: Services) -> None:
    run(svc, range(1, 12), [0, 1, 3], [svc.sitreps])
    assert len(svc.store.sitreps(CHANNEL)) == 2
    for m in (20, 30, 40):  # posted while every replica was down; backfill stores them at start
        post(svc, at(svc, m + 0.5))
    fresh = replicas(svc, 1)[0]  # a new process: nothing in memory, all state in Redis
    posted = [s.number for t in range(47, 58) for s in fresh.tick(at(svc, t), lambda _s: None)]
    assert posted == [3]
    latest = svc.store.latest_sitrep(CHANNEL)
    assert latest is not None and latest.messages_considered == 3


def test_resolve_stops_sitreps_and_reopening_resumes(svc: Services) -> None:
    run(svc, range(1, 12), [0, 1, 3], [svc.sitreps])
    svc.incidents.resolve(CHANNEL, at(svc, 12), by="Priya")
    post(svc, at(svc, 12.5), "all clear from my side")
    posted: list[Sitrep] = []
    for t in range(13, 60):
        if t in (30, 40):
            post(svc, at(svc, t - 0.5), "one more graph for the postmortem")
        posted += svc.sitreps.tick(at(svc, t), lambda _s: None)
    assert [s.number for s in posted] == [3]  # the final sitrep reporting the resolution, then silence
    assert posted[0].status.endswith("Resolved")
    post(svc, at(svc, 60.5), "reopening the incident: errors are back")
    resumed = [s for t in range(61, 63) for s in svc.sitreps.tick(at(svc, t), lambda _s: None)]
    assert [s.number for s in resumed] == [4]
    assert "Investigating" in resumed[0].status


def test_a_replica_that_dies_mid_post_does_not_skip_the_slot(svc: Services) -> None:
    run(svc, range(1, 2), [0], [svc.sitreps])
    post(svc, at(svc, 5))
    dead_claim = svc.store.try_lock(CHANNEL, "2", owner="dead-replica", now=at(svc, 11), ttl_seconds=LOCK_SECONDS)
    assert dead_claim  # it won slot 2 at minute 11, then crashed before posting
    survivor = replicas(svc, 1)[0]
    quiet = [s for t in range(11, 14) for s in survivor.tick(at(svc, t), lambda _s: None)]
    assert quiet == []
    taken_over = [s.number for t in range(14, 16) for s in survivor.tick(at(svc, t), lambda _s: None)]
    assert taken_over == [2]


def test_a_failed_post_is_retried_by_the_next_tick(svc: Services) -> None:
    post(svc, at(svc, 0.5))

    def broken(_s: Sitrep) -> None:
        raise ConnectionError("slack is down")

    with pytest.raises(ConnectionError):
        svc.sitreps.tick(at(svc, 1), broken)
    assert svc.store.sitreps(CHANNEL) == []
    assert [s.number for s in svc.sitreps.tick(at(svc, 2), lambda _s: None)] == [1]


def test_idle_channels_are_not_read_by_a_tick(svc: Services) -> None:
    for i in range(20):
        svc.incidents.open(f"CIDLE{i}", f"inc-idle-{i}")
    post(svc, at(svc, 0.5))
    svc.sitreps.tick(at(svc, 1), lambda _s: None)
    svc.sitreps.tick(at(svc, 2), lambda _s: None)
    assert svc.store.active_channels() == set()
