"""The incident's severity as the channel sets it: SEV1, sev-2, P1, "major incident", later changes winning.

A severity word is often only mentioned ("status updates during sev 1", "P1 case opened" for a
customer's ticket priority, items of an action list); those are not settings. A responder sets
one by declaring it ("declaring sev 2", "this is a sev-1", "I'm IC. P1.", "bumping to SEV1"); a
bot's page may carry one first ("— P1 —"). The first severity seen is kept until a responder, or
an incident tool creating the incident record, sets another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analysis import lexicon as lx
from bot.domain import Message

_RECORDED = re.compile(r"\b(?:created|declared|opened|raised|set (?:the )?severity to)\W{0,4}$", re.IGNORECASE)
"""An incident record created or its severity set, just before the severity ("INC-88 opened — SEV1")."""
_CONTEXT = 45
"""Characters before a severity word that decide whether it is set or only mentioned."""


@dataclass(frozen=True)
class SeverityStatement:
    label: str
    """Normalised: "SEV1".."SEV4" for sev words and "major incident", "P1".."P4" for priorities."""
    sets: bool
    """A responder set it (it replaces an earlier severity), rather than a bot or a passing mention."""


def _label(match: re.Match[str]) -> str:
    if match.group("sev") is not None:
        return f"SEV{max(1, int(match.group('sev')))}"
    if match.group("p") is not None:
        p = int(match.group("p")[1:])
        return f"P{max(1, p)}"
    return "SEV1"  # a declared major incident is the top severity in every scheme we know


_LEVELS = {"critical": 1, "major": 2, "high": 2, "medium": 3, "minor": 3, "low": 4}
"""A tool's level names on the SEV scale: critical/major/minor and critical/high/medium/low both start at SEV1."""


def severity_statement(message: Message) -> SeverityStatement | None:
    """The severity ``message`` gives the incident, or None when it only mentions one (or none).

    Slack markup around a severity ("*SEV1*", "`SEV-2`", "_sev1_") is read through, and an incident tool's
    field by level name ("severity *Major*") counts as that level.
    """
    for raw in message.text.splitlines():
        line = lx.SLACK_MARKUP.sub("", lx.SLACK_STRUCK.sub("", raw))
        if lx.LIST_ITEM.match(raw):
            continue  # action items and notes mention severities ("within 30 min of a sev1")
        found = _level_field(line, message)
        if found is not None:
            return found
        for match in lx.SEVERITY_TOKEN.finditer(line):
            before = line[max(0, match.start() - _CONTEXT) : match.start()]
            after = line[match.end() : match.end() + 12].lower()
            if after.lstrip().startswith(("case", "ticket")):
                continue
            declared = bool(lx.SEVERITY_DECLARATION.search(before))
            if not declared and lx.SEVERITY_MENTION_ONLY.search(before):
                continue
            if message.is_bot:
                # An incident tool creating the incident record sets its severity; an alert's own
                # priority ("[SEV3 alert] disk 91%") is only the first guess.
                recorded = bool(_RECORDED.search(before) or lx.INCIDENT_OPENED.search(message.text))
                return SeverityStatement(label=_label(match), sets=recorded)
            return SeverityStatement(label=_label(match), sets=declared)
    return None


def fold_severity(current: str | None, message: Message) -> str | None:
    """The severity after ``message``: the first one seen, replaced only when a responder sets another."""
    found = severity_statement(message)
    if found is None:
        return current
    if current is None or found.sets:
        return found.label
    return current


def _level_field(line: str, message: Message) -> SeverityStatement | None:
    """A severity given by level name in a field ("Severity: Major"), set by a tool opening the record or by a
    responder filling the field in; a level named without the field's colon by a person is only talk."""
    match = lx.SEVERITY_FIELD.search(line)
    if match is None or line[match.end() : match.end() + 2].lstrip().startswith("?"):
        return None
    before = line[max(0, match.start() - _CONTEXT) : match.start()]
    if lx.SEVERITY_MENTION_ONLY.search(before):
        return None
    label = f"SEV{_LEVELS[match.group('level').lower()]}"
    if message.is_bot:
        return SeverityStatement(label=label, sets=bool(lx.INCIDENT_OPENED.search(message.text)))
    if match.group("colon"):
        return SeverityStatement(label=label, sets=True)
    return None
