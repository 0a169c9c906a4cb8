"""What makes a message a key moment of an incident, as named signals for the key-event scorer.

A postmortem's timeline keeps the moments that moved the incident (detection, the cause found, each
mitigation step, customers told, resolution) and drops the talk between them. No single rule says
which messages those are; many weak signals do. This module turns one message, in its channel's
context, into those signals, each a general reading and never a word lifted from a channel:

- the rules' own reading of it (``classify.Reading``'s fields, its class, the timeline kind the rules
  give it and whether the rules' timeline keeps it);
- the lifecycle's moments (the message the lifecycle dates detection, mitigation, resolution by);
- lexicon classes as booleans (a cause statement, a severity, a ticket, an impact figure …);
- its shape (bot or person, thread reply, length, numbers, times, code, links, mentions, questions,
  the author's first word, the commander's word, where in the channel and after how long a silence);
- its relations (raises or settles a theory, names what an earlier theory or the first alert named,
  is the first of its kind, is answered with agreement, repeats an earlier bot post).

Everything is read once per message (the readings are cached by text), so a channel costs O(n). The
part that depends on the text alone (lexicon classes and shape) is kept in a bounded cache keyed by a
digest of the text (``TextFeatureCache``): a postmortem drafted again, or a bot post repeated, is
not read again, and the cache holds no text.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from datetime import timedelta

from bot.analysis import lexicon as lx
from bot.analysis.classify import read
from bot.analysis.key_words import word_features
from bot.analysis.terms import key_terms, named
from bot.domain import Board, IncidentState, Message, TimelineEvent

_QUIET = frozenset({"channel_join", "channel_leave", "channel_topic", "channel_purpose", "pinned_item"})
READING_FLAGS = (
    "detect",
    "ack",
    "mitigation",
    "recovered",
    "draft",
    "command",
    "alert_recovered",
    "cause_found",
)
"""``Reading`` fields with a feature each (the others are carried by the rules' timeline kind)."""
CLASSES = ("alert", "diagnose")
"""Message classes with a feature of their own (the others coincide with a timeline kind)."""
RULE_KINDS = ("decision", "comms", "mitigate", "deploy", "other", "diagnose", "resolve")
LEXICON: Mapping[str, re.Pattern[str]] = {
    "severity_token": lx.SEVERITY_TOKEN,
    "ticket": lx.TICKET,
    "impact_figure": lx.IMPACT_FIGURE,
    "mitigation_verb": lx.MITIGATION_ACTION,
    "announced": lx.ANNOUNCED,
    "status_word": lx.STATUS_WORD,
}
"""Lexicon classes read as yes/no: each is a general class of phrasing, not a phrase of one channel."""
GROUPS: Mapping[str, tuple[re.Pattern[str], ...]] = {
    "cause_phrasing": (
        lx.CAUSE_STATEMENT,
        lx.CAUSE_IS,
        lx.CAUSE_SO,
        lx.CAUSE_BECAUSE,
        lx.CAUSE_CONCLUDED,
        lx.CAUSE_SURE,
        lx.CAUSE_IT_IS,
        lx.FAILURE_EFFECT,
    ),
    "trend_words": (lx.TREND, lx.RECOVERING),
    "symptom_words": (lx.HUMAN_DETECT, lx.VISIBLE_SYMPTOM),
}
"""Lexicon families read as one yes/no each: the ways a cause is stated ("X is the cause", "so X",
"because X" …), a trend rather than a state, a symptom seen."""

_DONE = re.compile(r"\b(?:finished|complete|completed|succeeded|done|restored|applied|live)\b", re.IGNORECASE)
"""A step reported as finished: the state reached, not the work under way."""
_LABEL_LEAD = re.compile(r"^\W*\[?[A-Za-z][\w ]{0,24}\]?\s*[:\]\-—]", re.IGNORECASE)
"""A message that opens with a label ("[Resolved] …", "update: …", "status page — …")."""
_NUMBER = re.compile(r"\d")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_MENTION = re.compile(r"<@[A-Z0-9]+>|(?:^|\s)@\w")
_AGREE_WINDOW = timedelta(minutes=10)
_ECHO_TERMS = 3
_ECHO_WINDOW = 6
_SHORT_TEXT = 40
_SILENCE_MINUTES = 10


TextPart = tuple[tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]]
"""The text-only features of a message, as (lexicon and lead, shape) pairs in the order the scorer
adds them (a model sums its weights in the features' order, so the order is kept exactly)."""


