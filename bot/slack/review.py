"""The postmortem review in Slack: the draft thread, reactions, buttons, the Edit modal, replies, the final upload.

Listeners ack, translate the payload, call ``ReviewService`` (bot.core.review) and render what
changed with ``chat.update`` on the same messages. Review replies are handled here *instead of*
being ingested as incident messages (see bot.core.review for why); ``pinned_item`` notices are
skipped too, since the pin itself arrives as ``pin_added`` and marks a key moment.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk.errors import SlackApiError

from bot.core.review import DraftOutcome, Outcome, ReviewService, Verdict
from bot.core.review_content import blame_warnings, section_text
from bot.domain import SECTIONS, Postmortem, RawMessage, Review, Sitrep
from bot.errors import SitrepError
from bot.redaction import describe
from bot.redaction.result import Finding
from bot.slack import texts
from bot.slack.acks import FrontAcks
from bot.slack.blocks import (
    APPROVE_ACTION,
    DRAFT_ANYWAY_ACTION,
    EDIT_ACTION,
    EDIT_CALLBACK,
    EDIT_INPUT_ACTION,
    EDIT_INPUT_BLOCK,
    EXPORT_ISSUES_ACTION,
    REQUEST_CHANGES_ACTION,
    SlackMessage,
    confirm_draft_message,
    edit_view,
    postmortem_parent,
    postmortem_section_message,
)
from bot.slack.context import SlackContext
from bot.slack.outbound import escape
from bot.slack.publish import post_messages, publish_sitrep
from bot.slack.trackers import export_issues

log = logging.getLogger(__name__)

TITLES = dict(SECTIONS)
_VERDICT_ACTIONS: dict[str, Verdict] = {APPROVE_ACTION: "approve", REQUEST_CHANGES_ACTION: "request_changes"}


def _reviews(ctx: SlackContext) -> ReviewService:
    return ctx.core.reviews


def member_name(ctx: SlackContext, user: str | None) -> str | None:
    """The name a workspace member goes by, or None for an unknown id (shared by the review threads)."""
    if not user:
        return None
    found = ctx.users.get(user)
    return found.best_name if found is not None else None


def people(ctx: SlackContext) -> list[str]:
    """Names and ids the blameless check looks for."""
    known = ctx.users.known()
    return [x for u in known.values() for x in (u.best_name, u.name, u.id) if x]


# -- rendering ---------------------------------------------------------------------------------------


def _section_message(ctx: SlackContext, channel: str, pm: Postmortem, review: Review, section_id: str) -> SlackMessage:
    section = review.section(section_id)
    text = section_text(pm, section, section_id)
    return postmortem_section_message(
        pm,
        section_id,
        text,
        ctx.links(channel),
        section=section,
        version=review.version,
        final=review.final,
        warnings=blame_warnings(text, section_id, people(ctx)),
    )


def _parent_message(ctx: SlackContext, pm: Postmortem, review: Review) -> SlackMessage:
    tracker = ctx.core.trackers.name if ctx.core.trackers is not None else None
    return postmortem_parent(pm, review, missing=_reviews(ctx).sign_off(review).missing, tracker=tracker)


def _update(ctx: SlackContext, channel: str, ts: str, message: SlackMessage) -> bool:
    """chat.update one of Sitrep's messages; False when it is gone (deleted by someone)."""
    try:
        ctx.outbox.update(channel, ts, message.text, message.blocks)
    except SlackApiError as exc:
        if exc.response.get("error") in ("message_not_found", "cant_update_message"):
            log.warning("postmortem message %s in %s is gone (%s)", ts, channel, exc.response.get("error"))
            return False
        raise
    return True


