"""The command worker process: its own store connection, services, engine and Slack client, then the job loop.

A module above both ``bot.services`` and ``bot.slack`` (the Slack adapter never imports the store,
and the composition root never imports the adapter): ``sitrep run`` passes ``command_worker_main``
to ``bot.slack.command_process.CommandProcess``, which starts it with ``spawn``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from multiprocessing.connection import Connection

from slack_sdk.errors import SlackApiError

from bot.clock import SystemClock
from bot.config import Settings
from bot.errors import ConfigError, SitrepError
from bot.logcap import cap_library_logs
from bot.services import build, build_redactor
from bot.slack.app import build_client, create_slack_app
from bot.slack.command_process import serve_commands
from bot.slack.commands import run_command
from bot.store import Store, connect

log = logging.getLogger(__name__)

NICE = 5
"""The child's CPU priority below the front's: on two busy cores the acks get the CPU first and the
answers (already promised by "Working on it…") come a little later."""


def command_worker_main(
    settings: Settings, redis_url: str, threads: int, inbox: Connection, outbox: Connection
) -> None:
    """Build the child's services against ``redis_url`` and a Slack app context, then serve the front's jobs.

    It ignores Ctrl-C: the front stops it once the jobs it has are done. ``redis_url`` is the
    front's store (REDIS_URL, or the embedded server the front started). The Slack token comes in
    ``settings`` (a ``SecretStr``: never printed).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError):  # a platform without nice() runs it at the front's priority
        os.nice(NICE)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("bot").setLevel(settings.log_level)
    cap_library_logs()
    try:
        _serve(settings, redis_url, threads, inbox, outbox)
    except (SitrepError, SlackApiError, OSError) as exc:
        # One line, no traceback; the front starts a new worker (ever more slowly) and, when work
        # is given up, tells whoever asked. A Slack error's text is its code, never the token.
        reason = str(exc) if isinstance(exc, SitrepError) else str(getattr(exc, "response", {}).get("error", ""))
        log.error("the command worker stopped: %s (%s)", reason or "no detail", type(exc).__name__)
        sys.exit(1)


def _serve(settings: Settings, redis_url: str, threads: int, inbox: Connection, outbox: Connection) -> None:
    if settings.slack_bot_token is None:
        raise ConfigError("SLACK_BOT_TOKEN is not set: set it to the app's xoxb- bot token")
    clock = SystemClock()
    with connect(redis_url, settings.sitrep_data_dir) as conn:
        store = Store(conn.client, clock=clock, retention_days=settings.retention_days, legal_hold=settings.legal_hold)
        # Review input is redacted in the front; spaCy loads here only if some command's work needs it.
        services = build(settings, clock=clock, store=store, redactor=build_redactor(settings, lazy=True))
        try:
            client = build_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)
            slack = create_slack_app(
                services.core(), client, signing_secret=None, channel_pattern=settings.channel_regex
            )
            ctx = slack.ctx
            serve_commands(
                lambda command, channel, requesters: run_command(ctx, command, channel, requesters),
                inbox,
                outbox,
                threads=threads,
            )
        finally:
            close = getattr(services.engine, "close", None)
            if callable(close):
                close()
            if services.trackers is not None:
                services.trackers.tracker.close()
