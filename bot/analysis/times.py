"""When impact began, when it was detected and acknowledged, read from how responders and bots say it.

Responders state a start in many forms: a clock time after a start word ("since about 14:05",
"began at 09:12 UTC", "first 5xx at 11:44", "down from 06:00 UTC", "around 2pm PT", "started 13:54
eastern"), a time relative to the page ("started ~20 min before the page", "two minutes before the
alert"), or relative to the message itself ("for the last half hour", "since 45 min ago"). A clock
time in a named zone is converted to UTC with that zone's daylight-saving rule on the message's
date. Detection comes from pages, alerts and support tickets or cases posted by bots; an
acknowledgement from a paging bot's "acknowledged by" or the first responder who acks, joins or
takes the incident command.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from bot.analysis import lexicon as lx
from bot.domain import Message

MAX_LOOKBACK = timedelta(hours=24)
"""A stated start further back than this from its message is not about this incident's impact
(a "for the timeline" note the next morning still is)."""


# -- time zones --------------------------------------------------------------------------------------


def _nth_sunday(year: int, month: int, n: int) -> date:
    """The n-th Sunday of a month (n = -1: the last one)."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def _us_summer(day: date) -> bool:
    """US daylight time: second Sunday of March to first Sunday of November."""
    return _nth_sunday(day.year, 3, 2) <= day < _nth_sunday(day.year, 11, 1)


def _eu_summer(day: date) -> bool:
    """EU summer time: last Sunday of March to last Sunday of October."""
    return _nth_sunday(day.year, 3, -1) <= day < _nth_sunday(day.year, 10, -1)


def zone_offset(zone: str, day: date) -> timedelta | None:
    """UTC offset of a zone named in chat ("PT", "eastern", "CET", "UTC") on ``day``; None if unknown.

    Generic names ("PT", "pacific") follow daylight saving; explicit ones ("PST", "PDT") do not.
    The rules are written out instead of read from the system's tz database so the result does
    not depend on the machine.
    """
    name = zone.lower().rstrip(".")
    fixed: dict[str, float] = {
        "utc": 0,
        "gmt": 0,
        "z": 0,
        "pst": -8,
        "pdt": -7,
        "mst": -7,
        "mdt": -6,
        "cst": -6,
        "cdt": -5,
    }
    fixed |= {"est": -5, "edt": -4, "bst": 1, "cest": 2, "ist": 5.5, "jst": 9, "aest": 10, "sgt": 8}
    fixed |= {"aedt": 11, "acst": 9.5, "acdt": 10.5, "awst": 8, "nzst": 12, "nzdt": 13, "hkt": 8, "kst": 9}
    fixed |= {"sast": 2, "msk": 3, "eest": 3, "wib": 7, "ict": 7, "brt": -3, "art": -3, "hst": -10, "akst": -9}
    if name in fixed:
        return timedelta(hours=fixed[name])
    us = {"pt": -8, "pacific": -8, "mt": -7, "mountain": -7, "ct": -6, "central": -6, "et": -5, "eastern": -5}
    if name in us:
        return timedelta(hours=us[name] + _us_summer(day))
    eu = {"cet": 1, "wet": 0, "eet": 2}
    if name in eu:
        return timedelta(hours=eu[name] + _eu_summer(day))
    return None


# -- stated start times ------------------------------------------------------------------------------

