"""The ``anthropic.Anthropic`` client Sitrep uses, configured from settings alone."""

from __future__ import annotations

import anthropic
import httpx2

from bot.config import Settings

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
