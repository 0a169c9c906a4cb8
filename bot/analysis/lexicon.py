"""The phrases Sitrep's deterministic rules listen for, in one place so they can be tuned together.

Each pattern is matched case-insensitively against *redacted* message text. Keep them
conservative: a missed cue leaves a claim "Unknown"; a false cue puts words in a responder's mouth.
"""

from __future__ import annotations

import re


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


def _each(*alternatives: str) -> tuple[re.Pattern[str], ...]:
    """Patterns tried one by one, each naming the same group (one regex cannot name a group twice)."""
    return tuple(re.compile(a, re.IGNORECASE) for a in alternatives)


# -- message classes ---------------------------------------------------------------------------------
# Written from how responders and their bots write in incident channels generally: alert and paging
# bots, support-ticket bots, deploy bots, status-page bots, and people who report, act, guess and
# declare. No pattern here quotes one incident.

ALERT = _rx(
    r"^\W*(?:alert|critical|warn(?:ing)?|firing|triggered|alarm)\b(?!\s+(?:me|us|you))",
    r"^\W*(?:warn(?:ing)?|triggered|critical|alert|firing|problem|alarm)\b\s*[:\-\]]",
    r"^\W*\[(?:firing|triggered|alert|critical|warn(?:ing)?|p[0-4]|sev[- ]?[0-4])",
    r"\bfiring\b",
    r"\btriggered\b",
    r"\bin alarm\b",
    r"\balarm\b.*\b(?:state|breach)",
    r"\balert(?:ing)?\b.*\b(?:critical|warning|high|p[0-4]|sev[- ]?[0-4])\b",
    r"\bmonitor .* (?:is )?(?:critical|alerting)",
    r"\bthreshold (?:breached|exceeded|crossed)\b",
    r"\bslo\b.*\bburn",
)
"""What a monitoring bot says when something starts failing."""
ALERT_RECOVERED = _rx(
    r"^\W*\[?(?:ok|recovered|resolved)\]?\s+(?!by\b)[\w\[]",
    r"^\W*(?:\[)?(?:recovered|resolved|ok|cleared|back to normal)\b\s*[:\-\]]",
    r"\b(?:has |is )?(?:auto[- ]?)?(?:recovered|resolved|cleared)\b.*\b(?:alert|monitor|threshold|check)\b",
    r"\b(?:alert|monitor|check|alarm)\b.*\b(?:recovered|cleared|auto[- ]?resolved|returned to ok|is ok)\b",
    r"\bauto[- ]?resolved\b",
)
"""One alert going quiet: a fact about that alert, never a declaration about the incident."""
PAGE = _rx(
    r"\bpag(?:ed|ing)\b",
    r"\b(?:got|get|a|the|that|this) page\b(?! to)",
    r"\bpage (?:went out|fired|came in)\b",
    r"\bpagerduty\b",
    r"\bopsgenie\b",
    r"\bincident #?\w+ (?:triggered|opened|created)\b",
    r"\bon-?call\b.*\b(?:notified|paged|alerted)\b",
)
"""A person or rota being paged."""
TICKET = _rx(
    r"\b(?:support|zendesk|freshdesk|intercom|helpdesk) tickets?\b",
    r"\bnew (?:ticket|case|conversation)\b",
    r"\bcase #?\d{4,}\b",
    r"\bticket #?\d+\b",
    r"\btickets? (?:coming in|piling up|spiking|rolling in|are up)\b",
    r"\b\d+\+? tickets?\b",
    r"\btickets? about\b",
)
"""Support tickets: a detection signal as good as a page."""
CUSTOMER_REPORT = _rx(
    r"\bcustomers? (?:are |is )?(?:report(?:ing|ed|s)?|complain(?:ing|ed|s)?|saying|seeing|hitting|telling|escalat)",
    r"\busers? (?:are |is )?(?:report(?:ing|ed|s)?|complain(?:ing|ed|s)?|seeing|hitting)",
    r"\breports? (?:from|of) (?:customers|users|merchants|clients)\b",
    r"\b(?:getting|seeing|we have|got) (?:a (?:lot|bunch|few) of |some |many )?(?:reports|complaints)\b",
    r"\b(?:twitter|social|reddit|hn|x\.com)\b.*\b(?:complain|report|down)",
    r"\b(?:merchants?|clients?|partners?) (?:are |is )?(?:report|complain|escalat)",
)
"""Customers telling us something is broken."""
HUMAN_DETECT = _rx(
    r"\b(?:is|are|went|seems?|looks?) (?:hard )?down\b",
    r"\b(?:dropp(?:ing|ed)|delet(?:ing|ed)|wip(?:ing|ed)|truncat\w+|corrupt\w*) (?:\S+ ){0,3}(?:tables?|data|"
    r"database|db|bucket|records|rows)\b",
    r"\b(?:seeing|see|getting|noticed|spotted|seeing a)\b[^.?!\n]{0,40}\b(?:errors?|5\d\d|500s|502s|503s|504s|"
    r"timeouts?|"
    r"failures?|spikes?|latency|outage|alerts?)\b",
    r"\berrors? (?:are |is )?(?:up|climbing|spiking|elevated|through the roof)\b",
    r"\b(?:outage|degraded|unavailable|unreachable|not loading|won'?t load|can'?t (?:log ?in|connect|reach))\b",
    r"\banyone else (?:seeing|getting|noticing)\b",
)
"""A person reporting a symptom."""
ACK = _rx(
    r"^\W*ack(?:'?d|ed|ing|nowledged)?\b",
    r"\backnowledged by\b",
    r"\b(?:i'?m|i am|i'?ll be|taking|i'?ll take|i'?ll run)\b[^.?!\n]{0,10}\b(?:ic|incident (?:commander|lead)|"
    r"point|lead)\b",
    r"\b(?:ic|incident commander|incident lead)(?: is| will be|:|\s*=)\s*(?:<@|me\b|@?\w+)",
    r"\bhanding (?:over )?(?:ic|incident command)\b",
    r"\b(?:i have|i'?ve got|i got|i'?ll take|taking) (?:ic|command|point)\b",
    r"\b(?:on it|looking(?: into it)?|i'?ve got (?:it|this)|i got this|i'?m here|here,? looking|joining)\b",
    r"^\W*(?:checking|taking a look|having a look|investigating|eyes on|responding)\b",
)
"""Someone taking the incident: an ack, taking or handing over IC, joining to look."""
ESCALATE = _rx(
    r"\bescalat(?:e|ed|ing)\b",
    r"\b(?:looping|loop|pulling|pull|bringing|bring|paging|page|adding) in\b",
    r"\bpaged (?:the )?\w+",
    r"\b(?:raised|opened|filed) (?:a |an )?(?:case|ticket|support case) with\b",
    r"\b(?:bumping|upgrading|raising) (?:this |it |the incident )?to (?:sev|p)[- ]?[0-4]\b",
)
"""Bringing in more people, another team or a vendor; raising the severity."""
DEPLOY = _rx(
    r"\b(?:re)?deploy(?:ed|ing|ment|s)?\b",
    r"\bupgrade (?:started|finished|complete|completed|done)\b",
    r"\brelease[ds]?\b",
    r"\broll(?:ed|ing)?[ -]?out\b",
    r"\bshipped\b",
    r"\bmerged\b",
    r"\bpushed (?:a |the )?(?:fix|change|patch|config)\b",
)
MITIGATION_ACTION = _rx(
    r"\broll(?:ing|ed|s)?[ -]?back\b",
    r"\brollback\b",
    r"\brevert(?:ed|ing|s)?\b",
    r"\bfail(?:ed|ing|s)?[ -]?over\b",
    r"\bfailover\b",
    r"\bdrain(?:ed|ing|s)?\b",
    r"\bscal(?:e|ed|ing|es) (?:\S+ )?(?:up|out)\b",
    r"\bscal(?:e|ed|ing) (?:\S+ ){0,5}(?:to|from) \d+",
    r"\b(?:add(?:ed|ing)?|provision(?:ed|ing)?|spin(?:ning)? up|spun up) (?:\S+ ){0,3}(?:capacity|nodes?|"
    r"instances?|replicas?|hosts?|servers?|workers?|shards?)\b",
    r"\b(?:increas|rais|bump)(?:e|ed|ing|es)? (?:\S+ ){0,3}(?:limits?|quotas?|capacity|memory|pool size|"
    r"timeout|max\w*|heap)\b",
    r"\b(?:restart(?:ed|ing|s)?|bounc(?:e|ed|ing)|recycl(?:e|ed|ing)|reboot(?:ed|ing)?)\b",
    r"\bkill(?:ed|ing)? (?:\S+ ){0,2}(?:pods?|process(?:es)?|jobs?|quer(?:y|ies)|connections?|workers?|sessions?)\b",
    r"\b(?:disabl(?:e|ed|ing)|switch(?:ed|ing)? (?:\S+ ){0,3}off|turn(?:ed|ing)? (?:\S+ ){0,3}off|"
    r"shut(?:ting)? (?:off|down)|flip(?:ped|ping)?|toggl(?:e|ed|ing))\b",
    r"\bkill[- ]?switch\b",
    r"\b(?:deploys?|deployments?|merges?|changes?|releases?|pipelines?) (?:\S+ )?(?:lock|locked|freeze|frozen)\b|"
    r"\block(?:ed|ing)? (?:\S+ ){0,2}(?:deploys?|deployments?|merges?|pipelines?|changes?|releases?)\b|"
    r"\b(?:change|code|deploy) freeze\b",
    r"\b(?:mov(?:e|ed|ing)|migrat(?:e|ed|ing)|shift(?:ed|ing)?) (?:\S+ ){0,4}to (?:fresh|new|healthy|other|another|"
    r"different|standby|backup|secondary|separate) (?:\S+ )?(?:hosts?|nodes?|regions?|zones?|clusters?|instances?|"
    r"hardware|dcs?|datacenters?|hosting|infra(?:structure)?)\b",
    r"\b(?:relaunch(?:ed|ing)?|re-?provision(?:ed|ing)?|recreat(?:e|ed|ing)|replac(?:e|ed|ing)) (?:\S+ ){0,3}"
    r"(?:hosts?|nodes?|instances?|pods?|machines?|vms?|servers?)\b",
    r"\b(?:cut|removed?|restrict(?:ed)?|lock(?:ed)? down|revoked?) (?:\S+ ){0,3}access\b|"
    r"\baccess (?:\S+ ){0,3}(?:cut|removed|restricted|revoked|locked)\b",
    r"\b(?:expir|invalidat)(?:e|ed|ing) (?:all |every )?(?:\S+ ){0,3}(?:tokens?|sessions?|keys?|credentials?|certs?)\b",
    r"\b(?:flag|toggle|feature|switch|killswitch|integration|job|cron|worker|app|process|daemon|timer|agent|"
    r"consumer)s?\b[^.?!\n]{0,30}\b(?:is |are |now |turned |switched )*(?:off|disabled|paused|stopped)\b",
    r"\b(?:paus(?:e|ed|ing)|freez(?:e|ing)|froze|frozen|halt(?:ed|ing)?|suspend(?:ed|ing)?)\b",
    r"\bstop(?:ped|ping)? (?:\S+ ){0,3}(?:jobs?|cron|sync|rollouts?|deploys?|deployments?|pipelines?|writes?|"
    r"consumers?|"
    r"workers?|traffic|replication|backfill|migration|ingest(?:ion)?|the bleeding)\b",
    r"\bblock (?:the|all|that|those|these|traffic|requests|ips?|asns?|access|writes)\b|"
    r"\b(?:block(?:ed|ing)|blackhol(?:e|ed|ing)|null[- ]?rout(?:e|ed|ing)|deny[- ]?list(?:ed|ing)?|ban(?:ned|"
    r"ning)?)\b",
    r"\brate[- ]?limit(?:ed|ing)?\b",
    r"\bthrottl(?:e|ed|ing)\b",
    r"\bshed(?:ding)? (?:\S+ )?(?:load|traffic)\b",
    r"\b(?:re-?rout(?:e|ed|ing)|divert(?:ed|ing)?|evacuat(?:e|ed|ing)|redirect(?:ed|ing)?)\b",
    r"\b(?:shift(?:ed|ing)?|mov(?:e|ed|ing)|steer(?:ed|ing)?|send(?:ing)?|sent) (?:\S+ ){0,3}traffic\b",
    r"\btraffic (?:\S+ ){0,2}(?:away|off|over|to)\b",
    r"\b(?:cordon(?:ed|ing)?|isolat(?:e|ed|ing)|quarantin(?:e|ed|ing)|fenc(?:e|ed|ing) off)\b",
    r"\b(?:pull(?:ed|ing)?|took|take|taking|remov(?:e|ed|ing)) (?:\S+ ){0,3}(?:out of|"
    r"from) (?:the )?(?:rotation|pool|lb|load balancer|service)\b",
    r"\b(?:purg(?:e|ed|ing)|flush(?:ed|ing)?)\b",
    r"\bclear(?:ed|ing)? (?:the )?(?:\S+ )?(?:cache|queue|backlog)\b",
    r"\bhot-?fix(?:ed|es|ing)?\b",
    r"\bpatch(?:ed|ing)?\b",
    r"\b(?:renew(?:ed|ing)?|re-?issu(?:e|ed|ing)|rotat(?:e|ed|ing)|replac(?:e|ed|ing)) (?:\S+ ){0,2}(?:certs?|"
    r"certificates?|keys?|credentials?|tokens?|secrets?)\b",
    r"\brestor(?:e|ed|ing) (?:\S+ ){0,3}(?:from|backup|snapshot)\b",
    r"\bpromot(?:e|ed|ing) (?:\S+ ){0,2}(?:replica|secondary|standby)\b",
    r"\b(?:downgrad(?:e|ed|ing)|pin(?:ned|ning)? (?:\S+ ){0,2}(?:to|back))\b",
    r"\brevok(?:e|ed|ing)\b",
    r"\broll(?:ing|ed)? forward\b",
    r"\bmitigat(?:e|ed|ing|ion)\b",
    r"\bworkaround\b",
    r"\b(?:re-?enabl(?:e|ed|ing)|turn(?:ed|ing)? (?:\S+ ){0,3}back on|flipped (?:\S+ )?back)\b",
    r"\b(?:enabl(?:e|ed|ing)|turn(?:ed|ing)? on)\b[^.?!\n]{0,40}\b(?:flag|budget|limit|limiter|protection|mode|"
    r"waf|shield|"
    r"breaker|fallback|failover|maintenance|read-?only)\b",
    r"\b(?:flag|budget|limiter|protection|breaker|fallback|maintenance mode)\b[^.?!\n]{0,40}\b(?:enabled|"
    r"turned on|on now)\b",
    r"\bmaintenance (?:mode|page|response)\b",
    r"\b(?:resum(?:e|ed|ing)|unpaus(?:e|ed|ing))\b",
    r"\bapplied (?:a |the )?(?:fix|patch|change)\b",
    r"\bfix (?:is )?(?:out|deployed|live|rolling|going out)\b",
)
"""A step that reduces impact: switch off, pause, block, fail over, roll back, drain, scale, restart, …"""
_MITIGATION_FAMILIES = _each(*MITIGATION_ACTION.pattern[3:-1].split(")|(?:"))


