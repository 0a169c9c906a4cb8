"""Which spans are people's names: spaCy's PERSON, filtered for ops text, plus a cue-word rule.

spaCy's small model tags "Kafka", "config" and token fragments as PERSON and misses some
sentence-initial or foreign names. We keep a PERSON span only when every word is name-shaped
and not a known ops term, extend a first name to the capitalised surname after it, and add
"<cue> First Last" (customer, from, with, spoke with…) that NER missed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

_STOP_WORDS: frozenset[str] = frozenset(STOP_WORDS) | {"re", "fyi", "asap", "pls", "plz", "team", "all", "folks"}

# Capitalised words that NER tags as PERSON on incident channels but are not names.
NON_NAMES = frozenset(
    """
    kafka redis grafana prometheus kubernetes k8s postgres postgresql mysql helm terraform jenkins argo
    argocd envoy istio nginx docker linux vault consul sentry datadog splunk kibana elastic elasticsearch
    opensearch cassandra mongo mongodb celery django flask rails node java python golang rust ruby jira
    slack zoom okta stripe twilio sendgrid cloudflare fastly akamai lambda aurora dynamo dynamodb config
    deploy rollback canary pod pods cluster ingress egress gateway alertmanager pagerduty opsgenie statuspage
    loki tempo jaeger zipkin otel thanos cortex victoria memcached rabbitmq nats pulsar zookeeper etcd
    spark flink airflow dbt snowflake bigquery redshift athena kinesis sqs sns ec2 eks gke aks rds s3 iam
    cloudwatch cloudfront route53 azure gcp aws github gitlab bitbucket circleci buildkite spinnaker
    vercel netlify heroku fly render sidekiq resque puma gunicorn uvicorn tomcat jetty haproxy traefik
    linkerd calico cilium coredns kube karpenter keda vitess citus patroni pgbouncer debezium
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december sev incident oncall rca postmortem runbook hotfix
    max min error warning warn info debug fatal critical traceback exception timeout retry retries
    status health ready running pending failed degraded outage impact mitigation resolved update
    north south east west central europe asia pacific america
    luhn iban sepa swift bic visa mastercard amex discover paypal adyen braintree klarna plaid ach
    the this that these those there then than we our ours us it its i im ive id you your they their
    he she him her his a an and or but if so as at on in of to for from with by via per into onto
    not no yes ok okay also just still now next last first second third new old all any some every
    each both more most less much many few other another same such only even again already here
    what when where which who why how whose is are was were be been being do does did done has have
    had can could should would will shall must may might let lets please thanks thank sorry
    found saw see seeing seen looks look looking looked seems seem checking checked check trying
    tried restarting restarted restart rolling rolled scaling scaled scale paging paged page pinged
    investigating investigate mitigated mitigating fixed fixing fix reverted reverting revert
    rotated rotating rotate removed removing remove deleted deleting added adding confirmed confirm
    declared declaring escalated escalating acked ack opened opening closed closing filed posting
    posted sent sending started starting stopped stopping running ran kicked kicking bumped bumping
    deployed deploying shipped shipping merged merging pushed pushing pulled pulling promoted
    drained draining cordoned failing failover failback cutover recovered recovering resolving
    customers users requests errors alerts alert logs log metrics dashboard dashboards graph graphs
    prod production staging dev test tests ci cd build builds release releases tag tags branch
    root cause action item items summary timeline detection response owner owners
    today tomorrow yesterday tonight morning afternoon evening night week weekend
    heads psa note notes reminder context background question questions answer
    """.split()
)
# Words that mark a company or a team, not a person ("Northwind Traders", "Payments Team").
ORG_WORDS = frozenset(
    """
    inc corp corporation ltd llc gmbh ag sa bv plc co company traders trading team support cloud labs
    bank group systems technologies tech services service engineering platform ops security finance
    partners holdings solutions networks logistics retail payments api app apps
    """.split()
)
# Words NER pulls into a name ("Customer Jane Doe", "Hi Jane"): the name goes, the word stays.
LEAD_WORDS = frozenset(
    """
    customer client user merchant caller cardholder agent hi hello hey thanks thx dear cc ping fyi
    mr mrs ms dr sir madam mx
    """.split()
)
MAX_NAME_WORDS = 4

_NAME_PART_RE = re.compile(r"^(?:(?:Mc|Mac|De|Di|Da|La|Le|Van|Von)[A-Z][a-z]+|IJ[^\W\d_A-Z]+|[A-Z][a-z]*)$")
_CUE_RE = re.compile(
    r"\b(?i:customer|client|merchant|cardholder|caller|contact|from|with|by|cc|called|emailed|"
    r"dear|hi|hello|thanks|per)[ \t]+"
    r"(?P<name>[^\W\d_a-z][\w'’-]+(?:[ \t]+[^\W\d_a-z][\w'’-]+){1,2})"
)
_NEXT_WORD_RE = re.compile(r"[ \t]+([^\W\d_a-z][\w'’-]+)")


def bare(word: str) -> str:
    """The word without a possessive ``'s``."""
    return word.removesuffix("'s").removesuffix("’s")


