"""Redact every human-written string of a Slack message payload, not just its ``text``.

Covers Block Kit text objects and rich-text elements, legacy attachments (text, pretext, fields,
titles, fallbacks), file titles and names, link URLs, and both halves of an edit
(``message_changed`` carries ``message`` and ``previous_message``).
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.redaction.redactor import Redactor
from bot.redaction.result import Finding

# Keys whose string values people write (or paste). Ids, timestamps and types are left alone.
TEXT_KEYS = frozenset(
    {
        "text",
        "pretext",
        "fallback",
        "title",
        "value",
        "name",
        "preview",
        "preview_plain_text",
        "plain_text",
        "initial_comment",
        "footer",
        "author_name",
        "alt_text",
        "url",
        "title_link",
        "from_url",
        "original_url",
        "image_url",
        "permalink",
    }
)


@dataclass(frozen=True)
class RedactedPayload:
    payload: dict[str, Any]
    findings: tuple[Finding, ...]


def redact_payload(redactor: Redactor, payload: Mapping[str, Any], *, scope: str | None) -> RedactedPayload:
    """A deep copy of ``payload`` with every human-written string redacted, plus combined findings.

    All strings go through one ``redact_many`` batch, in document order, so placeholder numbers
    agree with the ones the channel's other messages got.
    """
    out: dict[str, Any] = copy.deepcopy(dict(payload))
    slots: list[tuple[dict[str, Any], str]] = []
    _collect(out, slots)
    if not slots:
        return RedactedPayload(out, ())
    results = redactor.redact_many([holder[key] for holder, key in slots], scope=scope)
    counts: Counter[str] = Counter()
    secret: dict[str, bool] = {}
    for (holder, key), result in zip(slots, results, strict=True):
        holder[key] = result.text
        for f in result.findings:
            counts[f.entity_type] += f.count
            secret[f.entity_type] = f.secret
    findings = tuple(Finding(t, n, secret[t]) for t, n in sorted(counts.items()))
    return RedactedPayload(out, findings)


def _collect(node: Any, slots: list[tuple[dict[str, Any], str]]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                if key in TEXT_KEYS and value:
                    slots.append((node, key))
            else:
                _collect(value, slots)
    elif isinstance(node, list):
        for item in node:
            _collect(item, slots)
