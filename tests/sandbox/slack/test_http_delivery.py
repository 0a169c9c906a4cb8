"""Signed HTTP delivery to a stdlib WSGI receiver checked by slack_sdk's SignatureVerifier: events, retries,
slash commands, block_actions, response_url, modals, and deliberately bad requests."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.clock import ManualClock
from bot.sandbox.slack import LocalSlack

from .conftest import BOT_TOKEN, SECRET, Receiver, Workspace


@pytest.fixture
def http_ws(ws: Workspace, receiver: Receiver) -> Workspace:
    ws.slack.discard_pending_events()
    ws.slack.deliver_http(receiver.url)
    return ws


def test_event_is_a_signed_json_event_callback(http_ws: Workspace, receiver: Receiver) -> None:
    ts = http_ws.slack.post_as_user("U1", http_ws.incident, "payments are timing out")
    got = receiver.next()
    assert got.verified and got.headers["content-type"] == "application/json"
    assert "x-slack-retry-num" not in got.headers
    body = got.json()
    assert body["type"] == "event_callback" and body["team_id"] == http_ws.slack.team_id
    assert body["api_app_id"] == http_ws.slack.app_id and isinstance(body["event_time"], int)
    assert body["authorizations"][0]["user_id"] == http_ws.slack.bot_user_id
    assert body["event"]["type"] == "message" and body["event"]["ts"] == ts
    assert http_ws.slack.wait_for(lambda: [d.outcome for d in http_ws.slack.deliveries] == ["acked"])
    assert http_ws.slack.deliveries[0].status == 200 and http_ws.slack.deliveries[0].transport == "http"


def test_events_held_before_http_delivery_are_sent_when_it_starts(ws: Workspace, receiver: Receiver) -> None:
    ws.slack.deliver_http(receiver.url)
    assert [receiver.next().json()["event"]["type"] for _ in range(2)] == ["channel_created", "channel_created"]


def test_non_2xx_is_retried_with_the_same_event_id(http_ws: Workspace, receiver: Receiver) -> None:
    receiver.answers.put((500, "boom", {}))
    http_ws.slack.post_as_user("U1", http_ws.incident, "hello?")
    first, retry = receiver.next(), receiver.next()
    assert retry.headers["x-slack-retry-num"] == "1" and retry.headers["x-slack-retry-reason"] == "http_error"
    assert retry.json()["event_id"] == first.json()["event_id"] and retry.verified
    assert http_ws.slack.wait_for(lambda: [d.outcome for d in http_ws.slack.deliveries] == ["http_error", "acked"])


def test_slow_app_gets_an_http_timeout_retry(http_ws: Workspace, receiver: Receiver) -> None:
    gate = threading.Event()
    receiver.gates.put(gate)
    try:
        http_ws.slack.post_as_user("U1", http_ws.incident, "slow")
        first, retry = receiver.next(), receiver.next()
        assert "x-slack-retry-num" not in first.headers
        assert (retry.headers["x-slack-retry-num"], retry.headers["x-slack-retry-reason"]) == ("1", "http_timeout")
    finally:
        gate.set()
    assert http_ws.slack.wait_for(lambda: [d.outcome for d in http_ws.slack.deliveries] == ["timeout", "acked"])


def test_retries_stop_at_three_or_on_no_retry_header(http_ws: Workspace, receiver: Receiver) -> None:
    for _ in range(4):
        receiver.answers.put((503, "", {}))
    http_ws.slack.post_as_user("U1", http_ws.incident, "down")
    assert [receiver.next().headers.get("x-slack-retry-num") for _ in range(4)] == [None, "1", "2", "3"]
    assert http_ws.slack.wait_for(
        lambda: len(http_ws.slack.deliveries) == 4 and bool(http_ws.slack.deliveries[-1].status)
    )

    receiver.answers.put((500, "", {"X-Slack-No-Retry": "1"}))
    http_ws.slack.post_as_user("U1", http_ws.incident, "no retry please")
    receiver.next()
    assert http_ws.slack.wait_for(lambda: http_ws.slack.deliveries[-1].outcome == "http_error")
    assert len(http_ws.slack.deliveries) == 5


def test_bad_signature_stale_timestamp_and_url_verification(http_ws: Workspace, receiver: Receiver) -> None:
    bad = http_ws.slack.send_http_bad_signature()
    assert bad.status == 401 and not receiver.next().verified
    stale = http_ws.slack.send_http_stale_timestamp(age_s=6 * 60)
    assert stale.status == 401 and not receiver.next().verified
    fresh_enough = http_ws.slack.send_http_stale_timestamp(age_s=60)
    assert fresh_enough.status == 200 and receiver.next().verified
    assert http_ws.slack.verify_url()


def test_slash_command_form_and_text_ack(http_ws: Workspace, receiver: Receiver) -> None:
    receiver.answers.put((200, "Working on it...", {}))
    result = http_ws.slack.slash_command("U1", http_ws.incident, "/summary", "24h")
    got = receiver.next()
    assert got.verified and got.headers["content-type"] == "application/x-www-form-urlencoded"
    form = got.form()
    assert (form["command"], form["text"], form["channel_id"], form["user_id"]) == (
        "/summary",
        "24h",
        http_ws.incident,
        "U1",
    )
    assert form["response_url"] == result.response_url and form["trigger_id"] == result.trigger_id
    assert result.acked and result.status == 200 and result.body == "Working on it..."
    assert [e.text for e in http_ws.slack.ephemerals(http_ws.incident, user="U1")] == ["Working on it..."]

    hook = WebhookClient(str(result.response_url))
    assert hook.send(text="Summary: all quiet", response_type="in_channel").status_code == 200
    assert http_ws.slack.history(http_ws.incident)[-1]["text"] == "Summary: all quiet"
    assert [(r.source, r.outcome) for r in http_ws.slack.responses] == [
        ("ack", "ephemeral"),
        ("response_url", "in_channel"),
    ]


def buttons_message(client: WebClient, channel: str) -> str:
    blocks: list[dict[str, Any]] = [
        {"type": "section", "block_id": "sec", "text": {"type": "mrkdwn", "text": "*Postmortem draft*"}},
        {
            "type": "actions",
            "block_id": "act:summary",
            "elements": [
                {
                    "type": "button",
                    "action_id": "pm_approve",
                    "text": {"type": "plain_text", "text": "Approve", "emoji": True},
                    "value": "summary",
                    "style": "primary",
                },
                {
                    "type": "button",
                    "action_id": "pm_edit",
                    "text": {"type": "plain_text", "text": "Edit"},
                    "value": "s",
                },
            ],
        },
    ]
    return str(client.chat_postMessage(channel=channel, text="Postmortem draft", blocks=blocks)["ts"])


def test_button_click_and_response_url_replace(http_ws: Workspace, receiver: Receiver, client: WebClient) -> None:
    ts = buttons_message(client, http_ws.incident)
    receiver.next()  # the bot's own message event
    result = http_ws.slack.click_button("U2", ts, "pm_approve")
    got = receiver.next()
    assert got.verified and set(got.form()) == {"payload"}
    payload = json.loads(got.form()["payload"])
    assert payload["type"] == "block_actions" and payload["user"]["id"] == "U2"
    assert payload["container"] == {
        "type": "message",
        "message_ts": ts,
        "channel_id": http_ws.incident,
        "is_ephemeral": False,
    }
    action = payload["actions"][0]
    assert (action["action_id"], action["block_id"], action["value"], action["style"]) == (
        "pm_approve",
        "act:summary",
        "summary",
        "primary",
    )
    assert payload["message"]["ts"] == ts and payload["message"]["blocks"][1]["block_id"] == "act:summary"
    assert result.acked and payload["trigger_id"] == result.trigger_id

    answer = WebhookClient(payload["response_url"]).send(text="Approved by <@U2>", replace_original=True)
    assert answer.status_code == 200 and answer.body == "ok"
    assert http_ws.slack.message(http_ws.incident, ts)["text"] == "Approved by <@U2>"
    with pytest.raises(Exception, match="no element"):
        http_ws.slack.click_button("U2", ts, "pm_missing")


def test_response_url_limits(http_ws: Workspace, receiver: Receiver) -> None:
    result = http_ws.slack.slash_command("U1", http_ws.incident, "/summary")
    hook = WebhookClient(str(result.response_url))
    assert [hook.send(text=f"{n}").status_code for n in range(6)] == [200] * 5 + [404]
    assert hook.send(text="again").body == "used_url"
    assert len(http_ws.slack.ephemerals(http_ws.incident, user="U1")) == 5


def input_view() -> dict[str, object]:
    return {
        "type": "modal",
        "callback_id": "pm_edit_submit",
        "private_metadata": json.dumps({"section": "summary"}),
        "title": {"type": "plain_text", "text": "Edit section"},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [
            {
                "type": "input",
                "block_id": "body",
                "label": {"type": "plain_text", "text": "Text"},
                "element": {"type": "plain_text_input", "action_id": "text", "multiline": True, "initial_value": "old"},
            }
        ],
    }


def test_modal_open_submit_errors_then_close(http_ws: Workspace, receiver: Receiver, client: WebClient) -> None:
    ts = buttons_message(client, http_ws.incident)
    receiver.next()
    trigger = http_ws.slack.click_button("U1", ts, "pm_edit").trigger_id
    receiver.next()
    view = client.views_open(trigger_id=trigger, view=input_view())["view"]
    assert view["id"].startswith("V") and view["callback_id"] == "pm_edit_submit" and view["hash"]
    with pytest.raises(SlackApiError) as reused:
        client.views_open(trigger_id=trigger, view=input_view())
    assert reused.value.response["error"] == "exchanged_trigger_id"

    receiver.answers.put((200, json.dumps({"response_action": "errors", "errors": {"body": "Too long"}}), {}))
    first = http_ws.slack.submit_view("U1", view["id"], {"body": {"text": "x" * 10}})
    submitted = json.loads(receiver.next().form()["payload"])
    assert submitted["type"] == "view_submission" and submitted["view"]["id"] == view["id"]
    assert submitted["view"]["state"]["values"] == {"body": {"text": {"type": "plain_text_input", "value": "x" * 10}}}
    assert json.loads(submitted["view"]["private_metadata"]) == {"section": "summary"}
    assert first.payload == {"response_action": "errors", "errors": {"body": "Too long"}}
    assert not http_ws.slack.views[0].closed

    http_ws.slack.submit_view("U1", view["id"], {"body": {"text": "short"}})
    receiver.next()
    assert http_ws.slack.views[0].closed


def test_views_update_and_trigger_expiry(clock: ManualClock) -> None:
    with LocalSlack(bot_token=BOT_TOKEN, signing_secret=SECRET, clock=clock) as slack:
        slack.add_user("U1", name="priya")
        channel = slack.create_channel("inc", members=["U1"])
        client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
        trigger = slack.slash_command("U1", channel, "/summary").trigger_id  # no app connected: dispatch_failed
        assert trigger is not None
        view = client.views_open(trigger_id=trigger, view=input_view())["view"]
        updated = client.views_update(view_id=view["id"], hash=view["hash"], view=input_view())["view"]
        assert updated["hash"] != view["hash"]
        with pytest.raises(SlackApiError) as conflict:
            client.views_update(view_id=view["id"], hash=view["hash"], view=input_view())
        assert conflict.value.response["error"] == "hash_conflict"
        with pytest.raises(SlackApiError) as too_long:
            client.views_update(
                view_id=view["id"], view={**input_view(), "title": {"type": "plain_text", "text": "x" * 25}}
            )
        assert too_long.value.response["error"] == "invalid_arguments"

        late = slack.slash_command("U1", channel, "/summary").trigger_id
        clock.advance(timedelta(seconds=4))
        with pytest.raises(SlackApiError) as expired:
            client.views_open(trigger_id=late, view=input_view())
        assert expired.value.response["error"] == "expired_trigger_id"
