"""``sitrep run``: connect the Slack app (Socket Mode or HTTP) and run until interrupted."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from slack_bolt.adapter.socket_mode import SocketModeHandler as BuiltinHandler
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.core.deps import CoreServices
from bot.core.health import HealthWatch
from bot.core.ingest_worker import IngestWorker
from bot.errors import ConfigError, SitrepError
from bot.scheduler import SitrepScheduler
from bot.slack.app import SlackApp, build_client, create_slack_app
from bot.slack.command_process import CommandProcess
from bot.slack.healthz import HealthServer
from bot.slack.http import HttpLimits, HttpServer
from bot.slack.listeners import thin_path
from bot.slack.publish import publish_sitrep
from bot.slack.socket_mode import ACK_BUDGET_S, SocketFrontHandler
from bot.slack.work import DEFAULT_THREADS

log = logging.getLogger(__name__)


class Wiring(Protocol):
    """What the runner is given (``bot.services.Services``): settings and the core bundle."""

    @property
    def settings(self) -> Settings: ...

    def core(self) -> CoreServices: ...

    def ingest_worker(self) -> IngestWorker: ...

    def store_url(self) -> str: ...


def connect(
    settings: Settings,
    core: CoreServices,
    ingest: IngestWorker | None = None,
    commands: CommandProcess | None = None,
) -> SlackApp:
    """Build the Slack app from settings; Slack's refusals become one clear ConfigError line."""
    if settings.slack_bot_token is None:
        raise ConfigError("SLACK_BOT_TOKEN is not set: set it to the app's xoxb- bot token")
    client = build_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    try:
        slack = create_slack_app(
            core,
            client,
            signing_secret=secret,
            channel_pattern=settings.channel_regex,
            ingest=ingest,
            commands=commands,
        )
    except SlackApiError as exc:
        error = exc.response.get("error")
        raise ConfigError(
            f"Slack refused SLACK_BOT_TOKEN ({error})", hint="check the token and that the app is installed"
        ) from None
    except OSError as exc:
        raise SitrepError(
            f"cannot reach Slack at {client.base_url} ({type(exc).__name__})",
            hint="check the network or SLACK_API_URL",
        ) from None
    return slack


_TOKEN_FIXES = {
    "invalid_auth": "the token is wrong or revoked; copy it again from the app's settings",
    "not_authed": "the token is empty; copy it again from the app's settings",
    "account_inactive": "the app was uninstalled or its workspace deleted; reinstall the app",
    "token_revoked": "the token was revoked; reinstall the app and copy the new token",
    "not_allowed_token_type": "this is the wrong kind of token",
}


def check_tokens(settings: Settings, *, socket_mode: bool) -> None:
    """Ask Slack whether the tokens work before anything is started (store, server, scheduler).

    A wrong app token used to surface only when Socket Mode connected, after the embedded store had
    started, as an unexpected SlackApiError; here every refusal is one ConfigError line with a fix.
    ``apps.connections.open`` hands out a single-use URL that expires unused, so asking is harmless.
    """
    checks = [("SLACK_BOT_TOKEN", settings.slack_bot_token, "auth.test", "an xoxb- bot token (OAuth & Permissions)")]
    if socket_mode:
        checks.append(
            (
                "SLACK_APP_TOKEN",
                settings.slack_app_token,
                "apps.connections.open",
                "an xapp- app-level token with connections:write (Basic Information > App-Level Tokens)",
            )
        )
    for variable, token, method, wanted in checks:
        if token is None:
            raise ConfigError(f"{variable} is not set: set it to {wanted}")
        client = build_client(token.get_secret_value(), settings.slack_api_url, max_rate_limit_retries=1)
        try:
            if method == "auth.test":
                client.auth_test()
            else:
                client.apps_connections_open(app_token=token.get_secret_value())
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "unknown_error")
            fix = _TOKEN_FIXES.get(error, "check the token and that the app is installed")
            raise ConfigError(f"Slack refused {variable} on {method} ({error}): {fix}; set it to {wanted}") from None
        except OSError as exc:
            raise SitrepError(
                f"cannot reach Slack at {client.base_url} ({type(exc).__name__})",
                hint="check the network or SLACK_API_URL",
            ) from None