def render(ctx: SlackContext, channel: str, sections: Iterable[str], *, parent: bool) -> None:
    """Re-render ``sections`` (and the parent) from the stored state, in place.

    Runs under the channel's review lock and reads the state inside it, so when two people act
    at once the last update shown is the latest state, not whichever call finished last.
    """
    reviews = _reviews(ctx)
    with reviews.lock(channel):
        review, pm = reviews.review(channel), reviews.postmortem(channel)
        if review is None or pm is None or review.draft_ts is None:
            return
        for section_id in dict.fromkeys(sections):
            section = review.section(section_id)
            if section is not None and section.message_ts:
                _update(ctx, channel, section.message_ts, _section_message(ctx, channel, pm, review, section_id))
        if parent:
            _update(ctx, channel, review.draft_ts, _parent_message(ctx, pm, review))


def tell_user(ctx: SlackContext, channel: str, user: str | None, text: str, thread_ts: str | None = None) -> None:
    """An ephemeral note to ``user``; a Slack refusal is logged, never raised (the action already happened)."""
    if not user:
        return
    try:
        ctx.outbox.ephemeral(channel, user, text, thread_ts=thread_ts)
    except SlackApiError as exc:
        log.warning("could not tell %s in %s: %s", user, channel, exc.response.get("error"))


def _note_text(ctx: SlackContext, outcome: Outcome) -> str | None:
    title = TITLES.get(outcome.section_id or "", outcome.section_id or "")
    if outcome.note == "final":
        return texts.PM_IS_FINAL
    if outcome.note == "no_draft":
        return texts.PM_NO_DRAFT
    if outcome.note == "already_approved":
        return texts.PM_ALREADY_APPROVED.format(title=title)
    if outcome.note == "already_requested":
        return texts.PM_ALREADY_REQUESTED.format(title=title)
    if outcome.note == "changes_requested":
        return texts.PM_CHANGES_REQUESTED.format(title=title)
    if outcome.note == "ask_section":
        return texts.PM_ASK_SECTION.format(sections=", ".join(TITLES.values()))
    if outcome.note == "revised":
        return texts.PM_REVISED.format(title=title)
    if outcome.note == "edited":
        return texts.PM_EDITED.format(title=title)
    if outcome.note == "unchanged" and outcome.changed:
        where = ", ".join(TITLES[s] for s in outcome.changed)
        return texts.PM_RECORDED_ELSEWHERE.format(title=title, where=where)
    if outcome.note == "unchanged":
        return texts.PM_UNCHANGED.format(title=title)
    if outcome.note == "marked":
        return texts.PM_KEY_MOMENT
    if outcome.note == "needs_sign_off" and outcome.review is not None:
        signed = _reviews(ctx).sign_off(outcome.review)
        return texts.PM_NEEDS_SIGN_OFF.format(needed=signed.needed, have=len(signed.approvers))
    return None


def warn_secrets(ctx: SlackContext, channel: str, user: str | None, findings: Sequence[Finding]) -> None:
    """Tell whoever pasted a secret into a review text that it was redacted, and count it."""
    secrets = [describe(f.entity_type) for f in findings if f.secret]
    if secrets and user:
        ctx.metrics.secrets.inc(sum(f.count for f in findings if f.secret))
        tell_user(ctx, channel, user, texts.secret_warning(secrets))


def apply(ctx: SlackContext, channel: str, outcome: Outcome | None, user: str | None, *, tell: bool = True) -> None:
    """Render what ``outcome`` changed, tell the person, and deliver the final files if it is time."""
    if outcome is None:
        return
    warn_secrets(ctx, channel, user, outcome.findings)
    if outcome.changed or outcome.parent:
        render(ctx, channel, outcome.changed, parent=outcome.parent)
    note = _note_text(ctx, outcome) if tell else None
    review = outcome.review
    if note:
        tell_user(ctx, channel, user, note, thread_ts=review.draft_ts if review and outcome.note != "marked" else None)
    if outcome.dropped:
        dropped = texts.PM_DROPPED_CITATIONS.format(ts=", ".join(outcome.dropped))
        tell_user(ctx, channel, user, dropped, thread_ts=review.draft_ts if review else None)
    if outcome.finalize:
        finalize(ctx, channel)


# -- drafting ----------------------------------------------------------------------------------------


