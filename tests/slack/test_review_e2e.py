"""The postmortem review end to end: the real Bolt app (signed HTTP) against the local Slack.

People post, resolve, react, click, edit and reply through ``LocalSlack``; the assertions are on
what Slack holds afterwards (messages, updates, files, ephemerals) and on the stored review.
Nothing sleeps: every wait is ``LocalSlack.wait_for`` on an observable outcome.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.clock import ManualClock
from bot.config import Settings
from bot.domain import SECTIONS, Review
from bot.playback.review_demo import blocks_text
from bot.redaction import Redactor
from bot.sandbox.slack import LocalSlack
from bot.services import Services, build
from bot.slack.app import SlackApp, create_slack_app
from bot.slack.http import EVENTS_PATH, HttpServer
from bot.store import Store

SECRET = "review-signing-secret"
TOKEN = "xoxb-review"
TITLES = dict(SECTIONS)
PRIYA, MARCO, DANA = "U0PRIYA", "U0MARCO", "U0DANA"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8d4Lk2Tq"

JSON = dict[str, Any]


@dataclass
class Harness:
    """One workspace, one incident channel, the Sitrep app serving it over signed HTTP."""

    slack: LocalSlack
    store: Store
    clock: ManualClock
    redactor: Redactor
    tmp: Path
    channel: str = ""
    services: Services | None = None
    app: SlackApp | None = None
    server: HttpServer | None = None
    incident: dict[str, str] = field(default_factory=dict)

    # -- app lifecycle -----------------------------------------------------------------------------

    def start_app(self, **settings: Any) -> None:
        """Build services and the Bolt app (a fresh process, as after a restart) and serve it."""
        config = Settings(_env_file=None, sitrep_data_dir=self.tmp / "data", **settings)  # type: ignore[call-arg]
        self.services = build(config, clock=self.clock, store=self.store, redactor=self.redactor)
        client = WebClient(token=TOKEN, base_url=self.slack.api_url)
        self.app = create_slack_app(
            self.services.core(), client, signing_secret=SECRET, channel_pattern=re.compile("^inc-")
        )
        self.app.start_tracking()
        self.server = HttpServer(self.app).start()
        self.slack.deliver_http(self.server.url + EVENTS_PATH)

    def stop_app(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None
        self.slack.deliver_socket()  # nobody listens: events wait in the backlog, as Slack would retry

    # -- people ------------------------------------------------------------------------------------

    def post(self, user: str, text: str, minutes: float = 1, **kw: Any) -> str:
        self.clock.advance(timedelta(minutes=minutes))
        return self.slack.post_as_user(user, self.channel, text, **kw)

    def command(self, user: str, command: str) -> None:
        result = self.slack.slash_command(user, self.channel, command)
        assert result.acked, result.error

    # -- what Slack shows ---------------------------------------------------------------------------

    @property
    def review(self) -> Review | None:
        return self.store.get_review(self.channel)

    def draft_ts(self) -> str:
        review = self.review
        assert review is not None and review.draft_ts is not None
        return review.draft_ts

    def section_ts(self, section_id: str) -> str:
        review = self.review
        section = review.section(section_id) if review is not None else None
        assert section is not None and section.message_ts is not None
        return section.message_ts

    def message(self, ts: str) -> JSON:
        return self.slack.message(self.channel, ts)

    def text_of(self, ts: str) -> str:
        """Everything a person reads in a message: its blocks' text (or its fallback)."""
        return blocks_text(self.message(ts))

    def status(self, section_id: str) -> str:
        review = self.review
        section = review.section(section_id) if review is not None else None
        return section.status if section is not None else "missing"

    def wait(self, predicate: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
        assert self.slack.wait_for(predicate, timeout), f"timed out waiting for {what}"

    def updates_of(self, ts: str) -> int:
        return sum(1 for c in self.slack.journal.calls("chat.update", ok=True) if c.params.get("ts") == ts)

    def ephemerals(self, user: str) -> list[str]:
        return [e.text for e in self.slack.ephemerals(self.channel, user=user)]

    def top_level_bot_messages(self) -> list[JSON]:
        return [m for m in self.slack.history(self.channel) if m.get("user") == self.slack.bot_user_id]

    # -- the incident --------------------------------------------------------------------------------

    def play_incident(self) -> None:
        """A short checkout incident: deploy, alert, hypothesis, rollback, action item."""
        n0 = self.store.count_messages(self.channel)
        self.incident["deploy"] = self.post(MARCO, "Deployed checkout-api v2.41.0 to production (canary skipped)", 0)
        self.incident["alert"] = self.post(
            PRIYA, "Alert: checkout-api 5xx rate 12% (threshold 2%), customers see failed payments", 8
        )
        self.incident["hypothesis"] = self.post(MARCO, "I suspect the DB connection pool is exhausted since the deploy")
        self.incident["coffee"] = self.post(DANA, "heads up, the support queue is filling with payment tickets")
        self.incident["decision"] = self.post(
            MARCO, "Decision: roll back checkout-api to v2.40.3 instead of raising the pool size", 2
        )
        self.incident["mitigated"] = self.post(MARCO, "Rolled back to v2.40.3, error rate back to baseline", 4)
        self.incident["action"] = self.post(PRIYA, "Action item: add an alert on connection pool saturation by Friday")
        self.wait(lambda: self.store.count_messages(self.channel) == n0 + len(self.incident), "the incident stored")
        # Messages are acked once ingest is done (stored and folded into the incident), so no
        # write of this incident is still in flight when a test starts counting.
        self.wait(lambda: all(d.outcome != "pending" for d in self.slack.deliveries), "every delivery acked")

    def wait_final(self) -> None:
        """The review is final and every message shows it (the last renders have landed)."""
        self.wait(lambda: self.review is not None and self.review.final and len(self.slack.files) == 4, "final")
        self.wait(lambda: "(final)" in self.text_of(self.draft_ts()), "the parent marked final")
        self.wait(lambda: all(not buttons(self.message(self.section_ts(s))) for s in TITLES), "buttons removed")

    def resolve(self, user: str = PRIYA) -> None:
        self.clock.advance(timedelta(minutes=5))
        self.command(user, "/resolve")
        self.wait(lambda: self.review is not None and self.review.draft_ts is not None, "the draft")
        self.wait(lambda: len(self.slack.thread(self.channel, self.draft_ts())) == 1 + len(SECTIONS), "11 replies")


def buttons(message: JSON) -> list[str]:
    return [
        str(e.get("action_id"))
        for b in message.get("blocks") or []
        if b.get("type") == "actions"
        for e in b.get("elements") or []
    ]


@pytest.fixture
def h(store: Store, clock: ManualClock, redactor: Redactor, tmp_path: Path) -> Iterator[Harness]:
    with LocalSlack(signing_secret=SECRET, bot_token=TOKEN, clock=clock, ack_timeout_s=5.0) as slack:
        slack.add_user(PRIYA, name="priya", real_name="Priya Raman", display_name="Priya")
        slack.add_user(MARCO, name="marco", real_name="Marco Rossi", display_name="Marco")
        slack.add_user(DANA, name="dana", real_name="Dana Kim", display_name="Dana")
        harness = Harness(slack=slack, store=store, clock=clock, redactor=redactor, tmp=tmp_path)
        harness.channel = slack.create_channel("inc-checkout", members=[PRIYA, MARCO, DANA, slack.bot_user_id])
        slack.discard_pending_events()
        harness.start_app()
        try:
            yield harness
        finally:
            harness.stop_app()


@pytest.fixture
def drafted(h: Harness) -> Harness:
    h.play_incident()
    h.resolve()
    return h


# -- drafting ------------------------------------------------------------------------------------------


def test_resolve_posts_the_draft_as_a_parent_with_one_reply_per_section(drafted: Harness) -> None:
    """/resolve: resolution recorded, a final sitrep, then the parent and 11 section replies with buttons."""
    h = drafted
    state = h.store.get_incident(h.channel)
    assert state is not None and state.resolved_at is not None and state.resolved_by == "Priya"
    parent = h.message(h.draft_ts())
    text = blocks_text(parent)
    assert "Postmortem draft — inc-checkout" in text and "*Progress:* 0/11 approved" in text
    assert "*Window:*" in text and "*Time to detect / acknowledge / mitigate / resolve:*" in text
    replies = h.slack.thread(h.channel, h.draft_ts())[1:]
    assert [blocks_text(r).split("\n", 1)[0] for r in replies] == list(TITLES.values())
    assert all(buttons(r) == ["pm_approve", "pm_request_changes", "pm_edit"] for r in replies)
    assert all(":memo: *Draft*" in blocks_text(r) for r in replies)
    review = h.review
    assert review is not None and [s.message_ts for s in review.sections] == [r["ts"] for r in replies]
    order = [m["text"] for m in h.top_level_bot_messages()]
    resolved = next(i for i, t in enumerate(order) if t.startswith(":white_check_mark: Resolution recorded"))
    sitrep = next(i for i, t in enumerate(order) if t.startswith("Sitrep #"))
    draft = next(i for i, t in enumerate(order) if t.startswith("Postmortem draft"))
    assert resolved < sitrep < draft
    # Slack-side rendering: tables became rows and citations became permalinks.
    timeline = h.text_of(h.section_ts("timeline"))
    assert "• " in timeline and "|---|" not in timeline and "/archives/" in timeline


def test_a_second_draft_request_updates_instead_of_duplicating(drafted: Harness) -> None:
    """/draft-postmortem again: the same parent, approvals kept, a quiet note to whoever asked."""
    h = drafted
    ts = h.section_ts("summary")
    h.slack.react(PRIYA, h.channel, ts, "white_check_mark")
    h.wait(lambda: "*Progress:* 1/11 approved" in h.text_of(h.draft_ts()), "the approval shown")
    before = len(h.top_level_bot_messages())
    replies = len(h.slack.thread(h.channel, h.draft_ts()))
    parent_updates = h.updates_of(h.draft_ts())
    h.command(MARCO, "/draft-postmortem")
    h.wait(lambda: any("already up to date" in t for t in h.ephemerals(MARCO)), "the up-to-date note")
    assert len(h.top_level_bot_messages()) == before
    assert len(h.slack.thread(h.channel, h.draft_ts())) == replies
    assert h.updates_of(h.draft_ts()) == parent_updates + 1
    assert h.status("summary") == "approved"

    # New evidence changes the timeline: only the sections it reaches reopen. (A decision about the
    # incident's own systems; a follow-up for later, such as a process change, is not a moment.)
    stored = h.store.count_messages(h.channel)
    h.post(MARCO, "Decision: we keep v2.40.3 and freeze checkout-api deploys until the pool fix ships")
    h.wait(lambda: h.store.count_messages(h.channel) == stored + 1, "the new message stored")
    timeline_updates = h.updates_of(h.section_ts("timeline"))
    h.command(MARCO, "/draft-postmortem")
    h.wait(lambda: h.updates_of(h.section_ts("timeline")) > timeline_updates, "the timeline updated in place")
    assert "freeze checkout-api deploys" in h.text_of(h.section_ts("timeline"))
    assert len(h.top_level_bot_messages()) == before


def test_draft_before_mitigation_asks_first(h: Harness) -> None:
    """Before mitigation /draft-postmortem asks; "Draft anyway" drafts."""
    h.post(PRIYA, "checkout-api 5xx rate is climbing, investigating")
    h.wait(lambda: h.store.count_messages(h.channel) == 1, "the message stored")
    h.command(PRIYA, "/draft-postmortem")
    h.wait(lambda: any("isn't mitigated yet" in t for t in h.ephemerals(PRIYA)), "the question")
    question = next(e for e in h.slack.ephemerals(h.channel, user=PRIYA) if "isn't mitigated" in e.text)
    assert h.review is None
    result = h.slack.click_button(PRIYA, question.ts, "pm_draft_anyway")
    assert result.acked
    h.wait(lambda: h.review is not None and h.review.draft_ts is not None, "the draft")
    h.wait(lambda: len(h.slack.thread(h.channel, h.draft_ts())) == 1 + len(SECTIONS), "11 replies")


# -- approvals -----------------------------------------------------------------------------------------


def test_approvals_by_reaction_and_button_and_undo(drafted: Harness) -> None:
    """✅ approves, the Approve button approves, removing the reaction undoes; ❌ requests changes."""
    h = drafted
    summary, impact = h.section_ts("summary"), h.section_ts("impact")
    h.slack.react(PRIYA, h.channel, summary, "white_check_mark::skin-tone-3")
    h.wait(lambda: "Approved* by Priya" in h.text_of(summary), "the summary shows its approval")
    h.slack.click_button(MARCO, impact, "pm_approve")
    h.wait(lambda: "Approved* by Marco" in h.text_of(impact), "the impact shows its approval")
    h.wait(lambda: "*Progress:* 2/11 approved" in h.text_of(h.draft_ts()), "progress 2/11")
    review = h.review
    assert review is not None
    approval = review.section("summary").approvals[0]  # type: ignore[union-attr]
    assert (approval.user, approval.name, approval.at) == (PRIYA, "Priya", h.clock.now())

    h.slack.unreact(PRIYA, h.channel, summary, "white_check_mark::skin-tone-3")
    h.wait(lambda: ":memo: *Draft*" in h.text_of(summary), "the approval undone")
    h.wait(lambda: "*Progress:* 1/11 approved" in h.text_of(h.draft_ts()), "progress 1/11")

    h.slack.react(DANA, h.channel, impact, "x")
    h.wait(lambda: "Changes requested* by Dana" in h.text_of(impact), "changes requested")
    h.slack.click_button(DANA, impact, "pm_request_changes")
    h.wait(lambda: any("already asked for changes" in t for t in h.ephemerals(DANA)), "the repeat note")
    assert h.status("impact") == "changes_requested"


def test_two_people_approving_at_once_are_both_recorded(drafted: Harness) -> None:
    h = drafted
    ts = h.section_ts("metrics")
    start = threading.Barrier(2)

    def by_reaction() -> None:
        start.wait(5)
        h.slack.react(PRIYA, h.channel, ts, "white_check_mark")

    def by_button() -> None:
        start.wait(5)
        h.slack.click_button(MARCO, ts, "pm_approve")

    threads = [threading.Thread(target=by_reaction), threading.Thread(target=by_button)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    h.wait(
        lambda: re.search(r"Approved\* by (Priya|Marco) \(\d\d:\d\d\), (Marco|Priya)", h.text_of(ts)) is not None,
        "both",
    )
    review = h.review
    assert review is not None
    assert {a.user for a in review.section("metrics").approvals} == {PRIYA, MARCO}  # type: ignore[union-attr]
    h.wait(lambda: "*Progress:* 1/11 approved" in h.text_of(h.draft_ts()), "progress 1/11")


# -- corrections and edits -----------------------------------------------------------------------------


def test_a_correction_reply_revises_its_section_in_place(drafted: Harness) -> None:
    """'Timeline: the rollback decision was HH:MM, not HH:MM' moves that event with chat.update on its message."""
    h = drafted
    timeline = h.section_ts("timeline")
    h.slack.react(PRIYA, h.channel, timeline, "white_check_mark")
    h.wait(lambda: "Approved* by Priya" in h.text_of(timeline), "approval shown")
    decision = h.store.get_message(h.channel, h.incident["decision"])
    assert decision is not None
    old = decision.time.strftime("%H:%M")
    new = (decision.time - timedelta(minutes=1)).strftime("%H:%M")
    assert f"{old} · decision · Marco: Decision: roll back" in h.text_of(timeline)
    updates = h.updates_of(timeline)
    other = h.updates_of(h.section_ts("summary"))
    reply = h.post(DANA, f"Timeline: the rollback decision was {new}, not {old}", thread_ts=h.draft_ts())
    h.wait(lambda: h.updates_of(timeline) > updates, "chat.update of the timeline message")
    text = h.text_of(timeline)
    assert f"{new} · decision · Marco: Decision: roll back" in text and f"time corrected from {old} by Dana" in text
    assert ":memo: *Draft*" in text and "Revised 1× (last: correction by Dana" in text
    assert h.updates_of(h.section_ts("summary")) == other  # the right section, and only it
    review = h.review
    assert review is not None
    revision = review.section("timeline").revisions[-1]  # type: ignore[union-attr]
    assert (revision.kind, revision.by, revision.source_ts) == ("correction", DANA, reply)
    assert h.store.get_message(h.channel, reply) is None  # review input, not incident evidence
    h.wait(lambda: any("Updated *Timeline*" in t for t in h.ephemerals(DANA)), "the confirmation")


def test_a_reply_naming_no_section_gets_an_ephemeral_question(drafted: Harness) -> None:
    h = drafted
    h.post(MARCO, "thanks all, nice work", thread_ts=h.draft_ts())
    h.wait(lambda: any("Which section is this about?" in t for t in h.ephemerals(MARCO)), "the question")
    question = next(e for e in h.slack.ephemerals(h.channel, user=MARCO) if "Which section" in e.text)
    assert question.thread_ts == h.draft_ts()


def test_a_secret_in_a_correction_is_redacted_and_the_poster_warned(drafted: Harness) -> None:
    h = drafted
    summary = h.section_ts("summary")
    updates = h.updates_of(summary)
    h.post(DANA, f"Summary: the key aws_secret_access_key={AWS_SECRET} was in the logs", thread_ts=h.draft_ts())
    h.wait(lambda: any("credential" in t for t in h.ephemerals(DANA)), "the warning")
    h.wait(lambda: h.updates_of(summary) > updates, "the summary revised")
    assert "was in the logs (correction by Dana" in h.text_of(summary)
    assert AWS_SECRET not in h.text_of(summary)
    assert AWS_SECRET not in repr(h.store.dump_all())


def test_edit_opens_a_modal_and_saving_replaces_the_section(drafted: Harness) -> None:
    h = drafted
    impact = h.section_ts("impact")
    h.slack.click_button(PRIYA, impact, "pm_approve")
    h.wait(lambda: h.status("impact") == "approved", "approval")
    h.slack.click_button(MARCO, impact, "pm_edit")
    h.wait(lambda: any(not v.closed for v in h.slack.views), "the modal")
    view = next(v for v in h.slack.views if not v.closed)
    definition = view.definition
    assert definition["callback_id"] == "pm_edit_submit"
    initial = definition["blocks"][0]["element"]["initial_value"]
    pm = h.store.get_postmortem(h.channel)
    assert pm is not None and initial == pm.impact.strip()
    empty = h.slack.submit_view(MARCO, view.id, {"body": {"text": "  "}})
    assert empty.payload is not None and empty.payload["response_action"] == "errors" and not view.closed
    updates = h.updates_of(impact)
    h.slack.submit_view(MARCO, view.id, {"body": {"text": "Card payments failed for 14 minutes; PayPal worked."}})
    h.wait(lambda: h.updates_of(impact) > updates, "the impact message updated")
    assert view.closed
    assert "Card payments failed for 14 minutes" in h.text_of(impact) and ":memo: *Draft*" in h.text_of(impact)
    pm = h.store.get_postmortem(h.channel)
    assert pm is not None and pm.impact == "Card payments failed for 14 minutes; PayPal worked."
    assert h.status("impact") == "draft"  # the edit reset its approval


# -- final ---------------------------------------------------------------------------------------------


def approve_all(h: Harness, sections: list[str] | None = None) -> None:
    for i, section_id in enumerate(sections or list(TITLES)):
        ts = h.section_ts(section_id)
        if i % 2:
            h.slack.click_button(MARCO, ts, "pm_approve")
        else:
            h.slack.react(PRIYA, h.channel, ts, "white_check_mark")
        h.wait(lambda sid=section_id: h.status(sid) == "approved", f"{section_id} approved")  # type: ignore[misc]


def test_all_approved_uploads_the_files_and_marks_the_draft_final(drafted: Harness) -> None:
    h = drafted
    approve_all(h)
    h.wait_final()
    files = {f.name: f for f in h.slack.files}
    assert set(files) == {"postmortem.md", "postmortem.json", "evidence.json", "timeline.png"}
    assert files["timeline.png"].data.startswith(b"\x89PNG\r\n\x1a\n")
    share = h.slack.thread(h.channel, h.draft_ts())[-1]
    assert share["subtype"] == "file_share" and share["thread_ts"] == h.draft_ts()
    markdown = files["postmortem.md"].data.decode()
    document = json.loads(files["postmortem.json"].data)
    assert markdown.startswith("# Postmortem: inc-checkout\n") and "Final — all 11 sections approved" in markdown
    assert "![Timeline](timeline.png)" in markdown
    assert markdown.count("_Approved by ") == len(SECTIONS)
    assert document["review"]["final"] is True
    # evidence.json came with them: it names both files by hash and every cited version.
    evidence = json.loads(files["evidence.json"].data)
    assert evidence["files"] == {
        name: hashlib.sha256(files[name].data).hexdigest() for name in ("postmortem.md", "postmortem.json")
    }
    assert {c["ts"]: c["hash"] for c in evidence["cited_messages"]} == {
        ts: c["hash"] for ts, c in document["citations"].items()
    }
    assert evidence["chain_head"] == h.store.chain_head(h.channel)
    assert all(s["status"] == "approved" for s in document["sections"])
    review = h.review
    assert review is not None and set(review.files) == {f.id for f in h.slack.files}
    # The export gives exactly what the thread received.
    assert h.services is not None
    docs = h.services.reviews.documents(h.channel)
    assert docs.markdown == markdown and docs.json_text == files["postmortem.json"].data.decode()
    # Final is final: a late correction gets a note, not a change.
    h.post(DANA, "Impact: more", thread_ts=h.draft_ts())
    h.wait(lambda: any("is final" in t for t in h.ephemerals(DANA)), "the final note")
    assert len(h.slack.files) == 4


def test_a_restart_mid_review_keeps_every_status(drafted: Harness) -> None:
    h = drafted
    sections = list(TITLES)
    approve_all(h, sections[:5])
    h.slack.react(DANA, h.channel, h.section_ts("hypotheses"), "x")
    h.wait(lambda: h.status("hypotheses") == "changes_requested", "changes requested")
    before = h.review
    h.stop_app()
    # While Sitrep is down, someone corrects a section: Slack keeps the event until the app is back.
    reply = h.post(
        DANA, "Open questions: who owns the pool config? we need the config repo history", thread_ts=h.draft_ts()
    )
    questions = h.updates_of(h.section_ts("open_questions"))
    h.start_app()  # a new process: new services, new Bolt app, same Redis; it backfills, then gets the event
    h.wait(lambda: h.updates_of(h.section_ts("open_questions")) > questions, "the late correction applied")
    assert h.store.get_message(h.channel, reply) is None  # neither the backfill nor the event stored it
    review = h.review
    assert review is not None and before is not None
    assert [(s.id, s.status, s.approvals) for s in review.sections] == [
        (s.id, s.status, s.approvals) for s in before.sections
    ]
    h.slack.unreact(DANA, h.channel, h.section_ts("hypotheses"), "x")
    h.wait(lambda: h.status("hypotheses") == "draft", "the request withdrawn after the restart")
    approve_all(h, sections[5:])
    h.wait_final()
    review = h.review
    assert review is not None
    assert [len(s.approvals) for s in review.sections] == [1] * len(SECTIONS)


# -- key moments ---------------------------------------------------------------------------------------


def test_key_moments_by_reaction_and_pin_appear_in_the_timeline(h: Harness) -> None:
    h.play_incident()
    h.slack.react(MARCO, h.channel, h.incident["coffee"], "pushpin")
    h.wait(lambda: any("key moment" in t for t in h.ephemerals(MARCO)), "the key-moment note")
    h.slack.pin(PRIYA, h.channel, h.incident["hypothesis"])
    h.wait(lambda: h.review is not None and h.incident["hypothesis"] in h.review.key_moments, "the pin marked")
    count = h.store.count_messages(h.channel)
    h.resolve()
    timeline = h.text_of(h.section_ts("timeline"))
    assert "support queue is filling with payment tickets (marked by Marco)" in timeline
    assert "(marked by Priya)" in timeline
    assert h.store.count_messages(h.channel) == count  # the pin notice is not evidence
    review = h.review
    assert review is not None
    marks = review.key_moments[h.incident["coffee"]]
    assert [(m.user, m.via, m.name) for m in marks] == [(MARCO, "reaction", "Marco")]


# -- the demo's scripted review --------------------------------------------------------------------------


def test_play_review_corrects_one_section_and_approves_all(drafted: Harness) -> None:
    """The demo hook: a correction in the thread, every section approved, the final files uploaded."""
    from bot.playback.review_demo import play_review

    h = drafted
    text = "Action items: add a runbook for connection pool exhaustion, owner: Dana, due 2026-03-20"
    play = play_review(h.slack, h.channel, [DANA, PRIYA, MARCO], correction=text, clock=h.clock)
    assert play.draft_ts == h.draft_ts() and list(play.section_ts) == list(TITLES)
    assert play.correction is not None and play.correction[0] == "action_items" and play.correction[2] == text
    assert [a[0] for a in play.approvals] == list(TITLES)
    assert {a[2] for a in play.approvals} == {"reaction", "button"}
    assert sorted(play.files) == ["evidence.json", "postmortem.json", "postmortem.md", "timeline.png"]
    assert play.steps[0].startswith("Sitrep posted the postmortem draft")
    assert play.steps[1].startswith("Dana replied in the thread") and play.steps[1].endswith("revised Action items.")
    assert play.steps[-1].startswith("Every section approved")
    h.wait_final()
    review = h.review
    assert review is not None and review.final
    actions = review.section("action_items")
    assert actions is not None and actions.revisions[-1].kind == "correction"
    assert "Runbook for connection pool exhaustion" in h.text_of(h.section_ts("action_items"))


def test_play_review_builds_a_timeline_correction_by_default(drafted: Harness) -> None:
    from bot.playback.review_demo import default_correction, play_review

    h = drafted
    assert default_correction("• 09:00 · alert · x\n• 10:00 · mitigate · y") == (
        "Timeline: the first mitigation step was at 09:59, not 10:00"
    )
    assert default_correction("• 09:00 · alert · x") is None
    play = play_review(h.slack, h.channel, [MARCO, DANA])  # two people: FINAL_APPROVERS_MIN=2
    assert play.correction is not None and play.correction[0] == "timeline"
    assert "Timeline: the first mitigation step was at " in play.correction[2]
    h.wait_final()


def test_a_failed_upload_is_reported_and_approving_again_retries(drafted: Harness) -> None:
    h = drafted
    h.slack.inject_fault("files.getUploadURLExternal", error="internal_error")
    approve_all(h)
    h.wait(lambda: any("couldn't upload" in blocks_text(m) for m in h.slack.thread(h.channel, h.draft_ts())), "note")
    review = h.review
    assert review is not None and not review.final and review.finalizing_since is None and h.slack.files == []
    h.slack.click_button(MARCO, h.section_ts("impact"), "pm_approve")  # Marco approved it already: a retry
    h.wait_final()
    assert not any("already approved" in t for t in h.ephemerals(MARCO))


def test_new_facts_after_the_final_reopen_only_what_they_change(drafted: Harness) -> None:
    h = drafted
    approve_all(h)
    h.wait_final()
    stored = h.store.count_messages(h.channel)
    h.post(MARCO, "Decision: freeze checkout-api deploys until the retry fix ships")
    h.wait(lambda: h.store.count_messages(h.channel) == stored + 1, "the new message stored")
    h.command(PRIYA, "/draft-postmortem")
    h.wait(lambda: any("open for review again" in t for t in h.ephemerals(PRIYA)), "the reopened note")
    h.wait(lambda: all(buttons(h.message(h.section_ts(s))) for s in TITLES), "buttons back")
    review = h.review
    assert review is not None and not review.final
    assert h.status("timeline") == "draft" and h.status("metrics") == "approved"
    assert "Postmortem draft — inc-checkout" in h.text_of(h.draft_ts())