@lru_cache(maxsize=1 << 16)  # pure, and asked of the same words many times per text (one entry ~0.2 KB)
def is_name_word(word: str) -> bool:
    """``Jane``, ``O'Connor``, ``McDonald``, ``Zoë``, ``Jean-Luc``; not ``CPU``, ``iOS``, ``v3``, ``Max``."""
    word = bare(word)
    low = word.lower()
    if len(word) < 2 or low in NON_NAMES or low in ORG_WORDS or low in LEAD_WORDS:
        return False
    parts = re.split(r"['’-]", word)
    if not all(parts):
        return False
    for part in parts:
        # Non-ASCII names (José, Zoë, Søren) pass the second test: one capital, then lower case.
        if _NAME_PART_RE.match(part) is None and not (
            part[0].isupper() and part.isalpha() and (len(part) == 1 or part[1:].islower())
        ):
            return False
    return True


_CAPITALISED_RE = re.compile(r"(?<![\w'’-])[^\W\d_a-z][\w'’-]*")


def may_hold_name(text: str) -> bool:
    """False when no word of ``text`` could belong to a name that ``looks_like_person`` accepts."""
    return any(is_name_word(m.group().rstrip("'’-")) for m in _CAPITALISED_RE.finditer(text))


def looks_like_person(span: str) -> bool:
    """One to four name-shaped words (a middle initial allowed), none of them an ops term."""
    words = span.split()
    if not 1 <= len(words) <= MAX_NAME_WORDS:
        return False
    if (
        len(words) >= 2
        and bare(words[-1]).lower() in SURNAME_WORDS
        and bare(words[0]).lower() in FIRST_NAMES
        and words[-1][0].isupper()
    ):
        words = words[:-1]  # "William Page": the surname is also an ops word
    if len(words) >= 2 and bare(words[0]).lower() in WORD_NAMES and words[0][:1].isupper():
        words = words[1:]  # "Cassandra Thompson", "Amber Tretyakov": the surname makes it a name
        if is_initial(words[0]) and len(words) >= 2:
            words = words[1:]
    return all(is_name_word(w) or (0 < i < len(words) - 1 and is_initial(w)) for i, w in enumerate(words))


def skip_lead_words(text: str, start: int, end: int) -> int:
    """Move ``start`` past leading words such as "Customer" that NER included in a name."""
    for m in re.finditer(r"\S+", text[start:end]):
        if m.group().lower().rstrip(".,:") not in LEAD_WORDS:
            return start + m.start()
    return start


def extend_surname(text: str, end: int) -> int:
    """``Leila`` tagged alone in "Leila Doe:": extend to the name-shaped word right after it."""
    m = _NEXT_WORD_RE.match(text, end)
    if m is not None and is_name_word(m.group(1).rstrip(".,:;")):
        word = m.group(1)
        trimmed = len(word) - len(word.rstrip(".,:;"))
        return m.end() - trimmed
    return end


def cue_names(text: str) -> list[tuple[int, int]]:
    """Spans of "First Last" right after a cue word ("customer", "spoke with", "from"…)."""
    out: list[tuple[int, int]] = []
    for m in _CUE_RE.finditer(text):
        # Keep the longest run of name-shaped words from the start ("Jane Doe Reported" → "Jane Doe").
        words = list(re.finditer(r"[^ \t]+", m.group("name")))
        run = 0
        for i, word in enumerate(words):
            # "customer Cassandra Thompson": a first name that is also a word, with a surname after it.
            if not (is_name_word(word.group()) or (i == 0 and word.group().lower() in WORD_NAMES)):
                break
            run += 1
        if run >= 2:
            out.append((m.start("name"), m.start("name") + words[run - 1].end()))
    return out


# Nouns that make the word before them the name of a thing: "the Atlas cluster", "Hugo service".
THING_NOUNS = frozenset(
    """
    service services svc pod pods cluster clusters deploy deploys deployment deployments job jobs cronjob
    cron worker workers queue queues db database node nodes instance instances container containers
    namespace app api repo bot daemon server servers host hosts shard shards replica replicas topic
    bucket pipeline image chart dashboard endpoint function proxy cache index table consumer producer
    stack module package library lib binary process controller operator sidecar gateway build branch
    config flag cli sdk client backend frontend region zone vm vms box
    """.split()
)
# Verbs whose object is a system: "restart Hugo", "rolled back Atlas".
_THING_VERB_RE = re.compile(
    r"(?i:\b(?:re)?(?:start|deploy|boot)(?:ed|ing|s)?|\brollback|\brolled back|\broll back|\bscal(?:e|ed|ing)|"
    r"\bbounc(?:e|ed|ing)|\b(?:up|down)grad(?:e|ed|ing)|\bkill(?:ed|ing)?|\bdrain(?:ed|ing)?)\s+(?:the\s+)?$"
)
_NEXT_WORD_ANY_RE = re.compile(r"[ \t]+([A-Za-z]+)")


