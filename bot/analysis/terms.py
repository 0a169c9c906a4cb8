"""Key terms and named entities of a text: what links a reply to the hypothesis it judges.

Two texts are about the same thing when they name the same service, host, change id or component,
however they spell it: "db", "postgres" and "the primary" are one component; "#2291" and "2291"
are one change. Plain content words count a little, so two texts that only share "errors" or
"graphs" are not linked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from bot.analysis.lexicon import COMPONENT_SYNONYMS, GENERIC_TERMS, STOPWORDS

_TOKEN = re.compile(r"#?[a-z0-9][a-z0-9_\-./]*[a-z0-9]|#?\d+", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"<[A-Z_]+_\d+>")
_MENTION = re.compile(r"<[@#!][^>]*>")
SINGLED_OUT = re.compile(r"\b([a-z][a-z0-9\-]{1,30})\s+(?:itself|themselves)\b", re.IGNORECASE)
"""A thing singled out by a reflexive ("fcm itself is failing"): a name, whatever its length."""
_SYNONYM_OF = {syn: canon for canon, syns in COMPONENT_SYNONYMS.items() for syn in (*syns, canon)}
_COMPONENT = re.compile(
    r"(?<![\w\-])(?:" + "|".join(re.escape(s) for s in sorted(_SYNONYM_OF, key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE,
)
_SPECIFIC = re.compile(r"^(?=.*[a-z])(?=.*(?:\d|[\-_.]))[a-z0-9][a-z0-9_\-./]*$|^\d{3,}$|^\d+(?:\.\d+)+$")
"""Names that point at one thing: ``ledger-sync``, ``db-03``, ``2291``, ``v2.3.1``, ``us-east-1``."""

_VERSION = re.compile(r"v?(\d+(?:\.\d+)+)")
_PRODUCT = re.compile(
    r"(?<![\w\-./#])(?:[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*|[A-Z]{2,}[a-z]*s?|(?<=[^.!?:\s]\s)[A-Z][a-z]{2,})"
    r"(?![\w\-])"
)
"""Product names as written: camel case (``PgBouncer``, ``eBPF``), acronyms (``BGP``, ``IAMs``) and a
capitalised word inside a sentence ("then Cilium lost …"); a capital at a sentence's start is not one."""
_NOT_A_PRODUCT = frozenset(
    "utc gmt pst pdt cet cest est edt bst ist jst ok okay eta fyi asap tbd tldr imo imho afaik lgtm rca ic sev "
    "am pm i im ive ill id pr prs wip nb ps btw ty thx".split()
)
_HEAD = (
    r"layer|service|agent|daemon|worker|workers|controller|gateway|plugin|pipeline|store|index|table|api|sidecar|"
    r"operator|scheduler|manager|server|servers|client|library|module|endpoint|bucket|cluster|fleet|proxy|cache|"
    r"queue|db|database|job|cron|script|tool|runner|bot|service mesh|mesh|engine|backend|frontend|feed|"
    r"subsystem|component|process|firmware|driver|kernel|image|file|rule|rules|policy|config|flag|zone|network|"
    r"sdk|limiter|registry|importer|exporter|parser|resolver|broker|consumer|consumers|producer|listener|watcher|"
    r"validator|loader|uploader|renderer|handler|poller|router|collector|datasource|connector|adapter|dispatcher|"
    r"indexer|crawler|syncer|autoscaler|orchestrator|emitter|forwarder|relay|daemon|pool"
)
_COMPOUND = re.compile(rf"(?=\b(?P<mod>[a-z][a-z0-9]{{2,}})[ \-](?P<head>{_HEAD})\b)", re.IGNORECASE)
"""A named part of a system written as modifier + head noun ("metadata layer", "quota service"); read at
every word (a lookahead), so "the worker pool" still yields "worker pool" after "the worker" is passed."""

