"""Backfill: what was posted while Sitrep was away is read from history, so nothing is lost.

Runs when Sitrep starts tracking a channel, at every start, whenever the store comes back
after an outage (events Slack gave up redelivering meanwhile are read back from history), and
after Slack's ``app_rate_limited`` notice (events Slack dropped are read back from the minute it
names; ``bot.slack.rate_limit``). With
the ingest worker on, the posts it finds are redacted and stored by the worker, like live events.
History is read from a day before the last stored message (thread replies to older parents
arrive late), replies are read for every thread with activity since, and only messages not yet
stored are ingested. Slack's 429s are retried by the WebClient's RateLimitErrorRetryHandler
(installed by the composition root).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.core.deps import CoreServices
from bot.core.ingest_worker import IngestWorker
from bot.domain import RawMessage
from bot.errors import ExportError, SitrepError
from bot.slack.users import UserDirectory
from bot.slackdata.export import message_events

log = logging.getLogger(__name__)

LOOKBACK_SECONDS = 24 * 3600
PAGE = 200
INGEST_TIMEOUT_S = 120.0
"""How long a backfill waits for the ingest worker (it may still be loading spaCy at start-up)."""


@dataclass(frozen=True)
class BackfillResult:
    channel: str
    seen: int
    ingested: int
    error: str | None = None
    """Why the channel's backfill failed or is unfinished (one line, no message text); None when done."""


def _reason(exc: Exception) -> str:
    """One line for a failed backfill: Slack's error code, Sitrep's message, or the exception's type."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or f"HTTP {exc.response.status_code}")
    if isinstance(exc, SitrepError):
        return str(exc)
    return type(exc).__name__  # a connection error's text may carry the URL; its type is enough


class Backfiller:
    def __init__(
        self,
        client: WebClient,
        core: CoreServices,
        users: UserDirectory,
        *,
        self_ids: frozenset[str],
        ingest: IngestWorker | None = None,
        ingest_timeout_s: float = INGEST_TIMEOUT_S,
    ) -> None:
        """Args:
        ingest: the ingest worker: backfilled posts are redacted and stored there, like live events,
            so the front never loads the redactor for them (None: stored here).
        ingest_timeout_s: how long a backfill waits for the worker to store its posts.
        """
        self._self_ids = self_ids
        self._client = client
        self._core = core
        self._users = users
        self._ingest = ingest
        self._ingest_timeout_s = ingest_timeout_s

    def _history(self, channel: str, oldest: str) -> list[dict[str, object]]:
        messages: list[dict[str, object]] = []
        for page in self._client.conversations_history(channel=channel, oldest=oldest, limit=PAGE):
            messages += page.get("messages", []) or []
        return messages

    def _replies(self, channel: str, thread_ts: str, oldest: str) -> list[dict[str, object]]:
        replies: list[dict[str, object]] = []
        for page in self._client.conversations_replies(channel=channel, ts=thread_ts, oldest=oldest, limit=PAGE):
            replies += [m for m in page.get("messages", []) or [] if m.get("ts") != thread_ts]
        return replies

    def backfill(self, channel: str, *, since: Decimal | None = None) -> BackfillResult:
        """Ingest every message of ``channel`` newer than what is stored (threads included).

        ``since`` (epoch seconds): also what was posted since then, though newer messages are
        stored (Slack dropped events from then on while later ones arrived): history is read from a
        day before it, and the replies of every thread active since.
        """
        last = self._core.ingestor.last_ts(channel)
        if since is not None and last is not None:
            last = str(min(Decimal(last), since))
        oldest = "0" if last is None else str(max(Decimal(0), Decimal(last) - LOOKBACK_SECONDS))
        items = self._history(channel, oldest)
        for parent in list(items):
            latest = parent.get("latest_reply")
            if (
                parent.get("reply_count")
                and isinstance(latest, str)
                and (last is None or Decimal(latest) > Decimal(last))
                # Replies under the postmortem draft are review input, not evidence (bot.core.review).
                and not self._core.reviews.is_review_thread(channel, str(parent["ts"]))
            ):
                items += self._replies(channel, str(parent["ts"]), oldest)
        users = self._users.known()
        raws: list[RawMessage] = []
        for item in items:
            if item.get("user") in self._self_ids or item.get("bot_id") in self._self_ids:
                continue  # Sitrep's own posts are output, not evidence
            try:
                events = message_events(item, channel, users, where=f"conversations.history of {channel}")
            except ExportError as exc:  # one odd message must not cost the channel its backfill
                log.warning("backfill of %s skipped a message: %s", channel, exc)
                continue
            raws += [e.message for e in events if e.kind == "post" and e.message is not None]
        stored = self._core.ingestor.existing_ts(channel, [r.ts for r in raws])
        fresh = sorted({r.ts: r for r in raws if r.ts not in stored}.values(), key=lambda r: Decimal(r.ts))
        error = None
        if fresh and self._ingest is not None:
            if not self._ingest.backfill(channel, fresh, timeout_s=self._ingest_timeout_s):
                # Still queued (or never taken): stored when the worker gets to them, else read next time.
                error = f"the ingest worker did not store {len(fresh)} message(s) within {self._ingest_timeout_s:.0f} s"
                log.warning("backfill of %s: %s", channel, error)
        elif fresh:
            self._core.ingestor.ingest_many(fresh)
        log.info("backfilled %s: %d seen, %d new", channel, len(raws), len(fresh))
        return BackfillResult(channel=channel, seen=len(raws), ingested=len(fresh), error=error)

    def backfill_tracked(self, *, since: Decimal | None = None) -> list[BackfillResult]:
        """Backfill every tracked channel (``since`` as for ``backfill``); a failing channel doesn't
        stop the rest: its result carries the error, for the caller to log or retry."""
        results: list[BackfillResult] = []
        for channel in self._core.incidents.tracked_channels():
            try:
                results.append(self.backfill(channel, since=since))
            except (SitrepError, SlackClientError, OSError) as exc:
                results.append(BackfillResult(channel=channel, seen=0, ingested=0, error=_reason(exc)))
        return results
