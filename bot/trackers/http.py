"""What both trackers share: one ``httpx2.Client`` per tracker and HTTP failures mapped to ``TrackerError``."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx2

from bot.errors import TrackerError

USER_AGENT = "sitrep-bot (action items)"


def send(client: httpx2.Client, method: str, path: str, *, now: datetime, **kwargs: Any) -> httpx2.Response:
    """One request; any answer but 2xx, and any transport failure, raises ``TrackerError``.

    Args:
        now: the injected clock's time, to turn an absolute reset time into seconds to wait.
    """
    try:
        response = client.request(method, path, **kwargs)
    except httpx2.TimeoutException as exc:
        raise TrackerError("the tracker did not answer in time", kind="unavailable") from exc
    except httpx2.HTTPError as exc:
        raise TrackerError(f"cannot reach the tracker ({type(exc).__name__})", kind="unavailable") from exc
    if response.is_success:
        return response
    raise failure(response, now)


def failure(response: httpx2.Response, now: datetime) -> TrackerError:
    """The ``TrackerError`` for a non-2xx answer: auth, rate limit, invalid, gone or unavailable."""
    status = response.status_code
    reason = _reason(response)
    wait = retry_after(response.headers, now)
    remaining = response.headers.get("x-ratelimit-remaining")
    limited = status == 429 or (
        status == 403 and (wait is not None or remaining == "0" or "rate limit" in reason.lower())
    )
    if limited:
        return TrackerError(f"rate limited ({reason})", kind="rate_limit", status=status, retry_after=wait)
    if status in (401, 403):
        return TrackerError(
            f"not allowed ({reason})", kind="auth", status=status, hint="check the tracker token and its scopes"
        )
    if status in (404, 410):
        return TrackerError(f"not found ({reason})", kind="not_found", status=status)
    if status in (400, 422):
        return TrackerError(f"refused ({reason})", kind="invalid", status=status)
    return TrackerError(f"failed ({reason})", kind="unavailable", status=status)


def retry_after(headers: httpx2.Headers, now: datetime) -> float | None:
    """Seconds to wait, from ``Retry-After`` (seconds or an HTTP date) or ``X-RateLimit-Reset``
    (GitHub: epoch seconds; Jira: ISO 8601)."""
    value = headers.get("retry-after")
    if value:
        if value.strip().isdigit():
            return float(value.strip())
        try:
            return max(0.0, (parsedate_to_datetime(value) - now).total_seconds())
        except (TypeError, ValueError):
            pass
    reset = headers.get("x-ratelimit-reset")
    if reset:
        reset = reset.strip()
        try:
            when = (
                datetime.fromtimestamp(int(reset), tz=UTC)
                if reset.isdigit()
                else datetime.fromisoformat(reset.replace("Z", "+00:00"))
            )
        except (ValueError, OverflowError):
            return None
        return max(0.0, (when - now).total_seconds())
    return None


def _reason(response: httpx2.Response) -> str:
    """The tracker's own words, short: GitHub ``message`` + field errors, Jira ``errorMessages`` + ``errors``."""
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase or str(response.status_code)
    parts: list[str] = []
    if isinstance(body, dict):
        if isinstance(body.get("message"), str):
            parts.append(body["message"])
        for err in body.get("errors") or [] if isinstance(body.get("errors"), list) else []:
            if isinstance(err, dict):
                parts.append(str(err.get("message") or f"{err.get('field')} {err.get('code')}".strip()))
        if isinstance(body.get("errors"), dict):
            parts += [f"{k}: {v}" for k, v in body["errors"].items()]
        parts += [str(m) for m in body.get("errorMessages") or []]
    text = "; ".join(p for p in parts if p) or response.reason_phrase or str(response.status_code)
    return " ".join(text.split())[:200]
