"""Fuzzing the Slack readers: whatever arrives, only ExportError escapes, nothing hangs, and what
comes out is safe to store (valid Unicode, plausible ts, capped text).

Deterministic for CI (``derandomize``, no example database); sizes are bounded and each example
has a deadline, so a hang or a quadratic blow-up fails the test instead of stalling it.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import ExportError
from bot.slackdata.export import ExportEvent, ExportUser, message_events, read_export
from bot.slackdata.limits import DEFAULT_LIMITS, EARLIEST_TS, latest_ts
from tests.slackdata.builders import CHANNEL, DAY, GOOD_DAY, export_folder

NOW = datetime(2026, 3, 15, tzinfo=UTC)
LATEST = latest_ts(NOW)
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
USERS = {"U1": ExportUser(id="U1", name="priya", real_name="Priya Raman")}

SURROGATES = ["\ud800", "\udfff", "a\ud83d", "\udc00b", "\ud83d\ude00"]
texts = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(SURROGATES)), max_size=4).map("".join)
timestamps = st.one_of(
    st.integers(min_value=EARLIEST_TS, max_value=LATEST).map(lambda n: f"{n}.000100"),
    st.integers(min_value=EARLIEST_TS, max_value=LATEST),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.sampled_from(["0.000001", "999999999999.000100", "1773528000.0001001", "", "1e9", "-1", "01773528000.1"]),
    texts,
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), texts)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)
text_objects = st.fixed_dictionaries({"type": st.sampled_from(["mrkdwn", "plain_text", 3]), "text": texts | scalars})
blocks = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {"type": st.sampled_from(["section", "header", "context", "rich_text", "divider"])},
        optional={
            "text": text_objects | json_values,
            "fields": st.lists(text_objects | json_values, max_size=3),
            "elements": st.lists(
                st.fixed_dictionaries(
                    {"type": st.sampled_from(["rich_text_section", "rich_text_list", "rich_text_quote", "text"])},
                    optional={
                        "elements": st.lists(
                            st.fixed_dictionaries(
                                {"type": st.sampled_from(["text", "link", "user", "emoji", "broadcast", "x"])},
                                optional={"text": texts | scalars, "url": texts, "style": json_values},
                            )
                            | json_values,
                            max_size=3,
                        ),
                        "text": texts,
                    },
                ),
                max_size=3,
            ),
        },
    ),
)
attachments = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={k: texts | scalars for k in ("pretext", "title", "text", "fallback")}
        | {"fields": st.lists(st.dictionaries(st.sampled_from(["title", "value"]), texts | scalars), max_size=3)},
    ),
)
message_fields = {
    "type": st.just("message") | scalars,
    "subtype": st.sampled_from(
        ["bot_message", "message_changed", "message_deleted", "tombstone", "message_replied", "channel_join"]
    )
    | scalars,
    "text": texts | scalars,
    "user": st.sampled_from(["U1", "U2", "USLACKBOT"]) | texts | scalars,
    "bot_id": texts | scalars,
    "username": texts | scalars,
    "thread_ts": timestamps | scalars,
    "deleted_ts": timestamps | scalars,
    "edited": st.fixed_dictionaries({}, optional={"ts": timestamps, "user": texts}) | scalars,
    "blocks": st.lists(blocks, max_size=3) | scalars,
    "attachments": st.lists(attachments, max_size=3) | scalars,
    "files": st.lists(st.dictionaries(st.sampled_from(["title", "name", "id"]), texts | scalars), max_size=3) | scalars,
    "file": st.dictionaries(st.sampled_from(["title", "name"]), texts | scalars) | scalars,
    "user_profile": st.dictionaries(st.sampled_from(["display_name", "real_name", "name"]), texts | scalars) | scalars,
    "bot_profile": st.dictionaries(st.just("name"), texts | scalars) | scalars,
}
flat_messages = st.fixed_dictionaries({"ts": timestamps}, optional=message_fields)
messages = st.one_of(
    flat_messages,
    flat_messages.flatmap(lambda outer: st.builds(lambda inner: {**outer, "message": inner}, flat_messages | scalars)),
    json_values,
)


def _check(events: list[ExportEvent]) -> None:
    """What leaves the reader can be stored, printed and replayed."""
    for event in events:
        for ts in (event.at, event.target_ts):
            assert EARLIEST_TS <= Decimal(ts) <= LATEST
        raw = event.message
        if raw is None:
            continue
        strings = [raw.channel, raw.ts, raw.text, raw.user, raw.user_name, raw.subtype, raw.thread_ts, raw.edited_ts]
        for text in [*strings, *raw.extra_texts, *raw.files]:
            if text is not None:
                text.encode("utf-8")  # raises on a lone surrogate
        assert len(raw.text) <= DEFAULT_LIMITS.text_chars
        assert sum(map(len, raw.extra_texts)) <= DEFAULT_LIMITS.text_chars


def _events_or_error(read: Callable[[], list[ExportEvent]]) -> list[ExportEvent] | str:
    """The events, or the ExportError's text (any other exception fails the test)."""
    try:
        return read()
    except ExportError as exc:
        return str(exc)


def _export_events(path: Path) -> list[ExportEvent]:
    return [e for channel in read_export(path, now=NOW).channels for e in channel.events]


def _check_outcome(outcome: list[ExportEvent] | str) -> None:
    if isinstance(outcome, str):
        assert "\n" not in outcome, "an error is one line"
    else:
        _check(outcome)


@FUZZ
@given(item=messages)
def test_live_event_payloads_only_raise_export_error(item: object) -> None:
    """``message_events`` (the live app and backfill use it) on arbitrary payloads."""
    _check_outcome(_events_or_error(lambda: message_events(item, "C1", USERS, where="message event", now=NOW)))


@FUZZ
@given(
    day=st.one_of(st.lists(messages, max_size=5), json_values),
    users=st.one_of(
        st.lists(st.dictionaries(st.sampled_from(["id", "name", "profile", "is_bot"]), json_values)), json_values
    ),
    raw=st.none() | st.binary(max_size=64),
    encode=st.sampled_from(["json", "latin-1", "utf-16"]),
)
def test_export_files_only_raise_export_error(day: object, users: object, raw: bytes | None, encode: str) -> None:
    """``read_export`` on folders whose day file and users.json are arbitrary JSON or bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        root = export_folder(Path(tmp) / "export", users=json.dumps(users).encode())
        text = json.dumps(day)  # NaN and Infinity are written as JSON's extensions, as some tools do
        content = raw if raw is not None else text.encode("utf-8" if encode == "json" else encode, "surrogatepass")
        (root / CHANNEL / DAY).write_bytes(content)
        _check_outcome(_events_or_error(lambda: _export_events(root)))


def _valid_zip() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        root = export_folder(Path(tmp) / "src", [*GOOD_DAY, *GOOD_DAY])
        target = Path(tmp) / "e.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(root).as_posix())
        return target.read_bytes()


ZIP = _valid_zip()


@FUZZ
@given(
    flips=st.lists(st.tuples(st.integers(0, len(ZIP) - 1), st.integers(1, 255)), min_size=1, max_size=6),
    cut=st.none() | st.integers(0, len(ZIP)),
)
def test_damaged_zips_only_raise_export_error(flips: list[tuple[int, int]], cut: int | None) -> None:
    """A valid export zip with bytes flipped or cut off: one clear error or a readable export."""
    data = bytearray(ZIP)
    for at, mask in flips:
        data[at] ^= mask
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "export.zip"
        target.write_bytes(bytes(data[:cut] if cut is not None else data))
        _check_outcome(_events_or_error(lambda: _export_events(target)))
