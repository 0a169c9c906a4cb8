"""Falling back to the offline engine when Claude gives no usable answer, and saying so.

Every result the offline engine produced in Claude's place is labelled: ``Sitrep.engine`` and
``Postmortem.engine`` read ``offline draft (Claude unavailable: …)``; a revised section gets a
warning line instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from bot.domain import Postmortem, Sitrep
from bot.errors import EngineError

log = logging.getLogger(__name__)

T = TypeVar("T")
Labelled = TypeVar("Labelled", Sitrep, Postmortem)

FALLBACK_MARKER = "offline draft"
"""Every result the offline engine produced in Claude's place carries this in ``engine``."""


def fallback_label(reason: str) -> str:
    """The ``engine`` value of an offline result made because Claude was unavailable."""
    return f"{FALLBACK_MARKER} (Claude unavailable: {reason})"


def is_fallback(engine: str) -> bool:
    """True when ``engine`` (``Sitrep.engine``/``Postmortem.engine``) marks an offline fallback."""
    return engine.startswith(FALLBACK_MARKER)


def engine_label(result: Labelled, reason: str) -> Labelled:
    """``result`` with its ``engine`` saying the offline engine wrote it because Claude was unavailable."""
    return result.model_copy(update={"engine": fallback_label(reason)})


def revision_label(title: str) -> Callable[[Postmortem, str], Postmortem]:
    """Adds a warning that section ``title`` was revised by the offline engine, and why."""

    def label(revised: Postmortem, reason: str) -> Postmortem:
        note = f"Section {title} was revised by the {fallback_label(reason)} engine."
        return revised.model_copy(update={"warnings": (*revised.warnings, note)})

    return label


class ClaudeUnavailableError(EngineError):
    """Claude gave no usable answer; the engine falls back to offline with ``reason`` shown."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"Claude unavailable: {reason}")
        self.reason = reason


def _unlabelled(result: T, reason: str) -> T:
    return result


def with_fallback(
    what: str,
    claude: Callable[[], T],
    offline: Callable[[], T],
    label: Callable[[T, str], T] = _unlabelled,
) -> T:
    """``claude()``; when it raises ``ClaudeUnavailableError``, ``label(offline(), reason)`` instead.

    Args:
        what: names the step in the log line, e.g. ``"sitrep for C1 falls back"``.
        claude: the Claude path (request, answer, conversion).
        offline: the offline engine's answer to the same question.
        label: marks the offline result as a fallback (``fallback_label(reason)`` somewhere in it).
    """
    try:
        return claude()
    except ClaudeUnavailableError as exc:
        log.warning("%s to offline: %s", what, exc.reason)
        return label(offline(), exc.reason)
