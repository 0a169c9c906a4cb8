"""Soak: resident memory over 100k distinct messages through the redactor, in one run.

Every message is new to spaCy (random tokens, hostnames, pod names, emails, people's names), the
worst case for its vocabulary. Two child processes redact the same messages one at a time, scoped
to their channel as ingest does, each with its own RSS:

- ``bounded``: the redactor as shipped (spaCy forgets the words it learnt after every batch, and
  a fresh pipeline is swapped in every 50k texts);
- ``unbounded``: the same redactor with ``vocab_reset_every=None`` (the old behaviour), the
  baseline that shows what the resets save.

Reported per checkpoint: the process's current RSS (``/proc/self/statm``, not the peak), the size
of spaCy's ``StringStore`` and messages/s. Growth is measured from the RSS after a warm-up of
``WARMUP`` messages. The children run side by side, one per core.

By default the messages go through the ``Redactor`` alone: the real ``Ingestor`` (embedded Valkey,
incident state) runs at about 200 msgs/s here against the redactor's 600-700, so 100k messages
would take over eight minutes per mode. ``--ingest`` sends them through the ``Ingestor`` instead
(use it with ``--quick``); the memory figures are the same within a few MB.

    .venv/bin/python bench/soak.py            # 10k, 50k, 100k; prints a table, updates docs/benchmarks.md
    .venv/bin/python bench/soak.py --quick    # 2k, 5k, 10k in well under a minute
    .venv/bin/python bench/soak.py --no-doc   # print only
    .venv/bin/python bench/soak.py --quick --ingest --no-doc
"""

from __future__ import annotations

import argparse
import json
import os
import random
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.docs import update_section  # noqa: E402

if TYPE_CHECKING:
    from bot.redaction import Redactor

CHECKPOINTS = (10_000, 50_000, 100_000)
QUICK_CHECKPOINTS = (2_000, 5_000, 10_000)
WARMUP = 2_000
QUICK_WARMUP = 500
PER_CHANNEL = 1_000
"""Messages per incident channel (a new channel, and placeholder scope, after each thousand)."""
BASE_TS = 1_773_480_000
MODES = {"bounded": "as shipped", "unbounded": "`vocab_reset_every=None` (baseline)"}
MARK_BEGIN = "<!-- bench:soak:begin -->"
MARK_END = "<!-- bench:soak:end -->"

FIRST = ["Elena", "Marcus", "Jonas", "Wei", "Fatima", "Olu", "Carlos", "Ingrid", "Tariq", "Yuki", "Dmitri", "Amara"]
LAST = ["Rossi", "Schmidt", "Nakamura", "Lindqvist", "Haddad", "Moreau", "Silva", "Kowalski", "Mensah", "Varga"]
TEMPLATES = [
    "{person} says {host} returns 503 for request {token}",
    "deploy {sha} to {host} failed: error {token} at step {n}",
    "customer {user}@{domain} sees timeouts on {host}, trace {token}",
    "p99 {n}ms on {host}, pod {pod} restarting ({token})",
    "{person}: I suspect {pod} on {host}, it logs {token} since {n}s",
    "rolling back {sha} on {host}; ticket {token} owned by {person}",
]


def _word(rng: random.Random, n: int, alphabet: str = string.ascii_lowercase + string.digits) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _surname(rng: random.Random) -> str:
    # A made-up surname as often as a common one, so names are new words too.
    return rng.choice(LAST) if rng.random() < 0.5 else _word(rng, 7, string.ascii_lowercase).capitalize()


def message(rng: random.Random) -> str:
    """One distinct incident-channel message: at least four words spaCy has never seen."""
    return rng.choice(TEMPLATES).format(
        person=f"{rng.choice(FIRST)} {_surname(rng)}",
        host=f"{_word(rng, 6)}-{rng.randrange(100)}.{_word(rng, 4)}.internal",
        token=_word(rng, 12),
        sha=_word(rng, 7, "0123456789abcdef"),
        pod=f"{_word(rng, 5)}-{_word(rng, 5)}",
        user=_word(rng, 8, string.ascii_lowercase),
        domain=f"{_word(rng, 6, string.ascii_lowercase)}.com",
        n=rng.randrange(100, 10_000),
    )