_ZONE = (
    r"utc|gmt|z|pst|pdt|pt|pacific|mst|mdt|mt|mountain|cst|cdt|ct|central|est|edt|et|eastern|"
    r"bst|cet|cest|wet|eet|eest|ist|jst|aest|aedt|acst|acdt|awst|nzst|nzdt|hkt|kst|sgt|sast|msk|wib|ict|brt|art|hst|akst"
)
_DAY_BEFORE = r"yesterday|last night|the (?:night|day|evening) before|(?:yesterday|last) (?:morning|evening|afternoon)"
"""A relative day said with a clock time ("10:45 UTC last night", "at 23:10 yesterday")."""
_CLOCK = (
    r"(?P<h>2[0-3]|[01]?\d)(?!\d)(?::(?P<m>[0-5]\d)(?::[0-5]\d)?)?\s*(?P<ampm>[ap]\.?m\.?)?"
    rf"(?:\s*(?P<local>local(?:\s+time)?|our time|my time)?\s*\(?(?P<zone>(?:{_ZONE})\b\.?)\)?"
    r"|\s*(?P<bare_local>local(?:\s+time)?|our time|my time)\b)?(?:\s+(?:time|today|this morning))?"
    rf"(?:\s*,?\s*\b(?P<day>{_DAY_BEFORE}))?"
)
"""A clock time, with its zone when named ("14:05 UTC", "2pm PT", "23:40 local (NZDT)"); "local" or "our time"
without a zone name cannot be placed (the export does not say where the team is)."""
_CONVERTED = re.compile(
    r"^[^.\n]{0,12}?\b(?:so|i\.?e\.?|which is|aka|=|→|->)\s*~?\s*"
    r"(?P<h>2[0-3]|[01]?\d)(?!\d):(?P<m>[0-5]\d)\s*(?P<ampm>)(?P<zone>utc|gmt|z)\b",
    re.IGNORECASE,
)
"""The same moment restated in UTC right after a local time ("7:15 pm our time, i.e. 09:15 UTC")."""
_START_WORDS = (
    r"since|start(?:s|ed|ing)?(?: (?:at|around|about))?|began|begun|beginning|kicked off|"
    r"first (?:\w+[ -]?){1,3}?(?:at|around)|"
    r"(?:bends?|jump(?:s|ed)?|spik(?:es|ed)|climb(?:s|ed)|step(?:s|ped)?) up (?:at|around)|"
    r"(?:drop(?:s|ped)?|fell|falls?) (?:off )?(?:a cliff )?(?:at|around)|"
    r"(?:went|goes|going) (?:down|dark|offline|away|red|hard down) (?:at|around)|"
    r"(?:down|broken|failing|impact(?:ed)?|outage) (?:from|since)|impact(?: window)?:?|"
    r"impact(?:ed)? start(?:ed)?|start(?:ed)? of (?:the )?(?:impact|outage|incident)"
)
_LABEL = re.compile(
    r"(?:^|[\n•*;(]|[.!?:,-]\s|\bfor the (?:timeline|record|pm|post-?mortem|doc)\W*)\s*\W{0,3}\s*$", re.IGNORECASE
)
"""What stands before a start used as a label ("Start ~14:45 UTC", "• impact start: 09:10"): the start of a
line, a list item or a sentence, or a note for the record."""
_LABEL_CUE = re.compile(r"^(?:impact(?:ed)? )?start(?:ed)?(?: of (?:the )?(?:impact|outage|incident))?$", re.IGNORECASE)
STATED_START = re.compile(
    rf"\b(?P<cue>{_START_WORDS})\s*[:=]?\s*(?:(?P<pre_day>{_DAY_BEFORE})\s*)?(?:at|around|about|from)?\s*"
    rf"(?:about|around|approx(?:imately)?|roughly|~|≈)?\s*~?\s*{_CLOCK}",
    re.IGNORECASE,
)
"""A start word followed by a clock time ("since ~14:05", "began at 09:12 UTC", "around 2pm PT")."""

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "couple of": 2,
    "few": 3,
}
_AMOUNT = r"(?P<n>~?\s*\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r"|half an?)"
_UNIT = r"(?P<unit>min(?:ute)?s?|m\b|h(?:ou)?rs?|h\b|hours?)"
BEFORE_SIGNAL = re.compile(
    rf"\b(?:start(?:ed|s)?|began|first [\w ]{{1,30}}?(?:at|was|were|came)?|impact[\w ]{{0,20}}?)?[^.\n]{{0,60}}?"
    rf"(?:about |around |roughly )?{_AMOUNT}\s*{_UNIT}\s+(?:before|prior to|ahead of) the "
    r"(?:first )?(?:page|alert|pager|ticket|report|call)\b",
    re.IGNORECASE,
)
"""A start relative to the first page or alert ("started ~20 min before the page")."""
_BEFORE_SIGNAL_CUE = re.compile(r"(?:before|prior to|ahead of) the ", re.IGNORECASE)
"""What every ``BEFORE_SIGNAL`` match contains: its lazy 60-character scan runs at every position
of a text, so a text without the cue (nearly all) is not scanned at all."""
AGO = re.compile(
    rf"\b(?P<cue>since|start(?:ed|s)?|began|for the (?:last|past))\s*(?:about |around |roughly )?"
    rf"(?:{_AMOUNT}\s*{_UNIT}(?:\s+ago)?|(?P<half>half (?:an )?hour)|(?P<hour>hour))",
    re.IGNORECASE,
)
"""A start relative to the message itself ("since 45 min ago", "for the last half hour")."""
_ONGOING = re.compile(r"\b(?:been|\w+ing|down|broken|out|stuck)\b[^.,;\n]{0,30}$", re.IGNORECASE)
"""A state that has lasted ("have been failing", "checkout down") before "for the last …"."""
_NOT_IMPACT = re.compile(
    r"\b(?:healthy|fine|normal|stable|green|recovered|back|reverted|restored|fixed|clean|quiet|"
    r"deploy(?:ed)?|release[ds]?|rolled|published|upgrade|handover|IC|update due|next update|eta)\b"
    r"[^.\n]{0,25}$",
    re.IGNORECASE,
)
"""Words just before a start cue that make it about recovery, a change or a schedule, not impact."""
_TALLIED = re.compile(
    r"(?<!\bno )(?<!\bzero )(?:"
    r"\b(?:changes?|writes?|edits?|commits?|deploy(?:s|ments?)|releases|backups?|snapshots?|registrations?|"
    r"sign-?ups|rows|records|entries|uploads|tickets?|data)"
    r"|(?<![\w.:])(?<!\bon )(?<!\bin )(?<!\bat )(?<!\bof )(?<!\bfor )(?<!\bacross )(?!0\s)\d[\d,.]*k?\s+"
    r"(?:[a-z-]+\s+){0,2}?(?!(?:errors|failures|timeouts|exceptions|crashes)\b)[a-z-]+s)"
    r"\s+$",
    re.IGNORECASE,
)
"""What stands just before "since" when it counts or names changed things ("9 new tickets since 19:00",
"writes since 03:00 are lost", "data since the 02:00 snapshot"): the time opens a tally or a window of
data, not the impact. "no orders since 14:05" (nothing arrives any more) and "errors on 3 hosts since 14:05" (the
number counts the scope hit, after a preposition) are still impact."""


