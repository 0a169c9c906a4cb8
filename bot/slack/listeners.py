"""Event listeners: translate Slack payloads into RawMessages and hand them to core.

Bolt runs only the first listener whose matcher passes, so the subtype listeners
(``message_changed``, ``message_deleted``) are registered before the catch-all ``message``.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any, Literal

from slack_bolt import App, BoltResponse
from slack_sdk.errors import SlackApiError

from bot.core.ingest_batch import JobDone
from bot.errors import ExportError, StoreError
from bot.redaction import describe
from bot.slack import customer, review, texts
from bot.slack.context import SlackContext
from bot.slack.publish import catch_up
from bot.slackdata.export import ExportEvent, message_events

log = logging.getLogger(__name__)


def delivery_middleware(ctx: SlackContext) -> Callable[..., Any]:
    """A global middleware: each Slack ``event_id`` is stored once, and acked only once stored.

    The event id is claimed (a lease), a message event is redacted and stored right here, before
    the ack, and only then is the claim marked done. When the store fails the claim is given back
    and the event is not acked (503), so Slack redelivers it; a retry of a stored event is acked
    and dropped. Other events (reactions, joins, review replies) are marked at once and handled by
    their listeners after the ack, as before.
    """

    def middleware(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse | None:
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if not (isinstance(event_id, str) and event_id):
            return next()
        ctx.metrics.events.inc()
        try:
            claim = ctx.core.ingestor.claim_event(event_id)
        except StoreError as exc:
            return _not_acked(ctx, event_id, exc)
        return _claimed(ctx, body, event_id, claim, next)

    return middleware


def _claimed(
    ctx: SlackContext, body: dict[str, Any], event_id: str, claim: str, next: Callable[[], BoltResponse]
) -> BoltResponse:
    """The rest of the delivery once ``event_id`` is claimed: drop a duplicate, queue or store a
    message, mark the claim done, and ack; ``next()`` for what a listener handles after the ack."""
    ingestor = ctx.core.ingestor
    try:
        if claim == "done":
            ctx.metrics.duplicates.inc()
            log.info("duplicate delivery of %s ignored", event_id)
            return BoltResponse(status=200, body="")
        if claim == "busy":
            log.info("%s is being stored by another delivery; not acked, Slack retries it", event_id)
            return BoltResponse(status=503, body="")
        event = body.get("event")
        message = event if isinstance(event, dict) and event.get("type") == "message" else None
        if message is not None and ctx.ingest is not None:
            queued = _queue(ctx, event_id, message)
            if queued in ("queued", "refused"):
                return _queued(ctx, event_id, queued == "queued")
            stored = queued == "nothing"  # review input goes on to its listener
        else:
            stored = message is not None and _store_first(ctx, event_id, message)
        ingestor.finish_event(event_id)
    except StoreError as exc:
        return _not_acked(ctx, event_id, exc)
    ctx.core.health.succeeded()
    return BoltResponse(status=200, body="") if stored else next()


def thin_path(ctx: SlackContext) -> Callable[[Sequence[dict[str, Any]], float], list[bool | None]]:
    """Socket Mode's lane for message events that only need queueing to the ingest worker, without Bolt.

    The same claim, queue and ack as ``delivery_middleware`` (dedup, back-pressure, release on a
    refusal), with the claims of a batch in one round trip. Takes ``events_api`` payloads and the
    ``time.monotonic()`` by which they must be acked (a full worker queue is waited on until then);
    returns, for each, True to ack, False to leave it unacked (Slack retries), or None for what
    needs a listener (review replies, or no worker): Bolt's path.
    """

    def handle(bodies: Sequence[dict[str, Any]], deadline: float) -> list[bool | None]:
        answers: list[bool | None] = [None] * len(bodies)
        taken = [i for i, body in enumerate(bodies) if _thin(ctx, body)]
        if taken and ctx.ingest is not None:
            ctx.ingest.wait_room(len(taken), deadline)  # a full queue may drain in time; else submit refuses
        ids = [str(bodies[i]["event_id"]) for i in taken]
        ctx.metrics.events.inc(len(ids))
        try:
            claims = ctx.core.ingestor.claim_events(ids)
        except StoreError as exc:
            for i, event_id in zip(taken, ids, strict=True):
                answers[i] = _not_acked(ctx, event_id, exc).status == 200
            return answers
        for i, event_id, claim in zip(taken, ids, claims, strict=True):
            body = bodies[i]
            response = _claimed(ctx, body, event_id, claim, functools.partial(_after_ack, ctx, body["event"]))
            answers[i] = response.status == 200
        return answers

    return handle


def _thin(ctx: SlackContext, body: dict[str, Any]) -> bool:
    """Whether the thin path takes this payload: a message event with an id, for the worker, not review input."""
    event, event_id = body.get("event"), body.get("event_id")
    if ctx.ingest is None or not isinstance(event, dict) or event.get("type") != "message":
        return False
    if not (isinstance(event_id, str) and event_id):
        return False
    channel = event.get("channel")
    try:
        return not (
            isinstance(channel, str) and ctx.core.incidents.is_tracked(channel) and _is_review_input(ctx, event)
        )
    except StoreError:
        return False  # Bolt's path answers an outage as it always has


def _after_ack(ctx: SlackContext, event: dict[str, Any]) -> BoltResponse:
    """A message that became review input between the thin path's check and its claim (a review
    thread opened just then): its listener runs after the ack, as Bolt would run it."""
    threading.Thread(target=_handle_message, args=(ctx, event), name="sitrep-review-input", daemon=True).start()
    return BoltResponse(status=200, body="")


def _is_review_input(ctx: SlackContext, event: dict[str, Any]) -> bool:
    """A reply in the postmortem review thread or the external RCA's thread: a listener's, not evidence."""
    return review.is_review_input(ctx, event) or customer.is_review_input(ctx, event)


def _queue(
    ctx: SlackContext, event_id: str, event: dict[str, Any]
) -> Literal["queued", "refused", "nothing", "review"]:
    """Hand a claimed message event to the ingest worker: ``queued``; ``refused`` when the queue is
    full or the worker down; ``nothing`` to store (untracked, only our own posts, malformed); or
    ``review`` input, which its listener handles after the ack."""
    assert ctx.ingest is not None
    channel = event.get("channel")
    if not isinstance(channel, str) or not ctx.core.incidents.is_tracked(channel):
        return "nothing"
    if _is_review_input(ctx, event):
        return "review"
    steps = _steps(ctx, channel, event)
    if not steps:
        return "nothing"
    return "queued" if ctx.ingest.submit(event_id, channel, steps) else "refused"


def _queued(ctx: SlackContext, event_id: str, queued: bool) -> BoltResponse:
    """Ack a queued event (the worker finishes its claim); a refused one is released and not acked."""
    if queued:
        ctx.core.health.succeeded()  # the claim reached the store
        return BoltResponse(status=200, body="")
    ctx.metrics.not_acked.inc()
    ctx.metrics.queue_full.inc()
    with contextlib.suppress(StoreError):  # when even this fails, the lease lapses on its own
        ctx.core.ingestor.release_event(event_id)
    log.info("%s not acked: the ingest queue is full; Slack retries it", event_id)
    return BoltResponse(status=503, body="")


def _steps(ctx: SlackContext, channel: str, event: dict[str, Any]) -> list[ExportEvent]:
    """The post/edit/delete steps of a message event, without the bot's own posts."""
    try:
        events = message_events(event, channel, ctx.users.known(), where="message event")
    except ExportError as exc:
        log.warning("malformed message event in %s: %s", channel, exc)
        return []
    return [
        item
        for item in events
        if item.kind == "delete" or (item.message is not None and item.message.user not in ctx.self_ids)
    ]