KIND_MODIFIERS = frozenset({"message", "reverse", "relational", "object", "distributed", "memory"})
"""Modifiers that only say which kind of thing the head is ("message queue", "reverse proxy"): the
compound names the component itself, not one part of it that another could be told apart from."""

_GROUP_NOUNS = frozenset({"cluster", "clusters", "node", "nodes", "fleet"})
"""Nouns that name the machines of what comes right before them ("redis cluster", "kafka nodes"):
there they add no component of their own (Kubernetes), only when they stand alone."""

COMPONENT_WEIGHT = 2.0
SPECIFIC_WEIGHT = 3.0
WORD_WEIGHT = 0.5
NAME_WEIGHT = 1.0
"""A longer content word may be a product or component the vocabulary does not know ("cilium")."""


def _stem(word: str) -> str:
    for suffix in ("ions", "ion", "ing", "es", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            # "dropping" / "dropped" / "drops" are one word: undo the doubled consonant.
            if suffix in ("ing", "ed") and len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]
            return word
    return word


_FAIL_OVER = re.compile(r"\bfail(?:s|ed|ing)?[ \-]over\b", re.IGNORECASE)
"""The verb "fail over" is one word, the failover it does ("is the db failing over?" is not about
something that failed)."""


def stem(word: str) -> str:
    """The crude stem entities and key terms are keyed by ("failover" stays, "routes" -> "route")."""
    return _stem(word.lower())