def mitigation_family(text: str) -> int | None:
    """Which kind of mitigation step ``text`` names (an index into MITIGATION_ACTION's alternatives)."""
    return next((i for i, p in enumerate(_MITIGATION_FAMILIES) if p.search(text)), None)


MITIGATION_NOT_ACTION = _rx(
    r"\bmitigation (?:lead|owner|plan|options?|ideas?|steps?|track)\b",
    r"\b(?:roll ?back|rollback|revert|failover|fail over|restart)\w* (?:is|would be|should be|looks|seems) "
    r"(?:safe|fine|ok|okay|possible|an option|risky|unsafe)\b",
    r"\b(?:shows?|showing|marked|listed|appears?) as \W?(?:disabled|paused|blocked|frozen|throttled|suspended)\b",
    r"\brestart(?:ed|ing|s)? (?:at|loop|count|\d)",
    r"\b(?:tried|trying|try|test(?:ed|ing)?) (?:\S+ )?(?:restart|reboot|rollback|roll back|failover|fail over)\w*",
    r"\b(?:restarted|rebooted|scaled|drained|paused|disabled) (?:nodes?|pods?|hosts?|instances?)\b",
    r"\b(?:alert|monitor|page|ticket)s? (?:\S+ )?(?:disabled|paused|snoozed|muted)\b",
    r"\b(?:snooz|mut)(?:e|ed|ing)\b",
    r"\brestart(?:ed|ing)? (?:my|the) (?:laptop|browser|vpn|computer|client|slack)\b",
)
"""Verbs of mitigation used about something else (muting an alert, restarting one's laptop)."""
RECOVERED = _rx(
    r"\bback to (?:baseline|normal|green|pre-incident|usual)\b",
    r"\b(?:is|are|'s|'re|looks?|seems?|now|all|fully) (?:\S+ )?(?:back (?:up|online)|restored|recovered|"
    r"healthy again|green again|"
    r"working again|flowing again|stable again|normal again)\b",
    r"\b(?:back (?:online|up and running)|fully recovered|fully restored|service (?:is )?restored)\b",
    r"\b(?:errors?|5xx|500s|502s|503s|failures?|timeouts?|latency|error rate)\b[^.?!\n]{0,30}\b(?:gone|at zero|"
    r"zero now|"
    r"back to (?:baseline|normal)|flat(?:lined)? again|stopped|cleared)\b",
    r"\b(?:impact|bleeding|errors) (?:has |have )?(?:stopped|ended|ceased)\b",
    r"\bno (?:more|new) (?:errors|failures|5xx|timeouts|tickets|reports)\b",
    r"\bmitigated\b",
    r"\b(?:recovery|mitigation|containment) (?:is )?(?:confirmed|complete|done)\b",
    r"^\W*contained\b|\b(?:is|are|now|fully) contained\b",
    r"\b(?:fix|revert|rollback|roll back|patch|hotfix|workaround)(?: is)? (?:live|out|deployed|in place)\b",
    r"\b(?:serving|working|running|operating|performing|processing) normally\b",
    r"\bhealthy (?:on|across|in) (?:all|every)\b",
    r"\b(?:all|every) (?:hosts?|nodes?|regions?|services?|customers?|apps?|systems?) (?:are |is )?(?:healthy|"
    r"green|back|"
    r"restored|recovered)\b",
    r"\beverything (?:is )?(?:restored|recovered|back|green|healthy)\b",
    r"\b(?:outage|impact|customer impact|customer-facing impact|incident impact|"
    r"disruption)\b[^.?!\n]{0,15}\b(?:is |was |'s )?over\b",
    r"\b(?:taking|serving|flowing|accepting|processing|loading|sending|going out|working|answering|resolving) (?:\S+ )?"
    r"(?:traffic |requests |queries |emails |payments )?again\b(?<!ic again)(?<!command again)",
    r"\b(?:at|to) baseline\b",
    r"\bback for (?:everyone|all|all customers|all users)\b",
    r"\ball (?:services|systems|regions|products)\b[^.?!\n]{0,20}\b(?:operational|green|healthy|normal|up)\b",
    r"\b(?!(?:error|errors|alert|alerts|issue|issues|problem|it|latency|5xx|spike|spikes|that|this|lag|backlog|"
    r"outage|incident|failure|failures|timeouts?|crash|crashes|storm|page|pages|bug|degradation)\b)"
    r"[a-z0-9\-]+ (?:is|are) back"
    r"(?: up| online)?\b(?! to (?:fail|error))(?!\s+(?:again|to))",
)
"""Evidence that impact stopped: a state, not a trend."""
TREND = _rx(
    r"\b(?:dropping|decreasing|declining|coming down|going down|trending (?:down|better)|improving|recovering|"
    r"slowly|a bit better|little better|somewhat better|looking better|getting better|better than|less bad|"
    r"partially|partial|some recovery|starting to|signs of recovery|-ish|ish|continue to|continuing to|still|remaining|"
    r"may still|except|not (?:yet )?(?:all|fully)|mostly|for some|half|in (?:one|some) (?:region|zone)s?)\b",
)
"""Trend words: things getting better is not the same as impact having stopped."""
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
    r"\b(?:errors?|5xx|alerts?|it|failures?|latency|timeouts?|problem|issue)\b[^.?!\n]{0,20}\b(?:back|again|returned|"
    r"came back|coming back|spiking again|re-?occurr)",
    r"\b(?:not|isn'?t|didn'?t|hasn'?t) (?:\S+ )?(?:fixed|mitigated|resolved|recovered|helped)\b",
    r"\bstill (?:broken|failing|down|erroring|seeing errors)\b",
)
"""Evidence that a mitigation did not hold."""
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
    r"\b(?:clos|mark)(?:e|ed|ing)? (?:\S+ ){0,3}(?:as )?(?P<word>resolved|mitigated)\b",
    r"^\W*(?P<word>resolved|mitigated|all clear)\s*[.!,:;—–-]",
    r"\b(?P<word>resolving|closing) (?:the |this )?(?:incident|inc|out)\b",
    r"^\W*(?P<word>resolving|resolved|all clear)\W*$",
    r"(?:^|[.!;:]\s+)(?P<word>resolving|resolved|closing)\W*$",
    r"\b(?P<word>closing|closed|close) (?:out )?(?:the |this |our )?(?:sev\b|sev[- ]?\d|p\d|incident|inc\b|outage)",
    r"\bwe(?:'re| are) (?:currently |actively |still )?(?P<word>investigating)\b",
    r"\b(?P<word>all clear)\b",
    r"\bincident (?:#?\S+ )?(?:is |has been |was )?(?P<word>resolved|closed|over)\b",
    r"\b(?:we(?:'ve| have)|has been|have|'ve) (?P<word>identified) (?:the |a )?(?:\S+ ){0,2}(?:cause|issue|"
    r"problem|culprit|fault)\b",
    r"\b(?:cause|issue|problem) (?:has been |is |was )?(?P<word>identified)\b",
    r"\b(?:root )?cause (?:is|'s) (?:now )?(?P<word>clear|known|understood)\b",
)
"""A person or a status/incident bot declaring the incident's status."""
DRAFT = _rx(
    r"\bdraft(?:ed|ing)?\b",
    r"\bproposed (?:\S+ )?(?:update|wording|text|message|post|status)\b",
    r"\bsuggested (?:\S+ )?(?:update|wording|text|message|post)\b",
    r"\bhow (?:about|does) (?:this|something like)\b",
    r"\bsomething like\s*[:\-]",
    r"\b(?:wording|copy)\s*[:\-]",
    r"\b(?:ok|okay|good|fine) to (?:post|publish|send)\b",
    r"\bcan (?:someone|you|i get (?:a|someone to)) (?:review|check|look at|sanity[- ]check)\b",
    r"\b(?:review|feedback|thoughts|edits) (?:on|for) (?:this|the) (?:update|wording|text|message|post|draft)\b",
    r"\bshould (?:we|i) (?:post|say|publish|send|write)\b",
    r"\bwhen we (?:post|publish|send|go)\b",
    r"\bbefore (?:i|we) (?:post|publish|send)\b",
    r"\bready to (?:post|publish)\b",
)
"""Status text being written, not yet published: its status words declare nothing."""
STATUS_PAGE = re.compile(r"\bstatus ?page\b|\bstatus\.\w+\.\w+|\bstatuspage\b", re.IGNORECASE)
COMMS_POSTED = _rx(
    r"\b(?:posted|published|updated|sent|pushed|put up|is (?:live|up|out)|went out|tweeted)\b",
)
COMMS = _rx(
    r"\bpublic update\b",
    r"\bposted (?:on|to) (?:\S+ ){0,2}(?:status|twitter|x|blog|site|page)\b",
    r"\b(?:incident|post-incident|public|customer) report (?:is )?(?:published|out|posted|live)\b",
    r"\b(?:published|posted) (?:\S+ ){0,3}(?:blog|report|postmortem|post-mortem)\b",
    r"\bstatus ?page\b",
    r"\bcustomer(?:s)? (?:update|comms|communication|notice|email|notification)\b",
    r"\b(?:posted|sent|drafting|draft|published) (?:an? |the )?(?:\S+ )?(?:update|comms|notice|announcement|"
    r"post|tweet|email)\b",
    r"^\s*(?:status|update)\s*[:\-]",
    r"\b(?:incident|status) update\b",
    r"\bnext update\b",
    r"\b(?:comms|communications?) (?:lead|team|sent|out)\b",
    r"\b(?:stakeholders?|execs?|leadership) (?:updated|informed|notified)\b",
)
DIAGNOSE = _rx(
    r"\bsuspect\b",
    r"\blooks like\b",
    r"\bchecking\b",
    r"\blooking (?:at|into)\b",
    r"\binvestigat",
    r"\blogs? (?:show|say|are full)\b",
    r"\bdashboards?\b",
    r"\bgraphs?\b",
    r"\bp9[059]\b",
    r"\b(?:5xx|4xx|500s|502s|503s|504s|errors?|timeouts?|latency|saturat\w*|oom\w*)\b",
    r"\bruled? out\b",
    r"\broot cause\b",
    r"\bculprit\b",
    r"\bhypothes[ie]s\b",
    r"\btheory\b",
    r"\bgrafana\b|\bdatadog\b|\bkibana\b|\bsplunk\b|\bhoneycomb\b",
    r"\btrace[sd]?\b",
    r"\bstack ?trace\b",
    r"\bfound\b",
    r"\bturns out\b",
    r"\bcorrelat",
    r"\blines? up\b",
)
DECISION = _rx(
    r"^\W*(?:decision|decided|call|plan)\s*[:\-]",
    r"\bwe(?:'ve| have)? (?:decided|agreed)\b",
    r"\b(?:let'?s|we(?:'ll| will| are going to|'re going to)) (?:go ahead and |just )?(?:roll ?back|revert|"
    r"fail ?over|go with|"
    r"disable|switch off|turn off|pause|freeze|block|rate[- ]?limit|throttle|drain|scale|restart|restore|promote|"
    r"shift|move|cut over|hold|keep|not)\b",
    r"\bgoing with\b",
    r"\b(?:call(?:ing)? it|i'?m calling it)\b(?! (?:a |an )?(?:sev|p)[- ]?[0-4])",
    r"\b(?:go|green light|approved|approve)\b.*\b(?:roll ?back|revert|fail ?over|restore)\b",
    r"^\W*(?:approved|go ahead|do it|ship it|green ?light)\b",
    r"\bno[- ]go\b",
)
"""A choice between courses of action, stated as made."""
CHATTER = _rx(
    r"^\W*(?:ok|okay|k|kk|ty|thx|thanks?(?: you)?|np|lol|\+1|same|yep|yup|yes|no|nope|sure|cool|nice|great|"
    r"brb|back|here|ack|👍|👀|🙏)\W*$",
)
"""Replies that carry no fact by themselves."""

# -- hypotheses, support, refutation, cause ----------------------------------------------------------

