"""Build and update the hypothesis board from what responders say, one message at a time.

A hypothesis is raised by a cue ("I suspect…", "could it be…", "looks like…"); later clauses
with support or refute cues are linked to the hypothesis whose key terms they share most (a
reply in the hypothesis's own thread gets a head start). Strong cues ("confirmed", "ruled out")
settle the status; weaker ones move the confidence. A cue that is negated ("not confirmed yet")
or sits in a hedged clause ("unlikely", "if", a question) is no verdict: it neither supports nor
refutes, so only what responders state as found moves the board.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.analysis import lexicon as lx
from bot.analysis.terms import key_terms, overlap
from bot.domain import Board, Hypothesis, Message

_CLAUSE_SPLIT = re.compile(r"(?<=[.;!?])\s+|\n+|\s+—\s+|,\s+but\s+|\s+-\s+", re.IGNORECASE)
_MIN_LINK = 1.0
_THREAD_BONUS = 2.0
_DUPLICATE_JACCARD = 0.5

_CHECKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"deploy|release|#\d+|config|flag|version|rollout", re.I),
        "Compare error rate and latency just before and after the change; "
        "diff its config against the last good release",
    ),
    (
        re.compile(r"\bdb\b|database|postgres|mysql|pool|connection|query|replica", re.I),
        "Check connection pool utilisation, active connections and the slow-query log for the window",
    ),
    (
        re.compile(r"cache|redis|evict|memcache|hit ?rate", re.I),
        "Check cache hit rate, evictions and memory against the previous day",
    ),
    (
        re.compile(r"dns|network|packet|tls|certificate|load balancer|\blb\b", re.I),
        "Check DNS resolution, LB health checks and TLS errors from an affected host",
    ),
    (
        re.compile(r"cpu|memory|oom|gc|heap|disk|throttl", re.I),
        "Check CPU, memory and GC/OOM events on the affected pods",
    ),
    (
        re.compile(r"retr(?:y|ies)|timeout|upstream|downstream|gateway|dependency|third[- ]party", re.I),
        "Check request and retry rates to the dependency and its own error budget",
    ),
    (
        re.compile(r"traffic|spike|load|bot|ddos|surge", re.I),
        "Compare request volume by client/route with the same hour last week",
    ),
)
_DEFAULT_CHECK = "Name a metric or log line that would look different if this were true, and check it"


def next_checks(statement: str) -> tuple[str, ...]:
    """Suggested checks for a hypothesis, chosen by what it is about (at most two)."""
    checks = [check for pattern, check in _CHECKS if pattern.search(statement)]
    return tuple(checks[:2]) or (_DEFAULT_CHECK,)


def _negated(clause: str, at: int) -> bool:
    """A negator stands shortly before position ``at`` in the same stretch of the clause."""
    scope = lx.NEGATION_SCOPE_BREAK.split(clause[:at])[-1]
    return bool(lx.NEGATOR.search(" ".join(scope.split()[-lx.NEGATION_WINDOW :])))


def _verdict(pattern: re.Pattern[str], clause: str) -> re.Match[str] | None:
    """The first cue of ``pattern`` in ``clause`` that is stated as a finding: not negated, and
    the clause not hedged (a guess, a condition, a plan or a question judges nothing)."""
    if lx.HEDGE.search(clause):
        return None
    return next((m for m in pattern.finditer(clause) if not _negated(clause, m.start())), None)


def _clean_claim(claim: str) -> str:
    claim = claim.strip(" :,-–—\"'`*_")
    claim = re.sub(r"\s+", " ", claim)
    return claim[:1].upper() + claim[1:] if claim else claim


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE_SPLIT.split(text) if c and c.strip()]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


class _Board:
    """Mutable working copy of a board while messages are folded in."""

    def __init__(self, board: Board) -> None:
        self.channel = board.channel
        self.items: list[Hypothesis] = list(board.hypotheses)
        self.terms = [key_terms(h.statement) for h in self.items]
        self.last_ts = board.last_ts
        self.recent: int | None = None
        """Index of the hypothesis raised within the last two human messages, for "that's consistent"."""
        self.since_recent = 0

    def best_match(self, clause_terms: frozenset[str], thread_ts: str | None, clause: str = "") -> int | None:
        best, best_score = None, 0.0
        for i, (h, terms) in enumerate(zip(self.items, self.terms, strict=True)):
            score = overlap(clause_terms, terms)
            if thread_ts is not None and h.raised_ts == thread_ts:
                score += _THREAD_BONUS
            if score >= _MIN_LINK and score > best_score:
                best, best_score = i, score
        if best is None and self.recent is not None and lx.DEICTIC.search(clause):
            return self.recent  # "that's consistent with…" right after a hypothesis refers to it
        return best

    def link(self, index: int, ts: str, *, supports: bool, strong: bool) -> None:
        h = self.items[index]
        if supports:
            if ts in h.supporting:
                return
            status = "confirmed" if strong else h.status
            confidence = 90 if strong else min(h.confidence + 15, 85)
            if h.status == "refuted" and not strong:
                status, confidence = "refuted", h.confidence
            self.items[index] = h.model_copy(
                update={"supporting": (*h.supporting, ts), "status": status, "confidence": confidence}
            )
        else:
            if ts in h.refuting:
                return
            status = "refuted" if strong else h.status
            confidence = 5 if strong else max(h.confidence - 20, 5)
            if h.status == "confirmed" and not strong:
                status, confidence = "confirmed", max(h.confidence - 10, 50)
            self.items[index] = h.model_copy(
                update={"refuting": (*h.refuting, ts), "status": status, "confidence": confidence}
            )

    def raise_new(self, claim: str, message: Message) -> None:
        terms = key_terms(claim)
        if len(terms) < 2:
            return
        for i, existing in enumerate(self.terms):
            if _jaccard(terms, existing) >= _DUPLICATE_JACCARD:
                self.link(i, message.ts, supports=True, strong=False)
                return
        statement = _clean_claim(claim)
        self.items.append(
            Hypothesis(
                id=f"H{len(self.items) + 1}",
                statement=statement,
                confidence=40,
                next_checks=next_checks(statement),
                raised_ts=message.ts,
                raised_by=message.author,
            )
        )
        self.terms.append(terms)
        self.recent, self.since_recent = len(self.items) - 1, 0

    def freeze(self) -> Board:
        return Board(channel=self.channel, hypotheses=tuple(self.items), last_ts=self.last_ts)


def fold_messages(board: Board, messages: Iterable[Message], thread_parents: Mapping[str, str] | None = None) -> Board:
    """Return ``board`` updated with ``messages`` (in ts order); bots neither raise nor judge.

    Args:
        thread_parents: unused hook for callers that know a reply's parent; the reply's own
            ``thread_ts`` is what links it to a hypothesis raised in that parent.
    """
    del thread_parents
    work = _Board(board)
    for message in messages:
        work.last_ts = message.ts
        if message.is_bot or (message.subtype is not None and message.subtype not in ("thread_broadcast",)):
            continue
        work.since_recent += 1
        if work.since_recent > 2:
            work.recent = None
        # "open question: why…? my guess is…" is a question for the review, not a live hypothesis.
        raised_here = bool(lx.NO_HYPOTHESIS_PREFIX.search(message.text))
        for clause in _clauses(message.text):
            terms = key_terms(clause)
            refutes = _verdict(lx.REFUTE_CUE, clause) is not None
            supports = _verdict(lx.SUPPORT_CUE, clause) is not None and not refutes
            if refutes or supports:
                target = work.best_match(terms, message.thread_ts if message.is_reply else None, clause)
                if target is not None:
                    strong = _verdict(lx.STRONG_REFUTE if refutes else lx.STRONG_SUPPORT, clause) is not None
                    work.link(target, message.ts, supports=supports, strong=strong)
                    continue
            cue = lx.HYPOTHESIS_CUE.search(clause)
            if cue and not raised_here:
                work.raise_new(cue.group("claim"), message)
                raised_here = True
    return work.freeze()