class SlackPublisher:
    """How ``/resolve`` and ``/draft-postmortem`` (``bot.core.resolve``) show up in Slack."""

    def __init__(self, ctx: SlackContext) -> None:
        self._ctx = ctx

    def announce_resolved(self, channel: str, user: str, at: datetime) -> None:
        self._ctx.outbox.post(channel, texts.RESOLVED.format(time=f"{at:%Y-%m-%d %H:%M}", user=f"<@{user}>"))

    def publish_sitrep(self, sitrep: Sitrep) -> None:
        publish_sitrep(self._ctx, sitrep)

    def names(self) -> Mapping[str, str]:
        return self._ctx.users.names()

    def publish_draft(self, outcome: DraftOutcome, user: str | None) -> str:
        return show_draft(self._ctx, outcome, user)

    def ask_to_confirm(self, channel: str, user: str) -> None:
        message = confirm_draft_message()
        self._ctx.outbox.ephemeral(channel, user, message.text, message.blocks)


def request_draft(ctx: SlackContext, channel: str, user: str) -> None:
    """``/draft-postmortem``: before mitigation, ask first; otherwise post or update the draft."""
    ctx.core.resolutions.request_draft(channel, user, ctx.core.clock.now(), SlackPublisher(ctx))


def publish_draft(ctx: SlackContext, channel: str, *, user: str | None = None) -> str:
    """Draft without asking and post the draft (parent + one reply per section), or update the posted one.

    Returns:
        The parent message's ts.
    """
    return ctx.core.resolutions.draft(channel, user, ctx.core.clock.now(), SlackPublisher(ctx))


def show_draft(ctx: SlackContext, outcome: DraftOutcome, user: str | None) -> str:
    """Post ``outcome``'s draft (parent + one reply per section) and record where, or update the
    posted one in place; called under the channel's review lock. Returns the parent message's ts."""
    reviews = _reviews(ctx)
    review, pm = outcome.review, outcome.postmortem
    channel = review.channel
    parent = review.draft_ts
    # When the parent was deleted, the update fails and the whole draft is posted again.
    if not outcome.new and parent is not None and _update(ctx, channel, parent, _parent_message(ctx, pm, review)):
        # A reopened final draft shows its buttons again on every section.
        for section_id in [sid for sid, _ in SECTIONS] if outcome.reopened else outcome.changed:
            section = review.section(section_id)
            if section is None or not section.message_ts:
                continue
            message = _section_message(ctx, channel, pm, review, section_id)
            if not _update(ctx, channel, section.message_ts, message):
                (ts,) = post_messages(ctx, channel, [message], thread_ts=parent)
                reviews.attach(channel, parent, {section_id: ts})
        _tell_redraft(ctx, channel, user, outcome)
        return parent
    (parent_ts,) = post_messages(ctx, channel, [_parent_message(ctx, pm, review)])
    posted: dict[str, str] = {}
    for section_id, _ in SECTIONS:
        message = _section_message(ctx, channel, pm, review, section_id)
        (posted[section_id],) = post_messages(ctx, channel, [message], thread_ts=parent_ts)
    reviews.attach(channel, parent_ts, posted)
    return parent_ts


def _tell_redraft(ctx: SlackContext, channel: str, user: str | None, outcome: DraftOutcome) -> None:
    if user is None:
        return
    listed = ", ".join(TITLES[s] for s in outcome.changed)
    if outcome.reopened:
        text = texts.PM_REOPENED.format(sections=listed)
    elif outcome.review.final:
        text = texts.PM_STILL_FINAL
    elif outcome.changed:
        text = texts.PM_UPDATED.format(sections=listed)
    else:
        text = texts.PM_UP_TO_DATE
    tell_user(ctx, channel, user, text, thread_ts=outcome.review.draft_ts)


# -- final -------------------------------------------------------------------------------------------

FILE_TITLES = {
    "postmortem.md": "Postmortem",
    "postmortem.json": "postmortem.json",
    "evidence.json": "evidence.json",
    "timeline.png": "Timeline",
}
"""The title each uploaded file gets in Slack."""


