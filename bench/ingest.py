"""End-to-end ingest and ack latency, before (ingest in the front) and after (ingest worker), same run.

For each transport (HTTP, Socket Mode) and each mode:

* ``front``: message events are redacted and stored in the front's own threads before the ack
  (Sitrep before issue 18, and still what tests and the demo use);
* ``worker``: the front verifies, claims, queues and acks; a worker process redacts in micro-batches
  (``Ingestor.ingest_many``) and stores (``sitrep run`` now); in trees that have it, slash commands'
  work runs in the command worker process (``bot.command_worker``), as ``sitrep run`` does.

Phases, each on a fresh Redis and local Slack:

1. **Saturation**: N_EVENTS messages posted as fast as the local Slack can, while 4 threads send
   N_SAT_COMMANDS ``/hypotheses``; events/s is messages stored per second of wall time. Compared with
   the redactor alone (``redact`` per message in this process, the baseline of issue 18).
2. **50 events/s** with N_CMD_50 concurrent commands, then **100 events/s** with N_CMD_100, paced
   by the wall clock; ack latency p50/p99/max as the local Slack measured it. Then 100 events/s
   again with N_CMD_100 ``/hypotheses help``, answered in the ack with no work after it: the ack
   path alone, without the commands' own work (board refresh, posting) competing in the front.
   The message events' own ack latency is reported for the 100 events/s phase with commands.

CPU per event is process CPU time (user + system) over the saturation phase divided by the events:
the bench process (front + local Slack), the worker and Valkey separately; the "2-core CPU bound" is
the ratio two fully busy cores would allow with those costs (2 x the redactor's CPU per message over
their sum), which a shared machine's load moves far less than the wall-time ratio. Peak RSS is the kernel's
high-water mark (``VmHWM``) of the bench process (front + local Slack) and of the worker.
Each case runs in a process of its own (its peak RSS is its own, not the high-water mark of an
earlier case), with the front's redactor as ``sitrep run`` builds it (lazy with the worker), and
the redactor-alone baseline in processes between them.
Run: ``.venv/bin/python bench/ingest.py`` (updates docs/benchmarks.md; ``--no-doc`` to print only;
``--mode worker`` for one mode; ``--code DIR`` to run another tree's ``bot``, e.g. an export of
main, alternating with this one in the same run); ``--texts synthetic`` for six short lines instead of
the real-incident dev set's messages); ``--saturation-only`` skips the paced phases (to iterate);
``--sat-commands N`` sends N ``/hypotheses`` during saturation instead of 40 (0: the ingest path
alone); ``--threads`` prints the CPU per event of each thread of the front + local Slack process;
``--paced`` runs only the paced phases (50 and 100 events/s; 50 warm-up messages, no saturation, no
redactor baseline); ``--only-100`` runs only the 100 events/s phases (no 50 events/s either).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr

ROOT = Path(__file__).resolve().parent.parent
CODE = os.environ.get("BENCH_CODE", str(ROOT))
"""Whose ``bot`` package runs (``--code DIR``: an export of another commit, e.g. main, side by side)."""
sys.path.insert(0, str(ROOT))
sys.path.insert(0, CODE)

from bench.docs import update_section  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.redaction import Redactor  # noqa: E402
from bot.sandbox.slack import LocalSlack  # noqa: E402
from bot.services import build, ingest_worker  # noqa: E402
from bot.slack.app import build_client, create_slack_app  # noqa: E402
from bot.slack.http import EVENTS_PATH, HttpServer  # noqa: E402
from bot.store import EmbeddedRedis, Store  # noqa: E402

N_EVENTS = 1500
N_SAT_COMMANDS = 40
N_CMD_50 = 60
N_CMD_100 = 200
RATE_SECONDS = 8.0
MARK_BEGIN = "<!-- bench:ingest:begin -->"
MARK_END = "<!-- bench:ingest:end -->"
SECRET = "bench-secret"
APP_TOKEN = "xapp-bench"
SYNTHETIC_TEXTS = [
    "p99 on checkout-api is 3.4s, 5xx at 5% since 22:19 UTC",
    "I suspect the DB connection pool on orders-db-primary-02 is exhausted",
    "rolling back deploy #4812 (a1c9e4f) to v2.30.2 now",
    "customer jane.doe@example.org reports a double charge on order 88213",
    "pasting the config: aws_secret_access_key=wJ9rT2xLq8Zv4NbPc6Hs1YdKm3Fg7Ue5Ai0oRtVx",
    "Marcus: error rate back to baseline (0.1%), p99 420ms",
]
"""Six short lines (the bench's texts before this session); ``--texts synthetic`` selects them."""

BASELINE_MIN_S = 3.0
"""The redactor-alone loop runs at least this long: 1,500 fast messages took 0.3 s, and one load
spike on a shared machine then moved the baseline 15-fold between runs."""


def sat_commands() -> int:
    """``/hypotheses`` sent during saturation (``--sat-commands N``; 0: the ingest path alone, without
    the commands' board work competing for the same two cores)."""
    return int(os.environ.get("BENCH_SAT_COMMANDS", N_SAT_COMMANDS))


def incident_texts(limit: int = N_EVENTS) -> list[str]:
    """Message texts of the real-incident dev set (``tests/data/incidents/dev``), in file order.

    What real channels carry (names, mentions, long bot alerts, pasted output) costs the redactor
    more than six short lines do, and both sides of the ratio redact the same texts.
    """
    texts: list[str] = []
    for day in sorted((ROOT / "tests" / "data" / "incidents" / "dev").glob("*/*/*.json")):
        for message in json.loads(day.read_text(encoding="utf-8")):
            text = message.get("text") if isinstance(message, dict) else None
            if isinstance(text, str) and text.strip():
                texts.append(text)
                if len(texts) >= limit:
                    return texts
    return texts


def chosen_texts() -> list[str]:
    """The texts ``BENCH_TEXTS`` names (``--texts``; children inherit it through the environment)."""
    return list(SYNTHETIC_TEXTS) if os.environ.get("BENCH_TEXTS") == "synthetic" else incident_texts()


TEXTS = chosen_texts()


def wait(predicate: Callable[[], bool], timeout: float = 300.0, step: float = 0.02) -> None:
    ev = threading.Event()
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark condition not reached")
        ev.wait(step)


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def pct(values: list[float], q: float) -> float:
    if not values:  # a phase not run (--saturation-only)
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (from /proc, no psutil needed)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def thread_cpu() -> dict[str, float]:
    """CPU seconds of each live thread of this process, by thread name (``--threads``: where the
    front + local Slack's CPU goes; a thread that ended meanwhile is not listed)."""
    found: dict[str, float] = {}
    for thread in threading.enumerate():
        try:
            fields = Path(f"/proc/self/task/{thread.native_id}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        name = re.sub(r"\d+", "N", thread.name)
        found[name] = found.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Result:
    transport: str
    mode: str
    code: str = ""
    e2e: float = 0.0
    cpu_front_ms: float = 0.0
    cpu_worker_ms: float = 0.0
    cpu_valkey_ms: float = 0.0
    redis_cmds: float = 0.0
    sat_acks: list[float] = field(default_factory=list)
    acks50: list[float] = field(default_factory=list)
    acks100: list[float] = field(default_factory=list)
    acks100_help: list[float] = field(default_factory=list)
    event_acks100: list[float] = field(default_factory=list)
    not_acked_cmds: int = 0
    rss_front: float = 0.0
    rss_worker: float = 0.0
    rss_commands: float = 0.0
    events_refused: int = 0


def send_commands(
    slack: LocalSlack, channel: str, n: int, threads: int, out: list[float], *, failed: list[int], text: str = ""
) -> list[threading.Thread]:
    """``n`` slash commands from ``threads`` concurrent senders; ack latencies (ms) into ``out``."""
    lock = threading.Lock()
    left = [n]

    def send() -> None:
        while True:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            result = slack.slash_command("U1", channel, "/hypotheses", text)
            with lock:
                if result.acked:
                    out.append(result.elapsed_s * 1000)
                else:
                    failed[0] += 1

    workers = [threading.Thread(target=send, daemon=True) for _ in range(threads)]
    for w in workers:
        w.start()
    return workers


def paced(slack: LocalSlack, channel: str, rate: float, seconds: float, start_index: int) -> int:
    """Post at ``rate`` events/s for ``seconds`` on an absolute schedule; returns how many."""
    n = int(rate * seconds)
    t0 = time.monotonic()
    ev = threading.Event()
    for i in range(n):
        due = t0 + i / rate
        delay = due - time.monotonic()
        if delay > 0:
            ev.wait(delay)
        slack.post_as_user("U1", channel, f"{TEXTS[(start_index + i) % len(TEXTS)]} (paced #{start_index + i})")
    return n


def run_one(transport: str, mode: str, redactor: Redactor) -> Result:
    result = Result(transport, mode)
    with tempfile.TemporaryDirectory() as tmp, EmbeddedRedis(Path(tmp)) as server:
        import redis

        client = redis.Redis.from_url(server.url, decode_responses=True)
        clock = SystemClock()
        store = Store(client, clock=clock)
        settings = Settings(_env_file=None, sitrep_data_dir=Path(tmp) / "data")  # type: ignore[call-arg]
        services = build(settings, clock=clock, store=store, redactor=redactor)
        worker = ingest_worker(settings, server.url) if mode == "worker" else None
        if worker is not None:
            worker.start()
        with LocalSlack(signing_secret=SECRET, bot_token="xoxb-bench", app_token=APP_TOKEN) as slack:
            slack.add_user("U1", name="priya", real_name="Priya Raman")
            channel = slack.create_channel("inc-bench", members=["U1", slack.bot_user_id])
            slack.discard_pending_events()
            commands = command_process(settings, server.url, slack.api_url) if mode == "worker" else None
            extra = {"commands": commands} if commands is not None else {}
            app = create_slack_app(
                services.core(),
                build_client("xoxb-bench", slack.api_url),
                signing_secret=SECRET if transport == "http" else None,
                channel_pattern=re.compile(r"^inc-"),
                ingest=worker,
                **extra,
            )
            stop: Callable[[], None]
            if transport == "http":
                http = HttpServer(app).start()
                slack.deliver_http(http.url + EVENTS_PATH)
                stop = http.stop
            else:
                slack.deliver_socket()
                handler = _socket_handler(app)
                handler.connect()  # type: ignore[no-untyped-call]
                stop = handler.close  # type: ignore[assignment]
            app.start_tracking()
            if worker is not None and not worker.wait_ready(120):
                raise TimeoutError("the ingest worker did not start")
            if commands is not None and not commands.wait_ready(120):
                raise TimeoutError("the command worker did not start")
            only_100 = os.environ.get("BENCH_ONLY_100") == "1"
            no_saturation = only_100 or os.environ.get("BENCH_PACED") == "1"

            # 1. saturation (skipped with --only-100: a few warm-up messages instead)
            n_events = 50 if no_saturation else N_EVENTS
            texts = [f"{TEXTS[i % len(TEXTS)]} (#{i})" for i in range(n_events)]
            failed = [0]
            stats0 = int(client.info("stats")["total_commands_processed"])
            me = os.getpid()
            valkey = int(client.info("server")["process_id"])
            cpu0, wcpu0 = cpu_s(me), cpu_s(worker.pid) if worker is not None and worker.pid else 0.0
            vcpu0 = cpu_s(valkey)
            threads0 = thread_cpu()
            t1 = time.perf_counter()
            senders = send_commands(
                slack, channel, 0 if no_saturation else sat_commands(), 4, result.sat_acks, failed=failed
            )
            for text in texts:
                slack.post_as_user("U1", channel, text)
            wait(lambda: store.count_messages(channel) >= n_events)
            elapsed = time.perf_counter() - t1
            result.e2e = n_events / elapsed
            result.cpu_front_ms = (cpu_s(me) - cpu0) * 1000 / n_events
            result.cpu_valkey_ms = (cpu_s(valkey) - vcpu0) * 1000 / n_events
            if os.environ.get("BENCH_THREADS"):
                spent = {k: v - threads0.get(k, 0.0) for k, v in thread_cpu().items()}
                for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
                    if seconds > 0:
                        per_event = seconds * 1000 / n_events
                        print(f"{transport}/{mode} thread {name}: {per_event:.3f} ms/event", file=sys.stderr)
            if worker is not None and worker.pid:
                result.cpu_worker_ms = (cpu_s(worker.pid) - wcpu0) * 1000 / n_events
            result.redis_cmds = (int(client.info("stats")["total_commands_processed"]) - stats0) / n_events
            for s in senders:
                s.join(60)

            # 2. paced load with concurrent commands (skipped with --saturation-only)
            index = n_events
            phases = (
                ()
                if os.environ.get("BENCH_SATURATION_ONLY")
                else (
                    *(() if only_100 else ((50.0, N_CMD_50, result.acks50, ""),)),
                    (100.0, N_CMD_100, result.acks100, ""),
                    (100.0, N_CMD_100, result.acks100_help, "help"),  # answered in the ack: no work after it
                )
            )
            for rate, n_cmd, out, text in phases:
                seen = len(slack.deliveries)
                senders = send_commands(slack, channel, n_cmd, 10, out, failed=failed, text=text)
                index += paced(slack, channel, rate, RATE_SECONDS, index)
                for s in senders:
                    s.join(120)
                if out is result.acks100:  # message events acked beside the 200 commands and their work
                    result.event_acks100 = [
                        d.latency_s * 1000
                        for d in slack.deliveries[seen:]
                        if d.kind == "events_api" and d.latency_s is not None
                    ]
            wait(lambda: store.count_messages(channel) >= index)
            result.not_acked_cmds = failed[0]
            result.rss_front = peak_rss_mb(me)
            if worker is not None and worker.pid:
                result.rss_worker = peak_rss_mb(worker.pid)
                result.events_refused = worker.refused
            if commands is not None and commands.pid:
                result.rss_commands = peak_rss_mb(commands.pid)
            stop()
            if commands is not None:
                commands.stop()
        if worker is not None:
            worker.stop()
        client.close()
    return result


def command_process(settings: Settings, redis_url: str, api_url: str) -> Any:
    """The command worker process ``sitrep run`` starts, in trees that have one (None before it):
    slash commands' work then runs there, with the bench's bot token and the local Slack's URL."""
    try:
        from bot.command_worker import command_worker_main  # type: ignore[import-not-found,unused-ignore]
        from bot.slack.command_process import CommandProcess  # type: ignore[import-not-found,unused-ignore]
        from bot.slack.work import DEFAULT_THREADS
    except ImportError:
        return None
    child = settings.model_copy(update={"slack_bot_token": SecretStr("xoxb-bench"), "slack_api_url": api_url})
    return CommandProcess(command_worker_main, (child, redis_url, DEFAULT_THREADS)).start()


def _socket_handler(app: object) -> object:
    """The Socket Mode handler ``sitrep run`` connects with in the code under test (slack-sdk's
    websocket-client adapter in trees from before ``bot.slack.runner.socket_handler``)."""
    try:
        from bot.slack.runner import socket_handler
    except ImportError:
        from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler

        return SocketModeHandler(app.app, app_token=APP_TOKEN)  # type: ignore[attr-defined]
    return socket_handler("websocket_client", app, APP_TOKEN)  # type: ignore[arg-type]


def baseline(redactor: Redactor) -> tuple[float, float]:
    """Messages per second of wall time, and CPU ms per message (which machine load moves far less)."""
    texts = [f"{TEXTS[i % len(TEXTS)]} (#{i})" for i in range(N_EVENTS)]
    redactor.redact_many(texts[:20])
    done = 0
    t0, c0 = time.perf_counter(), time.process_time()
    while done == 0 or time.perf_counter() - t0 < BASELINE_MIN_S:
        for text in texts:
            redactor.redact(text, scope="bench")
        done += len(texts)
    return done / (time.perf_counter() - t0), (time.process_time() - c0) * 1000 / done


def front_redactor(mode: str) -> Redactor:
    """The front's redactor as ``sitrep run`` builds it: lazy with the ingest worker where the code
    under test supports it (spaCy loads at the first backfill or review text), else loaded now."""
    if mode == "worker":
        try:
            return Redactor(lazy=True)  # type: ignore[call-arg,unused-ignore]
        except TypeError:  # code from before lazy redactors
            pass
    return Redactor()


def child(case: str) -> None:
    """One case in this (fresh) process, so its peak RSS is its own; prints the Result as JSON."""
    if case == "baseline":
        rate, cpu_ms = baseline(Redactor())
        print(json.dumps({"alone": rate, "alone_cpu_ms": cpu_ms}))
        return
    transport, mode = case.split("/")
    result = run_one(transport, mode, front_redactor(mode))
    print(json.dumps(dataclasses.asdict(result)))


def spawn(case: str, code: str) -> dict[str, object]:
    env = {**os.environ, "BENCH_CODE": code, "PYTHONPATH": code}
    out = subprocess.run(
        [sys.executable, __file__, "--case", case], env=env, capture_output=True, text=True, check=False, timeout=1800
    )
    if out.returncode != 0:
        raise RuntimeError(f"bench case {case} with {code} failed:\n{out.stderr[-3000:]}")
    if os.environ.get("BENCH_THREADS"):
        for line in out.stderr.splitlines():
            if " thread " in line:
                print(f"{Path(code).name} {line}", file=sys.stderr)
    parsed: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return parsed


def run(codes: list[str], modes: list[str]) -> tuple[dict[str, float], dict[str, float], list[Result], float, int]:
    """Each case in its own process, the code trees alternating, each tree's own redactor-alone
    baseline between them (a tree's ingest is compared with its own redactor)."""
    t0 = time.monotonic()
    alone: dict[str, list[float]] = {Path(code).name: [] for code in codes}
    alone_cpu: dict[str, list[float]] = {Path(code).name: [] for code in codes}

    def measure_alone() -> None:  # machine load drifts: a baseline per tree between the cases
        if os.environ.get("BENCH_ONLY_100") == "1" or os.environ.get("BENCH_PACED") == "1":  # no ratio to compute
            for code in codes:
                alone[Path(code).name].append(float("nan"))
            return
        for code in codes:
            measured = spawn("baseline", code)
            alone[Path(code).name].append(float(str(measured["alone"])))
            alone_cpu[Path(code).name].append(float(str(measured["alone_cpu_ms"])))

    measure_alone()
    results = []
    for transport in ("http", "socket"):
        for mode in modes:
            for code in codes:
                fields = spawn(f"{transport}/{mode}", code)
                fields["code"] = Path(code).name
                results.append(Result(**fields))  # type: ignore[arg-type]
                print(f"done {transport}/{mode} {code}", file=sys.stderr, flush=True)
            measure_alone()
    runs = len(next(iter(alone.values())))
    return (
        {name: statistics.median(values) for name, values in alone.items()},
        {name: statistics.median(values) for name, values in alone_cpu.items()},
        results,
        time.monotonic() - t0,
        runs,
    )


def cpu_bound(r: Result, alone_cpu_ms: float) -> float:
    """The ratio 2 cores would allow if every part kept one busy: the redactor alone's CPU per
    message against the CPU per event of all parts (front + local Slack, worker, Valkey) over two
    cores. On a shared machine the wall-time ratio moves with everyone else's load; this one hardly."""
    total = r.cpu_front_ms + r.cpu_worker_ms + r.cpu_valkey_ms
    return 2 * alone_cpu_ms / total if total else float("nan")


def render(
    alone: dict[str, float],
    results: list[Result],
    wall: float,
    runs: int = 5,
    alone_cpu: dict[str, float] | None = None,
) -> str:
    alone_cpu = alone_cpu or {}
    baselines = ", ".join(
        f"{name} **{value:.0f} msgs/s**" + (f" ({alone_cpu[name]:.2f} CPU ms/msg)" if name in alone_cpu else "")
        for name, value in alone.items()
    )
    texts_label = (
        f"the {len(SYNTHETIC_TEXTS)} synthetic lines (`--texts synthetic`)"
        if os.environ.get("BENCH_TEXTS") == "synthetic"
        else f"the first {len(TEXTS)} messages of the real-incident dev set (`tests/data/incidents/dev`)"
    )
    rows = []
    for r in results:
        sat_max = max(r.sat_acks) if r.sat_acks else float("nan")
        late = sum(1 for a in [*r.sat_acks, *r.acks50, *r.acks100] if a > 3000)
        rows.append(
            f"| {r.code} | {r.transport} | {r.mode} | {r.e2e:.0f} | **{r.e2e / alone[r.code]:.2f}** | "
            f"{r.cpu_front_ms:.2f} | "
            f"{r.cpu_worker_ms:.2f} | {r.cpu_valkey_ms:.2f} | "
            f"{cpu_bound(r, alone_cpu[r.code]) if r.code in alone_cpu else float('nan'):.2f} | {r.redis_cmds:.1f} | "
            f"{med(r.acks50):.0f} / {pct(r.acks50, 0.99):.0f} | "
            f"{med(r.acks100):.0f} / **{pct(r.acks100, 0.99):.0f}** | "
            f"{med(r.acks100_help):.0f} / **{pct(r.acks100_help, 0.99):.0f}** | "
            f"{med(r.event_acks100):.0f} / {pct(r.event_acks100, 0.99):.0f} | {sat_max:.0f} | "
            f"{late + r.not_acked_cmds} | {r.rss_front:.0f} + {r.rss_worker:.0f}"
            f"{f' + {r.rss_commands:.0f}' if r.rss_commands else ''} |"
        )
    return "\n".join(
        [
            MARK_BEGIN,
            "## Slack ingest and acks, ingest in the front vs. the ingest worker (`bench/ingest.py`)",
            "",
            "Command: `.venv/bin/python bench/ingest.py` — the real Bolt app against the local Slack (same "
            "process), over HTTP and Socket Mode (websocket-client), with message events stored in the front "
            "before the ack (`front`, before issue 18) or queued to the ingest worker process (`worker`). "
            f"Saturation: {N_EVENTS} messages posted as fast as the local Slack can, with {sat_commands()} "
            f"`/hypotheses` from 4 threads; then {RATE_SECONDS:.0f} s at 50 events/s with {N_CMD_50} commands "
            f"and {RATE_SECONDS:.0f} s at 100 events/s with {N_CMD_100} commands (10 threads), then again with "
            f"{N_CMD_100} `/hypotheses help` (answered in the ack, no work after it: the ack path alone). "
            f"Texts: {texts_label}. Redactor alone: "
            f"`redact` per message in a process of its own, looping for at least {BASELINE_MIN_S:.0f} s, median of "
            f"{runs} runs between the others, per code tree (each row's ratio uses its own tree's): {baselines}. "
            "Each case runs in a fresh process (its peak RSS is its own); the front's "
            "redactor is built as `sitrep run` builds it (lazy with the worker where the code has lazy redactors). "
            f"Wall time {wall:.0f} s; 2 cores shared with the local Slack and Redis.",
            "",
            "| code | transport | mode | events/s | / redactor | CPU ms/event front+Slack | CPU ms/event worker "
            "| CPU ms/event Valkey | 2-core CPU bound / redactor "
            "| Redis cmds/event | ack p50/p99 ms @50/s | ack p50/p99 ms @100/s | ack-only p50/p99 ms @100/s "
            "| event ack p50/p99 ms @100/s "
            "| max ack ms at saturation "
            "| commands > 3 s or unacked | peak RSS MB front+Slack + worker (+ command worker) |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
            "Goals (issue 18): events/s ≥ 0.8 × the redactor alone; ack p99 < 100 ms at 100 events/s with 200 "
            "commands; no command later than 3 s at saturation; peak RSS front + worker < 500 MB. The front's "
            "RSS includes the local Slack (same process).",
            MARK_END,
        ]
    )


def main() -> None:
    args = sys.argv[1:]
    if "--case" in args:
        child(args[args.index("--case") + 1])
        return
    codes = [str(ROOT)]
    if "--code" in args:  # e.g. --code /tmp/main-export: that tree first, this one after, alternating
        codes = [args[args.index("--code") + 1], str(ROOT)]
    if "--texts" in args:  # incidents (default) or synthetic; children inherit it through the environment
        os.environ["BENCH_TEXTS"] = args[args.index("--texts") + 1]
        TEXTS[:] = chosen_texts()
    if "--sat-commands" in args:
        os.environ["BENCH_SAT_COMMANDS"] = args[args.index("--sat-commands") + 1]
    if "--threads" in args:  # per-thread CPU of the front + local Slack process, to stderr
        os.environ["BENCH_THREADS"] = "1"
    if "--saturation-only" in args:  # phase 1 only, to iterate faster; children inherit it
        os.environ["BENCH_SATURATION_ONLY"] = "1"
    if "--paced" in args:  # the paced phases only (50 and 100 events/s), no saturation, no baseline
        os.environ["BENCH_PACED"] = "1"
    if "--only-100" in args:  # quick: no saturation, no 50/s, no redactor baseline; children inherit it
        os.environ["BENCH_ONLY_100"] = "1"
    modes = ["front", "worker"]
    if "--mode" in args:
        modes = [args[args.index("--mode") + 1]]
    alone, alone_cpu, results, wall, runs = run(codes, modes)
    section = render(alone, results, wall, runs, alone_cpu)
    print(section)
    if "--no-doc" not in args:
        update_section(section, MARK_BEGIN, MARK_END)


if __name__ == "__main__":
    main()