def on_ingested(ctx: SlackContext) -> Callable[[JobDone], None]:
    """What the front does once the worker stored a job: count it and warn whoever pasted a secret."""

    def done(job: JobDone) -> None:
        ctx.metrics.ingested.inc(job.ingested)
        for notice in job.notices:
            ctx.metrics.secrets.inc(notice.count)
            try:
                ctx.outbox.ephemeral(
                    notice.channel, notice.user, texts.secret_warning(list(notice.kinds)), thread_ts=notice.thread_ts
                )
            except SlackApiError as exc:
                log.warning(
                    "could not warn about a pasted credential in %s: %s", notice.channel, exc.response.get("error")
                )

    return done


def _store_first(ctx: SlackContext, event_id: str, event: dict[str, Any]) -> bool:
    """Store a message event before its ack; False when a listener handles it after the ack."""
    channel = event.get("channel")
    if not isinstance(channel, str) or not ctx.core.incidents.is_tracked(channel):
        return True  # nothing to store
    if review.is_review_input(ctx, event) or customer.is_review_input(ctx, event):
        return False  # a reply to the postmortem or RCA draft: review input, handled by the listener
    try:
        _ingest(ctx, channel, event)
    except BaseException:
        with contextlib.suppress(StoreError):  # when even this fails, the lease lapses on its own
            ctx.core.ingestor.release_event(event_id)
        raise
    return True