def upload_final_files(
    ctx: SlackContext,
    channel: str,
    thread_ts: str,
    *,
    comment: str,
    files: Mapping[str, str | bytes],
    titles: Mapping[str, str],
) -> tuple[str, ...]:
    """Upload a final document's files to its review thread in one call; the uploaded file ids.

    Shared by the postmortem and the external RCA, whose final step differs only in what it uploads.
    """
    response = ctx.client.files_upload_v2(
        channel=channel,
        thread_ts=thread_ts,
        initial_comment=ctx.outbox.comment(comment),
        file_uploads=[{"content": content, "filename": name, "title": titles[name]} for name, content in files.items()],
    )
    uploaded = response.get("files") or []
    return tuple(str(f.get("id")) for f in uploaded if isinstance(f, dict) and f.get("id"))


def failure_reason(exc: SlackApiError | SitrepError) -> str:
    """Slack's error code, or Sitrep's one line: what a failed final upload tells the thread."""
    return str(exc.response.get("error")) if isinstance(exc, SlackApiError) else str(exc)


def finalize(ctx: SlackContext, channel: str) -> None:
    """Upload postmortem.md, postmortem.json, evidence.json and timeline.png to the thread; mark it final.

    Called by whoever claimed finalization; on failure the claim is released and the thread says
    so (approving any section again retries).
    """
    reviews = _reviews(ctx)
    now = ctx.core.clock.now()
    review = reviews.review(channel)
    if review is None or review.draft_ts is None:
        return
    try:
        documents = reviews.documents(channel, finalized_at=now)
        pm = reviews.postmortem(channel)
        name = pm.incident.name if pm is not None else channel
        files = documents.files()
        ids = upload_final_files(
            ctx,
            channel,
            review.draft_ts,
            comment=texts.PM_FINAL_COMMENT.format(total=len(SECTIONS)),
            files=files,
            titles={filename: f"{FILE_TITLES[filename]} — {name}" for filename in files},
        )
    except (SlackApiError, SitrepError) as exc:
        reviews.abort_finalize(channel)
        reason = failure_reason(exc)
        log.warning("final postmortem upload failed in %s: %s", channel, reason)
        ctx.outbox.post(channel, texts.PM_FINAL_FAILED.format(reason=escape(reason)), thread_ts=review.draft_ts)
        return
    reviews.complete_finalize(channel, ids, now)
    render(ctx, channel, [sid for sid, _ in SECTIONS], parent=True)
    export_issues(ctx, channel)


# -- listeners ---------------------------------------------------------------------------------------


def thread_of(event: Mapping[str, Any]) -> str | None:
    """The thread a message event belongs to (new, edited or deleted message)."""
    for holder in (event, event.get("message"), event.get("previous_message")):
        if isinstance(holder, Mapping) and isinstance(holder.get("thread_ts"), str):
            return str(holder["thread_ts"])
    return None


def human_reply(ctx: SlackContext, event: Mapping[str, Any], channel: str, thread_ts: str | None) -> RawMessage | None:
    """A person's new reply in a review thread (postmortem or RCA) as a message to read; None for
    edits, deletions, Sitrep's own posts and other bots, which a review thread takes but ignores."""
    user = event.get("user")
    if event.get("subtype") is not None or not isinstance(user, str) or user in ctx.self_ids or event.get("bot_id"):
        return None
    text = event.get("text")
    return RawMessage(
        channel=channel,
        ts=str(event.get("ts")),
        text=text if isinstance(text, str) else "",
        user=user,
        user_name=member_name(ctx, user),
        thread_ts=thread_ts,
    )


def is_review_input(ctx: SlackContext, event: Mapping[str, Any]) -> bool:
    """Whether ``intercept_message`` would take this message event (it is not incident evidence)."""
    channel = event.get("channel")
    if not isinstance(channel, str):
        return False
    return event.get("subtype") == "pinned_item" or _reviews(ctx).is_review_thread(channel, thread_of(event))


