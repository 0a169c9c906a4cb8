"""The prose parts of an offline postmortem, built only from cited messages and lifecycle times.

Every sentence here either quotes the transcript (with its ts) or says "Unknown" and what
evidence would settle it. Contributing factors are about systems and process: names and user
mentions are stripped from them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal

from bot.analysis import lexicon as lx
from bot.analysis.blameless import depersonalise
from bot.analysis.cause_features import confirmed_cause as confirmed
from bot.analysis.cause_features import rules_citations as cause_citations
from bot.analysis.cause_pick import CausePick
from bot.analysis.claims import cause_claim
from bot.analysis.classify import classify, first_sentence
from bot.analysis.factors import listed_factors, stated_factors
from bot.analysis.sentences import informative_sentence
from bot.analysis.terms import key_terms, overlap
from bot.domain import (
    UNKNOWN,
    Board,
    ContributingFactor,
    IncidentState,
    Message,
    Metrics,
    OpenQuestion,
    Why,
)
from bot.redaction.entities import SECRET_TYPES

_CAUSAL = re.compile(r"\b(?:because|due to|caused by|which (?:caused|meant|led)|so that|that'?s why|triggered)\b", re.I)
_WELL = re.compile(
    r"\b(?:went well|worked well|helped (?:a lot|us)|nice catch|good (?:call|catch)|"
    r"quick(?:ly)? (?:found|caught|rolled|spotted|noticed))\b",
    re.I,
)
_POORLY = re.compile(
    r"\b(?:went poorly|should have|wish we|took too long|slowed us|confus(?:ed|ing)|sent us down|red herring|"
    r"wasted|distracted)\b",
    re.I,
)


def minutes_between(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds() / 60.0, 1)


def metrics(state: IncidentState) -> Metrics:
    """Minutes from the first sign of trouble to each phase (DESIGN: metrics are from the start).

    A phase read before that start (a recap stating recovery before any alert fired, so detection, and
    with it the start, came later) moves the start back to it: a metric is never negative, and a
    postmortem whose metrics break the schema could not be drafted at all."""
    start = state.started_at or state.detected_at or state.opened_at
    phases = [t for t in (state.detected_at, state.acknowledged_at, state.mitigated_at, state.resolved_at) if t]
    if start is not None and phases and min(phases) < start:
        start = min(phases)
    return Metrics(
        time_to_detect_min=minutes_between(start, state.detected_at),
        time_to_acknowledge_min=minutes_between(start, state.acknowledged_at),
        time_to_mitigate_min=minutes_between(start, state.mitigated_at),
        time_to_resolve_min=minutes_between(start, state.resolved_at),
    )


def _cite(message: Message) -> str:
    return f"{informative_sentence(message.text, 180)} [ts {message.ts}]"


_CUSTOMER_REPORT = re.compile(
    r"\bcustomers?\b(?! (?:comms|communications?|updates?|notices?|support|success)\b)|\btickets?\b", re.I
)
"""Customers or tickets named as affected ("customer comms" is a job, not an impact)."""


def states_impact(text: str) -> bool:
    """``text`` gives an impact figure ("31% of checkouts", "212 merchants") or a symptom customers
    see ("users can't log in", "uploads failing"): naming customers alone ("loop in the customer
    team", "which customers use it?") is not impact."""
    for sentence in re.split(r"(?<=[.?!])\s+|\n+", text):
        if sentence.rstrip().endswith("?") or lx.MAY_SEE.search(sentence):
            continue  # "anyone else seeing slow builds?" asks, "users may see errors" drafts: neither states impact
        if lx.IMPACT_FIGURE.search(sentence) and lx.IMPACT_SUBJECT.search(sentence):
            return True
        if lx.VISIBLE_SYMPTOM.search(sentence):
            return True
    return False


def impact_messages(messages: Sequence[Message]) -> list[Message]:
    """Messages that describe customer impact, best first: the latest explicit "Impact:" statement,
    then the first report from someone facing customers, then any message with impact words; the
    last two only when they give a figure or a customer-visible symptom (``states_impact``)."""
    human = [m for m in messages if not m.is_bot and not lx.NOT_A_SYMPTOM.search(m.text)]
    explicit = [m for m in human if lx.EXPLICIT_IMPACT.search(m.text)]
    customers = [m for m in human if _CUSTOMER_REPORT.search(m.text) and states_impact(m.text)]
    general = [
        m
        for m in human
        if states_impact(m.text)
        and (
            (lx.IMPACT.search(m.text) and classify(m) in ("alert", "diagnose", "comms"))
            or lx.VISIBLE_SYMPTOM.search(m.text)  # "uploads failing": impact however it is classed
        )
        and not lx.NO_HYPOTHESIS_PREFIX.search(m.text)
    ]
    ordered = explicit[-1:] + customers[:1] + general
    return list({m.ts: m for m in ordered}.values())


def impact(messages: Sequence[Message]) -> str:
    """Up to two statements of customer-visible impact, quoted; Unknown when nobody said."""
    found = impact_messages(messages)
    if not found:
        return f"{UNKNOWN} — evidence needed: error rates or affected-customer counts for the incident window."
    return " ".join(_quote_impact(m) for m in found[:2])


def _quote_impact(message: Message) -> str:
    return f"{impact_excerpt(message)} [ts {message.ts}]"


def impact_excerpt(message: Message) -> str:
    """The part of a message that states impact (after an "Impact:" label when there is one)."""
    text = " ".join(message.text.split())
    match = lx.EXPLICIT_IMPACT.search(text)
    excerpt = text
    if match is not None:  # keep a labelled window ("Impact window HH:MM–HH:MM (~N min):"), drop a bare "Impact:" label
        excerpt = text[match.start() :] if match.group("window") else text[match.end() :].strip()
    return first_sentence(excerpt, 240)


RULES: Literal["rules"] = "rules"
"""Default for the ``cause`` arguments below: the rules' confirmed hypothesis, as before the ranker."""


def rules_pick(board: Board) -> CausePick | None:
    """The rules' root cause as a pick: the confirmed hypothesis and the messages behind it."""
    cause = confirmed(board)
    return CausePick(citations=cause_citations(cause), hypothesis=cause) if cause is not None else None


def _pick(board: Board, cause: CausePick | Literal["rules"] | None) -> CausePick | None:
    return rules_pick(board) if cause == RULES else cause if isinstance(cause, CausePick) else None


def cause_statement(pick: CausePick) -> str:
    """What the draft says the cause is: the confirmed hypothesis, or the sentence of the chosen
    message that states a cause (its causal sentence, else its most informative one)."""
    if pick.hypothesis is not None:
        return pick.hypothesis.statement
    assert pick.message is not None
    return _causal_sentence(pick.message.text) or informative_sentence(pick.message.text, 220)


def summary(
    state: IncidentState,
    board: Board,
    messages: Sequence[Message],
    impact_text: str,
    cause: CausePick | Literal["rules"] | None = RULES,
) -> str:
    picked = _pick(board, cause)
    parts = [f"{state.name} ({state.severity or 'severity ' + UNKNOWN})."]
    parts.append(impact_text if impact_text.lower().startswith("impact") else f"Impact: {impact_text}")
    parts.append(
        f"Detected {_when(state.detected_at)}; mitigated {_when(state.mitigated_at)}; "
        f"resolved {_when(state.resolved_at)}."
    )
    if picked is not None and picked.hypothesis is not None:
        h = picked.hypothesis
        parts.append(f"Confirmed cause ({h.id}): {h.statement} [ts {', '.join(picked.citations)}].")
    elif picked is not None:
        parts.append(f"Stated cause: {cause_statement(picked)} [ts {', '.join(picked.citations)}].")
    else:
        parts.append(f"Root cause: {UNKNOWN} — no hypothesis was confirmed in the channel.")
    return " ".join(parts)


def _when(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC") if when else UNKNOWN


def detection(state: IncidentState, messages: Sequence[Message]) -> str:
    first = next((m for m in messages if state.detected_at is not None and m.time == state.detected_at), None)
    if first is None:
        return f"{UNKNOWN} — evidence needed: the alert or report that opened the incident."
    how = "an automated alert" if first.is_bot else f"a report from {first.author}"
    text = f"Detected at {_when(state.detected_at)} by {how}: {_cite(first)}"
    if state.acknowledged_at is not None:
        ack = next((m for m in messages if m.time == state.acknowledged_at), None)
        text += f" Acknowledged at {_when(state.acknowledged_at)}"
        if ack is None:
            text += "."
        elif ack.is_bot:  # the pager's record names who acknowledged; quote it rather than guess
            text += f" on the pager: {_cite(ack)}."
        else:
            text += f" by {ack.author} [ts {ack.ts}]."
    return text


def five_whys(
    board: Board, messages: Sequence[Message], impact_text: str, cause: CausePick | Literal["rules"] | None = RULES
) -> tuple[Why, ...]:
    """A causal chain from the root cause (``cause``: the confirmed hypothesis by default, or the
    pick of :mod:`bot.analysis.cause_pick`), extended only by messages that explain it.

    The chain stops at the first step the transcript cannot answer, which is marked Unknown with
    the evidence needed: padding to five with guesses is what makes postmortems untrustworthy.
    """
    picked = _pick(board, cause)
    if impact_text.startswith(UNKNOWN):
        first_why = "Why did the incident happen?"
    else:
        symptom = re.sub(r"\s*\[ts [^\]]*\].*$", "", impact_text).rstrip(" .")
        first_why = f"Why was there customer impact (“{first_sentence(symptom, 120)}”)?"
    if picked is None:
        return (
            Why(
                why=first_why,
                answer=f"{UNKNOWN} — evidence needed: a hypothesis confirmed "
                "by metrics, logs or a change that stopped the symptom when undone.",
            ),
        )
    statement = cause_statement(picked)
    chain = [Why(why=first_why, answer=statement, citations=picked.citations)]
    terms = key_terms(statement)
    # The earlier findings a cause cites back it without being it: they may still answer a later why.
    used = {*picked.citations, *(picked.hypothesis.backing if picked.hypothesis is not None else ())}
    explains = {
        m.ts: sentence
        for m in messages
        if not m.is_bot and not lx.STATUS_UPDATE.search(m.text) and (sentence := _causal_sentence(m.text)) is not None
    }
    for _ in range(4):
        explainer = next(
            (
                m
                for m in messages
                if m.ts not in used and m.ts in explains and overlap(key_terms(explains[m.ts]), terms) >= 2
            ),
            None,
        )
        if explainer is None:
            chain.append(
                Why(
                    why=f"Why did that happen ({first_sentence(chain[-1].answer, 80)})?",
                    answer=f"{UNKNOWN} — evidence needed: the change, config or capacity record that "
                    "explains it (ask the owning team in the review).",
                )
            )
            break
        used.add(explainer.ts)
        chain.append(
            Why(
                why=f"Why did that happen ({first_sentence(chain[-1].answer, 80)})?",
                answer=explains[explainer.ts],
                citations=(explainer.ts,),
            )
        )
        terms = terms | key_terms(explainer.text)
    return tuple(chain)


def _causal_sentence(text: str) -> str | None:
    """The sentence of ``text`` that explains something: one with a causal word ("because", "due to",
    "which caused"), a cause and its effect ("…, so every update was rejected", "a -> b -> c") or a
    cause stated as found (:func:`cause_claim`); None when no sentence does. The answer quotes that
    sentence, not the preamble before it."""
    flat = " ".join(text.split())
    # Notes and action items for the review restate the incident as tasks ("… must run with X
    # removed"): only a causal word counts there, not the shape of a cause.
    listed = bool(lx.LIST_HEADING.search(text) or lx.NO_HYPOTHESIS_PREFIX.search(text)) or (
        sum(1 for line in text.splitlines() if lx.LIST_ITEM.match(line)) >= 2
    )
    for sentence in re.split(r"(?<=[.!?])\s+", flat):
        if _CAUSAL.search(sentence) or (not listed and cause_claim(sentence) is not None):
            return first_sentence(sentence, 220)
    return None


def _preceding_change(messages: Sequence[Message], state: IncidentState) -> Message | None:
    """The last deploy announced by a bot in the two hours before the first sign of trouble."""
    start = state.started_at or state.detected_at
    if start is None:
        return None
    changes = [
        m
        for m in messages
        if m.is_bot and classify(m) == "deploy" and timedelta(0) <= start - m.time <= timedelta(hours=2)
    ]
    return changes[-1] if changes else None


def contributing_factors(
    board: Board, messages: Sequence[Message], state: IncidentState, names: Sequence[str]
) -> tuple[ContributingFactor, ...]:
    factors: list[ContributingFactor] = list(listed_factors(messages, names))
    cited = {ts for f in factors for ts in f.citations}
    stated = stated_factors(messages, names, cited, after=state.mitigated_at or state.resolved_at)
    cause = confirmed(board)
    if cause:
        factors.append(
            ContributingFactor(
                text=depersonalise(cause.statement, names),
                category="technical",
                citations=cause_citations(cause),
            )
        )
    factors.extend(stated)
    change = _preceding_change(messages, state)
    start = state.started_at or state.detected_at
    if change is not None and start is not None:
        gap = minutes_between(change.time, start)
        factors.append(
            ContributingFactor(
                text=f"A production change preceded the first symptom by {gap:g} min: "
                f"{first_sentence(change.text, 140)}",
                category="technical",
                citations=(change.ts,),
            )
        )
    refuted = [h for h in board.hypotheses if h.status == "refuted"]
    if len(refuted) >= 2:
        factors.append(
            ContributingFactor(
                text=f"{len(refuted)} plausible causes ({', '.join(h.id for h in refuted)}) had to be ruled out "
                "before the actual cause was examined",
                category="human-system",
                citations=tuple(ts for h in refuted for ts in h.refuting[:1]),
            )
        )
    return tuple(factors[:MAX_FACTORS])


MAX_FACTORS = 12
"""Contributing factors a draft lists: responders' own notes first, then what the rules infer."""


def is_pleasantry(text: str) -> bool:
    """True when a message only thanks or praises ("thanks all, nice work today"): manners, not a finding.

    A pleasantry next to a substantive clause ("thanks — the runbook was out of date") is kept, because
    the clause is the finding.
    """
    if not lx.PLEASANTRY.search(text):
        return False
    rest = lx.PLEASANTRY.sub(" ", _without_mentions(text))
    words = [w for w in re.findall(r"[a-z']+", rest.lower()) if w not in lx.PLEASANTRY_FILLER]
    return not words


def _without_mentions(text: str) -> str:
    """Text without mentions and emoji codes, which say nothing about what happened."""
    return re.sub(r"<@[^>]+>|:[a-z0-9_+\-]+:", " ", text)


def lessons(board: Board, messages: Sequence[Message], state: IncidentState) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What went well and what went poorly, each item quoting or computing from cited facts."""
    well: list[str] = []
    poorly: list[str] = []
    m = metrics(state)
    # Every figure here is the Key metrics table's figure (minutes from the start of impact), so a
    # reader never meets two numbers for one phase.
    if m.time_to_detect_min is not None and m.time_to_detect_min <= 5:
        well.append(f"Detection was fast: {m.time_to_detect_min:g} min from the start of impact.")
    ack, detect = m.time_to_acknowledge_min, m.time_to_detect_min
    if ack is not None and detect is not None and ack - detect > 5:
        poorly.append(f"Acknowledgement came {ack:g} min after the start of impact (detection was at {detect:g} min).")
    if m.time_to_mitigate_min is not None:
        (well if m.time_to_mitigate_min <= 30 else poorly).append(
            f"Mitigation came {m.time_to_mitigate_min:g} min after the start of impact."
        )
    page = next(
        (
            x
            for x in messages
            if not x.is_bot
            and lx.STATUS_PAGE.search(x.text)
            and re.search(r"\b(?:posted|updated|marked)\b", x.text, re.I)
        ),
        None,
    )
    comms = [x for x in messages if classify(x) == "comms" and not x.is_bot]
    if page is not None:
        well.append(f"Customers were told through the status page at {page.time:%H:%M} UTC [ts {page.ts}].")
    elif comms:
        well.append(f"Stakeholders were updated during the incident [ts {comms[0].ts}].")
    else:
        poorly.append("No customer or status-page update appears in the channel.")
    decision = next((x for x in messages if not x.is_bot and lx.DECISION.search(x.text)), None)
    if decision is not None:
        well.append(f"The mitigation decision and its alternatives were stated in the channel: {_cite(decision)}")
    refuted = [h for h in board.hypotheses if h.status == "refuted"]
    if refuted:
        poorly.append(
            "Time went to hypotheses that were later ruled out: "
            + "; ".join(f"{h.id} {h.statement}" for h in refuted)
            + "."
        )
    for message in messages:
        if message.is_bot or is_pleasantry(message.text):
            continue
        if _WELL.search(message.text):
            well.append(_cite(message))
        elif _POORLY.search(message.text):
            poorly.append(_cite(message))
    pasted = [x for x in messages if set(x.redacted) & SECRET_TYPES]
    if pasted:
        # Hygiene, not a cause: a pasted credential did not make the incident happen or last longer.
        poorly.append(
            f"Hygiene (not a cause): credentials were pasted into the incident channel {len(pasted)} time(s); "
            f"each needs rotating [ts {', '.join(x.ts for x in pasted)}]."
        )
    return tuple(well[:6]), tuple(poorly[:7])


def generated_questions(state: IncidentState, board: Board, cause: CausePick | None = None) -> tuple[OpenQuestion, ...]:
    """What the draft cannot answer from the channel. A cause someone stated but no hypothesis confirmed
    is written in the draft, so the question is whether it was checked, not what it was."""
    found: list[OpenQuestion] = []
    if confirmed(board) is None and cause is not None and cause.message is not None:
        found.append(
            OpenQuestion(
                text="Was the stated root cause checked?",
                evidence_needed="Metrics or logs that show it, or a change whose reversal ended the symptom",
            )
        )
    elif confirmed(board) is None:
        found.append(
            OpenQuestion(
                text="What was the root cause?",
                evidence_needed=(
                    "A hypothesis confirmed by metrics or logs, or a change whose reversal ended the symptom"
                ),
            )
        )
    if state.started_at is None:
        found.append(
            OpenQuestion(
                text="When did customer impact begin?",
                evidence_needed="The first failing request in logs or the error-rate graph",
            )
        )
    if state.mitigated_at is None:
        found.append(
            OpenQuestion(
                text="When was impact mitigated?",
                evidence_needed="The time error rate or latency returned to baseline",
            )
        )
    return tuple(found)
