"""Build small hand-made transcripts of already-redacted messages for engine tests."""

from __future__ import annotations

from bot.domain import Message

BASE = 1773526800  # 2026-03-14T22:20:00Z


def msg(
    minute: float,
    text: str,
    user: str = "Priya",
    *,
    bot: bool = False,
    thread: float | None = None,
    channel: str = "C1",
) -> Message:
    """A message ``minute`` minutes after BASE; ``thread`` is the parent's minute."""
    ts = f"{BASE + int(minute * 60)}.{int(minute * 1000) % 1000000:06d}"
    thread_ts = None
    if thread is not None:
        thread_ts = f"{BASE + int(thread * 60)}.{int(thread * 1000) % 1000000:06d}"
    return Message(
        channel=channel,
        ts=ts,
        text=text,
        user=None if bot else f"U{user.upper()}",
        user_name=user,
        is_bot=bot,
        thread_ts=thread_ts,
        subtype="bot_message" if bot else None,
    )
