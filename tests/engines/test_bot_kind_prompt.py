"""The model is told a bot's kind of tool, never its name (a placeholder once redacted)."""

from __future__ import annotations

from bot.domain import Message
from bot.engines.claude.prompts import message_line


def test_a_status_page_post_carries_its_kind_and_a_placeholder_name() -> None:
    post = Message(
        channel="C1",
        ts="1773600000.000100",
        text="[Resolved] Slow image uploads — upload times are normal again.",
        is_bot=True,
        user_name="<PERSON_2>",
        bot_kind="status_page",
    )
    line = message_line(post)
    assert '"tool": "status page"' in line and '"author": "<PERSON_2>"' in line


def test_people_and_unnamed_tools_carry_no_kind() -> None:
    person = Message(channel="C1", ts="1773600000.000100", text="on it", user_name="priya")
    other = Message(channel="C1", ts="1773600001.000100", text="digest", is_bot=True, bot_kind="other")
    assert '"tool"' not in message_line(person) and '"tool"' not in message_line(other)
