"""Scripted responders for ``sitrep demo``: they review the posted draft through the local Slack.

``play_review`` acts only as people do (thread replies, reactions, button clicks) on a
``LocalSlack`` workspace, and waits for what Slack shows (updated messages, the uploaded files),
never on Sitrep's internals: the demo's transcript then shows the review as a user would see it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bot.clock import ManualClock
from bot.domain import SECTIONS
from bot.playback.settle import DEMO_DEADLINE_S, Deadline, DemoTimeoutError, Settler
from bot.sandbox.slack import LocalSlack
from bot.slack import texts
from bot.slack.blocks import APPROVE_ACTION

JSON = dict[str, Any]
TITLES = dict(SECTIONS)
_TIMELINE_ROW = re.compile(r"^• (?:(\d{4}-\d{2}-\d{2}) )?(\d{2}):(\d{2})(?: UTC)? · (\w+) · ", re.MULTILINE)


@dataclass
class ReviewPlay:
    """What the scripted review did, in order, for the demo's transcript."""

    draft_ts: str
    section_ts: dict[str, str]
    correction: tuple[str, str, str] | None = None
    """(section id, reply ts, reply text) of the correction."""
    approvals: list[tuple[str, str, str]] = field(default_factory=list)
    """(section id, user id, "reaction" | "button") in the order given."""
    files: list[str] = field(default_factory=list)
    """Names of the files uploaded to the thread."""
    steps: list[str] = field(default_factory=list)
    """One line per action, for a transcript."""
    tracker_status: str | None = None
    """The summary of Sitrep's tracker status message (e.g. ``3 created``), when a tracker was awaited."""


class ReviewPlayError(DemoTimeoutError):
    """The scripted review could not finish (the app did not react within the deadline)."""


def blocks_text(message: JSON) -> str:
    """All mrkdwn / plain_text of a message's blocks (its text when it has none)."""
    parts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                parts.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message.get("blocks") or [])
    return "\n".join(parts) or str(message.get("text") or "")


def _header(message: JSON) -> str | None:
    for block in message.get("blocks") or []:
        if block.get("type") == "header":
            return str((block.get("text") or {}).get("text") or "")
    return None


def find_draft(slack: LocalSlack, channel: str) -> tuple[str, dict[str, str]] | None:
    """The newest posted draft in ``channel``: (parent ts, section id -> reply ts), once all replies are there."""
    title = texts.POSTMORTEM_PARENT.split("{", 1)[0]
    parents = [
        m for m in slack.history(channel) if m.get("user") == slack.bot_user_id and (_header(m) or "").startswith(title)
    ]
    if not parents:
        return None
    parent = parents[-1]
    by_title = {t: sid for sid, t in TITLES.items()}
    sections: dict[str, str] = {}
    for reply in slack.thread(channel, str(parent["ts"]))[1:]:
        sid = by_title.get(_header(reply) or "")
        if sid is not None and sid not in sections:
            sections[sid] = str(reply["ts"])
    if len(sections) < len(TITLES):
        return None
    return str(parent["ts"]), sections


def default_correction(timeline_text: str) -> str | None:
    """A timeline correction that moves the first mitigation one minute earlier (demo data only)."""
    for match in _TIMELINE_ROW.finditer(timeline_text):
        _, hour, minute, kind = match.groups()
        if kind == "mitigate":
            total = int(hour) * 60 + int(minute) - 1
            new = f"{total // 60 % 24:02d}:{total % 60:02d}"
            return f"Timeline: the first mitigation step was at {new}, not {hour}:{minute}"
    return None


