"""The local Messages API stand-in, driven by the real anthropic client."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any

import anthropic
import pytest

from bot.sandbox.anthropic_stub import AnthropicStub, minimal_instance

SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "summary",
    "properties": {
        "text": {"type": "string"},
        "citations": {"type": "array", "items": {"type": "string"}},
        "kind": {"enum": ["alert", "deploy"]},
        "owner": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "n": {"type": "integer"},
    },
    "required": ["text", "citations", "kind", "owner", "n"],
    "additionalProperties": False,
}
FORMAT: Any = {"format": {"type": "json_schema", "schema": SCHEMA}}


@pytest.fixture
def stub() -> Iterator[AnthropicStub]:
    with AnthropicStub() as server:
        yield server


@pytest.fixture
def client(stub: AnthropicStub) -> Iterator[anthropic.Anthropic]:
    with anthropic.Anthropic(api_key="sk-test", base_url=stub.url, max_retries=2, timeout=5.0) as c:
        yield c


def ask(client: anthropic.Anthropic, text: str = "hi", **kwargs: Any) -> anthropic.types.Message:
    return client.messages.create(
        model="claude-haiku-5-5",
        max_tokens=256,
        messages=[{"role": "user", "content": text}],
        output_config=FORMAT,
        **kwargs,
    )


def text_of(message: anthropic.types.Message) -> str:
    block = message.content[0]
    assert block.type == "text"
    return block.text


def test_scripted_reply_by_task_and_recorded_request(stub: AnthropicStub, client: anthropic.Anthropic) -> None:
    """The reply is picked by the schema's title; the body and headers the SDK sent are recorded."""
    stub.script("summary", {"text": "ok", "citations": ["1.2"], "kind": "alert", "owner": None, "n": 1})
    reply = ask(client, "what happened?", system="be terse")
    assert json.loads(text_of(reply))["citations"] == ["1.2"]
    assert reply.stop_reason == "end_turn" and reply.model == "claude-haiku-5-5"
    assert reply._request_id is not None and reply._request_id.startswith("req_stub")
    (request,) = stub.requests
    assert request.path == "/v1/messages" and request.task == "summary"
    assert request.body["system"] == "be terse"
    assert request.headers["authorization"] == "Bearer sk-test"
    assert "anthropic-version" in request.headers
    assert request.texts() == ["be terse", "what happened?"]


def test_unscripted_task_gets_a_minimal_valid_object(stub: AnthropicStub, client: anthropic.Anthropic) -> None:
    reply = json.loads(text_of(ask(client)))
    assert reply == {"text": "Unknown", "citations": [], "kind": "alert", "owner": "Unknown", "n": 0}


def test_defaults_and_callables(stub: AnthropicStub, client: anthropic.Anthropic) -> None:
    """A default answers every time its queue is empty; a callable sees the request body."""
    stub.default("summary", lambda body: {"echo": body["messages"][0]["content"]})
    assert json.loads(text_of(ask(client, "one"))) == {"echo": "one"}
    assert json.loads(text_of(ask(client, "two"))) == {"echo": "two"}


def test_tokens_are_counted_and_count_tokens_agrees(stub: AnthropicStub, client: anthropic.Anthropic) -> None:
    reply = ask(client, "x" * 400)
    expected = stub.count_tokens(stub.requests[0].body)
    assert reply.usage.input_tokens == expected > 100
    assert reply.usage.output_tokens > 0
    counted = client.messages.count_tokens(
        model="claude-haiku-5-5", messages=[{"role": "user", "content": "x" * 400}], output_config=FORMAT
    )
    assert counted.input_tokens == expected
    assert stub.usage.input_tokens == expected and stub.usage.by_task == {"summary": expected}


def test_prompt_caching_is_simulated() -> None:
    """A marked prefix is written to the cache once and read on repeats; short prefixes are not cached."""
    with AnthropicStub(min_cache_tokens=100) as stub, anthropic.Anthropic(api_key="k", base_url=stub.url) as client:
        system: Any = [{"type": "text", "text": "S" * 800, "cache_control": {"type": "ephemeral"}}]
        first = ask(client, "q1", system=system)
        second = ask(client, "q2", system=system)
        short: Any = [{"type": "text", "text": "tiny", "cache_control": {"type": "ephemeral"}}]
        third = ask(client, "q3", system=short)
    assert first.usage.cache_creation_input_tokens == 200 and first.usage.cache_read_input_tokens == 0
    assert second.usage.cache_read_input_tokens == 200 and second.usage.cache_creation_input_tokens == 0
    assert second.usage.input_tokens == first.usage.input_tokens
    assert third.usage.cache_creation_input_tokens == 0 and third.usage.cache_read_input_tokens == 0


