"""The threaded HTTP server both tracker stand-ins share: routing, auth check, faults, journal."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

JSON = Any
Answer = tuple[int, JSON, dict[str, str]]


@dataclass(frozen=True)
class Request:
    """One request as the stand-in saw it; ``auth`` says whether the credentials matched, never what they were."""

    seq: int
    method: str
    path: str
    query: dict[str, str]
    body: JSON
    auth: str
    status: int
    fault: str | None = None

    @property
    def text(self) -> str:
        """The whole request body as sent (for "no secret left" checks)."""
        return json.dumps(self.body, ensure_ascii=False) if self.body is not None else ""


@dataclass
class Fault:
    """An answer the next matching request gets instead of the normal one."""

    status: int
    body: JSON = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    method: str | None = None
    times: int = 1
    skip: int = 0
    """Matching requests to let through first (``skip=1``: the second POST fails)."""
    name: str = "fault"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, owner: StandIn) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.owner = owner


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        status, payload, headers = self.server.owner.handle(
            self.command, parts.path, query, body, self.headers.get("Authorization")
        )
        data = b"" if status == 204 else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any  # noqa: N815  # http.server's names


class StandIn:
    """Base of the stand-ins: subclasses implement ``route`` and ``authorized``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.journal: list[Request] = []
        self._faults: list[Fault] = []
        self._server = _Server(self)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name=type(self).__name__, daemon=True)

    def __enter__(self) -> StandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> StandIn:
        self._thread.start()
        return self

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- scripting -----------------------------------------------------------------------------

    def fail(self, fault: Fault) -> None:
        """Answer the next ``fault.times`` matching requests with ``fault``."""
        with self._lock:
            self._faults.append(fault)

    def _take_fault(self, method: str) -> Fault | None:
        for fault in self._faults:
            if fault.method in (None, method):
                if fault.skip > 0:
                    fault.skip -= 1
                    return None
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    # -- serving -------------------------------------------------------------------------------

    def handle(self, method: str, path: str, query: dict[str, str], body: JSON, auth: str | None) -> Answer:
        with self._lock:
            ok = self.authorized(auth)
            fault = self._take_fault(method) if ok else None
            if not ok:
                status, payload, headers = self.unauthorized()
            elif fault is not None:
                status, payload, headers = fault.status, fault.body, dict(fault.headers)
            else:
                status, payload, headers = self.route(method, path, query, body)
            self.journal.append(
                Request(
                    seq=len(self.journal) + 1,
                    method=method,
                    path=path,
                    query=query,
                    body=body,
                    auth="valid" if ok else ("missing" if not auth else "invalid"),
                    status=status,
                    fault=fault.name if fault else None,
                )
            )
            return status, payload, headers

    def authorized(self, auth: str | None) -> bool:
        raise NotImplementedError

    def unauthorized(self) -> Answer:
        raise NotImplementedError

    def route(self, method: str, path: str, query: Mapping[str, str], body: JSON) -> Answer:
        raise NotImplementedError

    # -- reading the journal -------------------------------------------------------------------

    def requests(self, method: str | None = None, *, ok: bool | None = None) -> list[Request]:
        with self._lock:
            return [
                r
                for r in self.journal
                if (method is None or r.method == method) and (ok is None or (200 <= r.status < 300) is ok)
            ]
