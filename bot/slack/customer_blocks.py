"""Block Kit for the customer-facing drafts: the status-update draft and the external RCA thread."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.domain import Rca, Review, SectionReview, StatusUpdate
from bot.render.rca import item_line, section_markdown
from bot.slack import texts
from bot.slack.blocks import EDIT_MAX_CHARS, MAX_FALLBACK_CHARS, MAX_HEADER_CHARS, MAX_SECTION_CHARS, SlackMessage
from bot.slack.outbound import escape

UPDATE_POST_ACTION = "update_post"
UPDATE_EDIT_ACTION = "update_edit"
UPDATE_DISCARD_ACTION = "update_discard"
UPDATE_EDIT_CALLBACK = "update_edit_submit"
RCA_APPROVE_ACTION = "rca_approve"
RCA_REQUEST_CHANGES_ACTION = "rca_request_changes"
RCA_EDIT_ACTION = "rca_edit"
RCA_EDIT_CALLBACK = "rca_edit_submit"
EDIT_BLOCK = "body"
EDIT_INPUT = "text"
MAX_PUNCH_LINES = 25


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text[:MAX_SECTION_CHARS]))


def _mrkdwn(markdown: str) -> str:
    """The renderer's Markdown as Slack mrkdwn: escaped, bullets as •, **bold** as *bold*."""
    lines = []
    for line in markdown.splitlines():
        shown = escape(line)
        if shown.startswith("- "):
            shown = "• " + shown[2:]
        lines.append(shown.replace("**", "*"))
    return "\n".join(lines)


# -- status updates -----------------------------------------------------------------------------------


def update_draft_message(update: StatusUpdate, flags: list[str] | None = None) -> SlackMessage:
    """The ephemeral draft: the update as it would be posted, what the checks removed, three buttons."""
    notes = [texts.UPDATE_DRAFT_NOTE]
    if update.removed:
        notes.append(texts.UPDATE_REMOVED.format(what=", ".join(k.replace("_", " ") for k in update.removed)))
    if flags:
        notes.append(texts.UPDATE_FLAGS.format(flags=escape("; ".join(flags))))
    blocks: list[Block] = [
        _section(escape(update.text)),
        ContextBlock(elements=[MarkdownTextObject(text=n[:MAX_SECTION_CHARS]) for n in notes]),
        ActionsBlock(
            block_id=f"update:{update.id}",
            elements=[
                ButtonElement(text=texts.UPDATE_POST, action_id=UPDATE_POST_ACTION, value=update.id, style="primary"),
                ButtonElement(text=texts.UPDATE_EDIT, action_id=UPDATE_EDIT_ACTION, value=update.id),
                ButtonElement(text=texts.UPDATE_DISCARD, action_id=UPDATE_DISCARD_ACTION, value=update.id),
            ],
        ),
    ]
    return SlackMessage(
        text=f"Draft status update: {escape(update.text)}"[:MAX_FALLBACK_CHARS], blocks=[b.to_dict() for b in blocks]
    )


def update_posted_message(update: StatusUpdate, user: str) -> SlackMessage:
    """The update as posted in the channel, with who approved it."""
    header = texts.UPDATE_POSTED_HEADER.format(phase=update.phase)
    footer = texts.UPDATE_POSTED_FOOTER.format(user=f"<@{user}>")
    body = f"{header}\n{escape(update.text)}"
    blocks: list[Block] = [_section(body), ContextBlock(elements=[MarkdownTextObject(text=footer)])]
    return SlackMessage(
        text=f"Status update — {update.phase}: {escape(update.text)}"[:MAX_FALLBACK_CHARS],
        blocks=[b.to_dict() for b in blocks],
    )


def _edit_view(callback: str, title: str, label: str, text: str, *, metadata: str, hint: str | None) -> dict[str, Any]:
    view = View(
        type="modal",
        callback_id=callback,
        title=title,
        submit=texts.UPDATE_EDIT_SAVE,
        close=texts.PM_EDIT_CLOSE,
        private_metadata=metadata,
        blocks=[
            InputBlock(
                block_id=EDIT_BLOCK,
                label=label[:MAX_HEADER_CHARS],
                element=PlainTextInputElement(
                    action_id=EDIT_INPUT, multiline=True, initial_value=text[:EDIT_MAX_CHARS], max_length=EDIT_MAX_CHARS
                ),
                hint=hint,
            )
        ],
    )
    return view.to_dict()


