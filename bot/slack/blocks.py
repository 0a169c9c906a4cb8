"""Block Kit rendering: the one place that knows Slack's limits.

Everything is built with slack_sdk's model classes (they validate Slack's own limits). Long content
is split across sections (3000 chars each) and across messages (50 blocks each); every message
carries a fallback ``text`` (the notification). Every text that came from a message or a model is
escaped (``& < >``) here, in the blocks *and* in the fallback, so it can never inject mentions or
links; citations are Slack permalinks computed from the workspace URL. ``bot.slack.outbound``
checks every message again on its way out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.review_content import section_text
from bot.core.tracker_export import ITEM_STATES, ExportReport
from bot.domain import SECTIONS, UNKNOWN, Board, Claim, Postmortem, Review, SectionReview, Sitrep
from bot.render.provenance import provenance_line
from bot.slack import texts
from bot.slack.outbound import escape

_SLACK_TS = re.compile(r"\d{1,12}\.\d{1,8}")

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_FALLBACK_CHARS = 3000
MAX_BOARD_CITES = 8
"""Evidence links per hypothesis line on the board (the latest; the rest are counted)."""

APPROVE_ACTION = "pm_approve"
REQUEST_CHANGES_ACTION = "pm_request_changes"
EDIT_ACTION = "pm_edit"
DRAFT_ANYWAY_ACTION = "pm_draft_anyway"
EXPORT_ISSUES_ACTION = "pm_export_issues"
EDIT_CALLBACK = "pm_edit_submit"
EDIT_INPUT_BLOCK = "body"
EDIT_INPUT_ACTION = "text"


@dataclass(frozen=True)
class Permalinks:
    """Builds message links like Slack's ``chat.getPermalink`` without an API call per citation."""

    workspace_url: str
    channel: str
    threads: Mapping[str, str] = field(default_factory=dict)
    """ts -> thread_ts of replies, so a cited reply opens in its thread."""

    def url(self, ts: str) -> str:
        base = self.workspace_url.rstrip("/")
        link = f"{base}/archives/{self.channel}/p{ts.replace('.', '')}"
        parent = self.threads.get(ts)
        if parent and parent != ts:
            link += f"?thread_ts={parent}&cid={self.channel}"
        return link

    def cite(self, citations: Iterable[str]) -> str:
        # Only a Slack ts becomes a link: a "citation" a model invented with other characters
        # could otherwise close the link early and write its own.
        refs = [f"<{self.url(ts)}|[{i}]>" for i, ts in enumerate(citations, 1) if ts and _SLACK_TS.fullmatch(ts)]
        return " " + " ".join(refs) if refs else ""


@dataclass(frozen=True)
class SlackMessage:
    """One chat.postMessage worth of content."""

    text: str
    blocks: list[dict[str, Any]]


def _chunks(lines: Sequence[str], limit: int = MAX_SECTION_CHARS) -> list[str]:
    """Pack lines into strings of at most ``limit`` chars; a single overlong line is cut.

    A cut never falls inside a ``<…>`` link: half a link would be escaped by the outbox's guard,
    which makes the text longer than Slack's limit (``invalid_blocks``) and shows a broken link.
    """
    out: list[str] = []
    current = ""
    for original in lines:
        line = original
        while len(line) > limit:
            if current:
                out.append(current)
                current = ""
            cut = _cut_at(line, limit - 1)
            out.append(line[:cut] + "…")
            line = line[cut:].lstrip(" ")
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            out.append(current)
            current = line
        else:
            current = candidate
    if current:
        out.append(current)
    return out


def _cut_at(line: str, at: int) -> int:
    """Where to cut ``line`` at or before ``at``: before a link that would be split, else at ``at``."""
    opening = line.rfind("<", 0, at)
    if opening > 0 and line.find(">", opening) >= at:
        return opening
    return at


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
    fallback = f"Sitrep #{sitrep.number}: {escape(sitrep.status)}. Impact: {escape(sitrep.impact.text)}"
    return _paginate(f"Sitrep #{sitrep.number} — {sitrep.status}", body, context, fallback)


