"""Steps taken against the incident (mitigation, deploys, decisions) and the words that only look like one."""

from __future__ import annotations

import re

from bot.analysis.lexicon.shared import _each, _rx

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
    r"\bscal(?:e|ed|ing|es) (?:\S+ ){0,2}(?:up|out)\b",
    r"\bscal(?:e|ed|ing) (?:\S+ ){0,5}(?:to|from) \d+",
    r"\b(?:add(?:ed|ing)?|provision(?:ed|ing)?|spin(?:ning)? up|spun up) (?:\S+ ){0,3}(?:capacity|nodes?|"
    r"instances?|replicas?|hosts?|servers?|workers?|shards?|brokers?|pods?|machines?|vms?|consumers?|partitions?)\b",
    r"\b(?:increas|rais|bump)(?:e|ed|ing|es)? (?:\S+ ){0,3}(?:limits?|quotas?|capacity|memory|pool size|"
    r"timeout|max\w*|heap|count|replicas|instances|nodes|workers|priority|weight|local[- ]?pref)\b",
    r"\b(?:restart(?:ed|ing|s)?|bounc(?:e|ed|ing)|recycl(?:e|ed|ing)|reboot(?:ed|ing)?)\b",
    r"\bkill(?:ed|ing)? (?:\S+ ){0,4}(?:pods?|process(?:es)?|jobs?|quer(?:y|ies)|connections?|workers?|sessions?)\b",
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
    r"(?<!the )(?<!an )(?<!our )(?<!their )(?<!its )\b(?:expir|invalidat)(?:e|ed|ing) (?:all |every )?(?:\S+ ){0,3}"
    r"(?:tokens?|sessions?|keys?|credentials?|certs?)\b",
    r"\b(?:flag|toggle|feature|switch|killswitch|integration|job|cron|worker|app|process|daemon|timer|agent|"
    r"consumer)s?\b[^.?!\n]{0,30}\b(?:is |are |now |turned |switched )*(?:off|disabled|paused|stopped)\b",
    r"\b(?:paus(?:e|ed|ing)|freez(?:e|ing)|froze|frozen|halt(?:ed|ing)?|suspend(?:ed|ing)?)\b",
    r"\bstop(?:ped|ping)? (?:\S+ ){0,3}(?:jobs?|cron|sync|rollouts?|deploys?|deployments?|pipelines?|writes?|"
    r"consumers?|"
    r"workers?|traffic|replication|backfill|migration|ingest(?:ion)?|the bleeding)\b",
    r"\bblock (?:the|all|that|those|these|traffic|requests|ips?|asns?|access|writes)\b|"
    r"\b(?:block(?:ed|ing)|blackhol(?:e|ed|ing)|null[- ]?rout(?:e|ed|ing)|deny[- ]?list(?:ed|ing)?|ban(?:ned|"
    r"ning)?)\b",
    r"\b(?:block|black)[- ]?list(?:ed|ing)?\b|\bsink-?hol(?:e|ed|ing)\b",
    r"\binvalidat(?:e|ed|ing) (?:the )?(?:\S+ ){0,2}(?:cache|cdn|paths?|edge)\b|\bcreate-invalidation\b|"
    r"\b(?:cache |cdn |edge )?invalidation\b[^.?!\n]{0,40}\b(?:submitted|created|completed?|done|finished|"
    r"in ?progress)\b",
    r"\brate[- ]?limit(?:ed|ing)?\b",
    r"\bthrottl(?:e|ed|ing)\b",
    r"\bshed(?:ding)? (?:\S+ ){0,3}(?:load|traffic|requests)\b",
    r"\b(?:re-?rout(?:e|ed|ing)|divert(?:ed|ing)?|evacuat(?:e|ed|ing)|redirect(?:ed|ing)?)\b",
    r"\b(?:shift(?:ed|ing)?|mov(?:e|ed|ing)|steer(?:ed|ing)?|send(?:ing)?|sent) (?:\S+ ){0,3}traffic\b",
    r"\b(?:rout(?:e|ed|ing)|shift(?:ed|ing)?|mov(?:e|ed|ing)|send(?:ing)?|sent) (?:\S+ ){0,3}(?:reads|writes|requests|"
    r"queries|load) (?:to|away|off)\b",
    r"\btraffic (?:\S+ ){0,2}(?:away|off|over|to)\b",
    r"\b(?:cordon(?:ed|ing)?|isolat(?:e|ed|ing)|quarantin(?:e|ed|ing)|fenc(?:e|ed|ing) off)\b",
    r"\b(?:pull(?:ed|ing)?|took|take|taking|remov(?:e|ed|ing)) (?:\S+ ){0,3}(?:out of|"
    r"from) (?:the )?(?:rotation|pool|lb|load balancer|service)\b",
    r"\b(?:purg(?:e|ed|ing)|flush(?:ed|ing)?)\b",
    r"\bclear(?:ed|ing)? (?:the )?(?:\S+ )?(?:cache|queue|backlog)\b",
    r"\bhot-?fix(?:ed|es|ing)?\b",
    r"\bpatch(?:ed|ing)?\b",
    r"\b(?:renew(?:ed|ing)?|re-?issu(?:e|ed|ing)|rotat(?:e|ed|ing)|replac(?:e|ed|ing)) (?:\S+ ){0,2}(?:certs?|"
    r"certificates?|keys?|credentials?|tokens?|secrets?|passwords?)\b",
    r"\brestor(?:e|ed|ing) (?:\S+ ){0,3}(?:from|backup|snapshot)\b",
    r"\bpromot(?:e|ed|ing) (?:\S+ ){0,2}(?:replica|secondary|standby)\b",
    r"\b(?:downgrad(?:e|ed|ing)|pin(?:ned|ning)? (?:\S+ ){0,2}(?:to|back))\b",
    r"\brevok(?:e|ed|ing)\b",
    r"\b(?:deactivat|demot|offboard)(?:e|ed|ing)\b",
    r"\broll(?:ing|ed)? forward\b",
    r"\bmitigat(?:e|ed|ing|ion)\b",
    r"\bworkaround\b",
    r"\b(?:re-?enabl(?:e|ed|ing)|turn(?:ed|ing)? (?:\S+ ){0,3}back on|flipped (?:\S+ )?back)\b",
    r"\b(?:enabl(?:e|ed|ing)|turn(?:ed|ing)? on)\b[^.?!\n]{0,40}\b(?:flag|budget|limit|limiter|protection|mode|"
    r"waf|shield|"
    r"breaker|fallback|failover|maintenance|read-?only)\b",
    r"\b(?:flag|budget|limiter|protection|breaker|fallback|maintenance mode)\b(?:[^.?!\n]|\.(?=\w)){0,40}\b(?:enabled|"
    r"turned on|on now)\b",
    r"\bmaintenance (?:mode|page|response)\b",
    r"\b(?:resum(?:e|ed|ing)|unpaus(?:e|ed|ing))\b",
    r"\bapplied (?:a |the )?(?:fix|patch|change)\b",
    r"\bfix (?:is )?(?:out|deployed|live|rolling|going out)\b",
    r"\b(?:revert|rollback|fix|patch|block|rule|override|redirect|filter|failover|limit)s?\b"
    r"(?: (?!is\b|are\b|now\b)\S+){0,5} (?:is |are |now )?(?:live|applied|in place|deployed|in effect)\b"
    r"(?=\s*(?:$|[.,;:!()\-—]|(?:in|on|at|to|for|across|everywhere|globally|now|since|and|but|with|via)\b))",
    r"\b(?:sessions?|tokens?|keys?|credentials?|accounts?|admins?|overrides?|caches?|permissions?|grants?)\b "
    r"(?:\S+ ){0,4}(?:invalidated|revoked|deactivated|demoted|cleared|purged|flushed|rotated|reset|suspended|"
    r"locked)\b",
    r"\b(?:certs?|certificates?)\b (?:\S+ ){0,2}(?:issued|renewed|reissued|replaced|installed)\b"
    r"(?! (?:on|in) (?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))",
    r"\b(?:replicas?|nodes?|hosts?|instances?|servers?|workers?|shards?|brokers?|pods?|consumers?|machines?|vms?|"
    r"capacity)\b (?:\S+ ){0,3}(?:added|"
    r"provisioned|launched|delivered|joined|in service)\b",
    r"\b(?:replicas?|secondary|standby|followers?)\b (?:\S+ ){0,2}promoted\b",
    r"\b(?:restore|restoration|failover|fail-over|cut-?over|switch-?over|rollback|roll-back|revert|purge|rotation|"
    r"evacuation|re-?route|reroute)s? (?:is |was |has )?(?:now )?(?:complete|completed|done|finished|succeeded)\b",
    r"\b(?:switch|cut|fail|flipp?)(?:ed|ing)? (?:\S+ ){0,3}(?:back|over) to\b",
    r"\btraffic (?:is )?(?:now )?(?:on|via|through|served from) (?:the )?(?:\S+ )?(?:backup|standby|secondary|dr|"
    r"healthy|other|new|old)\b",
    r"\b(?:delet|remov|dropp?|skipp?|discard)(?:e|ed|ing)? (?:the )?(?:\S+ ){0,2}(?:messages?|events?|jobs?) "
    r"(?:from|off|in) (?:the )?(?:\S+ )?(?:queue|topic|dlq|stream)\b",
    r"\b(?:swapp?|switch|chang|updat|repoint|flipp?)(?:e|ed|es|ing)? (?:[\w.\-]+ ){0,3}"
    r"(?:(?:dns|a|aaaa|cname|ns|alias) "
    r"(?:records?|entry|entries)|cname)\b",
    r"\b(?:records?|cname|dns|alias)\b (?:\S+ ){0,3}(?:now )?points? (?:at|to)\b",
    r"\b(?:lower|reduc|decreas)(?:e|ed|es|ing)? (?:\S+ ){0,3}(?:limits?|quotas?|concurrency|batch size|weights?|"
    r"parallelism)\b",
    r"\b(?:mov|migrat|resiz|upgrad|switch|scal)(?:e|ed|es|ing)? (?:\S+ ){0,4}to (?:a |the )?(?:bigger|larger|next|"
    r"higher) (?:\S+ )?(?:class|size|type|tier|plan|sku)\b",
    r"\brevert(?:s)? (?:\S+ ){0,2}(?:merged|landed|shipped)\b",
    r"\b(?:put|putting|set|setting|switch(?:ed|ing)?) (?:\S+ ){0,3}(?:in|into|to) (?:read-?only|maintenance|degraded|"
    r"safe) mode\b",
    r"\bderegister(?:ed|ing)?\b",
    r"^\W*(?:done|ok|yep)\W+[\w.\-]+ (?:is )?(?:now )?(?:off|disabled|paused|stopped|blocked)\b",
)
"""A step that reduces impact: switch off, pause, block, fail over, roll back, drain, scale, restart, …"""
_MITIGATION_FAMILIES = _each(*MITIGATION_ACTION.pattern[3:-1].split(")|(?:"))


