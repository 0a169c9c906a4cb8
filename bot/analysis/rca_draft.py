"""The offline external RCA: templates filled from the structured postmortem, nothing invented.

Every statement names the postmortem section(s) it rests on and carries their citations. Free
text from the postmortem is used only sentence by sentence, translated into plain words
(``customer_words.plain``) and only when the translation passes the customer checks; the rest is
left out, with a warning that counts it (never quoting it). What the rules had to generalise is
marked *inferred* with the reason, so it lands on the reviewer's punch-list. The checks
(``customer_checks.check_rca``) run afterwards on this draft exactly as on Claude's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.analysis.customer_checks import check_statement, citations_of, sentences
from bot.analysis.customer_words import MITIGATIONS, NOT_DONE, PHRASES, clock_time, day, duration, plain
from bot.analysis.rca_style import Style
from bot.domain import RCA_SECTIONS, UNKNOWN, Postmortem, Rca, RcaTone, Statement, StatusUpdate

OFFLINE_RCA_RULES = "offline RCA rules v1"
CUSTOMER_CATEGORIES = ("monitoring", "deployment safety", "system design", "runbooks")
"""Action item categories a customer hears about; incident-process items (credential rotation,
paging) stay internal."""
MITIGATION_WINDOW = timedelta(minutes=30)
"""Mitigation steps this long before service came back are the ones that restored it."""
MIN_WORDS = 4


class _Builder:
    def __init__(self, tone: RcaTone) -> None:
        self.phrases = PHRASES[tone]
        self.statements: list[Statement] = []
        self.left_out = 0

    def add(
        self,
        section: str,
        text: str,
        source: Sequence[str],
        citations: Sequence[str] = (),
        *,
        inferred: str | None = None,
    ) -> None:
        self.statements.append(
            Statement(
                id=f"S{len(self.statements) + 1}",
                section=section,
                text=text,
                source=tuple(source),
                citations=tuple(dict.fromkeys(citations)),
                inferred=inferred is not None,
                why=inferred,
            )
        )

    def say(self, key: str, **values: str) -> str:
        return self.phrases[key].format(**values)

    def clean(self, prose: str, people: Sequence[str]) -> list[str]:
        """The sentences of ``prose`` that read as facts a customer may see, in plain words."""
        kept: list[str] = []
        for sentence in sentences(prose):
            words = plain(sentence)
            if len(words.split()) < MIN_WORDS or words.endswith("?") or words.lower().startswith(UNKNOWN.lower()):
                continue
            if check_statement(words, people=people):
                self.left_out += 1
                continue
            kept.append(words)
        return kept


def draft_rca(
    pm: Postmortem,
    *,
    tone: RcaTone,
    style: Style | None,
    now: datetime,
    updates: Sequence[StatusUpdate] = (),
    people: Sequence[str] = (),
) -> Rca:
    """The external RCA of ``pm`` by the rules, before the checks flag anything."""
    b = _Builder(tone)
    inc = pm.incident
    start = inc.started_at or inc.detected_at
    restored = inc.mitigated_at or inc.resolved_at
    _impact(b, pm, start, restored, people)
    _timeline(b, pm, updates)
    _cause(b, pm)
    _restoration(b, pm, restored)
    _prevention(b, pm, style)
    warnings = []
    if b.left_out:
        warnings.append(
            f"{b.left_out} sentence(s) of the postmortem were left out: they name people or internal systems, "
            "promise or guess; add what customers need with Edit."
        )
    return Rca(
        channel=inc.channel,
        incident_name=inc.name,
        tone=tone,
        style=style.name if style else None,
        titles=style.titles if style else RCA_SECTIONS,
        statements=tuple(b.statements),
        started_at=start,
        mitigated_at=inc.mitigated_at,
        resolved_at=inc.resolved_at,
        engine="offline",
        prompt_version=OFFLINE_RCA_RULES,
        generated_at=now,
        warnings=tuple(warnings),
    )


def _impact(
    b: _Builder, pm: Postmortem, start: datetime | None, restored: datetime | None, people: Sequence[str]
) -> None:
    if start is not None and restored is not None:
        text = b.say(
            "window",
            day=day(start),
            start=clock_time(start),
            end=clock_time(restored),
            duration=duration(restored - start),
        )
        b.add("impact", text, ("metrics",))
    elif start is not None:
        b.add("impact", b.say("window_open", day=day(start), start=clock_time(start)), ("metrics",))
    cited = citations_of(pm.impact)
    found = b.clean(pm.impact, people)[:3]
    for sentence in found:
        b.add("impact", sentence, ("impact",), cited)
    if not found:
        b.add(
            "impact",
            b.say("impact_unknown"),
            ("impact",),
            inferred="the postmortem's impact section has no sentence a customer can read as written; "
            "confirm what customers saw",
        )


def _timeline(b: _Builder, pm: Postmortem, updates: Sequence[StatusUpdate]) -> None:
    inc = pm.incident
    events: list[tuple[datetime, str, tuple[str, ...], tuple[str, ...]]] = []
    if inc.started_at is not None:
        events.append((inc.started_at, b.say("t_start", time=clock_time(inc.started_at)), ("metrics",), ()))
    if inc.detected_at is not None:
        detect = next((e for e in pm.timeline if e.kind == "detect"), None)
        by_alert = "alert" in pm.detection.lower() or (detect is not None and "alert" in detect.event.lower())
        key = "t_detect_alert" if by_alert else "t_detect"
        cites = detect.citations if detect is not None else ()
        events.append((inc.detected_at, b.say(key, time=clock_time(inc.detected_at)), ("detection",), cites))
    for update in updates:
        if update.state == "posted" and update.posted_at is not None:
            text = b.say("t_update", time=clock_time(update.posted_at), phase=update.phase)
            cites = (update.posted_ts,) if update.posted_ts else ()
            events.append((update.posted_at, text, ("timeline",), cites))
    if inc.mitigated_at is not None:
        events.append((inc.mitigated_at, b.say("t_mitigate", time=clock_time(inc.mitigated_at)), ("metrics",), ()))
    if inc.resolved_at is not None:
        events.append((inc.resolved_at, b.say("t_resolve", time=clock_time(inc.resolved_at)), ("metrics",), ()))
    for _, text, source, cites in sorted(events, key=lambda e: e[0]):
        b.add("timeline", text, source, cites)


def _cause(b: _Builder, pm: Postmortem) -> None:
    confirmed = [h for h in pm.hypotheses if h.status == "confirmed"]
    if not confirmed:
        b.add("root_cause", b.say("cause_unknown"), ("hypotheses",))
        return
    for h in confirmed[:2]:
        cause = plain(h.statement)
        first = cause.split(" ", 1)[0]
        if not (len(first) > 1 and first.isupper()):
            cause = cause[0].lower() + cause[1:]  # it continues the template's sentence
        b.add("root_cause", b.say("cause", cause=cause), ("root_cause", "hypotheses"), h.supporting)
    start = pm.incident.started_at
    deploys = [e for e in pm.timeline if e.kind == "deploy" and (start is None or e.time <= start)]
    mentions_change = any(
        w in h.statement.lower() for h in confirmed for w in ("deploy", "change", "release", "config")
    )
    if deploys and mentions_change:
        last = deploys[-1]
        b.add(
            "root_cause",
            b.say("cause_change", time=clock_time(last.time)),
            ("timeline", "hypotheses"),
            last.citations,
            inferred="links the confirmed cause to the last change released before impact began "
            "(from the timeline); the postmortem does not say so in these words",
        )


def _restoration(b: _Builder, pm: Postmortem, restored: datetime | None) -> None:
    seen: set[str] = set()
    for event in pm.timeline:
        if event.kind not in ("mitigate", "decision"):
            continue
        if restored is not None and not (restored - MITIGATION_WINDOW <= event.time <= restored):
            continue
        done = NOT_DONE.sub("", event.event)
        for key, pattern in MITIGATIONS:
            if pattern.search(done):
                if key not in seen:
                    seen.add(key)
                    b.add("restoration", b.say(key), ("timeline",), event.citations)
                break
    if restored is not None:
        b.add("restoration", b.say("restored", time=clock_time(restored), day=day(restored)), ("metrics",))


def _prevention(b: _Builder, pm: Postmortem, style: Style | None) -> None:
    added = 0
    for index, item in enumerate(pm.action_items):
        if item.category not in CUSTOMER_CATEGORIES:
            continue
        text = plain(item.text)
        backed = bool(item.owner) and bool(item.due) and (item.due or "").strip().lower() != UNKNOWN.lower()
        if backed and (style is None or style.dates):
            text += b.say("planned", due=str(item.due))
        b.add("prevention", text, (f"action_items:{index}",), item.citations)
        added += 1
    if not added:
        b.add(
            "prevention",
            b.say("prevent_none"),
            ("action_items",),
            inferred="the postmortem has no customer-relevant action item yet",
        )