HYPOTHESIS_CUE = re.compile(
    r"(?:\bany chance\b(?: (?:it'?s|it is|this is|that|the))?|\bcould (?:it|this|that) (?:be|have been)\b|"
    r"\bcould be\b|\bcould (?:the|a|an|our|their|some) (?=[^?.!\n]{2,60}\bbe\b)|\bmight be\b|\bmay be\b|"
    r"\bmaybe(?: it'?s| it is| this is)?\b|\bperhaps\b|\bpossibly\b|"
    r"\bprobably\b|\bi (?:suspect|bet|reckon|wonder if|wonder whether|think)\b|"
    r"\bsuspect(?:ing)?\b|\bwondering (?:if|whether)\b|\bmy (?:money'?s|money is|bet'?s|bet is|guess is|"
    r"guess'?s|hunch is|"
    r"theory is|suspicion is|vote is)(?: on)?\b|\bmy (?:guess|bet|hunch|theory|suspicion)\s*[:\-]|"
    r"\b(?:theory|hypothesis|guess|hunch)\s*[:\-]|\bsmells like\b|\bfeels like\b|\bsounds like\b|\blooks like\b|"
    r"\bwhat about\b|\bhow about\b|\bwhat if\b(?: it'?s| it is| the)?|\bis (?:it|this) (?:the |a |an )?(?=\S+)|"
    r"\bwas (?:it|this) (?:the |a |an )?(?=\S+)|\bdid (?:the|a|an|someone|anyone)\b|\bsuspicious of\b|"
    r"\bpoints? (?:at|to)\b|\bpointing (?:at|to)\b|\bblame\b|\bi'?d (?:look at|check|bet on) \b|"
    r"\bcan'?t be\b|\bmust be\b|\bgotta be\b|\bhas to be\b|\bprime suspect\b|"
    r"\b(?:is|was) there (?=some|a |an |any)|\b(?:anyone|does anyone|do we|anybody) know if\b|"
    r"\bis (?:the|our) (?=[^?.!\n]{2,50}\?))"
    r"\s*(?:that\s+|on\s+)?(?P<claim>[^.!?\n]{2,200})",
    re.IGNORECASE,
)
"""Theories as questions and guesses; the claim after the cue is checked for a named entity."""
NOT_A_THEORY = _rx(
    r"^\s*not\b",
    r"\b(?:confirmed|ruled out|refuted|verified)\b",
    r"\bstatus ?page\b",
    r"\b(?:update|wording|draft|post|message|text|comms)\b",
    r"(?<![\w-])(?:coffee|lunch|dinner|call|bridge|zoom|meet|meeting|sync|standup|tomorrow|tonight|weekend)(?![\w-])",
    r"\b(?:i'?ll|i will|let me|i can|we can|we should|someone should)\b",
    r"^\s*(?:we|you|they)\b",
    r"^\s*(?:better|worse|fine|ok|okay|good|back|recovering|improving|dropping|resolved|mitigated|fixed|done)\b",
    r"^\s*(?:a|the)? ?(?:bit|little|lot)\b",
)
"""Cue words that start a guess about something other than the cause (plans, comms, trends)."""
SUPPORT_CUE = _rx(
    r"\bthat supports\b",
    r"\bsupports (?:the|that|this)\b",
    r"\bconsistent with\b",
    r"\bconfirm(?:s|ed)\b",
    r"\bi see the same\b",
    r"\bsame (?:here|on my side|pattern)\b",
    r"\bmatches\b",
    r"\bmatch(?:es)? (?:up|the)\b",
    r"\blines? up\b",
    r"\bthat tracks\b",
    r"\bcorrelates?\b",
    r"\bthat'?s (?:it|the (?:root )?cause)\b",
    r"\broot cause (?:is|was)\b",
    r"\bsmoking gun\b",
    r"\bbingo\b",
)
STRONG_SUPPORT = _rx(
    r"\bconfirmed\b",
    r"\bas the (?:root )?cause\b",
    r"\bconfirms\b.*\bcause\b",
    r"\bthat'?s the (?:root )?cause\b",
    r"\broot cause (?:is|was)\b",
    r"\bsmoking gun\b",
    r"\bthat'?s (?:it|our (?:culprit|cause|problem)|the culprit)\b",
    r"\bbingo\b",
)
BARE_VERDICT = re.compile(
    r"^\W*(?:yep|yup|yes|yeah|nope|nah|no|confirmed|bingo|indeed|correct|exactly)\b", re.IGNORECASE
)
"""A reply that judges the theory just raised without naming it ("nope, graphs are flat")."""
AFFIRM = re.compile(r"^\W*(?:yep|yup|yes|yeah|indeed|correct|exactly|confirmed)\b", re.IGNORECASE)
"""An answer that agrees with the theory just put as a question ("yep, the resolvers are pegged")."""
CAUSE_STATEMENT = re.compile(
    r"(?:\b(?:root )?cause\b[^.:!?\n]{0,30}?[:—]|\broot[- ]?cause\s*(?:is|was|[:\-—=]|(?:has been |"
    r"was )?(?:found|identified)\s*[:\-—]?)|"
    r"\b(?:the |our )?culprit\s*(?:is|was|[:\-—=])|\bthe (?:actual |real |underlying )?cause\s*(?:is|was|[:\-—=])|"
    r"\bcaused by\b|\bturns out\b|\bturned out\b|\bfound (?:it|the (?:cause|issue|problem|bug|culprit))\s*[:\-—,]?|"
    r"\bthe (?:problem|issue|bug|trigger)\s*(?:is|was|[:\-—=])|\bit(?:'?s| is| was) (?:the |a |an |"
    r"our )(?=[^.!?\n]{3,80}\bthat\b)|"
    r"\bsmoking gun\s*(?:is|was|[:\-—=])|\bconfirmed\s*[:\-—]|\bidentified (?:the (?:cause|issue|"
    r"problem)\s*(?:as|[:\-—])|"
    r"as the (?:cause|culprit))|\bthis (?:is|was) (?:definitely|100%|clearly|def)\b|\b(?:it|this) (?:is|"
    r"was) (?:definitely|100%|clearly|def)\b)"
    r"\s*(?P<claim>[^.!?\n]{6,220})",
    re.IGNORECASE,
)
"""Someone stating the cause: "root cause: …", "the culprit was …", "turns out …", "it was the … that …"."""
CAUSE_TAIL = re.compile(
    r"(?P<claim>[^.!?\n]{6,200}?)\s+(?:is|was|'s) (?:the |our |definitely the |"
    r"clearly the )?(?:root )?(?:cause|culprit|trigger|smoking gun)\b",
    re.IGNORECASE,
)
"""The cause named before the words: "the cert expiry was the root cause"."""
CAUSE_BECAUSE = re.compile(
    r"(?P<effect>[^.!?\n]{3,160}?)\s+(?:because of|due to|thanks to|as a result of)\s+(?P<claim>[^.!?\n]{3,200})",
    re.IGNORECASE,
)
"""A failure put down to a cause without a cue word: "the 502s were due to the new ingress rule"."""
CAUSE_BECAUSE_PLAIN = re.compile(
    r"(?P<effect>[^.!?\n]{3,160}?)\s+because\s+(?P<claim>[^.!?\n]{3,200})",
    re.IGNORECASE,
)
"""A failure put down to a cause with a plain "because": read only when the cause itself says what
it did ("… was slow because every vm reconnecting at once made the agents buffer")."""
FAILURE_EFFECT = _rx(
    r"\b(?:fail\w*|errors?|erroring|down|outage|broke|broken|crash\w*|timeouts?|tim(?:ed|ing) out|5\d\ds?|5xx|"
    r"lost|dropped|unavailable|unreachable|degraded|stuck|slow\w*|spik\w*|latency|backlog|paged?|alerts?|"
    r"impact\w*|incident|outage|went (?:down|dark|away)|stopped|rejected|declined|corrupt\w*|missing|empty|"
    r"throttl\w*|oom\w*|restarts?|restarted|flapp\w*)\b",
)
"""What a failure is called: the effect half of "X failed because of Y"."""
_NOT_A_VERDICT = (
    r"(?:yet|sure|clear|certain|confirmed|proven|known|verified|obvious|likely|really|quite|fully|entirely|"
    r"necessarily|convinced|ruled)\b"
)
"""After "not", words that make the phrase a hedge ("not yet", "not confirmed") rather than a refutation."""
REFUTE_CUE = _rx(
    r"\brul(?:e|es|ed|ing) out\b",
    r"\brul(?:e|es|ed|ing) (?:that|it|this|\S+) out\b",
    r"\bnot the (?:root )?cause\b",
    r"\bdoesn'?t (?:match|line up|explain|fit|correlate)\b",
    r"\bdoes not (?:match|line up|explain|fit|correlate)\b",
    r"\bcan'?t (?:explain|be it|be that)\b",
    r"^\s*nope\b",
    r"\brefut(?:es|ed)\b",
    r"\bdisproves?\b",
    r"\b(?:isn'?t|is not|wasn'?t|was not|'?s not|not) (?:it|the (?:problem|cause|issue|culprit|thing|one))\b",
    r"\bnot (?:them|that one|this one|us)\b",
    r"\b(?:so|then|therefore|definitely|clearly|probably not|just) not (?:a |an |the |our |their )?\S+",
    r"\bnothing (?:on|from) (?:their|our|the) (?:side|end)\b",
    r"\b(?:it'?s|it is|that'?s|that is) not (?!" + _NOT_A_VERDICT + r")(?:the |a |an )?\S+",
    r"^\W*not (?!" + _NOT_A_VERDICT + r")(?:the |a |an )?\S+",
    r"\bnot (?:it|the problem)\b",
    r"\bcan rule\b",
    r"\bred herring\b",
    r"\bdead end\b",
    r"\bscratch that\b",
    r"\bcross(?:ed|ing)? (?:\S+ )?off\b",
    r"\b(?:is|are|'s|'re|looks?|look|seems?|all|were|was) (?:\S+ )?(?:fine|ok|okay|healthy|normal|clean|flat|green|"
    r"stable|happy|nominal|unaffected|unchanged|good)\b",
    r"\bnothing (?:\S+ ){0,2}(?:wrong|unusual|odd|weird|interesting|abnormal|suspicious|there|changed|deployed|"
    r"rolled out|shipped|pushed|ran|happened|went out|in the logs)\b",
    r"\bno (?:\S+ )?(?:changes?|deploys?|deployments?|errors?|anomal\w+|issues?|problems?|spikes?|drops?|evictions?|"
    r"restarts?|crash(?:es)?)\b",
    r"\b\d+/\d+ (?:healthy|up|green|ok)\b",
    r"\b(?:valid|intact|verif(?:y|ies|ied))\b",
    r"\b\w+s (?:fine|ok|normally)\b",
    r"\b(?:completed|finished) clean(?:ly)?\b",
    r"\b(?:answer|respond|work|resolve|load|connect)s? (?:fine|ok|normally)\b",
    r"\b(?:as|like) (?:a (?:week|month|day)|last (?:week|month)|yesterday)(?: ago)?\b",
    r"\b(?:never|wasn'?t|weren'?t|hasn'?t been|haven'?t been) (?:\S+ )?(?:touched|changed|deployed|involved|"
    r"affected)\b",
    r"\b(?:unrelated|not related|irrelevant)\b(?! to)",
    r"\bcheck(?:s|ed)? out\b",
    r"\b(?:nah|nope|no)\b[,.]",
    r"\b(?:same|identical) (?:as|to) (?:yesterday|last week|before|baseline|normal)\b",
)
"""Refutations as responders write them, with or without the word: "ruled out the LB, graphs are flat",
"not the db, replicas are fine"."""
STRONG_REFUTE = _rx(
    r"\brul(?:e|es|ed|ing) (?:\S+ )?out\b",
    r"\bnot the (?:root )?cause\b",
    r"\brefuted\b",
    r"\bdisproves?\b",
    r"\bred herring\b",
    r"\bdead end\b",
    r"\bscratch that\b",
    r"\b(?:isn'?t|is not|wasn'?t|was not|not) (?:it|the (?:problem|cause|issue|culprit))\b",
    r"\b(?:it'?s|it is|that'?s|that is) not (?!" + _NOT_A_VERDICT + r")(?:the |a |an )?\S+",
    r"^\W*not (?!" + _NOT_A_VERDICT + r")(?:the |a |an )?\S+",
    r"\b(?:unrelated|not related)\b(?! to)",
    r"\b(?:nah|nope)\b",
    r",\s*not (?:the |a |an )?[\w\-.]+\W*$",
    r"\b(?:so|then|therefore|definitely|clearly) not (?:a |an |the |our |their )?\S+",
    r"\bnot (?:them|that one|this one|us)\b",
)
"""Refutations that settle a hypothesis; a healthy graph alone only lowers confidence."""
REFUTE_MORE = _rx(
    r"\bthis (?:is not|isn'?t|was not|wasn'?t) (?!" + _NOT_A_VERDICT + r")(?:the |a |an )?\S+",
    r"\bsymptom,? not (?:the )?cause\b",
    r"\b(?:isn'?t|is not|not|aren'?t|are not) lining up\b",
    r"\bnot (?:the |a |an )?(?:thing|one)\b",
    r"^\W*no (?:\S+ )?(?:releases?|rollouts?|builds?|pushes|binar(?:y|ies)|upgrades?)\b",
    r"\bexpected behaviou?r\b",
    r"\b(?:isn'?t|is not|wasn'?t|was not|aren'?t|are not|weren'?t|were not) (?:coming |originating |served )?from "
    r"(?:the |a |an |our |their )?[\w\-./]+",
)
"""More refutations without the word ("this is not a cyberattack", "dns is a symptom, not the cause",
"the release isn't lining up"); each one settles the theory it names."""
THEORY_CUE_MORE = re.compile(
    r"(?:\bdid (?:we|they|you|somebody|anybody|someone|anyone) (?=(?:just |recently |accidentally )?(?:ship|push|"
    r"deploy|releas|roll|chang|upgrad|bump|merg|touch|flip|enabl|disabl|rotat|appl|run|ran|migrat)\w*)|"
    r"\b(?:two |three |some )?(?:options?|alternatives?|possibilit(?:y|ies)|candidates?|suspects?)"
    r"(?: (?:on the table|so far|here|i see))?\s*[:\-—]|"
    r"\bcould (?:the|a|an|our|their|some|this|that) (?=[^?.!\n]{2,80}\?)|"
    r"\b(?:wants?|want|asking|asked|asks) (?:to know )?(?:if|whether)\b|"
    r"^\W*(?:hm+\W+|so\W+)?(?:it )?seems? (?:like |that |to be )?(?=the |a |an |our |their |some ))"
    r"\s*(?P<claim>[^.!?\n]{2,200})",
    re.IGNORECASE,
)
"""More ways to float a theory: "did we ship a resolver release?", "two options: X, or Y", "could the
June run have read a stale state file?", "secops wants to know if someone is attacking us", "seems
the routing changes came from the peering"."""
THEORY_SUBJECT = re.compile(
    r"^\W*(?P<claim>[^?.!\n]{3,80}?)\s+(?:(?:could|might|may|must|would) (?:be|have been) (?:it|the (?:root )?cause|"
    r"the culprit|the problem|the issue|the trigger|to blame|related|involved)|(?:is|'s) my (?:guess|bet|suspect|"
    r"theory|hunch)|(?:is|'s) (?:a|the|our) (?:likely|possible|prime|main) (?:cause|suspect|culprit))\b",
    re.IGNORECASE,
)
"""A theory whose subject comes first: "Kafka lag could be it?", "the new sidecar is my guess"."""
THEORY_EFFECT = re.compile(
    r"^\W*(?P<claim>[^?.!\n]{3,80}?)\s+(?:could|might|may|would) (?:also |well |easily )?(?:make|cause|explain|"
    r"trigger|break|lead to|result in|produce|empty|block|starve)\b",
    re.IGNORECASE,
)
"""A theory put as what a thing could do: "event lag could make the inbox empty too"."""
THEORY_TO_RULE_OUT = re.compile(
    r"(?:\b(?:want|need|have|going|got|try(?:ing)?) to rule out(?: first)?(?: is| was)?|"
    r"\b(?:let'?s|let me|first,?) rule out)\s+(?P<claim>[^.!?\n]{3,160})",
    re.IGNORECASE,
)
"""A theory named as something to rule out ("first thing i want to rule out is the upstream api"):
a check to make, not a refutation."""
THEORY_COULD_X_BE = re.compile(
    r"\b(?:could|might|can|would) (?!(?:you|we|i|u|someone|somebody|anyone|anybody|they|he|she|it|this|that|"
    r"the|a|an|our|their|some)\b)(?P<claim>[^?.!\n]{2,60}? (?:be|have been) [^?.!\n]{2,80})\?",
    re.IGNORECASE,
)
"""A theory asked about a bare name ("could redis under the queue be struggling?")."""
REFUTE_PLAIN = _rx(
    r"\b(?:isn'?t|is not|wasn'?t|was not|aren'?t|are not) (?:them|us|him|her)\b",
    r"\b(?:nobody|no one|noone) (?:is|was|'s|has been) \w+ing\b",
    r"\b(?:is|are|was|were|looks?|seems?) (?:\S+ )?(?:boring|unremarkable|uneventful)\b",
    r"\bits (?:\S+ )?(?:fine|ok|okay|healthy|happy|normal|clean|flat|green|stable|good)\b",
)
"""Refutations in plain chat: "it isnt them", "nobody is flooding us", "per-org volume is boring",
"its happy" (no apostrophe)."""
THEORY_LABEL = re.compile(
    r"^\W*(?:(?:my |the |one )?(?:problem|issue|suspicion|suspect|hunch|guess|worry))\s*:\s*(?P<claim>[^.!?\n]{3,200})",
    re.IGNORECASE,
)
"""A theory under a label ("problem: every vm reconnects to the broker at once", "hunch: the cron")."""
PROCESS_CHECK = re.compile(
    r"\b(?:go|goes|went|gone|pass|passed|run|ran) (?:through|via|in) (?:staging|review|code review|qa|testing|tests|ci|"
    r"canary|the canary|change review|change management|cab|a load test)\b|\b(?:tested|reviewed|load[- ]tested|"
    r"approved|signed off) (?:in|on|before|first|by)\b",
    re.IGNORECASE,
)
"""A question about the process a change went through ("did it go through staging?"): a question for
the review, not a theory about what failed."""
CAUSE_SURE = re.compile(
    r"\b(?:pretty|fairly|quite|very|100%|reasonably|now) (?:sure|confident|certain)\b(?: (?:that|it'?s|it is|it was))?"
    r"\s*(?P<claim>[^.!?\n]{6,220})",
    re.IGNORECASE,
)
"""A cause stated with conviction: "pretty sure we build a new producer per request"."""
CAUSE_IT_IS = re.compile(
    r"^\W*(?:(?:so|ok|okay|yeah|yep|right|and)\W+)?(?:it'?s|it is|it was)\s+(?:the\s+|a\s+|an\s+|our\s+)?"
    r"(?P<claim>[^.!?\n]{3,60}?)\W*$",
    re.IGNORECASE,
)
"""A finding put in three words: "it is prefix limit", "it's the sidecar config"."""
CAUSE_LOOKS = re.compile(
    r"^\W*(?:(?:ok|okay|so|yeah|hm+|and)\W+)?(?:it |this )?(?:looks|seems|appears) (?:like |that |to be )?"
    r"(?P<claim>[^.!?\n]{6,220})",
    re.IGNORECASE,
)
DONE_FAILURE = _rx(
    r"\b(?:expired|ran out|filled up|broke|dropped|deleted|crashed|failed|flushed|wiped|leaked|exceeded|tripped|"
    r"overflowed|corrupted|revoked)\b",
    r"\b(?:got|was|were|been) (?:\S+ )?(?:deleted|dropped|disabled|removed|rotated|revoked|corrupted|wiped|"
    r"truncated|missing|wrong|stale|misconfigured|never)\b",
    r"\bnever (?:reached|got|applied|ran|renewed|rotated|updated|attached)\b",
)
"""A failure reported as done: with it, "looks like the cert expired" is a finding, not a guess."""

