"""How an action item reads: its kind of work, when it is due, and its words as the team's work.

Shared by the offline engine's reading of follow-ups and its reviser, so both file items alike.
"""

from __future__ import annotations

import re

from bot.analysis import lexicon as lx
from bot.domain import ActionCategory, Horizon

_CATEGORIES: tuple[tuple[re.Pattern[str], ActionCategory], ...] = (
    (re.compile(r"alert|monitor|dashboard|slo|page|metric|observab", re.I), "monitoring"),
    (
        re.compile(r"deploy|canary|rollout|rollback|release|config review|feature flag|ci\b", re.I),
        "deployment safety",
    ),
    (re.compile(r"runbook|playbook|doc(?:s|ument)|wiki|checklist", re.I), "runbooks"),
    (
        re.compile(r"retr(?:y|ies)|circuit|timeout|backoff|architect|design|capacity|limit|pool", re.I),
        "system design",
    ),
)


def category_of(text: str) -> ActionCategory:
    """The kind of work an action item is; shared with the offline reviser so both file items alike."""
    for pattern, category in _CATEGORIES:
        if pattern.search(text):
            return category
    return "incident process"


def horizon_of(text: str) -> Horizon:
    """When an action item is due (immediate, short or long term), read from how it was asked for."""
    if lx.HORIZON_IMMEDIATE.search(text):
        return "immediate"
    if lx.HORIZON_LONG.search(text):
        return "long_term"
    return "short_term"


_FIRST_PERSON: tuple[tuple[re.Pattern[str], str], ...] = (
    # "I'll / we should / let me add …" -> "Add …": the owner column says who, the text says what.
    (
        re.compile(
            r"^(?:(?:i|we)(?:'ll| will| should| need to| must|'m going to| am going to| are going to)|let me|"
            r"let'?s|i'?d like to|(?:i|we)(?:'ll| will) go)\s+",
            re.I,
        ),
        "",
    ),
    # "the password I pasted" -> "the password pasted in the channel": what happened, not who did it.
    (re.compile(r"\s+(?:that |which )?(?:i|we) (?P<v>pasted|posted|shared|dropped)\b", re.I), r" \g<v> in the channel"),
    (re.compile(r"\s+(?:that |which )?(?:i|we) (?P<v>\w+ed|made|wrote|built|set|ran|put|took)\b", re.I), r" \g<v>"),
    (re.compile(r"\b(?:my|our) own\b", re.I), "its own"),
    (re.compile(r"\b(?:my|our)\b", re.I), "the"),
    (re.compile(r"\s*\b(?:myself|ourselves)\b", re.I), ""),
    (re.compile(r"\b(?:ping|tell|ask|cc) me\b", re.I), "notify the owner"),
)


def impersonal(task: str) -> str:
    """An action item worded as the work, not as one person's promise ("I'll rotate my key" ->
    "Rotate the key"): the review reads it as a commitment of the team, with the owner beside it."""
    for pattern, replacement in _FIRST_PERSON:
        task = pattern.sub(replacement, task)
    return re.sub(r"\bin the channel (?:earlier|above|before)\b", "in the channel", task)


def tidy(task: str) -> str:
    """An item's words as the work: owner words dropped, first person made impersonal, capitalised."""
    task = lx.OWNER_TAIL.sub("", " ".join(task.split())).strip(" :-—–.,")
    task = impersonal(task).strip(" :-—–.,")
    return task[:1].upper() + task[1:]
