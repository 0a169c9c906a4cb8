"""The HTTP side of the local Slack: ``/api/<method>``, the upload host, response_url hooks and file downloads."""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from .faults import Fault
from .journal import EntryKind, TokenStatus
from .params import for_journal
from .web_api import ApiResponse

log = logging.getLogger(__name__)


class Backend(Protocol):
    """What the HTTP handler needs from the emulator."""

    def api_call(self, method: str, params: dict[str, Any], token: str | None) -> ApiResponse: ...

    def token_status(self, method: str, token: str | None) -> TokenStatus: ...

    def take_fault(self, method: str) -> Fault | None: ...

    def journal_record(self, **fields: Any) -> None: ...

    def upload(self, token: str, data: bytes) -> str | None: ...

    def response_url(self, path: str, body: bytes) -> tuple[int, str]: ...

    def download(self, path: str, token: str | None) -> bytes | None: ...

    def changed(self) -> None: ...


@dataclass
class _ApiCall:
    method: str
    verb: str
    content_type: str
    params: dict[str, Any]
    token: str | None
    started: float = field(default_factory=time.monotonic)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, backend: Backend) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.backend = backend


def _first_values(parsed: dict[str, list[str]]) -> dict[str, Any]:
    return {k: v[0] if len(v) == 1 else v for k, v in parsed.items()}


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("local slack http: " + format, *args)

    # -- plumbing ----------------------------------------------------------------------------------------

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def _send_json(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(body).encode(), "application/json; charset=utf-8", headers)

    def _bearer(self) -> str | None:
        auth = self.headers.get("Authorization") or ""
        return auth[7:].strip() if auth.lower().startswith("bearer ") else None

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def _route(self, verb: str) -> None:
        path = urlsplit(self.path).path
        try:
            if path.startswith("/api/"):
                self._api(verb, path.removeprefix("/api/"))
            elif path.startswith("/upload/v1/") and verb == "POST":
                self._upload(path.removeprefix("/upload/v1/"))
            elif path.startswith("/hooks/") and verb == "POST":
                self._hook(path.removeprefix("/hooks/"))
            elif path.startswith("/files-pri/") and verb == "GET":
                self._download(path)
            else:
                self._send(404, b"not found", "text/plain")
        finally:
            self.server.backend.changed()

    # -- routes ------------------------------------------------------------------------------------------

    def _api(self, verb: str, method: str) -> None:
        backend = self.server.backend
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = _first_values(parse_qs(urlsplit(self.path).query, keep_blank_values=True))
        raw = self._body() if verb == "POST" else b""
        call = _ApiCall(method=method, verb=verb, content_type=content_type, params=params, token=self._bearer())
        if raw and content_type == "application/json":
            try:
                decoded = json.loads(raw)
            except json.JSONDecodeError:
                decoded = None
            if not isinstance(decoded, dict):
                self._finish_api(call, 200, {"ok": False, "error": "invalid_json"})
                return
            params.update(decoded)
        elif raw:
            params.update(_first_values(parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)))
        if call.token is None and isinstance(params.get("token"), str):
            call.token = params["token"]

        fault = backend.take_fault(method)
        if fault is not None:
            if fault.delay_s:
                time.sleep(fault.delay_s)  # the emulator playing a slow Slack, not a test waiting
            if fault.drop_connection:
                self._record(call, status=0, ok=None, error="connection_dropped", fault=fault)
                self.close_connection = True
                self.connection.close()
                return
            if fault.status == 429:
                headers = {"Retry-After": str(fault.retry_after if fault.retry_after is not None else 1)}
                self._finish_api(call, 429, {"ok": False, "error": "ratelimited"}, headers, fault)
                return
            if fault.status is not None:
                error = "fatal_error" if fault.status == 500 else "service_unavailable"
                self._finish_api(call, fault.status, {"ok": False, "error": error}, None, fault)
                return
            if fault.error is not None:
                self._finish_api(call, 200, {"ok": False, "error": fault.error}, None, fault)
                return
        response = backend.api_call(method, params, call.token)
        self._finish_api(call, response.status, response.body, response.headers, fault)

    def _record(self, call: _ApiCall, *, status: int, ok: bool | None, error: str | None, fault: Fault | None) -> None:
        backend = self.server.backend
        backend.journal_record(
            kind="api",
            method=call.method,
            http_method=call.verb,
            content_type=call.content_type,
            params=for_journal(call.params),
            token=backend.token_status(call.method, call.token),
            at=time.time(),
            status=status,
            ok=ok,
            error=error,
            fault=fault.describe() if fault is not None else None,
            duration_s=time.monotonic() - call.started,
        )

    def _finish_api(
        self,
        call: _ApiCall,
        status: int,
        body: dict[str, Any],
        headers: dict[str, str] | None = None,
        fault: Fault | None = None,
    ) -> None:
        self._record(call, status=status, ok=bool(body.get("ok")), error=body.get("error"), fault=fault)
        self._send_json(status, body, headers)

    def _record_other(
        self, kind: EntryKind, params: dict[str, Any], started: float, *, status: int, error: str | None
    ) -> None:
        self.server.backend.journal_record(
            kind=kind,
            method=kind,
            http_method=self.command,
            content_type=self.headers.get("Content-Type") or "",
            params=params,
            token="not_required",  # noqa: S106 - a status word, not a credential
            at=time.time(),
            status=status,
            ok=status == 200,
            error=error,
            fault=None,
            duration_s=time.monotonic() - started,
        )

    def _upload(self, token: str) -> None:
        started = time.monotonic()
        data = self._body()
        file_id = self.server.backend.upload(token, data)
        status = 200 if file_id is not None else 404
        params = {"file_id": file_id, "bytes": len(data)}
        self._record_other("upload", params, started, status=status, error=None if file_id else "file_not_found")
        if file_id is None:
            self._send(404, b"file_not_found", "text/plain")
        else:
            self._send(200, f"OK - {len(data)}".encode(), "text/plain")

    def _hook(self, path: str) -> None:
        started = time.monotonic()
        body = self._body()
        status, text = self.server.backend.response_url(path, body)
        try:
            parsed = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            parsed = body.decode("utf-8", "replace")
        params = parsed if isinstance(parsed, dict) else {"body": parsed}
        self._record_other("response_url", params, started, status=status, error=None if status == 200 else text)
        self._send(status, text.encode(), "text/plain")

    def _download(self, path: str) -> None:
        data = self.server.backend.download(path, self._bearer())
        if data is None:
            self._send(403, b"invalid_auth", "text/plain")
        else:
            self._send(200, data, "application/octet-stream")


class HttpServer:
    """The stdlib threading server on 127.0.0.1 and a random port, served from a daemon thread."""

    def __init__(self, backend: Backend) -> None:
        self._server = _Server(backend)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="local-slack-http", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
