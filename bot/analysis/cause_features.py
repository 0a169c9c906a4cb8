"""Which message states the root cause? Named features of every person's message, for a fitted ranker.

The rules (hypotheses.py) confirm a theory or take a stated cause as found; a postmortem then cites
the messages behind it. On channels the rules were not written from, the cause is often stated in a
shape no rule reads, or the rules settle on a side finding. A ranker over general signals (the
rules' own readings, the shape of the sentence, where the message sits in the incident, who wrote it
and what it shares with the theory, the fix and the first alert) weighs them with weights fitted over
every dev incident at once (``scripts/train_cause.py``).

Every feature is a general signal: a rule reading, a lexicon class matched as a boolean, structure or
a relation between messages. None is a word taken from a dev channel. The whole extraction is one
pass over the transcript plus a look at the next few messages of each (no pairwise pass).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from bot.analysis import lexicon as lx
from bot.analysis.claims import claim_entities, hedged
from bot.analysis.classify import read
from bot.analysis.hypotheses import clause_claims
from bot.analysis.terms import SPECIFIC_WEIGHT, entities, entity_overlap
from bot.domain import Board, Hypothesis, IncidentState, Message

FEATURES: tuple[str, ...] = (
    # the rules' own readings of the message
    "rules_cited",
    "supports_confirmed",
    "raises_confirmed",
    "supports_refuted",
    "raises_open_theory",
    "cause_claim",
    "finding_claim",
    "theory_claim",
    "causal_word",
    "reading_cause_found",
    "reading_finding",
    "reading_mitigation",
    "reading_decision",
    "kind_diagnose",
    "kind_mitigate",
    "kind_comms",
    "kind_chatter",
    "kind_resolve",
    # lexicon classes (each a general shape of statement)
    "lex_cause_statement",
    "lex_cause_is",
    "lex_cause_because",
    "lex_causal_verb",
    "lex_cause_so",
    "lex_cause_sure",
    "lex_done_failure",
    "lex_failure_effect",
    "lex_recap",
    "lex_strong_support",
    "lex_affirm",
    "lex_refute",
    "lex_mitigation_action",
    "hedged",
    "negated",
    "question",
    # structure
    "thread_reply",
    "thread_parent",
    "words_le_6",
    "words_7_20",
    "words_21_50",
    "words_gt_50",
    "list_or_notes",
    "status_update",
    "draft_or_quote",
    "has_number",
    "has_code",
    "has_mention",
    # position
    "position",
    "before_identified",
    "near_identified",
    "before_mitigated",
    "after_resolved",
    "first_cause_statement",
    "last_cause_statement",
    # people and relations
    "author_is_ic",
    "author_raised_confirmed",
    "shares_confirmed_entity",
    "shares_mitigation_entity",
    "shares_alert_entity",
    "agreed_after",
    "restated_later",
)
"""The names of every feature, in a fixed order (the model may weigh any subset)."""

_CAUSAL = re.compile(
    r"\b(?:because|due to|caused by|which (?:caused|meant|led)|that'?s why|triggered|root cause)\b", re.I
)
_NUMBER = re.compile(r"\d")
_CODE = re.compile(r"`")
_QUOTE = re.compile(r"[\"“][^\"“”]{12,}[\"”]|(?:^|(?<=[\s:(]))'[^'\n]{12,}'(?=[\s.,;!?)]|$)|^\s*>", re.MULTILINE)
"""Words in quotes or a quoted block: someone else's text (a draft for customers, a ticket)."""
_MENTION = re.compile(r"<@[UW][A-Z0-9]+")
_AGREE_WINDOW = 3
"""How many later messages (or replies in its thread) may agree with a message."""
_LOOK_AHEAD = 12
"""How many later people's messages may restate a cause (a bounded look, not a pairwise pass)."""
_NEAR_MINUTES = 20.0
"""Minutes either side of the moment the cause was identified that count as "near" it."""
_QUIET = frozenset({"channel_join", "channel_leave", "channel_topic", "channel_purpose", "pinned_item"})


@dataclass(frozen=True)
class Candidate:
    """One person's message that may state the cause, with its features."""

    message: Message
    features: Mapping[str, float]


CAUSE_SHAPED: tuple[str, ...] = (
    "rules_cited",
    "supports_confirmed",
    "cause_claim",
    "finding_claim",
    "causal_word",
    "reading_cause_found",
    "lex_cause_statement",
    "lex_cause_is",
    "lex_cause_because",
    "lex_causal_verb",
    "lex_cause_so",
    "lex_cause_sure",
    "lex_done_failure",
    "lex_recap",
)
"""Features that say a message reads as a cause, a finding or a confirmation: a message with none of
them is never stated as the cause, however the ranker scores it."""


def cause_shaped(candidate: Candidate) -> bool:
    """``candidate`` reads as a cause, a finding or a confirmation (:data:`CAUSE_SHAPED`)."""
    return any(candidate.features.get(name) for name in CAUSE_SHAPED)