def intercept_message(ctx: SlackContext, event: Mapping[str, Any]) -> bool:
    """Handle review replies (and skip pin notices) instead of ingesting them; True when handled.

    Called by the message listener for tracked channels before ingest.
    """
    channel = event.get("channel")
    if not isinstance(channel, str):
        return False
    if event.get("subtype") == "pinned_item":
        return True  # the pin itself arrives as pin_added
    thread_ts = thread_of(event)
    reviews = _reviews(ctx)
    if not reviews.is_review_thread(channel, thread_ts):
        return False
    raw = human_reply(ctx, event, channel, thread_ts)
    if raw is None:
        return True  # edits, deletions, Sitrep's own posts and other bots in the review thread
    user = str(raw.user)
    try:
        outcome = reviews.correct(raw, ctx.core.clock.now(), author=raw.user_name, people=people(ctx))
    except SitrepError as exc:
        log.warning("correction in %s failed: %s", channel, exc)
        tell_user(ctx, channel, user, texts.ERROR.format(reason=escape(str(exc))), thread_ts=thread_ts)
        return True
    apply(ctx, channel, outcome, user)
    return True


def on_reaction(ctx: SlackContext, event: Mapping[str, Any], *, added: bool) -> None:
    """reaction_added / reaction_removed: a verdict on a section, or a key moment."""
    item = event.get("item")
    user = event.get("user")
    reaction = event.get("reaction")
    if not isinstance(item, Mapping) or item.get("type") != "message" or not isinstance(user, str):
        return
    channel, ts = item.get("channel"), item.get("ts")
    if not isinstance(channel, str) or not isinstance(ts, str) or not isinstance(reaction, str):
        return
    if not ctx.core.incidents.is_tracked(channel):
        return
    outcome = _reviews(ctx).react(
        channel, ts, reaction, user, ctx.core.clock.now(), added=added, name=member_name(ctx, user)
    )
    # Reactions are quiet: only key moments (and a closed review) get a word back.
    quiet = outcome is not None and outcome.note not in ("marked", "final", "needs_sign_off")
    apply(ctx, channel, outcome, user, tell=not quiet)


def on_pin(ctx: SlackContext, event: Mapping[str, Any], *, added: bool) -> None:
    """pin_added / pin_removed: pinning a message marks it as a key moment."""
    item = event.get("item")
    channel = event.get("channel_id") or (item.get("channel") if isinstance(item, Mapping) else None)
    user = event.get("user")
    message = item.get("message") if isinstance(item, Mapping) else None
    ts = message.get("ts") if isinstance(message, Mapping) else None
    if not isinstance(channel, str) or not isinstance(ts, str) or not isinstance(user, str):
        return
    outcome = _reviews(ctx).mark(
        channel, ts, user, "pin", ctx.core.clock.now(), added=added, name=member_name(ctx, user)
    )
    apply(ctx, channel, outcome, user)


def _container(body: Mapping[str, Any]) -> tuple[str, str, str]:
    container = body.get("container") or {}
    channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id") or "")
    return channel, str(container.get("message_ts") or ""), str((body.get("user") or {}).get("id") or "")


def _section_for(ctx: SlackContext, channel: str, message_ts: str, value: str | None) -> str | None:
    """The section a button belongs to: the clicked message decides (a stale value cannot misroute)."""
    review = _reviews(ctx).review(channel)
    section = review.section_at(message_ts) if review is not None else None
    if section is not None:
        return section.id
    return value if value in TITLES else None


def on_verdict_button(ctx: SlackContext, body: Mapping[str, Any]) -> None:
    channel, message_ts, user = _container(body)
    action = (body.get("actions") or [{}])[0]
    section_id = _section_for(ctx, channel, message_ts, action.get("value"))
    verdict = _VERDICT_ACTIONS.get(str(action.get("action_id")))
    if section_id is None or verdict is None or not user:
        return
    outcome = _reviews(ctx).verdict(
        channel, section_id, user, verdict, ctx.core.clock.now(), name=member_name(ctx, user)
    )
    apply(ctx, channel, outcome, user, tell=outcome.note != "approved" and not outcome.finalize)


