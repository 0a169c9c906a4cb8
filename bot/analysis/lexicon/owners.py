"""Owners of an item: brackets, dashes, arrows, mentions and people who take work on."""

from __future__ import annotations

import re

OWNER_ME = re.compile(r"\bowner:?\s*me\b", re.IGNORECASE)
OWNER_TAIL = re.compile(r"\s*[—–-]+\s*owner\b.*$", re.IGNORECASE)
OWNER_PAREN = re.compile(
    r"\s*[(\[]\s*(?:owner|owners|assignee|own(?:ed)? by|dri)\s*[:=-]?\s*(?P<who>[^)\]]{1,40}?)\s*[)\]]\s*",
    re.IGNORECASE,
)
"""An owner in brackets: "(owner: zanele)", "[owner - jo]"."""
OWNER_BRACKET_NAME = re.compile(r"\s*[\[(](?P<who>@?[\w.\-']{2,30})[\])]\s*$")
"""A bare name in brackets at the end of an item ("… laptop [tariq]", "… alerting (wei)"); it is an
owner only when it is a member's name."""
OWNER_DASH_NAME = re.compile(r"\s+[—–-]+\s*(?P<who>@?[\w.\-']{2,30})(?:\s+(?:please|pls|plz))?\s*[.!?]?\s*$")
"""A name after a dash at the end of an item ("… uptime monitoring - Kwame", "… ships — ananya");
an owner only when it is a member's name."""
OWNER_WILL = re.compile(
    r"(?:^|[—–;,:-]\s*)(?P<who>@?[\w.\-]{2,30}|<@[UW][A-Z0-9]+(?:\|[^>]*)?>)\s+"
    r"(?P<verb>will|to|can|owns|is on|takes?|'ll)\b\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
"""A named person who takes an item on: "@bjorn will fix", "tobias to diff …", "— @olga will take it"."""
I_WILL = re.compile(r"^\s*(?:i'?ll|i will|i'?m going to|i can|i'?m on it|mine\b|me\b)", re.IGNORECASE)
OWNER_ARROW = re.compile(r"\s*(?:→|->|=>)\s*(?P<who><@[UW][A-Z0-9]+(?:\|[^>]*)?>|@?[\w.\-']{2,30})\s*$")
"""An owner after an arrow at the end of an item: "… lag alert → kofi"."""
OWNER_WORD = re.compile(
    r"\s*[,;—–-]?\s*\b(?:owner|owned by|assignee|assigned to|dri)\s*[:=-]?\s*"
    r"(?P<who><@[UW][A-Z0-9]+(?:\|[^>]*)?>|@?[\w.\-']{2,30})\s*\.?\s*$",
    re.IGNORECASE,
)
"""An owner named after a word at the end of an item: "… owner kofi", "…, assignee: @lena"."""
OWNER_WORD_INLINE = re.compile(
    r"(?:^|[\s,;.(—–-])(?:owner|owned by|assignee|assigned to|dri)\s*[:=-]?\s*"
    r"(?P<who><@[UW][A-Z0-9]+(?:\|[^>]*)?>|@?[\w.\-']{2,30})\b",
    re.IGNORECASE,
)
"""An owner named mid-item: "… for every relay. owner kenji, due friday"."""
OWNER_MENTION_END = re.compile(r"\s*[,;:—–-]?\s*(?P<who><@[UW][A-Z0-9]+(?:\|[^>]*)?>|@[\w.\-']{2,30})\s*\.?\s*$")
"""A mention at the end of an item: "… dashboard @kofi"."""
OWNER_LEAD = re.compile(
    r"^\s*(?P<who><@[UW][A-Z0-9]+(?:\|[^>]*)?>|@?[\w.\-']{2,30})(?:\s*[:—–]|\s+-)\s+(?P<rest>\S.*)$"
)
"""An owner before a colon: "@kofi: pin the image", "lena — the routing fix"."""
