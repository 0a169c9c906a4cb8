"""Action items to GitHub and Jira: the real clients against the local stand-ins, the ledger in real Redis.

Every test runs against both trackers (the ``rig`` fixture is parametrized); assertions are on
what the stand-in received (its journal) and holds (its issues), and on the stored ledger.
"""

from __future__ import annotations

from datetime import timedelta

from bot.domain import ActionItem
from bot.sandbox.trackers import LocalGitHub
from tests.trackers.conftest import CHANNEL, DRAFT_TS, ITEMS, Rig, link, make_export, make_tracker


def test_each_item_becomes_one_issue_with_links_owner_labels_and_due_date(rig: Rig) -> None:
    """Three items -> three issues: title, postmortem permalink, citations, mapped assignee, labels, due."""
    report = rig.run()
    assert [i.state for i in report.items] == ["created", "created", "created"]
    assert rig.issue_count == 3 and len(rig.creates) == 3
    assert all(i.url and i.issue_id for i in report.items)
    first = rig.creates[0].body
    second = rig.creates[1].text
    assert link(DRAFT_TS) in rig.creates[0].text and link(ITEMS[0].citations[0]) in rig.creates[0].text
    if isinstance(rig.server, LocalGitHub):
        assert first["title"] == ITEMS[0].text and first["assignees"] == ["priya-gh"]
        assert "category:monitoring" in first["labels"] and "horizon:short-term" in first["labels"]
        # "by Friday" said on Saturday 2026-03-14 -> Friday 2026-03-20; GitHub gets it in body and label
        assert "**Due: 2026-03-20**" in first["body"] and "due:2026-03-20" in first["labels"]
        assert f"<!-- sitrep:key={CHANNEL}/ai-1 -->" in first["body"]
        assert rig.creates[2].body["assignees"] == []
    else:
        fields = first["fields"]
        assert fields["summary"] == ITEMS[0].text and fields["assignee"] == {"accountId": "acct-priya-gh"}
        assert fields["duedate"] == "2026-03-20" and fields["description"]["type"] == "doc"
        assert {"category-monitoring", "horizon-short-term", "sitrep"} <= set(fields["labels"])
        assert "category-deployment-safety" in second and "assignee" not in rig.creates[2].body["fields"]
    ledger = rig.store.tracker_issues(CHANNEL)
    assert sorted(ledger) == ["ai-1", "ai-2", "ai-3"] and all(r.state == "created" for r in ledger.values())
    assert not any(ITEMS[0].text in r.model_dump_json() for r in ledger.values())  # ids and hashes only


def test_a_rerun_creates_nothing_and_a_changed_item_is_updated_in_place(rig: Rig) -> None:
    """Re-run: no request at all for unchanged items; new text or owner -> one PATCH/PUT, no new issue."""
    rig.run()
    sent = len(rig.server.journal)
    again = rig.run()
    assert [i.state for i in again.items] == ["unchanged"] * 3 and len(rig.server.journal) == sent
    changed = (
        ITEMS[0].model_copy(update={"text": "Add an alert on connection pool saturation above 80%"}),
        ITEMS[1].model_copy(update={"owner": "Priya"}),
        ITEMS[2],
    )
    rig.save(changed)
    report = rig.run()
    assert [i.state for i in report.items] == ["updated", "updated", "unchanged"]
    assert rig.issue_count == 3 and len(rig.creates) == 3 and len(rig.updates) == 2
    assert [i.issue_id for i in report.items] == [i.issue_id for i in again.items]
    if isinstance(rig.server, LocalGitHub):
        assert rig.server.issues[1]["title"].endswith("above 80%") and rig.server.issues[2]["assignees"] == ["priya-gh"]
    else:
        assert rig.server.issues["OPS-1"]["summary"].endswith("above 80%")
        assert rig.server.issues["OPS-2"]["assignee"] == {"accountId": "acct-priya-gh"}


def test_a_reordered_list_keeps_each_issue(rig: Rig) -> None:
    """Items are matched by text before position: a redraft that reorders them updates nothing."""
    first = rig.run()
    rig.save((ITEMS[2], ITEMS[0], ITEMS[1]))
    report = rig.run()
    assert [i.state for i in report.items] == ["unchanged"] * 3
    assert [i.issue_id for i in report.items] == [
        first.items[2].issue_id,
        first.items[0].issue_id,
        first.items[1].issue_id,
    ]


def test_a_failed_second_item_does_not_stop_the_others_and_a_retry_creates_only_it(rig: Rig) -> None:
    """The 2nd create gets a 502: items 1 and 3 are created, 2 reported; the retry looks it up, then creates it."""
    rig.fail_create(502, skip=1)
    report = rig.run()
    assert [i.state for i in report.items] == ["created", "failed", "created"]
    assert report.items[1].error is not None and report.items[1].error.startswith("502")
    assert rig.issue_count == 2
    ledger = rig.store.tracker_issues(CHANNEL)["ai-2"]
    assert ledger.state == "failed" and ledger.unsure and ledger.issue_id is None
    retry = rig.run()
    assert [i.state for i in retry.items] == ["unchanged", "created", "unchanged"]
    assert rig.issue_count == 3 and len(rig.creates) == 4  # 3 tries + the 1 retried, nothing twice
    lookups = [r for r in rig.server.requests("GET")]
    assert len(lookups) == 1  # the lost create is looked up once before being sent again