COMMITMENT = re.compile(
    r"(?:\bi'?ll\b|\bi will\b|\bi'?m going to\b|\bon it\b|\bi'?m (?:on|taking|looking|checking|handling))"
    r"(?P<task>[^.!?\n]{0,160})",
    re.IGNORECASE,
)
ACTION_CUE = re.compile(
    r"(?:\btodo\b|\bfollow[- ]?up\b|\baction item\b|\bAI\b(?=\s*:))\s*[:\-]?\s*(?P<task>[^\n]{4,200})",
    re.IGNORECASE,
)
QUESTION_CUE = _rx(
    r"\bopen question\b",
    r"\bdo we know\b",
    r"\bwhy (?:did|does|do|is|was|were)\b",
    r"\bhow come\b",
    r"\bwhat caused\b",
    r"\bunclear\b",
    r"\bnot sure (?:why|whether|if)\b",
    r"\bwhy\b.*\?",
)
IMPACT = _rx(
    r"\bcustomers?\b",
    r"\busers?\b",
    r"\b\d+(?:\.\d+)?\s*%\s*(?:of )?(?:requests|checkouts|orders|traffic|errors?)\b",
    r"\berror rate\b",
    r"\b5xx\b",
    r"\bfailing\b",
    r"\bdegraded\b",
    r"\boutage\b",
    r"\bunavailable\b",
    r"\bimpact\b",
)
SEVERITY = re.compile(r"\b(?:sev[- ]?(?P<sev>[0-4])|(?P<p>p[0-4])\b(?= incident| sev| severity))", re.IGNORECASE)
DUE = re.compile(
    r"\b(?P<due>this week|next week|tonight|tomorrow|today)\b|"
    r"\bby (?P<by>(?:mon|tues|wednes|thurs|fri|satur|sun)day|eod|eow|end of (?:day|week|month|quarter)|"
    r"next week|tomorrow|\d{4}-\d{2}-\d{2}|q[1-4])\b",
    re.IGNORECASE,
)
HORIZON_IMMEDIATE = _rx(r"\btoday\b", r"\bnow\b", r"\bimmediately\b", r"\basap\b", r"\btonight\b", r"\beod\b")
HORIZON_LONG = _rx(r"\bquarter\b", r"\bq[1-4]\b", r"\blong[- ]term\b", r"\bredesign\b", r"\bre-?architect")
STATUS_UPDATE = re.compile(r"^\s*status\s*[:\-]\s*(?P<word>[a-z]+)", re.IGNORECASE)
NO_HYPOTHESIS_PREFIX = re.compile(r"^\s*(?:open question|question|action item|todo|follow[- ]?up)\b", re.IGNORECASE)
IMPACT_FIGURE = re.compile(
    r"(?:\b\d+(?:[.,]\d+)?\s*(?:%|percent\b|k\b|x\b|ms\b|s\b|secs?\b|seconds\b)|\b\d[\d,]*\s+(?:customers?|users?|orders?|requests?|"
    r"merchants?|sellers?|accounts?|tenants?|sites?|regions?|hosts?|nodes?|tickets?|cases?|calls?|jobs?)\b)",
    re.IGNORECASE,
)
"""A figure: a share, a rate, a duration or a count of affected things ("31%", "p99 4s", "212 merchants")."""
IMPACT_SUBJECT = re.compile(
    r"\b(?:customers?|users?|impact|affected|error(?:s| rate)?|success(?: rate)?|fail\w*|5xx|down|"
    r"unavailable|degraded|latency|p9\d|tickets?|cases?)\b",
    re.IGNORECASE,
)
"""What a figure must be about to be an impact figure (not "restarted 3 hosts")."""
VISIBLE_SYMPTOM = _rx(
    r"\b(?:customers?|users?|clients?|merchants?|sellers?|tenants?|shoppers?|people|folks|anyone|nobody|everyone)\b"
    r"[^.?!\n]{0,40}\b(?:can'?t|cannot|can not|unable to|couldn'?t|not able to|are (?:seeing|getting|hitting)|"
    r"(?:see|saw|seeing|get|got|getting|hit|hitting|report(?:s|ed|ing)?)\s+(?:\w+\s+){0,2}"
    r"(?:errors?|5\d\d|timeouts?|failures?|outages?|blank|empty|stale|missing|slow|declin\w*|double))",
    r"\b(?:checkouts?|logins?|sign-?ins?|payments?|orders?|uploads?|downloads?|deploys?|builds?|requests?|pages?|"
    r"api calls?|sites?|apps?|dashboards?|websites?|queries|writes|reads)\b[^.?!\n]{0,40}?\s(?:are |were |is |was )?"
    r"(?:failing|failed|fail|erroring|timing out|timed out|times? out|down|unavailable|broken|hanging|stuck|rejected|"
    r"declined)\b",
    r"\b(?:outage|degraded|unavailable|unreachable|down for)\b",
    r"\b(?:tickets?|complaints?|escalations?|reports?|calls?)\s+(?:about|from|re|saying|that|of)\b",
)
"""A symptom someone outside the team would see: customers who cannot, requests that fail, tickets about it."""
MAY_SEE = re.compile(r"\b(?:may|might|could|would)\s+(?:\w+\s+)?(?:see|experience|notice|be affected)\b", re.IGNORECASE)
"""Hedged wording of a status-page draft ("some customers may see errors"): what might be, not impact seen."""
EXPLICIT_IMPACT = re.compile(r"\bimpact(?P<window> window[^:\n]{0,40})?\s*[:\-]", re.IGNORECASE)
NOT_A_SYMPTOM = _rx(r"\bflat\b", r"\bclean\b", r"\blooks? (?:good|fine|normal)\b", r"\bno (?:errors|impact)\b")
SYMPTOM = _rx(
    r"\berrors? (?:are |is )?(?:up|climbing|spiking|elevated)\b",
    r"\b5xx\b",
    r"\bfailing\b",
    r"\btim(?:ing|ed) out\b",
    r"\bslow\b",
    r"\bis down\b",
    r"\boutage\b",
    r"\blatency (?:is )?(?:up|high|climbing)\b",
)
OWNER_ME = re.compile(r"\bowner:?\s*me\b", re.IGNORECASE)
OWNER_TAIL = re.compile(r"\s*[—–-]+\s*owner\b.*$", re.IGNORECASE)
REOPEN = _rx(
    r"\breopen(?:ing|ed)? (?:the |this )?incident\b",
    r"\bincident (?:is |has been )?reopened\b",
    r"^\s*status\s*[:\-]\s*reopened\b",
)
ACTION_VERB = re.compile(
    r"^\s*(?:add|fix|write|update|document|rotate|create|set up|build|automate|review|investigate|file|"
    r"migrate|implement|remove|cap|tune|enable|audit|test)\b",
    re.IGNORECASE,
)
EVIDENCE = re.compile(
    r"\b(?:we should check|we need|need to check|we'?d need|should look at)\s+(?P<what>[^.?!\n]{6,160})",
    re.IGNORECASE,
)
DEICTIC = re.compile(r"^\W*(?:that'?s|that|this|it'?s|it)\b", re.IGNORECASE)
USER_MENTION = re.compile(r"<@(?P<id>[UW][A-Z0-9]+)(?:\|[^>]*)?>")

STOPWORDS = frozenset(
    """
    a an the it its it's is are was were be been being this that these those there here of to in on
    for with at by from as and or but not no so if then than too very can could would should will
    just also we our you your they them their i me my he she his her us im i'm i'd i've i'll we're
    we've let's lets do does did doing done have has had having what which who whom why how when
    where all any some more most other such only own same into over under again further once about
    against between during before after above below up down out off maybe think guess suspect looks
    like could might may something thing things because due seems seem still yet really actually
    probably right now
    """.split()
)

# -- negation and hedges: when a support or refute cue is not a verdict ---------------------------------
# "It is not confirmed that X", "we can't rule out X", "unlikely to be consistent with X", "is that
# confirmed?": the cue word is there, the verdict is not. These are general rules of English, not
# phrases of one incident: a negator shortly before the cue (in the same stretch of the clause) or a
# hedge anywhere in the clause turns the cue into no verdict at all.

NEGATOR = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|hardly|barely|scarcely|cannot|"
    r"cant|dont|doesnt|didnt|isnt|wasnt|arent|werent|havent|hasnt|hadnt|wont|wouldnt|couldnt|shouldnt)\b|"
    r"n['’]t\b|\byet to\b",
    re.IGNORECASE,
)
"""Words that negate what follows them (with or without the apostrophe people skip in chat)."""
NEGATION_SCOPE_BREAK = re.compile(
    r"[,;:()—–]|\s-\s|\b(?:but|and|so|though|although|however|whereas|while|because)\b", re.IGNORECASE
)
"""Where a negation stops reaching forward: "no errors, and that confirms it" is a confirmation."""
NEGATION_WINDOW = 6
"""Words before a cue that a negator may stand in ("not yet fully confirmed")."""
HEDGE = _rx(
    r"\b(?:unlikely|improbable|doubt(?:s|ed|ful)?|unsure|uncertain|unclear|unconfirmed|unverified|unproven)\b",
    r"\bnot (?:yet |entirely |fully |completely )?(?:sure|certain|clear|convinced)\b",
    r"\bno (?:evidence|sign|signs|proof|indication|data|confirmation)\b",
    r"\b(?:too (?:early|soon)|hard to (?:say|tell)|can['’]?t (?:say|tell))\b",
    r"\b(?:might|may|maybe|perhaps|possibly|potentially|probably|presumably|supposedly|allegedly|could|would|should|"
    r"likely|guess|suspect|suspecting|wonder|wondering|theory|hunch|hypothesis)\b",
    r"\b(?:if|whether|unless|until|once)\b",
    r"\bto be (?:confirmed|seen|determined|verified|checked)\b",
    r"\b(?:tbc|tbd|pending)\b",
    r"\bwaiting (?:for|on)\b",
    r"\b(?:need|needs|needed|want|wants|trying|try|going|hope|hoping|able) to\b",
    r"\?\s*$",
)
"""Words that make a clause a guess, a condition, a plan or a question rather than a finding."""

# -- pleasantries: thanks and praise are good manners, not findings ------------------------------------
PLEASANTRY = _rx(
    r"\bthanks?(?: you)?\b",
    r"\bty\b",
    r"\bcheers\b",
    r"\bkudos\b",
    r"\bshout[- ]?out\b",
    r"\bwell done\b",
    r"\b(?:much )?appreciated?\b",
    r"\b(?:great|nice|good|awesome|amazing|excellent|solid|fantastic|stellar) "
    r"(?:work|job|teamwork|team ?work|effort|stuff|one|hustle|collaboration)\b",
    r"\bgreat (?:team|teamwork)\b",
)
"""Gratitude and praise; a message made only of these (plus PLEASANTRY_FILLER) is not a lesson."""
PLEASANTRY_FILLER = frozenset(
    """
    all everyone everybody team folks people yall y'all guys again really so very much for the a
    and everyone's your you tonight today this morning evening night on in with help helping support
    hard quick fast work everybody's, to of getting it fixed sorted
    """.split()
)
"""Words that may stand beside a pleasantry without making it a finding ("thanks all for the help")."""

# -- entities: what a hypothesis is about ------------------------------------------------------------
# Support and refutation link to a hypothesis through the things both name. A component is named in
# many ways ("db", "postgres", "the primary"), so each synonym maps to one canonical name.


def _names(alternatives: str) -> tuple[str, ...]:
    return tuple(alternatives.split("|"))


