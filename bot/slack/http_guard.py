"""The checks a request to ``/slack/events`` passes before Bolt sees it, cheapest first.

Length before reading (nothing is buffered for a request that is too big or has no length), then
the signature (nothing is parsed for an unsigned request), then the body's encoding and shape
(Bolt raises on what it cannot parse, which the WSGI server turns into a 500 with a traceback), then
replay. Each failure is a ``Rejection``: a status and one line saying what is wrong; never the body.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt.request.internals import parse_body

MAX_AGE_SECONDS = 300
"""Slack's rule (and slack_sdk's): a signature more than 5 minutes from the receiver's clock is refused."""
_DIGITS = re.compile(r"[0-9]{1,20}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_NOT_REPLAYABLE = frozenset({"event_callback", "url_verification", "app_rate_limited"})
"""Envelopes that are deduplicated otherwise (events by ``event_id``) or harmless; Slack retries
events, so claiming their signatures could turn a retry after a failure into a silent drop."""


@dataclass(frozen=True)
class Rejection:
    """An answer given instead of Bolt's: ``status`` is a WSGI status line, ``reason`` one line of text."""

    status: str
    reason: str
    metric: str
    """The label counted in ``sitrep_http_rejected_total``."""


def content_length(environ: Mapping[str, Any], max_bytes: int) -> int | Rejection:
    """The declared body length, or why the request is refused before a byte of its body is read."""
    if environ.get("HTTP_TRANSFER_ENCODING"):
        return Rejection("411 Length Required", "send a Content-Length; chunked bodies are not accepted", "length")
    raw = str(environ.get("CONTENT_LENGTH") or "").strip()
    if not raw:
        return Rejection("411 Length Required", "a POST to this endpoint needs a Content-Length header", "length")
    if not _DIGITS.fullmatch(raw):
        return Rejection("400 Bad Request", "Content-Length must be a non-negative whole number of bytes", "length")
    length = int(raw)
    if length > max_bytes:
        return Rejection(
            "413 Content Too Large",
            f"request body of {length} bytes is over the {max_bytes}-byte limit (HTTP_MAX_BODY_BYTES)",
            "too_large",
        )
    return length


@dataclass(frozen=True)
class Signed:
    """The signature headers of a request whose body Slack signed."""

    timestamp: str
    signature: str


def check_signature(
    secret: bytes, timestamp: str | None, signature: str | None, body: bytes, *, now: float
) -> Signed | Rejection:
    """The headers when Slack signed ``body`` within 5 minutes of ``now``; else a 401 saying which part failed.

    The HMAC is computed over the raw bytes, as Slack computes it, so a signed body that is not
    UTF-8 is reported as malformed (400) afterwards rather than crashing a decoder here.
    """
    timestamp = (timestamp or "").strip()
    signature = (signature or "").strip()
    if not _TIMESTAMP.fullmatch(timestamp):
        return Rejection("401 Unauthorized", "X-Slack-Request-Timestamp is missing or not a Unix time", "signature")
    if not _SIGNATURE.fullmatch(signature):
        return Rejection("401 Unauthorized", "X-Slack-Signature is missing or not a v0= signature", "signature")
    if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
        return Rejection("401 Unauthorized", "request timestamp is more than 5 minutes from now", "signature")
    expected = hmac.new(secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest("v0=" + expected, signature):
        return Rejection("401 Unauthorized", "request signature does not match", "signature")
    return Signed(timestamp, signature)


def parse_payload(body: bytes, content_type: str | None) -> dict[str, Any] | Rejection:
    """The payload exactly as Bolt will parse it, or a 400 when Bolt could not (it would raise)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Rejection("400 Bad Request", "request body is not valid UTF-8", "malformed")
    media = content_type.split(";")[0] if content_type else None
    try:
        payload = parse_body(text, media)
    except (ValueError, RecursionError):  # json.JSONDecodeError is a ValueError
        return Rejection("400 Bad Request", "request body is not a Slack payload (JSON or form)", "malformed")
    if not isinstance(payload, dict):
        return Rejection("400 Bad Request", "request payload must be a JSON object", "malformed")
    return payload


def replay_key(payload: Mapping[str, Any], signed: Signed) -> str | None:
    """What names this request for replay protection, or None for envelopes deduplicated elsewhere.

    Slack never retries commands and interactions, and a new request has a new timestamp and so a
    new signature: the same timestamp and signature again can only be a replay.
    """
    if payload.get("type") in _NOT_REPLAYABLE:
        return None
    return f"{signed.timestamp}:{signed.signature}"
