"""The cause stated: cue words, causal sentences and the failure named as its effect."""

from __future__ import annotations

import re

from bot.analysis.lexicon.shared import _rx

_IN = r"(?:[^.!?\n]|\.(?=\w))"
"""A character of a claim: not a sentence's end, though a dot inside a token is ("the 4.18 release",
"ns1.example.net", "v2.3.1"), so a version or a host name does not cut the claim short."""

CAUSE_STATEMENT = re.compile(
    r"(?:\b(?:root )?cause\b[^.:!?\n]{0,30}?[:—]|\broot[- ]?cause\s*(?:is|was|[:\-—=]|(?:has been |"
    r"was )?(?:found|identified)\s*[:\-—]?)|"
    r"\b(?:the |our )?culprit\s*(?:is|was|[:\-—=])|\bthe (?:actual |real |underlying )?cause\s*(?:is|was|[:\-—=])|"
    r"\bcaused by\b|\bturns out\b|\bturned out\b|\bfound (?:it|the (?:cause|issue|problem|bug|culprit))\b"
    r"(?!\s*,?\s*(?:and|but|&)\s+(?:is|are|was|were|will|has|have|had|now|then|we|i|we'?re|i'?m|we'?ll|i'?ll|"
    r"\w+ing)\b)\s*[:\-—,]?|"
    r"\bthe (?:problem|issue|bug|trigger)\s*(?:is|was|[:\-—=])|"
    r"\b(?:root|real|actual|underlying|core) (?:problem|issue)\s*(?:is|was|[:\-—=])|"
    r"\bit(?:'?s| is| was) (?:the |a |an |"
    r"our )(?=[^.!?\n]{3,80}\bthat\b)|"
    r"\bsmoking gun\s*(?:is|was|[:\-—=])|\bconfirmed\s*[:\-—]|\bidentified (?:the (?:cause|issue|"
    r"problem)\s*(?:as|[:\-—])|"
    r"as the (?:cause|culprit))|\bthis (?:is|was) (?:definitely|100%|clearly|def)\b|\b(?:it|this) (?:is|"
    r"was) (?:definitely|100%|clearly|def)\b)"
    r"\s*(?P<claim>" + _IN + r"{6,220})",
    re.IGNORECASE,
)
"""Someone stating the cause: "root cause: …", "the culprit was …", "turns out …", "it was the … that …"."""
CAUSE_SUMMED_UP = re.compile(
    r"^\W*(?:(?:ok|okay|yes|yeah|right|alright|so)\W+){0,2}"
    r"(?:so,?\s+basically\b|(?:(?:to|just)\s+)?(?:say|saying|put|putting)\s+it\s+plainly\b[^:\n]{0,60}?:|"
    r"tl;?dr(?:\s+so far)?\s*:|in short\s*[:,]|bottom line\s*[:,]|short version\s*[:,]|long story short\b|"
    r"in one (?:line|sentence)\s*:|so(?:\s+for the record|\s+to recap|\s+to sum up|\s+in summary)?\s*:)\s*[:\-—–,]?\s*"
    r"(?![\s:\-—–,]*(?:(?:we|i|you|nothing|no one|nobody|possib\w*|maybe|probably|perhaps|either|options?|let'?s|"
    r"roll (?:back|forward)|revert|restart)\b|(?:we|i|you)'|it'?s (?:not|still|just)\b|"
    r"(?:at |since |from |~)?\d{1,2}[:.h]\d{2}\b))"
    r"(?P<claim>[^?\n]{6,600})$",
    re.IGNORECASE,
)
"""The channel summing up what it found ("ok so basically: the nightly job picked up archived rows and
deleted them", "to say it plainly: …", "tl;dr: …", "ok so: …", "so for the record: …"): the conclusion,
stated as found. A summary of what we do or cannot do, a guess or a choice between options is no cause,
nor one that opens with a time (a timeline)."""
CAUSE_TAIL = re.compile(
    r"(?P<claim>" + _IN + r"{6,200}?)\s+(?:is|was|'s) (?:the |our |definitely the |"
    r"clearly the )?(?:root )?(?:cause|culprit|trigger|smoking gun)\b",
    re.IGNORECASE,
)
"""The cause named before the words: "the cert expiry was the root cause"."""
CAUSE_BECAUSE = re.compile(
    r"(?P<effect>"
    + _IN
    + r"{3,160}?)\s+(?:because of|due to|thanks to|as a result of)\s+(?P<claim>"
    + _IN
    + r"{3,200})",
    re.IGNORECASE,
)
"""A failure put down to a cause without a cue word: "the 502s were due to the new ingress rule"."""
CAUSE_BECAUSE_PLAIN = re.compile(
    r"(?P<effect>" + _IN + r"{3,160}?)\s+because\s+(?P<claim>" + _IN + r"{3,200})",
    re.IGNORECASE,
)
"""A failure put down to a cause with a plain "because": read only when the cause itself says what
it did ("… was slow because every client reconnecting at once made the brokers queue")."""
FAILURE_EFFECT = _rx(
    r"\b(?:fail\w*|errors?|erroring|down|outage|broke|broken|crash\w*|timeouts?|tim(?:ed|ing) out|5\d\ds?|5xx|"
    r"lost|dropped|unavailable|unreachable|degraded|stuck|slow\w*|spik\w*|latency|backlog|paged?|alerts?|"
    r"impact\w*|incident|outage|went (?:down|dark|away)|stopped|rejected|declined|corrupt\w*|missing|empty|"
    r"throttl\w*|oom\w*|restarts?|restarted|flapp\w*)\b",
)
"""What a failure is called: the effect half of "X failed because of Y"."""
CAUSE_SURE = re.compile(
    r"\b(?:pretty|fairly|quite|very|100%|reasonably|now) (?:sure|confident|certain)\b(?: (?:that|it'?s|it is|it was))?"
    r"\s*(?P<claim>" + _IN + r"{6,220})",
    re.IGNORECASE,
)
"""A cause stated with conviction: "pretty sure we open a new client on every call"."""
CAUSE_IT_IS = re.compile(
    r"^\W*(?:(?:so|ok|okay|yeah|yep|right|and)\W+)?(?:it'?s|it is|it was)\s+(?:the\s+|a\s+|an\s+|our\s+)?"
    r"(?!(?:\d{1,2}(?::\d{2})?\s*(?:am|pm|h)?|noon|midnight|late|early|night|morning|evening|afternoon|weekend|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)(?P<claim>" + _IN + r"{3,60}?)\W*$",
    re.IGNORECASE,
)
"""A finding put in three words: "it is prefix limit", "it's the sidecar config"; not the time of day ("it's 5pm
there")."""
CAUSE_LOOKS = re.compile(
    r"^\W*(?:(?:ok|okay|so|yeah|hm+|and)\W+)?(?:it |this )?(?:looks|seems|appears) (?:like |that |to be )?"
    r"(?P<claim>" + _IN + r"{6,220})",
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
_CAUSAL_VERBS = (
    r"(?:caus(?:es|ed)|trigger(?:s|ed)|(?:is|was) causing|(?:is|"
    r"was) triggering|led to|leads to|"
    r"resulted in|results in|broke|breaks|took down|takes down|knocked out|overloaded|overloads|flushed|flushes|wiped|"
    r"dropped|deleted|drops|removes|removed|stole|leaked|exhausted|filled up|corrupted|made(?! (?:permanent|"
    r"sure|it|a |an |the call|sense))|"
    r"makes(?! sense| sure)|left (?=(?:\S+ ){1,3}?(?:without|short of|unable|with too little|starved))|"
    r"starved|starves|throttled|throttles|outgrew|overran|overflowed)\b"
)
CAUSAL_VERB = re.compile(
    r"(?P<subject>[^.!?\n]{3,120}?)\s+" + _CAUSAL_VERBS + r"\s*(?P<claim>[^.!?\n]{3,200})",
    re.IGNORECASE,
)
"""A causal sentence ("the new flag makes every worker refetch …"): a cause stated with a verb."""
CAUSAL_VERB_CUE = re.compile(r"\s" + _CAUSAL_VERBS, re.IGNORECASE)
"""A cheap necessary condition for :data:`CAUSAL_VERB` (its verb after a space, with no subject scan): a text
without it cannot match, so the costly pattern is tried only on the few that have it."""


def causal_verb(text: str) -> re.Match[str] | None:
    """``CAUSAL_VERB.search(text)``, exactly, but skipping the subject scan when no causal verb is present."""
    return CAUSAL_VERB.search(text) if CAUSAL_VERB_CUE.search(text) else None


CAUSE_IS = re.compile(
    r"(?:^|[,;:(]\s*|\band\s+|\bso\s+)(?:the\s+)?(?:(?:root|likely|probable|actual|real|underlying)\s+)?"
    r"(?:cause|culprit|trigger)\s+(?:is|was|=|seems to be|looks to be)\s+(?P<claim>[^.!?\n;]{4,200})",
    re.IGNORECASE,
)
"""The cause named in a summary without "the" or a colon: "…, cause is the 291 content + an OOB read"."""
CAUSE_SO = re.compile(
    r"^(?P<claim>[^.!?\n]{12,220}?),?\s+(?:so|which (?:means|meant)|and (?:so|therefore)|hence|therefore|"
    r"(?<![\d%]\s)(?:->|→)(?!\s*[\d~]))\s+"
    r"(?P<effect>[^.!?\n]{3,200}?)[.!\s]*$",
    re.IGNORECASE,
)
"""A cause and its effect in one sentence: "the importer can't read the new header, so each nightly
load is refused" (read only when the effect is a failure). An arrow between two figures ("workers 40 -> 80")
is a value changed, not a cause."""
FAILURE_EFFECT_MORE = _rx(
    r"\b(?:out[- ]of[- ]bounds|bug ?check\w*|bsod|blue ?screens?|kernel panic|panic\w*|segfault\w*|null pointer|"
    r"deref\w*|overflow\w*|reject\w*|revoked|evicted|deadlock\w*|killed|expired|exhausted|boot ?loop\w*|"
    r"login loop|crash ?loop\w*|logged out|kicked out|never (?:arrived|landed|reached|applied|got)|hung|hangs?|"
    r"hanging|stall(?:s|ed|ing)?|wedge[sd]?|froze|frozen|freez(?:es|ing))\b",
    r"(?:->|→)",
)
"""More names of a failure, for the effect half of a cause ("…, so the loader indexed past its
buffer -> out-of-bounds read -> kernel panic")."""
CAUSE_THEORY_FIRM = re.compile(
    r"\b(?:working |current |leading |main )?(?:theory|hypothesis|suspicion)\b[^:\n]{0,30}?\b(?:(?:is )?(?:now |"
    r"pretty |very |fairly |quite )*(?:solid|firm|confirmed|proven|verified|holding|holds|stands|checks out))"
    r"\s*[:\-—–]\s*(?P<claim>" + _IN + r"{6,220})",
    re.IGNORECASE,
)
"""A theory declared proven, with the cause after it ("the theory holds now: the acl push at 09:10
blocked …")."""
CAUSE_CONCLUDED = re.compile(
    r"^\W*(?:(?:ok|okay|right|yeah)\W+)?so\b[\s:,]+(?P<claim>[^.!?\n]{8,200}?)(?:,\s+|\s+)(?:and|so|which|->|→)\s+"
    r"(?P<effect>[^.!?\n]{3,200}?)[.!\s]*$",
    re.IGNORECASE,
)
"""A conclusion drawn ("so …") that joins what broke to what it broke: "so the registry table got
corrupted and every lookup after it fails"."""
NEVER_DONE = re.compile(
    r"\b(?:never|didn'?t|did not|wasn'?t|was not|weren'?t|were not)\s+(?:\S+\s+)?(?:caught up|recovered|renewed|"
    r"rotated|updated|re-?enabled|re-?added|added back|fired|alerted|came back|arrived|landed|reached|applied|"
    r"failed over|scaled (?:up|out))\b",
    re.IGNORECASE,
)
"""Something that should have happened and did not ("so the cert never rotated", "so the pool never
recovered"): a failure said with a negation, the effect half of a cause."""
WHERE_THAT = re.compile(
    r"^\W*(?:\S+\s+){0,5}?(?:that|which|who)\s+(?:\S+\s+)?(?:says? no|refus\w*|reject\w*|den(?:y|ies)|fail\w*|"
    r"errors?|erroring|times? out|timing out|(?:is|are) (?:slow|down|failing|erroring|broken|stuck|hung)|"
    r"(?:doesn'?t|does not|don'?t|do not|won'?t|can'?t) (?:answer|respond|reply|start|load|work|connect))\b",
    re.IGNORECASE,
)
"""The part that shows the failure, not why ("it's the policy check after login that says no",
"it's the workers that don't reply"): with "it's the … that", a symptom located."""
