"""services.build_engine: offline without a key; Claude (with its settings) with one."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from bot.clock import ManualClock
from bot.config import Settings
from bot.domain import Board
from bot.engines.claude.client import build_client
from bot.engines.claude.engine import ClaudeEngine
from bot.engines.offline import OfflineEngine
from bot.sandbox.anthropic_stub import AnthropicStub
from bot.services import build_engine
from bot.store import Store
from bot.store.audit import AuditLog
from tests.engines.claude_support import INCIDENT, NOW, sitrep_reply, store_all, transcript


def settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(_env_file=None, sitrep_data_dir=tmp_path, **values)  # type: ignore[call-arg]


def test_no_api_key_means_the_offline_engine(tmp_path: Path, store: Store, clock: ManualClock) -> None:
    assert isinstance(build_engine(settings(tmp_path), store=store, clock=clock), OfflineEngine)
    with pytest.raises(ValueError, match="ANTHROPIC_API_KEY"):
        build_client(settings(tmp_path))


def test_api_key_means_claude_with_the_configured_models_and_base_url(
    tmp_path: Path, store: Store, redis_client: redis.Redis, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ANTHROPIC_BASE_URL points the SDK at a compatible gateway (here the stand-in)."""
    monkeypatch.setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:9")  # the SDK must not read this
    store_all(store, transcript())
    with AnthropicStub() as stub:
        config = settings(
            tmp_path,
            anthropic_api_key="sk-ant-test",
            anthropic_base_url=stub.url,
            anthropic_model="claude-sonnet-5-5",
            anthropic_sitrep_model="claude-haiku-5-5",
            anthropic_max_tokens=1024,
        )
        engine = build_engine(config, store=store, clock=clock)
        assert isinstance(engine, ClaudeEngine)
        stub.script("sitrep", sitrep_reply())
        sitrep = engine.sitrep(
            incident=INCIDENT,
            prev=None,
            new_messages=transcript(),
            board=Board(channel="C1"),
            now=NOW,
            total_messages=8,
        )
        engine.hypotheses(board=Board(channel="C1"), new_messages=transcript())
        engine.close()
        sitrep_call, board_call = stub.message_requests()
    assert sitrep.engine == "claude (claude-haiku-5-5)"
    assert sitrep_call.body["model"] == "claude-haiku-5-5" and sitrep_call.body["max_tokens"] == 1024
    assert board_call.body["model"] == "claude-sonnet-5-5"
    assert sitrep_call.headers["authorization"] == "Bearer sk-ant-test"
    assert len(AuditLog(redis_client, clock).records("C1")) == 2


def test_sitrep_model_falls_back_to_the_main_model_when_unset(tmp_path: Path, store: Store, clock: ManualClock) -> None:
    with AnthropicStub() as stub:
        config = settings(
            tmp_path,
            anthropic_api_key="k",
            anthropic_base_url=stub.url,
            anthropic_model="claude-opus-5-5",
            anthropic_sitrep_model=None,
        )
        client = build_client(config)
        assert client.max_retries >= 2 and str(client.base_url).startswith(stub.url)
        client.close()
        engine = build_engine(config, store=store, clock=clock)
        assert isinstance(engine, ClaudeEngine)
        store_all(store, transcript())
        engine.sitrep(
            incident=INCIDENT,
            prev=None,
            new_messages=transcript(),
            board=Board(channel="C1"),
            now=NOW,
            total_messages=8,
        )
        engine.close()
        assert stub.message_requests()[0].body["model"] == "claude-opus-5-5"
