"""The Web API through the real slack_sdk WebClient: shapes, state, pagination and Slack's errors."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox.slack import LocalSlack

from .conftest import APP_TOKEN, BOT_TOKEN, Workspace


def error_of(call: object) -> str:
    assert isinstance(call, SlackApiError)
    return str(call.response["error"])


def test_auth_test_identity_and_scopes_header(slack: LocalSlack, client: WebClient) -> None:
    response = client.auth_test()
    assert response["user_id"] == slack.bot_user_id
    assert response["bot_id"] == slack.bot_id
    assert response["team_id"] == slack.team_id
    assert response["url"].startswith("https://") and response["url"].endswith(".slack.com/")
    assert "chat:write" in response.headers["x-oauth-scopes"]


@pytest.mark.parametrize(
    ("token", "error", "status"),
    [("xoxb-wrong", "invalid_auth", "invalid"), (APP_TOKEN, "not_allowed_token_type", "wrong_type")],
)
def test_wrong_tokens_are_rejected_and_never_journaled_raw(
    slack: LocalSlack, token: str, error: str, status: str
) -> None:
    with pytest.raises(SlackApiError) as info:
        WebClient(token=token, base_url=slack.api_url).auth_test()
    assert info.value.response["error"] == error
    entry = slack.journal.calls("auth.test")[-1]
    assert entry.token == status and entry.ok is False and entry.error == error
    assert token not in repr(slack.journal.entries())


def test_missing_token_is_not_authed(slack: LocalSlack) -> None:
    with pytest.raises(SlackApiError) as info:
        WebClient(base_url=slack.api_url).auth_test()
    assert info.value.response["error"] == "not_authed"


def test_unknown_method_is_answered_and_journaled(slack: LocalSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as info:
        client.api_call("chat.meMessage", json={"channel": "C1", "text": "hi"})
    assert info.value.response["error"] == "unknown_method"
    assert slack.journal.methods() == ["chat.meMessage"]


def test_missing_scope(client: WebClient) -> None:
    with LocalSlack(bot_token=BOT_TOKEN, scopes=["chat:write"]) as narrow:
        narrow_client = WebClient(token=BOT_TOKEN, base_url=narrow.api_url)
        with pytest.raises(SlackApiError) as info:
            narrow_client.users_list()
    assert info.value.response["error"] == "missing_scope"
    assert info.value.response["needed"] == "users:read"


def test_post_message_shape_and_state(ws: Workspace, client: WebClient) -> None:
    response = client.chat_postMessage(channel=ws.incident, text="Investigating")
    assert response["channel"] == ws.incident
    message = response["message"]
    assert message["user"] == ws.slack.bot_user_id and message["bot_id"] == ws.slack.bot_id
    assert message["app_id"] == ws.slack.app_id and message["bot_profile"]["id"] == ws.slack.bot_id
    assert [m["text"] for m in ws.slack.history(ws.incident)] == ["Investigating"]
    assert ws.slack.journal.calls("chat.postMessage")[0].content_type == "application/json"


def test_post_by_channel_name_and_to_a_user_opens_a_dm(ws: Workspace, client: WebClient) -> None:
    assert client.chat_postMessage(channel="#inc-checkout", text="by name")["channel"] == ws.incident
    dm = client.chat_postMessage(channel="U1", text="psst")["channel"]
    assert dm.startswith("D") and ws.slack.dm_channel("U1") == dm
    assert [m["text"] for m in ws.slack.history(dm)] == ["psst"]


def test_thread_reply_updates_parent(ws: Workspace, client: WebClient) -> None:
    parent = ws.slack.post_as_user("U1", ws.incident, "checkout is down")
    reply = client.chat_postMessage(channel=ws.incident, text="on it", thread_ts=parent)
    assert reply["message"]["thread_ts"] == parent and reply["message"]["parent_user_id"] == "U1"
    ws.slack.post_as_user("U2", ws.incident, "me too", thread_ts=reply["ts"])  # a reply's ts lands in the same thread
    head = ws.slack.message(ws.incident, parent)
    assert head["reply_count"] == 2 and head["reply_users"] == [ws.slack.bot_user_id, "U2"]
    assert head["latest_reply"] == ws.slack.thread(ws.incident, parent)[-1]["ts"]
    assert [m["text"] for m in ws.slack.history(ws.incident)] == ["checkout is down"]


def test_reply_broadcast_appears_in_history(ws: Workspace, client: WebClient) -> None:
    parent = ws.slack.post_as_user("U1", ws.incident, "root")
    client.chat_postMessage(channel=ws.incident, text="also here", thread_ts=parent, reply_broadcast=True)
    assert [m.get("subtype") for m in ws.slack.history(ws.incident)] == [None, "thread_broadcast"]


def test_post_errors(ws: Workspace, client: WebClient) -> None:
    cases: dict[str, dict[str, Any]] = {
        "channel_not_found": {"channel": "C404", "text": "x"},
        "not_in_channel": {"channel": ws.lobby, "text": "x"},
        "msg_too_long": {"channel": ws.incident, "text": "x" * 40_001},
        "thread_not_found": {"channel": ws.incident, "text": "x", "thread_ts": "1000000000.000001"},
    }
    for expected, kwargs in cases.items():
        with pytest.raises(SlackApiError) as info:
            client.chat_postMessage(**kwargs)
        assert info.value.response["error"] == expected, kwargs
        assert info.value.response.status_code == 200
    with pytest.raises(SlackApiError) as empty:
        client.api_call("chat.postMessage", json={"channel": ws.incident})  # chat_postMessage would warn first
    assert empty.value.response["error"] == "no_text"
    with pytest.raises(SlackApiError) as hidden:
        client.chat_postMessage(channel=ws.secret_room, text="x")
    assert hidden.value.response["error"] == "channel_not_found"  # private and not a member: invisible
    assert ws.slack.history(ws.incident) == []


def test_chat_write_public_allows_posting_without_joining(ws: Workspace) -> None:
    with LocalSlack(bot_token=BOT_TOKEN, scopes=["chat:write", "chat:write.public"]) as wide:
        wide.add_user("U1", name="priya")
        lobby = wide.create_channel("lobby", members=["U1"])
        WebClient(token=BOT_TOKEN, base_url=wide.api_url).chat_postMessage(channel=lobby, text="hi")
        assert len(wide.history(lobby)) == 1


def section(text: str, block_id: str | None = None) -> dict[str, object]:
    block: dict[str, object] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id:
        block["block_id"] = block_id
    return block


@pytest.mark.parametrize(
    ("blocks", "pointer"),
    [
        ([section("x")] * 51, "/blocks"),
        ([section("x" * 3001)], "/blocks/0/text/text"),
        ([{"type": "sparkles"}], "/blocks/0/type"),
        ([section("a", "dup"), section("b", "dup")], "/blocks/1/block_id"),
        (
            [{"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "x" * 76}}]}],
            "text/text",
        ),
        ([{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}], "/blocks/0/text/type"),
    ],
)
def test_invalid_blocks(ws: Workspace, client: WebClient, blocks: list[dict[str, object]], pointer: str) -> None:
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel=ws.incident, text="fallback", blocks=blocks)
    assert info.value.response["error"] == "invalid_blocks"
    assert any(pointer in m for m in info.value.response["response_metadata"]["messages"])


def test_fifty_blocks_and_3000_chars_are_fine(ws: Workspace, client: WebClient) -> None:
    client.chat_postMessage(channel=ws.incident, text="ok", blocks=[section("x" * 3000)] * 49 + [{"type": "divider"}])
    assert len(ws.slack.history(ws.incident)[0]["blocks"]) == 50


def test_update_rules(ws: Workspace, client: WebClient) -> None:
    blocks = [section("*Summary*", "s1")]
    ts = client.chat_postMessage(channel=ws.incident, text="v1", blocks=blocks)["ts"]
    updated = client.chat_update(channel=ws.incident, ts=ts, text="v2", blocks=[section("*Summary v2*", "s2")])
    assert updated["text"] == "v2" and updated["message"]["edited"]["user"] == ws.slack.bot_user_id
    client.chat_update(channel=ws.incident, ts=ts, text="text only")  # text without blocks drops the blocks
    assert "blocks" not in ws.slack.message(ws.incident, ts)

    human = ws.slack.post_as_user("U1", ws.incident, "mine")
    for ts_arg, expected in ((human, "cant_update_message"), ("1000000000.000001", "message_not_found")):
        with pytest.raises(SlackApiError) as info:
            client.chat_update(channel=ws.incident, ts=ts_arg, text="hijack")
        assert info.value.response["error"] == expected
    with pytest.raises(SlackApiError) as info:
        client.chat_update(channel="C404", ts=ts, text="x")
    assert info.value.response["error"] == "channel_not_found"


def test_delete(ws: Workspace, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=ws.incident, text="oops")["ts"]
    assert client.chat_delete(channel=ws.incident, ts=ts)["ts"] == ts
    assert ws.slack.history(ws.incident) == []
    human = ws.slack.post_as_user("U1", ws.incident, "mine")
    with pytest.raises(SlackApiError) as info:
        client.chat_delete(channel=ws.incident, ts=human)
    assert info.value.response["error"] == "cant_delete_message"


def test_deleting_a_parent_with_replies_leaves_a_tombstone(ws: Workspace, client: WebClient) -> None:
    parent = client.chat_postMessage(channel=ws.incident, text="root")["ts"]
    ws.slack.post_as_user("U1", ws.incident, "reply", thread_ts=parent)
    client.chat_delete(channel=ws.incident, ts=parent)
    head = ws.slack.history(ws.incident)[0]
    assert head["subtype"] == "tombstone" and head["reply_count"] == 1


def test_ephemeral_is_stored_apart_and_never_in_history(ws: Workspace, client: WebClient) -> None:
    response = client.chat_postEphemeral(channel=ws.incident, user="U1", text="only you")
    assert "message_ts" in response and "ts" not in response.data
    assert [(e.user, e.text) for e in ws.slack.ephemerals(ws.incident)] == [("U1", "only you")]
    assert ws.slack.history(ws.incident) == []
    assert ws.slack.emitted_events("message") == []
    with pytest.raises(SlackApiError) as info:
        client.chat_postEphemeral(channel=ws.incident, user="U404", text="x")
    assert info.value.response["error"] == "user_not_found"
    ws.slack.add_user("U3", name="outsider")
    with pytest.raises(SlackApiError) as info:
        client.chat_postEphemeral(channel=ws.incident, user="U3", text="x")
    assert info.value.response["error"] == "user_not_in_channel"


def test_permalinks(ws: Workspace, client: WebClient) -> None:
    parent = ws.slack.post_as_user("U1", ws.incident, "root")
    reply = ws.slack.post_as_user("U2", ws.incident, "reply", thread_ts=parent)
    top = client.chat_getPermalink(channel=ws.incident, message_ts=parent)["permalink"]
    assert top == f"https://local-workspace.slack.com/archives/{ws.incident}/p{parent.replace('.', '')}"
    threaded = client.chat_getPermalink(channel=ws.incident, message_ts=reply)["permalink"]
    assert threaded.endswith(f"/p{reply.replace('.', '')}?thread_ts={parent}&cid={ws.incident}")
    with pytest.raises(SlackApiError) as info:
        client.chat_getPermalink(channel=ws.incident, message_ts="1000000000.000001")
    assert info.value.response["error"] == "message_not_found"


def test_conversations_list_types_archived_and_pages(ws: Workspace, client: WebClient) -> None:
    for n in range(5):
        ws.slack.create_channel(f"extra-{n}", members=["U2"])
    ws.slack.archive_channel("extra-4", "U2")
    names = [c["name"] for page in client.conversations_list(limit=2, exclude_archived=True) for c in page["channels"]]
    assert names == ["inc-checkout", "lobby", "extra-0", "extra-1", "extra-2", "extra-3"]  # secret-room is invisible
    assert len(client.conversations_list(types="public_channel")["channels"]) == 7
    private = ws.slack.create_channel("war-room", private=True, members=["U1", ws.slack.bot_user_id])
    listed = client.conversations_list(types="private_channel")["channels"]
    assert [(c["id"], c["is_private"], c["is_member"]) for c in listed] == [(private, True, True)]


def test_conversations_info_join_members(ws: Workspace, client: WebClient) -> None:
    info = client.conversations_info(channel=ws.lobby, include_num_members=True)["channel"]
    assert info["name"] == "lobby" and info["is_member"] is False and info["num_members"] == 1
    joined = client.conversations_join(channel=ws.lobby)
    assert joined["channel"]["is_member"] is True and "warning" not in joined.data
    assert client.conversations_join(channel=ws.lobby)["warning"] == "already_in_channel"
    assert [m.get("subtype") for m in ws.slack.history(ws.lobby)] == ["channel_join"]
    members = [m for page in client.conversations_members(channel=ws.incident, limit=2) for m in page["members"]]
    assert members == ["U1", "U2", ws.slack.bot_user_id]
    with pytest.raises(SlackApiError) as info_error:
        client.conversations_info(channel=ws.secret_room)
    assert info_error.value.response["error"] == "channel_not_found"
    private = ws.slack.create_channel("war-room", private=True, members=["U1", ws.slack.bot_user_id])
    with pytest.raises(SlackApiError) as join_error:
        client.conversations_join(channel=private)
    assert join_error.value.response["error"] == "method_not_supported_for_channel_type"


def test_history_pagination_and_window(ws: Workspace, client: WebClient) -> None:
    stamps = [ws.slack.post_as_user("U1", ws.incident, f"m{n}") for n in range(7)]
    pages = [
        [m["text"] for m in page["messages"]] for page in client.conversations_history(channel=ws.incident, limit=3)
    ]
    assert pages == [["m6", "m5", "m4"], ["m3", "m2", "m1"], ["m0"]]
    first = client.conversations_history(channel=ws.incident, limit=3)
    assert first["has_more"] is True and first["response_metadata"]["next_cursor"]

    def texts(**kwargs: Any) -> list[str]:
        return [m["text"] for m in client.conversations_history(channel=ws.incident, **kwargs)["messages"]]

    assert texts(oldest=stamps[2], latest=stamps[5]) == ["m4", "m3"]
    assert texts(oldest=stamps[2], latest=stamps[5], inclusive=True) == ["m5", "m4", "m3", "m2"]
    with pytest.raises(SlackApiError) as info:
        client.conversations_history(channel=ws.lobby)
    assert info.value.response["error"] == "not_in_channel"
    with pytest.raises(SlackApiError) as bad:
        client.conversations_history(channel=ws.incident, cursor="bm9wZQ==")
    assert bad.value.response["error"] == "invalid_cursor"


def test_history_excludes_replies_and_replies_pages_start_with_parent(ws: Workspace, client: WebClient) -> None:
    parent = ws.slack.post_as_user("U1", ws.incident, "root")
    replies = [ws.slack.post_as_user("U2", ws.incident, f"r{n}", thread_ts=parent) for n in range(5)]
    assert [m["text"] for m in client.conversations_history(channel=ws.incident)["messages"]] == ["root"]
    pages = [
        [m["text"] for m in p["messages"]]
        for p in client.conversations_replies(channel=ws.incident, ts=parent, limit=3)
    ]
    assert pages == [["root", "r0", "r1"], ["root", "r2", "r3"], ["root", "r4"]]
    via_reply = client.conversations_replies(channel=ws.incident, ts=replies[2])["messages"]
    assert [m["text"] for m in via_reply] == ["root", "r0", "r1", "r2", "r3", "r4"]
    windowed = client.conversations_replies(channel=ws.incident, ts=parent, oldest=replies[2])["messages"]
    assert [m["text"] for m in windowed] == ["root", "r3", "r4"]
    with pytest.raises(SlackApiError) as info:
        client.conversations_replies(channel=ws.incident, ts="1000000000.000001")
    assert info.value.response["error"] == "thread_not_found"


def test_users_info_and_list(ws: Workspace, client: WebClient) -> None:
    user = client.users_info(user="U1")["user"]
    assert user["real_name"] == "Priya Raman" and user["profile"]["email"] == "priya@example.com"
    assert user["is_bot"] is False
    bot = client.users_info(user=ws.slack.bot_user_id)["user"]
    assert bot["is_bot"] is True and bot["profile"]["bot_id"] == ws.slack.bot_id
    ids = [u["id"] for page in client.users_list(limit=2) for u in page["members"]]
    assert ids == ["USLACKBOT", ws.slack.bot_user_id, "U1", "U2"]
    with pytest.raises(SlackApiError) as info:
        client.users_info(user="U404")
    assert info.value.response["error"] == "user_not_found"


def test_reactions(ws: Workspace, client: WebClient) -> None:
    ts = ws.slack.post_as_user("U1", ws.incident, "fixed?")
    ws.slack.react("U2", ws.incident, ts, "+1::skin-tone-2")
    client.reactions_add(channel=ws.incident, name="white_check_mark", timestamp=ts)
    got = client.reactions_get(channel=ws.incident, timestamp=ts, full=True)
    assert got["type"] == "message" and got["channel"] == ws.incident
    assert got["message"]["reactions"] == [
        {"name": "+1::skin-tone-2", "users": ["U2"], "count": 1},
        {"name": "white_check_mark", "users": [ws.slack.bot_user_id], "count": 1},
    ]
    with pytest.raises(SlackApiError) as again:
        client.reactions_add(channel=ws.incident, name="white_check_mark", timestamp=ts)
    assert again.value.response["error"] == "already_reacted"
    client.reactions_remove(channel=ws.incident, name="white_check_mark", timestamp=ts)
    with pytest.raises(SlackApiError) as gone:
        client.reactions_remove(channel=ws.incident, name="white_check_mark", timestamp=ts)
    assert gone.value.response["error"] == "no_reaction"
    with pytest.raises(SlackApiError) as missing:
        client.reactions_add(channel=ws.incident, name="eyes", timestamp="1000000000.000001")
    assert missing.value.response["error"] == "message_not_found"
    assert ws.slack.journal.calls("reactions.get")[0].params["full"] in ("1", "true", True)


def test_pins(ws: Workspace, client: WebClient) -> None:
    ts = ws.slack.post_as_user("U1", ws.incident, "status doc")
    client.pins_add(channel=ws.incident, timestamp=ts)
    items = client.pins_list(channel=ws.incident)["items"]
    assert [(i["type"], i["message"]["ts"], i["created_by"]) for i in items] == [("message", ts, ws.slack.bot_user_id)]
    assert ws.slack.message(ws.incident, ts)["pinned_to"] == [ws.incident]
    with pytest.raises(SlackApiError) as info:
        client.pins_add(channel=ws.incident, timestamp=ts)
    assert info.value.response["error"] == "already_pinned"
    assert ws.slack.history(ws.incident)[-1]["subtype"] == "pinned_item"


def test_journal_records_each_wire_format(ws: Workspace, client: WebClient) -> None:
    client.chat_postMessage(channel=ws.incident, text="json body")
    client.reactions_add(channel=ws.incident, name="eyes", timestamp=ws.slack.history(ws.incident)[0]["ts"])
    client.users_info(user="U1")
    client.conversations_replies(channel=ws.incident, ts=ws.slack.history(ws.incident)[0]["ts"])
    # slack-sdk POSTs everything; other clients GET with a query string
    query = urllib.request.Request(  # noqa: S310 - the emulator's http URL
        f"{ws.slack.api_url}conversations.history?channel={ws.incident}&limit=1",
        headers={"Authorization": f"Bearer {BOT_TOKEN}"},
    )
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(query, timeout=5) as answer:
        assert json.load(answer)["messages"][0]["text"] == "json body"
    entries = {e.method: e for e in ws.slack.journal.calls()}
    assert entries["chat.postMessage"].content_type == "application/json"
    assert entries["reactions.add"].content_type == "application/x-www-form-urlencoded"
    assert entries["conversations.history"].http_method == "GET"
    assert entries["conversations.history"].params == {"channel": ws.incident, "limit": "1"}
    assert entries["conversations.replies"].http_method == "POST"
    assert all(e.token == "valid" and e.status == 200 for e in entries.values())
