"""What kind of tool a bot author is, read from its name before ingest redacts the name.

An integration's display name is redacted at ingest like a person's: integrations set it per post
(it may carry a customer's name or address) and some are named after a person ("Jane's deploy
bot"). But the name is also the one cue that a post is a *status page's* "[Resolved] …" rather
than an alert recovering, or a support ticket rather than chatter. So ingest reads the name once,
keeps only one of a few fixed kinds (``BotKind``) and stores the name as a ``<PERSON_n>``
placeholder: no part of the name is kept, only the class of tool it names.

The rules read the kind through the predicates below, which fall back to the author name for
messages built without one (a member bot's kept name, tests, older stored messages).
"""

from __future__ import annotations

import re

from bot.analysis import lexicon as lx
from bot.domain import BotKind, Message

_INCIDENT_TOOL = re.compile(
    r"incident\.io|rootly|fire ?hydrant|\bjeli\b|\ballma\b|\bincidents?\b|\bsev(?:erity)?[ -]?bot\b|\bwar ?room\b",
    re.IGNORECASE,
)
"""An incident-management tool: it declares incidents, roles and statuses for the responders."""
_PAGING = re.compile(
    r"pager ?duty|ops ?genie|victor ?ops|splunk on-?call|xmatters|squadcast|zenduty|\bpag(?:er|ing)\b|\bon-?call\b",
    re.IGNORECASE,
)
"""A paging tool: it pages, acknowledges, escalates and auto-resolves alerts."""
_TICKET = re.compile(
    r"zendesk|freshdesk|intercom|help ?scout|gorgias|kustomer|service ?now|jira service|\bservice ?desk\b|"
    r"\bhelp ?desk\b|\bsupport\b|\btickets?\b|\bfront\b",
    re.IGNORECASE,
)
"""A support or ticketing tool: its posts are customers' reports (a detection signal)."""
_DEPLOY = re.compile(
    r"deploy|release|rollout|\bship|\bbuild|pipeline|\bci\b|\bcd\b|jenkins|github actions|argo|spinnaker|"
    r"circle ?ci|buildkite|gitlab|\bflux\b|harness|octopus|push(?:er)?\b",
    re.IGNORECASE,
)
"""A CI/CD or change tool: it reports builds, deploys, pushes and rollbacks."""
_MONITORING_MORE = re.compile(r"\b(?:health ?checks?|checks?|probes?|synthetics?|canary|heartbeat)\b", re.IGNORECASE)

_UPTIME_FIRST = re.compile(r"better ?stack|better ?uptime|\buptime\b", re.IGNORECASE)
"""Uptime monitors that also host status pages: what they post in a channel is their monitors' alerts
(the page's updates go to the page), so they are monitoring tools first."""
_BARE_STATUS = re.compile(r"\bstatus\b", re.IGNORECASE)
_STATUS_TOOL = re.compile(r"status|incident\.io|rootly|firehydrant|incident[ -]?bot|statuspage", re.IGNORECASE)
"""An author name that reads as a status page or an incident tool (names kept, or built in tests)."""
_TICKET_NAME = re.compile(r"zendesk|freshdesk|intercom|support|helpdesk|jira service|front", re.IGNORECASE)

STATUS_KINDS: frozenset[BotKind] = frozenset({"status_page", "incident_tool"})
MONITOR_KINDS: frozenset[BotKind] = frozenset({"monitoring", "paging"})


def kind_of_bot(name: str | None) -> BotKind:
    """The kind of tool a bot's display name names; "other" when it names none.

    Most specific first: "Acme status" is a status page though "status" follows a company name,
    "support-alerts" is a ticket feed before it is a monitor.
    """
    text = name or ""
    if _UPTIME_FIRST.search(text):
        return "monitoring"
    if lx.PUBLIC_PAGE_BOT.search(_BARE_STATUS.sub(" ", text)):
        return "status_page"  # a status-page product's name
    other = _other_kind(text)
    if other == "other" and _BARE_STATUS.search(text):
        return "status_page"  # "<Company> status"; "deploy status" is a deploy tool's
    return other


def _other_kind(text: str) -> BotKind:
    if _INCIDENT_TOOL.search(text):
        return "incident_tool"
    if _PAGING.search(text):
        return "paging"
    if _TICKET.search(text):
        return "ticket"
    if lx.MONITOR_BOT.search(text) or _MONITORING_MORE.search(text):
        return "monitoring"
    if _DEPLOY.search(text):
        return "deploy"
    return "other"


def status_tool(author: str, kind: BotKind | None) -> bool:
    """A status page or an incident tool: a status word first in its post is a declared status."""
    return kind in STATUS_KINDS if kind is not None else bool(_STATUS_TOOL.search(author))


def public_page(author: str, kind: BotKind | None) -> bool:
    """A public status page: its incident posts are what customers were told."""
    return kind == "status_page" if kind is not None else bool(lx.PUBLIC_PAGE_BOT.search(author))


def ticket_tool(author: str, kind: BotKind | None) -> bool:
    """A support or ticketing tool."""
    return kind == "ticket" if kind is not None else bool(_TICKET_NAME.search(author))


def paging_tool(author: str, kind: BotKind | None) -> bool:
    """A paging tool: its "resolved" closes a page, which need not end the incident."""
    return kind == "paging" if kind is not None else bool(_PAGING.search(author))


def monitor_tool(author: str, kind: BotKind | None) -> bool:
    """A monitoring or paging tool: what it posts is an alert unless it reads as something else."""
    return kind in MONITOR_KINDS if kind is not None else bool(lx.MONITOR_BOT.search(author))


def is_public_page(message: Message) -> bool:
    """``public_page`` of a stored message."""
    return message.is_bot and public_page(message.author, message.bot_kind)


def is_paging_tool(message: Message) -> bool:
    """``paging_tool`` of a stored message."""
    return message.is_bot and paging_tool(message.author, message.bot_kind)


def is_status_tool(message: Message) -> bool:
    """``status_tool`` of a stored message."""
    return message.is_bot and status_tool(message.author, message.bot_kind)


def is_ticket_tool(message: Message) -> bool:
    """``ticket_tool`` of a stored message."""
    return message.is_bot and ticket_tool(message.author, message.bot_kind)
