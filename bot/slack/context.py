"""What every listener needs, built once by the Slack composition root."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from slack_sdk import WebClient

from bot.core.deps import CoreServices
from bot.core.incidents import Incidents
from bot.core.ingest_worker import IngestWorker
from bot.slack.backfill import Backfiller
from bot.slack.blocks import Permalinks
from bot.slack.command_process import CommandProcess
from bot.slack.drop_catch_up import DropCatchUp
from bot.slack.joiner import Joiner
from bot.slack.metrics import SlackMetrics
from bot.slack.outbound import Outbox
from bot.slack.rate_limit import RateLimitCatchUp
from bot.slack.users import UserDirectory
from bot.slack.work import WorkQueue


@dataclass
class SlackContext:
    core: CoreServices
    client: WebClient
    users: UserDirectory
    metrics: SlackMetrics
    bot_user_id: str
    self_ids: frozenset[str]
    workspace_url: str
    joiner: Joiner
    backfiller: Backfiller
    outbox: Outbox
    """Every post, update and ephemeral goes through it (escaping guard, no unfurls)."""
    work: WorkQueue
    """Where command and button work runs after the ack, so acks never wait behind it."""
    rate_limits: RateLimitCatchUp
    """Backfills what Slack dropped when it rate-limits events (``app_rate_limited``)."""
    drops: DropCatchUp
    """Backfills what the Socket Mode front dropped unacked, in case every redelivery was dropped too."""
    ingest: IngestWorker | None = None
    """The ingest worker message events are queued to; None: they are stored in the front (tests, demo)."""
    commands: CommandProcess | None = None
    """The command worker process slash commands' work runs in; None: on ``work``'s threads in the front."""

    def links(self, channel: str) -> Permalinks:
        """Permalinks for ``channel``; replies link into their thread (looked up per citation)."""
        return Permalinks(self.workspace_url, channel, StoredThreads(self.core.incidents, channel))


class StoredThreads(Mapping[str, str]):
    """reply ts -> thread_ts, read from the store only for the ts a rendering actually cites.

    A sitrep cites a handful of messages; reading the whole channel to find their threads made
    every post cost O(channel size).
    """

    def __init__(self, incidents: Incidents, channel: str) -> None:
        self._incidents = incidents
        self._channel = channel
        self._seen: dict[str, str | None] = {}

    def __getitem__(self, ts: str) -> str:
        if ts not in self._seen:
            self._seen[ts] = self._incidents.thread_of(self._channel, ts)
        parent = self._seen[ts]
        if parent is None:
            raise KeyError(ts)
        return parent

    def __iter__(self) -> Iterator[str]:
        """The replies looked up so far (the mapping is filled on demand)."""
        return (ts for ts, parent in self._seen.items() if parent is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)
