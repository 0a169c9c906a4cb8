"""Sitrep's model objects: what every layer (store, engines, Slack, CLI) passes around.

Everything here is plain data. ``Message.text`` always holds *redacted* text: the only type
that can carry raw text is ``RawMessage``, which the store does not accept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MessageClass = Literal["alert", "deploy", "diagnose", "mitigate", "resolve", "comms", "chatter"]
TimelineKind = Literal["alert", "detect", "deploy", "diagnose", "decision", "mitigate", "resolve", "comms", "other"]
HypothesisStatus = Literal["open", "confirmed", "refuted"]
IncidentStatus = Literal["investigating", "identified", "mitigated", "resolved"]
SectionStatus = Literal["draft", "approved", "changes_requested"]
Horizon = Literal["immediate", "short_term", "long_term"]
ActionStatus = Literal["open", "in_progress", "done"]
BotKind = Literal["status_page", "incident_tool", "paging", "monitoring", "ticket", "deploy", "other"]
"""The kind of tool a bot author is, read from its name at ingest (the name itself is redacted)."""
FactorCategory = Literal["technical", "process", "human-system"]
ActionCategory = Literal["monitoring", "deployment safety", "runbooks", "system design", "incident process"]

UNKNOWN = "Unknown"


def ts_to_datetime(ts: str) -> datetime:
    """Turn a Slack ``ts`` ("1700000000.000100") into an aware UTC datetime.

    Raises:
        ValueError: when ``ts`` is not a Slack timestamp.
    """
    try:
        return _ts_to_datetime(ts)
    except TypeError as exc:  # not hashable, so not a ts
        raise ValueError(f"not a Slack timestamp: {ts!r}") from exc


@lru_cache(maxsize=1 << 14)
def _ts_to_datetime(ts: str) -> datetime:
    """``ts_to_datetime``, remembered: the rules compare a message's time with many others'
    (``Message.time`` is parsed anew on every read), and a datetime is immutable."""
    try:
        value = Decimal(ts)
    except (InvalidOperation, TypeError) as exc:
        raise ValueError(f"not a Slack timestamp: {ts!r}") from exc
    if not value.is_finite() or value < 0:
        raise ValueError(f"not a Slack timestamp: {ts!r}")
    return datetime.fromtimestamp(float(value), tz=UTC)


def datetime_to_ts(when: datetime, seq: int = 0) -> str:
    """Make a Slack-style ``ts`` for ``when``; ``seq`` keeps ts unique within one second."""
    return f"{int(when.timestamp())}.{seq:06d}"


def ts_key(ts: str) -> Decimal:
    """Sort key for ``ts`` values: numeric, exact (floats lose the microsecond suffix)."""
    return Decimal(ts)


def iso(when: datetime | None) -> str | None:
    """ISO 8601 UTC with a ``Z`` suffix, the format of every time in postmortem.json."""
    if when is None:
        return None
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


@dataclass(frozen=True)
class RawMessage:
    """A message as Slack (or an export) gave it, before redaction. Never stored or logged."""

    channel: str
    ts: str
    text: str
    user: str | None = None
    user_name: str | None = None
    thread_ts: str | None = None
    subtype: str | None = None
    is_bot: bool = False
    edited_ts: str | None = None
    files: tuple[str, ...] = ()
    extra_texts: tuple[str, ...] = field(default=())
    """Text from Block Kit blocks and attachments that is not already in ``text``."""
    author_is_member: bool = False
    """``user_name`` is a workspace member's name (from ``users.list``/``users.json``) and is kept;
    any other name (an integration's, a bot's, a Slack Connect guest's) is redacted as a name."""
    oversized: bool = False
    """Reading cut a part at its hard cap (possibly inside a token): ingest refuses the message."""

    def __repr__(self) -> str:  # keep raw text out of tracebacks and logs
        return f"RawMessage(channel={self.channel!r}, ts={self.ts!r}, chars={len(self.text)})"


class Message(_Model):
    """A stored message: redacted text plus the metadata the engines reason over."""

    channel: str
    ts: str
    text: str
    user: str | None = None
    user_name: str | None = None
    thread_ts: str | None = None
    subtype: str | None = None
    is_bot: bool = False
    edited_ts: str | None = None
    files: tuple[str, ...] = ()
    redacted: tuple[str, ...] = ()
    """Entity types that redaction replaced in this message (never the values)."""
    bot_kind: BotKind | None = None
    """For a bot's post, the kind of tool its name names (status page, paging, ticket …), read
    before the name was redacted; None for people and for messages stored before it existed."""

    @property
    def time(self) -> datetime:
        return ts_to_datetime(self.ts)

    @property
    def is_reply(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts

    @property
    def author(self) -> str:
        """The name a human reads: display name, else user id, else "someone"."""
        return self.user_name or self.user or "someone"


class Claim(_Model):
    """One statement with the messages behind it; unverified claims are shown as such."""

    text: str
    citations: tuple[str, ...] = ()
    verified: bool = True


class Hypothesis(_Model):
    id: str
    statement: str
    status: HypothesisStatus = "open"
    confidence: int = Field(default=30, ge=0, le=100)
    supporting: tuple[str, ...] = ()
    refuting: tuple[str, ...] = ()
    next_checks: tuple[str, ...] = ()
    raised_ts: str | None = None
    raised_by: str | None = None
    raised_by_model: bool = False
    """Raised by the fitted raise reading (``HYPOTHESIS_RAISE_MODEL``), not by a rule: never the theory a
    bare "yes" answers, never confirmed by a model; a guess it raised is confirmed only by a cause stated
    later that names it (``bot/analysis/hyp_raise.py``, ``bot/analysis/hypotheses.py``)."""
    asked_by_others: bool = False
    """Raised from a question someone outside the response relayed ("customers asking if it's a ddos",
    "press asks whether data was changed"): their worry, listed so it can be ruled out. An answer to it
    ("correct", "yes, safe") or a cause sharing its words only backs it; the rules never confirm it."""
    held_open: bool = False
    """Answered as undecided with its check put off ("could be, no way to tell from here", "possible, can't
    confirm it tonight"): the channel left it open on purpose, so a cause found elsewhere or the incident ending
    does not settle it as dropped; only evidence about it does."""
    raised_terms: tuple[str, ...] = ()
    """The content words (stemmed roots) of the message that raised it: how the theory was put, not only
    its short statement, so a cause stated later in other words can be recognised as this theory proven
    (``bot/analysis/hypotheses.py``). Derived from the redacted text; no sentence is kept."""

    @property
    def backing(self) -> tuple[str, ...]:
        """The supporting messages from the one that raised it on: a cause stated outright also cites
        an earlier finding that showed it, which backs it but did not put it forward."""
        if self.raised_ts is None:
            return self.supporting
        raised = ts_key(self.raised_ts)
        return tuple(ts for ts in self.supporting if ts_key(ts) >= raised)


class Finding(_Model):
    """What a person's plain statement of fact named, kept so a later cause can cite it."""

    ts: str
    names: dict[str, float]


class Board(_Model):
    """The hypothesis board of one channel."""

    channel: str
    hypotheses: tuple[Hypothesis, ...] = ()
    last_ts: str | None = None
    recent_id: str | None = None
    """The hypothesis raised or judged within the last few human messages ("that's it" refers to
    it); kept on the board so folding messages in batches reads them as folding them all at once."""
    since_recent: int = 0
    """Human messages read since ``recent_id`` was raised or judged."""
    open_question: bool = False
    """The last human message asked a question that raised no theory ("what IP?", "… right?"): a
    "yes" or "it's X" right after it answers that question, it does not confirm a theory."""
    findings: tuple[Finding, ...] = ()
    """Recent plain findings that judged no theory (what each names, not its text; the last 40): a cause
    stated later cites the one that named most of the same things as its earlier evidence."""

    def get(self, hypothesis_id: str) -> Hypothesis | None:
        return next((h for h in self.hypotheses if h.id == hypothesis_id), None)


class IncidentState(_Model):
    """Lifecycle of one incident channel; times are the first evidence of each phase."""

    channel: str
    name: str
    severity: str | None = None
    status: IncidentStatus = "investigating"
    opened_at: datetime | None = None
    started_at: datetime | None = None
    detected_at: datetime | None = None
    acknowledged_at: datetime | None = None
    identified_at: datetime | None = None
    """When someone declared the cause identified ("status: identified", a status-page post); a
    cause stated in words confirms a hypothesis on the board instead."""
    mitigated_at: datetime | None = None
    mitigated_by_post: bool = False
    """The mitigation was read from a status page or incident tool's post alone (no person stated
    recovery): a later post of an earlier phase is the page going back, not a post lagging the channel."""
    mitigation_read_at: datetime | None = None
    """The mitigation time as first read, before a later recap moved it back to the moment it states
    ("restored at 14:05"): rules that tell clean-up steps from the ones that stopped impact keep to it."""
    mitigated_by_recap: bool = False
    """The mitigation time came from a recap alone ("healthy since 14:05") with no recovery read yet."""
    resolved_at: datetime | None = None
    resolved_by_page: bool = False
    """The resolution was read from a paging tool closing its page ("Incident #2231 resolved by …"): the page
    is closed, not necessarily the incident, so a later resolution declared by a person or a status page moves
    it, and the incident shown still being worked (a relapse, a person back to investigating) reopens it."""
    summary_interval_minutes: int | None = None
    """Per-channel override of SUMMARY_INTERVAL_MINUTES."""
    declared: dict[str, datetime] = Field(default_factory=dict)
    """Times a responder set explicitly (``/resolve``); they win over times read from messages."""
    resolved_by: str | None = None
    sitrep_thread_ts: str | None = None
    """Parent message of the sitrep thread (SITREP_MODE=thread)."""

    @property
    def impact_read_at(self) -> datetime | None:
        """When the lifecycle read impact as stopped (``mitigation_read_at``), else the mitigation time (set by
        ``/resolve``, or stored before the reading was kept); None while only a recap stated it."""
        if self.mitigated_by_recap:
            return self.mitigation_read_at
        return self.mitigation_read_at or self.mitigated_at


class Sitrep(_Model):
    """A rolling situation report; the next one is built from this one plus newer messages."""

    channel: str
    number: int
    created_at: datetime
    status: str
    impact: Claim
    what_changed: tuple[Claim, ...] = ()
    hypotheses: tuple[Claim, ...] = ()
    doing: tuple[Claim, ...] = ()
    next_steps: tuple[Claim, ...] = ()
    open_questions: tuple[Claim, ...] = ()
    messages_considered: int = 0
    total_messages: int = 0
    last_ts: str | None = None
    engine: str = "offline"
    phase: str | None = None
    """The lifecycle status when it was built (set by core, whichever engine wrote ``status``): what
    the next sitrep's significance is measured against."""
    severity: str | None = None
    """The incident's severity when it was built (set by core), for the same reason."""


class Metrics(_Model):
    time_to_detect_min: float | None = None
    time_to_acknowledge_min: float | None = None
    time_to_mitigate_min: float | None = None
    time_to_resolve_min: float | None = None


class TimelineEvent(_Model):
    time: datetime
    event: str
    kind: TimelineKind
    citations: tuple[str, ...] = ()
    marked_by: str | None = None


class Why(_Model):
    why: str
    answer: str
    citations: tuple[str, ...] = ()


class ContributingFactor(_Model):
    text: str
    category: FactorCategory
    citations: tuple[str, ...] = ()


class ActionItem(_Model):
    text: str
    category: ActionCategory
    horizon: Horizon
    owner: str | None = None
    due: str | None = None
    status: ActionStatus = "open"
    citations: tuple[str, ...] = ()


TrackerState = Literal["pending", "created", "updated", "unchanged", "failed"]


class TrackerIssue(_Model):
    """One action item's row in the tracker ledger: which issue it became and how the last try went.

    Holds hashes, ids and links only, never the item's text (the text lives in the postmortem).
    ``pending`` with no ``issue_id`` means a create was sent and its outcome never learned: the
    next run looks the issue up by its key before creating it again.
    """

    key: str
    """Stable within the channel ("ai-1"): given when the item is first exported, kept after edits."""
    tracker: str
    text_hash: str
    """Hash of the item's normalised text when last exported (finds the item again after a reorder)."""
    fingerprint: str | None = None
    """Hash of every field last accepted by the tracker: equal means nothing to update."""
    issue_id: str | None = None
    url: str | None = None
    etag: str | None = None
    state: TrackerState = "pending"
    error: str | None = None
    """One line about the last failure (status and reason), shown in the thread."""
    retry_at: datetime | None = None
    """Rate limited: do not call the tracker for this item before this time."""
    unsure: bool = False
    """A create was sent and no answer came back (crash, timeout, 5xx): look before creating."""
    updated_at: datetime | None = None


class OpenQuestion(_Model):
    text: str
    evidence_needed: str


class SectionState(_Model):
    id: str
    title: str
    status: SectionStatus = "draft"
    approved_by: tuple[str, ...] = ()


SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Summary"),
    ("impact", "Customer impact"),
    ("detection", "Detection and response"),
    ("metrics", "Key metrics"),
    ("root_cause", "Root cause (5 whys)"),
    ("timeline", "Timeline"),
    ("hypotheses", "Hypotheses considered"),
    ("contributing_factors", "Contributing factors"),
    ("lessons", "What went well / poorly"),
    ("action_items", "Action items"),
    ("open_questions", "Open questions"),
)
"""The postmortem's sections, in the order they are posted and rendered."""


class Postmortem(_Model):
    """A blameless postmortem draft; ``to_contract`` gives the postmortem.json shape."""

    incident: IncidentState
    summary: str
    impact: str
    detection: str = UNKNOWN
    metrics: Metrics = Metrics()
    timeline: tuple[TimelineEvent, ...] = ()
    five_whys: tuple[Why, ...] = ()
    hypotheses: tuple[Hypothesis, ...] = ()
    contributing_factors: tuple[ContributingFactor, ...] = ()
    went_well: tuple[str, ...] = ()
    went_poorly: tuple[str, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    open_questions: tuple[OpenQuestion, ...] = ()
    sections: tuple[SectionState, ...] = tuple(SectionState(id=i, title=t) for i, t in SECTIONS)
    engine: str = "offline"
    model: str | None = None
    """The model that drafted it (None for the offline rules)."""
    prompt_version: str | None = None
    """The prompt templates behind the draft (``system@N+postmortem@M``), or the offline rules' version."""
    generated_at: datetime | None = None
    warnings: tuple[str, ...] = ()
    """Review notes from the engine's checks: dropped citations, blameless-check flags, fallbacks."""

    def cited_ts(self) -> set[str]:
        """Every ``ts`` the draft cites, for grounding checks."""
        cited: set[str] = set()
        for group in (self.timeline, self.five_whys, self.contributing_factors, self.action_items):
            for item in group:
                cited.update(item.citations)
        for h in self.hypotheses:
            cited.update(h.supporting)
            cited.update(h.refuting)
        return cited

    def to_contract(self) -> dict[str, object]:
        """The postmortem.json document (DESIGN.md: keys are a contract — add, never rename)."""
        inc = self.incident
        return {
            "incident": {
                "channel": inc.channel,
                "name": inc.name,
                "severity": inc.severity,
                "started_at": iso(inc.started_at),
                "detected_at": iso(inc.detected_at),
                "acknowledged_at": iso(inc.acknowledged_at),
                "mitigated_at": iso(inc.mitigated_at),
                "resolved_at": iso(inc.resolved_at),
            },
            "summary": self.summary,
            "impact": self.impact,
            "detection": self.detection,
            "metrics": self.metrics.model_dump(),
            "timeline": [
                {
                    "time": iso(e.time),
                    "event": e.event,
                    "kind": e.kind,
                    "citations": list(e.citations),
                    **({"marked_by": e.marked_by} if e.marked_by else {}),
                }
                for e in self.timeline
            ],
            "five_whys": [{"why": w.why, "answer": w.answer, "citations": list(w.citations)} for w in self.five_whys],
            "hypotheses": [
                {
                    "id": h.id,
                    "statement": h.statement,
                    "status": h.status,
                    "confidence": h.confidence,
                    "supporting": list(h.supporting),
                    "refuting": list(h.refuting),
                    "next_checks": list(h.next_checks),
                }
                for h in self.hypotheses
            ],
            "contributing_factors": [
                {"text": f.text, "category": f.category, "citations": list(f.citations)}
                for f in self.contributing_factors
            ],
            "went_well": list(self.went_well),
            "went_poorly": list(self.went_poorly),
            "action_items": [
                {
                    "text": a.text,
                    "category": a.category,
                    "horizon": a.horizon,
                    "owner": a.owner,
                    "due": a.due,
                    "status": a.status,
                    "citations": list(a.citations),
                }
                for a in self.action_items
            ],
            "open_questions": [{"text": q.text, "evidence_needed": q.evidence_needed} for q in self.open_questions],
            "sections": [
                {"id": s.id, "title": s.title, "status": s.status, "approved_by": list(s.approved_by)}
                for s in self.sections
            ],
            "engine": self.engine,
            "model": self.model,
            "prompt_version": self.prompt_version,
            "generated_at": iso(self.generated_at),
            "warnings": list(self.warnings),
        }


# -- postmortem review ------------------------------------------------------------------------------

RevisionKind = Literal["draft", "redraft", "correction", "edit", "key_moment", "punch_list"]
ReviewKind = Literal["postmortem", "rca"]
"""Which document a review is of: the postmortem, or the external RCA drafted from it."""
KeyMarkVia = Literal["reaction", "pin"]


class Approval(_Model):
    """One person's verdict on a section: who (Slack user id) and when."""

    user: str
    at: datetime
    name: str | None = None
    """The name people saw when the verdict was given (so exports need no Slack lookup)."""

    @property
    def who(self) -> str:
        return self.name or self.user


class SectionRevision(_Model):
    """One version of a section's text, with what produced it (kept for the record)."""

    at: datetime
    kind: RevisionKind
    text: str
    """The section as Markdown after this revision."""
    by: str | None = None
    """Slack user id of the person behind it (None for drafts)."""
    by_name: str | None = None
    note: str | None = None
    """The (redacted) correction or a short reason, e.g. "facts changed"."""
    source_ts: str | None = None
    """ts of the thread reply that asked for the correction."""


class SectionReview(_Model):
    """Review state of one postmortem section and the Slack message that shows it."""

    id: str
    message_ts: str | None = None
    status: SectionStatus = "draft"
    approvals: tuple[Approval, ...] = ()
    changes_requested: tuple[Approval, ...] = ()
    draft_fingerprint: str = ""
    """Hash of the section as the engine drafted it: a redraft with the same hash keeps the review."""
    text_override: str | None = None
    """Text a responder saved with Edit; it replaces the drafted section in the final document."""
    revisions: tuple[SectionRevision, ...] = ()


class KeyMark(_Model):
    """Someone marked a message as a key moment (a pushpin reaction or a pin)."""

    user: str
    via: KeyMarkVia
    at: datetime
    name: str | None = None

    @property
    def who(self) -> str:
        return self.name or self.user


class Review(_Model):
    """The postmortem review of one channel: where the draft lives in Slack and every verdict on it."""

    channel: str
    draft_ts: str | None = None
    """ts of the draft's parent message; the sections are replies in its thread."""
    sections: tuple[SectionReview, ...] = ()
    version: int = 0
    """Bumped on every change; Block Kit block ids carry it so each update is a new iteration."""
    finalizing_since: datetime | None = None
    """Set while one replica assembles and uploads the final files; a stale claim may be taken over."""
    final: bool = False
    finalized_at: datetime | None = None
    files: tuple[str, ...] = ()
    """Slack file ids of the uploaded postmortem.md and postmortem.json."""
    key_moments: dict[str, tuple[KeyMark, ...]] = Field(default_factory=dict)
    """Message ts -> who marked it as a key moment (always shown in the timeline)."""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def section(self, section_id: str) -> SectionReview | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def section_at(self, message_ts: str) -> SectionReview | None:
        """The section whose Slack message has ``message_ts``."""
        return next((s for s in self.sections if s.message_ts == message_ts), None)

    @property
    def approved_count(self) -> int:
        return sum(1 for s in self.sections if s.status == "approved")

    @property
    def all_approved(self) -> bool:
        return bool(self.sections) and all(s.status == "approved" for s in self.sections)


# -- customer-facing drafts (status updates, external RCA) ------------------------------------------

UpdatePhase = Literal["Investigating", "Identified", "Monitoring", "Resolved"]
UpdateState = Literal["draft", "posted", "discarded"]
RcaTone = Literal["formal", "plain"]
PunchState = Literal["open", "approved", "edited", "removed"]
"""Where a flagged statement stands: open until a reviewer keeps it as written, edits or removes it."""

RCA_SECTIONS: tuple[tuple[str, str], ...] = (
    ("impact", "Summary of impact and duration"),
    ("timeline", "What customers experienced"),
    ("root_cause", "Root cause"),
    ("restoration", "How service was restored"),
    ("prevention", "Preventing recurrence"),
)
"""The external RCA's sections, in the order they are posted and rendered."""


class StatusUpdate(_Model):
    """A short customer-facing status update, drafted for one person and posted only by a human."""

    id: str
    channel: str
    phase: UpdatePhase
    impact: str
    doing: str
    next_update: datetime | None = None
    text: str
    """The update as it would be posted (after any edit)."""
    state: UpdateState = "draft"
    drafted_for: str
    """Slack user id of the person who asked (the draft is shown to them alone)."""
    created_at: datetime
    engine: str = "offline"
    removed: tuple[str, ...] = ()
    """What the checks took out of the draft (check names, never the words), shown to the drafter."""
    edited_by: str | None = None
    posted_ts: str | None = None
    posted_by: str | None = None
    posted_by_name: str | None = None
    posted_at: datetime | None = None


class Statement(_Model):
    """One statement of the external RCA, with where it came from or why it is flagged.

    ``source`` names the postmortem section(s) it rests on and ``citations`` the channel messages;
    a statement the writer could not ground is ``inferred`` with ``why``. Either an inference or a
    check flag puts it on the reviewer's punch-list until someone resolves it.
    """

    id: str
    section: str
    text: str
    source: tuple[str, ...] = ()
    """Postmortem section ids (``impact``, ``action_items``…) or ``incident`` for lifecycle times."""
    citations: tuple[str, ...] = ()
    inferred: bool = False
    why: str | None = None
    """Why it is inferred, in words for the reviewer."""
    flags: tuple[str, ...] = ()
    """What the checks found, one line each ("commitment: 'guarantee' without an action item that backs it")."""
    resolution: PunchState | None = None
    """None: not on the punch-list. Otherwise open until approved as written, edited or removed."""
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    replaced: bool = False
    """A reviewer rewrote the whole section with Edit: kept in the record, left out of the document."""

    @property
    def flagged(self) -> bool:
        return self.inferred or bool(self.flags)

    @property
    def is_open(self) -> bool:
        return self.resolution == "open"

    @property
    def shown(self) -> bool:
        """Removed statements stay in the record but leave the document."""
        return not self.replaced and self.resolution != "removed"


class Rca(_Model):
    """A customer-facing root cause analysis drafted from the internal postmortem; never sent by Sitrep."""

    channel: str
    incident_name: str
    tone: RcaTone = "formal"
    style: str | None = None
    """File name of the past RCA the draft follows (``RCA_STYLE_DIR``), None without one."""
    titles: tuple[tuple[str, str], ...] = RCA_SECTIONS
    """Section ids and the titles the style gives them."""
    statements: tuple[Statement, ...] = ()
    from_final: bool = True
    """Drafted from a final postmortem (False: from a draft, and the document says so)."""
    started_at: datetime | None = None
    mitigated_at: datetime | None = None
    resolved_at: datetime | None = None
    engine: str = "offline"
    model: str | None = None
    prompt_version: str | None = None
    generated_at: datetime | None = None
    warnings: tuple[str, ...] = ()

    def section_statements(self, section_id: str) -> tuple[Statement, ...]:
        return tuple(s for s in self.statements if s.section == section_id and s.shown)

    def statement(self, statement_id: str) -> Statement | None:
        wanted = statement_id.strip().lower()
        return next((s for s in self.statements if s.id.lower() == wanted), None)

    @property
    def punch_list(self) -> tuple[Statement, ...]:
        """Every statement that was flagged (resolved or not), in document order."""
        return tuple(s for s in self.statements if s.resolution is not None)

    @property
    def open_items(self) -> tuple[Statement, ...]:
        return tuple(s for s in self.statements if s.is_open)

    def to_contract(self) -> dict[str, object]:
        """rca.json: the statements with their sources, the punch-list and the sections."""
        return {
            "incident": {
                "channel": self.channel,
                "name": self.incident_name,
                "started_at": iso(self.started_at),
                "mitigated_at": iso(self.mitigated_at),
                "resolved_at": iso(self.resolved_at),
            },
            "tone": self.tone,
            "style": self.style,
            "from_final_postmortem": self.from_final,
            "sections": [
                {
                    "id": sid,
                    "title": title,
                    "statements": [s.id for s in self.section_statements(sid)],
                }
                for sid, title in self.titles
            ],
            "statements": [
                {
                    "id": s.id,
                    "section": s.section,
                    "text": s.text,
                    "source": list(s.source),
                    "citations": list(s.citations),
                    "inferred": s.inferred,
                    "why": s.why,
                    "flags": list(s.flags),
                    "resolution": s.resolution,
                    "resolved_by": s.resolved_by,
                    "resolved_at": iso(s.resolved_at),
                }
                for s in self.statements
            ],
            "punch_list": {
                "open": [s.id for s in self.open_items],
                "resolved": [s.id for s in self.punch_list if not s.is_open],
            },
            "engine": self.engine,
            "model": self.model,
            "prompt_version": self.prompt_version,
            "generated_at": iso(self.generated_at),
            "warnings": list(self.warnings),
            "sent_by_sitrep": False,
        }
