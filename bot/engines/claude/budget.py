"""Token estimates and chunking for the Claude engine's input budget.

The local estimate (about three characters per token) is deliberately pessimistic: English text
runs closer to four, so a request the estimate accepts fits. When the estimate comes near the
budget the engine asks the API's ``count_tokens`` for the exact figure before deciding to
map-reduce.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence

CHARS_PER_TOKEN = 3.0
"""Pessimistic characters per token for the local estimate."""
REQUEST_OVERHEAD = 16
"""Tokens the API adds per request around roles and blocks (a margin, not a measurement)."""


def estimate_tokens(text: str) -> int:
    """A pessimistic token count for ``text``."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def estimate_request(texts: Iterable[str], schema: object | None = None) -> int:
    """Estimated input tokens of a request made of ``texts`` and an output schema."""
    total = REQUEST_OVERHEAD + sum(estimate_tokens(t) for t in texts)
    if schema is not None:
        total += estimate_tokens(json.dumps(schema, separators=(",", ":")))
    return total


def chunk_lines(lines: Sequence[str], max_tokens: int) -> list[list[str]]:
    """Consecutive groups of ``lines`` whose estimated size stays within ``max_tokens`` each.

    A single line larger than ``max_tokens`` gets a chunk of its own (callers cap line length).
    """
    if max_tokens <= 0:
        raise ValueError("max_tokens must be positive")
    chunks: list[list[str]] = []
    current: list[str] = []
    size = 0
    for line in lines:
        cost = estimate_tokens(line) + 1
        if current and size + cost > max_tokens:
            chunks.append(current)
            current, size = [], 0
        current.append(line)
        size += cost
    if current:
        chunks.append(current)
    return chunks
