"""``/draft-update`` and ``/draft-rca`` in Slack: the ephemeral update draft and the RCA review thread.

Both only draft. A status update reaches the channel when the person it was drafted for presses
*Post* (Sitrep posts it there and records it as a comms event); an RCA is uploaded to its own
thread as files when it is final. Nothing goes to a status page, an email or a customer.

The RCA thread behaves like the postmortem's (bot.slack.review): reactions and buttons are
verdicts, replies in the thread are review input (punch-list resolutions), never incident
evidence. The listeners here run before the postmortem's, for the RCA's own messages only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk.errors import SlackApiError

from bot.core.rca import RcaService
from bot.core.review import Outcome, Verdict
from bot.core.status_updates import StatusUpdates, UpdateTakenError
from bot.domain import RCA_SECTIONS, StatusUpdate
from bot.errors import SitrepError, UserFacingError
from bot.slack import texts
from bot.slack.acks import FrontAcks
from bot.slack.context import SlackContext
from bot.slack.customer_blocks import (
    EDIT_BLOCK,
    EDIT_INPUT,
    RCA_APPROVE_ACTION,
    RCA_EDIT_ACTION,
    RCA_EDIT_CALLBACK,
    RCA_REQUEST_CHANGES_ACTION,
    UPDATE_DISCARD_ACTION,
    UPDATE_EDIT_ACTION,
    UPDATE_EDIT_CALLBACK,
    UPDATE_POST_ACTION,
    rca_edit_view,
    rca_parent,
    rca_section_message,
    update_draft_message,
    update_edit_view,
    update_posted_message,
)
from bot.slack.outbound import escape
from bot.slack.review import (
    after_ack,
    failure_reason,
    human_reply,
    member_name,
    people,
    tell_user,
    thread_of,
    upload_final_files,
    warn_secrets,
)

log = logging.getLogger(__name__)

FILE_TITLES = {"rca.md": "External RCA", "rca.json": "rca.json", "rca.html": "External RCA (HTML)"}
_VERDICTS: dict[str, Verdict] = {RCA_APPROVE_ACTION: "approve", RCA_REQUEST_CHANGES_ACTION: "request_changes"}


def _updates(ctx: SlackContext) -> StatusUpdates:
    if ctx.core.updates is None:
        raise UserFacingError("status-update drafts are not available in this Sitrep")
    return ctx.core.updates


def _rcas(ctx: SlackContext) -> RcaService | None:
    return ctx.core.rcas


def _container(body: Mapping[str, Any]) -> tuple[str, str, str]:
    container = body.get("container") or {}
    channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id") or "")
    return channel, str(container.get("message_ts") or ""), str((body.get("user") or {}).get("id") or "")


def _action_value(body: Mapping[str, Any]) -> tuple[str, str]:
    action = (body.get("actions") or [{}])[0]
    return str(action.get("action_id") or ""), str(action.get("value") or "")


# -- /draft-update ---------------------------------------------------------------------------------------


def draft_update(ctx: SlackContext, channel: str, user: str) -> None:
    """Draft a status update and show it to ``user`` alone, with Post / Edit / Discard."""
    update = _updates(ctx).draft(channel, user, ctx.core.clock.now(), people=people(ctx))
    message = update_draft_message(update)
    ctx.outbox.ephemeral(channel, user, message.text, message.blocks)


def on_update_post(ctx: SlackContext, body: Mapping[str, Any], respond: Respond) -> None:
    """Post the draft to the channel once: a second click (a double click, a retried interaction) is
    told in one ephemeral line who posted it, and the draft's "Posted" note stays as it is."""
    channel, _, user = _container(body)
    _, update_id = _action_value(body)

    def publish(update: StatusUpdate) -> str:
        message = update_posted_message(update, user)
        return ctx.outbox.post(channel, message.text, message.blocks)

    try:
        _updates(ctx).post(channel, update_id, user, publish, name=member_name(ctx, user), now=ctx.core.clock.now())
    except UpdateTakenError as exc:
        respond(text=_taken(ctx, channel, exc))  # a new ephemeral line: the original shows the other click's outcome
        return
    except SitrepError as exc:
        respond(text=texts.ERROR.format(reason=escape(str(exc))), replace_original=True)
        return
    except SlackApiError as exc:  # the claim was given back: pressing Post again retries
        respond(text=texts.UPDATE_POST_FAILED.format(reason=escape(failure_reason(exc))))
        return
    respond(text=texts.UPDATE_POSTED, replace_original=True)


