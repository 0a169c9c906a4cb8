"""How an incident is noticed and taken: alerts, pages, tickets, reports, acks, escalation, command."""

from __future__ import annotations

from bot.analysis.lexicon.shared import NOT_AN_ACK_AFTER, _rx

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
    r"^\W*(?:monitor|check|probe|synthetic|health ?check|endpoint|uptime)\w*\b[^\n]{0,40}\b(?:is )?(?:down|failed|"
    r"failing)\b",
)
"""What a monitoring bot says when something starts failing."""


_EMOJI_LEAD = r"^\W*(?::[a-z0-9_+-]+:\W*)*"
"""What opens a bot's post before its words: punctuation and emoji codes (":large_green_circle: [RESOLVED] …")."""
ALERT_RECOVERED = _rx(
    _EMOJI_LEAD + r"\[?(?:ok|recovered|resolved)\]?\s+(?!by\b)[\w\[]",
    _EMOJI_LEAD + r"(?:\[)?(?:recovered|resolved|ok|cleared|back to normal)\b\s*[:\-—–\]]",
    r"\b(?:has |is )?(?:auto[- ]?)?(?:recovered|resolved|cleared)\b.*\b(?:alert|monitor|threshold|check)\b",
    r"\b(?:alert|monitor|check|alarm)\b.*\b(?:recovered|cleared|auto[- ]?resolved|returned to ok|is ok)\b",
    r"\bauto[- ]?resolved\b",
    r"^\W*\[?(?:alert |check |monitor |alarm )?closed\b",
    _EMOJI_LEAD + r"\[?(?:ok|up|recovered|resolved)\b\]?\s*[:\-—–\]]",
    r"\b(?:alert|alarm|monitor|check)\b[^\n]{0,40}\bclosed\b",
    r"\b(?:is|are) (?:back )?up (?:again|after)\b",
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
ISSUE_REPORTED = _rx(
    r"\bnew (?:issue|bug|bug report|report)\b[^\n]{0,12}?#\d{2,}\b[^\n]{0,30}?\b(?:by|from|opened by)\b",
    r"\b(?:issue|bug) #\d{2,} (?:opened|reported|filed) by\b",
)
"""An issue tracker's feed announcing a report from someone ("New issue #32522 by a community member: …"): the
public telling the team something is wrong, detection like a support ticket."""
CUSTOMER_REPORT = _rx(
    r"\bcustomers? (?:are |is )?(?:report(?:ing|ed|s)?|complain(?:ing|ed|s)?|saying|seeing|hitting|telling|escalat)",
    r"\busers? (?:are |is )?(?:report(?:ing|ed|s)?|complain(?:ing|ed|s)?|seeing|hitting)",
    r"\breports? (?:from|of) (?:customers|users|merchants|clients)\b",
    r"\b(?:getting|seeing|we have|got) (?:a (?:lot|bunch|few) of |some |many )?(?:reports|complaints)\b",
    r"\b(?:chats?|messages|e-?mails|calls|dms) (?:\S+ )?from (?:\S+ )?(?:users|customers|merchants|clients)\b",
    r"\b(?:twitter|social|reddit|hn|x\.com)\b.*\b(?:complain|report|down)",
    r"\b(?:merchants?|clients?|partners?) (?:are |is )?(?:report|complain|escalat)",
    r"\b(?:\d+|several|some|a few|two|three|many|multiple) (?:\w+ )?(?:admins?|agents|members|sellers|tenants|orgs|"
    r"accounts|customers|users|clients)\b[^.?!\n]{0,25}\b(?:report(?:ing|ed|s)?|complain(?:ing|ed|s)?|say(?:s|ing)?)\b",
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
    r"\b(?:broken|failing|erroring|timing out)\s+(?:for|on|in) (?:me|us|users|customers|everyone|prod\w*|all)\b",
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
    r"\b(?:on it|looking(?: into it)?|i'?ve got (?:it|this)|i got this|i'?m here|here,? looking|joining)\b"
    + NOT_AN_ACK_AFTER,
    r"^\W*(?:checking|taking a look|having a look|investigating|eyes on|responding)\b",
    r"^\W*mine\b",
    r"\b(?:i|we) see it\b",
)
"""Someone taking the incident: an ack, taking or handing over IC, joining to look."""
ESCALATE = _rx(
    r"\bescalat(?:e|ed|ing)\b",
    r"\b(?:looping|looped|loop|pulling|pulled|pull|bringing|brought|bring|paging|page|adding) in\b(?! by\b)",
    r"\bpaged (?:the )?\w+",
    r"\bpaging (?:the |our )?(?:secondary|primary|backup|on-?call|\w+ on-?call|\w+ team|\w+ lead)\b",
    r"\b(?:rais|open|fil)(?:ed|ing) (?:a |an )?(?:\w+ )?(?:case|ticket|support case) with\b",
    r"\b(?:bumping|upgrading|raising) (?:this |it |the incident )?to (?:sev|p)[- ]?[0-4]\b",
)
"""Bringing in more people, another team or a vendor; raising the severity."""
SEVERITY_RAISED = _rx(
    r"\bescalat\w* (?:\S+ ){0,3}to (?:sev|p|severity)[- ]?[0-4]\b",
    r"\bseverity (?:\S+ ){0,2}(?:raised|upgraded|increased|changed|escalated)\b[^\n]{0,20}\b(?:sev|p)[- ]?[0-4]\b",
    r"\b(?:sev|p)[- ]?[0-4]\s*(?:→|->|=>)\s*(?:sev|p)[- ]?[0-4]\b",
)
"""An incident or paging tool raising the incident's severity; moving a page to the next person on the rota is
not an escalation of the incident (later people joining)."""
COMMAND = _rx(
    r"^\W*(?:ic|incident commander)\s*[:=\-]?\s*(?:is\s+)?(?:<@|@?[a-z])",
    r"(?:^|[.!;]\s+)(?:sev|p)[- ]?[0-4]\b",
    r"\b(?:i'?m|i am|i'?ll be|taking|i'?ll take|i have|i'?ve got|takes|taking over|is now|is the|"
    r"now)\b[^.?!\n]{0,12}\b(?:ic|incident commander|incident lead)\b",
    r"\b(?:ic|incident commander|incident lead) (?:is|will be|now)\b",
    r"\bhand(?:ing|ed)? ?over\b|\bhandoff\b",
    r"\b(?:calling|declaring|call|declare|this is|it'?s|making|bumping|raising)\b[^.?!\n]{0,15}\b(?:sev|p)[- ]?[0-4]\b",
    r"^\W*(?:sev|p)[- ]?[0-4]\b",
    r"(?<!\byou )\b(?:is|as|be) (?:the )?(?:ic|incident commander|incident lead)\b(?!\s*\?)",
    r"^\W*\w+ here\W+(?:ic|incident commander|incident lead)\b",
)
"""Command of the incident changing hands, or its severity declared: moments a timeline keeps."""
INCIDENT_OPENED = _rx(
    r"^(?!\W*alert\b)(?![^\n]*\b(?:draft|scheduled|not visible|unpublished)\b)"
    r"[^\n]{0,40}\b(?:incident|inc-?\d+|inc\d+)\b[^\n]{0,60}\b(?:declared|created|opened)\b",
)
"""An incident tool opening the incident ("Incident #4471 declared … severity SEV-2 — commander: …",
"INC0981123 created - P1"): command and severity set, a moment of the response (not an alert). A draft or a
scheduled record opens nothing."""

# -- more tools and voices (session 8 red team: tools and teams the dev set does not use) -----------------
MONITOR_BOT = _rx(
    r"opsgenie|pager ?duty|datadog|grafana|alert ?manager|prometheus|sentry|new ?relic|pingdom|uptime|cloudwatch|"
    r"aws chatbot|nagios|icinga|zabbix|checkly|statuscake|site24x7|dynatrace|splunk|victorops|bugsnag|rollbar|"
    r"honeycomb|appdynamics|instana|squadcast|xmatters|zenduty|cronitor|healthchecks|sensu|prtg|\balerts?\b|"
    r"\bmonitor(?:ing|s)?\b|\bwatchdog\b",
)
"""The author name of a monitoring or paging tool: what it posts, when it is not a recovery, an
acknowledgement or an escalation, is an alert however its text is laid out."""
ALERT_MORE = _rx(
    r"^\W*(?:down|problem|outage|unhealthy|degraded|regression|incident|violation|error)\b\s*[:\-\]!]",
    r"^\W*(?:\*+\s*)?problem\b",
    r"^\W*new (?:alert|issue|incident|problem|violation|error|exception|event)\b(?! (?:posted|published|update))",
    r"\b(?:is|are) (?:currently |now |still )?down\b",
    r"[<>≥≤]\s*~?\d",
    r"\b(?:is |are |was )?(?:above|below|exceed(?:s|ed|ing)?)\s+~?\d",
    r"\bpriority\W{0,3}(?:p[0-5]|high|highest|critical|urgent)\b",
    r"\bentered (?:the )?alarm\b|\balarm state\b",
    r"\b(?:critical|violation|problem) (?:opened|started|detected)\b",
    r"^\W*(?:🔥|🚨|❗|‼|⚠|🔴)",
)
"""More alert layouts: a state first ("DOWN: …", "PROBLEM Host Alert", "Regression: …"), a new issue or
alert, a threshold compared ("> 5%", "is above 1.5s"), a priority, an alarm state, an alarm emoji first.
Read for bots only."""
SEVERITY_RAISED_MORE = _rx(
    r"\b(?:severity|priority|sev)\b[^\n]{0,40}?\b(?:changed|raised|updated|upgraded|increased|escalated|bumped|set|"
    r"moved)\b[^\n]{0,30}?(?:\bto\b|→|->|=>)\s*\W?(?:sev(?:erity)?[- ]?[0-4]|p[0-4]|critical|major|high|highest|"
    r"urgent)\b",
)
"""An incident, paging or ticket tool setting or raising the severity or priority ("Severity of incident #231
set to SEV1", "severity updated: Minor → Major", "Priority changed from P3 to P1")."""
ROLE_ASSIGNED = _rx(
    r"\brole (?:assigned|changed|updated|set)\b",
    r"\bis now (?:the )?(?:incident )?(?:commander|lead|ic|coordinator|manager)\b",
    r"\b(?:incident )?(?:commander|lead|coordinator)\b (?:role )?(?:assigned|changed|set) to\b",
    r"\b(?:assigned|took|takes|has taken) (?:the )?(?:incident )?(?:commander|lead|ic) role\b",
)
"""An incident tool recording who commands the incident ("Role assigned - Incident Commander: …", "… is now
the Incident Lead")."""
COMMAND_MORE = _rx(
    r"\bhand(?:ing|ed|s)? (?:off |over )?(?:ic|command|incident command|the con+|the incident|comms lead)\b"
    r"(?: over)? to\b",
    r"\bpass(?:ing|ed|es)? (?:the )?(?:ic|command|incident command|the con+|baton)\b",
    r"\b(?:has|have|take|takes|taking|took|got) the con+\b",
    r"^\W*new (?:ic|incident commander|incident lead)\s*[:=\-]",
)
"""Command changing hands in more words: "handing IC to …", "passing command", "X has the con", "new IC: …"."""
ESCALATE_MORE = _rx(
    r"\b(?:calling|called|call|roping|roped|rope|dragging|dragged) in\b(?! sick)",
    r"\b(?:rais|open|fil|lodg|creat|logg|submitt?)(?:ed|ing) (?:a |an )?(?:[\w-]+ ){0,2}(?:case|ticket|p[0-4]|"
    r"sev[- ]?\d|issue|request) with\b",
    r"\b(?:reached out to|contacted|called|engaged|pinged|notified|alerted|messaged|emailed|phoned|rang) (?:the |our |"
    r"their |\S+'s )?(?:\S+ ){0,2}(?:support|vendor|provider|noc|account team|tam|csm|on-?call|team|squad|lead|manager|"
    r"owners?|sre|dba|security|secops|netops|legal)\b",
    r"\bgot (?:\S+ ){1,3}on (?:a |the )?(?:phone|line|bridge|call|zoom)\b",
    r"\b(?:brought|bringing|pulled|pulling|looped|looping|roped|roping|called|calling) (?:the |our )?(?:\S+ ){0,3}"
    r"(?:team|folks|people|on-?call|engineers?|vendor|support|lead|owners?|sre|dba)s? in\b",
    r"\b(?:vendor|provider|support|team|noc|on-?call)\b (?:is |has been |are |have been |now )?engaged\b",
    r"\basked (?:the |our )?(?:\S+ ){0,2}(?:team|on-?call|support|vendor|folks|engineers?|lead) to (?:join|help|look|"
    r"jump|hop|dial)\b",
    r"\b(?:support|vendor|provider|noc|team|on-?call) (?:is |are |has been |have been )?(?:looped|pulled|brought|"
    r"roped) in\b",
    r"\b(?:rais|bump|upgrad|promot|mov|escalat|chang|sett?|mark)(?:e|ed|es|ing|s)? (?:this |it |the incident |the "
    r"severity |severity |sev )?(?:to|as) (?:a )?(?:sev(?:erity)?[- ]?[0-4]|p[0-4]|critical|major|high|urgent)\b",
    r"\b(?:this is|it'?s|now|declar\w+|call\w*)\b[^.?!\n]{0,12}\b(?:a )?(?:major|critical|high[- ]sev\w*) "
    r"(?:incident|outage)\b",
)
"""More ways of pulling in another team or a vendor ("calling in the manager", "opened a P1 with the vendor",
"contacted the transit provider's NOC", "got support on the phone", "asked the security team to join") and of
raising the severity ("moving this to sev 2", "raising severity to critical", "this is now a major incident")."""
GROUP_MENTION = _rx(
    r"(?:^|\s|\|)@[\w.-]*(?:on-?call|team|sre|ops|dba|eng|support|responders|leads?)\b[\w.-]*",
)
"""A mention of a team's or a rota's handle ("@oncall-storage", "@dba-team"): that group pulled into the
channel, whatever the sentence around it asks."""
VENDOR_CASE = _rx(
    r"\b(?:case|ticket|p[0-4]|sev[- ]?\d) (?:\S+ ){0,3}with (?:the |our )?(?:vendor|provider|support|aws|gcp|azure|"
    r"google|microsoft|cloudflare|\w+ support)\b",
    r"\bwith (?:the |our )?(?:vendor|provider|\w+ support)\b[^.?!\n]{0,30}\b(?:case|ticket)\b",
)
"""Our own case with a vendor: a ticket number there is an escalation, not a customer's ticket."""
CUSTOMER_RELAY = _rx(
    r"\b(?:customers?|clients?|users?|merchants?|tenants?|partners?|subscribers?|members?|accounts?|shoppers?|"
    r"people|folks)\b[^.?!\n]{0,40}?\b(?:says?|said|saying|write|wrote|writes|writing|report\w*|complain\w*|tell|"
    r"told|telling|mention\w*|flagg?\w*)\b(?! (?:thanks|thank you))",
    r"\b(?:customer|client|merchant|user)s?'? (?:calls?|chats?|tickets?|complaints?|escalations?|conversations?)\b",
    r"\b(?:support|cs|customer success|account manager|csm|am|sales|frontline|helpdesk)\b[^.?!\n]{0,40}?\b(?:pinged|"
    r"told|says|said|relayed|forwarded|messaged|called|flagged|escalated|heads up)\b",
    r"\bheads up from (?:support|cs|customer success|sales|the \w+ team)\b",
    r"\b(?:emailed|called|contacted|wrote to|messaged|pinged|rang) (?:our )?"
    r"(?:support|cs|help ?desk|customer success)\b(?!'s)",
    r"\b(?:resellers?|shops?|stores?|sellers?|agencies|schools?|clinics?|restaurants?)\b[^.?!\n]{0,40}?\b(?:says?|said|"
    r"write|wrote|report\w*|complain\w*|emailed|called)\b",
    r"\b(?:twitter|social|reddit|forums?|community)\b[^.?!\n]{0,20}\blighting up\b",
)
"""Customers' reports relayed by someone (support, an account manager, social media), in the words people use
("a customer … says", "client … write us", "3 accounts wrote in", "account manager just pinged me")."""
SYMPTOM_MORE = _rx(
    r"\b(?:throwing|threw|throws|returning|returned|returns|giving|gave|gives|spitting out|spat out|getting|got|seeing|"
    r"hitting|hit)\b[^.?!\n]{0,30}\b(?:[45]\d\ds?|[45]xx|"
    r"errors?|exceptions?|timeouts?)\b",
    r"\b(?:stuck|hangs?|hanging|frozen|blank (?:page|screen)|white screen|crash(?:es|ing)?|logged out|loops? back|"
    r"spinner)\b[^.?!\n]{0,40}\b(?:for me|on my (?:phone|laptop|machine|device|end|account)|for (?:\w+ )?"
    r"(?:colleagues|coworkers|teammates|users|customers)|same for)\b",
    r"\bon my (?:phone|laptop|machine|device|end|account)\b[^.?!\n]{0,40}\b(?:stuck|hangs?|hanging|frozen|blank|"
    r"crash\w*|broken|fails?|failing|error\w*)\b",
    r"\bcrash(?:es|ing)? on (?:launch|start(?:up)?|open|login)\b",
)
"""More symptoms a person reports: errors thrown or returned, now or just now ("list just gave me a 500"; 4xx too), an
app stuck or crashing for them."""
ASKED_FIRST = _rx(
    r"^\W*(?:(?:hey|so|ok|and|also)\W+)?(?:did|does|have|has|had|were|was)\b(?!\s+(?:any|some)(?:one|body))"
)
"""A message that opens as a question ("did support get any tickets …"): it asks, it reports nothing."""
WH_QUESTION = _rx(r"^\W*(?:who|what|which|where|whom|whose)\b")
CONDITION = _rx(r"\b(?:if|unless|in case|once|should (?:\w+ )?(?:need|want))\b")
"""A condition in the sentence: "I'll take IC if … can't make it" takes nothing yet."""
