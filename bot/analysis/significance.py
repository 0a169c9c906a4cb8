"""Whether anything worth a sitrep happened since the last one, and what it was.

A sitrep is worth posting when the status or severity changed, a hypothesis was raised, confirmed or
ruled out, someone took a mitigation step, a new impact figure was given, a decision was made, or
someone asked the incident commander a question. Chatter, "looking", "+1" and repeated alerts are
not, unless a page or ticket carries a figure ("p99 4s": a new impact figure). The answer is the
same whichever engine writes the sitrep: it is read from the messages, the lifecycle and the board,
never from the engine's own text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.analysis import lexicon as lx
from bot.analysis.classify import classify
from bot.analysis.sentences import informative_sentence
from bot.analysis.times import is_detection_signal
from bot.domain import Board, Claim, IncidentState, Message, Sitrep

_HOUSEKEEPING = frozenset({"channel_join", "channel_leave", "channel_topic", "channel_purpose", "pinned_item"})
"""Slack's own notices: never news."""
STATUS_WORDS = ("investigating", "identified", "mitigated", "resolved")
_STATUS_STEM = re.compile(r"\b(investigat|identif|mitigat|resolv)", re.IGNORECASE)

_IMPACT_FIGURE = lx.IMPACT_FIGURE
_IMPACT_SUBJECT = lx.IMPACT_SUBJECT
_TO_IC = re.compile(r"\b(?:ic|incident commander|incident lead)\b", re.IGNORECASE)
_MITIGATION_STEP = re.compile(
    r"\b(?:roll(?:ed|ing)? ?back|revert(?:ed|ing)?|fail(?:ed|ing)? ?over|disabl(?:ed|ing)|turn(?:ed|ing) off|"
    r"switch(?:ed|ing) off|paus(?:ed|ing)|freez(?:e|ing)|froze|block(?:ed|ing)|throttl(?:ed|ing)|"
    r"rate[- ]limit(?:ed|ing)|shed(?:ding)?|drain(?:ed|ing)|scal(?:ed|ing) (?:up|out)|restart(?:ed|ing)|"
    r"restor(?:ed|ing)|re-?enabl(?:ed|ing)|redeploy(?:ed|ing)?|hotfix|patch(?:ed|ing)|red[- ]button)\b",
    re.IGNORECASE,
)


def status_word(text: str) -> str | None:
    """The lifecycle status a sitrep's status line shows first ("SEV2 · Mitigated — …" -> "mitigated")."""
    match = _STATUS_STEM.search(text)
    if match is None:
        return None
    stem = match.group(1).lower()
    return next(w for w in STATUS_WORDS if w.startswith(stem))


def _quote(message: Message, what: str) -> Claim:
    return Claim(text=f"{what}{message.author}: {informative_sentence(message.text, 140)}", citations=(message.ts,))


def previous_phase(prev: Sitrep) -> tuple[str | None, str | None]:
    """(status, severity) a previous sitrep was built at; read from its status line when it predates
    the recorded fields."""
    if prev.phase is not None:
        return prev.phase, prev.severity
    found = _SEVERITY_IN_STATUS.search(prev.status)
    return status_word(prev.status), found.group(0).upper().replace("-", "").replace(" ", "") if found else None


_SEVERITY_IN_STATUS = re.compile(r"\b(?:sev[- ]?[0-4]|p[0-4])\b", re.IGNORECASE)


def significant_changes(
    *,
    prev: Sitrep | None,
    state: IncidentState,
    board: Board,
    new_messages: Sequence[Message],
) -> tuple[Claim, ...]:
    """What happened since the last sitrep that is worth one (empty: stay silent).

    Args:
        prev: the previous sitrep (None: none yet, so the first is due as soon as there is a message).
        state: the lifecycle now, with its status.
        board: the hypothesis board now.
        new_messages: the messages since the previous sitrep.
    """
    found: list[Claim] = []
    if prev is None:
        first = next((m for m in new_messages if m.subtype not in _HOUSEKEEPING), None)
        if first is not None:
            found.append(_quote(first, "Incident opened — "))
        return tuple(found)
    phase, severity = previous_phase(prev)
    if phase != state.status:
        found.append(Claim(text=f"Status is now {state.status}", citations=()))
    if state.severity and state.severity != severity:
        found.append(Claim(text=f"Severity is now {state.severity}", citations=()))
    new_ts = {m.ts for m in new_messages}
    for h in board.hypotheses:
        if h.raised_ts in new_ts:
            found.append(Claim(text=f"New hypothesis {h.id}: {h.statement}", citations=(h.raised_ts,)))
        elif h.status == "confirmed" and set(h.supporting) & new_ts:
            found.append(Claim(text=f"{h.id} confirmed: {h.statement}", citations=h.supporting[-1:]))
        elif h.status == "refuted" and set(h.refuting) & new_ts:
            found.append(Claim(text=f"{h.id} ruled out: {h.statement}", citations=h.refuting[-1:]))
    for m in new_messages:
        if m.subtype in _HOUSEKEEPING:
            continue
        text = m.text
        if m.is_bot:
            if classify(m) in ("mitigate", "resolve") or (lx.DEPLOY.search(text) and _MITIGATION_STEP.search(text)):
                found.append(_quote(m, ""))
            elif is_detection_signal(m) and _IMPACT_FIGURE.search(text):
                found.append(_quote(m, "Alert — "))  # a page or ticket with a figure is a new impact figure
            continue
        if lx.DECISION.search(text):
            found.append(_quote(m, "Decision — "))
        elif _MITIGATION_STEP.search(text) and not text.rstrip().endswith("?"):
            found.append(_quote(m, ""))
        elif "?" in text and _TO_IC.search(text):
            found.append(_quote(m, "Question for the IC — "))
        elif _IMPACT_FIGURE.search(text) and _IMPACT_SUBJECT.search(text):
            found.append(_quote(m, "Impact — "))
    return tuple(found)
