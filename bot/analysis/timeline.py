"""The incident timeline: decisive moments, each quoting and citing the message it comes from.

A postmortem timeline lists detection, the first acknowledgement, escalations, what diagnosis
found (theories settled, the cause identified), each mitigation step, decisions, communication
to customers, the fix going out and resolution — and not the chatter between them. Bots repeat
themselves (firing, re-firing, recovered), so each distinct bot post counts once, and an alert
recovering by itself is not an event of the incident.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.analysis import lexicon as lx
from bot.analysis import linear
from bot.analysis.bot_kind import is_public_page
from bot.analysis.classify import Reading, first_sentence, read
from bot.analysis.key_features import incident_features, with_words
from bot.analysis.linear import LinearModel
from bot.analysis.terms import SPECIFIC_WEIGHT, entities, key_terms, named
from bot.domain import Board, IncidentState, Message, TimelineEvent, TimelineKind

_SAME_STEP = timedelta(minutes=10)
"""Two reports of the same kind of step this close together are one step under way, then done."""
_SHARED_TERMS = 4
"""Content words two messages share when one restates the other (three also joins the finding that led
to the cause with the cause)."""
_MAX_COMMS = 1
"""Status posts that bring no new status: the first is the moment customers were told, later ones restate
progress. Each post announcing a new status (identified, monitoring, resolved) is a moment of its own."""
_DONE = re.compile(r"\b(?:finished|complete|completed|succeeded|done)\b", re.IGNORECASE)
"""A bot reporting that a deploy, rollout or job it announced has finished."""
_ABOUT_PAGE = re.compile(r"^\W*(?:\S+ ){0,2}status ?page\b", re.IGNORECASE)
"""A message whose subject is the status page ("Status page set to Monitoring: …", "posted on status page: …")."""
_FUTURE_HANDOVER = re.compile(r"\b(?:from|at|after|until) \d{1,2}(?::\d{2})?\b|\b(?:again|back)\b", re.I)


def _quote(message: Message) -> str:
    excerpt = first_sentence(message.text, 160)
    return excerpt if message.is_bot else f"{message.author}: {excerpt}"


def _kind(message: Message, reading: Reading) -> TimelineKind | None:
    """The timeline kind of a message that belongs on the timeline by itself, or None."""
    if reading.status == "resolved":
        return "resolve"
    if message.is_bot and lx.INCIDENT_OPENED.search(message.text) and not is_public_page(message):
        return "decision"  # an incident tool opening the incident sets command and severity
    if reading.decision or (reading.command and not _FUTURE_HANDOVER.search(_command_sentence(message.text))):
        return "decision"
    if (
        reading.comms
        and reading.status is not None
        and not reading.draft
        and (message.is_bot or _ABOUT_PAGE.search(message.text))
    ):
        return "comms"  # a status page set to "monitoring": customers told, whatever recovery it names
    if reading.mitigation or reading.recovered:
        return "mitigate"
    if reading.comms or (reading.status is not None and not reading.draft and message.is_bot):
        # A person saying "status: identified" in the channel tells the team, not the customers.
        return "comms"
    if (message.is_bot and reading.kind == "deploy") or reading.shipped:
        return "deploy"
    if reading.escalate:
        return "other"
    if reading.finding or reading.cause_found:
        return "diagnose"
    return None


def _audience(message: Message) -> int | None:
    """Where an announcement went (an index into lexicon.AUDIENCES; a status bot's post is the status
    page's), or None."""
    if message.is_bot and read(message).status is not None:
        return 0
    return next((i for i, p in enumerate(lx.AUDIENCES) if p.search(message.text)), None)


def _command_sentence(text: str) -> str:
    """The sentence that names the command change (a later sentence may be about something else)."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text.strip()):
        if lx.COMMAND.search(sentence):
            return sentence
    return text


def _repeats(message: Message, steps: Sequence[Message]) -> Message | None:
    """The earlier step that ``message`` reports again (it names the same things with the same kind of
    action), or None."""
    family = lx.mitigation_family(message.text)
    names = named(message.text)
    kinds = lx.step_kinds(message.text)
    for earlier in reversed(steps):
        if message.time - earlier.time > _SAME_STEP:
            continue  # a step on the same thing later on is the next step ("block all" … "allow eu back")
        shared = names & named(earlier.text)
        if any(entities(message.text).get(n, 0) >= SPECIFIC_WEIGHT for n in shared):
            return earlier
        # "pausing X" … "X paused": the verb's form differs, the kind of step does not.
        same_kind = (family is not None and family == lx.mitigation_family(earlier.text)) or bool(
            kinds & lx.step_kinds(earlier.text)
        )
        if same_kind and (shared or not names or (_same_author(message, earlier) and _reports_done(message.text))):
            # One person reporting the state reached by the kind of step they just started ("freezing
            # the scaler" … "scaler frozen, queue paused") is still that step; "pausing X as well" is not.
            return earlier
    return None


_STARTED = re.compile(r"\b(?:start(?:ed|ing)|kicked off|triggered|in progress|queued|running)\b", re.IGNORECASE)
"""A bot announcing a step it has begun, not finished."""


def _under_way(message: Message) -> bool:
    """The step is only set going: a person's chatops command ("/rollback api"), a bot's "started"."""
    text = message.text.strip()
    if message.is_bot:
        return bool(_STARTED.search(text)) and not _DONE.search(text)
    return text.startswith("/")


def _finishes(message: Message, earlier: Message) -> bool:
    """``message`` reports done the step ``earlier`` only set going by a tool: a person's chatops command
    ("/rollback api" … "rollback of api finished") or a bot's "rollback started" … "rollback finished". The
    command and the "started" are the tool's echo of an intent; the report that the step ran is its moment.
    A person's own "pausing X" … "X paused" stays at the first report (the keys cite it there)."""
    if earlier.is_bot != message.is_bot and not earlier.text.lstrip().startswith("/"):
        return False
    if not message.is_bot or not _under_way(earlier) or _under_way(message) or _counts_part(message.text):
        return False
    return bool(_DONE.search(message.text)) or not _STARTED.search(message.text)


def _same_author(a: Message, b: Message) -> bool:
    return not a.is_bot and not b.is_bot and bool(a.user) and a.user == b.user


_UNDER_WAY = re.compile(r"ing\b", re.IGNORECASE)


def _reports_done(text: str) -> bool:
    """The step is reported as a state reached ("paused", "reverted", "block live"), not under way
    ("pausing …")."""
    step = lx.MITIGATION_ACTION.search(text)
    return step is not None and not _UNDER_WAY.search(step.group(0))


def _restates(message: Message, decisions: Sequence[Message]) -> bool:
    """A person reporting the step a decision just ordered, adding nothing it did not name ("decision:
    roll back the capacity change" … "rolling back now"): the decision is the moment."""
    family = lx.mitigation_family(message.text)
    return family is not None and any(
        timedelta(0) <= message.time - d.time <= _SAME_STEP
        and family == lx.mitigation_family(d.text)
        and not named(message.text) - named(d.text)
        for d in decisions
    )


def _echoes(message: Message, steps: Sequence[Message]) -> Message | None:
    """The person's step a bot post confirms, taken minutes before ("froze prod changes" … "Change freeze
    ACTIVE"), or None."""
    kinds = lx.step_kinds(message.text)
    if not kinds:
        return None
    return next(
        (
            earlier
            for earlier in reversed(steps)
            if not earlier.is_bot
            and timedelta(0) <= message.time - earlier.time <= _SAME_STEP
            and kinds & lx.step_kinds(earlier.text)
        ),
        None,
    )


def _replace(events: dict[str, TimelineEvent], earlier: Message, marked: dict[str, str]) -> bool:
    """Drop the event of a step only begun so its completion can stand for it (not one a person marked)."""
    event = events.get(earlier.ts)
    if event is None or earlier.ts in marked or event.kind != "mitigate":
        return False
    del events[earlier.ts]
    return True


def _outside_signal(message: Message, reading: Reading) -> str | None:
    """Where a detection signal from outside the monitoring came from ("ticket", "customer"), or None.

    Support tickets and customers' reports are detection in their own right (a postmortem lists the
    first of each beside the first alert); one more alert or a responder seeing the symptom is not.
    """
    if not reading.detect or reading.alert_recovered:
        return None
    if lx.TICKET.search(message.text):
        return "ticket"
    if not message.is_bot and lx.CUSTOMER_REPORT.search(message.text):
        return "customer"
    return None


def _until(state: IncidentState, messages: Sequence[Message]) -> datetime | None:
    """Detection signals after the incident is declared, the cause known or impact stopped confirm the
    impact, they do not detect it: once responders have set a severity or a commander, one more ticket
    or customer report is the impact being felt, not the incident being noticed."""
    declared = next((m.time for m in messages if _declares(m)), None)
    times = [t for t in (declared, state.identified_at, state.impact_read_at, state.resolved_at) if t is not None]
    return min(times) if times else None


def _declares(message: Message) -> bool:
    """The message declares the incident: an incident tool opening it, or a person setting its severity
    or taking command."""
    if message.is_bot:
        return bool(lx.INCIDENT_OPENED.search(message.text))
    return read(message).command


def _first_statement(confirming: Message, messages: Sequence[Message], raised_ts: str | None) -> Message:
    """The first statement of what ``confirming`` says: a person stating the cause minutes before
    the message that confirmed the theory ("so X is serving an old copy" … "Cause: X serves an old
    record") is the moment it was found; the later message restates it."""
    terms = key_terms(confirming.text)
    first = confirming
    for message in messages:
        if message.time >= confirming.time:
            break
        if (
            confirming.time - message.time > _SAME_STEP
            or message.is_bot
            or message.ts == raised_ts
            or message.text.rstrip().endswith("?")
        ):
            continue
        if len(terms & key_terms(message.text)) >= _SHARED_TERMS:
            return message
    return first


def _recaps_cause(message: Message, state: IncidentState) -> bool:
    """A person summing up what is known under a recap label while impact lasts: the cause told to
    the room. After impact stopped the same label opens the write-up."""
    if message.is_bot or message.text.rstrip().endswith("?") or not lx.CAUSE_RECAP.search(message.text):
        return False
    return state.impact_read_at is None or message.time < state.impact_read_at


_COUNTER = re.compile(r"\b(\d+)\s*/\s*(\d+)\b")
_COUNTED = re.compile(r"\b(\d+)\s*(?:/|of)\s*(\d+)\b")


def _counts_part(text: str) -> bool:
    """A count short of the whole ("3 of 8 bounced", "2/9 nodes"): progress on a step, not its end."""
    return any(0 < int(a) < int(b) for a, b in _COUNTED.findall(text)) or bool(lx.TREND.search(text))


def _partway(text: str) -> bool:
    """A bot counting progress on a step ("2/9 nodes on v1.4"), short of done."""
    return any(0 < int(a) < int(b) for a, b in _COUNTER.findall(text)) and not _DONE.search(text)


def _written_up(message: Message, state: IncidentState) -> bool:
    """The message writes the incident up rather than moving it: a draft of text for customers or the
    report, or a summary after the incident was resolved (the timeline keeps the moments, not the recap)."""
    if read(message).draft:
        return True
    return state.resolved_at is not None and message.time > state.resolved_at


def _restated_commands(messages: Sequence[Message], events: dict[str, TimelineEvent], skip: set[str]) -> list[str]:
    """People's command messages that restate a declaration made minutes apart: a person repeating the
    severity an incident tool just opened the incident with ("Incident declared … SEV-2" … "I'm IC, sev2"),
    or someone taking command without a severity while the severity is declared in the same minutes
    ("taking IC" … "sev1, whole site"). The declaration is the moment; one command change is one event."""
    commands = [m for m in messages if m.ts in events and m.ts not in skip and not m.is_bot and read(m).command]
    opened = [m.time for m in messages if m.is_bot and lx.INCIDENT_OPENED.search(m.text)]
    severe = [m for m in commands if lx.SEVERITY_TOKEN.search(m.text)]
    dropped = []
    for m in commands:
        if read(m).decision:
            continue  # it also decides a course of action: that is news of its own
        restates_tool = any(abs(m.time - t) <= _SAME_STEP for t in opened)
        beside_severity = not lx.SEVERITY_TOKEN.search(m.text) and any(
            o is not m and abs(m.time - o.time) <= _SAME_STEP for o in severe
        )
        if restates_tool or beside_severity:
            dropped.append(m.ts)
    return dropped


def rule_kinds(messages: Sequence[Message]) -> dict[str, TimelineKind | None]:
    """ts -> the timeline kind the rules give each message by itself (None: no kind of its own)."""
    return {m.ts: _kind(m, read(m)) for m in messages if m.subtype not in ("channel_join", "channel_leave")}


def rules_timeline(
    messages: Sequence[Message], board: Board, state: IncidentState, marked: dict[str, str] | None = None
) -> tuple[TimelineEvent, ...]:
    """The rules' timeline: detection, acknowledgement, escalations, decisions, hypothesis milestones, mitigation steps,
    comms and resolution, in time order.

    Args:
        marked: ts -> who marked it as a key event; marked messages always appear.
    """
    return _rules_timeline(messages, board, state, marked or {})[0]


def _rules_timeline(
    messages: Sequence[Message], board: Board, state: IncidentState, marked: dict[str, str]
) -> tuple[tuple[TimelineEvent, ...], frozenset[str]]:
    """The rules' timeline and the messages they folded into a moment already on it (a step begun then
    reported done, a progress counter, a bot echoing a person, the same post again, a later status-page
    post restating progress, a person restating a tool's command): the scorer may drop a moment, but
    adding one of these back would tell the same moment twice."""
    merged: set[str] = set()
    by_ts = {m.ts: m for m in messages}
    events: dict[str, TimelineEvent] = {}
    seen_bot: list[tuple[frozenset[str], bool, bool, str | None]] = []
    comms = 0
    told: set[str] = set()
    audiences: set[int | None] = {None}
    resolved_by: set[str] = set()
    """Who has declared the incident over so far: the team, the status page."""
    recapped = False
    recovered = False
    reported = False
    steps: list[Message] = []
    ordered: list[Message] = []
    """Decisions that order a step: a person then reporting the step repeats the decision, while a
    deploy bot reporting it run is the step taking effect."""

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

    detect = next((m for m in messages if state.detected_at is not None and m.time == state.detected_at), None)
    ack = next((m for m in messages if state.acknowledged_at is not None and m.time == state.acknowledged_at), None)
    if detect is not None:
        add(detect, "detect", f"Detected: {_quote(detect)}")
        seen_bot.append((key_terms(detect.text), False, False, None))
    if ack is not None and ack is not detect:
        add(ack, "other", f"Acknowledged: {_quote(ack)}")

    sources: set[str | None] = {None, _outside_signal(detect, read(detect)) if detect is not None else None}
    noticed = _until(state, messages)
    for message in messages:
        if message.subtype in ("channel_join", "channel_leave"):
            continue
        reading = read(message)
        if message.ts in marked:
            add(message, _kind(message, reading) or "other")
            continue
        if (
            detect is not None
            and detect.time < message.time < (noticed or message.time + _SAME_STEP)
            and (source := _outside_signal(message, reading)) not in sources
        ):
            sources.add(source)  # the first ticket or customer report after the first alert
            add(message, "detect", f"Detected: {_quote(message)}")
            continue
        opened = message.is_bot and bool(lx.INCIDENT_OPENED.search(message.text))
        if reading.alert_recovered or (message.is_bot and reading.kind == "chatter" and not opened):
            continue
        kind = _kind(message, reading)
        if kind is None and not recapped and _recaps_cause(message, state):
            recapped = True
            kind = "diagnose"
        if kind is None or (kind in ("mitigate", "diagnose", "deploy") and resolved_by):
            continue
        if (
            kind == "mitigate"
            and reading.mitigation
            and not reading.recovered
            and state.impact_read_at is not None
            and message.time > state.impact_read_at + _SAME_STEP
        ):
            continue  # after impact stopped, steps are clean-up (unpausing, draining, lifting a limit)
        if message.is_bot and kind in ("mitigate", "deploy") and _partway(message.text):
            merged.add(message.ts)
            continue  # "2/9 nodes done": a counter on a step already under way; its start and end are the moments
        echoed = _echoes(message, steps) if message.is_bot and kind in ("mitigate", "deploy") else None
        if echoed is not None and not _finishes(message, echoed):
            merged.add(message.ts)
            continue  # a bot confirming the step a person just reported: the person's words are the moment
        if message.is_bot:
            terms = key_terms(message.text)
            done = bool(_DONE.search(message.text))
            step = reading.mitigation
            if any(
                len(terms & prev) >= max(2, len(terms) // 2)
                and done <= was_done
                and step <= was_step
                and reading.status == status
                for prev, was_done, was_step, status in seen_bot
            ):
                merged.add(message.ts)
                continue  # the same bot post again; a change finishing or undone, or a new status, is news
            seen_bot.append((terms, done, step, reading.status))
        if kind == "resolve" and (state.resolved_at is None or message.time >= state.resolved_at):
            # The team declaring it over and the status page telling customers so are two moments;
            # a second declaration by either is the same one again. A resolution that did not hold (a page
            # closed, then the incident reopened) is a moment too, but work went on after it.
            voice = "page" if is_public_page(message) else "team"
            if voice in resolved_by:
                merged.add(message.ts)
                continue
            resolved_by.add(voice)
        if kind == "mitigate" and reading.recovered and not reading.mitigation:
            if (
                recovered
                or (state.impact_read_at is not None and message.time < state.impact_read_at)
                or (state.impact_read_at is not None and message.time > state.impact_read_at + _SAME_STEP)
            ):
                # After the first "it's back", more of the same is clean-up; before the recovery the
                # lifecycle kept (a later regression or declaration undid it), it did not hold; well after
                # impact stopped, a metric at normal is watching, not the moment impact stopped.
                continue
            recovered = True
        earlier = echoed or (_repeats(message, steps) if kind == "mitigate" and reading.mitigation else None)
        if earlier is not None and _finishes(message, earlier) and _replace(events, earlier, marked):
            merged.add(earlier.ts)
            steps.remove(earlier)  # begun, then reported done: one step, cited where it was taken
        elif earlier is not None or (
            kind == "mitigate"
            and reading.mitigation
            and not reading.recovered  # "rolled back, error rate back to baseline" adds the recovery
            and not message.is_bot
            and _restates(message, ordered)
        ):
            merged.add(message.ts)
            continue  # the same step reported again: the first report is the moment
        if kind == "mitigate" and reading.mitigation:
            steps.append(message)
        elif kind == "decision" and reading.mitigation and not message.is_bot:
            ordered.append(message)
        if kind == "comms":
            published = lx.PUBLISHED_REPORT.search(message.text) or lx.PUBLISHED_REPORT_MORE.search(message.text)
            if published and not reported:
                reported = True  # the public report is its own moment of communication
            elif reading.status is not None and reading.status not in told and not reading.draft:
                told.add(reading.status)  # customers told of a new status: each change is a moment
                comms += 1  # … and a later post repeating a status restates progress
            elif not message.is_bot and lx.ANNOUNCED.search(message.text) and _audience(message) not in audiences:
                comms += 1  # the first announcement through each channel (the status page, emails, a statement)
            elif comms >= _MAX_COMMS:
                merged.add(message.ts)
                continue
            else:
                comms += 1
                if reading.status is not None:
                    told.add(reading.status)
            audiences.add(_audience(message))
        add(message, kind)

    for ts in _restated_commands(messages, events, skip={m.ts for m in (detect, ack) if m is not None} | set(marked)):
        del events[ts]
        merged.add(ts)
    for h in board.hypotheses:
        if h.status != "confirmed":
            continue  # a theory ruled out is diagnosis work, summed up on the board rather than the timeline
        for ts in h.backing[:1]:
            if ts in by_ts:
                first = _first_statement(by_ts[ts], messages, h.raised_ts)
                if first.ts not in marked and _written_up(first, state):
                    continue
                if first.ts in events and events[first.ts].kind == "diagnose" and first.ts not in marked:
                    del events[first.ts]  # a finding that confirmed a hypothesis is told as that confirmation
                add(first, "diagnose", f"{h.id} {h.status}: {_quote(first)}")
    return tuple(sorted(events.values(), key=lambda e: (e.time, e.citations))), frozenset(merged - set(events))


def build_timeline(
    messages: Sequence[Message], board: Board, state: IncidentState, marked: dict[str, str] | None = None
) -> tuple[TimelineEvent, ...]:
    """The incident's timeline: the rules' proposals (``rules_timeline``), kept, dropped and extended
    by the fitted key-event scorer (``adopt``).

    Why a scorer decides and not the rules alone: rules written by reading dev channels lift those
    channels and leave fresh ones where they were. The scorer reads the rules' signals and the words
    of each message under a batch guard (a word counts only if several independently written batches
    use it). Judged on two dev batches no rule writer and no fit had seen, it raised timeline F1
    0.566 -> 0.606 and lowered neither batch (docs/learned-models.md, session 9). The weights are
    data: ``bot/analysis/models/key_events*.json``, regenerated by ``scripts/train_key_events.py``.
    """
    marks = marked or {}
    if any(h.raised_by_model for h in board.hypotheses):
        # The timeline's rules and its key-event scorer were written and fitted on the rules' boards:
        # a theory the raise model put there (HYPOTHESIS_RAISE_MODEL) is a guess, not a moment.
        board = board.model_copy(update={"hypotheses": tuple(h for h in board.hypotheses if not h.raised_by_model)})
    events, merged = _rules_timeline(messages, board, state, marks)
    keep, add, prior = _models()
    return adopt(messages, board, state, events, marked=marks, models=(keep, add), merged=merged, prior=prior)


KEEP_MODEL, ADD_MODEL = "key_events", "key_events_add"
"""The shipped scorers' names: the keep/drop model for the rules' proposals and the adder."""


PRIOR_MODEL = "key_events_prior"
"""The keep model fitted in session 20 on 186 incidents, kept frozen beside the refit (session 47)."""


@functools.cache
def _models() -> tuple[LinearModel, LinearModel, LinearModel]:
    """The shipped (keep, add) scorers and the frozen prior keep model, read once per process."""
    return linear.load(KEEP_MODEL), linear.load(ADD_MODEL), linear.load(PRIOR_MODEL)


def scorer_features(
    messages: Sequence[Message],
    board: Board,
    state: IncidentState,
    events: Sequence[TimelineEvent],
    kinds: dict[str, TimelineKind | None],
) -> dict[str, dict[str, float]]:
    """What the key-event scorer reads of each message: the named signals and the words. One
    definition for the fit (``bot/playback/key_events_train.py``) and for ``adopt``, so the shipped
    weights always meet the features they were fitted on."""
    return with_words(incident_features(messages, board, state, kinds, events), messages)


FLOOR: frozenset[str] = frozenset({"mitigate", "deploy", "diagnose", "decision"})
"""Kinds of the rules' events the keep model may not drop: a step taken and its visible effect, what
the evidence showed and a decision taken are what a postmortem timeline must keep, however short the
channel (the diagnosis and decision kinds joined in session 20, when the refit on 186 incidents
dropped "wait. the restored tables have no rows" and a deploy-freeze decision)."""


STEP_CUT = 0.15
"""The keep probability under which an event of the floor's kinds is dropped after all (session 22).
The floor kept every one of them, and on dev 683 of the rules' 1,247 mitigation events were no key
moment; under this cut the keep model put 133 of dev's 1,182 scored mitigation proposals, 9 of them
key events. The highest cut (in steps of 0.05) at which every step trap still holds, so a step the
model merely doubts stays. Deploys, findings and decisions were put under the same cut after the
mitigation events passed the round's test."""


def _scored_in(keep: LinearModel, features: dict[str, dict[str, float]], event: TimelineEvent) -> bool:
    """The keep model keeps ``event``: a floor event unless it finds it implausible (under :data:`STEP_CUT`),
    any other at its own cut. One probability per citation, one comparison."""
    cut = min(STEP_CUT, keep.threshold) if event.kind in FLOOR else keep.threshold
    return any(keep.probability(features[ts]) >= cut for ts in event.citations)


def adopt(
    messages: Sequence[Message],
    board: Board,
    state: IncidentState,
    events: Sequence[TimelineEvent],
    *,
    marked: dict[str, str],
    models: tuple[LinearModel, LinearModel],
    merged: frozenset[str] = frozenset(),
    prior: LinearModel | None = None,
) -> tuple[TimelineEvent, ...]:
    """The rules' ``events`` filtered and extended by the (keep, add) models.

    A proposal the ``prior`` keep model keeps stays as well. Session 46 refit the keep model on
    hundreds of channels the first fit never saw, and it dropped steps, a ticket before the declaration
    and a recap of the cause, all of which the trap suite pins. Keeping the older model's choices as a
    floor lets the refit add moments without losing those (session 47).

    A theory the board confirmed stays (the cause found is the postmortem's own finding, not the
    scorer's call). Any other proposal is kept when the keep model scores its message at or above its
    cut; a message the rules did not propose is added when the add model scores it at or above its own
    cut, with the rules' kind when they gave it one, unless the rules ``merged`` it into a
    moment already told. A marked message always stays; so do the rules' steps and their visible
    effect (:data:`FLOOR`, while they score at least :data:`STEP_CUT`), and an
    event citing no scored message stays as the rules made it.
    """
    keep, add = models
    fixed = confirmations(events, board)
    kinds = rule_kinds(messages)
    features = scorer_features(messages, board, state, events, kinds)
    cited = {ts for e in events for ts in e.citations}
    out = [
        e
        for e in events
        if e.marked_by is not None
        or any(ts in marked or ts in fixed or ts not in features for ts in e.citations)
        or _scored_in(keep, features, e)
        or (prior is not None and _scored_in(prior, features, e))
    ]
    for message in messages:
        f = features.get(message.ts)
        if f is None or message.ts in cited or message.ts in merged or not add.says_yes(f):
            continue
        kind = kinds.get(message.ts) or _added_kind(read(message))
        out.append(TimelineEvent(time=message.time, event=_quote(message), kind=kind, citations=(message.ts,)))
    return tuple(sorted(out, key=lambda e: (e.time, e.citations)))


def confirmations(events: Sequence[TimelineEvent], board: Board) -> frozenset[str]:
    """The messages of ``events`` that tell a confirmed theory ("H2 confirmed: …")."""
    heads = tuple(f"{h.id} confirmed:" for h in board.hypotheses if h.status == "confirmed")
    if not heads:
        return frozenset()
    return frozenset(ts for e in events if e.kind == "diagnose" and e.event.startswith(heads) for ts in e.citations)


def _added_kind(reading: Reading) -> TimelineKind:
    """The kind of a message the scorer added that the rules gave no kind of its own."""
    if reading.mitigation or reading.recovered:
        return "mitigate"
    if reading.detect:
        return "detect"
    if reading.comms or reading.status is not None:
        return "comms"
    if reading.kind == "diagnose" or reading.finding or reading.cause_found:
        return "diagnose"
    return "other"
