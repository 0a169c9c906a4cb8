"""``sitrep check``'s look at the store REDIS_URL names: one line on what answers, or one line on what is wrong.

A cluster URL (``redis+cluster://``) is read with the cluster client, and every master is asked for
its own view: a master that is down, or slots nobody serves, make Sitrep's writes to those slots
fail, so either is an error here rather than at the first message.
"""

from __future__ import annotations

from pathlib import Path

import redis.exceptions as rx
from redis.cluster import RedisCluster

from bot.errors import StoreError
from bot.store.cluster import SLOTS, cluster_client, is_cluster_url
from bot.store.embedded import connect
from bot.store.redis_store import one_line, safe_url

CLUSTER_HINT = (
    "start the masters that do not answer, or assign the missing slots (CLUSTER ADDSLOTSRANGE); "
    "Sitrep needs all 16384 slots served"
)


def describe_store(url: str, *, timeout_s: float = 2.0) -> str:
    """One line on the store at ``url`` (REDIS_URL).

    Raises:
        StoreError: one line saying what is wrong (unreachable, a cluster that is not ok) and what to do.
    """
    if is_cluster_url(url):
        return describe_cluster(url, timeout_s=timeout_s)
    with connect(url, Path(), connect_timeout=timeout_s, timeout=timeout_s) as conn:
        try:
            server = conn.client.info("server")
        except rx.RedisError as exc:
            raise StoreError(f"Redis at {conn.url} answers PING but not INFO: {one_line(str(exc))}") from None
    name = "Valkey" if "valkey_version" in server else "Redis"
    version = server.get("valkey_version") or server.get("redis_version") or "?"
    return f"{name} {version} answers at {conn.url}"


def describe_cluster(url: str, *, timeout_s: float = 2.0) -> str:
    """``cluster ok: 3 masters, 16384/16384 slots covered (redis+cluster://host:port)``.

    The client discovers the masters from the node in the URL; each is then asked for
    ``CLUSTER INFO``. Slots count as covered when every master that answers says so (the fewest
    ``cluster_slots_ok`` among them): a node that lost its slots may be the only one that knows.

    Raises:
        StoreError: no node answers; or a master does not answer, slots are missing, or a node says
            ``cluster_state:fail``.
    """
    shown = safe_url(url)
    try:
        client = cluster_client(
            url,
            decode_responses=True,
            require_full_coverage=False,  # missing slots are what this reports, not a reason to stop
            socket_connect_timeout=timeout_s,
            socket_timeout=timeout_s,
        )
    except ValueError as exc:
        raise StoreError(
            f"REDIS_URL is not a valid cluster URL ({shown}): {exc}",
            hint="use redis+cluster://[user:password@]host:port",
        ) from None
    except (rx.RedisError, rx.RedisClusterException):
        raise StoreError(
            f"cannot reach the Redis cluster at {shown}: the cluster is down or REDIS_URL names no node of it",
            hint="start its nodes, or point REDIS_URL at one that runs",
        ) from None
    try:
        return _state(client, shown)
    finally:
        client.close()


def _state(client: RedisCluster, shown: str) -> str:
    masters = client.get_primaries()  # type: ignore[no-untyped-call]
    views: list[dict[str, str]] = []
    silent: list[str] = []
    for node in masters:
        try:
            views.append(client.cluster_info(target_nodes=node))
        except (rx.RedisError, rx.RedisClusterException):
            silent.append(f"{node.host}:{node.port}")
    covered = min((int(view.get("cluster_slots_ok", 0)) for view in views), default=0)
    failed = [view.get("cluster_state") for view in views if view.get("cluster_state") != "ok"]
    summary = f"{len(masters)} masters, {covered}/{SLOTS} slots covered"
    if not silent and not failed and covered == SLOTS:
        return f"cluster ok: {summary} ({shown})"
    problems = []
    if silent:
        problems.append(f"{len(silent)} of {len(masters)} masters do not answer ({', '.join(silent)})")
    if covered < SLOTS:
        problems.append(f"{SLOTS - covered} slots not covered")
    if failed:
        problems.append("cluster_state:fail")
    raise StoreError(f"the Redis cluster at {shown} is not ok: {summary}; {', '.join(problems)}", hint=CLUSTER_HINT)
