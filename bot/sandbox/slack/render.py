"""Slack's wire shapes for stored records: what users.info, conversations.*, files.info and views.* return."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import JSON, Channel, Message, StoredFile, User, View

CHANNEL_TYPE_LETTER = {"channel": "C", "group": "G", "im": "D", "mpim": "G"}


@dataclass(frozen=True)
class Identity:
    """Who the workspace and the app are; every rendered object is stamped from this."""

    team_id: str
    team_name: str
    team_domain: str
    app_id: str
    bot_id: str
    bot_user_id: str
    bot_name: str
    enterprise_id: str | None = None

    @property
    def workspace_url(self) -> str:
        return f"https://{self.team_domain}.slack.com/"


def bot_profile(ident: Identity) -> JSON:
    return {
        "id": ident.bot_id,
        "deleted": False,
        "name": ident.bot_name,
        "updated": 1700000000,
        "app_id": ident.app_id,
        "icons": {"image_36": "", "image_48": "", "image_72": ""},
        "team_id": ident.team_id,
    }


def render_user(user: User, ident: Identity) -> JSON:
    profile: JSON = {
        "title": user.title,
        "phone": "",
        "skype": "",
        "real_name": user.real_name,
        "real_name_normalized": user.real_name,
        "display_name": user.display_name,
        "display_name_normalized": user.display_name,
        "fields": None,
        "status_text": "",
        "status_emoji": "",
        "status_expiration": 0,
        "avatar_hash": "",
        "first_name": user.real_name.split(" ")[0] if user.real_name else "",
        "last_name": " ".join(user.real_name.split(" ")[1:]),
        "image_48": "",
        "image_72": "",
        "team": ident.team_id,
    }
    if user.email is not None:
        profile["email"] = user.email
    if user.is_bot:
        profile["bot_id"] = user.bot_id
        profile["api_app_id"] = ident.app_id if user.id == ident.bot_user_id else ""
        profile["always_active"] = True
    return {
        "id": user.id,
        "team_id": ident.team_id,
        "name": user.name,
        "deleted": user.deleted,
        "color": "9f69e7",
        "real_name": user.real_name,
        "tz": user.tz,
        "tz_label": user.tz,
        "tz_offset": 0,
        "profile": profile,
        "is_admin": user.is_admin,
        "is_owner": False,
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "updated": user.created,
        "is_email_confirmed": user.email is not None,
        "who_can_share_contact_card": "EVERYONE",
    }


def render_channel(channel: Channel, ident: Identity, *, viewer: str, num_members: bool = False) -> JSON:
    if channel.kind == "im":
        other = next((m for m in channel.members if m != viewer), viewer)
        return {
            "id": channel.id,
            "created": channel.created,
            "is_im": True,
            "is_org_shared": False,
            "user": other,
            "is_user_deleted": False,
            "priority": 0,
        }
    out: JSON = {
        "id": channel.id,
        "name": channel.name,
        "is_channel": channel.kind == "channel",
        "is_group": channel.kind == "group",
        "is_im": False,
        "is_mpim": channel.kind == "mpim",
        "is_private": channel.is_private,
        "created": channel.created,
        "is_archived": channel.is_archived,
        "is_general": channel.is_general,
        "unlinked": 0,
        "name_normalized": channel.name,
        "is_shared": False,
        "is_org_shared": False,
        "is_pending_ext_shared": False,
        "pending_shared": [],
        "context_team_id": ident.team_id,
        "updated": channel.created * 1000,
        "parent_conversation": None,
        "creator": channel.creator,
        "is_ext_shared": False,
        "shared_team_ids": [ident.team_id],
        "pending_connected_team_ids": [],
        "is_member": viewer in channel.members,
        "topic": {"value": channel.topic, "creator": channel.creator if channel.topic else "", "last_set": 0},
        "purpose": {"value": channel.purpose, "creator": channel.creator if channel.purpose else "", "last_set": 0},
        "previous_names": [],
    }
    if num_members:
        out["num_members"] = len(channel.members)
    return out


def render_file(stored: StoredFile, ident: Identity, base_url: str) -> JSON:
    name = stored.name
    filetype = name.rsplit(".", 1)[-1].lower() if "." in name else "text"
    mimetype = {"md": "text/markdown", "txt": "text/plain", "json": "application/json"}.get(filetype, "text/plain")
    private_url = f"{base_url}files-pri/{ident.team_id}-{stored.id}/{name}"
    public: dict[str, list[JSON]] = {}
    private: dict[str, list[JSON]] = {}
    for channel_id, shares in stored.shares.items():
        (private if channel_id[0] in "GD" else public)[channel_id] = shares
    shares_out: JSON = {}
    if public:
        shares_out["public"] = public
    if private:
        shares_out["private"] = private
    return {
        "id": stored.id,
        "created": stored.created,
        "timestamp": stored.created,
        "name": name,
        "title": stored.title or name,
        "mimetype": mimetype,
        "filetype": filetype,
        "pretty_type": filetype.capitalize(),
        "user": stored.user,
        "user_team": ident.team_id,
        "editable": False,
        "size": len(stored.data) if stored.data is not None else stored.length,
        "mode": "hosted",
        "is_external": False,
        "external_type": "",
        "is_public": bool(public),
        "public_url_shared": False,
        "display_as_bot": False,
        "username": "",
        "url_private": private_url,
        "url_private_download": f"{private_url}?download=1",
        "permalink": f"{ident.workspace_url}files/{stored.user}/{stored.id}/{name}",
        "permalink_public": f"https://slack-files.com/{ident.team_id}-{stored.id}-0000000000",
        "shares": shares_out,
        "channels": sorted(c for c in stored.shares if c.startswith("C")),
        "groups": sorted(c for c in stored.shares if c.startswith("G")),
        "ims": sorted(c for c in stored.shares if c.startswith("D")),
        "has_rich_preview": False,
        "file_access": "visible",
        "comments_count": 0,
        "alt_txt": stored.alt_txt,
    }


def render_message(
    msg: Message,
    ident: Identity,
    *,
    replies: list[Message] | None = None,
    files: list[JSON] | None = None,
) -> JSON:
    """A message as conversations.history / replies return it (no ``channel`` key)."""
    out: JSON = {"type": "message"}
    if msg.subtype is not None:
        out["subtype"] = msg.subtype
    if msg.user is not None:
        out["user"] = msg.user
    if msg.bot_id is not None:
        out["bot_id"] = msg.bot_id
        out["app_id"] = msg.app_id
        out["bot_profile"] = bot_profile(ident)
    out["text"] = msg.text
    out["ts"] = msg.ts
    out["team"] = ident.team_id
    if msg.client_msg_id is not None:
        out["client_msg_id"] = msg.client_msg_id
    if msg.blocks is not None:
        out["blocks"] = msg.blocks
    if msg.attachments is not None:
        out["attachments"] = msg.attachments
    if msg.edited is not None:
        out["edited"] = dict(msg.edited)
    if msg.thread_ts is not None:
        out["thread_ts"] = msg.thread_ts
        if msg.is_reply:
            out["parent_user_id"] = msg.parent_user_id
    if replies:
        users: list[str] = []
        for reply in replies:
            if reply.user is not None and reply.user not in users:
                users.append(reply.user)
        out["reply_count"] = len(replies)
        out["reply_users_count"] = len(users)
        out["latest_reply"] = replies[-1].ts
        out["reply_users"] = users
        out["is_locked"] = False
        out["subscribed"] = False
    if files is not None:
        out["files"] = files
        out["upload"] = False
        out["display_as_bot"] = False
    if msg.reactions:
        out["reactions"] = [{"name": n, "users": list(u), "count": len(u)} for n, u in msg.reactions.items()]
    if msg.pinned_to:
        out["pinned_to"] = list(msg.pinned_to)
    out.update(msg.extra)
    return out


def render_view(view: View, ident: Identity) -> JSON:
    definition = view.definition
    out: JSON = {
        "id": view.id,
        "team_id": ident.team_id,
        "type": definition.get("type", "modal"),
        "blocks": definition.get("blocks", []),
        "private_metadata": definition.get("private_metadata", ""),
        "callback_id": definition.get("callback_id", ""),
        "state": {"values": view.state_values},
        "hash": view.hash,
        "title": definition.get("title"),
        "clear_on_close": bool(definition.get("clear_on_close", False)),
        "notify_on_close": bool(definition.get("notify_on_close", False)),
        "close": definition.get("close"),
        "submit": definition.get("submit"),
        "previous_view_id": view.previous_view_id,
        "root_view_id": view.root_view_id,
        "app_id": ident.app_id,
        "external_id": view.external_id,
        "app_installed_team_id": ident.team_id,
        "bot_id": ident.bot_id,
    }
    return out


def strip_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}
