"""Which channels Sitrep tracks: incident-named channels it joins itself, and any it is invited to."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.deps import CoreServices

log = logging.getLogger(__name__)

OnTracked = Callable[[str, bool], None]
"""Called with (channel id, newly tracked) after Sitrep starts (or resumes) tracking a channel."""


class Joiner:
    def __init__(self, client: WebClient, core: CoreServices, pattern: re.Pattern[str], on_tracked: OnTracked) -> None:
        self._client = client
        self._core = core
        self._pattern = pattern
        self._on_tracked = on_tracked

    def matches(self, name: str) -> bool:
        return bool(self._pattern.search(name))

    def track(self, channel: str, name: str) -> None:
        """Start (or resume) tracking; the callback backfills and greets."""
        # Atomic: channel_created and the bot's member_joined_channel both track, often at once,
        # and only the first may greet (a check-then-open let both greet).
        _, new = self._core.incidents.start(channel, name)
        self._on_tracked(channel, new)

    def join(self, channel: str, name: str) -> bool:
        """Join a public incident channel and track it; False when Slack refuses (private, archived)."""
        try:
            self._client.conversations_join(channel=channel)
        except SlackApiError as exc:
            log.warning("could not join %s: %s", channel, exc.response.get("error"))
            return False
        self.track(channel, name)
        return True

    def scan(self) -> list[str]:
        """At start: join matching channels, and resume every channel Sitrep is a member of and tracks."""
        tracked = self._core.incidents.tracked_channels()
        resumed: list[str] = []
        for page in self._client.conversations_list(
            types="public_channel,private_channel", exclude_archived=True, limit=200
        ):
            for ch in page.get("channels", []) or []:
                cid, name = str(ch["id"]), str(ch.get("name") or ch["id"])
                if ch.get("is_member"):
                    if cid in tracked or self.matches(name):
                        self.track(cid, name)
                        resumed.append(cid)
                elif self.matches(name) and not ch.get("is_private") and self.join(cid, name):
                    resumed.append(cid)
        return resumed