def on_edit_button(ctx: SlackContext, body: Mapping[str, Any]) -> None:
    channel, message_ts, user = _container(body)
    action = (body.get("actions") or [{}])[0]
    section_id = _section_for(ctx, channel, message_ts, action.get("value"))
    trigger_id = body.get("trigger_id")
    if section_id is None or not isinstance(trigger_id, str):
        return
    review = _reviews(ctx).review(channel)
    if review is None or review.final:
        tell_user(ctx, channel, user, texts.PM_IS_FINAL, thread_ts=review.draft_ts if review else None)
        return
    metadata = json.dumps({"channel": channel, "section": section_id, "message_ts": message_ts})
    text = _reviews(ctx).edit_text(channel, section_id)
    ctx.client.views_open(trigger_id=trigger_id, view=edit_view(section_id, text, metadata))


def on_edit_submit(ctx: SlackContext, ack: Ack, body: Mapping[str, Any]) -> None:
    view = body.get("view") or {}
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except json.JSONDecodeError:
        meta = {}
    channel, section_id = str(meta.get("channel") or ""), str(meta.get("section") or "")
    state = ((view.get("state") or {}).get("values") or {}).get(EDIT_INPUT_BLOCK) or {}
    value = (state.get(EDIT_INPUT_ACTION) or {}).get("value")
    if not isinstance(value, str) or not value.strip():
        ack(response_action="errors", errors={EDIT_INPUT_BLOCK: texts.PM_EDIT_EMPTY})
        return
    ack()
    user = str((body.get("user") or {}).get("id") or "")

    def save() -> None:
        outcome = _reviews(ctx).edit(
            channel, section_id, value, user, ctx.core.clock.now(), name=member_name(ctx, user), people=people(ctx)
        )
        apply(ctx, channel, outcome, user)

    after_ack(ctx, channel, user, save)


def after_ack(ctx: SlackContext, channel: str, user: str, run: Callable[[], None], *, first: bool = False) -> None:
    """Run a button's or form's work on the work queue (``bot.slack.work``), not in the thread that
    acks; when the queue is full the user is told to try again (the click was acked). ``first``:
    ahead of the waiting work (opening a modal: Slack's trigger_id lapses 3 s after the click)."""
    if not ctx.work.submit(object(), user, lambda _: run(), first=first):
        ctx.metrics.busy.inc()
        tell_user(ctx, channel, user, texts.BUSY)


def register_review(app: App, acks: FrontAcks, ctx: SlackContext) -> None:
    """Buttons, the Edit modal, pins and the draft confirmation (reactions and replies come
    through the listeners in ``bot.slack.listeners``, which call into this module). Buttons and
    the modal are acked in the request's thread (``bot.slack.acks``); their work is queued."""

    def verdict(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        channel, _, user = _container(body)
        after_ack(ctx, channel, user, lambda: on_verdict_button(ctx, body))

    def edit(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        channel, _, user = _container(body)
        after_ack(ctx, channel, user, lambda: on_edit_button(ctx, body), first=True)

    def draft_anyway(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        channel, _, user = _container(body)

        def draft() -> None:
            respond(text=texts.PM_DRAFTING, replace_original=True)
            publish_draft(ctx, channel, user=user)

        after_ack(ctx, channel, user, draft)

    def export(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        channel, _, user = _container(body)
        after_ack(ctx, channel, user, lambda: export_issues(ctx, channel, user=user or None))

    def submit(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        on_edit_submit(ctx, ack, body)

    def pin_added(event: dict[str, Any]) -> None:
        on_pin(ctx, event, added=True)

    def pin_removed(event: dict[str, Any]) -> None:
        on_pin(ctx, event, added=False)

    acks.action(APPROVE_ACTION)(verdict)
    acks.action(REQUEST_CHANGES_ACTION)(verdict)
    acks.action(EDIT_ACTION)(edit)
    acks.action(DRAFT_ANYWAY_ACTION)(draft_anyway)
    acks.action(EXPORT_ISSUES_ACTION)(export)
    acks.view(EDIT_CALLBACK)(submit)
    app.event("pin_added")(pin_added)
    app.event("pin_removed")(pin_removed)
