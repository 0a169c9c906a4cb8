"""The incident's status: declarations, recovery, trends, regressions and reopening."""

from __future__ import annotations

import re

from bot.analysis.lexicon.shared import _each, _rx

_FAULT_PLURALS = (
    r"[45]\d\ds|[45]xxs|crashloops?|crashes|terminations|evictions|restarts|ooms|oom ?kills|disconnects|"
    r"rejections|exceptions|panics|kills|429s"
)
"""Faults counted in the plural: "the 502s are back", "terminations are back" say the failure returned, where
"payments are back" says a service did."""

RECOVERED = _rx(
    r"\bback to (?:baseline|normal|green|pre-incident|usual)\b",
    r"\b(?:is|are|'s|'re|looks?|seems?|now|all|fully) (?:(?!being |getting |not |never |no longer )\S+ )?"
    r"(?:back (?:up|online)|restored|"
    r"recovered|healthy again|green again|"
    r"working again|flowing again|stable again|normal again)\b",
    r"\b(?:back (?:online|up and running)|fully recovered|fully restored|service (?:is )?restored)\b",
    r"\b(?:errors?|5xx|500s|502s|503s|failures?|timeouts?|latency|error rate)\b[^.?!\n]{0,30}\b(?:gone|at zero|"
    r"zero now|"
    r"back to (?:baseline|normal)|flat(?:lined)? again|stopped|cleared)\b",
    r"\b(?:impact|bleeding|errors) (?:has |have )?(?:stopped|ended|ceased)\b",
    r"\b(?:impact|outage)(?: itself)? (?:is |was )?over\b(?! (?:for|in|on|when|once|if) )",
    r"(?<!when )(?<!once )(?<!until )(?<!\bif )(?<!before )(?<!till )\b(?:impact|bleeding) (?:stops|ends|ceases)\b"
    r"(?! (?:when|once|if|after|as soon|only))",
    r"\bno (?:more|new|further) (?:\S+ )?(?:errors|failures|5xx|timeouts|tickets|reports|crash(?:es|loops)?|restarts|"
    r"pages|alerts|complaints)\b",
    r"\bmitigated\b",
    r"\b(?:recovery|mitigation|containment) (?:is )?(?:confirmed|complete|done)\b",
    r"^\W*contained\b|\b(?:is|are|now|fully) contained\b",
    r"\b(?:fix|revert|rollback|roll back|patch|hotfix|workaround)(?: is)? (?:live|out|deployed|in place)\b",
    r"\b(?:serving|working|running|operating|performing|processing) normally\b",
    r"\bhealthy (?:on|across|in) (?:all|every)\b",
    r"\b(?:all|every) (?:hosts?|nodes?|regions?|services?|customers?|apps?|systems?) (?:are |is )?(?:healthy|"
    r"green|back|"
    r"restored|recovered)\b",
    r"(?<!\bget )(?<!\bgetting )(?<!\bbring )(?<!\bbringing )"
    r"\beverything (?:is )?(?:restored|recovered|back|green|healthy)\b",
    r"\ball \d[\d,]* (?:[a-z-]+ )?[a-z-]+s (?:are |were |have been |now )?(?:back|restored|recovered)\b",
    r"\b(?:outage|impact|customer impact|customer-facing impact|incident impact|"
    r"disruption)\b[^.?!\n]{0,15}\b(?:is |was |'s )?over\b",
    r"\b(?:taking|serving|flowing|accepting|processing|loading|sending|going out|working|answering|resolving) (?:\S+ )?"
    r"(?:traffic |requests |queries |emails |payments )?again\b(?<!ic again)(?<!command again)",
    r"\b(?:at|to) baseline\b",
    r"\b(?:backlog|queue|lag)\b (?:is |are |now |has )?(?:been )?(?:fully processed|all processed|caught up|empty|"
    r"cleared|drained|worked off)\b",
    r"\bno (?:\S+ )?(?:lag|backlog|errors|failures) (?:anymore|any more|left)\b",
    r"\bback for (?:everyone|all|all customers|all users)\b",
    r"\ball (?:services|systems|regions|products)\b[^.?!\n]{0,20}\b(?:operational|green|healthy|normal|up)\b",
    r"\b(?!(?:error|errors|alert|alerts|issue|issues|problem|it|latency|5xx|spike|spikes|that|this|lag|backlog|"
    r"outage|incident|failure|failures|timeouts?|crash|crashes|storm|page|pages|bug|degradation|attack|attacks|ddos|"
    r"flood|blackhole|nullroute|throttling|" + _FAULT_PLURALS + r"|whichever|whoever|whatever|which|who|what)\b)"
    r"(?<!\bnull )"
    r"(?<!\bwhichever )(?<!\bwhatever )(?<!\bwhich )"
    r"[a-z0-9\-]+ (?:is|are) back"
    r"(?: up| online)?\b(?! to (?:fail|error))(?!\s+(?:again|to))",
)
"""Evidence that impact stopped: a state, not a trend nor work in progress ("access is being restored")."""
TREND = _rx(
    r"\b(?:dropping|decreasing|declining|coming down|going down|trending (?:down|better)|improving|recovering|"
    r"slowly|a bit better|little better|somewhat better|looking better|getting better|better than|less bad|"
    r"partially|partial|some recovery|starting to|signs of recovery|-ish|ish|continue to|continuing to|still|remaining|"
    r"may still|except|not (?:yet )?(?:all|fully)|mostly|for some|half|in (?:one|some) (?:region|zone)s?)\b",
)
"""Trend words: things getting better is not the same as impact having stopped."""
IMPACT_ONGOING = _rx(
    r"\bcatching up\b|\b(?:as|until|while|once) the (?:backlog|queue)\b|\bbacklog (?:clears|is (?:being )?(?:processed|"
    r"worked|drained))\b",
    r"\bcoming back (?:online|up)\b|\b(?:are|is) (?:now )?being processed\b|\b(?:are|is) (?:now )?(?:syncing|"
    r"re-?processing|replaying)\b",
    r"\bmay (?:see|experience|notice|encounter)\b|\bdelays? (?:to|will|should) clear\b",
)
"""A status post's own words that impact goes on after the fix ("delivery is catching up on the backlog",
"you may see degraded performance"): the page's phase, not the end of impact."""
RECOVERING = _rx(
    r"\b(?:starting to|beginning to|slowly) recover\w*",
    r"\brecovering\b",
    r"\bsigns of recovery\b",
    r"\bcoming back\b",
    r"\b(?:errors?|5xx|error rate|failures|latency)\b[^.?!\n]{0,20}\b(?:dropping|falling|decreasing|"
    r"coming down|improving)\b",
    r"\b(?:looking|getting) better\b",
)
"""The first sign of recovery: a moment for the timeline, though not yet mitigation."""
REGRESSION = _rx(
    r"\b(?:errors?|5xx|alerts?|it|failures?|latency|timeouts?|problem|issue|" + _FAULT_PLURALS + r")\b[^.?!\n]{0,20}"
    r"\b(?:(?<!\bthem )(?<!\bthose )(?<!\bthese )back\b"
    r"(?! (?:when|then|in (?:the day|\d)|to (?:normal|baseline|zero|green|pre-incident|usual|\d)|down|under|below)\b)"
    r"|again\b|returned\b|"
    r"spiking again|re-?occurr)",
    r"\b(?:not|isn'?t|didn'?t|hasn'?t) (?:\S+ )?(?:fixed|mitigated|resolved|recovered|helped)\b",
    r"(?<!\bwas )(?<!\bwere )\bstill (?:broken|failing|down|erroring|seeing errors)\b",
)
"""Evidence that a mitigation did not hold. Whole words: "5xx normal, backlog normal" names no return and
"platform-alerts@ back when it was a test" is the past; "was still broken" narrates what a tool reported then;
"it keeps letting them back in" moves parts, no symptom returns."""
STATUS_WORD = re.compile(
    r"\b(?P<word>investigating|identified|monitoring|mitigated|resolved|closed|all clear|degraded performance|"
    r"partial outage|major outage|operational)\b",
    re.IGNORECASE,
)
STATUS_DECLARATIONS = _each(
    r"^\W*(?:status|state|incident status|update)\s*(?:update)?\s*[:\-—=]+\s*\*?(?P<word>investigating|identified|"
    r"monitoring|mitigated|resolved|closed)\b",
    r"^\W*\[?\*?(?P<word>investigating|identified|monitoring|mitigated|resolved)(?:\*?\]|\*?\s*[:\-—–])",
    r"\b(?:moving|moved|move|marking|marked|mark|setting|set|switching|switched|changing|changed|updating|updated|"
    r"transition(?:ing|ed)?|flipping|flipped|putting|put) (?:\S+ ){0,4}(?:to|as|into|"
    r"in) \W?(?P<word>identified|monitoring|"
    r"mitigated|resolved|closed)\b",
    r"\b(?:we(?:'re| are)|we'?ve|we have|now|incident(?: is)?|this is|officially) (?:now |officially )?(?:in )?\W?"
    r"(?P<word>monitoring|mitigated|resolved|closed)\b",
    r"\b(?:declar|call)(?:e|ed|ing) (?:\S+ ){0,3}(?P<word>mitigated|resolved|all clear|closed)\b",
    r"\b(?:clos|mark)(?:e|ed|ing)? (?:\S+ ){0,3}(?:as )?[*_`\[]?(?P<word>resolved|mitigated|identified)\b",
    r"^\W*(?P<word>resolved|mitigated|all clear)\s*[.!,:;—–-]",
    r"^\W*(?P<word>resolved|mitigated) (?:from|on|at) (?:our|my|the team'?s) (?:side|end)\b",
    r"\b(?P<word>resolving|closing) (?:the |this )?(?:incident|inc|out)\b",
    r"^\W*(?P<word>resolving|resolved|all clear)\W*$",
    r"(?:^|[.!;:]\s+)(?P<word>resolving|resolved|closing)\W*$",
    r"\b(?P<word>closing|closed|close) (?:out )?(?:the |this |our )?(?:[a-z0-9-]+ )?"
    r"(?:sev\b|sev[- ]?\d|p\d|incident|inc\b|outage)",
    r"\bwe(?:'re| are) (?:currently |actively |still )?(?P<word>investigating)\b",
    r"^\W*(?:(?:we(?:'re| are)|going|went|moving|moved|so) )?back (?:in)?to (?P<word>investigating|identified)\b",
    r"\b(?P<word>all clear)\b",
    r"\bincident (?:#?[\w-]*\d[\w-]* )?(?:is |has been |was )?(?P<word>resolved|closed|over)\b",
    r"\b(?:we(?:'ve| have)|has been|have|'ve) (?P<word>identified) (?:the |a )?(?:\S+ ){0,2}(?:cause|issue|"
    r"problem|culprit|fault)\b",
    r"\b(?:cause|issue|problem) (?:has been |is |was )?(?P<word>identified)\b",
    r"\b(?:root )?cause (?:is |'s |now )?(?:now )?(?P<word>clear|known|understood)\b",
)
STATUS_TRANSITION = re.compile(
    r"\b(?:investigating|identified|monitoring|mitigat\w+|restored|resolved|open|fixing|triage[d]?|active)\*?\s*"
    r"(?:→|->|=>|⇒|\bto\b)\s*\*?(?P<word>investigating|identified|monitoring|mitigated|resolved|closed)\b",
    re.IGNORECASE,
)
"""An incident tool's status change, "Active → Mitigated", "from Monitoring to Investigating": the status
after the arrow is the one declared, whichever is stronger."""
STATUS_DECLARATIONS = (STATUS_TRANSITION, *STATUS_DECLARATIONS)
"""A person or a status/incident bot declaring the incident's status."""
STATUS_UPDATE = re.compile(r"^\s*status\s*[:\-]\s*(?P<word>[a-z]+)", re.IGNORECASE)
REOPEN = _rx(
    r"\breopen(?:ing|ed)? (?:the |this |it |on (?:the )?)?(?:incident|inc\b|sev\b|status ?page|page\b)",
    r"\breopen(?:ing|ed)? (?:it|this)\b(?! (?:ticket|issue|pr|bug))",
    r"\bincident (?:is |has been )?reopened\b",
    r"^\s*status\s*[:\-]\s*reopened\b",
    r"(?<!\bbe )(?<!\bto )(?<!\bof )(?<!\bbefore )(?<!\bafter )(?<!\bwhen )(?<!\babout )(?<!\bstart )(?<!\bstop )"
    r"\bdeclar(?:ing|e) (?:an? |the )?(?:new )?(?:incident|sev ?[0-4]|p[0-4])\b(?! (?:earlier|sooner|faster|quicker))",
)
"""The incident open again after it was resolved: said so, or a person declaring one ("declaring an incident,
sev2") after an earlier page was closed."""
STATUS_DECLARATIONS_INLINE = _each(
    r"(?:(?<=[.!;] )|(?<=\n))\W*(?:status|state|incident status)\s*[:\-—=]+\s*\*?(?P<word>investigating|identified|"
    r"monitoring|mitigated|resolved|closed)\b",
    r"\b(?P<word>closing|resolving|closed|resolved) (?:out )?(?:the |this |our )[a-z0-9-]+ (?:incident|outage|sev)\b",
    r"\b(?P<word>resolving|closing) (?:#|inc-?)\w+",
    r"\bstatus ?page\b[^\n]{0,40}?[:\-—–]\s*[*_]?\[(?P<word>investigating|identified|monitoring|resolved)\]",
)
"""A status declared after an opening word ("ok. status: identified, …", "closing the major incident",
"resolving #4471"): the same declarations as STATUS_DECLARATIONS, not at the message's start."""
RECOVERED_MORE = _rx(
    r"\ball (?:traffic|requests|writes|reads|payments|queries) (?:is |are )?(?:now )?(?:flowing|succeeding|going "
    r"through|served)\b",
    r"\b(?:writes|reads|requests|queries|logins?|sign-?ins?|payments|checkouts?|api calls|jobs|builds|deploys) "
    r"(?:are |is )?(?:now )?(?:succeeding|going through|completing)\b",
    r"\b(?:customers|users|people|everyone|members|clients|merchants|sellers|tenants|shoppers|subscribers|"
    r"players|buyers|drivers|riders|patients|students|developers|accounts) can (?:\S+ ){1,3}again\b",
    r"\b(?:customers|users|people|everyone|members|clients|merchants|tenants|subscribers|students|accounts) "
    r"(?:now )?(?:have|has|got|get) (?:their |the |all )?(?:\S+ ){0,2}back\b(?! (?:when|once|if|after|by|tomorrow))",
)
"""More ways of saying impact stopped: "all traffic flowing", "writes succeeding on the new primary", "users
have their files back"."""
_DID_NOT_HELP = (
    r"\bno (?:change|difference|effect|improvement)\b|\bmade no difference\b|\bdid(?:n'?t| not) (?:help|change|fix|"
    r"do anything|make a difference)\b|\bsame (?:errors?|error rate|failures?|symptoms?|result)\b",
    r"\b(?:graphs?|metrics?|numbers?|errors?|error rate|5xx|latency|p\d\d|dashboards?|symptoms?)"
    r"(?: (?:are|is|look|looks|stay|stayed|still))* unchanged\b",
)
DID_NOT_HELP = _rx(*_DID_NOT_HELP)
"""A step reported done that did not help ("revert deployed, no change in the repro", "rolled back, graphs
unchanged"): the recovery words beside it ("every host back on 4.1") say where the step left things."""
_STILL_IMPAIRED = (
    r"(?<!\bwas )(?<!\bwere )(?<!\bhad been )\bstill (?:very |really |super |pretty |kinda |a bit )?(?:slow|down|"
    r"failing|broken|erroring|timing out|unreachable|degraded|unavailable|dead|stuck|fewer|missing|incomplete|"
    r"partial|not (?:working|responding|"
    r"loading|serving|reachable)|no (?:responses?|traffic|data|messages|replies))\b"
)
NOT_RECOVERED = _rx(
    r"\b(?:is|are) back as\b(?! of\b)",
    r"\b(?:is|are) (?:still )?(?:partial|incomplete)\b",
    r"\b(?:alert|alarm|monitor|check)s? (?:has |have )?(?:cleared|recovered|resolved)\b",
    *_DID_NOT_HELP,
    _STILL_IMPAIRED,
)
"""Recovery words about something else ("the reflectors are back as peers", "the latency alert cleared"), impact
said to go on beside them ("api back to normal latency. the worker pool still slow", "dynos up, still no
responses"; not "was still down"; "200s again. results are partial while the reindex runs"), or a
step that did not help (:data:`DID_NOT_HELP`)."""
STATUS_DECLARATIONS_TITLED = _each(
    r"^\W*status ?page\s*(?:[:\-—–=]+|\bset to\b|\bmoved to\b|\bnow\b)\s*(?:set to |moved to |now |at )?[*_\[\"']?"
    r"(?P<word>investigating|identified|monitoring|resolved)\b(?=\s*(?:[:\-—–,.;!*_\]\"']|$))",
    r"\bstatus ?page (?:is |now |set to |moved to )?(?P<word>resolved|monitoring|identified)\b"
    r"(?=\s*(?:[:\-—–,.;!*_\]\"']|$))",
    r"^[^\n]{0,80}?\s[—–|]\s*[*_\[]?(?P<word>investigating|identified|monitoring|resolved)[*_\]]?\s*[:\-—–]",
    r"^\W*(?P<word>resolving)\s*[.!,:;—–]",
    r"^[^\n]{0,100}?\(\s*[*_]?(?P<word>investigating|identified|monitoring|resolved)[*_]?\s*\)\s*[:\-—–]",
)
"""A status stated in the shapes status pages and people quoting them use: "status page: Identified -
posted", "Status page set to Monitoring: …" (the word then ends its phrase: a quoted "Monitoring is up" names a
service), a titled post "Checkout API — *Identified*: …" and a bare
"resolving." opening a message."""
RECOVERED_SHAPES = _rx(
    r"\bback to (?:\S+ ){1,3}(?:baseline|normal|levels?)\b",
    r"\b(?:status|state)\s*[:\-—=]+\s*(?:contained|stable|stabili[sz]ed|recovered|restored)\b",
    r"(?<![-\w])(?:loads?|works?|responds?|renders?|syncs?|connects?|succeeds?) "
    r"(?:(?:fine|ok|okay|normally|properly|correctly|now|just|all|quickly) )?again\b",
    r"\b(?:throttling|throttles|rejections|errors?|timeouts|exceptions|failures|[45]xx|[45]\d\ds)\b[^.?!\n]{0,12}"
    r"\b(?:is |are )?gone\b",
    r"\b(?:is|are|'re|'s) (?:all )?(?:fine|ok|okay|good) now\b",
    r"\bback (?:at|to|in) (?:the |our )?(?:previous|last|normal|stable|known[- ]good|pre-incident)\b"
    r"(?: \S+){0,2} state\b",
    r"\b(?:works|loads|resolves|succeeds|connects) (?:again |fine |now )?from (?:everywhere|every "
    r"(?:region|location|client|resolver)|all (?:regions|locations|clients|resolvers))\b",
    r"\b(?:error|failure|fail|5xx) rate (?:on|for) (?:the |our |\S+ )?(?:accounts|customers|users|tenants|uploads|"
    r"sends|checkouts|logins|orders|payments)\b[^.;\n]{0,12}?\b(?:is |at |now |back to )?0(?:\.0+)?%?(?![\d.,])",
    r"^\W*back (?:again|up)\s*[:,;—–-]",
)
"""More states of recovery: "back to last week's baseline", "pages load again", "the throttling is gone",
"users are fine now". (Parts "back in sync" are a component's state, not the impact stopping; a step word inside a
compound or used as a noun, "the lazy-load bug again", is a problem coming back, not a recovery.)"""
CONTAINED = _rx(
    r"\b(?:was|is|that'?s|that was) the last (?:known )?(?:malicious|compromised|rogue|leaked|exposed|infected|"
    r"tampered|backdoored|poisoned)\b",
    r"\b(?:revocation|containment|takedown|lockdown)s? (?:is |are |has |have )?(?:now )?(?:been )?(?:finished|complete|"
    r"completed|done|achieved|in place)\b",
    r"\bnothing (?:malicious|compromised|rogue|tampered|backdoored) (?:is )?(?:left|remaining|live|up)\b",
    r"\bno (?:malicious|compromised|rogue|tampered|backdoored) [a-z-]+s? (?:left|remaining|live)\b",
    r"\b(?:attacker|actor|intruder|adversary)s?\b[^.?!\n]{0,30}\b(?:has|have) no (?:\w+ )?(?:access|sessions?|"
    r"foothold|way in)\b",
    r"\b(?:attacker|actor|intruder|adversary)(?:'s|s'|s)? (?:access|sessions?|foothold) (?:is |are )?(?:now )?(?:cut|"
    r"gone|revoked|dead|removed|closed|blocked)\b",
    r"\bthat'?s (?:full |our |the )?containment\b",
)
"""A security incident's impact stopping is its containment being complete: the last malicious artifact pulled
("that was the last malicious artifact we know of"), a revocation or containment stated finished, nothing
malicious left, the attacker without access. Not the first revocation of several ("all sessions revoked" is one
step of a containment still going), which is why a set revoked or rotated is not read here."""
RECOVERED_FIGURES = _rx(
    r"\b(?:5xx|[45]\d\ds?|errors?|error (?:rate|ratio)|failures?|failure rate|timeouts?|packet loss|loss)\b"
    r"[^.?!\n]{0,16}?(?:<|≤|under|below|down to|back to|back under)\s*~?0?[.,]\d+\s*%",
    r"\b(?:running|serving|live|succeeding|working) (?:\S+ )?(?:on|from|in|via) (?:the |our )?"
    r"(?:other|new|healthy|spare|standby|secondary|backup|dr|failover|replacement)\b",
    r"(?<!was )(?<!were )(?<!been )\b(?!(?:no|some|any|every)?thing\b)[a-z]{3,}ing (?:\S+ )?normally\b"
    r"(?! (?:until|till|before|up until))",
    r"\b(?:5xx|[45]\d\ds?|errors?|error (?:rate|ratio)|failures?|failure rate|timeouts?|latency|p\d\d)\b[^.?!\n]{0,24}?"
    r"\d[\d.,]*\s*(?:%|ms|s)?\s*\(\s*(?:baseline|normal|usual|pre-incident)\s*\)",
)
"""Recovery stated as a figure, a failover done or an activity going on normally: an error share under a small
bound ("5xx under 0.2%"), the workload running on the other, new or standby side ("jobs run on the spare pool"),
any activity "…ing normally" ("exports responding normally again"; not "was … normally until", nor "nothing
normally writes there"), a figure labelled
as the baseline ("p99 180ms (baseline)")."""

