"""The Claude engine: sitreps, hypothesis boards and postmortem drafts written by Claude.

Every answer is structured JSON (``output_config.format``) checked before it becomes a domain
object: citations must name messages stored in the requesting channel, person-blame is flagged,
token-shaped strings are removed. Only that channel's redacted messages are ever sent, as fenced
data the system prompt says never to obey.

Cost: sitreps are incremental (previous sitrep + new messages) on the cheaper sitrep model; the
stable system prompt and the older part of a long transcript carry ``cache_control``; a request
that would exceed the token budget is map-reduced (chunks → notes → answer).

Failure: the SDK retries 429/529/5xx/timeouts with backoff; after that, an unusable answer gets
one repair attempt; anything still failing falls back to the offline engine, and the result
says so (``engine = "offline draft (Claude unavailable: …)"``). A circuit breaker skips the
endpoint after repeated failures. Every model call leaves one audit record.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import anthropic
from anthropic.types import Message as ApiMessage
from anthropic.types import MessageParam, OutputConfigParam, TextBlockParam
from pydantic import ValidationError

from bot.analysis.blameless import blame_flags
from bot.analysis.lifecycle import with_status
from bot.analysis.report import metrics
from bot.audit_record import AuditRecord, Outcome, Usage
from bot.clock import Clock
from bot.domain import (
    SECTIONS,
    Board,
    IncidentState,
    Message,
    Postmortem,
    Sitrep,
    iso,
    ts_key,
)
from bot.engines import claude_blocks as data
from bot.engines import claude_convert as convert
from bot.engines.base import Engine
from bot.engines.claude_blocks import Evidence, text_block
from bot.engines.claude_breaker import CircuitBreaker
from bot.engines.claude_budget import chunk_lines, estimate_request
from bot.engines.claude_checks import Grounding, all_citations, scrub_secrets
from bot.engines.claude_prompts import Template, fence, load, message_line, record_line
from bot.engines.claude_schema import (
    REVISIONS,
    HypothesesReply,
    Note,
    NotesReply,
    PostmortemReply,
    Reply,
    ReviseActions,
    ReviseFactors,
    ReviseHypotheses,
    ReviseLessons,
    ReviseQuestions,
    ReviseText,
    ReviseTimeline,
    ReviseWhys,
    SitrepReply,
    json_schema,
    task_of,
)
from bot.engines.ports import AuditSink, CitationIndex
from bot.errors import EngineError, StoreError

log = logging.getLogger(__name__)

R = TypeVar("R", bound=Reply)

FALLBACK_MARKER = "offline draft"
"""Every result the offline engine produced in Claude's place carries this in ``engine``."""
EXACT_COUNT_AT = 0.5
"""Above this share of the budget (by the local estimate) the API's token count decides."""
MAX_REDUCE_ROUNDS = 3
MAX_NOTES_PER_CHUNK = 40
COUNT_TIMEOUT_S = 10.0


def fallback_label(reason: str) -> str:
    """The ``engine`` value of an offline result made because Claude was unavailable."""
    return f"{FALLBACK_MARKER} (Claude unavailable: {reason})"


def is_fallback(engine: str) -> bool:
    """True when ``engine`` (``Sitrep.engine``/``Postmortem.engine``) marks an offline fallback."""
    return engine.startswith(FALLBACK_MARKER)


