"""Workspace members, from an export's ``users.json`` or the Web API's ``users.list`` / ``users.info``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ExportUser:
    """A workspace member from ``users.json``."""

    id: str
    name: str
    real_name: str | None = None
    display_name: str | None = None
    is_bot: bool = False

    @property
    def best_name(self) -> str:
        """The name people see in Slack: display name, else real name, else handle."""
        return self.display_name or self.real_name or self.name

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every name the member goes by (display, real, handle): what the redactor must keep."""
        return tuple(n for n in (self.display_name, self.real_name, self.name) if n)


def member_user(member: dict[str, object]) -> ExportUser:
    """A ``users.list`` / ``users.info`` member as an :class:`ExportUser` (profile names first)."""
    raw_profile = member.get("profile")
    profile: dict[str, object] = raw_profile if isinstance(raw_profile, dict) else {}
    return ExportUser(
        id=str(member["id"]),
        name=str(member.get("name") or member["id"]),
        real_name=str(profile.get("real_name") or member.get("real_name") or "") or None,
        display_name=str(profile.get("display_name") or "") or None,
        is_bot=bool(member.get("is_bot")),
    )


def names_map(users: Iterable[ExportUser]) -> dict[str, str]:
    """User id -> the name shown, then every other name a member goes by -> that name shown.

    Responders call each other by first name ("joaquin to add the alert") while Slack shows a
    handle ("jherrera"); with the real name and handle in the map, the reading finds the member.
    Ids come first, so a lookup by shown name meets the id before any alias. A name two members
    share is left out: it names neither for sure.
    """
    users = list(users)
    found: dict[str, str] = {u.id: u.best_name for u in users}
    owners: dict[str, set[str]] = {}
    for user in users:
        for name in user.all_names:
            owners.setdefault(name, set()).add(user.id)
    for user in users:
        for name in user.all_names:
            if name != user.best_name and name not in found and len(owners[name]) == 1:
                found[name] = user.best_name
    return found
