"""The postmortem review in core: drafts, verdicts, corrections, edits, redrafts, key moments, final."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import ManualClock
from bot.core.review import Quorum, ReviewService, reaction_name
from bot.core.review_content import section_text
from bot.core.schema import validate_postmortem
from bot.domain import SECTIONS, RawMessage, Review, datetime_to_ts
from bot.errors import UserFacingError
from bot.services import Services

CHANNEL = "CINC1"
START = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)
NAMES = {"UPRIYA": "Priya", "UMARCO": "Marco", "UDANA": "Dana"}
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8d4Lk2Tq"

SCRIPT = [
    (-8, "UDEPLOY", "deploy-bot", "Deployed checkout-api v2.41.0 to production (canary skipped)", True),
    (0, "UALERT", "alertmanager", "[FIRING] CheckoutHighErrorRate: checkout-api 5xx rate 12% (threshold 2%)", True),
    (2, "UPRIYA", "Priya", "ack, looking. Customers are seeing failed payments at checkout", False),
    (4, "UMARCO", "Marco", "I suspect the DB connection pool is exhausted since the deploy", False),
    (6, "UPRIYA", "Priya", "pool metrics show 100/100 connections in use, confirms the pool theory", False),
    (8, "UMARCO", "Marco", "Decision: roll back checkout-api to v2.40.3 instead of raising the pool size", False),
    (12, "UMARCO", "Marco", "Rolled back to v2.40.3, error rate back to baseline", False),
    (14, "UPRIYA", "Priya", "Status page updated: checkout degraded, mitigated", False),
    (20, "UPRIYA", "Priya", "Action item: add an alert on connection pool saturation by Friday", False),
    (21, "UMARCO", "Marco", "ok grabbing coffee", False),
]


def ts_at(minutes: float, seq: int) -> str:
    return datetime_to_ts(START + timedelta(minutes=minutes), seq)


def message_ts(index: int) -> str:
    minutes, *_ = SCRIPT[index]
    return ts_at(minutes, index + 1)


@pytest.fixture
def svc(services: Services, clock: ManualClock) -> Services:
    return feed(services, clock)


def feed(services: Services, clock: ManualClock) -> Services:
    """Open the channel and ingest the script; the clock ends 30 minutes after the alert."""
    services.incidents.open(CHANNEL, "inc-checkout")
    # The workspace's members, as the Slack adapter registers them from users.list: their names stay.
    services.ingestor.add_member_names(NAMES.values())
    for i, (minutes, user, name, text, bot) in enumerate(SCRIPT):
        services.ingestor.ingest(
            RawMessage(
                channel=CHANNEL,
                ts=ts_at(minutes, i + 1),
                text=text,
                user=user,
                user_name=name,
                is_bot=bot,
                author_is_member=not bot,
            )
        )
    clock.set(START + timedelta(minutes=30))
    return services


def posted(svc: Services) -> Review:
    """Draft and 'post' it: parent at 1000.000001, section replies after it."""
    outcome = svc.reviews.draft(CHANNEL, svc.clock.now(), names=NAMES)
    assert outcome.new
    return svc.reviews.attach(
        CHANNEL, "1773480600.000001", {sid: f"1773480600.{i + 2:06d}" for i, (sid, _) in enumerate(SECTIONS)}
    )


def section_ts(review: Review, section_id: str) -> str:
    section = review.section(section_id)
    assert section is not None and section.message_ts is not None
    return section.message_ts


def reply(ts: str, text: str, user: str = "UDANA", thread_ts: str = "1773480600.000001") -> RawMessage:
    return RawMessage(
        channel=CHANNEL,
        ts=ts,
        text=text,
        user=user,
        user_name=NAMES.get(user),
        thread_ts=thread_ts,
        author_is_member=True,
    )


def test_draft_creates_a_review_with_every_section(svc: Services) -> None:
    """A first draft opens a review of all 11 sections, each a draft with its first revision."""
    review = posted(svc)
    assert [s.id for s in review.sections] == [sid for sid, _ in SECTIONS]
    assert all(s.status == "draft" and len(s.revisions) == 1 and s.message_ts for s in review.sections)
    assert review.draft_ts == "1773480600.000001" and not review.final
    assert svc.reviews.is_review_thread(CHANNEL, review.draft_ts)
    assert not svc.reviews.is_review_thread(CHANNEL, message_ts(2))
    assert svc.reviews.review(CHANNEL) == review  # stored, so a restart keeps it


def test_verdicts_record_who_and_when_and_can_be_withdrawn(svc: Services, clock: ManualClock) -> None:
    """Approve records the person and time; a request outweighs approvals; withdrawing undoes each."""
    posted(svc)
    now = clock.now()
    first = svc.reviews.verdict(CHANNEL, "summary", "UPRIYA", "approve", now, name="Priya")
    assert first.note == "approved" and first.changed == ("summary",) and first.parent
    section = first.review.section("summary") if first.review else None
    assert section is not None and section.status == "approved"
    assert [(a.user, a.name, a.at) for a in section.approvals] == [("UPRIYA", "Priya", now)]

    again = svc.reviews.verdict(CHANNEL, "summary", "UPRIYA", "approve", now + timedelta(minutes=1))
    assert again.note == "already_approved" and again.changed == ()

    objection = svc.reviews.verdict(CHANNEL, "summary", "UMARCO", "request_changes", now, name="Marco")
    assert objection.review is not None
    summary = objection.review.section("summary")
    assert summary is not None and summary.status == "changes_requested" and len(summary.approvals) == 1

    withdrawn = svc.reviews.verdict(CHANNEL, "summary", "UMARCO", "withdraw_request", now)
    assert withdrawn.review is not None and withdrawn.review.section("summary").status == "approved"  # type: ignore[union-attr]
    undone = svc.reviews.verdict(CHANNEL, "summary", "UPRIYA", "unapprove", now)
    assert undone.review is not None and undone.review.section("summary").status == "draft"  # type: ignore[union-attr]
    assert svc.reviews.verdict(CHANNEL, "nope", "UPRIYA", "approve", now).note == "unknown_section"


def test_verdicts_need_a_posted_draft(svc: Services, clock: ManualClock) -> None:
    assert svc.reviews.verdict(CHANNEL, "summary", "UPRIYA", "approve", clock.now()).note == "no_draft"


def test_reactions_map_to_verdicts_and_key_moments(svc: Services, clock: ManualClock) -> None:
    """✅ (any skin tone) approves a section message, ❌ requests changes; 📌 elsewhere marks a key moment."""
    review = posted(svc)
    now = clock.now()
    assert reaction_name("white_check_mark::skin-tone-3") == "white_check_mark"
    assert reaction_name(":thumbsup:") == "+1"
    ts = section_ts(review, "impact")
    out = svc.reviews.react(CHANNEL, ts, "heavy_check_mark::skin-tone-2", "UPRIYA", now, added=True, name="Priya")
    assert out is not None and out.note == "approved"
    out = svc.reviews.react(CHANNEL, ts, "x", "UMARCO", now, added=True)
    assert out is not None and out.review is not None and out.review.section("impact").status == "changes_requested"  # type: ignore[union-attr]
    out = svc.reviews.react(CHANNEL, ts, "x", "UMARCO", now, added=False)
    assert out is not None and out.review is not None and out.review.section("impact").status == "approved"  # type: ignore[union-attr]
    assert svc.reviews.react(CHANNEL, ts, "tada", "UPRIYA", now, added=True) is None
    assert svc.reviews.react(CHANNEL, "1773480600.000001", "white_check_mark", "UPRIYA", now, added=True) is None
    marked = svc.reviews.react(CHANNEL, message_ts(9), "pushpin", "UMARCO", now, added=True, name="Marco")
    assert marked is not None and marked.note == "marked"


def test_two_people_approving_at_once_both_count(svc: Services, clock: ManualClock) -> None:
    """Concurrent verdicts are applied atomically: none is lost, and exactly one claims the final."""
    posted(svc)
    now = clock.now()
    claims: list[bool] = []
    lock = threading.Lock()

    def run_at_once(jobs: list[tuple[str, str]]) -> None:
        barrier = threading.Barrier(len(jobs))

        def approve(user: str, section_id: str) -> None:
            barrier.wait(5)
            outcome = svc.reviews.verdict(CHANNEL, section_id, user, "approve", now, name=NAMES[user])
            with lock:
                claims.append(outcome.finalize)

        threads = [threading.Thread(target=approve, args=job) for job in jobs]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)

    run_at_once([(user, sid) for user in ("UPRIYA", "UMARCO") for sid, _ in SECTIONS[:-1]])
    review = svc.reviews.review(CHANNEL)
    assert review is not None and review.approved_count == len(SECTIONS) - 1
    assert all({a.user for a in s.approvals} == {"UPRIYA", "UMARCO"} for s in review.sections[:-1])
    assert not any(claims)
    run_at_once([("UPRIYA", "open_questions"), ("UMARCO", "open_questions")])
    review = svc.reviews.review(CHANNEL)
    assert review is not None and review.all_approved
    assert sum(claims) == 1 and review.finalizing_since == now
    late = svc.reviews.verdict(CHANNEL, "summary", "UDANA", "approve", now)
    assert late.note == "final" and not late.finalize  # no changes while the final is being assembled


def test_correction_revises_the_named_section_in_place(svc: Services, clock: ManualClock) -> None:
    """'Timeline: the deploy was 08:50, not 08:52' moves that event; approval resets; history kept."""
    review = posted(svc)
    now = clock.now()
    svc.reviews.verdict(CHANNEL, "timeline", "UPRIYA", "approve", now, name="Priya")
    svc.reviews.verdict(CHANNEL, "summary", "UPRIYA", "approve", now, name="Priya")
    outcome = svc.reviews.correct(reply("1773480700.000001", "Timeline: the deploy was 08:50, not 08:52"), now)
    assert outcome is not None and outcome.note == "revised" and outcome.section_id == "timeline"
    assert outcome.changed == ("timeline",) and outcome.parent  # it was approved: progress changes
    assert outcome.route is not None and outcome.route.how == "label"
    timeline = svc.reviews.texts(CHANNEL)["timeline"]
    assert "| 08:50 | deploy | Deployed checkout-api v2.41.0" in timeline and "corrected from 08:52 by Dana" in timeline
    stored = svc.reviews.review(CHANNEL)
    assert stored is not None
    section = stored.section("timeline")
    summary = stored.section("summary")
    assert section is not None and summary is not None
    assert section.status == "draft" and section.approvals == ()
    assert summary.status == "approved"  # other sections keep their verdicts
    last = section.revisions[-1]
    assert (last.kind, last.by, last.by_name, last.source_ts) == ("correction", "UDANA", "Dana", "1773480700.000001")
    assert last.note == "the deploy was 08:50, not 08:52" and len(section.revisions) == 2
    assert section_ts(stored, "timeline") == section_ts(review, "timeline")  # same message, updated in place
    # A review reply is not incident evidence: it is not in the channel's transcript.
    assert svc.store.get_message(CHANNEL, "1773480700.000001") is None


def test_corrections_route_by_alias_quote_and_mention(svc: Services, clock: ManualClock) -> None:
    posted(svc)
    now = clock.now()
    whys = svc.reviews.correct(
        reply("1773480700.000001", "5 whys: the pool was too small because max_connections stayed at 100"), now
    )
    assert whys is not None and whys.section_id == "root_cause"
    assert "max_connections stayed at 100 (correction by Dana)" in svc.reviews.texts(CHANNEL)["root_cause"]
    quoted = svc.reviews.correct(
        reply("1773480700.000002", "> Add an alert on connection pool saturation\nowner should be <@UMARCO>"), now
    )
    assert quoted is not None and quoted.section_id == "action_items" and quoted.route is not None
    assert quoted.route.how == "quote"
    mention = svc.reviews.correct(
        reply("1773480700.000003", "the action items miss a runbook for pool exhaustion, owner: Priya due 2026-03-20"),
        now,
    )
    assert mention is not None and mention.section_id == "action_items" and mention.route is not None
    assert mention.route.how == "mention"
    text = svc.reviews.texts(CHANNEL)["action_items"]
    assert "| Priya | 2026-03-20 |" in text and "**Runbooks**" in text


def test_a_reply_that_names_no_section_gets_a_question(svc: Services, clock: ManualClock) -> None:
    posted(svc)
    outcome = svc.reviews.correct(reply("1773480700.000001", "thanks all, great work"), clock.now())
    assert outcome is not None and outcome.note == "ask_section" and outcome.changed == ()
    elsewhere = reply("1773480700.000002", "Timeline: x", thread_ts=message_ts(2))
    assert svc.reviews.correct(elsewhere, clock.now()) is None  # not the review thread


def test_secrets_in_corrections_and_edits_are_redacted(svc: Services, clock: ManualClock) -> None:
    """Review text is redacted on the way in like every message; findings come back for the warning."""
    posted(svc)
    now = clock.now()
    outcome = svc.reviews.correct(
        reply("1773480700.000001", f"Summary: the key aws_secret_access_key={AWS_SECRET} leaked in the logs"), now
    )
    assert outcome is not None and any(f.secret for f in outcome.findings)
    edit = svc.reviews.edit(CHANNEL, "lessons", f"Went well: nothing. token {AWS_SECRET}", "UPRIYA", now)
    assert any(f.secret for f in edit.findings)
    assert AWS_SECRET not in repr(svc.store.dump_all())


def test_edit_replaces_a_section_and_resets_its_approval(svc: Services, clock: ManualClock) -> None:
    posted(svc)
    now = clock.now()
    svc.reviews.verdict(CHANNEL, "impact", "UPRIYA", "approve", now)
    svc.reviews.verdict(CHANNEL, "lessons", "UPRIYA", "approve", now)
    prose = svc.reviews.edit(CHANNEL, "impact", "Card payments failed for 12 minutes.", "UMARCO", now, name="Marco")
    assert prose.note == "edited" and prose.changed == ("impact",) and prose.parent
    pm = svc.reviews.postmortem(CHANNEL)
    assert pm is not None and pm.impact == "Card payments failed for 12 minutes."
    structured = svc.reviews.edit(CHANNEL, "lessons", "**Went well**\n- Rollback in 4 minutes", "UMARCO", now)
    assert structured.changed == ("lessons",)
    assert svc.reviews.edit_text(CHANNEL, "lessons") == "**Went well**\n- Rollback in 4 minutes"
    review = svc.reviews.review(CHANNEL)
    assert review is not None
    lessons = review.section("lessons")
    assert lessons is not None and lessons.status == "draft" and lessons.text_override is not None
    assert lessons.revisions[-1].kind == "edit" and lessons.revisions[-1].by == "UMARCO"
    same = svc.reviews.edit(CHANNEL, "lessons", "**Went well**\n- Rollback in 4 minutes", "UMARCO", now)
    assert same.note == "unchanged" and same.changed == ()
    # A later correction of an edited section is added to the responder's words, not lost.
    svc.reviews.correct(reply("1773480700.000001", "Lessons: paging worked well"), now)
    assert svc.reviews.texts(CHANNEL)["lessons"].startswith(
        "**Went well**\n- Rollback in 4 minutes\n- Correction by Dana"
    )


def test_redraft_keeps_unchanged_sections_and_reopens_changed_ones(svc: Services, clock: ManualClock) -> None:
    """A second draft updates the same review: same facts keep their verdicts and corrections."""
    first = posted(svc)
    now = clock.now()
    for sid, _ in SECTIONS:
        svc.reviews.verdict(CHANNEL, sid, "UPRIYA", "approve", now)
    svc.reviews.abort_finalize(CHANNEL)  # pretend the upload failed; we redraft instead
    svc.reviews.correct(reply("1773480700.000001", "Impact: only card payments failed, PayPal worked"), now)
    same = svc.reviews.draft(CHANNEL, now, names=NAMES)
    assert not same.new and same.changed == () and same.reset == ()
    assert same.review.draft_ts == first.draft_ts
    assert "PayPal worked" in svc.reviews.texts(CHANNEL)["impact"]  # the correction survives a redraft

    svc.ingestor.ingest(
        RawMessage(
            channel=CHANNEL,
            ts=ts_at(25, 20),
            text="Decision: keep the canary mandatory for checkout-api",
            user="UMARCO",
            user_name="Marco",
            author_is_member=True,
        )
    )
    again = svc.reviews.draft(CHANNEL, now + timedelta(minutes=5), names=NAMES)
    assert "timeline" in again.changed and "timeline" in again.reset
    assert "metrics" not in again.changed
    review = again.review
    timeline, metrics = review.section("timeline"), review.section("metrics")
    assert timeline is not None and metrics is not None
    assert timeline.status == "draft" and timeline.revisions[-1].kind == "redraft"
    assert metrics.status == "approved" and section_ts(review, "timeline") == section_ts(first, "timeline")


def test_key_moments_always_appear_in_the_timeline(svc: Services, clock: ManualClock) -> None:
    """A pinned or 📌-marked message is in the timeline with who marked it; deleted ones drop out."""
    now = clock.now()
    coffee = message_ts(9)
    assert svc.reviews.mark(CHANNEL, coffee, "UMARCO", "reaction", now, added=True, name="Marco") is not None
    assert svc.reviews.mark(CHANNEL, coffee, "UPRIYA", "pin", now, added=True, name="Priya") is not None
    assert svc.reviews.mark("COTHER", coffee, "UMARCO", "reaction", now, added=True) is None  # untracked channel
    posted(svc)
    timeline = svc.reviews.texts(CHANNEL)["timeline"]
    assert "| 09:21 | other | Marco: ok grabbing coffee (marked by Marco, Priya) |" in timeline

    # Marking an event the engine already chose adds who marked it, and resets the section's verdicts.
    svc.reviews.verdict(CHANNEL, "timeline", "UDANA", "approve", now)
    out = svc.reviews.mark(CHANNEL, message_ts(5), "UDANA", "reaction", now, added=True, name="Dana")
    assert out is not None and out.changed == ("timeline",) and out.parent
    assert "pool size (marked by Dana)" in svc.reviews.texts(CHANNEL)["timeline"]
    svc.reviews.mark(CHANNEL, message_ts(5), "UDANA", "reaction", now, added=False)
    assert "(marked by Dana)" not in svc.reviews.texts(CHANNEL)["timeline"]

    # The timeline follows its sources: a deleted marked message leaves it at the next draft.
    svc.ingestor.delete(CHANNEL, coffee)
    svc.reviews.draft(CHANNEL, now, names=NAMES)
    assert "grabbing coffee" not in svc.reviews.texts(CHANNEL)["timeline"]
    review = svc.reviews.review(CHANNEL)
    assert review is not None and coffee in review.key_moments  # the mark itself is kept


def test_unpin_removes_the_pin_mark_whoever_unpins(svc: Services, clock: ManualClock) -> None:
    now = clock.now()
    ts = message_ts(9)
    svc.reviews.mark(CHANNEL, ts, "UPRIYA", "pin", now, added=True)
    assert svc.reviews.mark(CHANNEL, ts, "UMARCO", "pin", now, added=True) is not None  # already pinned: no-op
    svc.reviews.mark(CHANNEL, ts, "UMARCO", "pin", now, added=False)
    review = svc.reviews.review(CHANNEL)
    assert review is not None and ts not in review.key_moments


def test_final_documents_and_the_end_of_edits(svc: Services, clock: ManualClock) -> None:
    """All approved: the documents carry every approval; once final, corrections and verdicts stop."""
    svc.reviews.quorum = Quorum(commanders=frozenset({"UPRIYA"}))  # Priya is the incident commander
    posted(svc)
    now = clock.now()
    svc.reviews.correct(reply("1773480700.000001", "Summary: checkout failed for card payments for 12 minutes"), now)
    claims = [svc.reviews.verdict(CHANNEL, sid, "UPRIYA", "approve", now, name="Priya").finalize for sid, _ in SECTIONS]
    assert claims == [False] * (len(SECTIONS) - 1) + [True]
    docs = svc.reviews.documents(CHANNEL)
    review = svc.reviews.complete_finalize(CHANNEL, ("F1", "F2"), now)
    assert review.final and review.files == ("F1", "F2") and review.finalized_at == now
    final = svc.reviews.documents(CHANNEL)
    assert final.markdown.startswith("# Postmortem: inc-checkout\n")
    assert docs.markdown.startswith("# Postmortem (draft): inc-checkout")
    assert final.markdown.count("_Approved by Priya (2026-03-14 09:30 UTC)_") == len(SECTIONS)
    assert "| Summary | approved | Priya | 1 correction |" in final.markdown
    document = json.loads(final.json_text)
    validate_postmortem(document)
    assert document["review"]["final"] is True
    sections = {s["id"]: s for s in document["sections"]}
    assert sections["summary"]["approved_by"] == ["Priya"] and sections["summary"]["status"] == "approved"
    assert sections["summary"]["approvals"][0] == {"user": "UPRIYA", "name": "Priya", "at": "2026-03-14T09:30:00Z"}
    assert sections["summary"]["revisions"][-1]["kind"] == "correction"
    assert "card payments" in document["summary"]

    late = svc.reviews.correct(reply("1773480800.000001", "Impact: more"), now)
    assert late is not None and late.note == "final"
    assert svc.reviews.verdict(CHANNEL, "summary", "UPRIYA", "unapprove", now).note == "final"
    assert svc.reviews.edit(CHANNEL, "summary", "x", "UPRIYA", now).note == "final"
    redraft = svc.reviews.draft(CHANNEL, now, names=NAMES)
    assert not redraft.reopened and redraft.review.final  # nothing changed: stays final


def test_a_stale_finalization_claim_can_be_retried(svc: Services, clock: ManualClock) -> None:
    svc.reviews.quorum = Quorum(min_approvers=1)
    posted(svc)
    now = clock.now()
    for sid, _ in SECTIONS:
        svc.reviews.verdict(CHANNEL, sid, "UPRIYA", "approve", now)
    assert not svc.reviews.retry_finalize(CHANNEL, now + timedelta(minutes=1)).finalize  # claim is fresh
    assert svc.reviews.retry_finalize(CHANNEL, now + timedelta(minutes=6)).finalize  # holder died


def test_documents_need_a_postmortem(services: Services) -> None:
    with pytest.raises(UserFacingError, match="no postmortem"):
        services.reviews.documents(CHANNEL)


def test_blameless_check_flags_a_person_tied_to_blame(svc: Services, clock: ManualClock) -> None:
    from bot.core.review_content import blame_warnings

    posted(svc)
    svc.reviews.edit(CHANNEL, "contributing_factors", "- Marco forgot to run the canary", "UPRIYA", clock.now())
    text = svc.reviews.texts(CHANNEL)["contributing_factors"]
    flags = blame_warnings(text, "contributing_factors", NAMES.values())
    assert len(flags) == 1 and 'ties Marco to "forgot"' in flags[0]
    assert blame_warnings(svc.reviews.texts(CHANNEL)["timeline"], "timeline", NAMES.values()) == []


def test_section_text_prefers_an_edit(svc: Services) -> None:
    review = posted(svc)
    pm = svc.reviews.postmortem(CHANNEL)
    assert pm is not None
    section = review.section("metrics")
    assert section is not None
    assert section_text(pm, section.model_copy(update={"text_override": "edited"}), "metrics") == "edited\n"


def test_review_service_is_wired_with_configured_reactions(services: Services) -> None:
    assert isinstance(services.reviews, ReviewService)
    assert services.reviews.approve_reactions == frozenset({"white_check_mark", "heavy_check_mark"})
    assert services.reviews.key_reactions == frozenset({"pushpin"})
