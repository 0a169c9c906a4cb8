"""Redaction: secrets and personal data out of every message before it is stored or summarised.

``Redactor`` is built once per process (Presidio + an offline spaCy model); each call returns a
``RedactionResult``: the redacted text and ``Finding``s (type and count, never the value).
"""

from __future__ import annotations

from bot.redaction.entities import describe
from bot.redaction.redactor import Redactor
from bot.redaction.result import Finding, RedactionResult

__all__ = ["Finding", "RedactionResult", "Redactor", "describe"]
