"""Identifier and timestamp factories: Slack-shaped IDs and strictly increasing message ``ts`` strings."""

from __future__ import annotations

import secrets
import threading
from collections import defaultdict

from bot.clock import Clock


class IdFactory:
    """Deterministic, Slack-looking IDs: a prefix and a zero-padded per-prefix counter (``C0000000001``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counters: defaultdict[str, int] = defaultdict(int)

    def next(self, prefix: str, width: int = 10) -> str:
        with self._lock:
            self._counters[prefix] += 1
            return f"{prefix}{self._counters[prefix]:0{width}d}"

    def trigger(self) -> str:
        """A trigger_id in Slack's ``<digits>.<digits>.<hex>`` shape."""
        number = self.next("", 10)
        return f"{number}.{number[-6:]}.{secrets.token_hex(16)}"


def ts_to_micros(ts: str) -> int:
    """``"1700000000.000100"`` → microseconds since the epoch; raises ValueError if malformed."""
    seconds, _, fraction = ts.partition(".")
    if not seconds.isdigit() or (fraction and not fraction.isdigit()) or len(fraction) > 6:
        raise ValueError(f"not a Slack timestamp: {ts!r}")
    return int(seconds) * 1_000_000 + int(fraction.ljust(6, "0") or "0")


def micros_to_ts(micros: int) -> str:
    return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"


class TsFactory:
    """Message timestamps from an injected clock, strictly increasing even when the clock stands still."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._last = 0

    def next(self) -> str:
        with self._lock:
            now = int(self._clock.now().timestamp() * 1_000_000)
            self._last = max(now, self._last + 1)
            return micros_to_ts(self._last)

    def now_seconds(self) -> int:
        return int(self._clock.now().timestamp())
