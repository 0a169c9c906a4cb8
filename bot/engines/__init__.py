"""Engines turn redacted transcripts into sitreps, hypothesis boards and postmortem drafts."""

from bot.engines.base import Engine
from bot.engines.offline import OfflineEngine

__all__ = ["Engine", "OfflineEngine"]
