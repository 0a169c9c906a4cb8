"""What every listener needs, built once by the Slack composition root."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from bot.services import Services
from bot.slack.backfill import Backfiller
from bot.slack.blocks import Permalinks
from bot.slack.joiner import Joiner
from bot.slack.metrics import SlackMetrics
from bot.slack.users import UserDirectory


@dataclass
class SlackContext:
    services: Services
    client: WebClient
    users: UserDirectory
    metrics: SlackMetrics
    bot_user_id: str
    self_ids: frozenset[str]
    workspace_url: str
    joiner: Joiner
    backfiller: Backfiller

    def links(self, channel: str) -> Permalinks:
        """Permalinks for ``channel``; replies link into their thread."""
        threads = {m.ts: m.thread_ts for m in self.services.store.messages(channel) if m.is_reply and m.thread_ts}
        return Permalinks(self.workspace_url, channel, threads)
