"""Workspace members by id, cached: names for transcripts and for keeping responders unredacted."""

from __future__ import annotations

import threading

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slackdata.users import ExportUser, member_user


class UserDirectory:
    """Loads ``users.list`` once and fills gaps with ``users.info``; thread-safe."""

    def __init__(self, client: WebClient) -> None:
        self._client = client
        self._users: dict[str, ExportUser] = {}
        self._lock = threading.Lock()
        self._loaded = False

    def _add(self, member: dict[str, object]) -> ExportUser:
        user = member_user(member)
        self._users[user.id] = user
        return user

    def load(self) -> None:
        """Read every member (paginated); called at start and when the cache is cold."""
        with self._lock:
            for page in self._client.users_list(limit=200):
                for member in page.get("members", []) or []:
                    self._add(member)
            self._loaded = True

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
            return self._add(member)

    def known(self) -> dict[str, ExportUser]:
        if not self._loaded:
            self.load()
        with self._lock:
            return dict(self._users)

    def names(self) -> dict[str, str]:
        return {uid: u.best_name for uid, u in self.known().items()}