class ClaudeUnavailableError(EngineError):
    """Claude gave no usable answer; the engine falls back to offline with ``reason`` shown."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"Claude unavailable: {reason}")
        self.reason = reason


class _BadOutputError(Exception):
    def __init__(self, problem: str, text: str, outcome: Outcome) -> None:
        super().__init__(problem)
        self.problem = problem
        self.text = text
        self.outcome = outcome


class _UnreadableError(Exception):
    """A 200 response that is not a Message (wrong content type, missing fields)."""


@dataclass(frozen=True)
class Request:
    """One model request before it is sent."""

    task: str
    step: str
    channel: str
    model: str
    version: str
    system: list[TextBlockParam]
    content: list[TextBlockParam]
    reply: type[Reply]

    def texts(self) -> list[str]:
        return [b["text"] for b in self.system] + [b["text"] for b in self.content]


def describe_failure(exc: BaseException) -> tuple[str, bool]:
    """(a short reason users may see, whether it counts against the endpoint for the breaker)."""
    if isinstance(exc, anthropic.APITimeoutError):
        return "timed out", True
    if isinstance(exc, anthropic.APIConnectionError):
        return "endpoint unreachable", True
    if isinstance(exc, anthropic.APIStatusError):
        code = exc.status_code
        if code == 529:
            return "overloaded (HTTP 529)", True
        if code == 429:
            return "rate limited (HTTP 429)", True
        if code >= 500:
            return f"server error (HTTP {code})", True
        if code in (401, 403):
            return f"API key rejected (HTTP {code})", True
        return f"request rejected (HTTP {code})", False
    if isinstance(exc, json.JSONDecodeError | _UnreadableError):
        return "unreadable response", True
    return f"unexpected error ({type(exc).__name__})", True


def _input_hash(model: str, system: object, messages: object, schema: object) -> str:
    canonical = json.dumps(
        {"model": model, "system": system, "messages": messages, "schema": schema},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def _reply_text(resp: ApiMessage) -> str:
    parts: list[str] = []
    for block in resp.content:
        if block.type == "text":
            parts.append(block.text)
        elif block.type == "tool_use":  # a gateway that answers through a forced tool
            parts.append(json.dumps(block.input))
    return "".join(parts)


def _validation_problem(exc: ValidationError) -> str:
    # Only locations and messages: pydantic's str() would echo the model's text back.
    errs = exc.errors()[:3]
    shown = "; ".join(f"{'/'.join(str(p) for p in e['loc']) or '(root)'}: {e['msg']}" for e in errs)
    more = f" (and {exc.error_count() - 3} more)" if exc.error_count() > 3 else ""
    return f"it did not match the response format: {shown}{more}"


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
        self._client = client
        self._citations = citations
        self._audit = audit
        self._fallback = fallback
        self._clock = clock
        self._model = model
        self._sitrep_model = sitrep_model
        self._max_tokens = max_tokens
        self._budget = token_budget
        self._breaker = breaker
        self._system = load("system")

    def close(self) -> None:
        """Close the SDK client's connections (the composition root calls this at shutdown)."""
        self._client.close()

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
        try:
            request = self._sitrep_request(incident, prev, own, board, now)
            reply = self._ask(request, SitrepReply)
        except ClaudeUnavailableError as exc:
            log.warning("sitrep for %s falls back to offline: %s", channel, exc.reason)
            fallback = self._fallback.sitrep(
                incident=incident,
                prev=prev,
                new_messages=own,
                board=board,
                now=now,
                total_messages=total_messages,
            )
            return fallback.model_copy(update={"engine": fallback_label(exc.reason)})
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

    def _sitrep_request(
        self,
        incident: IncidentState,
        prev: Sitrep | None,
        own: Sequence[Message],
        board: Board,
        now: datetime,
    ) -> Request:
        channel = incident.channel
        state = with_status(incident, board)
        template = load("sitrep")
        context = [text_block(data.incident_block(state)), text_block(data.board_block(board))]
        if prev is not None:
            context.append(text_block(data.previous_block(prev)))
        number = prev.number + 1 if prev else 1
        previous = (
            f"the previous sitrep (#{prev.number}, in <previous_sitrep>)"
            if prev
            else "no previous sitrep (this is the first)"
        )
        since = "posted since the previous sitrep" if prev else "posted in the channel so far"

        def build(evidence: Evidence) -> Request:
            text = template.render(
                number=number,
                channel_name=state.name,
                channel=channel,
                now=iso(now),
                previous=previous,
                evidence=evidence.description,
            )
            blocks = [*evidence.blocks, *context, text_block(text)]
            return self._request(template, channel, self._sitrep_model, blocks, SitrepReply)

        return self._fit(build, channel, own, since)

    # -- Engine: hypotheses -----------------------------------------------------------------------

    def hypotheses(self, *, board: Board, new_messages: Sequence[Message]) -> Board:
        channel = board.channel
        own = self._own(channel, new_messages, "hypotheses")
        if not own:
            return board
        template = load("hypotheses")
        board_block = text_block(data.board_block(board))

        def build(evidence: Evidence) -> Request:
            text = template.render(channel=channel, evidence=evidence.description, board_size=len(board.hypotheses))
            blocks = [*evidence.blocks, board_block, text_block(text)]
            return self._request(template, channel, self._model, blocks, HypothesesReply)

        try:
            reply = self._ask(
                self._fit(build, channel, own, "posted since the board was last updated"), HypothesesReply
            )
        except ClaudeUnavailableError as exc:
            log.warning("hypotheses for %s fall back to offline: %s", channel, exc.reason)
            return self._fallback.hypotheses(board=board, new_messages=own)
        g = self._grounding(channel, reply)
        authors = {m.ts: m for m in own}
        merged = convert.merge_hypotheses(board.hypotheses, reply.hypotheses, g, authors)
        return convert.board_with(board, merged, own[-1].ts)

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
        template = load("postmortem")
        context = [text_block(data.incident_block(state)), text_block(data.board_block(board))]

        def build(evidence: Evidence) -> Request:
            text = template.render(
                incident_name=state.name, channel=channel, now=iso(now), evidence=evidence.description
            )
            blocks = [*evidence.blocks, *context, text_block(text)]
            return self._request(template, channel, self._model, blocks, PostmortemReply)

        try:
            request = self._fit(build, channel, own, "of the whole channel")
            reply = self._ask(request, PostmortemReply)
        except ClaudeUnavailableError as exc:
            log.warning("postmortem for %s falls back to offline: %s", channel, exc.reason)
            draft = self._fallback.draft_postmortem(
                incident=incident, transcript=own, board=board, now=now, names=names
            )
            draft = draft.model_copy(update={"engine": fallback_label(exc.reason)})
            return self._with_blame_flags(draft, people)

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
            generated_at=now,
        )
        draft = draft.model_copy(update={"warnings": (*convert.dropped_warning(g), *warnings)})
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
        cited = self._cited_messages(channel, section)
        people = [p for m in (*cited, correction) for p in (m.user_name, m.user) if p]
        people += [h.raised_by or "" for h in postmortem.hypotheses]
        try:
            request = self._revision_request(
                postmortem, section_id, section=section, cited=cited, correction=correction, reply_type=reply_type
            )
            reply = self._ask(request, reply_type)
        except ClaudeUnavailableError as exc:
            log.warning("revision of %s in %s falls back to offline: %s", section_id, channel, exc.reason)
            revised = self._fallback.revise_section(postmortem=postmortem, section_id=section_id, correction=correction)
            note = f"Section {titles[section_id]} was revised by the {fallback_label(exc.reason)} engine."
            revised = revised.model_copy(update={"warnings": (*revised.warnings, note)})
            return self._with_blame_flags(revised, people)
        # The correction itself is review input, not a stored message, but a legitimate source.
        g = self._grounding(channel, reply, extra=(correction.ts,))
        warnings: list[str] = []
        update = self._apply_revision(postmortem, section_id, reply, g, warnings=warnings, correction=correction)
        revised = postmortem.model_copy(update=update)
        kept = [w for w in revised.warnings if not w.startswith("Blameless check")]
        revised = revised.model_copy(update={"warnings": (*kept, *convert.dropped_warning(g), *warnings)})
        return self._with_blame_flags(revised, people)

    def _cited_messages(self, channel: str, section: list[dict[str, Any]]) -> list[Message]:
        """The stored messages a section cites, in citation lists or inline as ``[ts a, b]``."""
        wanted = set(all_citations(section))
        for record in section:
            for value in record.values():
                if isinstance(value, str):
                    wanted.update(t.strip() for group in convert.INLINE_TS.findall(value) for t in group.split(","))
        found = [m for ts in wanted if (m := self._citations.get_message(channel, ts)) is not None]
        return sorted(found, key=lambda m: ts_key(m.ts))

    def _revision_request(
        self,
        pm: Postmortem,
        section_id: str,
        *,
        section: list[dict[str, Any]],
        cited: list[Message],
        correction: Message,
        reply_type: type[Reply],
    ) -> Request:
        channel = pm.incident.channel
        template = load("revise_section")
        text = template.render(section_title=dict(SECTIONS)[section_id], channel=channel)
        blocks = [*data.revision_blocks(channel, section_id, section, cited, correction), text_block(text)]
        return self._request(template, channel, self._model, blocks, reply_type)

    def _apply_revision(
        self,
        pm: Postmortem,
        section_id: str,
        reply: Reply,
        g: Grounding,
        *,
        warnings: list[str],
        correction: Message,
    ) -> dict[str, object]:
        if isinstance(reply, ReviseText):
            return {section_id: convert.prose(g, reply.text)}
        if isinstance(reply, ReviseWhys):
            return {"five_whys": convert.whys(g, reply.five_whys)}
        if isinstance(reply, ReviseTimeline):
            return {"timeline": convert.timeline(g, reply.timeline, warnings)}
        if isinstance(reply, ReviseHypotheses):
            return {
                "hypotheses": convert.merge_hypotheses(pm.hypotheses, reply.hypotheses, g, {correction.ts: correction})
            }
        if isinstance(reply, ReviseFactors):
            return {"contributing_factors": convert.factors(g, reply.contributing_factors)}
        if isinstance(reply, ReviseLessons):
            return {
                "went_well": convert.lessons(g, reply.went_well),
                "went_poorly": convert.lessons(g, reply.went_poorly),
            }
        if isinstance(reply, ReviseActions):
            return {"action_items": convert.actions(g, reply.action_items)}
        if isinstance(reply, ReviseQuestions):
            return {"open_questions": convert.questions(reply.open_questions)}
        raise EngineError(f"no way to apply a {type(reply).__name__}")

    # -- prompt assembly --------------------------------------------------------------------------

    def _request(
        self,
        template: Template,
        channel: str,
        model: str,
        content: list[TextBlockParam],
        reply: type[Reply],
        *,
        step: str = "final",
    ) -> Request:
        return Request(
            task=task_of(reply),
            step=step,
            channel=channel,
            model=model,
            version=f"{self._system.ref}+{template.ref}",
            system=[text_block(self._system.render(), cache=True)],
            content=content,
            reply=reply,
        )

    # -- budget: fit or map-reduce ----------------------------------------------------------------

    def _fit(
        self, build: Callable[[Evidence], Request], channel: str, messages: Sequence[Message], what: str
    ) -> Request:
        """The request with the messages themselves when it fits the budget, else with notes on them."""
        request = build(data.transcript_evidence(channel, messages, what))
        if self._fits(request):
            return request
        lines = [message_line(m, max_chars=data.MAX_PROMPT_MESSAGE_CHARS) for m in messages]
        notes = self._take_notes(channel, lines, source="the transcript", step="map")
        for _ in range(MAX_REDUCE_ROUNDS):
            request = build(data.notes_evidence(channel, notes, len(messages), what))
            if self._fits(request):
                return request
            notes = self._take_notes(
                channel,
                [record_line(n.model_dump()) for n in notes],
                source="notes from an earlier pass",
                step="reduce",
            )
        raise ClaudeUnavailableError("the channel is too long for the token budget")

    def _fits(self, request: Request) -> bool:
        estimate = estimate_request(request.texts(), json_schema(request.reply))
        if estimate <= self._budget * EXACT_COUNT_AT:
            return True
        exact = self._count(request)
        return (exact if exact is not None else estimate) <= self._budget

    def _count(self, request: Request) -> int | None:
        """The API's token count for ``request``; None when it cannot be had (the estimate decides)."""
        if self._breaker.state == "open":
            return None
        output_config: OutputConfigParam = {"format": {"type": "json_schema", "schema": json_schema(request.reply)}}
        try:
            counted = self._client.with_options(max_retries=0, timeout=COUNT_TIMEOUT_S).messages.count_tokens(
                model=request.model,
                system=request.system,
                messages=[{"role": "user", "content": request.content}],
                output_config=output_config,
            )
        except Exception as exc:  # any failure just means "use the estimate"
            log.info("token count unavailable (%s); using the local estimate", describe_failure(exc)[0])
            return None
        return int(counted.input_tokens)

    def _take_notes(self, channel: str, lines: Sequence[str], *, source: str, step: str) -> list[Note]:
        template = load("notes")

        def build(part: int, parts: int, chunk: Sequence[str]) -> Request:
            text = template.render(
                part=part, parts=parts, channel=channel, source=source, max_notes=MAX_NOTES_PER_CHUNK
            )
            tag = "transcript" if step == "map" else "notes"
            blocks = [text_block(fence(tag, chunk, channel=channel), cache=True), text_block(text)]
            return self._request(template, channel, self._sitrep_model, blocks, NotesReply, step=step)

        overhead = estimate_request(build(1, 1, []).texts(), json_schema(NotesReply))
        room = int(self._budget * 0.9) - overhead
        if room < 500:
            raise ClaudeUnavailableError("the token budget is too small for map-reduce")
        chunks = chunk_lines(lines, room)
        notes: list[Note] = []
        for part, chunk in enumerate(chunks, 1):
            reply = self._ask(build(part, len(chunks), chunk), NotesReply)
            notes.extend(reply.notes)
        # Notes are data for the next step: their citations must exist like any other.
        g = self._grounding(channel, NotesReply(notes=notes))
        grounded = []
        for note in notes:
            kept, _ = g.keep(note.citations)
            if kept:
                grounded.append(note.model_copy(update={"citations": list(kept)}))
        if len(chunks) > 1 and len(grounded) >= len(lines):
            raise ClaudeUnavailableError("map-reduce did not shrink the material")
        return grounded

    # -- calling the model ------------------------------------------------------------------------

    def _ask(self, request: Request, reply_type: type[R]) -> R:
        """Send ``request``; on an unusable answer, one repair attempt; else ``ClaudeUnavailableError``."""
        if not self._breaker.allow():
            retry = self._breaker.retry_at
            self._record(request, step=request.step, outcome="skipped", error="circuit open")
            when = f", next try after {retry:%H:%M} UTC" if retry else ""
            raise ClaudeUnavailableError(f"paused after repeated failures{when}")
        messages: list[MessageParam] = [{"role": "user", "content": request.content}]
        try:
            return self._attempt(request, messages, reply_type, repair=False)
        except _BadOutputError as bad:
            first = bad
        repair = load("repair")
        messages = [
            *messages,
            {"role": "assistant", "content": [text_block(first.text or "(no answer)")]},
            {"role": "user", "content": [text_block(repair.render(problem=first.problem))]},
        ]
        try:
            return self._attempt(request, messages, reply_type, repair=True)
        except _BadOutputError as bad:
            raise ClaudeUnavailableError(f"unusable answer after one repair attempt: {bad.problem}") from None

    def _attempt(self, request: Request, messages: list[MessageParam], reply_type: type[R], *, repair: bool) -> R:
        schema = json_schema(reply_type)
        step = request.step + ("-repair" if repair else "")
        version = request.version + (f"+{load('repair').ref}" if repair else "")
        digest = _input_hash(request.model, request.system, messages, schema)
        started = time.perf_counter()
        try:
            resp = self._client.messages.create(
                model=request.model,
                max_tokens=self._max_tokens,
                system=request.system,
                messages=messages,
                output_config={"format": {"type": "json_schema", "schema": schema}},
            )
            if not isinstance(resp, ApiMessage) or resp.content is None or resp.usage is None:
                raise _UnreadableError
        except Exception as exc:  # SDK errors, bad JSON bodies, anything: fallback
            latency = (time.perf_counter() - started) * 1000
            reason, endpoint = describe_failure(exc)
            if endpoint:
                self._breaker.record_failure()
            else:
                self._breaker.record_success()
            self._record(
                request,
                step=step,
                outcome="error",
                latency_ms=latency,
                error=reason,
                version=version,
                digest=digest,
                request_id=getattr(exc, "request_id", None),
            )
            raise ClaudeUnavailableError(reason) from exc
        latency = (time.perf_counter() - started) * 1000
        self._breaker.record_success()
        text, scrubbed = scrub_secrets(_reply_text(resp))
        if scrubbed:
            log.warning(
                "removed %d token-shaped string(s) from a %s answer in %s", scrubbed, request.task, request.channel
            )
        usage = Usage(
            input_tokens=resp.usage.input_tokens,
            output_tokens=resp.usage.output_tokens,
            cache_creation_input_tokens=resp.usage.cache_creation_input_tokens or 0,
            cache_read_input_tokens=resp.usage.cache_read_input_tokens or 0,
        )

        def record(outcome: Outcome, error: str | None = None) -> None:
            self._record(
                request,
                step=step,
                outcome=outcome,
                output=text,
                usage=usage,
                latency_ms=latency,
                error=error,
                version=version,
                digest=digest,
                stop_reason=resp.stop_reason,
                request_id=resp._request_id,
            )

        if resp.stop_reason == "refusal":
            record("refused")
            raise ClaudeUnavailableError("the model declined to answer")
        if resp.stop_reason == "max_tokens":
            record("truncated", "cut off at max_tokens")
            raise _BadOutputError("it was cut off at the output limit before the JSON was complete", text, "truncated")
        try:
            parsed = reply_type.model_validate_json(text)
        except ValidationError as exc:
            problem = _validation_problem(exc)
            record("invalid_output", problem)
            raise _BadOutputError(problem, text, "invalid_output") from None
        record("ok")
        return parsed

    def _record(
        self,
        request: Request,
        *,
        step: str,
        outcome: Outcome,
        output: str = "",
        usage: Usage | None = None,
        latency_ms: float = 0.0,
        error: str | None = None,
        version: str | None = None,
        digest: str = "",
        stop_reason: str | None = None,
        request_id: str | None = None,
    ) -> None:
        record = AuditRecord(
            at=self._clock.now(),
            channel=request.channel,
            task=request.task,
            step=step,
            prompt_version=version or request.version,
            model=request.model,
            input_hash=digest,
            output=output,
            usage=usage or Usage(),
            latency_ms=round(latency_ms, 1),
            outcome=outcome,
            error=error,
            stop_reason=stop_reason,
            request_id=request_id,
        )
        try:
            self._audit.record(record)
        except StoreError as exc:
            # The audit must not take the answer down with it; Redis trouble shows up elsewhere too.
            log.warning("audit record for %s in %s not written: %s", request.task, request.channel, exc)

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
