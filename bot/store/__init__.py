"""Redis storage: the redacted message record, incident state, sitreps, board and postmortem."""

from bot.store.embedded import Connection, EmbeddedRedis, connect
from bot.store.redis_store import PostHold, Store, safe_url

__all__ = ["Connection", "EmbeddedRedis", "PostHold", "Store", "connect", "safe_url"]
