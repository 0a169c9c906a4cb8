"""The checks every customer-facing sentence passes, whichever engine wrote it.

A status update or an external RCA goes outside the company, so it must not carry what only
responders should read: a person's name or handle, an internal host, an IP address, a ticket,
deploy or PR id, a redaction placeholder, or a code-shaped identifier. It must not promise what
engineering has not committed to ("guarantee", "will never", "fully deployed within" with no
action item that has an owner and a due date behind it), and it must not present a guess as a
cause. One module runs on the offline engine's and Claude's output alike, so neither is trusted.

Each check returns ``Flag`` values (a kind and a short reason that never quotes the matched
person's name in full, so the punch-list itself stays shareable).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from bot.analysis.customer_words import clock_time, day
from bot.domain import UNKNOWN, ActionItem, Postmortem, Rca, Statement, StatusUpdate

FlagKind = Literal["person", "internal_id", "commitment", "speculation", "unconfirmed_cause", "date"]

# Mentions and handles: <@U123>, <@U123|name>, @name.
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>|(?<![\w.])@[a-z0-9][\w.-]{1,40}", re.I)
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_IPV6 = re.compile(r"\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b", re.I)
_PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]+_\d+>|\b(?:IP|PERSON|EMAIL|PHONE)_\d+\b")
_HOST = re.compile(
    r"\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:internal|local|lan|corp|intra|svc|cluster\.local|priv)\b"
    r"|\b(?:ip|db|rds|redis|pg|mysql|kafka|node|host|srv|web|api|app|smtp|mx|relay|k8s|worker)-[a-z0-9-]*\d[a-z0-9-]*\b",
    re.I,
)
_TICKET = re.compile(r"\b[A-Z][A-Z0-9]{1,9}-\d{1,7}\b")  # OPS-2231, INC-9131 (upper case only)
_NUMBERED = re.compile(
    r"(?<![\w&])#\d{2,}\b"  # #2093 (PR, deploy, incident numbers)
    r"|\b(?:deploy|deployment|release|build|pr|ticket|incident|change|cr|jira)\s*(?:id\s*)?#?\s*\d{3,}\b"
    r"|\bv\d+\.\d+(?:\.\d+)?\b"  # version strings are internal release ids
    r"|\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b",  # commit hashes
    re.I,
)
_CODE = re.compile(
    r"`[^`]+`|\b[a-z][a-z0-9]*_[a-z0-9_]+\b|\b[a-z]+(?:[A-Z][a-z0-9]+)+\b"  # snake_case, camelCase
    r"|(?i:\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:api|svc|service|gateway|gw|worker|proxy|db|cache|queue|relay|cluster|"
    r"node|pod|prod|staging|canary|internal|backend|frontend|daemon|cron|job)\b)",
)
_COMMITMENT = re.compile(
    r"\bguarantee[sd]?\b|\bwill never\b|\bnever (?:again|happen)\b|\bfully deployed within\b"
    r"|\bwithin \w+ (?:days|weeks|months)\b|\b100\s?%"
    r"|\bensure[sd]? (?:that )?(?:this|it) (?:cannot|can't|won't|will not)\b"
    r"|\bno (?:further|future) (?:outages|incidents)\b|\bpermanently (?:fixed|resolved|prevent)",
    re.I,
)
_SPECULATION = re.compile(
    r"\b(?:may|might|could) have\b|\bpossibly\b|\bprobably\b|\blikely\b|\bwe (?:suspect|believe|think)\b|"
    r"\bappears? to\b|\bseems? to\b|\bperhaps\b|\bpresumably\b",
    re.I,
)
_UNDER_INVESTIGATION = re.compile(r"\bunder investigation\b|\bnot yet (?:known|confirmed)\b", re.I)
_DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b(?:Q[1-4]|H[12])(?:\s+\d{4})?\b|"
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?\b|"
    r"\b\d{1,2}(?:st|nd|rd|th)? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\b|"
    r"\b(?:by|before|until) (?:the )?(?:end of|next) \w+\b",
)
"""Calendar dates and deadlines a sentence may state (times of day are not dates)."""


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    reason: str

    def line(self) -> str:
        return f"{self.kind.replace('_', ' ')}: {self.reason}"


def _people_pattern(people: Iterable[str]) -> re.Pattern[str] | None:
    words: set[str] = set()
    for raw in people:
        person = raw.strip()
        if len(person) < 3 or person.lower() in _NOT_NAMES:
            continue
        words.add(person)
        parts = [p for p in re.split(r"[\s._]+", person) if len(p) >= 3 and p.lower() not in _NOT_NAMES]
        words.update(parts)
    if not words:
        return None
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I)


_NOT_NAMES = frozenset(
    {"support", "team", "oncall", "on-call", "sitrep", "someone", "bot", "app", "the", "and", "ops", "admin", "user"}
)


def _initials(name: str) -> str:
    """A person's name as initials, so the flag itself does not repeat the name."""
    return "".join(p[0].upper() + "." for p in name.split() if p) or "?"


