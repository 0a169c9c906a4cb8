"""The phrases Sitrep's deterministic rules listen for, in one place so they can be tuned together.

Each pattern is matched case-insensitively against *redacted* message text. Keep them
conservative: a missed cue leaves a claim "Unknown"; a false cue puts words in a responder's mouth.
"""

from __future__ import annotations

import re


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


ALERT = _rx(
    r"^\s*(?::[a-z_]+:\s*)?(?:warn(?:ing)?|triggered|critical|alert)\s*:",
    r"\bfiring\b",
    r"\btriggered\b",
    r"\[alert\]",
    r"\balert(?:ing)?\b.*\b(?:critical|warning|high|p[0-4]|sev[- ]?[0-4])\b",
    r"\bpagerduty\b",
    r"\bpaged\b",
    r"\bmonitor .* (?:is )?(?:critical|alerting)",
)
DEPLOY = _rx(
    r"\bdeploy(?:ed|ing|ment)?\b",
    r"\brelease[ds]?\b",
    r"\broll(?:ed|ing)?[ -]?out\b",
    r"\bshipped\b",
)
MITIGATE = _rx(
    r"\broll(?:ing|ed)?[ -]?back\b",
    r"\brollback\b",
    r"\brevert(?:ed|ing)?\b",
    r"\bfail(?:ed|ing)?[ -]?over\b",
    r"\bscal(?:ed|ing) (?:up|out)\b",
    r"\brestart(?:ed|ing)\b",
    r"\bmitigat(?:ed|ion|ing)\b",
    r"\bfeature flag\b.*\b(?:off|disabled)\b",
    r"\bdrain(?:ed|ing)\b",
    r"\bback to (?:baseline|normal)\b",
    r"\brecover(?:ed|ing)\b",
)
MITIGATION_DONE = _rx(
    r"\brollback (?:is )?(?:complete|done|finished)\b",
    r"\brolled back\b",
    r"\bmitigated\b",
    r"\bback to (?:baseline|normal)\b",
    r"\b(?:error rate|errors|latency|5xx)\b[^.\n]*\b(?:recovered|dropp(?:ed|ing)|back down|normal)\b",
    r"\bservice (?:is )?(?:restored|recovered)\b",
)
RESOLVE = _rx(
    r"^\s*status\s*[:\-]\s*resolved\b",
    r"\bincident (?:#?\d+ )?(?:is |has been )?resolved\b",
    r"\bresolv(?:ed|ing) the incident\b",
    r"\b(?:marking|mark) (?:this |the incident )?(?:as )?resolved\b",
    r"\bincident (?:is )?(?:closed|over)\b",
    r"\bclosing (?:the|this) incident\b",
    r"\ball clear\b",
    r"^\s*resolved\b",
)
COMMS = _rx(
    r"\bstatus ?page\b",
    r"\bcustomer(?:s)? (?:update|comms|communication|notice)\b",
    r"\b(?:posted|sent|drafting|draft) (?:an? )?(?:update|comms|notice|announcement)\b",
    r"^\s*(?:status|update)\s*[:\-]",
    r"\bsupport (?:team|tickets?)\b",
)
DIAGNOSE = _rx(
    r"\bsuspect\b",
    r"\bcould it be\b",
    r"\blooks like\b",
    r"\bchecking\b",
    r"\blooking (?:at|into)\b",
    r"\binvestigat",
    r"\blogs? (?:show|say)\b",
    r"\bdashboard\b",
    r"\bp9[59]\b",
    r"\b(?:5xx|4xx|500s|502s|503s|504s|errors?|timeouts?|latency)\b",
    r"\bruled? out\b",
    r"\broot cause\b",
    r"\bhypothes[ie]s\b",
    r"\bgrafana\b",
    r"\btrace[sd]?\b",
)
DECISION = _rx(
    r"^\s*decision\s*[:\-]",
    r"\bwe(?:'ve| have)? decided\b",
    r"\b(?:let'?s|we(?:'ll| will)) (?:roll back|rollback|revert|fail over|failover|go with)\b",
    r"\bgoing with\b",
    r"\bcall(?:ing)? it\b.*\b(?:roll ?back|revert)\b",
)

HYPOTHESIS_CUE = re.compile(
    r"(?:\bcould it be\b|\bi suspect\b|\blooks like\b|\bmaybe it'?s\b|\bmaybe\b(?= the\b)|"
    r"\bmy guess is\b|\bhypothesis\s*[:\-]|\bi think it'?s\b|\bwhat if it'?s\b|\bmight be\b)"
    r"\s*(?:that\s+)?(?P<claim>[^.!?\n]{8,200})",
    re.IGNORECASE,
)
SUPPORT_CUE = _rx(
    r"\bthat supports\b",
    r"\bsupports (?:the|that|this)\b",
    r"\bconsistent with\b",
    r"\bconfirm(?:s|ed)\b",
    r"\bi see the same\b",
    r"\bmatches\b",
    r"\bthat'?s (?:it|the (?:root )?cause)\b",
    r"\broot cause (?:is|was)\b",
)
STRONG_SUPPORT = _rx(
    r"\bconfirmed\b",
    r"\bas the (?:root )?cause\b",
    r"\bconfirms\b.*\bcause\b",
    r"\bthat'?s the (?:root )?cause\b",
    r"\broot cause (?:is|was)\b",
)
REFUTE_CUE = _rx(
    r"\brul(?:e|es|ed|ing) out\b",
    r"\brul(?:e|es|ed|ing) (?:that|it|this) out\b",
    r"\bnot the (?:root )?cause\b",
    r"\bdoesn'?t (?:match|line up|explain)\b",
    r"\bdoes not (?:match|line up|explain)\b",
    r"^\s*nope\b",
    r"\brefut(?:es|ed)\b",
    r"\bdisproves?\b",
    r"\bisn'?t (?:it|the problem|the cause)\b",
    r"\bnot (?:it|the problem)\b",
    r"\bcan rule\b",
)
STRONG_REFUTE = _rx(
    r"\brul(?:e|es|ed|ing) (?:\w+ )?out\b", r"\bnot the (?:root )?cause\b", r"\brefuted\b", r"\bdisproves?\b"
)

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
STATUS_PAGE = re.compile(r"\bstatus ?page\b", re.IGNORECASE)
MITIGATION_ACTION = re.compile(
    r"^\W*(?:rolling back|reverting|failing over|scaling|restarting|draining|disabling|shedding|throttling)\b",
    re.IGNORECASE,
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
    r"\b(?:might|may|maybe|perhaps|possibly|potentially|probably|presumably|supposedly|allegedly|could|would|should)\b",
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
OWNER_BRACKET_NAME = re.compile(r"\s*\[(?P<who>@?[\w.\-]{2,30})\]\s*$")
"""A bare name in brackets at the end of an item ("… laptop [tariq]")."""
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
"""A responder saying what they are doing right now ("checking the resolvers", "taking the DB side")."""
ASSIGNMENT = re.compile(
    r"^\s*[-*•]?\s*(?P<who><@[UW][A-Z0-9]+(?:\|[^>]*)?>|@?[A-Za-zÀ-ÿ][\w.\-]{1,29})\s*"
    r"(?:(?P<ask>\bcan you\b|\bplease\b|\bpls\b|\byou'?re\b|\byou are\b)|:|,|-|—|–|\bis on\b|\bowns?\b|"
    r"\btakes?\b|\bon\b)?\s*"
    r"(?P<task>\S.{2,140})$",
    re.IGNORECASE,
)
"""A clause that starts with a person and hands them work ("jonah: stop the pushes")."""
