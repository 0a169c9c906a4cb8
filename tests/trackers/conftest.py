"""A postmortem in the real store, exported through the real GitHub/Jira clients to the local stand-ins."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.core.tracker_export import ExportReport, TrackerExport
from bot.core.trackers import Tracker
from bot.domain import ActionItem, IncidentState, Postmortem, Review
from bot.sandbox.trackers import LocalGitHub, LocalJira
from bot.sandbox.trackers.server import Request, StandIn
from bot.store import Store
from bot.trackers import GitHubTracker, JiraTracker

CHANNEL = "CINC1"
DRAFT_TS = "1773480600.000001"
WORKSPACE = "https://acme.slack.com"
PEOPLE = {"UPRIYA": "Priya", "UMARCO": "Marco", "UDANA": "Dana"}
OWNERS = {"UPRIYA": "priya-gh", "UMARCO": "marco-gh", "UDANA": "dana-gh"}
ITEMS = (
    ActionItem(
        text="Add an alert on connection pool saturation",
        category="monitoring",
        horizon="short_term",
        owner="Priya",
        due="friday",
        citations=("1773478800.000009",),
    ),
    ActionItem(
        text="Make the canary step mandatory for checkout-api",
        category="deployment safety",
        horizon="immediate",
        owner="Marco",
        due="2026-03-20",
        citations=("1773478000.000001", "1773478200.000002"),
    ),
    ActionItem(
        text="Write a runbook for rolling back checkout-api",
        category="runbooks",
        horizon="long_term",
        owner=None,
        citations=("1773478400.000006",),
    ),
)


def link(ts: str) -> str:
    return f"{WORKSPACE}/archives/{CHANNEL}/p{ts.replace('.', '')}"


@dataclass
class Rig:
    """One tracker stand-in, the real client pointed at it, and the export over the test store."""

    kind: str
    server: LocalGitHub | LocalJira
    tracker: Tracker
    export: TrackerExport
    store: Store
    clock: ManualClock
    waited: list[float]

    def save(self, items: tuple[ActionItem, ...] = ITEMS) -> None:
        """(Re)write the channel's postmortem with ``items``; the draft is 'posted' at DRAFT_TS."""
        incident = IncidentState(channel=CHANNEL, name="inc-checkout")
        pm = Postmortem(incident=incident, summary="s", impact="i", action_items=items)
        self.store.save_postmortem(CHANNEL, pm)
        self.store.save_review(Review(channel=CHANNEL, draft_ts=DRAFT_TS))

    def run(self) -> ExportReport:
        return self.export.export(CHANNEL, link, PEOPLE)

    @property
    def creates(self) -> list[Request]:
        return [r for r in self.server.requests("POST") if r.path.endswith("/issues") or r.path.endswith("/issue")]

    @property
    def updates(self) -> list[Request]:
        return self.server.requests("PATCH") + self.server.requests("PUT")

    @property
    def issue_count(self) -> int:
        return len(self.server.issues)

    def fail_create(self, status: int, *, skip: int = 0, body: object = None) -> None:
        from bot.sandbox.trackers import Fault

        self.server.fail(Fault(status, body or {"message": "Server Error"}, method="POST", skip=skip, name=str(status)))

    def rate_limit(self, seconds: int) -> None:
        if isinstance(self.server, LocalGitHub):
            self.server.rate_limit(retry_after=seconds, status=429)
        else:
            self.server.rate_limit(retry_after=seconds)


def make_tracker(kind: str, server: StandIn, clock: ManualClock, *, token: str | None = None) -> Tracker:
    if isinstance(server, LocalGitHub):
        return GitHubTracker(server.repo, token or server.token, now=clock.now, api_url=server.url, timeout=5)
    assert isinstance(server, LocalJira)
    return JiraTracker(server.url, server.project, "bot@example.com", token or "jira-local", now=clock.now, timeout=5)


def make_export(
    tracker: Tracker, store: Store, clock: ManualClock, waited: list[float], max_wait: float = 30
) -> TrackerExport:
    def wait(seconds: float) -> None:
        waited.append(seconds)
        clock.advance(timedelta(seconds=seconds))

    owners = {uid: (f"acct-{who}" if tracker.name == "jira" else who) for uid, who in OWNERS.items()}
    return TrackerExport(store, tracker, clock, owners=owners, wait=wait, max_wait=max_wait)


def stand_in(kind: str) -> LocalGitHub | LocalJira:
    if kind == "github":
        return LocalGitHub(repo="acme/web", token="ghp-local", users={"priya-gh", "marco-gh"})
    return LocalJira(project="OPS", accounts={"acct-priya-gh", "acct-marco-gh"})


@pytest.fixture(params=["github", "jira"])
def rig(request: pytest.FixtureRequest, store: Store, clock: ManualClock) -> Iterator[Rig]:
    kind: str = request.param
    with stand_in(kind) as server:
        tracker = make_tracker(kind, server, clock)
        waited: list[float] = []
        r = Rig(kind, server, tracker, make_export(tracker, store, clock, waited), store, clock, waited)
        r.save()
        yield r
        tracker.close()


@pytest.fixture
def github_rig(store: Store, clock: ManualClock) -> Iterator[Rig]:
    """The GitHub side alone (for what only GitHub does: reset headers, Markdown bodies)."""
    with stand_in("github") as server:
        tracker = make_tracker("github", server, clock)
        waited: list[float] = []
        r = Rig("github", server, tracker, make_export(tracker, store, clock, waited), store, clock, waited)
        r.save()
        yield r
        tracker.close()
