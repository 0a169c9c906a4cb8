"""Red team for stated starts and stated severities (issue 14, session 10).

Every message here was written for this test from general SRE practice and from how incident tools
(incident.io, FireHydrant, Rootly, Jira Service Management, PagerDuty) and Slack markup format their
posts. None is taken from an incident set or from the bundled example. Each carries its expected
reading.

Classes:
- ``tally``: a "since HH:MM" whose subject is counted or changed things (tickets, changes, writes,
  backups, deploys, data) opens a tally or a window of data, not the impact; "no orders since" (nothing
  arrives any more) and "N errors since" still state the impact.
- ``label``: a start used as a label ("Start ~09:10 UTC", "impact start: 09:10") is the start the speaker
  means, ahead of weaker cues in the same message.
- ``day``: a clock time said with a relative day ("at 23:10 yesterday") is read on that day.
- ``markup``/``field``: a severity in Slack markup ("*SEV1*", "`SEV-2`", "_sev1_") or in an incident
  tool's field by level name ("severity *Major*", "Severity: critical").
- ``again``/``side``: recovery read for the mitigation time: a step word inside a compound or used as a noun
  before "again" ("the hot-reload bug again") is the problem coming back, not a recovery; "resolved on our
  end" declares the resolution.

``FIXED`` names the traps main read wrong before this round.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bot.analysis import recovery
from bot.analysis.classify import signals
from bot.analysis.severity import severity_statement
from bot.analysis.times import stated_start
from bot.domain import Message

SAID = datetime(2026, 9, 15, 16, 0, tzinfo=UTC)
"""When every trap message is said (a Tuesday afternoon, UTC)."""


def _at(hour: int, minute: int, *, days_back: int = 0) -> datetime:
    return datetime(2026, 9, 15, hour, minute, tzinfo=UTC) - timedelta(days=days_back)


@dataclass(frozen=True)
class StartTrap:
    cls: str
    name: str
    text: str
    start: datetime | None
    said: datetime = SAID


@dataclass(frozen=True)
class SevTrap:
    cls: str
    name: str
    text: str
    label: str | None
    sets: bool = True
    bot: bool = False


START_TRAPS: tuple[StartTrap, ...] = (
    # -- tally: the time opens a count or a window of data
    StartTrap("tally", "cases-count", "17 new support cases since 13:00, same symptom each time", None),
    StartTrap("tally", "tickets-count-with-start", "31 tickets since 14:30; the errors started at 13:52", _at(13, 52)),
    StartTrap("tally", "restore-loses-writes", "if we restore we lose writes since 04:00, not great", None),
    StartTrap("tally", "config-changes-window", "reviewing config changes since 11:00 for anything odd", None),
    StartTrap("tally", "deploys-window", "three deploys since 09:15 on that cluster, none touched auth", None),
    StartTrap("tally", "data-since-snapshot", "rebuilding data since 06:00 from the event log", None),
    StartTrap(
        "tally",
        "edits-lost-then-start",
        "user edits since 05:30 would be gone after a rollback. latency since ~15:05 though",
        _at(15, 5),
    ),
    StartTrap("tally", "backups-count", "2 backups since 00:00 both failed verification", None),
    # not a tally: these still state impact
    StartTrap("tally", "nothing-arrives", "no orders since 14:05 on the storefront", _at(14, 5)),
    StartTrap("tally", "zero-signups", "zero signups since 14:40, normally 30 a minute", _at(14, 40)),
    StartTrap("tally", "error-count", "1200 errors since 15:10 on the payments api", _at(15, 10)),
    StartTrap("tally", "scope-count", "timeouts on 4 shards since 14:50, rest fine", _at(14, 50)),
    StartTrap("tally", "scope-count-across", "elevated 503s across 12 regions since 15:02", _at(15, 2)),
    StartTrap("tally", "status-codes", "5xx since 15:20 on every edge node", _at(15, 20)),
    # -- label: the start the speaker means
    StartTrap(
        "label", "labelled-after-tally", "replays needed for jobs since 02:00. Start ~14:45 UTC per the lb", _at(14, 45)
    ),
    StartTrap("label", "impact-start-colon", "impact start: 14:45 UTC, detection 14:58", _at(14, 45)),
    StartTrap("label", "start-of-impact", "for the record, start of impact 13:20 utc", _at(13, 20)),
    StartTrap(
        "label",
        "label-beats-since",
        "dashboards show timeouts since 15:10. Start 14:45 UTC going by the first 502 in the lb logs",
        _at(14, 45),
    ),
    StartTrap("label", "pm-bullets", "PM notes: • Start 14:02 UTC • paged 14:11 • mitigated 14:50", _at(14, 2)),
    # -- day: the relative day said with the time
    StartTrap(
        "day", "yesterday-late", "errors began at 23:10 yesterday, we only noticed now", _at(23, 10, days_back=1)
    ),
    StartTrap(
        "day", "yesterday-same-hour", "the leak started 15:30 yesterday per the heap graphs", _at(15, 30, days_back=1)
    ),
    StartTrap(
        "day", "yesterday-before-clock", "queue lag since yesterday 15:40, slowly growing", _at(15, 40, days_back=1)
    ),
    StartTrap(
        "day", "last-night-foreign-zone", "failures since 10:45 UTC last night (our night, we're NZ)", _at(10, 45)
    ),
    StartTrap(
        "day", "last-night-evening", "the nightly cron has failed since 21:00 last night", _at(21, 0, days_back=1)
    ),
    StartTrap("day", "today-unchanged", "latency started at 15:30 today", _at(15, 30)),
)

SEV_TRAPS: tuple[SevTrap, ...] = (
    # -- markup around the severity
    SevTrap("markup", "code-after-field", "Severity: `SEV-2`", "SEV2"),
    SevTrap("markup", "italic-sev", "ok _sev1_ it is, paging the db on-call", "SEV1", sets=False),
    SevTrap("markup", "bold-declared", "declaring *SEV2*, I'm IC", "SEV2"),
    SevTrap("markup", "strike-and-bold", "this is ~sev3~ *sev2* now", "SEV2"),
    # -- a tool's field by level name
    SevTrap(
        "field", "tool-major", "Incident INC-812 created by lena — severity *Major* — checkout errors", "SEV2", bot=True
    ),
    SevTrap("field", "tool-critical", "🔥 Incident #311 declared. Severity: Critical. Lead: @sami", "SEV1", bot=True),
    SevTrap("field", "tool-minor", "New incident opened: search lag — *Severity:* Minor", "SEV3", bot=True),
    SevTrap("field", "person-field", "severity: high, comms every 30 min", "SEV2"),
    SevTrap("field", "person-set-to", "set severity to critical, it's all regions", "SEV1"),
    # not settings
    SevTrap("field", "question", "what severity is this? major?", None),
    SevTrap("field", "talk", "the severity major seems right to me", None),
    SevTrap("field", "tool-field-unrelated", "Alert: disk 91% on db-3 (severity: high)", "SEV2", sets=False, bot=True),
)

RECOVERY_TRAPS: tuple[tuple[str, str, str, str | None], ...] = (
    # (class, name, text, what it declares: "recovered", "resolved" or None)
    ("again", "compound-load-again", "ugh. the pre-load hang again", None),
    ("again", "noun-load-again", "the page-load regression again?", None),
    ("again", "sync-noun-again", "the re-sync loop again, same as last month", None),
    ("again", "pages-load-again", "pages load again for me", "recovered"),
    ("again", "renders-normally-again", "the dashboard renders normally again", "recovered"),
    ("side", "resolved-our-end", "resolved on our end, the provider is still cleaning up", "resolved"),
    ("side", "resolved-our-side", "resolved from our side. the vendor keeps their ticket open", "resolved"),
    ("side", "asked", "is it resolved from our side?", None),
)

FIXED = {
    "compound-load-again",
    "sync-noun-again",
    "resolved-our-end",
    "resolved-our-side",
    "cases-count",
    "restore-loses-writes",
    "config-changes-window",
    "deploys-window",
    "data-since-snapshot",
    "edits-lost-then-start",
    "backups-count",
    "labelled-after-tally",
    "impact-start-colon",
    "yesterday-same-hour",
    "yesterday-before-clock",
    "strike-and-bold",
    "code-after-field",
    "italic-sev",
    "tool-major",
    "tool-critical",
    "tool-minor",
    "person-field",
    "person-set-to",
    "tool-field-unrelated",
}
"""Traps main read wrong before this round (checked by running this file against main)."""


def _msg(text: str, said: datetime = SAID, *, bot: bool = False) -> Message:
    return Message(channel="C1", ts=f"{said.timestamp():.6f}", text=text, user="U1", user_name="ines", is_bot=bot)


@pytest.mark.parametrize("trap", START_TRAPS, ids=[t.name for t in START_TRAPS])
def test_stated_start_trap(trap: StartTrap) -> None:
    assert stated_start(_msg(trap.text, trap.said)) == trap.start, trap.text


@pytest.mark.parametrize("trap", SEV_TRAPS, ids=[t.name for t in SEV_TRAPS])
def test_severity_trap(trap: SevTrap) -> None:
    found = severity_statement(_msg(trap.text, bot=trap.bot))
    if trap.label is None:
        assert found is None, trap.text
    else:
        assert found is not None, trap.text
        assert (found.label, found.sets) == (trap.label, trap.sets), trap.text


@pytest.mark.parametrize("trap", RECOVERY_TRAPS, ids=[t[1] for t in RECOVERY_TRAPS])
def test_recovery_trap(trap: tuple[str, str, str, str | None]) -> None:
    message = _msg(trap[2])
    reading = signals(message)
    status = recovery.declared(message, reading)
    recovered = reading.recovered or recovery.recovery_sentence(message) is not None
    found = "resolved" if status == "resolved" else "recovered" if recovered else None
    assert found == trap[3], trap[2]


def test_fixed_names_are_traps() -> None:
    names = {t.name for t in START_TRAPS} | {t.name for t in SEV_TRAPS} | {t[1] for t in RECOVERY_TRAPS}
    assert names >= FIXED