def mitigation_family(text: str) -> int | None:
    """Which kind of mitigation step ``text`` names (an index into MITIGATION_ACTION's alternatives)."""
    return next((i for i, p in enumerate(_MITIGATION_FAMILIES) if p.search(text)), None)


MITIGATION_NOT_ACTION = _rx(
    r"\bmitigation (?:lead|owner|plan|options?|ideas?|steps?|track)\b",
    r"\b(?:roll ?back|rollback|revert|failover|fail over|restart|drain)\w* (?:is|would be|should be|looks|seems) "
    r"(?:\w+ )?(?:safe|fine|ok|okay|possible|an option|risky|unsafe|manual|slow|quick|fast|easy|hard|automatic)\b",
    r"\b(?:shows?|showing|marked|listed|appears?) as \W?(?:disabled|paused|blocked|frozen|throttled|suspended)\b",
    r"\brestart(?:ed|ing|s)? (?:at|loop|count|\d)",
    r"\b(?:tried|trying|try|test(?:ed|ing)?) (?:\S+ )?(?:restart|reboot|rollback|roll back|failover|fail over)\w*",
    r"\b(?:restarted|rebooted|scaled|drained|paused|disabled) (?:nodes?|pods?|hosts?|instances?)\b",
    r"\b(?:alert|monitor|page|ticket)s? (?:\S+ )?(?:disabled|paused|snoozed|muted)\b",
    r"\b(?:snooz|mut)(?:e|ed|ing)\b",
    r"\brestart(?:ed|ing)? (?:my|the) (?:laptop|browser|vpn|computer|client|slack)\b",
    r"\b(?:is|as|for) (?:a |an |the )?(?:follow[- ]?up|action item|todo|to-do)\b",
    r"\bdry[- ]?run\b|\b(?:on|in) (?:staging|a test (?:env\w*|cluster))\b",
)
"""Verbs of mitigation used about something else (muting an alert, restarting one's laptop), and a step
put off as a follow-up or rehearsed where customers are not (a dry run, staging)."""
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
    r"^(?![^\n]*\b(?:post|send|publish|tweet)\w*\b)\W*(?:approved|go ahead|do it|ship it|green ?light)\b",
    r"\bno[- ]go\b",
    r"^\W*(?:(?:ok(?:ay)?|agreed?|fine|right|so)\W+)?no (?:roll ?back|rollback|revert|failover|fail ?over|restore|"
    r"restart)\b(?=\s*(?:$|[.,;:!]|(?:we|for now|yet|then|either)\b))",
    r"\b(?:staying put|holding off|we (?:hold|wait) (?:on|for)\b)",
    r"(?<!while )(?<!so )(?<!as )(?<!until )(?<!that )(?<!because )(?<!before )(?<!after )(?<!till )"
    r"\bwe (?:roll ?back|revert|fail ?over|go with|restore|promote|block|disable|pause|drain|restart|freeze|cut over)\b"
    r"(?!\s+(?:if|when|once|after|unless)\b)",
    r"\bwe(?:'re| are| will|'ll)? not (?:going to )?(?:roll\w*[ -]?back|revert\w*|fail\w*[ -]?over|restor\w*|"
    r"restart\w*)\b|\bfix(?:ing)? forward\b",
)
"""A choice between courses of action, stated as made."""
STEP_TALK = _rx(
    r"\bi'?d (?:not|rather|suggest|propose|go with|say)\b",
    r"\bi (?:wouldn'?t|would not)\b",
    r"\b(?:wouldn'?t|would not|won'?t|will not|doesn'?t|does not) (?:help|work|fix|change)\b",
    r"\b(?:we|you|i) (?:need|have) to\b",
    r"\bor (?:we|you|i) (?:can|could)\b",
    r"\bwe need (?:an? |the )?\w+",
    r"\bneeds? (?:\S+ ){0,2}(?:approval|sign[- ]?off|people|someone|hands)\b",
    r"\bno (?:supported |safe |easy )?(?:downgrade|rollback|revert|failover)(?: path)?\b",
    r"\bthe only (?:\W?\w+\W? )?(?:option|way|path|rollback|fix)\b",
    r"(?:^|\s)\W?(?:rollback|revert|restart|failover|roll ?back)\W? =",
    r"\brunbook\b",
    r"^\W*working on\b",
    r"\b(?:stays?|remains?|staying) (?:\S+ )?(?:off|on|in place|paused|frozen|disabled|locked|blocked)\b",
    r"\b(?:freeze|lock|block|limit|pause)s? (?:stays|remains|holds)\b",
    r"\b(?:might|would|could|may) (?:\S+ ){0,2}(?:help|buy|work|lose|take|cost|break|be (?:the |our )?(?:\w+est|best|"
    r"enough|worth))\b",
    r"\bworth (?:a try|trying|a shot|doing)\b",
    r"^\W*who (?:can|could|will|has|knows)\b",
    r"\b(?:planned|meant|wanted|intended) to\b",
)
"""A step talked about, weighed, needed or kept in place, not taken now ("rollback = another wave, i'd
not", "we need a hard reboot", "the freeze stays"), hedged by a modal after its noun ("a purge might
help", "a revert would be the quickest"), or asked of whoever can do it ("who can renew …")."""
RECOVERY_FIGURE = _rx(
    r"\b(?:errors?|error (?:rate|ratio)|5xx|[45]\d\ds|failures?|timeouts?|latency|p\d{2,3}|loss|drops?|"
    r"evictions?|rejections?|throttl\w*|retries|queue depth|lag|backlog|requests|traffic|cpu|load)\b[^.?!\n]{0,24}?"
    r"(?:\b(?:back )?(?:under|below)|<|≤)\s*~?\d+(?:[.,]\d+)?\s*(?:%|ms\b|s\b|sec)"
    r"(?!\s*(?:\w+ )?(?:target|threshold|trigger|setpoint)\b)",
    r"\b(?:errors?|error (?:rate|ratio)|5xx|[45]\d\ds|failures?|timeouts?|loss|drops?|evictions?|rejections?|"
    r"throttl\w*|retries|queue depth|lag|backlog|bad requests|attack traffic)\b[^.?!\n]{0,16}?"
    r"\b(?:flat )?at (?:zero|0)\b"
    r"(?![.,]\d)",
    r"\b(?:error (?:rate|ratio)|latency|p\d{2,3}|cpu|load)\b[^.?!\n]{0,20}?\bat [\d.,]+\s*(?:%|ms|s)?\W{1,3}"
    r"(?:baseline|normal)\b",
)
"""Impact seen to stop, as a figure: a metric under its threshold ("5xx now below 0.5%", "p99 under 300ms"), at
zero ("timeouts at 0 for five minutes"), or at a value said to be the baseline. A figure under a rule's target
("scale-in: avg cpu 22% < 35% target") is the rule's reason, not impact seen to stop."""
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