@pytest.mark.parametrize(
    ("kind", "error", "status"),
    [
        ("overloaded", anthropic.OverloadedError, 529),
        ("rate_limit", anthropic.RateLimitError, 429),
        ("server_error", anthropic.InternalServerError, 500),
    ],
)
def test_error_faults_are_retried_by_the_sdk(
    stub: AnthropicStub, client: anthropic.Anthropic, kind: Any, error: type[Exception], status: int
) -> None:
    """Faults send the real error shape with retry-after-ms, so the SDK's retries run fast."""
    stub.fail(kind, times=3)
    with pytest.raises(error) as info:
        ask(client)
    assert isinstance(info.value, anthropic.APIStatusError) and info.value.status_code == status
    assert [r.headers["x-stainless-retry-count"] for r in stub.requests] == ["0", "1", "2"]
    stub.script("summary", {"text": "back"})
    assert json.loads(text_of(ask(client))) == {"text": "back"}


def test_faults_can_target_one_task(stub: AnthropicStub, client: anthropic.Anthropic) -> None:
    stub.fail("overloaded", task="other", times=5)
    assert ask(client).stop_reason == "end_turn"


def test_timeout_fault_outlasts_the_client_timeout(stub: AnthropicStub) -> None:
    stub.fail("timeout", delay=30)
    with (
        anthropic.Anthropic(api_key="k", base_url=stub.url, max_retries=0, timeout=0.2) as client,
        pytest.raises(anthropic.APITimeoutError),
    ):
        ask(client)


def test_malformed_and_truncated_json(stub: AnthropicStub, client: anthropic.Anthropic) -> None:
    stub.script("summary", {"text": "a" * 40}, times=2)
    stub.fail("malformed_json")
    stub.fail("truncated")
    broken = ask(client)
    with pytest.raises(json.JSONDecodeError):
        json.loads(text_of(broken))
    assert broken.stop_reason == "end_turn"
    cut = ask(client)
    assert cut.stop_reason == "max_tokens"


def test_refusal_and_unreadable_body(stub: AnthropicStub, client: anthropic.Anthropic) -> None:
    stub.fail("refusal")
    refused = ask(client)
    assert refused.stop_reason == "refusal" and refused.content == []
    stub.fail("bad_body")
    with pytest.raises(json.JSONDecodeError):
        ask(client)


@pytest.mark.parametrize(
    ("messages", "problem"),
    [
        ([], "at least one message"),
        ([{"role": "system", "content": "x"}], "role must be"),
        ([{"role": "user", "content": "x"}, {"role": "assistant", "content": "y"}], "prefill"),
        ([{"role": "user", "content": [{"type": "text", "text": ""}]}], "non-empty"),
    ],
)
def test_requests_the_api_would_reject_get_400(client: anthropic.Anthropic, messages: Any, problem: str) -> None:
    with pytest.raises(anthropic.BadRequestError, match=problem):
        client.messages.create(model="m", max_tokens=10, messages=messages)


def test_too_many_cache_breakpoints_get_400(client: anthropic.Anthropic) -> None:
    blocks: Any = [{"type": "text", "text": f"b{i}", "cache_control": {"type": "ephemeral"}} for i in range(5)]
    with pytest.raises(anthropic.BadRequestError, match="maximum of 4"):
        client.messages.create(model="m", max_tokens=10, messages=[{"role": "user", "content": blocks}])


def post(stub: AnthropicStub, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """A raw POST without the SDK (to send what the SDK never would)."""
    host, port = stub.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def test_missing_auth_gets_401_and_unknown_paths_404(stub: AnthropicStub) -> None:
    body = json.dumps({"model": "m", "max_tokens": 1, "messages": [{"role": "user", "content": "x"}]}).encode()
    status, answer = post(stub, "/v1/messages", body, {"content-type": "application/json"})
    assert status == 401 and answer["error"]["type"] == "authentication_error"
    status, answer = post(stub, "/v1/nothing", b"{}", {"x-api-key": "k"})
    assert status == 404 and answer["error"]["type"] == "not_found_error"
    status, answer = post(stub, "/v1/messages", b"not json", {"x-api-key": "k"})
    assert status == 400


def test_forced_tool_gets_a_tool_use_block(stub: AnthropicStub, client: anthropic.Anthropic) -> None:
    stub.script("emit", {"text": "via tool"})
    reply = client.messages.create(
        model="m",
        max_tokens=10,
        messages=[{"role": "user", "content": "x"}],
        tools=[{"name": "emit", "description": "d", "input_schema": {"type": "object"}}],
        tool_choice={"type": "tool", "name": "emit"},
    )
    block = reply.content[0]
    assert reply.stop_reason == "tool_use" and block.type == "tool_use" and block.input == {"text": "via tool"}


def test_reset_forgets_everything(stub: AnthropicStub, client: anthropic.Anthropic) -> None:
    stub.script("summary", {"a": 1})
    stub.fail("overloaded", task="nothing")
    ask(client)
    stub.reset()
    assert stub.requests == [] and stub.usage.input_tokens == 0
    assert json.loads(text_of(ask(client)))["text"] == "Unknown"


def test_minimal_instance_follows_refs() -> None:
    schema = {"$defs": {"C": {"type": "object", "properties": {"x": {"type": "boolean"}}}}, "$ref": "#/$defs/C"}
    assert minimal_instance(schema) == {"x": False}


def test_url_needs_a_running_stub() -> None:
    with pytest.raises(RuntimeError, match="not running"):
        _ = AnthropicStub().url
