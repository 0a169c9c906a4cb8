"""Ingest: every message is redacted here, once, before anything stores, logs or summarises it."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.analysis.bot_kind import kind_of_bot
from bot.domain import Message, RawMessage
from bot.redaction.result import Finding, RedactionResult

if TYPE_CHECKING:
    from bot.core.forget import Forgetter
    from bot.core.incidents import Incidents
    from bot.redaction import Redactor
    from bot.store import Store
    from bot.store.redis_store import EventClaim

log = logging.getLogger(__name__)

TRUNCATION_NOTE = "\n[… {dropped} more characters not kept: message longer than MAX_MESSAGE_CHARS]"
REJECT_FACTOR = 4
"""A message whose parts add up to more than this many times MAX_MESSAGE_CHARS is refused whole:
redacting it all would cost seconds and hundreds of MB, and cutting it first could keep half a token."""
TYPOGRAPHIC_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
"""Curly quotes as a phone keyboard or a Mac types them ("don\u2019t think so"), stored straight so the engine
reads "don't" and "it's" one way; one character for one, so lengths and limits are unchanged."""
_PLACEHOLDER_TAIL = re.compile(r"<[A-Z_]*\d*$")


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one message: stored (new or replaced) and what redaction found."""

    channel: str
    ts: str
    new: bool
    findings: tuple[Finding, ...]
    truncated: bool = False
    rejected: bool = False
    """Too large to store: nothing of it was kept (a stored earlier version was removed)."""

    @property
    def secrets(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.secret)


def _merge(results: Sequence[RedactionResult]) -> tuple[Finding, ...]:
    counts: dict[tuple[str, bool], int] = {}
    for result in results:
        for f in result.findings:
            counts[(f.entity_type, f.secret)] = counts.get((f.entity_type, f.secret), 0) + f.count
    return tuple(Finding(t, n, s) for (t, s), n in sorted(counts.items()))


