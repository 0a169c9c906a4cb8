"""Cost of one scheduler tick with 1, 50 and 500 tracked channels, 10% of them active.

Reported per size: wall time and Redis commands (server-side ``commandstats``) for a tick in
which the active channels are due, and for an idle tick right after (nobody posted). The
baseline in the same run is the 1-channel tick: idle-tick cost should stay flat as channels
grow, and a due tick should grow with the number of *active* channels only.

    .venv/bin/python bench/tick.py         # prints a table, updates docs/benchmarks.md
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.docs import update_section  # noqa: E402
from bot.clock import ManualClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.domain import RawMessage, datetime_to_ts  # noqa: E402
from bot.redaction import Redactor  # noqa: E402
from bot.services import build  # noqa: E402
from bot.store import EmbeddedRedis, Store  # noqa: E402

SIZES = (1, 50, 500)
REPEATS = 5
IDLE_TICKS = 200
MARK_BEGIN = "<!-- bench:tick:begin -->"
MARK_END = "<!-- bench:tick:end -->"
START = datetime(2026, 3, 14, 22, 0, tzinfo=UTC)


def commands(store: Store) -> int:
    stats = store.client.info("commandstats")
    return sum(int(v["calls"]) for v in stats.values() if isinstance(v, dict))


def measure(size: int, redis_url: str, redactor: Redactor) -> dict[str, float]:
    import redis

    client = redis.Redis.from_url(redis_url, decode_responses=True)
    client.flushall()
    clock = ManualClock(START)
    store = Store(client, clock=clock)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    services = build(settings, clock=clock, store=store, redactor=redactor)
    channels = [f"CB{i:04d}" for i in range(size)]
    for i, ch in enumerate(channels):
        services.incidents.open(ch, f"inc-bench-{i}")
        services.ingestor.ingest(
            RawMessage(channel=ch, ts=datetime_to_ts(START, i + 1), text="checkout 5xx climbing", user="U1")
        )
    services.sitreps.tick(START + timedelta(minutes=1), lambda _s: None)  # everyone has a first sitrep
    due, idle, due_cmds, idle_cmds = [], [], [], []
    active = channels[: max(1, size // 10)]
    for r in range(REPEATS):
        minute = 12 + 11 * r
        for ch in active:
            when = START + timedelta(minutes=minute - 1)
            services.ingestor.ingest(
                RawMessage(channel=ch, ts=datetime_to_ts(when, r + 1), text="rolling back deploy", user="U2")
            )
        now = START + timedelta(minutes=minute)
        c0, t0 = commands(store), time.perf_counter()
        posted = services.sitreps.tick(now, lambda _s: None)
        due.append((time.perf_counter() - t0) * 1000)
        due_cmds.append(commands(store) - c0 - 1)  # minus the INFO call itself
        assert len(posted) == len(active), (len(posted), len(active))
        # Sub-millisecond: time IDLE_TICKS idle ticks and take the mean, or noise dominates.
        c1, t1 = commands(store), time.perf_counter()
        for k in range(IDLE_TICKS):
            services.sitreps.tick(now + timedelta(minutes=1, seconds=k), lambda _s: None)
        idle.append((time.perf_counter() - t1) * 1000 / IDLE_TICKS)
        idle_cmds.append((commands(store) - c1 - 1) / IDLE_TICKS)
    client.close()
    return {
        "channels": size,
        "active": len(active),
        "due_ms": statistics.median(due),
        "due_cmds": statistics.median(due_cmds),
        "idle_ms": statistics.median(idle),
        "idle_cmds": statistics.median(idle_cmds),
    }


def render(rows: list[dict[str, float]]) -> str:
    base = rows[0]
    lines = [
        MARK_BEGIN,
        "## Scheduler tick (`bench/tick.py`)",
        "",
        "Command: `.venv/bin/python bench/tick.py` (embedded Valkey, offline engine, median of "
        f"{REPEATS} due ticks; idle ticks are the mean of {IDLE_TICKS}). Redis cost is counted server-side "
        "(`INFO commandstats`).",
        "",
        "| tracked | active | due tick ms | due tick Redis cmds | idle tick ms | idle tick Redis cmds "
        "| idle ms vs 1 channel |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {int(r['channels'])} | {int(r['active'])} | {r['due_ms']:.1f} | {int(r['due_cmds'])} | "
        f"{r['idle_ms']:.3f} | {r['idle_cmds']:g} | {r['idle_ms'] / base['idle_ms']:.2f}× |"
        for r in rows
    ]
    per_active = [r["due_cmds"] / r["active"] for r in rows]
    lines += [
        "",
        f"Redis commands per active channel in a due tick: {', '.join(f'{x:.0f}' for x in per_active)} "
        "(1 / 50 / 500 tracked): the cost follows active channels, not tracked ones.",
        MARK_END,
    ]
    return "\n".join(lines)


def update_doc(section: str) -> None:
    update_section(section, MARK_BEGIN, MARK_END)


def main() -> None:
    redactor = Redactor()
    with tempfile.TemporaryDirectory() as tmp, EmbeddedRedis(Path(tmp)) as server:
        rows = [measure(size, server.url, redactor) for size in SIZES]
    section = render(rows)
    print(section)
    if "--no-doc" not in sys.argv:
        update_doc(section)


if __name__ == "__main__":
    main()