def is_candidate(message: Message) -> bool:
    """A person's own message (bots post alerts and status text, not the cause as found)."""
    return not message.is_bot and message.subtype not in _QUIET and bool(message.text.strip())


def confirmed_cause(board: Board) -> Hypothesis | None:
    """The rules' root cause (``report.confirmed`` is this function; it lives here so features do not
    import the report): of the confirmed hypotheses, the one with the strongest evidence (a cause stated
    in words beats a "yes" to a question), then the most supported, then the most recently confirmed."""
    found = [h for h in board.hypotheses if h.status == "confirmed"]
    return max(
        found, key=lambda h: (h.confidence, len(h.backing), max(map(float, h.supporting), default=0.0)), default=None
    )


def rules_citations(cause: Hypothesis) -> tuple[str, ...]:
    """The messages the rules cite for a cause: the first confirmation and the two latest supports."""
    return tuple(dict.fromkeys((*cause.backing[:1], *cause.backing[-2:])))


def _minutes(a: datetime, b: datetime) -> float:
    return (a - b).total_seconds() / 60.0


def _specific_overlap(a: Mapping[str, float], b: Mapping[str, float]) -> bool:
    """Two texts name the same specific thing or at least two components in common."""
    return entity_overlap(dict(a), dict(b)) >= SPECIFIC_WEIGHT


@dataclass(frozen=True)
class _ShapeCues:
    """The cause-shape cues read from a text alone (the lexical part of :data:`CAUSE_SHAPED`)."""

    causal_word: bool
    cause_statement: bool
    cause_is: bool
    cause_because: bool
    causal_verb: bool
    cause_so: bool
    cause_sure: bool
    done_failure: bool
    recap: bool


@lru_cache(maxsize=16384)
def _shape_cues(text: str) -> _ShapeCues:
    """Read once per text: every draft reads every person's message again, and most are not new."""
    return _ShapeCues(
        causal_word=bool(_CAUSAL.search(text)),
        cause_statement=bool(
            lx.CAUSE_STATEMENT.search(text)
            or lx.CAUSE_THEORY_FIRM.search(text)
            or lx.CAUSE_TAIL.search(text)
            or lx.FINDING_CLOSER_WHY.search(text)
        ),
        cause_is=bool(lx.CAUSE_IS.search(text) or lx.CAUSE_IT_IS.search(text)),
        cause_because=bool(lx.CAUSE_BECAUSE.search(text) or lx.CAUSE_BECAUSE_PLAIN.search(text)),
        causal_verb=bool(lx.causal_verb(text)),
        cause_so=bool(lx.CAUSE_SO.search(text) or lx.CAUSE_CONCLUDED.search(text)),
        cause_sure=bool(lx.CAUSE_SURE.search(text) or lx.CAUSE_LOOKS.search(text)),
        done_failure=bool(lx.DONE_FAILURE.search(text)),
        recap=bool(lx.RECAP_LEAD.search(text) or lx.CAUSE_RECAP.search(text)),
    )


