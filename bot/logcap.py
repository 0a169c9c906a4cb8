"""Keep message text out of the logs of the libraries Sitrep runs on, even with ``--debug``.

At DEBUG the Slack SDK logs every Socket Mode frame and Web API body, Bolt every request body,
the Anthropic SDK every request (the prompt), httpx/urllib3/websockets their traffic; and at
WARNING the Slack client quotes a frame it cannot handle. All of it would be raw, unredacted
messages or model prompts in whatever collects the logs.

So every logger of these libraries (the top one and each child, including children created
later) gets :class:`_Cap` as a filter. A logger's filters run before any handler sees a record,
whichever handler it is (the root's, one attached to the library's logger, pytest's), so the
filter drops records below WARNING and rewrites the rest to their leading words, without
arguments, exception message or payload (``Received an unsupported data frame (details not
logged)``). A level alone is not enough: Bolt copies the root level onto each of its loggers,
and ``ANTHROPIC_LOG=debug`` or a ``setLevel(DEBUG)`` would turn the payloads back on.
"""

from __future__ import annotations

import logging
import re
import threading
import traceback

CAPPED = (
    "slack_bolt",
    "slack_sdk",
    "anthropic",
    "httpx",
    "httpx2",
    "httpcore",
    "httpcore2",
    "urllib3",
    "websockets",
    "websocket",
)
"""Top loggers of the libraries that see raw messages, prompts or request bodies."""

KEPT_BELOW_WARNING: dict[str, tuple[str, ...]] = {
    # A failed signature check (INFO) is worth seeing; bot/slack/logfilter.py already cut its body.
    "slack_bolt.RequestVerification": ("Invalid request signature detected",),
}
"""Records below WARNING that still pass (rewritten like the rest): logger -> message prefixes."""

NOT_LOGGED = "(details not logged)"
_LEADING_WORDS = re.compile(r"[A-Za-z][A-Za-z \-]{0,119}")
_lock = threading.Lock()


def summary(record: logging.LogRecord) -> str:
    """The record's message cut to its leading words: the fixed part libraries start with.

    Everything from the first digit, quote, bracket, colon or brace on is dropped: that is where
    f-strings put a payload, a response, a session id or an exception message.
    """
    template = record.msg if isinstance(record.msg, str) else ""
    words = _LEADING_WORDS.match(template.lstrip())
    head = words.group(0).strip(" -") if words else ""
    return f"{head} {NOT_LOGGED}" if head else f"{type(record.msg).__name__} record {NOT_LOGGED}"


def _kept_below_warning(record: logging.LogRecord) -> bool:
    prefixes = KEPT_BELOW_WARNING.get(record.name, ())
    return isinstance(record.msg, str) and record.msg.startswith(prefixes)


def _frames_only(record: logging.LogRecord) -> str | None:
    """The traceback's frames and the exception's type, without its message (it may quote data)."""
    if not record.exc_info or record.exc_info[0] is None:
        return None
    kind, _, tb = record.exc_info
    frames = "".join(traceback.format_tb(tb)) if tb is not None else ""
    return f"Traceback (most recent call last):\n{frames}{kind.__name__} {NOT_LOGGED}"


class _Cap(logging.Filter):
    """Drops a capped library's records below WARNING and rewrites the rest without payload."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING and not _kept_below_warning(record):
            return False
        if getattr(record, "_sitrep_capped", False):
            return True  # already rewritten (a record handled twice)
        record.exc_text = _frames_only(record)
        record.msg = summary(record)
        record.args = None
        record.exc_info = None
        record.stack_info = None
        record._sitrep_capped = True
        return True


_CAP = _Cap()


def is_capped(name: str) -> bool:
    """True for the top logger of a capped library and every logger below it."""
    return any(name == top or name.startswith(top + ".") for top in CAPPED)


def _attach(logger: logging.Logger) -> None:
    if _CAP not in logger.filters:
        logger.addFilter(_CAP)


def _capping_class(base: type[logging.Logger]) -> type[logging.Logger]:
    """A logger class that caps the loggers it creates for a capped library (Bolt makes one per
    middleware and adapter class when the app is built, after start-up)."""

    class CappingLogger(base):  # type: ignore[valid-type,misc]
        def __init__(self, name: str, level: int = logging.NOTSET) -> None:
            super().__init__(name, level)
            if is_capped(name):
                _attach(self)

    CappingLogger._sitrep_capping = True
    return CappingLogger


def cap_library_logs() -> None:
    """Cap every capped library's loggers, now and later; idempotent, safe to call often."""
    with _lock:
        manager = logging.Logger.manager
        current = manager.loggerClass or logging.getLoggerClass()
        if not getattr(current, "_sitrep_capping", False):
            manager.setLoggerClass(_capping_class(current))
        for name in CAPPED:
            logger = logging.getLogger(name)
            logger.setLevel(logging.WARNING)  # children without a level skip building DEBUG records
            _attach(logger)
        for name, existing in list(manager.loggerDict.items()):
            if isinstance(existing, logging.Logger) and is_capped(name):
                _attach(existing)
