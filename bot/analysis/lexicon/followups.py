"""Follow-ups and action items: headings, one-line cues, asks, promises, horizons and tracker tickets."""

from __future__ import annotations

import re

from bot.analysis.lexicon.shared import _rx

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
DUE = re.compile(
    r"\b(?P<due>this week|next week|tonight|tomorrow|today)\b|"
    r"\bby (?P<by>(?:mon|tues|wednes|thurs|fri|satur|sun)day|eod|eow|end of (?:day|week|month|quarter)|"
    r"next week|tomorrow|\d{4}-\d{2}-\d{2}|q[1-4])\b",
    re.IGNORECASE,
)
HORIZON_IMMEDIATE = _rx(r"\btoday\b", r"\bnow\b", r"\bimmediately\b", r"\basap\b", r"\btonight\b", r"\beod\b")
HORIZON_LONG = _rx(r"\bquarter\b", r"\bq[1-4]\b", r"\blong[- ]term\b", r"\bredesign\b", r"\bre-?architect")
ACTION_VERB = re.compile(
    r"^\s*(?:add|fix|write|update|document|rotate|create|set up|build|automate|review|investigate|file|"
    r"migrate|implement|remove|cap|tune|enable|audit|test)\b",
    re.IGNORECASE,
)
EVIDENCE = re.compile(
    r"\b(?:we should check|we need|need to check|we'?d need|should look at)\s+(?P<what>[^.?!\n]{6,160})",
    re.IGNORECASE,
)
ACTION_HEADING = _rx(
    r"^\W*(?:action items?|action points?|actions?|follow[- ]?ups?|followups|to-?dos?|next steps|"
    r"remediation(?: items)?|corrective actions?|repair items?|tasks?|work items?|post-?incident (?:work|tasks))\b",
)
"""The heading of a list of things to do."""
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