def rss_mb() -> float:
    """The current resident set size of this process, in MB."""
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(mode: str, checkpoints: tuple[int, ...], warmup: int, *, ingest: bool) -> dict[str, object]:
    """Redact (or ingest) ``checkpoints[-1]`` messages here; RSS and vocabulary at each checkpoint."""
    from bot.redaction import Redactor

    members = ["Priya Raman"]
    redactor = Redactor(members, vocab_reset_every=None) if mode == "unbounded" else Redactor(members)
    if not ingest:
        done = 0

        def redact(channel: str, ts: str, text: str) -> None:
            nonlocal done
            redactor.redact(text, scope=channel)
            done += 1

        rows = _drive(redact, redactor, checkpoints, warmup)
        return {"mode": mode, "warmup": warmup, "rows": rows, "done": done}

    import redis

    from bot.clock import SystemClock
    from bot.config import Settings
    from bot.domain import RawMessage
    from bot.services import build
    from bot.store import EmbeddedRedis, Store

    with tempfile.TemporaryDirectory() as tmp, EmbeddedRedis(Path(tmp)) as server:
        client = redis.Redis.from_url(server.url, decode_responses=True)
        clock = SystemClock()
        store = Store(client, clock=clock)
        settings = Settings(_env_file=None, sitrep_data_dir=Path(tmp) / "data")  # type: ignore[call-arg]
        ingestor = build(settings, clock=clock, store=store, redactor=redactor).ingestor

        def ingest_one(channel: str, ts: str, text: str) -> None:
            ingestor.ingest(RawMessage(channel=channel, ts=ts, text=text, user="U0SOAK0001", user_name=members[0]))

        rows = _drive(ingest_one, redactor, checkpoints, warmup)
        stored = sum(store.count_messages(f"C{c:05d}") for c in range(checkpoints[-1] // PER_CHANNEL + 1))
        client.close()
    return {"mode": mode, "warmup": warmup, "rows": rows, "done": stored}


def _drive(
    handle: Callable[[str, str, str], None], redactor: Redactor, checkpoints: tuple[int, ...], warmup: int
) -> list[dict[str, float]]:
    rng = random.Random(20260314)
    todo = sorted({warmup, *checkpoints})
    rows: list[dict[str, float]] = []
    t0 = time.perf_counter()
    for i in range(1, todo[-1] + 1):
        handle(f"C{i // PER_CHANNEL:05d}", f"{BASE_TS + i}.{i % 1_000_000:06d}", message(rng))
        if i in todo:
            rows.append(
                {
                    "messages": i,
                    "rss_mb": rss_mb(),
                    "strings": redactor.vocabulary_size(),
                    "msgs_per_s": i / (time.perf_counter() - t0),
                }
            )
            print(f"soak: {i:,} messages, RSS {rows[-1]['rss_mb']:.0f} MB", file=sys.stderr, flush=True)
    return rows


def run(checkpoints: tuple[int, ...], warmup: int, *, ingest: bool) -> dict[str, dict[str, object]]:
    """Both modes side by side, each in its own process (so each RSS is its own)."""
    procs = {
        mode: subprocess.Popen(
            [sys.executable, __file__, "--child", mode, "--checkpoints", ",".join(map(str, checkpoints))]
            + ["--warmup", str(warmup)]
            + (["--ingest"] if ingest else []),
            stdout=subprocess.PIPE,
            text=True,
        )
        for mode in MODES
    }
    results: dict[str, dict[str, object]] = {}
    for mode, proc in procs.items():
        out, _ = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"soak child {mode!r} failed with exit code {proc.returncode}")
        results[mode] = json.loads(out.strip().splitlines()[-1])
    return results


def growth(result: dict[str, object]) -> float:
    """RSS growth from the end of the warm-up to the last checkpoint, as a fraction."""
    rows = result["rows"]
    assert isinstance(rows, list)
    return float(rows[-1]["rss_mb"]) / float(rows[0]["rss_mb"]) - 1


def render(results: dict[str, dict[str, object]], command: str, seconds: float, *, ingest: bool) -> str:
    path = (
        "the real `Ingestor` (redaction, embedded Valkey, incident state)"
        if ingest
        else "the `Redactor` alone (`redact` per message, scoped to its channel)"
    )
    lines = [
        MARK_BEGIN,
        "## Memory over a long run (`bench/soak.py`)",
        "",
        f"Command: `{command}` — distinct messages (random tokens, hostnames, pods, emails, names; "
        f"a new channel every {PER_CHANNEL:,}) through {path}, once with the redactor as shipped and "
        "once with spaCy's vocabulary never reset; the two processes run side by side on 2 cores. "
        f"RSS is the current resident size. Wall time {seconds:.0f} s.",
        "",
        "| messages | RSS MB (as shipped) | spaCy strings | msgs/s | RSS MB (never reset) | spaCy strings | msgs/s |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    bounded, unbounded = results["bounded"]["rows"], results["unbounded"]["rows"]
    assert isinstance(bounded, list)
    assert isinstance(unbounded, list)
    for b, u in zip(bounded, unbounded, strict=True):
        label = f"{int(b['messages']):,} (warm-up)" if b is bounded[0] else f"{int(b['messages']):,}"
        lines.append(
            f"| {label} | {b['rss_mb']:.0f} | {int(b['strings']):,} | {b['msgs_per_s']:.0f} | "
            f"{u['rss_mb']:.0f} | {int(u['strings']):,} | {u['msgs_per_s']:.0f} |"
        )
    g_b, g_u = growth(results["bounded"]), growth(results["unbounded"])
    last = int(bounded[-1]["messages"])
    lines += [
        "",
        f"Growth after warm-up to {last:,} messages: **{g_b:+.1%}** as shipped (goal ≤ +10 %), "
        f"{g_u:+.1%} with the vocabulary never reset.",
        MARK_END,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="RSS over a long run of distinct messages through ingest.")
    parser.add_argument("--quick", action="store_true", help="2k/5k/10k messages instead of 10k/50k/100k")
    parser.add_argument("--no-doc", action="store_true", help="print the table only; leave docs/benchmarks.md")
    parser.add_argument("--ingest", action="store_true", help="through the real Ingestor and Valkey (about 3x slower)")
    parser.add_argument("--child", choices=sorted(MODES), help=argparse.SUPPRESS)
    parser.add_argument("--checkpoints", help=argparse.SUPPRESS)
    parser.add_argument("--warmup", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        checkpoints = tuple(int(n) for n in args.checkpoints.split(","))
        print(json.dumps(child(args.child, checkpoints, args.warmup, ingest=args.ingest)))
        return
    checkpoints, warmup = (QUICK_CHECKPOINTS, QUICK_WARMUP) if args.quick else (CHECKPOINTS, WARMUP)
    t0 = time.perf_counter()
    results = run(checkpoints, warmup, ingest=args.ingest)
    flags = [f for f, on in (("--quick", args.quick), ("--ingest", args.ingest)) if on]
    command = " ".join([".venv/bin/python bench/soak.py", *flags])
    section = render(results, command, time.perf_counter() - t0, ingest=args.ingest)
    print(section)
    for mode, result in results.items():
        if result["done"] != checkpoints[-1]:
            raise SystemExit(f"soak {mode}: handled {result['done']} of {checkpoints[-1]} messages")
    if not args.no_doc:
        update_section(section, MARK_BEGIN, MARK_END)


if __name__ == "__main__":
    main()
