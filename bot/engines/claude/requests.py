"""The request each task sends: its template, context blocks and evidence, fitted into the budget."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.analysis.lifecycle import with_status
from bot.analysis.rca_style import Style
from bot.domain import SECTIONS, Board, IncidentState, Message, Postmortem, RcaTone, Sitrep, iso, ts_key
from bot.engines.claude import blocks as data
from bot.engines.claude import convert
from bot.engines.claude.blocks import Evidence, text_block
from bot.engines.claude.checks import all_citations
from bot.engines.claude.mapreduce import MapReduce
from bot.engines.claude.prompts import Template, fence, load, message_line, record_line
from bot.engines.claude.schema import HypothesesReply, PostmortemReply, RcaReply, Reply, SitrepReply, UpdateReply
from bot.engines.claude.transport import Request, new_request
from bot.engines.ports import CitationIndex


class Requests:
    """Builds the sitrep, hypotheses, postmortem and revision requests (map-reducing long evidence)."""

    def __init__(self, mapreduce: MapReduce, *, system: Template, model: str, sitrep_model: str) -> None:
        self._mapreduce = mapreduce
        self._system = system
        self._model = model
        self._sitrep_model = sitrep_model

    def sitrep(
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
            return new_request(
                self._system, template, channel=channel, model=self._sitrep_model, content=blocks, reply=SitrepReply
            )

        return self._mapreduce.fit(build, channel, own, since)

    def hypotheses(self, board: Board, own: Sequence[Message]) -> Request:
        channel = board.channel
        template = load("hypotheses")
        board_block = text_block(data.board_block(board))

        def build(evidence: Evidence) -> Request:
            text = template.render(channel=channel, evidence=evidence.description, board_size=len(board.hypotheses))
            blocks = [*evidence.blocks, board_block, text_block(text)]
            return new_request(
                self._system, template, channel=channel, model=self._model, content=blocks, reply=HypothesesReply
            )

        return self._mapreduce.fit(build, channel, own, "posted since the board was last updated")

    def postmortem(self, state: IncidentState, board: Board, own: Sequence[Message], now: datetime) -> Request:
        channel = state.channel
        template = load("postmortem")
        context = [text_block(data.incident_block(state)), text_block(data.board_block(board))]

        def build(evidence: Evidence) -> Request:
            text = template.render(
                incident_name=state.name, channel=channel, now=iso(now), evidence=evidence.description
            )
            blocks = [*evidence.blocks, *context, text_block(text)]
            return new_request(
                self._system, template, channel=channel, model=self._model, content=blocks, reply=PostmortemReply
            )

        return self._mapreduce.fit(build, channel, own, "of the whole channel")

    def revision(
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
        return new_request(self._system, template, channel=channel, model=self._model, content=blocks, reply=reply_type)

    def status_update(
        self, state: IncidentState, board: Board, sitrep: Sitrep | None, own: Sequence[Message], now: datetime
    ) -> Request:
        """The latest messages (fitted to the budget), the incident state and the latest sitrep."""
        channel = state.channel
        template = load("status_update")
        context = [text_block(data.incident_block(state))]
        if sitrep is not None:
            context.append(text_block(data.previous_block(sitrep)))
        phases = {"investigating": "Investigating", "identified": "Identified", "mitigated": "Monitoring"}
        suggested = phases.get(state.status, "Resolved")

        def build(evidence: Evidence) -> Request:
            text = template.render(
                incident_name=state.name, now=iso(now), evidence=evidence.description, suggested_phase=suggested
            )
            blocks = [*evidence.blocks, *context, text_block(text)]
            return new_request(
                self._system, template, channel=channel, model=self._sitrep_model, content=blocks, reply=UpdateReply
            )

        return self._mapreduce.fit(build, channel, own, "posted in the channel so far")

    def rca(self, pm: Postmortem, cited: Sequence[Message], *, tone: RcaTone, style: Style | None) -> Request:
        """The postmortem (as postmortem.json) and the messages it cites, never the whole channel."""
        channel = pm.incident.channel
        template = load("rca")
        style_text = (
            "\nFollow the structure, tone and level of commitment of the past approved RCA in <style_reference> "
            "(a style reference only: none of its facts apply to this incident)."
            if style is not None
            else ""
        )
        text = template.render(incident_name=pm.incident.name, tone=tone, style=style_text)
        blocks = [
            text_block(fence("postmortem", [record_line(pm.to_contract())], channel=channel)),
            text_block(fence("transcript", [message_line(m, max_chars=1200) for m in cited], channel=channel)),
        ]
        if style is not None:
            blocks.append(
                text_block(fence("style_reference", [record_line({"name": style.name, "markdown": style.text})]))
            )
        blocks.append(text_block(text))
        return new_request(self._system, template, channel=channel, model=self._model, content=blocks, reply=RcaReply)


def cited_messages(index: CitationIndex, channel: str, section: list[dict[str, Any]]) -> list[Message]:
    """The stored messages a section cites, in citation lists or inline as ``[ts a, b]``."""
    wanted = set(all_citations(section))
    for record in section:
        for value in record.values():
            if isinstance(value, str):
                wanted.update(t.strip() for group in convert.INLINE_TS.findall(value) for t in group.split(","))
    found = [m for ts in wanted if (m := index.get_message(channel, ts)) is not None]
    return sorted(found, key=lambda m: ts_key(m.ts))
