"""One error tree for Sitrep; the CLI and the Slack error handler turn it into one clear line.

SitrepError                 base; ``str(err)`` is the line a user sees
├── ConfigError             a setting is missing or invalid
├── StoreError              Redis unreachable, embedded server failed, bad stored data
├── RedactionError          the redactor cannot start (e.g. spaCy model missing)
├── EngineError             an engine failed to produce an answer
├── ExportError             a Slack export file is malformed
├── TrackerError            GitHub or Jira refused or failed an issue call (kind, status, retry time)
└── UserFacingError         a request from a user that cannot be honoured as given
"""

from __future__ import annotations


class SitrepError(Exception):
    """Base of every error Sitrep raises on purpose; the message is written for the user."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message


class ConfigError(SitrepError):
    """A setting is missing or has a value Sitrep cannot use."""


class StoreError(SitrepError):
    """Redis cannot be reached or holds data Sitrep cannot read."""


class RedactionError(SitrepError):
    """The redactor cannot run; nothing is stored unredacted when this is raised."""


class TrackerError(SitrepError):
    """An issue tracker refused or failed a call; ``kind`` says what the export does next.

    ``auth`` (401/403): every later call would fail too, stop. ``rate_limit`` (403/429 with a reset):
    wait until ``retry_at`` or stop and resume later. ``invalid`` (422/400, e.g. an unknown
    assignee): this item fails, the others go on. ``unavailable`` (5xx, timeout, connection): the
    outcome is unknown, the next run looks the issue up before creating it again. ``not_found``
    (404/410): the issue or project is gone.
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        status: int | None = None,
        retry_after: float | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.kind = kind
        self.status = status
        self.retry_after = retry_after
        """Seconds until the tracker accepts calls again (rate limits), when it said."""


class EngineError(SitrepError):
    """An engine failed to produce a sitrep, board or postmortem."""


class ExportError(SitrepError):
    """A Slack export (folder, zip or channel file) is malformed."""


class UserFacingError(SitrepError):
    """A user's request cannot be done as asked; the message says what to do instead."""
