"""Minimal Block Kit validation in Slack's style: the limits the app can hit, reported as Slack reports them.

Errors carry ``response_metadata.messages`` such as
``"[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"``.
"""

from __future__ import annotations

from typing import Any

from .errors import SlackError
from .model import JSON

MESSAGE_MAX_BLOCKS = 50
VIEW_MAX_BLOCKS = 100
SECTION_TEXT_MAX = 3000
SECTION_FIELDS_MAX = 10
FIELD_TEXT_MAX = 2000
HEADER_TEXT_MAX = 150
BLOCK_ID_MAX = 255
ACTION_ID_MAX = 255
ACTIONS_ELEMENTS_MAX = 25
CONTEXT_ELEMENTS_MAX = 10
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
MARKDOWN_BLOCK_MAX = 12000
VIEW_TITLE_MAX = 24
VIEW_BUTTON_MAX = 24
PRIVATE_METADATA_MAX = 3000
CALLBACK_ID_MAX = 255

KNOWN_BLOCK_TYPES = frozenset(
    {
        "section",
        "divider",
        "image",
        "actions",
        "context",
        "input",
        "header",
        "rich_text",
        "file",
        "video",
        "markdown",
        "table",
        "context_actions",
    }
)
TEXT_TYPES = frozenset({"plain_text", "mrkdwn"})
BUTTON_STYLES = frozenset({"primary", "danger"})


class _Checker:
    def __init__(self) -> None:
        self.messages: list[str] = []
        self.block_ids: set[str] = set()

    def error(self, pointer: str, message: str) -> None:
        self.messages.append(f"[ERROR] {message} [json-pointer:{pointer}]")

    def max_len(self, pointer: str, value: object, limit: int) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.error(pointer, f"must be less than {limit + 1} characters")

    def text_object(self, pointer: str, obj: object, limit: int, *, plain_only: bool = False) -> None:
        if not isinstance(obj, dict):
            self.error(pointer, "must provide an object")
            return
        kind = obj.get("type")
        allowed = {"plain_text"} if plain_only else TEXT_TYPES
        if kind not in allowed:
            self.error(f"{pointer}/type", f"must be one of {', '.join(sorted(allowed))}")
        text = obj.get("text")
        if not isinstance(text, str) or not text:
            self.error(f"{pointer}/text", "must be more than 0 characters")
            return
        self.max_len(f"{pointer}/text", text, limit)

    def block(self, pointer: str, block: object) -> None:
        if not isinstance(block, dict):
            self.error(pointer, "must provide an object")
            return
        kind = block.get("type")
        if kind not in KNOWN_BLOCK_TYPES:
            self.error(f"{pointer}/type", f"unsupported type: {kind!r}")
            return
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not block_id:
                self.error(f"{pointer}/block_id", "must be a non-empty string")
            else:
                self.max_len(f"{pointer}/block_id", block_id, BLOCK_ID_MAX)
                if block_id in self.block_ids:
                    self.error(f"{pointer}/block_id", f"duplicate block_id: {block_id}")
                self.block_ids.add(block_id)
        checker = getattr(self, f"_block_{kind}", None)
        if checker is not None:
            checker(pointer, block)

    def _block_section(self, pointer: str, block: JSON) -> None:
        text, fields = block.get("text"), block.get("fields")
        if text is None and fields is None:
            self.error(pointer, "must provide text or fields")
        if text is not None:
            self.text_object(f"{pointer}/text", text, SECTION_TEXT_MAX)
        if fields is not None:
            if not isinstance(fields, list) or not fields:
                self.error(f"{pointer}/fields", "must provide a non-empty array")
            else:
                if len(fields) > SECTION_FIELDS_MAX:
                    self.error(f"{pointer}/fields", f"must be no more than {SECTION_FIELDS_MAX} items")
                for index, item in enumerate(fields):
                    self.text_object(f"{pointer}/fields/{index}", item, FIELD_TEXT_MAX)
        accessory = block.get("accessory")
        if accessory is not None:
            self.element(f"{pointer}/accessory", accessory)

    def _block_header(self, pointer: str, block: JSON) -> None:
        self.text_object(f"{pointer}/text", block.get("text"), HEADER_TEXT_MAX, plain_only=True)

    def _block_context(self, pointer: str, block: JSON) -> None:
        elements = block.get("elements")
        if not isinstance(elements, list) or not elements:
            self.error(f"{pointer}/elements", "must provide a non-empty array")
        elif len(elements) > CONTEXT_ELEMENTS_MAX:
            self.error(f"{pointer}/elements", f"must be no more than {CONTEXT_ELEMENTS_MAX} items")

    def _block_actions(self, pointer: str, block: JSON) -> None:
        elements = block.get("elements")
        if not isinstance(elements, list) or not elements:
            self.error(f"{pointer}/elements", "must provide a non-empty array")
            return
        if len(elements) > ACTIONS_ELEMENTS_MAX:
            self.error(f"{pointer}/elements", f"must be no more than {ACTIONS_ELEMENTS_MAX} items")
        seen: set[str] = set()
        for index, element in enumerate(elements):
            self.element(f"{pointer}/elements/{index}", element)
            action_id = element.get("action_id") if isinstance(element, dict) else None
            if isinstance(action_id, str):
                if action_id in seen:
                    self.error(f"{pointer}/elements/{index}/action_id", f"duplicate action_id: {action_id}")
                seen.add(action_id)

    def _block_markdown(self, pointer: str, block: JSON) -> None:
        text = block.get("text")
        if not isinstance(text, str) or not text:
            self.error(f"{pointer}/text", "must be more than 0 characters")
        self.max_len(f"{pointer}/text", text, MARKDOWN_BLOCK_MAX)

    def _block_input(self, pointer: str, block: JSON) -> None:
        self.text_object(f"{pointer}/label", block.get("label"), 2000, plain_only=True)
        if not isinstance(block.get("element"), dict):
            self.error(f"{pointer}/element", "must provide an object")

    def element(self, pointer: str, element: object) -> None:
        if not isinstance(element, dict):
            self.error(pointer, "must provide an object")
            return
        self.max_len(f"{pointer}/action_id", element.get("action_id"), ACTION_ID_MAX)
        if element.get("type") == "button":
            self.text_object(f"{pointer}/text", element.get("text"), BUTTON_TEXT_MAX, plain_only=True)
            self.max_len(f"{pointer}/value", element.get("value"), BUTTON_VALUE_MAX)
            style = element.get("style")
            if style is not None and style not in BUTTON_STYLES:
                self.error(f"{pointer}/style", "must be one of danger, primary")


