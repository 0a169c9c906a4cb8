"""The channel as Slack would show it, as Markdown: messages, threads, reactions, files, and the
ephemeral notes each person saw — written by ``sitrep demo`` to ``transcript.md``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.slackdata.text import block_text, unescape

from .emulator import LocalSlack


def _when(ts: str) -> str:
    return datetime.fromtimestamp(float(ts), tz=UTC).strftime("%Y-%m-%d %H:%M:%S")


def _text(message: dict[str, Any]) -> str:
    """Block text when the message has blocks (Sitrep's posts), else its text; Slack escaping undone."""
    blocks = message.get("blocks") or []
    from_blocks = [t for t in (block_text(b) for b in blocks) if t.strip()]
    is_rich_text_only = all(isinstance(b, dict) and b.get("type") == "rich_text" for b in blocks)
    body = "\n".join(from_blocks) if from_blocks and not is_rich_text_only else str(message.get("text") or "")
    return unescape(body)


def _author(slack: LocalSlack, message: dict[str, Any]) -> str:
    if message.get("user") == slack.bot_user_id or message.get("bot_id") == slack.bot_id:
        return "Sitrep (app)"
    if message.get("username"):
        return f"{message['username']} (integration)"
    user = str(message.get("user") or "?")
    try:
        member = slack.ws.user(user)
    except Exception:
        return user
    return member.display_name or member.real_name or member.name


def _render(slack: LocalSlack, message: dict[str, Any], indent: str) -> list[str]:
    body = _text(message).replace("\n", f"\n{indent}> ")
    lines = [f"{indent}**{_author(slack, message)}** · {_when(str(message['ts']))}", f"{indent}> {body}"]
    files = message.get("files") or []
    lines += [f"{indent}> 📎 {f.get('title') or f.get('name')}" for f in files if isinstance(f, dict)]
    reactions = message.get("reactions") or []
    if reactions:
        shown = ", ".join(f":{r['name']}: ×{r.get('count', len(r.get('users', [])))}" for r in reactions)
        lines.append(f"{indent}> _reactions: {shown}_")
    if message.get("edited"):
        lines.append(f"{indent}> _(edited)_")
    return [*lines, ""]


def render_transcript(slack: LocalSlack, channel: str) -> str:
    info = slack.ws.channel(channel)
    out = [
        f"# #{info.name} — as Slack shows it",
        "",
        "_Slack itself keeps what people typed, pasted credentials included (this is the local Slack's copy);"
        " Sitrep's own record, sitreps and postmortem hold only redacted text._",
        "",
    ]
    for message in slack.history(channel):
        out += _render(slack, message, "")
        if message.get("reply_count"):
            for reply in slack.thread(channel, str(message["ts"]))[1:]:
                out += _render(slack, reply, "    ")
    notes = slack.ephemerals(channel)
    if notes:
        out += ["## Ephemeral notes (each seen by one person only)", ""]
        for note in notes:
            out.append(f"- {_when(note.ts)} to {note.user}: {unescape(note.text)}")
    return "\n".join(out) + "\n"


def write_transcript(slack: LocalSlack, channel: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_transcript(slack, channel), encoding="utf-8")
    return path
