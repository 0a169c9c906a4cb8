"""The store against a real 3-master Valkey cluster (embedded binary, cluster mode, slots split).

The whole store contract (``test_redis_store``, ``test_chain``) runs again here with a
``RedisCluster`` client: every multi-key write (message scripts, transactions, the purge) must stay
in one slot. Left out are only the checks that are about one server, not the contract: the
commandstats count (per node here) and the dead-server lines (``test_cluster_errors`` below).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from redis.cluster import RedisCluster

from bot.clock import ManualClock
from bot.store import EmbeddedRedis, Store
from bot.store.cluster import EmbeddedCluster
from tests.store import test_chain as chain_contract
from tests.store import test_redis_store as store_contract

pytestmark = pytest.mark.slow

_LEFT_OUT = {
    "test_a_minute_of_messages_costs_one_refresh",  # reads one server's INFO commandstats
    "test_dead_redis_gives_one_store_error_line",  # a closed standalone port, not a cluster
    "test_every_public_method_is_covered_below",  # about the list, not the server
}
for _module in (store_contract, chain_contract):
    for _name, _test in vars(_module).items():
        if _name.startswith("test_") and _name not in _LEFT_OUT:
            globals()[f"{_name}_on_a_cluster"] = _test
msg, ts, incident, sitrep = store_contract.msg, store_contract.ts, store_contract.incident, store_contract.sitrep


@pytest.fixture
def redis_client(cluster_client_: RedisCluster) -> RedisCluster:
    """The contract's client is a cluster client here (tests/conftest.py: ``valkey_cluster``)."""
    return cluster_client_


@pytest.fixture
def store(redis_client: RedisCluster, clock: ManualClock) -> Store:
    return Store(redis_client, clock=clock)


def test_the_keys_really_are_spread_over_three_masters(store: Store, redis_client: RedisCluster) -> None:
    """The fixture is a real cluster: channels land on different masters, each channel on one slot."""
    for i in range(12):
        store.put_message(msg(ts(1), channel=f"C{i}"))
    slots = {redis_client.keyslot(key) for key in store.channel_keys("C1")}
    assert len(slots) == 1
    owners = {redis_client.get_node_from_key(f"sitrep:{{C{i}}}:msg").port for i in range(12)}  # type: ignore[no-untyped-call]
    assert len(owners) == 3


def test_a_cluster_url_that_is_wrong_is_one_line(tmp_path: Path) -> None:
    """A database number or a dead node in a cluster URL is one line saying what to do."""
    from bot.errors import StoreError
    from bot.store import connect

    with pytest.raises(StoreError) as err:
        connect("redis+cluster://127.0.0.1:1/3", tmp_path)
    assert "\n" not in str(err.value) and "database 0" in str(err.value)
    with pytest.raises(StoreError) as err:
        connect("redis+cluster://127.0.0.1:1", tmp_path, connect_timeout=0.5)
    assert "\n" not in str(err.value) and "cannot reach the Redis cluster" in str(err.value)


def test_a_node_whose_port_another_server_answers_on_is_not_taken_for_ours(
    tmp_path: Path, redis_server: EmbeddedRedis, valkey_cluster: EmbeddedCluster
) -> None:
    """On a shared box another process's server can answer the readiness PING on the port a node
    then fails to bind: the cluster start checks the server on the port runs from the node's folder."""
    from types import SimpleNamespace

    stranger = SimpleNamespace(port=int(redis_server.url.rsplit(":", 1)[1].split("/")[0]))
    assert not EmbeddedCluster(tmp_path)._is_ours(stranger, 0)  # the session's standalone server
    own = SimpleNamespace(port=valkey_cluster.ports[0])
    assert valkey_cluster._is_ours(own, 0)