def serve(services: Wiring, *, http_port: int | None, command_target: Callable[..., None] | None = None) -> None:
    """Track channels, then serve events until interrupted (HTTP when ``http_port`` is given).

    ``command_target``: the command worker's entry point (``bot.command_worker``, above this layer);
    with COMMAND_WORKER on, slash commands' work runs in that process, started here.
    """
    core = services.core()
    settings = services.settings
    # The workers load their own services while the front connects; work queues until they are ready.
    ingest = services.ingest_worker().start() if settings.ingest_worker else None
    commands = None
    if settings.command_worker and command_target is not None:
        commands = CommandProcess(command_target, (settings, services.store_url(), DEFAULT_THREADS)).start()
    if ingest is not None:
        core.health.watch_worker(ingest.state, stuck_after_s=settings.ingest_stuck_seconds)
    try:
        _serve(services, core, ingest, commands, http_port)
    finally:
        if commands is not None:
            commands.stop()
        if ingest is not None:
            ingest.stop()


def _serve(
    services: Wiring,
    core: CoreServices,
    ingest: IngestWorker | None,
    commands: CommandProcess | None,
    http_port: int | None,
) -> None:
    slack = connect(services.settings, core, ingest, commands)
    tracked = slack.start_tracking()
    log.warning("sitrep is tracking %d channel(s)", len(tracked))
    scheduler = SitrepScheduler(
        lambda now: core.sitreps.tick(now, lambda sitrep: publish_sitrep(slack.ctx, sitrep)), core.clock
    )
    scheduler.start()
    watch = HealthWatch(core.health).start()  # notices the store's return, which starts a backfill
    try:
        _serve_events(services.settings, slack, http_port)
    finally:
        slack.ctx.drops.close()
        slack.ctx.rate_limits.close()  # a backfill waiting for a rate-limited minute's end stops waiting
        watch.stop()
        scheduler.shutdown()


def socket_handler(
    client: str, slack: SlackApp, app_token: str, *, ack_budget_s: float = ACK_BUDGET_S
) -> BuiltinHandler | SocketFrontHandler:
    """The Socket Mode handler SOCKET_MODE_CLIENT names.

    websocket-client by default, behind Sitrep's own front (``bot.slack.socket_mode``): message
    events take a thin lane to the ingest worker, and an event that waited past the ack deadline is
    dropped unacked instead of acked late, so a burst of 5,000 no longer stalls it. slack-sdk's
    built-in client drops fragmented (continuation) frames, loses acks to a RecursionError under
    bursts of 2,000+ envelopes and takes 60 s to notice a dead connection (bench/socket_burst.py,
    the Socket Mode reference notes); it stays selectable for comparison. Commands and interactions
    run on a pool apart from events, so they never wait behind an event backlog. ``ack_budget_s``
    (SOCKET_ACK_BUDGET_SECONDS) is how long an event may wait before it is left for Slack to redeliver.
    """
    if client == "builtin":
        return BuiltinHandler(slack.app, app_token=app_token)
    return SocketFrontHandler(
        slack.app, app_token, thin=thin_path(slack.ctx), ack_budget_s=ack_budget_s, on_dropped=slack.ctx.drops.dropped
    )


def _serve_events(settings: Settings, slack: SlackApp, http_port: int | None) -> None:
    if http_port is not None:
        limits = HttpLimits(
            max_body_bytes=settings.http_max_body_bytes,
            workers=settings.http_workers,
            request_timeout_s=settings.http_request_timeout_seconds,
            metrics_token=settings.metrics_token.get_secret_value() if settings.metrics_token else None,
        )
        server = HttpServer(slack, host="0.0.0.0", port=http_port, limits=limits)  # noqa: S104 - a server must listen
        log.warning("serving Slack events on %s/slack/events", server.url)
        server.serve_forever()
        return
    if settings.slack_app_token is None:
        raise ConfigError("SLACK_APP_TOKEN is not set: set it to an xapp- app-level token")
    if settings.health_port is not None:
        health = HealthServer(slack.ctx.core.health, host="0.0.0.0", port=settings.health_port).start()  # noqa: S104
        log.warning("serving health checks on %s", health.url)
    handler = socket_handler(
        settings.socket_mode_client,
        slack,
        settings.slack_app_token.get_secret_value(),
        ack_budget_s=settings.socket_ack_budget_seconds,
    )
    try:
        handler.start()  # type: ignore[no-untyped-call]
    except SlackApiError as exc:  # check_tokens ran first; this is a token revoked in between
        error = exc.response.get("error")
        raise ConfigError(
            f"Slack refused SLACK_APP_TOKEN on apps.connections.open ({error})",
            hint="set it to an xapp- app-level token with connections:write",
        ) from None
    finally:
        handler.close()  # type: ignore[no-untyped-call]  # on SIGTERM/Ctrl-C: leave Slack cleanly
