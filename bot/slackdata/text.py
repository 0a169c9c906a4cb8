"""Turn the non-``text`` parts of a Slack message (Block Kit, attachments) into plain strings.

Alert bots (PagerDuty, Datadog, deploy bots) often put everything that matters in blocks or
attachments and leave ``text`` empty or generic; humans' messages carry a ``rich_text`` block that
repeats ``text``. Sitrep wants the first and not the second, so a part is kept only when its words
are not already in ``text``.
"""

from __future__ import annotations

import re

_WS = re.compile(r"\s+")
# Fields per section or attachment (Slack allows 10 per section): each is checked against every
# kept part, so an unbounded list would make one message cost quadratic time.
MAX_FIELDS = 100


def unescape(text: str) -> str:
    """Undo Slack's HTML entity escaping: only ``&amp;``, ``&lt;`` and ``&gt;`` are escaped.

    ``&amp;`` goes last so that an escaped ``&lt;`` (``&amp;lt;``) stays ``&lt;``.
    """
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def normalize(text: str) -> str:
    """Whitespace-insensitive form used to decide whether a part repeats ``text``."""
    return _WS.sub(" ", text).strip()


def extra_texts(
    text: str,
    blocks: list[object],
    attachments: list[object],
    *,
    max_chars: int = 1_000_000,
    max_parts: int = 100,
) -> tuple[str, ...]:
    """The texts from ``blocks`` and ``attachments`` that ``text`` does not already contain.

    Args:
        text: the message's decoded ``text``.
        blocks: the message's ``blocks`` (anything that is not a known block shape is skipped).
        attachments: the message's ``attachments``.
        max_chars: the most characters kept from all parts together; the rest is dropped.
        max_parts: the most blocks and the most attachments read.

    Returns:
        One string per block or attachment that adds something, in message order.
    """
    return extra_texts_checked(text, blocks, attachments, max_chars=max_chars, max_parts=max_parts)[0]


def extra_texts_checked(
    text: str,
    blocks: list[object],
    attachments: list[object],
    *,
    max_chars: int = 1_000_000,
    max_parts: int = 100,
) -> tuple[tuple[str, ...], bool]:
    """``extra_texts`` and whether ``max_chars`` cut a part: a cut part may end in half a token,
    so the caller refuses the message rather than store it (see ``RawMessage.oversized``)."""
    kept: list[str] = []
    seen = [normalize(text)]
    budget = max_chars
    cut = False

    def keep(candidate: str) -> None:
        nonlocal budget, cut
        if len(candidate) > budget:
            cut = True
            candidate = candidate[:budget]
        norm = normalize(candidate)
        if norm and not any(norm in s for s in seen):
            kept.append(candidate.strip())
            seen.append(norm)
            budget -= len(candidate)

    for block in blocks[:max_parts]:
        if budget > 0:
            keep(block_text(block))
        elif block_text(block).strip():
            cut = True
    for attachment in attachments[:max_parts]:
        if budget > 0:
            keep(attachment_text(attachment, seen))
        elif attachment_text(attachment, seen).strip():
            cut = True
    return tuple(kept), cut


def block_text(block: object) -> str:
    """Plain text of one Block Kit block; empty for blocks without text (dividers, images…)."""
    if not isinstance(block, dict):
        return ""
    kind = block.get("type")
    if kind == "rich_text":
        out = ""
        for part in (_rich_element(e) for e in _list(block.get("elements"))):
            # Paragraphs, quotes, lists and code blocks are separate lines in ``text``.
            out += "\n" + part if out and not out.endswith("\n") and part else part
        return out
    if kind in ("section", "header"):
        parts = [_text_object(block.get("text"))]
        parts += [_text_object(f) for f in _list(block.get("fields"))[:MAX_FIELDS]]
        return "\n".join(p for p in parts if p)
    if kind == "context":
        return " ".join(t for t in (_text_object(e) for e in _list(block.get("elements"))) if t)
    return ""


def attachment_text(attachment: object, seen: list[str] | None = None) -> str:
    """Plain text of one legacy attachment: pretext, title, text, fields, then nested blocks.

    ``fallback`` is Slack's summary of the other parts, so it is only used when they are all
    empty. Parts already in ``seen`` (normalized texts) are left out.
    """
    if not isinstance(attachment, dict):
        return ""
    parts = [_str(attachment.get(k)) for k in ("pretext", "title", "text")]
    for field in _list(attachment.get("fields"))[:MAX_FIELDS]:
        if isinstance(field, dict):
            title, value = _str(field.get("title")), _str(field.get("value"))
            parts.append(f"{title}: {value}" if title and value else title or value)
    parts += [block_text(b) for b in _list(attachment.get("blocks"))[:MAX_FIELDS]]
    parts = [unescape(p) for p in parts if p.strip()]
    if not parts:
        fallback = unescape(_str(attachment.get("fallback")))
        parts = [fallback] if fallback.strip() else []
    already = seen or []
    fresh = [p for p in parts if not any(normalize(p) in s for s in already)]
    return "\n".join(fresh)


def _rich_element(element: object) -> str:
    if not isinstance(element, dict):
        return ""
    kind = element.get("type")
    inner = "".join(_inline(e) for e in _list(element.get("elements")))
    if kind == "rich_text_preformatted":
        return f"```{inner}```"
    if kind == "rich_text_quote":
        return "\n".join(f"> {line}" for line in inner.split("\n"))
    if kind == "rich_text_list":
        items = ("".join(_inline(i) for i in _list(s.get("elements"))) for s in _dicts(element))
        return "\n".join(f"• {item}" for item in items)
    return inner


def _dicts(element: dict[str, object]) -> list[dict[str, object]]:
    return [e for e in _list(element.get("elements")) if isinstance(e, dict)]


def _inline(element: object) -> str:
    """One rich-text inline element, written the way Slack writes it in ``text``."""
    if not isinstance(element, dict):
        return ""
    kind = element.get("type")
    if kind == "text":
        return _styled(_str(element.get("text")), element.get("style"))
    if kind == "link":
        url, label = _str(element.get("url")), _str(element.get("text"))
        return f"<{url}|{label}>" if label else f"<{url}>"
    if kind == "user":
        return f"<@{_str(element.get('user_id'))}>"
    if kind == "channel":
        return f"<#{_str(element.get('channel_id'))}>"
    if kind == "usergroup":
        return f"<!subteam^{_str(element.get('usergroup_id'))}>"
    if kind == "broadcast":
        return f"<!{_str(element.get('range'))}>"
    if kind == "emoji":
        return f":{_str(element.get('name'))}:"
    return _str(element.get("fallback")) or _str(element.get("text"))


# Slack writes rich-text styles into ``text`` as mrkdwn markers; outermost marker first.
_STYLE_MARKS = (("code", "`"), ("strike", "~"), ("italic", "_"), ("bold", "*"))


def _styled(text: str, style: object) -> str:
    if not isinstance(style, dict) or not text.strip():
        return text
    for key, mark in reversed(_STYLE_MARKS):
        if style.get(key) is True:
            text = f"{mark}{text}{mark}"
    return text


def _text_object(obj: object) -> str:
    if not isinstance(obj, dict):
        return ""
    text = _str(obj.get("text"))
    # mrkdwn is entity-escaped like message text; plain_text is taken as written.
    return unescape(text) if obj.get("type") == "mrkdwn" else text


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""