STEP_FAILED = _rx(
    r"\b(?:roll ?back|rollback|revert|failover|fail-over|restore|purge|deploy|apply|restart|promotion|rotation)\w* "
    r"(?:\S+ ){0,4}(?:failed|errored|aborted|timed out|did not work|didn'?t work)\b",
    r"^\W*(?:did not|didn'?t) work\b",
)
"""A step tried and failed ("rollback of X failed: health check timeout"): what happened, not a step that reduced
impact."""
STEP_SYMPTOM = _rx(
    r"\bnot (?:a )?recovery\b",
    r"\b(?:restart|reboot|bounce|crash)(?:s|ed)? and (?:fall|falls|fell|crash|crashes|die|dies)\b",
    r"\b(?:pods?|tasks?|containers?|processes|nodes?|instances?|brokers?|workers?|hosts?) (?:are |keep |keeps |kept )?"
    r"(?:restarting|crash-?looping|rebooting|flapping)\b",
    r"\b(?:helping|helped|working)\b[^.!?\n]{0,30}\b(?:down to|falling|dropping)\b",
)
"""A step's verb used for a symptom or a partial effect ("tasks restart and fall over again", "not a
recovery", "throttle helping, cpu down to 70%")."""
STEP_ASKED = re.compile(
    r"(?:^|[.!;:]\s+|\n)\W*(?:@?[\w.\-]+[:,]\s+|@?[\w.\-]+\s+(?=(?:please|pls)\b))?"
    r"(?:(?:please|pls|can you|could you)\s+)?(?:turn|switch|scale|pause|"
    r"freeze|block|disable|restart|roll ?back|revert|drain|fail ?over|unpause|throttle|rate[- ]?limit|stop|kill|"
    r"shed|move|shift|bounce|reboot|flip|raise|bump|lock|resume|re-?enable|enable|flush|purge)\b(?!\s+(?:is|was|are|=|"
    r"done|complete|finished|started|live|applied|deployed|in place|in effect))",
    re.IGNORECASE,
)
"""A step asked for or proposed in the imperative ("turn X off and let …", "rafa please unpause …"): the
moment is when someone reports doing it."""
ORDER = re.compile(
    r"^\W*(?:@[\w.\-]+[:,]?\s+|[\w.\-]+[:,]\s+)?(?:roll ?back|revert|fail ?over|drain|restart|bounce|reboot|disable|"
    r"pause|freeze|block|throttle|rate[- ]?limit|kill|shed|shift|move|flip|promote|restore|cordon|purge|flush|stop)\b"
    r"(?!\s+(?:plan|is|was|would|could|might|will|should|has|have|live|done|applied|finished|complete)\b)"
    r"[^?.\n]{0,60}?(?:[.!]\s*)?"
    r"(?:(?<!not )\b(?:now|immediately|asap|right away)\b|[.!,]\s*go\W*$)(?!\s*\?)"
    r"(?![^.\n]*\b(?:not now|later|after|once|when)\b)",
    re.IGNORECASE,
)
"""A step ordered for now ("drain node 7 now", "revert the change. now please"): a course of action chosen,
not a proposal; "… after the batch, not now" is a plan."""
STEP_DONE = re.compile(
    r"\b(?:applied|done|complete[d]?|finished|succeeded|in place|in effect|deployed|merged|landed|live)\b(?!\s*\?)",
    re.IGNORECASE,
)
"""A done word after a step's noun ("rate limit on /search applied"): a noun-first report, not an order."""
DECISION_OPENER = re.compile(
    r"^\W*(?:ok(?:ay)?|so|alright|right|fine|then|agreed)\W{0,3}\s*(?:decision|decided|call|plan)\s*[:\-]",
    re.IGNORECASE,
)
"""A decision label after an opening word ("ok decision: roll back …", "so, call: we fail over")."""
DECISION_LABEL = re.compile(r"^\W*(?:decision|decided|plan|next steps?)\s*[:\-—]", re.IGNORECASE)
"""A course of action under its label ("decision: …", "plan - …", "next steps: …"): a plan, whatever
verbs follow, so no cause is read in it."""
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
    r"\bpromoted to (?:\d+ ?%|(?:prod\w*|stable|all|everyone|general availability)\b)",
    r"\b(?:published|pushed|shipped|released) to (?:\S+ ){0,2}(?:sensors|hosts|fleet|clients|devices|agents|nodes|"
    r"servers|prod\w*|production|all|everyone|cohorts?)\b",
    r"\bchange (?:\S+ ){0,2}(?:executed|applied|implemented|completed)\b",
)
"""Infrastructure-as-code, release and change-management bots reporting a change applied ("`apply` finished
by …", "build … promoted to 100%", "content … published to the sensors", "change CHG-… executed")."""
