"""Talk that is neither a step nor a status: diagnosis, findings, chatter and pleasantries."""

from __future__ import annotations

import re

from bot.analysis.lexicon.shared import _rx

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
CHATTER = _rx(
    r"^\W*(?:ok|okay|k|kk|ty|thx|thanks?(?: you)?|np|lol|\+1|same|yep|yup|yes|no|nope|sure|cool|nice|great|"
    r"brb|back|here|ack|👍|👀|🙏)\W*$",
)
"""Replies that carry no fact by themselves."""


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
CAUSE_RECAP = re.compile(
    r"^(?!.*\b(?:not (?:yet )?known|unknown|no idea|not sure)\b)[^:\n]{0,45}\b(?:record|report|recap|"
    r"summar(?:y|ise|ize)|sum|short|tl;?dr|together|plainly|clear|know)\b[^:\n]{0,25}:",
    re.IGNORECASE,
)
"""A responder summing up for everyone what is now known, behind a short lead-in that names a recap (a
word of recording, summing up or making plain before a colon: "recap: …", "tl;dr: …", "in short: …"):
before impact stops, the moment the cause is stated to the room. A recap that says the cause is not
known yet is not one."""
FINDING_TURN = re.compile(
    r"\b(?:after all|turns out|it turns out|false lead|red herring|dead end)\b|"
    r"\bnarrow(?:ed|ing)? (?:it |this |things )?down to\b|"
    r"\b(?:started|began|begins|starts|jumped|spiked|dropped) (?:exactly|right|precisely) (?:when|as|at|after)\b|"
    r"\b(?:packet )?captures? (?:show|shows|showing|say)\b|"
    r"\b(?:it'?s|it is|that'?s) not (?:the )?\S+(?: \S+)?\s*[,;—-]\s*(?:same|still|\S+ (?:is|are) (?:fine|flat|clean|"
    r"normal))\b|"
    r"\bonly (?:on |for |in |from |affects? |hits? )?(?:the )?(?:\S+ ){0,3}(?:users|nodes|hosts|tenants|pods|"
    r"customers|requests|regions?|shards?|clients|devices|versions?)\b[^.?!\n]{0,40}\b(?:is|are) (?:clean|fine|ok|"
    r"healthy|unaffected|normal)\b",
    re.IGNORECASE,
)
"""A finding that turns the investigation: a lead dropped ("not X after all", "turns out …"), the search
narrowed ("narrowed it down to …", "only android users, iOS is clean"), or a timing that matches
("started exactly when …"). Not "ruled out" (a theory ruled out is summed up on the board, not the
timeline) nor "lines up with" (as often a confirmation of what is already known as a turn)."""
