"""Internal words into customer words: the offline engine's translation rules and phrase book.

The offline engine cannot paraphrase the way a model does, so it translates mechanically: a
service name becomes "the search service", a deploy number "a recent software change", a
status code a plain phrase; what it cannot translate is left for the checks to flag. The phrase
book holds every sentence the templates use, in two tones (``formal`` for procurement and
leadership readers, ``plain`` for a status page audience).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.domain import RcaTone

_RULES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"\b(?:deploy|deployment|release|PR)\s*#?\s*\d+('s)?", re.I), r"a recent software change\1"),
    (re.compile(r"(?<![\w&])#\d{2,}\b"), "a recent change"),
    (re.compile(r"\b[A-Z][A-Z0-9]{1,9}-\d{1,7}\b"), ""),
    (re.compile(r"\bv\d+\.\d+(?:\.\d+)?\b"), "an earlier version"),
    (
        re.compile(
            r"\b([a-z]+)(?:-[a-z0-9]+)*-(?:api|svc|service|gateway|gw|worker|proxy|backend|frontend|daemon)"
            r"(?:-[a-z0-9]+)*\b",
            re.I,
        ),
        lambda m: f"the {m.group(1).lower()} service",
    ),
    (
        re.compile(r"\b([a-z]+)(?:-[a-z0-9]+)*-(?:db|cache|queue|cluster|relay)(?:-[a-z0-9]+)*\b", re.I),
        lambda m: f"the {m.group(1).lower()} systems",
    ),
    (re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"), "an internal server"),
    (
        re.compile(r"\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:internal|local|lan|corp|svc)\b", re.I),
        "an internal server",
    ),
    (re.compile(r"`[^`]+`|\b[a-z][a-z0-9]*_[a-z0-9_]+\b"), "a configuration setting"),
    (re.compile(r"\b429s\b"), "rate-limit rejections"),
    (re.compile(r"\b429\b"), "rate-limit rejection"),
    (re.compile(r"\b5xx(?: errors?)?\b", re.I), "server errors"),
    (re.compile(r"\bp99(?: latency)?\b", re.I), "response time"),
    (re.compile(r"\s*\((?:ticket|see)?\s*\)"), ""),
    (re.compile(r"\s{2,}"), " "),
)


def plain(text: str) -> str:
    """``text`` with internal identifiers replaced by plain words (what cannot be replaced stays)."""
    out = text.strip()
    for pattern, replacement in _RULES:
        out = pattern.sub(replacement, out)
    out = out.strip(" ,;:—-")
    if out and out[0].islower():
        out = out[0].upper() + out[1:]
    if out and out[-1] not in ".!?":
        out += "."
    return out


def clock_time(when: datetime) -> str:
    return f"{when:%H:%M} UTC"


def day(when: datetime) -> str:
    """``14 March 2026``: the calendar day in words (also added to the checks' source material)."""
    return f"{when.day} {when:%B %Y}"


def duration(delta: timedelta) -> str:
    minutes = round(delta.total_seconds() / 60)
    if minutes < 60:
        return f"{minutes} minutes"
    hours, rest = divmod(minutes, 60)
    unit = "hour" if hours == 1 else "hours"
    return f"{hours} {unit}" + (f" {rest} minutes" if rest else "")


PHRASES: dict[RcaTone, dict[str, str]] = {
    "formal": {
        "window": "On {day}, between {start} and {end} ({duration}), customers experienced degraded service.",
        "window_open": "Since {start} on {day}, customers have experienced degraded service.",
        "impact_unknown": "Some customers experienced errors or delays while using the service.",
        "t_start": "{time}: customers began to experience degraded service.",
        "t_detect_alert": "{time}: our monitoring alerted the engineering team and an investigation began.",
        "t_detect": "{time}: the problem was reported to the engineering team and an investigation began.",
        "t_update": "{time}: we published a status update ({phase}).",
        "t_mitigate": "{time}: service was restored for customers.",
        "t_resolve": "{time}: after a period of monitoring, the incident was closed.",
        "cause": "The engineering team confirmed the cause: {cause}",
        "cause_change": "The problem was introduced by a change to our software released at {time}, shortly "
        "before customers were affected.",
        "cause_unknown": "The root cause is under investigation.",
        "restored": "Service was fully restored at {time} on {day}.",
        "prevent_none": "Preventive measures are being defined and will be shared once engineering has "
        "committed to them.",
        "rollback": "Engineers reversed the change that caused the problem.",
        "capacity": "Engineers added capacity to the affected systems.",
        "restart": "Engineers restarted the affected components.",
        "failover": "Traffic was moved to standby systems.",
        "disable": "The affected feature was switched off.",
        "certificate": "An expired security certificate was renewed.",
        "backlog": "Delayed work was processed from the backlog.",
        "planned": " This is planned for {due}.",
    },
    "plain": {
        "window": "On {day}, from {start} to {end} ({duration}), our service had problems that affected customers.",
        "window_open": "Since {start} on {day}, our service has had problems that affect customers.",
        "impact_unknown": "Some customers saw errors or delays.",
        "t_start": "{time}: customers started to run into problems.",
        "t_detect_alert": "{time}: our monitoring alerted the team and we started investigating.",
        "t_detect": "{time}: the problem was reported to us and we started investigating.",
        "t_update": "{time}: we posted a status update ({phase}).",
        "t_mitigate": "{time}: the service was working again for customers.",
        "t_resolve": "{time}: we watched the service for a while and then closed the incident.",
        "cause": "We confirmed what caused it: {cause}",
        "cause_change": "A change to our software released at {time}, shortly before the problems started, "
        "introduced the issue.",
        "cause_unknown": "The root cause is under investigation.",
        "restored": "The service was fully working again at {time} on {day}.",
        "prevent_none": "We are still working out the fixes and will share them once we have committed to them.",
        "rollback": "We undid the change that caused the problem.",
        "capacity": "We added capacity to the affected systems.",
        "restart": "We restarted the affected parts of the service.",
        "failover": "We moved traffic to backup systems.",
        "disable": "We switched off the affected feature.",
        "certificate": "We renewed an expired security certificate.",
        "backlog": "We worked through the backlog of delayed work.",
        "planned": " Planned for {due}.",
    },
}

MITIGATIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rollback", re.compile(r"\broll(?:ed|ing)?[ -]?back\b|\brevert", re.I)),
    (
        "certificate",
        re.compile(r"\bcert(?:ificate)?s?\b.*\b(?:renew|rotat|replac)|\b(?:renew|replac)\w* .*\bcert", re.I),
    ),
    ("failover", re.compile(r"\bfail(?:ed|ing)?[ -]?over\b", re.I)),
    (
        "capacity",
        re.compile(r"\bscal(?:e|ed|ing)\b|\bcapacity\b|\bnode type\b|\badd(?:ed|ing)? (?:nodes|instances)", re.I),
    ),
    ("restart", re.compile(r"\brestart|\bbounc(?:e|ed|ing)\b|\brecycl", re.I)),
    ("disable", re.compile(r"\bdisabl|\bfeature flag\b|\bturn(?:ed)? off\b|\bswitch(?:ed)? off\b", re.I)),
    ("backlog", re.compile(r"\b(?:drain|flush|requeue|replay)\w*\b|\bbacklog\b", re.I)),
)
"""What a mitigation message did, in the phrase book's words (first match wins)."""

UPDATE_PHRASES: dict[str, dict[str, str]] = {
    "Investigating": {
        "impact": "Some customers are experiencing errors or delays.",
        "doing": "Our engineers are investigating the cause.",
    },
    "Identified": {
        "impact": "Some customers are experiencing errors or delays.",
        "doing": "We have identified the cause and are working on a fix.",
    },
    "Monitoring": {
        "impact": "Service has been restored for customers.",
        "doing": "A fix is in place and we are monitoring the results.",
    },
    "Resolved": {
        "impact": "Customers are no longer affected.",
        "doing": "The issue is resolved and the service is operating normally.",
    },
}

NOT_DONE = re.compile(r"\b(?:rather than|instead of|not)\b.*$", re.I)
"""The part of a decision that names what was *not* done ("renew the cert rather than failing over")."""
