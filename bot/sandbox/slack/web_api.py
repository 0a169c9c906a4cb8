"""The Web API methods: Slack's arguments, permission rules, errors and response shapes over the workspace."""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .blocks import validate_blocks, validate_view
from .errors import SlackError
from .ids import ts_to_micros
from .journal import TokenStatus
from .model import JSON, Channel, Message, View
from .params import Params, paginate
from .render import render_channel, render_file, render_user, render_view
from .state import Workspace

MAX_TEXT = 40_000

# Bot scopes a method needs (any one of them will do); methods absent here need none.
METHOD_SCOPES: dict[str, tuple[str, ...]] = {
    "chat.postMessage": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "chat.update": ("chat:write",),
    "chat.delete": ("chat:write",),
    "conversations.list": ("channels:read", "groups:read", "im:read", "mpim:read"),
    "conversations.info": ("channels:read", "groups:read", "im:read", "mpim:read"),
    "conversations.members": ("channels:read", "groups:read", "im:read", "mpim:read"),
    "conversations.history": ("channels:history", "groups:history", "im:history", "mpim:history"),
    "conversations.replies": ("channels:history", "groups:history", "im:history", "mpim:history"),
    "conversations.join": ("channels:join",),
    "conversations.open": ("im:write",),
    "users.info": ("users:read",),
    "users.list": ("users:read",),
    "reactions.add": ("reactions:write",),
    "reactions.remove": ("reactions:write",),
    "reactions.get": ("reactions:read",),
    "pins.add": ("pins:write",),
    "pins.remove": ("pins:write",),
    "pins.list": ("pins:read",),
    "files.getUploadURLExternal": ("files:write",),
    "files.completeUploadExternal": ("files:write",),
    "files.info": ("files:read",),
}

DEFAULT_SCOPES: tuple[str, ...] = (
    "app_mentions:read",
    "channels:history",
    "channels:join",
    "channels:read",
    "chat:write",
    "commands",
    "files:read",
    "files:write",
    "groups:history",
    "groups:read",
    "im:history",
    "im:read",
    "im:write",
    "mpim:history",
    "mpim:read",
    "pins:read",
    "pins:write",
    "reactions:read",
    "reactions:write",
    "users:read",
)

APP_TOKEN_METHODS = frozenset({"apps.connections.open"})


@dataclass
class ApiResponse:
    status: int
    body: JSON
    token: TokenStatus
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Params], JSON]


