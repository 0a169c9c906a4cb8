"""Keep request bodies out of the logs, including the lines Bolt itself writes.

Bolt logs a failed signature check with the whole body (``RequestVerification``, INFO), an
unhandled request or a middleware that answered nothing with (part of) the payload
(``App``, WARNING), and skipped self events with the event (``IgnoringSelfEvents``, DEBUG). A body
is whatever anyone who can reach the port sent, of any size, or a message Sitrep must not store
unredacted; these records keep their level and logger and lose the body.
"""

from __future__ import annotations

import logging

from bot.logcap import cap_library_logs

_BOLT_LOGGERS = ("slack_bolt.RequestVerification", "slack_bolt.App", "slack_bolt.IgnoringSelfEvents")
_BODY_PREFIXES = (
    "Invalid request signature detected",
    "Unhandled request",
    "A global middleware",
    "Skipped self event",
)


class DropBodies(logging.Filter):
    """Rewrites Bolt's records that carry a request body to their first words, without the body."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg if isinstance(record.msg, str) else ""
        for prefix in _BODY_PREFIXES:
            if message.startswith(prefix):
                record.msg = f"{prefix} (request body not logged)"
                record.args = None
        return True


def install() -> None:
    """Attach the filter to Bolt's body-logging loggers once per process (idempotent), and cap
    the Slack, HTTP and websocket libraries' logs (``bot/logcap.py``)."""
    cap_library_logs()
    for name in _BOLT_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, DropBodies) for f in logger.filters):
            logger.addFilter(DropBodies())