def candidates(
    messages: Sequence[Message], board: Board, state: IncidentState, *, shaped_only: bool = False
) -> list[Candidate]:
    """Every candidate message of the transcript with its features (see :data:`FEATURES`).

    ``shaped_only`` leaves out the messages with no cause shape (:data:`CAUSE_SHAPED`) before their other
    features are read: the draft never states one, so its score is never needed (training needs them all).
    """
    people = [m for m in messages if is_candidate(m)]
    if not people:
        return []
    cause = confirmed_cause(board)
    cited = set(rules_citations(cause)) if cause else set()
    confirmed = [h for h in board.hypotheses if h.status == "confirmed"]
    supports_confirmed = {ts for h in confirmed for ts in h.backing}
    raises_confirmed = {h.raised_ts for h in confirmed if h.raised_ts}
    supports_refuted = {ts for h in board.hypotheses if h.status == "refuted" for ts in h.supporting}
    raises_open = {h.raised_ts for h in board.hypotheses if h.status == "open" and h.raised_ts}
    cause_ents = claim_entities(cause.statement) if cause else {}
    identified = state.identified_at
    if identified is None and cause is not None and cause.backing:
        identified = min(m.time for m in messages if m.ts == cause.backing[0])
    readings = {m.ts: read(m) for m in messages}
    alert = next((m for m in messages if readings[m.ts].detect), None)
    alert_ents = entities(alert.text) if alert else {}
    mitigation_ents: dict[str, float] = {}
    for m in people:
        if readings[m.ts].mitigation:
            for k, w in entities(m.text).items():
                mitigation_ents[k] = max(w, mitigation_ents.get(k, 0.0))
    replies: dict[str, list[Message]] = {}
    for m in people:
        if m.is_reply and m.thread_ts is not None:
            replies.setdefault(m.thread_ts, []).append(m)
    claims = {m.ts: clause_claims(m.text) for m in people}
    stating = [m.ts for m in people if claims[m.ts][0] is not None or claims[m.ts][1] is not None]
    states_cause = set(stating)
    order = {m.ts: i for i, m in enumerate(people)}
    ents = {m.ts: entities(m.text) for m in people}
    # Each message is read once here, not again for every earlier message it might agree with.
    affirms = {m.ts: bool(lx.AFFIRM.search(m.text)) for m in people}
    hedges = {m.ts: hedged(m.text) for m in people}
    out: list[Candidate] = []
    commander: str | None = None
    total = len(messages)
    for index, m in enumerate(messages):
        if not m.is_bot and readings[m.ts].command:
            commander = m.author
        if not is_candidate(m):
            continue
        text = m.text
        reading = readings[m.ts]
        cause_text, finding_text, theory_text = claims[m.ts]
        cues = _shape_cues(text)
        words = len(text.split())
        at = order[m.ts]
        later = [x for x in people[at + 1 : at + 1 + _LOOK_AHEAD] if x.author != m.author]
        nearby = later[:_AGREE_WINDOW] + [x for x in replies.get(m.ts, []) if x.author != m.author][:_AGREE_WINDOW]
        agreed = any(affirms[x.ts] and not hedges[x.ts] for x in nearby)
        restated = any(x.ts in states_cause and _specific_overlap(ents[m.ts], ents[x.ts]) for x in later)
        f: dict[str, float] = {
            "rules_cited": m.ts in cited,
            "supports_confirmed": m.ts in supports_confirmed,
            "cause_claim": cause_text is not None,
            "finding_claim": finding_text is not None,
            "causal_word": cues.causal_word,
            "reading_cause_found": reading.cause_found,
            "lex_cause_statement": cues.cause_statement,
            "lex_cause_is": cues.cause_is,
            "lex_cause_because": cues.cause_because,
            "lex_causal_verb": cues.causal_verb,
            "lex_cause_so": cues.cause_so,
            "lex_cause_sure": cues.cause_sure,
            "lex_done_failure": cues.done_failure,
            "lex_recap": cues.recap,
        }
        if shaped_only and not any(f.values()):
            continue
        f |= {
            "raises_confirmed": m.ts in raises_confirmed,
            "supports_refuted": m.ts in supports_refuted,
            "raises_open_theory": m.ts in raises_open,
            "theory_claim": theory_text is not None,
            "reading_finding": reading.finding,
            "reading_mitigation": reading.mitigation,
            "reading_decision": reading.decision,
            "kind_diagnose": reading.kind == "diagnose",
            "kind_mitigate": reading.kind == "mitigate",
            "kind_comms": reading.kind == "comms",
            "kind_chatter": reading.kind == "chatter",
            "kind_resolve": reading.kind == "resolve",
            "lex_failure_effect": bool(lx.FAILURE_EFFECT.search(text) or lx.FAILURE_EFFECT_MORE.search(text)),
            "lex_strong_support": bool(lx.STRONG_SUPPORT.search(text)),
            "lex_affirm": affirms[m.ts],
            "lex_refute": bool(lx.REFUTE_CUE.search(text) or lx.REFUTE_MORE.search(text)),
            "lex_mitigation_action": bool(lx.MITIGATION_ACTION.search(text)),
            "hedged": hedges[m.ts],
            "negated": bool(lx.NEGATOR.search(text)),
            "question": "?" in text,
            "thread_reply": m.is_reply,
            "thread_parent": m.ts in replies,
            "words_le_6": words <= 6,
            "words_7_20": 7 <= words <= 20,
            "words_21_50": 21 <= words <= 50,
            "words_gt_50": words > 50,
            "list_or_notes": bool(lx.LIST_HEADING.search(text) or lx.NO_HYPOTHESIS_PREFIX.search(text))
            or sum(1 for line in text.splitlines() if lx.LIST_ITEM.match(line)) >= 2,
            "status_update": bool(lx.STATUS_UPDATE.search(text)) or reading.status is not None,
            "draft_or_quote": reading.draft or bool(lx.DRAFT.search(text) or _QUOTE.search(text)),
            "has_number": bool(_NUMBER.search(text)),
            "has_code": bool(_CODE.search(text)),
            "has_mention": bool(_MENTION.search(text)),
            "position": index / total,
            "before_identified": identified is not None and m.time <= identified,
            "near_identified": identified is not None and abs(_minutes(m.time, identified)) <= _NEAR_MINUTES,
            "before_mitigated": state.impact_read_at is not None and m.time <= state.impact_read_at,
            "after_resolved": state.resolved_at is not None and m.time > state.resolved_at,
            "first_cause_statement": bool(stating) and m.ts == stating[0],
            "last_cause_statement": bool(stating) and m.ts == stating[-1],
            "author_is_ic": commander is not None and m.author == commander,
            "author_raised_confirmed": cause is not None and m.author == cause.raised_by,
            "shares_confirmed_entity": bool(cause_ents) and _specific_overlap(ents[m.ts], cause_ents),
            "shares_mitigation_entity": _specific_overlap(ents[m.ts], mitigation_ents),
            "shares_alert_entity": _specific_overlap(ents[m.ts], alert_ents),
            "agreed_after": agreed,
            "restated_later": restated,
        }
        out.append(Candidate(message=m, features={k: float(v) for k, v in f.items() if v}))
    return out
