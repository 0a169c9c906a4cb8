"""The Claude engine: sitreps, hypothesis boards and postmortem drafts written by Claude.

Every answer is structured JSON (``output_config.format``) checked before it becomes a domain
object: citations must name messages stored in the requesting channel, person-blame is flagged,
token-shaped strings are removed. Only that channel's redacted messages are ever sent, as fenced
data the system prompt says never to obey.

Cost: sitreps are incremental (previous sitrep + new messages) on the cheaper sitrep model; the
stable system prompt and the older part of a long transcript carry ``cache_control``; a request
that would exceed the token budget is map-reduced (chunks → notes → answer; ``claude_mapreduce``).

Failure: the SDK retries 429/529/5xx/timeouts with backoff; after that, an unusable answer gets
one repair attempt; anything still failing falls back to the offline engine, and the result
says so (``engine = "offline draft (Claude unavailable: …)"``). A circuit breaker skips the
endpoint after repeated failures. Every model call leaves one audit record (``claude_transport``,
``claude_fallback``).

This module keeps the tasks: what each one asks, and how the answer becomes a domain object.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

import anthropic

from bot.analysis.blameless import blame_flags
from bot.analysis.lifecycle import with_status
from bot.analysis.rca_style import Style
from bot.analysis.report import metrics
from bot.clock import Clock
from bot.domain import SECTIONS, Board, IncidentState, Message, Postmortem, Rca, RcaTone, Sitrep, StatusUpdate
from bot.engines.base import Engine
from bot.engines.claude import blocks as data
from bot.engines.claude import convert
from bot.engines.claude import customer as customer_convert
from bot.engines.claude.breaker import CircuitBreaker
from bot.engines.claude.checks import Grounding, all_citations
from bot.engines.claude.fallback import (
    FALLBACK_MARKER,
    ClaudeUnavailableError,
    engine_label,
    fallback_label,
    is_fallback,
    revision_label,
    with_fallback,
)
from bot.engines.claude.mapreduce import MapReduce
from bot.engines.claude.prompts import load
from bot.engines.claude.requests import Requests, cited_messages
from bot.engines.claude.schema import (
    REVISIONS,
    HypothesesReply,
    PostmortemReply,
    RcaReply,
    Reply,
    SitrepReply,
    UpdateReply,
)
from bot.engines.claude.transport import Transport, describe_failure
from bot.engines.ports import AuditSink, CitationIndex

__all__ = [
    "FALLBACK_MARKER",
    "ClaudeEngine",
    "ClaudeUnavailableError",
    "describe_failure",
    "fallback_label",
    "is_fallback",
]

log = logging.getLogger(__name__)


class ClaudeEngine:
    """The ``Engine`` backed by the Messages API; see the module docstring for its guarantees."""

    name = "claude"

    def __init__(
        self,
        client: anthropic.Anthropic,
        *,
        citations: CitationIndex,
        audit: AuditSink,
        fallback: Engine,
        clock: Clock,
        model: str,
        sitrep_model: str,
        max_tokens: int,
        token_budget: int,
        breaker: CircuitBreaker,
    ) -> None:
        """Wire the engine; it builds no client of its own.

        Args:
            client: an ``anthropic.Anthropic`` whose ``max_retries``/``timeout`` set retry and timeout policy.
            citations: which cited ``ts`` values exist (grounding) and the messages a revision cites.
            audit: receives one record per model call.
            fallback: answers whenever Claude cannot (normally ``OfflineEngine``).
            clock: stamps audit records and drives the circuit breaker.
            model: for hypotheses, postmortems and revisions.
            sitrep_model: for sitreps and map-reduce notes (cheaper; may equal ``model``).
            max_tokens: output tokens per call.
            token_budget: input tokens per call; beyond it the material is map-reduced.
            breaker: the circuit breaker shared by all calls of this engine.
        """
        if token_budget < 2000:
            raise ValueError("token_budget must be at least 2000 input tokens")
        self._citations = citations
        self._fallback = fallback
        self._transport = Transport(client, audit=audit, clock=clock, breaker=breaker, max_tokens=max_tokens)
        system = load("system")
        mapreduce = MapReduce(
            self._transport, system=system, notes_model=sitrep_model, budget=token_budget, grounding=self._grounding
        )
        self._requests = Requests(mapreduce, system=system, model=model, sitrep_model=sitrep_model)

    def close(self) -> None:
        """Close the SDK client's connections (the composition root calls this at shutdown)."""
        self._transport.close()

    # -- Engine: sitrep ---------------------------------------------------------------------------

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
        channel = incident.channel
        own = self._own(channel, new_messages, "sitrep")
        prev = prev if prev is not None and prev.channel == channel else None
        board = board if board.channel == channel else Board(channel=channel)
        if not own and prev is None:
            return self._fallback.sitrep(
                incident=incident, prev=None, new_messages=own, board=board, now=now, total_messages=total_messages
            )
        if not own and prev is not None:
            # Nothing new to read: restate the previous sitrep without spending a call.
            return prev.model_copy(
                update={
                    "number": prev.number + 1,
                    "created_at": now,
                    "what_changed": (),
                    "messages_considered": 0,
                    "total_messages": total_messages,
                }
            )

        def claude() -> Sitrep:
            request = self._requests.sitrep(incident, prev, own, board, now)
            reply = self._transport.ask(request, SitrepReply)
            g = self._grounding(channel, reply)
            status = reply.status.strip() or with_status(incident, board).status.capitalize()
            return Sitrep(
                channel=channel,
                number=(prev.number + 1) if prev else 1,
                created_at=now,
                status=status,
                impact=g.claim(reply.impact.text, reply.impact.citations),
                what_changed=tuple(g.claim(c.text, c.citations) for c in reply.what_changed[:6]),
                hypotheses=tuple(g.claim(c.text, c.citations) for c in reply.hypotheses),
                doing=tuple(g.claim(c.text, c.citations) for c in reply.doing),
                next_steps=tuple(g.claim(c.text, c.citations, needs_citation=False) for c in reply.next_steps),
                open_questions=tuple(g.claim(c.text, c.citations, needs_citation=False) for c in reply.open_questions),
                messages_considered=len(own),
                total_messages=total_messages,
                last_ts=own[-1].ts if own else (prev.last_ts if prev else None),
                engine=f"claude ({request.model})",
            )

        def offline() -> Sitrep:
            return self._fallback.sitrep(
                incident=incident, prev=prev, new_messages=own, board=board, now=now, total_messages=total_messages
            )

        return with_fallback(f"sitrep for {channel} falls back", claude, offline, engine_label)

    # -- Engine: hypotheses -----------------------------------------------------------------------

    def hypotheses(self, *, board: Board, new_messages: Sequence[Message]) -> Board:
        channel = board.channel
        own = self._own(channel, new_messages, "hypotheses")
        if not own:
            return board

        def claude() -> Board:
            reply = self._transport.ask(self._requests.hypotheses(board, own), HypothesesReply)
            g = self._grounding(channel, reply)
            authors = {m.ts: m for m in own}
            merged = convert.merge_hypotheses(board.hypotheses, reply.hypotheses, g, authors)
            return convert.board_with(board, merged, own[-1].ts)

        return with_fallback(
            f"hypotheses for {channel} fall back",
            claude,
            lambda: self._fallback.hypotheses(board=board, new_messages=own),
        )

    # -- Engine: postmortem -----------------------------------------------------------------------

    def draft_postmortem(
        self,
        *,
        incident: IncidentState,
        transcript: Sequence[Message],
        board: Board,
        now: datetime,
        names: dict[str, str],
    ) -> Postmortem:
        channel = incident.channel
        own = self._own(channel, transcript, "postmortem")
        board = board if board.channel == channel else Board(channel=channel)
        people = [*names.values(), *names.keys(), *(m.user_name or "" for m in own), *(m.user or "" for m in own)]
        state = with_status(incident, board)

        def claude() -> Postmortem:
            request = self._requests.postmortem(state, board, own, now)
            reply = self._transport.ask(request, PostmortemReply)
            g = self._grounding(channel, reply)
            warnings: list[str] = []
            draft = Postmortem(
                incident=state,
                summary=convert.prose(g, reply.summary),
                impact=convert.prose(g, reply.impact),
                detection=convert.prose(g, reply.detection),
                metrics=metrics(state),
                timeline=convert.timeline(g, reply.timeline, warnings),
                five_whys=convert.whys(g, reply.five_whys),
                hypotheses=board.hypotheses,
                contributing_factors=convert.factors(g, reply.contributing_factors),
                went_well=convert.lessons(g, reply.went_well),
                went_poorly=convert.lessons(g, reply.went_poorly),
                action_items=convert.actions(g, reply.action_items),
                open_questions=convert.questions(reply.open_questions),
                engine=f"claude ({request.model})",
                model=request.model,
                prompt_version=request.version,
                generated_at=now,
            )
            return draft.model_copy(update={"warnings": (*convert.dropped_warning(g), *warnings)})

        def offline() -> Postmortem:
            return self._fallback.draft_postmortem(incident=incident, transcript=own, board=board, now=now, names=names)

        draft = with_fallback(f"postmortem for {channel} falls back", claude, offline, engine_label)
        return self._with_blame_flags(draft, people)

    # -- Engine: section revision -----------------------------------------------------------------

    def revise_section(self, *, postmortem: Postmortem, section_id: str, correction: Message) -> Postmortem:
        titles = dict(SECTIONS)
        if section_id not in titles:
            raise ValueError(f"unknown section {section_id!r}")
        channel = postmortem.incident.channel
        if correction.channel != channel:
            raise ValueError(f"a correction from {correction.channel} cannot revise the postmortem of {channel}")
        reply_type = REVISIONS.get(section_id)
        if reply_type is None:
            # Metrics are computed from lifecycle times; the offline engine records the correction
            # as an open question instead of letting a model edit numbers.
            return self._fallback.revise_section(postmortem=postmortem, section_id=section_id, correction=correction)
        section = data.section_records(postmortem, section_id)
        cited = cited_messages(self._citations, channel, section)
        people = [p for m in (*cited, correction) for p in (m.user_name, m.user) if p]
        people += [h.raised_by or "" for h in postmortem.hypotheses]

        def claude() -> Postmortem:
            request = self._requests.revision(
                postmortem, section_id, section=section, cited=cited, correction=correction, reply_type=reply_type
            )
            reply = self._transport.ask(request, reply_type)
            # The correction itself is review input, not a stored message, but a legitimate source.
            g = self._grounding(channel, reply, extra=(correction.ts,))
            warnings: list[str] = []
            update = convert.revision_update(postmortem, section_id, reply, g, warnings=warnings, correction=correction)
            revised = postmortem.model_copy(update=update)
            kept = [w for w in revised.warnings if not w.startswith("Blameless check")]
            return revised.model_copy(update={"warnings": (*kept, *convert.dropped_warning(g), *warnings)})

        revised = with_fallback(
            f"revision of {section_id} in {channel} falls back",
            claude,
            lambda: self._fallback.revise_section(postmortem=postmortem, section_id=section_id, correction=correction),
            revision_label(titles[section_id]),
        )
        return self._with_blame_flags(revised, people)

    # -- customer-facing drafts -------------------------------------------------------------------

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
        channel = incident.channel
        state = with_status(incident, board)
        # What the latest sitrep rests on: the incident as it stands, not the whole channel again.
        wanted: list[str] = []
        if sitrep is not None and sitrep.channel == channel:
            for claim in (sitrep.impact, *sitrep.what_changed, *sitrep.doing):
                wanted += [ts for ts in claim.citations if ts not in wanted]
        recent = [m for ts in wanted if (m := self._citations.get_message(channel, ts)) is not None]

        def offline() -> StatusUpdate:
            return self._fallback.draft_update(
                incident=incident,
                board=board,
                sitrep=sitrep,
                now=now,
                update_id=update_id,
                drafted_for=drafted_for,
                people=people,
            )

        def claude() -> StatusUpdate:
            request = self._requests.status_update(state, board, sitrep, list(recent), now)
            reply = self._transport.ask(request, UpdateReply)
            return customer_convert.status_update(reply, offline(), engine=f"claude ({request.model})")

        update: StatusUpdate = with_fallback(
            f"status update for {channel} falls back",
            claude,
            offline,
            lambda u, reason: u.model_copy(update={"engine": fallback_label(reason)}),
        )
        return update

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
        channel = postmortem.incident.channel
        own = self._own(channel, transcript, "rca")
        cited_ts = postmortem.cited_ts()
        cited = [m for m in own if m.ts in cited_ts]

        def offline() -> Rca:
            return self._fallback.draft_rca(
                postmortem=postmortem,
                transcript=own,
                tone=tone,
                style=style,
                now=now,
                updates=updates,
                people=people,
            )

        def claude() -> Rca:
            request = self._requests.rca(postmortem, cited, tone=tone, style=style)
            reply = self._transport.ask(request, RcaReply)
            g = self._grounding(channel, reply)
            return customer_convert.rca(
                reply,
                postmortem,
                g,
                {m.ts: m for m in cited},
                tone=tone,
                style=style,
                now=now,
                model=request.model,
                version=request.version,
            )

        drafted: Rca = with_fallback(
            f"RCA for {channel} falls back",
            claude,
            offline,
            lambda r, reason: r.model_copy(update={"engine": fallback_label(reason)}),
        )
        return drafted

    # -- checks -----------------------------------------------------------------------------------

    def _grounding(self, channel: str, reply: Reply, *, extra: Sequence[str] = ()) -> Grounding:
        cited = [ts for ts in all_citations(reply.model_dump()) if ts]
        return Grounding(self._citations.existing_ts(channel, cited) | {ts for ts in extra if ts in cited})

    @staticmethod
    def _with_blame_flags(pm: Postmortem, people: Sequence[str]) -> Postmortem:
        flags = blame_flags(convert.postmortem_texts(pm), people)
        kept = [w for w in pm.warnings if not w.startswith("Blameless check")]
        return pm.model_copy(update={"warnings": (*kept, *flags)})

    @staticmethod
    def _own(channel: str, messages: Sequence[Message], task: str) -> list[Message]:
        """Only ``channel``'s messages: nothing from another channel ever enters its prompt."""
        own = [m for m in messages if m.channel == channel]
        if len(own) != len(messages):
            log.warning("%s for %s: left out %d message(s) of other channels", task, channel, len(messages) - len(own))
        return own