def cut(text: str, limit: int) -> str:
    """``text`` (already redacted) cut to ``limit`` characters, never inside a ``<TYPE_n>`` placeholder."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    tail = _PLACEHOLDER_TAIL.search(head[-48:])
    return head[: len(head) - len(tail.group(0))] if tail else head


Built = tuple[Message, bool, tuple[Finding, ...]]
"""A redacted message ready to store, whether it was truncated, and what redaction found."""


def _size(raw: RawMessage) -> int:
    return len(raw.text) + sum(map(len, raw.extra_texts)) + sum(map(len, raw.files)) + len(raw.user_name or "")


class Ingestor:
    """Redacts, stores and folds messages into the incident; edits replace, deletes remove.

    Order matters for what is kept: every part (text, block and attachment texts, file titles)
    is redacted whole and only then cut to MAX_MESSAGE_CHARS, so a cut never keeps half of a
    token the redactor would have recognised. An author name that is not a workspace member's
    (an integration's, a Slack Connect guest's) is stored as a ``<PERSON_n>`` placeholder; a bot's
    post keeps only the kind of tool its name named (``Message.bot_kind``), so a status page named
    after its company still reads as a status page.
    """

    def __init__(
        self,
        store: Store,
        redactor: Redactor,
        incidents: Incidents,
        *,
        max_chars: int,
        forget: Forgetter | None = None,
    ) -> None:
        """Args:
        max_chars: MAX_MESSAGE_CHARS, what is kept of a message's text (and of each file title).
        forget: scrubs what stored sitreps, drafts and audit records quoted from a message that
            is deleted or edited (None: only the message itself and the board are replaced).
        """
        self._store = store
        self._redactor = redactor
        self._incidents = incidents
        self._max_chars = max_chars
        self._reject_chars = max_chars * REJECT_FACTOR
        self._forget = forget

    def add_member_names(self, names: Iterable[str]) -> None:
        """Workspace members' names: responders are incident facts, so the redactor keeps them."""
        self._redactor.add_known_names(names)

    def _parts(self, raw: RawMessage) -> list[str] | None:
        """The texts to redact, or None when the message is too large to take in at all."""
        if raw.oversized or _size(raw) > self._reject_chars:
            return None
        return [raw.text, *raw.extra_texts, *raw.files]

    def _build(self, raw: RawMessage, results: Sequence[RedactionResult]) -> Built:
        n_extra = len(raw.extra_texts)
        text = results[0].text
        extras = [r.text for r in results[1 : 1 + n_extra] if r.text.strip()]
        if extras:
            text = "\n".join([text, *extras]) if text.strip() else "\n".join(extras)
        text = text.translate(TYPOGRAPHIC_QUOTES)
        truncated = len(text) > self._max_chars
        if truncated:
            kept = cut(text, self._max_chars)
            text = kept + TRUNCATION_NOTE.format(dropped=len(text) - len(kept))
        name_results: list[RedactionResult] = []
        user_name = raw.user_name
        # Read before the name is redacted: only the kind of tool survives, never the name's words.
        bot_kind = kind_of_bot(user_name) if raw.is_bot else None
        if user_name and not raw.author_is_member:
            named = self._redactor.redact_name(user_name, scope=raw.channel)
            name_results.append(named)
            user_name = named.text
        findings = _merge([*results, *name_results])
        message = Message(
            channel=raw.channel,
            ts=raw.ts,
            text=text,
            user=raw.user,
            user_name=user_name,
            thread_ts=raw.thread_ts,
            subtype=raw.subtype,
            is_bot=raw.is_bot,
            edited_ts=raw.edited_ts,
            files=tuple(cut(r.text, self._max_chars) for r in results[1 + n_extra :]),
            redacted=tuple(f.entity_type for f in findings),
            bot_kind=bot_kind,
        )
        return message, truncated, findings

    def claim_event(self, event_id: str) -> EventClaim:
        """Claim a Slack ``event_id`` for this delivery: ``claimed``, ``done`` (stored) or ``busy``.

        Claim, store, then ``finish_event``: a claim lapses (or is released) when the work fails,
        so Slack's redelivery of the event is stored instead of being dropped as a duplicate.
        """
        return self._store.claim_event(event_id)

    def claim_events(self, event_ids: Sequence[str]) -> list[EventClaim]:
        """``claim_event`` for a batch in one round trip (Socket Mode's event lane)."""
        return self._store.claim_events(event_ids)

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
        """Redact a batch in one pass (backfills, replays, the ingest worker) and store it in one pipeline.

        Each message is stored once however often it is delivered; the lifecycle is folded from a
        cached incident state and written only when it changes.
        """
        return self._ingest_many(raws, replacing=False)

    def finish_events(self, event_ids: Sequence[str]) -> None:
        """``finish_event`` for a whole batch in one round trip (the worker, after ``ingest_many``)."""
        self._store.finish_events(event_ids)

    def _ingest_many(self, raws: Sequence[RawMessage], *, replacing: bool) -> list[IngestOutcome]:
        plan = [self._parts(raw) for raw in raws]
        flat = [part for parts in plan if parts is not None for part in parts]
        channel = raws[0].channel if raws else None
        results = self._redactor.redact_many(flat, scope=channel) if flat else []
        built: list[Built | None] = []
        offset = 0
        for raw, parts in zip(raws, plan, strict=True):
            if parts is None:
                built.append(None)
                continue
            built.append(self._build(raw, results[offset : offset + len(parts)]))
            offset += len(parts)
        if replacing:
            return [
                self._reject(raw) if item is None else self._store_one(item[0], item[2], item[1], replacing=True)
                for raw, item in zip(raws, built, strict=True)
            ]
        return self._store_batch(raws, built)

    def _store_batch(self, raws: Sequence[RawMessage], built: Sequence[Built | None]) -> list[IngestOutcome]:
        """Store new messages in one pipeline, then fold the new ones into their incidents."""
        messages = [item[0] for item in built if item is not None]
        new_flags = iter(self._store.put_messages(messages))
        outcomes: list[IngestOutcome] = []
        fresh: list[Message] = []
        replaced: list[str] = []
        for raw, item in zip(raws, built, strict=True):
            if item is None:
                outcomes.append(self._reject(raw))
                continue
            message, truncated, findings = item
            new = next(new_flags)
            if new:
                fresh.append(message)
            else:
                replaced.append(message.channel)
            if truncated:
                log.warning("message %s in %s truncated to MAX_MESSAGE_CHARS", message.ts, message.channel)
            outcomes.append(
                IngestOutcome(channel=message.channel, ts=message.ts, new=new, findings=findings, truncated=truncated)
            )
        if fresh:
            self._incidents.observe_many(fresh)
        for ch in dict.fromkeys(replaced):
            # A redelivery of a stored message may change what the rules saw.
            self._incidents.invalidate(ch)
        return outcomes

    def ingest(self, raw: RawMessage) -> IngestOutcome:
        """Redact and store one message; a duplicate delivery replaces it (stored once)."""
        return self._ingest_many([raw], replacing=False)[0]

    def edit(self, raw: RawMessage) -> IngestOutcome:
        """Replace a stored message with its edited version (redacted like any other); what stored
        sitreps, drafts and audit records quoted of the old text is scrubbed."""
        return self._ingest_many([raw], replacing=True)[0]

    def delete(self, channel: str, ts: str) -> bool:
        """Remove a message; the board and lifecycle are rebuilt without it, and what stored
        sitreps, drafts and audit records quoted of it is scrubbed."""
        old = self._store.get_message(channel, ts) if self._forget is not None else None
        removed = self._store.delete_message(channel, ts)
        if removed:
            self._incidents.invalidate(channel)
        if old is not None and self._forget is not None:
            self._forget.forget(old, None)
        return removed

    def _reject(self, raw: RawMessage) -> IngestOutcome:
        # An edit that made a stored message too large must not leave the old text standing.
        removed = self.delete(raw.channel, raw.ts)
        log.warning(
            "message %s in %s not stored: %d characters of text, attachments and titles, more than %d "
            "(%d x MAX_MESSAGE_CHARS)%s",
            raw.ts,
            raw.channel,
            _size(raw),
            self._reject_chars,
            REJECT_FACTOR,
            "; its earlier version was removed" if removed else "",
        )
        return IngestOutcome(channel=raw.channel, ts=raw.ts, new=False, findings=(), rejected=True)

    def _store_one(
        self, message: Message, findings: tuple[Finding, ...], truncated: bool, *, replacing: bool
    ) -> IngestOutcome:
        old = self._store.get_message(message.channel, message.ts) if replacing and self._forget else None
        new = self._store.put_message(message)
        if old is not None and self._forget is not None and _quotable(old) != _quotable(message):
            self._forget.forget(old, message)
        if new:
            self._incidents.observe(message)
        else:
            # A redelivery or edit of a stored message may change what the rules saw.
            self._incidents.invalidate(message.channel)
        if truncated:
            log.warning("message %s in %s truncated to MAX_MESSAGE_CHARS", message.ts, message.channel)
        return IngestOutcome(channel=message.channel, ts=message.ts, new=new, findings=findings, truncated=truncated)


def _quotable(message: Message) -> tuple[str, tuple[str, ...], str | None]:
    """What of a message others can quote: a change here makes stored quotes stale."""
    return message.text, message.files, message.user_name
