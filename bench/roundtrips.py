"""Redis round trips and server commands per live event and per replayed message, measured.

Each scenario runs in its own process against a fresh embedded Valkey. Round trips are counted by
a connection class that counts every packet redis-py sends and then waits on (one command, one
pipeline or one transaction is one round trip); server commands are read from the server's own
``INFO commandstats`` (reset before each scenario), so commands run inside Lua scripts count too.

Scenarios:

* ``live-1``: one event at a time as the Slack front did it (``is_tracked``, ``claim_event``,
  ``ingest_many([one])``, ``finish_event``);
* ``worker-10``: the ingest worker's micro-batches of 10 (a claim per event at the front, then one
  ``ingest_many`` and the batch's finishes; ``finish_events`` when the tree has it);
* ``replay``: ``sitrep replay`` of a synthetic 1k-message export, per replayed message.

``--tree DIR`` measures another checkout (e.g. the code before a change) with the same scenarios:

    .venv/bin/python bench/roundtrips.py --tree /tmp/before --tree .      # before and after, one run
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
N_LIVE = 300
BATCH = 10
REPLAY_MESSAGES = 1000
TEXTS = [
    "ledger-sync lag at 14 min and climbing, 502s on /v2/transfers since 07:40 UTC",
    "could the new envoy filter on edge-7 be eating the retries?",
    "pausing the nightly reindex job and draining node pool b now",
    "merchant contact ana.souza@example.net says payouts are stuck for 3 accounts",
    "lag back under 30 s, transfer errors 0.2%",
]
MARK_BEGIN = "<!-- bench:roundtrips:begin -->"
MARK_END = "<!-- bench:roundtrips:end -->"


def _counting_client(url: str) -> tuple[Any, dict[str, int]]:
    import redis

    sent = {"round_trips": 0}

    class CountingConnection(redis.Connection):
        def send_packed_command(self, command: Any, check_health: bool = True) -> None:
            sent["round_trips"] += 1
            super().send_packed_command(command, check_health)

    host, port = url.removeprefix("redis://").split(":")
    pool = redis.ConnectionPool(connection_class=CountingConnection, host=host, port=int(port), decode_responses=True)
    return redis.Redis(connection_pool=pool), sent


def _commands(admin: Any) -> tuple[int, dict[str, int]]:
    stats = admin.info("commandstats")
    per = {name.removeprefix("cmdstat_"): int(v["calls"]) for name, v in stats.items()}
    for own in ("info", "config", "hello", "client", "ping"):
        per.pop(own, None)
    return sum(per.values()), per


def child(scenario: str) -> dict[str, Any]:
    import redis

    from bot.clock import ManualClock
    from bot.config import Settings
    from bot.domain import RawMessage, ts_to_datetime
    from bot.redaction import Redactor
    from bot.services import build
    from bot.store import EmbeddedRedis, Store

    with tempfile.TemporaryDirectory() as tmp, EmbeddedRedis(Path(tmp) / "redis") as server:
        admin = redis.Redis.from_url(server.url, decode_responses=True)
        client, sent = _counting_client(server.url)
        redactor = Redactor()
        if scenario == "replay":
            return _replay(tmp, client, sent, admin, redactor)
        t0 = 1_773_478_800
        clock = ManualClock(ts_to_datetime(f"{t0}.000000"))
        store = Store(client, clock=clock)
        settings = Settings(_env_file=None, sitrep_data_dir=Path(tmp) / "data")  # type: ignore[call-arg]
        services = build(settings, clock=clock, store=store, redactor=redactor)
        channel = "C0BENCH01"
        services.incidents.open(channel, "inc-bench")
        raws = []
        for i in range(N_LIVE + 1):
            ts = f"{t0 + i}.{i:06d}"
            thread = f"{t0}.000000" if i % 4 == 3 else None  # a quarter are thread replies
            raws.append(
                RawMessage(channel=channel, ts=ts, text=f"{TEXTS[i % len(TEXTS)]} (#{i})", user="U1", thread_ts=thread)
            )
        ing = services.ingestor
        # Warm up: connection handshakes and script loading are not per-event costs.
        ing.claim_event("EvWarm")
        ing.ingest_many([raws[0]])
        ing.finish_event("EvWarm")
        admin.config_resetstat()
        sent["round_trips"] = 0
        events = raws[1:]
        started = time.process_time()
        # 50 events/s of clock: cached state ages as it would live (the incident copy is re-read
        # once a second, the retention refresh is due once a minute).
        step = timedelta(milliseconds=20)
        if scenario == "live-1":
            for i, raw in enumerate(events):
                clock.advance(step)
                services.incidents.is_tracked(channel)
                ing.claim_event(f"Ev{i}")
                ing.ingest_many([raw])
                ing.finish_event(f"Ev{i}")
        else:
            finish_many = getattr(ing, "finish_events", None)
            for start in range(0, len(events), BATCH):
                batch = events[start : start + BATCH]
                ids = [f"Ev{start + j}" for j in range(len(batch))]
                for eid in ids:  # the front: tracked check and claim per event, then queue it
                    clock.advance(step)
                    services.incidents.is_tracked(channel)
                    ing.claim_event(eid)
                ing.ingest_many(batch)
                if finish_many is not None:
                    finish_many(ids)
                else:
                    for eid in ids:
                        ing.finish_event(eid)
        cpu = time.process_time() - started
        total, per = _commands(admin)
        n = len(events)
        return {
            "scenario": scenario,
            "events": n,
            "cpu_ms": 1000 * cpu / n,
            "round_trips": sent["round_trips"] / n,
            "commands": total / n,
            "pexpire": per.get("pexpire", 0) / n,
            "top": dict(sorted(per.items(), key=lambda kv: -kv[1])[:8]),
        }


def _replay(tmp: str, client: Any, sent: dict[str, int], admin: Any, redactor: Any) -> dict[str, Any]:
    from bench.synthetic import write_synthetic_export
    from bot.clock import ManualClock
    from bot.config import Settings
    from bot.domain import ts_to_datetime
    from bot.playback.replay import replay_channel
    from bot.services import build
    from bot.slackdata.export import read_export
    from bot.store import Store

    root = write_synthetic_export(Path(tmp) / "export", REPLAY_MESSAGES)
    export = read_export(root)
    channel = export.channels[0]
    names = {uid: u.display_name or u.real_name or u.name for uid, u in export.users.items()}
    clock = ManualClock(ts_to_datetime(channel.events[0].at))
    store = Store(client, clock=clock)
    settings = Settings(_env_file=None, sitrep_data_dir=Path(tmp) / "data")  # type: ignore[call-arg]
    services = build(settings, clock=clock, store=store, redactor=redactor)
    store.ping()
    admin.config_resetstat()
    sent["round_trips"] = 0
    result = replay_channel(services, channel, names=names, out_dir=Path(tmp) / "out")
    total, per = _commands(admin)
    n = len(channel.events)
    return {
        "scenario": "replay",
        "events": n,
        "stored": result.messages,
        "round_trips": sent["round_trips"] / n,
        "commands": total / n,
        "pexpire": per.get("pexpire", 0) / n,
        "top": dict(sorted(per.items(), key=lambda kv: -kv[1])[:8]),
    }


def run(trees: list[Path], scenarios: list[str]) -> list[dict[str, Any]]:
    rows = []
    for tree in trees:
        for scenario in scenarios:
            env = {**os.environ, "PYTHONPATH": str(tree)}
            out = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--child", scenario],
                check=True,
                capture_output=True,
                text=True,
                cwd=tree,
                env=env,
            )
            row = json.loads(out.stdout.strip().splitlines()[-1])
            head = subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], check=False, cwd=tree, capture_output=True, text=True
            )
            row["tree"] = head.stdout.strip() or str(tree)
            rows.append(row)
    return rows


def render(rows: list[dict[str, Any]]) -> str:
    lines = [
        MARK_BEGIN,
        "## Redis round trips and commands (`bench/roundtrips.py`)",
        "",
        "| tree | scenario | events | round trips / event | server commands / event | PEXPIRE | CPU ms / event |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['tree']} | {r['scenario']} | {r['events']} | {r['round_trips']:.2f} | {r['commands']:.2f} | "
        f"{r['pexpire']:.2f} | {r.get('cpu_ms', 0):.2f} |"
        for r in rows
    ]
    lines.append(MARK_END)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child")
    parser.add_argument("--tree", action="append", type=Path)
    parser.add_argument("--scenario", action="append", choices=["live-1", "worker-10", "replay"])
    parser.add_argument("--write-doc", action="store_true", help="update docs/benchmarks.md between the markers")
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, os.getcwd())
        print(json.dumps(child(args.child)))
        return
    rows = run(args.tree or [ROOT], args.scenario or ["live-1", "worker-10", "replay"])
    for r in rows:
        print(json.dumps(r))
    print(render(rows))
    if args.write_doc:
        from bench.docs import update_section

        command = "`.venv/bin/python bench/roundtrips.py --tree <checkout of the code before> --tree . --write-doc`"
        update_section(f"{render(rows)[: -len(MARK_END)]}\nRun: {command}\n{MARK_END}", MARK_BEGIN, MARK_END)


if __name__ == "__main__":
    main()
