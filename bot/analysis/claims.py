"""Read what one clause claims about the cause: a cause stated as found, a finding stated without a
cause word, or a theory raised as a guess or a question. Pure functions of the text; the board
(hypotheses.py) decides what each claim does to the hypotheses it names."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.analysis import lexicon as lx
from bot.analysis.lexicon.theories import CAUSE_EMPHATIC, FAILURE_STATES, PLAN_QUESTION, WOULD_STEP
from bot.analysis.terms import NAME_WEIGHT, WORD_WEIGHT, entities, named, stem

NOT_OWN = frozenset(
    stem(w)
    for w in (
        *lx.FILLER_WORDS,
        *lx.GENERIC_TERMS,
        *(w for canon, syns in lx.COMPONENT_SYNONYMS.items() for w in (canon, *syns) if " " not in w),
    )
)
"""Words that are not what a theory says about its components: fillers, generic words and the
components' own names (those are matched as components, however they are spelled)."""

_VERB_LIKE = re.compile(r"(?:ed|ing|ly)$")
_SYNONYMS = frozenset(w for canon, syns in lx.COMPONENT_SYNONYMS.items() for w in (canon, *syns))


def _common_first_word(text: str) -> bool:
    """The first word of ``text`` is a common word (a function word, a generic or filler word, a
    component's name, or verb-like), so a capital there is only the start of a sentence."""
    first = text.lstrip(" \"'`*_(").split(" ", 1)[0].lower().strip(",:;")
    return (
        not first
        or first in lx.STOPWORDS
        or first in lx.GENERIC_TERMS
        or first in lx.FILLER_WORDS
        or first in _SYNONYMS
        or bool(_VERB_LIKE.search(first))
    )


def _as_claim(text: str) -> str:
    """``text`` read as a claim: a capitalised first word keeps its weight as a product name
    ("Kafka lag could be it", "Consul flapping") unless it is a common word. Entities skip a capital
    at a sentence's start (every sentence has one); a claim's first word is its subject."""
    return text if _common_first_word(text) else f"- {text}"


def claim_entities(text: str) -> dict[str, float]:
    """:func:`entities` of a claim or hypothesis statement (its first word may be a product)."""
    return entities(_as_claim(text))


def claim_named(text: str) -> frozenset[str]:
    """:func:`named` of a claim or hypothesis statement (its first word may be a product)."""
    return named(_as_claim(text))


@lru_cache(maxsize=16384)
def hedged(text: str) -> bool:
    """``text`` is a guess, a condition, a plan or a question (:data:`lx.HEDGE`), once the words that
    only look like doubt are set aside ("on may 29", "all at once", "should have caught it").

    Cached by text: the fold, the claims and the cause ranker each ask it of the same messages."""
    return bool(lx.HEDGE.search(lx.NOT_A_HEDGE.sub(" ", text)))


def negated(clause: str, at: int) -> bool:
    """A negator stands shortly before position ``at`` in the same stretch of the clause."""
    scope = lx.NEGATION_SCOPE_BREAK.split(clause[:at])[-1]
    return bool(lx.NEGATOR.search(" ".join(scope.split()[-lx.NEGATION_WINDOW :])))


def verdict(pattern: re.Pattern[str], clause: str, *, negatable: bool = True) -> re.Match[str] | None:
    """The first cue of ``pattern`` in ``clause`` that is stated as a finding: not negated, and
    the clause not hedged (a guess, a condition, a plan or a question judges nothing)."""
    if hedged(clause):
        return None
    return next((m for m in pattern.finditer(clause) if not (negatable and negated(clause, m.start()))), None)


