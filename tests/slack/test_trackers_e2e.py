"""Action items to GitHub from the review thread: the real Bolt app, the local Slack, the local GitHub.

A secret is planted in an action item's message; the postmortem goes final; Sitrep creates the
issues and shows their links in one status message in the thread, updated in place on retry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.clock import ManualClock
from bot.config import Settings
from bot.redaction import Redactor
from bot.sandbox.slack import LocalSlack
from bot.sandbox.trackers import Fault, LocalGitHub
from bot.services import build
from bot.slack.app import create_slack_app
from bot.slack.http import EVENTS_PATH, HttpServer
from bot.store import Store
from bot.trackers import GitHubTracker
from tests.slack.test_review_e2e import (
    AWS_SECRET,
    DANA,
    MARCO,
    PRIYA,
    SECRET,
    TOKEN,
    Harness,
    approve_all,
    buttons,
)


class TrackedHarness(Harness):
    """The review harness with TRACKER=github pointed at the local GitHub."""

    github: LocalGitHub
    tracker: GitHubTracker | None = None

    def start_app(self, **settings: Any) -> None:
        config = Settings(  # type: ignore[call-arg]
            _env_file=None,
            sitrep_data_dir=self.tmp / "data",
            tracker="github",
            github_repo=self.github.repo,
            github_token=self.github.token,
            github_api_url=self.github.url,
            tracker_owner_map=f"{PRIYA}=priya-gh,{MARCO}=marco-gh",
            **settings,
        )
        self.tracker = GitHubTracker(self.github.repo, self.github.token, now=self.clock.now, api_url=self.github.url)

        def wait(seconds: float) -> None:
            self.clock.advance(timedelta(seconds=seconds))

        self.services = build(
            config, clock=self.clock, store=self.store, redactor=self.redactor, tracker=self.tracker, wait=wait
        )
        client = WebClient(token=TOKEN, base_url=self.slack.api_url)
        self.app = create_slack_app(
            self.services.core(), client, signing_secret=SECRET, channel_pattern=re.compile("^inc-")
        )
        self.app.start_tracking()
        self.server = HttpServer(self.app).start()
        self.slack.deliver_http(self.server.url + EVENTS_PATH)

    def status_text(self) -> str:
        assert self.services is not None and self.services.trackers is not None
        ts = self.services.trackers.status_ts(self.channel)
        return self.text_of(ts) if ts else ""


@pytest.fixture
def th(store: Store, clock: ManualClock, redactor: Redactor, tmp_path: Path) -> Iterator[TrackedHarness]:
    with (
        LocalSlack(signing_secret=SECRET, bot_token=TOKEN, clock=clock, ack_timeout_s=5.0) as slack,
        LocalGitHub(repo="acme/web", token="ghp-e2e", users={"priya-gh", "marco-gh"}) as github,
    ):
        slack.add_user(PRIYA, name="priya", real_name="Priya Raman", display_name="Priya")
        slack.add_user(MARCO, name="marco", real_name="Marco Rossi", display_name="Marco")
        slack.add_user(DANA, name="dana", real_name="Dana Kim", display_name="Dana")
        harness = TrackedHarness(slack=slack, store=store, clock=clock, redactor=redactor, tmp=tmp_path)
        harness.github = github
        harness.channel = slack.create_channel("inc-checkout", members=[PRIYA, MARCO, DANA, slack.bot_user_id])
        slack.discard_pending_events()
        harness.start_app()
        try:
            yield harness
        finally:
            harness.stop_app()
            if harness.tracker is not None:
                harness.tracker.close()


def test_final_creates_the_issues_with_redacted_text_and_the_thread_shows_their_links(th: TrackedHarness) -> None:
    """Final -> one issue per action item; the planted secret never reaches GitHub; links in the thread."""
    h = th
    h.play_incident()
    h.post(PRIYA, f"Action item: I'll rotate the leaked key {AWS_SECRET} today")
    h.wait(lambda: h.store.count_messages(h.channel) == 8, "the secret message stored")
    h.resolve()
    assert "pm_export_issues" in buttons(h.message(h.draft_ts()))  # on demand, before final
    approve_all(h)
    h.wait_final()
    h.wait(lambda: len(h.github.issues) == 2 and "2 created" in h.status_text(), "two issues and their status")
    sent = " ".join(r.text for r in h.github.journal)
    assert AWS_SECRET not in sent and "wJalrXUtnFEMI" not in sent
    titles = [i["title"] for i in h.github.issues.values()]
    assert any("connection pool saturation" in t for t in titles)
    assert any("rotate the leaked key" in t.lower() for t in titles)
    status = h.status_text()
    assert "https://github.example/acme/web/issues/1" in status and "#2" in status
    by_title = {i["title"]: i for i in h.github.issues.values()}
    rotate = next(i for t, i in by_title.items() if "rotate" in t.lower())
    assert rotate["assignees"] == ["priya-gh"]  # "I'll …" by Priya, mapped by TRACKER_OWNER_MAP
    assert f"/archives/{h.channel}/p" in rotate["body"]
    assert "<SECRET_1>" in rotate["title"]  # the placeholder, as stored
    # The retry button re-syncs: nothing changed, nothing sent, the same message updated in place.
    ts = h.services.trackers.status_ts(h.channel) if h.services and h.services.trackers else None
    assert ts is not None
    sent_before = len(h.github.journal)
    h.slack.click_button(DANA, ts, "pm_export_issues")
    h.wait(lambda: "2 up to date" in h.status_text(), "the status updated in place")
    assert len(h.github.journal) == sent_before and len(h.github.issues) == 2
    assert (
        sum(1 for m in h.slack.thread(h.channel, h.draft_ts()) if str(m.get("text")).startswith("Action items →")) == 1
    )


def test_a_failed_item_is_reported_in_the_thread_and_the_retry_button_creates_it(th: TrackedHarness) -> None:
    """The 1st create gets a 502: the status says so per item; the button retries only what is missing."""
    h = th
    h.play_incident()
    h.resolve()
    h.github.fail(Fault(502, {"message": "Server Error"}, method="POST"))
    approve_all(h)
    h.wait_final()
    h.wait(lambda: "1 failed" in h.status_text(), "the failure in the thread")
    assert "502" in h.status_text() and h.github.issues == {}
    assert h.services is not None and h.services.trackers is not None
    ts = h.services.trackers.status_ts(h.channel)
    assert ts is not None
    h.slack.click_button(DANA, ts, "pm_export_issues")
    h.wait(lambda: "1 created" in h.status_text(), "the retry's status")
    assert len(h.github.issues) == 1 and len(h.github.requests("POST")) == 2
