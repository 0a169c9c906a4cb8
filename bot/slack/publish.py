"""Posting sitreps to Slack: in the channel, or (SITREP_MODE=thread) under one pinned parent."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.domain import Sitrep
from bot.slack import texts
from bot.slack.blocks import SlackMessage, sitrep_messages
from bot.slack.context import SlackContext

log = logging.getLogger(__name__)


def post_messages(
    ctx: SlackContext, channel: str, messages: list[SlackMessage], thread_ts: str | None = None
) -> list[str]:
    return [ctx.outbox.post(channel, m.text, m.blocks, thread_ts=thread_ts) for m in messages]


def _thread_parent(ctx: SlackContext, channel: str) -> str:
    """The pinned parent of the sitrep thread, created (and pinned) on first use."""
    state = ctx.core.incidents.state(channel)
    if state.sitrep_thread_ts:
        return state.sitrep_thread_ts
    (parent,) = post_messages(ctx, channel, [SlackMessage(text=texts.SITREP_THREAD_PARENT, blocks=[])])
    try:
        ctx.client.pins_add(channel=channel, timestamp=parent)
    except SlackApiError as exc:
        log.warning("could not pin the sitrep thread in %s: %s", channel, exc.response.get("error"))
    ctx.core.incidents.set_sitrep_thread(channel, parent)
    return parent


def publish_sitrep(ctx: SlackContext, sitrep: Sitrep) -> None:
    """Post ``sitrep`` where SITREP_MODE says; Slack errors propagate so the tick retries."""
    channel = sitrep.channel
    thread = _thread_parent(ctx, channel) if ctx.core.sitrep_mode == "thread" else None
    post_messages(ctx, channel, sitrep_messages(sitrep, ctx.links(channel)), thread_ts=thread)


def catch_up(ctx: SlackContext, channel: str, user: str) -> None:
    """An ephemeral catch-up for someone who joined mid-incident: the latest sitrep plus what
    changed since, built without recording a sitrep (the channel's cadence is unchanged)."""
    if ctx.core.sitreps.is_empty(channel):
        return
    sitrep = ctx.core.sitreps.build(channel, ctx.core.clock.now())
    for message in sitrep_messages(sitrep, ctx.links(channel)):
        ctx.outbox.ephemeral(channel, user, f"{texts.CATCH_UP} {message.text}", message.blocks)