def _amount(raw: str, unit: str) -> timedelta:
    raw = raw.strip().lstrip("~").strip().lower()
    if raw.startswith("half"):
        value = 0.5
    elif raw in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[raw])
    else:
        value = float(raw)
    return timedelta(hours=value) if unit.lower().startswith("h") else timedelta(minutes=value)


NIGHT_GAP = timedelta(hours=6)
"""A clock time said with "yesterday" or "last night" that reads, on the message's own day, as less than this
long ago is moved back a day ("at 23:10 yesterday" said at 23:40); further back it is kept, because the
speaker may be in another zone than the one named ("10:45 UTC last night" said by a team in UTC+12)."""
MAX_DAY_BEFORE_LOOKBACK = timedelta(hours=48)
"""How far back a start stated with a relative day may lie."""


def _clock_time(match: re.Match[str], said_at: datetime) -> datetime | None:
    """The UTC instant of a stated clock time, on the message's day (or the day before, or the one it names)."""
    hour = int(match.group("h"))
    minute = int(match.group("m") or 0)
    ampm = (match.group("ampm") or "").replace(".", "").lower()
    if not match.group("m") and not ampm:
        return None  # "since 2" is not a time
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    zone = (match.group("zone") or "utc").rstrip(".")
    offset = zone_offset(zone, said_at.date())
    if offset is None:
        return None
    local_now = said_at + offset
    local = local_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if local > local_now + timedelta(minutes=5):
        local -= timedelta(days=1)  # a 00:10 message saying "since 23:50"
    elif (
        (day := _day_before(match))
        and local.date() == local_now.date()
        and local_now - local < NIGHT_GAP
        and ("night" not in day or not 6 <= hour < 18)  # "10:45 UTC last night": night where the team is
    ):
        local -= timedelta(days=1)
    return (local - offset).astimezone(UTC)


def _day_before(match: re.Match[str]) -> str:
    """The relative day said with a clock time ("yesterday", "last night"), lower-cased; "" when none."""
    groups = match.groupdict()
    return str(groups.get("day") or groups.get("pre_day") or "").lower()


