"""Incident lifecycle times (start, detect, acknowledge, mitigate, resolve) read from messages."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.analysis import lexicon as lx
from bot.analysis import recovery, times
from bot.analysis.bot_kind import is_paging_tool, is_status_tool
from bot.analysis.classify import Signals, signals
from bot.analysis.hypotheses import IDENTIFIED
from bot.analysis.severity import fold_severity
from bot.domain import Board, IncidentState, IncidentStatus, Message


def observe(state: IncidentState, message: Message) -> IncidentState:
    """Fold one message into the lifecycle; each time is set by its first piece of evidence.

    Detection is the first alert, page, support ticket, customer report or person reporting a
    symptom. Mitigation is the first statement that impact stopped ("back to baseline", "we're back
    online", "most regions back, two still flaky") or a declared "monitoring"/"mitigated", at the time
    the statement gives when it reports late — never a trend ("errors dropping"), a part ("some
    regions are back"), a forecast, a draft or status text pasted for review, or one alert
    recovering by itself (``bot.analysis.recovery`` reads that evidence). A later regression ("errors
    are back") or a person declaring the work still going undoes an unconfirmed mitigation: the later,
    stronger evidence wins; a public post that lags the channel does not. Resolution is declared by a
    person or a status/incident bot; a paging tool closing its page stands only until someone declares the
    incident resolved later or it is shown still being worked (``_reopened``). Times set explicitly
    (``/resolve``) are never moved by later messages, because only unset fields are filled here.
    """
    if message.subtype in ("channel_join", "channel_leave"):
        return state
    # Read lazily: a signal is worked out only when it can still move a time that is not set yet.
    reading = signals(message)
    when = message.time
    status = recovery.declared(message, reading)
    if status is not None and recovery.for_review(message):
        status = None
    update: dict[str, object] = {}
    if state.resolved_at is not None and when > state.resolved_at and _reopened(state, message, reading, status):
        # Reopened: the mitigation did not hold either, so both phases start over.
        declared = {k: v for k, v in state.declared.items() if k not in ("resolved_at", "mitigated_at")}
        return state.model_copy(
            update={
                "resolved_at": None,
                "mitigated_at": None,
                "mitigation_read_at": None,
                "mitigated_by_recap": False,
                "resolved_by": None,
                "resolved_by_page": False,
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
        and (reading.ack or reading.command or times.is_acknowledgement(message) or _short_ack(message))
    ):
        update["acknowledged_at"] = when
    if state.identified_at is None and (
        status == "identified"
        or reading.cause_found
        or (reading.decision and reading.mitigation and not message.is_bot)  # a fix ordered
    ):
        update["identified_at"] = when
    read = state.impact_read_at  # the recovery as read from messages; a recap's stated moment may be earlier
    if (
        read is None
        and (
            status in ("mitigated", "resolved")
            or (reading.recovered and recovery.stated_now(message.text))
            or recovery.recovery_sentence(message) is not None
            or recovery.mostly_recovered(message)
        )
        and not reading.alert_recovered
        and not recovery.for_review(message)
    ):
        read_now = recovery.ended_at(message, status) or when
        update["mitigation_read_at"] = read_now
        if state.mitigated_at is None or read_now < state.mitigated_at:
            update["mitigated_at"] = read_now
        update["mitigated_by_post"] = message.is_bot and status in ("mitigated", "resolved")
        update["mitigated_by_recap"] = False
    elif (
        read is not None
        and state.resolved_at is None
        and "mitigated_at" not in state.declared
        and (
            recovery.relapse(message, reading, status)
            or (state.mitigated_by_post and _post_goes_back(message, reading, status))
        )
    ):
        # It came back, or someone (or the status page) now declares the incident still being worked:
        # the earlier reading of recovery did not hold, and the later, stronger evidence wins. A page
        # that alone set the mitigation (some teams open straight in "Monitoring") and now posts an
        # earlier phase has gone back; it is not lagging a recovery people stated.
        update["mitigated_at"] = None
        update["mitigation_read_at"] = None
        update["mitigated_by_post"] = False
        update["mitigated_by_recap"] = False
    elif state.mitigated_by_post and not message.is_bot and recovery.recovery_sentence(message) is not None:
        update["mitigated_by_post"] = False  # a person confirms the page's recovery: a later post lags it
    if state.resolved_at is None and status == "resolved":
        update["resolved_at"] = when
        update["resolved_by_page"] = is_paging_tool(message)
        # No mitigation fallback is needed here: a declared resolution is never one alert recovering
        # (``recovery.declared``) nor text pasted for review, so the recovery branch above has already
        # read it as the mitigation when none was read before.
    elif state.resolved_by_page and status == "resolved" and _declares_resolution(message):
        # The page was closed first; the person or status page declaring the incident resolved is later,
        # stronger evidence of when the incident ended.
        update["resolved_at"] = when
        update["resolved_by_page"] = False
    _recap_mitigation(state, message, update, status)
    return state.model_copy(update=update) if update else state


def _recap_mitigation(
    state: IncidentState, message: Message, update: dict[str, object], status: IncidentStatus | None = None
) -> None:
    """Set the mitigation to the moment a recap states impact stopped. Never a mitigation set explicitly,
    nor after the resolution (a postmortem's recap is not a reading), nor before detection.

    An impact window ("impact 14:44–19:15 utc") or a person declaring the impact over ("customer impact over
    as of 19:50") sets it either way: the team's own call outweighs an earlier reading, which may have been
    one part coming back. A recap of when things recovered ("restored at 18:48", "healthy since 09:16")
    only moves it back: written after the fact, its clock time is more precise than the first reading."""
    if "mitigated_at" in state.declared:
        return
    resolved = update.get("resolved_at", state.resolved_at)
    if isinstance(resolved, datetime) and message.time > resolved:
        return
    floor = update.get("detected_at", state.detected_at) or update.get("started_at", state.started_at)
    current = update.get("mitigated_at", state.mitigated_at)
    declared = recovery.impact_window_end(message) or recovery.impact_over_at(message, status)
    if declared is not None and not (isinstance(floor, datetime) and declared < floor):
        _mitigated_by_recap(state, update, declared)
        return
    stated = recovery.backdated(message)
    if stated is None or (isinstance(current, datetime) and stated >= current):
        return
    if not (isinstance(floor, datetime) and stated < floor):
        _mitigated_by_recap(state, update, stated)


def _mitigated_by_recap(state: IncidentState, update: dict[str, object], when: datetime) -> None:
    """A recap's moment becomes the mitigation; if no recovery was read yet, it is marked as stated, not
    read (rules about clean-up wait for a reading)."""
    if (
        update.get("mitigation_read_at", state.mitigation_read_at) is None
        and update.get("mitigated_at", state.mitigated_at) is None
    ):
        update["mitigated_by_recap"] = True
    update["mitigated_at"] = when


def _post_goes_back(message: Message, reading: Signals, status: IncidentStatus | None) -> bool:
    """After a mitigation only a status post declared: a post of an earlier phase, or an alert firing
    again (new impact), is later and stronger evidence than the post."""
    if not message.is_bot:
        return False
    return status in ("investigating", "identified") or (reading.detect and not reading.alert_recovered)


def _reopened(state: IncidentState, message: Message, reading: Signals, status: IncidentStatus | None) -> bool:
    """After the resolution: said reopened ("reopening on the status page"), the status page taking the
    incident back to an earlier phase with the symptom it shows, or, when only a paging tool had closed its
    page, the incident shown still being worked (impact back, a person back to investigating)."""
    if lx.REOPEN.search(message.text):
        return True
    if recovery.for_review(message):
        return False
    if state.resolved_by_page or is_status_tool(message):
        return recovery.relapse(message, reading, status)
    return False


def _declares_resolution(message: Message) -> bool:
    """A resolution declared by a person or a status page / incident tool (text pasted for review declares
    no status: ``observe`` has cleared it)."""
    return not message.is_bot or is_status_tool(message)


def _short_ack(message: Message) -> bool:
    """A person's short acknowledgement in another language or with a typo ("je regarde", "lookin")."""
    return not message.is_bot and len(message.text) <= 60 and lx.ACK_ANY_LANGUAGE.search(message.text) is not None


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
            "mitigation_read_at": None,
            "mitigated_by_recap": False,
            "mitigated_by_post": False,
            "resolved_at": None,
            "resolved_by_page": False,
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
