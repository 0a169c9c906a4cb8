"""Build and update the hypothesis board from what responders say, one message at a time.

A hypothesis is a theory a responder puts forward, as a guess or a question ("any chance it's
DNS?", "could be the new LB config", "my money's on the cron"), about something the channel can
name: a service, host, change id or component. Later clauses that support or refute it are linked
by the *entities* they name (the database is the database whether written "db", "postgres" or "the
replica"), not by shared words; a reply in the hypothesis's own thread gets a head start, and "that's
it" right after a theory refers to it. A refutation need not use the word ("not the db, replicas
are fine"). A stated cause ("root cause: …", "the culprit was …", "turns out …") confirms the
hypothesis it names, or becomes a confirmed hypothesis of its own when nobody guessed it first.

A cue that is negated ("not confirmed yet") or sits in a hedged clause ("unlikely", "if", a
question) is no verdict, so only what responders state as found moves the board.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from bot.analysis import lexicon as lx
from bot.analysis.claims import (
    FACT_CHECK,
    NOT_OWN,
    cause_claim,
    claim_entities,
    claim_named,
    clean_claim,
    failure,
    finding_claim,
    hedged,
    lead_guess,
    names_unknown,
    plan_question,
    terse_question,
    theory_claim,
    unknown_names,
    verdict,
    without_contrast,
)
from bot.analysis.hyp_raise import BoardContext
from bot.analysis.lexicon.theories import (
    BELIEF_LEAD,
    CAUSE_EMPHATIC,
    FAILURE_MODE_WORDS,
    FAILURE_STATES,
    FINDING_CLOSER_AFTER,
    JOKE,
    MACHINE_GUESS,
    NO_EFFECT_MORE,
    OWN_CHANGE_SUSPECTED,
    PENDING_CHECK,
    PERSON_ASKED,
    REGION,
    RETRACTION,
    ROLE_SETS,
    RULED_OUT_UNASKED,
    STEP_WORKED,
    VAGUE_STATE_WORDS,
    WILL_CHECK,
)
from bot.analysis.sentences import informative_sentence
from bot.analysis.terms import (
    COMPONENT_WEIGHT,
    KIND_MODIFIERS,
    NAME_WEIGHT,
    SINGLED_OUT,
    SPECIFIC_WEIGHT,
    components_of,
    entities,
    entity_overlap,
    key_terms,
    named,
    stem,
    without_components,
    without_phrases,
)
from bot.domain import Board, Finding, Hypothesis, Message, ts_key

_CLAUSE_SPLIT = re.compile(r"(?<=[.;!?])\s+|\n+|\s+—\s+|,\s+but\s+|\s+-\s+", re.IGNORECASE)
_MIN_LINK = COMPONENT_WEIGHT
"""A reply links to a hypothesis only when both name at least one component or specific thing."""
_THREAD_BONUS = 2.0
_WORDS_TIEBREAK = 0.01
"""Per own word of a theory a reply repeats: breaks only ties between theories that name the same
components ("isn't from the WAF" between "fastly tls?" and "the WAF?", both the cdn), never a
difference in what they name (weights step by 0.5)."""
_DUPLICATE_JACCARD = 0.5
ANSWERED = 86
"""Confidence of a theory confirmed by a "yes" to it: confirmed, but not a statement of the cause.
No weakening of a stronger confirmation lands on it (95 and 90 step down by 10), so a theory at this
confidence was confirmed only by the yes: a retraction or evidence against it reopens it."""
IDENTIFIED = 90
"""From this confidence a confirmed hypothesis means the cause is identified."""
STATED = 95
"""Confidence of a hypothesis confirmed by a cause stated in words ("root cause: …")."""
SETTLED = 10
"""Confidence of a theory refuted only because another cause was stated: a later cause that names it
may still confirm it (an explicit refutation leaves 5, and only a stated cause revives that)."""
_AMBIGUOUS_MARGIN = 1.0
"""A cause matching two theories within this score of each other names neither for sure."""
_CANONICAL = frozenset(lx.COMPONENT_SYNONYMS)
"""Broad components ("database", "network"): naming one is not naming a specific thing."""
_RECENT_MESSAGES = 3
"""How many human messages after a theory "that's it" / "nope" may still refer to it."""
_CHECK_ANNOUNCED = re.compile(
    r"^\W*(?:(?:ok|okay|sure|yep|yeah|k|kk|on it)\W+)?(?:(?:let me|lemme|i'?ll|i will|gonna|going to) )?"
    r"(?:check|look|pull|grab|dig|query|open)\w*\b[^?\n]{0,50}$|"
    r"^\W*(?:on it|one sec|sec|one moment|looking|checking)\W*$",
    re.IGNORECASE,
)
"""A message that only says a check is under way ("let me check the publishing log", "on it"): the
answer that follows still answers the question asked before it."""
_CLOCK = re.compile(r"\b\d{1,2}(?::\d{2}){1,2}(?:\s?[ap]m)?\b|\b\d{1,2}h\d{2}\b|\b\d{1,2}\s?[ap]m\b", re.IGNORECASE)
"""A time of day ("09:58", "2pm", "9h31"): it says which one, when a cause points back to a theory
("the rotation at 09:58" is the rotation that "this rotation" names)."""
_DEMONSTRATIVE_NOUN = re.compile(r"\b(?:this|that|the same)\s+([a-z][a-z\-]{3,})\b", re.IGNORECASE)
"""A noun pointed back to ("this rotation", "that migration"): something the channel already named."""
_REASSURED = re.compile(
    r"^\W*(?:(?:not|no|nah)\s+(?:a\s+)?(?:dumb|stupid|silly|crazy|bad)|(?:good|fair|great) (?:q|question|call))"
    r"(?:\s+(?:q|qs|question|questions))?(?:\s+at all)?\W*$",
    re.IGNORECASE,
)
"""A reply reassuring the asker ("not dumb.", "not a stupid question at all"): the answer follows it;
the "not" judges the question, not the theory."""
_CAUSE_SUBJECT = re.compile(r"^\W*(?:(?:the|our|their)\s+)?([a-z][\w\-.]{2,30})\b", re.IGNORECASE)
"""The first word of a stated cause, its subject when it is a name ("pgw has been dropping …"); a
theory whose only own word it is, is what the cause is about."""
_STATE_SUBJECT = re.compile(
    r"^\W*(?:(?:so|and|but|also|ok|okay)\W+)?(?:(?:the|our|their)\s+)?"
    r"(?P<subject>[a-z0-9][\w.\-]*(?:\s+[a-z0-9][\w.\-]*){0,3}?)\s+(?:is|are|was|were|looks?|seems?)\b",
    re.IGNORECASE,
)
"""The subject of a clause saying how something is ("content lake is ok"): when the vocabulary knows
none of its words, it still names the theory that spells it the same way."""
_FINDINGS_KEPT = 40
"""Plain findings a board remembers for a later cause to cite (about the last hour of a busy channel)."""
_FINDING_NAME_WEIGHT = 1.0
"""Only what a finding names counts (components, specific names, product-like words), not plain words."""
_FINDING_SHARED = 3.0
"""The least a finding and the cause must name in common (weights summed): a specific name, or two parts."""
_FINDINGS_CITED = 3
"""The most earlier findings one stated cause cites for what they name in common with it, most first."""
_SEARCH_FINDINGS_CITED = 8
"""The most findings one stated cause cites in all, with those about one of its parts made during the
search for a cause (:meth:`_Board.cite_finding`)."""
_SEARCH_WINDOW = 3 * 3600
"""How far back (seconds before the cause) a finding about one of its parts is part of the search for it."""
_RESTATED_MIN = 3
"""Content words a cause must share with a theory to restate it without naming its entities."""
_RESTATED_MARGIN = 2
"""How many more words the restated theory must share than any other theory."""
_RAISED_WORDS_RESTATED = 5
"""Content words a stated cause must share with the message that raised an unbacked theory for that theory
to be confirmed rather than settled as refuted (chosen on dev: at 5, no theory the channel refuted)."""
_NOT_CONTENT = frozenset(stem(w) for w in (*lx.FILLER_WORDS, *lx.GENERIC_TERMS))


def _root(term: str) -> str:
    """``term`` past the e an inflection drops ("scale" / "scaling", "signature" / "signatures")."""
    return term[:-1] if len(term) > 4 and term.endswith("e") else term


@lru_cache(maxsize=8192)
def _roots(text: str) -> frozenset[str]:
    """The content words of ``text`` as roots: key terms without fillers and generic words."""
    return frozenset(_root(t) for t in key_terms(text) if t not in _NOT_CONTENT)


_MODES = frozenset(stem(w) for w in FAILURE_MODE_WORDS)
_VAGUE = frozenset(stem(w) for w in VAGUE_STATE_WORDS)


@lru_cache(maxsize=4096)
def _claimed(statement: str) -> frozenset[str]:
    """What a theory about components says of them, as stemmed words: its content words once the
    components' names are taken out (all words of "load balancer", not only single-word names), the
    words that only say a component is unwell left aside ("struggling", "misbehaving"), and the
    failure modes kept though they also name a component ("partition", "leak", "expired")."""
    rest = without_components(statement)  # "expired", "exhausted", "lag" name a component as well: no state
    states = _states(rest)
    said = key_terms(_STATE_WORDS.sub(" ", rest)) - NOT_OWN - _VAGUE - KIND_MODIFIERS
    modes = key_terms(_STATE_WORDS.sub(" ", without_phrases(statement))) & _MODES
    return frozenset(said | modes | states)


_STATE_WORDS = re.compile("|".join(f"(?:{p.pattern})" for _, p in FAILURE_STATES), re.IGNORECASE)


@lru_cache(maxsize=8192)
def _states(text: str) -> frozenset[str]:
    """The failure states ``text`` says (:data:`FAILURE_STATES`), one token per state."""
    return frozenset(name for name, pattern in FAILURE_STATES if pattern.search(text))


_CHECKS: dict[str, str] = {
    "deploy": "Compare error rate and latency just before and after the change; diff it against the last good release",
    "config": "Diff the running config against the last known-good version and check when it changed",
    "feature flag": "Check the flag's change history and compare affected and unaffected cohorts",
    "database": "Check connections, locks, replication lag and the slow-query log for the window",
    "cache": "Check cache hit rate, evictions and memory against the previous day",
    "dns": "Resolve the name from an affected host and from outside; check recent zone or resolver changes",
    "certificate": "Check the certificate's expiry and chain from an affected client",
    "load balancer": "Check LB health checks, target status and per-backend error rates",
    "network": "Check packet loss, routes and BGP/peering status between the affected zones",
    "cdn": "Compare edge error rates by PoP with origin health",
    "queue": "Check consumer lag, backlog growth and consumer errors",
    "storage": "Check disk usage, IOPS and volume errors on the affected hosts",
    "memory": "Check memory, GC and OOM events on the affected pods",
    "cpu": "Check CPU usage and throttling on the affected pods",
    "scheduled job": "Check what the job ran and when against the start of impact",
    "migration": "Check which migration ran, its locks and its timing against the start of impact",
    "auth": "Check auth error rates and recent credential, token or permission changes",
    "cloud provider": "Check the provider's status page and per-region error rates",
    "traffic": "Compare request volume by client and route with the same hour last week",
    "kubernetes": "Check pod restarts, node health and recent scheduling events",
    "capacity": "Check utilisation against the limit and when it was last raised",
    "security": "Check access logs for the suspicious actor and preserve evidence before changing anything",
}
_DEFAULT_CHECK = "Name a metric or log line that would look different if this were true, and check it"


def next_checks(statement: str) -> tuple[str, ...]:
    """Suggested checks for a hypothesis, chosen by the components it names (at most two)."""
    checks = [check for component, check in _CHECKS.items() if component in entities(statement)]
    return tuple(checks[:2]) or (_DEFAULT_CHECK,)


def _clauses(text: str) -> list[str]:
    clauses = [c for c in _CLAUSE_SPLIT.split(text) if c and c.strip()]
    return [_shared_question(text, c) for c in clauses]


_DASHED_QUESTION = re.compile(r"(?P<head>[^.;!?\n]{8,}?)\s+[—–]\s+(?P<tail>[^.;!?\n]{3,})\?")
"""A question with an aside after a dash ("could it be the client side — wrong clocks on the tablets?"): the
question mark closes both parts."""
_OWN_QUESTION = re.compile(
    r"^\W*(?:(?:did|does|do|is|are|was|were|has|have|had|can|could|would|will|should|might|may)(?:n'?t)?|"
    r"what|which|who|why|how|where|when|any(?:one|body)?)\b",
    re.IGNORECASE,
)
"""The part after the dash asks its own question ("before we add nodes — did anyone check whether the engine
got slower?"): the question mark is its own, and the part before it is a preamble, not a question, unless
the question points back at it ("the partner api keys — were any of those in the dump?")."""
_POINTS_BACK = re.compile(r"\b(?:those|these|that|this|it|its|them|they|theirs?)\b", re.IGNORECASE)


def _shared_question(text: str, clause: str) -> str:
    """``clause`` with the question mark its sentence ends with, when a dash cut it off from it."""
    stripped = clause.strip()
    if stripped.endswith(("?", ".", "!", ":")):
        return clause
    for match in _DASHED_QUESTION.finditer(text):
        tail = match.group("tail")
        own = _OWN_QUESTION.match(tail) and not _POINTS_BACK.search(tail)
        if match.group("head").strip().endswith(stripped) and not own:
            return f"{stripped}?"
    return clause


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


_VERDICT_LEAD = re.compile(
    r"^\W*(?:(?:so|ok|okay|and|then|yep|yup|yes|yeah|indeed|correct|exactly|confirmed|bingo|that'?s it|"
    r"that'?s the one|there it is|found it|got it|i (?:think|reckon|believe|guess) so)\W+)+",
    re.IGNORECASE,
)
_WHEN_ONLY = re.compile(
    r"^\W*(?:(?:at|around|about|since|from|by|on|~)\s*)?(?:\d{1,2}(?::\d{2})?\s*(?:am|pm|utc|z)?|v?\d+(?:\.\d+)+|"
    r"(?:this|last|yesterday) ?(?:morning|afternoon|evening|night|week)?|today|yesterday)\W*$",
    re.IGNORECASE,
)
"""All a "yes" goes on with is a time or a version ("yes, at 9", "yep, 2.14"): it answers when or
which, a fact."""
_ELSE_MIN = 2
"""Content words a verdict must go on with, none of them the theory's, to be about something else."""


def _about_else(theory: str, clause: str) -> bool:
    """``clause`` opens with a verdict word and goes on about something the theory does not mention
    ("bingo, found the customer ticket from 09:40", "yes, the pager fired twice"): the verdict word
    is about what it goes on to report, not a "yes" to the theory."""
    rest = _VERDICT_LEAD.sub("", clause, count=1)
    if rest == clause:
        return False
    if WILL_CHECK.match(rest):
        return True  # "yes, checking that now": a task taken, not a verdict
    if _WHEN_ONLY.match(rest):
        return True  # "yes, at 9" to "did it ship today?": the fact asked, not the theory
    said = _roots(rest)
    return len(said) >= _ELSE_MIN and not said & _roots(theory)


_CONFIRMS_A_FACT = re.compile(
    r"^\W*(?:(?:so|ok|okay|and|then|yes|yep|yeah)\W+)?(?:confirmed|verified|checked|double[- ]?checked|can confirm)\s+"
    r"(?![,.:;!—–-])(?P<fact>.+)",
    re.IGNORECASE,
)
_FACT_VALUE = re.compile(
    r"\b\d{1,2}:\d{2}\b|\bv?\d+\.\d+(?:\.\d+)?\b|\b\d+\s*(?:%|ms|s|sec|min|mins|minutes|h|hrs|hours|days|"
    r"customers|users|tenants|accounts|tickets|pods|nodes|hosts|requests|errors)\b",
    re.IGNORECASE,
)


def _confirms_a_fact(clause: str) -> bool:
    """``clause`` confirms a fact as a verb with its object ("confirmed with the isp that the window
    was 10:00-10:30", "confirmed all workers are on 2.14"): a time, a version or a count, with no
    cause or failure in it. The fact may bear on a theory; it does not prove it."""
    match = _CONFIRMS_A_FACT.match(clause)
    if match is None:
        return False
    fact = match.group("fact")
    return bool(_FACT_VALUE.search(fact)) and not lx.causal_verb(fact) and not failure(fact)


_OR = re.compile(r"\s+(?:or|vs\.?|versus)\s+", re.IGNORECASE)
_YES_WHEN = re.compile(
    r"^\W*(?:yes|yep|yeah|yup|ya|yea)\b[\s,.:;-]*(?:on |at |around |about |~|since |last |this |early |late )?"
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?|yesterday|today|tonight|this morning|"
    r"last (?:night|week|month)|\d{1,2}:\d{2}|\d+\s?(?:min(?:ute)?s?|h|hrs?|hours?|days?) ago)\b",
    re.IGNORECASE,
)
"""A "yes" that goes on with when ("yes, thursday", "yep, at 14:02"): it answers whether something
happened, which bears on a theory about it without proving it."""


def _alternatives(statement: str) -> bool:
    """``statement`` offers a choice between things it names ("the session db or the edge cache")."""
    parts = _OR.split(statement)
    return len(parts) > 1 and sum(1 for p in parts if claim_named(p)) >= 2


def _head_named(found: Mapping[str, float], theory: Mapping[str, float]) -> bool:
    """``found`` names a compound of the theory by its head noun alone ("the sidecar" for "istio
    sidecar", "the importer" for "csv importer"): a reference to that thing, as a name would be."""
    return any(
        found.get(k.rsplit(" ", 1)[1], 0.0) >= NAME_WEIGHT and found.get(k, 0.0) < COMPONENT_WEIGHT
        for k, w in theory.items()
        if " " in k and w >= COMPONENT_WEIGHT
    )


def _bare_answer(clause: str) -> bool:
    """``clause`` judges what was just said without naming it ("that's it", "nope", "i reckon so")."""
    return bool(
        lx.DEICTIC.search(clause)
        or lx.BARE_VERDICT.search(clause)
        or lx.OPINION_YES.search(clause)
        or lx.BARE_DOUBT.search(clause)
    )


def _most_shared(findings: Sequence[tuple[float, str]], limit: int) -> list[str]:
    """The ``ts`` of the ``limit`` findings naming most in common with a cause, earliest first on ties."""
    return [ts for _shared, ts in sorted(findings, key=lambda f: (-f[0], ts_key(f[1])))[:limit]]


class _Board:
    """Mutable working copy of a board while messages are folded in."""

    def __init__(self, board: Board) -> None:
        self.channel = board.channel
        self.items: list[Hypothesis] = [h for h in board.hypotheses if not h.raised_by_model]
        self.raised: list[Hypothesis] = [h for h in board.hypotheses if h.raised_by_model]
        """Theories the raise model put on the board (``hyp_raise``). They are kept apart from the
        rules' theories: later messages link to the rules' theories as if these were not there (a
        model theory never takes a rules' theory's support, refutation or "yes", and is never
        confirmed); a stated cause refutes them like any older unbacked theory (:meth:`settle_others`)
        and the raise policy settles the rest (:meth:`settle_model_raised`)."""
        self.count = len(board.hypotheses)
        self.terms = [key_terms(h.statement) for h in self.items]
        self.entities = [claim_entities(h.statement) for h in self.items]
        self.last_ts = board.last_ts
        ids = [h.id for h in self.items]
        self.recent: int | None = ids.index(board.recent_id) if board.recent_id in ids else None
        """Index of the hypothesis raised or judged within the last few human messages (carried on
        the board, so a fold in batches reads as one fold of everything)."""
        self.since_recent = board.since_recent if self.recent is not None else 0
        self.open_question = board.open_question
        self.answering = False
        """The message being folded follows a question that raised no theory (it answers that)."""
        self.ambiguous = False
        """The last stated cause matched two theories about equally."""
        self.confirmed_here: set[int] = set()
        """Hypotheses the current message supports: the same message does not also refute them."""
        self.refuted_here: set[int] = set()
        """Hypotheses the current message refutes: the same message does not also confirm them."""
        self.owned_here: set[int] = set()
        """A change its author owned up to in this message: what they say next of it ("it finished
        clean") describes the change, it is no verdict on it."""
        self.joking = False
        """The current message laughs or rolls its eyes (:data:`JOKE`): its agreement answers nothing."""
        self.tentative = False
        """The current message says its conclusion is still being checked (:data:`PENDING_CHECK`) or
        relays a machine's guess (:data:`MACHINE_GUESS`): what it concludes backs a theory but settles
        none."""
        self.holding = False
        """The current message doubts a theory but holds judgement (:data:`lx.OPINION_NO_HELD`: "doubt it,
        but i'll check"): what it says against the theory counts against it and settles nothing."""
        self.dismissed: set[int] = set()
        """Hypotheses a clause of the current message clears ("…; the broker is healthy"): a cause the
        same message states is not about them, however much of them it names."""
        self.doubted: set[int] = set()
        """Hypotheses a clause of the current message counts against, however weakly ("confirmed. no odd
        password sign-ins"): a bare yes in the same message grants something else, not them."""
        self.retracting = False
        """A clause of the current message took back what was said (:data:`RETRACTION`): a refutation
        after it overturns a confirmed theory like an explicit one."""
        self.findings: list[Finding] = list(board.findings)

    def best_match(self, clause: str, thread_ts: str | None) -> int | None:
        found = entities(clause)
        said = key_terms(clause)
        best, best_score = None, 0.0
        for i, (h, ents) in enumerate(zip(self.items, self.entities, strict=True)):
            score = entity_overlap(found, ents)
            if score < COMPONENT_WEIGHT and _head_named(found, ents):
                score = COMPONENT_WEIGHT  # "checked the sidecar" for "istio sidecar dropping requests?"
            if thread_ts is not None and h.raised_ts == thread_ts:
                score += _THREAD_BONUS
            if score > 0:
                score += _WORDS_TIEBREAK * min(len(said & self.terms[i]), 9)
            # A theory about a name the vocabulary does not know ("cilium …") links by that name.
            floor = _MIN_LINK if any(w >= COMPONENT_WEIGHT for w in ents.values()) else NAME_WEIGHT
            if score >= floor and score > best_score:
                best, best_score = i, score
        if best is None:
            best = self._by_subject(clause)
        if best is None and self.recent is not None and _bare_answer(clause):
            return self.recent  # "that's it" / "nope, flat" right after a theory refers to it
        return best

    def _by_subject(self, clause: str) -> int | None:
        """The one theory that spells out the subject of a clause saying how a thing is ("content lake
        is ok" for "content lake behind the cdn falling over?"). Names the vocabulary does not know
        weigh too little to reach a theory that also names a component; said word for word, they
        still point at it. A subject of one plain word is too common to point anywhere."""
        found = _STATE_SUBJECT.match(clause)
        if found is None:
            return None
        subject = " ".join(found.group("subject").lower().split())
        own = key_terms(subject) - NOT_OWN
        if not own or (len(own) < 2 and not unknown_names(subject)):
            return None
        spelled = re.compile(rf"(?<![\w-]){re.escape(subject)}(?![\w-])")
        hits = [i for i, h in enumerate(self.items) if h.status != "refuted" and spelled.search(h.statement.lower())]
        return hits[0] if len(hits) == 1 else None

    def names_it(self, index: int, clause: str, thread_ts: str | None) -> bool:
        """``clause`` refers to hypothesis ``index`` explicitly enough to confirm it: a reply in its
        thread, a bare "yep" / "that's it" right after it, or naming the same thing
        (:meth:`same_thing`); a yes that names something else is no answer to it."""
        h = self.items[index]
        if thread_ts is not None and h.raised_ts == thread_ts:
            return True
        if index == self.recent and _bare_answer(clause) and not named(clause):
            # a bare "yep" / "that's it" right after it, unless it goes on about something else or
            # the theory was a choice between things ("the db or the cache?": a yes picks neither)
            statement = self.items[index].statement
            return not _about_else(statement, clause) and not _alternatives(statement)
        return self.same_thing(index, clause)

    def same_thing(self, index: int, text: str) -> bool:
        """``text`` names what hypothesis ``index`` is about, explicitly enough to confirm it.

        Sharing a broad component is not enough: "the db pool is exhausted" does not confirm "db
        failover?", and "the policy change … that burst" does not confirm "the new version can't take
        the load" (a change and a load, but not that version). A theory naming something specific (a
        product, a compound name such as "quota service", an id or version) is confirmed only by a
        text naming that same thing; a theory naming only components needs at least half of its own
        words (what it says *about* them: "failover", "calico") repeated, and all of its components
        named (half of them when such words are repeated).
        """
        theory = components_of(self.entities[index])
        own = key_terms(self.items[index].statement) - NOT_OWN
        if self._not_doing_named(index, text):
            return True
        if not theory:
            # A theory about a name the vocabulary does not know: most of its own words, repeated; a
            # theory that is only that name ("could istio be the issue?") by the name itself.
            if len(own) == 1:
                return own <= key_terms(text)
            return len(own) >= 2 and len(own & key_terms(text)) * 3 >= len(own) * 2
        found = entities(text)
        specific = theory - _CANONICAL
        claimed_states = {w for w in _claimed(self.items[index].statement) if w.startswith("state:")}
        if claimed_states and (said_states := _states(text)) and not claimed_states & said_states:
            return False  # "could the queue be full?" / "the queue consumers crashed": another failure
        if specific:
            if not any(found.get(k, 0.0) >= NAME_WEIGHT or _named_by_id(k, found) for k in specific):
                return False
            # What the theory says the named thing did ("the er2 drain tipped er1 over") must be said
            # too: a cause naming the same routers ("er2's linecard failed, then er1's") is another one.
            said = _said_of(self.items[index].statement, specific)
            return not said or bool(said & key_terms(text)) or bool(claimed_states & _states(text))
        named_here = sum(1 for k in theory if found.get(k, 0.0) >= COMPONENT_WEIGHT)
        own = _claimed(self.items[index].statement)
        if len(own & (key_terms(text) | _states(text))) * 2 < len(own):
            return False
        plain = {w for w in own - _MODES if not w.startswith("state:")}
        return named_here == len(theory) or (bool(plain) and named_here * 2 >= len(theory))

    def _not_doing_named(self, index: int, text: str) -> bool:
        """A theory that a specific thing is not doing its job ("the asg not scaling out") is what a
        text naming that thing explains ("the asg has Launch suspended"): the why, not another failure.
        A thing the vocabulary files as a broad component ("the db not failing over") is left to the
        other tests: a cause naming the db may be any of its failures."""
        statement = self.items[index].statement
        doing = _NOT_DOING.search(statement)
        if doing is None:
            return False
        subject = key_terms(statement[: doing.start()]) - NOT_OWN
        broad = components_of(claim_entities(statement[: doing.start()])) & _CANONICAL
        return bool(subject) and not broad and subject <= key_terms(text)

    def revives(self, index: int, claim: str, clause: str) -> bool:
        """A cause stated after hypothesis ``index`` was refuted is about that theory itself, so the
        later, stronger word wins ("nah not the db" … "ok it IS the db pool, 200/200 in use"): the
        cause is its subject (named in the cause's first words), names what it is about
        (:meth:`same_thing`), and either answers the doubt ("it IS", "after all", "is the problem") or
        repeats three quarters of the theory's content words. A cause that mentions the theory's thing in passing
        ("… so traffic skips the cdn and the waf") leaves it refuted."""
        if index in self.refuted_here:
            return False
        own = _roots(self.items[index].statement)
        lead = _roots(" ".join(clean_claim(claim).split()[:4]))
        if not own or not own & lead or not (self.same_thing(index, claim) or self.stepped_on(index, claim)):
            return False
        return bool(CAUSE_EMPHATIC.search(clause)) or len(own & _roots(claim)) * 4 >= len(own) * 3

    def stepped_on(self, index: int, step: str) -> bool:
        """``step`` acts on what hypothesis ``index`` is about: it names every specific thing the
        theory names (a product, id, compound name), or, when the theory names none, every component."""
        ents = self.entities[index]
        found = entities(step)
        specific = components_of(ents) - _CANONICAL
        if specific:
            return all(found.get(k, 0.0) >= NAME_WEIGHT for k in specific)
        theory = components_of(ents)
        return bool(theory) and all(found.get(k, 0.0) >= COMPONENT_WEIGHT for k in theory)

    def asks_again(self, index: int, question: str) -> bool:
        """``question`` asks about hypothesis ``index`` itself: it names the same thing
        (:meth:`same_thing`) or repeats most of the theory's own words (two thirds, at least two),
        however it spells them ("VMs" / "vms")."""
        own = key_terms(self.items[index].statement) - NOT_OWN
        shared = len(own & key_terms(question))
        return self.same_thing(index, question) or (shared >= 2 and shared * 3 >= len(own) * 2)

    def link(
        self, index: int, ts: str, *, supports: bool, strong: bool, stated: bool = False, answered: bool = False
    ) -> None:
        h = self.items[index]
        self.recent, self.since_recent = index, 0
        if supports:
            if self.joking and not stated:
                return  # "yeah sure, blame the proxy lol": no agreement at all
            strong = strong and index not in self.refuted_here and not self.tentative and not h.asked_by_others
            stated = stated and strong
            if strong:  # a weak "lines up" earlier in the message does not shield it from "not an attack"
                self.confirmed_here.add(index)
            if ts in h.supporting:
                return
            status = "confirmed" if strong else h.status
            confidence = (
                STATED if stated else ANSWERED if strong and answered else 90 if strong else min(h.confidence + 15, 80)
            )
            confidence = max(confidence, h.confidence) if h.status == "confirmed" else confidence
            if h.status == "refuted" and not strong:
                status, confidence = "refuted", h.confidence
            self.items[index] = h.model_copy(
                update={"supporting": (*h.supporting, ts), "status": status, "confidence": confidence}
            )
        else:
            if ts in h.refuting or index in self.confirmed_here or index in self.owned_here:
                return
            strong = strong and not self.holding
            if strong:
                self.refuted_here.add(index)
            status = "refuted" if strong else h.status
            confidence = 5 if strong else max(h.confidence - 20, 5)
            if h.status == "confirmed" and not strong:
                status, confidence = "confirmed", max(h.confidence - 10, 50)
            self.items[index] = h.model_copy(
                update={"refuting": (*h.refuting, ts), "status": status, "confidence": confidence}
            )

    def reopen(self, index: int) -> None:
        """Hypothesis ``index``, confirmed only by a "yes" to it, goes back to open."""
        self.items[index] = self.items[index].model_copy(update={"status": "open", "confidence": 40})
        self.confirmed_here.discard(index)

    def raise_new(self, claim: str, message: Message, *, confirmed: bool = False, merge: bool = True) -> None:
        terms = key_terms(claim)
        for i, existing in enumerate(self.terms):
            if (
                merge
                and _jaccard(terms, existing) >= _DUPLICATE_JACCARD
                and not (confirmed and SCOPE_THEORY.match(self.items[i].statement))
                and (not confirmed or (self.same_thing(i, claim) and not _other_part(self.items[i].statement, claim)))
            ):
                self.link(i, message.ts, supports=True, strong=confirmed)
                return
        statement = clean_claim(without_contrast(claim))
        self.items.append(
            Hypothesis(
                id=self.next_id(),
                statement=statement,
                status="confirmed" if confirmed else "open",
                confidence=STATED if confirmed else 40,
                next_checks=next_checks(statement),
                raised_ts=message.ts,
                raised_by=message.author,
                supporting=(message.ts,) if confirmed else (),
                raised_terms=tuple(sorted(_roots(message.text))),
                asked_by_others=_asked_by_others(terms, message.text),
            )
        )
        self.terms.append(terms)
        self.entities.append(claim_entities(statement))
        if confirmed:
            self.confirmed_here.add(len(self.items) - 1)
        self.recent, self.since_recent = len(self.items) - 1, 0

    def cause_target(self, claim: str, clause: str, thread_ts: str | None, context: str = "") -> int | None:
        """The open or supported hypothesis a stated cause names; a refuted one is not revived by a
        partial match (a new confirmed hypothesis is safer than confirming a wrong one). When two
        theories match about equally, ``ambiguous`` is set and None returned."""
        self.ambiguous = False
        wanted_entities = claim_entities(claim)
        wanted = sum(w for w in wanted_entities.values() if w >= COMPONENT_WEIGHT)
        best, best_score, scores = None, 0.0, []
        for i, (h, ents) in enumerate(zip(self.items, self.entities, strict=True)):
            # A theory refuted only because another cause was stated may be taken up again by a later
            # cause, unless it claims nothing beyond a component ("anything ship in the last hour?"):
            # then any mention of that component would revive it, so only a cause that takes it up does.
            revivable = h.confidence == SETTLED and bool(_claimed(h.statement))
            if h.status == "refuted" and not revivable and not self.revives(i, claim, clause):
                continue
            if i in self.dismissed or _other_part(h.statement, claim) or SCOPE_THEORY.match(h.statement):
                continue  # the message clears this theory's thing, or the cause is about another part of it
            if h.asked_by_others:
                continue  # a worry relayed from outside names no cause: the cause stated stands as its own theory
            shared = entity_overlap(wanted_entities, ents)
            # A cause restated in other words ("status: identified, cause is …") supports the cause
            # already confirmed when it covers what that cause named: no theory changes status.
            restated = h.status == "confirmed" and shared >= max(_MIN_LINK, 0.5 * wanted)
            if not restated and not self.same_thing(i, f"{claim} {context or clause}"):
                continue  # shares only a broad component or plain words: not the same cause
            if not restated and _named_only_aside(h.statement, claim):
                continue  # "the sbc rejects every invite from pgw" is not about "pgw itself"
            if not restated and _states(h.statement) and not _says_a_state(f"{claim} {context or clause}"):
                continue  # "job queue backlog?" and a cause naming the queue but no backlog: not that failure
            score = shared + entity_overlap(entities(clause), ents) * 0.25
            if thread_ts is not None and h.raised_ts == thread_ts:
                score += _THREAD_BONUS
            # Either the cause names most of what it says is the cause in the theory's words, or the
            # message stating it names most of what the theory named ("calico … bgp routes" for
            # "calico routing, bgp sessions look odd"). A theory already confirmed is left alone
            # unless the cause restates it: a second cause is a second hypothesis.
            covers = shared >= 0.5 * wanted
            if h.status == "confirmed" and not covers:
                continue
            named_by_message = entity_overlap(entities(context or clause), ents) >= 0.5 * sum(ents.values())
            enough = shared >= _MIN_LINK and (covers or named_by_message)
            if enough or score >= max(_MIN_LINK, 0.5 * wanted) or self._not_doing_named(i, claim):
                scores.append((score, shared))
                if score > best_score:
                    best, best_score = i, score
        # Two theories the cause names equally ("the pool" for both "db failover?" and "db pool
        # size?"): confirming either could be the wrong one, so neither is.
        if sum(1 for score, _shared in scores if score >= best_score - _AMBIGUOUS_MARGIN) > 1:
            self.ambiguous = True
            return None
        return best

    def restated_theory(self, text: str) -> int | None:
        """The one open, unbacked theory that a cause stated in ``text`` restates in other words.

        A cause is often the earlier guess written up once proven: the same things named with a
        different phrasing ("two tabs both refresh -> reuse detection" for "do two tabs refreshing
        at once trip the token reuse check?"). Entities alone miss it when the theory names nothing
        the vocabulary knows. Its content words then count: at least :data:`_RESTATED_MIN` of them,
        and half of the theory's own, said again (read past inflection, :func:`_roots`). Only a
        theory nobody refuted by evidence or backed, and only when no other theory comes close
        (:data:`_RESTATED_MARGIN`): a cause settling the wrong theory is far cheaper than a wrong
        confirmation.
        """
        said = _roots(text)
        scored: list[tuple[int, int]] = []
        for i, h in enumerate(self.items):
            if i in self.refuted_here or h.supporting or not (h.status == "open" or h.confidence == SETTLED):
                continue
            if SCOPE_THEORY.match(h.statement):
                continue
            own = _roots(h.statement)
            shared = len(own & said)
            scored.append((shared, i))
            if shared >= _RESTATED_MIN and shared * 3 >= len(own):
                continue
            scored[-1] = (min(shared, _RESTATED_MIN - 1), i)
        scored.sort(reverse=True)
        if not scored or scored[0][0] < _RESTATED_MIN:
            return None
        if len(scored) > 1 and scored[1][0] > scored[0][0] - _RESTATED_MARGIN:
            return None
        return scored[0][1]

    def referred_theory(self, cause: str) -> int | None:
        """The one open, unbacked theory a cause points back to with a demonstrative: "root cause:
        this rotation issued every cert from the new intermediate" after "the rotation at 09:58, could
        that be it?". "this rotation" / "that migration" / "the same flag" names something already said,
        so the theory about it (its only own word) is what the cause confirms, although the cause goes
        on to name parts the theory never did. A cause whose subject is the theory's only own word
        ("pgw has been dropping every session" after "smells like pgw itself") is about that theory the
        same way. Two theories about that word name neither."""
        words = {stem(w.lower()) for w in _DEMONSTRATIVE_NOUN.findall(cause)} - NOT_OWN
        subject = _CAUSE_SUBJECT.match(cause)
        if subject is not None:
            words |= key_terms(subject.group(1)) - NOT_OWN  # "pgw has been dropping every session": its subject
        if not words:
            return None
        found = [
            i
            for i, h in enumerate(self.items)
            if h.status == "open"
            and not h.supporting
            and i not in self.refuted_here
            and i not in self.dismissed
            and not h.asked_by_others
            and not SCOPE_THEORY.match(h.statement)
            and len(own := key_terms(_CLOCK.sub(" ", h.statement)) - NOT_OWN) == 1
            and own <= words
        ]
        return found[0] if len(found) == 1 else None

    def next_id(self) -> str:
        self.count += 1
        return f"H{self.count}"

    def context(self, before: tuple[Hypothesis, ...], recent: bool, after_question: bool) -> BoardContext:
        """The board as it stood when the current message arrived (what the raise reading reads)."""
        names: frozenset[str] = frozenset().union(*(named(h.statement) for h in before))
        return BoardContext(
            theories=len(before),
            open=sum(1 for h in before if h.status == "open"),
            confirmed=sum(1 for h in before if h.status == "confirmed"),
            names=names,
            recent=recent,
            after_question=after_question,
        )

    def raise_by_model(self, message: Message, p: float) -> None:
        """A theory the raise model reads in ``message`` (its informative sentence), unless the board
        already holds one with the same key terms. It does not become the recent theory: a bare "yes"
        after it answers whatever it answered before."""
        statement = informative_sentence(message.text)
        terms = key_terms(statement)
        if any(_jaccard(terms, key_terms(h.statement)) >= _DUPLICATE_JACCARD for h in (*self.items, *self.raised)):
            return  # the same thing said again (a repeated question, a restated guess) is not a new theory
        self.raised.append(
            Hypothesis(
                id=self.next_id(),
                statement=statement,
                status="open",
                confidence=max(0, min(100, round(100 * p))),
                next_checks=(
                    *next_checks(statement),
                    f"Put on the board by Sitrep's raise model (p {p:.2f}): check it is a theory",
                ),
                raised_ts=message.ts,
                raised_by=message.author,
                raised_by_model=True,
            )
        )

    def settle_model_raised(self, policy: str) -> None:
        """The raise policy (``hyp_raise.POLICIES``): under ``other_confirmed`` a model-raised theory
        nothing supported ends refuted once another theory is confirmed. A theory the rules raised is
        never touched here, and nothing here confirms."""
        if policy != "other_confirmed" or not any(h.status == "confirmed" for h in self.items):
            return
        for i, h in enumerate(self.raised):
            if _droppable(h):
                self.raised[i] = h.model_copy(update={"status": "refuted", "confidence": SETTLED})

    def settle_others(self, cause: int, ts: str, text: str = "") -> None:
        """A cause stated as found (or a theory confirmed by the answer to it) settles the theories
        raised before it that nobody backed: an open, unsupported theory is refuted by it (the
        channel moved on to the stated cause and a theory left unmentioned after that is dead, even
        when it named a part of the same system). It may still be confirmed later by a cause that
        names it (:data:`SETTLED`). A theory that drew support may be part of the story and stays as
        it is; so does one raised later.

        ``text`` is the message stating the cause: a theory whose raising message shares at least
        :data:`_RAISED_WORDS_RESTATED` of its content words was put forward in the words the
        cause is now stated in ("smells like keepalive: the proxies drop idle conns before the lb" /
        "root cause: the proxies close connections the lbs keep reusing"), and is confirmed by it
        instead (a confirmation, not the stated cause, which keeps its own item), unless the message
        negates the theory's own words."""
        said = _roots(text)
        for i, h in enumerate(self.items):
            if i == cause or not _droppable(h) or h.raised_ts is None:
                continue
            if ts_key(h.raised_ts) >= ts_key(ts):
                continue
            names = claim_named(h.statement) or unknown_names(h.statement)
            if not names:
                continue
            if h.asked_by_others and self.same_thing(i, self.items[cause].statement):
                # a worry relayed from outside that the cause names ("customers asking if the payment
                # provider is down"): backed by it, never proven by the rules, and not ruled out
                self.items[i] = h.model_copy(update={"supporting": (ts,)})
                continue
            # A theory with evidence against it ("zero throttle events") is not proven by shared words.
            restated = len(said.intersection(h.raised_terms)) >= _RAISED_WORDS_RESTATED
            restated = restated and not _denies_its_words(text, h.statement)
            if restated and not h.asked_by_others and not h.refuting:
                self.items[i] = h.model_copy(update={"supporting": (ts,), "status": "confirmed", "confidence": 90})
                continue
            self.items[i] = h.model_copy(
                update={"refuting": (*h.refuting, ts), "status": "refuted", "confidence": SETTLED}
            )
        for i, h in enumerate(self.raised):  # the raise model's theories are settled the same way
            if not _droppable(h) or h.raised_ts is None or ts_key(h.raised_ts) >= ts_key(ts):
                continue
            if claim_named(h.statement) or unknown_names(h.statement):
                self.raised[i] = h.model_copy(
                    update={"refuting": (*h.refuting, ts), "status": "refuted", "confidence": SETTLED}
                )

    def note_finding(self, message: Message) -> None:
        """Keep what a plain statement of fact names (no question, no guess, judged no theory)."""
        text = message.text
        if "?" in text or hedged(text) or lx.BELIEF.search(text) or lx.HYPOTHESIS_CUE.search(text):
            return  # a question, a guess or a belief is a theory however plainly it reads
        if lx.REFUTE_CUE.search(text):
            return  # a part cleared ("db looks fine btw, no slow queries") is not where the cause was seen
        names = {k: w for k, w in claim_entities(text).items() if w >= _FINDING_NAME_WEIGHT}
        if any(w >= COMPONENT_WEIGHT for w in names.values()):
            self.findings.append(Finding(ts=message.ts, names=names))
            del self.findings[:-_FINDINGS_KEPT]

    def cite_finding(self, index: int, text: str) -> None:
        """A cause stated in one message also cites the earlier finding that named most of the same
        things ("kernel log: the os disk is gone" before "so: the primary's os disk failed"): the
        evidence for a cause is where it was seen, not only the sentence that wrote it up. The cause's
        own message stays its first confirmation (:attr:`Hypothesis.backing`).

        Once a theory has been put forward the channel is searching, and a finding of the last few hours
        about one of the cause's parts is cited too; before that, one broad part in common is a symptom.
        Findings exclude guesses, beliefs and clearances (:meth:`note_finding`): a theory stated plainly
        and cited here would count as evidence for the cause it competed with."""
        h = self.items[index]
        cause = {k: w for k, w in claim_entities(text).items() if w >= _FINDING_NAME_WEIGHT}
        first = h.supporting[0] if h.supporting else h.raised_ts
        until = ts_key(first) if first is not None else None
        theories = [ts_key(x.raised_ts) for j, x in enumerate(self.items) if j != index and x.raised_ts is not None]
        first_theory = min(theories, default=None)
        found: list[tuple[float, str]] = []
        searched: list[tuple[float, str]] = []
        for finding in self.findings:
            at = ts_key(finding.ts)
            if until is not None and at >= until:
                break
            common = [min(w, cause[k]) for k, w in finding.names.items() if k in cause]
            shared = sum(common)
            named = max(common, default=0.0) >= SPECIFIC_WEIGHT or sum(w >= COMPONENT_WEIGHT for w in common) >= 2
            if named and shared >= _FINDING_SHARED:
                found.append((shared, finding.ts))
                continue
            # One broad part in common ("the db") is a symptom report, unless the channel was already
            # looking for a cause: then a recent finding about one of the cause's parts is part of that
            # search ("df on the runners: the docker disk is at 98%" before "nothing prunes old images").
            searching = first_theory is not None and at > first_theory
            recent = until is None or at >= until - _SEARCH_WINDOW
            if searching and recent and max(common, default=0.0) >= COMPONENT_WEIGHT:
                searched.append((shared, finding.ts))
        best = _most_shared(found, _FINDINGS_CITED)
        best += _most_shared(searched, max(0, _SEARCH_FINDINGS_CITED - len(best)))
        if best:
            self.items[index] = h.model_copy(update={"supporting": (*sorted(best, key=ts_key), *h.supporting)})

    def freeze(self) -> Board:
        recent_id = self.items[self.recent].id if self.recent is not None else None
        return Board(
            channel=self.channel,
            hypotheses=(*self.items, *self.raised),
            last_ts=self.last_ts,
            recent_id=recent_id,
            since_recent=self.since_recent if recent_id is not None else 0,
            open_question=self.open_question,
            findings=tuple(self.findings[-_FINDINGS_KEPT:]),
        )


def _droppable(h: Hypothesis) -> bool:
    """An open theory nothing backed and nobody kept open (:attr:`Hypothesis.held_open`): the kind a cause
    found elsewhere settles as dropped."""
    return h.status == "open" and not h.supporting and not h.held_open


def _untouched(items: list[Hypothesis], before: tuple[Hypothesis, ...]) -> bool:
    """The message raised, supported and refuted nothing (the fold replaces a theory it changes)."""
    return len(items) == len(before) and all(a is b for a, b in zip(items, before, strict=True))


class Raiser(Protocol):
    """The fitted raise reading (``bot.analysis.hyp_raise.RaiseModel``) as the fold calls it."""

    @property
    def policy(self) -> str: ...

    def raises(self, message: Message, board: BoardContext) -> float | None:
        """The probability that ``message`` raises a theory the board lacks, when it clears the cut."""
        ...


def fold_messages(
    board: Board,
    messages: Iterable[Message],
    thread_parents: Mapping[str, str] | None = None,
    *,
    raiser: Raiser | None = None,
) -> Board:
    """Return ``board`` updated with ``messages`` (in ts order); bots neither raise nor judge.

    Args:
        thread_parents: unused hook for callers that know a reply's parent; the reply's own
            ``thread_ts`` is what links it to a hypothesis raised in that parent.
        raiser: the fitted raise reading (``HYPOTHESIS_RAISE_MODEL``): it reads each person's message
            the rules left untouched (no theory raised, supported or refuted by it), once, and may put
            a theory on the board.
    """
    del thread_parents
    work = _Board(board)
    for message in messages:
        work.last_ts = message.ts
        if message.is_bot or (message.subtype is not None and message.subtype not in ("thread_broadcast",)):
            continue
        if not _CHECK_ANNOUNCED.match(message.text):
            work.since_recent += 1  # "let me check the log" before the answer is not other talk
        if work.since_recent > _RECENT_MESSAGES:
            work.recent = None
        if lx.LIST_HEADING.search(message.text) or lx.NO_HYPOTHESIS_PREFIX.search(message.text):
            # Notes and action items for the review restate the incident; they judge nothing new. A
            # one-line recap among them ("for the review, what happened: …") still states the cause.
            recap = _recap_cause(message.text)
            if recap is not None:
                _fold_cause(work, recap, message.text, message, message.thread_ts if message.is_reply else None)
            continue
        if _public_draft(message.text):
            _fold_draft(work, message)
            continue
        # A line labelled as an open question, an action item or a follow-up is for the review,
        # not a live hypothesis, even when it guesses.
        raised_here = bool(lx.NO_HYPOTHESIS_PREFIX.search(message.text))
        work.confirmed_here, work.refuted_here, work.owned_here = set(), set(), set()
        work.joking = bool(JOKE.search(message.text))
        work.tentative = bool(PENDING_CHECK.search(message.text) or MACHINE_GUESS.search(message.text))
        work.holding = bool(lx.OPINION_NO_HELD.match(message.text))
        work.retracting = False
        work.answering, work.open_question = work.open_question, False
        board_before = tuple(work.items)
        recent_before = work.recent is not None
        known = len(work.items)
        thread = message.thread_ts if message.is_reply else None
        clauses = _clauses(message.text)
        work.dismissed, work.doubted = _counted_against(work, clauses, thread)
        denied = _denied(work, clauses, thread)
        if denied is not None:
            work.link(denied, message.ts, supports=False, strong=True)
            work.dismissed.add(denied)
        _hold_open(work, message.text, thread)
        for i, clause in enumerate(clauses):
            if RETRACTION.search(clause) and not work.retracting:
                _take_back(work, message)
            work.retracting = work.retracting or bool(RETRACTION.search(clause))
            verdict_clause = _without_opinion(clause)
            closer = lx.FINDING_CLOSER.search(verdict_clause) or _closer_why(verdict_clause)
            before = verdict_clause[: closer.start()].strip(" ,;—-") if closer else ""
            if closer and (before or i > 0):
                # "… every node lost its routes. that's the whole outage.": the cause is what came before.
                stated = lx.RECAP_LEAD.sub("", before or clauses[i - 1])
                claim = clean_claim(stated)
                if claim_named(claim) and not stated.rstrip().endswith("?"):
                    _fold_cause(work, claim, stated, message, thread)
                    continue
            before_closer = _stated_before_closer(verdict_clause)
            if before_closer is not None:
                _fold_cause(work, before_closer, verdict_clause, message, thread)
                continue
            inline = lx.FINDING_INLINE.search(verdict_clause)
            if inline and claim_named(inline.group("claim")) and not hedged(inline.group("claim")):
                _fold_cause(work, clean_claim(inline.group("claim")), clause, message, thread)
                continue
            lookalike = lx.LOOKS_LIKE_THIS.match(clause)
            if lookalike and not raised_here:
                claim = clean_claim(lookalike.group("claim"))
                if claim_named(claim) or names_unknown(claim):
                    work.raise_new(claim, message)  # "a full disk would look like this": the subject is the guess
                    raised_here = True
                    continue
            if lx.SUSPECT_CLOSER.search(clause) and i > 0 and not raised_here:
                # The nearest earlier clause that names something is the suspect.
                # "x went red on their status page. related??": the closer asks, so a name the
                # vocabulary does not know is enough in the clause it points back to.
                closer_asks = "?" in clause
                claim = clean_claim(next((c for c in reversed(clauses[:i]) if _suspect(c, asked=closer_asks)), ""))
                if claim and (claim_named(claim) or names_unknown(claim)):
                    work.raise_new(claim, message)  # "… that's the suspect": the clause before is the theory
                    raised_here = True
                    continue
            if lx.FINDING_OPENER.search(verdict_clause) and i + 1 < len(clauses):
                # "found it. the …": the cause is what follows the announcement.
                claim = cause_claim(" ".join(clauses[i + 1 : i + 3])) or clean_claim(clauses[i + 1])
                # "found it. rolling back now": a step taken next, not the cause announced.
                stepped = lx.MITIGATION_ACTION.match(lx.RECAP_LEAD.sub("", clauses[i + 1]).strip(" -•*"))
                found = claim_named(claim) or (bool(lx.FOUND_ANNOUNCED.search(verdict_clause)) and names_unknown(claim))
                if found and not hedged(clauses[i + 1]) and not stepped:
                    _fold_cause(work, claim, clause, message, thread)  # "found it": a name unknown to us counts
                    break
            if i == 0 and len(clauses) > 1 and not raised_here and not work.answering:
                guess = lead_guess(clause)
                if guess is not None and _judge(clause).theory is None:
                    work.raise_new(guess, message)  # "firmware? we updated nic firmware in january"
                    raised_here = True
                    continue
            if not raised_here and i > 0 and _OFFER_UNDO.match(clause) and _CHANGE_SAID.search(clauses[i - 1]):
                offered = clean_claim(clauses[i - 1])
                if claim_named(offered) and not hedged(clauses[i - 1]):
                    # "the 14:20 deploy was mine. want me to roll it back?": the change offered back is suspected
                    work.raise_new(offered, message)
                    raised_here = True
                    continue
            if not raised_here and (
                ("?" in clause and lx.THEORY_OURS.search(clause)) or (i > 0 and lx.SELF_SUSPECT.search(clause))
            ):
                suspect = _ours(clauses, i)
                if suspect is not None and not lx.MITIGATION_ACTION.match(suspect.lower()):
                    # "restarting the pods now. could be me" names a step under way, not the change suspected
                    work.raise_new(suspect, message)  # "db side: is it us?": the db is the theory
                    raised_here = True
                    continue
            _fold_clause(work, clause, message, thread, raised_here, before=clauses[:i])
            raised_here = raised_here or (work.recent == len(work.items) - 1 and work.since_recent == 0)
        # A question asking for a fact ("which IP?") or one that neither raises nor names a theory
        # is answered by the next "yes" or "it's X"; a yes/no question naming a theory ("so their
        # upgrade flooded us?") is still answered for that theory.
        if "?" in message.text and len(work.items) == known and not _asks_leave(message.text):
            asked = work.best_match(message.text, None)  # by what it names, not by the thread it is in
            if (
                asked is not None
                and work.items[asked].status == "open"
                and (asked == work.recent or work.asks_again(asked, message.text))
            ):
                # A question restating an open theory ("so their change flooded us?") makes it the one
                # the next "yes" answers: the theory under discussion, or an older one it names
                # explicitly. A broad word shared with an older theory is not enough: a question about
                # another thing of that kind ("is the old disk wiped?" long after "did the new disk
                # fill up?") is a new question, and the "yes" to it confirms no theory.
                work.recent, work.since_recent = asked, 0
        work.open_question = _asks_leave(message.text) or (
            "?" in message.text
            and len(work.items) == known
            and (
                _asks_what(message.text) or _asks_person(message.text) or work.best_match(message.text, thread) is None
            )
        )
        untouched = _untouched(work.items, board_before)
        model_raised = len(work.raised)
        if raiser is not None and untouched:
            p = raiser.raises(message, work.context(board_before, recent_before, work.answering))
            if p is not None:
                work.raise_by_model(message, p)
        if untouched and len(work.raised) == model_raised:
            work.note_finding(message)  # a message the raise model read as a theory is not a finding
    if raiser is not None:
        work.settle_model_raised(raiser.policy)
    return work.freeze()


_QUOTED = re.compile(r'["“”]|^\s*>', re.MULTILINE)


def _asked_by_others(terms: frozenset[str], text: str) -> bool:
    """A claim with key ``terms`` is what a question relayed from outside the response asks ("two
    customers asking if its a ddos" raises "its a ddos"; "did we change the dns? customer asks")."""
    relayed = (*lx.ASKED_BY_OTHERS.finditer(text), *lx.ASKED_BY_OTHERS_AFTER.finditer(text))
    return bool(terms) and any(terms <= key_terms(m.group("claim")) for m in relayed)


def _last_word_against(h: Hypothesis) -> bool:
    """The latest message linked to theory ``h`` was evidence against it (a doubt, a check that came
    back clean), so a bare "yes" right after it agrees with that message."""
    if not h.refuting:
        return False
    last_for = max((ts_key(ts) for ts in (h.raised_ts, *h.supporting) if ts), default=0.0)
    return ts_key(h.refuting[-1]) > last_for


def _public_draft(text: str) -> bool:
    """``text`` is a draft of public wording (a draft cue and a quoted text): written for customers."""
    return bool(lx.DRAFT.search(text) and _QUOTED.search(text))


def _fold_draft(work: _Board, message: Message) -> None:
    """A draft of public text words the cause vaguely for customers ("our vendor had an incident",
    "a recent change"). A cause it states supports the confirmed cause it restates; once a cause is
    confirmed it adds no second one; before that it stands as its own confirmed hypothesis and settles
    the theories left behind. It confirms, supports or refutes no open theory by the broad words it
    shares with it, and raises none."""
    for clause in _clauses(message.text):
        cause = _judge(clause).cause
        if cause is None:
            continue
        target = work.cause_target(cause, clause, None, message.text)
        if target is not None and not work.ambiguous and work.items[target].status == "confirmed":
            work.link(target, message.ts, supports=True, strong=True, stated=True)  # restates the known cause
            return
        if any(h.status == "confirmed" for h in work.items):
            return  # the known cause in customers' words ("a configuration change to our CDN"), not a second one
        work.raise_new(cause, message, confirmed=True, merge=False)
        work.settle_others(len(work.items) - 1, message.ts)
        return


def _recap_cause(text: str) -> str | None:
    """The cause a one-line recap states ("for the review, in one line: …"); None for a list or a
    message without a recap label."""
    if "\n" in text.strip() or not lx.RECAP_LEAD.match(text):
        return None
    return cause_claim(text.strip())


_LABEL = re.compile(r"^\W*(?P<label>[^:?]{2,40}?)\s*:\s*\S")


def _suspect(clause: str, *, asked: bool = False) -> bool:
    """A clause a closer ("that's the suspect", "that would explain it") can point back to: one naming a
    component, or guessing about a name the vocabulary does not know in a question ("linecard dying?")
    or before a closer that asks ("… related??")."""
    if _ASKED_OF_SOMEONE.match(clause) or plan_question(clause):
        return False  # "can you check the kafka lag? that would explain it": the request is not the theory
    asked = asked or clause.rstrip().endswith("?")
    return bool(named(clause)) or (asked and names_unknown(clean_claim(clause)))


_ASKED_OF_SOMEONE = re.compile(
    r"^\W*(?:@\S+\s+)?(?:(?:can|could|would|will) (?:you|someone|anyone|somebody|we)|pls|please|plz|let'?s|"
    r"who can|anyone (?:able|around))\b",
    re.IGNORECASE,
)


_OFFER_UNDO = re.compile(
    r"^\W*(?:(?:ok|so|hm+|or)\W+)?(?:want me to|should i|shall i|do you want me to|i can|i could|happy to) (?:just )?"
    r"(?:roll (?:it|that|this|them|mine) back|revert(?: it| that| this| mine)?|undo (?:it|that|mine))\b",
    re.IGNORECASE,
)
"""A responder offering to take back a change they just named ("… want me to roll it back?")."""
_CHANGE_SAID = re.compile(
    r"\b(?:deploy(?:ed)?|release[ds]?|went out|shipped|merged?|pushed|rolled out|rollout|change[ds]?|pr|"
    r"flag|migration|upgraded?|bump(?:ed)?)\b|#\d+",
    re.IGNORECASE,
)
"""A clause that names a change made (the thing such an offer would take back)."""


def _ours(clauses: list[str], i: int) -> str | None:
    """What "is it us?" suspects: the label before it ("cache tier: is it us?"), the clause it ends
    ("the search team released at noon, could be ours?"), else the nearest clause
    of the same message that names something (the one before first)."""
    label = _LABEL.match(clauses[i])
    if label is not None and claim_named(label.group("label")):
        return clean_claim(label.group("label"))
    cue = lx.THEORY_OURS.search(clauses[i])
    before = clauses[i][: cue.start()].rstrip(" ,;:—-") if cue is not None else ""
    if before and claim_named(before) and not hedged(before):
        return clean_claim(before)  # "the batch service shipped at noon, could it be ours?"
    for j in (i - 1, i + 1):
        if 0 <= j < len(clauses) and claim_named(clauses[j]) and not hedged(clauses[j].rstrip("?")):
            return clean_claim(clauses[j])
    return None


def _without_opinion(clause: str) -> str:
    """``clause`` without an opinion put before its verdict ("i think that's it" reads as "that's it");
    a question keeps it, being no verdict at all."""
    return clause if clause.rstrip().endswith("?") else lx.OPINION_LEAD.sub("", clause, count=1)


def _take_back(work: _Board, message: Message) -> None:
    """A retraction ("wait, wrong cluster", "my bad, those were yesterday's") right after a theory was
    confirmed by a "yes" takes the yes back: the theory is open again. A cause stated in words is
    overturned only by the refutation that follows (see :meth:`_Board.link`)."""
    recent = work.recent
    if recent is None or work.since_recent > 2:
        return
    h = work.items[recent]
    if h.status == "confirmed" and h.confidence == ANSWERED:
        work.reopen(recent)


_NOT_A_CLAIM = frozenset(
    stem(w)
    for w in (
        "break broke broken cause caused trigger triggered tip tipped kill killed take took bring brought knock "
        "knocked lead led make made roll rolled rollout ship shipped deploy deployed release released push pushed "
        "change changed upgrade upgraded update updated land landed went line lines minute minutes timing happen "
        "happened right just before after flag toggle service host node server instance box job config setting "
        "version build pr commit patch min mins ago hour hours today tonight yesterday morning"
    ).split()
)
"""Words that only say one thing led to another, that a change went out and when, or what kind of
thing a name is ("the new-checkout flag"): what a theory claims of a named thing is the rest
("drain" in "the er2 drain tipped er1 over")."""


_NOT_DOING = re.compile(r"\bnot [a-z]{2,}ing\b", re.IGNORECASE)
"""A theory that a thing fails to act ("not scaling out", "not adding nodes")."""


_OBJECT_OF = re.compile(
    r"\b(?:from|to|into|towards?|against|via|through|for|with|by|on|at)\s+(?:the\s+|our\s+|their\s+)?$", re.IGNORECASE
)


_NEXT_WORD = re.compile(r"[\w\-.]+\s+([a-z][\w\-]*)", re.IGNORECASE)


def _named_only_aside(theory: str, cause: str) -> bool:
    """A theory about one thing ("pgw itself", "could the store itself be hacked?") and a cause that has
    that thing's name only aside: after a preposition ("the sbc rejects every invite from pgw") or as the
    modifier of another part ("our web store api credential leaked"). The cause is about another thing,
    which acted on the named one or belongs to it."""
    singled = SINGLED_OUT.search(theory)
    if singled is not None:
        word = stem(singled.group(1).lower())
    else:
        if components_of(claim_entities(theory)):
            return False
        own = key_terms(_CLOCK.sub(" ", theory)) - NOT_OWN
        if len(own) != 1:
            return False
        (word,) = own
    compounds = {k for k in entities(cause) if k.startswith(f"{word} ")}
    spots = [m.start() for m in re.finditer(r"[\w\-.]+", cause) if stem(m.group(0).lower()) == word]

    def aside(at: int) -> bool:
        after = _NEXT_WORD.match(cause, at)
        modifier = after is not None and f"{word} {after.group(1).lower()}" in compounds
        return modifier or bool(_OBJECT_OF.search(cause[:at]))

    return bool(spots) and all(aside(at) for at in spots)


def _said_of(statement: str, names: Iterable[str]) -> frozenset[str]:
    """What a theory about a named thing says that thing did or is: its content words (components'
    words too: "the quota rewrite") without the names' own parts, numbers, vague words and the words
    of :data:`_NOT_A_CLAIM`. Empty when the theory only names the thing ("is it the 4.2 deploy?")."""
    parts = {stem(p) for n in names for p in re.split(r"[\s\-_./]", n) if p} | set(names)
    for name in names:
        # "the pre-upgrade snapshot": the component word the name qualifies is part of that name
        for after in re.finditer(rf"\b{re.escape(name)}[\s\-]+([a-z][\w\-]*)", statement, re.IGNORECASE):
            if any(w >= COMPONENT_WEIGHT for w in entities(after.group(1)).values()):
                parts.add(stem(after.group(1)))
    return frozenset(
        w
        for w in key_terms(statement) - _NOT_CONTENT
        if w not in parts and not w.isdigit() and w not in _VAGUE and w not in _NOT_A_CLAIM
    )


def _named_by_id(compound: str, found: Mapping[str, float]) -> bool:
    """A compound ("billing worker") named through an id that is spelled from its words
    ("billing-worker-7"): the host or instance of that very thing."""
    words = compound.split()
    if len(words) < 2:
        return False
    for name, weight in found.items():
        if weight >= COMPONENT_WEIGHT and re.search(r"[\-_./]", name):
            parts = {stem(p) for p in re.split(r"[\-_./]", name)}
            if all(stem(w) in parts or w in parts for w in words):
                return True
    return False


def _counted_against(work: _Board, clauses: list[str], thread: str | None) -> tuple[set[int], set[int]]:
    """The hypotheses that a clause of a message of several clauses counts against: a refutation,
    not a test that changed nothing, in a clause that states no cause; each clause is matched once.

    First, those cleared outright ("the broker is healthy, ruled out"): a cause the same message states
    is not about them ("the consumers crashed, that's the cause; the broker is healthy"). Second, those
    counted against however weakly ("confirmed. no odd password sign-ins"): a bare yes in the same
    message grants something else, not them."""
    settled: set[int] = set()
    doubted: set[int] = set()
    if len(clauses) < 2 or not work.items:
        return settled, doubted
    for clause in clauses:
        said = _judge(clause)
        if not said.refutes or said.only_tested or said.cause is not None:
            continue
        if not said.strong and said.affirms:
            continue  # neither kind
        target = work.best_match(clause, thread)
        if target is None or _other_part(work.items[target].statement, clause):
            continue
        if said.strong:
            settled.add(target)
        if not said.affirms:
            doubted.add(target)
    return settled, doubted


_WIDER = re.compile(r"\b(?:not (?:just|only)|too\b|as well\b|also\b|others?\b|any more\b|more of)", re.IGNORECASE)
"""A theory that the impact is wider than known ("other accounts hit too?", "not just eu?")."""
_LIMITED = re.compile(r"\b(?:only|nothing else|no others?|none other|no (?:more|further|additional))\b", re.IGNORECASE)
"""A check reporting a limit ("only 3 were sent", "nothing else expanded"): the narrow scope holds."""


_BARE_YES_WORDS = 5


def _own_bare_yes(work: _Board, index: int, message: Message) -> bool:
    """The one who raised theory ``index`` says a short "yep" after someone else's reply: it agrees with that
    reply ("all edges serve the new cert, a reload fixed it" / "yep reload worked"), not with their own guess.
    Their own check reported with its evidence ("yes. the cron runs every minute, 40 queries overlap") still
    answers it."""
    return (
        message.user is not None
        and message.author == work.items[index].raised_by
        and work.since_recent > 1
        and len(message.text.split()) <= _BARE_YES_WORDS
    )


_HELD_UP = re.compile(
    r"\b(?:blocked|stuck|hung|hanging|saturated|starved|maxed(?: out)?|pegged|wedged|in use|tied up)\b", re.IGNORECASE
)
"""Words for a resource held up that the failure states do not list ("all 200 threads are blocked"): a state
said in other words, as "exhausted" would be."""


def _says_a_state(text: str) -> bool:
    """``text`` says some failure state of what it names (:data:`FAILURE_STATES` or a resource held up)."""
    return bool(_states(text)) or _HELD_UP.search(text) is not None


def _limits_wider(theory: str, clause: str) -> bool:
    """``clause`` confirms a limit ("confirmed: only those 3", "nothing else went out") that a theory of wider
    damage asked about ("could other mails have leaked too, not just these 3?"): the narrow scope holds, which
    settles the wider theory against it, though the check says "confirmed"."""
    return bool(_WIDER.search(theory) and _LIMITED.search(clause))


SCOPE_THEORY = re.compile(r"^\W*(?:just|only|limited to|confined to)\b", re.IGNORECASE)
"""A theory put as how far the damage reaches ("is it just c9?", "only eu?"): an answer to it
("yes, only eu") settles it, but a stated cause naming that place is not about it: the blast
radius is not the cause."""


_BARE_NO = re.compile(r"^\W*(?:no+|nope|nah|negative)\W*$", re.IGNORECASE)


def _answered(work: _Board, thread: str | None) -> int | None:
    """The open theory a reply answers: the one in whose thread it is said, or, outside threads, the one
    raised or judged by the message just before it."""
    for i, h in enumerate(work.items):
        if h.status != "open" or h.raised_ts is None:
            continue
        if h.raised_ts == thread if thread is not None else i == work.recent and work.since_recent <= 1:
            return i
    return None


def _denied(work: _Board, clauses: list[str], thread: str | None) -> int | None:
    """The theory a reply opening with a bare "no" answers: "no - health page clear, nodes
    ready. it's our release" in the thread of "is it the cloud provider?" (or right after it) says
    no to that question first; what the rest of the message names is evidence or another cause,
    never a confirmation of the theory it just denied."""
    if len(clauses) < 2 or not _BARE_NO.match(clauses[0]):
        return None
    return _answered(work, thread)


def _hold_open(work: _Board, text: str, thread: str | None) -> None:
    """An answer that leaves the theory it answers (:func:`_answered`) undecided and puts its check off
    ("could be. no way to tell from here", "possible, can't confirm it tonight"): the theory is
    :attr:`Hypothesis.held_open`. A raise-model theory is never the recent one, so only a reply in its
    thread holds it."""
    if not (lx.UNDECIDED_ANSWER.match(text) and lx.CHECK_DEFERRED.search(text)):
        return
    index = _answered(work, thread)
    if index is not None:
        work.items[index] = work.items[index].model_copy(update={"held_open": True})
        return
    for i, h in enumerate(work.raised):
        if h.status == "open" and thread is not None and h.raised_ts == thread:
            work.raised[i] = h.model_copy(update={"held_open": True})
            return


_DECIDED = re.compile(r"\W*(?:we|i|you|they|he|she|it'?s time|it is time|nobody|no one|everyone)\b", re.IGNORECASE)
_DID = re.compile(
    r"\b[a-z]{3,}ed\b|\b(?:hit|set|put|ran|cut|sent|left|lost|took|broke|made|kept|ate|let)\b", re.IGNORECASE
)
"""A verb of something done ("locked", "set", "hit"): a clause that says what happened, not a reading."""


def _stated_before_closer(clause: str) -> str | None:
    """The cause a clause states before naming it the cause of the failure after a comma ("X crashed
    after the upgrade, that's why lookups fail"; ", that's what stalls the producers"; ", that's the
    slowdown"): the part before the comma, when it names something, says what was done to it or went
    wrong with it, and is neither a question, a guess nor a step taken."""
    closer = FINDING_CLOSER_AFTER.search(clause)
    if closer is None or "?" in clause:
        return None
    effect = closer.group("effect")
    if effect is not None and not failure(effect) and _DECIDED.match(effect):
        return None  # "…, that's why we rolled back": the reason for a step, not a failure explained
    before = _VERDICT_LEAD.sub("", lx.RECAP_LEAD.sub("", clause[: closer.start()])).strip(" ,;:—–-")
    if not before or hedged(before) or lx.MITIGATION_ACTION.match(before):
        return None
    if closer.group("effect") is None and not (
        failure(before) or lx.causal_verb(before) or lx.DONE_FAILURE.search(before) or _DID.search(before)
    ):
        return None  # "p99 at 4s, that's the slowdown": a symptom named, no cause
    claim = clean_claim(before)
    return claim if claim_named(claim) else None


def _closer_why(clause: str) -> re.Match[str] | None:
    """ "that's why the control plane is down": what came before is the cause of a failure."""
    match = lx.FINDING_CLOSER_WHY.search(clause)
    return match if match is not None and failure(match.group("effect")) else None


_WH_QUESTION = re.compile(r"(?:^|[.!;]\s+)\W*(?:what|which|who|where|when|how)\b[^.!?\n]*\?", re.IGNORECASE)


_REQUEST = re.compile(
    r"\b(?:should|shall|can|may) (?:i|we)\b[^?.!\n]*\?|\b(?:want|like) me to\b[^?.!\n]*\?|"
    r"\b(?:can|could|would|will) (?:you|u|someone|somebody|anyone)\b[^?.!\n]*\?|"
    r"\bwant (?:a|an|me|us|some|to)\b[^?.!\n]*\?",
    re.IGNORECASE,
)
"""Asking leave or a task ("should i also check kafka?", "can you take the workers?"): "yes" to it
is a go-ahead, not a verdict."""


_TO_PERSON = re.compile(r"(?:<@[UW][A-Z0-9]+(?:\|[^>]*)?>|(?<!\w)@[\w.\-]*\w)\W*\?\s*$")
"""A question put to a person by name at its end ("… 1 min before the drop. @kofi?")."""


def _asks_person(text: str) -> bool:
    """``text`` ends by asking a person ("… @kofi?"): the next "yes" is that person's answer to
    what they were asked, not a verdict on an older theory."""
    return bool(_TO_PERSON.search(text))


def _asks_what(text: str) -> bool:
    """``text`` asks for a fact ("what IP?", "which version is it on?", "… drops unsigned calls,
    right?"): its answer names a thing or confirms that fact, it does not state a cause."""
    return bool(_WH_QUESTION.search(text)) or any(FACT_CHECK.search(c) for c in _clauses(text))


_OFFER_LAST = re.compile(
    r"(?:^|[.?!]\s+)\W*(?:(?:want|like) me to|should i|shall i|can i|may i|i can|lmk if|let me know if)\b[^?.!\n]*"
    r"[?.!]?\s*$",
    re.IGNORECASE,
)
"""An offer or a request for leave that ends the message, with or without its question mark ("is this
an attack? want me to check ingress volumes"): the next "yes pls" answers the offer."""


def _asks_leave(text: str) -> bool:
    """``text`` asks for a go-ahead ("should i check the queue too?"), whatever theory it adds."""
    return bool(
        _REQUEST.search(text)
        or _OFFER_LAST.search(text.strip())
        or PERSON_ASKED.search(text)
        or any(plan_question(c) for c in _clauses(text))
    )


_CAUSE_PARTS = re.compile(r"\s+\+\s+|,\s+(?:and\s+|plus\s+)?|\s+(?:and|plus|combined with|on top of)\s+", re.IGNORECASE)
"""Where a cause made of several parts splits ("the migration halved capacity, the hourly job fills it")."""


_CONSEQUENCE = re.compile(r"^\W*(?:(?:and|so)\s+)?(?:now|so|then|which|leaving|causing|meaning|resulting)\b", re.I)
"""A part that tells what the cause led to ("…, retries piled on, and now the lb is drowning"): an effect of
the chain, not one of its causes, so it proves no theory about the part it names."""


def _confirm_parts(work: _Board, cause: str, message: Message, thread: str | None) -> None:
    """Each part of a cause made of several ("a + b", "a, b") confirms the open theory it alone names:
    two theories can both be right when the cause is their sum."""
    parts = [p for p in _CAUSE_PARTS.split(cause) if claim_named(p) and not _CONSEQUENCE.match(p)]
    if len(parts) < 2:
        return
    for part in parts:
        target = work.cause_target(part, part, thread, part)
        if (
            target is not None
            and not work.ambiguous
            and work.items[target].status == "open"
            and target not in work.refuted_here
        ):
            work.link(target, message.ts, supports=True, strong=True, stated=True)
    work.ambiguous = False


def _answers_recent(work: _Board, cause: str, message: Message) -> bool:
    """``message`` opens with a yes and states a cause right after an open theory was floated: the
    yes answers that theory (a yes answers the message just before it) and the cause it goes on to
    state is that theory written out, not a second one. Only a cause that says what did what (a
    causal verb): "yes, confirmed: the backlog is huge" reports a state, which confirms nothing by
    itself. Not after a question that raised no theory (the yes answers that question), and not
    when the message refuted the theory."""
    recent = work.recent
    return (
        recent is not None
        and work.since_recent <= 1
        and not work.answering
        and recent not in work.refuted_here
        and work.items[recent].status == "open"
        and not work.items[recent].refuting
        and bool(lx.AFFIRM.search(message.text))
        and bool(
            lx.causal_verb(cause)
            or FINDING_CLOSER_AFTER.search(message.text)
            or _names_its_subject(work, recent, cause)
        )
    )


def _names_its_subject(work: _Board, index: int, cause: str) -> bool:
    """The cause after the yes names only parts the theory named ("could it be the tls cert on the
    edge?" / "yeah it's the cert, it expired at 10:00"): it is the theory with its detail, not a
    second cause beside it. A state of another part ("yes, confirmed: the backlog is huge" after a
    theory about the consumers) names something the theory did not."""
    said = components_of(claim_entities(cause))
    return bool(said) and said <= components_of(work.entities[index])


def _fold_tentative(work: _Board, cause: str, clause: str, message: Message, thread: str | None) -> None:
    """A cause said together with the check still running on it ("pretty sure it's the purge but
    checking the edge logs"): it backs the theory it names, or stands as a theory of its own, and
    settles nothing."""
    target = work.cause_target(cause, clause, thread, message.text)
    if target is None and not work.ambiguous and work.recent is not None:
        target = work.recent if work.same_thing(work.recent, f"{cause} {message.text}") else None
    if target is not None:
        work.link(target, message.ts, supports=True, strong=False)
    else:
        work.raise_new(cause, message)


def _refuted_by_evidence(h: Hypothesis) -> bool:
    """Refuted by what someone found, not only settled when another cause was stated: a later cause
    that merely shares its words does not take it up again (:meth:`_Board.revives` does that)."""
    return h.status == "refuted" and h.confidence != SETTLED


_EFFECTS = re.compile(r"\s*(?:->|→)[^\n]*|,?\s+(?:and|so)\s+now\b[^.;!?\n]*", re.IGNORECASE)
"""What a chain says the cause led to ("… email is undefined -> the function throws -> the identity
platform rejects the sign-in", "…, and now the lb is drowning"): a part named only there is where the
failure showed, not the cause, so the theory that it was having issues is not what the cause confirms."""


def _fold_cause(work: _Board, cause: str, clause: str, message: Message, thread: str | None) -> None:
    if work.tentative or work.joking:
        # A cause still being checked, or said with a laugh ("it's always the cache lol"), is a guess.
        _fold_tentative(work, cause, clause, message, thread)
        return
    _confirm_parts(work, cause, message, thread)
    said = _EFFECTS.sub("", message.text)  # the message without what its chain says the cause led to
    target = work.cause_target(cause, clause, thread, said)
    if work.ambiguous:
        # The cause stands as stated, beside the theories it could mean; none of them is confirmed.
        work.raise_new(cause, message, confirmed=True, merge=False)
        return
    if (
        target is None
        and work.recent is not None
        and not _refuted_by_evidence(work.items[work.recent])
        and not claim_named(cause) - claim_named(work.items[work.recent].statement)
        and work.same_thing(work.recent, f"{cause} {said}")
        and not _other_part(work.items[work.recent].statement, cause)
        and not _named_only_aside(work.items[work.recent].statement, cause)
    ):
        target = work.recent
    if target is None and _answers_recent(work, cause, message):
        target = work.recent  # "yes, confirmed: <the cause in other words>" right after the theory
    if target is not None and _denies_its_words(said, work.items[target].statement):
        target = None  # "v2.4 isnt slower. its purely volume": the words it shares with the theory, it denies
    if target is not None and SCOPE_THEORY.match(work.items[target].statement):
        target = None  # the cause names the place the question asked about: the reach, not the cause
    if target is not None and target in work.dismissed:
        work.raise_new(cause, message, confirmed=True, merge=False)  # beside the theory it clears
        target = len(work.items) - 1
    elif target is not None and target in work.refuted_here:
        # "scratch that, … its only r2's front door": what the message just refuted it does not confirm.
        work.raise_new(cause, message, confirmed=True, merge=False)
        target = len(work.items) - 1
    elif target is not None:
        work.link(target, message.ts, supports=True, strong=True, stated=True)
    elif (
        (restated := work.restated_theory(clause if lx.CAUSE_SUMMED_UP.match(clause) else message.text)) is not None
        and restated not in work.dismissed
        and not _other_part(work.items[restated].statement, cause)
        and not _denies_its_words(said, work.items[restated].statement)
    ):
        target = restated  # the cause is an open theory written up in other words
        work.link(target, message.ts, supports=True, strong=True, stated=True)
    elif (referred := work.referred_theory(cause)) is not None:
        target = referred  # "this rotation …": the theory the cause points back to
        work.link(target, message.ts, supports=True, strong=True, stated=True)
    else:
        work.raise_new(cause, message, confirmed=True)
        target = next(i for i, h in enumerate(work.items) if message.ts in h.supporting and h.status == "confirmed")
        work.cite_finding(target, message.text)
        _confirm_model_theory(work, cause, clause, message, thread)
    work.settle_others(target, message.ts, message.text)


_NEGATED_WORDS = re.compile(
    r"\b(?:(?:is|are|was|were|does|did|do|has|have)\s+not|isn'?t|aren'?t|wasn'?t|weren'?t|didn'?t|doesn'?t|don'?t|"
    r"hasn'?t|haven'?t)\s+(?P<words>[a-z][\w\-]*)",
    re.IGNORECASE,
)
"""A verb or state said not to hold ("isnt slower", "did not crash"); a bare "no vgw" or "not npm" is left
out: an absence can be the cause itself, and "not X, not Y" dismisses other theories."""


def _denies_its_words(text: str, statement: str) -> bool:
    """``text`` denies what the theory says ("v3.8 isnt slower. its purely volume" against "did the engine
    get slower?"): the message may state another cause, but the words it shares with the theory are the
    ones it negates, so they prove nothing."""
    own = key_terms(statement) - _NOT_CONTENT - _negated(statement)  # "keys not expiring" is proven by "not expiring"
    return bool(_negated(text) & own)


def _negated(text: str) -> frozenset[str]:
    return frozenset(t for m in _NEGATED_WORDS.finditer(text) for t in key_terms(m.group("words")))


def _confirm_model_theory(work: _Board, cause: str, clause: str, message: Message, thread: str | None) -> None:
    """A stated cause that stands as a new item also confirms the one open guess (a question or a
    hedged sentence) the raise model put on the board that it names as the rules' theories are named
    (:meth:`_Board.cause_target`): the guess proven ("are the workers picking the same batch over and
    over?", then "found it - the workers never ack, so the broker hands them the same batch"). A fact
    the model raised ("the alert says the cert expired") is not proven by a cause naming it. The new
    item keeps the cause's own words and stays the postmortem's cause (its evidence is stated; the
    guess's is a confirmation). Without this the guess would be settled as refuted by its own proof."""
    candidates = [
        i
        for i, h in enumerate(work.raised)
        if h.status == "open"
        and h.raised_ts is not None
        and ts_key(h.raised_ts) < ts_key(message.ts)
        and ("?" in h.statement or hedged(h.statement))  # a guess; a fact reported ("the alert says …") proves nothing
        and not _denies_its_words(message.text, h.statement)
    ]
    if not candidates:
        return
    view = _Board(
        Board(
            channel=work.channel,
            hypotheses=tuple(work.raised[i].model_copy(update={"raised_by_model": False}) for i in candidates),
        )
    )
    found = view.cause_target(cause, clause, thread, message.text)
    if found is None or view.ambiguous:
        return
    i = candidates[found]
    h = work.raised[i]
    work.raised[i] = h.model_copy(
        update={"status": "confirmed", "confidence": 90, "supporting": (*h.supporting, message.ts)}
    )


@dataclass(frozen=True)
class _Judgement:
    """What one clause says, independent of the board: computed once per distinct clause."""

    cause: str | None
    finding: str | None
    """A cause stated as a finding without a cause word (:func:`finding_claim`)."""
    affirms: bool
    refutes: bool
    supports: bool
    strong: bool
    """The refutation or support is explicit ("ruled out", "confirmed", "that's it")."""
    explicit_refute: bool
    theory: str | None
    only_tested: bool = False
    """The only refutation is a test that changed nothing (:data:`lx.NO_EFFECT`)."""
    worked: str | None = None
    """What a step reported done and followed by the impact ending touched (:data:`STEP_WORKED`)."""
    undone: bool = False
    """That step undid a change (a rollback, a revert, a flag turned off)."""


_RULED_OUT_THEN = re.compile(r"^\W*(?:\w+\W+)?rul(?:e|es|ed|ing) out (?P<out>[^,;:]{2,60})[,;:]\s+\S", re.IGNORECASE)
"""A thing ruled out, then something else said about the fault ("ruling out the app, the throttling is at
the edge waf"): the verdict falls on what was ruled out only."""
_MADE_FOR_NOT = re.compile(
    r"\b(?:sized|built|designed|meant|made|tuned|scaled|provisioned|planned|intended|set up)\s+(?:for|to)\b"
    r"[^,;.!?]*[,;]\s*not\b",
    re.IGNORECASE,
)
"""What a thing was made for, against what it met ("the pool was sized for normal peaks, not this"): a
contrast of load or purpose, not a verdict on a theory."""

_CONCEDES = re.compile(
    r"^\W*(?:(?:yeah|yes|yep|ya|yea|ok|okay)\W+)?(?:fair(?: enough| point)?|good point|point taken)\b", re.IGNORECASE
)
"""A concession ("yeah fair", "fair point") grants what was just said, which may be a doubt as well as
the theory: it leans towards the theory without settling it."""
_THE_OTHERS = re.compile(
    r"^\W*(?:(?:and|but|also|while|whereas|meanwhile)\W+)?(?:all (?:the )?|the |every )?"
    r"(?:others?|rest|remaining|unaffected)\b",
    re.IGNORECASE,
)
"""A clean bill for the others ("the other 5 hosts have no xfs errors", "the rest of the fleet is fine"):
a control group that sets the sick one apart, not a verdict on the theory about it."""


@lru_cache(maxsize=16384)
def _judge(clause: str) -> _Judgement:
    cause = cause_claim(clause)
    affirms = (bool(lx.AFFIRM.search(clause)) and not hedged(clause) and not lx.GO_AHEAD.search(clause)) or bool(
        lx.OPINION_YES.search(clause)
    )
    # A vendor's status page still green says nothing yet: those pages trail the fault by tens of minutes.
    checked = lx.STATUS_PAGE_GREEN.sub(" ", clause)
    plain = verdict(lx.REFUTE_PLAIN, checked) is not None or (
        "?" not in clause and lx.REFUTE_DROPPED.search(checked) is not None
    )
    tested = "?" not in clause and (
        lx.NO_EFFECT.search(checked) is not None or NO_EFFECT_MORE.search(checked) is not None
    )
    outside = "?" not in clause and lx.FAULT_OUTSIDE.search(clause) is not None
    if outside:
        cause = None  # "so it's dying before our edge": where the fault is not, the cause is still open
    # "don't think so, …" / "doubt it, …": a doubt word, so hedged, yet a denial of the theory it answers
    plain = plain or ("?" not in clause and lx.OPINION_NO.match(clause) is not None)
    refutes = (
        verdict(lx.REFUTE_CUE, checked) is not None or verdict(lx.REFUTE_MORE, checked) is not None or plain or outside
    )
    only_tested = tested and not refutes
    refutes = refutes or tested
    if lx.THEORY_TO_RULE_OUT.search(clause) or _MADE_FOR_NOT.search(clause) or _REASSURED.match(clause):
        # "first i want to rule out the upstream api": a check to make; "the pool is sized for the nightly
        # batch, not this": what it was for
        refutes = plain = only_tested = False
    if refutes and not plain and _THE_OTHERS.match(clause) and not verdict(lx.STRONG_REFUTE, clause):
        refutes = only_tested = False
    # "no errors after the restart, and that confirms X as the cause": a stated confirmation
    # outweighs a healthy-looking graph in the same clause; an explicit refutation outweighs both.
    if refutes and verdict(lx.STRONG_SUPPORT, clause) and not verdict(lx.STRONG_REFUTE, clause):
        refutes = False
    supports = not refutes and verdict(lx.SUPPORT_CUE, clause) is not None
    strong = (refutes or supports) and verdict(
        lx.STRONG_REFUTE if refutes else lx.STRONG_SUPPORT, clause, negatable=supports
    ) is not None
    if refutes and not strong and (plain or outside or verdict(lx.REFUTE_MORE, clause) is not None):
        strong = True  # "this is not a cyberattack", "a symptom, not the cause": settled
    explicit = refutes and (
        verdict(lx.STRONG_REFUTE, clause, negatable=False) is not None
        or verdict(lx.REFUTE_MORE, clause, negatable=False) is not None
        or plain
    )
    if affirms and explicit:
        # "confirmed: the kernel patch is not the cause", "yes it shipped at 8 but that's unrelated":
        # the yes grants a fact, the verdict on the theory is the refutation.
        affirms = False
    finding = None if cause is not None or outside else finding_claim(clause)
    theory = None if cause is not None else theory_claim(clause) or terse_question(clause)
    step = None if "?" in clause or refutes or hedged(clause) else STEP_WORKED.match(clause)
    worked = f"{step.group('step')} {step.group('object')}" if step is not None else None
    undone = step is not None and step.group("undo") is not None
    return _Judgement(
        cause, finding, affirms, refutes, supports, strong, explicit, theory, only_tested and refutes, worked, undone
    )


def _fold_clause(
    work: _Board, clause: str, message: Message, thread: str | None, no_new_theory: bool, *, before: Sequence[str] = ()
) -> None:
    said = _judge(clause)
    # A finding without a cause word counts only in a message that asks nothing: "maybe the kafka
    # cluster? it's pdx04-heavy" describes the guess, it does not state a cause.
    # Right after a question that raised no theory ("what IP?"), "it's our old LB address" answers
    # the question: what was asked about, not the cause.
    cause = said.cause or (said.finding if "?" not in message.text and not work.answering else None)
    if cause is not None:
        grounds = "?" in message.text and any(h.raised_ts == message.ts for h in work.items)
        if (BELIEF_LEAD.match(clause) or grounds) and not work.tentative:
            # "i think the schema bump broke the parser": a theory in the shape of a cause; "could it be
            # gcp again? last month's outage broke half our jobs": the grounds for the guess the message
            # just asked about, not a cause found
            work.tentative = True
            _fold_cause(work, cause, clause, message, thread)
            work.tentative = False
            return
        _fold_cause(work, cause, clause, message, thread)
        return
    if said.affirms and not work.answering:
        # A "yes" right after someone else's question answers that question, not an older theory.
        target = work.best_match(clause, thread)
        if (
            target is not None
            and work.items[target].status == "open"
            and _limits_wider(work.items[target].statement, clause)
        ):
            work.link(target, message.ts, supports=False, strong=True)
            return
        if (
            target is not None
            and target == work.recent
            and work.since_recent <= 1
            and _last_word_against(work.items[target])
        ):
            return  # "yeah fair" right after a doubt about the theory agrees with the doubt, not the theory
        if target is not None and target in work.doubted:
            return  # "confirmed. no odd password sign-ins, …": the yes grants a fact the rest goes on from
        if target is not None and work.items[target].status == "open":
            # "yep, …" answering the theory just floated confirms it (a later "yes" only supports);
            # it is an answer to a question, not a statement of the cause, so it weighs less.
            # A "yes" in the theory's own thread answers it however many messages came between, but
            # once other talk came between, only a yes that names something the theory is about
            # ("yep, the cdn serves …") confirms it: a bare "yes" that late may answer a later
            # question asked in the thread, so it only supports.
            own_thread = thread is not None and work.items[target].raised_ts == thread
            strong = (target == work.recent and work.names_it(target, clause, thread)) or (
                own_thread and entity_overlap(entities(clause), work.entities[target]) >= _MIN_LINK
            )
            if _own_bare_yes(work, target, message):
                strong = False
            if _confirms_a_fact(clause) or _YES_WHEN.match(clause) or _CONCEDES.match(clause):
                # "confirmed the window was 10:00-10:30", "yes, thursday": a fact (it happened, and
                # when), not the theory that it caused this
                strong = False
            if lx.CHANGE_QUESTION.match(work.items[target].statement):
                # "what else shipped today?" / "yeah, the client refactor at 12:58": the answer says what
                # went out, which is then a suspect to test, not the cause
                strong = False
            if not own_thread and work.since_recent > 1:
                # A "yes" answers the message just before it: one that raised the theory or asked
                # about it. After other talk it may answer anything said since, so it only supports.
                strong = False
            work.link(target, message.ts, supports=True, strong=strong, answered=True)
            if strong and work.items[target].status == "confirmed":
                work.settle_others(target, message.ts)  # a theory confirmed by its answer, like a stated cause
            return
    if said.worked is not None and _fold_step_worked(work, said, clause, message, thread):
        return
    if said.refutes or said.supports:
        # "ruling out the app, the throttling is at the edge waf": the verdict is on the app; the waf is
        # where the rest of the clause puts the fault
        ruled_out = _RULED_OUT_THEN.match(clause) if said.refutes else None
        about = clause if ruled_out is None else ruled_out.group("out")
        target = work.best_match(about, thread)
        if target is None and said.refutes and said.strong and ruled_out is None and not named(clause):
            # "looked: all from the retry window. expected behaviour": the verdict's own clause names
            # nothing; the message names what it judges.
            target = work.best_match(message.text, thread)
            # ... but not the theory this same message raised: in "my bet: a phished session token. not a
            # password thing" the verdict rules out what it contrasts with, not the bet.
            if target is not None and (
                work.items[target].raised_ts == message.ts or work.items[target].status != "open"
            ):
                target = None
        if target is None and said.refutes and said.strong and work.recent is not None:
            # "not the sdk" right after "i suspect the new client sdk": a settled "no" that repeats one
            # of the theory's own words refers to it, however short or unknown that word is.
            own = key_terms(work.items[work.recent].statement) - NOT_OWN
            target = work.recent if own & key_terms(about) and work.items[work.recent].status == "open" else None
        if target is None and said.refutes and said.strong and not no_new_theory:
            dismissed = _dismissed_unasked(clause)
            if dismissed is not None:
                # "no sign of an attack": a usual suspect checked off before anyone raised it
                work.raise_new(dismissed, message, merge=False)
                work.link(len(work.items) - 1, message.ts, supports=False, strong=True)
                return
        if target is None and ruled_out is not None:
            return  # what was ruled out is on no theory of the board
        if said.only_tested:
            # "rolled the web app back, no change" drops a theory about the web app; "restarted the
            # consumers, no change" tests something else and says nothing of "the broker rebalance".
            target = target if target is not None else work.best_match(message.text, thread)
            if (
                target is not None
                and work.items[target].status == "open"
                and (work.same_thing(target, message.text) or work.stepped_on(target, clause))
            ):
                work.link(target, message.ts, supports=False, strong=True)
            return
        if (
            target is not None
            and said.refutes
            and work.answering
            and work.items[target].raised_ts != thread
            and entity_overlap(entities(message.text), work.entities[target]) < _MIN_LINK
        ):
            return  # "anyone see a reason not to close?" "nope, 10 min clean": the answer, not a verdict
        if target is not None and said.refutes and _NO_VERDICT.search(message.text):
            # "no unknown pushes in the audit log so far. but i can't rule it out yet": evidence against
            # so far, and the speaker's own word that it is no verdict.
            work.link(target, message.ts, supports=False, strong=False)
            return
        if target is not None and said.refutes and not said.explicit_refute and _confirms_a_fact(clause):
            return  # "verified all pods run 3.2": a fact checked, neither the theory nor its end
        if target is not None and said.refutes and _other_part(work.items[target].statement, clause):
            return  # "primary is healthy" says nothing of "the replica is lagging?"
        if target is not None and said.refutes and _rules_out_another(work, target, clause, message.text):
            return  # "both edges, so not the edge2 linecard" in the thread of "the carrier drops packets"
        if target is not None:
            if said.refutes and work.items[target].status == "confirmed":
                # A stated cause is overturned only by an explicit refutation, not by a healthy graph
                # nearby, unless the responder has just taken back what they said ("false alarm, …").
                explicit = said.strong and said.explicit_refute
                # right after the yes, before anyone else spoke to it
                answered_only = (
                    work.items[target].confidence == ANSWERED and target == work.recent and work.since_recent <= 1
                )
                work.link(target, message.ts, supports=False, strong=explicit or work.retracting)
                if work.items[target].status == "confirmed" and answered_only:
                    # A theory only answered "yes" to is reopened by evidence against it ("the consumers
                    # are caught up, lag is 0"): the yes was a guess agreed with, the evidence a check.
                    work.reopen(target)
                return
            if said.supports and _limits_wider(work.items[target].statement, clause):
                work.link(target, message.ts, supports=False, strong=said.strong)
                return
            # A confirmation must name what it confirms; shared plain words only support; a fact
            # confirmed ("confirmed the deploy went out at 10:02") is not the theory confirmed.
            strong = said.strong and (
                said.refutes or (work.names_it(target, clause, thread) and not _confirms_a_fact(clause))
            )
            if said.supports and work.items[target].status == "refuted" and work.items[target].refuting:
                # A theory refuted by evidence is confirmed only by a cause that takes it up again
                # (:meth:`_Board.revives`), not by a "confirmed." about something that shares its words.
                strong = False
            work.link(target, message.ts, supports=said.supports, strong=strong or said.refutes)
            return
    if no_new_theory:
        if said.theory is not None:
            _guess_about_the_fact(work, said.theory, clause, message, before)
        return
    owned = _own_change(clause, before)
    if owned is not None:
        work.raise_new(owned, message)  # not "me, the block rule update …": what they did is the theory
        work.owned_here.add(len(work.items) - 1)
    elif said.theory is not None:
        work.raise_new(_with_antecedent(said.theory, before), message)


def _own_change(clause: str, before: Sequence[str]) -> str | None:
    """What a responder owning up says they did: said after "that's probably me" in the same clause, or
    in the clause right after it when that one says what they did ("i applied …", "my migration …")."""
    owning = OWN_CHANGE_SUSPECTED.match(clause)
    owned_before = OWN_CHANGE_SUSPECTED.match(before[-1]) if before else None
    if owning is not None:
        what = owning.group("what")
    elif owned_before is not None and owned_before.group("what") is None and _DID_IT.match(clause):
        what = clause
    else:
        what = None
    if what is None or "?" in what:
        return None
    claim = clean_claim(what)
    return claim if claim_named(claim) else None


_DID_IT = re.compile(
    r"^\W*(?:i|i've|ive|i just|we|my|our)\b(?!\s+(?:think|guess|bet|don'?t|do not|am|'m|will|'ll)\b)", re.I
)
"""The clause after owning up that says what the speaker did ("i applied …", "my migration just blew up …")."""


def _guess_about_the_fact(work: _Board, theory: str, clause: str, message: Message, before: Sequence[str]) -> None:
    """A fact raised under a label, then a guess about it ("other thought: the deploy restarted every pod at
    once. maybe that's maxing out the core nodes"): the first sentence is a fact; the guess is what "that"
    did. The board keeps the guess, or a cause restating the fact (the restart happened) would confirm a
    guess nobody proved."""
    if work.recent is None or not _PRONOUN_SUBJECT.match(theory) or not hedged(clause):
        return
    h = work.items[work.recent]
    if h.raised_ts != message.ts or h.status != "open" or h.supporting or h.refuting:
        return
    said_first = next((c for c in before if h.statement.lower() in c.lower()), None)
    if said_first is None or "?" in said_first or hedged(said_first):
        return
    statement = clean_claim(without_contrast(theory))
    work.items[work.recent] = h.model_copy(update={"statement": statement, "next_checks": next_checks(statement)})
    work.terms[work.recent] = key_terms(theory)
    work.entities[work.recent] = claim_entities(statement)


_NO_VERDICT = re.compile(
    r"\b(?:can'?t|cannot|can not|couldn'?t|could not|won'?t|wouldn'?t|haven'?t|hasn'?t|not)\s+"
    r"(?:yet\s+|fully\s+|completely\s+|totally\s+|quite\s+)?(?:rule|ruled|ruling)\s+(?:\S+\s+){0,3}?out\b|"
    r"\bcan'?t (?:yet )?exclude\b|"
    r"\b(?:but|though|tho)\b[^.?!\n]{0,30}?\b(?:means?|proves?|tells? us|says?) "
    r"(?:nothing|very little|little|not much)\b|"
    r"\b(?:doesn'?t|does not|don'?t|do not) (?:mean|prove|tell us) (?:much|anything|a lot)\b|"
    r"^\W*(?:[\w.\-]+ )?(?:status ?page|health dashboard)s?(?: (?:is|are|says?|shows?|looks?))? (?:all |still )?"
    r"(?:green|operational|all good|clear|clean|fine)\W*(?:fwiw|ftr|for now|so far|lol|lmao|haha|of course)?\W*$",
    re.IGNORECASE,
)
"""The speaker saying a check is no verdict ("can't rule it out yet", "not ruling it out fully", "their status page
is green, but that means nothing for the first half hour"), or a provider's status page read alone ("vendor status
page is all green fwiw"): status pages trail an outage, so the reading is evidence, not the theory ruled out."""


_PRONOUN_SUBJECT = re.compile(
    r"^\W*(?:this one|that one|it|this|that|these|those)\b(?:'s|’s| is| was)?\W*", re.IGNORECASE
)


def _with_antecedent(theory: str, before: Sequence[str]) -> str:
    """A theory whose subject is a pronoun and which names nothing itself ("my money is on it, the
    timing is exact") is about what the same message named before it ("#8812 is mine, the legacy
    permission cleanup."): the board keeps that name, or a cause naming the change could never reach
    the theory, and would settle it as refuted instead. ``before``: the message's clauses before it."""
    if not _PRONOUN_SUBJECT.match(theory) or claim_named(theory):
        return theory
    for earlier in reversed(before):
        if claim_named(earlier):
            rest = _PRONOUN_SUBJECT.sub("", theory, count=1)
            named_thing = clean_claim(earlier.strip().rstrip(".!;: "))
            return f"{named_thing} — {rest}" if rest else named_thing
    return theory


_SCOPE_WORDS = frozenset({"whole", "fleet", "all", "everyone", "everything", "every", "entire", "only", "just"})
"""Words of how far something reached: "not the whole fleet" limits the impact, it rules out no cause."""


def _dismissed_unasked(clause: str) -> str | None:
    """The suspect a clause dismisses by name when no theory on the board is about it ("not a brute
    force", "no sign of an attack"), or None: a pronoun ("not that"), a scope ("not the whole fleet")
    or a plain word ("not a big deal") names no suspect."""
    match = RULED_OUT_UNASKED.search(clause)
    if match is None:
        return None
    thing = next(g for g in match.group("claim", "claim2", "claim3") if g)
    if _SCOPE_WORDS & set(thing.lower().split()) or not claim_named(thing):
        return None
    return thing


_WORD = re.compile(r"[a-z0-9][a-z0-9\-]*", re.IGNORECASE)


_NEGATED_OBJECT = re.compile(r"\bnot (?:the |a |an |our |their |on |in )?(?P<obj>[\w\-./]+(?: [\w\-./]+){0,2})", re.I)


def _rules_out_another(work: _Board, target: int, clause: str, text: str) -> bool:
    """``clause`` rules out something it names ("so not the edge2 card") that theory ``target`` is not
    about, in a message (``text``) that does not name the theory's things at all: a verdict on another
    part, not on the theory (matched only by the thread it was said in). "the stripe calls all return
    200 … not the webhook secret" still judges "the stripe side"."""
    objects = [m.group("obj") for m in _NEGATED_OBJECT.finditer(clause)]
    if not any(named(o) for o in objects):
        return False
    found, ents = entities(text), work.entities[target]
    return entity_overlap(found, ents) == 0 and not _head_named(found, ents)


def _other_part(theory: str, clause: str) -> bool:
    """``clause`` judges another part of what ``theory`` is about: it names a role, age, tier or
    region the theory does not, and the theory names a different one of the same kind ("primary
    looks fine" for "the replica is lagging?", "eu lb is fine" for "the us-east lb?")."""
    said = {_role_word(w) for w in _WORD.findall(clause)}
    about = {_role_word(w) for w in _WORD.findall(theory)}
    for kind in ROLE_SETS:
        here, there = said & kind, about & kind
        if here and there and not here & there:
            return True
    here = {w for w in said if REGION.match(w)}
    there = {w for w in about if REGION.match(w)}
    if here and there and not here & there:
        return True
    return _located_elsewhere(theory, clause) or _other_of_kind(theory, clause)


_HEADED = re.compile(
    r"\b(?P<mod>[a-z][a-z0-9]{2,})[ \-](?P<head>jobs?|services?|workers?|pools?|clusters?|hosts?|queues?|caches?|"
    r"apis?|db|database|buckets?|tables?|releases?|deploys?|flags?|crons?|sites?|apps?|topics?|plugins?)\b",
    re.IGNORECASE,
)


def _other_of_kind(theory: str, clause: str) -> bool:
    """Both name a thing of one kind by its own modifier ("the backup job" / "the analytics job", "the
    mobile release" / "the web release") and the theory's modifier is nowhere in the clause."""
    about: dict[str, set[str]] = {}
    for m in _HEADED.finditer(theory):
        about.setdefault(stem(m.group("head")), set()).add(m.group("mod").lower())
    if not about:
        return False
    words = {p for w in _WORD.findall(clause) for p in (w.lower(), *w.lower().split("-"))}
    theirs = {p for w in _WORD.findall(theory) for p in (w.lower(), *w.lower().split("-"))}
    for m in _HEADED.finditer(clause):
        mods = about.get(stem(m.group("head")))
        mod = m.group("mod").lower()
        if mods and mod not in mods and mod not in theirs and mod not in _NOT_A_MODIFIER and not mods & words:
            return True
    return False


_NOT_A_MODIFIER = frozenset(
    {*lx.STOPWORDS, "new", "old", "our", "their", "this", "that", "same", "whole", "every", "each"}
)


_ROLE_ALIAS = {
    "production": "prod",
    "workers": "worker",
    "replicas": "replica",
    "followers": "follower",
    "postgresql": "postgres",
    "mongodb": "mongo",
    "dynamodb": "dynamo",
    "memcached": "memcache",
    "rabbitmq": "rabbit",
    "scylladb": "scylla",
}


def _role_word(word: str) -> str:
    """A role word as one spelling ("workers" is "worker", "production" is "prod")."""
    low = word.lower()
    return _ROLE_ALIAS.get(low, low[:-1] if low.endswith("s") and low[:-1] in _ROLE_WORDS else low)


_ROLE_WORDS = frozenset(w for kind in ROLE_SETS for w in kind)
_LOCATION = re.compile(
    r"\b(?:on|in) (?:the|our|their|a|one of the) (?P<place>[a-z0-9][\w\-]*(?: [a-z0-9][\w\-]*){0,2})", re.IGNORECASE
)


def _place(words: str) -> str:
    """The words of a place up to the first function word ("api is exhausted" is "api")."""
    out = []
    for word in words.split():
        if word.lower() in lx.STOPWORDS:
            break
        out.append(word)
    return " ".join(out)


def _located_elsewhere(theory: str, clause: str) -> bool:
    """Both say where the thing is ("the disk on the kafka brokers" / "the disk on the build host") and
    the places share no word: the same kind of failure, somewhere else."""
    here = _LOCATION.search(clause)
    there = _LOCATION.search(theory)
    if here is None or there is None:
        return False
    said = key_terms(_place(here.group("place"))) - _NOT_CONTENT
    about = key_terms(_place(there.group("place"))) - _NOT_CONTENT
    if not said or not about or said & about:
        return False
    return not entity_overlap(entities(here.group("place")), entities(there.group("place")))


def _fold_step_worked(work: _Board, said: _Judgement, clause: str, message: Message, thread: str | None) -> bool:
    """A step reported done with the impact gone right after it ("rolled back the api deploy, errors
    gone") tests the theory about what it touched: undoing a change that ends the errors proves the
    change was the cause; a restart or scale-up that helps proves a theory only when it names what the
    theory said ("restarted the session cache, logins back" for "the session cache is wedged"), and
    otherwise backs it. Later and stronger than a doubt said earlier, it wins over it."""
    assert said.worked is not None
    target = work.best_match(said.worked, thread)
    # The step and the effect it had together name what the theory named ("disabled the waf rule,
    # logins succeed again" for "the waf rule is blocking logins?").
    if target is None or not (work.stepped_on(target, said.worked) or work.stepped_on(target, clause)):
        return False
    strong = said.undone or work.same_thing(target, clause)
    work.link(target, message.ts, supports=True, strong=strong)
    if strong and work.items[target].status == "confirmed":
        work.settle_others(target, message.ts)
    return True


def clause_claims(text: str) -> tuple[str | None, str | None, str | None]:
    """The first cause stated as found, finding without a cause word and theory raised among the
    clauses of ``text``, as the board reads them (cached per clause, so a transcript already folded
    is not read again)."""
    cause = finding = theory = None
    for clause in _clauses(text):
        said = _judge(clause)
        cause = cause or said.cause
        finding = finding or said.finding
        theory = theory or said.theory
    return cause, finding, theory
