"""HTTP mode under attack: the real server on a real socket, the real Bolt app, the local Slack.

Every request here is written byte by byte on a raw socket, so the tests send what a client can
send (a lying Content-Length, half a body, no body at all), not what an HTTP library allows.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

import psutil
import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from slack_bolt.request import BoltRequest

from bot.core.requests_seen import RequestsSeen
from bot.sandbox.slack import LocalSlack, sign
from bot.services import Services
from bot.slack.app import SlackApp, build_client, create_slack_app
from bot.slack.http import EVENTS_PATH, HttpLimits, HttpServer
from bot.store import Store
from tests.slack.conftest import BOT_TOKEN, PATTERN, SECRET, wait_until

MARKER = "ATTACKER-BODY-7f3a"
"""Put in every attack body: it must never show up in a log record."""
MB = 1024 * 1024


def event(event_id: str, text: str = "hello") -> bytes:
    """A signed-able message event in a channel Sitrep does not track (acked with 200, nothing stored)."""
    message = {"type": "message", "channel": "C0UNTRACKED", "user": "UPRIYA", "ts": "1.000100", "text": text}
    return json.dumps({"type": "event_callback", "event_id": event_id, "team_id": "T1", "event": message}).encode()


LIMITS = HttpLimits(workers=4, request_timeout_s=0.5, metrics_token="scrape-token")


@dataclass
class Target:
    slack: LocalSlack
    app: SlackApp
    server: HttpServer
    services: Services
    limits: HttpLimits

    @property
    def port(self) -> int:
        return int(self.server.url.rsplit(":", 1)[1])


@pytest.fixture
def target(local_slack: LocalSlack, services: Services, caplog: pytest.LogCaptureFixture) -> Iterator[Target]:
    """The HTTP server with a small pool and a short deadline (the defaults are 16 workers, 5 s)."""
    caplog.set_level(logging.DEBUG)
    app = create_slack_app(
        services.core(),
        build_client(BOT_TOKEN, local_slack.api_url, max_rate_limit_retries=0),
        signing_secret=SECRET,
        channel_pattern=re.compile(PATTERN),
    )
    server = HttpServer(app, limits=LIMITS).start()
    yield Target(local_slack, app, server, services, LIMITS)
    server.stop()
    assert MARKER not in caplog.text, "a request body reached the logs"


# -- raw HTTP ----------------------------------------------------------------------------------------


def head(
    length: str | int | None, *, timestamp: str | None = None, signature: str | None = None, **extra: str
) -> bytes:
    lines = [f"POST {EVENTS_PATH} HTTP/1.1", "Host: sitrep", "Content-Type: application/json"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    if timestamp is not None:
        lines.append(f"X-Slack-Request-Timestamp: {timestamp}")
    if signature is not None:
        lines.append(f"X-Slack-Signature: {signature}")
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in extra.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def signed(body: bytes, content_type: str = "application/json", *, stamp: str | None = None) -> bytes:
    ts = stamp or str(int(time.time()))
    return (
        head(len(body), timestamp=ts, signature=sign(SECRET, ts, body)).replace(
            b"application/json", content_type.encode()
        )
        + body
    )


def read_answer(sock: socket.socket) -> tuple[int, bytes]:
    """(status, body) of the answer; status 0 when the server closed without one."""
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except (ConnectionResetError, TimeoutError):
        pass
    if not data.startswith(b"HTTP/"):
        return 0, data
    status = int(data.split(b" ", 2)[1])
    return status, data.split(b"\r\n\r\n", 1)[-1]


def exchange(port: int, raw: bytes, *, timeout: float = 5.0) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw)
        return read_answer(sock)


class PeakRss:
    """The highest resident set size of this process (server included) while the block runs."""

    def __init__(self) -> None:
        self._process = psutil.Process()
        self._stop = threading.Event()
        self.baseline = self._process.memory_info().rss
        self.peak = self.baseline
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._process.memory_info().rss)
            self._stop.wait(0.002)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.baseline) / MB


def stream(sock: socket.socket, total: int) -> int:
    """Send ``total`` bytes from one reused 1 MB buffer (the client's memory stays flat); bytes sent."""
    chunk = (MARKER.encode() * (MB // len(MARKER) + 1))[:MB]
    sent = 0
    try:
        while sent < total:
            sent += sock.send(chunk[: min(MB, total - sent)])
    except OSError:
        pass
    return sent


# -- size ------------------------------------------------------------------------------------------


def test_declared_oversized_bodies_get_413_without_being_read(target: Target) -> None:
    """A declared 300 MB body, and four concurrent 150 MB ones, are refused at once; RSS stays flat."""
    answers: list[tuple[int, int]] = []

    def attack(size: int) -> None:
        with socket.create_connection(("127.0.0.1", target.port), timeout=5) as sock:
            sock.sendall(head(size))
            status, _ = read_answer(sock)
            answers.append((status, stream(sock, size)))

    with PeakRss() as rss:
        started = time.monotonic()
        attack(300 * MB)
        workers = [threading.Thread(target=attack, args=(150 * MB,)) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        elapsed = time.monotonic() - started
    assert [status for status, _ in answers] == [413] * 5
    assert all(sent < 32 * MB for _, sent in answers), answers  # the server stopped taking bytes
    assert rss.growth_mb < 50, f"RSS grew {rss.growth_mb:.1f} MB"
    assert elapsed < 5


def test_a_body_longer_than_declared_is_read_only_up_to_its_length(target: Target) -> None:
    """Content-Length 1000 followed by 300 MB: 1000 bytes are read, the answer is 401, the rest is refused."""
    with PeakRss() as rss, socket.create_connection(("127.0.0.1", target.port), timeout=5) as sock:
        sender = threading.Thread(target=lambda: sent.append(stream(sock, 300 * MB)))
        sent: list[int] = []
        sock.sendall(head(1000))
        sender.start()
        status, _ = read_answer(sock)
        sender.join()
    assert status in (401, 0)  # 401, unless the reset for the unread rest overtakes it
    assert sent[0] < 64 * MB
    assert rss.growth_mb < 50, f"RSS grew {rss.growth_mb:.1f} MB"


def test_a_signed_body_near_the_limit_is_accepted(target: Target) -> None:
    """The limit (2 MiB by default) leaves room above Slack's largest payloads: 1.9 MB signed goes through."""
    status, _ = exchange(target.port, signed(event("EvBIG", "x" * 1_900_000)))
    assert status == 200


@pytest.mark.parametrize(
    ("length", "extra", "status"),
    [
        ("-1", {}, 400),
        ("abc", {}, 400),
        ("1e3", {}, 400),
        (None, {}, 411),
        (None, {"Transfer_Encoding": "chunked"}, 411),
    ],
)
def test_a_missing_or_invalid_content_length_is_refused(
    target: Target, length: str | None, extra: dict[str, str], status: int
) -> None:
    body = MARKER.encode()
    got, text = exchange(target.port, head(length, **extra) + body)
    assert got == status
    assert b"Content-Length" in text or b"chunked" in text


# -- time and threads --------------------------------------------------------------------------------


def test_a_half_sent_body_gets_408_at_the_deadline(target: Target) -> None:
    with socket.create_connection(("127.0.0.1", target.port), timeout=5) as sock:
        started = time.monotonic()
        sock.sendall(head(1000) + MARKER.encode())
        status, _ = read_answer(sock)
        elapsed = time.monotonic() - started
    assert status == 408
    assert target.limits.request_timeout_s <= elapsed < target.limits.request_timeout_s + 1.0


def test_a_trickled_request_is_cut_at_the_deadline_not_per_read(target: Target) -> None:
    """One header byte every 0.1 s never trips a per-read timeout; the whole-request deadline cuts it."""
    with socket.create_connection(("127.0.0.1", target.port), timeout=5) as sock:
        started = time.monotonic()
        closed = threading.Event()
        for byte in head(10)[:60]:
            try:
                sock.send(bytes([byte]))
            except OSError:
                break
            if closed.wait(0.1) or time.monotonic() - started > 3:
                break
            sock.setblocking(False)
            try:
                if sock.recv(1) == b"":
                    closed.set()
            except BlockingIOError:
                pass
            except OSError:
                closed.set()
            sock.setblocking(True)
        elapsed = time.monotonic() - started
    assert closed.is_set()
    assert elapsed < target.limits.request_timeout_s + 1.0


def test_slowloris_is_bounded_in_threads_and_time(target: Target, services: Services) -> None:
    """200 connections that never finish their headers: no new thread, 503 beyond the pool, all closed soon."""
    threads_before = threading.active_count()
    socks = [socket.create_connection(("127.0.0.1", target.port), timeout=5) for _ in range(200)]
    started = time.monotonic()
    peak_threads = threads_before
    for sock in socks:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: sitrep\r\nX-Slack-")
        peak_threads = max(peak_threads, threading.active_count())
    statuses = []
    for sock in socks:
        statuses.append(read_answer(sock)[0])
        peak_threads = max(peak_threads, threading.active_count())
        sock.close()
    elapsed = time.monotonic() - started
    pool = target.limits.workers + target.limits.waiting
    assert peak_threads == threads_before  # the pool's workers already existed; none were added
    # Beyond the pool each gets 503 at once; a few of those lose the race with the reset of the close.
    assert statuses.count(503) >= 200 - pool - 40
    assert statuses.count(503) + statuses.count(0) == 200  # every one closed, none left hanging
    # The held ones are released by the deadline: two rounds of the pool, not 200 connections' worth.
    assert elapsed < 2 * target.limits.request_timeout_s + 2.0
    # And the server serves again.
    assert exchange(target.port, signed(event("EvAFTER")))[0] == 200


# -- content ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("timestamp", "why"),
    [("soon", "Unix time"), ("", "Unix time"), ("1" * 40, "Unix time"), ("100", "5 minutes")],
)
def test_a_bad_timestamp_gets_401(target: Target, timestamp: str, why: str) -> None:
    body = json.dumps({"type": "event_callback", "text": MARKER}).encode()
    status, text = exchange(
        target.port, head(len(body), timestamp=timestamp, signature=sign(SECRET, timestamp, body)) + body
    )
    assert status == 401
    assert why.encode() in text


def test_unsigned_and_wrongly_signed_requests_get_401(target: Target) -> None:
    body = json.dumps({"type": "event_callback", "text": MARKER}).encode()
    now = str(int(time.time()))
    assert exchange(target.port, head(len(body)) + body)[0] == 401
    assert exchange(target.port, head(len(body), timestamp=now, signature="v0=" + "0" * 64) + body)[0] == 401
    wrong = sign("not-the-secret", now, body)
    assert exchange(target.port, head(len(body), timestamp=now, signature=wrong) + body)[0] == 401
    assert exchange(target.port, head(len(body), timestamp=now, signature=MARKER) + body)[0] == 401


def test_invalid_utf8_gets_401_unsigned_and_400_signed(target: Target) -> None:
    body = b'{"type": "event_callback", "text": "\xff\xfe' + MARKER.encode() + b'"}'
    assert (
        exchange(target.port, head(len(body), timestamp=str(int(time.time())), signature="v0=" + "a" * 64) + body)[0]
        == 401
    )
    status, text = exchange(target.port, signed(body))
    assert (status, text) == (400, b"request body is not valid UTF-8\n")


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"type": "event_callback", "text": "' + MARKER.encode(), "application/json"),
        (b"[" * 100_000, "application/json"),
        (b'["' + MARKER.encode() + b'"]', "application/json"),
        (b"payload=%7B" + MARKER.encode(), "application/x-www-form-urlencoded"),
        (b"payload=" + MARKER.encode(), "application/x-www-form-urlencoded"),
    ],
    ids=["truncated-json", "deep-nesting", "json-array", "form-payload-truncated", "form-payload-not-json"],
)
def test_signed_malformed_payloads_get_400_not_500(target: Target, body: bytes, content_type: str) -> None:
    status, text = exchange(target.port, signed(body, content_type))
    assert status == 400
    assert text.startswith(b"request ")


# -- replay ----------------------------------------------------------------------------------------


def test_a_replayed_signed_slash_command_runs_once(target: Target, services: Services) -> None:
    """The same signed /summary sent twice within the window: one sitrep; the replay is acked and dropped."""
    channel = target.slack.create_channel("inc-replay", members=["UPRIYA", target.slack.bot_user_id])
    target.app.start_tracking()
    target.slack.post_as_user("UPRIYA", channel, "checkout is returning 502s since the deploy")
    fields = {
        "command": "/summary",
        "text": "",
        "channel_id": channel,
        "user_id": "UPRIYA",
        "team_id": target.slack.team_id,
        "response_url": target.slack.api_url.rstrip("/") + "/hooks/none",
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
    }
    request = signed(urlencode(fields).encode(), "application/x-www-form-urlencoded")
    first = exchange(target.port, request)
    second = exchange(target.port, request)
    assert first[0] == 200 and first[1] != b""
    assert second == (200, b"")
    assert wait_until(lambda: len(services.store.sitreps(channel)) == 1)
    assert not wait_until(lambda: len(services.store.sitreps(channel)) > 1, timeout=1.0)
    assert target.app.ctx.metrics.commands.labels(command="/summary")._value.get() == 1
    assert target.app.ctx.metrics.http_rejected.labels("replay")._value.get() == 1


def test_a_retried_event_is_not_taken_for_a_replay(target: Target) -> None:
    """Events are deduplicated by event_id; their signatures are not claimed, so a retry after a failure counts."""
    request = signed(event("EvRETRY"))
    assert exchange(target.port, request)[0] == 200
    assert exchange(target.port, request)[0] == 200
    assert target.app.ctx.metrics.http_rejected.labels("replay")._value.get() == 0
    assert target.app.ctx.metrics.duplicates._value.get() == 1


# -- logs and metrics ------------------------------------------------------------------------------


def test_bolts_own_failed_verification_log_has_no_body(target: Target, caplog: pytest.LogCaptureFixture) -> None:
    """Bolt logs a failed signature check with the whole body at INFO; the filter keeps the line, drops the body."""
    body = json.dumps({"type": "event_callback", "text": MARKER})
    response = target.app.app.dispatch(
        BoltRequest(body=body, headers={"x-slack-request-timestamp": "1", "x-slack-signature": "v0=bad"})
    )
    assert response.status == 401
    assert "Invalid request signature detected (request body not logged)" in caplog.text


def test_metrics_need_the_token(target: Target) -> None:
    def get(headers: str = "") -> tuple[int, bytes]:
        return exchange(target.port, f"GET /metrics HTTP/1.1\r\nHost: sitrep\r\n{headers}\r\n".encode())

    assert get()[0] == 401
    assert get("Authorization: Bearer wrong\r\n")[0] == 401
    exchange(target.port, head(len(MARKER)) + MARKER.encode())  # one unsigned request, counted
    status, text = get("Authorization: Bearer scrape-token\r\n")
    assert status == 200
    assert b'sitrep_http_rejected_total{reason="signature"} 1.0' in text


def test_metrics_are_off_without_a_token(local_slack: LocalSlack, services: Services) -> None:
    app = create_slack_app(
        services.core(),
        build_client(BOT_TOKEN, local_slack.api_url),
        signing_secret=SECRET,
        channel_pattern=re.compile(PATTERN),
    )
    server = HttpServer(app).start()
    try:
        port = int(server.url.rsplit(":", 1)[1])
        status, _ = exchange(port, b"GET /metrics HTTP/1.1\r\nHost: sitrep\r\nAuthorization: Bearer \r\n\r\n")
        assert status == 404
        assert exchange(port, b"GET /healthz HTTP/1.1\r\nHost: sitrep\r\n\r\n") == (200, b"ok\n")
    finally:
        server.stop()


def test_a_command_is_acked_with_the_problem_when_storage_is_down(local_slack: LocalSlack, services: Services) -> None:
    """The replay claim needs Redis; with Redis unreachable the command is acked with what is wrong (never a 500,
    never Slack's generic timeout) and not run."""
    app = create_slack_app(
        services.core(),
        build_client(BOT_TOKEN, local_slack.api_url),
        signing_secret=SECRET,
        channel_pattern=re.compile(PATTERN),
    )
    with socket.socket() as probe:  # a port nothing listens on: a real refused connection
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    dead = Store(redis.Redis(port=dead_port, retry=Retry(NoBackoff(), 0)), clock=services.clock)
    app.ctx.core = dataclasses.replace(app.ctx.core, requests=RequestsSeen(dead))
    server = HttpServer(app).start()
    try:
        port = int(server.url.rsplit(":", 1)[1])
        fields = {"command": "/summary", "text": "", "channel_id": "C1", "user_id": "UPRIYA", "team_id": "T1"}
        status, text = exchange(port, signed(urlencode(fields).encode(), "application/x-www-form-urlencoded"))
        assert status == 200
        assert text.decode().startswith(":warning: Sitrep's store (Redis) can't be used right now")
        assert "cannot reach Redis" in text.decode()
        assert app.ctx.metrics.commands.labels(command="/summary")._value.get() == 0
    finally:
        server.stop()
