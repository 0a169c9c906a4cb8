"""Block Kit rendering: the one place that knows Slack's limits.

Everything is built with slack_sdk's model classes (they validate Slack's own limits). Long content
is split across sections (3000 chars each) and across messages (50 blocks each); every message
carries a plain-text fallback. User-derived text is escaped (``& < >``) so a message can never
inject mentions or links; citations are Slack permalinks computed from the workspace URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.domain import SECTIONS, UNKNOWN, Board, Claim, Postmortem, Sitrep
from bot.render.markdown import postmortem_section_markdown
from bot.slack import texts

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_FALLBACK_CHARS = 3000


def escape(text: str) -> str:
    """Slack's three control characters; anything else is shown as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Permalinks:
    """Builds message links like Slack's ``chat.getPermalink`` without an API call per citation."""

    workspace_url: str
    channel: str
    threads: dict[str, str] = field(default_factory=dict)
    """ts -> thread_ts of replies, so a cited reply opens in its thread."""

    def url(self, ts: str) -> str:
        base = self.workspace_url.rstrip("/")
        link = f"{base}/archives/{self.channel}/p{ts.replace('.', '')}"
        parent = self.threads.get(ts)
        if parent and parent != ts:
            link += f"?thread_ts={parent}&cid={self.channel}"
        return link

    def cite(self, citations: Iterable[str]) -> str:
        refs = [f"<{self.url(ts)}|[{i}]>" for i, ts in enumerate(citations, 1) if ts]
        return " " + " ".join(refs) if refs else ""


@dataclass(frozen=True)
class SlackMessage:
    """One chat.postMessage worth of content."""

    text: str
    blocks: list[dict[str, Any]]


def _chunks(lines: Sequence[str], limit: int = MAX_SECTION_CHARS) -> list[str]:
    """Pack lines into strings of at most ``limit`` chars; a single overlong line is cut."""
    out: list[str] = []
    current = ""
    for original in lines:
        line = original
        while len(line) > limit:
            if current:
                out.append(current)
                current = ""
            out.append(line[: limit - 1] + "…")
            line = line[limit - 1 :]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            out.append(current)
            current = line
        else:
            current = candidate
    if current:
        out.append(current)
    return out


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text))


def _paginate(header: str | None, body: list[Block], context: str | None, fallback: str) -> list[SlackMessage]:
    """Split blocks into messages of at most 50 blocks, header on the first, context on the last."""
    head: list[Block] = [HeaderBlock(text=PlainTextObject(text=header[:MAX_HEADER_CHARS]))] if header else []
    tail: list[Block] = [ContextBlock(elements=[MarkdownTextObject(text=context)])] if context else []
    pages: list[list[Block]] = []
    current = list(head)
    for block in body:
        if len(current) >= MAX_BLOCKS - len(tail):
            pages.append(current)
            current = []
        current.append(block)
    current += tail
    pages.append(current)
    total = len(pages)
    text = fallback[:MAX_FALLBACK_CHARS]
    return [
        SlackMessage(
            text=text if i == 0 else f"{text[:200]} (part {i + 1}/{total})",
            blocks=[b.to_dict() for b in page],
        )
        for i, page in enumerate(pages)
    ]


def _claims(title: str, claims: Sequence[Claim], links: Permalinks, empty: str) -> list[Block]:
    lines = [f"*{title}*"]
    if not claims:
        lines.append(f"• {escape(empty)}")
    for c in claims:
        mark = " _(unverified)_" if not c.verified else ""
        lines.append(f"• {escape(c.text)}{links.cite(c.citations)}{mark}")
    return [_section(chunk) for chunk in _chunks(lines)]


