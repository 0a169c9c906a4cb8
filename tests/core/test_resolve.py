"""The /resolve and /draft-postmortem use cases (bot.core.resolve) with a recording publisher.

The services are the real ones (store on the embedded server, offline engine); only the front
end is replaced, by a small class that records what it was asked to show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.clock import ManualClock
from bot.core.review import DraftOutcome
from bot.domain import SECTIONS, RawMessage, Sitrep
from bot.services import Services
from tests.core.test_review import CHANNEL, NAMES, SCRIPT, START, feed, ts_at

PARENT = "1773480600.000001"


@dataclass
class RecordingPublisher:
    """Records each call; 'posts' a draft by attaching made-up message ts, as the Slack adapter does."""

    services: Services
    calls: list[str] = field(default_factory=list)
    sitreps: list[Sitrep] = field(default_factory=list)
    drafts: list[DraftOutcome] = field(default_factory=list)
    confirmations: list[tuple[str, str]] = field(default_factory=list)

    def announce_resolved(self, channel: str, user: str, at: datetime) -> None:
        self.calls.append(f"announce {channel} {user} {at:%H:%M}")

    def publish_sitrep(self, sitrep: Sitrep) -> None:
        self.calls.append(f"sitrep #{sitrep.number}")
        self.sitreps.append(sitrep)

    def names(self) -> Mapping[str, str]:
        self.calls.append("names")
        return NAMES

    def publish_draft(self, outcome: DraftOutcome, user: str | None) -> str:
        self.calls.append(f"draft new={outcome.new} for {user}")
        self.drafts.append(outcome)
        if outcome.review.draft_ts is not None:
            return outcome.review.draft_ts
        sections = {sid: f"1773480600.{i + 2:06d}" for i, (sid, _) in enumerate(SECTIONS)}
        self.services.reviews.attach(outcome.review.channel, PARENT, sections)
        return PARENT

    def ask_to_confirm(self, channel: str, user: str) -> None:
        self.calls.append(f"confirm {channel} {user}")
        self.confirmations.append((channel, user))


def test_resolve_records_announces_posts_the_sitrep_then_the_draft(services: Services, clock: ManualClock) -> None:
    svc = feed(services, clock)
    publisher = RecordingPublisher(svc)
    now = svc.clock.now()
    resolved = svc.core().resolutions.resolve(CHANNEL, "UPRIYA", now, publisher, by="Priya")

    assert publisher.calls == ["announce CINC1 UPRIYA 09:30", "sitrep #1", "names", "draft new=True for UPRIYA"]
    state = svc.incidents.state(CHANNEL)
    assert state.status == "resolved" and state.resolved_at == now and state.resolved_by == "Priya"
    assert resolved.state == state and resolved.draft_ts == PARENT
    assert resolved.sitrep is not None and svc.store.latest_sitrep(CHANNEL) == resolved.sitrep
    assert publisher.sitreps == [resolved.sitrep] and resolved.sitrep.status.lower() == "resolved"
    assert resolved.sitrep.total_messages == len(SCRIPT) == resolved.sitrep.messages_considered
    (outcome,) = publisher.drafts
    assert outcome.postmortem == svc.store.get_postmortem(CHANNEL)
    assert outcome.postmortem.incident.resolved_at == now
    review = svc.store.get_review(CHANNEL)
    assert review is not None and review.draft_ts == PARENT


def test_draft_before_mitigation_asks_first_and_drafts_nothing(services: Services, clock: ManualClock) -> None:
    svc = services
    svc.incidents.open(CHANNEL, "inc-checkout")
    for i, (minutes, user, name, text, bot) in enumerate(SCRIPT[:5]):  # alert and diagnosis, no rollback yet
        svc.ingestor.ingest(
            RawMessage(
                channel=CHANNEL,
                ts=ts_at(minutes, i + 1),
                text=text,
                user=user,
                user_name=name,
                is_bot=bot,
                author_is_member=not bot,
            )
        )
    clock.set(START + timedelta(minutes=10))
    publisher = RecordingPublisher(svc)
    resolutions = svc.core().resolutions

    assert resolutions.request_draft(CHANNEL, "UPRIYA", clock.now(), publisher) is None
    assert publisher.calls == ["confirm CINC1 UPRIYA"]
    assert svc.store.get_review(CHANNEL) is None and svc.store.get_postmortem(CHANNEL) is None

    # "Draft anyway" drafts without asking ...
    assert resolutions.draft(CHANNEL, "UPRIYA", clock.now(), publisher) == PARENT
    assert publisher.calls[1:] == ["names", "draft new=True for UPRIYA"]
    # ... and once a draft is posted, asking again redrafts instead of asking.
    assert resolutions.request_draft(CHANNEL, "UMARCO", clock.now(), publisher) == PARENT
    assert publisher.calls[3:] == ["names", "draft new=False for UMARCO"]


def test_draft_after_mitigation_drafts_at_once(services: Services, clock: ManualClock) -> None:
    svc = feed(services, clock)
    publisher = RecordingPublisher(svc)
    assert svc.incidents.state(CHANNEL).mitigated_at is not None
    assert svc.core().resolutions.request_draft(CHANNEL, "UPRIYA", clock.now(), publisher) == PARENT
    assert publisher.calls == ["names", "draft new=True for UPRIYA"]
    assert publisher.confirmations == []
