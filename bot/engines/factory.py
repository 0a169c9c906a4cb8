"""Pick the engine from settings: Claude when ANTHROPIC_API_KEY is set, else the offline rules."""

from __future__ import annotations

import anthropic
import httpx2

from bot.clock import Clock
from bot.config import Settings
from bot.engines.base import Engine
from bot.engines.claude import ClaudeEngine
from bot.engines.claude_breaker import CircuitBreaker
from bot.engines.offline import OfflineEngine
from bot.store import Store
from bot.store.audit import AuditLog

DEFAULT_BASE_URL = "https://api.anthropic.com"


def build_client(settings: Settings, *, http_client: httpx2.Client | None = None) -> anthropic.Anthropic:
    """An ``anthropic.Anthropic`` configured only from ``settings`` (never from the environment).

    Raises:
        ValueError: when ANTHROPIC_API_KEY is not set.
    """
    if settings.anthropic_api_key is None or not settings.anthropic_api_key.get_secret_value():
        raise ValueError("ANTHROPIC_API_KEY is not set")
    # Passing api_key and base_url explicitly keeps the SDK from reading ANTHROPIC_* itself.
    return anthropic.Anthropic(
        api_key=settings.anthropic_api_key.get_secret_value(),
        base_url=settings.anthropic_base_url or DEFAULT_BASE_URL,
        timeout=settings.anthropic_timeout_seconds,
        max_retries=settings.anthropic_max_retries,
        http_client=http_client,
    )


def build_engine(settings: Settings, *, store: Store, clock: Clock, http_client: httpx2.Client | None = None) -> Engine:
    """The engine Sitrep runs with: ``OfflineEngine`` without an API key, else ``ClaudeEngine``.

    Args:
        settings: ANTHROPIC_API_KEY, ANTHROPIC_MODEL, ANTHROPIC_SITREP_MODEL, ANTHROPIC_BASE_URL,
            ANTHROPIC_MAX_TOKENS and RETENTION_DAYS are read.
        store: the Redis store (grounding reads it; the audit stream lives beside it).
        clock: the injected clock.
        http_client: an ``httpx2.Client`` for the SDK (proxies, custom transports in tests).
    """
    offline = OfflineEngine()
    if not settings.uses_claude:
        return offline
    return ClaudeEngine(
        build_client(settings, http_client=http_client),
        citations=store,
        audit=AuditLog(store.client, clock, retention_days=settings.retention_days),
        fallback=offline,
        clock=clock,
        model=settings.anthropic_model,
        sitrep_model=settings.anthropic_sitrep_model or settings.anthropic_model,
        max_tokens=settings.anthropic_max_tokens,
        token_budget=settings.anthropic_input_budget,
        breaker=CircuitBreaker(clock),
    )
