"""Citations for human readers: each ``[ts …]`` becomes a link with the author and a short quote.

The analysis cites Slack messages by ``ts``; a number means nothing to a reader. A citation links to
the Slack permalink when the workspace URL is known, else to the message's anchor in
``transcript.md`` (written beside the Markdown files), and says who wrote it and what they said.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.domain import Message
from bot.slackdata.mrkdwn import excerpt, plain_text

TS = re.compile(r"\d{9,10}\.\d{6}")
_GROUP = re.compile(r"\[ts (?P<list>\d{9,10}\.\d{6}(?:,\s*\d{9,10}\.\d{6})*)\]")
QUOTE_CHARS = 90
"""A cited quote is a reminder of the message, not the message: the link has the rest."""


def anchor(ts: str) -> str:
    """The id of a message's anchor in transcript.md (``ts-1700000000-000100``)."""
    return "ts-" + ts.replace(".", "-")


@functools.lru_cache(maxsize=4096)
def _plain_without_names(value: str) -> str:
    """``plain_text`` with no names to map: a pure function of the text, so it is remembered.

    Fitting a sitrep to its reading budget renders the same claims up to a dozen times, and the
    next sitrep repeats most of them (``bot.core.sitrep_length``).
    """
    return plain_text(value)


@dataclass(frozen=True)
class Source:
    """What a citation shows of one message: who wrote it and a short quote (already plain text)."""

    author: str
    quote: str
    thread_ts: str | None = None


@dataclass(frozen=True)
class Sources:
    """Everything the Markdown needs to turn ``ts`` values into readable citations.

    Every field has a default so a caller without messages still gets links (to transcript.md).
    """

    messages: Mapping[str, Source] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    workspace_url: str | None = None
    channel: str | None = None
    transcript: str | None = "transcript.md"
    """The transcript the anchors point into; None when there is none beside the files (no link then)."""

    @classmethod
    def of(
        cls,
        messages: Iterable[Message],
        names: Mapping[str, str] | None = None,
        *,
        workspace_url: str | None = None,
        channel: str | None = None,
        transcript: str | None = "transcript.md",
    ) -> Sources:
        """Sources from the channel's stored (redacted) messages and user id -> name."""
        names = dict(names or {})
        found: dict[str, Source] = {}
        for m in messages:
            author = (names.get(m.user or "") if m.user else None) or m.author
            found[m.ts] = Source(author, excerpt(plain_text(m.text, names), QUOTE_CHARS), m.thread_ts)
            channel = channel or m.channel
        return cls(messages=found, names=names, workspace_url=workspace_url, channel=channel, transcript=transcript)

    def text(self, value: str) -> str:
        """Slack markup, mentions and emoji codes as a reader would see them."""
        return plain_text(value, self.names) if self.names else _plain_without_names(value)

    def markdown(self, value: str) -> str:
        """Like ``text`` for a string that is already Markdown: our ``**`` and ``_`` markers stay."""
        return plain_text(value, self.names, styles=False)

    def link(self, ts: str) -> str | None:
        """The Slack permalink when the workspace is known, else the transcript anchor, else None."""
        if self.workspace_url and self.channel:
            link = f"{self.workspace_url.rstrip('/')}/archives/{self.channel}/p{ts.replace('.', '')}"
            source = self.messages.get(ts)
            if source is not None and source.thread_ts and source.thread_ts != ts:
                link += f"?thread_ts={source.thread_ts}&cid={self.channel}"
            return link
        return f"{self.transcript}#{anchor(ts)}" if self.transcript else None

    def one(self, ts: str) -> str:
        """``[Ann Lee, 22:54](link): “quote”`` or ``[ts 1700000000.000100](link)`` when unknown."""
        source = self.messages.get(ts)
        link = self.link(ts)
        if source is None:
            return f"[ts {ts}]({link})" if link else f"[ts {ts}]"
        when = datetime.fromtimestamp(float(ts), tz=UTC).strftime("%H:%M")
        quote = source.quote.replace("|", "/").replace("[", "(").replace("]", ")")
        if quote.count("`") % 2:  # a quote cut inside code would open a code span to the end of the line
            quote = quote.replace("`", "")
        label = f"[{source.author}, {when}]({link})" if link else f"{source.author}, {when}"
        return f"{label}: “{quote}”"

    def cite(self, ts_values: Iterable[str]) -> str:
        """Several citations, separated so each stays readable."""
        return "; ".join(self.one(ts) for ts in dict.fromkeys(t for t in ts_values if t))

    def linkify(self, markdown: str) -> str:
        """Every ``[ts a, b]`` in ``markdown`` as readable citations, in brackets."""
        return _GROUP.sub(lambda m: f"({self.cite(TS.findall(m.group('list')))})", markdown)
