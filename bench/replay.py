"""Replay throughput on synthetic exports of 1k and 10k messages, in one run.

Each size runs in its own process so its peak RSS is its own. CPU seconds (Sitrep's process, and the
embedded server's) are reported beside wall time: on a shared machine they hold still. Reported: messages/s for the
replay itself (redaction + Redis + rules + sitreps + postmortem; the one-off redactor start-up
is timed separately), peak RSS, and the 10k/1k time ratio — about 10 means cost grows linearly.

    .venv/bin/python bench/replay.py            # prints a table, updates docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.docs import update_section  # noqa: E402

SIZES = (1000, 10000)
MARK_BEGIN = "<!-- bench:replay:begin -->"
MARK_END = "<!-- bench:replay:end -->"


def child(n: int) -> dict[str, float]:
    from bench.synthetic import write_synthetic_export
    from bot.clock import ManualClock
    from bot.config import load_settings
    from bot.domain import ts_to_datetime
    from bot.playback.replay import replay_channel
    from bot.redaction import Redactor
    from bot.services import open_services
    from bot.slackdata.export import read_export

    with tempfile.TemporaryDirectory() as tmp:
        root = write_synthetic_export(Path(tmp) / "export", n)
        export = read_export(root)
        channel = export.channels[0]
        names = {uid: u.display_name or u.real_name or u.name for uid, u in export.users.items()}
        t0 = time.perf_counter()
        redactor = Redactor()
        redactor.redact_many(["warm-up message from someone@example.com"])
        startup = time.perf_counter() - t0
        settings = load_settings(sitrep_data_dir=Path(tmp) / "data")
        clock = ManualClock(ts_to_datetime(channel.events[0].at))
        with open_services(settings, clock=clock, redactor=redactor, ephemeral=True) as services:
            t1, c1 = time.perf_counter(), time.process_time()
            result = replay_channel(services, channel, names=names, out_dir=Path(tmp) / "out")
            elapsed, cpu = time.perf_counter() - t1, time.process_time() - c1
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # The embedded server has exited by now: its CPU time is in the reaped children's.
        server = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {
            "messages": result.messages,
            "events": len(channel.events),
            "sitreps": len(result.sitreps),
            "seconds": elapsed,
            "cpu_s": cpu,
            "server_cpu_s": server.ru_utime + server.ru_stime,
            "startup_s": startup,
            "msgs_per_s": result.messages / elapsed,
            "peak_rss_mb": rss_mb,
        }


def run_sizes() -> list[dict[str, float]]:
    rows = []
    for n in SIZES:
        out = subprocess.run([sys.executable, __file__, "--child", str(n)], check=True, capture_output=True, text=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return rows


def render(rows: list[dict[str, float]]) -> str:
    ratio = rows[1]["seconds"] / rows[0]["seconds"]
    size_ratio = rows[1]["messages"] / rows[0]["messages"]
    lines = [
        MARK_BEGIN,
        "## Replay (`bench/replay.py`)",
        "",
        "Command: `.venv/bin/python bench/replay.py` (synthetic export, 2 cores, embedded Valkey, offline engine).",
        "",
        "| messages | sitreps | replay s | msgs/s | redactor start-up s | peak RSS MB |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {int(r['messages'])} | {int(r['sitreps'])} | {r['seconds']:.2f} | {r['msgs_per_s']:.0f} | "
        f"{r['startup_s']:.2f} | {r['peak_rss_mb']:.0f} |"
        for r in rows
    ]
    lines += [
        "",
        f"10k/1k time ratio: **{ratio:.2f}** for {size_ratio:.0f}× the messages "
        f"({'about linear' if ratio <= size_ratio * 1.3 else 'worse than linear'}).",
        MARK_END,
    ]
    return "\n".join(lines)


def update_doc(section: str) -> None:
    update_section(section, MARK_BEGIN, MARK_END)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int)
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    section = render(run_sizes())
    print(section)
    if not args.no_doc:
        update_doc(section)


if __name__ == "__main__":
    main()