CAUSE_FOUND = re.compile(
    r"^\W*(?:(?:ok|so|yes|yep|yeah|right)\W+)?(?:i think |pretty sure |i'?m fairly sure )?(?:found it|that'?s it|"
    r"that'?s (?:the|our) (?:cause|culprit|root cause|problem|bug|trigger)|there it is)\b(?!\s+(?:for|from)\b)"
    r"(?!\s*(?:then)?\W*$)"
    r"|(?<!not )(?<!n't )(?<!never )(?<!if we )(?<!once we )(?<!until we )"
    r"\bfound (?:the|our) (?:root )?(?:cause|trigger|culprit)\b"
    r"|(?<!no )(?<!not )\b(?:root )?(?:cause|trigger|culprit) (?:has been |is |now )?found\b(?!\s*(?:yet|\?))",
    re.IGNORECASE,
)
"""Someone saying the cause is found ("found it i think. …", "i think that's it. …", "there it is", "we found
the culprit", "cause found"):
the incident moves to identified even before the cause is written down as a hypothesis."""
MOSTLY_RECOVERED = _rx(
    r"\b(?:most|the (?:vast )?majority of|nearly all|almost all|all but (?:one|two|a few|a handful of)|all other|"
    r"(?:9\d|8\d)\s?%(?: of)?)\b[^.?!\n]{0,40}?\b(?:recovered|restored|back|healthy|green|working|operational|"
    r"up|online|fine)\b",
    r"\b(?:all|every|everything)\b[^.?!\n]{0,40}?\b(?:recovered|restored|back|healthy|green|working|operational)\b"
    r"[^.?!\n]{0,12}?\b(?:except|but|other than|apart from|save)\b",
)
"""Recovery stated for most of what was hit, with a named remainder ("most regions back, two still
flaky", "everything green except the eu shard"): impact greatly reduced, which is mitigation."""
PARTIAL = _rx(
    r"\b(?:dropping|decreasing|declining|falling|coming down|going down|trending|improving|recovering|slowly|"
    r"partial(?:ly)?|starting to|beginning to|signs of|some|half|a few|one of|first)\b",
)
"""Words that make a sentence of recovery a trend or a part ("some regions back", "slowly recovering"):
they keep MOSTLY_RECOVERED from reading as mitigation."""
SUBSET = _rx(
    r"\b(?:some|a few|few|several|half(?: of)?|one of|part of|parts of|a couple of|a handful of|the first|certain|"
    r"(?:the )?first \d+|only \d+)\b",
    r"\b(?:batch|wave|ring|cohort|tranche) (?:\d+|one|1st|first)\b",
    r"^\W*first (?!(?:thing|of|off|time|step|pass|up)\b)(?=[a-z])",
    r"\b(?:those|these) (?:\d+|two|three|four|five|few)\b",
    r"\b(?:on|for|in) (?:one|that|this|a single|the one|one test) (?:node|host|server|pod|instance|box|machine|vm|"
    r"shard|broker|replica|customer|tenant|account|device)\b",
)
"""A part as the subject of a recovery ("some regions are back", "half the fleet recovered", "first 40 shops are
back", "first customer sites back online", "tried it on one node: pods there reachable again"): progress or a
test, not the impact stopped."""
SOME_OF_THEM = _rx(
    r"\bfor (?:the|those|these|\d+) (?:\w+ )?(?:customers|users|accounts|tenants|orgs|shops|sites|projects|merchants) "
    r"(?:who|that|which|we|in|on|from)\b",
)
"""A recovery limited after the fact to some of those hit ("loads again for the customers who reported it"): a part."""
REMAINDER_UNDERWAY = _rx(
    r"\b(?:running|doing|rolling|restoring|restarting|applying|moving|starting|on to|now) (?:\w+ ){0,2}"
    r"(?:the rest|the others|the remaining)\b",
)
"""The same step still going on the rest ("env-02 loads again. running the rest"): what is back is the first part."""
FORECAST = _rx(
    r"\b(?:within|in) (?:a |the next |another )?(?:few|couple(?: of)?|\d+|an?|one|two|five|ten|fifteen)\s*"
    r"(?:-\s*\d+\s*)?(?:min\w*|m|hours?|hrs?|h|secs?|seconds)\b",
    r"\b(?:soon|shortly|any (?:minute|moment) now|eventually|hopefully)\b",
)
"""A recovery foretold ("p99 normal again in ten minutes or so", "should be green soon"): not yet a state."""

