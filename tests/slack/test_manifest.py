"""manifest.yml and the code stay in step: every listener declared, every scope used."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import yaml
from slack_bolt import App

from bot.slack.acks import FrontAcks
from bot.slack.commands import register_commands
from bot.slack.context import SlackContext
from bot.slack.listeners import register_events
from bot.slack.review import register_review

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = yaml.safe_load((ROOT / "manifest.yml").read_text())

# Slack's documented requirements: which bot scope each Web API method or event needs.
METHOD_SCOPES: dict[str, set[str]] = {
    "chat_postMessage": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "chat_update": {"chat:write"},
    "conversations_history": {"channels:history", "groups:history"},
    "conversations_replies": {"channels:history", "groups:history"},
    "conversations_list": {"channels:read", "groups:read"},
    "conversations_info": {"channels:read", "groups:read"},
    "conversations_join": {"channels:join"},
    "users_list": {"users:read"},
    "users_info": {"users:read"},
    "reactions_get": {"reactions:read"},
    "reactions_add": {"reactions:write"},
    "auth_test": set(),
    "apps_connections_open": set(),  # an app-level token's connections:write, no bot scope
    "pins_add": {"pins:write"},
    "files_upload_v2": {"files:write"},
    "views_open": set(),
}
EVENT_SUBSCRIPTIONS: dict[str, set[str]] = {
    "message": {"message.channels", "message.groups"},
    "member_joined_channel": {"member_joined_channel"},
    "channel_created": {"channel_created"},
    "reaction_added": {"reaction_added"},
    "reaction_removed": {"reaction_removed"},
    "pin_added": {"pin_added"},
    "pin_removed": {"pin_removed"},
}
EVENT_SCOPES: dict[str, set[str]] = {
    "message.channels": {"channels:history"},
    "message.groups": {"groups:history"},
    "member_joined_channel": {"channels:read", "groups:read"},
    "channel_created": {"channels:read"},
    "reaction_added": {"reactions:read"},
    "reaction_removed": {"reactions:read"},
    "pin_added": {"pins:read"},
    "pin_removed": {"pins:read"},
}


class Recorder:
    """Stands in for a Bolt App during registration and records what is registered."""

    def __init__(self) -> None:
        self.events: set[str] = set()
        self.commands: set[str] = set()
        self.actions: set[str] = set()
        self.views: set[str] = set()

    def event(self, constraints: str | dict[str, Any]) -> Callable[..., Any]:
        self.events.add(constraints if isinstance(constraints, str) else str(constraints["type"]))
        return lambda *a, **k: None

    def command(self, name: str) -> Callable[..., Any]:
        self.commands.add(name)
        return lambda *a, **k: None

    def action(self, constraints: str | dict[str, Any]) -> Callable[..., Any]:
        self.actions.add(constraints if isinstance(constraints, str) else str(constraints["action_id"]))
        return lambda *a, **k: None

    def view(self, callback_id: str) -> Callable[..., Any]:
        self.views.add(callback_id)
        return lambda *a, **k: None


def registered() -> Recorder:
    recorder = Recorder()
    ctx = cast(SlackContext, object())
    register_events(cast(App, recorder), ctx)
    register_commands(cast(FrontAcks, recorder), ctx, "^inc-")
    register_review(cast(App, recorder), cast(FrontAcks, recorder), ctx)
    return recorder


def test_every_command_is_in_the_manifest() -> None:
    declared = {c["command"] for c in MANIFEST["features"]["slash_commands"]}
    assert registered().commands == declared


def test_every_event_is_subscribed() -> None:
    subscribed = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    needed = set().union(*(EVENT_SUBSCRIPTIONS[e] for e in registered().events))
    assert needed == subscribed


def test_every_scope_is_used_and_every_use_is_scoped() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "bot" / "slack").glob("*.py"))
    called = set(re.findall(r"client\.(\w+)\(", source))
    unknown = called - METHOD_SCOPES.keys()
    assert not unknown, f"add the scopes of {unknown} to METHOD_SCOPES"
    needed = set().union(*(METHOD_SCOPES[m] for m in called))
    needed |= set().union(*(EVENT_SCOPES[e] for e in MANIFEST["settings"]["event_subscriptions"]["bot_events"]))
    needed |= {"commands"} if MANIFEST["features"]["slash_commands"] else set()
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == needed


def test_review_buttons_and_modal_are_registered() -> None:
    """Every button the review posts, and its modal, has a listener (interactivity is on)."""
    recorder = registered()
    assert recorder.actions == {"pm_approve", "pm_request_changes", "pm_edit", "pm_draft_anyway", "pm_export_issues"}
    assert recorder.views == {"pm_edit_submit"}


def test_socket_mode_is_on() -> None:
    assert MANIFEST["settings"]["socket_mode_enabled"] is True
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True


def test_the_app_declares_the_manifest_subscriptions() -> None:
    """The local Slack in the demo subscribes the app to exactly what a real install would."""
    from bot.slack.app import BOT_EVENTS

    assert set(BOT_EVENTS) == set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
