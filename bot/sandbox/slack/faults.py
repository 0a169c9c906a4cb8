"""Fault injection: per-method FIFO of 429s, 5xx, Slack errors, slow answers and dropped connections."""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass
class Fault:
    """What to do instead of (or before) answering a call. ``times=None`` means every matching call."""

    method: str
    status: int | None = None
    retry_after: int | None = None
    error: str | None = None
    delay_s: float = 0.0
    drop_connection: bool = False
    times: int | None = 1

    def describe(self) -> str:
        parts = []
        if self.status is not None:
            parts.append(f"status={self.status}")
        if self.error is not None:
            parts.append(f"error={self.error}")
        if self.delay_s:
            parts.append(f"delay_s={self.delay_s}")
        if self.drop_connection:
            parts.append("drop_connection")
        return ",".join(parts) or "none"


class FaultPlan:
    """Faults queued per method (``"*"`` matches every method); the first match in FIFO order is consumed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        if fault.status is not None and not (fault.status == 429 or 500 <= fault.status <= 599):
            raise ValueError("inject status 429 or 5xx; use error=... for Slack's ok:false errors")
        if fault.times is not None and fault.times < 1:
            raise ValueError("times must be >= 1 or None")
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, method: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.method in (method, "*"):
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times == 0:
                            self._faults.remove(fault)
                    return fault
            return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)