def stated_start(message: Message, *, signal: datetime | None = None) -> datetime | None:
    """The earliest start of impact that ``message`` states, or None.

    Args:
        signal: when the first page or alert came, for starts stated relative to it.
    """
    text = " ".join(message.text.split())
    said_at = message.time
    found: list[datetime] = []
    labelled: list[datetime] = []
    for match in STATED_START.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if _NOT_IMPACT.search(before):
            continue
        cue = match.group("cue")
        if cue.lower() == "since" and _TALLIED.search(before):
            continue
        if match.group("bare_local"):
            converted = _CONVERTED.search(text[match.end() : match.end() + 60])
            when = _clock_time(converted, said_at) if converted else None
        else:
            when = _clock_time(match, said_at)
        if when is None:
            continue
        if _day_before(match) and said_at - when > MAX_LOOKBACK:
            if said_at - when <= MAX_DAY_BEFORE_LOOKBACK:
                labelled.append(when)  # a day named with the time: as firm as a label
            continue
        if _LABEL_CUE.match(cue) and _LABEL.search(before):
            labelled.append(when)
        found.append(when)
    stated = [w for w in labelled if timedelta(0) <= said_at - w <= MAX_DAY_BEFORE_LOOKBACK]
    if stated:
        return min(stated)  # "Start 14:45 UTC" is the start the speaker means, whatever else the text times
    anchor = signal or said_at
    relative = not found and _BEFORE_SIGNAL_CUE.search(text) is not None  # a clock time is more precise
    for match in BEFORE_SIGNAL.finditer(text if relative else ""):
        found.append(anchor - _amount(match.group("n"), match.group("unit")))
    if not message.is_bot:  # a ticket's "since an hour ago" is the customer's rough guess
        for match in AGO.finditer(text):
            if match.group("cue").lower().startswith("for") and not _ONGOING.search(text[: match.start()]):
                continue  # "p99 for the last hour" names a graph's window, not how long it has been broken
            if match.group("half"):
                found.append(said_at - timedelta(minutes=30))
            elif match.group("hour"):
                found.append(said_at - timedelta(hours=1))
            else:
                found.append(said_at - _amount(match.group("n"), match.group("unit")))
    plausible = [w for w in found if timedelta(0) <= said_at - w <= MAX_LOOKBACK]
    return min(plausible) if plausible else None


STATED_END = re.compile(
    rf"\b(?:at|as of|stop(?:s|ped)|end(?:s|ed))\s*(?:about |around |approx(?:imately)? |roughly )?~?\s*{_CLOCK}",
    re.IGNORECASE,
)
"""A moment stated with a recovery ("normal again at 14:10", "impact stopped as of 09:55", "impact ends ~14:18")."""
STATED_RECOVERED_AT = re.compile(
    rf"\b(?:healthy|normal(?:ly)?|stable|working|fine|green|online|available|reachable|restored|recovered)\b"
    rf"[^.;!?\n]{{0,30}}?(?:\b(?:since|at|as of)\s*(?:about |around |approx(?:imately)? |roughly )?~?|~)\s*{_CLOCK}",
    re.IGNORECASE,
)
"""A good state reached at or held since a moment ("restored at 18:48", "healthy since 09:16", "working
normally since 14:05 UTC"): the moment impact stopped. A bare "since 14:10" after a symptom is a start, read by
``stated_start``."""
MAX_END_LOOKBACK = timedelta(hours=3)
"""A stated end of impact further back than this from its message is about something else."""
MIN_END_LAG = timedelta(minutes=2)
"""A stated end closer to its message than this adds nothing: the message's own time is more precise than a
clock time given to the minute."""


def stated_end(sentence: str, said_at: datetime) -> datetime | None:
    """When impact stopped, as a sentence reporting the recovery states it; None when it states no time.

    Only a time at least two minutes before the message counts ("normal again at 14:10" said at 14:30), so a plan
    ("cut over at 16:00") or an ETA is never taken for a past recovery.
    """
    return next(iter(_clocks_back(sentence, said_at, (STATED_END,), MIN_END_LAG, MAX_END_LOOKBACK)), None)


def _clocks_back(
    text: str, said_at: datetime, patterns: Sequence[re.Pattern[str]], least: timedelta, most: timedelta
) -> list[datetime]:
    """The clock times ``patterns`` find in ``text`` (in the patterns' order, then the text's) that lie
    between ``least`` and ``most`` before ``said_at``: what a sentence says already happened."""
    flat = " ".join(text.split())
    return [
        when
        for pattern in patterns
        for match in pattern.finditer(flat)
        if (when := _clock_time(match, said_at)) is not None and least <= said_at - when <= most
    ]


