"""Request arguments as Slack reads them: merged query, form and JSON values with Slack's loose typing."""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .errors import SlackError
from .ids import ts_to_micros

T = TypeVar("T")

JSON_STRING_KEYS = ("blocks", "attachments", "view", "files", "metadata")


class Params:
    """Typed access to one call's arguments; form values are strings, JSON values keep their types."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def has(self, key: str) -> bool:
        return key in self.raw and self.raw[key] is not None

    def get(self, key: str, default: str | None = None) -> str | None:
        value = self.raw.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return "true" if value else "false"
        return value if isinstance(value, str) else json.dumps(value) if isinstance(value, list | dict) else f"{value}"

    def required(self, key: str, error: str) -> str:
        value = self.get(key)
        if not value:
            raise SlackError(error)
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.raw.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        return f"{value}".strip().lower() in {"1", "true", "yes"}

    def number(self, key: str, default: int) -> int:
        value = self.raw.get(key)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise SlackError("invalid_arguments") from None

    def json(self, key: str, error: str = "invalid_arguments") -> Any:
        """A structured argument, sent either as JSON or as a JSON string inside a form/query."""
        value = self.raw.get(key)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                raise SlackError(error) from None
        return value

    def ts(self, key: str, error: str) -> int | None:
        value = self.get(key)
        if value is None or value == "":
            return None
        try:
            return ts_to_micros(value)
        except ValueError:
            raise SlackError(error) from None


def for_journal(raw: dict[str, Any]) -> dict[str, Any]:
    """The arguments as recorded in the journal: no token, nested JSON strings decoded."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "token":
            continue
        decoded = value
        if key in JSON_STRING_KEYS and isinstance(value, str):
            with contextlib.suppress(json.JSONDecodeError):
                decoded = json.loads(value)
        out[key] = decoded
    return out


def encode_cursor(kind: str, position: int) -> str:
    return base64.b64encode(f"{kind}:{position}".encode()).decode()


def decode_cursor(cursor: str, kind: str) -> int:
    try:
        label, _, number = base64.b64decode(cursor.encode(), validate=True).decode().partition(":")
        if label != kind:
            raise ValueError(label)
        return int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise SlackError("invalid_cursor") from None


def paginate(
    items: Sequence[T],
    position: Callable[[T], int],
    *,
    cursor: str | None,
    limit: int,
    kind: str,
) -> tuple[list[T], str]:
    """One page of ``items`` (ordered by ascending ``position``) and the cursor for the next page ("" when done).

    The cursor names the position of the next item, so insertions and deletions between pages never repeat
    or skip an item that still exists.
    """
    start = 0
    if cursor:
        resume = decode_cursor(cursor, kind)
        start = next((i for i, item in enumerate(items) if position(item) >= resume), len(items))
    page = list(items[start : start + limit])
    rest = items[start + limit :]
    return page, encode_cursor(kind, position(rest[0])) if rest else ""