def _latest_cites(citations: Sequence[str], links: Permalinks) -> str:
    """Links to the latest ``MAX_BOARD_CITES`` of ``citations`` and how many earlier ones are left out.

    A hypothesis in a long incident gathers hundreds of supporting messages; linking them all made
    a board of thousands of links that Slack refused (``invalid_blocks``) and no one could read.
    """
    shown = citations[-MAX_BOARD_CITES:]
    earlier = len(citations) - len(shown)
    more = f" (+{earlier} earlier, {texts.BOARD_MORE})" if earlier else ""
    return links.cite(shown) + more


def board_messages(board: Board, links: Permalinks) -> list[SlackMessage]:
    """The hypothesis board: each hypothesis with its evidence links and next checks."""
    body: list[Block] = []
    for h in board.hypotheses:
        lines = [
            f"*{h.id}* · _{h.status}_ · {h.confidence}% — {escape(h.statement)}",
            f"Raised by {escape(h.raised_by or UNKNOWN)}{links.cite([h.raised_ts or ''])}",
            f"Supporting:{_latest_cites(h.supporting, links) or ' none yet'}",
            f"Refuting:{_latest_cites(h.refuting, links) or ' none yet'}",
            "Next checks:",
            *[f"• {escape(c)}" for c in h.next_checks],
        ]
        body += [_section(chunk) for chunk in _chunks(lines)]
        body.append(DividerBlock())
    if not board.hypotheses:
        body.append(_section("No hypotheses stated yet. Say “I suspect …” or “could it be …” and Sitrep tracks it."))
    fallback = f"Hypothesis board: {len(board.hypotheses)} hypothes{'is' if len(board.hypotheses) == 1 else 'es'}"
    return _paginate("Hypothesis board", body, None, fallback)


def postmortem_parent(
    pm: Postmortem, review: Review | None = None, *, missing: int = 0, tracker: str | None = None
) -> SlackMessage:
    """The draft's parent message: title, window, key metrics, approval progress, final status.

    Args:
        missing: approvers still needed before every-section-approved may become final.
        tracker: "github" or "jira" when TRACKER is set: a button exports the action items now.
    """
    inc = pm.incident
    total = len(SECTIONS)
    approved = review.approved_count if review is not None else sum(1 for s in pm.sections if s.status == "approved")
    final = review is not None and review.final
    m = pm.metrics

    def mins(v: float | None) -> str:
        return f"{v:g} min" if v is not None else UNKNOWN

    progress = texts.PM_FINAL_PROGRESS.format(total=total) if final else f"{approved}/{total} approved"
    lines = [
        f"*Severity:* {escape(inc.severity or UNKNOWN)}   *Progress:* {progress}",
        f"*Window:* {inc.started_at:%Y-%m-%d %H:%M} → {inc.resolved_at:%Y-%m-%d %H:%M} UTC"
        if inc.started_at and inc.resolved_at
        else f"*Window:* {_when(inc.started_at)} → {_when(inc.resolved_at)}",
        f"*Time to detect / acknowledge / mitigate / resolve:* {mins(m.time_to_detect_min)} / "
        f"{mins(m.time_to_acknowledge_min)} / {mins(m.time_to_mitigate_min)} / {mins(m.time_to_resolve_min)}",
        texts.PM_FINAL_NOTE if final else texts.PM_HOW_TO_REVIEW,
    ]
    if not final and missing and review is not None and review.all_approved:
        lines.append(texts.PM_SIGN_OFF_PENDING.format(missing=missing))
    title = (texts.POSTMORTEM_FINAL if final else texts.POSTMORTEM_PARENT).format(name=inc.name)
    context = texts.PM_PARENT_CONTEXT.format(engine=escape(pm.engine))
    fallback = f"{escape(title)}: {progress}"
    body: list[Block] = [_section("\n".join(lines))]
    if tracker is not None and pm.action_items:
        label = texts.TRACKER_EXPORT.format(tracker=texts.TRACKER_NAMES.get(tracker, tracker))
        body.append(ActionsBlock(elements=[ButtonElement(text=label, action_id=EXPORT_ISSUES_ACTION, value="export")]))
    return _paginate(title, body, context, fallback)[0]


