"""Incident lifecycle times (start, detect, acknowledge, mitigate, resolve) read from messages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from bot.analysis import lexicon as lx
from bot.analysis import times
from bot.analysis.classify import Signals, declared_status, signals
from bot.analysis.hypotheses import IDENTIFIED
from bot.analysis.severity import fold_severity
from bot.domain import Board, IncidentState, IncidentStatus, Message


def observe(state: IncidentState, message: Message) -> IncidentState:
    """Fold one message into the lifecycle; each time is set by its first piece of evidence.

    Detection is the first alert, page, support ticket, customer report or person reporting a
    symptom. Mitigation is the first statement that impact stopped ("back to baseline", "we're back
    online") or a declared "monitoring"/"mitigated" — never a trend ("errors dropping"), a draft of
    status text or one alert recovering by itself. A later regression ("errors are back") undoes an
    unconfirmed mitigation: the later, stronger evidence wins. Resolution is declared by a person or
    a status/incident bot. Times set explicitly (``/resolve``) are never moved by later messages,
    because only unset fields are filled here.
    """
    if message.subtype in ("channel_join", "channel_leave"):
        return state
    # Read lazily: a signal is worked out only when it can still move a time that is not set yet.
    reading = signals(message)
    when = message.time
    status = _declared(message, reading)
    if status is not None and _for_review(message):
        status = None
    update: dict[str, object] = {}
    if state.resolved_at is not None and when > state.resolved_at and lx.REOPEN.search(message.text):
        # Reopened: the mitigation did not hold either, so both phases start over.
        declared = {k: v for k, v in state.declared.items() if k not in ("resolved_at", "mitigated_at")}
        return state.model_copy(
            update={
                "resolved_at": None,
                "mitigated_at": None,
                "resolved_by": None,
                "declared": declared,
                "status": "investigating",
            }
        )
    if state.opened_at is None:
        update["opened_at"] = when
    if (sev := fold_severity(state.severity, message)) != state.severity:
        update["severity"] = sev
    if state.detected_at is None and (
        (reading.detect and not reading.alert_recovered) or times.is_detection_signal(message)
    ):
        update["detected_at"] = when
        if state.started_at is None:
            update["started_at"] = when
    detected = update.get("detected_at", state.detected_at)
    since = times.stated_start(message, signal=detected)  # type: ignore[arg-type]
    if since is not None:
        current = update.get("started_at", state.started_at)
        if current is None or since < current:  # type: ignore[operator]
            update["started_at"] = since
    if (
        state.acknowledged_at is None
        and detected is not None
        and when >= detected  # type: ignore[operator]
        and (reading.ack or reading.command or times.is_acknowledgement(message))
    ):
        update["acknowledged_at"] = when
    if state.identified_at is None and (
        status == "identified"
        or reading.cause_found
        or (reading.decision and reading.mitigation and not message.is_bot)  # a fix ordered
    ):
        update["identified_at"] = when
    if (
        state.mitigated_at is None
        and (
            status in ("mitigated", "resolved")
            or (reading.recovered and _stated_now(message.text))
            or _recovered_in_a_sentence(message)
            or _mostly_recovered(message)
        )
        and not reading.alert_recovered
        and not _for_review(message)
    ):
        update["mitigated_at"] = _ended_at(message, status) or when
    elif (
        state.mitigated_at is not None
        and state.resolved_at is None
        and "mitigated_at" not in state.declared
        and _relapse(message, reading, status)
    ):
        # It came back, or someone (or the status page) now declares the incident still being worked:
        # the earlier reading of recovery did not hold, and the later, stronger evidence wins.
        update["mitigated_at"] = None
    if state.resolved_at is None and status == "resolved":
        update["resolved_at"] = when
        if state.mitigated_at is None and "mitigated_at" not in update:
            update["mitigated_at"] = when
    return state.model_copy(update=update) if update else state


_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+[.!?]*")
"""A sentence; a stop inside a token ("0.1%", "v2.3") does not end it."""
_NOT_A_STATE = re.compile(
    r"\b(?:if|once|when|until|unless|should|could|might|may|will|'ll|hope|hopefully|expect\w*|not|n't|no|never|"
    r"need|needs|want|wait\w*|before|whether)\b|n't\b",
    re.IGNORECASE,
)
"""Words that make a sentence a plan, a wish, a condition or a denial rather than a state."""
_RECOVERY = (lx.RECOVERED, lx.RECOVERED_MORE, lx.RECOVERED_SHAPES, lx.RECOVERED_FIGURES)
_SUBJECT_IT = re.compile(r"^it(?:'s|’s| is| was| has| came| keeps| started| seems)\b", re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(text) if s.strip()]


_QUOTE = re.compile(r"[\"“][^\"“”]{12,}[\"”]|^\s*>.*$", re.MULTILINE)
"""Someone else's words: a quoted text or a Slack block quote."""
_REVIEW = re.compile(
    r"\b(?:ok|okay|good|fine|lgtm)\b[^\n]{0,20}\?|\b(?:pls|please|plz|can you|could you) (?:\w+ )?(?:check|review|look|"
    r"confirm|approve|ok)\b|\btell me if\b|\bthoughts\s*\?|\b(?:edits|objections|changes|comments) welcome\b|"
    r"\bbefore (?:i|we) (?:post|publish|send|push)\b|\bnot (?:yet )?(?:posted|published|live|sent|public)\b|"
    r"\bholding\b|\b(?:i'?d|we'?d|i would|we would|i'?ll|we'?ll|going to|about to) (?:post|publish|send|push)\b|"
    r"\bunless (?:someone|anyone|you) object",
    re.IGNORECASE,
)
"""A request for review or a hold around a pasted text: "ok to publish?", "pls check", "before I post",
"not posted yet", "holding until …", "I'd post this"."""


def _for_review(message: Message) -> bool:
    """A person pasting status text for review (a quote and a request to check it, or a hold): what it
    says is a proposal, whatever status or recovery its words state, with or without the word "draft"."""
    if message.is_bot:
        return False
    text = message.text
    outside = _QUOTE.sub(" ", text)
    return outside != text and _REVIEW.search(outside) is not None


def _stated_now(text: str) -> bool:
    """Some sentence reads as recovery of the whole without foretelling it ("back to baseline within a
    couple of minutes" is a forecast, "some regions are back" a part, "back to baseline" a state).
    Only asked once recovery was read."""
    found = False
    for sentence in _sentences(text):
        matches = [m for p in _RECOVERY if (m := p.search(sentence)) is not None]
        if matches:
            found = True
            if not lx.FORECAST.search(sentence) and not _only_a_part(sentence, min(m.start() for m in matches)):
                return True
    return not found


def _only_a_part(sentence: str, at: int) -> bool:
    """The recovery's subject is a part ("some regions are back", "half the fleet recovered")."""
    return lx.SUBSET.search(sentence[:at]) is not None or lx.SUBSET.match(sentence[at:]) is not None


def _ended_at(message: Message, status: IncidentStatus | None) -> datetime | None:
    """The moment impact stopped when the person reporting the recovery states it ("back to baseline at
    10:32", "customer impact mitigated as of 17:38"), read from the sentence that reports it; a
    resolution's summary ("impact 07:05–12:43, most regions back by 09:00") is not read this way."""
    if message.is_bot or status == "resolved":
        return None
    sentence = _recovery_sentence(message)
    return times.stated_end(sentence, message.time) if sentence is not None else None


def _recovered_in_a_sentence(message: Message) -> bool:
    return _recovery_sentence(message) is not None


def _recovery_sentence(message: Message) -> str | None:
    """A person stating recovery in a sentence of its own, whatever the other sentences say ("impact
    mitigated at 17:28. still draining the backlog"): a trend or a remainder in another sentence
    does not take back the state, a trend in the same sentence does."""
    text = message.text
    if message.is_bot or lx.DRAFT.search(text) or lx.LIST_HEADING.search(text) or lx.NOT_RECOVERED.search(text):
        return None
    for sentence in _sentences(text):
        if sentence.rstrip().endswith("?") or lx.TREND.search(sentence) or lx.FORECAST.search(sentence):
            continue
        for pattern in _RECOVERY:
            match = pattern.search(sentence)
            if (
                match is not None
                and not _NOT_A_STATE.search(sentence[: match.start()])
                and not _only_a_part(sentence, match.start())
            ):
                return sentence
    return None


def _mostly_recovered(message: Message) -> bool:
    """A person stating recovery for most of what was hit, with the remainder named ("most regions
    back, a handful of paths still lossy"): impact greatly reduced. Not a trend, a part, a question,
    a plan or a draft."""
    text = message.text
    if message.is_bot or lx.DRAFT.search(text) or lx.LIST_HEADING.search(text):
        return False
    for sentence in _sentences(text):
        match = lx.MOSTLY_RECOVERED.search(sentence)
        if match is None or sentence.rstrip().endswith("?"):
            continue
        if lx.PARTIAL.search(sentence) or lx.FORECAST.search(sentence):
            continue
        if _NOT_A_STATE.search(sentence[: match.end()]):
            continue
        return True
    return False


def _regression_stated(text: str) -> bool:
    """Impact returning stated as a fact: not asked ("anything still erroring?") and not "it" as an
    object in a story ("the ramp hit it again")."""
    for match in lx.REGRESSION.finditer(text):
        phrase = match.group(0)
        if phrase[:2].lower() == "it" and not _SUBJECT_IT.match(phrase):
            continue
        sentence = next((s for s in _sentences(text) if phrase in s), text)
        if sentence.rstrip().endswith("?"):
            continue
        return True
    return False


def _declared(message: Message, reading: Signals) -> IncidentStatus | None:
    """The status the message declares; an incident tool's status change ("status changed: Mitigating →
    Mitigated") declares one whatever the tool is called."""
    if reading.status is None and message.is_bot and lx.STATUS_TRANSITION.search(message.text):
        return declared_status(message)
    return reading.status


def _relapse(message: Message, reading: Signals, status: IncidentStatus | None) -> bool:
    """The mitigation did not hold: impact came back, or the incident is declared still being worked.

    A status post that is behind the channel ("We are investigating …" published after the team saw
    recovery, "issue identified, fix deployed") is the public page catching up, not a relapse: a
    post undoes a mitigation only when it also reports a symptom and no recovery. A person's own
    declaration ("status: investigating", "back to investigating") and an incident tool's status change
    ("Monitoring → Investigating") do."""
    text = message.text
    if reading.regression and not message.is_bot and _regression_stated(text):
        return True
    if status not in ("investigating", "identified"):
        return False
    if lx.STATUS_TRANSITION.search(text):
        return True  # an incident tool's status moved back ("Monitoring → Investigating"): the team's own call
    published = (
        lx.STATUS_PAGE.search(text)
        or lx.ANNOUNCED.search(text)
        or (lx.COMMS.search(text) and lx.COMMS_POSTED.search(text))
    )
    if not (message.is_bot or published):
        return True
    symptom = bool(lx.REGRESSION.search(text) or lx.VISIBLE_SYMPTOM.search(text) or lx.SYMPTOM.search(text))
    recovery = any(p.search(text) for p in _RECOVERY)
    return symptom and not recovery


def with_status(state: IncidentState, board: Board | None) -> IncidentState:
    """The status implied by the lifecycle times and the board."""
    if state.resolved_at is not None:
        status = "resolved"
    elif state.mitigated_at is not None:
        status = "mitigated"
    elif state.identified_at is not None or (
        board is not None and any(h.status == "confirmed" and h.confidence >= IDENTIFIED for h in board.hypotheses)
    ):
        status = "identified"
    else:
        status = "investigating"
    return state if status == state.status else state.model_copy(update={"status": status})


def derive(base: IncidentState, messages: Iterable[Message], board: Board | None) -> IncidentState:
    """Recompute the lifecycle from a whole transcript (after an edit or delete)."""
    state = base.model_copy(
        update={
            "opened_at": None,
            "started_at": None,
            "detected_at": None,
            "acknowledged_at": None,
            "identified_at": None,
            "mitigated_at": None,
            "resolved_at": None,
            "severity": None,
        }
    )
    declared = dict(base.declared)
    for message in messages:
        resolved = declared.get("resolved_at")
        if resolved is not None and message.time > resolved and lx.REOPEN.search(message.text):
            declared.pop("resolved_at")  # reopened after /resolve
            declared.pop("mitigated_at", None)
        state = observe(state, message)
    if declared:
        state = state.model_copy(update={**declared, "declared": declared})
    elif base.declared:
        state = state.model_copy(update={"declared": {}, "resolved_by": None})
    return with_status(state, board)