def names_a_thing(text: str, start: int, end: int) -> bool:
    """True when the name-shaped ``text[start:end]`` names a service, not a person.

    ``stella-api``, ``hugo.svc``, ```marvin```, "the Atlas cluster", "Jasper deploy", "restart Hugo".
    """
    after = text[end : end + 2]
    if len(after) == 2 and after[0] in "-_./:" and (after[1].isalnum()):
        return True
    if start >= 2 and text[start - 1] in "-_./" and text[start - 2].isalnum():
        return True
    line_start = text.rfind("\n", 0, start) + 1
    if text.count("`", line_start, start) % 2 == 1:
        return True
    m = _NEXT_WORD_ANY_RE.match(text, end)
    if m is not None and m.group(1).lower() in THING_NOUNS:
        return True
    return _THING_VERB_RE.search(text, max(0, start - 24), start) is not None


# Words after which a lower-case word is someone's name: "ask jane", "cc bob smith", "customer jane doe".
_LOWER_CUE_RE = re.compile(
    r"(?i:\b(?:ask|asked|cc|ping|pinged|thanks|thank you|thx|ty|hi|hey|hello|dear|customer|client|cardholder|"
    r"caller|spoke (?:with|to)|talked (?:with|to)|emailed|called|per))[ \t]+"
    r"(?P<first>[a-z][a-z'’-]+)(?:[ \t]+(?P<last>[a-z][a-z'’-]+))?"
)


def _could_be_lower_name(word: str) -> bool:
    return (
        word.isascii()
        and word.replace("'", "").replace("-", "").isalpha()
        and is_name_word(word.capitalize())
        and (word not in _STOP_WORDS)
    )


def capitalise_cued(text: str) -> str:
    """``text`` with a lower-case first name (from the list) after a person cue capitalised, and the
    word after it when it could be a surname (same length, same offsets).

    NER then judges "ask Jane" as it would the written-out name; no second NER pass is needed.
    """
    if not any(c.islower() for c in text):
        return text
    chars: list[str] | None = None
    for m in _LOWER_CUE_RE.finditer(text):
        first, last = m.group("first"), m.group("last")
        surname = last is not None and (_could_be_lower_name(last) or last in SURNAME_WORDS)
        # Only listed first names: a cue followed by ordinary lower-case words must not capitalise
        # them; a first name that is also a word ("mark", "amber") only with a surname after it.
        # "ask mark from billing": "from" after it says who, as a surname would.
        if not (
            (first in FIRST_NAMES and _could_be_lower_name(first))
            or (first in AMBIGUOUS_FIRST_NAMES and (surname or last == "from"))
        ):
            continue
        if chars is None:
            chars = list(text)
        chars[m.start("first")] = first[0].upper()
        if last is not None and surname:
            chars[m.start("last")] = last[0].upper()
    return text if chars is None else "".join(chars)


def _load_words(filename: str) -> frozenset[str]:
    path = Path(__file__).resolve().parent.parent / "data" / filename
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


FIRST_NAMES = _load_words("first_names.txt") | _load_words("world_first_names.txt")
"""Common first names (US Census 1990, plus the non-English locales of Faker's lists), minus
everyday words: a second opinion beside NER."""
SURNAMES = _load_words("surnames.txt")
"""Surnames of Faker's non-English locales that are not English words ("Perković", "Almeida")."""
AMBIGUOUS_FIRST_NAMES = frozenset(
    """
    will may june april august grant chase mark bill rich hope faith joy dawn summer autumn rose lily iris
    ruby crystal amber jade pearl ivy holly daisy violet ginger penny sunny guy drew gene pat sue don ray
    art cliff dale glen jack king lane miles page price rocky rusty cole clay carter cook cooper fisher
    gardner hall hunter mason parker porter reed rex rod rob sean tanner tucker walker wade ward wes kit
    kay nan max cassandra sage star sky autumn dusty earl frank grace heather hazel lynn terry ernest
    """.split()
)
"""First names that are also everyday or ops words ("Mark", "Amber", "Cassandra"): left off the
first-name list, so never a name alone, but a name when a surname follows ("Amber Tretyakov")."""
WORD_NAMES = _load_words("word_names.txt") | AMBIGUOUS_FIRST_NAMES
"""Names that are also English words ("Adams", "Hunter", "Mathias"): never a name alone, only
beside another sign of a person (a first name, a list of names, "says", "Hi")."""

