"""``/healthz`` for both transports: one check (the store answers and takes writes, the ingest
worker is alive and not stuck), one answer.

HTTP mode serves it beside the Events API (``bot.slack.http``); Socket Mode has no inbound HTTP,
so ``HealthServer`` is a small stdlib listener on HEALTH_PORT for the orchestrator's probes.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bot.core.health import Health

HEALTH_PATH = "/healthz"


def healthz(health: Health) -> tuple[str, bytes]:
    """HTTP status line and body of ``/healthz``: ``200 OK``, or ``503`` with what is wrong; with an
    ingest worker, a second line with its state (alive, queue depth, last batch age, restarts)."""
    report = health.check()
    worker = f"worker: {report.worker}\n" if report.worker is not None else ""
    if report.ok:
        return "200 OK", f"ok\n{worker}".encode()
    return "503 Service Unavailable", f"unhealthy: {report.detail}\n{worker}".encode()


class HealthServer:
    """``GET /healthz`` on its own port, in a daemon thread; ``port=0`` picks a free port (tests)."""

    def __init__(self, health: Health, *, host: str = "127.0.0.1", port: int = 0) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                found = self.path.split("?", 1)[0] == HEALTH_PATH
                status, body = healthz(health) if found else ("404 Not Found", b"not found\n")
                self.send_response(int(status.split()[0]))
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                """Probes every few seconds would drown the log."""

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="sitrep-healthz", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{HEALTH_PATH}"

    def start(self) -> HealthServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