def _raise_if(checker: _Checker, code: str) -> None:
    if checker.messages:
        raise SlackError(code, response_metadata={"messages": checker.messages})


def validate_blocks(blocks: Any, *, max_blocks: int = MESSAGE_MAX_BLOCKS, pointer: str = "/blocks") -> list[JSON]:
    """Return ``blocks`` if Slack would accept them in a message; raise ``invalid_blocks`` otherwise."""
    if not isinstance(blocks, list):
        raise SlackError("invalid_blocks_format")
    checker = _Checker()
    if len(blocks) > max_blocks:
        checker.error(pointer, f"no more than {max_blocks} items allowed")
    for index, block in enumerate(blocks):
        checker.block(f"{pointer}/{index}", block)
    _raise_if(checker, "invalid_blocks")
    return blocks


def validate_view(view: Any) -> JSON:
    """Return a modal view Slack would accept; raise ``invalid_arguments`` with Slack-style messages otherwise."""
    if not isinstance(view, dict):
        raise SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] missing required field: view"]})
    checker = _Checker()
    if view.get("type") not in {"modal", "home"}:
        checker.error("/view/type", "must be one of home, modal")
    if view.get("type") == "modal":
        checker.text_object("/view/title", view.get("title"), VIEW_TITLE_MAX, plain_only=True)
        for key in ("submit", "close"):
            if view.get(key) is not None:
                checker.text_object(f"/view/{key}", view.get(key), VIEW_BUTTON_MAX, plain_only=True)
        has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or [])
        if has_input and view.get("submit") is None:
            checker.error("/view/submit", "must provide submit when input blocks are present")
    checker.max_len("/view/private_metadata", view.get("private_metadata"), PRIVATE_METADATA_MAX)
    checker.max_len("/view/callback_id", view.get("callback_id"), CALLBACK_ID_MAX)
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        checker.error("/view/blocks", "must provide an array")
    else:
        if len(blocks) > VIEW_MAX_BLOCKS:
            checker.error("/view/blocks", f"no more than {VIEW_MAX_BLOCKS} items allowed")
        for index, block in enumerate(blocks):
            checker.block(f"/view/blocks/{index}", block)
    _raise_if(checker, "invalid_arguments")
    return view