def identity_flags(text: str, people: Iterable[str] = ()) -> list[Flag]:
    """Names, handles, hosts, IPs, ticket/deploy/PR ids, placeholders and code identifiers in ``text``."""
    found: list[Flag] = []
    pattern = _people_pattern(people)
    if pattern is not None:
        for m in pattern.finditer(text):
            found.append(Flag("person", f"names a person ({_initials(m.group(0))})"))
            break
    if _MENTION.search(text):
        found.append(Flag("person", "a Slack mention or @handle"))
    for regex, what in (
        (_PLACEHOLDER, "a redacted value"),
        (_IPV4, "an IP address"),
        (_IPV6, "an IP address"),
        (_HOST, "an internal host name"),
        (_TICKET, "a ticket or incident id"),
        (_NUMBERED, "a deploy, PR, version or commit id"),
        (_CODE, "an internal service name or code identifier"),
    ):
        hit = regex.search(text)
        if hit is not None:
            found.append(Flag("internal_id", f"{what} ({hit.group(0)!r})" if what != "a redacted value" else what))
    return found


def commitment_flags(text: str, *, backed: bool) -> list[Flag]:
    """A promise ("guarantee", "will never", "fully deployed within", a deadline) with no backing action item."""
    if backed:
        return []
    out: list[Flag] = []
    m = _COMMITMENT.search(text)
    if m is not None:
        out.append(
            Flag("commitment", f"{m.group(0)!r} without a postmortem action item (owner and due date) behind it")
        )
    return out


def speculation_flags(text: str) -> list[Flag]:
    """Hedged causes ("may have", "likely") and causes stated as still under investigation."""
    out: list[Flag] = []
    if _UNDER_INVESTIGATION.search(text):
        out.append(Flag("unconfirmed_cause", "the cause is not confirmed in the postmortem; confirm or keep as is"))
    m = _SPECULATION.search(text)
    if m is not None:
        out.append(Flag("speculation", f"{m.group(0)!r} reads as a guess; state only confirmed facts"))
    return out


def dates_in(text: str) -> list[str]:
    """Calendar dates and deadlines stated in ``text``."""
    return [m.group(0) for m in _DATE.finditer(text)]


def ungrounded_dates(text: str, material: str) -> list[str]:
    """Dates in ``text`` that the source ``material`` (postmortem, incident times) never states."""
    known = material.lower()
    return [d for d in dates_in(text) if d.lower() not in known]


def check_statement(
    text: str, *, people: Iterable[str] = (), backed: bool = False, material: str | None = None
) -> list[Flag]:
    """Every check on one customer-facing statement.

    Args:
        people: names, display names and user ids of the channel's people.
        backed: the statement restates a postmortem action item with an owner and a due date.
        material: the source text (postmortem and incident times); dates not in it are flagged.
    """
    flags = [*identity_flags(text, people), *commitment_flags(text, backed=backed), *speculation_flags(text)]
    if material is not None:
        for date in ungrounded_dates(text, material):
            flags.append(Flag("date", f"{date!r} is not in the postmortem"))
    return flags


def is_clean(text: str, people: Iterable[str] = ()) -> bool:
    """No identity, commitment or speculation flag: safe to show a customer as written."""
    return not check_statement(text, people=people)


