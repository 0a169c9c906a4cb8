"""The traps shared by the red-team tests: channels for the board (confirmations; raising and refuting)
and single messages for the reading of signals (detection, escalation, comms, deploys, findings).

A trap is a short channel written in general incident language with the final status each theory
must end in; the helpers fold it through the real board and say what the board got wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.analysis.classify import Reading, read
from bot.analysis.hypotheses import fold_messages
from bot.analysis.timeline import _kind
from bot.domain import Board, Hypothesis, TimelineKind
from tests.analysis.reading_support import one, said

Line = tuple[str, str] | tuple[str, str, int]
"""(who, text) or (who, text, index of the thread's parent line); who "bot" is an integration."""


@dataclass(frozen=True)
class Trap:
    family: str
    name: str
    lines: tuple[Line, ...]
    expect: dict[int, str]
    """Index of the line raising a theory -> that theory's final status."""
    causes: frozenset[int] = field(default_factory=frozenset)
    """Lines that state a cause in plain words: a new confirmed hypothesis raised there is right."""
    none: frozenset[int] = field(default_factory=frozenset)
    """Lines that raise no theory (a plan, a request, a question about process or status)."""


def fold(trap: Trap) -> tuple[list[str], tuple[Hypothesis, ...]]:
    messages = []
    for i, line in enumerate(trap.lines):
        who, text = line[0], line[1]
        parent = line[2] if len(line) == 3 else None  # type: ignore[misc]
        messages.append(said(i, text, who, bot=who == "bot", thread=parent))
    board = fold_messages(Board(channel="CINC"), messages)
    return [m.ts for m in messages], board.hypotheses


def problems(trap: Trap) -> list[str]:
    """What the board got wrong on ``trap``: a theory not raised or in the wrong status, or a
    confirmation of something no line stated as the cause."""
    ts, hypotheses = fold(trap)
    out = []
    by_raised = {h.raised_ts: h for h in hypotheses}
    for line, want in trap.expect.items():
        h = by_raised.get(ts[line])
        if h is None:
            out.append(f"line {line}: no theory raised")
        elif want not in (h.status, EITHER) and not (want == UNSETTLED and h.status != "confirmed"):
            out.append(f"line {line}: {h.statement!r} is {h.status}, want {want}")
    for line in trap.none:
        raised = [h.statement for h in hypotheses if h.raised_ts == ts[line]]
        if raised:
            out.append(f"line {line}: raised {raised[0]!r}, no theory there")
    expected_ts = {ts[i] for i in trap.expect}
    cause_ts = {ts[i] for i in trap.causes}
    for h in hypotheses:
        if h.status == "confirmed" and h.raised_ts not in expected_ts and h.raised_ts not in cause_ts:
            out.append(f"stray confirmation: {h.statement!r}")
    return out


def wrongly_confirmed(trap: Trap) -> bool:
    """The board confirms a theory the trap expects open or refuted, or a statement nobody made."""
    ts, hypotheses = fold(trap)
    by_raised = {h.raised_ts: h for h in hypotheses}
    for line, want in trap.expect.items():
        h = by_raised.get(ts[line])
        if h is not None and h.status == "confirmed" and want not in ("confirmed", EITHER):
            return True
    allowed = {ts[i] for i in (*trap.expect, *trap.causes)}
    return any(h.status == "confirmed" and h.raised_ts not in allowed for h in hypotheses)


UNSETTLED = "not confirmed"
"""The channel leaves it open or doubts it: either is right, a confirmation is not."""
EITHER = "any"
"""The channel's verdict is arguable: only a confirmation elsewhere matters in this trap."""
T = Trap


# -- mitigation-step traps: which messages of a step the timeline cites -----------------------------

STEP_CLASSES = ("taken", "progress", "finish", "proposed", "ordered", "failed", "effect", "trend", "again")
"""How a line about a remediation step should be read:

- taken: the step reported taken or done (the first report): on the timeline as a mitigation;
- progress: the step reported under way, the first report of it ("draining now"): on the timeline;
- finish: the step reported finished after an earlier line reported it under way: see
  ``finish_cited`` (the same step, cited once);
- proposed: the step proposed, asked for, hedged or questioned: not on the timeline at all;
- ordered: the step ordered or chosen ("let's fail over"): maybe a decision, never a mitigation;
- failed: the step attempted and failed: maybe a finding, never a mitigation;
- effect: impact seen to stop (a metric back to normal, at zero, under its threshold) while impact
  was ongoing: on the timeline as a mitigation;
- trend: a metric moving, not a state reached: not on the timeline;
- again: the same step reported again (by a bot confirming it, or restated): not on the timeline.
"""


def _set_going_by_a_tool(lines: tuple[StepLine, ...], i: int) -> bool:
    """The step line ``i`` finishes was set going by a tool: the nearest earlier "progress" or "ordered"
    line is a bot's post or a person's chatops command ("/rollback …")."""
    for cls, who, text in reversed(lines[:i]):
        if cls in ("progress", "ordered", "taken"):
            return who == "bot" or who.endswith("bot") or text.lstrip().startswith("/")
    return False


def finish_cited(lines: tuple[StepLine, ...], i: int) -> bool:
    """Whether the "finish" line ``i`` is the step's moment. One step is one moment: a person's own "pausing
    X" … "X paused" is cited at the first report (the dev keys mostly do, docs/labelling.md: the same step
    reported again is not key); a step a tool only set going (a chatops command, a bot's "started") is cited
    where the tool reports it done."""
    return _set_going_by_a_tool(lines, i)


StepLine = tuple[str, str, str]
"""(class, who, text); who "bot" (or a name ending in "bot") is an integration; class "-" is context."""


@dataclass(frozen=True)
class StepTrap:
    name: str
    lines: tuple[StepLine, ...]


OPENING: tuple[tuple[str, str, bool], ...] = (
    ("alertbot", "[FIRING] error rate above threshold on the public api (12%)", True),
    ("kofi", "ack, looking. impact is customer facing", False),
)
"""Every trap starts with impact ongoing: an alert and an acknowledgement."""


def step_timeline(trap: StepTrap) -> tuple[list[str], dict[str, str]]:
    """The trap's lines' ts (after the opening) and the timeline it builds (cited ts -> kind)."""
    from bot.analysis.lifecycle import derive
    from bot.analysis.timeline import build_timeline
    from bot.domain import IncidentState

    messages = [said(i, text, who, bot=bot) for i, (who, text, bot) in enumerate(OPENING)]
    ts = []
    for i, (_, who, text) in enumerate(trap.lines):
        m = said(len(OPENING) + 2 * i, text, who, bot=who == "bot" or who.endswith("bot"))
        messages.append(m)
        ts.append(m.ts)
    board = fold_messages(Board(channel="CINC"), messages)
    state = derive(IncidentState(channel="CINC", name="inc-trap"), messages, board)
    cited = {}
    for event in build_timeline(messages, board, state):
        for c in event.citations:
            cited[c] = event.kind
    return ts, cited


def step_problems(trap: StepTrap) -> list[tuple[str, str]]:
    """(class, what went wrong) for each line the timeline reads against its class."""
    ts, cited = step_timeline(trap)
    out = []
    for i, ((cls, _, text), t) in enumerate(zip(trap.lines, ts, strict=True)):
        kind = cited.get(t)
        finished = any(
            line[0] == "finish" and finish_cited(trap.lines, j)
            for j, line in enumerate(trap.lines[i + 1 :], start=i + 1)
        )
        if cls == "progress" and finished:
            if kind in ("mitigate", "deploy"):
                out.append((cls, f"{text!r}: cited, though the step's completion follows"))
        elif cls in ("taken", "progress", "effect") or (cls == "finish" and finish_cited(trap.lines, i)):
            if kind not in ("mitigate", "deploy"):
                out.append((cls, f"{text!r}: not cited as a step (kind={kind})"))
        elif cls in ("ordered", "failed"):
            if kind in ("mitigate", "deploy") or (cls == "ordered" and kind is not None and kind != "decision"):
                out.append((cls, f"{text!r}: cited as {kind}"))
        elif cls in ("proposed", "trend", "again", "finish") and kind is not None:
            out.append((cls, f"{text!r}: cited as {kind}"))
    return out


# -- one-message traps (how a single message is read) -----------------------------------------------


@dataclass(frozen=True)
class Said:
    """One trap message and the reading it must get.

    ``family`` is the signal the trap is about (detect, ack, escalate, comms, deploy, finding);
    ``expect`` is that family's key event, or "not" when the message must not be read as one.
    """

    family: str
    expect: str
    name: str
    who: str
    text: str
    bot: bool = False


def reading_of(text: str, who: str = "ana", *, bot: bool = False) -> tuple[Reading, TimelineKind | None]:
    """The rules' reading of one message and the timeline kind it gets by itself."""
    message = one(text, who, bot=bot)
    reading = read(message)
    return reading, _kind(message, reading)


def reads_as(trap: Said) -> bool:
    """The engine reads ``trap`` as the key event it is, or as none.

    Detection and acknowledgement reach the timeline through the lifecycle (the first of each), so
    their signal is enough; every other kind needs its timeline kind as well.
    """
    r, kind = reading_of(trap.text, trap.who, bot=trap.bot)
    want = trap.expect
    if want == "detect":
        return r.detect and not r.alert_recovered
    if want == "ack":
        return r.ack or r.command
    if want == "escalate":
        return (r.escalate or r.command) and kind is not None
    if want == "comms":
        return kind == "comms" and not r.draft
    if want == "deploy":
        return kind == "deploy"
    if want == "fix":  # a fix or rollback going out: the deploy finishing or the step taken
        return kind in ("deploy", "mitigate")
    if want == "finding":
        return kind == "diagnose"
    assert want == "not", want
    if trap.family == "detect":
        return not r.detect
    return kind is None and not (
        r.escalate or r.command or r.comms or r.status or r.mitigation or r.decision or r.recovered
    )