def text_features(text: str) -> TextPart:
    """What the scorer reads from the text alone: the lexicon classes, how it opens, and its shape."""
    step = lx.MITIGATION_ACTION.search(text)
    lexical = [(f"lex_{name}", 1.0) for name, pattern in LEXICON.items() if _found(pattern, text, step)]
    lexical += [(f"lex_{name}", 1.0) for name, group in GROUPS.items() if any(p.search(text) for p in group)]
    lexical += [
        ("lex_done_words", float(bool(_DONE.search(text)))),
        ("opens_with_step", float(step is not None and len(text[: step.start()].split()) <= 2)),
        ("opens_with_label", float(bool(_LABEL_LEAD.search(text)))),
    ]
    shape = (
        ("short_text", float(len(text) <= _SHORT_TEXT)),
        ("has_number", float(bool(_NUMBER.search(text)))),
        ("has_clock_time", float(bool(_CLOCK.search(text)))),
        ("has_mention", float(bool(_MENTION.search(text)))),
        ("is_question", float(text.rstrip().endswith("?"))),
    )
    return tuple(lexical), shape


def _found(pattern: re.Pattern[str], text: str, step: re.Match[str] | None) -> bool:
    """``pattern`` occurs in ``text`` (the mitigation verb's search is already done: its match is ``step``)."""
    if pattern is lx.MITIGATION_ACTION:
        return step is not None
    return pattern.search(text) is not None


