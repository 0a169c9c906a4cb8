"""What Sitrep posts can never ping the channel or disguise a link, whatever a member typed.

The real Bolt app (signed HTTP) against the local Slack. A member puts a broadcast mention and a
masked link into the impact line; the sitrep, the hypothesis board, the postmortem draft and its
section replies, every update and every ephemeral are then read back from the local Slack's
journal (what the WebClient actually sent).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.redaction import Redactor
from bot.sandbox.slack import LocalSlack
from bot.slack.outbound import LinkPolicy
from bot.store import Store
from tests.slack.test_review_e2e import DANA, MARCO, PRIYA, SECRET, TOKEN, Harness

POSTS = ("chat.postMessage", "chat.update", "chat.postEphemeral")
EVIL = "<https://evil.example/login|grafana.acme.io/d/checkout>"
IMPACT = f"Impact: <!channel> checkout is failing for 30% of users, see {EVIL} <!subteam^S0ONCALL|@oncall> <!here>"


@pytest.fixture
def h(store: Store, clock: ManualClock, redactor: Redactor, tmp_path: Path) -> Iterator[Harness]:
    with LocalSlack(signing_secret=SECRET, bot_token=TOKEN, clock=clock, ack_timeout_s=5.0) as slack:
        slack.add_user(PRIYA, name="priya", real_name="Priya Raman", display_name="Priya")
        slack.add_user(MARCO, name="marco", real_name="Marco Rossi", display_name="Marco")
        slack.add_user(DANA, name="dana", real_name="Dana Kim", display_name="Dana")
        harness = Harness(slack=slack, store=store, clock=clock, redactor=redactor, tmp=tmp_path)
        harness.channel = slack.create_channel("inc-checkout", members=[PRIYA, MARCO, DANA, slack.bot_user_id])
        slack.discard_pending_events()
        harness.start_app()
        try:
            yield harness
        finally:
            harness.stop_app()


def mrkdwn_texts(params: dict[str, Any]) -> list[str]:
    """The top-level text and every mrkdwn text object of one call (what Slack parses)."""
    found = [str(params.get("text") or "")]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(params.get("blocks") or [])
    return found


def active_tokens(text: str) -> list[str]:
    return re.findall(r"<[^<>]*>", text)


def test_a_broadcast_and_a_masked_link_in_an_impact_line_stay_inert(h: Harness) -> None:
    """Sitrep, board, draft, updates and ephemerals: no broadcast, no foreign link, no unfurl."""
    h.post(PRIYA, "Alert: checkout-api 5xx rate 12% (threshold 2%)", 0)
    h.post(MARCO, IMPACT)
    h.post(MARCO, "I suspect the <!everyone> payments gateway retry config since the deploy")
    h.post(MARCO, "Rolled back to v2.40.3, error rate back to baseline", 4)
    h.wait(lambda: h.store.count_messages(h.channel) == 4, "the messages stored")
    h.command(PRIYA, "/summary")
    h.wait(lambda: any(str(m.get("text", "")).startswith("Sitrep #") for m in h.top_level_bot_messages()), "sitrep")
    h.command(PRIYA, "/hypotheses")
    h.wait(lambda: any(m.get("text", "").startswith("Hypothesis board") for m in h.top_level_bot_messages()), "board")
    h.resolve()
    # An update and an ephemeral too: an approval re-renders, a repeated approval is answered.
    impact = h.section_ts("impact")
    h.slack.click_button(DANA, impact, "pm_approve")
    h.wait(lambda: h.status("impact") == "approved", "the approval")
    # The re-render follows the stored approval on a work thread: wait for it, not for the state alone.
    h.wait(lambda: h.updates_of(impact) >= 1, "the approval re-rendered")
    h.slack.click_button(DANA, impact, "pm_approve")
    h.wait(lambda: any("already approved" in t for t in h.ephemerals(DANA)), "the repeat note")

    sitrep = next(m for m in h.top_level_bot_messages() if str(m.get("text", "")).startswith("Sitrep #"))
    assert "checkout is failing for 30% of users" in sitrep["text"]  # the impact line is in the notification
    assert "&lt;!channel&gt;" in sitrep["text"]  # shown as typed, not as a mention

    assert h.app is not None
    policy = LinkPolicy(h.app.ctx.workspace_url)
    calls = [c for c in h.slack.journal.entries() if c.method in POSTS]
    by_method = {m: sum(1 for c in calls if c.method == m) for m in POSTS}
    assert by_method["chat.postMessage"] >= 1 + 1 + 1 + 1 + 11  # resolved, sitreps, board, draft parent + replies
    assert by_method["chat.update"] >= 1 and by_method["chat.postEphemeral"] >= 1
    links = 0
    for call in calls:
        assert call.params.get("unfurl_links") is False and call.params.get("unfurl_media") is False, call.method
        for text in mrkdwn_texts(call.params):
            for token in active_tokens(text):
                assert not token.startswith(("<!", "<#")), (call.method, token)
                assert "evil.example" not in token, (call.method, token)
                assert policy.allows(token[1:-1]), (call.method, token)
                links += token.startswith("<http")
    assert links > 0  # the permalinks Sitrep builds itself are still links
    section = h.message(h.section_ts("impact"))
    shown = " ".join(mrkdwn_texts(section))
    assert "evil.example" not in " ".join(active_tokens(shown))
