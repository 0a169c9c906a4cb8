"""`sitrep check` reads the store REDIS_URL names: a cluster through the cluster client (masters,
slots covered) in one line, and one clear line when the cluster is down or slots are missing.

Real parts: the session's embedded 3-master Valkey cluster (slots taken away and a master stopped,
then put back), and the embedded single server.
"""

from __future__ import annotations

import io
import re
import socket
from pathlib import Path

import pytest
import redis

from bot.cli import EXIT_OK, EXIT_PROBLEM, main
from bot.store import EmbeddedRedis
from bot.store.cluster import EmbeddedCluster


@pytest.fixture(autouse=True)
def _ready_tokens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Everything else set, so the store decides whether ``run`` is ready."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-abc")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-abc")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s3cr3t")


def admin(port: int, *command: object) -> None:
    """Run one CLUSTER command on the node at ``port``."""
    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=5)
    try:
        client.execute_command("CLUSTER", *command)  # type: ignore[no-untyped-call]
    finally:
        client.close()


def check() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check"], stdin=io.StringIO(""), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def store_line(out: str) -> str:
    found = [line for line in out.splitlines() if line.startswith("Store:")]
    assert len(found) == 1, out
    return found[0]


def test_check_reports_a_healthy_cluster_in_one_line(
    valkey_cluster: EmbeddedCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """REDIS_URL=redis+cluster://…: three masters, every slot covered, both run modes ready."""
    monkeypatch.setenv("REDIS_URL", valkey_cluster.url)
    code, out, err = check()
    wanted = f"Store:  REDIS_URL: cluster ok: 3 masters, 16384/16384 slots covered ({valkey_cluster.url})"
    assert store_line(out) == wanted
    assert code == EXIT_OK and err == ""
    assert "cannot run" not in out


@pytest.mark.slow
def test_check_says_in_one_line_when_slots_are_missing_or_a_master_is_down(
    valkey_cluster: EmbeddedCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slots nobody serves, then a master down: each is one line under Store and a reason ``run``
    cannot start (exit 1). The session's cluster is put back as it was (slots, the master) after."""
    monkeypatch.setenv("REDIS_URL", valkey_cluster.url)
    last = valkey_cluster.ports[-1]  # owns slots 10922-16383
    try:
        for port in valkey_cluster.ports:  # every node forgets slots 16000-16383: nobody serves them
            admin(port, "DELSLOTSRANGE", 16000, 16383)
        code, out, _ = check()
        assert code == EXIT_PROBLEM
        assert store_line(out) == (
            f"Store:  REDIS_URL: the Redis cluster at {valkey_cluster.url} is not ok: 3 masters, 16000/16384 slots "
            "covered; 384 slots not covered, cluster_state:fail"
        )
        assert out.count("384 slots not covered") == 3  # under Store, and for each run mode
        assert "start the masters that do not answer, or assign the missing slots" in out
    finally:
        admin(last, "ADDSLOTSRANGE", 16000, 16383)
        valkey_cluster.wait_ok()

    valkey_cluster.stop_node(1)
    try:
        code, out, _ = check()
        assert code == EXIT_PROBLEM
        assert re.search(r"1 of 3 masters do not answer \(127\.0\.0\.1:\d+\)", store_line(out)), store_line(out)
    finally:
        valkey_cluster.start_node(1)  # polls until cluster_state:ok on every node


def test_check_says_in_one_line_when_no_node_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cluster URL where nothing listens: one line, exit 1, and the password in the URL never shown
    (the settings list printed REDIS_URL as given, password included, before). The line names no
    exception class: redis-py 8.2 renamed the one raised here, and a user gains nothing from it."""
    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("REDIS_URL", f"redis+cluster://sitrep:pa55word@127.0.0.1:{port}")
    code, out, err = check()
    assert code == EXIT_PROBLEM and err == ""
    assert store_line(out) == (
        f"Store:  REDIS_URL: cannot reach the Redis cluster at redis+cluster://127.0.0.1:{port}: "
        "the cluster is down or REDIS_URL names no node of it"
    )
    assert "pa55word" not in out
    assert f"redis+cluster://sitrep:***@127.0.0.1:{port}" in out  # the settings list shows it masked


def test_check_reports_a_single_server(redis_server: EmbeddedRedis, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain REDIS_URL is pinged too: what answers, in one line."""
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    code, out, _ = check()
    assert code == EXIT_OK
    assert re.fullmatch(r"Store:  REDIS_URL: Valkey [\d.]+ answers at redis://127\.0\.0\.1:\d+", store_line(out))
