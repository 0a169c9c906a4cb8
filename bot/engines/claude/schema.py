"""The JSON shapes Claude answers in (structured outputs), one pydantic model per task.

Each reply model's ``title`` is its task name; it travels in the request's JSON schema, which is
how the local Messages API stand-in picks a scripted answer. Fields have no defaults so the
schema marks every one required, as structured outputs expects. Parsing ignores extra keys (an
Anthropic-compatible gateway may not enforce the schema) and is otherwise strict.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

import anthropic
from pydantic import BaseModel, ConfigDict

NoteKind = Literal["event", "impact", "hypothesis", "evidence", "decision", "action", "question", "other"]
Kind = Literal["alert", "detect", "deploy", "diagnose", "decision", "mitigate", "resolve", "comms", "other"]
Status = Literal["open", "confirmed", "refuted"]
Category = Literal["technical", "process", "human-system"]
ActionCat = Literal["monitoring", "deployment safety", "runbooks", "system design", "incident process"]
Horizon = Literal["immediate", "short_term", "long_term"]
ActionState = Literal["open", "in_progress", "done"]


class Reply(BaseModel):
    """Base of every reply shape: frozen, tolerant of extra keys."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class Cited(Reply):
    """A statement and the ts values of the messages behind it."""

    text: str
    citations: list[str]


class SitrepReply(Reply):
    model_config = ConfigDict(title="sitrep")

    status: str
    impact: Cited
    what_changed: list[Cited]
    hypotheses: list[Cited]
    doing: list[Cited]
    next_steps: list[Cited]
    open_questions: list[Cited]


class HypothesisItem(Reply):
    id: str
    statement: str
    status: Status
    confidence: int
    raised_ts: str | None
    supporting: list[str]
    refuting: list[str]
    next_checks: list[str]


class HypothesesReply(Reply):
    model_config = ConfigDict(title="hypotheses")

    hypotheses: list[HypothesisItem]


class TimelineItem(Reply):
    ts: str
    event: str
    kind: Kind
    citations: list[str]


class WhyItem(Reply):
    why: str
    answer: str
    citations: list[str]


class FactorItem(Reply):
    text: str
    category: Category
    citations: list[str]


class ActionItemReply(Reply):
    text: str
    category: ActionCat
    horizon: Horizon
    owner: str | None
    due: str | None
    status: ActionState
    citations: list[str]


class QuestionItem(Reply):
    text: str
    evidence_needed: str


class PostmortemReply(Reply):
    model_config = ConfigDict(title="postmortem")

    summary: Cited
    impact: Cited
    detection: Cited
    timeline: list[TimelineItem]
    five_whys: list[WhyItem]
    contributing_factors: list[FactorItem]
    went_well: list[Cited]
    went_poorly: list[Cited]
    action_items: list[ActionItemReply]
    open_questions: list[QuestionItem]


class Note(Reply):
    kind: NoteKind
    text: str
    citations: list[str]


class NotesReply(Reply):
    model_config = ConfigDict(title="notes")

    notes: list[Note]


# -- section revisions: one shape per postmortem section, all titled "revise_section" ---------------


class ReviseText(Reply):
    model_config = ConfigDict(title="revise_section")

    text: Cited


class ReviseWhys(Reply):
    model_config = ConfigDict(title="revise_section")

    five_whys: list[WhyItem]


class ReviseTimeline(Reply):
    model_config = ConfigDict(title="revise_section")

    timeline: list[TimelineItem]


class ReviseHypotheses(Reply):
    model_config = ConfigDict(title="revise_section")

    hypotheses: list[HypothesisItem]


class ReviseFactors(Reply):
    model_config = ConfigDict(title="revise_section")

    contributing_factors: list[FactorItem]


class ReviseLessons(Reply):
    model_config = ConfigDict(title="revise_section")

    went_well: list[Cited]
    went_poorly: list[Cited]


class ReviseActions(Reply):
    model_config = ConfigDict(title="revise_section")

    action_items: list[ActionItemReply]


class ReviseQuestions(Reply):
    model_config = ConfigDict(title="revise_section")

    open_questions: list[QuestionItem]


REVISIONS: dict[str, type[Reply]] = {
    "summary": ReviseText,
    "impact": ReviseText,
    "detection": ReviseText,
    "root_cause": ReviseWhys,
    "timeline": ReviseTimeline,
    "hypotheses": ReviseHypotheses,
    "contributing_factors": ReviseFactors,
    "lessons": ReviseLessons,
    "action_items": ReviseActions,
    "open_questions": ReviseQuestions,
}
"""Sections Claude may revise; ``metrics`` is computed from lifecycle times and is not among them."""


def task_of(reply: type[Reply]) -> str:
    """The task name a reply model stands for (its schema title)."""
    title = reply.model_config.get("title")
    if not title:
        raise ValueError(f"{reply.__name__} has no title")
    return str(title)


@cache
def json_schema(reply: type[Reply]) -> dict[str, Any]:
    """The reply's JSON schema in the subset structured outputs accepts (SDK ``transform_schema``).

    Pydantic's generated per-field titles ("Citations" for ``citations``) are removed: they tell
    the model nothing the key does not, and every call pays for them in input tokens. The root
    title stays; it names the task.
    """
    schema = anthropic.transform_schema(reply)
    return {**_untitled(schema), "title": schema["title"]}


def _untitled(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _untitled(v) for k, v in node.items() if k != "title" or not isinstance(v, str)}
    if isinstance(node, list):
        return [_untitled(v) for v in node]
    return node


# -- customer-facing drafts --------------------------------------------------------------------------

RcaSection = Literal["impact", "timeline", "root_cause", "restoration", "prevention"]
Phase = Literal["Investigating", "Identified", "Monitoring", "Resolved"]


class RcaStatementItem(Reply):
    section: RcaSection
    text: str
    source: list[str]
    citations: list[str]
    inferred: bool
    why: str


class RcaReply(Reply):
    model_config = ConfigDict(title="rca")

    statements: list[RcaStatementItem]


class UpdateReply(Reply):
    model_config = ConfigDict(title="status_update")

    phase: Phase
    impact: str
    doing: str
