"""Exceptions: Slack's business errors (sent back as ``ok: false``) and misuse of the emulator by a test."""

from __future__ import annotations

from typing import Any


class SlackError(Exception):
    """A Slack Web API error: answered as HTTP 200 ``{"ok": false, "error": code, **extra}``."""

    def __init__(self, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.code = code
        self.extra: dict[str, Any] = extra

    def body(self) -> dict[str, Any]:
        return {"ok": False, "error": self.code, **self.extra}


class SandboxUsageError(ValueError):
    """A test asked the emulator for something a real workspace could not do (unknown user, no such button...)."""