_INITIAL_RE = re.compile(r"[^\W\d_a-z]\.?")
# A first name from the list, an optional middle initial, an optional surname: "Angelo A. Ordóñez".
_LISTED_NAME_RE = re.compile(
    r"(?<![\w@./'’-])(?P<first>[^\W\d_a-z][^\W\d_A-Z]{2,})(?![\w@-]|['’](?![sS]\b)|\.\w)"
    # The surname is looked at, not consumed: in "The Nicole Lange", "The" must not swallow "Nicole".
    r"(?=(?:[ \t]+(?P<rest>[A-Z]\.?[ \t]+[^\W\d_a-z][\w'’-]+|[^\W\d_a-z][\w'’-]+))?)"
)
# Words right before a person's name in a sentence ("said Rachel", "named him Jeremy", "add X as").
# Not "from", "with", "to": companies follow them as often as people ("Marisol from Globex").
PERSON_CUE_RE = re.compile(
    r"(?i:\b(?:said|says|named(?: him| her)?|call me|called|my name is|name is|speak to|speak with|add|"
    r"cc|ask|asked|dear|hi|hey|hello|thanks|thank you|spoke with|spoke to|customer|client|directed by))[ \t:]+$"
)


def is_initial(word: str) -> bool:
    """``A`` or ``A.``: a middle initial."""
    return _INITIAL_RE.fullmatch(word) is not None


def listed_names(text: str) -> list[tuple[int, int]]:
    """Spans of names whose first word is a common first name ("Rachel", "Christina West")."""
    out: list[tuple[int, int]] = []
    for m in _LISTED_NAME_RE.finditer(text):
        if m.group("first").lower() not in FIRST_NAMES or not is_name_word(m.group("first")):
            continue
        end = m.end("first")
        rest = m.group("rest")
        if rest is not None:
            last = rest.split()[-1].rstrip(".,:;")
            if is_name_word(last) or last.lower() in SURNAME_WORDS:
                end = m.start("rest") + rest.rfind(last) + len(last)
        out.append((m.start("first"), end))
    return out


def has_person_cue(text: str, start: int) -> bool:
    """True when a word such as "said", "named" or "customer" comes right before ``start``."""
    return PERSON_CUE_RE.search(text, max(0, start - 20), start) is not None


# Surnames that are also ops words ("William Page", "Christina West"): allowed after a listed first name.
SURNAME_WORDS = frozenset({"west", "east", "north", "south", "page", "may", "march", "june", "april", "august"})
# "my name is Ompoly", "call me Asma", "named him Jeremy": one capitalised word is enough here;
# up to four with middle initials ("my name is Nusi F Siposs").
_NAME_WORDS = r"[^\W\d_a-z][\w'’-]+(?:[ \t]+(?:[A-Z]\.?(?![\w'’-])|[^\W\d_a-z][\w'’-]+)){0,3}"
_STRONG_CUE_RE = re.compile(
    r"(?i:\b(?:my name is|name is|call me|named(?: him| her)?|(?:\w+['’]s|his|her|their|full|legal) name|"
    r"(?:first|last|given|family|sur) ?name(?: is)?[?:]?))"
    rf"[ \t]+(?P<name>{_NAME_WORDS})"
)
# "says Simpson", "ping Arman", "spoke with Hideo Yamanaka": a person usually, but teams and tools
# follow these too ("ask Legal", "according to Grafana"), so one word alone must be an unusual word.
_WEAK_CUE_RE = re.compile(
    r"(?i:\b(?:said|says|asked|replied|shouted|told|wrote|according to|cc|ping|pinged|ask|spoke with|"
    r"spoke to|talked to|talked with|on behalf of|signed by|"
    r"(?:my|our|his|her|their) (?:kid|son|daughter|child|wife|husband|partner|mother|father|mom|mum|dad|"
    r"brother|sister|friend|colleague|boss|manager|neighbou?r|grandfather|grandmother)))[ \t:]+"
    rf"(?P<name>{_NAME_WORDS})"
)
# "Hi Arman,", "thanks Mineko!": a greeting, one name, then punctuation or the end of the line.
_GREETING_RE = re.compile(
    r"(?i:\b(?:hi|hello|hey|dear|thanks|thank you|thx|ty|welcome|morning|bye))[ \t]+"
    r"(?P<name>[^\W\d_a-z][\w'’-]+(?:[ \t]+[^\W\d_a-z][\w'’-]+)?)(?=[ \t]*(?:[,!.:;?]|$))",
    re.MULTILINE,
)
# "Satsita lives on…", "Lukas's address": what follows says the word is a person.
# Not "says" or "called": companies do that too ("Globex says their webhooks stopped").
_AFTER_CUE_RE = re.compile(
    r"(?<![\w'’-])(?P<name>[^\W\d_a-z][\w'’-]*?)"
    r"(?=(?:'s|’s)[ \t]+(?:address|phone|number|email|account|card|daughter|son|wife|husband|mother|father)\b"
    r"|[ \t]+(?:lives|lived)\b|[ \t]+(?:his|her|their)[ \t]+(?:address|phone number|number|e-?mail)\b)"
)
# "Naho's kid", "Towa is very reliable", "Naoharu shouted": said of people mostly, but of a system
# now and then ("Atlas is very slow"), so only for an unusual word (see ``_unusual``).
_AFTER_WEAK_CUE_RE = re.compile(
    r"(?<![\w'’-])(?P<name>[^\W\d_a-z][\w'’-]*?)"
    r"(?=(?:'s|’s)[ \t]+(?:kid|kids|child|children|partner|boyfriend|girlfriend|friend|family|parents|mom|mum|"
    r"dad|brother|sister|birthday|song|songs|novel|book|books|album|poem|career)\b"
    r"|[ \t]+(?:was born|is very|was very|is so|was so|is a very|shouted|smiled|laughed|cried|whispered|"
    r"replied|thinks|feels|felt|believes|loves|loved|hates|hated|will be talking|began writing|is from|"
    r"had given|explained)\b)"
)