def tracker_status_message(report: ExportReport) -> SlackMessage:
    """Each action item's issue link and status, one message updated in place after every run."""
    name = texts.TRACKER_NAMES.get(report.tracker, report.tracker)
    counts = [f"{report.count(s)} {texts.TRACKER_STATES[s]}" for s in ITEM_STATES if report.count(s)]
    summary = ", ".join(counts) if counts else texts.TRACKER_NONE
    lines = [texts.TRACKER_TITLE.format(tracker=name, summary=summary)]
    for item in report.items:
        # Issue links are shown as plain URLs: the outbox keeps only Slack permalinks as <links>.
        issue = f" — {escape(_issue_label(item.issue_id))} {escape(item.url)}" if item.url and item.issue_id else ""
        state = texts.TRACKER_STATES[item.state]
        error = f" ({escape(item.error)})" if item.error and item.state in ("failed", "waiting") else ""
        lines.append(f"{item.index}. {escape(item.title)}{issue} — _{state}_{error}")
    if report.stopped:
        lines.append(texts.TRACKER_STOPPED.format(reason=escape(report.stopped)))
    blocks: list[Block] = []
    blocks += [_section(chunk) for chunk in _chunks(lines)][: MAX_BLOCKS - 1]
    blocks.append(
        ActionsBlock(elements=[ButtonElement(text=texts.TRACKER_RETRY, action_id=EXPORT_ISSUES_ACTION, value="retry")])
    )
    return SlackMessage(text=f"Action items → {name}: {escape(summary)}", blocks=[b.to_dict() for b in blocks])


def _issue_label(issue_id: str) -> str:
    return f"#{issue_id}" if issue_id.isdigit() else issue_id


def _when(when: datetime | None) -> str:
    return f"{when:%Y-%m-%d %H:%M} UTC" if when is not None else UNKNOWN


_TS_LIST = re.compile(r"^\d+\.\d+(?:\s*,\s*\d+\.\d+)*$")
_INLINE_TS = re.compile(r"\[ts ([0-9., ]+)\]")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def section_mrkdwn(markdown: str, links: Permalinks) -> list[str]:
    """A section's Markdown as Slack mrkdwn lines: tables become rows, ``[ts …]`` become links."""

    def cites(match: re.Match[str]) -> str:
        return links.cite(t.strip() for t in match.group(1).split(",") if t.strip()).strip()

    out: list[str] = []
    header = True
    for raw in markdown.splitlines():
        line = raw.rstrip()
        if re.fullmatch(r"\|(?:\s*:?-{3,}:?\s*\|)+", line):
            continue
        if line.startswith("|") and line.endswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            shown = [
                links.cite(t.strip() for t in c.split(",")).strip() if _TS_LIST.match(c) else escape(c) for c in cells
            ]
            text = " · ".join(x for x in shown if x)
            out.append(f"_{text}_" if header else f"• {text}")
            header = False
            continue
        header = True
        line = _BOLD.sub(r"*\1*", escape(line))
        out.append(_INLINE_TS.sub(cites, line))
    return out


MAX_SECTION_BLOCKS = 40
"""Body blocks per section message; the rest of a very long section is in the Edit view and the file."""


def _verdict_line(section: SectionReview) -> str:
    if section.status == "approved":
        who = ", ".join(f"{escape(a.who)} ({a.at:%H:%M})" for a in section.approvals)
        return f":white_check_mark: *Approved* by {who}"
    if section.status == "changes_requested":
        who = ", ".join(escape(a.who) for a in section.changes_requested)
        return f":x: *Changes requested* by {who}"
    return f":memo: *Draft* — {texts.PM_SECTION_HINT}"


def _revision_line(section: SectionReview) -> str | None:
    later = [r for r in section.revisions if r.kind != "draft"]
    if not later:
        return None
    last = later[-1]
    who = f" by {escape(last.by_name or last.by or '')}" if (last.by_name or last.by) else ""
    kind = last.kind.replace("_", " ")
    return f"Revised {len(later)}× (last: {kind}{who}, {last.at:%H:%M} UTC)"


