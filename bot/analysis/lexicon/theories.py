"""Theories floated, supported and refuted, and the verdicts that settle them."""

from __future__ import annotations

import re

from bot.analysis.lexicon.shared import _rx

_BET_SAYS = r"(?:\w+ (?:bucks|quid|euros)|a (?:tenner|fiver)) says"
"""A bet on a cause ("ten bucks says the hvac crew tripped a breaker"): a theory, and a guess even when it
reads as a cause; one fragment for the theory cue and the belief lead."""
HYPOTHESIS_CUE = re.compile(
    r"(?:\bany chance\b(?: (?:it'?s|it is|this is|that|the))?|"
    r"\bcould (?:it|this|that) (?:also |just |really |maybe |possibly |still |even |actually )?(?:be|have been)\b|"
    r"\b" + _BET_SAYS + r"\b|"
    r"\bcould (?:also |just |well |still )?be\b|\bcould (?:the|a|an|our|their|some) (?=[^?.!\n]{2,60}\bbe\b)|"
    r"\bmight (?:also |just |well )?be\b|\bmay (?:also |just |well )?be\b|"
    r"\b(?:maybe(?: it'?s| it is| this is)?|perhaps|possibly)\b(?![,;:\s]*but\b)|"
    r"\bprobably\b|\bprob\b|\bpotentially\b|^\W*either\b(?=[^?.!\n]+\bor\b[^?.!\n]*\?)|"
    r"\bi (?:suspect|bet|reckon|wonder if|wonder whether|think)\b|"
    r"^\W*(?:(?:ok|okay|so|and|but|hm+)\W+)?bet(?:ting)?(?: (?:on|that))?\b(?! (?:is|was|would)\b)|"
    r"\bi(?:'?m| am) (?:thinking|guessing|suspecting)(?: (?:it'?s|it is|that))?\b|"
    r"\bi (?:have|got) a (?:feeling|hunch|suspicion)(?: (?:it'?s|it is|that))?\b|"
    r"\bmy (?:worry|fear|concern|big worry|main worry) (?:is|was)(?: that)?\b|"
    r"\bshould (?:we|i) (?:worry|be worried|be concerned)(?: that| about whether| whether| if)?\b|"
    r"\b(?:do|does|did) (?:we|you|u|anyone|anybody|people|folks|y'?all) (?:think|reckon|suspect)(?: that)?\b|"
    r"\b(?:another|one|other|a second|second|first|possible|alternative) (?:idea|possibility|option|candidate|suspect|"
    r"theory|alternative|explanation|guess|thought|hunch|bet)"
    r"(?!(?: (?:is|would be|was))?\s*[:\-]?\s*(?:to|we|let'?s|i'?ll)\b)"
    r"(?: (?:is|would be|was))?"
    r"\s*[:\-]?|"
    r"^\W*or (?:maybe |perhaps |possibly )?(?=(?:the|a|an|some|our|their|its|it'?s|some(?:one|body|thing))\b)|"
    r"^\W*unless (?=(?:the|a|an|some|our|their|its|it'?s|some(?:one|body|thing))\b)|"
    r"\bcheck(?:ing|ed)? (?:whether|if)\b|\bin case\b|"
    r"\bsuspect(?:ing)?\b|\bwondering (?:if|whether)\b|\bmy (?:money'?s|money is|bet'?s|bet is|guess is|"
    r"guess'?s|hunch is|"
    r"theory is|suspicion is|vote is)(?: on)?\b|\bmy (?:guess|bet|hunch|theory|suspicion)\s*[:\-]|"
    r"\b(?:theory|hypothesis|guess|hunch)(?:\s*(?:#|no\.?\s*)?\d{1,2})?\s*[:\-]|"
    r"\b(?:smells|feels|sounds|looks) (?:(?:a )?(?:lot |bit |lot more |bit more |much )?more )?like\b|"
    r"\bgut (?:says|feeling(?: is)?|tells me)(?: (?:it'?s|it is|that))?\b|"
    r"\b(?:would(?:n'?t| not)|wouldnt) be (?:surprised|shocked) if\b|\bi'?d put (?:my )?money on\b|"
    r"\b(?:seems|appears) to (?:line up|coincide|correlate) with\b|"
    r"\b(?:gonna|going to|i'?ll|i'?d|i would) (?:guess|go with)\b|"
    r"\bhas (?:all )?the (?:hallmarks|makings|signs|look|smell) of\b|"
    r"\bwhat about\b|\bhow about\b|\bwhat if\b(?: it'?s| it is| the)?|\bis (?:it|this) (?:the |a |an )?(?=\S+)|"
    r"\bwas (?:it|this) (?:the |a |an )?(?=\S+)|\b(?:is|was) that (?:a |an )(?=\S+)|"
    r"\bdid (?:the|a|an|someone|anyone)\b|\bsuspicious of\b|"
    r"\bpoints? (?:at|to)\b|\bpointing (?:at|to)\b|\bblame\b|\bi'?d (?:look at|check|bet on) \b|"
    r"\bcan'?t be\b|\bmust be\b|\bgotta be\b|\bhas to be\b|\bprime suspect\b|"
    r"\b(?:is|was) there (?=some|a |an |any)|\b(?:anyone|does anyone|do we|anybody) know if\b|"
    r"\bis (?:the|our) (?=[^?.!\n]{2,50}\?)|\b(?:is|was) that our (?=[^?.!\n]{2,40}\?))"
    r"\s*(?:that\s+|on\s+)?(?P<claim>[^.!?\n]{2,200})",
    re.IGNORECASE,
)
"""Theories as questions and guesses; the claim after the cue is checked for a named entity."""
NOT_A_THEORY = _rx(
    r"^\s*not\b",
    r"\b(?:confirmed|ruled out|refuted|verified)\b",
    r"\bstatus ?page\b",
    r"\b(?:any|an|status|quick|next|customer|public|latest|short|brief|another|first|written|eta|progress)"
    r" updates?\b|^\W*updates?\b|\bupdates?\s*:|"
    r"\b(?:post|send|give|push|share|write|draft)(?:ing|ed|s)?\s+(?:(?:an?|the|our)\s+)?(?:\w+\s+)?updates?\b",
    r"\b(?:wording|draft|post|message(?!s? (?:queues?|bus|brokers?))|text|comms)\b",
    r"(?<![\w-])(?:coffee|lunch|dinner|call|bridge|zoom|meet|meeting|sync|standup|tomorrow)(?![\w-])",
    r"\b(?:i'?ll|i will|let me|i can|we can|we should|someone should)\b",
    r"^\s*(?:we|you|they)\b(?!(?:'re| are| were) (?:being|under) )",
    r"^\s*(?:better|worse|fine|ok|okay|good|back|recovering|improving|dropping|resolved|mitigated|fixed|done)\b",
    r"^\s*(?:a|the)? ?(?:bit|little|lot)\b",
    r"^\s*(?:later|tomorrow|next (?:week|time|sprint)|after (?:this|that|the incident))\b",
    r"^\s*same (?:thing |test |check )?(?:with|on|for|here|result)\b",
    r"^\s*(?:known|new|expected|real|ongoing|us|ours|widespread|global|everyone|everywhere)\s*$",
    r"\b(?:order|ordering|grab|grabbing|get|getting|bring|bringing|fetch|fetching) (?:some |the |a )?(?:food|pizza|"
    r"lunch|dinner|breakfast|snacks?|coffee|tea)\b",
    r"^\s*(?:any|some|every)(?:one|body)(?:'s|'re| is| are| was)? (?:going|looking|heading|digging|wondering|"
    r"thinking|asking|checking|curious)\b",
    r"^\s*still (?:running|going|happening|on|open|needed|there|in progress)\b|"
    r"\bstill (?:on|running|going|happening|in progress)\W*$",
    r"\b(?:will|'ll|going to) (?:be|get) \w+ed\b",
    r"\b(?:delayed|slow|down|failing|broken|affected|impacted|unavailable)\b[^?]{0,30}?"
    r"\b(?:for|to) (?:customers|users|clients|tenants|everyone|shoppers|merchants)\b",
)
"""Cue words that start a guess about something other than the cause (plans, comms, trends; a claim about
what we or they do, though not one about what is being done to us: "we're being rate limited"), a bare word
asking about the incident itself ("is this known?", "is it just us?"), and questions about progress, a
plan or the impact ("is it still running?", "the upgrade tonight is still on?", "will the vms be
rebooted too?", "uploads delayed for customers?")."""
SUPPORT_CUE = _rx(
    r"\bthat supports\b",
    r"\bsupports (?:the|that|this)\b",
    r"\bconsistent with\b",
    r"\bconfirm(?:s|ed)\b",
    r"\b(?:they|he|she|vendor|provider|support) (?:now |also )?confirm\b",
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
_ANSWER_MARKER = r"^\W*(?:(?:so|ok|okay|and|then)\W+)?"
"""A discourse marker an answer may open with ("so yes", "ok nope")."""
_YES = r"yep|yup|yes|yeah|indeed|correct|exactly|confirmed"
BARE_VERDICT = re.compile(_ANSWER_MARKER + r"(?:" + _YES + r"|nope|nah|no|bingo)\b", re.IGNORECASE)
"""A reply that judges the theory just raised without naming it ("nope, graphs are flat")."""
AFFIRM = re.compile(_ANSWER_MARKER + r"(?:" + _YES + r")\b", re.IGNORECASE)
"""An answer that agrees with the theory just put as a question ("yep, the resolvers are pegged")."""
OPINION_YES = re.compile(
    r"^\W*(?:i (?:think|believe|reckon|guess|suspect) so|i'?d (?:say|guess|think) so|that'?s (?:my|our) (?:read|take|"
    r"guess|thinking|bet|view|theory)|(?:looks|seems) (?:that way|like it|so))\b",
    re.IGNORECASE,
)
"""A yes given as an opinion ("i reckon so", "that's our take"): answering the theory just floated, it
agrees with it as plainly as "yes" does; said of anything older it answers nothing."""
_OPINION_NO = (
    r"^\W*(?:(?:hm+|eh+|meh|honestly|tbh|nah|no)\W+)?(?:i |we )?(?:(?:really )?(?:don'?t|do not|dont) (?:really )?"
    r"think (?:so|(?:that'?s|it'?s|this is|that is|it is) it)|(?:really |kinda |highly )?doubt (?:it|that|this))\b"
)
OPINION_NO = re.compile(_OPINION_NO + r"(?![^.;]*\bbut\b)", re.IGNORECASE)
"""A no given as an opinion ("don't think so, the pool is idle", "doubt it, our ports never went down"): the
mirror of :data:`OPINION_YES`. Doubt words read as a hedge elsewhere; opening an answer to a theory they deny
it as plainly as "nope" does. A weaker doubt ("meh, unlikely", "not convinced, checking") still settles
nothing."""
OPINION_NO_HELD = re.compile(_OPINION_NO + r"[^.;]*\bbut\b", re.IGNORECASE)
"""The same doubt going on with "but" ("doubt it, but i'll check the locks"): judgement held, so it only
counts against the theory."""
UNDECIDED_ANSWER = re.compile(
    r"^\W*(?:(?:hm+|eh|ok|yeah|yea|honestly|idk)\W+)?(?:could be|possibl[ey]|maybe|might be|perhaps|plausible|"
    r"no idea|(?:i )?(?:can'?t|cannot|cant) (?:tell|say|confirm|prove)|no way to tell|(?:i )?(?:don'?t|dont) know"
    r"(?: yet)?|unknown|not sure|unclear)\b(?![^\n]*\b(?:but|though|tho|however|although)\b)",
    re.IGNORECASE,
)
"""An answer that neither grants nor denies the theory just floated ("could be", "can't tell from here"), with no
"but" that turns it into a doubt."""
CHECK_DEFERRED = re.compile(
    r"\b(?:(?:can'?t|cannot|cant|no way to) (?:tell|say|confirm|prove|know)(?! yet)|park(?:ing|ed)? (?:it|that|this)|"
    r"later\b|tomorrow|in the morning|afterwards|post-?mortem|retro\b|follow[- ]?up|not blocking|unknown until|"
    r"not (?:now|tonight)|after the incident)",
    re.IGNORECASE,
)
"""The check of a theory put off ("no way to tell from here", "parking it", "can't confirm it tonight"): what an
undecided answer says when the theory is left for after the incident. "can't tell yet" waits for a check under
way, which may still settle it."""
_NOT_A_VERDICT = (
    r"(?:yet|sure|clear|certain|confirmed|proven|known|verified|obvious|likely|really|quite|fully|entirely|"
    r"necessarily|convinced|ruled|only|just|all|every|everything|"
    r"great|good|ideal|fun|pretty|nice|awesome|ok|okay|bad|helpful|encouraging|reassuring|"
    r"looking (?:good|great|nice|pretty)|"
    r"(?:shrink|drain|recover|improv|drop|decreas|declin|settl|stabilis|stabiliz|budg|catch|clear)ing|"
    r"(?:going|coming) down|"
    r"over|done|finished|fixed|resolved|solved|mitigated|recovered|back|gone|stable|healthy)\b"
)
"""After "not", words that make the phrase a hedge ("not yet", "not confirmed"), an addition ("not only the
DS", "not just the db"), a part ("it's not all cache in there"), a mood ("not great: memory still
climbing", "not looking good"), a trend ("it's not shrinking as fast as reconnects grow": the recovery
is slow, no theory is wrong) or the state of the incident ("it's not over, it's filtered", "not fixed
yet") rather than a refutation."""
_NOT_A_DECISION = (
    _NOT_A_VERDICT + r"|(?:roll|revert|touch|pag|wait|putt|do|deploy|shipp|push|restart|reboot|chang|turn|disabl|"
    r"enabl|bump|merg|scal|drain|promot|post|send|open|call|escalat|rotat|delet|paus|freez|rebuild|migrat|wip|purg|"
    r"flush|kill|stopp|start|go|plann|declar|clos|redeploy|rerunn|retry)ing\b"
)
"""After a "not" that opens a clause, also a step not taken: "not rolling back the flag now" is a decision, no
verdict on a suspect ("not seeing it, disk at 40%" still is one, and with a subject "it's not crashing" answers
a theory that it crashes)."""
_OUTSIDE_A_NAME = r"(?<![\w\-.])"
"""Before a bare "nope"/"no": not inside a host or file name ("dig nope-nope.example.net")."""
_NOT_OURS = r"(?<!\bjust )(?<!\bonly )\bnot (?:them|that one|this one|us)\b"
""""not them", "not us": the fault is elsewhere; "just not us" (the flood only stopped reaching us) is none."""
_AS_AN_ADJECTIVE = r"(?<!\ban )(?<!\ba )(?<!\bthe )(?<!\bsome )(?<!\bother )(?<!\btwo )(?<!\bthree )"
"""Before "unrelated": an article makes it describe a thing ("an unrelated third-party provider is announcing
our prefixes"), not a verdict on a theory ("that's unrelated")."""
_TERSE_DENIAL = (
    r"^\W*(?:(?:ok|okay|and|yeah|yep|right)\W+)?(?:(?P<so>so|then|therefore)\W+)?no (?!(?:worries|idea|clue|rush|"
    r"luck|way|one|need|response|reply|word|news|eta|updates?|rollback|roll ?back|revert|failover|restart|drain|page|"
    r"comms|action|plan|time|more|problem|biggie|change|changes)\b)(?:a |an )?[a-z][\w\-.]*(?: [a-z][\w\-.]*)?"
    r"(?(so)\W*(?:,\s*(?:confirmed|verified|for sure|definitely|either)\W*)?|"
    r",?\s*(?:confirmed|verified|for sure|definitely|either)\W*)$"
)
"""A denial as terse as a "nope", drawn as a conclusion or confirmed: "so no hijack", "no ddos, confirmed",
"no ddos either". A bare "no staging" or "no canary" says a safeguard is missing, and a "no" that turns down
a step or says all is calm ("no rollback", "no worries") is none."""
REFUTE_CUE = _rx(
    _TERSE_DENIAL,
    r"\brul(?:e|es|ed|ing) out\b",
    r"\brul(?:e|es|ed|ing) (?:that|it|this|\S+) out\b",
    r"\bnot the (?:root )?cause\b",
    r"\b(?:doesn'?t|does not) (?:match|line up|explain|fit|correlate)\b",
    r"\bcan'?t (?:explain|be it|be that)\b",
    r"^\s*nope\b",
    r"\brefut(?:es|ed)\b",
    r"\bdisproves?\b",
    r"\b(?:isn'?t|is not|wasn'?t|was not|'?s not|not) (?:it|the (?:problem|cause|issue|culprit|thing|one))\b",
    _NOT_OURS,
    r"\b(?:so|then|therefore|definitely|clearly|probably not) not (?:a |an |the |our |their )?\S+",
    r"\bnothing (?:on|from) (?:their|our|the) (?:side|end)\b",
    r"\b(?:it'?s|it is|that'?s|that is) not (?!" + _NOT_A_VERDICT + r")(?:the |a |an )?\S+",
    r"^\W*not (?!" + _NOT_A_DECISION + r")(?:the |a |an )?\S+",
    r"\bnot (?:it|the problem)\b",
    r"\bcan rule\b",
    r"\bred herring\b",
    r"\bdead end\b",
    r"\bscratch that\b",
    r"\bcross(?:ed|ing)? (?:\S+ )?off\b",
    r"\b(?:is|are|'s|'re|looks?|look|seems?|all|were|was) (?:\S+ )?(?:fine|ok|okay|healthy|normal|clean|flat|green|"
    r"stable|happy|nominal|unaffected|unchanged|good)\b"
    r"(?! (?:at|near|against) (?:the )?(?:top|max|ceiling|limit|cap)\b)",  # "flat at the top" is pegged
    # "the engineer did nothing wrong" clears a person, not a part of the system
    r"(?<!\bdid )\bnothing (?:\S+ ){0,2}(?:wrong|unusual|odd|weird|interesting|abnormal|suspicious|there|changed|"
    r"deployed|rolled out|shipped|pushed|ran|happened|went out|in the logs)\b",
    # "no error handling on that path" names a missing safeguard (a cause), not a clean log.
    r"\bno (?:\S+ )?(?:changes?|deploys?|deployments?|errors?(?! handling| checking)|anomal\w+|issues?|problems?|"
    r"spikes?|drops?|evictions?|restarts?|crash(?:es)?)\b(?![^.;]*\b(?:yet|so far)\b)",
    # "no odd password sign-ins", "no unusual logins": a look for the trace the theory leaves came back empty
    r"\bno (?:odd|unusual|suspicious|weird|strange|abnormal|unexpected|unknown) \S+(?![^.;]*\b(?:yet|so far)\b)",
    r"\b\d+/\d+ (?:healthy|up|green|ok)\b",
    r"\b(?:lag|latency|p\d\d|errors?|error rate|cpu|memory|mem|load|usage|traffic|backlog|qps|rps)\s+"
    r"(?:(?:is|are|was|were|stays?|stayed) )?(?:~|≈|at )?\s?"
    r"(?:0(?![.,]?\d)|zero|normal|flat|fine|nominal)\b(?!\s*(?:->|→|to)\b)",
    # "lifted a valid session cookie": a credential that worked is what was used, it clears nothing; a
    # bare "verify" is a step to take or a product ("SMS Verify"), no check that came back clean
    r"\b(?:valid|intact|verif(?:ies|ied))\b(?![\s:]*(?:errors?|fail\w*)\b)(?! (?:sso |admin |api |user )?"
    r"(?:session|cookie|token|"
    r"credential|key|password|login|account)s?\b)",
    r"\b\w+s (?:fine|ok|normally)\b",
    r"\b(?:completed|finished) clean(?:ly)?\b",
    r"\b(?:answer|respond|work|resolve|load|connect)s? (?:fine|ok|normally)\b",
    r"\b(?:as|like) (?:a (?:week|month|day)|last (?:week|month)|yesterday)(?: ago)?\b",
    r"\b(?:never|wasn'?t|weren'?t|hasn'?t been|haven'?t been) (?:\S+ )?(?:touched|changed|deployed|involved|"
    r"affected)\b",
    _AS_AN_ADJECTIVE + r"\b(?:unrelated|not related|irrelevant)\b(?! to)",
    r"\bcheck(?:s|ed)? out\b(?=\s*(?:[,.;:!)]|$|(?:fine|ok|okay|too|as well|clean)\b))",
    _OUTSIDE_A_NAME + r"(?:nah|nope|no)\b[,.](?!\w)",
    r"^\W*(?:nah|nope)\b",
    r"\beverything (?:\S+ )?(?:fine|ok|okay|normal|healthy|clean|green)\b",
    r"\b(?:same|identical) (?:as|to) (?:yesterday|last week|before|baseline|normal)\b",
)
"""Refutations as responders write them, with or without the word: "ruled out the LB, graphs are flat",
"not the db, replicas are fine", "the config checks out" (a verdict ends there: "checks out the merge ref" and
"checked out a connection" are a git checkout and a pool lease)."""
STRONG_REFUTE = _rx(
    _TERSE_DENIAL,
    r"(?<!to )\brul(?:e|es|ed|ing) (?:\S+ )?out\b",
    r"\bnot the (?:root )?cause\b",
    r"\brefuted\b",
    r"\bdisproves?\b",
    r"\bred herring\b",
    r"\bdead end\b",
    r"\bscratch that\b",
    r"\b(?:isn'?t|is not|wasn'?t|was not|not) (?:it|the (?:problem|cause|issue|culprit))\b",
    r"\b(?:it'?s|it is|that'?s|that is) not (?!" + _NOT_A_VERDICT + r")(?:the |a |an )?\S+",
    r"^\W*not (?!" + _NOT_A_DECISION + r")(?:the |a |an )?\S+",
    _AS_AN_ADJECTIVE + r"\b(?:unrelated|not related)\b(?! to)",
    _OUTSIDE_A_NAME + r"(?:nah|nope)(?![\w\-]|\.\w)",
    r",\s*not (?:the |a |an )?[\w\-.]+\W*$",
    r"\b(?:so|then|therefore|definitely|clearly) not (?:a |an |the |our |their )?\S+",
    _NOT_OURS,
)
"""Refutations that settle a hypothesis; a healthy graph alone only lowers confidence."""
REFUTE_MORE = _rx(
    r"\bthis (?:is not|isn'?t|was not|wasn'?t) (?!" + _NOT_A_VERDICT + r")(?:the |a |an )?\S+",
    r"\bsymptom,? not (?:the )?cause\b",
    r"\b(?:isn'?t|is not|not|aren'?t|are not) lining up\b",
    r"\b(?:doesn'?t|does not|don'?t|do not) add up\b",
    r"\bnot (?:the |a |an )?(?:thing|one)\b",
    r"[,;]\s*(?:so\s+)?(?:not|isn'?t|prob(?:ably)? not) (?:that|it|this)(?: then| either)?\W*$",
    r"^\W*no (?:\S+ )?(?:releases?|rollouts?|builds?|pushes|binar(?:y|ies)|upgrades?)\b(?![^.;]*\b(?:yet|so far)\b)",
    r"\bexpected behaviou?r\b",
    r"\b(?:isn'?t|is not|wasn'?t|was not|aren'?t|are not|weren'?t|were not) (?:coming |originating |served )?from "
    r"(?:the |a |an |our |their )?[\w\-./]+",
    r"[,;]\s*(?:so\s+)?not (?!" + _NOT_A_VERDICT + r"|much\b|many\b|all\b|everyone\b|everything\b|always\b)"
    r"(?:the|our|their|that|this) [\w\-./]+(?: [\w\-./]+)?\W*$",
)
"""More refutations without the word ("this is not a cyberattack", "dns is a symptom, not the cause",
"the release isn't lining up", "health checks steady, not the lb"); each one settles the theory it names."""
FAULT_OUTSIDE = re.compile(
    r"\b(?:upstream of our|outside(?: of)? our|beyond our|before our|"
    r"before (?:it|they|the packets|packets|traffic|requests) (?:reach(?:es)?|hits?|gets? to) our) "
    r"(?!(?:deploy|release|change|rollout|upgrade|migration|restart|maintenance|window|fix|incident|alert|page|"
    r"cutover|failover|outage|time|side)\b)[a-z][\w\-]*",
    re.IGNORECASE,
)
"""A fault placed outside a thing of ours ("so it's dying before our edge", "the loss is upstream of our
routers"): our thing named is cleared, not blamed. Said of a vendor's ("the route dies before it reaches
the cdn") it is no verdict: the path to the vendor may be what the theory about "them, not us" meant."""
THEORY_CUE_MORE = re.compile(
    r"(?:\bdid (?:we|they|you|somebody|anybody|someone|anyone|anything|something) "
    r"(?=(?:just |recently |accidentally |get |go )?(?:ship|push|"
    r"deploy|releas|roll|chang|upgrad|bump|merg|touch|flip|enabl|disabl|rotat|appl|run|ran|migrat|clean|delet|"
    r"drop|wip|purg|remov|overwr|truncat|revok|corrupt|broke|break)\w*)|"
    r"\bdid (?:somebody|anybody|someone|anyone) "
    r"(?=(?:just |recently |accidentally )?(?:turn|switch|toggl|edit|modif)\w*)|"
    r"\b(?:two |three |some )?(?:options?|alternatives?|possibilit(?:y|ies)|candidates?|suspects?)"
    r"(?: (?:on the table|so far|here|i see))?(?:\s*[:—]|\s+[\-–]\s)|"  # "options-stream" is a name
    r"\bcould (?:the|a|an|our|their|some|this|that) (?=[^?.!\n]{2,80}\?)|"
    r"\b(?:wants?|want|asking|asked|asks) (?:to know )?(?:if|whether)\b|"
    r"^\W*(?:hm+\W+|so\W+)?(?:it )?seems? (?:like |that |to be )?(?=the |a |an |our |their |some ))"
    r"\s*(?P<claim>[^.!?\n]{2,200})",
    re.IGNORECASE,
)
"""More ways to float a theory: "did we push a new proxy build?", "did anything get pushed?", "two
options: X, or Y", "could the nightly import have used an old schema?", "legal wants to know whether
anyone exfiltrated data", "seems the bad routes come from the transit provider"."""
ASKED_BY_OTHERS = re.compile(
    r"(?<!\bi )(?<!\bwe )(?<!\bi'd )(?<!\bwe'd )"
    r"\b(?:wants?|asking|asked|asks|wondering|wonders) (?:to know )?(?:if|whether)\s+(?P<claim>[^.!?\n]{2,200})",
    re.IGNORECASE,
)
"""A question relayed from outside the response ("customers asking if it's a ddos", "legal wants to know
whether anyone exfiltrated data"), not one a responder asks of themselves ("i want to know if it's kv")."""
ASKED_BY_OTHERS_AFTER = re.compile(
    r"(?P<claim>[^?\n]{2,200})\?+\s*[-—(]*\s*(?!(?:i|we|i'?m|me)\b)(?:\w+\s+){0,2}"
    r"(?:asks?|asking|asked|wants to know|wondering|wonders)\b",
    re.IGNORECASE,
)
"""The same, with who asks said after the question ("did someone change the lb last night? customer asks")."""
THEORY_SUBJECT = re.compile(
    r"^\W*(?P<claim>[^?.!\n]{3,80}?)(?:\s+|(?=,))(?:(?:could|might|may|must|would) (?:be|have been) "
    r"(?:it|the (?:root )?cause|the culprit|the problem|the issue|the trigger|to blame|related|involved)|"
    r"(?:is|'s) my (?:prime |main |top |strong |best |first |number one )?(?:guess|bet|suspect|theory|hunch)|"
    r"(?:is|'s) (?:a|the|our) (?:likely|possible|prime|main) (?:cause|suspect|culprit)|"
    r"(?:lines? up|lined up|correlates?|coincides?|matches) suspiciously|"
    r"(?:looks?|seems?|is|'s) (?:very |pretty |kinda |a bit )?(?:suspicious|fishy|sus)|"
    r",\s*(?:looks |seems )?(?:suspicious|fishy|sus)(?=\W*$)|"
    r",\s*(?:so\s+)?(?:that'?s|this is|it'?s) (?:my|our|the|a) (?:prime |main |top |strong |best |first )?"
    r"(?:suspect|guess|bet)(?=\W*$))\b",
    re.IGNORECASE,
)
"""A theory whose subject comes first: "Kafka lag could be it?", "the new sidecar is my guess", "the only
change today is chg-12, so that's my prime suspect"."""
THEORY_EFFECT = re.compile(
    r"^\W*(?P<claim>[^?.!\n]{3,80}?)\s+(?:could|might|may|would) (?:also |well |easily )?(?:make|cause|explain|"
    r"trigger|break|lead to|result in|produce|empty|block|starve)\b",
    re.IGNORECASE,
)
"""A theory put as what a thing could do: "event lag could make the inbox empty too"."""
THEORY_IF_EXPLAINS = re.compile(
    r"(?:^|[.;:]\s+)\W*(?:(?:and|but|so|ok)\W+)?if (?P<claim>[^?.!\n]{3,120}?)[,\s]+(?:then\s+)?(?:that|this|it|which)"
    r"(?:'d|’d| would| could| might| will) (?:totally |fully |also |probably )?(?:explain|fit|account for)\b",
    re.IGNORECASE,
)
"""A theory put as a condition that would explain what is seen: "if the demotion is racing with in-flight
commits that'd explain the old writer not letting go" raises the condition."""
THEORY_TO_RULE_OUT = re.compile(
    r"(?:\b(?:want|need|have|going|got|try(?:ing)?) to rule out(?: first)?(?: is| was)?|"
    r"\b(?:let'?s|let me|first,?) rule out|"
    r"\b(?:thing|things|one|step|idea) to rule out(?: first)?\s*(?:[:\-–—]|is|was))\s+(?P<claim>[^.!?\n]{3,160})",
    re.IGNORECASE,
)
"""A theory named as something to rule out ("first thing i want to rule out is the upstream api",
"one more thing to rule out: the cdn"): a check to make, not a refutation."""
_RULED_OUT_THING = r"(?:a |an |the |our |their |any )?(?P<{g}>[\w][\w\-./]*(?: [\w][\w\-./]*){{0,4}}?)"
_RULED_OUT_END = r"(?=\s*(?:[,.;:!)]|\s-\s|$|\s(?:either|then|anymore|after all|here|there|imo|afaict)\b))"
RULED_OUT_UNASKED = re.compile(
    r"(?:^\W*(?:(?:so|then|ok|okay|definitely|clearly|prob(?:ably)?)\W+)?"
    r"|\b(?:it'?s|it is|that'?s|that is|this is|this isn'?t|so|definitely|clearly)\s+)not (?!"
    + _NOT_A_VERDICT
    + r")"
    + _RULED_OUT_THING.format(g="claim")
    + _RULED_OUT_END
    + r"|\bno (?:sign|signs|evidence|trace|indication|hint)s? of "
    + _RULED_OUT_THING.format(g="claim2")
    + _RULED_OUT_END
    + r"|\brul(?:ed|ing|e) out "
    + _RULED_OUT_THING.format(g="claim3")
    + _RULED_OUT_END,
    re.IGNORECASE,
)
"""A suspect dismissed on its first mention, with nobody having raised it ("no sign of an attack",
"not a brute force", "ruled out the LB"): the usual suspects a responder checks off unasked. The board
keeps it as a theory raised and refuted at once, so "what was ruled out" is on the record."""
THEORY_COULD_X_BE = re.compile(
    r"\b(?:could|might|can|would) (?!(?:you|we|i|u|someone|somebody|anyone|anybody|they|he|she|it|this|that|"
    r"the|a|an|our|their|some)\b)(?P<claim>[^?.!\n]{2,60}? (?:be|have been) [^?.!\n]{2,80})\?",
    re.IGNORECASE,
)
"""A theory asked about a bare name ("could redis under the queue be struggling?")."""
REFUTE_DROPPED = _rx(
    r"^\W*(?:i |we )?(?:don'?t|do not) (?:really )?buy (?:it|that|this|the \S+ (?:theory|idea))\b",
    r"\bno (?:evidence|sign|signs|trace|indication) (?:of|for) (?!recovery|improvement)(?![^.;]*\b(?:yet|so far)\b)",
    r"\b(?:theory|hypothesis|guess|hunch|idea|lead|suspicion)\s+(?:was|is|turned out(?: to be)?|proved|proven|has been "
    r"proven|looks) (?:\S+ )?(?:wrong|false|incorrect|bogus)\b",
    r"\b(?:theory|hypothesis|idea|timing)\s+(?:doesn'?t|does not|won'?t|can'?t) (?:hold|work|fit|stand)\b",
    r"^\W*(?:it |that )?(?:wasn'?t|isn'?t|was not|is not) (?:the |a |an |our |their )[\w\-.]+",
    r"\b(?:wasn'?t|isn'?t|was not|is not|not) (?:the |a |an |our |their )?[\w\-.]+ at all\b",
    # a theory let go in so many words: "dropping that one", "let's drop the dns idea", "parking that
    # theory"; not a system dropping things ("we'd drop the second one as a dupe") nor a pause ("for now")
    r"(?:\b(?:dropping|parking|shelving|abandoning)|^\W*(?:(?:ok|okay|so|fine)\W+)?(?:let'?s )?(?:drop|park|shelve|"
    r"abandon)) (?:(?:that|this) one|(?:that|this|the) (?:\S+ )?(?:theory|idea|hunch|angle|lead))\b"
    r"(?! (?:for now|until|till)\b)",
)
"""A theory dropped in words a hedge check would misread ("I don't buy it", "no sign of an attack"),
or by a verdict on the theory itself ("the cache theory was wrong", "wasn't the queue at all"). Read
only in a clause that asks nothing."""
NO_EFFECT = _rx(
    r"\b(?:made|makes|make|had|has|with) no (?:difference|effect|impact)\b(?!\s*yet)",
    r"\bdidn'?t (?:help|change anything|make (?:a|any) difference)\b(?!\s*yet)",
    r",\s*no change\b(?!\s*yet)",
    r",\s*(?:the )?(?:errors?|failures?|timeouts?|5\d\d|5xx|crash(?:es)?|it) (?:continue|persist|keep|still)\w*\b",
    r",\s*still (?:seeing|getting|failing|erroring|broken|down|timing out|crashing)\b",
    r"\bsame (?:errors?|failures?|crash(?:es)?|behaviou?r|timeouts?) (?:on|with) the (?:old|previous|last)\b",
)
"""A test of a theory that changed nothing ("rolled it back, no change", "same errors on the old
version"): it drops the theory only when the message names what the theory is about (undoing
something else and seeing no change says nothing of it)."""
STATUS_PAGE_GREEN = re.compile(
    r"(?:\b[\w.\-]+ )?(?:public )?status ?pages? (?:(?:is|are|was|still|says|shows|looks)\s+)*"
    r"(?:(?:all|still|fully)\s+)*"
    r"(?:green|clean|fine|ok|okay|operational|normal|quiet)\b|\b(?:all )?green on (?:their|the|its|our) status ?page\b",
    re.IGNORECASE,
)
"""A vendor's status page reported green ("telesign status page is all green fwiw"): a status page trails
the fault it will report, so it clears no theory; what else the clause checked still counts."""
BARE_DOUBT = re.compile(
    r"^\W*(?:(?:i |we )?(?:don'?t|do not) (?:really )?buy (?:it|that|this)|(?:it |that )?(?:wasn'?t|isn'?t|was not|"
    r"is not) (?:that|this|it)|not (?:that|this|it)|(?:it |that |this )?(?:doesn'?t|does not|don'?t) add up)\b"
    r"(?! \w+ (?:is|was)\b)|" + _OPINION_NO,
    re.IGNORECASE,
)
"""Disbelief in what was just said, or a "no" to it by a pronoun ("I don't buy it", "wasn't that",
"doesn't add up"):
like "nope", it refers to the last theory."""
REFUTE_PLAIN = _rx(
    r"\b(?:isn'?t|is not|wasn'?t|was not|aren'?t|are not) (?:them|us|him|her)\b",
    r"\b(?:nobody|no one|noone) (?:is|was|'s|has been) \w+ing\b",
    r"\b(?:nobody|no one|noone) (?:has |had |ever )?(?:touched|changed|edited|modified|deployed|pushed|shipped|"
    r"altered|accessed)\b",
    r"\b(?:that|this|which) (?:kills|killed|sinks|sank|buries|buried) (?:it|that|this|(?:the|that|this) (?:theory|idea|"
    r"hunch))\b",
    r"\b(?:is|are|was|were|looks?|seems?) (?:\S+ )?(?:boring|unremarkable|uneventful)\b",
    r"\bits (?:\S+ )?(?:fine|ok|okay|healthy|happy|normal|clean|flat|green|stable|good)\b",
)
"""Refutations in plain chat: "it isnt them", "nobody is flooding us", "nobody touched the bucket", "that kills
it", "per-org volume is boring", "its happy" (no apostrophe)."""
OWN_CHANGE_SUSPECTED = re.compile(
    r"^\W*(?:(?:oh no|uh+|um+|hm+|ugh|wait|oops|yeah|yes|ok|okay|ack|fyi|hmm)\W+)*(?:i think |pretty sure |i bet )?"
    r"(?:that'?s|thats|this is|it'?s|its) (?:probably |prob |likely |maybe |possibly |almost certainly |definitely |"
    r"def |prolly )?(?:me|mine)\b(?:\W*$|\s*[,:\-—–]+\s*(?P<what>\S.{5,}))",
    re.IGNORECASE,
)
"""A responder owning up to what they just changed ("wait, thats probably me. i applied the ssl config on the
lb right before this", "oh no, that's mine - the block rule update went out 3 min ago"): what they did is
the theory, raised to be proven or ruled out like any other. "that's me testing the new monitor" says
what a message was, and a bare "that's on me" takes the blame after the fact; neither raises one."""
THEORY_LABEL = re.compile(
    r"^\W*(?:(?:my |the |one )?(?:problem|issue|suspicion|suspect|hunch|guess|worry))\s*:\s*(?P<claim>[^.!?\n]{3,200})",
    re.IGNORECASE,
)
"""A theory under a label ("problem: every vm reconnects to the broker at once", "hunch: the cron")."""
THEORY_SUSPECT_IS = re.compile(
    r"\b(?:(?:most )?obvious (?:thing|suspect|candidate|explanation|answer)|(?:prime|main|top|first|usual|likeliest) "
    r"(?:suspect|candidate|explanation|culprit)) (?:is|would be|'d be|here is)\s*(?:that )?(?:it'?s )?"
    r"(?P<claim>[^.!?\n]{3,200})",
    re.IGNORECASE,
)
"""A theory named as the suspect ("most obvious thing is the release itself is broken", "prime suspect is the
new cron schedule")."""
PROCESS_CHECK = re.compile(
    r"\b(?:go|goes|went|gone|pass|passed|run|ran) (?:through|via|in) (?:staging|review|code review|qa|testing|tests|ci|"
    r"canary|the canary|change review|change management|cab|a load test)\b|\b(?:tested|reviewed|load[- ]tested|"
    r"approved|signed off) (?:in|on|before|first|by)\b",
    re.IGNORECASE,
)
"""A question about the process a change went through ("did it go through staging?"): a question for
the review, not a theory about what failed."""
DEICTIC = re.compile(r"^\W*(?:that'?s|that|this|it'?s|it)\b", re.IGNORECASE)
_OUR_FINDING = (
    r"(?:that'?s|thats|there'?s|theres) (?:our|the) (?:[\w-]+ ){0,2}?"
    r"(?:problem|issue|bug|culprit|cause|trigger|way in|entry point|attack vector)"
)
"""A finding named by what it is ("that's our memory problem", "there's the entry point"), announced
before it is told."""
FINDING_OPENER = re.compile(
    r"^\W*(?:(?:ok|okay|yep|yeah|so|and|right)\W+){0,2}(?:found it|mystery solved|"
    r"found the (?:root cause|cause|issue|problem|bug|"
    r"culprit|trigger)|" + _OUR_FINDING + "|"
    r"that'?s it|that'?s the one|"
    r"there it is|bingo|got it|smoking gun|that explains it|that explains everything|"
    r"(?:i|we) (?:know|figured out|worked out|see) what (?:it is|happened|this is|broke)|this is it|"
    r"(?:(?:oh|ah|now|ok|okay) )?(?:i|we) get it(?: now)?|(?:oh|ah|now) (?:i|we) see it(?: now)?|"
    r"(?:i|we) (?:get|see) what'?s (?:going on|happening)|"
    r"figured it out)\b(?:\s+then)?(?:\W+i think)?\W*$",
    re.IGNORECASE,
)
"""A clause that announces the cause and leaves it to the next sentence ("found it. the …", "oh. i get it now.
the …")."""
FOUND_ANNOUNCED = re.compile(
    r"\bfound (?:it|the)\b|\bmystery solved\b|\b(?:figured|worked) out what\b|"
    r"\b(?:know|see) what (?:it is|happened|broke)\b",
    re.IGNORECASE,
)
"""The :data:`FINDING_OPENER` announcements that say the cause was found, so what follows is the cause
whatever it names ("got it" and "that's it" also acknowledge, so they need a name the vocabulary knows)."""
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
FINDING_INLINE = re.compile(
    r"^\W*(?:(?:ok|okay|yep|yeah|so|right)\W+){0,2}(?:found it|mystery solved|that'?s it(?: then)?|there it is|bingo|"
    r"smoking gun|" + _OUR_FINDING + r")\s*[:—–-]\s*"
    r"(?P<claim>\S.{5,})$",
    re.IGNORECASE,
)
"""The announcement and the cause in one clause ("that's it then: the policy with empty fields …")."""
SUSPECT_CLOSER = re.compile(
    r"^\W*(?:so\s+)?(?:that'?s|this is) (?:the|my|our|a|prime) (?:prime |strong |main |top )?suspect\W*$|"
    r"^\W*(?:(?:a|my|our) )?(?:strong|prime|main|top|likely|obvious) suspect\W*$|"
    r"^\W*(?:so\s+)?(?:that'?s|this is|that is|which is) (?:our|the) (?:root )?(?:cause|culprit|trigger)\W*"
    r"(?:right|yes|no|correct|agreed|yeah|surely|i think)?\W*\?\W*$|"
    r"^\W*(?:(?:just|only|total|pure|wild)\W+)?(?:(?:a|my)\W+)?(?:guess(?:ing)?|hunch|speculating|speculation|"
    r"wild guess|shot in the dark)\W*$|"
    r"^\W*(?:(?:looks |seems |feels )?(?:suspicious|sus|fishy|related|connected|relevant)|coincidence)\W*\??\W*$|"
    r"^\W*(?:(?:so|hm+|uh+|and|but|ok)\W+)?(?:could|can|would|might|is|was) (?:that|this) (?:be |have been )?(?:it|"
    r"the (?:cause|culprit|trigger|problem|issue|reason)|"
    r"what (?:\w+ ){0,2}(?:\w+ed|broke|cut|caused|killed|took)\b[^?]*|"
    r"related|connected|relevant)\W*\?\W*$|^\W*(?:(?:so|hm+|uh+|and|but)\W+)?(?:would|could|does|might) (?:that|this) "
    r"explain (?:it|this|everything|the \w+)\W*\?\W*$|"
    r"^\W*(?:(?:so|hm+|uh+|and|but)\W+)?(?:could|might|may) be (?:that|this|it|related|connected)\W*\?\W*$|"
    r"^\W*(?:(?:so|and|which|hm+|yeah)\W+)?(?:that|this|it|which)(?:'d|’d| would| could| might) (?:totally |fully )?"
    r"(?:explain|fit|account for) (?:it|this|that|everything|all of (?:it|this)|the \w+(?: \w+)?|"
    r"(?:no|why|how) [^?.!\n]{2,40})\W*$|"
    r"^\W*(?:(?:so|and|hm+)\W+)?(?:maybe|perhaps|probably|possibly) (?:that'?s|thats|that is|this is) (?:it|the "
    r"(?:whole|entire) (?:thing|story|problem|issue)|the (?:cause|culprit|problem|issue|reason))\W*$",
    re.IGNORECASE,
)
"""A clause that names what came before it as the prime theory ("… minutes after. that's the suspect"),
or asks whether it is related ("… restarted 12 times. related?", "…, suspicious"), or says it would explain what
is seen ("switch failing? that'd explain it", "… that would explain why the standby never took over"), or
offers it as the whole story ("… without hugepages. maybe that's the whole thing?")."""
LOOKS_LIKE_THIS = re.compile(
    r"^\W*(?:(?:hm+|so|yeah|ok)\W+)?(?P<claim>[\w\- ]{3,50}?)\s+(?:would|could|might)(?: well)? "
    r"(?:look (?:exactly )?like this|fit(?: (?:it|this|that|here|the \w+))?|"
    r"explain (?:it|this|that|everything|all of (?:it|this)))\W*$",
    re.IGNORECASE,
)
"""A guess put as what the symptoms would look like ("a full disk would look like this"): the subject is
the theory."""
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
    r"our understanding|current understanding|so far|in one (?:line|sentence)|what (?:\w+ ){0,2}happened|"
    r"for the record)\b[^:\n]{0,40}?)\s*[:\-—–]\s+(?=\S)",
    re.IGNORECASE,
)
"""A label that introduces a summary of what is known ("summary: …", "writing down what we know: …",
"to say it plainly for everyone joining: …"): what follows is the channel's own statement of it."""
FINDING_CLOSER_WHY = re.compile(
    r"^\W*(?:so\s+|and\s+)?(?:that'?s|this is|that is|which is|which was|that was|which explains|that explains|"
    r"this explains)\s+(?:why|how)\s+(?P<effect>[^.!?\n]{3,200}?)[.!\s]*$",
    re.IGNORECASE,
)
"""A clause that names what came before it as the cause of a failure ("that's why the control plane is
down even though …")."""
FINDING_CLOSER_AFTER = re.compile(
    r"[,;—–]\s*(?:so\s+|and\s+)?(?:that'?s|this is|that is|which is|which was|that was|which explains|that explains)"
    r"\s+(?:(?:why|how)\s+(?P<effect>[^.!?\n]{3,200}?)|what\s+(?P<did>(?!(?:happen|seem|look|mean|matter|need|count|"
    r"say|said|was|is|fix|solv|resolv|help|work|clear|recover|restor|stabili)\w*\b)[a-z]+(?:s|ed)\b[^.!?\n]{0,150}?)|"
    r"(?:our|the) (?P<symptom>(?:slowdowns?|errors?|\d{3}s|5xx|"
    r"timeouts?|latency|spikes?|lag|backlog|failures?|crash(?:es|loops?)?|breakage|degradation|outage|"
    r"storm|drops?|stall|401s|403s|429s|500s|502s|503s|504s)))(?:\s+(?:fwiw|imo|imho|tbh|afaict|i think))?[.!\s]*$",
    re.IGNORECASE,
)
"""A clause that states a finding and then, after a comma, names it as the cause of the failure
("X crashed after the upgrade, that's why lookups fail", "… , that's what stalls the producers",
"… , that's the slowdown"): what came before the comma is the cause when it says something was done
to or went wrong with a named thing."""
THEORY_WHY = re.compile(
    r"^\W*(?:(?:right|ok|okay|so|hm+|and|but)\W+){0,2}why (?P<aux>is|are|was|were|does|do|did|would|isn'?t|aren'?t|"
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
GO_AHEAD = re.compile(
    r"^\W*(?:yes|yep|yeah|yup|ok|okay|sure)\W*(?:(?:pls|please|plz|go ahead|go for it|do it|do that|thanks|ty|"
    r"doing(?: it| that| so)?|on it|will do|on (?:that|this) (?:now|one))\b|"
    r"(?:checking|grabbing|pulling|running|looking)(?: now)?\W*$|(?:i|we) know\b)",
    re.IGNORECASE,
)
"""A "yes" that grants a request ("yes pls", "yep go ahead"), takes a task on ("yep doing", "yes, on it",
"sure, checking") or acknowledges a concern ("yes i know, but it's our internal ci"): permission, a task
accepted or a remark heard, not a verdict on a theory."""
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
    r"(?P<claim>(?:a|an|some|another|the|our|their|its)\b[^?.!\n]{2,80})\?",
    re.IGNORECASE,
)
"""A theory put as what the channel is facing ("are we looking at an attack?", "are we hitting our own
file-descriptor limit?")."""
THEORY_COULD_DOING = re.compile(
    r"\b(?:could|might|would|can) (?:they|it|we|those|these|them) (?:just |also |really |actually |still )?"
    r"(?:be|have been) "
    r"(?P<claim>(?:\w+ing|(?:on|in|over|past|behind|out of) (?:a|an|the|some|our|their|another|its)\b)"
    r"[^?.!\n]{2,80})\?",
    re.IGNORECASE,
)
"""A theory about what something is doing or where it is, its subject a pronoun ("could they be blowing
past the connection cap?", "could we just be over our quota?"): what they would be doing is the theory."""
THEORY_NEGATIVE_Q = re.compile(
    r"^\W*(?:(?:wait|hm+|so|but|and|also)\W+)?(?:wasn'?t|didn'?t|hasn'?t|haven'?t|weren'?t) "
    r"(?!(?:you|u|i|it|that|this|there|he|she|everyone|anyone)\b)(?P<claim>[^?\n]{3,100})\?",
    re.IGNORECASE,
)
"""A theory put as a question expecting yes ("wasn't the renewal done by that hosted service?", "didn't we
shrink the pool last week?"): what was done, suspected."""
THEORY_ISNT_IT = re.compile(
    r"^\W*(?:(?:wait|hm+|so|but|and|also|or|ok)\W+)?(?:isn'?t|isnt|ain'?t|wasn'?t|wasnt) (?:it|this) "
    r"(?:just |simply |really )?(?!(?:a|the) (?:bit|little|lot|point|plan|idea|goal|same|whole|case|time|job)\b)"
    r"(?P<claim>(?:the|a|an|our|their|some|that) [^?\n]{2,80})\?",
    re.IGNORECASE,
)
"""A theory asked as a question expecting yes ("isn't it the animation json?"): the thing is suspected."""
THEORY_SURE_NOT = re.compile(
    r"\b(?:sure|certain|positive) (?:it'?s|its|it is|this is|that'?s|that is) not (?:just )?(?P<claim>[^?\n]{2,80})\?",
    re.IGNORECASE,
)
"""A theory asked as doubt that it is not the thing ("sure it's not a browser extension?"): suspected too."""
_HARM_DONE = (
    r"(?:hit|broken|broke|leaked|deleted|dropped|unpublished|removed|overwritten|overwrote|exhausted|overloaded|"
    r"triggered|corrupted|wiped|truncated|purged|revoked|rotated|expired|filled|maxed|stolen|exposed|"
    r"got hold of|gotten hold of|gotten into|got into|pushed|deployed|changed|misconfigured|flipped|disabled)"
)
THEORY_SOMEONE_HAVE = re.compile(
    r"\b(?:could|might|would) (?:we|they|someone|somebody|anyone|anybody) (?:\w+ )?have "
    r"(?P<claim>" + _HARM_DONE + r"\b[^?\n]{2,80})\?",
    re.IGNORECASE,
)
"""A theory that we, they or someone did the harm ("could someone have got hold of the creds?", "could we have
hit a throttle on the sms account?"); "could we have rolled back sooner?" asks about the process, not a cause."""
THEORY_DID_NAME_BREAK = re.compile(
    r"^\W*(?:(?:so|and|also|hm+|wait|q)\W+)?did (?!(?:you|u|we|i|anyone|anybody|someone|somebody|it|this|that|they|he|"
    r"she|the|a|an)\b)(?P<claim>[^\s?]+(?: [^\s?]+){0,5}? (?:break|cause|kill|trigger|corrupt|take down|"
    r"overload|wipe|delete|drop|mess up|screw up|do (?:something|this|that)|fall over|fall down|go down|die|crash|"
    r"hang|choke|tip over|run out)\b[^?\n]{0,80})\?",
    re.IGNORECASE,
)
"""A theory asked about a named change or part ("did otp-service 2.14 from last night break something?", "did
yesterday's migration do this?", "did kamailio fall over on the sbcs?")."""
THEORY_SOMEONE_DOING = re.compile(
    r"\b(?:is|are) (?:someone|somebody|a customer|one customer|a tenant|one tenant|a partner|a bot|bots) "
    r"(?!(?:looking|checking|working|handling|watching|paging|investigating|monitoring|reviewing|on it|taking|"
    r"owning|talking|writing|drafting|updating|posting|coordinating|leading)\b)(?P<claim>\w+ing\b[^?\n]{2,80})\?",
    re.IGNORECASE,
)
"""A theory that some party is doing the harm ("is someone running a massive report export?")."""
THEORY_INTRUDER_DID = re.compile(
    r"^\W*(?:(?:so|and|also|btw|q|but|ok|okay)\W+){0,2}(?:did|could|would|have|has) (?:they|the (?:attackers?|actors?|"
    r"intruders?|hackers?)|whoever (?:did (?:this|it)|it was)) (?:also )?(?:have )?"
    r"(?P<claim>(?:tr(?:y|ied)|get|got|steal|stole|take|took|keep|kept|(?:us|mov)ed?|"
    r"(?:reach|access|touch|pivot|dump|pull|publish|push)(?:ed)?|log(?:ged)? ?in(?:to)?|sign(?:ed)? in(?:to)?|"
    r"exfiltrat\w*|persist\w*)\b[^?\n]{2,80})\?",
    re.IGNORECASE,
)
"""A theory about what an intruder did or reached, asked ("did they try other registries with the dumped
secrets?", "could the attackers have pivoted to the build hosts?"): the scope the response must rule in or out."""
_HARM_DOING = (
    r"(?:exhausting|hitting|dropping|blocking|rejecting|evicting|starving|hammering|flooding|retrying|overloading|"
    r"saturating|leaking|throttling|deleting|purging|overwriting|truncating|corrupting|running out of|filling up)"
)
THEORY_ARE_WE_DOING = re.compile(
    r"\b(?:are|were) (?:we|they) (?P<claim>" + _HARM_DOING + r"\b[^?.!\n]{2,80})\?",
    re.IGNORECASE,
)
"""A theory that we or they harm something, asked ("are we exhausting db conns?", "are they throttling our
api key?")."""
THEORY_SIDE = re.compile(
    r"^\W*(?:(?:so|or|maybe|hm+|also)\W+){0,2}(?:on |from )?(?P<claim>[\w][\w\-.]*(?: [\w][\w\-.]*)?)(?:'s)? "
    r"(?:side|end)\s*\?+\s*$",
    re.IGNORECASE,
)
"""A terse question whether the fault is a named party's ("github side?", "on the isp's end?")."""
_CHANGE_ASKED = (
    r"(?:anything|something|what else) (?:get |got )?(?:deployed|changed|shipped|released|rolled out|pushed|merged|"
    r"migrated|flipped|go out|gone out|went out)\b"
)
"""The head of a question about a recent change ("anything go out", "what else shipped")."""
CHANGE_QUESTION = re.compile(r"^\W*" + _CHANGE_ASKED, re.IGNORECASE)
"""A theory's statement that is such a question: an answer naming what went out makes it a suspect, not the cause."""
THEORY_ANYTHING_CHANGED = re.compile(
    r"^\W*(?:(?:so|and|also|btw|hm+|ok|okay|q)\W+){0,2}(?:did |has |have )?"
    r"(?P<claim>"
    + _CHANGE_ASKED
    + r"(?![^?\n]*\b(?:customers?|users|status|comms|announcements?|e-?mails?|posts?|notices?|updates?|"
    r"tweets?|newsletter)\b)[^?\n]{0,80})\?",
    re.IGNORECASE,
)
"""The usual first suspect, a recent change, asked with or without "did" ("anything deployed last night?",
"something changed in the lb config?", "did anything go out?", "what else shipped today?"); a bare "what
changed?" asks without suspecting."""
THEORY_ANY_CHANGES = re.compile(
    r"^\W*(?:(?:so|and|also|btw|hm+|ok|okay|q)\W+){0,2}any (?:recent )?(?P<claim>(?:deploys?|deployments?|changes?|"
    r"releases?|rollouts?|config (?:changes?|pushes)|migrations?|flag (?:flips|changes))\b"
    r"(?![^?\n]*\b(?:needed|required|planned|pending|to (?:make|do|the (?:runbook|docs?|status|page|postmortem)))\b)"
    r"[^?\n]{0,80})\?",
    re.IGNORECASE,
)
"""The same, asked as "any deploys in the last hour?"."""
THEORY_ANYONE_CHANGED = re.compile(
    r"^\W*(?:(?:so|and|also|btw|hm+|ok|okay|q|wait)\W+){0,2}(?:did |has |have |is |was )?"
    r"(?:any ?one|any ?body|some ?one|some ?body) (?:else )?(?:just )?"
    r"(?P<claim>(?:push|deploy|ship|chang|touch|merg|releas|flipp?|roll(?:ed|ing)? out|apply|applied|modif|edit)\w* "
    r"(?![^?\n]*\b(?:customers?|users|status|comms|announcements?|e-?mails?|posts?|notices?|updates?|tweets?|"
    r"newsletter|base)\b)[^?\n]{2,80})\?",
    re.IGNORECASE,
)
"""The recent change asked as someone's doing ("anyone push config to the edge router recently?", "did somebody
touch the lb rules?"): the usual first suspect, whoever made it."""
THEORY_COULD_HAVE = re.compile(
    r"\b(?:could|might|would) (?!(?:you|we|i|u|someone|somebody|anyone|anybody|it|this|that)\b)"
    r"(?P<claim>[^?.!\n,]{2,40}? have (?!to\b|been\b)\w+\b[^?.!\n]{0,80})\?",
    re.IGNORECASE,
)
"""A theory about what a named thing may have done ("might the sweeper have removed live rows?")."""
THEORY_MUST_HAVE = re.compile(
    r"^\W*(?:(?:so|ok|okay|hm+|then|and|or|but|yeah|right)\W+){0,2}"
    r"(?P<claim>(?!(?:i|we|you|u|they|it|this|that|there|he|she|which|what|who|nothing|everything)\b)"
    r"[^?.!\n,;:]{2,60}? (?:must|might|may|could)(?:'ve| have) (?!to\b|a\b|an\b|the\b|no\b|some\b)"
    r"(?:been \w+|\w+(?:ed|en|t|wn|ung|ought|ew|ept|ole|ook|ode|ost|ent))\b[^?.!\n]{0,100}|"
    r"(?!(?:i|we|you|u|they|it|this|that|there|he|she|which|what|who|nothing|everything)\b)"
    r"[^?.!\n,;:]{2,60}? (?:must|might|may) be \w{3,}ing\b[^?.!\n]{0,100})",
    re.IGNORECASE,
)
"""A theory said as what a named thing must or might have done ("the redirect change must have broken
the allowlist", "someone might've deleted the token", "the new rule must be dropping health checks")."""
THEORY_DOUBTED = re.compile(
    r"\b(?:are|r) (?:we|you|u) (?:sure|certain|positive) (?:that )?(?P<claim>[^?\n]{3,60}?) "
    r"(?:isn't|is not|isnt|aren't|are not|wasn't|was not|didn't|did not|hasn't|has not) "
    r"(?:part of|involved in|behind|related to|in on|causing|"
    r"the cause of|to blame for) (?:this|it|the \w+)\W*\?",
    re.IGNORECASE,
)
"""A theory put as a doubt about it being cleared ("are we sure the cdn isn't part of this?")."""
ALTERNATIVE_UNNAMED = re.compile(
    r"\s*,?\s+or (?:is it |is that |was it |it's |its )?(?:something|anything) else(?: entirely)?(?=\W*\?\W*$)",
    re.IGNORECASE,
)
"""A generic other option after a theory question ("is the worker stuck, or is it something else?"): it names
no second theory, so the question still raises the first."""
SUSPECT_STATE = _rx(
    r"\b(?:gone|bad|wrong|flaky|weird|odd|acting up|misbehav\w*|compromised|hacked|attack\w*|saturated|overloaded|"
    r"full|stale|expired|leak\w*|involved|related|to blame|the (?:cause|problem|culprit|issue|trigger)|lagg?\w*|"
    r"behind|starved|pegged|maxed|throttl\w*|saturat\w*|thrashing|flapping|dying|choking|struggling)\b",
    r"\bhaving (?:a|an|issues|problems|trouble)\b",
)
"""What a yes/no theory says of its subject: that it misbehaves or is to blame (not that it is back)."""
SUSPECT_STATE_MORE = _rx(
    r"\b(?:down|slow|sluggish|broken|corrupt\w*|failing|degraded|unhealthy|dead|stuck|hung|wedged|deadlocked|"
    r"crash\w*|exhausted|erroring|unreachable|unavailable|oom\w*|rate[- ]?limited|partitioned|blocked|evicted)\b",
    r"\b" + _HARM_DOING + r"\b",
    r"\bout of (?:memory|disk|space|capacity|connections|quota|file descriptors|fds|inodes)\b",
    r"\bnot (?:working|responding|healthy|reachable)\b",
    r"\b(?:hitting|at|over) (?:a |the |its |their |our )?(?:own )?(?:[\w\-]+ )?(?:limit|quota|cap|ceiling)\b",
)
"""More states a yes/no theory gives its subject ("is the object store itself down?", "queue workers
wedged??"), kept apart from :data:`SUSPECT_STATE` because the fitted raise reading uses that one as a
feature. Read only together with :data:`STATE_ASKED`."""
STATE_ASKED = _rx(
    r"\bfor (?:everyone|everybody|all|anyone|me|you|u|users|customers|others|them)\b",
    r"\b(?:still|yet|now|anymore|any more)\b",
)
"""A state question about the impact, not a cause: who sees it ("is login down for everyone?") or whether
it lasts ("is checkout still slow?")."""
SELF_SUSPECT = re.compile(
    r"^\W*(?:(?:hm+|uh+|oh|so|ok|welp|ugh)\W+)?(?:(?:(?:it|that|this) )?(?:could|might|may) (?:well )?be (?:me|mine|my "
    r"(?:change|deploy|flip|push|release))|(?:that'?s|it'?s|that is|it is) (?:probably|prob|likely|maybe|possibly) "
    r"(?:me|mine|my (?:change|deploy)))\W*$",
    re.IGNORECASE,
)
"""A responder suspecting their own change right after saying what they did ("i flipped the flag to 100%
three minutes ago. could be me"): the change said before it is the theory."""
THEORY_OURS = re.compile(
    r"\b(?:is|could|can|might|would|may) (?:it|this|that) (?:be |have been )?(?:us|ours|on us|our (?:fault|side|end|"
    r"doing|change|release|deploy))\b|\bcould be (?:ours|us)\b|^\W*(?:is it|was it|it'?s) (?:us|ours)\b|"
    r"\b(?:is|was|could|can|might|would) (?:that|this) (?:be |have been )?"
    r"(?:it|related|the (?:cause|culprit|trigger))\s*\?",
    re.IGNORECASE,
)
"""A theory that points at the asker's own side or at what was just said ("cache tier: is it us?",
"the search team released at noon, could be ours?", "the cron moved to 02:00 last week, could that be
it?"): what it suspects is named beside it, in a label, the same clause or the next one."""
_AUX = (
    r"(?:is|isn'?t|are|aren'?t|was|wasn'?t|were|weren'?t|do|don'?t|does|doesn'?t|did|didn'?t|has|hasn'?t|have|"
    r"haven'?t|can|can'?t|could|couldn'?t|will|won'?t|would|wouldn'?t)"
)
THEORY_TAG = re.compile(
    r"^\W*(?:[^:?\n]{1,40}(?::|\s+-)\s+)?(?:(?:ok|okay|hm+|so|and|also|wait|btw|right|oh)\W+){0,2}"
    r"(?P<claim>[^?\n]{3,160}?),?\s+" + _AUX + r"(?: not)? "
    r"(?:it|we|they|you|u|there|that|this|he|she)\s*\?+(?:\s*:[a-z0-9_+\-]+:)*\s*$",
    re.IGNORECASE,
)
"""A tag question: a statement with an auxiliary and a pronoun after it ("the cert ran out, didn't
it?", "we're not replaying old events, are we?"). English grammar, not wording: the statement is
the guess, the tag asks for it to be confirmed (or, after a negative, feared)."""
TAG_NEGATED_SUBJECT = re.compile(
    r"^(?:[^,:;\n]{1,20}[,:;]\s*|[^\n]{1,20}?\s-\s*)?\W*"
    r"(?:(?:we|they|it|this|that|you|u|he|she|there|someone|somebody|nobody)\s*(?:'re|'s|'ve|re|s| are| is| "
    r"was| were| have| has|)\s*(?:not|n't)|(?:we|they|it|this|that|you|he|she|there)\s*(?:aren'?t|isn'?t|wasn'?t|"
    r"weren'?t|haven'?t|hasn'?t|didn'?t|don'?t|doesn'?t))\s+",
    re.IGNORECASE,
)
"""The negated subject of a fearful tag question ("we're not …, are we?"), after a short lead ("hm, "):
what is feared follows it."""
THEORY_ASKED_OPINION = re.compile(
    r"\b(?:(?:does|do|did) )?(?:any ?one|anybody|somebody|someone|others?|people)(?: else)? "
    r"(?:think|thinks|reckon|reckons|suspect|suspects|figure|figures)\b(?: (?:that|it'?s|it is|it was|this is|"
    r"we'?re|we are))?\s+(?P<claim>[^?.!\n]{2,160})\?",
    re.IGNORECASE,
)
"""A guess put to the channel as a question of opinion ("anyone reckon it's the resolver cache?",
"does anybody else think the sidecar leaks?"): the theory is what they are asked to think."""
JOKE = re.compile(
    r"(?<![\w/])(?:lol|lmao|lmfao|rofl|haha\w*|hehe\w*|jk|/s)(?!\w)|[😂🤣🙃😜😏🙄]|"
    r":(?:joy|rofl|rolling_on_the_floor_laughing|upside_down_face|stuck_out_tongue\w*|smirk|eye_?roll|"
    r"face_with_rolling_eyes):",
    re.IGNORECASE,
)
"""A laugh, an eye-roll or a sarcasm tag ("yeah sure, blame the proxy lol", "obviously 🙃"): an
agreement said with it may be a joke, so it answers no theory."""
PENDING_CHECK = re.compile(
    r"\bbut (?:still |i'?m |we'?re |am |are |now )?(?:checking|verifying|confirming|double[- ]?checking|"
    r"looking)\b|\b(?:still |first )?(?:checking|verifying|confirming|double[- ]?checking) (?:first|to be sure|"
    r"before)\b|\bto be (?:sure|certain|100%)\b|\bnot (?:100%|fully|entirely|totally|completely) (?:sure|certain)\b|"
    r"\bbefore (?:we|i) (?:call|say|declare|confirm|claim)\b|\bnot (?:yet )?(?:verified|proven|checked|tested)\b|"
    r"\b(?:will|i'?ll|we'?ll) (?:confirm|verify)\b|\b(?:well,? )?maybe not\b|\b(?:look|check|looking|checking) again\b|"
    r"\bon second thought\b",
    re.IGNORECASE,
)
"""A conclusion said together with the check still running on it ("pretty sure it's the purge but
checking the logs first", "… to be sure") or doubted in the same breath ("yes. well, maybe not"): the
speaker has not found it yet, so it backs the theory without settling it."""
PERSON_ASKED = re.compile(
    r"(?:^|[.!;,]\s*|\b(?:is|are|was|were)\s+)(?:any ?one|anybody|some ?one|somebody|you|u|y'?all|he|she|they)\s+"
    r"(?:already |still |now )?(?:looking|checking|on|watching|working|handling|investigating|taking|digging|owning|"
    r"around|here|there|online|available|free|awake|in|with us)\b[^?\n]*\?",
    re.IGNORECASE,
)
"""A question about what a person is doing ("is anyone looking at the resolver dashboards?", "you
on the bridge?"): the "yes" to it says who works on what, not that a theory is right."""
RETRACTION = re.compile(
    r"^\W*(?:(?:ok|okay|oh|hm+|ah|sorry|oops)\W+)?correction\s*[:,\-—]|"
    r"\b(?:my bad|my mistake|i was wrong|i misspoke|misspoke|false alarm|ignore (?:that|this|my last|what i said|"
    r"me)|disregard|never ?mind|nvm|take (?:that|it) back|retract(?:ed|ing)?|no wait|wait,? no)\b|"
    r"\b(?:i )?misread (?:the|that|my|it|those)\b|\b(?:wrong|other) (?:graph|dashboard|tab|panel|screen|query|"
    r"chart)\b|\b(?:looking|looked) at the wrong\b|"
    r"\bthat was (?:the )?(?:staging|stage|dev|test|qa|another|the other)\b|"
    r"^\W*(?:wait|hold on|hang on|oh|hm+)\W+wrong \w+|\bwrong (?:cluster|region|env|environment|host|account|project|"
    r"namespace|zone|instance|box)\b|\b(?:i was|i'?d been|i'?ve been|i'?m|i am) (?:looking at|reading|checking) "
    r"(?:the )?"
    r"(?:staging|stage|dev|test|qa|wrong|other|old|yesterday'?s)\b",
    re.IGNORECASE,
)
"""A responder taking back what was just said ("scratch that", "my bad, wrong dashboard", "false
alarm, that was staging"): a refutation after it overturns even a confirmed theory."""
WILL_CHECK = re.compile(
    r"^\W*(?:(?:i'?m|im|we'?re|i'?ll|we'?ll|will|gonna|going to|let me|lemme|let'?s|definitely|totally|def|"
    r"certainly|worth|also|now|already)\W+){0,3}(?:check(?:ing)?|look(?:ing)?(?: into| at)?|dig(?:ging)?|"
    r"investigat\w*|verify(?:ing)?|test(?:ing)?|try(?:ing)?|ask(?:ing)?|pull(?:ing)?|on it|a look|a check)\b",
    re.IGNORECASE,
)
"""What a "yes" goes on with when it takes a task rather than judging the theory ("yes, checking that
now", "yeah definitely worth a look", "yep, on it")."""
BELIEF_LEAD = re.compile(
    r"^\W*(?:(?:ok|okay|so|yeah|hm+|and|but)\W+)?(?:i (?:think|believe|reckon|guess|suspect|feel)|i'?d? bet|"
    r"bet(?:ting)?|probably|my money'?s on|" + _BET_SAYS + r"|"
    r"(?:my )?(?:first|other|another|one) (?:guess|thought|hunch|bet)(?: is| was)?|"
    r"my (?:guess|bet|hunch|feeling) is|i(?:'?m| am) (?:thinking|guessing|suspecting)|"
    r"i (?:have|got) a (?:feeling|hunch)|(?:another|one|other|a second|second) (?:idea|possibility|option|candidate|"
    r"suspect|theory))\b(?! (?:so|that'?s it|this is it|we (?:found|have) it)\b)",
    re.IGNORECASE,
)
"""A cause put as a belief ("i think the schema bump broke the parser"): a theory in the shape of a
cause, not the cause found."""
MACHINE_GUESS = re.compile(
    r"\b(?:tool|tooling|auto[- ]?(?:analysis|rca|detect\w*)|watchdog|apm|ai|llm|copilot|assistant|anomaly detection|"
    r"insights?|bot|model|heuristic)(?:'s)?\b[^.!?\n]{0,40}\b(?:says?|said|suggests?|suggested|thinks?|guess(?:es|ed)?|"
    r"claims?|claimed|points? (?:to|at)|pointed (?:to|at)|blames?|blamed)\b",
    re.IGNORECASE,
)
"""A cause relayed from an automated analysis ("the apm tool's auto analysis says 'root cause: …'",
"the ai assistant suggests …"): a machine's guess is a theory, not a finding."""
_STEP_VERB = (
    r"(?:roll(?:ing)?(?:\s|-)?back|revert|undo|restart|reboot|bounce|recycle|redeploy|re-?run|retry|replay|drain|cordon|"
    r"evacuate|scale|disable|enable|re-?enable|turn|switch|flip|toggle|block|unblock|ban|allow-?list|whitelist|"
    r"blacklist|pause|resume|unpause|suspend|stop|start|halt|freeze|unfreeze|lock|unlock|kill|abort|cancel|"
    r"rotate|revoke|reroute|route|re-?route|divert|shift|move|migrate|fail(?:ing)?(?:\s|-)?over|failover|fail(?:ing)?(?:\s|-)?back|"
    r"bring|take|spin|swap|promote|demote|purge|flush|clear|evict|wipe|truncate|drop|delete|remove|add|raise|"
    r"bump|increase|lower|reduce|throttle|rate-?limit|shed|isolate|quarantine|detach|reattach|attach|cut(?:ting)?(?:\s|-)?over|"
    r"push|ship|deploy|roll(?:ing)?(?:\s|-)?out|apply|patch|hotfix|downgrade|upgrade|pin|unpin|restore|rebuild|reindex|"
    r"recreate|reprovision|re-?provision|backfill|resync|re-?sync|invalidate|expire|renew|reissue|re-?issue|"
    r"replace|page|escalate|notify|open|close|post|call|tweet|announce|publish|"
    r"e-?mail(?=\s+(?:the|all|every|our|them|those|affected|impacted|customers|users)\b))"
)
_STEP_GERUND = (
    r"(?:bouncing|recycling|re-?running|evacuating|(?:re-?)?(?:en|dis)abling|flipping|toggling|banning|"
    r"(?:un)?pausing|resuming|(?:un)?freezing|cancell?ing|rotating|revoking|migrating|promoting|demoting|purging|"
    r"wiping|truncating|deleting|removing|(?:up|down)grading|(?:un)?pinning|restoring|recreating|invalidating|"
    r"reissuing|replacing|escalating|quarantining|announcing|e-?mailing)"
)
"""The -ing forms of :data:`_STEP_VERB` that drop an "e" or double a consonant ("unpausing", "purging"):
"unpausing auto-deploys?" asks for a go-ahead as plainly as "restarting the pods?". Forms that are as often
the name of a fault ("throttling?", "dropping packets?", "scaling issue?", "swapping?") are left out."""
PLAN_QUESTION = re.compile(
    r"^\W*(?:(?:so|ok|okay|then|and|or|also|hm+|right|maybe|just|first|now|quick(?:ly)?|should we|shall we|"
    r"can we|could we|do we|we should|let'?s|lets|time to|ok to|okay to|worth|safe to|fine to)\W+){0,3}"
    + r"(?:"
    + _STEP_GERUND
    + r"|"
    + _STEP_VERB
    + r"(?:ing)?)\b(?!\s+(?:loop|storm|count|rate|spike|wave|issue|problem|bug|error|failure)s?\b)[^?]*\?",
    re.IGNORECASE,
)
"""A question that opens with a step to take ("bring up region-b first?", "roll back the tls policy?",
"drain node-7 and cordon it?"): a plan asked for a go-ahead, not an explanation to test; a "yes" to
it approves the step and confirms no theory."""
WOULD_STEP = re.compile(
    r"^\W*(?:(?:so|ok|okay|and|but|hm+)\W+)?(?:would|will|could|does|do|did|might)\s+(?:(?:a|another)\s+"
    + _STEP_VERB
    + r"|(?="
    + _STEP_VERB
    + r")\w+ing)\b[^?]*\b(?:help|fix|stop|work|solve|unblock|restore|bring|speed|get|make)\b[^?]*\?",
    re.IGNORECASE,
)
"""A question whether a step would help ("would rolling back the release stop it?"): a plan weighed,
not a theory about the cause."""
_UNDONE = (
    r"(?:rolled(?:\s|-)?back|reverted|undid|undone|backed out|disabled|dropped|turned (?:\S+ ){0,4}off|"
    r"switched (?:\S+ ){0,4}off|"
    r"flipped (?:\S+ ){0,4}off|toggled (?:\S+ ){0,4}off|killed the (?:\S+ ){0,3}(?:flag|switch|feature)|removed|pulled|"
    r"downgraded|unpinned|pinned (?:\S+ ){0,3}back)"
)
_OTHER_STEP = (
    r"(?:restarted|rebooted|bounced|recycled|redeployed|scaled|failed(?:\s|-)?over|killed|drained|blocked|paused|"
    r"purged|flushed|cleared|raised|bumped|increased|doubled|moved|shifted|rerouted|replaced|promoted)"
)
_WORKED = (
    r"(?:(?:(?:the |all )?(?:errors?|error rates?|5\d\d|5xx|4\d\d|failures?|timeouts?|alerts?|crash(?:es|loops?)?|"
    r"latency|p\d\d|everything|graphs?|dashboards?|it|things|logins?|requests?|traffic|checkout|api|writes|reads|"
    r"uploads|jobs|queries|deploys|builds|payments|signups|emails|messages)\s+)?"
    r"(?:are |is |have |has |went |"
    r"came |look |looks )?(?:all |fully |immediately |instantly |right )?(?:gone|stopped|cleared(?: up)?|recovered|"
    r"back to normal|normal again|green again|all green|disappeared|vanished|went away|dropped to (?:0|zero)|"
    r"back up|back online|healthy again|back to (?:baseline|normal levels)|(?:succeed\w*|working|flowing|passing|"
    r"going through|completing|loading) (?:again|normally)|(?:succeed|work|flow|pass)s? again)\b|"
    r"(?:and |which |that |this |it )?(?:fixed|solved|resolved|cleared|stopped) "
    r"(?:it|everything|the (?:errors?|issue|problem|incident|timeouts?|failures?))\b)"
)
STEP_WORKED = re.compile(
    r"^\W*(?:(?:so|ok|okay|and|then|yep|yes|yeah|we|i|just|finally)\W+){0,3}(?P<step>(?P<undo>"
    + _UNDONE
    + r")|"
    + _OTHER_STEP
    + r")\b(?P<object>(?:[^.;!?\n]|(?<=\w)\.(?=\w)){0,90}?)"  # a dot inside a version ("4.1") is no stop
    r"(?:,|\s+and|\s*(?:->|=>|→|—|–)|\s+-|\s+then|\s+so|:)\s+(?:(?:now|and|then|so|"
    r"within (?:a |\d+ )?(?:min\w*|sec\w*)|right away|immediately)\W+){0,2}" + _WORKED,
    re.IGNORECASE,
)
"""A step reported done and the impact gone right after it ("rolled back the api deploy, errors gone",
"turned the flag off and latency recovered"): a test of the theory about what the step touched. Undoing
a change (a rollback, a revert, a flag off) that ends the errors proves the change was the cause;
another step (a restart, a scale-up) that helps proves only what the theory said of the thing stepped on."""
NO_EFFECT_MORE = _rx(
    r",\s*(?:no|zero) (?:effect|difference|improvement|luck|change)\b(?!\s*yet)",
    r",\s*(?:still|same) (?:slow|bad|high|broken|failing|down|erroring|elevated|the same|red|timing out|stuck)\b",
    r"\b(?:nothing|no) (?:changed|improved|moved)\b(?!\s*yet)",
    r"\b(?:errors?|5xx|5\d\d|failures?|timeouts?) (?:came |are |is )?(?:straight |right )?back (?:up|again)\b",
)
"""More ways a test is said to have changed nothing ("restarted it, no effect", "scaled out, still slow",
"errors back up after the rollback")."""
CAUSE_EMPHATIC = re.compile(
    r"\b(?:it|this|that)(?:'s| is| was) (?:really |definitely |indeed |actually |in fact )?"
    r"(?P<claim>[^.!?\n;,:]{2,120}?)"
    r" (?:after all|all along)\b|"
    r"\b[Ii][Tt](?:'[Ss])? (?:IS|WAS|REALLY IS|IS INDEED) (?:(?:the|THE) )?(?P<claim2>[^.!?\n;,]{2,160})|"
    r"(?:^|[,;:]\s*|\bso\s+)(?P<claim3>(?:the |our |their )?[^.!?\n;:,]{3,120}?) (?:is|was|'s) (?:definitely |clearly |"
    r"indeed |really )?(?:the|our) (?:problem|issue|bottleneck)\s*(?:[.!,;:]|$)"
)
"""A cause said with weight on it: "it IS the db pool", "it's dns after all", "the redis cache is the
problem". The capitals and "after all" answer an earlier doubt; the later, stronger word wins."""
ROLE_SETS: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "primary",
            "replica",
            "replicas",
            "secondary",
            "standby",
            "follower",
            "followers",
            "leader",
            "writer",
            "reader",
            "readers",
            "master",
            "main",
        }
    ),
    frozenset({"old", "new", "legacy"}),
    frozenset({"api", "worker", "workers", "web", "frontend", "backend", "mobile", "ios", "android", "desktop"}),
    frozenset({"internal", "external", "public", "private"}),
    frozenset({"staging", "prod", "production", "dev", "canary"}),
    frozenset(
        {
            "broker",
            "brokers",
            "consumer",
            "consumers",
            "producer",
            "producers",
            "publisher",
            "publishers",
            "subscriber",
            "subscribers",
        }
    ),
)
PRODUCT_SETS: tuple[frozenset[str], ...] = (
    frozenset({"postgres", "mysql", "mariadb", "mongo", "cassandra", "scylla", "dynamo", "spanner", "clickhouse"}),
    frozenset({"redis", "memcache", "varnish"}),
    frozenset({"cloudflare", "fastly", "akamai", "cloudfront"}),
    frozenset({"kafka", "rabbit", "sqs", "kinesis", "nats", "pubsub"}),
    frozenset({"elasticsearch", "opensearch", "solr"}),
    frozenset({"haproxy", "envoy", "nginx", "traefik"}),
    frozenset({"aws", "gcp", "azure"}),
    frozenset({"github", "gitlab", "bitbucket"}),
)
"""Products of one kind that the vocabulary files under the same component ("cassandra" and "dynamodb"
are both a database): a verdict on one is not a verdict on another. Products built on each other
(aurora on postgres, valkey on redis) are left out: one names the other."""
ROLE_SETS = ROLE_SETS + PRODUCT_SETS
"""Parts of one thing that a channel tells apart ("the primary" / "the replica", "old pool" / "new
pool", "cassandra" / "dynamodb"): a verdict on one part is not a verdict on another."""
REGION = re.compile(r"^(?:us|eu|ap|sa|ca|me|af|asia|europe|emea|apac|amer)(?:-[a-z]+(?:-?\d)?)?$", re.IGNORECASE)
"""A region name ("eu", "us-east", "eu-west-1"): regions are parts of one service, told apart like roles."""
FAILURE_MODE_WORDS = frozenset(
    "partition partitioned leak leaking lag lagging backlog eviction evictions evicting expiry expired expiring "
    "expiration throttling throttled oom oomkilled spike surge flood flooding burst ddos loss skew storm herd".split()
)
"""Component words that say how the component failed ("network partition", "memory leak", "cert
expired"): what a theory claims about the component, to be said again by the cause that proves it,
though the vocabulary also reads them as the component's name."""
VAGUE_STATE_WORDS = frozenset(
    "struggling struggle unhealthy misbehaving misbehave sick acting hosed borked fault blame culprit cause issue "
    "problem layer tier".split()
)
"""What a theory says of a component when it says only that it is unwell ("postgres struggling?",
"is the cache layer misbehaving?"): no claim of its own, so a cause about that component proves it."""
FAILURE_STATES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "state:lag",
        re.compile(
            r"\b(?:fall(?:ing)? behind|fell behind|backing up|backed up|pil(?:ing|ed) up|lag(?:ging|s)?|"
            r"backlog(?:ged)?|not keeping up|can'?t keep up)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "state:full",
        re.compile(
            r"\b(?:full|fill(?:ed|s|ing)(?: up)?|out of (?:disk|space|inodes)|no space|disk pressure)\b", re.IGNORECASE
        ),
    ),
    (
        "state:expired",
        re.compile(
            r"\b(?:expir(?:ed|y|ing|ation)|lapsed|(?:not|never|didn'?t|failed to) renew(?:ed)?)\b", re.IGNORECASE
        ),
    ),
    (
        "state:full",
        re.compile(
            r"\b(?:exhaust(?:ed|ion)|max(?:ed|ing)? out|maxed|saturat(?:ed|ion)|\d+\s*/\s*\d+ "
            r"(?:used|in use|taken)|at (?:the |its |their )?(?:[\w.]+ )?(?:limit|cap|max|quota)|ran out of|"
            r"run(?:ning)? out of)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "state:down",
        re.compile(
            r"\b(?:crash(?:ed|ing|es|looping|loop)?|died|dead|dying|fell over|oom-?killed|not running|"
            r"is down|went down|was down)\b",
            re.IGNORECASE,
        ),
    ),
)
"""How responders say one failure state of a component in other words ("falling behind" / "lag is 3M",
"lapsed" / "never renewed", "full" / "at its limit"): a theory and a cause that say the same state of the
same component say the same thing, however each puts it. Full and exhausted are one state (no room
left), listed twice for reading."""
