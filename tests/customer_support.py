"""Shared by the customer-draft tests: the two incidents, replayed, and what must never reach a customer."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from bot.playback.replay import replay_channel
from bot.services import Services
from bot.slackdata.export import read_export

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "inc-checkout-latency"
MAIL = ROOT / "tests" / "data" / "inc-mail-relay"
INCIDENTS = {"example": EXAMPLE, "mail": MAIL}

FORBIDDEN = {
    # What the two channels contain that must never reach a customer (checked in every document).
    "example": [
        "checkout-api",
        "payments-gateway",
        "#4812",
        "4812",
        "v2.31.0",
        "v2.30.2",
        "a1c9e4f",
        "max_retries",
        "retry_on",
        "redis-checkout",
        "9131",
        "PR #1187",
    ],
    "mail": ["smtp-relay-2", "mail.internal", "10.20.4.17", "SUP-4412", "relay-1"],
}
_IDS = re.compile(r"\b[A-Z][A-Z0-9]{1,9}-\d+\b|\b(?:\d{1,3}\.){3}\d{1,3}\b|<@U[A-Z0-9]+>|#\d{3,}")


@dataclass(frozen=True)
class Replayed:
    channel: str
    name: str
    names: dict[str, str]
    """user id -> display name (the people who must never be named)."""


def replay(services: Services, which: str, tmp: Path, *, upto: int | None = None) -> Replayed:
    """Replay one of the incidents into ``services`` offline (its postmortem drafted, not reviewed).

    ``upto``: only the first that many events (the incident as it stood mid-way).
    """
    export = read_export(INCIDENTS[which])
    (channel,) = export.channels
    if upto is not None:
        channel = dataclasses.replace(channel, events=channel.events[:upto])
    names = {uid: u.best_name for uid, u in export.users.items() if not u.is_bot}
    replay_channel(services, channel, names=names, out_dir=tmp)
    return Replayed(channel.id, channel.name, names)


def leaks(text: str, which: str, names: dict[str, str]) -> list[str]:
    """Every forbidden identifier, person's name (full, first or last) or id-shaped string in ``text``."""
    found = [word for word in FORBIDDEN[which] if word.lower() in text.lower()]
    for uid, name in names.items():
        parts = [name, *name.split()]
        found += [p for p in parts if len(p) > 2 and re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text)]
        if uid in text:
            found.append(uid)
    found += _IDS.findall(text)
    return found