EMOJI = re.compile(
    r"\s*(?:[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF]|:(?=[a-z0-9_+\-]*[a-z])[a-z0-9_+\-]{2,}:)"
    r"(?:[\s\uFE0F\u200D]*(?:[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF]|"
    r":(?=[a-z0-9_+\-]*[a-z])[a-z0-9_+\-]{2,}:))*[\uFE0F\u200D]*",
    re.IGNORECASE,
)
"""An emoji or a run of emoji and shortcodes (":tada:", "✅"): in a declaration it stands where a dash or a
stop would ("resolved 🎉 closing" reads as "resolved — closing")."""
AFTER_A_FIX_WORD = re.compile(r"\b(?:monitoring|mitigated|resolved|closed)[*_~]*\s*$", re.IGNORECASE)
"""A status word that says the problem is handled, right before an emoji."""
_PROBLEM = (
    r"(?:broken|down|dead|failing|erroring|flaky|flapping|stuck|hung|hanging|crashing|crashed|red|lagging|wrong|"
    r"missing|stale|blank|timing out|not (?:loading|working|updating|showing|responding|rendering|up))"
)
_NOT_LOADING = r"(?:load|work|update|show|respond|render)(?:ing)?"
NEW_PROBLEM_AFTER_EMOJI = re.compile(
    # Not a recovery told by its figure ("errors are down to zero", "latency is down 40%") nor a denial
    # ("nothing is broken anymore").
    r"\s*(?!(?:no|nothing|none|nobody|no one|errors?|error rate|5xx|latency|p\d\d|timeouts?|lag|backlog|queue)\b)"
    r"(?:the |our |my |this |that |their |its )?(?:[a-z0-9][\w/.-]*\s+){0,2}?[a-z0-9][\w/.-]*"
    r"(?:(?:\s+(?:is|are|was|were|looks?|seems?|keeps?|kept|went|just went|ha(?:s|ve) (?:gone|been))|['’]s)"
    r"(?:\s+(?:still|also|now|totally|completely|just|again))?\s+" + _PROBLEM + r"\b"
    r"|\s+(?:(?:is|are|does|do|was|were)n['’]?t|can['’]?t|won['’]?t|cannot) " + _NOT_LOADING + r"\b"
    r"|\s+" + _PROBLEM + r"\s+(?:too|again|as well|also)\b)",
    re.IGNORECASE,
)
"""What follows an emoji after a fix word ("monitoring 📈 dashboard is broken too") when it is a new clause
reporting something (else) broken: not a declaration's tail, so the emoji is no dash there and "monitoring"
is the dashboard's."""
ACK_ANY_LANGUAGE = re.compile(
    r"^\W*(?:"
    r"(?:ack(?:k|d|ed|ing)?|akc|lo+k+i?n[g']?|ont? (?:it|ti)|taking a (?:lo+k|look|peek))(?: now| on it)?"
    r"(?:\W|:[a-z_+\-]+:)*$|"
    r"(?:je|j') ?(?:regarde|check|m'en occupe|m'en charge|suis dessus)|"
    r"(?:ich )?schau(?:e)?(?: ich)?(?: (?:mal|es|mir das|mir))?(?: an)?|ich k(?:ü|ue)mmere mich|bin dran|"
    r"(?:lo |yo )?(?:miro|reviso|veo)(?: yo)?|me encargo|estoy en ello|"
    r"(?:ik )?kijk(?: er(?:naar| even naar)| ernaar)?|ik pak (?:hem|het|dit) op|ben ermee bezig|"
    r"vou (?:olhar|ver)|(?:estou|t[oô]) (?:olhando|vendo)|"
    r"(?:ci )?guardo io|me ne occupo|sto guardando"
    r")(?:\b|(?<=\W))(?![^\n]*\?)",
    re.IGNORECASE,
)
"""A short acknowledgement in another language or with a typo, opening the message and not asked."""
EMPHASIS = re.compile(r"(?<![\w*_`~])[*_`~]+(?=\w)|(?<=\w)[*_`~]+(?![\w*_`~])")
"""Slack emphasis marks around a word ("*resolved*, closing", "_mitigated_ - watching", "`resolved`")."""
OTHER_PARTY = r"provider|vendor|upstream|partner|supplier"
"""Words naming the party whose system the team depends on (an alternation, for patterns about their side)."""
THEIR_STATUS = re.compile(
    r"\b(?:their|(?:the )?(?:" + OTHER_PARTY + r")['’]?s?|[a-z0-9][\w.-]*['’]s)\s+"
    r"(?:own\s+)?(?:incident|status(?:\s?page)?|ticket|case|issue)\b",
    re.IGNORECASE,
)
"""A status said of someone else's incident ("their incident is marked resolved since 08:40", "aws's status page
says resolved"): the provider's phase, not the team's own declaration."""
