"""A bot's kind of tool, read from its name before redaction, tells a status page's post from an alert.

Names and posts are written from how status pages, incident tools, paging, monitoring and ticketing
integrations name themselves and post, not from any incident's channel. Each trap is one post by a bot
whose stored name is a ``<PERSON_n>`` placeholder (as ingest stores every integration's name); the
``FIXED`` traps are read wrongly when the kind is unknown (main before ``Message.bot_kind``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.analysis.bot_kind import kind_of_bot
from bot.analysis.classify import read
from bot.analysis.timeline import _kind
from bot.domain import BotKind, Message

NAMES: dict[str, BotKind] = {
    "Tideway Logistics status": "status_page",
    "Status page": "status_page",
    "Instatus": "status_page",
    "incident.io": "incident_tool",
    "Incident bot": "incident_tool",
    "Splunk On-Call": "paging",
    "on-call pager": "paging",
    "Freshdesk": "ticket",
    "Customer support inbox": "ticket",
    "Icinga": "monitoring",
    "Better Uptime": "monitoring",
    "synthetic checks": "monitoring",
    "Spinnaker": "deploy",
    "Jane's deploy bot": "deploy",
    "release status": "deploy",
    "Marguerite Okafor": "other",
    "Quillfeather": "other",
    "": "other",
}


@pytest.mark.parametrize(("name", "kind"), NAMES.items())
def test_the_kind_of_tool_a_name_names(name: str, kind: BotKind) -> None:
    """A company's or a person's name around a tool word still names the tool; a bare name names none."""
    assert kind_of_bot(name) == kind


@dataclass(frozen=True)
class Trap:
    name: str
    kind: BotKind
    text: str
    expect: str
    """``resolve_public``: the incident resolved and customers told; ``resolve``: the incident resolved
    (an incident tool's record, not a public page); ``alert_recovered``: one alert going
    quiet; ``detect``: a detection signal; ``comms``: a post customers saw."""


TRAPS = {
    "page-resolved-plain": Trap(
        "company status page",
        "status_page",
        "[Resolved] Slow image uploads — upload times are normal again.",
        "resolve_public",
    ),
    "page-resolved-colon": Trap(
        "company status page",
        "status_page",
        "Resolved: delayed webhooks — deliveries have caught up.",
        "resolve_public",
    ),
    "tool-resolved-bracket": Trap(
        "incident tool", "incident_tool", "[Resolved] Search results missing for some tenants.", "resolve"
    ),
    "monitor-recovered-stays-an-alert": Trap(
        "monitor", "monitoring", "[Resolved] p95 latency on orders-api", "alert_recovered"
    ),
    "pager-auto-resolved-stays-an-alert": Trap(
        "pager", "paging", "Resolved: disk usage on db-3 (auto-resolved)", "alert_recovered"
    ),
    "monitor-check-passed-is-a-recovery": Trap(
        "monitor", "monitoring", "PASSED: sign-in journey (eu-west)", "alert_recovered"
    ),
    "ticket-feed-is-a-detection": Trap(
        "helpdesk", "ticket", "New request from a reseller: exports time out after a minute", "detect"
    ),
    "monitor-free-form-is-a-detection": Trap(
        "monitor", "monitoring", "orders-api p95 2.4s (warn 1s) for 10 min", "detect"
    ),
}
FIXED = {
    "page-resolved-plain",
    "page-resolved-colon",
    "tool-resolved-bracket",
    "ticket-feed-is-a-detection",
    "monitor-free-form-is-a-detection",
    "monitor-check-passed-is-a-recovery",
}
"""Traps read wrongly without the kind (the placeholder name alone)."""


def _post(trap: Trap, kind: BotKind | None) -> Message:
    return Message(
        channel="C1", ts="1773600000.000100", text=trap.text, is_bot=True, user_name="<PERSON_1>", bot_kind=kind
    )


def _reads_right(trap: Trap, kind: BotKind | None) -> bool:
    message = _post(trap, kind)
    r = read(message)
    if trap.expect == "resolve_public":
        return r.status == "resolved" and r.comms and not r.alert_recovered and _kind(message, r) == "resolve"
    if trap.expect == "resolve":
        return r.status == "resolved" and not r.alert_recovered and _kind(message, r) == "resolve"
    if trap.expect == "alert_recovered":
        return r.alert_recovered and r.status is None
    if trap.expect == "detect":
        return r.detect and not r.alert_recovered
    return r.comms and _kind(message, r) == "comms"


@pytest.mark.parametrize("name", TRAPS)
def test_a_bots_post_reads_as_its_kind_of_tool_posts(name: str) -> None:
    """With its kind, each post reads as what that kind of tool means by it."""
    assert _reads_right(TRAPS[name], TRAPS[name].kind)


def test_fixed_are_exactly_the_traps_the_name_alone_got_wrong() -> None:
    """Without the kind (the redacted name only), the FIXED traps read wrongly and the others right."""
    assert {name for name, trap in TRAPS.items() if not _reads_right(trap, None)} == FIXED
