"""What a front end (the Slack adapter) is given: the core services it uses and nothing else.

No store, redactor or engine: everything a front end does with stored state goes through these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.core.health import Health
    from bot.core.incidents import Incidents
    from bot.core.ingest import Ingestor
    from bot.core.rca import RcaService
    from bot.core.requests_seen import RequestsSeen
    from bot.core.resolve import Resolutions
    from bot.core.review import ReviewService
    from bot.core.sitrep import SitrepService
    from bot.core.status_updates import StatusUpdates
    from bot.core.tracker_export import TrackerExport


@dataclass(frozen=True)
class CoreServices:
    clock: Clock
    incidents: Incidents
    ingestor: Ingestor
    sitreps: SitrepService
    reviews: ReviewService
    resolutions: Resolutions
    health: Health
    requests: RequestsSeen
    """Signed HTTP requests already handled (replay protection in HTTP mode)."""
    summary_interval_minutes: int
    """The default sitrep cadence, announced when tracking starts."""
    sitrep_mode: Literal["channel", "thread"]
    """Where sitreps are posted: in the channel, or under one pinned parent."""
    trackers: TrackerExport | None = None
    """Action items to GitHub or Jira; None when TRACKER=none."""
    rcas: RcaService | None = None
    """The external RCA (/draft-rca) and its review."""
    updates: StatusUpdates | None = None
    """Customer status-update drafts (/draft-update)."""
