"""Scripted people for the demo's customer-facing drafts: one status update posted, one RCA made final.

``play_update`` presses *Post* on the ephemeral draft ``/draft-update`` showed; ``play_rca`` reviews
the RCA thread ``/draft-rca`` posted the way a customer-facing team would: two people approve
every section, and the incident commander resolves each punch-list item ("S9 keep") after
reading it. Every wait is on what the local Slack shows, under the demo's one deadline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from bot.clock import ManualClock
from bot.domain import RCA_SECTIONS
from bot.errors import SitrepError
from bot.playback.review_demo import blocks_text
from bot.playback.settle import Settler
from bot.sandbox.slack import LocalSlack
from bot.slack import texts
from bot.slack.customer_blocks import UPDATE_POST_ACTION

_ITEM = re.compile(r"\*(S\d+)\*")


class RcaPlayError(SitrepError):
    """The demo's scripted people did not see what they waited for in time."""


@dataclass
class RcaPlay:
    steps: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    parent_ts: str = ""


def _waiter(slack: LocalSlack, settler: Settler) -> Callable[[Callable[[], bool], str], None]:
    def wait(predicate: Callable[[], bool], what: str) -> None:
        if not slack.wait_for(lambda: predicate() and settler.idle(), settler.deadline.left()):
            raise RcaPlayError(f"the demo did not see {what} within its {settler.deadline.seconds:.0f} s deadline")

    return wait


def _name(slack: LocalSlack, user: str) -> str:
    found = slack.ws.user(user)
    return found.display_name or found.real_name or found.name


def play_update(slack: LocalSlack, channel: str, user: str, *, settler: Settler, seen: set[str]) -> str:
    """Press Post on the status-update draft shown to ``user`` (one not in ``seen``); returns the posted ts."""
    wait = _waiter(slack, settler)
    found: dict[str, str] = {}

    def drafted() -> bool:
        for note in slack.ephemerals(channel, user):
            if note.blocks and note.ts not in seen:
                found["ts"] = note.ts
                return True
        return False

    wait(drafted, "the status-update draft")
    before = len(slack.history(channel))
    slack.click_button(user, found["ts"], UPDATE_POST_ACTION, channel=channel)
    wait(lambda: len(slack.history(channel)) > before, "the posted status update")
    return str(slack.history(channel)[-1]["ts"])


def play_rca(
    slack: LocalSlack,
    channel: str,
    users: Sequence[str],
    *,
    clock: ManualClock,
    settler: Settler,
    step: timedelta = timedelta(minutes=1),
) -> RcaPlay:
    """Approve every RCA section (two people), resolve the punch-list, wait for the final files."""
    wait = _waiter(slack, settler)
    prefix = texts.RCA_PARENT.split("{", 1)[0]
    found: dict[str, str] = {}

    def posted() -> bool:
        for message in slack.bot_messages(channel):
            if str(message.get("text") or "").startswith(prefix):
                found["parent"] = str(message["ts"])
                return len(slack.thread(channel, found["parent"])) > len(RCA_SECTIONS)
        return False

    wait(posted, "the RCA draft and its sections")
    play = RcaPlay(parent_ts=found["parent"])
    replies = slack.thread(channel, play.parent_ts)[1 : len(RCA_SECTIONS) + 1]
    play.steps.append(f"Sitrep posted the external RCA draft with {len(replies)} sections in a thread.")
    approvers = list(users[:2])
    for reply in replies:
        clock.advance(step)
        ts = str(reply["ts"])
        for user in approvers:
            # One at a time: the approvals' order (and so rca.json) is the same on every run.
            slack.react(user, channel, ts, "white_check_mark")
            who = _name(slack, user)

            def approved(ts: str = ts, who: str = who) -> bool:
                return who in blocks_text(slack.message(channel, ts)).split("Approved* by", 1)[-1]

            wait(approved, "an RCA section approved")
    play.steps.append(f"{len(approvers)} people reacted ✅ on every RCA section.")
    parent_text = blocks_text(slack.message(channel, play.parent_ts))
    items = [m.group(1) for line in parent_text.splitlines() if "(open)" in line and (m := _ITEM.search(line))]
    for item in items:
        clock.advance(step)
        slack.post_as_user(users[0], channel, f"{item} keep", thread_ts=play.parent_ts)
        settler.settle(f"punch-list item {item} resolved")
        play.steps.append(f"The incident commander kept {item} as written after checking it (reply “{item} keep”).")

    def uploaded() -> list[str]:
        return sorted(
            str(f.get("name"))
            for m in slack.thread(channel, play.parent_ts)
            if m.get("subtype") == "file_share"
            for f in m.get("files") or []
        )

    wait(lambda: len(uploaded()) >= 3, "the final RCA files")
    play.files = uploaded()
    play.steps.append(f"Punch-list resolved and every section approved: Sitrep uploaded {', '.join(play.files)}.")
    return play
