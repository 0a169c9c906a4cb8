"""The offline engine: deterministic rules, no network. The default, and the Claude engine's fallback."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.analysis import actions, cause_pick, report
from bot.analysis.classify import classify
from bot.analysis.hypotheses import Raiser, fold_messages
from bot.analysis.lexicon import EXPLICIT_IMPACT
from bot.analysis.lifecycle import with_status
from bot.analysis.rca_draft import draft_rca
from bot.analysis.rca_style import Style
from bot.analysis.sentences import informative_sentence
from bot.analysis.status_update import draft_update
from bot.analysis.timeline import build_timeline
from bot.domain import (
    SECTIONS,
    UNKNOWN,
    Board,
    Claim,
    IncidentState,
    Message,
    OpenQuestion,
    Postmortem,
    Rca,
    RcaTone,
    Sitrep,
    StatusUpdate,
)
from bot.engines import offline_revise
from bot.render.provenance import OFFLINE_RULES

MAX_FULL_MESSAGES = 50
"""A sitrep reads at most this many new messages in full; older ones live on in the previous sitrep."""

_STATUS_TEXT = {
    "investigating": "Investigating — cause not yet identified",
    "identified": "Identified — the cause is known, mitigation pending",
    "mitigated": "Mitigated — monitoring for recurrence",
    "resolved": "Resolved",
}
_SIGNIFICANT = ("alert", "deploy", "mitigate", "resolve", "comms", "diagnose")


class OfflineEngine:
    """Sitreps, boards and postmortems from the rules in ``bot.analysis`` alone."""

    name = "offline"

    def __init__(self, *, raiser: Raiser | None = None) -> None:
        self._raiser = raiser
        """The fitted raise reading (HYPOTHESIS_RAISE_MODEL), or None: the rules alone."""

    def hypotheses(self, *, board: Board, new_messages: Sequence[Message]) -> Board:
        return fold_messages(board, new_messages, raiser=self._raiser)

    def sitrep(
        self,
        *,
        incident: IncidentState,
        prev: Sitrep | None,
        new_messages: Sequence[Message],
        board: Board,
        now: datetime,
        total_messages: int,
    ) -> Sitrep:
        recent = list(new_messages)[-MAX_FULL_MESSAGES:]
        state = with_status(incident, board)
        status_text = _STATUS_TEXT[state.status]
        if state.severity:
            status_text = f"{state.severity} · {status_text}"

        # Impact carries over until someone restates it: a passing mention of customers is not news.
        explicit = [m for m in recent if not m.is_bot and EXPLICIT_IMPACT.search(m.text)]
        known = prev is not None and bool(prev.impact.citations)
        candidates = explicit[-1:] or ([] if known else report.impact_messages(recent)[:1])
        if candidates:
            impact = Claim(text=report.impact_excerpt(candidates[0]), citations=(candidates[0].ts,))
        elif prev is not None:
            impact = prev.impact
        else:
            impact = Claim(text=f"{UNKNOWN} — nobody has described customer impact yet", verified=True)

        changed = [m for m in recent if classify(m) in _SIGNIFICANT]
        what_changed = tuple(
            Claim(text=f"{m.author}: {informative_sentence(m.text, 160)}", citations=(m.ts,)) for m in changed[-6:]
        )

        hyps = tuple(
            Claim(
                text=f"{h.id} [{h.status}, {h.confidence}%] {h.statement}",
                citations=tuple(t for t in dict.fromkeys((h.raised_ts, *h.supporting[-1:], *h.refuting[-1:])) if t),
            )
            for h in board.hypotheses
            if h.status != "refuted" or (h.refuting and h.refuting[-1] in {m.ts for m in recent})
        )

        doing = () if state.status == "resolved" else actions.doing(recent, prev.doing if prev else (), now=now)
        next_steps = self._next_steps(state, board)
        questions = tuple(Claim(text=q.text, citations=()) for q in actions.open_questions(recent)) or (
            prev.open_questions if prev else ()
        )

        return Sitrep(
            channel=incident.channel,
            number=(prev.number + 1) if prev else 1,
            created_at=now,
            status=status_text,
            impact=impact,
            what_changed=what_changed,
            hypotheses=hyps,
            doing=doing,
            next_steps=next_steps,
            open_questions=questions,
            messages_considered=len(recent),
            total_messages=total_messages,
            last_ts=new_messages[-1].ts if new_messages else (prev.last_ts if prev else None),
            engine=self.name,
        )

    @staticmethod
    def _next_steps(state: IncidentState, board: Board) -> tuple[Claim, ...]:
        if state.status == "resolved":
            return (Claim(text="Review the postmortem draft in its thread and approve each section"),)
        if state.status == "mitigated":
            return (
                Claim(text="Watch error rate and latency for recurrence before resolving"),
                Claim(text="Run /draft-postmortem while details are fresh"),
            )
        steps: list[Claim] = []
        for h in board.hypotheses:
            if h.status == "open":
                steps.extend(
                    Claim(text=f"{h.id}: {check}", citations=(h.raised_ts,) if h.raised_ts else ())
                    for check in h.next_checks[:1]
                )
        if not steps:
            steps.append(Claim(text="State a hypothesis in the channel so it can be tracked and checked"))
        return tuple(steps[:5])

    def draft_postmortem(
        self,
        *,
        incident: IncidentState,
        transcript: Sequence[Message],
        board: Board,
        now: datetime,
        names: dict[str, str],
    ) -> Postmortem:
        messages = list(transcript)
        state = with_status(incident, board)
        impact_text = report.impact(messages)
        people = list(names.values()) + [m.user_name for m in messages if m.user_name]
        well, poorly = report.lessons(board, messages, state)
        cause = cause_pick.pick(messages, board, state)
        questions = actions.open_questions(messages) + report.generated_questions(state, board, cause)
        return Postmortem(
            incident=state,
            summary=report.summary(state, board, messages, impact_text, cause),
            impact=impact_text,
            detection=report.detection(state, messages),
            metrics=report.metrics(state),
            timeline=build_timeline(messages, board, state),
            five_whys=report.five_whys(board, messages, impact_text, cause),
            hypotheses=board.hypotheses,
            contributing_factors=report.contributing_factors(board, messages, state, people),
            went_well=well,
            went_poorly=poorly,
            action_items=actions.action_items(messages, after=state.mitigated_at, names=names),
            open_questions=questions,
            engine=self.name,
            prompt_version=OFFLINE_RULES,
            generated_at=now,
        )

    def revise_section(self, *, postmortem: Postmortem, section_id: str, correction: Message) -> Postmortem:
        """Offline revision applies what the rules can read and cites the correction.

        Prose sections are replaced by the correction. A timeline correction that moves a time
        ("the deploy was 14:02, not 14:10") moves the matching event; one that names a time adds
        an event. Whys, lessons, action items, factors and questions gain the correction as an
        entry of their own. What the rules cannot apply faithfully (metrics, hypotheses) is
        recorded as an open question for the review instead of being guessed into the data.
        """
        if section_id not in dict(SECTIONS):
            raise ValueError(f"unknown section {section_id!r}")
        text = f"{correction.text} (correction by {correction.author}, ts {correction.ts})"
        if section_id in ("summary", "impact", "detection"):
            return postmortem.model_copy(update={section_id: text})
        revised = offline_revise.revise(postmortem, section_id, correction)
        if revised is not None:
            return revised
        note = OpenQuestion(
            text=f"Correction to {section_id}: {text}",
            evidence_needed="Confirm in the review and edit the section",
        )
        return postmortem.model_copy(update={"open_questions": (*postmortem.open_questions, note)})

    def draft_update(
        self,
        *,
        incident: IncidentState,
        board: Board,
        sitrep: Sitrep | None,
        now: datetime,
        update_id: str,
        drafted_for: str,
        people: Sequence[str],
    ) -> StatusUpdate:
        return draft_update(
            incident, board, sitrep, now=now, update_id=update_id, drafted_for=drafted_for, people=people
        )

    def draft_rca(
        self,
        *,
        postmortem: Postmortem,
        transcript: Sequence[Message],
        tone: RcaTone,
        style: Style | None,
        now: datetime,
        updates: Sequence[StatusUpdate],
        people: Sequence[str],
    ) -> Rca:
        del transcript  # the rules read the structured postmortem only
        return draft_rca(postmortem, tone=tone, style=style, now=now, updates=updates, people=people)