_WINDOW_START = r"~?\s*(?:2[0-3]|[01]?\d):[0-5]\d(?:\s*(?!to\b|and\b|till\b|until\b)[a-z]{1,5}\b)?"
_WINDOW_TO = r"\s*(?:–|—|-{1,2}>?|→|to|until|till|through)\s*~?\s*"
IMPACT_WINDOW = re.compile(
    r"\b(?:(?:customer|user)[- ])?(?:impact(?:ed)?|outage|downtime|disruption)(?: windows?)?"
    r"(?: is| was| were| lasted| ran)?"
    r"(?: (?:roughly|about|around|approx(?:imately)?))?(?: of impact)?\s*[:=]?\s*"
    rf"(?:from\s*|between\s*)?{_WINDOW_START}(?:{_WINDOW_TO}|\s+and\s+){_CLOCK}",
    re.IGNORECASE,
)
"""An impact window stated as two clock times ("impact 14:44–19:15 UTC", "outage from 09:02 to 10:40",
"impact 18:24 -> 01:21 utc"): the second is when impact stopped."""
_WINDOW_WORD = re.compile(r"impact|outage|downtime|disruption", re.IGNORECASE)
"""The words every IMPACT_WINDOW match contains: a cheap test before the scan."""
_MORE_WINDOW = re.compile(rf"[^.;\n]*?\b(?:and|,)\s*{_WINDOW_START}{_WINDOW_TO}{_CLOCK}", re.IGNORECASE)
"""A further window in the same sentence ("two windows of impact: 19:13–19:23 and 19:26–19:42")."""
_MOSTLY_BACK_BY = re.compile(
    r"\b(?:most|nearly all|almost all|the bulk|majority)\b[^.;\n]{0,40}?\b(?:back|restored|recovered|green|normal|fine)"
    rf"\s+(?:by|at|around|as of)\s*~?\s*{_CLOCK}",
    re.IGNORECASE,
)
"""Most of what was hit back at a time the recap gives ("most regions back by 09:00"): impact greatly reduced,
which is the mitigation even when the window runs on for the tail."""


def stated_impact_end(text: str, said_at: datetime) -> datetime | None:
    """When impact stopped, as a recap's impact window states it: the latest window end in ``text``, not in
    the future and at most ``MAX_LOOKBACK`` back, or the earlier moment the same recap says most of it was
    back. A recap names the window the team agreed on, so it is worth more than the moment the channel first
    read a recovery, earlier or later."""
    if ":" not in text or _WINDOW_WORD.search(text) is None:
        return None  # most messages: no window to read, and IMPACT_WINDOW is a slow scan
    flat = " ".join(text.split())
    ends: list[datetime] = []
    for match in IMPACT_WINDOW.finditer(flat):
        found = [match]
        while (more := _MORE_WINDOW.match(flat, found[-1].end())) is not None:
            found.append(more)
        ends.extend(
            when
            for m in found
            if (when := _clock_time(m, said_at)) is not None and timedelta(0) <= said_at - when <= MAX_LOOKBACK
        )
    if not ends:
        return None
    end = max(ends)
    mostly = [
        when
        for m in _MOSTLY_BACK_BY.finditer(flat)
        if (when := _clock_time(m, said_at)) is not None and when < end and said_at - when <= MAX_LOOKBACK
    ]
    return min(mostly) if mostly else end


_AT_CLOCK = re.compile(
    rf"\b(?:since|at|as of|from)\s*(?:about |around |approx(?:imately)? |roughly )?~?\s*{_CLOCK}", re.IGNORECASE
)


def stated_moment(text: str, said_at: datetime) -> datetime | None:
    """The first moment ``text`` gives with "since / at / as of" ("impact over since 10:20"), not in the
    future and at most ``MAX_LOOKBACK`` back."""
    return next(iter(_clocks_back(text, said_at, (_AT_CLOCK,), timedelta(0), MAX_LOOKBACK)), None)


def stated_recovery(sentence: str, said_at: datetime) -> datetime | None:
    """When impact stopped, as a later recap states it: "restored at 18:48" or "healthy since 09:16".

    Like ``stated_end`` but also reads a good state held since a clock time; the earliest such moment
    in the sentence, at least two minutes and at most ``MAX_END_LOOKBACK`` before the message.
    """
    found = _clocks_back(sentence, said_at, (STATED_END, STATED_RECOVERED_AT), MIN_END_LAG, MAX_END_LOOKBACK)
    return min(found, default=None)


# -- detection and acknowledgement -------------------------------------------------------------------


def is_detection_signal(message: Message) -> bool:
    """A bot's page, firing alert, or new support ticket/case: the incident was noticed."""
    return (
        message.is_bot
        and bool(lx.DETECTION_SIGNAL.search(message.text))
        and not lx.RECOVERY_SIGNAL.search(message.text)
    )


def is_acknowledgement(message: Message) -> bool:
    """A paging bot's "acknowledged by", or a responder who acks, joins or takes command."""
    if message.is_bot:
        return bool(lx.ACK_SIGNAL.search(message.text))
    return bool(lx.HUMAN_ACK.search(message.text))
