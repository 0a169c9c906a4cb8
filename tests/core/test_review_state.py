"""The pure review steps (bot.core.review_state): verdicts, redraft merging, marks, text changes, no Redis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.review_state import (
    FINALIZE_CLAIM,
    apply_verdict,
    edit_change,
    merge_draft,
    reaction_name,
    record_texts,
    replace_section,
    toggle_mark,
    verdict_step,
)
from bot.domain import SECTIONS, IncidentState, Postmortem, Review, SectionReview

CHANNEL = "CINC1"
NOW = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)
PM = Postmortem(
    incident=IncidentState(channel=CHANNEL, name="inc-checkout"),
    summary="Checkout returned 5xx after the v2.41.0 deploy.",
    impact="Customers could not pay for 12 minutes.",
)


def posted(pm: Postmortem = PM) -> Review:
    """A first draft of ``pm``, posted in Slack."""
    review = merge_draft(CHANNEL, None, pm, None, {}, now=NOW).review
    return review.model_copy(update={"draft_ts": "1700000000.000100"})


def approve(review: Review, section_id: str, user: str) -> Review:
    section = review.section(section_id)
    assert section is not None
    updated, _ = apply_verdict(section, user, "approve", NOW, None)
    return replace_section(review, updated, NOW)


def test_request_changes_replaces_the_same_persons_approval() -> None:
    section = SectionReview(id="summary")

    approved, note = apply_verdict(section, "UPRIYA", "approve", NOW, "Priya")
    assert note == "approved"
    assert approved.status == "approved"
    assert [a.who for a in approved.approvals] == ["Priya"]

    requested, note = apply_verdict(approved, "UPRIYA", "request_changes", NOW, "Priya")
    assert note == "changes_requested"
    assert requested.status == "changes_requested"
    assert requested.approvals == ()
    assert [a.user for a in requested.changes_requested] == ["UPRIYA"]


def test_a_request_outweighs_other_approvals_until_withdrawn() -> None:
    section, _ = apply_verdict(SectionReview(id="impact"), "UPRIYA", "approve", NOW, None)
    section, _ = apply_verdict(section, "UMARCO", "request_changes", NOW, None)
    assert section.status == "changes_requested"

    again, note = apply_verdict(section, "UPRIYA", "approve", NOW, None)
    assert note == "already_approved"
    assert len(again.approvals) == 1

    withdrawn, note = apply_verdict(section, "UMARCO", "withdraw_request", NOW, None)
    assert note == "no_request"
    assert withdrawn.status == "approved"


def test_the_last_approval_claims_finalization_once() -> None:
    review = posted()
    for section_id, _ in SECTIONS[1:]:
        review = approve(review, section_id, "UPRIYA")

    step = verdict_step(review, "summary", "UMARCO", "approve", now=NOW, name=None)
    assert step.note == "approved"
    assert step.section_changed
    assert step.claimed
    assert step.review is not None and step.review.finalizing_since == NOW

    # While that upload runs, verdicts are refused; a claim older than FINALIZE_CLAIM is taken over.
    busy = verdict_step(step.review, "summary", "UDANA", "approve", now=NOW + timedelta(minutes=1), name=None)
    assert busy.note == "final"
    assert busy.review is None
    stale = NOW + FINALIZE_CLAIM
    retried = verdict_step(step.review, "summary", "UMARCO", "approve", now=stale, name=None)
    assert retried.claimed
    assert not retried.section_changed
    assert retried.review is not None and retried.review.finalizing_since == stale


def test_a_redraft_keeps_the_approvals_of_unchanged_sections_only() -> None:
    review = approve(approve(posted(), "summary", "UPRIYA"), "impact", "UPRIYA")
    fresh = PM.model_copy(update={"impact": "Customers could not pay for 25 minutes."})

    merged = merge_draft(CHANNEL, review, fresh, PM, {}, now=NOW + timedelta(hours=1))

    summary, impact = merged.review.section("summary"), merged.review.section("impact")
    assert summary is not None and summary.status == "approved"
    assert [a.user for a in summary.approvals] == ["UPRIYA"]
    assert impact is not None and impact.status == "draft" and impact.approvals == ()
    assert [r.kind for r in impact.revisions] == ["draft", "redraft"]
    assert merged.changed == ("impact",)
    assert merged.reset == ("impact",)
    assert merged.postmortem.impact == "Customers could not pay for 25 minutes."
    assert merged.review.draft_ts == review.draft_ts
    assert not merged.reopened


def test_an_edit_resets_only_the_edited_section() -> None:
    review = approve(approve(posted(), "summary", "UPRIYA"), "impact", "UPRIYA")
    change = edit_change(PM, review, "impact", "Customers could not pay for 14 minutes.", by="UDANA", by_name="Dana")

    revised = record_texts(review, change, NOW)

    assert revised is not None
    assert revised.changed == ("impact",)
    assert revised.status_changed
    impact, summary = revised.review.section("impact"), revised.review.section("summary")
    assert impact is not None and impact.status == "draft" and impact.approvals == ()
    assert impact.revisions[-1].kind == "edit" and impact.revisions[-1].by_name == "Dana"
    assert summary is not None and summary.status == "approved"
    assert change.revised.impact == "Customers could not pay for 14 minutes."  # a prose field is edited in place


def test_marks_are_per_person_except_a_pin() -> None:
    ts = "1700000060.000200"
    review = toggle_mark(None, CHANNEL, ts, "UPRIYA", via="reaction", now=NOW, added=True, name=None)
    assert review is not None
    assert toggle_mark(review, CHANNEL, ts, "UPRIYA", via="reaction", now=NOW, added=True, name=None) is None
    assert toggle_mark(review, CHANNEL, ts, "UMARCO", via="reaction", now=NOW, added=False, name=None) is None

    pinned = toggle_mark(review, CHANNEL, ts, "UMARCO", via="pin", now=NOW, added=True, name=None)
    assert pinned is not None and [m.via for m in pinned.key_moments[ts]] == ["reaction", "pin"]
    unpinned = toggle_mark(pinned, CHANNEL, ts, "UDANA", via="pin", now=NOW, added=False, name=None)
    assert unpinned is not None and [m.user for m in unpinned.key_moments[ts]] == ["UPRIYA"]


def test_reaction_names_drop_skin_tones_and_aliases() -> None:
    assert reaction_name("+1::skin-tone-3") == "+1"
    assert reaction_name(":thumbsup:") == "+1"
    assert reaction_name("Heavy_Multiplication_X") == "x"
    assert reaction_name("white_check_mark") == "white_check_mark"


def test_one_person_approving_everything_is_not_enough_unless_a_commander() -> None:
    """The quorum: every section approved by one ordinary member does not claim finalization."""
    from bot.core.review_state import Quorum, claim_final, sign_off

    review = posted()
    for section_id, _ in SECTIONS[1:]:
        review = approve(review, section_id, "UDANA")
    alone = verdict_step(review, "summary", "UDANA", "approve", now=NOW, name=None)
    assert alone.note == "needs_sign_off" and not alone.claimed
    assert alone.review is not None and alone.review.all_approved and alone.review.finalizing_since is None
    assert claim_final(alone.review, NOW) is None
    signed = sign_off(alone.review, Quorum())
    assert (signed.met, signed.missing, signed.approvers) == (False, 1, frozenset({"UDANA"}))
    # A second person on any section, or a commander alone, or a quorum of one: final.
    second = verdict_step(alone.review, "impact", "UMARCO", "approve", now=NOW, name=None)
    assert second.claimed
    commander = verdict_step(
        review, "summary", "UDANA", "approve", now=NOW, name=None, quorum=Quorum(2, frozenset({"UDANA"}))
    )
    assert commander.claimed
    assert verdict_step(review, "summary", "UDANA", "approve", now=NOW, name=None, quorum=Quorum(1)).claimed
    three = Quorum(3)
    assert not verdict_step(alone.review, "impact", "UMARCO", "approve", now=NOW, name=None, quorum=three).claimed
