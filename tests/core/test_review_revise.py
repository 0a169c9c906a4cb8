"""The offline engine revises each kind of section from one reviewer correction, citing it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain import (
    ActionItem,
    IncidentState,
    Message,
    Postmortem,
    TimelineEvent,
    Why,
)
from bot.engines.offline import OfflineEngine

T0 = datetime(2026, 3, 14, 14, 0, tzinfo=UTC)


def at(hour: int, minute: int, day: int = 14) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


PM = Postmortem(
    incident=IncidentState(channel="C1", name="inc-x", started_at=T0),
    summary="s",
    impact="i",
    timeline=(
        TimelineEvent(time=at(14, 5), event="Alert fired", kind="alert", citations=("1.1",)),
        TimelineEvent(time=at(14, 10), event="Deployed api v2", kind="deploy", citations=("1.2",)),
        TimelineEvent(time=at(14, 10), event="Priya: paging the DB team", kind="comms", citations=("1.3",)),
    ),
    five_whys=(Why(why="Why?", answer="Unknown — evidence needed: x"),),
    action_items=(ActionItem(text="Add alert", category="monitoring", horizon="short_term", citations=("1.4",)),),
)


def correction(text: str) -> Message:
    return Message(channel="C1", ts="9.000001", text=text, user="UDANA", user_name="Dana", thread_ts="8.000001")


def revise(section_id: str, text: str) -> Postmortem:
    return OfflineEngine().revise_section(postmortem=PM, section_id=section_id, correction=correction(text))


@pytest.mark.parametrize(
    "text", ["the deploy was 14:02, not 14:10", "deploy 14:10 should be 14:02", "move the deploy from 14:10 to 14:02"]
)
def test_a_time_correction_moves_the_matching_event(text: str) -> None:
    revised = revise("timeline", text)
    deploy = next(e for e in revised.timeline if e.kind == "deploy")
    assert deploy.time == at(14, 2) and deploy.citations == ("1.2", "9.000001")
    assert deploy.event == "Deployed api v2 (time corrected from 14:10 by Dana)"
    assert [e.kind for e in revised.timeline] == ["deploy", "alert", "comms"]  # re-sorted


def test_a_time_correction_across_midnight_keeps_the_right_day() -> None:
    pm = PM.model_copy(
        update={"timeline": (TimelineEvent(time=at(0, 3, 15), event="Deploy", kind="deploy", citations=("1.2",)),)}
    )
    revised = OfflineEngine().revise_section(
        postmortem=pm, section_id="timeline", correction=correction("the deploy was 23:58, not 00:03")
    )
    assert revised.timeline[0].time == at(23, 58, 14)


def test_a_new_time_adds_an_event_citing_the_correction() -> None:
    revised = revise("timeline", "the CDN was purged at 14:20")
    added = revised.timeline[-1]
    assert (added.time, added.kind, added.citations) == (at(14, 20), "other", ("9.000001",))
    assert added.event == "the CDN was purged at 14:20 (correction by Dana)"


def test_a_timeline_correction_without_a_time_becomes_an_open_question() -> None:
    revised = revise("timeline", "the page went to the wrong team")
    assert revised.timeline == PM.timeline
    assert revised.open_questions[-1].text.startswith("Correction to timeline: the page went to the wrong team")


def test_whys_fill_the_first_unknown_step() -> None:
    revised = revise("root_cause", "the pool max was 100 because of a config default")
    assert revised.five_whys[0].answer == "the pool max was 100 because of a config default (correction by Dana)"
    assert revised.five_whys[0].citations == ("9.000001",)
    again = OfflineEngine().revise_section(
        postmortem=revised, section_id="root_cause", correction=correction("the default came from a template")
    )
    assert len(again.five_whys) == 2 and again.five_whys[1].why.startswith("Why did that happen (the pool max")


def test_lessons_go_to_well_or_poorly() -> None:
    assert (
        revise("lessons", "paging reached the right person in a minute").went_well[-1].endswith("(correction by Dana)")
    )
    assert revise("lessons", "the status page update was slow").went_poorly[-1].startswith("the status page update")


def test_action_items_read_owner_and_due_date() -> None:
    revised = revise("action_items", "add: runbook for pool exhaustion, owner: Priya, due 2026-03-20")
    item = revised.action_items[-1]
    assert (item.text, item.category, item.owner, item.due, item.citations) == (
        "Runbook for pool exhaustion",
        "runbooks",
        "Priya",
        "2026-03-20",
        ("9.000001",),
    )
    mention = revise("action_items", "alert on pool saturation for <@UMARCO> by Friday").action_items[-1]
    assert mention.owner == "<@UMARCO>" and mention.due == "Friday" and mention.category == "monitoring"


def test_factors_are_depersonalised() -> None:
    factor = revise("contributing_factors", "Dana's review checklist has no pool size check").contributing_factors[-1]
    assert factor.category == "process" and "Dana" not in factor.text and factor.citations == ("9.000001",)


def test_questions_keep_the_evidence_needed() -> None:
    question = revise("open_questions", "why was canary skipped? we need the deploy pipeline logs").open_questions[-1]
    assert question.text.endswith("(asked by Dana, ts 9.000001)")
    assert question.evidence_needed == "The deploy pipeline logs"


def test_metrics_and_hypotheses_become_open_questions() -> None:
    for section_id in ("metrics", "hypotheses"):
        revised = revise(section_id, "detection took 3 min")
        assert revised.open_questions[-1].text.startswith(f"Correction to {section_id}: detection took 3 min")


def test_prose_sections_are_replaced() -> None:
    assert revise("impact", "EU only").impact == "EU only (correction by Dana, ts 9.000001)"
    with pytest.raises(ValueError, match="unknown section"):
        revise("nope", "x")
