"""Every message Sitrep sends to Slack goes out through ``Outbox``: escaped, quiet and unfurl-free.

Text people typed and text a model wrote reach Slack only as *text*. Builders escape it
(``escape``: Slack's three control characters ``& < >``) where they put it into a message; the
``Outbox`` then checks the finished message once more, so a builder that forgot cannot ping the
channel or disguise a link: in the top-level ``text`` and in every ``mrkdwn`` text object, the
only ``<…>`` tokens left active are the links Sitrep builds itself (permalinks into this
workspace's archives) and a plain user mention (``<@U…>``, from an id Slack gave us). Everything
else, ``<!channel>``, ``<!here>``, ``<!everyone>``, ``<!subteam^…>``, ``<#C…>``, a masked link
``<https://evil|grafana>``, is shown as typed. ``plain_text`` objects are never parsed for mentions
or links by Slack, so they are left as they are (escaping them would show ``&amp;`` to readers).
Link and media previews are turned off on every post: a cited link is a pointer, not a preview.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk import WebClient

NO_UNFURL: dict[str, bool] = {"unfurl_links": False, "unfurl_media": False}
"""Sent with every post. Slack documents them for chat.postMessage; chat.update and
chat.postEphemeral accept and ignore them, and sending them everywhere keeps one rule."""

_TOKEN = re.compile(r"<([^<>]*)>")
_USER_MENTION = re.compile(r"@[UW][A-Z0-9]{2,}")
_CITE_LABEL = re.compile(r"\[\d{1,4}\]")


def escape(text: str) -> str:
    """Slack's three control characters; anything else is shown as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class LinkPolicy:
    """Which ``<…>`` tokens may stay active: Sitrep's own permalinks and plain user mentions."""

    def __init__(self, workspace_url: str) -> None:
        self._archives = workspace_url.rstrip("/") + "/archives/"

    def allows(self, inner: str) -> bool:
        if _USER_MENTION.fullmatch(inner):
            return True
        url, bar, label = inner.partition("|")
        # Sitrep labels its links "[n]" (citations); a label that says something else is a disguise.
        if not url.startswith(self._archives) or re.search(r"\s", url):
            return False
        return not bar or _CITE_LABEL.fullmatch(label) is not None

    def guard(self, mrkdwn: str) -> str:
        """``mrkdwn`` with every ``<``/``>`` that is not part of an allowed token escaped."""
        out: list[str] = []
        last = 0
        for match in _TOKEN.finditer(mrkdwn):
            if not self.allows(match.group(1)):
                continue
            out.append(_angle(mrkdwn[last : match.start()]))
            out.append(match.group(0))
            last = match.end()
        out.append(_angle(mrkdwn[last:]))
        return "".join(out)

    def guard_blocks(self, blocks: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """A copy of ``blocks`` with every mrkdwn text object guarded (plain_text is never parsed)."""
        return [self._walk(b) for b in blocks]

    def _walk(self, node: Any) -> Any:
        if isinstance(node, Mapping):
            copied = {k: self._walk(v) for k, v in node.items()}
            if copied.get("type") == "mrkdwn" and isinstance(copied.get("text"), str):
                copied["text"] = self.guard(copied["text"])
            return copied
        if isinstance(node, list | tuple):
            return [self._walk(v) for v in node]
        return node


def _angle(text: str) -> str:
    # Only the brackets: an ``&`` here is either the builder's own escaping or shown as typed.
    return text.replace("<", "&lt;").replace(">", "&gt;")


class Outbox:
    """chat.postMessage, chat.update and chat.postEphemeral with the guard and the unfurl flags."""

    def __init__(self, client: WebClient, workspace_url: str) -> None:
        self._client = client
        self.policy = LinkPolicy(workspace_url)

    def _payload(self, text: str, blocks: Sequence[Mapping[str, Any]] | None) -> dict[str, Any]:
        payload: dict[str, Any] = {"text": self.policy.guard(text), **NO_UNFURL}
        if blocks is not None:
            payload["blocks"] = self.policy.guard_blocks(blocks)
        return payload

    def post(
        self,
        channel: str,
        text: str,
        blocks: Sequence[Mapping[str, Any]] | None = None,
        *,
        thread_ts: str | None = None,
    ) -> str:
        """Post a message; returns its ts."""
        response = self._client.chat_postMessage(channel=channel, thread_ts=thread_ts, **self._payload(text, blocks))
        return str(response["ts"])

    def update(self, channel: str, ts: str, text: str, blocks: Sequence[Mapping[str, Any]] | None = None) -> None:
        self._client.chat_update(channel=channel, ts=ts, **self._payload(text, blocks))

    def ephemeral(
        self,
        channel: str,
        user: str,
        text: str,
        blocks: Sequence[Mapping[str, Any]] | None = None,
        *,
        thread_ts: str | None = None,
    ) -> None:
        self._client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, **self._payload(text, blocks))

    def comment(self, text: str) -> str:
        """A file upload's ``initial_comment`` (mrkdwn, posted with the files)."""
        return self.policy.guard(text)
