"""Calling the Messages API: one request, one repair attempt, one audit record per call, the breaker.

The SDK retries 429/529/5xx/timeouts with backoff; after that, an unusable answer gets one repair
attempt; anything still failing raises ``ClaudeUnavailableError`` (the engine falls back). A
circuit breaker skips the endpoint after repeated failures. Every model call leaves one audit record.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from typing import TypeVar

import anthropic
from anthropic.types import Message as ApiMessage
from anthropic.types import MessageParam, OutputConfigParam, TextBlockParam
from pydantic import ValidationError

from bot.audit_record import AuditRecord, Outcome, Usage
from bot.clock import Clock
from bot.engines.claude.blocks import text_block
from bot.engines.claude.breaker import CircuitBreaker
from bot.engines.claude.checks import scrub_secrets
from bot.engines.claude.fallback import ClaudeUnavailableError
from bot.engines.claude.prompts import Template, load
from bot.engines.claude.schema import Reply, json_schema, task_of
from bot.engines.ports import AuditSink
from bot.errors import StoreError

log = logging.getLogger(__name__)

R = TypeVar("R", bound=Reply)

COUNT_TIMEOUT_S = 10.0


class _BadOutputError(Exception):
    def __init__(self, problem: str, text: str, outcome: Outcome) -> None:
        super().__init__(problem)
        self.problem = problem
        self.text = text
        self.outcome = outcome


class _UnreadableError(Exception):
    """A 200 response that is not a Message (wrong content type, missing fields)."""


@dataclass(frozen=True)
class Request:
    """One model request before it is sent."""

    task: str
    step: str
    channel: str
    model: str
    version: str
    system: list[TextBlockParam]
    content: list[TextBlockParam]
    reply: type[Reply]

    def texts(self) -> list[str]:
        return [b["text"] for b in self.system] + [b["text"] for b in self.content]


def new_request(
    system: Template,
    template: Template,
    *,
    channel: str,
    model: str,
    content: list[TextBlockParam],
    reply: type[Reply],
    step: str = "final",
) -> Request:
    """A ``Request`` for ``reply`` under the cached ``system`` prompt, versioned by both templates."""
    return Request(
        task=task_of(reply),
        step=step,
        channel=channel,
        model=model,
        version=f"{system.ref}+{template.ref}",
        system=[text_block(system.render(), cache=True)],
        content=content,
        reply=reply,
    )


def describe_failure(exc: BaseException) -> tuple[str, bool]:
    """(a short reason users may see, whether it counts against the endpoint for the breaker)."""
    if isinstance(exc, anthropic.APITimeoutError):
        return "timed out", True
    if isinstance(exc, anthropic.APIConnectionError):
        return "endpoint unreachable", True
    if isinstance(exc, anthropic.APIStatusError):
        code = exc.status_code
        if code == 529:
            return "overloaded (HTTP 529)", True
        if code == 429:
            return "rate limited (HTTP 429)", True
        if code >= 500:
            return f"server error (HTTP {code})", True
        if code in (401, 403):
            return f"API key rejected (HTTP {code})", True
        return f"request rejected (HTTP {code})", False
    if isinstance(exc, json.JSONDecodeError | _UnreadableError):
        return "unreadable response", True
    return f"unexpected error ({type(exc).__name__})", True


def _input_hash(model: str, system: object, messages: object, schema: object) -> str:
    canonical = json.dumps(
        {"model": model, "system": system, "messages": messages, "schema": schema},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def _reply_text(resp: ApiMessage) -> str:
    parts: list[str] = []
    for block in resp.content:
        if block.type == "text":
            parts.append(block.text)
        elif block.type == "tool_use":  # a gateway that answers through a forced tool
            parts.append(json.dumps(block.input))
    return "".join(parts)


def _validation_problem(exc: ValidationError) -> str:
    # Only locations and messages: pydantic's str() would echo the model's text back.
    errs = exc.errors()[:3]
    shown = "; ".join(f"{'/'.join(str(p) for p in e['loc']) or '(root)'}: {e['msg']}" for e in errs)
    more = f" (and {exc.error_count() - 3} more)" if exc.error_count() > 3 else ""
    return f"it did not match the response format: {shown}{more}"


class Transport:
    """Sends requests through the SDK client, behind the breaker, and audits every call."""

    def __init__(
        self, client: anthropic.Anthropic, *, audit: AuditSink, clock: Clock, breaker: CircuitBreaker, max_tokens: int
    ) -> None:
        self._client = client
        self._audit = audit
        self._clock = clock
        self._breaker = breaker
        self._max_tokens = max_tokens

    def close(self) -> None:
        """Close the SDK client's connections."""
        self._client.close()

    def count(self, request: Request) -> int | None:
        """The API's token count for ``request``; None when it cannot be had (the estimate decides)."""
        if self._breaker.state == "open":
            return None
        output_config: OutputConfigParam = {"format": {"type": "json_schema", "schema": json_schema(request.reply)}}
        try:
            counted = self._client.with_options(max_retries=0, timeout=COUNT_TIMEOUT_S).messages.count_tokens(
                model=request.model,
                system=request.system,
                messages=[{"role": "user", "content": request.content}],
                output_config=output_config,
            )
        except Exception as exc:  # any failure just means "use the estimate"
            log.info("token count unavailable (%s); using the local estimate", describe_failure(exc)[0])
            return None
        return int(counted.input_tokens)

    def ask(self, request: Request, reply_type: type[R]) -> R:
        """Send ``request``; on an unusable answer, one repair attempt; else ``ClaudeUnavailableError``."""
        if not self._breaker.allow():
            retry = self._breaker.retry_at
            self._record(request, step=request.step, outcome="skipped", error="circuit open")
            when = f", next try after {retry:%H:%M} UTC" if retry else ""
            raise ClaudeUnavailableError(f"paused after repeated failures{when}")
        messages: list[MessageParam] = [{"role": "user", "content": request.content}]
        try:
            return self._attempt(request, messages, reply_type, repair=False)
        except _BadOutputError as bad:
            first = bad
        repair = load("repair")
        messages = [
            *messages,
            {"role": "assistant", "content": [text_block(first.text or "(no answer)")]},
            {"role": "user", "content": [text_block(repair.render(problem=first.problem))]},
        ]
        try:
            return self._attempt(request, messages, reply_type, repair=True)
        except _BadOutputError as bad:
            raise ClaudeUnavailableError(f"unusable answer after one repair attempt: {bad.problem}") from None

    def _attempt(self, request: Request, messages: list[MessageParam], reply_type: type[R], *, repair: bool) -> R:
        schema = json_schema(reply_type)
        step = request.step + ("-repair" if repair else "")
        version = request.version + (f"+{load('repair').ref}" if repair else "")
        digest = _input_hash(request.model, request.system, messages, schema)
        started = time.perf_counter()
        try:
            resp = self._client.messages.create(
                model=request.model,
                max_tokens=self._max_tokens,
                system=request.system,
                messages=messages,
                output_config={"format": {"type": "json_schema", "schema": schema}},
            )
            if not isinstance(resp, ApiMessage) or resp.content is None or resp.usage is None:
                raise _UnreadableError
        except Exception as exc:  # SDK errors, bad JSON bodies, anything: fallback
            latency = (time.perf_counter() - started) * 1000
            reason, endpoint = describe_failure(exc)
            if endpoint:
                self._breaker.record_failure()
            else:
                self._breaker.record_success()
            self._record(
                request,
                step=step,
                outcome="error",
                latency_ms=latency,
                error=reason,
                version=version,
                digest=digest,
                request_id=getattr(exc, "request_id", None),
            )
            raise ClaudeUnavailableError(reason) from exc
        latency = (time.perf_counter() - started) * 1000
        self._breaker.record_success()
        text, scrubbed = scrub_secrets(_reply_text(resp))
        if scrubbed:
            log.warning(
                "removed %d token-shaped string(s) from a %s answer in %s", scrubbed, request.task, request.channel
            )
        usage = Usage(
            input_tokens=resp.usage.input_tokens,
            output_tokens=resp.usage.output_tokens,
            cache_creation_input_tokens=resp.usage.cache_creation_input_tokens or 0,
            cache_read_input_tokens=resp.usage.cache_read_input_tokens or 0,
        )

        def record(outcome: Outcome, error: str | None = None) -> None:
            self._record(
                request,
                step=step,
                outcome=outcome,
                output=text,
                usage=usage,
                latency_ms=latency,
                error=error,
                version=version,
                digest=digest,
                stop_reason=resp.stop_reason,
                request_id=resp._request_id,
            )

        if resp.stop_reason == "refusal":
            record("refused")
            raise ClaudeUnavailableError("the model declined to answer")
        if resp.stop_reason == "max_tokens":
            record("truncated", "cut off at max_tokens")
            raise _BadOutputError("it was cut off at the output limit before the JSON was complete", text, "truncated")
        try:
            parsed = reply_type.model_validate_json(text)
        except ValidationError as exc:
            problem = _validation_problem(exc)
            record("invalid_output", problem)
            raise _BadOutputError(problem, text, "invalid_output") from None
        record("ok")
        return parsed

    def _record(
        self,
        request: Request,
        *,
        step: str,
        outcome: Outcome,
        output: str = "",
        usage: Usage | None = None,
        latency_ms: float = 0.0,
        error: str | None = None,
        version: str | None = None,
        digest: str = "",
        stop_reason: str | None = None,
        request_id: str | None = None,
    ) -> None:
        record = AuditRecord(
            at=self._clock.now(),
            channel=request.channel,
            task=request.task,
            step=step,
            prompt_version=version or request.version,
            model=request.model,
            input_hash=digest,
            output=output,
            usage=usage or Usage(),
            latency_ms=round(latency_ms, 1),
            outcome=outcome,
            error=error,
            stop_reason=stop_reason,
            request_id=request_id,
        )
        try:
            self._audit.record(record)
        except StoreError as exc:
            # The audit must not take the answer down with it; Redis trouble shows up elsewhere too.
            log.warning("audit record for %s in %s not written: %s", request.task, request.channel, exc)
