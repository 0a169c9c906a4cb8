"""Shared fixtures: a clean environment, one embedded Redis per session, a store and a clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import redis
from redis.cluster import RedisCluster

from bot.clock import ManualClock
from bot.store import EmbeddedRedis, Store
from bot.store.cluster import EmbeddedCluster, cluster_client

if TYPE_CHECKING:
    from bot.redaction import Redactor
    from bot.services import Services

START = datetime(2026, 3, 14, 9, 0, 0, tzinfo=UTC)
_SCRUBBED = (
    "SLACK_",
    "ANTHROPIC_",
    "REDIS_",
    "SITREP_",
    "HTTP_MAX_BODY_BYTES",
    "HTTP_WORKERS",
    "HTTP_REQUEST_",
    "METRICS_",
    "INGEST_",
    "SOCKET_MODE_",
)


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's tokens, keys or Redis; local servers bypass any proxy."""
    for name in list(os.environ):
        if name.upper().startswith(_SCRUBBED):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedRedis]:
    """One real embedded Redis for the whole session (a real server, not an in-process fake)."""
    data_dir: Path = tmp_path_factory.mktemp("redis")
    with EmbeddedRedis(data_dir) as server:
        yield server


@pytest.fixture(scope="session")
def valkey_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedCluster]:
    """One real 3-master Valkey cluster for the session (cluster mode, slots split, an AOF per node)."""
    with EmbeddedCluster(tmp_path_factory.mktemp("cluster")) as running:
        yield running


@pytest.fixture
def cluster_client_(valkey_cluster: EmbeddedCluster) -> Iterator[RedisCluster]:
    """A ``RedisCluster`` client on the session cluster, every primary emptied before the test."""
    client = cluster_client(valkey_cluster.url, decode_responses=True, socket_connect_timeout=2, socket_timeout=5)
    client.flushall()
    yield client
    client.close()


@pytest.fixture
def redis_client(redis_server: EmbeddedRedis) -> Iterator[redis.Redis]:
    """A client on the session server, with the database emptied before the test."""
    client = redis.Redis.from_url(redis_server.url, decode_responses=True, socket_connect_timeout=2, socket_timeout=5)
    client.flushall()
    yield client
    client.close()


@pytest.fixture
def clock() -> ManualClock:
    """A clock stopped at 2026-03-14T09:00:00Z; tests move it, nothing sleeps."""
    return ManualClock(START)


@pytest.fixture
def store(redis_client: redis.Redis, clock: ManualClock) -> Store:
    """A Store on the emptied session database."""
    return Store(redis_client, clock=clock)


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    """The real redactor (Presidio + offline spaCy), built once: start-up is about a second."""
    from bot.redaction import Redactor

    return Redactor()


@pytest.fixture
def services(store: Store, clock: ManualClock, redactor: Redactor, tmp_path: Path) -> Services:
    """Sitrep's services wired around the test store, the shared redactor and the manual clock."""
    from bot.config import Settings
    from bot.services import build

    settings = Settings(_env_file=None, sitrep_data_dir=tmp_path / "data")  # type: ignore[call-arg]
    return build(settings, clock=clock, store=store, redactor=redactor)
