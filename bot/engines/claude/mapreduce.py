"""Fitting a request into the token budget: the messages themselves, or notes on them (map-reduce).

A request that would exceed the budget is map-reduced: the transcript is cut into chunks that
fit, each chunk becomes notes (cheaper sitrep model), and notes are reduced again until the final
request fits. Notes are data like messages: their citations must exist.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.domain import Message
from bot.engines.claude import blocks as data
from bot.engines.claude.blocks import Evidence, text_block
from bot.engines.claude.budget import chunk_lines, estimate_request
from bot.engines.claude.checks import Grounding
from bot.engines.claude.fallback import ClaudeUnavailableError
from bot.engines.claude.prompts import Template, fence, load, message_line, record_line
from bot.engines.claude.schema import Note, NotesReply, Reply, json_schema
from bot.engines.claude.transport import Request, Transport, new_request

EXACT_COUNT_AT = 0.5
"""Above this share of the budget (by the local estimate) the API's token count decides."""
MAX_REDUCE_ROUNDS = 3
MAX_NOTES_PER_CHUNK = 40


class MapReduce:
    """Builds requests that fit ``budget`` input tokens, taking notes first when the material is too long."""

    def __init__(
        self,
        transport: Transport,
        *,
        system: Template,
        notes_model: str,
        budget: int,
        grounding: Callable[[str, Reply], Grounding],
    ) -> None:
        """Wire the map-reduce step.

        Args:
            transport: sends the note-taking calls and counts tokens.
            system: the system prompt every request carries.
            notes_model: the model that takes notes (the sitrep model).
            budget: input tokens per call.
            grounding: which citations of a reply exist in a channel.
        """
        self._transport = transport
        self._system = system
        self._notes_model = notes_model
        self._budget = budget
        self._grounding = grounding

    def fit(
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
        exact = self._transport.count(request)
        return (exact if exact is not None else estimate) <= self._budget

    def _take_notes(self, channel: str, lines: Sequence[str], *, source: str, step: str) -> list[Note]:
        template = load("notes")

        def build(part: int, parts: int, chunk: Sequence[str]) -> Request:
            text = template.render(
                part=part, parts=parts, channel=channel, source=source, max_notes=MAX_NOTES_PER_CHUNK
            )
            tag = "transcript" if step == "map" else "notes"
            blocks = [text_block(fence(tag, chunk, channel=channel), cache=True), text_block(text)]
            return new_request(
                self._system,
                template,
                channel=channel,
                model=self._notes_model,
                content=blocks,
                reply=NotesReply,
                step=step,
            )

        overhead = estimate_request(build(1, 1, []).texts(), json_schema(NotesReply))
        room = int(self._budget * 0.9) - overhead
        if room < 500:
            raise ClaudeUnavailableError("the token budget is too small for map-reduce")
        chunks = chunk_lines(lines, room)
        notes: list[Note] = []
        for part, chunk in enumerate(chunks, 1):
            reply = self._transport.ask(build(part, len(chunks), chunk), NotesReply)
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