_TS_MARK = re.compile(r"\s*\(?\[ts [^\]]*\]\)?;?")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def sentences(text: str) -> list[str]:
    """Prose split into sentences, without the ``[ts …]`` citation marks of the drafts."""
    plain = _TS_MARK.sub("", text).strip()
    return [s.strip() for s in _SENTENCE.split(plain) if s.strip()]


def citations_of(text: str) -> tuple[str, ...]:
    """The ``[ts a, b]`` citations written inline in a draft's prose, in order."""
    out: list[str] = []
    for group in re.findall(r"\[ts ([^\]]*)\]", text):
        for part in group.split(","):
            ts = part.strip()
            if ts and ts not in out:
                out.append(ts)
    return tuple(out)


# -- whole documents ----------------------------------------------------------------------------------


def source_material(pm: Postmortem, updates: Iterable[StatusUpdate] = ()) -> str:
    """Everything a statement may take a date from: the postmortem and its times in words."""
    times = [pm.incident.started_at, pm.incident.detected_at, pm.incident.mitigated_at, pm.incident.resolved_at]
    times += [e.time for e in pm.timeline]
    times += [u.posted_at for u in updates]
    words = [f"{day(t)} {clock_time(t)}" for t in times if t is not None]
    return json.dumps(pm.to_contract(), ensure_ascii=False) + "\n" + "\n".join(words)


def people_of(pm: Postmortem, names: Iterable[str] = ()) -> list[str]:
    """Every name the postmortem knows (owners, who marked or raised something) plus ``names``."""
    found = [*names]
    found += [a.owner for a in pm.action_items if a.owner]
    found += [e.marked_by for e in pm.timeline if e.marked_by]
    found += [h.raised_by for h in pm.hypotheses if h.raised_by]
    return [p for p in dict.fromkeys(found) if p]


def backing(statement: Statement, pm: Postmortem) -> ActionItem | None:
    """The action item (with an owner and a due date) a prevention statement restates, if any."""
    for source in statement.source:
        kind, _, index = source.partition(":")
        if kind != "action_items" or not index.isdigit() or int(index) >= len(pm.action_items):
            continue
        item = pm.action_items[int(index)]
        if item.owner and item.due and item.due.strip().lower() != UNKNOWN.lower():
            return item
    return None


def statement_flags(statement: Statement, pm: Postmortem, people: Iterable[str], material: str) -> list[Flag]:
    """The checks on one RCA statement, with its section's rules (dates in prevention need backing)."""
    item = backing(statement, pm)
    flags = check_statement(statement.text, people=people, backed=item is not None, material=material)
    if statement.section == "prevention":
        stated = dates_in(statement.text)
        if stated and item is None:
            flags.append(Flag("commitment", "a date with no action item that has an owner and that due date"))
        elif stated and item is not None and (item.due or "").lower() not in statement.text.lower():
            flags.append(Flag("commitment", f"the date differs from the action item's due date ({item.due})"))
    return flags


def check_rca(rca: Rca, pm: Postmortem, *, people: Iterable[str] = (), updates: Iterable[StatusUpdate] = ()) -> Rca:
    """``rca`` with every statement checked: flagged or inferred statements go on the punch-list.

    A statement already resolved keeps its resolution when its text is unchanged (a reviewer
    approved those words); any other flagged statement is open.
    """
    material = source_material(pm, updates)
    names = people_of(pm, people)
    checked: list[Statement] = []
    for s in rca.statements:
        if not s.shown:
            checked.append(s)  # removed or replaced: out of the document, its resolution stands
            continue
        flags = tuple(f.line() for f in statement_flags(s, pm, names, material))
        resolution = s.resolution
        if resolution in (None, "open"):
            resolution = "open" if (s.inferred or flags) else None
        checked.append(s.model_copy(update={"flags": flags, "resolution": resolution}))
    return rca.model_copy(update={"statements": tuple(checked)})


def check_update_text(text: str, people: Iterable[str]) -> list[Flag]:
    """The checks a status update passes: identity and commitments (hedging is normal in an update)."""
    return [*identity_flags(text, people), *commitment_flags(text, backed=False)]