def sitrep_messages(sitrep: Sitrep, links: Permalinks) -> list[SlackMessage]:
    """A sitrep as Slack shows it: status on top, one screen, citations as links."""
    impact = f"*Impact:* {escape(sitrep.impact.text)}{links.cite(sitrep.impact.citations)}"
    body: list[Block] = [_section(f"*Status:* {escape(sitrep.status)}\n{impact}"[:MAX_SECTION_CHARS])]
    body += _claims("What changed", sitrep.what_changed, links, "Nothing significant since the last sitrep")
    body += _claims("Hypotheses", sitrep.hypotheses, links, "None stated yet")
    body += _claims("Who is doing what", sitrep.doing, links, UNKNOWN)
    body += _claims("Next steps", sitrep.next_steps, links, UNKNOWN)
    if sitrep.open_questions:
        body += _claims("Open questions", sitrep.open_questions, links, "None")
    context = texts.CONTEXT.format(
        engine=escape(sitrep.engine), considered=sitrep.messages_considered, total=sitrep.total_messages
    )
    fallback = f"Sitrep #{sitrep.number}: {sitrep.status}. Impact: {sitrep.impact.text}"
    return _paginate(f"Sitrep #{sitrep.number} — {sitrep.status}", body, context, fallback)


def board_messages(board: Board, links: Permalinks) -> list[SlackMessage]:
    """The hypothesis board: each hypothesis with its evidence links and next checks."""
    body: list[Block] = []
    for h in board.hypotheses:
        lines = [
            f"*{h.id}* · _{h.status}_ · {h.confidence}% — {escape(h.statement)}",
            f"Raised by {escape(h.raised_by or UNKNOWN)}{links.cite([h.raised_ts or ''])}",
            f"Supporting:{links.cite(h.supporting) or ' none yet'}",
            f"Refuting:{links.cite(h.refuting) or ' none yet'}",
            "Next checks:",
            *[f"• {escape(c)}" for c in h.next_checks],
        ]
        body += [_section(chunk) for chunk in _chunks(lines)]
        body.append(DividerBlock())
    if not board.hypotheses:
        body.append(_section("No hypotheses stated yet. Say “I suspect …” or “could it be …” and Sitrep tracks it."))
    fallback = f"Hypothesis board: {len(board.hypotheses)} hypothes{'is' if len(board.hypotheses) == 1 else 'es'}"
    return _paginate("Hypothesis board", body, None, fallback)


def postmortem_parent(pm: Postmortem) -> SlackMessage:
    """The draft's parent message: title, window, key metrics, approval progress."""
    inc = pm.incident
    approved = sum(1 for s in pm.sections if s.status == "approved")
    m = pm.metrics

    def mins(v: float | None) -> str:
        return f"{v:g} min" if v is not None else UNKNOWN

    lines = [
        f"*Severity:* {escape(inc.severity or UNKNOWN)}   *Progress:* {approved}/{len(pm.sections)} approved",
        f"*Window:* {inc.started_at:%Y-%m-%d %H:%M} → {inc.resolved_at:%Y-%m-%d %H:%M} UTC"
        if inc.started_at and inc.resolved_at
        else f"*Window:* {UNKNOWN}",
        f"*Time to detect / acknowledge / mitigate / resolve:* {mins(m.time_to_detect_min)} / "
        f"{mins(m.time_to_acknowledge_min)} / {mins(m.time_to_mitigate_min)} / {mins(m.time_to_resolve_min)}",
        "Each section follows in this thread. Reply in the thread to correct a section.",
    ]
    title = texts.POSTMORTEM_PARENT.format(name=inc.name)
    pages = _paginate(title, [_section("\n".join(lines))], f"Drafted by the {escape(pm.engine)} engine.", title)
    return pages[0]


def postmortem_section_messages(pm: Postmortem, links: Permalinks) -> list[tuple[str, SlackMessage]]:
    """One (section id, message) per section, posted as thread replies under the parent."""
    out: list[tuple[str, SlackMessage]] = []
    status = {s.id: s.status for s in pm.sections}
    for section_id, title in SECTIONS:
        markdown = postmortem_section_markdown(pm, section_id)
        lines = [escape(line) for line in markdown.splitlines()]
        body: list[Block] = [_section(chunk) for chunk in _chunks(lines)] or [_section(UNKNOWN)]
        context = f"Status: {status.get(section_id, 'draft')}"
        pages = _paginate(title, body, context, f"{title}: {markdown[:200]}")
        out += [(section_id, page) for page in pages]
    return out