COMPONENT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "database": _names(
        "db|dbs|database|databases|postgres|postgresql|pg|mysql|rds|aurora|primary|replica|replicas|"
        "read replica|mongo|mongodb|cassandra|dynamo|dynamodb|spanner|sql|query|queries|"
        "connection pool|pool|pgbouncer|vacuum"
    ),
    "dns": _names(
        "dns|resolver|resolvers|nameserver|nameservers|route53|route 53|coredns|kube-dns|domain|"
        "registrar|ttl|nxdomain|zone"
    ),
    "load balancer": _names(
        "lb|lbs|load balancer|load balancers|elb|alb|nlb|haproxy|envoy|ingress|gateway|api gateway|proxy|proxies|nginx"
    ),
    "cache": _names("cache|caches|caching|redis|memcache|memcached|varnish|hit rate|hit ratio|eviction|evictions"),
    "cdn": _names("cdn|cloudflare|fastly|akamai|cloudfront|edge|pop|pops|waf"),
    "certificate": _names(
        "cert|certs|certificate|certificates|tls|ssl|x509|expiry|expired|expiration|handshake|ca bundle|intermediate"
    ),
    "network": _names(
        "network|networking|bgp|packet loss|packets|routing|route|routes|vpc|firewall|peering|link|"
        "links|fiber|router|routers|partition|latency between|backbone|transit|isp|vpn|subnet|"
        "security group"
    ),
    "queue": _names(
        "queue|queues|broker|brokers|kafka|rabbitmq|rabbit|sqs|pubsub|pub/sub|backlog|consumer|consumers|lag|topic|"
        "partition lag|kinesis|nats|producer|producers|publisher|publishers"
    ),
    "storage": _names("disk|disks|storage|volume|volumes|ebs|iops|filesystem|s3|bucket|blob|object storage|nfs|ceph"),
    "memory": _names("memory|oom|oomkilled|oom-killed|heap|gc|garbage collection|leak|rss"),
    "cpu": _names("cpu|cpus|throttling|cpu throttling|hot loop|spin"),
    "config": _names("config|configs|configuration|setting|settings|yaml|manifest|terraform|helm|ruleset|rules|policy"),
    "feature flag": _names(
        "flag|flags|feature flag|feature flags|toggle|launchdarkly|kill switch|killswitch|experiment|rollout percentage"
    ),
    "deploy": _names(
        "deploy|deploys|deployment|deployments|release|releases|rollout|build|push|version|upgrade|"
        "upgrades|change|changes|pr|commit|merge|patch|binary|binaries|ship|shipped"
    ),
    "scheduled job": _names(
        "cron|cronjob|crons|batch job|batch|scheduled job|job|jobs|nightly|backfill|reindex|compaction|script"
    ),
    "backup": _names("backup|backups|snapshot|snapshots|restore|restores|restored|point-in-time|pitr|dump"),
    "migration": _names("migration|migrations|schema|index|indexes|ddl|alter|table lock|lock|locks"),
    "auth": _names(
        "auth|authn|authz|login|logins|sso|oauth|token|tokens|credentials|credential|iam|permission|"
        "permissions|session|sessions|identity|okta|api key|secret|secrets|key|keys"
    ),
    "cloud provider": _names(
        "aws|gcp|azure|cloud|provider|region|availability zone|az|zone outage|us-east-1|upstream|"
        "vendor|third party|third-party|saas|microsoft|google cloud"
    ),
    "traffic": _names(
        "traffic|spike|surge|ddos|bot traffic|bots|scraper|crawler|load|thundering herd|retry storm|retries|retry|"
        "burst|bursts|flood|flooding"
    ),
    "kubernetes": _names(
        "kubernetes|k8s|pod|pods|node|nodes|cluster|clusters|control plane|etcd|kubelet|autoscaler|"
        "hpa|daemonset|container|containers"
    ),
    "capacity": _names(
        "capacity|quota|quotas|limit|limits|rate limit|saturation|exhaustion|exhausted|"
        "max connections|file descriptors|threads|thread pool"
    ),
    "clock": _names("clock|ntp|time sync|clock skew|leap second|timezone"),
    "payments": _names("payments|payment|billing|checkout|stripe|card|cards"),
    "search": _names("search|elasticsearch|opensearch|solr|index"),
    "email": _names("email|emails|smtp|mail|sendgrid|ses"),
    "security": _names(
        "attack|attacker|compromised|compromise|breach|malicious|exploit|vulnerability|cve|intrusion|"
        "phishing|leaked|exfiltration|unauthorized|attacks|attacking|attackers|cyber|cyberattack|cyber attack|"
        "hack|hacked|hacker|intruder|ransomware|wiper|malware|infostealer"
    ),
    "power": _names(
        "power|ups|psu|psus|generator|generators|utility power|power feed|hardware|hw|chassis|datacenter|"
        "data center|facility"
    ),
}
"""Canonical component -> the words responders use for it (lower case; multi-word phrases allowed)."""

GENERIC_TERMS = frozenset(
    """
    error errors issue issues problem problems thing stuff graph graphs dashboard dashboards metric metrics log logs
    alert alerts service services system systems request requests user users customer customers side team
    minute minutes hour hours time today yesterday look looking check checking see seeing same new old now fine
    normal high low up down one two first last lot bit everything something anything nothing still ok okay yeah
    yes no prod production staging env environment app api
    """.split()
)
"""Words too common in incident channels to tie a reply to one hypothesis."""
FILLER_WORDS = frozenset(
    """
    morning afternoon evening night tonight overnight week weekend month earlier later around again since ago
    someone anyone everyone nobody everything anything every whole another other bunch couple
    maybe perhaps possibly probably really actually basically definitely clearly pretty quite
    """.split()
)
"""Longer words that say when or how sure, not what: a theory's "this morning" is not its subject."""

COMMAND = _rx(
    r"^\W*(?:ic|incident commander)\s*[:=\-]?\s*(?:is\s+)?(?:<@|@?[a-z])",
    r"(?:^|[.!;]\s+)(?:sev|p)[- ]?[0-4]\b",
    r"\b(?:i'?m|i am|i'?ll be|taking|i'?ll take|i have|i'?ve got|takes|taking over|is now|is the|"
    r"now)\b[^.?!\n]{0,12}\b(?:ic|incident commander|incident lead)\b",
    r"\b(?:ic|incident commander|incident lead) (?:is|will be|now)\b",
    r"\bhand(?:ing|ed)? ?over\b|\bhandoff\b",
    r"\b(?:calling|declaring|call|declare|this is|it'?s|making|bumping|raising)\b[^.?!\n]{0,15}\b(?:sev|p)[- ]?[0-4]\b",
    r"^\W*(?:sev|p)[- ]?[0-4]\b",
)
"""Command of the incident changing hands, or its severity declared: moments a timeline keeps."""
LIST_HEADING = _rx(
    r"\baction items?\b",
    r"\bfollow[- ]?ups?\b",
    r"\bnotes? for (?:the )?(?:postmortem|pm|review|retro)\b",
    r"\b(?:postmortem|post-mortem|retro|review) (?:notes|items|todo)\b",
    r"\bfor the (?:postmortem|pm|review|retro)\b",
    r"\bthings (?:i want|to cover|we need) in the (?:review|postmortem|pm|retro)\b",
    r"\bnext steps\s*[:\-]",
    r"\btodos?\s*[:\-]",
    r"\blessons\b",
    r"\bfor the write-?up\b",
    r"\bwhat made (?:this|it) worse\b",
    r"\bcorrective actions?\b",
)
"""A list for after the incident: its verbs are future work, not steps taken now."""
FINDING_OPENER = re.compile(
    r"^\W*(?:(?:ok|okay|yep|yeah|so|and)\W+)?(?:found it|found the (?:root cause|cause|issue|problem|bug|"
    r"culprit|trigger)|"
    r"that'?s it|that'?s the one|"
    r"there it is|bingo|got it|smoking gun|that explains it|that explains everything)\b(?:\s+then)?\W*$",
    re.IGNORECASE,
)
"""A clause that announces the cause and leaves it to the next sentence ("found it. the …")."""
FINDING_CLOSER = re.compile(
    r"(?:^|[,;—]\s*)\W*(?:so\s+)?(?:that'?s|this is|which is|which was|that was|and that'?s) (?:the whole (?:outage|"
    r"incident|story|thing|problem)|"
    r"(?:our|the) (?:root cause|cause|culprit|bug|problem|trigger|outage|incident)|"
    r"what (?:broke|caused|triggered|happened)(?: it| everything| the outage| this)?|"
    r"why (?:it|everything|the \S+) (?:broke|is down|went down|failed))"
    r"\W*$",
    re.IGNORECASE,
)
"""A clause that names what came before it as the cause ("… every node lost its routes. that's the whole outage.")."""
CAUSAL_VERB = re.compile(
    r"(?P<subject>[^.!?\n]{3,120}?)\s+(?:caus(?:es|ed)|trigger(?:s|ed)|(?:is|was) causing|(?:is|"
    r"was) triggering|led to|leads to|"
    r"resulted in|results in|broke|breaks|took down|takes down|knocked out|overloaded|overloads|flushed|flushes|wiped|"
    r"dropped|deleted|drops|removes|removed|stole|leaked|exhausted|filled up|corrupted|made(?! (?:permanent|"
    r"sure|it|a |an |the call|sense))|"
    r"makes(?! sense| sure)|left (?=(?:\S+ ){1,3}?(?:without|short of|unable|with too little|starved))|"
    r"starved|starves|throttled|throttles|outgrew|overran|overflowed)\b\s*(?P<claim>[^.!?\n]{3,200})",
    re.IGNORECASE,
)
"""A causal sentence ("the policy change makes every agent resolve …"): a cause stated with a verb."""

PUBLISHED_REPORT = _rx(
    r"\b(?:incident|post-incident|public|customer|rca) report (?:is )?(?:published|out|posted|live)\b",
    r"\b(?:published|posted) (?:\S+ ){0,3}(?:blog|report|postmortem|post-mortem|rca)\b",
)
"""The public write-up going out after the incident."""

FINDING_INLINE = re.compile(
    r"^\W*(?:(?:ok|okay|yep|yeah|so)\W+)?(?:found it|that'?s it(?: then)?|there it is|bingo|smoking gun)\s*[:—–-]\s*"
    r"(?P<claim>\S.{5,})$",
    re.IGNORECASE,
)
"""The announcement and the cause in one clause ("that's it then: the policy with empty fields …")."""
SUSPECT_CLOSER = re.compile(
    r"^\W*(?:so\s+)?(?:that'?s|this is) (?:the|my|our|a|prime) (?:prime )?suspect\W*$", re.IGNORECASE
)
"""A clause that names what came before it as the prime theory ("… minutes after. that's the suspect")."""
SHORT_VERDICT = re.compile(r"^\W*(?:it'?s|it is|definitely|100%|def)\s+(?:the\s+|a\s+)?[\w\-.#/]+\W*$", re.IGNORECASE)
"""A two-word verdict that names the theory's own subject ("it's 291")."""

# -- detection, acknowledgement, severity, lists (times.py, severity.py, actions.py, report.py) ---------

DETECTION_SIGNAL = _rx(
    r"\b(?:firing|triggered|critical|alert(?:ing)?|paged?|incident #?\d+|down)\b",
    r"\b(?:new |urgent )?(?:support )?(?:ticket|case)\b[^\n]{0,40}?(?:#?\d{3,}|opened|created|filed)",
    r"\b(?:ticket|case) #?\d{3,}",
)
"""What a bot posts when something is noticed: a page, a firing alert, a new support ticket or case."""
RECOVERY_SIGNAL = _rx(
    r"\[(?:resolved|ok|recovered)\]",
    r"^\s*(?:resolved|recovered|ok)\b",
    r"\b(?:acknowledged|auto-?resolved|recovered|back to normal)\b",
    r"\b(?:deploy(?:ed|ment)?|rollout|release|published|upgrade) (?:started|finished|complete|succeeded)\b",
)
"""Bot posts that report recovery, an acknowledgement or a change, not a new problem."""
ACK_SIGNAL = _rx(r"\back(?:nowledg)?ed by\b", r"\backnowledged\b", r"\baccepted by\b")
HUMAN_ACK = _rx(
    r"^\W*ack(?:ed|ing|'d)?\b",
    r"\b(?:i'?m|i am|taking|take|as) (?:the )?(?:ic|incident commander|incident lead)\b",
    r"\bic here\b",
    r"\b(?:i'?m|i am) (?:on it|looking|here|on the bridge|online)\b",
    r"^\W*(?:on it|looking|here|joining|joined)\b",
    r"\b(?:declaring|calling|treating this as|this is) (?:an? )?(?:incident|sev|p[0-4]\b|major)",
)
"""A responder acknowledging the page, joining, or taking incident command."""

SEVERITY_TOKEN = re.compile(
    r"\b(?:sev(?:erity)?\s*[-_:]?\s*(?P<sev>[0-4])|(?P<p>p[0-4])|(?P<major>major incident))\b", re.IGNORECASE
)
"""A severity as channels write it: SEV1, sev-2, sev 2, severity: 3, P1, "major incident"."""
SEVERITY_DECLARATION = _rx(
    r"\b(?:declar(?:e|ed|ing)|call(?:ed|ing)? (?:it|this)|treat(?:ed|ing)? (?:it|this) as|this is|it'?s|"
    r"mak(?:e|ing) (?:it|this)|bump(?:ed|ing)?|rais(?:e|ed|ing)|upgrad(?:e|ed|ing)|downgrad(?:e|ed|ing)|"
    r"lower(?:ed|ing)?|escalat(?:e|ed|ing)|mov(?:e|ed|ing)|now(?: a)?|back to)\b[^.\n]{0,30}$",
    r"^\W*$",
    r"(?:^|[.!]\s*)\W*$",
    r"\b(?:severity|sev)\s*[:=]\s*$",
    r"\bic\b[^.\n]{0,20}[.,]\s*$",
)
"""What stands just before a severity word when someone sets it (not when it is only mentioned)."""
SEVERITY_MENTION_ONLY = _rx(
    r"\b(?:a|any|every|each|per|during|for|of|the|our|previous|last)\s*$",
    r"\b(?:case|ticket|priority)\b[^.\n]{0,30}$",
)
"""Words before a severity that make it a reference ("during sev 1", "P1 case"), not a setting."""

