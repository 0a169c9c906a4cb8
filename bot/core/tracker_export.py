"""Action items to issues: one issue per item, created once, updated when the item changes.

The ledger (``Store.tracker_issues``, one ``TrackerIssue`` row per item) is the memory that makes
a re-run safe: an item whose fields hash to what the tracker last accepted is left alone, a changed
one is updated in place (PATCH / PUT), a new one created. A row is written as ``pending`` *before*
each call and with the outcome after it, so a crash or a lost answer is never forgotten: the
next run looks a ``pending`` item up in the tracker (by its key) before creating it again.

Items are matched to rows first by their normalised text (a reorder or a redraft keeps each
issue) and then by position (an item reworded in place keeps its issue). Failures are per item:
an unknown assignee fails that item and the rest go on; an auth failure stops the run (every
call would fail); a rate limit is waited out through the injected ``wait`` when it lifts within
``max_wait`` seconds, otherwise the run stops there and records when to try again. Nothing is
lost: the next run (the retry button, or the next finalize) picks up every item not yet done.

The texts sent are the postmortem's, which are built only from redacted messages.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from bot.core.trackers import IssueSpec, Tracker, due_date, text_hash
from bot.domain import ActionItem, Postmortem, TrackerIssue, ts_to_datetime
from bot.errors import TrackerError, UserFacingError

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.store import Store

ItemState = Literal["created", "updated", "unchanged", "failed", "waiting", "not_tried"]
ITEM_STATES: tuple[ItemState, ...] = ("created", "updated", "unchanged", "failed", "waiting", "not_tried")
MAX_TITLE = 120


@dataclass(frozen=True)
class ItemResult:
    """How one action item stands after a run, for the thread's status message."""

    index: int
    key: str
    title: str
    state: ItemState
    issue_id: str | None = None
    url: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class ExportReport:
    tracker: str
    items: tuple[ItemResult, ...]
    stopped: str | None = None
    """Why the run stopped before the last item (auth, rate limit), or None."""

    @property
    def done(self) -> bool:
        return all(i.state in ("created", "updated", "unchanged") for i in self.items)

    def count(self, *states: ItemState) -> int:
        return sum(1 for i in self.items if i.state in states)


