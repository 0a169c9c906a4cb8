"""A damaged append-only file: the error names a command that exists, and that command repairs it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from bot.cli import EXIT_OK, main
from bot.errors import StoreError
from bot.store import EmbeddedRedis, connect
from bot.store.aof import repair_aof

KEYS = 60


def damage(data_dir: Path) -> Path:
    """Fill the embedded server under ``data_dir`` with KEYS writes, then garble its AOF mid-file."""
    with connect(None, data_dir) as conn:
        for i in range(KEYS):
            conn.client.set(f"key:{i:03d}", "v" * 100)
    (incr,) = (data_dir / "redis" / "appendonlydir").glob("*.incr.aof")
    data = incr.read_bytes()
    middle = len(data) // 2
    incr.write_bytes(data[:middle] + b"#not a command#" + data[middle:])
    return incr


def test_a_damaged_aof_names_a_command_that_repairs_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The start-up error says to run `sitrep repair-aof`; running it backs the files up, cuts the
    damaged file at its first bad record, and the server then starts with the writes before it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SITREP_DATA_DIR", str(tmp_path / "data"))
    incr = damage(tmp_path / "data")
    size = incr.stat().st_size

    with pytest.raises(StoreError) as err:
        connect(None, tmp_path / "data")
    text = str(err.value)
    assert "\n" not in text
    assert text.startswith("the embedded Redis server did not start: Bad file format reading the append only file")
    assert "valkey-check-aof" not in text.split(" — ", 1)[1]  # the hint names nothing that is not installed
    command = re.search(r"run `([^`]+)`", text)
    assert command is not None and command.group(1) == "sitrep repair-aof"

    out, errors = io.StringIO(), io.StringIO()
    assert main(command.group(1).split()[1:], stdout=out, stderr=errors) == EXIT_OK
    assert errors.getvalue() == ""
    (backup,) = (tmp_path / "data" / "redis").glob("appendonlydir.bak-*")
    assert (backup / incr.name).stat().st_size == size  # the untouched copy
    assert 0 < incr.stat().st_size < size // 2 + 1
    assert out.getvalue().startswith(f"sitrep: cut {incr} from {size} to {incr.stat().st_size} bytes")

    with connect(None, tmp_path / "data") as conn:
        kept = len(conn.client.keys("key:*"))
    assert KEYS // 3 < kept < KEYS  # the writes before the damage survive; those after it are cut


def test_repair_refuses_while_a_server_runs_and_when_nothing_is_damaged(tmp_path: Path) -> None:
    """It never cuts files under a running server, and says so when the files are intact."""
    with EmbeddedRedis(tmp_path) as server:
        server.url  # noqa: B018 - running
        with pytest.raises(StoreError, match=r"is in use: another Sitrep process"):
            repair_aof(tmp_path)
    with pytest.raises(StoreError, match=r"are intact"):
        repair_aof(tmp_path)
    assert not list(tmp_path.glob("appendonlydir.bak-*"))
