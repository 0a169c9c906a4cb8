"""How an incident is noticed and taken: alerts, pages, tickets, reports, acks, escalation, command."""

from __future__ import annotations

from bot.analysis.lexicon.shared import _rx

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
    r"\b(?:on it|looking(?: into it)?|i'?ve got (?:it|this)|i got this|i'?m here|here,? looking|joining)\b",
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
    r"^(?!\W*alert\b)[^\n]{0,40}\b(?:incident|inc-?\d+|inc\d+)\b[^\n]{0,60}\b(?:declared|created|opened)\b",
)
"""An incident tool opening the incident ("Incident #4471 declared … severity SEV-2 — commander: …",
"INC0981123 created - P1"): command and severity set, a moment of the response (not an alert)."""