def _not_acked(ctx: SlackContext, event_id: str, exc: StoreError) -> BoltResponse:
    """Leave the event unacked so Slack redelivers it; say once whether the store is down."""
    ctx.metrics.not_acked.inc()
    report = ctx.core.health.check()  # logs the start of an outage once, not once per event
    if report.ok:
        log.error("%s was not stored (%s); not acked, so Slack redelivers it", event_id, exc)
    else:
        log.info("%s not acked: the store is unavailable", event_id)
    return BoltResponse(status=503, body="")


def _handle_message(ctx: SlackContext, event: dict[str, Any]) -> None:
    channel = event.get("channel")
    if not isinstance(channel, str) or not ctx.core.incidents.is_tracked(channel):
        return
    if customer.intercept_message(ctx, event):
        return  # a reply in the external RCA's thread: a punch-list resolution, not incident evidence
    if review.intercept_message(ctx, event):
        return  # a reply in the postmortem review thread: review input, not incident evidence
    _ingest(ctx, channel, event)


def _ingest(ctx: SlackContext, channel: str, event: dict[str, Any]) -> None:
    try:
        events = message_events(event, channel, ctx.users.known(), where="message event")
    except ExportError as exc:
        log.warning("malformed message event in %s: %s", channel, exc)
        return
    for item in events:
        if item.kind == "delete":
            ctx.core.ingestor.delete(channel, item.target_ts)
        elif item.message is not None:
            raw = item.message
            if raw.user in ctx.self_ids:
                continue
            outcome = ctx.core.ingestor.edit(raw) if item.kind == "edit" else ctx.core.ingestor.ingest(raw)
            ctx.metrics.ingested.inc()
            if outcome.secrets and raw.user and not raw.is_bot:
                ctx.metrics.secrets.inc(sum(f.count for f in outcome.secrets))
                _warn_poster(ctx, channel, raw.user, [describe(f.entity_type) for f in outcome.secrets], raw)


def _warn_poster(ctx: SlackContext, channel: str, user: str, kinds: list[str], raw: Any) -> None:
    try:
        ctx.outbox.ephemeral(
            channel,
            user,
            texts.secret_warning(kinds),
            thread_ts=raw.thread_ts if raw.thread_ts and raw.thread_ts != raw.ts else None,
        )
    except SlackApiError as exc:
        log.warning("could not warn about a pasted credential in %s: %s", channel, exc.response.get("error"))


def register_events(app: App, ctx: SlackContext) -> None:
    """Subscribe to message, membership and channel events."""

    def on_message(event: dict[str, Any]) -> None:
        _handle_message(ctx, event)

    app.event({"type": "message", "subtype": "message_changed"})(on_message)
    app.event({"type": "message", "subtype": "message_deleted"})(on_message)
    app.event("message")(on_message)

    @app.event("member_joined_channel")
    def on_member_joined(event: dict[str, Any]) -> None:
        channel = str(event["channel"])
        if event.get("user") != ctx.bot_user_id:
            if ctx.core.incidents.is_tracked(channel):
                catch_up(ctx, channel, str(event.get("user")))
            return
        try:
            info = ctx.client.conversations_info(channel=channel).get("channel") or {}
        except SlackApiError:
            info = {}
        ctx.joiner.track(channel, str(info.get("name") or channel))

    @app.event("channel_created")
    def on_channel_created(event: dict[str, Any]) -> None:
        channel = event.get("channel") or {}
        name = str(channel.get("name") or "")
        if channel.get("id") and ctx.joiner.matches(name):
            ctx.joiner.join(str(channel["id"]), name)

    @app.event("reaction_added")
    def on_reaction_added(event: dict[str, Any]) -> None:
        if not customer.on_reaction(ctx, event, added=True):  # RCA section verdicts first
            review.on_reaction(ctx, event, added=True)  # postmortem section verdicts and key moments

    @app.event("reaction_removed")
    def on_reaction_removed(event: dict[str, Any]) -> None:
        if not customer.on_reaction(ctx, event, added=False):
            review.on_reaction(ctx, event, added=False)
