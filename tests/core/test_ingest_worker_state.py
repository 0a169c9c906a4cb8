"""The ingest worker's back-pressure (``IngestWorker.wait_room``) and its state on ``/healthz``.

Real parts: a real worker process (the real ``ingest_worker_main``, its first batch held at a gate
file to play a stuck worker), the real pipe, the session's embedded Redis, and ``/healthz`` served
over real HTTP by ``HealthServer``.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.core.health import Health
from bot.core.ingest_worker import IngestWorker
from bot.domain import RawMessage
from bot.slack.healthz import HealthServer
from bot.slackdata.export import ExportEvent
from bot.store import EmbeddedRedis, Store
from tests.slack.conftest import wait_until
from tests.slack.test_ingest_worker import gated_worker

pytestmark = pytest.mark.slow

CHANNEL = "CROOM"


def post(ts: str) -> tuple[ExportEvent, ...]:
    raw = RawMessage(channel=CHANNEL, ts=ts, text=f"update {ts}: p99 is back to 180 ms", user="UPRIYA")
    return (ExportEvent(kind="post", at=ts, message=raw, target_ts=ts),)


@pytest.fixture
def gated(redis_server: EmbeddedRedis, store: Store, tmp_path: Path) -> Iterator[tuple[IngestWorker, Path]]:
    """A real worker process (capacity 2) whose first batch waits for the ``gate`` file."""
    gate = tmp_path / "gate"
    settings = Settings(_env_file=None, sitrep_data_dir=tmp_path / "data")  # type: ignore[call-arg]
    worker = IngestWorker(gated_worker, (str(gate), settings, redis_server.url), capacity=2, restart_delay_s=20.0)
    worker.start()
    try:
        assert worker.wait_ready(60), "the ingest worker did not start"
        yield worker, gate
    finally:
        gate.write_text("go\n")
        worker.stop()


def test_wait_room_waits_for_the_worker_and_gives_up_at_its_deadline(gated: tuple[IngestWorker, Path]) -> None:
    """With the queue full (the worker stuck), ``wait_room`` returns False at its deadline, not before
    and not much after, and ``submit`` refuses; once the worker moves, a waiter gets True long before
    its deadline and the next job is taken. Asking for more than the capacity never fits."""
    worker, gate = gated
    assert worker.submit("Ev1", CHANNEL, post("1700000001.000100"))
    assert worker.submit("Ev2", CHANNEL, post("1700000002.000100"))
    assert worker.pending == 2

    started = time.monotonic()
    assert worker.wait_room(1, started + 0.4) is False
    waited = time.monotonic() - started
    assert 0.4 <= waited < 2.0, waited
    assert worker.submit("Ev3", CHANNEL, post("1700000003.000100")) is False
    assert worker.refused == 1

    answer: list[bool] = []
    far = time.monotonic() + 60
    waiter = threading.Thread(target=lambda: answer.append(worker.wait_room(1, far)))
    waiter.start()
    assert not wait_until(lambda: bool(answer), timeout=0.5), "wait_room returned while the queue was full"
    gate.write_text("go\n")
    waiter.join(30)
    assert answer == [True]
    assert far - time.monotonic() > 20, "the waiter was released by the worker, not by its deadline"
    assert worker.submit("Ev3", CHANNEL, post("1700000003.000100"))
    assert worker.wait_idle(30)

    started = time.monotonic()
    assert worker.wait_room(3, started + 0.3) is False  # 3 jobs never fit a queue of 2
    assert time.monotonic() - started >= 0.3


def test_wait_room_lets_go_when_the_worker_stops(gated: tuple[IngestWorker, Path]) -> None:
    """A front waiting for room is let go (False) when the worker stops, rather than holding its
    envelopes until their deadline; ``submit`` refuses from then on."""
    worker, _gate = gated
    assert worker.submit("Ev1", CHANNEL, post("1700000001.000100"))
    assert worker.submit("Ev2", CHANNEL, post("1700000002.000100"))
    answer: list[tuple[bool, float]] = []
    far = time.monotonic() + 60
    waiter = threading.Thread(target=lambda: answer.append((worker.wait_room(1, far), time.monotonic())))
    waiter.start()
    assert not wait_until(lambda: bool(answer), timeout=0.3)
    worker.stop(timeout_s=0.5)  # the worker is stuck: the pending jobs are given up (the backfill's)
    waiter.join(30)
    assert answer and answer[0][0] is False
    assert answer[0][1] < far - 30, "let go by the stop, not by the deadline"
    assert worker.submit("Ev3", CHANNEL, post("1700000003.000100")) is False


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a local test server
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read().decode()


def test_healthz_reports_the_worker_and_is_503_when_it_is_stuck_or_dead(
    gated: tuple[IngestWorker, Path], store: Store
) -> None:
    """``/healthz`` over HTTP: 200 with the worker's state (alive, queue depth, last batch, restarts);
    503 "stuck" once queued events wait longer than the bound with no batch finished; 200 again when
    the worker moves; 503 "dead" when its process is killed (before the restart)."""
    worker, gate = gated
    health = Health(store)
    health.watch_worker(worker.state, stuck_after_s=0.5)
    server = HealthServer(health).start()
    try:
        assert get(server.url) == (200, "ok\nworker: alive, 0/2 queued, no batch yet, 0 restarts\n")

        assert worker.submit("Ev1", CHANNEL, post("1700000001.000100"))
        assert wait_until(lambda: get(server.url)[0] == 503, timeout=10)
        status, body = get(server.url)
        assert status == 503
        first, second = body.splitlines()
        assert first.startswith("unhealthy: the ingest worker is stuck: 1 queued, no batch finished for ")
        assert second == "worker: alive, 1/2 queued, no batch yet, 0 restarts"

        gate.write_text("go\n")
        assert worker.wait_idle(30)
        status, body = get(server.url)
        assert status == 200, body
        assert body.startswith("ok\nworker: alive, 0/2 queued, last batch ") and body.endswith(" s ago, 0 restarts\n")

        pid = worker.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        assert wait_until(lambda: get(server.url)[0] == 503, timeout=10)
        status, body = get(server.url)
        assert body.startswith("unhealthy: the ingest worker is dead (0 queued; it is being restarted)\n"), body
        assert "worker: dead, 0/2 queued" in body
    finally:
        server.stop()