def update_edit_view(update: StatusUpdate, metadata: str) -> dict[str, Any]:
    return _edit_view(
        UPDATE_EDIT_CALLBACK,
        texts.UPDATE_EDIT_TITLE,
        texts.UPDATE_EDIT_LABEL,
        update.text,
        metadata=metadata,
        hint=None,
    )


# -- external RCA ---------------------------------------------------------------------------------------


def rca_parent(rca: Rca, review: Review, *, missing: int = 0) -> SlackMessage:
    """The thread's parent: what this is (and that Sitrep never sends it), progress, the punch-list."""
    title = (texts.RCA_FINAL if review.final else texts.RCA_PARENT).format(name=rca.incident_name)
    lines = [texts.RCA_NOT_SENT]
    if not rca.from_final:
        lines.append(texts.RCA_FROM_DRAFT)
    progress = texts.RCA_PROGRESS.format(
        approved=review.approved_count, total=len(rca.titles), open=len(rca.open_items)
    )
    if missing and not review.final:
        progress += f" · {missing} more approver(s) needed"
    lines.append(progress)
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=title[:MAX_HEADER_CHARS])), _section("\n".join(lines))]
    punch = [texts.RCA_PUNCH_HEADER]
    items = rca.punch_list
    punch += [f"• {_mrkdwn(item_line(s))}" for s in items[:MAX_PUNCH_LINES]] or [texts.RCA_PUNCH_EMPTY]
    if len(items) > MAX_PUNCH_LINES:
        punch.append(f"… and {len(items) - MAX_PUNCH_LINES} more (see rca.md)")
    chunk: list[str] = []
    for line in punch:
        if sum(len(x) + 1 for x in chunk) + len(line) > MAX_SECTION_CHARS - 10:
            blocks.append(_section("\n".join(chunk)))
            chunk = []
        chunk.append(line[: MAX_SECTION_CHARS - 10])
    if chunk:
        blocks.append(_section("\n".join(chunk)))
    if rca.open_items and not review.final:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=texts.RCA_PUNCH_HINT)]))
    for warning in rca.warnings[:3]:
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=f":warning: {escape(warning)}"[:MAX_SECTION_CHARS])])
        )
    return SlackMessage(text=f"{escape(title)} — {progress}"[:MAX_FALLBACK_CHARS], blocks=[b.to_dict() for b in blocks])


def _verdict_line(section: SectionReview) -> str:
    if section.status == "approved":
        who = ", ".join(f"{escape(a.who)} ({a.at:%H:%M})" for a in section.approvals)
        return f":white_check_mark: *Approved* by {who}"
    if section.status == "changes_requested":
        return ":x: *Changes requested* by " + ", ".join(escape(a.who) for a in section.changes_requested)
    return f":memo: *Draft* — {texts.RCA_SECTION_HINT}"


def rca_section_message(rca: Rca, section_id: str, review: Review) -> SlackMessage:
    """One RCA section as a thread reply: its statements (ids, open marks), verdicts, buttons."""
    title = dict(rca.titles)[section_id]
    section = review.section(section_id) or SectionReview(id=section_id)
    markdown = section_markdown(rca, section_id, final=review.final)
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=title[:MAX_HEADER_CHARS])),
        _section(_mrkdwn(markdown)),
        ContextBlock(elements=[MarkdownTextObject(text=_verdict_line(section))]),
    ]
    if not review.final:
        blocks.append(
            ActionsBlock(
                block_id=f"rca:{section_id}:{review.version}",
                elements=[
                    ButtonElement(
                        text=texts.PM_APPROVE, action_id=RCA_APPROVE_ACTION, value=section_id, style="primary"
                    ),
                    ButtonElement(
                        text=texts.PM_REQUEST_CHANGES,
                        action_id=RCA_REQUEST_CHANGES_ACTION,
                        value=section_id,
                        style="danger",
                    ),
                    ButtonElement(text=texts.PM_EDIT, action_id=RCA_EDIT_ACTION, value=section_id),
                ],
            )
        )
    fallback = f"{escape(title)} ({section.status.replace('_', ' ')}): {escape(markdown[:300])}"
    return SlackMessage(text=fallback[:MAX_FALLBACK_CHARS], blocks=[b.to_dict() for b in blocks])


def rca_edit_view(rca: Rca, section_id: str, metadata: str) -> dict[str, Any]:
    title = dict(rca.titles)[section_id]
    text = "\n".join(s.text for s in rca.section_statements(section_id))
    return _edit_view(RCA_EDIT_CALLBACK, texts.RCA_EDIT_TITLE, title, text, metadata=metadata, hint=texts.RCA_EDIT_HINT)
