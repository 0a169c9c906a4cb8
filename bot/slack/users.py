"""Workspace members by id, cached: names for transcripts and for keeping responders unredacted."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slackdata.users import ExportUser, member_user, names_map


class UserDirectory:
    """Loads ``users.list`` once and fills gaps with ``users.info``; thread-safe."""

    def __init__(self, client: WebClient, on_names: Callable[[Iterable[str]], None] | None = None) -> None:
        """``on_names`` hears every member's names as they are loaded (the redactor keeps them)."""
        self._client = client
        self._on_names = on_names
        self._users: dict[str, ExportUser] = {}
        self._lock = threading.Lock()
        self._loaded = False

    def _add(self, member: dict[str, object]) -> ExportUser:
        user = member_user(member)
        self._users[user.id] = user
        return user

    def load(self) -> None:
        """Read every member (paginated); called at start and when the cache is cold."""
        added: list[ExportUser] = []
        with self._lock:
            for page in self._client.users_list(limit=200):
                for member in page.get("members", []) or []:
                    added.append(self._add(member))
            self._loaded = True
        self._announce(added)

    def _announce(self, users: Iterable[ExportUser]) -> None:
        if self._on_names is not None:
            self._on_names([name for user in users for name in user.all_names])

    def get(self, user_id: str) -> ExportUser | None:
        with self._lock:
            if user_id in self._users:
                return self._users[user_id]
        try:
            member = self._client.users_info(user=user_id).get("user")
        except SlackApiError:
            return None
        if not isinstance(member, dict):
            return None
        with self._lock:
            user = self._add(member)
        self._announce([user])
        return user

    def known(self) -> dict[str, ExportUser]:
        if not self._loaded:
            self.load()
        with self._lock:
            return dict(self._users)

    def names(self) -> dict[str, str]:
        """Member id -> name shown, plus each member's real name and handle -> name shown."""
        return names_map(self.known().values())
