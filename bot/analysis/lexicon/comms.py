"""Communication with customers and the public: drafts, status pages, announcements, the published report."""

from __future__ import annotations

import re

from bot.analysis.lexicon.shared import _each, _rx

DRAFT = _rx(
    r"\bdraft(?:ed|ing)?\b",
    r"\bproposed (?:\S+ )?(?:update|wording|text|message|post|status)\b",
    r"\bsuggested (?:\S+ )?(?:update|wording|text|message|post)\b",
    r"\bhow (?:about|does) (?:this|something like)\b",
    r"\bsomething like\s*[:\-]",
    r"\b(?:wording|copy)\s*[:\-]",
    r"\b(?:ok|okay|good|fine) to (?:post|publish|send)\b",
    r"\bcan (?:someone|you|i get (?:a|someone to)) (?:review|check|look at|sanity[- ]check)\b",
    r"\b(?:review|feedback|thoughts|edits) (?:on|for) (?:this|the) (?:update|wording|text|message|post|draft)\b",
    r"\bshould (?:we|i) (?:post|say|publish|send|write)\b",
    r"\bwhen we (?:post|publish|send|go)\b",
    r"\bbefore (?:i|we) (?:post|publish|send)\b",
    r"\bready to (?:post|publish)\b",
)
"""Status text being written, not yet published: its status words declare nothing."""
STATUS_PAGE = re.compile(r"\bstatus ?page\b|\bstatus\.\w+\.\w+|\bstatuspage\b", re.IGNORECASE)
COMMS_POSTED = _rx(
    r"\b(?:posted|published|updated|sent|pushed|put up|is (?:live|up|out)|went out|tweeted)\b",
)
_REPLIED_TO_ALL = (
    r"\b(?:(?:replied|responded) (?:to )?|sent (?:a |the )?(?:reply|response|macro)s? to )"
    r"(?:all (?:the )?(?:\d+ )?|every |the \d+ |\d+ )(?:open |affected |pending )?"
    r"(?:conversations?|tickets?|chats?|customers?)\b"
)
"""Support answering every open conversation at once ("replied to the 12 open conversations: …"): customers told."""
COMMS = _rx(
    r"\bpublic update\b",
    r"\bposted (?:on|to) (?:\S+ ){0,2}(?:status|twitter|x|blog|site|page)\b",
    r"\b(?:incident|post-incident|public|customer) report (?:is )?(?:published|out|posted|live)\b",
    r"\b(?:published|posted) (?:\S+ ){0,3}(?:blog|report|postmortem|post-mortem)\b",
    r"\bstatus ?page\b",
    r"\bcustomer(?:s)? (?:update|comms|communication|notice|email|notification)\b",
    r"\b(?:posted|sent|drafting|draft|published) (?:an? |the )?(?:\S+ )?(?:update|comms|notice|announcement|"
    r"post|tweet|email)\b",
    r"^\s*(?:status|update)\s*[:\-]",
    r"\b(?:incident|status) update\b",
    r"\bnext update\b",
    r"\b(?:comms|communications?) (?:lead|team|sent|out)\b",
    r"\b(?:stakeholders?|execs?|leadership) (?:updated|informed|notified)\b",
    _REPLIED_TO_ALL,
)
PUBLISHED_REPORT = _rx(
    r"\b(?:incident|post-incident|public|customer|rca) report (?:is )?(?:published|out|posted|live)\b",
    r"\b(?:published|posted) (?:\S+ ){0,3}(?:blog|report|postmortem|post-mortem|rca)\b",
)
"""The public write-up going out after the incident."""
PUBLISHED_REPORT_MORE = _rx(
    r"\b(?:postmortem|post-mortem|rca|incident report|write-?up) (?:is |was |has been )?"
    r"(?:published|posted|live|out|up)\b",
    r"^\W*\[?(?:postmortem|post-mortem|rca)\]?\s*[:\-—–]",
)
"""More shapes of the public write-up going out ("[Postmortem] Checkout — postmortem published …")."""
ANNOUNCED = _rx(
    r"^\W*(?:(?:ok|done|and)\W+)?(?:published|posted|live)\b(?! (?:in|to|here) (?:the |this )?(?:channel|thread|doc))",
    r"\b(?:blog|statement|announcement|banner|notice|advisory|e-?mails?|notifications?|trust page|status (?:site|page)|"
    r"tweet|post|message)s?\b[^.!?\n]{0,40}\b(?:is live|are live|live|went out|going out|published|sent|posted|is up|"
    r"are out|is out)\b",
    r"\b(?:published|posted|sent)\b[^.!?\n]{0,15}\b(?:on|to) (?:the )?(?:\S+ ){0,2}(?:status|trust|blog|website|"
    r"site|socials?|twitter|banner|admin cent(?:er|re)|customers?|members|frontline|stores)\b",
    _REPLIED_TO_ALL,
    r"\bsending (?:\S+ ){0,3}(?:alert|notice|e-?mails?|statement|update|advisory) to\b",
    r"\btweeted\b(?! (?:about|that) (?:it|they|we) (?:should|would|will))",
)
"""A person saying an announcement went out to customers or the public ("blog post is live", "published
on the status site", "notice emails going out to the affected customers"), with or without naming a
status page."""
AUDIENCES = _each(
    r"\bstatus\b|\btrust page\b",
    r"\be-?mails?\b|\bnotices?\b|\bnotifications?\b|\balert\b|\bmacros?\b|\brepl(?:y|ies|ied)\b|\bresponded\b",
    r"\bblog\b|\bstatement\b|\bwebsite\b|\bsocials?\b|\btwitter\b|\bbanner\b|\bpress\b",
)
"""Where an announcement went: the status page, messages to affected customers, or a public statement;
the first announcement through each is its own moment of communication."""
PUBLIC_PAGE_BOT = _rx(
    r"status ?page|statuspage|instatus|status\.io|better ?stack|better ?uptime|statuspal|sorry ?app|cachet|"
    r"status ?hub|\bstatus\b",
)
"""The author name of a public status page: its incident posts are what customers were told."""
NOT_PUBLISHED = _rx(
    r"\bscheduled maintenance\b(?![^\n]{0,40}\b(?:in progress|started|under ?way|begun|has begun)\b)",
    r"\b(?:planned|upcoming) maintenance\b",
    r"^\W*scheduled\b",
    r"\bmaintenance window\b(?![^\n]{0,40}\b(?:in progress|started|under ?way|begun|has begun)\b)",
    r"\bdraft\b",
    r"\bnot (?:yet )?(?:visible|published|public|live)\b|\bunpublished\b",
    r"^\W*reminder\b",
    r"\b(?:update|post) (?:is )?(?:due|overdue)\b",
)
"""A status tool's post that told no customer anything yet: a maintenance scheduled ahead, a draft saved,
a reminder that an update is due."""
ANNOUNCED_MORE = _rx(
    r"\b(?:banner|notice|announcement|advisory|statement|message|post)s?\b[^.!?\n]{0,30}\b(?:now )?(?:visible|"
    r"displayed|showing|shown) (?:to|for|on|in)\b",
    r"\b(?:first|second|\d+(?:st|nd|rd|th)) (?:public |customer |status )?(?:update|post|notice)\b[^.!?\n]{0,15}"
    r"\b(?:went out|is out|posted|published|sent)\b",
)
"""More ways of saying customers can see it now ("in-app notice now visible to EU users")."""