def postmortem_section_message(
    pm: Postmortem,
    section_id: str,
    markdown: str,
    links: Permalinks,
    *,
    section: SectionReview | None = None,
    version: int = 0,
    final: bool = False,
    warnings: Sequence[str] = (),
) -> SlackMessage:
    """One section as a thread reply: body, status, who approved, how it was made, blameless flags, buttons."""
    title = dict(SECTIONS)[section_id]
    chunks = _chunks(section_mrkdwn(markdown, links)) or [UNKNOWN]
    body: list[Block] = [HeaderBlock(text=PlainTextObject(text=title[:MAX_HEADER_CHARS]))]
    body += [_section(chunk) for chunk in chunks[:MAX_SECTION_BLOCKS]]
    if len(chunks) > MAX_SECTION_BLOCKS:
        body.append(_section(texts.PM_SECTION_TRUNCATED))
    state = section or SectionReview(id=section_id)
    status = [_verdict_line(state)]
    revision = _revision_line(state)
    if revision:
        status.append(revision)
    status.append(escape(provenance_line(pm, markdown, section, with_approvals=False)))
    body.append(ContextBlock(elements=[MarkdownTextObject(text=line[:MAX_SECTION_CHARS]) for line in status]))
    if warnings:
        flagged = "\n".join(f":warning: {escape(w)}" for w in warnings[:5])
        body.append(ContextBlock(elements=[MarkdownTextObject(text=flagged[:MAX_SECTION_CHARS])]))
    if not final:
        body.append(
            ActionsBlock(
                block_id=f"pm:{section_id}:{version}",
                elements=[
                    ButtonElement(text=texts.PM_APPROVE, action_id=APPROVE_ACTION, value=section_id, style="primary"),
                    ButtonElement(
                        text=texts.PM_REQUEST_CHANGES,
                        action_id=REQUEST_CHANGES_ACTION,
                        value=section_id,
                        style="danger",
                    ),
                    ButtonElement(text=texts.PM_EDIT, action_id=EDIT_ACTION, value=section_id),
                ],
            )
        )
    label = {"approved": "approved", "changes_requested": "changes requested", "draft": "draft"}[state.status]
    fallback = f"{escape(title)} ({label}): {escape(markdown[:200])}"
    return SlackMessage(text=fallback[:MAX_FALLBACK_CHARS], blocks=[b.to_dict() for b in body])


def postmortem_section_messages(
    pm: Postmortem, links: Permalinks, review: Review | None = None
) -> list[tuple[str, SlackMessage]]:
    """One (section id, message) per section, posted as thread replies under the parent."""
    out: list[tuple[str, SlackMessage]] = []
    for section_id, _ in SECTIONS:
        section = review.section(section_id) if review is not None else None
        markdown = section_text(pm, section, section_id)
        out.append(
            (
                section_id,
                postmortem_section_message(
                    pm,
                    section_id,
                    markdown,
                    links,
                    section=section,
                    version=review.version if review is not None else 0,
                    final=review is not None and review.final,
                ),
            )
        )
    return out


EDIT_MAX_CHARS = 3000
"""Slack's limit for a plain_text_input; a longer section cannot be edited in one form."""


def edit_view(section_id: str, text: str, metadata: str) -> dict[str, Any]:
    """The Edit modal: the section's text in a multiline input (or why it can't be edited here)."""
    title = dict(SECTIONS)[section_id]
    if len(text) > EDIT_MAX_CHARS:
        view = View(
            type="modal",
            callback_id=EDIT_CALLBACK,
            title=texts.PM_EDIT_TITLE,
            close=texts.PM_EDIT_CLOSE,
            private_metadata=metadata,
            blocks=[_section(texts.PM_EDIT_TOO_LONG.format(title=escape(title), limit=EDIT_MAX_CHARS))],
        )
        return view.to_dict()
    view = View(
        type="modal",
        callback_id=EDIT_CALLBACK,
        title=texts.PM_EDIT_TITLE,
        submit=texts.PM_EDIT_SAVE,
        close=texts.PM_EDIT_CLOSE,
        private_metadata=metadata,
        blocks=[
            InputBlock(
                block_id=EDIT_INPUT_BLOCK,
                label=title[:MAX_HEADER_CHARS],
                element=PlainTextInputElement(
                    action_id=EDIT_INPUT_ACTION,
                    multiline=True,
                    initial_value=text,
                    max_length=EDIT_MAX_CHARS,
                ),
                hint=texts.PM_EDIT_HINT,
            )
        ],
    )
    return view.to_dict()


def confirm_draft_message() -> SlackMessage:
    """Ephemeral question before drafting an unmitigated incident."""
    blocks: list[Block] = [
        _section(texts.PM_CONFIRM_DRAFT),
        ActionsBlock(
            block_id="pm:confirm",
            elements=[ButtonElement(text=texts.PM_DRAFT_ANYWAY, action_id=DRAFT_ANYWAY_ACTION, value="draft")],
        ),
    ]
    return SlackMessage(text=texts.PM_CONFIRM_DRAFT, blocks=[b.to_dict() for b in blocks])
