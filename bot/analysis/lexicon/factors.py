"""Contributing factors: their headings, cue words, inline flags and words of hindsight."""

from __future__ import annotations

import re

from bot.analysis.lexicon.shared import _rx

# -- follow-ups and contributing factors in the forms channels use ----------------------------------
# Written from how responders hand out and note work after an incident generally: lists with or
# without a heading, one-line "AI:" / "TODO(name):" notes, asks, promises about prevention and
# ticket bots announcing what they filed. None quotes one incident.
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
