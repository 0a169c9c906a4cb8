"""How much of an export (or a live payload) Sitrep reads, and the checks that keep it safe.

An export is untrusted input: a hostile or corrupted file must end in one clear error, never in
a crash, a hang or gigabytes of memory. Every bound below is far above anything Slack produces,
so a real export never meets one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

MIB = 1024 * 1024

# Slack opened to the public in 2013; no message in any export is older.
EARLIEST_TS = int(datetime(2013, 1, 1, tzinfo=UTC).timestamp())
# A ts a little in the future is clock skew between Slack's servers and ours, not corruption.
FUTURE_SLACK = timedelta(days=1)
# Ten integer digits (2001-09-09 to 2286): every Slack ts, and no leading zeros that would give
# one message two spellings.
_TS = re.compile(r"^[1-9]\d{9}(\.\d{1,6})?$")
_SHOWABLE = re.compile(r"^[0-9eE+\-.]{1,32}$")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MICRO = -6


@dataclass(frozen=True)
class ExportLimits:
    """Upper bounds on what one read takes in; the defaults suit any real Slack workspace."""

    file_bytes: int = 64 * MIB
    """One export file (a day file, ``users.json``…), checked from the zip header or the file
    size before reading and again while reading. Slack writes one file per channel per day."""
    total_bytes: int = 1024 * MIB
    """Everything read from one export together: a zip bomb of many small members stops here."""
    text_chars: int = 1_000_000
    """A message's ``text``, and its block/attachment texts together. This is a hard safety cap,
    not the product limit: it equals the largest MAX_MESSAGE_CHARS allows (Slack itself stops at
    40,000), so ingest's own truncation, which happens after redaction, always sees the whole
    text it is configured to keep."""
    name_chars: int = 1_000
    """Display names, usernames, file titles: longer ones are shortened."""
    id_chars: int = 255
    """User, bot, channel ids and subtypes: a longer one is not a Slack id, so it is an error."""
    parts: int = 100
    """Blocks, attachments, fields and files read per message (Slack allows 50 blocks, 10 files)."""


DEFAULT_LIMITS = ExportLimits()


def clean(text: str) -> str:
    """``text`` with lone UTF-16 surrogates replaced one-for-one by U+FFFD.

    JSON may escape half a surrogate pair (``"\\ud800"``); Python keeps it as a character that
    cannot be encoded as UTF-8, so storing, logging or printing it fails far from here. Every
    string that leaves ``bot.slackdata`` goes through this.
    """
    if text.isascii():
        return text
    return _SURROGATE.sub("\ufffd", text)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis when anything was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def latest_ts(now: datetime) -> int:
    """The newest plausible ts at ``now``."""
    return int((now + FUTURE_SLACK).timestamp())


def plausible_ts(value: object, latest: int) -> str:
    """The canonical string of a Slack ts, or ValueError saying why ``value`` is not one.

    Accepted: a string like ``"1700000000.000100"`` or a JSON number, between 2013-01-01 and
    ``latest``, with at most six decimals. Strings are kept as Slack wrote them (they are ids);
    numbers get Slack's six decimals.

    Raises:
        ValueError: with a phrase for an error message (``that is not a Slack timestamp …``). It quotes
            the value only when it is short and numeric: a ts field may hold anything, even text.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("that is not a Slack timestamp string")
    if isinstance(value, str):
        if not _TS.match(value):
            raise ValueError('that is not a Slack timestamp like "1700000000.000100"')
        number = Decimal(value)
    elif isinstance(value, int):
        # Range first: repr() of a huge int is slow, and raises past 4,300 digits.
        if not EARLIEST_TS <= value <= latest:
            raise ValueError(_out_of_range(_show(value), latest))
        number = Decimal(value)
    else:
        if not math.isfinite(value):
            raise ValueError("that is not a finite number")
        if not EARLIEST_TS <= value <= latest:
            raise ValueError(_out_of_range(_show(value), latest))
        number = Decimal(repr(value))
    if not EARLIEST_TS <= number <= latest:
        # A string here matched the ts pattern: ten digits and decimals, safe to show.
        raise ValueError(_out_of_range(value if isinstance(value, str) else _show(value), latest))
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < _MICRO:
        raise ValueError("with more than 6 decimals (Slack timestamps count microseconds)")
    return value if isinstance(value, str) else f"{number:.6f}"


def _out_of_range(shown: str, latest: int) -> str:
    last = datetime.fromtimestamp(latest, tz=UTC).strftime("%Y-%m-%d")
    return f"({shown}) outside the dates a Slack message can have (2013-01-01 to {last})"


def _show(value: object) -> str:
    if isinstance(value, int) and value.bit_length() > 128:
        return "a number too long to show"  # str() of a huge int is slow, and raises past 4,300 digits
    text = repr(value) if isinstance(value, float) else str(value) if isinstance(value, int) else ""
    return text if _SHOWABLE.match(text) else "a number too long to show"