class TextFeatureCache:
    """A bounded least-recently-used cache of :func:`text_features`, keyed by a digest of the text.

    Why: the scorer's features are built whenever a postmortem timeline is (each draft, each redraft),
    and the text-only part is most of their cost. The key is a 16-byte BLAKE2b digest, so the cache
    keeps no text; ``size`` bounds it (oldest dropped first). Safe across the bot's handler threads.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[bytes, TextPart] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and _digest(text) in self._data

    def get(self, text: str) -> TextPart:
        key = _digest(text)
        with self._lock:
            hit = self._data.get(key)
            if hit is not None:
                self._data.move_to_end(key)
                return hit
        value = text_features(text)
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


TEXT_CACHE_SIZE = 16384
"""Distinct message texts kept (the readings' own caches hold as many): a few MB."""
TEXT_FEATURES = TextFeatureCache(TEXT_CACHE_SIZE)


def rule_features(rule_kind: str | None, on_rules_timeline: bool) -> dict[str, float]:
    """The rules' verdict on a message: the timeline kind they give it and whether their timeline keeps it."""
    out = {f"rule_kind_{k}": 1.0 for k in RULE_KINDS if k == rule_kind}
    if on_rules_timeline:
        out["rules_timeline"] = 1.0
    elif rule_kind is not None:
        out["rules_dropped_candidate"] = 1.0  # a kind, dropped as a repeat, a restatement or after resolution
    return out


def _agreed(messages: Sequence[Message], i: int) -> bool:
    """Someone else answers the message with agreement within minutes (the next few messages)."""
    m = messages[i]
    for later in messages[i + 1 : i + 4]:
        if later.time - m.time > _AGREE_WINDOW:
            break
        if later.user != m.user and not later.is_bot and lx.AFFIRM.search(later.text):
            return True
    return False


def _echoed(messages: Sequence[Message], i: int) -> bool:
    """Someone else restates the message soon after (shares several content words within the next few
    messages): what others repeat is what the room took as news."""
    m = messages[i]
    terms = key_terms(m.text)
    if len(terms) < _ECHO_TERMS:
        return False
    return any(
        later.user != m.user and len(terms & key_terms(later.text)) >= _ECHO_TERMS
        for later in messages[i + 1 : i + 1 + _ECHO_WINDOW]
    )


def _moments(state: IncidentState, message: Message) -> dict[str, float]:
    """The lifecycle dates a moment (detection, acknowledgement, the cause identified, mitigation,
    resolution) by this message."""
    out = {}
    for name in ("detected", "acknowledged", "identified", "mitigated", "resolved"):
        at = getattr(state, f"{name}_at")
        if at is not None and at == message.time:
            out[f"lifecycle_{name}_here"] = 1.0
    return out


def incident_features(
    messages: Sequence[Message],
    board: Board,
    state: IncidentState,
    rule_kinds: Mapping[str, str | None],
    rules_events: Sequence[TimelineEvent],
) -> dict[str, dict[str, float]]:
    """ts -> named features of every message of one channel (joins, leaves and topic changes have none).

    Args:
        rule_kinds: ts -> the timeline kind the rules give the message by itself (None: none).
        rules_events: the rules' timeline for the channel.
    """
    spoken = [m for m in messages if m.subtype not in _QUIET]
    if not spoken:
        return {}
    on_timeline = {ts for e in rules_events for ts in e.citations}
    theories = [(h.raised_ts, named(h.statement)) for h in board.hypotheses if h.raised_ts]
    raised = {ts for ts, _n in theories}
    confirmed = {ts for h in board.hypotheses if h.status == "confirmed" for ts in h.backing}
    refuting = {ts for h in board.hypotheses for ts in h.refuting}
    replied_to = {m.thread_ts for m in spoken if m.is_reply}
    first_alert = next((m for m in spoken if m.is_bot and read(m).detect), spoken[0])
    alert_names = named(first_alert.text)
    start = spoken[0].time
    span = max((spoken[-1].time - start).total_seconds(), 1.0)
    commanders: set[str] = set()
    authors: set[str | None] = set()
    kinds_seen: set[str] = set()
    named_before: set[str] = set()
    bot_posts: list[frozenset[str]] = []
    out: dict[str, dict[str, float]] = {}
    for i, m in enumerate(spoken):
        reading = read(m)
        text = m.text
        lexical, shape = TEXT_FEATURES.get(text)
        kind = rule_kinds.get(m.ts)
        names = named(text)
        f: dict[str, float] = {}
        # the rules' reading and verdict, the lifecycle's moments
        f.update({f"read_{flag}": 1.0 for flag in READING_FLAGS if getattr(reading, flag)})
        f.update({f"class_{c}": 1.0 for c in CLASSES if reading.kind == c})
        f.update(rule_features(kind, m.ts in on_timeline))
        f.update(_moments(state, m))
        # lexicon classes and how it opens (text only: cached)
        f.update(lexical)
        # shape
        f["is_bot"] = float(m.is_bot)
        f["thread_reply"] = float(m.is_reply)
        f["has_replies"] = float(m.ts in replied_to)
        f.update(shape)
        f["author_first_message"] = float(not m.is_bot and m.user not in authors)
        f["author_is_commander"] = float(not m.is_bot and m.user in commanders)
        f["author_is_other"] = float(not m.is_bot and m.user not in commanders)  # role: bot / IC / other
        f["position"] = round((m.time - start).total_seconds() / span, 4)
        gap = (m.time - spoken[i - 1].time).total_seconds() / 60 if i else 0.0
        f["after_silence_10min"] = float(gap >= _SILENCE_MINUTES)
        f["after_resolution"] = float(state.resolved_at is not None and m.time > state.resolved_at)
        # relations
        f["raises_theory"] = float(m.ts in raised)
        f["confirms_theory"] = float(m.ts in confirmed)
        f["refutes_theory"] = float(m.ts in refuting)
        f["names_earlier_theory"] = float(bool(names) and any(ts < m.ts and names & t for ts, t in theories))
        f["names_first_alert"] = float(m is not first_alert and bool(names & alert_names))
        f["names_new_thing"] = float(bool(names - named_before))
        f["first_of_rule_kind"] = float(kind is not None and kind not in kinds_seen)
        f["after_rule_kind"] = float(i > 0 and rule_kinds.get(spoken[i - 1].ts) is not None)
        f["agreed_with"] = float(_agreed(spoken, i))
        f["echoed_soon"] = float(_echoed(spoken, i))
        if m.is_bot:
            terms = key_terms(text)
            f["repeats_bot_post"] = float(any(len(terms & t) >= max(2, len(terms) // 2) for t in bot_posts))
            bot_posts.append(terms)
        out[m.ts] = {k: v for k, v in f.items() if v}
        # what later messages are read against
        if kind is not None:
            kinds_seen.add(kind)
        authors.add(m.user)
        named_before |= names
        if reading.command and not m.is_bot and m.user:
            commanders.add(m.user)
    return out


def with_words(features: Mapping[str, dict[str, float]], messages: Sequence[Message]) -> dict[str, dict[str, float]]:
    """``features`` with each message's word features (:mod:`bot.analysis.key_words`) added: what the
    word-reading key-event scorer is fitted on and scores."""
    text = {m.ts: m.text for m in messages}
    return {ts: {**f, **dict.fromkeys(word_features(text[ts]), 1.0)} for ts, f in features.items()}
