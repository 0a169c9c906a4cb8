"""The ``Tracker`` port: what the action-item export needs from GitHub Issues or Jira, and nothing more.

Core builds an ``IssueSpec`` per action item (already redacted text, links, the tracker user from
the owner map, a due date); an adapter in ``bot.trackers`` turns it into its own wire format
(Markdown and labels for GitHub, ADF and ``duedate`` for Jira) and maps HTTP failures to
``TrackerError`` (bot.errors). No SDK and no HTTP here, so the export runs the same against the
real services, the local stand-ins (bot.sandbox.trackers) and tests.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.domain import ActionCategory, Horizon

__all__ = ["IssueRef", "IssueSpec", "Tracker", "due_date", "normalise", "text_hash"]


@dataclass(frozen=True)
class IssueSpec:
    """Everything one issue should say; ``fingerprint`` changes exactly when an update is due."""

    key: str
    """The action item's stable key in its channel ("ai-1"); trackers put it in the issue so a
    lost create can be found again (GitHub: a body marker; Jira: a label)."""
    scope: str
    """The incident channel id: keys are unique within it."""
    title: str
    text: str
    incident: str
    category: ActionCategory
    horizon: Horizon
    postmortem_url: str
    citations: tuple[str, ...] = ()
    """Permalinks of the messages the item cites."""
    owner: str | None = None
    """The owner as the postmortem names them (shown in the body)."""
    assignee: str | None = None
    """The tracker user from TRACKER_OWNER_MAP, or None when the owner is not mapped."""
    due: date | None = None
    due_text: str | None = None
    """The due date as people said it ("by Friday"), kept when it is not a date."""

    @property
    def marker(self) -> str:
        """``scope/key``: what identifies the item inside the tracker."""
        return f"{self.scope}/{self.key}"

    def fingerprint(self) -> str:
        fields = asdict(self)
        fields["due"] = self.due.isoformat() if self.due else None
        return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class IssueRef:
    """An issue the tracker holds: its id (GitHub number, Jira key), web link and ETag if sent."""

    issue_id: str
    url: str
    etag: str | None = None


class Tracker(Protocol):
    """One issue tracker. Every method raises ``bot.errors.TrackerError`` on failure; none retries
    a write by itself (a re-POST after a lost answer would create a duplicate; the ledger decides)."""

    name: str
    """"github" or "jira" (kept in the ledger: switching trackers starts a fresh set of issues)."""

    def create(self, spec: IssueSpec) -> IssueRef: ...

    def update(self, issue_id: str, spec: IssueSpec) -> IssueRef: ...

    def find(self, spec: IssueSpec) -> IssueRef | None:
        """The issue an earlier, unanswered create made for ``spec.marker``, if any."""
        ...

    def close(self) -> None:
        """Release the HTTP connections."""
        ...


def normalise(text: str) -> str:
    """Case, spacing and punctuation folded away: the same item reworded by a redraft's spacing matches."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode()).hexdigest()[:16]


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def due_date(due: str | None, anchor: datetime) -> date | None:
    """The calendar date ``due`` means, said at ``anchor`` ("by Friday" -> the next Friday).

    Returns None for what is no date ("Q3", "end of quarter"): the words stay in the body.
    """
    if not due:
        return None
    said = due.strip().lower()
    day = anchor.date()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", said):
        try:
            return date.fromisoformat(said)
        except ValueError:
            return None
    friday = day + timedelta(days=(4 - day.weekday()) % 7)
    fixed = {
        "today": day,
        "tonight": day,
        "eod": day,
        "end of day": day,
        "tomorrow": day + timedelta(days=1),
        "this week": friday,
        "eow": friday,
        "end of week": friday,
        "next week": day + timedelta(days=7 - day.weekday() + 4),
    }
    if said in fixed:
        return fixed[said]
    if said in _WEEKDAYS:
        ahead = (_WEEKDAYS.index(said) - day.weekday()) % 7
        return day + timedelta(days=ahead or 7)
    return None