_SINCE_WHEN = (
    r"since(?!\s+(?:about\s+|around\s+|roughly\s+|~)?(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
    r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|yesterday|today|tonight|midnight|noon|last\b|this (?:morning|afternoon|"
    r"evening|week)|then\b|the (?:start|beginning)))"
)
"""A "since" that gives a reason: "since sep 21", "since 14:05" or "since yesterday" says when, and the
claim goes on past it."""
_REASON_SPLIT = re.compile(
    rf"\?|\s+(?:{_SINCE_WHEN}|because|cause|as|given|esp|especially)\s+|,\s+(?:{_SINCE_WHEN}|because|as)\s+",
    re.IGNORECASE,
)


_CONTRAST_TAIL = re.compile(
    r",\s+(?:and\s+|but\s+)?(?:not|rather than|instead of|as opposed to)\s+(?!(?:just|only|yet|sure|only)\b)",
    re.IGNORECASE,
)
"""A contrast after a claim ("an attack on the routers, not hardware and not a change"): what the
claim is not is a verdict on other theories, not part of it."""


def clean_claim(claim: str) -> str:
    claim = _REASON_SPLIT.split(claim)[0]
    claim = claim.strip(" :,-–—\"'`*_?")
    claim = re.sub(r"\s+", " ", claim)
    # "smells like the proxy to me", "the cron job imo": whose opinion it is, not part of the theory.
    claim = re.sub(r"\W*\b(?:to me|imo|imho|tbh|i think|i guess|i reckon)\W*$", "", claim, flags=re.IGNORECASE)
    claim = re.sub(r"\s+(?:and|or|but)$", "", claim, flags=re.IGNORECASE)  # "… has no headroom left and"
    # A common first word is capitalised for display ("The cache …", "Deploy #917 …"); any other
    # keeps its own case, so "Consul flapping" still names a product and "cilium …" does not turn
    # into one (see _as_claim, which reads a capital there as a name).
    return claim[:1].upper() + claim[1:] if _common_first_word(claim) else claim


_MAX_SUBJECT_WORDS = 14
_LABEL_COLON = re.compile(r"(?<!\d):|:(?!\d)")
"""A colon that ends a label ("as i read it: …"), not one inside a clock time ("at 19:21 the …")."""
_QUOTES = re.compile(r'["“”]')


def _quoted(clause: str, at: int) -> bool:
    """Whether ``at`` sits inside a quotation: a verb in a quoted mail subject or log line ("a mail
    saying "token deleted"") is what a system wrote, and one in a quoted status draft ("how about:
    "A configuration change affected …"") is wording still under review, as drafts are for status:
    neither is a cause the speaker states."""
    return len(_QUOTES.findall(clause, 0, at)) % 2 == 1


_INTRANSITIVE = re.compile(
    r"\s*(?:at|in|on|off|out|around|after|before|again|too|as well|down|yesterday|today|earlier|overnight|this|last|"
    r"the same time|\d)\b",
    re.IGNORECASE,
)
"""What follows a verb used without an object ("… broke at the same time"): a symptom, not a cause."""
_PASSIVE_AFTER = re.compile(r"\s*(?:(?:from|via|by|through|per)\b|[;(+]|,(?!\s*(?:then|and)\b))", re.IGNORECASE)
"""What follows a participle used as a report of a step done ("old versions removed from the registry",
"sessions cleared, device removed, password reset"): what was done to the subject, not what it did."""
_PASSIVE = frozenset("still is are was were been be being get got gets getting not just also".split())
_DETERMINER = frozenset("a an the each every all any some no this that these those our their its my your".split())
"""A subject ending in one of these ("… on each leaked repo") puts the verb before a noun: an adjective, not a cause."""


_CANNOT = re.compile(r"\b(?:could|would|might)(?:n'?t| not)\b", re.IGNORECASE)
""""could not load": an effect that happened, not a hedge."""


def cause_claim(clause: str) -> str | None:
    """The cause a clause states as found ("root cause: …", "turns out …", "… was the culprit"), or None.

    A count ("confirmed: 133 accounts") and a reproduction ("repro'd on a test account: …") are
    found facts, not causes, and a labelled decision is a plan: they settle no theory."""
    if lx.DECISION_LABEL.match(clause) or lx.DECISION_OPENER.match(clause):
        return None  # "decision: restore the wiped nodes …": a course of action, whatever verbs it uses
    claim = _stated_cause(clause)
    if claim is None or _COUNT_ONLY.match(claim) or _REPRODUCED.match(claim) or _REPRO_LEAD.match(clause):
        return None
    return claim


_CHAIN_ON = re.compile(r"\s*(?:;|->|→|=>|, so\b|, which\b|, and then\b)\s*", re.IGNORECASE)
"""Where a summed-up chain goes on from its first link to what that led to."""
_SUMMED_UP_CHARS = 220

_COUNT_ONLY = re.compile(r"^\W*(?:~|about |roughly |around )?\d[\d,.]*k?\s*(?:\S+\s*){0,2}$", re.IGNORECASE)
"""A figure and a noun or two ("133 accounts", "~4k jobs"): how many, not why."""
_REPRODUCED = re.compile(r"^\W*(?:repro(?:'?d|duced|ducing)?|tried|tested|testing)\b", re.IGNORECASE)
"""A claim that opens by reporting a test ("repro'd on staging: …", "tested with a fresh account …")."""
_REPRO_LEAD = re.compile(r"^\W*repro(?:'?d|duced|ducing)?\b", re.IGNORECASE)
"""A clause that opens by reporting a reproduction: its steps and error follow, not a cause ("tested
the rollback: confirmed, the release caused it" still states one)."""


def _stated_cause(clause: str) -> str | None:
    firm = lx.CAUSE_THEORY_FIRM.search(clause)
    if firm is not None and not negated(clause, firm.start("claim")):
        claim = clean_claim(firm.group("claim"))
        if claim_named(claim):
            return claim  # "the theory holds now: …" ("theory" is no hedge once proven)
    # The refutation is searched once: a clause that has one yields only a cause labelled before it.
    refute = _refutation(clause)
    if refute is not None:
        return _labelled_beside_refutation(clause, refute)
    # An opinion in a recap's label ("what i think happened: …") does not hedge what it sums up.
    if hedged(_CANNOT.sub("", lx.RECAP_LEAD.sub("", clause))):
        return None
    emphatic = CAUSE_EMPHATIC.search(clause)
    if emphatic is not None and "?" not in clause:
        start = next(emphatic.start(g) for g in ("claim", "claim2", "claim3") if emphatic.group(g) is not None)
        claim = clean_claim(emphatic.group("claim") or emphatic.group("claim2") or emphatic.group("claim3"))
        pointed = emphatic.group("claim3") is None  # "it IS …", "it's … after all" point at it outright
        if not negated(clause, start) and (claim_named(claim) or (pointed and names_unknown(claim))):
            return claim  # "ok it IS the db pool", "it's dns after all", "the cache is the problem"
    match = lx.CAUSE_STATEMENT.search(clause)
    if match is not None and not negated(clause, match.start()) and not _symptom_located(match):
        claim = clean_claim(match.group("claim"))
        if claim_named(claim):
            return claim
    summed = lx.CAUSE_SUMMED_UP.match(clause)
    if summed is not None:
        claim = clean_claim(_CHAIN_ON.split(summed.group("claim"), maxsplit=1)[0][:_SUMMED_UP_CHARS])
        if not hedged(claim) and (claim_named(claim) or names_unknown(claim)):
            return claim  # a product the vocabulary does not know counts: the label says it is the finding
    named_cause = lx.CAUSE_IS.search(clause)
    if named_cause is not None and not negated(clause, named_cause.start("claim")):
        claim = clean_claim(named_cause.group("claim"))
        if claim_named(claim):
            return claim  # "recap: flag off at 10:02, cause is the v7 parser + a missing null check"
    because = lx.CAUSE_BECAUSE.search(clause)
    if (
        because is not None
        and lx.FAILURE_EFFECT.search(because.group("effect"))
        and not negated(clause, because.start("claim"))
        and not lx.FAILURE_EFFECT.fullmatch(because.group("claim").strip())
    ):
        claim = clean_claim(because.group("claim"))
        if claim_named(claim):
            return claim  # "the 502s were due to the new ingress rule"
    plain = lx.CAUSE_BECAUSE_PLAIN.search(clause)
    if (
        plain is not None
        and lx.FAILURE_EFFECT.search(plain.group("effect"))
        and lx.causal_verb(plain.group("claim"))  # a cause that says what it did, not a side remark
        and not negated(clause, plain.start("claim"))
    ):
        claim = clean_claim(plain.group("claim"))
        if claim_named(claim):
            return claim
    causal = lx.causal_verb(clause)
    subject = _LABEL_COLON.split(causal.group("subject"))[-1].split() if causal is not None else []
    if subject and _after_a_comma(" ".join(subject)):
        subject = []
    if (
        causal is not None
        and not _quoted(clause, causal.end("subject"))
        and subject
        and len(subject) <= _MAX_SUBJECT_WORDS
        and claim_named(" ".join(subject))
        and subject[-1].lower() not in _PASSIVE
        and subject[-1].lower() not in _DETERMINER
        and not lx.MITIGATION_ACTION.match(" ".join(subject))  # "killed the sessions and wiped …": a step taken
        and not _INTRANSITIVE.match(causal.group("claim"))
        and not _PASSIVE_AFTER.match(causal.group("claim"))
    ) and not negated(clause, causal.end("subject") + 1):
        stated = clause
        labels = list(_LABEL_COLON.finditer(clause, 0, causal.end("subject")))
        if labels and len(clause[: labels[-1].start()].split()) <= 6:
            stated = clause[labels[-1].end() :]  # "as i read it: X left Y without …"
        claim = clean_claim(
            re.sub(r"^\W*(?:so|yeah|ok|and|put together|basically|in short)\b\W*", "", stated, flags=re.I)
        )
        if claim_named(claim):
            return claim
    tail = lx.CAUSE_TAIL.search(clause)
    if tail is not None and not negated(clause, tail.end() - 6):
        claim = clean_claim(re.sub(r"^\W*(?:so|yeah|ok|and)\b\W*", "", tail.group("claim"), flags=re.I))
        if claim_named(claim):
            return claim
    return _cause_then_effect(clause)


_IT_IS_THE = re.compile(r"\bit(?:'?s| is| was) (?:the |a |an |our )", re.IGNORECASE)


def _symptom_located(match: re.Match[str]) -> bool:
    """A cue "it's the … that …" whose "that" part is a failure seen, not something done ("it's the
    policy check that says no", "it's the workers that don't reply"): where it fails, not why."""
    return bool(_IT_IS_THE.match(match.group(0))) and bool(lx.WHERE_THAT.match(match.group("claim")))


def _refutation(text: str) -> re.Match[str] | None:
    return lx.REFUTE_CUE.search(text) or lx.REFUTE_MORE.search(text)


def _labelled_beside_refutation(clause: str, refute: re.Match[str]) -> str | None:
    """A cause given under its label with something else cleared after it ("cause: the provider's
    database outage, our config was fine"): the cause is what stands between the label and the
    exoneration. A refutation before the cause ("root cause: not the db …") or a hedge leaves it to
    the other readings. ``refute`` is the clause's first refutation (``_refutation``)."""
    if hedged(_CANNOT.sub("", clause)):
        return None
    match = lx.CAUSE_STATEMENT.search(clause) or lx.CAUSE_IS.search(clause)
    if match is None or refute.start() <= match.start("claim") or negated(clause, match.start("claim")):
        return None
    head = clause[match.start("claim") : refute.start()]
    head = head[: head.rfind(",")] if "," in head else head  # "…, nothing wrong": up to the comma before it
    claim = clean_claim(head)
    if len(claim.split()) < 2 or _refutation(claim) or not claim_named(claim):
        return None
    return claim


def failure(text: str) -> bool:
    """``text`` names a failure (an error, a crash, a rejection, a chain "a -> b -> c")."""
    return bool(lx.FAILURE_EFFECT.search(text) or lx.FAILURE_EFFECT_MORE.search(text))


_PURPOSE = re.compile(
    r"^\W*that\b|\b(?:not|no|never|don'?t|doesn'?t|won'?t|isn'?t|aren'?t|can'?t|dont|doesnt|wont|cant)\b|"
    r"\binstead of\b|^\W*(?:we|you|they|i|people|users|customers|ops) (?:can|could|may|will|'ll)\b|"
    r"^\W*(?:we|you|i) (?:get|have|see|catch|capture|keep) (?:the |a |an )?(?:full|whole|complete|raw|verbose|debug)\b",
    re.IGNORECASE,
)
"""An effect that is a purpose ("so that …", "so nobody misses it", "so users get a clean error
instead of timeouts", "so we can resume later, throttled": the failure is what the step avoids or
allows) or no failure at all; "so we get the full smtp reply on rejections" is what a diagnostic step
is for."""
_LABEL_LEAD = re.compile(r"^[^:\n]{2,40}:\s+(?=\S)")
"""A short label before the statement ("parse error since the 3rd: …", "that's it then: …"): the
cause is what comes after it."""
_BARE_ACTOR = re.compile(r"^\W*(?:they|he|she|it|those|these|them)(?:\s+\S+){0,2}\W*$", re.IGNORECASE)
"""A cause half that is only a pronoun and a verb ("they hit the api -> 503"): a path traced, not a
cause found (which says what went wrong with what)."""
_ASKED = re.compile(r"\b(?:please|pls|plz|let'?s|we should|need to|can (?:you|someone))\b", re.IGNORECASE)


def _after_a_comma(subject: str) -> bool:
    """The causal verb follows a comma with nothing that could act between ("replaying the failed jobs,
    throttled to 50/s …") or only a word or two that name nothing ("SEV2, first dropped webhooks in
    months"): a participle or a note, not a subject's verb."""
    if subject.rstrip().endswith(","):
        return True
    if "," not in subject:
        return False
    last = subject.rsplit(",", 1)[1].split()
    if last and _POINTS_BACK.match(last[0]):
        return False  # "CHG-4821 set the timeout to 1s, that's what broke …": the pronoun is the cause before it
    return len(last) <= 2 and not claim_named(" ".join(last))


_POINTS_BACK = re.compile(r"(?:that'?s|thats|this|that|which|what|it|it's|its)$", re.IGNORECASE)


def _cause_then_effect(clause: str) -> str | None:
    """A cause and the failure it led to in one sentence ("the importer can't read the new header,
    so each nightly load is refused"): the cause is the first half, when it names something,
    is not itself only a failure, and is not a step someone took."""
    stated = _LABEL_LEAD.sub("", lx.RECAP_LEAD.sub("", clause), count=1)
    pair = lx.CAUSE_SO.match(stated)
    if pair is None:
        return None
    effect = pair.group("effect")
    if not lx.NEVER_DONE.search(effect) and (not failure(effect) or _PURPOSE.search(effect)):
        return None
    if _menu_path(stated) or _STATE_CHANGE.search(stated):
        return None
    if _ASKED.search(pair.group("claim")):
        return None  # "can someone pin the runbook so nobody misses it": a request and its purpose
    if _COMMAND_RUN.match(pair.group("claim")):
        return None  # "`openssl s_client …` → verify error": a command and what it printed
    claim = clean_claim(re.sub(r"^\W*(?:so|yeah|ok|and|basically)\b\W*", "", pair.group("claim"), flags=re.I))
    if (
        not claim_named(claim)
        or _BARE_ACTOR.match(claim)
        or lx.MITIGATION_ACTION.match(claim)
        or lx.FAILURE_EFFECT.fullmatch(claim.strip())
        or negated(stated, pair.start("effect"))
        or _NOT_A_FINDING.search(claim)
    ):
        return None
    return claim


_COMMAND_RUN = re.compile(
    r"^\W*(?:`|\$ |(?:openssl|curl|dig|kubectl|certbot|redis-cli|psql|mysql|nslookup|traceroute|mtr|ping|aws|gcloud|"
    r"az|helm|terraform|git|npm|docker|systemctl|journalctl|ssh|nc|telnet|whois)\s+[-\w])",
    re.IGNORECASE,
)
"""A command run, before the arrow to its output ("`certbot renew --cert-name media…` -> challenge failed")."""


def _menu_path(text: str) -> bool:
    """``text`` is a path walked through a console or a tree ("project -> app engine -> settings ->
    custom domains"): three or more short steps, none of them a failure. An arrow chain that says
    what broke ("block missing -> empty list -> decommission") is a cause and its effects."""
    steps = [step.strip(" .,;") for step in _ARROW.split(text)]
    return (
        len(steps) >= 3
        and all(0 < len(step.split()) <= 3 for step in steps)
        and not any(lx.FAILURE_EFFECT.search(step) or lx.DONE_FAILURE.search(step) for step in steps)
    )


_ARROW = re.compile(r"\s*(?:->|→|>)\s*")
_STATES = (
    r"(?:open|closed|half[_ -]?open|master|backup|primary|secondary|standby|active|passive|leader|follower|"
    r"enabled|disabled|on|off|up|down|green|yellow|red|healthy|unhealthy|degraded|running|stopped|pending)"
)
_STATE_CHANGE = re.compile(rf"\b{_STATES}\s*(?:->|→)\s*{_STATES}\b", re.IGNORECASE)
"""A state changing ("breaker keeps flipping open -> half_open", "fw2 backup -> master"): an arrow
between two states of one thing is a transition seen, not a cause and its effect."""
_MAX_TERSE_CAUSE_WORDS = 6
_RELATIVE = re.compile(r"\b(?:that|which|who|where|when|whose|we|they|i|you|he|she)\b", re.IGNORECASE)
"""A relative clause in a short claim ("the key we issued to that partner") says which one, not why."""
_NOT_A_FINDING = re.compile(
    r"\b(?:will|'ll|going to|gonna|would|wo?n'?t)\b|^\W*(?:ill(?![\w-])|let me\b|let'?s\b)|"
    r"^\W*(?:only|just|all|also|still|even|mostly|mainly|almost|nearly|practically|virtually|"
    r"everywhere|everything|limited|isolated|local|same|here|there|not)\b",
    re.IGNORECASE,
)
"""A prediction ("we'll hit the quota"), a step the speaker is about to take ("ill keep a capture running
so we have the crash output") or where or how much something is ("only the eu edge", "almost all 403"): no
cause."""


def finding_claim(clause: str) -> str | None:
    """A cause stated as a finding without a cause word: with conviction ("pretty sure we open a
    new client on every call"), in a few words ("it is the pool size") or as something seen to have
    failed ("looks like the cert expired"; "looks like the db is slow" stays a guess). Weaker than
    :func:`cause_claim`: the fold reads it only in a message that asks nothing."""
    if hedged(clause) or lx.REFUTE_CUE.search(clause) or lx.REFUTE_MORE.search(clause):
        return None
    sure = lx.CAUSE_SURE.search(clause)
    if sure is not None and not negated(clause, sure.start()):
        claim = clean_claim(sure.group("claim"))
        if claim_named(claim) and not _NOT_A_FINDING.search(claim):
            return claim
    head, comma, why = clause.partition(",")
    # "it's the ebs volumes behind the restore host, it does random reads and they can't keep up": the
    # finding first, then what it does wrong
    strained = comma and (failure(why) or any(state.search(why) for _, state in FAILURE_STATES))
    said = (clause, head) if strained else (clause,)
    for terse in (lx.CAUSE_IT_IS.match(text) for text in said):
        if terse is None or _HAS_BEEN.match(clause):  # "its been on/off since 3am": how long, not why
            continue
        claim = clean_claim(terse.group("claim"))
        if (
            len(claim.split()) <= _MAX_TERSE_CAUSE_WORDS
            and not _CONTRAST.search(claim)  # "it's the node, not the network": where, said against a theory
            and claim_named(claim)
            and not lx.FAILURE_EFFECT.search(claim)  # "it's the api that's slow": where, not why
            and not _RELATIVE.search(claim)
            and not _NOT_A_FINDING.search(claim)
            and not lx.NOT_A_THEORY.search(claim)
        ):
            return claim
    concluded = _concluded_failure(clause)
    if concluded is not None:
        return concluded
    looks = lx.CAUSE_LOOKS.match(clause)
    if looks is not None and lx.DONE_FAILURE.search(looks.group("claim")):
        claim = clean_claim(looks.group("claim"))
        if claim_named(claim) and not lx.NOT_A_THEORY.search(claim) and not _NOT_A_FINDING.search(claim):
            return claim
    return None


_HAS_BEEN = re.compile(r"^\W*(?:\w+\W+)?it(?:'?s| has) been\b", re.IGNORECASE)
_CONTRAST = re.compile(r"(?:^|,|\s)\s*not (?:the |a |an |our |their )?\S", re.IGNORECASE)


def _concluded_failure(clause: str) -> str | None:
    """A conclusion that something broke, with what that broke in turn ("so the lookup table got
    corrupted on that call and every read after it fails"): the failure done is the cause. Without
    a consequence ("so the old key got revoked") it may be a step taken, and stays unread."""
    concluded = lx.CAUSE_CONCLUDED.match(clause)
    if concluded is None or not lx.DONE_FAILURE.search(concluded.group("claim")):
        return None
    if not failure(concluded.group("effect")) or _PURPOSE.search(concluded.group("effect")):
        return None
    claim = clean_claim(concluded.group("claim"))
    if not claim_named(claim) or lx.MITIGATION_ACTION.match(claim) or _NOT_A_FINDING.search(claim):
        return None
    return claim


_VOCATIVE = re.compile(r"^\W*[A-Z][a-z]+(?:,|\s+(?:you|can|could|would|do|did|are|is)\b)")
"""A line addressed to a person by name ("Ingrid, what is …", "Kasia you've been …")."""
_NAMED_FIRST = re.compile(r"^\W*(?:@\S+|[A-Z][a-z]+),\s*")
"""A question opened with a name and a comma ("Ingrid, …"): addressed to a person, who may be asked for
a check or asked about a theory."""
_REQUEST = re.compile(
    r"^\W*(?:(?:can|could|would|will|do|did|are|have|were) (?:you|u)\b|pls\b|please\b|plz\b|who\b|what\b|when\b|"
    r"where\b|how\b|which\b|any (?:eta|update|news)\b|anything\b)",
    re.IGNORECASE,
)
"""What follows the name when it asks the person for something: a check, a fact, an update."""


_INNER_DOT = re.compile(r"(?<=[A-Za-z0-9])\.(?=[A-Za-z0-9])")
_DOT_MASK = "\u2024"
"""A dot inside a version, host or file name ("7.3", "db-3.prod", "app.py") stands in for a period
while theory cues are matched: the cues end a claim at a sentence's period, not inside a name."""


def _restore(claim: str) -> str:
    return claim.replace(_DOT_MASK, ".")


def theory_claim(clause: str) -> str | None:
    """The theory a clause raises as a guess or a question, when it names something to check
    (read with the dots inside names masked, :data:`_INNER_DOT`)."""
    claim = _theory_claim(_INNER_DOT.sub(_DOT_MASK, lx.ALTERNATIVE_UNNAMED.sub("", clause)))
    return None if claim is None else _restore(claim)


_PERMISSION = re.compile(
    r"\b(?:ok|okay|alright|fine|good) (?:to|if|for (?:me|us|them) to)\b|\bmind if\b|\bpermission to\b|"
    r"\bgood to go\b|\bany objections?\b|\b(?:can|may) (?:i|we) (?:go ahead|proceed)\b",
    re.IGNORECASE,
)
"""A question asking leave ("gavin ok to give the vendor a remote session?", "mind if I bounce the pods?"): a
request, so its "yes" grants it and confirms nothing."""


_FIGURE_ONLY = re.compile(
    r"^\W*(?:about|around|roughly|approx(?:imately)?|~|≈)?\s*[\d][\d.,]*\s*(?:[kmb%x]|ms|s|sec|min|h|hrs?|gb|mb|tb|rps|qps)?"
    r"(?:\s*/\s*(?:s|sec|min|h|hr|day|node|host|pod))?\W*$",
    re.IGNORECASE,
)
"""A claim that is only a figure ("100/s", "~3k", "40%")."""


def plan_question(clause: str) -> bool:
    """``clause`` asks for a go-ahead on a step ("bring up region-b first?", "should we fail over?",
    "would rolling back the release stop it?"): a plan to decide, not a theory to test."""
    asked = _LEAD_IN.sub("", clause.strip())
    if _PERMISSION.search(asked) and asked.rstrip().endswith("?"):
        return True  # "gavin ok to give them a remote session?": asking leave for a step
    return bool(PLAN_QUESTION.match(asked) or WOULD_STEP.match(asked))


def without_contrast(claim: str) -> str:
    """``claim`` without a contrast after it (what the cause is not)."""
    return _CONTRAST_TAIL.split(claim)[0]


def _theory_claim(clause: str) -> str | None:
    if plan_question(clause):
        return None
    addressed = _NAMED_FIRST.match(clause)
    if addressed is not None and clause.rstrip().endswith("?") and not _REQUEST.match(clause[addressed.end() :]):
        return _theory_claim(clause[addressed.end() :])  # "Dana, could the new index be involved?"
    if (lx.USER_MENTION.match(clause.strip()) or _VOCATIVE.match(clause)) and clause.rstrip().endswith("?"):
        return None  # "@x can you look at …?": a request to a person, not a theory
    for pattern in (
        lx.THEORY_TAG,
        lx.THEORY_ASKED_OPINION,
        lx.HYPOTHESIS_CUE,
        lx.THEORY_CUE_MORE,
        lx.THEORY_SUBJECT,
        lx.THEORY_EFFECT,
        lx.THEORY_IF_EXPLAINS,
        lx.THEORY_TO_RULE_OUT,
        lx.THEORY_COULD_X_BE,
        lx.THEORY_LABEL,
        lx.THEORY_SUSPECT_IS,
        lx.THEORY_WHY,
        lx.THEORY_ARE_WE,
        lx.THEORY_DOUBTED,
        lx.THEORY_YES_NO,
        lx.THEORY_COULD_DOING,
        lx.THEORY_COULD_HAVE,
        lx.THEORY_MUST_HAVE,
        lx.THEORY_NEGATIVE_Q,
        lx.THEORY_ISNT_IT,
        lx.THEORY_SURE_NOT,
        lx.THEORY_SOMEONE_HAVE,
        lx.THEORY_INTRUDER_DID,
        lx.THEORY_DID_NAME_BREAK,
        lx.THEORY_SOMEONE_DOING,
        lx.THEORY_ARE_WE_DOING,
        lx.THEORY_SIDE,
        lx.THEORY_ANYTHING_CHANGED,
        lx.THEORY_ANY_CHANGES,
        lx.THEORY_ANYONE_CHANGED,
    ):
        cue = pattern.search(clause)
        subject_first = pattern is lx.THEORY_SUBJECT or pattern is lx.THEORY_EFFECT
        if cue is None or negated(clause, cue.start("claim") if subject_first else cue.start()):
            continue
        claim = clean_claim(cue.group("claim"))
        if _FIGURE_ONLY.match(claim):
            continue  # "game day was maybe 100/s": a hedge on a figure is an estimate, not a theory
        if pattern is lx.THEORY_WHY and cue.group("aux").lower().replace("'", "").endswith("nt"):
            claim = _not_doing(claim)  # "why isn't the asg adding nodes?" -> "the asg not adding nodes"
        if pattern is lx.HYPOTHESIS_CUE:
            claim = _with_subject(clause, cue, claim)
        if pattern is lx.THEORY_TAG:
            # "we're not replaying old events, are we?" fears the replay; "the db isn't it, is it?" doubts.
            feared = lx.TAG_NEGATED_SUBJECT.sub("", claim, count=1)
            if feared == claim and lx.NEGATOR.search(claim):
                continue
            claim = clean_claim(feared)
        if pattern is lx.THEORY_YES_NO and not (
            lx.SUSPECT_STATE.search(claim) or (lx.SUSPECT_STATE_MORE.search(claim) and not lx.STATE_ASKED.search(claim))
        ):
            continue  # "is checkout back?", "is login down for everyone?": asks after a state, guesses nothing
        if pattern in (lx.THEORY_YES_NO, lx.HYPOTHESIS_CUE) and _RECOVERY_ASKED.match(clause.strip().rstrip("?!. ")):
            return None  # "is the ledger back?": asks whether it recovered, guesses no fault
        if _is_plan(claim) and not _DID_SUSPECTED.search(cue.group(0)) and pattern is not lx.THEORY_SOMEONE_HAVE:
            # "options: (a) roll back the release …": ways out, not theories ("could they have rotated
            # the key?" asks what was done, in the past: a suspicion, however much its verb reads as a step)
            return None
        if lx.PROCESS_CHECK.search(claim):
            return None
        # "first i'd exclude X" says X is a theory as plainly as a question does.
        named_claim = _restore(claim)
        own = bool(_OWN_SUSPICION.search(cue.group(0)))
        framed = (
            pattern in (lx.THEORY_TO_RULE_OUT, lx.THEORY_WHY, lx.THEORY_IF_EXPLAINS)
            or own
            or (pattern is lx.THEORY_SUBJECT and bool(_OWN_SUSPICION_AFTER.search(cue.group(0))))
            or (
                pattern is lx.HYPOTHESIS_CUE
                and bool(_COULD_BE_LEAD.match(clause))
                and not _META_QUESTION.search(claim)
                and not _NOT_A_THING.match(claim)
            )
        ) and names_unknown(named_claim)
        framed = framed or (own and _short_names(named_claim))
        # "anything deployed last night?": the framing names the suspect, a recent change
        framed = framed or pattern in (
            lx.THEORY_ANYTHING_CHANGED,
            lx.THEORY_ANY_CHANGES,
            lx.THEORY_ANYONE_CHANGED,
            lx.THEORY_INTRUDER_DID,
        )
        if (
            claim
            and not lx.NOT_A_THEORY.search(claim)
            and not lx.NOT_A_THEORY_MORE.search(claim)
            and (claim_named(named_claim) or framed or _asks_about_a_name(clause, named_claim))
        ):
            return claim
    return None


_NOT_DOING_AT = re.compile(r"\b(?!(?:any|some|no|every)thing\b)[a-z]{2,}ing\b", re.IGNORECASE)


def _not_doing(claim: str) -> str:
    """A why-question's negation put back into its theory, before its last verb in -ing (the first may
    be a name's: "the autoscaling group adding nodes"); without one, the claim stays as asked."""
    verbs = list(_NOT_DOING_AT.finditer(claim))
    if not verbs or re.search(r"\bnot\s*$", claim[: verbs[-1].start()]):
        return claim
    return f"{claim[: verbs[-1].start()]}not {claim[verbs[-1].start() :]}"


_MID_HEDGE = re.compile(r"(?:maybe|perhaps|probably|possibly|prob)\b", re.IGNORECASE)
_SUBJECT_BEFORE = re.compile(r"[a-z0-9][\w\-./@ ]{1,60}", re.IGNORECASE)
_NOT_A_SUBJECT = re.compile(
    r"^(?:ok|okay|so|and|or|but|hm+|yeah|yes|no|i|we|you|they|it|this|that|there|which|then|also|well|wait|"
    r"hmm|right|just|very)\b",
    re.IGNORECASE,
)
_COPULA_END = re.compile(r"\b(?:is|are|was|were|be|been|'s|seems|looks)$", re.IGNORECASE)


def _with_subject(clause: str, cue: re.Match[str], claim: str) -> str:
    """A hedge in the middle of a sentence ("the dotenv export maybe wraps values in quotes?") guesses
    about the subject before it: the theory is the subject and what follows, not the predicate alone."""
    if not _MID_HEDGE.match(cue.group(0)):
        return claim
    before = clause[: cue.start()].strip()
    if (
        not _SUBJECT_BEFORE.fullmatch(before)
        or not 1 <= len(before.split()) <= 6
        or _NOT_A_SUBJECT.match(before)
        or lx.FILLER_WORDS & set(before.lower().split())
        or _COPULA_END.search(before)  # "root cause is probably …": the guess is what follows
    ):
        return claim
    return clean_claim(f"{before} {cue.group('claim')}")


_OWN_SUSPICION = re.compile(
    r"^\W*(?:i (?:suspect|bet)|my (?:money|bet|guess|hunch|theory|suspicion)|(?:theory|hypothesis|hunch)\b|"
    r"(?:smells|feels|sounds) like\b|gut (?:says|feeling|tells me)\b|i'?d put (?:my )?money on\b|"
    r"(?:first|other|another|one|second) (?:thought|guess|hunch|suspect|theory)\b|in case\b)",
    re.IGNORECASE,
)
"""A speaker saying outright that this is their suspicion ("i suspect the new sdk", "my money's on
flannel"): a theory however little the vocabulary knows of what it names."""
_COULD_BE_LEAD = re.compile(
    r"^\W*(?:(?:so|or|hm+|ok|also|and)\W+)?(?:it |that |this )?(?:could|might|may) (?:also |well |easily )?be\b",
    re.IGNORECASE,
)
"""A clause opening with "could be …" / "might also be …": the speaker's guess at what follows."""
_NOT_A_THING = re.compile(
    r"^\W*(?:the |a |an )?(?:anything|nothing|something|wrong|worse|better|fine|while|long|bad|good|nice|"
    r"coincidence|unrelated|it|that|this|lot|bit|faster|slower|quicker|easier|simpler|safer|cheaper|enough|"
    r"overkill|fun|interesting|useful|worth|days?|hours?|minutes?|mins?|tricky|hard|tough|painful)\b",
    re.IGNORECASE,
)
"""What follows "could be" when it guesses no thing ("could be worse", "could be a while")."""
_OWN_SUSPICION_AFTER = re.compile(
    r"\b(?:is|'s) (?:my|our) (?:\w+ )?(?:guess|bet|suspect|theory|hunch)\b|"
    r"\b(?:could|might|may|must) (?:be|have been) (?:it|the (?:root )?cause|the culprit|the trigger|to blame)\b|"
    r"\b(?:that'?s|this is|it'?s) (?:my|our|the|a) (?:\w+ )?(?:suspect|guess|bet)\W*$",
    re.IGNORECASE,
)
"""The same said after what it is about ("the new sidecar is my guess", "…, so that's my prime suspect",
"the rebalancer could be it")."""


def _asks_about_a_name(clause: str, claim: str) -> bool:
    """A question that guesses about a name the vocabulary does not know ("maybe cilium itself
    crashed?", "did a new quotad build go out?"): lower-case product names are common in
    chat. Only a question counts, and such a theory is confirmed only by its own words repeated."""
    return clause.rstrip().endswith("?") and names_unknown(claim)


def _short_names(claim: str) -> bool:
    """``claim`` holds a short word the vocabulary does not know ("zsk", "hsm", "sigs"): on its own too
    plain to be a name, but once the speaker says it is their suspicion ("my bet is the new zsk sigs"), it
    is what they suspect."""
    return any(w == WORD_WEIGHT and k not in NOT_OWN for k, w in claim_entities(claim).items())


def names_unknown(claim: str) -> bool:
    """``claim`` names something the vocabulary does not know (a lower-case product name)."""
    return bool(unknown_names(claim))


def unknown_names(claim: str) -> frozenset[str]:
    """The words of ``claim`` that may name something the vocabulary does not know."""
    return frozenset(k for k, w in claim_entities(claim).items() if w == NAME_WEIGHT and k not in NOT_OWN)


_LIST_MARK = re.compile(r"^\W*(?:\(?[a-z1-9]\)|[a-z1-9][.)])\s*", re.IGNORECASE)


_RECOVERY_ASKED = re.compile(
    r"^\W*(?:(?:so|and|ok|okay|hm+)\W+)?(?:is|are) (?:the |our |their )?[\w\-./]+(?: [\w\-./]+){0,3} "
    r"(?:back|fixed|recovered|restored|(?<!ing )(?<!ed )up)(?: again| now| yet)?\W*$",
    re.IGNORECASE,
)
"""A yes/no question whether a thing recovered ("is the ledger back?", "are the brokers up again?"); "is
the db itself ok?" doubts the db, and "could the queue be backed up?" guesses a fault."""
_DID_SUSPECTED = re.compile(
    r"\bdid (?:something|anything|someone|somebody|anyone|anybody|we|they) (?:just |accidentally |really )?"
    r"(?:clean|delet|drop|wip|purg|remov|overwr|truncat|revok|corrupt|broke|break)|"
    r"\bdid (?:someone|somebody|anyone|anybody) (?![^?]*\b(?:yet|already)\b)",
    re.IGNORECASE,
)
"""A question whether something destroyed or removed a thing ("did something purge the bucket?"), or
whether some unnamed person changed it ("did someone flip the feature flag on the bucket?"): the verb
is the suspected cause, though the same words after "let's" are a step ("did anyone restart it yet?"
asks after a step's progress)."""


def _is_plan(claim: str) -> bool:
    """A claim that is a step to take ("(a) roll back the release", "restart the pods"), not a theory."""
    body = _LIST_MARK.sub("", claim)
    return body != claim or bool(lx.MITIGATION_ACTION.match(body))


FACT_CHECK = re.compile(r"\b(?:right|correct|yes|no|ok|okay|yeah|true)\W*\?\s*$", re.IGNORECASE)
_TERSE_QUESTION = re.compile(r"^[^?]{2,80}\?+\s*$")
_NOT_A_GUESS = re.compile(
    # "priya how clean is going back to v1?": a wh-question after a name or a word of address asks, it guesses nothing
    r"^\W*[a-z][\w.\-]*,?\s+(?:who|what|when|where|why|how|which)\b|"
    r"^\W*(?:who|what|when|where|why|how|which|can|could|should|shall|will|would|do|does|did|are|is|was|has|have|"
    r"any ?one|anybody|eta|(?:didn'?t|don'?t|haven'?t|wasn'?t|weren'?t) (?:you|u|i))\b",
    re.IGNORECASE,
)


_LEAD_IN = re.compile(r"^[^:?]{1,40}:\s*")
"""A short label before a question ("quick q:", "for the review:"): the question starts after it."""


_META_QUESTION = re.compile(
    r"\b(?:eta|status|updates?|anyone|anybody|someone|somebody|everyone|thoughts?|ideas?|links?|tickets?|owner|ic|"
    r"channel|bridge|zoom|call|meet|huddle|postmortem|post-mortem|rca|timeline|scope|impact|customers?|severity|sev\d?|"
    r"priority|really|seriously|sure|right|agreed?|ready|done|here|there|thanks|thx|ok(?:ay)?|today|tonight|tomorrow|"
    r"yesterday|morning|evening|weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"work(?:s|ing|ed)?|fixed|better|worse|green|clean|fine|healthy|recovered|resolved|chance|exactly|news|progress|"
    r"luck|confirmed|true|correct|possible|likely|related|same|"
    r"dashboards?|graphs?|logs?|numbers|counts?|screenshots?|source|proof|evidence|details|context|plan|next|"
    r"who|what|where|when|why|how|which|whose|whom)\b",
    re.IGNORECASE,
)
"""Words that make a short question about the work, the people or the process ("eta?", "status?",
"thoughts?", "logs?"), not a guess at the cause."""


def lead_guess(clause: str) -> str | None:
    """A guess of a few words opening a message that goes on ("firmware? we updated nic
    firmware fleet-wide in january", "cable cut? the carrier had works scheduled"): the shape of a
    theory even about a thing the vocabulary does not know. Alone, such a word is too often a
    request or an aside to count; the message going on with a reason is what makes it a guess."""
    claim = clean_claim(clause)
    if (
        not re.match(r"^[^?]{2,40}\?+\s*$", clause.strip())
        or len(claim.split()) > 5
        or _META_QUESTION.search(clause)
        or _no_guess(clause, claim)
    ):
        return None
    return claim if names_unknown(claim) or claim_named(claim) else None


def _no_guess(clause: str, claim: str) -> bool:
    """What rules a short question out as a guess, whatever its shape: a person addressed, a step
    proposed, a request, or a claim about status, people or process rather than a fault."""
    return bool(
        lx.USER_MENTION.search(clause)
        or plan_question(clause)
        or _NOT_A_GUESS.search(clause)
        or lx.NOT_A_THEORY.search(claim)
        or lx.NOT_A_THEORY_MORE.search(claim)
        or lx.PROCESS_CHECK.search(claim)
    )


def terse_question(clause: str) -> str | None:
    """A short question that names a component ("backup itself corrupted?", "processor link down?"):
    the way responders float a theory without a cue word. A question put to a person ("@x can you
    check …?") or checking a fact ("… at 09:40, right?") is not a theory."""
    asked = _LEAD_IN.sub("", clause)  # "one q for later: did it go through staging?"
    if (
        not _TERSE_QUESTION.match(clause.strip())
        or _NOT_A_GUESS.search(asked)
        or _VOCATIVE.match(clause)
        or FACT_CHECK.search(clause)
        or _NEEDED.search(clause)
    ):
        return None
    claim = clean_claim(clause)
    if (
        len(claim.split()) > 10
        or _no_guess(clause, claim)
        or not (
            claim_named(claim)
            or (_TRAILING_GUESS.search(clause) and names_unknown(claim))
            or (_UNWELL.search(claim) and names_unknown(_UNWELL.sub(" ", claim)))
        )
    ):
        return None
    return _TRAILING_GUESS_WORD.sub("", claim) or claim


_UNWELL = re.compile(
    r"\b(?:stuck|hung|hanging|wedged|deadlocked|dead|crash(?:ed|ing|looping)?|oom(?:ed|ing)?|leaking|flapping|"
    r"saturated|overloaded|throttl(?:ed|ing)|thrashing|starved|corrupt(?:ed)?)\b",
    re.IGNORECASE,
)
"""A failure said of a thing ("stuck in the reconciler?", "payments-router wedged?"): with it, a short
question is a guess about that thing even when the vocabulary does not know its name."""


_NEEDED = re.compile(r"\b(?:needed|required|necessary|to (?:make|do))\W*\?\s*$", re.IGNORECASE)
"""A question about work to do ("any changes to the runbook needed?"): a task, not a guess."""
_TRAILING_GUESS_WORD = re.compile(r"\W*\b(?:maybe|perhaps|possibly|probably|prob)\W*$", re.IGNORECASE)
_TRAILING_GUESS = re.compile(r"\b(?:maybe|perhaps|possibly|probably|prob)\W*\?\s*$", re.IGNORECASE)
"""A guess word closing a short question ("flannel maybe?"): a theory even about a name the
vocabulary does not know, like a question with a cue word in front."""