def _taken(ctx: SlackContext, channel: str, exc: UpdateTakenError) -> str:
    """One line: who posted it (with a link to the message when its ts is known), or who is posting it."""
    by = f"<@{exc.by}>" if exc.by else texts.SOMEONE
    if exc.interrupted:
        return texts.UPDATE_MAYBE_POSTED.format(user=by)
    if not exc.posted:
        return texts.UPDATE_BEING_POSTED.format(user=by)
    link = texts.UPDATE_ALREADY_POSTED_LINK.format(url=ctx.links(channel).url(exc.ts)) if exc.ts else ""
    return texts.UPDATE_ALREADY_POSTED.format(user=by, link=link)


def on_update_discard(ctx: SlackContext, body: Mapping[str, Any], respond: Respond) -> None:
    channel, _, user = _container(body)
    _, update_id = _action_value(body)
    try:
        _updates(ctx).discard(channel, update_id, user)
    except UpdateTakenError as exc:
        respond(text=_taken(ctx, channel, exc))
        return
    except SitrepError as exc:
        respond(text=texts.ERROR.format(reason=escape(str(exc))), replace_original=True)
        return
    respond(text=texts.UPDATE_DISCARDED, replace_original=True)


def on_update_edit(ctx: SlackContext, body: Mapping[str, Any]) -> None:
    channel, _, user = _container(body)
    _, update_id = _action_value(body)
    trigger_id = body.get("trigger_id")
    if not isinstance(trigger_id, str):
        return
    try:
        update = _updates(ctx).get(channel, update_id)
    except SitrepError as exc:
        tell_user(ctx, channel, user, texts.ERROR.format(reason=escape(str(exc))))
        return
    metadata = json.dumps({"channel": channel, "update": update_id})
    ctx.client.views_open(trigger_id=trigger_id, view=update_edit_view(update, metadata))


