"""Slash commands: ack at once (help, usage and "not tracked" answers come in the ack), then do
the work from the command work queue (``bot.slack.work``) — in the command worker process
(``bot.slack.command_process``) when there is one — and post the answer in the channel.

The ack runs in the request's own thread (``bot.slack.acks``), never on Bolt's listener pool."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk.errors import SlackApiError

from bot.errors import SitrepError, StoreError
from bot.slack import customer, review, texts
from bot.slack.acks import FrontAcks
from bot.slack.blocks import board_messages
from bot.slack.context import SlackContext
from bot.slack.outbound import escape
from bot.slack.publish import post_messages, publish_sitrep

log = logging.getLogger(__name__)

Work = Callable[[SlackContext, str, str], None]

SHARED = frozenset({"/summary", "/hypotheses"})
"""Commands whose answer is the same for everyone in the channel: identical pending requests are
done once (the answer is posted in the channel); the others are per user (who resolved, who asked)."""


def post_sitrep(ctx: SlackContext, channel: str) -> None:
    ctx.core.sitreps.post(channel, ctx.core.clock.now(), lambda sitrep: publish_sitrep(ctx, sitrep))


def _summary(ctx: SlackContext, channel: str, user: str) -> None:
    del user
    post_sitrep(ctx, channel)


def _hypotheses(ctx: SlackContext, channel: str, user: str) -> None:
    del user
    _, board = ctx.core.incidents.refresh(channel)
    post_messages(ctx, channel, board_messages(board, ctx.links(channel)))


def post_postmortem(ctx: SlackContext, channel: str, user: str | None = None) -> str:
    """Post the draft as a parent message with one thread reply per section, or update the one
    already posted (keeping approvals of sections whose facts did not change); returns the parent ts."""
    return review.publish_draft(ctx, channel, user=user)


def _draft(ctx: SlackContext, channel: str, user: str) -> None:
    review.request_draft(ctx, channel, user)


def _resolve(ctx: SlackContext, channel: str, user: str) -> None:
    """Record the resolution, post the final sitrep, then the postmortem draft (``bot.core.resolve``)."""
    now = ctx.core.clock.now()
    name = ctx.users.get(user)
    by = name.best_name if name else user
    ctx.core.resolutions.resolve(channel, user, now, review.SlackPublisher(ctx), by=by)


WORK: dict[str, Work] = {
    "/summary": _summary,
    "/hypotheses": _hypotheses,
    "/draft-postmortem": _draft,
    "/resolve": _resolve,
    "/draft-update": customer.draft_update,
    "/draft-rca": customer.draft_rca,
}


def immediate_answer(ctx: SlackContext, command: str, args: str, channel: str, pattern: str) -> str | None:
    """The ack text when the command is answered at once (help, usage, untracked); None to work."""
    words = args.strip().lower()
    if words in ("help", "-h", "--help", "?"):
        return texts.help_text(command)
    if words:
        return texts.UNKNOWN_ARGS.format(args=escape(args.strip()[:100]), command=command)
    # Fresh, not the ingest path's cached answer: this read is also how the ack finds the store down.
    if not ctx.core.incidents.is_tracked(channel, fresh=True):
        return texts.not_tracked(pattern)
    return None


def register_commands(acks: FrontAcks, ctx: SlackContext, pattern: str) -> None:
    for command, work in WORK.items():
        _register(acks, ctx, command, work, pattern)


def _register(acks: FrontAcks, ctx: SlackContext, command: str, work: Work, pattern: str) -> None:
    def ack_now(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        del respond  # the answer is the ack, or a post in the channel
        ctx.metrics.commands.labels(command=command).inc()
        answer: str | None = None
        channel, user = str(body.get("channel_id")), str(body.get("user_id"))
        problem = ctx.core.health.problem
        if problem is None:
            try:
                answer = immediate_answer(ctx, command, str(body.get("text") or ""), channel, pattern)
            except StoreError as exc:
                ctx.core.health.check()  # records the outage, so the next command answers at once
                problem = str(exc)
        if problem is not None:
            # Acked at once with what is wrong: Slack's generic timeout would tell the user nothing.
            ctx.metrics.errors.inc()
            ack(text=texts.store_down(problem))
            return
        if answer is not None:
            ack(text=answer)
            return
        key = (command, channel) if command in SHARED else (command, channel, user)
        if not ctx.work.submit(key, user, lambda requesters: do_work(channel, requesters)):
            ctx.metrics.busy.inc()
            ack(text=texts.BUSY)
            return
        ack(text=texts.WORKING)

    def do_work(channel: str, requesters: list[str]) -> None:
        if ctx.commands is None:
            run_command(ctx, command, channel, requesters)
            return
        outcome = ctx.commands.run(command, channel, requesters)
        if outcome == "done":
            return
        ctx.metrics.errors.inc()  # the child's own counters are not the ones /metrics serves
        if outcome == "lost":
            tell_all(ctx, command, channel, requesters, texts.COMMAND_LOST.format(command=command))

    acks.command(command)(ack_now)


def run_command(ctx: SlackContext, command: str, channel: str, requesters: list[str]) -> bool:
    """Do ``command``'s work in ``channel`` once for ``requesters`` (in the front's work queue, or in
    the command worker process); False when it failed and the requesters were told why."""
    try:
        if ctx.core.health.problem is not None:
            return False  # the ack said the store is down
        WORK[command](ctx, channel, requesters[0])
        return True
    except (SitrepError, SlackApiError) as exc:
        ctx.metrics.errors.inc()
        reason = str(exc) if isinstance(exc, SitrepError) else str(exc.response.get("error"))
        log.warning("%s failed in %s: %s", command, channel, reason)
        shown = escape(reason)
        text = texts.store_down(shown) if isinstance(exc, StoreError) else texts.ERROR.format(reason=shown)
        tell_all(ctx, command, channel, requesters, text)
        return False


def tell_all(ctx: SlackContext, command: str, channel: str, requesters: list[str], text: str) -> None:
    """``text`` to each requester once, as an ephemeral message in ``channel``."""
    for user in dict.fromkeys(requesters):
        try:
            ctx.outbox.ephemeral(channel, user, text)
        except SlackApiError:
            log.warning("could not report the failure of %s to %s", command, user)
