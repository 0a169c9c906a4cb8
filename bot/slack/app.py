"""Slack composition: a WebClient, the Bolt App, and everything listeners need, wired once."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.core.deps import CoreServices
from bot.core.ingest_worker import IngestWorker
from bot.slack import logfilter, texts
from bot.slack.acks import FrontAcks
from bot.slack.backfill import Backfiller
from bot.slack.command_process import CommandProcess
from bot.slack.commands import register_commands
from bot.slack.context import SlackContext
from bot.slack.customer import register_customer
from bot.slack.drop_catch_up import SETTLE_S as DROP_SETTLE_S
from bot.slack.drop_catch_up import DropCatchUp
from bot.slack.joiner import Joiner
from bot.slack.listeners import delivery_middleware, on_ingested, register_events
from bot.slack.metrics import SlackMetrics
from bot.slack.outbound import Outbox
from bot.slack.rate_limit import Pause, RateLimitCatchUp
from bot.slack.review import register_review
from bot.slack.users import UserDirectory
from bot.slack.work import DEFAULT_CAPACITY, DEFAULT_THREADS, WorkQueue

log = logging.getLogger(__name__)

SLACK_API = "https://slack.com/api/"
BOT_EVENTS = (
    "message.channels",
    "message.groups",
    "member_joined_channel",
    "channel_created",
    "reaction_added",
    "reaction_removed",
    "pin_added",
    "pin_removed",
)
"""The event subscriptions of manifest.yml (tests/slack/test_manifest.py keeps them equal)."""


def build_client(token: str, api_url: str | None, *, max_rate_limit_retries: int = 3) -> WebClient:
    """A WebClient that waits out Slack's 429s (Retry-After) instead of failing."""
    base = api_url or SLACK_API
    if not base.endswith("/"):
        base += "/"
    client = WebClient(token=token, base_url=base)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=max_rate_limit_retries))
    return client


@dataclass
class SlackApp:
    app: App
    ctx: SlackContext
    signing_secret: str | None = None
    """HTTP mode checks signatures itself before Bolt does (``bot/slack/http.py``); None in Socket Mode."""

    def start_tracking(self) -> list[str]:
        """Join incident channels, resume tracked ones and backfill them (run at every start)."""
        return self.ctx.joiner.scan()


def create_slack_app(
    core: CoreServices,
    client: WebClient,
    *,
    signing_secret: str | None,
    channel_pattern: re.Pattern[str],
    listener_executor: Executor | None = None,
    ingest: IngestWorker | None = None,
    work_threads: int = DEFAULT_THREADS,
    work_capacity: int = DEFAULT_CAPACITY,
    commands: CommandProcess | None = None,
    rate_limit_pause: Pause | None = None,
    drop_settle_s: float = DROP_SETTLE_S,
) -> SlackApp:
    """Build the Bolt app around ``client``; HTTP mode verifies signatures, Socket Mode needs none.

    ``listener_executor`` runs Bolt's listeners and lazy listeners (Bolt's own pool when None): the
    demo passes one that counts running listeners, to step simulated time only when the app is idle.
    ``ingest`` (started or not) takes message events off the front: they are claimed, queued and
    acked here, and redacted and stored in the worker process; members' names are sent to it too.
    ``work_threads`` / ``work_capacity``: the command and button work queue (``bot.slack.work``);
    its drainers run on ``listener_executor`` when one is given, so the demo sees that work too.
    ``commands`` (started or not): the process slash commands' work runs in; its drainers then
    only hand each job over and wait. ``rate_limit_pause``: how the backfill after Slack's
    ``app_rate_limited`` waits for the minute's end and between retries (tests step a ManualClock).
    ``drop_settle_s``: how long after the Socket Mode front's last dropped event the backfill that
    reads dropped events back runs (``bot.slack.drop_catch_up``).
    """
    logfilter.install()
    auth = client.auth_test()
    bot_user_id = str(auth["user_id"])
    self_ids = frozenset(x for x in (bot_user_id, auth.get("bot_id")) if isinstance(x, str))
    app = App(
        client=client,
        signing_secret=signing_secret or "",
        request_verification_enabled=signing_secret is not None,
        token_verification_enabled=False,
        name="sitrep",
        listener_executor=listener_executor,
    )
    workspace_url = str(auth.get("url") or "https://slack.com/")
    outbox = Outbox(client, workspace_url)

    def on_names(names: Iterable[str]) -> None:
        names = list(names)
        core.ingestor.add_member_names(names)  # the front still redacts review input (and backfills without a worker)
        if ingest is not None:
            ingest.add_names(names)

    users = UserDirectory(client, on_names=on_names)
    metrics = SlackMetrics()
    backfiller = Backfiller(client, core, users, self_ids=self_ids, ingest=ingest)

    def on_tracked(channel: str, new: bool) -> None:
        backfiller.backfill(channel)
        if new:
            outbox.post(channel, texts.TRACKING_STARTED.format(interval=core.summary_interval_minutes))

    joiner = Joiner(client, core, channel_pattern, on_tracked)
    rate_limits = RateLimitCatchUp(
        lambda since: backfiller.backfill_tracked(since=since),
        core.clock,
        pause=rate_limit_pause,
        on_backfill=lambda ok: metrics.rate_limit_backfills.labels("ok" if ok else "failed").inc(),
    )
    ctx = SlackContext(
        core=core,
        client=client,
        users=users,
        metrics=metrics,
        bot_user_id=bot_user_id,
        self_ids=self_ids,
        workspace_url=workspace_url,
        joiner=joiner,
        backfiller=backfiller,
        outbox=outbox,
        work=WorkQueue(threads=work_threads, capacity=work_capacity, executor=listener_executor),
        rate_limits=rate_limits,
        drops=DropCatchUp(lambda since: backfiller.backfill_tracked(since=since), core.clock, settle_s=drop_settle_s),
        ingest=ingest,
        commands=commands,
    )
    if ingest is not None:
        ingest.on_done = on_ingested(ctx)

    def after_outage() -> None:
        for result in backfiller.backfill_tracked():
            if result.error is not None:
                log.warning("backfill of %s after the outage failed: %s", result.channel, result.error)

    # Events Slack stopped redelivering during a store outage are read back from history.
    core.health.on_recovery(lambda: threading.Thread(target=after_outage, name="sitrep-catch-up", daemon=True).start())
    # Commands, buttons and modals are acked in the request's own thread, before anything else of ours.
    acks = FrontAcks(on_error=metrics.errors.inc)
    app.middleware(acks)
    app.middleware(delivery_middleware(ctx))
    register_events(app, ctx)
    register_commands(acks, ctx, channel_pattern.pattern)
    register_review(app, acks, ctx)
    register_customer(acks, ctx)

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> None:
        # The exception text may quote message content; its type is enough to find it in the code.
        metrics.errors.inc()
        log.error("listener failed (%s) for a %s payload", type(error).__name__, body.get("type"))

    return SlackApp(app=app, ctx=ctx, signing_secret=signing_secret)