@lru_cache(maxsize=16384)
def key_terms(text: str) -> frozenset[str]:
    """Content words of ``text``, lower-cased and crudely stemmed; placeholders are ignored (cached:
    a board's statements are read again for every message folded in)."""
    text = _FAIL_OVER.sub("failover", _PLACEHOLDER.sub(" ", text))
    terms = set()
    for raw in _TOKEN.findall(text):
        word = raw.lower().strip("-./_")
        if word in STOPWORDS or (len(word) < 3 and not any(c.isdigit() for c in word)):
            continue
        terms.add(_stem(word.lstrip("#")))
    return frozenset(terms)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared terms weighted so that numbers and rare-looking tokens (ids, versions) count double."""
    score = 0.0
    for term in a & b:
        score += 2.0 if any(c.isdigit() for c in term) or "-" in term or "_" in term else 1.0
    return score


_CAMEL = re.compile(r"\b(?:[A-Z][a-z]+|[a-z]+)(?:[A-Z][a-z]+){2,}\b")
"""A name joined in camel case from three words or more (two-word ones are mostly products: "PgBouncer")."""
_HUMP = re.compile(r"(?<=[a-z])([A-Z])")


@lru_cache(maxsize=8192)
def entities(text: str) -> dict[str, float]:
    """What ``text`` names, each with how strongly it identifies the subject.

    Components are canonical (``"database"`` for "db", "postgres", "replica"); specific names
    (services, hosts, change ids, versions) are kept as written; other content words count little.
    The result is cached: a message's clauses are read once per fold and again by the timeline.
    """
    text = _FAIL_OVER.sub("failover", _MENTION.sub(" ", _PLACEHOLDER.sub(" ", text)))
    # "RevokeSecurityGroupIngress", "getUserProfile": an API or code name also names its words' parts
    text = " ".join((text, *(_HUMP.sub(r" \1", m.group(0)).lower() for m in _CAMEL.finditer(text))))
    found: dict[str, float] = {}
    after = -1
    for match in _COMPONENT.finditer(text):
        canon = _SYNONYM_OF[match.group(0).lower()]
        if match.group(0).lower() in _GROUP_NOUNS and 0 <= match.start() - after <= 1 and found:
            after = match.end()
            continue  # "the redis cluster", "kafka nodes": the group of what was just named
        found[canon] = COMPONENT_WEIGHT
        after = match.end()
    for match in _PRODUCT.finditer(text):
        word = match.group(0).lower()
        if (
            word not in STOPWORDS
            and word not in GENERIC_TERMS
            and word not in _NOT_A_PRODUCT
            and word not in _SYNONYM_OF
        ):
            found[_stem(word)] = COMPONENT_WEIGHT
    for match in _COMPOUND.finditer(text):
        mod, head = match.group("mod").lower(), match.group("head").lower()
        if f"{mod} {head}" in _SYNONYM_OF or mod in KIND_MODIFIERS:
            continue  # "connection pool", "message queue": the component by its kind's own name
        if mod not in STOPWORDS and mod not in GENERIC_TERMS and mod not in _SYNONYM_OF:
            found[f"{_stem(mod)} {head}"] = COMPONENT_WEIGHT
    for raw in _TOKEN.findall(text):
        word = raw.lower().strip("-./_#")
        if not word or word in STOPWORDS or word in GENERIC_TERMS or word in _SYNONYM_OF:
            continue
        if _SPECIFIC.match(word):
            found[word] = SPECIFIC_WEIGHT
            version = _VERSION.fullmatch(word)
            if version is not None:
                # "v3.2.0", "3.2": one release however written (no "v", no trailing ".0")
                found["version " + re.sub(r"(?:\.0)+$", "", version.group(1))] = SPECIFIC_WEIGHT
            for part in re.split(r"[\-_./]", word):  # "ledger-sync" also names "ledger"
                if len(part) < 4 and part in _SYNONYM_OF and part not in GENERIC_TERMS:
                    # "pg-prod-02", "lb-3": a host named for the component it runs, by its short name
                    found.setdefault(_SYNONYM_OF[part], COMPONENT_WEIGHT)
                elif len(part) >= 4 and not part.isdigit() and part not in GENERIC_TERMS and part not in STOPWORDS:
                    found.setdefault(_SYNONYM_OF.get(part, _stem(part)), WORD_WEIGHT)
        elif len(word) >= 3:
            found.setdefault(_stem(word), NAME_WEIGHT if len(word) >= 5 else WORD_WEIGHT)
    for match in SINGLED_OUT.finditer(text):
        word = match.group(1).lower()
        if word not in STOPWORDS and word not in GENERIC_TERMS and word not in _SYNONYM_OF:
            # "fcm itself", "neon itself": the thing singled out as the subject, however short its name
            found[_stem(word)] = max(found.get(_stem(word), 0.0), NAME_WEIGHT)
    return found


def named(text: str) -> frozenset[str]:
    """Only the components and specific names in ``text`` (no plain words): what makes a claim a theory."""
    return components_of(entities(text))


def components_of(found: Mapping[str, float]) -> frozenset[str]:
    """The things ``found`` (an :func:`entities` result) names at least as a component: a product, a
    part, an id, without the plain words."""
    return frozenset(k for k, w in found.items() if w >= COMPONENT_WEIGHT)


def entity_overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """How much two texts name in common: the sum of the shared entities' weights.

    A product name one text writes as a name ("Cilium", "PgBouncer") and the other in lower case
    ("cilium") is the same named thing: the whole word counts as a component, never a part of one.
    """
    score = 0.0
    for k in a.keys() & b.keys():
        low, high = sorted((a[k], b[k]))
        named_once = high >= COMPONENT_WEIGHT and low >= NAME_WEIGHT and " " not in k
        score += COMPONENT_WEIGHT if named_once and high == COMPONENT_WEIGHT else low
    return score


@lru_cache(maxsize=8192)
def without_components(text: str) -> str:
    """``text`` with the components' names taken out ("load balancer", "connection pool"): what is
    left is what the text says about them."""
    return _COMPONENT.sub(" ", text)


_PHRASE = re.compile(
    r"(?<![\w\-])(?:"
    + "|".join(re.escape(s) for s in sorted(_SYNONYM_OF, key=len, reverse=True) if " " in s)
    + r")(?![\w])",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def without_phrases(text: str) -> str:
    """``text`` with the components named in several words taken out ("retry storm", "clock skew"):
    a word of such a name is the name, not something said about the component."""
    return _PHRASE.sub(" ", text)