def play_review(
    slack: LocalSlack,
    channel: str,
    users: Sequence[str],
    *,
    correction: str | None = None,
    clock: ManualClock | None = None,
    step: timedelta = timedelta(minutes=1),
    timeout: float = DEMO_DEADLINE_S,
    tracker: str | None = None,
    settler: Settler | None = None,
) -> ReviewPlay:
    """Review the draft Sitrep posted in ``channel``: one correction, then approve every section.

    Args:
        slack: the local workspace the Sitrep app is connected to.
        channel: the incident channel (the draft must have been posted, e.g. by ``/resolve``).
        users: responders (user ids, members of ``channel``); the first corrects, all approve in turn
            (by ✅ reaction and by the Approve button, alternately).
        correction: the thread reply to post; by default a timeline correction built from the draft.
        clock: the demo's clock, stepped by ``step`` between actions so approvals carry distinct times.
        timeout: seconds the whole review may take (one deadline, not one per step), without ``settler``.
        tracker: the issue tracker Sitrep exports action items to once final (``GitHub``, ``Jira``);
            when given, the review also waits for Sitrep's status message with the issue links.
        settler: the demo's; each wait then also waits for the app to be idle, under the demo's one
            deadline, so the clock only moves once Sitrep has finished the previous step.

    Returns:
        What was done, for the transcript.

    Raises:
        ReviewPlayError: when the draft, an update or the final upload does not appear in time.
    """
    if not users:
        raise ValueError("play_review needs at least one responder")

    deadline = settler.deadline if settler is not None else Deadline(timeout)

    def wait(predicate: Callable[[], bool], what: str) -> None:
        idle = settler.idle if settler is not None else (lambda: True)
        if not slack.wait_for(lambda: predicate() and idle(), deadline.left()):
            raise ReviewPlayError(
                f"the demo review did not see {what} within its {deadline.seconds:.0f} s deadline"
                " (the machine may be overloaded)"
            )

    def tick() -> None:
        if clock is not None:
            clock.advance(step)

    def name(user: str) -> str:
        found = slack.ws.user(user)
        return found.display_name or found.real_name or found.name

    found: dict[str, tuple[str, dict[str, str]]] = {}

    def draft_posted() -> bool:
        draft = find_draft(slack, channel)
        if draft is not None:
            found["draft"] = draft
        return draft is not None

    wait(draft_posted, "the draft")
    draft_ts, section_ts = found["draft"]
    play = ReviewPlay(draft_ts=draft_ts, section_ts=section_ts)
    play.steps.append(f"Sitrep posted the postmortem draft with {len(section_ts)} sections in a thread.")

    timeline_ts = section_ts["timeline"]
    text = correction or default_correction(blocks_text(slack.message(channel, timeline_ts)))
    if text is not None:
        tick()
        before = {sid: blocks_text(slack.message(channel, ts)) for sid, ts in section_ts.items()}
        author = users[0]
        notes = len(slack.ephemerals(channel, user=author))
        reply_ts = slack.post_as_user(author, channel, text, thread_ts=draft_ts)

        def changed() -> list[str]:
            return [sid for sid, ts in section_ts.items() if blocks_text(slack.message(channel, ts)) != before[sid]]

        # Sitrep answers every reply (revised, recorded elsewhere, or "which section?") with a note.
        wait(lambda: len(slack.ephemerals(channel, user=author)) > notes and bool(changed()), "the corrected section")
        section = changed()[0]
        play.correction = (section, reply_ts, text)
        play.steps.append(
            f"{name(author)} replied in the thread: “{text}” — Sitrep revised {TITLES.get(section, section)}."
        )

    for i, (section_id, ts) in enumerate(section_ts.items()):
        tick()
        user = users[i % len(users)]
        if i % 2 == 0:
            slack.react(user, channel, ts, "white_check_mark")
            how = "reaction"
        else:
            slack.click_button(user, ts, APPROVE_ACTION, channel=channel)
            how = "button"
        who = name(user)

        def approved(ts: str = ts, who: str = who) -> bool:
            return f"Approved* by {who}" in blocks_text(slack.message(channel, ts))

        wait(approved, f"{section_id} approved")
        play.approvals.append((section_id, user, how))
        verb = "reacted ✅ on" if how == "reaction" else "pressed Approve on"
        play.steps.append(f"{who} {verb} {TITLES[section_id]}.")

    def uploaded() -> list[str]:
        return [
            str(f.get("name"))
            for m in slack.thread(channel, draft_ts)
            if m.get("subtype") == "file_share"
            for f in m.get("files") or []
        ]

    wait(lambda: len(uploaded()) >= 2, "the final files")
    final_title = texts.POSTMORTEM_FINAL.split("{", 1)[0]
    wait(lambda: (_header(slack.message(channel, draft_ts)) or "").startswith(final_title), "the draft marked final")
    play.files = uploaded()
    play.steps.append(f"Every section approved: Sitrep uploaded {' and '.join(play.files)} and marked the draft final.")
    if tracker is not None:
        status_prefix = f"Action items → {tracker}: "  # the status message's text (bot.slack.blocks)
        found_status: dict[str, str] = {}

        def status_posted() -> bool:
            for m in slack.thread(channel, draft_ts):
                if m.get("user") == slack.bot_user_id and str(m.get("text") or "").startswith(status_prefix):
                    found_status["text"] = str(m["text"])
                    return True
            return False

        wait(status_posted, f"the action items' {tracker} status")
        summary = found_status["text"].removeprefix(status_prefix)
        play.tracker_status = summary
        play.steps.append(f"Sitrep exported the action items to {tracker} ({summary}) and listed each issue's link.")
    return play