class _StopError(Exception):
    """Ends a run early (auth failure, long rate limit); the reason is shown in the thread."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


class TrackerExport:
    """Exports a channel's postmortem action items to one tracker; one run per channel at a time."""

    def __init__(
        self,
        store: Store,
        tracker: Tracker,
        clock: Clock,
        *,
        owners: Mapping[str, str] | None = None,
        wait: Callable[[float], None],
        max_wait: float = 30.0,
    ) -> None:
        """
        Args:
            owners: Slack user id -> tracker user (TRACKER_OWNER_MAP).
            wait: blocks for that many seconds (``time.sleep`` in production; tests advance a
                ``ManualClock``), used only for rate limits that lift within ``max_wait``.
        """
        self._store = store
        self.tracker = tracker
        self._clock = clock
        self._owners = dict(owners or {})
        self._wait = wait
        self._max_wait = max_wait
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    @property
    def name(self) -> str:
        return self.tracker.name

    def status_ts(self, channel: str) -> str | None:
        return self._store.tracker_status_ts(channel)

    def set_status_ts(self, channel: str, ts: str) -> None:
        self._store.set_tracker_status_ts(channel, ts)

    def _lock(self, channel: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(channel, threading.Lock())

    def export(self, channel: str, link: Callable[[str], str], people: Mapping[str, str] | None = None) -> ExportReport:
        """Create or update an issue for every action item of ``channel``'s postmortem.

        Args:
            link: message ts -> its permalink (the adapter knows the workspace).
            people: Slack user id -> the name the postmortem may use for them (to find an owner's id).

        Raises:
            UserFacingError: when there is no posted postmortem draft in ``channel``.
        """
        pm = self._store.get_postmortem(channel)
        review = self._store.get_review(channel)
        if pm is None or review is None or review.draft_ts is None:
            raise UserFacingError(
                f"there is no postmortem draft in {channel}", hint="run /draft-postmortem in the channel first"
            )
        with self._lock(channel):
            rows = self._store.tracker_issues(channel)
            keys = assign_keys(pm.action_items, {k: r for k, r in rows.items() if r.tracker == self.name})
            results: list[ItemResult] = []
            stopped: str | None = None
            for index, (item, key) in enumerate(zip(pm.action_items, keys, strict=True), 1):
                spec = self._spec(
                    channel=channel,
                    pm=pm,
                    item=item,
                    key=key,
                    postmortem_url=link(review.draft_ts),
                    link=link,
                    people=people or {},
                )
                if stopped is not None:
                    results.append(self._untried(index, spec, rows.get(key)))
                    continue
                try:
                    results.append(self._one(channel, index, spec, rows.get(key)))
                except _StopError as stop:
                    stopped = stop.reason
                    results.append(self._result(index, spec, self._store.tracker_issues(channel).get(key)))
            return ExportReport(tracker=self.name, items=tuple(results), stopped=stopped)

    # -- one item ------------------------------------------------------------------------------

    def _one(self, channel: str, index: int, spec: IssueSpec, row: TrackerIssue | None) -> ItemResult:
        now = self._clock.now()
        fingerprint = spec.fingerprint()
        if row is not None and row.issue_id and row.fingerprint == fingerprint:
            if row.state != "unchanged":
                row = row.model_copy(update={"state": "unchanged", "error": None, "retry_at": None})
                self._store.save_tracker_issue(channel, row)
            return self._result(index, spec, row)
        if (
            row is not None
            and row.retry_at is not None
            and now < row.retry_at
            and not self._waited((row.retry_at - now).total_seconds())
        ):
            raise _StopError(f"rate limited until {row.retry_at:%H:%M:%S} UTC")
        base = row or TrackerIssue(key=spec.key, tracker=self.name, text_hash=text_hash(spec.text))
        # Written before the call: if the answer never comes, the next run knows to look first.
        look = base.unsure
        pending = base.model_copy(update={"state": "pending", "unsure": base.issue_id is None, "updated_at": now})
        self._store.save_tracker_issue(channel, pending)
        for attempt in (1, 2):
            try:
                updated = self._call(spec, pending, look=look)
            except TrackerError as exc:
                failed = self._failed(pending, exc)
                self._store.save_tracker_issue(channel, failed)
                if exc.kind == "rate_limit" and attempt == 1 and self._waited(exc.retry_after):
                    continue
                if exc.kind == "rate_limit":
                    raise _StopError(f"rate limited until {failed.retry_at:%H:%M:%S} UTC") from exc
                if exc.kind == "auth":
                    raise _StopError(exc.message) from exc
                return self._result(index, spec, failed)
            done = updated.model_copy(
                update={"fingerprint": fingerprint, "text_hash": text_hash(spec.text), "updated_at": self._clock.now()}
            )
            self._store.save_tracker_issue(channel, done)
            return self._result(index, spec, done)
        raise AssertionError("unreachable")  # pragma: no cover

    def _call(self, spec: IssueSpec, row: TrackerIssue, *, look: bool) -> TrackerIssue:
        issue_id = row.issue_id
        state: Literal["created", "updated"] = "updated"
        if issue_id is None:
            # A create whose answer was lost may have made the issue: look before creating again.
            found = self.tracker.find(spec) if look else None
            if found is None:
                ref = self.tracker.create(spec)
                state = "created"
            else:
                ref = self.tracker.update(found.issue_id, spec)
        else:
            ref = self.tracker.update(issue_id, spec)
        return row.model_copy(
            update={
                "issue_id": ref.issue_id,
                "url": ref.url,
                "etag": ref.etag,
                "state": state,
                "error": None,
                "retry_at": None,
                "unsure": False,
            }
        )

    def _failed(self, row: TrackerIssue, exc: TrackerError) -> TrackerIssue:
        retry_at = None
        if exc.kind == "rate_limit":
            retry_at = self._clock.now() + timedelta(seconds=exc.retry_after if exc.retry_after is not None else 60)
        status = f"{exc.status}: " if exc.status else ""
        # Only a lost answer leaves the outcome open; a 4xx says for sure that nothing was made.
        unsure = row.unsure and exc.kind == "unavailable"
        return row.model_copy(
            update={"state": "failed", "error": f"{status}{exc.message}", "retry_at": retry_at, "unsure": unsure}
        )

    def _waited(self, seconds: float | None) -> bool:
        """Wait out a rate limit that lifts soon enough; False when it would take too long."""
        if seconds is None or seconds > self._max_wait:
            return False
        self._wait(max(0.0, seconds))
        return True

    # -- building ------------------------------------------------------------------------------

    def _spec(
        self,
        *,
        channel: str,
        pm: Postmortem,
        item: ActionItem,
        key: str,
        postmortem_url: str,
        link: Callable[[str], str],
        people: Mapping[str, str],
    ) -> IssueSpec:
        anchor = _anchor(item, pm)
        owner_id = owner_user_id(item.owner, people)
        title = " ".join(item.text.split())
        return IssueSpec(
            key=key,
            scope=channel,
            title=title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…",
            text=item.text,
            incident=pm.incident.name,
            category=item.category,
            horizon=item.horizon,
            postmortem_url=postmortem_url,
            citations=tuple(link(ts) for ts in item.citations),
            owner=item.owner,
            assignee=self._owners.get(owner_id) if owner_id else None,
            due=due_date(item.due, anchor),
            due_text=item.due,
        )

    def _result(self, index: int, spec: IssueSpec, row: TrackerIssue | None) -> ItemResult:
        if row is None:
            return ItemResult(index, spec.key, spec.title, "not_tried")
        state: ItemState
        if row.state == "failed" and row.retry_at is not None:
            state = "waiting"
        elif row.state == "pending":
            state = "not_tried"
        else:
            state = row.state
        return ItemResult(index, spec.key, spec.title, state, row.issue_id, row.url, row.error)

    def _untried(self, index: int, spec: IssueSpec, row: TrackerIssue | None) -> ItemResult:
        if row is not None and row.issue_id and row.fingerprint == spec.fingerprint():
            return self._result(index, spec, row)
        return ItemResult(
            index, spec.key, spec.title, "not_tried", row.issue_id if row else None, row.url if row else None
        )


def assign_keys(items: tuple[ActionItem, ...], rows: Mapping[str, TrackerIssue]) -> list[str]:
    """The ledger key of each item: same text first, then same position, else a new key."""
    keys: list[str | None] = [None] * len(items)
    free = dict(rows)
    by_hash: dict[str, str] = {}
    for key, row in rows.items():
        by_hash.setdefault(row.text_hash, key)
    for i, item in enumerate(items):
        same = by_hash.get(text_hash(item.text))
        if same is not None and same in free:
            keys[i] = same
            del free[same]
    for i in range(len(items)):
        positional = f"ai-{i + 1}"
        if keys[i] is None and positional in free:
            keys[i] = positional
            del free[positional]
    taken = set(rows) | {k for k in keys if k}
    n = 0
    for i in range(len(items)):
        if keys[i] is None:
            n += 1
            while f"ai-{n}" in taken:
                n += 1
            keys[i] = f"ai-{n}"
            taken.add(f"ai-{n}")
    return [k for k in keys if k is not None]


_MEMBER_ID = re.compile(r"[UW][A-Z0-9]+")


def owner_user_id(owner: str | None, people: Mapping[str, str]) -> str | None:
    """The Slack user id behind an owner as the postmortem names them (a mention, an id or a name)."""
    if not owner:
        return None
    who = owner.strip()
    if who.startswith("<@") and who.endswith(">"):
        return who[2:-1].split("|")[0]
    ids = {uid: name for uid, name in people.items() if _MEMBER_ID.fullmatch(uid)}
    if who in ids:
        return who
    # The map may also hold members' other names (real name, handle) -> the name shown.
    shown = people.get(who, who)
    wanted = shown.lstrip("@").casefold()
    return next((uid for uid, name in ids.items() if name.casefold() == wanted), None)


def _anchor(item: ActionItem, pm: Postmortem) -> datetime:
    """When the item was asked for (its first citation), so "by Friday" means the Friday after."""
    for ts in item.citations:
        try:
            return ts_to_datetime(ts)
        except ValueError:
            continue
    return pm.generated_at or pm.incident.resolved_at or ts_to_datetime("0")