def strong_cue_names(text: str, english: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Names that a phrase around them marks as a person: "my name is X", "X lives at", "X's address",
    "Hi X,", "says X". Where the phrase is also said of things ("Hi team", "ask Legal", "Atlas is
    very slow"), one word alone counts only when it is a listed name or no English word."""
    out: list[tuple[int, int]] = []
    low = text.lower()
    # Python's re tries each alternation at every position; a substring test first is far cheaper.
    if "name" in low or "call me" in low:
        for m in _STRONG_CUE_RE.finditer(text):
            span = _name_run(text, m.start("name"), m.group("name"))
            if span is not None:
                out.append(span)
    regexes = [regex for regex, words in _CUE_GATES if any(w in low for w in words)]
    for regex in regexes:
        for m in regex.finditer(text):
            span = _name_run(text, m.start("name"), m.group("name"))
            if span is None:
                continue
            name = text[span[0] : span[1]]
            if len(name.split()) > 1 or _unusual(name, english):
                out.append(span)
    out.extend(m.span("name") for m in _AFTER_CUE_RE.finditer(text))
    out.extend(
        m.span("name")
        for m in _AFTER_WEAK_CUE_RE.finditer(text)
        if is_name_word(m.group("name")) and _unusual(m.group("name"), english)
    )
    return out


# "Egor, can I please speak to your boss?": a name spoken to at the start of a sentence.
_VOCATIVE_RE = re.compile(
    r"(?:^|(?<=[.!?][ \t])|(?<=\n))[ \t]*(?P<name>[^\W\d_a-z][\w'’-]+),[ \t]+"
    r"(?=(?i:can|could|would|will|please|i|you|we|thanks|thank you|are|do|did|have|what|where|when|why|how)\b)",
    re.MULTILINE,
)
_CUE_GATES = (
    (
        _WEAK_CUE_RE,
        (
            "said",
            "says",
            "ask",
            "replied",
            "shouted",
            "told",
            "wrote",
            "according",
            "cc",
            "ping",
            "spoke",
            "talked",
            "behalf",
            "signed",
            "my ",
            "our ",
            "his ",
            "her ",
            "their ",
        ),
    ),
    (_GREETING_RE, ("hi", "hello", "hey", "dear", "thank", "thx", "ty", "welcome", "morning", "bye")),
    (_VOCATIVE_RE, (", ", ",\t")),
)
"""Each cue regex with the substrings (lower case) one of which a text must hold for it to match."""


def _unusual(word: str, english: frozenset[str]) -> bool:
    """A listed first name or surname, or no English word: alone it can be taken for a name."""
    low = bare(word).lower()
    return low in FIRST_NAMES or low in SURNAMES or low in WORD_NAMES or not is_english_word(low, english)


_WORD_RE = re.compile(r"(?<![\w@./'’-])[^\W\d_a-z][\w'’-]*")
_PREV_WORD_RE = re.compile(r"(?P<word>[^\W\d_a-z][\w'’-]*\.?)[ \t]+$")


def surname_names(text: str) -> list[tuple[int, int]]:
    """Listed surnames ("says Perković"), with the name-shaped word before them ("Zita Gábor")."""
    out: list[tuple[int, int]] = []
    for m in _WORD_RE.finditer(text):
        word = m.group().rstrip("'’-.,")
        if bare(word).lower() not in SURNAMES or not is_name_word(word):
            continue
        start = m.start()
        prev = _PREV_WORD_RE.search(text, max(0, start - 40), start)
        if prev is not None and (is_name_word(prev.group("word")) or is_initial(prev.group("word"))):
            start = prev.start("word")
            before = _PREV_WORD_RE.search(text, max(0, start - 40), start)
            if is_initial(prev.group("word")) and before is not None and is_name_word(before.group("word")):
                start = before.start("word")  # "Lechosław M Kozłowski"
        out.append((start, m.start() + len(word)))
    return out


# "Mr. Smith", "ms. Marek", "Dr Jane Doe": a title before one to three name-shaped words.
_TITLE_RE = re.compile(
    r"(?<![\w-])(?i:mr|mrs|ms|miss|mx|dr|prof)\.?[ \t]+(?P<name>[^\W\d_a-z][\w'’-]+(?:[ \t]+[^\W\d_a-z][\w'’-]+){0,2})"
)
# Form and ticket fields: "Name: Jane Doe", "Requester: Jane Doe", "Reported by: Jane Doe".
_LABEL_RE = re.compile(
    r"(?im:^[ \t>*_}]*(?:(?:full |first |last |customer |contact |account |card ?holder |billing )?name|"
    r"contact|customer|requester|reporter|reported by|submitted by|assignee|attn|directed by)"
    r"[ \t]*[:=][ \t]*)(?P<name>[^\W\d_a-z][\w'’-]+(?:[ \t]+(?:[A-Z]\.?(?![\w'’-])|[^\W\d_a-z][\w'’-]+)){0,3})"
)


def _name_run(text: str, start: int, name: str) -> tuple[int, int] | None:
    """The leading run of name-shaped words (initials inside) of ``name`` at ``start``, or None."""
    words = list(re.finditer(r"[^ \t]+", name))
    run = 0
    for i, word in enumerate(words):
        w = word.group().rstrip(".,:;")
        if is_name_word(w) or (0 < i < len(words) - 1 and is_initial(word.group())):
            run = i + 1
            continue
        break
    if run == 0:
        return None
    last = words[run - 1]
    return start, start + last.start() + len(last.group().rstrip(".,:;"))


def title_names(text: str) -> list[tuple[int, int]]:
    """Names after a title or in a name field ("Mr. Parsons", "Name: Szonja Tot")."""
    out: list[tuple[int, int]] = []
    for regex in (_TITLE_RE, _LABEL_RE):
        for m in regex.finditer(text):
            span = _name_run(text, m.start("name"), m.group("name"))
            if span is not None:
                out.append(span)
    return out


# Street and title abbreviations that start address lines ("St", "Avda"): never a name on their own.
_ABBREVIATIONS = frozenset(
    {"st", "str", "rd", "ave", "avda", "av", "blvd", "apt", "ste", "mt", "ft", "jr", "sr", "dds"}
)


def is_english_word(low: str, english: frozenset[str]) -> bool:
    """``low`` (lower case) or its stem is an English word: "patients", "celebrating", "capitalized"."""
    if low in english or low in _STOP_WORDS or low in _ABBREVIATIONS:
        return True
    for suffix, replacements in (
        ("ies", ("y",)),
        ("es", ("", "e")),
        ("s", ("",)),
        ("ing", ("", "e")),
        ("ed", ("", "e")),
    ):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            stem = low[: -len(suffix)]
            if any(stem + r in english for r in replacements):
                return True
    return False


def needs_ner(text: str, english: frozenset[str], known: Callable[[str], bool] = lambda _: False) -> bool:
    """True when ``text`` has a capitalised, name-shaped word that only NER can judge.

    Words on the name lists are found by the list rules, workspace members' names stay anyway, and
    English words ("Patient", "Poland", "During") are almost never an unseen name unless they own
    something ("Green's song"), so a text whose every such word is one of these skips NER, the
    costliest step. Lower-case names come in
    through ``capitalise_cued`` first.
    """
    for m in _CAPITALISED_RE.finditer(text):
        word = bare(m.group().rstrip("'’-"))
        if not is_name_word(word):
            continue
        low = word.lower()
        if low in FIRST_NAMES or low in SURNAMES or known(word):
            continue
        # "Green's song": a capitalised English word that owns something may be a surname.
        if not is_english_word(low, english) or m.group().endswith(("'s", "’s")):
            return True
    return False


def name_words(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Other places in ``text`` where a word of a found name stands ("Rémy" after "Rémy Potvin")."""
    words = {bare(w).rstrip(".,:;") for start, end in spans for w in text[start:end].split()}
    out: list[tuple[int, int]] = []
    for word in words:
        if len(word) < 3 or not is_name_word(word):
            continue
        pos = text.find(word)
        while pos != -1:
            end = pos + len(word)
            whole = (pos == 0 or not _in_word_before(text[pos - 1])) and (
                end == len(text) or not _in_word_after(text[end])
            )
            if whole and not any(s <= pos < e for s, e in spans):
                out.append((pos, end))
            pos = text.find(word, end)
    return out


def _in_word_before(char: str) -> bool:
    return char.isalnum() or char in "_'’-"


def _in_word_after(char: str) -> bool:
    return char.isalnum() or char in "_-"


# "Coronado, Jones and Ortiz", "ping Alice and Bob": the next item of a list of people.
_NEXT_ITEM_RE = re.compile(
    r"(?:[ \t]*,[ \t]*(?:and[ \t]+|&[ \t]*)?|[ \t]+(?:and|&)[ \t]+)(?P<word>[^\W\d_a-z][\w'’-]*)"
)
_PREV_ITEM_RE = re.compile(
    r"(?P<word>[^\W\d_a-z][\w'’-]*)(?:[ \t]*,[ \t]*(?:and[ \t]+|&[ \t]*)?|[ \t]+(?:and|&)[ \t]+)$"
)


def listed_with(text: str, start: int, end: int, english: frozenset[str]) -> list[tuple[int, int]]:
    """Single names listed right before or after the name at ``text[start:end]`` ("X, Y and Z").

    A neighbour counts only when it is name-shaped and on a name list or not an English word, so
    "Jane and Checkout" or "Bob, Kafka and Redis" add nothing.
    """
    out: list[tuple[int, int]] = []
    for m in (_NEXT_ITEM_RE.match(text, end), _PREV_ITEM_RE.search(text, max(0, start - 40), start)):
        if m is None:
            continue
        word = bare(m.group("word").rstrip("'’-"))
        low = word.lower()
        if is_name_word(word) and (low in FIRST_NAMES or low in SURNAMES or not is_english_word(low, english)):
            out.append((m.start("word"), m.start("word") + len(word)))
    return out


_PAIR_RE = re.compile(
    r"(?<![\w@./'’-])(?=(?P<first>[^\W\d_a-z][\w'’-]+)[ \t]+(?P<last>[^\W\d_a-z][\w'’-]+)(?![\w@-]|\.\w))"
)


def unknown_pairs(text: str, english: frozenset[str]) -> list[tuple[int, int]]:
    """Two name-shaped words in a row that are no English words ("Hideo Yamanaka", "Dzhamalay Batukayev").

    NER misses many names it has never seen; a pair of capitalised words that no English word
    list knows is most likely one, in an incident channel where systems have lower-case names.
    """
    out: list[tuple[int, int]] = []
    for m in _PAIR_RE.finditer(text):
        if m.group("first") != bare(m.group("first")):
            continue  # "Globex's Pavia Rosing": the owner is not the first name
        first, last = bare(m.group("first")), bare(m.group("last").rstrip("'’-"))
        if all(is_name_word(w) and not is_english_word(w.lower(), english) for w in (first, last)):
            out.append((m.start("first"), m.start("last") + len(last)))
    return out


_INITIAL_NAME_RE = re.compile(
    r"(?<![\w@./'’-])(?P<first>[^\W\d_a-z][\w'’-]+)[ \t]+(?P<initial>[^\W\d_a-z])(?P<dot>\.?)[ \t]+"
    r"(?P<last>[^\W\d_a-z][\w'’-]+)(?![\w@-]|\.\w)"
)


def initial_names(text: str, english: frozenset[str]) -> list[tuple[int, int]]:
    """A name, a middle initial, a name: "Mathias E. Jespersen", "Gerdine R Hovestad".

    With the dot the shape alone says it; without it ("Plan B Rollout") the first word must be a
    listed name or no English word.
    """
    out: list[tuple[int, int]] = []
    for m in _INITIAL_NAME_RE.finditer(text):
        first, last = bare(m.group("first")), bare(m.group("last").rstrip("'’-"))
        if m.group("first") != first:
            continue
        shaped = (is_name_word(first) or first.lower() in AMBIGUOUS_FIRST_NAMES) and is_name_word(last)
        if shaped and (m.group("dot") or _unusual(first, english)):
            out.append((m.start("first"), m.start("last") + len(last)))
    return out


def ambiguous_pairs(text: str, english: frozenset[str]) -> list[tuple[int, int]]:
    """ "Amber Tretyakov", "Bent Jespersen", "Ewan Dawson", "Mark Price": two names in a row, one or
    both of them also an English word (``WORD_NAMES``), the other a listed or unusual name."""
    out: list[tuple[int, int]] = []
    for m in _PAIR_RE.finditer(text):
        first, last = m.group("first"), bare(m.group("last").rstrip("'’-"))
        if first != bare(first) or not is_name_word(last):
            continue
        low_first, low_last = first.lower(), last.lower()
        if low_first not in WORD_NAMES and low_last not in WORD_NAMES:
            continue  # both unusual: unknown_pairs and listed_names judge those
        if (low_first in WORD_NAMES or (is_name_word(first) and _unusual(first, english))) and _unusual(last, english):
            out.append((m.start("first"), m.start("last") + len(last)))
    return out


_LIST_RE = re.compile(
    r"(?<![\w@./'’-])[^\W\d_a-z][\w'’-]+(?:(?:[ \t]*,[ \t]*(?:and[ \t]+|&[ \t]*)?|[ \t]+(?:and|&)[ \t]+)"
    r"[^\W\d_a-z][\w'’-]+)+(?![\w@-]|\.\w)"
)
_LIST_ITEM_RE = re.compile(r"[^\W\d_a-z][\w'’-]+")


def name_lists(text: str, english: frozenset[str]) -> list[tuple[int, int]]:
    """Each name of a list of single names ("founders: Vestergaard, Adams and Stevenson").

    Every item must be a name (listed, unusual, or a name that is also a word) and at least one a
    listed or unusual name, so "Berlin, Paris and London" or "Checkout and Payments" stay.
    """
    out: list[tuple[int, int]] = []
    for m in _LIST_RE.finditer(text):
        items = [(i.start(), bare(i.group())) for i in _LIST_ITEM_RE.finditer(m.group())]
        words = [w for _, w in items]
        if not all(is_name_word(w) and _unusual(w, english) for w in words):
            continue
        if all(w.lower() in WORD_NAMES for w in words):
            continue
        out.extend((m.start() + start, m.start() + start + len(w)) for start, w in items)
    return out


# "Mr. Pomeroy Lemelin PhD", "Zachary van den IJssel": a title before a found name, a particle and
# surname or a degree after it belong to the name.
_TITLE_BEFORE_RE = re.compile(r"(?<![\w-])(?i:mr|mrs|ms|miss|mx|dr|prof|sir|madam|mister)\.?[ \t]+$")
_AFTER_NAME_RE = re.compile(
    r"[ \t]+(?:(?:van|von|de|der|den|da|das|dos|di|del|della|du|la|le|bin|ibn|al|el|ten|ter|op)[ \t]+){1,3}"
    r"(?P<last>[^\W\d_a-z][\w'’-]+)"
    r"|,?[ \t]+(?P<suffix>PhD|Ph\.D\.|MD|M\.D\.|DDS|DMD|DVM|MBA|CPA|RN|Esq\.?|Jr\.?|Sr\.?|II|III|IV)(?![\w-])"
)


_PREV_NAME_RE = re.compile(r"(?<![\w@./'’-])(?P<word>[^\W\d_a-z][\w'’-]+)[ \t]+$")


def dressed(text: str, start: int, end: int, english: frozenset[str] = frozenset()) -> tuple[int, int]:
    """``text[start:end]`` (a name) widened over a title before it, a particle or degree after it,
    and a one-word first name before it that no English word list knows ("Cerys Christie")."""
    prev = _PREV_NAME_RE.search(text, max(0, start - 30), start)
    if prev is not None and len(text[start:end].split()) == 1:
        word = prev.group("word")
        if is_name_word(word) and word == bare(word) and not is_english_word(word.lower(), english):
            start = prev.start("word")
    for _ in range(2):  # "Mr. Mr. Slavko Bilić DDS"
        m = _TITLE_BEFORE_RE.search(text, max(0, start - 12), start)
        if m is None:
            break
        start = m.start()
    for _ in range(2):  # "Zachary van den IJssel Jr."
        m = _AFTER_NAME_RE.match(text, end)
        if m is None or (m.group("last") is not None and not is_name_word(m.group("last").rstrip(".,:;"))):
            break
        end = m.end() if m.group("suffix") is not None else m.start("last") + len(m.group("last").rstrip(".,:;"))
    return start, end


# "Wisław: What a wife.\nKevin: Remember me": a speaker's name at the start of a line (or of a
# written-out ``\n``) before a colon.
_SPEAKER_RE = re.compile(r"(?:^|\n|\\n)[ \t>*_]*(?P<name>[^\W\d_a-z][\w'’-]+)[ \t]*:(?=[ \t\"“]|$)", re.MULTILINE)


def speaker_labels(
    text: str, english: frozenset[str], known: Callable[[str], bool] = lambda _: False
) -> list[tuple[int, int]]:
    """Speakers of a pasted dialogue: with two or more speaker lines, one of them a listed first
    name that is no workspace member, every speaker that is a name (listed, unusual or a name that
    is also a word) is one.

    One "Zendesk:" line alone, "Note:" / "Update:" labels, or responders' lines in a pasted Slack
    thread ("Priya: restarting\nZendesk: new ticket") are not a dialogue of strangers.
    """
    labels = [(m.start("name"), m.group("name")) for m in _SPEAKER_RE.finditer(text)]
    if len(labels) < 2 or not any(word.lower() in FIRST_NAMES and not known(word) for _, word in labels):
        return []
    return [(start, start + len(word)) for start, word in labels if is_name_word(word) and _unusual(word, english)]