class WebApi:
    """Dispatches ``/api/<method>`` calls; answers HTTP 200 with ``ok: false`` for Slack's business errors."""

    def __init__(
        self,
        ws: Workspace,
        *,
        bot_token: str,
        app_token: str,
        scopes: Iterable[str],
        socket_url: Callable[[], str],
        base_url: Callable[[], str],
    ) -> None:
        self.ws = ws
        self._bot_token = bot_token
        self._app_token = app_token
        self.scopes = set(scopes)
        self._socket_url = socket_url
        self._base_url = base_url
        self._handlers: dict[str, Handler] = {
            "auth.test": self._auth_test,
            "apps.connections.open": self._apps_connections_open,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "chat.getPermalink": self._chat_get_permalink,
            "conversations.list": self._conversations_list,
            "conversations.info": self._conversations_info,
            "conversations.join": self._conversations_join,
            "conversations.open": self._conversations_open,
            "conversations.members": self._conversations_members,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "users.info": self._users_info,
            "users.list": self._users_list,
            "reactions.add": self._reactions_add,
            "reactions.remove": self._reactions_remove,
            "reactions.get": self._reactions_get,
            "pins.add": self._pins_add,
            "pins.remove": self._pins_remove,
            "pins.list": self._pins_list,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "files.getUploadURLExternal": self._files_get_upload_url_external,
            "files.completeUploadExternal": self._files_complete_upload_external,
            "files.info": self._files_info,
        }

    @property
    def methods(self) -> list[str]:
        return sorted(self._handlers)

    # -- entry point -------------------------------------------------------------------------------------

    def token_status(self, method: str, token: str | None) -> TokenStatus:
        if not token:
            return "missing"
        wanted, other = (
            (self._app_token, self._bot_token) if method in APP_TOKEN_METHODS else (self._bot_token, self._app_token)
        )
        if hmac.compare_digest(token, wanted):
            return "valid"
        if hmac.compare_digest(token, other):
            return "wrong_type"
        return "invalid"

    def call(self, method: str, raw: dict[str, Any], token: str | None) -> ApiResponse:
        handler = self._handlers.get(method)
        status = self.token_status(method, token)
        if handler is None:
            return ApiResponse(200, {"ok": False, "error": "unknown_method"}, status)
        error = {"missing": "not_authed", "invalid": "invalid_auth", "wrong_type": "not_allowed_token_type"}.get(status)
        if error is not None:
            return ApiResponse(200, {"ok": False, "error": error}, status)
        needed = METHOD_SCOPES.get(method)
        if needed and not self.scopes.intersection(needed):
            body = {
                "ok": False,
                "error": "missing_scope",
                "needed": needed[0],
                "provided": ",".join(sorted(self.scopes)),
            }
            return ApiResponse(200, body, status)
        try:
            with self.ws.lock:
                body = handler(Params(raw))
        except SlackError as exc:
            return ApiResponse(200, exc.body(), status)
        headers = {"x-oauth-scopes": ",".join(sorted(self.scopes))} if method == "auth.test" else {}
        return ApiResponse(200, {"ok": True, **body}, status, headers)

    # -- shared rules ------------------------------------------------------------------------------------

    @property
    def bot(self) -> str:
        return self.ws.ident.bot_user_id

    def _visible(self, ref: str | None) -> Channel:
        """A conversation the bot can see: public ones, and private ones it belongs to; else channel_not_found."""
        channel = self.ws.find_channel(ref) if ref else None
        if channel is None or (channel.is_private and self.bot not in channel.members):
            raise SlackError("channel_not_found")
        return channel

    def _member_of(self, ref: str | None, *, public_scope: str | None = None) -> Channel:
        """A conversation the bot is in; public channels it is not in give ``not_in_channel``."""
        channel = self._visible(ref)
        if self.bot not in channel.members and not (public_scope and public_scope in self.scopes):
            raise SlackError("not_in_channel")
        return channel

    def _post_target(self, ref: str | None) -> Channel:
        if ref and ref[0] in "UW" and ref in self.ws.users:
            return self.ws.open_im(ref)
        return self._member_of(ref, public_scope="chat:write.public")

    def _content(self, p: Params, *, require: bool) -> tuple[str | None, list[JSON] | None, list[JSON] | None]:
        text = p.get("text")
        blocks = p.json("blocks", "invalid_blocks_format") if p.has("blocks") else None
        attachments = p.json("attachments", "invalid_attachments") if p.has("attachments") else None
        if require and not text and not blocks and not attachments:
            raise SlackError("no_text")
        if text is not None and len(text) > MAX_TEXT:
            raise SlackError("msg_too_long")
        if blocks is not None:
            blocks = validate_blocks(blocks)
        if attachments is not None and not isinstance(attachments, list):
            raise SlackError("invalid_attachments")
        return text, blocks, attachments

    def _message_for_bot(self, p: Params, ts_key: str) -> tuple[Channel, Message]:
        channel = self._visible(p.get("channel"))
        ts = p.get(ts_key)
        if not ts:
            raise SlackError("message_not_found")
        return channel, self.ws.message(channel.id, ts)

    def _limit(self, p: Params, default: int, maximum: int) -> int:
        limit = p.number("limit", default)
        return default if limit <= 0 else min(limit, maximum)

    # -- auth and Socket Mode ----------------------------------------------------------------------------

    def _auth_test(self, p: Params) -> JSON:
        ident = self.ws.ident
        return {
            "url": ident.workspace_url,
            "team": ident.team_name,
            "user": ident.bot_name,
            "team_id": ident.team_id,
            "user_id": ident.bot_user_id,
            "bot_id": ident.bot_id,
            "is_enterprise_install": False,
        }

    def _apps_connections_open(self, p: Params) -> JSON:
        return {"url": self._socket_url()}

    # -- chat --------------------------------------------------------------------------------------------

    def _chat_post_message(self, p: Params) -> JSON:
        channel = self._post_target(p.get("channel"))
        text, blocks, attachments = self._content(p, require=True)
        msg = self.ws.post(
            channel,
            self.bot,
            text or "",
            blocks=blocks,
            attachments=attachments,
            thread_ts=p.get("thread_ts") or None,
            reply_broadcast=p.flag("reply_broadcast"),
        )
        return {"channel": channel.id, "ts": msg.ts, "message": self.ws.render(msg)}

    def _chat_post_ephemeral(self, p: Params) -> JSON:
        channel = self._post_target(p.get("channel"))
        user = p.required("user", "user_not_found")
        if user not in self.ws.users:
            raise SlackError("user_not_found")
        if user not in channel.members:
            raise SlackError("user_not_in_channel")
        text, blocks, _ = self._content(p, require=True)
        eph = self.ws.add_ephemeral(channel, user, text or "", blocks=blocks, thread_ts=p.get("thread_ts") or None)
        return {"message_ts": eph.ts}

    def _chat_update(self, p: Params) -> JSON:
        channel, msg = self._message_for_bot(p, "ts")
        if msg.user != self.bot:
            raise SlackError("cant_update_message")
        text, blocks, attachments = self._content(p, require=False)
        if text is None and blocks is None and attachments is None:
            raise SlackError("no_text")
        updated = self.ws.update(channel, msg.ts, self.bot, text=text, blocks=blocks, attachments=attachments)
        rendered = self.ws.render(updated)
        return {"channel": channel.id, "ts": updated.ts, "text": updated.text, "message": rendered}

    def _chat_delete(self, p: Params) -> JSON:
        channel, msg = self._message_for_bot(p, "ts")
        if msg.user != self.bot:
            raise SlackError("cant_delete_message")
        self.ws.delete(channel, msg.ts)
        return {"channel": channel.id, "ts": msg.ts}

    def _chat_get_permalink(self, p: Params) -> JSON:
        channel, msg = self._message_for_bot(p, "message_ts")
        return {"channel": channel.id, "permalink": self.ws.permalink(channel.id, msg)}

    # -- conversations -----------------------------------------------------------------------------------

    def _conversations_list(self, p: Params) -> JSON:
        wanted = {t.strip() for t in (p.get("types") or "public_channel").split(",") if t.strip()}
        kinds = {"public_channel": "channel", "private_channel": "group", "mpim": "mpim", "im": "im"}
        allowed = {kinds[t] for t in wanted if t in kinds}
        if not allowed:
            raise SlackError("invalid_types")
        channels = sorted(
            (
                c
                for c in self.ws.channels.values()
                if c.kind in allowed
                and (c.kind == "channel" or self.bot in c.members)
                and not (p.flag("exclude_archived") and c.is_archived)
            ),
            key=lambda c: c.seq,
        )
        page, cursor = paginate(
            channels, lambda c: c.seq, cursor=p.get("cursor"), limit=self._limit(p, 100, 1000), kind="channel"
        )
        return {
            "channels": [render_channel(c, self.ws.ident, viewer=self.bot, num_members=True) for c in page],
            "response_metadata": {"next_cursor": cursor},
        }

    def _conversations_info(self, p: Params) -> JSON:
        channel = self._visible(p.get("channel"))
        rendered = render_channel(channel, self.ws.ident, viewer=self.bot, num_members=p.flag("include_num_members"))
        return {"channel": rendered}

    def _conversations_join(self, p: Params) -> JSON:
        channel = self._visible(p.get("channel"))
        if channel.kind != "channel":
            raise SlackError("method_not_supported_for_channel_type")
        if channel.is_archived:
            raise SlackError("is_archived")
        joined = self.ws.join(channel, self.bot)
        body: JSON = {"channel": render_channel(channel, self.ws.ident, viewer=self.bot)}
        if not joined:
            body["warning"] = "already_in_channel"
            body["response_metadata"] = {"warnings": ["already_in_channel"]}
        return body

    def _conversations_open(self, p: Params) -> JSON:
        users = [u for u in (p.get("users") or "").split(",") if u]
        if len(users) != 1 or users[0] not in self.ws.users:
            raise SlackError("user_not_found")
        channel = self.ws.open_im(users[0])
        return {"channel": {"id": channel.id}}

    def _conversations_members(self, p: Params) -> JSON:
        channel = self._visible(p.get("channel"))
        members = list(channel.members)
        page, cursor = paginate(
            list(enumerate(members)),
            lambda item: item[0],
            cursor=p.get("cursor"),
            limit=self._limit(p, 100, 1000),
            kind="member",
        )
        return {"members": [m for _, m in page], "response_metadata": {"next_cursor": cursor}}

    def _window(self, p: Params) -> Callable[[Message], bool]:
        oldest = p.ts("oldest", "invalid_ts_oldest")
        latest = p.ts("latest", "invalid_ts_latest")
        inclusive = p.flag("inclusive")

        def inside(msg: Message) -> bool:
            at = ts_to_micros(msg.ts)
            if oldest is not None and (at < oldest or (at == oldest and not inclusive)):
                return False
            return not (latest is not None and (at > latest or (at == latest and not inclusive)))

        return inside

    def _conversations_history(self, p: Params) -> JSON:
        channel = self._member_of(p.get("channel"))
        inside = self._window(p)
        newest_first = [m for m in reversed(self.ws.history(channel.id)) if inside(m)]
        page, cursor = paginate(
            newest_first,
            lambda m: -ts_to_micros(m.ts),
            cursor=p.get("cursor"),
            limit=self._limit(p, 100, 999),
            kind="next_ts",
        )
        return {
            "messages": [self.ws.render(m) for m in page],
            "has_more": bool(cursor),
            "pin_count": len(self.ws.pins[channel.id]),
            "channel_actions_ts": None,
            "channel_actions_count": 0,
            "response_metadata": {"next_cursor": cursor},
        }

    def _conversations_replies(self, p: Params) -> JSON:
        channel = self._member_of(p.get("channel"))
        ts = p.get("ts")
        msg = self.ws.find_message(ts, channel.id) if ts else None
        if msg is None:
            raise SlackError("thread_not_found")
        if msg.is_reply and msg.thread_ts is not None:
            msg = self.ws.message(channel.id, msg.thread_ts)
        inside = self._window(p)
        replies = [r for r in self.ws.replies_of(msg) if inside(r)]
        limit = self._limit(p, 1000, 1000)
        page, cursor = paginate(
            replies, lambda m: ts_to_micros(m.ts), cursor=p.get("cursor"), limit=max(1, limit - 1), kind="next_ts"
        )
        return {
            "messages": [self.ws.render(m) for m in [msg, *page]],
            "has_more": bool(cursor),
            "response_metadata": {"next_cursor": cursor},
        }

    # -- users -------------------------------------------------------------------------------------------

    def _users_info(self, p: Params) -> JSON:
        user = self.ws.users.get(p.get("user") or "")
        if user is None:
            raise SlackError("user_not_found")
        return {"user": render_user(user, self.ws.ident)}

    def _users_list(self, p: Params) -> JSON:
        users = list(enumerate(self.ws.users.values()))
        limit = p.number("limit", 0)
        page, cursor = paginate(
            users, lambda item: item[0], cursor=p.get("cursor"), limit=limit if limit > 0 else len(users), kind="user"
        )
        return {
            "members": [render_user(u, self.ws.ident) for _, u in page],
            "cache_ts": int(time.time()),
            "response_metadata": {"next_cursor": cursor},
        }

    # -- reactions and pins ------------------------------------------------------------------------------

    def _reaction_target(self, p: Params) -> tuple[Channel, str, str]:
        if not p.has("channel") or not p.has("timestamp"):
            raise SlackError("no_item_specified")
        channel, msg = self._message_for_bot(p, "timestamp")
        return channel, msg.ts, p.required("name", "invalid_name")

    def _reactions_add(self, p: Params) -> JSON:
        channel, ts, name = self._reaction_target(p)
        self.ws.react(channel, ts, self.bot, name, add=True)
        return {}

    def _reactions_remove(self, p: Params) -> JSON:
        channel, ts, name = self._reaction_target(p)
        self.ws.react(channel, ts, self.bot, name, add=False)
        return {}

    def _reactions_get(self, p: Params) -> JSON:
        if not p.has("channel") or not p.has("timestamp"):
            raise SlackError("no_item_specified")
        channel, msg = self._message_for_bot(p, "timestamp")
        rendered = self.ws.render(msg)
        rendered["permalink"] = self.ws.permalink(channel.id, msg)
        return {"type": "message", "channel": channel.id, "message": rendered}

    def _pins_add(self, p: Params) -> JSON:
        if not p.has("timestamp"):
            raise SlackError("no_item_specified")
        channel = self._member_of(p.get("channel"))
        self.ws.pin(channel, self.ws.message(channel.id, p.get("timestamp") or "").ts, self.bot, add=True)
        return {}

    def _pins_remove(self, p: Params) -> JSON:
        if not p.has("timestamp"):
            raise SlackError("no_item_specified")
        channel = self._member_of(p.get("channel"))
        self.ws.pin(channel, self.ws.message(channel.id, p.get("timestamp") or "").ts, self.bot, add=False)
        return {}

    def _pins_list(self, p: Params) -> JSON:
        channel = self._visible(p.get("channel"))
        items = []
        for pin in reversed(self.ws.pins[channel.id]):
            msg = self.ws.message(channel.id, pin.ts)
            rendered = self.ws.render(msg)
            rendered["permalink"] = self.ws.permalink(channel.id, msg)
            items.append(
                {
                    "type": "message",
                    "created": pin.created,
                    "created_by": pin.created_by,
                    "channel": channel.id,
                    "message": rendered,
                }
            )
        return {"items": items}

    # -- views -------------------------------------------------------------------------------------------

    def _new_hash(self) -> str:
        return f"{int(time.time())}.{secrets.token_hex(4)}"

    def _view_arg(self, p: Params) -> JSON:
        return validate_view(p.json("view"))

    def _open_view(self, p: Params, *, previous: View | None) -> JSON:
        if not p.has("trigger_id"):
            raise SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] missing trigger_id"]})
        definition = self._view_arg(p)
        trigger = self.ws.use_trigger(p.get("trigger_id") or "")
        view_id = self.ws.ids.next("V")
        external_id = str(definition.get("external_id") or "")
        if external_id and any(v.external_id == external_id for v in self.ws.views.values()):
            raise SlackError("duplicate_external_id")
        view = View(
            id=view_id,
            user=trigger.user,
            definition=definition,
            hash=self._new_hash(),
            root_view_id=previous.root_view_id if previous else view_id,
            previous_view_id=previous.id if previous else None,
            external_id=external_id,
        )
        self.ws.views[view.id] = view
        return {"view": render_view(view, self.ws.ident)}

    def _views_open(self, p: Params) -> JSON:
        return self._open_view(p, previous=None)

    def _views_push(self, p: Params) -> JSON:
        trigger = self.ws.triggers.get(p.get("trigger_id") or "")
        open_views = [v for v in self.ws.views.values() if trigger and v.user == trigger.user and not v.closed]
        return self._open_view(p, previous=open_views[-1] if open_views else None)

    def _views_update(self, p: Params) -> JSON:
        view_id, external_id = p.get("view_id"), p.get("external_id")
        if not view_id and not external_id:
            raise SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] missing view_id"]})
        view = next(
            (
                v
                for v in self.ws.views.values()
                if (view_id and v.id == view_id) or (external_id and v.external_id == external_id)
            ),
            None,
        )
        if view is None:
            raise SlackError("not_found")
        definition = self._view_arg(p)
        if p.get("hash") and p.get("hash") != view.hash:
            raise SlackError("hash_conflict")
        view.definition = definition
        view.hash = self._new_hash()
        return {"view": render_view(view, self.ws.ident)}

    # -- files -------------------------------------------------------------------------------------------

    def _files_get_upload_url_external(self, p: Params) -> JSON:
        filename = p.get("filename")
        length = p.number("length", 0)
        if not filename or length <= 0:
            raise SlackError("invalid_arguments")
        stored = self.ws.new_file(
            filename, length, self.bot, alt_txt=p.get("alt_txt"), snippet_type=p.get("snippet_type")
        )
        return {"upload_url": f"{self._base_url()}upload/v1/{stored.upload_token}", "file_id": stored.id}

    def _files_complete_upload_external(self, p: Params) -> JSON:
        items = p.json("files")
        if not isinstance(items, list) or not items:
            raise SlackError("invalid_arguments")
        resolved = []
        for item in items:
            stored = self.ws.files.get(str(item.get("id"))) if isinstance(item, dict) else None
            if stored is None or stored.data is None or stored.completed:
                raise SlackError("file_not_found")
            resolved.append((stored, str(item.get("title") or "")))
        target = p.get("channel_id") or (p.get("channels") or "").split(",")[0] or None
        channel = None
        if target is not None:
            channel = self.ws.find_channel(target)
            if channel is None or (channel.is_private and self.bot not in channel.members):
                raise SlackError("invalid_channel")
            if self.bot not in channel.members:
                raise SlackError("not_in_channel")
        blocks = p.json("blocks") if p.has("blocks") else None
        self.ws.share_files(
            resolved,
            channel,
            self.bot,
            initial_comment=p.get("initial_comment") or "",
            thread_ts=p.get("thread_ts") or None,
            blocks=validate_blocks(blocks) if blocks is not None else None,
        )
        base = self._base_url()
        return {"files": [render_file(s, self.ws.ident, base) for s, _ in resolved]}

    def _files_info(self, p: Params) -> JSON:
        stored = self.ws.files.get(p.get("file") or "")
        if stored is None or not stored.completed:
            raise SlackError("file_not_found")
        return {
            "file": render_file(stored, self.ws.ident, self._base_url()),
            "comments": [],
            "response_metadata": {"next_cursor": ""},
        }
