"""Slack's mrkdwn as plain text for human documents: mentions as names, links as labels, no markup.

A postmortem quotes people; ``<@U042ABC>``, ``*bold*``, ``&amp;`` and ``:eyes:`` are how Slack
stores what they typed, not what they wrote, so a reader of the Markdown should never see them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.slackdata.text import unescape

EMOJI: Mapping[str, str] = {
    "eyes": "👀",
    "+1": "👍",
    "thumbsup": "👍",
    "-1": "👎",
    "thumbsdown": "👎",
    "white_check_mark": "✅",
    "heavy_check_mark": "✔️",
    "x": "❌",
    "warning": "⚠️",
    "rotating_light": "🚨",
    "fire": "🔥",
    "rocket": "🚀",
    "tada": "🎉",
    "pray": "🙏",
    "raised_hands": "🙌",
    "clap": "👏",
    "bug": "🐛",
    "mag": "🔍",
    "hourglass": "⌛",
    "hourglass_flowing_sand": "⏳",
    "red_circle": "🔴",
    "large_green_circle": "🟢",
    "green_circle": "🟢",
    "large_yellow_circle": "🟡",
    "memo": "📝",
    "chart_with_upwards_trend": "📈",
    "chart_with_downwards_trend": "📉",
    "thinking_face": "🤔",
    "sweat_smile": "😅",
    "slightly_smiling_face": "🙂",
    "smile": "😄",
    "heart": "❤️",
    "ok_hand": "👌",
    "100": "💯",
    "stopwatch": "⏱️",
    "lock": "🔒",
    "key": "🔑",
    "siren": "🚨",
}
"""Common Slack emoji codes; any other ``:code:`` is dropped (it carries no words a reader needs)."""

_USER = re.compile(r"<@(?P<id>[UW][A-Z0-9]+)(?:\|(?P<label>[^>]*))?>")
_CHANNEL = re.compile(r"<#(?P<id>C[A-Z0-9]+)(?:\|(?P<label>[^>]*))?>")
_SPECIAL = re.compile(r"<!(?P<what>here|channel|everyone)(?:\|[^>]*)?>|<!subteam\^[A-Z0-9]+(?:\|(?P<team>[^>]*))?>")
_DATE = re.compile(r"<!date\^\d+\^[^|>]*\|(?P<fallback>[^>]*)>")
_LINK = re.compile(r"<(?P<url>(?:https?|mailto|tel):[^|>\s]+)(?:\|(?P<label>[^>]*))?>")
_EMOJI = re.compile(r":(?P<code>[a-z0-9_+\-]+)(?:::skin-tone-\d)?:")
# Markup only where Slack applies it: the marker hugs a word on both sides, and is not mid-word.
_STYLE = {
    "*": re.compile(r"(?<![\w*])\*(?=\S)(?P<inner>[^*\n]*?\S)\*(?![\w*])"),
    "_": re.compile(r"(?<![\w_])_(?=\S)(?P<inner>[^_\n]*?\S)_(?![\w_])"),
    "~": re.compile(r"(?<![\w~])~(?=\S)(?P<inner>[^~\n]*?\S)~(?![\w~])"),
}


def plain_text(text: str, names: Mapping[str, str] | None = None, *, styles: bool = True) -> str:
    """``text`` as a person reads it in Slack, with no Slack markup left.

    Args:
        names: user id -> display name; a mention of an unknown id becomes ``@someone``
            (the id itself means nothing to a reader and may identify a person elsewhere).
        styles: False keeps ``*`` / ``_`` / ``~`` (for text that is already Markdown).
    """
    names = names or {}

    def user(match: re.Match[str]) -> str:
        name = names.get(match.group("id")) or match.group("label")
        return f"@{name}" if name else "@someone"

    def channel(match: re.Match[str]) -> str:
        return f"#{match.group('label')}" if match.group("label") else "a channel"

    def special(match: re.Match[str]) -> str:
        if match.group("what"):
            return f"@{match.group('what')}"
        return f"@{match.group('team')}".replace("@@", "@") if match.group("team") else "@a group"

    def link(match: re.Match[str]) -> str:
        label = match.group("label")
        url = match.group("url")
        return label if label and label != url else url.removeprefix("mailto:").removeprefix("tel:")

    out = _USER.sub(user, text)
    out = _CHANNEL.sub(channel, out)
    out = _SPECIAL.sub(special, out)
    out = _DATE.sub(lambda m: m.group("fallback"), out)
    out = _LINK.sub(link, out)
    out = _EMOJI.sub(lambda m: EMOJI.get(m.group("code"), ""), out)
    for pattern in _STYLE.values() if styles else ():
        out = pattern.sub(lambda m: m.group("inner"), out)
    out = unescape(out)
    return re.sub(r"(?<=\S)[ \t]{2,}", " ", out).strip()


_ABBREVIATIONS = frozenset({"e.g", "i.e", "etc", "vs", "approx", "incl", "cf", "mr", "ms", "dr", "no", "fig"})
_QUOTES = {'"': '"', "“": "”", "‘": "’"}
_CODE_BLOCK = re.compile(r"```(?:[a-z]*\n)?(?P<code>.*?)```", re.DOTALL)
_MIN_EXCERPT = 40
"""A first sentence shorter than this ("nope.", "ok, checked.") rarely carries the evidence: keep going."""


def _code_inline(match: re.Match[str]) -> str:
    lines = [line.strip() for line in match.group("code").strip().splitlines() if line.strip()]
    if not lines:
        return ""
    code = lines[0] if len(lines[0]) <= 60 else lines[0][:59].rstrip() + "…"
    return f"`{code}{' …' if len(lines) > 1 else ''}`"


def sentence_ends(text: str) -> list[int]:
    """Indexes just past each full stop, ``!`` or ``?`` that ends a sentence.

    Not an end: one inside quotes or backticks, a dot of an ellipsis, a decimal point, or the dot
    of a common abbreviation ("e.g.", "vs.").
    """
    ends: list[int] = []
    closing: str | None = None
    in_code = False
    for i, ch in enumerate(text):
        if ch == "`":
            in_code = not in_code
            continue
        if in_code:
            continue
        if closing is not None:
            if ch == closing:
                closing = None
            continue
        if ch in _QUOTES and (i == 0 or not text[i - 1].isalnum()):
            closing = _QUOTES[ch]
            continue
        if ch not in ".!?":
            continue
        after = text[i + 1 : i + 2]
        if after and not after.isspace():
            continue
        if ch == "." and (text[i - 1 : i] == "." or text[i - 1 : i] == "…"):
            continue
        word = re.search(r"([\w.]+)$", text[:i])
        if ch == "." and word is not None and word.group(1).lower() in _ABBREVIATIONS:
            continue
        ends.append(i + 1)
    return ends


def excerpt(text: str, limit: int = 160) -> str:
    """A short, faithful excerpt of ``text`` for timelines, sitreps and quotes (no paraphrase).

    Whole sentences from the start until the excerpt says something (at least ``_MIN_EXCERPT``
    characters); a sentence never ends inside quotes, code or an ellipsis; longer than ``limit``
    is cut at a word and marked with "…".
    """
    flat = _CODE_BLOCK.sub(_code_inline, text)
    flat = " ".join(flat.split())
    sentence = flat
    for end in sentence_ends(flat):
        # A question is whole by itself ("Why did X pass?"); a short statement ("nope.") is not.
        if end >= _MIN_EXCERPT or end == len(flat) or (flat[end - 1] == "?" and end >= 12):
            sentence = flat[:end]
            break
    if len(sentence) > limit:
        cut = sentence[: limit - 1]
        if " " in cut[limit // 2 :]:
            cut = cut[: cut.rfind(" ")]
        sentence = cut.rstrip(" ,;:—–-") + "…"
    return sentence
