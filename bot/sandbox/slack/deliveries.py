"""The delivery log: every attempt to hand an event, command or interaction to the app, and how it ended."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from typing import Literal

from .model import JSON

Transport = Literal["socket", "http"]
Outcome = Literal["pending", "acked", "timeout", "http_error", "connection_failed", "undeliverable"]


@dataclass
class Delivery:
    """One attempt. ``retry_attempt`` 0 is the first try; a retry of the same event keeps its ``event_id``."""

    seq: int
    transport: Transport
    kind: str
    event_id: str | None
    envelope_id: str | None
    retry_attempt: int
    retry_reason: str
    outcome: Outcome = "pending"
    status: int | None = None
    body: str | None = None
    ack_payload: JSON | None = None
    latency_s: float | None = None
    started: float = field(default_factory=time.monotonic, repr=False)


class DeliveryLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[Delivery] = []

    def start(
        self,
        *,
        transport: Transport,
        kind: str,
        event_id: str | None,
        envelope_id: str | None = None,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> Delivery:
        with self._lock:
            item = Delivery(
                seq=len(self._items) + 1,
                transport=transport,
                kind=kind,
                event_id=event_id,
                envelope_id=envelope_id,
                retry_attempt=retry_attempt,
                retry_reason=retry_reason,
            )
            self._items.append(item)
            return item

    def finish(
        self,
        item: Delivery,
        outcome: Outcome,
        *,
        status: int | None = None,
        body: str | None = None,
        ack_payload: JSON | None = None,
    ) -> None:
        with self._lock:
            if item.outcome != "pending":
                return
            item.outcome = outcome
            item.status = status
            item.body = body
            item.ack_payload = ack_payload
            item.latency_s = time.monotonic() - item.started

    def all(self) -> list[Delivery]:
        """Snapshots (copies) of every attempt, oldest first."""
        with self._lock:
            return [replace(item) for item in self._items]

    def for_event(self, event_id: str) -> list[Delivery]:
        return [d for d in self.all() if d.event_id == event_id]


@dataclass(frozen=True)
class InteractionResult:
    """What happened when a person ran a slash command, clicked a button or submitted a modal.

    ``acked`` is whether the app acknowledged in time (HTTP 2xx, or a Socket Mode ack within the ack timeout);
    ``payload`` is the ack body as JSON (HTTP JSON body, or the ack's ``payload``), ``{"text": body}`` for a
    plain-text HTTP body, or None. ``error`` is ``dispatch_failed`` when no transport is connected, or
    ``timeout`` / ``http_error`` / ``connection_failed``.
    """

    transport: Transport | None
    acked: bool
    elapsed_s: float
    status: int | None = None
    body: str = ""
    payload: JSON | None = None
    error: str | None = None
    trigger_id: str | None = None
    response_url: str | None = None