LIST_ITEM = re.compile(r"^\s*(?:(?:\d{1,2}[.)]|[-*•·–—▪◦])\s+(?:\[[ xX]\]\s+)?|\[[ xX]\]\s+)(?P<item>\S.*)$")
"""One item of a numbered or bulleted list."""
ACTION_HEADING = _rx(
    r"^\W*(?:action items?|action points?|actions?|follow[- ]?ups?|followups|to-?dos?|next steps|"
    r"remediation(?: items)?|corrective actions?|repair items?|tasks?|work items?|post-?incident (?:work|tasks))\b",
)
"""The heading of a list of things to do."""
FACTOR_HEADING = _rx(
    r"\bcontributing(?: factors?)?\b",
    r"\bnotes? (?:for|from) (?:the )?(?:post-?mortem|pm|review|retro|write-?up|report|doc)\b",
    r"\b(?:post-?mortem|pm|retro|review) notes\b",
    r"\bfor the (?:post-?mortem|pm|retro|write-?up|report)(?: doc)?\b",
    r"\bwhat (?:made (?:this|it) worse|went wrong|slowed us|hurt)\b",
    r"\b(?:things|stuff) (?:i|we) want in the (?:review|post-?mortem|pm|retro)\b",
)
"""The heading of a notes-for-the-postmortem / contributing-factors list."""
FACTOR_STATEMENT = _rx(
    r"^\W*(?:adding|also|plus|one more)\b[^.\n]{0,10}[:,]?\s.*\b(?:didn'?t|did not|never|no|wasn'?t|cost us|slowed)\b",
    r"\b(?:contributing factor|made (?:this|it) worse|cost us (?:hours|time|\w+ minutes))\b",
)
"""A factor stated on its own line ("adding: static analysis didn't flag it either")."""
OWNER_PAREN = re.compile(
    r"\s*[(\[]\s*(?:owner|owners|assignee|own(?:ed)? by|dri)\s*[:=-]?\s*(?P<who>[^)\]]{1,40}?)\s*[)\]]\s*",
    re.IGNORECASE,
)
"""An owner in brackets: "(owner: zanele)", "[owner - jo]"."""
OWNER_BRACKET_NAME = re.compile(r"\s*[\[(](?P<who>@?[\w.\-']{2,30})[\])]\s*$")
"""A bare name in brackets at the end of an item ("… laptop [tariq]", "… alerting (wei)"); it is an
owner only when it is a member's name."""
OWNER_DASH_NAME = re.compile(r"\s+[—–-]+\s*(?P<who>@?[\w.\-']{2,30})(?:\s+(?:please|pls|plz))?\s*[.!?]?\s*$")
"""A name after a dash at the end of an item ("… uptime monitoring - Kwame", "… ships — ananya");
an owner only when it is a member's name."""
OWNER_WILL = re.compile(
    r"(?:^|[—–;,:-]\s*)(?P<who>@?[\w.\-]{2,30}|<@[UW][A-Z0-9]+(?:\|[^>]*)?>)\s+"
    r"(?P<verb>will|to|can|owns|is on|takes?|'ll)\b\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
"""A named person who takes an item on: "@bjorn will fix", "tobias to diff …", "— @olga will take it"."""
I_WILL = re.compile(r"^\s*(?:i'?ll|i will|i'?m going to|i can|i'?m on it|mine\b|me\b)", re.IGNORECASE)
DOING_NOW = re.compile(
    r"^\W*(?P<task>(?:checking|looking (?:at|into)|digging into|investigating|taking|rolling back|reverting|"
    r"restarting|failing over|draining|drafting|writing|pulling|working on|handling|owning|running|"
    r"scaling|paging|calling)\b[^.!?\n]{3,140})",
    re.IGNORECASE,
)
"""A responder saying what they are doing right now ("checking the resolvers", "taking the cache side")."""
ASSIGNMENT = re.compile(
    r"^\s*[-*•]?\s*(?P<who><@[UW][A-Z0-9]+(?:\|[^>]*)?>|@?[A-Za-zÀ-ÿ][\w.\-]{1,29})\s*"
    r"(?:(?P<ask>\bcan you\b|\bplease\b|\bpls\b|\byou'?re\b|\byou are\b)|:|,|-|—|–|\bis on\b|\bowns?\b|"
    r"\btakes?\b|\bon\b)?\s*"
    r"(?P<task>\S.{2,140})$",
    re.IGNORECASE,
)
"""A clause that starts with a person and hands them work ("jonah: stop the pushes")."""

# -- status declarations and steps as responders write them mid-message (classify.py, timeline.py) -----

STATUS_DECLARATIONS_INLINE = _each(
    r"(?:(?<=[.!;] )|(?<=\n))\W*(?:status|state|incident status)\s*[:\-—=]+\s*\*?(?P<word>investigating|identified|"
    r"monitoring|mitigated|resolved|closed)\b",
    r"\b(?P<word>closing|resolving|closed|resolved) (?:out )?(?:the |this |our )?(?:major|whole|main|critical|"
    r"p[0-4]|sev[- ]?[0-4]) (?:incident|outage|sev)\b",
    r"\b(?P<word>resolving|closing) (?:#|inc-?)\w+",
)
"""A status declared after an opening word ("ok. status: identified, …", "closing the major incident",
"resolving #4471"): the same declarations as STATUS_DECLARATIONS, not at the message's start."""

STEP_TALK = _rx(
    r"\bi'?d (?:not|rather|suggest|propose|go with|say)\b",
    r"\bi (?:wouldn'?t|would not)\b",
    r"\b(?:wouldn'?t|would not|won'?t|will not|doesn'?t|does not) (?:help|work|fix|change)\b",
    r"\b(?:we|you|i) (?:need|have) to\b",
    r"\bwe need (?:an? |the )?\w+",
    r"\bneeds? (?:\S+ ){0,2}(?:approval|sign[- ]?off|people|someone|hands)\b",
    r"\bno (?:supported |safe |easy )?(?:downgrade|rollback|revert|failover)(?: path)?\b",
    r"\bthe only (?:\W?\w+\W? )?(?:option|way|path|rollback|fix)\b",
    r"(?:^|\s)\W?(?:rollback|revert|restart|failover|roll ?back)\W? =",
    r"\brunbook\b",
    r"^\W*working on\b",
    r"\b(?:stays?|remains?|staying) (?:\S+ )?(?:off|on|in place|paused|frozen|disabled|locked|blocked)\b",
    r"\b(?:freeze|lock|block|limit|pause)s? (?:stays|remains|holds)\b",
)
"""A step talked about, weighed, needed or kept in place, not taken now ("rollback = another wave, i'd
not", "we need a hard reboot", "the freeze stays")."""
BACKLOG_DRAINING = _rx(
    r"\b(?:backlog|queue|queued \w+|lag|retries|jobs)\b[^.!?\n]{0,25}\bdrain(?:ing|ed|s)?\b",
)
"""A backlog emptying by itself: progress after the fix, not a step that reduces impact."""
STEP_KINDS = _each(
    r"\b(?:freez\w*|froze|frozen|lock(?:s|ed|ing)?)\b",
    r"\b(?:paus\w*|halt\w*|suspend\w*)\b",
    r"\b(?:disabl\w*|switch\w* off|turn\w* off|stopped|kill[- ]?switch)\b",
    r"\b(?:roll\w*[ -]?back|revert\w*)\b",
    r"\b(?:restart\w*|bounc\w*|reboot\w*|recycl\w*)\b",
    r"\bscal(?:e|ed|ing)\b",
    r"\b(?:block\w*|deny[- ]?list\w*|ban(?:ned|ning)?|blackhol\w*)\b",
    r"\b(?:rate[- ]?limit\w*|throttl\w*|shed\w*)\b",
    r"\bfail\w*[ -]?over\b",
    r"\b(?:drain\w*|evacuat\w*)\b",
    r"\b(?:redirect\w*|re-?rout\w*|divert\w*)\b",
)
"""Coarse kinds of step, so a bot's confirmation ("Change freeze ACTIVE") matches the person's words
for the same step ("freezing all prod changes")."""


def step_kinds(text: str) -> frozenset[int]:
    """The coarse kinds of step ``text`` names (indexes into STEP_KINDS)."""
    return frozenset(i for i, p in enumerate(STEP_KINDS) if p.search(text))


FINDING_REPORT = re.compile(
    r"(?:\b(?:dmesg|oob console|kernel log|journalctl|(?:core |crash |heap )?dump|top talkers|\w+ logs?)\b"
    r"[^:.\n]{0,25}?\s*(?::|\bshows?\b|\bsays?\b)|^\W*(?:found something|something (?:odd|weird|interesting))\b|"
    r"^\W*wait\W+(?!for|until|till)|(?<!cannot )(?<!can't )(?<!not )\breproduc(?:e|ed|ing)\b|"
    r"\btop talkers? (?:are|is)\b|\b(?:shows?|showing) (?:up )?as\b|"
    r"\b(?:curve|graph|chart)s? (?:bends?|jumps?|starts?|spikes?)\b|\b(?:is|are) missing\b)",
    re.IGNORECASE,
)
"""A responder reporting what the evidence shows ("kernel log: the os disk is gone", "found something.
…", "something odd: …"): a diagnosis moment even before anyone names the cause."""
RECOVERED_MORE = _rx(
    r"\ball (?:traffic|requests|writes|reads|payments|queries) (?:is |are )?(?:now )?(?:flowing|succeeding|going "
    r"through|served)\b",
    r"\b(?:writes|reads|requests|queries|logins?|sign-?ins?|payments|checkouts?|api calls|jobs|builds|deploys) "
    r"(?:are |is )?(?:now )?(?:succeeding|going through|completing)\b",
    r"\b(?:customers|users|people|everyone) can (?:\S+ ){1,3}again\b",
)
"""More ways of saying impact stopped: "all traffic flowing", "writes succeeding on the new primary"."""
NOT_RECOVERED = _rx(
    r"\b(?:is|are) back as\b",
    r"\b(?:alert|alarm|monitor|check)s? (?:has |have )?(?:cleared|recovered|resolved)\b",
)
"""Recovery words about something else: "the reflectors are back as peers", "the latency alert cleared"."""
STEP_SYMPTOM = _rx(
    r"\bnot (?:a )?recovery\b",
    r"\b(?:isn'?t|aren'?t|not) budging\b",
    r"\b(?:don'?t|do not) get excited\b",
    r"\b(?:happened|happens) to (?:bounce|restart|recover)\b",
    r"\b(?:restart|reboot|bounce|crash)(?:s|ed)? and (?:fall|falls|fell|crash|crashes|die|dies)\b",
    r"\b(?:helping|helped|working)\b[^.!?\n]{0,30}\b(?:down to|falling|dropping)\b",
)
"""A step's verb used for a symptom or a partial effect ("tasks restart and fall over again", "that's one
region that happened to bounce", "throttle helping, cpu down to 70%")."""
INCIDENT_OPENED = _rx(
    r"^(?!\W*alert\b)[^\n]{0,40}\b(?:incident|inc-?\d+|inc\d+)\b[^\n]{0,60}\b(?:declared|created|opened)\b",
)
"""An incident tool opening the incident ("Incident #4471 declared … severity SEV-2 — commander: …",
"INC0981123 created - P1"): command and severity set, a moment of the response (not an alert)."""
STEP_ASKED = re.compile(
    r"(?:^|[.!;:]\s+|\n)\W*(?:@?[\w.\-]+[:,]\s+|@?[\w.\-]+\s+(?=(?:please|pls)\b))?"
    r"(?:(?:please|pls|can you|could you)\s+)?(?:turn|switch|scale|pause|"
    r"freeze|block|disable|restart|roll ?back|revert|drain|fail ?over|unpause|throttle|rate[- ]?limit|stop|kill|"
    r"shed|move|shift|bounce|reboot|flip|raise|bump|lock|resume|re-?enable|enable)\b(?!\s+(?:is|was|are|=|done|"
    r"complete|finished|started|live))",
    re.IGNORECASE,
)
"""A step asked for or proposed in the imperative ("turn X off and let …", "rafa please unpause …"): the
moment is when someone reports doing it."""


# -- follow-ups and contributing factors in the forms channels use ----------------------------------
# Written from how responders hand out and note work after an incident generally: lists with or
# without a heading, one-line "AI:" / "TODO(name):" notes, asks, promises about prevention and
# ticket bots announcing what they filed. None quotes one incident.

FOLLOWUP_HEADING = _rx(
    r"\baction[- ]?items?\b",
    r"\baction points?\b",
    r"\bAIs\b",
    r"\bfollow[- ]?ups?\b",
    r"\bfollowups?\b",
    r"\bnext steps?\b",
    r"\bto-?dos?\b",
    r"\bremediations?\b",
    r"\bcorrective\b",
    r"\bpreventi(?:on|ve)(?: items| work| actions?)?\b",
    r"\b(?:post-?mortem|pm|retro|review|incident) (?:items|tasks|tickets|actions|work)\b",
    r"\bthings (?:to|we(?:'ll| will| need to| should)) (?:fix|do|change|chase)\b",
    r"\bwhat we(?:'ll| will| need to| should) (?:do|fix|change)\b",
    r"\b(?:tickets|work) to (?:file|open|do)\b",
    r"\bimprovements?\b",
)
"""A heading word anywhere in a short heading line: "ok, follow-ups from my side:", "AIs", "todo"."""
AMBIGUOUS_HEADING = _rx(
    r"\bfor the (?:post-?mortem|pm|retro|review|write-?up)\b",
    r"\b(?:post-?mortem|pm|retro|review) notes\b",
    r"\bnotes? (?:for|from) (?:the )?(?:post-?mortem|pm|retro|review)\b",
    r"\btake-?aways\b",
    r"\blessons?(?: learn(?:ed|t))?\b",
)
"""Headings under which responders write both what went wrong and what to do: read item by item."""
LIST_ITEM_WIDE = re.compile(
    r"^\s*(?:(?:\(?\d{1,2}[.):]|\(?[a-h][.)]|[-*•·–—▪◦+→])\s+(?:\[[ xX]?\]\s*)?|\[[ xX]?\]\s*|[☐☑✅✔]\ufe0f?\s*)"
    r"(?P<item>\S.*)$"
)
"""One item of a list: "1.", "1)", "(2)", "a.", "b)", bullets, arrows and "- [ ]" / "[x]" checkboxes."""
CHECKBOX = re.compile(r"^\s*(?:[-*•]\s*)?(?:\[[ xX]?\]|[☐☑])\s*\S")
LINE_CUE = re.compile(
    r"^\W*(?:(?:AIs?|A\.I\.|FU)\b|action(?:[- ]?item)?s?\b|follow[- ]?ups?\b|to-?dos?\b|next step\b|remediation\b)"
    r"\s*(?:\((?P<who>[^)]{1,40})\))?\s*[:\-—–]\s*(?P<task>\S.{3,200})$",
    re.IGNORECASE,
)
"""One follow-up written on its own line: "AI: add a lag alert", "TODO(kofi): pin the image"."""
UPPER_AI = re.compile(r"^\W*(?:AI|FU)\b")
""""AI"/"FU" as a cue only in capitals (lower-case "ai" is the technology, "fu" a typo)."""
ASK_TO_OWN = re.compile(
    r"(?P<who><@[UW][A-Z0-9]+(?:\|[^>]*)?>|@[\w.\-]{2,30}|\b[A-Za-zÀ-ÿ][\w.\-]{1,29})[\s,:]+"
    r"(?:can|could|would|will) you (?:please |pls |also )?"
    r"(?P<task>(?:own|take|grab|pick up|look into|handle|drive|chase|write up|write|add|file|open|put together|"
    r"follow up on|dig into|figure out|fix|set up|build|update|draft)\b[^?\n]{3,200})",
    re.IGNORECASE,
)
"""A person asked to take a piece of work: "@lena can you own the alerting fix?"."""
ASK_TO_OWN_AFTER = re.compile(
    r"^\W*(?:can|could|would) (?:you|someone) (?:please |pls )?"
    r"(?P<task>(?:own|take|pick up|look into|handle|drive|chase|file|write up)\b[^?\n]{3,200}?)"
    r"[\s,]+(?P<who><@[UW][A-Z0-9]+(?:\|[^>]*)?>|@[\w.\-]{2,30})\W*$",
    re.IGNORECASE,
)
"""The same ask with the person last: "can you own the runbook rewrite, @tomas?"."""
FUTURE_WORK = re.compile(
    r"(?P<lead>\bi'?ll\b|\bi will\b|\bi'?m going to\b|\bi can\b|\bi'?ll go\b|"
    r"\bwe (?:need|have|ought) to\b|\bwe need\b(?= (?:a|an|some|better|more)\b)|"
    r"\bwe should\b|\bwe must\b|\bwe'?ll\b|\bwe will\b|\bwe'?re going to\b|"
    r"\bsomeone (?:should|needs to|has to)\b|\bwe gotta\b|\blet'?s\b)"
    r"\s+(?:(?:also|really|probably|definitely|def|just|prob|eventually|then)\s+)?(?P<task>[^.!?\n]{6,200})",
    re.IGNORECASE,
)
"""A promise or a need ("I'll add…", "we need to…", "we should…"): future work when about prevention."""
PREVENTION = _rx(
    r"\b(?:happen(?:s|ing)?|recur|repeat|bite us|hit us|break|do this|see this|go through this)\b[^.\n]{0,15}\bagain\b",
    r"\b(?:never|not) again\b",
    r"\bgoing forward\b",
    r"\bso (?:that )?(?:the )?next (?:time|change|one|person|incident|on-?call)\b",
    r"\b(?:can|could|will) (?:someone|somebody|anyone) (?:own|take|pick up)\b",
    r"\bwe need (?:a|an|some) (?:way|process|check|alert|runbook|guard|tool|owner)\b",
    r"\bin (?:the )?future\b",
    r"\bnext time\b",
    r"\blong[- ]?term\b",
    r"\bpermanent(?:ly)?\b",
    r"\bfrom now on\b",
    r"\bnever (?:again|happens?)\b",
    r"\b(?:to |so (?:that )?(?:this|it|we) )(?:prevent|avoid|doesn'?t|can'?t|won'?t|never|catch)\b",
    r"\bprevent(?:s|ing)? (?:this|a repeat|recurrence|it)\b",
    r"\brecurr",
    r"\bpost-?mortem\b|\bretro\b|\bpost-incident\b",
    r"\b(?:file|open|create|raise)\b[^.\n]{0,20}\b(?:ticket|issue|jira|bug)\b",
    r"\b(?:this|next) (?:quarter|sprint)\b|\b(?:on|to|in)(?: the| our)? backlog\b",
    r"\b(?:add|write|create|set up|build|get)\b[^.\n]{0,25}\b(?:alert(?:s|ing)?|alarms?|monitor(?:s|ing)?|runbook|"
    r"playbook|tests?|checks?|canary|validation|guard ?rails?|dashboards?|documentation|lint|drills?)\b",
    r"\b(?:update|fix|rewrite|document)\b[^.\n]{0,25}\b(?:runbook|playbook|wiki|on-?call|alert routing|paging)\b",
)
"""Words that put work after the incident: prevention, not firefighting."""
FIREFIGHTING = _rx(
    r"\b(?:right|for|just) now\b",
    r"^\W*now\b|\bnow\W*$",
    r"\basap\b",
    r"\bimmediately\b",
    r"\bfirst\b",
    r"\bin the meantime\b|\bmeanwhile\b",
    r"\b(?:restart|bounce|roll ?back|revert|fail ?over|drain|scale (?:up|out|down)|kill|purge|flush|flip|"
    r"page|ping|call|check|look at|wait|watch|keep an eye|monitor the|hold|pause|freeze|block|unblock|"
    r"post (?:an? )?(?:update|status)|update the status ?page|tell|let \w+ know)\b",
    r"\bif (?:it'?s|it is|this|that|we|they|errors?|it) (?:not|still|doesn'?t|don'?t|keeps?|stays?)\b",
    r"\bby \d{1,2}:\d{2}\b",
    r"\b(?:share more|keep (?:the )?(?:channel|everyone|folks|you)|post again|next update|status update|"
    r"within (?:the )?(?:hour|days))\b",
)
WRITING_THE_REPORT = re.compile(
    r"^\W*(?:draft|write(?: up)?|prepare|finish|start|put together|compile)\b[^.\n]{0,40}"
    r"\b(?:post-?mortem|pm|retro|report|blog|write-?up|timeline|summary|rca|doc|review)\b",
    re.IGNORECASE,
)
"""Writing the postmortem itself: part of closing the incident, not a follow-up to prevent a repeat."""
INCIDENT_PAPERWORK = re.compile(
    r"\b(?:incident|post-?mortem|pm|retro|review) (?:doc|document|notes|timeline|channel|ticket|report)\b",
    re.IGNORECASE,
)
"""The incident's own records ("add the ids to the incident doc"): closing chores, not follow-ups."""
PROMISE_NOT_WORK = re.compile(
    r"^\W*(?:have|keep|get|share|post|stop|be|do|see|try|wait|watch|check|look|run|ask|talk|sync|tell|let|go|take|"
    r"grab|ping|page|hold|handle|send|own|take|join|stay|jump)\b|" + WRITING_THE_REPORT.pattern,
    re.IGNORECASE,
)
"""A promise that is live work, comms or writing the postmortem itself, not a follow-up to prevent a repeat."""
"""Words of live work: "we should roll back first", "I'll check the replicas now"."""
ACTION_START = re.compile(
    r"^\W*(?:add|fix|write|update|document|rotate|create|set ?up|build|automate|review|investigate|file|migrate|"
    r"implement|remove|cap|tune|enable|disable|audit|test|make|move|ensure|alert|monitor|improve|increase|reduce|"
    r"lower|raise|split|restrict|require|block|limit|deprecate|replace|upgrade|pin|backfill|run|schedule|drill|"
    r"train|publish|track|verify|validate|check|define|decide|agree|clean ?up|get|teach|keep|have|switch|separate|"
    r"isolate|harden|refactor|rework|rewrite|revisit|re-?evaluate|evaluate|look into|follow up|figure out|find|"
    r"understand|consider|explore|prevent|stop|route|bump|expand|extend|shorten|introduce|adopt|port|consolidate|"
    r"dedupe|archive|decommission|retire|delete|drop|re-?enable|re-?run|reconcile|fence|gate|stage|canary|"
    r"rate[- ]limit|throttle|shard|partition|page|notify|communicate|post|share|sync|talk|work with|ask|chase|"
    r"tighten|loosen|align|standardi[sz]e|label|tag|own|assign|spec|design|plan|prototype|benchmark|load[- ]test|"
    r"practice|practise|rehearse|onboard|offboard|mandate|enforce|forbid|disallow|allow|default|wire|hook|expose|"
    r"instrument|measure|record|log|capture|collect|emit|surface|escalate|reach out|contact|reroute|patch|"
    r"backport|roll out|rollout|ship|deploy|land|merge|write up|draft)\b",
    re.IGNORECASE,
)
"""An item or clause that starts with the work to do (imperative)."""
NEED_WORDS = re.compile(r"\b(?:should|must|needs? to|has to|have to|ought to|will|'ll|todo|to do)\b", re.IGNORECASE)
OWNER_ARROW = re.compile(r"\s*(?:→|->|=>)\s*(?P<who><@[UW][A-Z0-9]+(?:\|[^>]*)?>|@?[\w.\-']{2,30})\s*$")
"""An owner after an arrow at the end of an item: "… lag alert → kofi"."""
OWNER_WORD = re.compile(
    r"\s*[,;—–-]?\s*\b(?:owner|owned by|assignee|assigned to|dri)\s*[:=-]?\s*"
    r"(?P<who><@[UW][A-Z0-9]+(?:\|[^>]*)?>|@?[\w.\-']{2,30})\s*\.?\s*$",
    re.IGNORECASE,
)
"""An owner named after a word at the end of an item: "… owner kofi", "…, assignee: @lena"."""
OWNER_WORD_INLINE = re.compile(
    r"(?:^|[\s,;.(—–-])(?:owner|owned by|assignee|assigned to|dri)\s*[:=-]?\s*"
    r"(?P<who><@[UW][A-Z0-9]+(?:\|[^>]*)?>|@?[\w.\-']{2,30})\b",
    re.IGNORECASE,
)
"""An owner named mid-item: "… for every relay. owner kenji, due friday"."""
OWNER_MENTION_END = re.compile(r"\s*[,;:—–-]?\s*(?P<who><@[UW][A-Z0-9]+(?:\|[^>]*)?>|@[\w.\-']{2,30})\s*\.?\s*$")
"""A mention at the end of an item: "… dashboard @kofi"."""
OWNER_LEAD = re.compile(
    r"^\s*(?P<who><@[UW][A-Z0-9]+(?:\|[^>]*)?>|@?[\w.\-']{2,30})(?:\s*[:—–]|\s+-)\s+(?P<rest>\S.*)$"
)
"""An owner before a colon: "@kofi: pin the image", "lena — the routing fix"."""
TICKET_CREATED = re.compile(
    r"\b(?i:created|opened|filed|raised|logged|new (?:issue|ticket|task|bug))\b[^\n]{0,40}?"
    r"(?P<key>\b[A-Z][A-Z0-9]{1,9}-\d{1,6}\b|#\d{1,6}\b)\s*[:\-—–]?\s*[\"“']?(?P<title>[^\n\"”]{4,200})",
)
TICKET_KEY_FIRST = re.compile(
    r"(?P<key>\b[A-Z][A-Z0-9]{1,9}-\d{1,6}\b|#\d{1,6}\b)\s*(?:was |has been )?"
    r"(?i:created|opened|filed|raised|logged)\b\s*[:\-—–]?\s*[\"“']?(?P<title>[^\n\"”]{4,200})",
)
"""A tracker bot announcing a ticket: "created PROJ-123: add lag alert", "ENG-42 created — …"."""
TICKET_ASSIGNEE = re.compile(
    r"\b(?:assignee|assigned to|owner)\s*[:=]?\s*"
    r"(?P<who><@[UW][A-Z0-9]+(?:\|[^>]*)?>|@?[\w.\-']{2,30}(?: [A-Z][\w'\-]+)?)",
    re.IGNORECASE,
)
SUPPORT_TICKET = _rx(
    r"\bsupport\b",
    r"\bzendesk\b",
    r"\bfreshdesk\b",
    r"\bintercom\b",
    r"\bhelp ?desk\b",
    r"\bcustomer\b",
    r"\bpriority:\s*(?:urgent|high)\b",
    r"\bincident\b",
    r"\bsev[- ]?\d\b|\bp[0-4]\b",
    r"\boutage\b",
)
"""A ticket about the incident itself (support case, incident record), not a follow-up."""
FACTOR_HEADING_WIDE = _rx(
    r"\bthings that (?:made (?:it|this) worse|hurt|slowed us|went wrong|didn'?t go well|broke)\b",
    r"\bwhat (?:went wrong|went badly|didn'?t go (?:well|great)|went poorly|made (?:it|this) worse|slowed us(?: down)?|"
    r"hurt us|we (?:missed|got wrong))\b",
    r"\bwhy (?:did )?(?:it|this|we) (?:take|took) so long\b",
    r"\bwhy so slow\b",
    r"\blessons?(?: learn(?:ed|t))?\b",
    r"\b(?:gaps|problems|issues|pain points|observations|findings)\b"
    r"(?: (?:we|i) (?:saw|found|hit|noticed))?\s*[:\-—–]?\s*$",
    r"\bwent (?:badly|poorly)\b",
    r"\b(?:contributing|contributors)\b",
    r"\b(?:root causes?|causes?) and (?:factors|contributors)\b",
)
"""More headings of a list of what went wrong."""
FACTOR_CUE = _rx(
    r"\bno (?:alert|alarm|alerting|monitor(?:ing)?|page|paging|runbook|playbook|dashboard|canary|staging|"
    r"test(?:s|ing)?|rollback plan|owner|backups?|validation|rate limit|circuit breaker|timeout|health ?check)s?\b",
    r"\b(?:alert|alarm|page|monitor|pager)s? (?:never |didn'?t |did not |wasn'?t |failed to )"
    r"(?:fire|trigger|go off|page|catch)",
    r"\bnothing (?:alerted|paged|fired|caught it)\b",
    r"\bnobody (?:got |was )?paged\b|\bno ?one (?:got |was )?paged\b",
    r"\b(?:missing|lack of|lacked|without an?) "
    r"(?:alert|alarm|monitor|runbook|playbook|dashboard|test|canary|check|owner)",
    r"\b(?:runbook|playbook|docs?|documentation|wiki)\b[^.\n]{0,30}\b(?:stale|out of date|outdated|wrong|missing|"
    r"old|didn'?t (?:cover|mention|exist)|was useless)\b",
    r"\b(?:alert|page|pager|alarm)s?\b[^.\n]{0,40}\b(?:(?:went|routed|sent|paged) to the wrong|wrong (?:team|rotation|"
    r"channel|person)|misrouted)\b",
    r"\b(?:paged|routed to|went to) the wrong (?:team|rotation|on-?call|person|channel)\b",
    r"\bdashboards?\b[^.\n]{0,30}\b(?:stale|out of date|outdated|lying|lied|wrong|broken|misleading|didn'?t show)\b",
    r"\b(?:stale|outdated|misleading|broken) dashboards?\b",
    r"\brollback\b[^.\n]{0,30}\b(?:took|was slow|slow|failed|didn'?t work|broke)\b",
    r"\b(?:slow|failed|painful|manual) rollback\b",
    r"\btook (?:us )?(?:way )?(?:too long|forever|ages|a while|\d+\s*(?:min|minutes|h|hours)) to\b",
    r"\bcost us\b",
    r"\b(?:customers?|users?|support) (?:told|found|noticed|reported)\b[^.\n]{0,20}\b(?:before|first)\b",
    r"\bfound out from (?:customers?|users?|twitter|support)\b",
    r"\bsingle point of failure\b|\bspof\b",
    r"\bnever (?:been )?(?:tested|exercised|practi[sc]ed|rehearsed)\b",
    r"\bwasn'?t (?:tested|documented|monitored|alerted|caught|reviewed)\b",
    r"\bnobody (?:knew|owned|noticed|remembered)\b|\bno ?one (?:knew|owned|noticed|remembered)\b",
    r"\bmade (?:this|it|things) worse\b",
    r"\bcontributing factor\b|\bcontributed to\b",
    r"\bslowed (?:us|down) (?:the )?(?:down|response|recovery|mitigation)?",
    r"\b(?:on-?call|responder)s? (?:didn'?t|did not) (?:have|know)\b",
    r"\bdidn'?t have (?:access|permissions?|a runbook|an alert)\b",
    r"\bnever (?:page[sd]?|fire[sd]?|alert(?:s|ed)?|shows?|showed|caught|catch(?:es)?|triggered|tripped)\b",
    r"\bnothing (?:\w+ )?(?:monitors|checks|looks at|watches|alerts on|pages on|tests|validates|verifies)\b",
    r"\bonly (?:fires|alerts|pages|checks|looks at|monitors|watches|tests|runs) ",
    r"\b(?:only )?(?:saw|found out|learned|heard|noticed) (?:about )?(?:it|this|that)? ?(?:via|from|through) "
    r"(?:the )?(?:customers?|support|users|twitter|tickets?)\b",
    r"\blost (?:most of |about |~|nearly |almost )?(?:an?|\d+|half an?) ?(?:hour|hours|min|minutes)\b",
    r"\bno (?:priorit(?:y|ies)|backoff|jitter|retry budget|isolation|redundancy)\b",
    r"\bat (?:its|their) limits?\b",
)
FACTOR_INLINE = re.compile(
    r"^\W*(?:(?:note |notes |one )?for the (?:review|post-?mortem|pm|retro|write-?up|rca)|"
    r"(?:pm|retro|postmortem|review) note)\s*[:\-—–]\s*(?P<what>\S.{8,300})$",
    re.IGNORECASE,
)
"""A finding flagged for the review on its own line: "for the review: nothing pages on slow climbs"."""
REFLECTIVE = _rx(
    r"\bfor the (?:review|post-?mortem|pm|retro|write-?up)\b",
    r"\b(?:would|should|could) have\b",
    r"\bnever\b|\bnobody\b|\bno ?one\b|\bat all\b",
    r"\blost\b|\bcost us\b|\btook\b|\btoo (?:long|late|slow|high|low)\b",
    r"\bstale\b|\bout of date\b|\boutdated\b|\bwrong (?:team|rotation|volume|person)\b|\bmisrouted\b",
    r"\bonly\b|\bbefore (?:we|our)\b|\bfirst\b",
    r"\bfound (?:it|this|out)\b|\b(?:customers?|users?) (?:told|found|reported)\b",
)
"""Words of hindsight: a factor stated during the incident counts only with one of these."""

"""A single statement of a contributing factor: a missing alert, no runbook, a misrouted page, a
stale dashboard, a slow rollback, a late or customer-first detection."""


STATUS_DECLARATIONS_TITLED = _each(
    r"^\W*status ?page\s*(?:[:\-—–=]+|\bset to\b|\bmoved to\b|\bnow\b)\s*(?:set to |moved to |now |at )?[*_\[\"']?"
    r"(?P<word>investigating|identified|monitoring|resolved)\b(?=\s*(?:[:\-—–,.;!*_\]\"']|$))",
    r"\bstatus ?page (?:is |now |set to |moved to )?(?P<word>resolved|monitoring|identified)\b"
    r"(?=\s*(?:[:\-—–,.;!*_\]\"']|$))",
    r"^[^\n]{0,80}?\s[—–|]\s*[*_\[]?(?P<word>investigating|identified|monitoring|resolved)[*_\]]?\s*[:\-—–]",
    r"^\W*(?P<word>resolving)\s*[.!,:;—–]",
)
"""A status stated in the shapes status pages and people quoting them use: "status page: Identified -
posted", "Status page set to Monitoring: …" (the word then ends its phrase: a quoted "Monitoring is up" names a
service), a titled post "Checkout API — *Identified*: …" and a bare
"resolving." opening a message."""
RECOVERED_SHAPES = _rx(
    r"\bback to (?:\S+ ){1,3}(?:baseline|normal|levels?)\b",
    r"\b(?:loads?|works?|responds?|renders?|syncs?|connects?|succeeds?) (?:\S+ )?again\b",
    r"\b(?:throttling|throttles|rejections|errors?|timeouts|exceptions|failures|[45]xx|[45]\d\ds)\b[^.?!\n]{0,12}"
    r"\b(?:is |are )?gone\b",
    r"\b(?:is|are|'re|'s) (?:all )?(?:fine|ok|okay|good) now\b",
)
"""More states of recovery: "back to last week's baseline", "pages load again", "the throttling is gone",
"users are fine now". (Parts "back in sync" are a component's state, not the impact stopping.)"""
DECISION_OPENER = re.compile(
    r"^\W*(?:ok(?:ay)?|so|alright|right|fine|then|agreed)\W{0,3}\s*(?:decision|decided|call|plan)\s*[:\-]",
    re.IGNORECASE,
)
"""A decision label after an opening word ("ok decision: roll back …", "so, call: we fail over")."""
STEP_DESCRIBED = _rx(
    r"\b(?:is|are|was|were|being|got|gets|getting) throttl(?:ing|ed)\b",
    r"\bthrottling ?exceptions?\b",
    r"(?:->|→)[^\n]*(?:->|→)",
    r"\b(?:can|could) (?:you|someone|somebody) (?:please )?(?:post|publish|send)\b",
)
"""A step's verb describing the failure itself, not a step taken: a system "is throttling reads", a causal
chain "a -> b -> sessions revoked -> loop", or a request to post a status text (a draft still)."""
STEP_AS_NOUN = re.compile(
    r"\b(?:on|upon|after|during|before|since|without|from|at) (?:the |a |each |every )?$", re.IGNORECASE
)
"""The words before a step's verb that make it a noun of the story ("a BGP issue on restart", "since the
failover"), not a step someone took."""
DEPLOY_MORE = _rx(
    r"\bapply\W{0,2} (?:finished|completed?|succeeded|done)\b",
    r"\b(?:terraform|tofu|pulumi|helm) (?:apply|up|upgrade)\b[^\n]{0,40}\b(?:finished|completed?|succeeded|done)\b",
)
"""Infrastructure-as-code bots reporting a change applied ("`apply` finished by … — change: …")."""
CAUSE_FOUND = re.compile(
    r"^\W*(?:(?:ok|so|yes|yep|yeah|right)\W+)?(?:i think |pretty sure |i'?m fairly sure )?(?:found it|that'?s it|"
    r"that'?s (?:the|our) (?:cause|culprit|root cause|problem|bug|trigger)|there it is)\b(?!\s+(?:for|from)\b)"
    r"(?!\s*(?:then)?\W*$)",
    re.IGNORECASE,
)
"""Someone saying the cause is found ("found it i think. …", "i think that's it. …", "there it is"):
the incident moves to identified even before the cause is written down as a hypothesis."""
PUBLISHED_REPORT_MORE = _rx(
    r"\b(?:postmortem|post-mortem|rca|incident report|write-?up) (?:is |was |has been )?"
    r"(?:published|posted|live|out)\b",
    r"^\W*\[?(?:postmortem|post-mortem|rca)\]?\s*[:\-—–]",
)
"""More shapes of the public write-up going out ("[Postmortem] Checkout — postmortem published …")."""

# -- cause and theory reading that generalises (claims.py, hypotheses.py) ------------------------------
NOT_A_HEDGE = _rx(
    r"\bmay\s+\d{1,2}(?:st|nd|rd|th)?\b",
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+may\b",
    r"\b(?:in|since|from|until|of|early|mid|late) may\b",
    r"\b(?:all |everything |everyone |every \w+ )?at once\b",
    r"\bonce (?:a|an|per|every|more|again|or twice)\b",
    r"\b(?:more than|only|just|at least) once\b",
    r"\b(?:should|would|could)(?:n'?t| not)? have (?:been )?(?:caught|flagged|alerted|paged|noticed|blocked|stopped|"
    r"prevented|rejected|warned|failed|fired|seen)\b",
    r"\b(?:wasn'?t|weren'?t|was not|were not|not|never|un)\s?able to\b",
    r"\b(?:couldn'?t|couldnt|could not|wouldn'?t|wouldnt|would not)\b",
    r"\bpending (?:requests?|jobs?|tasks?|writes?|connections?|queries|messages|events|calls)\b",
)
"""Words HEDGE reads as doubt that are not doubt here: the month ("added on may 29"), "at once"
(together), hindsight ("the validator should have caught that": it did not) and a failure to do
something ("couldn't load", "unable to connect")."""
OPINION_LEAD = re.compile(
    r"^\W*(?:(?:ok|okay|so|yeah|yep|and|right)\W+)?(?:i (?:think|believe|reckon|'m (?:fairly |pretty |quite )?sure)|"
    r"i'?m (?:fairly |pretty |quite |now )?(?:sure|confident)|(?:pretty|fairly|quite) sure|most likely|very likely|"
    r"almost certainly|looks like|seems like)\W+(?=\S)",
    re.IGNORECASE,
)
"""An opinion put before a verdict ("i think that's it", "pretty sure that's our culprit"): said
without a question, the verdict stands; the opinion only softens it."""
RECAP_LEAD = re.compile(
    r"^\W*(?:[^:\n]{0,50}?\b(?:summary|recap|tl;?dr|plainly|what we know|where we are|for everyone|for anyone|"
    r"for those|short version|bottom line|in short|to summari[sz]e|writing (?:it |this )?down|state of play|"
    r"our understanding|current understanding|so far)\b[^:\n]{0,40}?)\s*[:\-—–]\s+(?=\S)",
    re.IGNORECASE,
)
"""A label that introduces a summary of what is known ("summary: …", "writing down what we know: …",
"to say it plainly for everyone joining: …"): what follows is the channel's own statement of it."""
CAUSE_IS = re.compile(
    r"(?:^|[,;:(]\s*|\band\s+|\bso\s+)(?:the\s+)?(?:(?:root|likely|probable|actual|real|underlying)\s+)?"
    r"(?:cause|culprit|trigger)\s+(?:is|was|=|seems to be|looks to be)\s+(?P<claim>[^.!?\n;]{4,200})",
    re.IGNORECASE,
)
"""The cause named in a summary without "the" or a colon: "…, cause is the 291 content + an OOB read"."""
FINDING_CLOSER_WHY = re.compile(
    r"^\W*(?:so\s+|and\s+)?(?:that'?s|this is|that is|which is|which was|that was|which explains|that explains|"
    r"this explains)\s+(?:why|how)\s+(?P<effect>[^.!?\n]{3,200}?)[.!\s]*$",
    re.IGNORECASE,
)
"""A clause that names what came before it as the cause of a failure ("that's why the control plane is
down even though …")."""
CAUSE_SO = re.compile(
    r"^(?P<claim>[^.!?\n]{12,220}?),?\s+(?:so|which (?:means|meant)|and (?:so|therefore)|hence|therefore|->|→)\s+"
    r"(?P<effect>[^.!?\n]{3,200}?)[.!\s]*$",
    re.IGNORECASE,
)
"""A cause and its effect in one sentence: "our parser doesn't understand that record type, so every
new version got rejected" (read only when the effect is a failure)."""
THEORY_WHY = re.compile(
    r"^\W*(?:(?:right|ok|okay|so|hm+|and|but)\W+){0,2}why (?:is|are|was|were|does|do|did|would|isn'?t|aren'?t|"
    r"wasn'?t|doesn'?t|don'?t|didn'?t|hasn'?t|haven'?t|won'?t)\s+(?P<claim>(?:the|our|their)\b"
    r"[^?.!\n]{3,120}?)\s*(?:[?.!]|$)",
    re.IGNORECASE,
)
"""A theory put as a why-question about a thing that misbehaves ("so why is the asg not scaling out"):
the question names what the channel then checks."""
NOT_A_THEORY_MORE = _rx(
    r"\b(?:handover|hand ?over|hand-?off|take over|taking over|swap (?:ic|in|out)|rotate out|"
    r"incident commander|comms lead|scribe)\b",
    r"(?<![\w-])ic(?![\w-])",
    r"\byou(?:'ve| have|'re| are|'d| had)\b",
    r"\b(?:can|could|would|will) (?:you|u|someone|somebody|anyone|anybody) (?:\w+ )?(?:please |pls )?"
    r"(?:check|look|take|grab|ping|page|loop|post|join|own|run|send|share|get|pull|open)\b",
    r"\bwant (?:a|an|me|us|some|to)\b",
    r"\b(?:coffee break|sleep|food|pizza|eat|shift change)\b",
)
"""More guesses about something other than the cause: who runs the incident, requests to a person,
a person's state ("kasia you've been IC for 2h, want a handover?")."""
FAILURE_EFFECT_MORE = _rx(
    r"\b(?:out[- ]of[- ]bounds|bug ?check\w*|bsod|blue ?screens?|kernel panic|panic\w*|segfault\w*|null pointer|"
    r"deref\w*|overflow\w*|reject\w*|revoked|evicted|deadlock\w*|killed|expired|exhausted|boot ?loop\w*|"
    r"login loop|crash ?loop\w*|logged out|kicked out|never (?:arrived|landed|reached|applied|got))\b",
    r"(?:->|→)",
)
"""More names of a failure, for the effect half of a cause ("…, so the interpreter read past the end
of its inputs -> out-of-bounds read -> bugcheck")."""
GO_AHEAD = re.compile(
    r"^\W*(?:yes|yep|yeah|yup|ok|okay|sure)\W*(?:pls|please|plz|go ahead|go for it|do it|do that|thanks|ty)\b",
    re.IGNORECASE,
)
"""A "yes" that grants a request ("yes pls", "yep go ahead"): permission, not a verdict on a theory."""
THEORY_YES_NO = re.compile(
    r"^\W*(?:[^:?\n]{1,40}:\s*)?(?:(?:so|and|or|hm+|wait|ok|okay|right|also|btw|then)\W+){0,2}(?:is|are|was|were|"
    r"has|have) "
    r"(?!(?:we|you|u|i|they|he|she|everyone|everybody|anyone|anybody|someone|somebody|there|it|this|that|"
    r"any|anything)\b)(?P<claim>[^?\n]{3,80})\?",
    re.IGNORECASE,
)
"""A yes/no question about a named thing ("is australia-southeast1 just having a bad night?", "are
the backups gone too?"): a theory when it says the thing misbehaves (:data:`SUSPECT_STATE`)."""
THEORY_ARE_WE = re.compile(
    r"\b(?:are|were|is) (?:we|this|it) (?:looking at|dealing with|seeing|under|facing|hit by|hitting)\s+"
    r"(?P<claim>(?:a|an|some|another|the)\b[^?.!\n]{2,80})\?",
    re.IGNORECASE,
)
"""A theory put as what the channel is facing ("are we looking at an attack?")."""
SUSPECT_STATE = _rx(
    r"\b(?:gone|bad|wrong|flaky|weird|odd|acting up|misbehav\w*|compromised|hacked|attack\w*|saturated|overloaded|"
    r"full|stale|expired|leak\w*|involved|related|to blame|the (?:cause|problem|culprit|issue|trigger)|lagg?\w*|"
    r"behind|starved|pegged|maxed|throttl\w*|saturat\w*|thrashing|flapping|dying|choking|struggling)\b",
    r"\bhaving (?:a|an|issues|problems|trouble)\b",
)
"""What a yes/no theory says of its subject: that it misbehaves or is to blame (not that it is back)."""
CAUSE_THEORY_FIRM = re.compile(
    r"\b(?:working |current |leading |main )?(?:theory|hypothesis|suspicion)\b[^:\n]{0,30}?\b(?:(?:is )?(?:now |"
    r"pretty |very |fairly |quite )*(?:solid|firm|confirmed|proven|verified|holding|holds|stands|checks out))"
    r"\s*[:\-—–]\s*(?P<claim>[^.!?\n]{6,220})",
    re.IGNORECASE,
)
"""A theory declared proven, with the cause after it ("working theory is now pretty solid: the access
policy change at 14:47 blocked …")."""
THEORY_OURS = re.compile(
    r"\b(?:is|could|can|might|would|may) (?:it|this|that) (?:be |have been )?(?:us|ours|on us|our (?:fault|side|end|"
    r"doing|change|release|deploy))\b|\bcould be (?:ours|us)\b|^\W*(?:is it|was it|it'?s) (?:us|ours)\b",
    re.IGNORECASE,
)
"""A theory that points at the asker's own side ("db side: is it us?", "we shipped at 09:30, could be
ours?"): what it suspects is named beside it, in a label or the next clause."""
ANNOUNCED = _rx(
    r"^\W*(?:(?:ok|done|and)\W+)?(?:published|posted|live)\b(?! (?:in|to|here) (?:the |this )?(?:channel|thread|doc))",
    r"\b(?:blog|statement|announcement|banner|notice|advisory|e-?mails?|notifications?|trust page|status (?:site|page)|"
    r"tweet|post|message)s?\b[^.!?\n]{0,40}\b(?:is live|are live|went out|going out|published|sent|posted|is up|"
    r"are out|is out)\b",
    r"\b(?:published|posted|sent)\b[^.!?\n]{0,15}\b(?:on|to) (?:the )?(?:\S+ ){0,2}(?:status|trust|blog|website|"
    r"site|socials?|twitter|banner|admin cent(?:er|re)|customers|members|frontline|stores)\b",
    r"\bsending (?:\S+ ){0,3}(?:alert|notice|e-?mails?|statement|update|advisory) to\b",
)
"""A person saying an announcement went out to customers or the public ("blog post is live", "published
on the status site", "notice emails going out to the affected customers"), with or without naming a
status page."""
AUDIENCES = _each(
    r"\bstatus\b|\btrust page\b",
    r"\be-?mails?\b|\bnotices?\b|\bnotifications?\b|\balert\b|\bmacros?\b",
    r"\bblog\b|\bstatement\b|\bwebsite\b|\bsocials?\b|\btwitter\b|\bbanner\b|\bpress\b",
)
"""Where an announcement went: the status page, messages to affected customers, or a public statement;
the first announcement through each is its own moment of communication."""
