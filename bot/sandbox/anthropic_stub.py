"""A local stand-in for the Anthropic Messages API, for tests, the benchmark and offline demos.

The real ``anthropic.Anthropic(base_url=stub.url)`` talks to it over HTTP. It answers
``POST /v1/messages`` from a script keyed by task (the ``title`` of the request's JSON schema,
or a forced tool's name), counts input and output tokens (about four characters per token),
simulates prompt caching, records every request body, and injects faults: 429 with a short
``retry-after-ms``, 529 overloaded, 500, a reply slower than the client's timeout, malformed or
truncated JSON, an unreadable body, and refusals. ``POST /v1/messages/count_tokens`` answers
with the same count.

    with AnthropicStub() as stub:
        stub.script("sitrep", {"status": "Investigating", ...})
        stub.fail("overloaded", times=3)
        client = anthropic.Anthropic(api_key="test", base_url=stub.url, max_retries=2, timeout=0.5)
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal, cast

FaultKind = Literal[
    "rate_limit", "overloaded", "server_error", "timeout", "malformed_json", "truncated", "bad_body", "refusal"
]
Responder = Callable[[dict[str, Any]], "dict[str, Any] | str"]

_ERRORS: dict[str, tuple[int, str, str]] = {
    "rate_limit": (429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"),
    "overloaded": (529, "overloaded_error", "Overloaded"),
    "server_error": (500, "api_error", "Internal server error"),
}


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request as the stand-in received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def task(self) -> str | None:
        return task_of(self.body)

    def texts(self) -> list[str]:
        """Every text the request carries to the model: system blocks, then message blocks."""
        return _texts(self.body)

    @property
    def prompt(self) -> str:
        """All prompt text joined, for "does X appear anywhere in what was sent" assertions."""
        return "\n".join(self.texts())


@dataclass(frozen=True)
class Reply:
    """A scripted answer: a dict (sent as JSON text or tool input) or raw text."""

    content: dict[str, Any] | str | Responder
    stop_reason: str = "end_turn"


@dataclass
class Fault:
    kind: FaultKind
    times: int = 1
    task: str | None = None
    delay: float = 5.0
    """Seconds a "timeout" fault holds the reply (set it above the client's timeout)."""


@dataclass
class Usage:
    """Token totals over every answered /v1/messages request."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0
    by_task: dict[str, int] = field(default_factory=dict)
    """Total input tokens (cached or not) per task."""


def task_of(body: dict[str, Any]) -> str | None:
    """The task a request is for: its JSON schema's title, else the forced tool's name."""
    config = body.get("output_config")
    if isinstance(config, dict):
        fmt = config.get("format")
        if isinstance(fmt, dict) and isinstance(fmt.get("schema"), dict):
            title = fmt["schema"].get("title")
            if isinstance(title, str):
                return title
    choice = body.get("tool_choice")
    if isinstance(choice, dict) and choice.get("type") == "tool" and isinstance(choice.get("name"), str):
        return str(choice["name"])
    return None


def _blocks(content: object) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    if isinstance(content, list):
        return [b for b in content if isinstance(b, dict)]
    return []


def _texts(body: dict[str, Any]) -> list[str]:
    out = [str(b.get("text", "")) for b in _blocks(body.get("system"))]
    for message in body.get("messages") or []:
        if isinstance(message, dict):
            out.extend(str(b.get("text", "")) for b in _blocks(message.get("content")) if "text" in b)
    return out


def minimal_instance(schema: dict[str, Any], root: dict[str, Any] | None = None) -> Any:
    """The smallest value valid against ``schema``: "Unknown" strings, empty arrays, zeros."""
    root = root if root is not None else schema
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        return minimal_instance(root.get("$defs", {})[name], root)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    if "anyOf" in schema:
        variants = [v for v in schema["anyOf"] if v.get("type") != "null"] or schema["anyOf"]
        return minimal_instance(variants[0], root)
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: minimal_instance(v, root) for k, v in props.items()}
    if kind == "array":
        return []
    if kind == "string":
        return "Unknown"
    if kind in ("integer", "number"):
        return 0
    if kind == "boolean":
        return False
    return None


class AnthropicStub:
    """The stand-in server; use it as a context manager."""

    def __init__(
        self,
        *,
        chars_per_token: float = 4.0,
        min_cache_tokens: int = 1024,
        retry_after_ms: int = 1,
        require_auth: bool = True,
    ) -> None:
        """Configure the stand-in (it starts on ``__enter__`` or ``start()``).

        Args:
            chars_per_token: how token counts are derived from text length.
            min_cache_tokens: a cache prefix shorter than this is silently not cached (as the API does).
            retry_after_ms: ``retry-after-ms`` sent with 429/529/500 so SDK retries are quick.
            require_auth: answer 401 when neither ``Authorization`` nor ``x-api-key`` is sent.
        """
        self.chars_per_token = chars_per_token
        self.min_cache_tokens = min_cache_tokens
        self.retry_after_ms = retry_after_ms
        self.require_auth = require_auth
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._scripts: dict[str, deque[Reply]] = {}
        self._defaults: dict[str, Reply] = {}
        self._faults: deque[Fault] = deque()
        self._requests: list[RecordedRequest] = []
        self._cache: set[str] = set()
        self._ids = itertools.count(1)
        self.usage = Usage()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The base URL to give ``anthropic.Anthropic(base_url=…)`` (no ``/v1``)."""
        if self._server is None:
            raise RuntimeError("the stub is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> AnthropicStub:
        handler = type("_BoundHandler", (_Handler,), {"stub": self})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        server.block_on_close = False
        server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self._server = server
        # A short poll interval keeps stop() (which waits for one poll) quick.
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="anthropic-stub", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # releases replies held by "timeout" faults
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> AnthropicStub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- scripting -------------------------------------------------------------------------------

    def script(
        self,
        task: str,
        reply: dict[str, Any] | str | Responder,
        *,
        stop_reason: str = "end_turn",
        times: int = 1,
    ) -> None:
        """Queue ``reply`` for the next ``times`` requests of ``task``.

        A dict is sent as JSON text (or as a tool's input when the request forces a tool); a str is
        sent as-is (malformed JSON included); a callable gets the request body and returns either.
        """
        with self._lock:
            queue = self._scripts.setdefault(task, deque())
            queue.extend(Reply(reply, stop_reason) for _ in range(times))

    def default(self, task: str, reply: dict[str, Any] | str | Responder) -> None:
        """The answer for ``task`` whenever its queue is empty (without one: a minimal valid object)."""
        with self._lock:
            self._defaults[task] = Reply(reply)

    def fail(self, kind: FaultKind, *, times: int = 1, task: str | None = None, delay: float = 5.0) -> None:
        """Make the next ``times`` /v1/messages requests (of ``task``, if given) fail with ``kind``."""
        with self._lock:
            self._faults.append(Fault(kind, times, task, delay))

    # -- inspection ------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received, in order (count_tokens included)."""
        with self._lock:
            return list(self._requests)

    def message_requests(self, task: str | None = None) -> list[RecordedRequest]:
        """``POST /v1/messages`` requests, optionally only those of ``task``."""
        return [r for r in self.requests if r.path.endswith("/v1/messages") and (task is None or r.task == task)]

    def reset(self) -> None:
        """Forget requests, usage, scripts, faults and the simulated cache."""
        with self._lock:
            self._requests.clear()
            self._scripts.clear()
            self._defaults.clear()
            self._faults.clear()
            self._cache.clear()
            self.usage = Usage()

    # -- the model side --------------------------------------------------------------------------

    def count_tokens(self, body: dict[str, Any]) -> int:
        """Input tokens of a request body: its texts, tool definitions and output schema."""
        chars = sum(len(t) for t in _texts(body))
        for extra in ("tools", "output_config"):
            if body.get(extra):
                chars += len(json.dumps(body[extra], separators=(",", ":")))
        return max(1, math.ceil(chars / self.chars_per_token))

    def _cached_prefix(self, body: dict[str, Any]) -> tuple[str, int] | None:
        """(key, tokens) of the prefix up to the last cache breakpoint, tools → system → messages."""
        texts: list[str] = [json.dumps(body["tools"], sort_keys=True)] if body.get("tools") else []
        last = -1
        blocks = [*_blocks(body.get("system"))]
        for message in body.get("messages") or []:
            if isinstance(message, dict):
                blocks.extend(_blocks(message.get("content")))
        for block in blocks:
            texts.append(str(block.get("text", "")))
            if block.get("cache_control"):
                last = len(texts) - 1
        if body.get("cache_control") and texts:
            last = len(texts) - 1
        if last < 0:
            return None
        prefix = texts[: last + 1]
        tokens = math.ceil(sum(len(t) for t in prefix) / self.chars_per_token)
        if tokens < self.min_cache_tokens:
            return None
        key = hashlib.sha256(json.dumps([body.get("model"), prefix]).encode()).hexdigest()
        return key, tokens

    def _next_fault(self, task: str | None) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.task is None or fault.task == task:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _next_reply(self, task: str | None, body: dict[str, Any]) -> Reply:
        with self._lock:
            queue = self._scripts.get(task or "")
            if queue:
                return queue.popleft()
            if task in self._defaults:
                return self._defaults[task]
        config = body.get("output_config")
        schema = config.get("format", {}).get("schema") if isinstance(config, dict) else None
        if isinstance(schema, dict):
            return Reply(cast("dict[str, Any]", minimal_instance(schema)))
        return Reply("OK")

    def answer(self, body: dict[str, Any]) -> tuple[int, dict[str, str], bytes, float]:
        """(status, headers, body bytes, delay in seconds) for one /v1/messages request."""
        problem = _invalid(body)
        if problem:
            return _error(400, "invalid_request_error", problem)
        task = task_of(body)
        fault = self._next_fault(task)
        headers = {"retry-after-ms": str(self.retry_after_ms)}
        if fault is not None and fault.kind in _ERRORS:
            status, kind, text = _ERRORS[fault.kind]
            status, hdrs, data, _ = _error(status, kind, text)
            return status, {**hdrs, **headers}, data, 0.0
        if fault is not None and fault.kind == "bad_body":
            return 200, {}, b'{"id": "msg_broken", "content": [{"type": "te', 0.0
        reply = self._next_reply(task, body)
        content = reply.content(body) if callable(reply.content) else reply.content
        stop_reason = reply.stop_reason
        if fault is not None and fault.kind in ("malformed_json", "truncated"):
            full = content if isinstance(content, str) else json.dumps(content)
            content = full[: max(1, len(full) // 2)]
            stop_reason = "max_tokens" if fault.kind == "truncated" else "end_turn"
        blocks: list[dict[str, Any]]
        choice = body.get("tool_choice")
        if fault is not None and fault.kind == "refusal":
            blocks, stop_reason = [], "refusal"
        elif isinstance(choice, dict) and choice.get("type") == "tool" and isinstance(content, dict):
            blocks = [{"type": "tool_use", "id": f"toolu_stub{next(self._ids)}", "name": choice["name"]}]
            blocks[0]["input"] = content
            stop_reason = "tool_use"
        else:
            text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
            blocks = [{"type": "text", "text": text}]
        usage = self._usage(body, blocks, task)
        answer: dict[str, Any] = {
            "id": f"msg_stub{next(self._ids):06d}",
            "type": "message",
            "role": "assistant",
            "model": body.get("model"),
            "content": blocks,
            "stop_reason": stop_reason,
            "stop_sequence": None,
            "usage": usage,
        }
        if stop_reason == "refusal":
            answer["stop_details"] = {"type": "refusal", "category": None, "explanation": None}
        delay = fault.delay if fault is not None and fault.kind == "timeout" else 0.0
        return 200, {}, json.dumps(answer).encode(), delay

    def _usage(self, body: dict[str, Any], blocks: list[dict[str, Any]], task: str | None) -> dict[str, int]:
        total = self.count_tokens(body)
        created = read = 0
        prefix = self._cached_prefix(body)
        with self._lock:
            if prefix is not None:
                key, tokens = prefix
                tokens = min(tokens, total)
                if key in self._cache:
                    read = tokens
                else:
                    created = tokens
                    self._cache.add(key)
            out_chars = sum(len(b.get("text", "")) or len(json.dumps(b.get("input", ""))) for b in blocks)
            output = math.ceil(out_chars / self.chars_per_token) if blocks else 0
            u = self.usage
            u.input_tokens += total - created - read
            u.cache_creation_input_tokens += created
            u.cache_read_input_tokens += read
            u.output_tokens += output
            u.by_task[task or ""] = u.by_task.get(task or "", 0) + total
        return {
            "input_tokens": total - created - read,
            "output_tokens": output,
            "cache_creation_input_tokens": created,
            "cache_read_input_tokens": read,
        }

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def wait(self, seconds: float) -> None:
        """Hold a reply (a "timeout" fault) until ``seconds`` pass or the stub stops."""
        self._stop.wait(seconds)


def _invalid(body: dict[str, Any]) -> str | None:
    """What the real API would reject with a 400, for the mistakes worth catching in tests."""
    for name in ("model", "max_tokens", "messages"):
        if name not in body:
            return f"{name}: Field required"
    messages = body["messages"]
    if not isinstance(messages, list) or not messages:
        return "messages: at least one message is required"
    for m in messages:
        if not isinstance(m, dict) or m.get("role") not in ("user", "assistant"):
            return "messages: role must be 'user' or 'assistant'"
        content = m.get("content")
        if content in ("", []) or (isinstance(content, list) and any(b.get("text") == "" for b in _blocks(content))):
            return "messages: text content blocks must be non-empty"
    if messages[-1].get("role") != "user":
        return "This model does not support assistant message prefill. The conversation must end with a user message."
    config = body.get("output_config")
    if isinstance(config, dict) and config.get("format") is not None:
        fmt = config["format"]
        if not isinstance(fmt, dict) or fmt.get("type") != "json_schema" or not isinstance(fmt.get("schema"), dict):
            return "output_config.format: type must be 'json_schema' with a schema"
    breakpoints = sum(1 for b in _blocks(body.get("system")) if b.get("cache_control"))
    breakpoints += sum(
        1 for m in messages for b in _blocks(m.get("content")) if isinstance(b, dict) and b.get("cache_control")
    )
    if breakpoints > 4:
        return "A maximum of 4 blocks with cache_control may be provided."
    return None


def _error(status: int, kind: str, message: str) -> tuple[int, dict[str, str], bytes, float]:
    body = {"type": "error", "error": {"type": kind, "message": message}, "request_id": "req_stub"}
    return status, {}, json.dumps(body).encode(), 0.0


class _Handler(BaseHTTPRequestHandler):
    stub: AnthropicStub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read ``stub.requests`` instead of a server log."""

    def do_GET(self) -> None:
        self._send(*_error(404, "not_found_error", f"{self.path} not found")[:3])

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self._send(*_error(400, "invalid_request_error", "body is not JSON")[:3])
            return
        if not isinstance(body, dict):
            self._send(*_error(400, "invalid_request_error", "body must be a JSON object")[:3])
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.stub._record(RecordedRequest("POST", self.path, headers, body))
        if self.stub.require_auth and not (headers.get("authorization") or headers.get("x-api-key")):
            self._send(*_error(401, "authentication_error", "invalid x-api-key")[:3])
            return
        path = self.path.split("?", 1)[0]
        if path.endswith("/v1/messages/count_tokens"):
            problem = _invalid({**body, "max_tokens": 1})
            if problem:
                self._send(*_error(400, "invalid_request_error", problem)[:3])
                return
            self._send(200, {}, json.dumps({"input_tokens": self.stub.count_tokens(body)}).encode())
            return
        if not path.endswith("/v1/messages"):
            self._send(*_error(404, "not_found_error", f"{path} not found")[:3])
            return
        status, extra, data, delay = self.stub.answer(body)
        if delay:
            self.stub.wait(delay)
        self._send(status, extra, data)

    def _send(self, status: int, headers: dict[str, str], data: bytes) -> None:
        try:
            self.send_response(status, "Overloaded" if status == 529 else None)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.send_header("request-id", f"req_stub{next(self.stub._ids):06d}")
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (its timeout fired during a "timeout" fault); nothing to tell it.
            self.close_connection = True
