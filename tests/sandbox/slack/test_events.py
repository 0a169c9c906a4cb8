"""Event payloads the app receives, in Slack's shapes, and who gets to see them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from slack_sdk import WebClient

from bot.clock import ManualClock
from bot.sandbox.slack import LocalSlack, SandboxUsageError

from .conftest import BOT_TOKEN, Workspace


def events_of(slack: LocalSlack, event_type: str, subtype: str | None = None) -> list[dict[str, object]]:
    return [e["event"] for e in slack.emitted_events(event_type, subtype)]


def test_user_message_event_shape(ws: Workspace) -> None:
    ts = ws.slack.post_as_user("U1", ws.incident, "db failover started")
    (event,) = events_of(ws.slack, "message")
    assert event["ts"] == ts and event["event_ts"] == ts and event["user"] == "U1"
    assert event["channel"] == ws.incident and event["channel_type"] == "channel" and event["team"] == ws.slack.team_id
    assert "client_msg_id" in event and event["blocks"][0]["type"] == "rich_text"  # type: ignore[index]
    assert "subtype" not in event


def test_bot_posts_are_echoed_with_bot_id(ws: Workspace, client: WebClient) -> None:
    client.chat_postMessage(channel=ws.incident, text="Summary")
    (event,) = events_of(ws.slack, "message")
    assert event["user"] == ws.slack.bot_user_id and event["bot_id"] == ws.slack.bot_id and "bot_profile" in event


def test_thread_reply_event(ws: Workspace) -> None:
    parent = ws.slack.post_as_user("U1", ws.incident, "root")
    reply = ws.slack.post_as_user("U2", ws.incident, "reply", thread_ts=parent)
    event = events_of(ws.slack, "message")[-1]
    assert (event["ts"], event["thread_ts"], event["parent_user_id"]) == (reply, parent, "U1")


def test_message_changed_and_deleted(ws: Workspace) -> None:
    ts = ws.slack.post_as_user("U1", ws.incident, "rollback done")
    ws.slack.edit_as_user("U1", ws.incident, ts, "rollback done (eu only)")
    (changed,) = events_of(ws.slack, "message", "message_changed")
    assert changed["hidden"] is True and changed["channel"] == ws.incident
    message, previous = changed["message"], changed["previous_message"]
    assert isinstance(message, dict) and isinstance(previous, dict)
    assert message["ts"] == ts and message["text"] == "rollback done (eu only)"
    assert message["edited"] == {"user": "U1", "ts": changed["ts"]} and changed["ts"] != ts
    assert previous["text"] == "rollback done" and "edited" not in previous

    ws.slack.delete_as_user("U1", ws.incident, ts)
    (deleted,) = events_of(ws.slack, "message", "message_deleted")
    assert deleted["deleted_ts"] == ts and deleted["hidden"] is True
    assert deleted["previous_message"]["text"] == "rollback done (eu only)"  # type: ignore[index]
    assert ws.slack.history(ws.incident) == []
    with pytest.raises(SandboxUsageError):
        ws.slack.edit_as_user("U2", ws.incident, ws.slack.post_as_user("U1", ws.incident, "x"), "not yours")


def test_reactions_events(ws: Workspace, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=ws.incident, text="Mitigated?")["ts"]
    ws.slack.react("U1", ws.incident, ts, "white_check_mark")
    ws.slack.unreact("U1", ws.incident, ts, "white_check_mark")
    added, removed = events_of(ws.slack, "reaction_added"), events_of(ws.slack, "reaction_removed")
    expected = {
        "user": "U1",
        "reaction": "white_check_mark",
        "item_user": ws.slack.bot_user_id,
        "item": {"type": "message", "channel": ws.incident, "ts": ts},
    }
    assert {k: added[0][k] for k in expected} == expected and {k: removed[0][k] for k in expected} == expected
    assert ws.slack.message(ws.incident, ts).get("reactions") is None


def test_invite_bot_and_channel_created(ws: Workspace) -> None:
    created = events_of(ws.slack, "channel_created")
    assert [c["channel"]["name"] for c in created] == ["inc-checkout", "lobby"]  # type: ignore[index]
    ws.slack.post_as_user("U1", ws.lobby, "before the bot")
    ws.slack.invite_bot(ws.lobby, by_user="U1")
    (joined,) = events_of(ws.slack, "member_joined_channel")
    assert joined == {
        "type": "member_joined_channel",
        "user": ws.slack.bot_user_id,
        "channel": ws.lobby,
        "channel_type": "C",
        "team": ws.slack.team_id,
        "inviter": "U1",
        "event_ts": joined["event_ts"],
    }
    assert [m.get("subtype") for m in ws.slack.history(ws.lobby)] == [None, "channel_join"]
    assert [e.get("subtype") for e in events_of(ws.slack, "message")] == ["channel_join"]  # not the earlier post


def test_app_mention_and_pins(ws: Workspace) -> None:
    ts = ws.slack.post_as_user("U1", ws.incident, f"<@{ws.slack.bot_user_id}> summary please")
    (mention,) = events_of(ws.slack, "app_mention")
    assert mention["ts"] == ts and mention["channel"] == ws.incident and mention["user"] == "U1"
    ws.slack.pin("U2", ws.incident, ts)
    (pinned,) = events_of(ws.slack, "pin_added")
    assert pinned["channel_id"] == ws.incident and pinned["item"]["message"]["ts"] == ts  # type: ignore[index]


def test_no_events_from_channels_the_bot_is_not_in(ws: Workspace) -> None:
    ws.slack.post_as_user("U1", ws.lobby, "hidden from the bot")
    ws.slack.post_as_user("U1", ws.secret_room, "very hidden")
    assert events_of(ws.slack, "message") == []
    ws.slack.remove_member(ws.incident, ws.slack.bot_user_id)
    ws.slack.post_as_user("U1", ws.incident, "after the bot left")
    assert [e.get("subtype") for e in events_of(ws.slack, "message")] == ["channel_leave"]
    assert len(events_of(ws.slack, "member_left_channel")) == 1


def test_subscriptions_filter_events() -> None:
    with LocalSlack(bot_token=BOT_TOKEN, subscriptions=["reaction_added"]) as slack:
        slack.add_user("U1", name="priya")
        channel = slack.create_channel("inc", members=["U1", slack.bot_user_id])
        ts = slack.post_as_user("U1", channel, "x")
        slack.react("U1", channel, ts, "eyes")
        assert [e["event"]["type"] for e in slack.emitted_events()] == ["reaction_added"]


def test_event_ids_unique_and_ts_strictly_increasing_on_a_stopped_clock(clock: ManualClock) -> None:
    with LocalSlack(bot_token=BOT_TOKEN, clock=clock) as slack:
        slack.add_user("U1", name="priya")
        channel = slack.create_channel("inc", members=["U1", slack.bot_user_id])
        stamps = [slack.post_as_user("U1", channel, f"m{n}") for n in range(5)]
        assert stamps == sorted(stamps) and len(set(stamps)) == 5
        assert stamps[0].startswith(str(int(clock.now().timestamp())))
        clock.advance(timedelta(minutes=5))
        later = slack.post_as_user("U1", channel, "later")
        assert float(later) - float(stamps[-1]) == pytest.approx(300, abs=0.01)
        ids = [e["event_id"] for e in slack.emitted_events()]
        assert len(ids) == len(set(ids))


def test_people_cannot_post_where_they_are_not(ws: Workspace) -> None:
    with pytest.raises(SandboxUsageError):
        ws.slack.post_as_user("U2", ws.lobby, "not a member")
    with pytest.raises(SandboxUsageError):
        ws.slack.post_as_user("U404", ws.incident, "who?")