def test_a_create_whose_answer_was_lost_is_found_not_duplicated(rig: Rig) -> None:
    """The issue was made but the answer lost (ledger still unsure): the retry finds it by its key."""
    report = rig.run()
    row = rig.store.tracker_issues(CHANNEL)["ai-3"]
    rig.store.save_tracker_issue(CHANNEL, row.model_copy(update={"issue_id": None, "state": "pending", "unsure": True}))
    retry = rig.run()
    assert retry.items[2].issue_id == report.items[2].issue_id and rig.issue_count == 3 and len(rig.creates) == 3


def test_an_unknown_assignee_fails_that_item_only_and_is_created_once_the_account_exists(rig: Rig) -> None:
    """GitHub 422 / Jira 400 for an owner the tracker does not know: reported per item, the rest go on."""
    rig.save((ITEMS[0], ITEMS[1].model_copy(update={"owner": "Dana"}), ITEMS[2]))
    report = rig.run()
    assert [i.state for i in report.items] == ["created", "failed", "created"]
    error = report.items[1].error or ""
    assert error.startswith("422" if rig.kind == "github" else "400") and "assignee" in error.lower()
    if isinstance(rig.server, LocalGitHub):
        rig.server.users.add("dana-gh")
    else:
        rig.server.accounts.add("acct-dana-gh")
    retry = rig.run()
    assert [i.state for i in retry.items] == ["unchanged", "created", "unchanged"] and rig.issue_count == 3


def test_a_short_rate_limit_is_waited_out_on_the_injected_clock(rig: Rig) -> None:
    """429 + Retry-After: 5 -> the export waits 5 s (the manual clock moves; nothing sleeps) and goes on."""
    start = rig.clock.now()
    rig.rate_limit(5)
    report = rig.run()
    assert [i.state for i in report.items] == ["created"] * 3 and rig.issue_count == 3
    assert rig.waited == [5.0] and rig.clock.now() - start == timedelta(seconds=5)


def test_a_long_rate_limit_stops_the_run_and_a_later_retry_resumes(rig: Rig) -> None:
    """Retry-After: 3600 (over TRACKER_MAX_WAIT_SECONDS): item 1 waits, 2 and 3 are not tried; resumed later."""
    rig.rate_limit(3600)
    report = rig.run()
    assert [i.state for i in report.items] == ["waiting", "not_tried", "not_tried"]
    assert report.stopped is not None and "rate limited until" in report.stopped and rig.issue_count == 0
    early = rig.run()  # before the reset: not a single call
    assert early.stopped is not None and len(rig.server.journal) == 1
    rig.clock.advance(timedelta(hours=1))
    later = rig.run()
    assert [i.state for i in later.items] == ["created"] * 3 and rig.issue_count == 3 and rig.waited == []


def test_github_rate_limit_reset_header_is_honoured(github_rig: Rig) -> None:
    """403 with X-RateLimit-Remaining: 0 and X-RateLimit-Reset (epoch) 12 s ahead -> waits 12 s."""
    rig = github_rig
    assert isinstance(rig.server, LocalGitHub)
    rig.server.rate_limit(reset=int(rig.clock.now().timestamp()) + 12, status=403)
    report = rig.run()
    assert [i.state for i in report.items] == ["created"] * 3 and rig.waited == [12.0]


def test_bad_credentials_stop_the_run_and_lose_nothing(rig: Rig) -> None:
    """401: item 1 reports it, 2 and 3 are not tried (they would fail too); right token -> all created."""
    bad = make_tracker(rig.kind, rig.server, rig.clock, token="wrong-token")
    try:
        report = make_export(bad, rig.store, rig.clock, []).export(CHANNEL, link, {})
    finally:
        bad.close()
    assert [i.state for i in report.items] == ["failed", "not_tried", "not_tried"]
    assert (report.items[0].error or "").startswith("401") and rig.issue_count == 0
    assert all(r.auth == "invalid" for r in rig.server.journal) and len(rig.server.journal) == 1
    retry = rig.run()
    assert [i.state for i in retry.items] == ["created"] * 3 and rig.issue_count == 3


def test_no_token_reaches_the_journal_or_the_ledger(rig: Rig) -> None:
    """The stand-in records whether auth matched, never the credentials; the ledger holds no token."""
    rig.run()
    dumped = repr(rig.server.journal) + repr(rig.store.tracker_issues(CHANNEL))
    assert "ghp-local" not in dumped and "jira-local" not in dumped


def test_a_mention_in_an_item_cannot_ping_anyone_on_github(github_rig: Rig) -> None:
    """Item text is shown as typed: @user and HTML comments are neutralised in the GitHub body."""
    rig = github_rig
    item = ActionItem(text="Ask @octocat <!-- hidden --> to review", category="runbooks", horizon="short_term")
    rig.save((item,))
    rig.run()
    assert isinstance(rig.server, LocalGitHub)
    body = rig.server.issues[1]["body"]
    assert "@octocat" not in body and "&#64;octocat" in body and "<!-- hidden" not in body
