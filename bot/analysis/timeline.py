"""The incident timeline: decisive moments, each quoting and citing the message it comes from."""

from __future__ import annotations

from collections.abc import Sequence

from bot.analysis import lexicon as lx
from bot.analysis.classify import classify, first_sentence
from bot.analysis.terms import key_terms
from bot.domain import Board, IncidentState, Message, TimelineEvent, TimelineKind

_MAX_COMMS = 3


def _quote(message: Message) -> str:
    excerpt = first_sentence(message.text, 160)
    return excerpt if message.is_bot else f"{message.author}: {excerpt}"


def build_timeline(
    messages: Sequence[Message], board: Board, state: IncidentState, marked: dict[str, str] | None = None
) -> tuple[TimelineEvent, ...]:
    """Alerts (each distinct one once), detection, deploys, decisions, hypothesis milestones,
    mitigation, comms and resolution, in time order.

    Args:
        marked: ts -> who marked it as a key event; marked messages always appear.
    """
    marked = marked or {}
    by_ts = {m.ts: m for m in messages}
    events: dict[str, TimelineEvent] = {}
    seen_alerts: list[frozenset[str]] = []
    comms = 0
    detect_done = False
    resolved = False

    def add(message: Message, kind: TimelineKind, text: str | None = None) -> None:
        if message.ts in events:
            return
        events[message.ts] = TimelineEvent(
            time=message.time,
            event=text or _quote(message),
            kind=kind,
            citations=(message.ts,),
            marked_by=marked.get(message.ts),
        )

    for message in messages:
        if message.subtype in ("channel_join", "channel_leave"):
            continue
        if not detect_done and state.detected_at is not None and message.time == state.detected_at:
            detect_done = True
            seen_alerts.append(key_terms(message.text))
            add(message, "detect", f"Detected: {_quote(message)}")
            continue
        kind = classify(message)
        if message.is_bot:
            # Bots repeat themselves (firing, re-firing, recovered): each distinct post once.
            terms = key_terms(message.text)
            if kind == "chatter" or any(len(terms & prev) >= max(2, len(terms) // 2) for prev in seen_alerts):
                continue
            seen_alerts.append(terms)
            add(message, kind if kind in ("alert", "deploy", "mitigate", "resolve", "comms") else "other")
        elif lx.DECISION.search(message.text):
            add(message, "decision")
        elif kind == "mitigate" and (
            lx.MITIGATION_DONE.search(message.text) or lx.MITIGATION_ACTION.search(message.text)
        ):
            add(message, "mitigate")
        elif kind == "resolve" and not resolved:
            resolved = True
            add(message, "resolve")
        elif kind == "comms" and comms < _MAX_COMMS:
            comms += 1
            add(message, "comms")
        elif message.ts in marked:
            add(message, "other")

    for h in board.hypotheses:
        if h.raised_ts in by_ts:
            add(by_ts[h.raised_ts], "diagnose", f"{h.id} raised by {h.raised_by}: {h.statement}")
        # The confirming message is the last support; the first refutation is what turned it.
        settled = h.supporting[-1:] if h.status == "confirmed" else h.refuting[:1] if h.status == "refuted" else ()
        for ts in settled:
            if ts in by_ts:
                add(by_ts[ts], "diagnose", f"{h.id} {h.status}: {_quote(by_ts[ts])}")
    return tuple(sorted(events.values(), key=lambda e: (e.time, e.citations)))