def _submitted(body: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    view = body.get("view") or {}
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except json.JSONDecodeError:
        meta = {}
    values = ((view.get("state") or {}).get("values") or {}).get(EDIT_BLOCK) or {}
    value = (values.get(EDIT_INPUT) or {}).get("value")
    return (meta if isinstance(meta, dict) else {}), (value if isinstance(value, str) and value.strip() else None)


def on_update_edit_submit(ctx: SlackContext, ack: Ack, body: Mapping[str, Any]) -> None:
    meta, value = _submitted(body)
    if value is None:
        ack(response_action="errors", errors={EDIT_BLOCK: texts.UPDATE_EDIT_EMPTY})
        return
    ack()
    channel, update_id = str(meta.get("channel") or ""), str(meta.get("update") or "")
    user = str((body.get("user") or {}).get("id") or "")

    def save() -> None:
        try:
            update, findings, flags = _updates(ctx).edit(channel, update_id, value, user, people=people(ctx))
        except SitrepError as exc:
            tell_user(ctx, channel, user, texts.ERROR.format(reason=escape(str(exc))))
            return
        warn_secrets(ctx, channel, user, findings)
        message = update_draft_message(update, flags)
        ctx.outbox.ephemeral(channel, user, message.text, message.blocks)

    after_ack(ctx, channel, user, save)


# -- /draft-rca ------------------------------------------------------------------------------------------


def _update(ctx: SlackContext, channel: str, ts: str, text: str, blocks: list[dict[str, Any]]) -> bool:
    try:
        ctx.outbox.update(channel, ts, text, blocks)
    except SlackApiError as exc:
        if exc.response.get("error") in ("message_not_found", "cant_update_message"):
            return False
        raise
    return True


def render_rca(ctx: SlackContext, channel: str, sections: Iterable[str], *, parent: bool) -> None:
    """Re-render RCA sections (and the parent) from the stored state, under the channel's RCA lock."""
    rcas = _rcas(ctx)
    if rcas is None:
        return
    with rcas.lock(channel):
        rca, review = rcas.rca(channel), rcas.review(channel)
        if rca is None or review is None or review.draft_ts is None:
            return
        for section_id in dict.fromkeys(sections):
            section = review.section(section_id)
            if section is not None and section.message_ts:
                message = rca_section_message(rca, section_id, review)
                _update(ctx, channel, section.message_ts, message.text, message.blocks)
        if parent:
            message = rca_parent(rca, review, missing=rcas.sign_off(review).missing)
            _update(ctx, channel, review.draft_ts, message.text, message.blocks)


def draft_rca(ctx: SlackContext, channel: str, user: str) -> None:
    """Draft (or redraft) the RCA and post it as a thread, one reply per section."""
    rcas = _rcas(ctx)
    if rcas is None:
        raise UserFacingError("external RCA drafts are not available in this Sitrep")
    with rcas.lock(channel):
        outcome = rcas.draft(channel, ctx.core.clock.now(), names=ctx.users.names())
        rca, review = outcome.rca, outcome.review
        if outcome.final:
            tell_user(ctx, channel, user, texts.RCA_STILL_FINAL, thread_ts=review.draft_ts)
            return
        parent = rca_parent(rca, review, missing=rcas.sign_off(review).missing)
        if not outcome.new and review.draft_ts and _update(ctx, channel, review.draft_ts, parent.text, parent.blocks):
            render_rca(ctx, channel, outcome.changed, parent=False)
            listed = ", ".join(dict(rca.titles)[s] for s in outcome.changed)
            text = texts.RCA_UPDATED.format(sections=listed) if outcome.changed else texts.RCA_UP_TO_DATE
            tell_user(ctx, channel, user, text, thread_ts=review.draft_ts)
            return
        parent_ts = ctx.outbox.post(channel, parent.text, parent.blocks)
        posted: dict[str, str] = {}
        for section_id, _ in RCA_SECTIONS:
            message = rca_section_message(rca, section_id, review)
            posted[section_id] = ctx.outbox.post(channel, message.text, message.blocks, thread_ts=parent_ts)
        rcas.attach(channel, parent_ts, posted)


def _note(ctx: SlackContext, channel: str, outcome: Outcome) -> str | None:
    rcas = _rcas(ctx)
    rca = rcas.rca(channel) if rcas is not None else None
    open_ids = ", ".join(s.id for s in rca.open_items) if rca is not None else ""
    if outcome.note == "final":
        return texts.RCA_IS_FINAL
    if outcome.note == "no_draft":
        return texts.RCA_NO_DRAFT
    if outcome.note == "ask_item":
        return texts.RCA_ASK_ITEM.format(open=open_ids or "none")
    if outcome.note == "unknown_item":
        return texts.RCA_UNKNOWN_ITEM.format(open=open_ids or "none")
    if outcome.note == "punch_list_open":
        return texts.RCA_PUNCH_LIST_OPEN.format(open=len(rca.open_items) if rca is not None else 0)
    if outcome.note == "needs_sign_off" and outcome.review is not None and rcas is not None:
        signed = rcas.sign_off(outcome.review)
        return texts.PM_NEEDS_SIGN_OFF.format(needed=signed.needed, have=len(signed.approvers))
    if outcome.note == "item_resolved" and rca is not None and not outcome.finalize:
        return texts.RCA_ITEM_RESOLVED.format(open=len(rca.open_items))
    return None


def apply(ctx: SlackContext, channel: str, outcome: Outcome | None, user: str | None, *, tell: bool = True) -> None:
    if outcome is None:
        return
    warn_secrets(ctx, channel, user, outcome.findings)
    if outcome.changed or outcome.parent:
        render_rca(ctx, channel, outcome.changed, parent=outcome.parent)
    note = _note(ctx, channel, outcome) if tell else None
    if note:
        tell_user(ctx, channel, user, note, thread_ts=outcome.review.draft_ts if outcome.review else None)
    if outcome.finalize:
        finalize_rca(ctx, channel)


def finalize_rca(ctx: SlackContext, channel: str) -> None:
    """Upload rca.md, rca.json and rca.html to the thread and mark the RCA final (claim released on failure)."""
    rcas = _rcas(ctx)
    if rcas is None:
        return
    now = ctx.core.clock.now()
    review, rca = rcas.review(channel), rcas.rca(channel)
    if review is None or rca is None or review.draft_ts is None:
        return
    try:
        documents = rcas.documents(channel, finalized_at=now)
        files = documents.files()
        ids = upload_final_files(
            ctx,
            channel,
            review.draft_ts,
            comment=texts.RCA_FINAL_COMMENT.format(total=len(rca.titles)),
            files=files,
            titles={name: f"{FILE_TITLES[name]} — {rca.incident_name}" for name in files},
        )
    except (SlackApiError, SitrepError) as exc:
        rcas.abort_finalize(channel)
        reason = failure_reason(exc)
        log.warning("final RCA upload failed in %s: %s", channel, reason)
        ctx.outbox.post(channel, texts.RCA_FINAL_FAILED.format(reason=escape(reason)), thread_ts=review.draft_ts)
        return
    rcas.complete_finalize(channel, ids, now)
    render_rca(ctx, channel, [sid for sid, _ in RCA_SECTIONS], parent=True)


def on_reaction(ctx: SlackContext, event: Mapping[str, Any], *, added: bool) -> bool:
    """A reaction on an RCA section message is a verdict; True when it was one (handled here)."""
    rcas = _rcas(ctx)
    item = event.get("item")
    user, reaction = event.get("user"), event.get("reaction")
    if rcas is None or not isinstance(item, Mapping) or not isinstance(user, str) or not isinstance(reaction, str):
        return False
    channel, ts = item.get("channel"), item.get("ts")
    if not isinstance(channel, str) or not isinstance(ts, str) or not rcas.is_section_message(channel, ts):
        return False
    outcome = rcas.react(channel, ts, reaction, user, ctx.core.clock.now(), added=added, name=member_name(ctx, user))
    quiet = outcome is not None and outcome.note not in ("final", "needs_sign_off", "punch_list_open")
    apply(ctx, channel, outcome, user, tell=not quiet)
    return True


def is_review_input(ctx: SlackContext, event: Mapping[str, Any]) -> bool:
    """Whether ``intercept_message`` would take this message event (a reply in the RCA thread)."""
    rcas = _rcas(ctx)
    channel = event.get("channel")
    return rcas is not None and isinstance(channel, str) and rcas.is_thread(channel, thread_of(event))


def intercept_message(ctx: SlackContext, event: Mapping[str, Any]) -> bool:
    """Replies in the RCA thread resolve punch-list items; they are never incident evidence."""
    rcas = _rcas(ctx)
    channel = event.get("channel")
    if rcas is None or not isinstance(channel, str):
        return False
    thread_ts = thread_of(event)
    if not rcas.is_thread(channel, thread_ts):
        return False
    raw = human_reply(ctx, event, channel, thread_ts)
    if raw is None:
        return True
    user = str(raw.user)
    try:
        outcome = rcas.correct(raw, ctx.core.clock.now(), author=raw.user_name, people=people(ctx))
    except SitrepError as exc:
        tell_user(ctx, channel, user, texts.ERROR.format(reason=escape(str(exc))), thread_ts=thread_ts)
        return True
    apply(ctx, channel, outcome, user)
    if outcome is not None and outcome.note == "item_resolved":
        _tell_if_still_open(ctx, channel, user, raw.text, thread_ts)
    return True


def _tell_if_still_open(ctx: SlackContext, channel: str, user: str, text: str, thread_ts: str | None) -> None:
    rcas = _rcas(ctx)
    rca = rcas.rca(channel) if rcas is not None else None
    if rca is None:
        return
    sid = text.strip().split(":", 1)[0].split()[0].strip("*").upper() if text.strip() else ""
    item = rca.statement(sid)
    if item is not None and item.is_open and item.resolved_by:
        tell_user(ctx, channel, user, texts.RCA_ITEM_STILL_OPEN.format(flags=escape("; ".join(item.flags))), thread_ts)


def on_verdict_button(ctx: SlackContext, body: Mapping[str, Any]) -> None:
    rcas = _rcas(ctx)
    channel, message_ts, user = _container(body)
    action_id, value = _action_value(body)
    if rcas is None or not user:
        return
    section_id = rcas.section_of(channel, message_ts) or (value if value in dict(RCA_SECTIONS) else None)
    verdict = _VERDICTS.get(action_id)
    if section_id is None or verdict is None:
        return
    outcome = rcas.verdict(channel, section_id, user, verdict, ctx.core.clock.now(), name=member_name(ctx, user))
    apply(ctx, channel, outcome, user, tell=outcome.note != "approved" and not outcome.finalize)


def on_edit_button(ctx: SlackContext, body: Mapping[str, Any]) -> None:
    rcas = _rcas(ctx)
    channel, message_ts, user = _container(body)
    _, value = _action_value(body)
    trigger_id = body.get("trigger_id")
    if rcas is None or not isinstance(trigger_id, str):
        return
    section_id = rcas.section_of(channel, message_ts) or value
    rca, review = rcas.rca(channel), rcas.review(channel)
    if rca is None or review is None or section_id not in dict(RCA_SECTIONS):
        return
    if review.final:
        tell_user(ctx, channel, user, texts.RCA_IS_FINAL, thread_ts=review.draft_ts)
        return
    metadata = json.dumps({"channel": channel, "section": section_id})
    ctx.client.views_open(trigger_id=trigger_id, view=rca_edit_view(rca, section_id, metadata))


def on_edit_submit(ctx: SlackContext, ack: Ack, body: Mapping[str, Any]) -> None:
    meta, value = _submitted(body)
    if value is None:
        ack(response_action="errors", errors={EDIT_BLOCK: texts.PM_EDIT_EMPTY})
        return
    ack()
    rcas = _rcas(ctx)
    if rcas is None:
        return
    channel, section_id = str(meta.get("channel") or ""), str(meta.get("section") or "")
    user = str((body.get("user") or {}).get("id") or "")

    def save() -> None:
        outcome = rcas.edit(
            channel, section_id, value, user, ctx.core.clock.now(), name=member_name(ctx, user), people=people(ctx)
        )
        apply(ctx, channel, outcome, user, tell=False)

    after_ack(ctx, channel, user, save)


def register_customer(acks: FrontAcks, ctx: SlackContext) -> None:
    """Buttons and modals of the update draft and the RCA thread (reactions and replies come through
    the listeners in ``bot.slack.listeners``). Each is acked in the request's thread
    (``bot.slack.acks``) and its work runs on the work queue (``bot.slack.work``), never before the ack."""

    def post(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        channel, _, user = _container(body)
        after_ack(ctx, channel, user, lambda: on_update_post(ctx, body, respond))

    def discard(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        channel, _, user = _container(body)
        after_ack(ctx, channel, user, lambda: on_update_discard(ctx, body, respond))

    def edit_update(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        channel, _, user = _container(body)
        after_ack(ctx, channel, user, lambda: on_update_edit(ctx, body), first=True)

    def submit_update(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        on_update_edit_submit(ctx, ack, body)

    def verdict(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        channel, _, user = _container(body)
        after_ack(ctx, channel, user, lambda: on_verdict_button(ctx, body))

    def edit_rca(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        channel, _, user = _container(body)
        after_ack(ctx, channel, user, lambda: on_edit_button(ctx, body), first=True)

    def submit_rca(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        on_edit_submit(ctx, ack, body)

    acks.action(UPDATE_POST_ACTION)(post)
    acks.action(UPDATE_DISCARD_ACTION)(discard)
    acks.action(UPDATE_EDIT_ACTION)(edit_update)
    acks.view(UPDATE_EDIT_CALLBACK)(submit_update)
    acks.action(RCA_APPROVE_ACTION)(verdict)
    acks.action(RCA_REQUEST_CHANGES_ACTION)(verdict)
    acks.action(RCA_EDIT_ACTION)(edit_rca)
    acks.view(RCA_EDIT_CALLBACK)(submit_rca)
