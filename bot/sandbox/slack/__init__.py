"""A local, stateful Slack for tests and demos: Web API, Socket Mode, signed HTTP delivery, faults, journal.

>>> with LocalSlack(bot_token="xoxb-test", app_token="xapp-test") as slack:  # doctest: +SKIP
...     client = WebClient(token="xoxb-test", base_url=slack.api_url)
"""

from .deliveries import Delivery, InteractionResult
from .emulator import DEFAULT_SUBSCRIPTIONS, LocalSlack
from .errors import SandboxUsageError, SlackError
from .faults import Fault
from .http_delivery import HttpResult, sign
from .journal import Journal, JournalEntry
from .model import Ephemeral, ResponsePost, StoredFile, View
from .web_api import DEFAULT_SCOPES

__all__ = [
    "DEFAULT_SCOPES",
    "DEFAULT_SUBSCRIPTIONS",
    "Delivery",
    "Ephemeral",
    "Fault",
    "HttpResult",
    "InteractionResult",
    "Journal",
    "JournalEntry",
    "LocalSlack",
    "ResponsePost",
    "SandboxUsageError",
    "SlackError",
    "StoredFile",
    "View",
    "sign",
]
