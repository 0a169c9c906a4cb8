"""Slack's event and interaction payloads, built from rendered records.

Shapes follow docs.slack.dev/reference/events/* and reference/interaction-payloads/*: the Events API
``event_callback`` envelope, ``message`` (plain, ``message_changed``, ``message_deleted``), reactions, pins,
membership, ``channel_created``, ``file_shared``, slash commands, ``block_actions`` and ``view_submission``.
"""

from __future__ import annotations

from typing import Any

from .model import JSON, Channel
from .render import CHANNEL_TYPE_LETTER, Identity


def subscription_for(event: JSON, channel_kind: str | None) -> str:
    """The Events API subscription that carries ``event`` (``message.channels`` for a message in a public channel)."""
    if event.get("type") == "message":
        return {"channel": "message.channels", "group": "message.groups", "im": "message.im", "mpim": "message.mpim"}[
            channel_kind or "channel"
        ]
    return str(event.get("type"))


def message_event(message: JSON, channel: Channel, event_ts: str | None = None) -> JSON:
    event = dict(message)
    event["channel"] = channel.id
    event["event_ts"] = event_ts or message["ts"]
    event["channel_type"] = channel.kind
    return event


def message_changed(new: JSON, previous: JSON, channel: Channel, event_ts: str) -> JSON:
    return {
        "type": "message",
        "subtype": "message_changed",
        "message": new,
        "previous_message": previous,
        "channel": channel.id,
        "hidden": True,
        "ts": event_ts,
        "event_ts": event_ts,
        "channel_type": channel.kind,
    }


def message_deleted(previous: JSON, channel: Channel, event_ts: str) -> JSON:
    return {
        "type": "message",
        "subtype": "message_deleted",
        "previous_message": previous,
        "channel": channel.id,
        "hidden": True,
        "ts": event_ts,
        "deleted_ts": previous["ts"],
        "event_ts": event_ts,
        "channel_type": channel.kind,
    }


def app_mention(message: JSON, channel: Channel, event_ts: str) -> JSON:
    keys = ("user", "text", "ts", "client_msg_id", "team", "blocks", "thread_ts", "parent_user_id", "bot_id")
    event: JSON = {"type": "app_mention"}
    event.update({k: message[k] for k in keys if k in message})
    event["channel"] = channel.id
    event["event_ts"] = event_ts
    return event


def reaction(kind: str, *, user: str, name: str, item_user: str | None, channel: str, ts: str, event_ts: str) -> JSON:
    event: JSON = {"type": kind, "user": user, "reaction": name}
    if item_user is not None:
        event["item_user"] = item_user
    event["item"] = {"type": "message", "channel": channel, "ts": ts}
    event["event_ts"] = event_ts
    return event


def member_joined(*, user: str, channel: Channel, team: str, inviter: str | None, event_ts: str) -> JSON:
    event: JSON = {
        "type": "member_joined_channel",
        "user": user,
        "channel": channel.id,
        "channel_type": CHANNEL_TYPE_LETTER[channel.kind],
        "team": team,
    }
    if inviter is not None:
        event["inviter"] = inviter
    event["event_ts"] = event_ts
    return event


def member_left(*, user: str, channel: Channel, team: str, event_ts: str) -> JSON:
    return {
        "type": "member_left_channel",
        "user": user,
        "channel": channel.id,
        "channel_type": CHANNEL_TYPE_LETTER[channel.kind],
        "team": team,
        "event_ts": event_ts,
    }


def channel_created(channel: Channel, event_ts: str) -> JSON:
    return {
        "type": "channel_created",
        "channel": {
            "id": channel.id,
            "name": channel.name,
            "name_normalized": channel.name,
            "created": channel.created,
            "creator": channel.creator,
            "is_channel": True,
            "is_private": False,
        },
        "event_ts": event_ts,
    }


def channel_archive(channel: Channel, user: str, event_ts: str) -> JSON:
    return {"type": "channel_archive", "channel": channel.id, "user": user, "event_ts": event_ts}


def pin_event(
    kind: str,
    *,
    user: str,
    channel: str,
    message: JSON,
    created: int,
    created_by: str,
    pin_count: int,
    event_ts: str,
) -> JSON:
    event: JSON = {
        "type": kind,
        "user": user,
        "channel_id": channel,
        "item": {
            "type": "message",
            "created": created,
            "created_by": created_by,
            "channel": channel,
            "message": message,
        },
        "pin_count": str(pin_count),
        "pinned_info": {"channel": channel, "pinned_by": created_by, "pinned_ts": created},
        "event_ts": event_ts,
    }
    if "user" in message:
        event["item_user"] = message["user"]
    if kind == "pin_removed":
        event["has_pins"] = pin_count > 0
    return event


def file_shared(*, channel: str, file_id: str, user: str, event_ts: str) -> JSON:
    return {
        "type": "file_shared",
        "channel_id": channel,
        "file_id": file_id,
        "user_id": user,
        "file": {"id": file_id},
        "event_ts": event_ts,
    }


def event_callback(event: JSON, ident: Identity, *, event_id: str, event_time: int, token: str) -> JSON:
    return {
        "token": token,
        "team_id": ident.team_id,
        "context_team_id": ident.team_id,
        "context_enterprise_id": None,
        "api_app_id": ident.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": ident.team_id,
                "user_id": ident.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }


def slash_command(
    *,
    ident: Identity,
    token: str,
    channel: Channel,
    user_id: str,
    user_name: str,
    command: str,
    text: str,
    response_url: str,
    trigger_id: str,
) -> dict[str, str]:
    """The slash command fields, form-encoded over HTTP and a JSON object over Socket Mode (all strings)."""
    return {
        "token": token,
        "team_id": ident.team_id,
        "team_domain": ident.team_domain,
        "channel_id": channel.id,
        "channel_name": channel.name if channel.kind != "im" else "directmessage",
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": ident.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def _user_ref(ident: Identity, user_id: str, user_name: str) -> JSON:
    return {"id": user_id, "username": user_name, "name": user_name, "team_id": ident.team_id}


def block_actions(
    *,
    ident: Identity,
    token: str,
    user_id: str,
    user_name: str,
    channel: Channel,
    message: JSON | None,
    message_ts: str,
    thread_ts: str | None,
    is_ephemeral: bool,
    action: JSON,
    trigger_id: str,
    response_url: str,
    state_values: dict[str, Any] | None = None,
) -> JSON:
    container: JSON = {
        "type": "message",
        "message_ts": message_ts,
        "channel_id": channel.id,
        "is_ephemeral": is_ephemeral,
    }
    if thread_ts is not None:
        container["thread_ts"] = thread_ts
    payload: JSON = {
        "type": "block_actions",
        "user": _user_ref(ident, user_id, user_name),
        "api_app_id": ident.app_id,
        "token": token,
        "container": container,
        "trigger_id": trigger_id,
        "team": {"id": ident.team_id, "domain": ident.team_domain},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel.id, "name": channel.name},
        "state": {"values": state_values or {}},
        "response_url": response_url,
        "actions": [action],
    }
    if message is not None:
        payload["message"] = message
    return payload


def view_submission(
    *,
    ident: Identity,
    token: str,
    user_id: str,
    user_name: str,
    view: JSON,
    trigger_id: str,
) -> JSON:
    return {
        "type": "view_submission",
        "team": {"id": ident.team_id, "domain": ident.team_domain},
        "user": _user_ref(ident, user_id, user_name),
        "api_app_id": ident.app_id,
        "token": token,
        "trigger_id": trigger_id,
        "view": view,
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
