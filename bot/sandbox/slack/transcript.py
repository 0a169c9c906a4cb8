"""The channel as Slack would show it, as Markdown: messages, threads, reactions, files, and the
ephemeral notes each person saw — written by ``sitrep demo`` to ``transcript.md``.

The demo's example pastes credentials on purpose; the file shows what the channel looks like once
people acted on Sitrep's warning: every message, file title and integration name goes through the
redactor given (the demo's own), so ``transcript.md`` never holds a planted secret.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.slackdata.text import block_text, unescape

from .emulator import LocalSlack
from .ids import ts_to_micros

Redact = Callable[[Sequence[str]], list[str]]
"""Redacts many texts at once (order kept): the demo passes its ``Redactor``'s ``redact_many``."""


def _by_ts(ts: object) -> tuple[int, str]:
    """Sort key: the emulator's ts (from the demo's clock), never the order things arrived in."""
    text = str(ts)
    try:
        return ts_to_micros(text), text
    except ValueError:
        return 0, text


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


def _render(slack: LocalSlack, message: dict[str, Any], indent: str) -> tuple[list[str], list[str]]:
    """The message's lines, with ``{0}``-style slots for its texts, and the texts to redact."""
    files = [f for f in message.get("files") or [] if isinstance(f, dict)]
    texts = [_author(slack, message), _text(message), *(str(f.get("title") or f.get("name")) for f in files)]
    ts = str(message["ts"])
    # The anchor the Markdown documents' citations link to (bot.render.cite.anchor: same form). Sitrep's
    # own posts are never cited, and their ts can swap with a command's ack, so they get none.
    own = message.get("user") == slack.bot_user_id or message.get("bot_id") == slack.bot_id
    anchor = "" if own else f'<a id="ts-{ts.replace(".", "-")}"></a>'
    lines = [f"{indent}{anchor}**\x00** · {_when(ts)}", f"{indent}> \x00"]
    lines += [f"{indent}> 📎 \x00" for _ in files]
    reactions = message.get("reactions") or []
    if reactions:
        shown = ", ".join(f":{r['name']}: ×{r.get('count', len(r.get('users', [])))}" for r in reactions)
        lines.append(f"{indent}> _reactions: {shown}_")
    if message.get("edited"):
        lines.append(f"{indent}> _(edited)_")
    return [*lines, ""], texts


def _fill(lines: list[str], texts: list[str], indent: str) -> list[str]:
    slots = iter(texts)
    out = []
    for line in lines:
        if "\x00" not in line:
            out.append(line)
            continue
        text = next(slots)
        out.append(line.replace("\x00", text.replace("\n", f"\n{indent}> ") if line.endswith("> \x00") else text))
    return out


def render_transcript(slack: LocalSlack, channel: str, redact: Redact) -> str:
    """The channel as Markdown, every person-made text passed through ``redact`` first."""
    info = slack.ws.channel(channel)
    out = [
        f"# #{info.name} — as Slack shows it",
        "",
        "_Credentials and personal data people pasted are shown as Sitrep's placeholders (`<AWS_SECRET_KEY_1>`),"
        " as the channel looks once the poster acted on Sitrep's warning; Slack itself keeps what was typed"
        " until then._",
        "",
    ]
    rendered: list[tuple[list[str], list[str], str]] = []
    for message in sorted(slack.history(channel), key=lambda m: _by_ts(m.get("ts"))):
        rendered.append((*_render(slack, message, ""), ""))
        if message.get("reply_count"):
            for reply in sorted(slack.thread(channel, str(message["ts"]))[1:], key=lambda m: _by_ts(m.get("ts"))):
                rendered.append((*_render(slack, reply, "    "), "    "))
    # Within one shown second, notes from different threads (an ack's "Working on it…", a button's
    # answer) may land in either order; ordering them by what is shown keeps the file identical run to run.
    notes = sorted(slack.ephemerals(channel), key=lambda n: (_when(n.ts), n.user, n.text))
    flat = [t for _, texts, _ in rendered for t in texts] + [unescape(n.text) for n in notes]
    redacted = iter(redact(flat))
    for lines, texts, indent in rendered:
        out += _fill(lines, [next(redacted) for _ in texts], indent)
    if notes:
        out += ["## Ephemeral notes (each seen by one person only)", ""]
        for note in notes:
            out.append(f"- {_when(note.ts)} to {note.user}: {next(redacted)}")
    return "\n".join(out) + "\n"


def write_transcript(slack: LocalSlack, channel: str, path: Path, redact: Redact) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_transcript(slack, channel, redact), encoding="utf-8")
    return path
