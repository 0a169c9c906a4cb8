"""Action items to GitHub or Jira from the review thread: after the final upload and on a button.

The export itself is core (``bot.core.tracker_export``); this module hands it the permalinks and
the people's names, and shows the result as one status message in the draft's thread, posted
once and then updated in place (its ts is kept in the ledger).
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.errors import SitrepError
from bot.slack import texts
from bot.slack.blocks import tracker_status_message
from bot.slack.context import SlackContext
from bot.slack.outbound import escape

log = logging.getLogger(__name__)


def export_issues(ctx: SlackContext, channel: str, *, user: str | None = None) -> None:
    """Create or update the issues of ``channel``'s action items and show each one's status.

    Failures of single items are in the status message; a failure of the whole run (no draft,
    Redis down) is told to ``user`` (or, after a final, in the thread) in one line.
    """
    exports = ctx.core.trackers
    review = ctx.core.reviews.review(channel)
    if exports is None or review is None or review.draft_ts is None:
        return
    try:
        report = exports.export(channel, ctx.links(channel).url, ctx.users.names())
    except SitrepError as exc:
        log.warning("action items of %s not exported: %s", channel, exc)
        text = texts.TRACKER_FAILED.format(reason=escape(str(exc)))
        if user:
            ctx.outbox.ephemeral(channel, user, text, thread_ts=review.draft_ts)
        else:
            ctx.outbox.post(channel, text, thread_ts=review.draft_ts)
        return
    message = tracker_status_message(report)
    ts = exports.status_ts(channel)
    if ts is not None:
        try:
            ctx.outbox.update(channel, ts, message.text, message.blocks)
            return
        except SlackApiError as exc:
            if exc.response.get("error") not in ("message_not_found", "cant_update_message"):
                raise
            # Someone deleted the status message: post it again below.
    ts = ctx.outbox.post(channel, message.text, message.blocks, thread_ts=review.draft_ts)
    exports.set_status_ts(channel, ts)
