"""The audit trail of model calls: one Redis stream entry per call, exportable as JSONL.

Each record says which prompt version and model were used, a hash of the exact input (never the
input itself), the output (model text about already-redacted messages, scrubbed of token-shaped
strings), token usage, latency and outcome. ``sitrep audit CHANNEL`` writes
``AuditLog.export_jsonl(channel, sys.stdout)``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import datetime
from typing import Concatenate, ParamSpec, TextIO, TypeVar

from pydantic import ValidationError
from redis import exceptions as rx

from bot.audit_record import AuditRecord
from bot.clock import Clock
from bot.errors import StoreError
from bot.store import keys
from bot.store.redis_store import Client, client_location, store_error

P = ParamSpec("P")
R = TypeVar("R")

MAX_OUTPUT_CHARS = 20_000
"""Longer outputs are cut in the record; the hash of the input is kept whole."""


def _guarded(method: Callable[Concatenate[AuditLog, P], R]) -> Callable[Concatenate[AuditLog, P], R]:
    @functools.wraps(method)
    def wrapper(self: AuditLog, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except rx.RedisError as exc:
            raise store_error(exc, client_location(self.client)) from exc

    return wrapper


class AuditLog:
    """Appends and reads per-channel audit streams (``sitrep:{C}:audit``)."""

    def __init__(
        self,
        client: Client,
        clock: Clock,
        *,
        retention_days: int = 90,
        max_records_per_channel: int = 10_000,
        legal_hold: frozenset[str] = frozenset(),
    ) -> None:
        """Wrap ``client`` (built with ``decode_responses=True``).

        Args:
            clock: stamps records whose ``at`` the caller leaves to the log (``now()``).
            retention_days: the stream expires this long after its last record, like the channel's data.
            max_records_per_channel: older records are trimmed (approximately) beyond this many.
            legal_hold: channels whose stream never expires (LEGAL_HOLD_CHANNELS).
        """
        self._hold = legal_hold
        self.client = client
        self.clock = clock
        self._retention_ms = retention_days * 86_400_000
        self._max = max_records_per_channel

    def now(self) -> datetime:
        return self.clock.now()

    @_guarded
    def record(self, record: AuditRecord) -> str:
        """Append ``record`` to its channel's stream; returns the stream entry id."""
        if len(record.output) > MAX_OUTPUT_CHARS:
            cut = len(record.output) - MAX_OUTPUT_CHARS
            record = record.model_copy(update={"output": record.output[:MAX_OUTPUT_CHARS] + f"[… {cut} more]"})
        key = keys.audit(record.channel)
        pipe = self.client.pipeline(transaction=True)
        pipe.xadd(key, {"record": record.model_dump_json(exclude={"id"})}, maxlen=self._max, approximate=True)
        if record.channel in self._hold:
            pipe.persist(key)
        else:
            pipe.pexpire(key, self._retention_ms)
        entry_id, _ = pipe.execute()
        return str(entry_id)

    @_guarded
    def records(self, channel: str) -> list[AuditRecord]:
        """Every record of ``channel``, oldest first."""
        out: list[AuditRecord] = []
        entries = self.client.xrange(keys.audit(channel)) or []
        for raw_id, fields in entries:
            entry_id = str(raw_id)
            try:
                record = AuditRecord.model_validate_json(str((fields or {})["record"]))
            except (KeyError, ValidationError):
                raise StoreError(
                    f"audit entry {entry_id} of {channel} is not a valid audit record",
                    hint="it was written by another program; trim the stream or delete it",
                ) from None
            out.append(record.model_copy(update={"id": entry_id}))
        return out

    @_guarded
    def scrub_outputs(self, channel: str, stale: Callable[[str], bool], note: str, *, attempts: int = 20) -> int:
        """Replace by ``note`` every stored output for which ``stale(output)`` holds; returns how many.

        A stream entry cannot be edited, so the stream is rewritten under WATCH with the same entry
        ids (order and ids stay what ``sitrep audit`` showed before); a record appended meanwhile
        makes it start over. Used when a quoted message is deleted or edited.
        """
        key = keys.audit(channel)
        with self.client.pipeline(transaction=True) as pipe:
            for _ in range(attempts):
                try:
                    pipe.watch(key)
                    entries = pipe.xrange(key) or []
                    rewritten: list[tuple[str, str]] = []
                    count = 0
                    for raw_id, fields in entries:
                        text = str((fields or {}).get("record", ""))
                        try:
                            record = AuditRecord.model_validate_json(text)
                        except ValidationError:
                            rewritten.append((str(raw_id), text))
                            continue
                        if record.output and stale(record.output):
                            record = record.model_copy(update={"output": note})
                            text = record.model_dump_json(exclude={"id"})
                            count += 1
                        rewritten.append((str(raw_id), text))
                    if not count:
                        pipe.unwatch()
                        return 0
                    ttl = pipe.pttl(key)
                    pipe.multi()
                    pipe.delete(key)
                    for entry_id, text in rewritten:
                        pipe.xadd(key, {"record": text}, id=entry_id)
                    pipe.pexpire(key, ttl if isinstance(ttl, int) and ttl > 0 else self._retention_ms)
                    pipe.execute()
                    return count
                except rx.WatchError:
                    continue
        raise StoreError(f"the audit trail of {channel} kept changing; gave up after {attempts} attempts")

    def export_jsonl(self, channel: str, out: TextIO) -> int:
        """Write ``channel``'s audit records to ``out``, one JSON object per line, oldest first.

        Returns:
            How many records were written.
        """
        records = self.records(channel)
        for record in records:
            out.write(json.dumps(record.model_dump(mode="json"), ensure_ascii=False, sort_keys=True) + "\n")
        return len(records)
