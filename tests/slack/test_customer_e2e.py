"""/draft-update and /draft-rca through the real Bolt app (Socket Mode) and the local Slack, on two incidents.

Each incident is replayed into the store (offline engine), then people act in Slack: run the
commands, press the draft's buttons, react on the RCA's sections and reply in its thread. The
assertions are on what Slack holds afterwards and on the stored record.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.domain import RCA_SECTIONS
from bot.playback.review_demo import blocks_text
from bot.sandbox.slack import LocalSlack
from bot.services import Services
from bot.slack.customer_blocks import (
    RCA_EDIT_ACTION,
    UPDATE_DISCARD_ACTION,
    UPDATE_EDIT_ACTION,
    UPDATE_POST_ACTION,
)
from bot.slackdata.export import read_export
from bot.store import EmbeddedRedis
from tests.customer_support import INCIDENTS, Replayed, leaks, replay

from .conftest import APP_TOKEN, BOT_TOKEN, SECRET, start_app, wait_until

JSON = dict[str, Any]


@dataclass
class Live:
    slack: LocalSlack
    services: Services
    incident: Replayed
    which: str
    people: list[str]


@pytest.fixture(params=["example", "mail"])
def live(request: pytest.FixtureRequest, services: Services, tmp_path: Path) -> Iterator[Live]:
    which = str(request.param)
    export = read_export(INCIDENTS[which])
    (channel,) = export.channels
    with LocalSlack(signing_secret=SECRET, bot_token=BOT_TOKEN, app_token=APP_TOKEN, ack_timeout_s=5.0) as slack:
        humans = [u for u in export.users.values() if not u.is_bot]
        for u in humans:
            slack.add_user(u.id, name=u.name or u.id, real_name=u.best_name)
        slack.create_channel(channel.name, channel_id=channel.id, members=[*(u.id for u in humans), slack.bot_user_id])
        incident = replay(services, which, tmp_path)
        slack.discard_pending_events()
        started = start_app(slack, services, "socket")
        assert wait_until(lambda: slack.socket_connections > 0)
        try:
            yield Live(slack, services, incident, which, [u.id for u in humans])
        finally:
            started.stop()


def _all_text(message: JSON) -> str:
    return f"{message.get('text', '')}\n{blocks_text(message)}"


def _command(live: Live, user: str, command: str) -> None:
    result = live.slack.slash_command(user, live.incident.channel, command)
    assert result.acked, result.error


def test_draft_update_is_shown_to_one_person_and_posted_only_on_post(live: Live) -> None:
    slack, channel = live.slack, live.incident.channel
    ic, other = live.people[0], live.people[1]
    before = len(slack.history(channel))
    _command(live, ic, "/draft-update")
    assert wait_until(lambda: any(e.blocks for e in slack.ephemerals(channel, ic)))
    (draft,) = [e for e in slack.ephemerals(channel, ic) if e.blocks]
    assert not [e for e in slack.ephemerals(channel, other) if e.blocks]  # only the asker sees it
    assert len(slack.history(channel)) == before  # nothing posted yet
    shown = f"{draft.text}\n{blocks_text({'blocks': draft.blocks})}"
    assert "Resolved" in shown and "never sends it" in shown
    assert leaks(draft.text, live.which, live.incident.names) == []

    # Edit: the person's words are kept, redacted, and flagged before they post.
    slack.click_button(ic, draft.ts, UPDATE_EDIT_ACTION, channel=channel)
    assert wait_until(lambda: bool(slack.views))
    view = slack.views[-1]
    words = "Resolved: email delivery is back to normal. Thanks to the on-call engineer at 10.20.4.17."
    slack.submit_view(ic, view.id, {"body": {"text": words}})
    assert wait_until(lambda: len([e for e in slack.ephemerals(channel, ic) if e.blocks]) == 2)
    edited = [e for e in slack.ephemerals(channel, ic) if e.blocks][-1]
    assert "Check before posting" in blocks_text({"blocks": edited.blocks})
    assert "an IP address" in blocks_text({"blocks": edited.blocks})

    # Post the edited draft; the first copy of the same draft can't be posted twice.
    slack.click_button(ic, edited.ts, UPDATE_POST_ACTION, channel=channel)
    assert wait_until(lambda: len(slack.history(channel)) == before + 1)
    posted = slack.history(channel)[-1]
    # The person's own words go out as they typed them: the flag was shown, the choice is theirs.
    assert "Status update — Resolved" in _all_text(posted)
    assert "email delivery is back to normal" in _all_text(posted)
    # The channel message shows before the update is recorded as posted: a click in between is the
    # double post this once let through (the [mail] flake); it is told "being posted", later ones
    # "already posted", both in one line.
    slack.click_button(ic, draft.ts, UPDATE_POST_ACTION, channel=channel)
    assert wait_until(lambda: any("is posted once" in str(r.body.get("text")) for r in slack.responses))
    assert wait_until(lambda: live.services.store.status_updates(channel)[-1].state == "posted")
    assert len(slack.history(channel)) == before + 1
    # Once recorded, a click is told "already posted", in one line with a link to the message.
    link = f"/archives/{channel}/p{posted['ts'].replace('.', '')}|see it>"
    slack.click_button(ic, draft.ts, UPDATE_POST_ACTION, channel=channel)
    assert wait_until(lambda: any(link in str(r.body.get("text")) for r in slack.responses))
    # Under load the "being posted" answer to the click before may already carry the link too: every
    # answer that links the message is one line, and the last one says it is already posted.
    linked = [str(r.body.get("text")) for r in slack.responses if link in str(r.body.get("text"))]
    assert "already posted" in linked[-1] and all("\n" not in text for text in linked)
    assert len(slack.history(channel)) == before + 1

    # A second draft, discarded: nothing more is posted.
    seen = {e.ts for e in slack.ephemerals(channel, ic)}
    _command(live, ic, "/draft-update")
    assert wait_until(lambda: any(e.blocks and e.ts not in seen for e in slack.ephemerals(channel, ic)))
    second = next(e for e in slack.ephemerals(channel, ic) if e.blocks and e.ts not in seen)
    slack.click_button(ic, second.ts, UPDATE_DISCARD_ACTION, channel=channel)
    assert wait_until(lambda: "discarded" in {u.state for u in live.services.store.status_updates(channel)})
    assert len(slack.history(channel)) == before + 1
    assert live.services.updates is not None
    states = sorted(u.state for u in live.services.store.status_updates(channel))
    assert states == ["discarded", "posted"]
    (done,) = live.services.updates.posted(channel)
    assert done.posted_ts == posted["ts"] and done.posted_by == ic
    assert live.services.store.get_message(channel, posted["ts"]) is None  # Sitrep's own post is not evidence

    # The posted update is a comms event of the next postmortem draft.
    pm = live.services.postmortems.draft(channel, live.services.clock.now())
    assert any(e.kind == "comms" and "status update posted" in e.event.lower() for e in pm.timeline)


def test_draft_rca_thread_is_reviewed_like_the_postmortem_and_final_only_with_no_open_item(
    live: Live, redis_server: EmbeddedRedis, monkeypatch: pytest.MonkeyPatch
) -> None:
    slack, services, channel = live.slack, live.services, live.incident.channel
    ic, second = live.people[0], live.people[1]
    if live.which == "example":
        # The example's postmortem is made final first (reviewed in Slack elsewhere; here through core).
        services.reviews.draft(channel, services.clock.now(), names=live.incident.names)
        services.reviews.attach(
            channel,
            "1773540000.000001",
            {
                sid: f"1773540000.{i + 2:06d}"
                for i, sid in enumerate(s.id for s in services.reviews.review(channel).sections)
            },
        )  # type: ignore[union-attr]
        for section in services.reviews.review(channel).sections:  # type: ignore[union-attr]
            for user in (ic, second):
                services.reviews.verdict(channel, section.id, user, "approve", services.clock.now())
        services.reviews.complete_finalize(channel, ("F0",), services.clock.now())

    _command(live, ic, "/draft-rca")
    parents = lambda: [m for m in slack.bot_messages(channel) if "External RCA" in str(m.get("text"))]  # noqa: E731
    assert wait_until(lambda: bool(parents()) and len(slack.thread(channel, parents()[0]["ts"])) == 6, 20)
    parent = parents()[0]
    replies = slack.thread(channel, parent["ts"])[1:]
    assert [blocks_text(r).splitlines()[0] for r in replies] == [title for _, title in RCA_SECTIONS]
    parent_text = _all_text(parent)
    assert "never sends it" in parent_text and "punch-list" in parent_text
    assert ("not final" in parent_text) == (live.which == "mail")
    for message in [parent, *replies]:
        text = blocks_text(message).split("Reviewer's punch-list")[0]
        assert leaks(text, live.which, live.incident.names) == [], text

    rcas = services.rcas
    assert rcas is not None
    open_items = [s.id for s in rcas.rca(channel).open_items]  # type: ignore[union-attr]
    for reply in replies:
        for user in (ic, second):
            slack.react(user, channel, reply["ts"], "white_check_mark")
    assert wait_until(lambda: rcas.review(channel).all_approved, 20)  # type: ignore[union-attr]
    if open_items:
        assert wait_until(lambda: any("punch-list item" in e.text for e in slack.ephemerals(channel)))
        assert not rcas.review(channel).final and not slack.files  # type: ignore[union-attr]
        # A reply that is not a resolution is answered, and never stored as incident evidence.
        chat = slack.post_as_user(second, channel, "looks fine to me", thread_ts=parent["ts"])
        assert wait_until(lambda: any("understand" in e.text for e in slack.ephemerals(channel, second)))
        assert services.store.get_message(channel, chat) is None
        for item in open_items:
            slack.post_as_user(ic, channel, f"{item} keep", thread_ts=parent["ts"])
    assert wait_until(lambda: rcas.review(channel).final, 20)  # type: ignore[union-attr]
    assert wait_until(lambda: len(slack.files) == 3)
    assert sorted(f.name for f in slack.files) == ["rca.html", "rca.json", "rca.md"]
    uploaded = {f.name: (f.data or b"").decode("utf-8") for f in slack.files}
    assert "**Status:** Final" in uploaded["rca.md"]
    assert json.loads(uploaded["rca.json"])["punch_list"]["open"] == []
    assert wait_until(  # the buttons are gone once final
        lambda: all(
            RCA_EDIT_ACTION not in json.dumps(r.get("blocks")) for r in slack.thread(channel, parent["ts"])[1:6]
        )
    )

    monkeypatch.setenv("REDIS_URL", redis_server.url)
    out = io.StringIO()
    assert main(["export", channel, "--rca"], stdout=out, stderr=io.StringIO()) == 0
    assert out.getvalue() == uploaded["rca.md"]


@pytest.mark.parametrize("live", ["mail"], indirect=True)
def test_two_post_clicks_back_to_back_post_the_update_once_and_a_refused_post_can_be_retried(live: Live) -> None:
    """Post is pressed twice back to back while Slack is slow to take the first post (both clicks
    find the draft unposted): one message reaches the channel, and the second click gets one
    ephemeral line saying who posts it. Before that, Slack refuses a post: the person is told,
    nothing is posted, and pressing Post again is what posts it."""
    slack, channel = live.slack, live.incident.channel
    ic = live.people[0]
    before = len(slack.history(channel))
    _command(live, ic, "/draft-update")
    assert wait_until(lambda: any(e.blocks for e in slack.ephemerals(channel, ic)))
    (draft,) = [e for e in slack.ephemerals(channel, ic) if e.blocks]

    slack.inject_fault("chat.postMessage", error="is_archived")
    slack.click_button(ic, draft.ts, UPDATE_POST_ACTION, channel=channel)
    assert wait_until(lambda: any("Press *Post* again" in str(r.body.get("text")) for r in slack.responses))
    assert len(slack.history(channel)) == before
    assert live.services.store.status_updates(channel)[-1].state == "draft"

    # The emulator plays a slow Slack (it answers the first post after 2 s); the test waits on conditions.
    slack.inject_fault("chat.postMessage", delay_s=2.0)
    answered = len(slack.responses)
    slack.click_button(ic, draft.ts, UPDATE_POST_ACTION, channel=channel)
    slack.click_button(ic, draft.ts, UPDATE_POST_ACTION, channel=channel)
    assert wait_until(lambda: len(slack.responses) >= answered + 2, timeout=30)
    assert wait_until(lambda: live.services.store.status_updates(channel)[-1].state == "posted")
    answers = [str(r.body.get("text")) for r in slack.responses[answered:]]
    once = [a for a in answers if "is posted once" in a]
    assert len(once) == 1 and f"<@{ic}>" in once[0], answers
    assert len([a for a in answers if "Posted to the channel" in a]) == 1, answers
    posted = [m for m in slack.history(channel)[before:] if "Status update" in _all_text(m)]
    assert len(posted) == 1 and len(slack.history(channel)) == before + 1
