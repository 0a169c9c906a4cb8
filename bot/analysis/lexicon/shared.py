"""Helpers and word lists that several capabilities use: how a table is built, mentions, stopwords, list shapes."""

from __future__ import annotations

import re


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


def _each(*alternatives: str) -> tuple[re.Pattern[str], ...]:
    """Patterns tried one by one, each naming the same group (one regex cannot name a group twice)."""
    return tuple(re.compile(a, re.IGNORECASE) for a in alternatives)


NOT_AN_ACK_AFTER = r"(?!\s+(?:forward|good|better|worse|fine|ok(?:ay)?|great|healthy|normal|stable|bad|like)\b)"
"""After "looking"/"on it": a judgement or "forward" makes it no acknowledgement ("looking good", "looking
forward to the retro"). Shared by the classifier's and the lifecycle's acknowledgement patterns."""
NO_HYPOTHESIS_PREFIX = re.compile(r"^\s*(?:open question|question|action item|todo|follow[- ]?up)\b", re.IGNORECASE)
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
    don doesn didn isn wasn weren aren won wouldn shouldn couldn haven hasn hadn ain mustn needn
    itself themselves
    """.split()
)
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
    r"^\W*(?:actions|ais)\s*:",
)
"""A list for after the incident: its verbs are future work, not steps taken now."""
LIST_ITEM = re.compile(r"^\s*(?:(?:\d{1,2}[.)]|[-*•·–—▪◦])\s+(?:\[[ xX]\]\s+)?|\[[ xX]\]\s+)(?P<item>\S.*)$")
"""One item of a numbered or bulleted list."""
LIST_ITEM_WIDE = re.compile(
    r"^\s*(?:(?:\(?\d{1,2}[.):]|\(?[a-h][.)]|[-*•·–—▪◦+→])\s+(?:\[[ xX]?\]\s*)?|\[[ xX]?\]\s*|[☐☑✅✔]\ufe0f?\s*)"
    r"(?P<item>\S.*)$"
)
"""One item of a list: "1.", "1)", "(2)", "a.", "b)", bullets, arrows and "- [ ]" / "[x]" checkboxes."""
