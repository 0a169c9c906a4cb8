"""Ingest: every message is redacted here, once, before anything stores, logs or summarises it."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain import Message, RawMessage
from bot.redaction.result import Finding, RedactionResult

if TYPE_CHECKING:
    from bot.core.incidents import Incidents
    from bot.redaction import Redactor
    from bot.store import Store
    from bot.store.redis_store import EventClaim

log = logging.getLogger(__name__)

TRUNCATION_NOTE = "\n[… {dropped} more characters not kept: message longer than MAX_MESSAGE_CHARS]"


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one message: stored (new or replaced) and what redaction found."""

    channel: str
    ts: str
    new: bool
    findings: tuple[Finding, ...]
    truncated: bool = False

    @property
    def secrets(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.secret)


def _merge(results: Sequence[RedactionResult]) -> tuple[Finding, ...]:
    counts: dict[tuple[str, bool], int] = {}
    for result in results:
        for f in result.findings:
            counts[(f.entity_type, f.secret)] = counts.get((f.entity_type, f.secret), 0) + f.count
    return tuple(Finding(t, n, s) for (t, s), n in sorted(counts.items()))


class Ingestor:
    """Redacts, stores and folds messages into the incident; edits replace, deletes remove."""

    def __init__(self, store: Store, redactor: Redactor, incidents: Incidents, *, max_chars: int) -> None:
        self._store = store
        self._redactor = redactor
        self._incidents = incidents
        self._max_chars = max_chars

    def add_member_names(self, names: Iterable[str]) -> None:
        """Workspace members' names: responders are incident facts, so the redactor keeps them."""
        self._redactor.add_known_names(names)

    def _parts(self, raw: RawMessage) -> tuple[list[str], bool]:
        text = raw.text
        truncated = len(text) > self._max_chars
        if truncated:
            text = text[: self._max_chars]
        return [text, *raw.extra_texts, *raw.files], truncated

    def _build(self, raw: RawMessage, results: Sequence[RedactionResult], truncated: bool) -> Message:
        n_extra = len(raw.extra_texts)
        text = results[0].text
        extras = [r.text for r in results[1 : 1 + n_extra] if r.text.strip()]
        if extras:
            text = "\n".join([text, *extras]) if text.strip() else "\n".join(extras)
        if truncated:
            text += TRUNCATION_NOTE.format(dropped=len(raw.text) - self._max_chars)
        findings = _merge(results)
        return Message(
            channel=raw.channel,
            ts=raw.ts,
            text=text,
            user=raw.user,
            user_name=raw.user_name,
            thread_ts=raw.thread_ts,
            subtype=raw.subtype,
            is_bot=raw.is_bot,
            edited_ts=raw.edited_ts,
            files=tuple(r.text for r in results[1 + n_extra :]),
            redacted=tuple(f.entity_type for f in findings),
        )

    def claim_event(self, event_id: str) -> EventClaim:
        """Claim a Slack ``event_id`` for this delivery: ``claimed``, ``done`` (stored) or ``busy``.

        Claim, store, then ``finish_event``: a claim lapses (or is released) when the work fails,
        so Slack's redelivery of the event is stored instead of being dropped as a duplicate.
        """
        return self._store.claim_event(event_id)

    def finish_event(self, event_id: str) -> None:
        """Mark a claimed event stored; its redeliveries are dropped from now on."""
        self._store.finish_event(event_id)

    def release_event(self, event_id: str) -> None:
        """Give a claim back after a failed write, so a redelivery is stored."""
        self._store.release_event(event_id)

    def last_ts(self, channel: str) -> str | None:
        """The newest stored ts of ``channel`` (a backfill resumes from here)."""
        return self._store.last_ts(channel)

    def existing_ts(self, channel: str, ts_values: Iterable[str]) -> set[str]:
        """Which of ``ts_values`` are already stored (a backfill ingests only the others)."""
        return self._store.existing_ts(channel, ts_values)

    def ingest_many(self, raws: Sequence[RawMessage]) -> list[IngestOutcome]:
        """Redact a batch in one pass (backfills, replays) and store each message."""
        plan = [self._parts(raw) for raw in raws]
        flat = [part for parts, _ in plan for part in parts]
        channel = raws[0].channel if raws else None
        results = self._redactor.redact_many(flat, scope=channel) if flat else []
        outcomes: list[IngestOutcome] = []
        offset = 0
        for raw, (parts, truncated) in zip(raws, plan, strict=True):
            mine = results[offset : offset + len(parts)]
            offset += len(parts)
            outcomes.append(self._store_one(self._build(raw, mine, truncated), _merge(mine), truncated))
        return outcomes

    def ingest(self, raw: RawMessage) -> IngestOutcome:
        """Redact and store one message; a duplicate delivery replaces it (stored once)."""
        return self.ingest_many([raw])[0]

    def edit(self, raw: RawMessage) -> IngestOutcome:
        """Replace a stored message with its edited version (redacted like any other)."""
        return self.ingest(raw)

    def delete(self, channel: str, ts: str) -> bool:
        """Remove a message; the board and lifecycle are rebuilt without it."""
        removed = self._store.delete_message(channel, ts)
        if removed:
            self._incidents.invalidate(channel)
        return removed

    def _store_one(self, message: Message, findings: tuple[Finding, ...], truncated: bool) -> IngestOutcome:
        new = self._store.put_message(message)
        if new:
            self._incidents.observe(message)
        else:
            # A redelivery or edit of a stored message may change what the rules saw.
            self._incidents.invalidate(message.channel)
        if truncated:
            log.warning("message %s in %s truncated to MAX_MESSAGE_CHARS", message.ts, message.channel)
        return IngestOutcome(channel=message.channel, ts=message.ts, new=new, findings=findings, truncated=truncated)
