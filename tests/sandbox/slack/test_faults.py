"""Fault injection: 429 with Retry-After (retried by slack-sdk's handler), 5xx, Slack errors, slow and dropped calls."""

from __future__ import annotations

import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.sandbox.slack import LocalSlack

from .conftest import BOT_TOKEN, Workspace


def test_429_surfaces_without_a_retry_handler(ws: Workspace, client: WebClient) -> None:
    ws.slack.inject_fault("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel=ws.incident, text="x")
    assert info.value.response.status_code == 429
    assert info.value.response["error"] == "ratelimited"
    assert info.value.response.headers["Retry-After"] == "7"
    entry = ws.slack.journal.calls("chat.postMessage")[0]
    assert (entry.status, entry.fault) == (429, "status=429")
    assert ws.slack.history(ws.incident) == []  # a rate-limited call changes nothing
    client.chat_postMessage(channel=ws.incident, text="x")  # times=1: the next call goes through


def test_rate_limit_retry_handler_waits_and_succeeds(ws: Workspace) -> None:
    client = WebClient(token=BOT_TOKEN, base_url=ws.slack.api_url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    ws.slack.inject_fault("chat.postMessage", status=429, retry_after=0)
    assert client.chat_postMessage(channel=ws.incident, text="eventually")["ok"]
    assert [e.status for e in ws.slack.journal.calls("chat.postMessage")] == [429, 200]
    assert len(ws.slack.history(ws.incident)) == 1


def test_server_error_and_injected_slack_error(ws: Workspace, client: WebClient) -> None:
    ws.slack.inject_fault("users.info", status=500)
    ws.slack.inject_fault("users.info", error="internal_error")
    with pytest.raises(SlackApiError) as first:
        client.users_info(user="U1")
    assert (first.value.response.status_code, first.value.response["error"]) == (500, "fatal_error")
    with pytest.raises(SlackApiError) as second:
        client.users_info(user="U1")
    assert (second.value.response.status_code, second.value.response["error"]) == (200, "internal_error")
    assert client.users_info(user="U1")["ok"]


def test_wildcard_fault_repeats_until_cleared(ws: Workspace, client: WebClient) -> None:
    ws.slack.inject_fault(status=503, times=None)
    for _ in range(3):
        with pytest.raises(SlackApiError):
            client.auth_test()
    ws.slack.clear_faults()
    assert client.auth_test()["ok"]


def test_slow_answer_trips_the_client_timeout(ws: Workspace) -> None:
    impatient = WebClient(token=BOT_TOKEN, base_url=ws.slack.api_url, timeout=0.1)  # type: ignore[arg-type]
    impatient.retry_handlers.clear()
    ws.slack.inject_fault("auth.test", delay_s=0.4)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        impatient.auth_test()
    assert time.monotonic() - started < 0.4


def test_dropped_connection_is_retried_by_the_default_handler(slack: LocalSlack, client: WebClient) -> None:
    slack.inject_fault("auth.test", drop_connection=True)
    assert client.auth_test()["ok"]  # ConnectionErrorRetryHandler is one of slack-sdk's defaults
    assert [e.error for e in slack.journal.calls("auth.test")] == ["connection_dropped", None]


def test_fault_validation(slack: LocalSlack) -> None:
    with pytest.raises(ValueError, match="429 or 5xx"):
        slack.inject_fault("auth.test", status=404)
