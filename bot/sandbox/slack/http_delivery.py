"""HTTP delivery to the app, as Slack does it: signed POSTs, Events API retries, and deliberately bad requests.

Every request carries ``X-Slack-Request-Timestamp`` and ``X-Slack-Signature: v0=<hex hmac_sha256(secret,
"v0:{timestamp}:{body}")>``. Events are JSON ``event_callback`` bodies; when the app answers non-2xx, too
slowly, or not at all, the same body (same ``event_id``) is sent again with ``X-Slack-Retry-Num`` and
``X-Slack-Retry-Reason`` (``http_error``, ``http_timeout``, ``connection_failed``), up to three retries,
unless the app answered with ``X-Slack-No-Retry: 1``. Slash commands are form bodies; interactions are a
form body with one ``payload`` field holding JSON. Neither is retried.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlencode

from .deliveries import Delivery, DeliveryLog, Outcome
from .model import JSON
from .sync import Timers


def sign(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class HttpResult:
    """How the app answered one request (``status`` 0 when it never answered)."""

    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    elapsed_s: float = 0.0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass(frozen=True)
class HttpTargets:
    events_url: str
    commands_url: str
    interactivity_url: str


def _outcome(result: HttpResult) -> Outcome:
    if result.ok:
        return "acked"
    if result.status:
        return "http_error"
    return "timeout" if result.error == "http_timeout" else "connection_failed"


class HttpTransport:
    def __init__(
        self,
        targets: HttpTargets,
        *,
        signing_secret: str,
        timeout_s: float,
        retry_delays_s: Sequence[float],
        deliveries: DeliveryLog,
        timers: Timers,
        on_change: Callable[[], None],
    ) -> None:
        self.targets = targets
        self._secret = signing_secret
        self.timeout_s = timeout_s
        self._retry_delays = list(retry_delays_s)
        self._deliveries = deliveries
        self._timers = timers
        self._on_change = on_change
        self._executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="local-slack-deliver")
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self._closed = False

    def close(self) -> None:
        self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)

    # -- raw requests ------------------------------------------------------------------------------------

    def send(
        self,
        url: str,
        body: bytes,
        content_type: str,
        *,
        timestamp: str | None = None,
        signature: str | None = None,
        extra_headers: dict[str, str] | None = None,
        timeout_s: float | None = None,
        unsigned: bool = False,
    ) -> HttpResult:
        """POST ``body`` signed with the signing secret (or with the given, possibly wrong, timestamp/signature;
        ``unsigned``: without either header)."""
        ts = timestamp if timestamp is not None else str(int(time.time()))
        signing = {
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature if signature is not None else sign(self._secret, ts, body),
        }
        headers = {
            "Content-Type": content_type,
            **({} if unsigned else signing),
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
            **(extra_headers or {}),
        }
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - app URLs
        started = time.monotonic()
        try:
            with self._opener.open(request, timeout=timeout_s or self.timeout_s) as response:
                text = response.read().decode("utf-8", "replace")
                return HttpResult(response.status, text, dict(response.headers), time.monotonic() - started)
        except urllib.error.HTTPError as exc:
            with exc:  # its connection is closed now, not whenever it is collected (a ResourceWarning then)
                text = exc.read().decode("utf-8", "replace")
            return HttpResult(exc.code, text, dict(exc.headers), time.monotonic() - started, "http_error")
        except TimeoutError:
            return HttpResult(0, "", {}, time.monotonic() - started, "http_timeout")
        except urllib.error.URLError as exc:
            reason = "http_timeout" if isinstance(exc.reason, TimeoutError) else "connection_failed"
            return HttpResult(0, "", {}, time.monotonic() - started, reason)
        except (ConnectionError, OSError):
            return HttpResult(0, "", {}, time.monotonic() - started, "connection_failed")

    # -- events (asynchronous, retried) ------------------------------------------------------------------

    def deliver_event(self, envelope: JSON, *, kind: str = "events_api") -> None:
        """Send ``envelope`` to the Events URL in the background, retried like Slack retries events.

        ``kind`` names it in the delivery log: ``app_rate_limited`` for Slack's rate-limit notice,
        which has no ``event_id``.
        """
        body = json.dumps(envelope).encode()
        event_id = envelope.get("event_id")
        event_id = str(event_id) if event_id is not None else None
        self._submit(lambda: self._attempt(body, event_id, 0, "", kind))

    def _submit(self, job: Callable[[], None]) -> None:
        if not self._closed:
            with contextlib.suppress(RuntimeError):  # shut down between the check and the submit
                self._executor.submit(job)

    def _attempt(self, body: bytes, event_id: str | None, retry_num: int, reason: str, kind: str) -> None:
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": reason} if retry_num else {}
        delivery: Delivery = self._deliveries.start(
            transport="http", kind=kind, event_id=event_id, retry_attempt=retry_num, retry_reason=reason
        )
        self._on_change()
        result = self.send(self.targets.events_url, body, "application/json", extra_headers=headers)
        outcome = _outcome(result)
        self._deliveries.finish(delivery, outcome, status=result.status or None, body=result.body)
        self._on_change()
        no_retry = {k.lower(): v for k, v in result.headers.items()}.get("x-slack-no-retry") == "1"
        if result.ok or no_retry or retry_num >= len(self._retry_delays):
            return
        next_reason = "http_error" if result.status else (result.error or "unknown_error")
        delay = self._retry_delays[retry_num]
        self._timers.call_later(
            delay, lambda: self._submit(lambda: self._attempt(body, event_id, retry_num + 1, next_reason, kind))
        )

    # -- commands and interactions (synchronous, never retried) ------------------------------------------

    def post_command(self, fields: dict[str, str]) -> HttpResult:
        return self._post_once(self.targets.commands_url, "slash_commands", urlencode(fields).encode())

    def post_interaction(self, payload: JSON) -> HttpResult:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self._post_once(self.targets.interactivity_url, "interactive", body)

    def _post_once(self, url: str, kind: str, body: bytes) -> HttpResult:
        delivery = self._deliveries.start(transport="http", kind=kind, event_id=None)
        result = self.send(url, body, "application/x-www-form-urlencoded")
        outcome = _outcome(result)
        self._deliveries.finish(delivery, outcome, status=result.status or None, body=result.body)
        self._on_change()
        return result
