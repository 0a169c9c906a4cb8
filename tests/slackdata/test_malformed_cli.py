"""Malformed exports through the real ``sitrep replay``: each one replays, or ends in one clear line.

Every case is run by ``bot.cli.main`` in-process with captured streams, against the session's
real embedded Redis. A case either succeeds (exit 0, "Replayed #…") or exits 2 with exactly one
``sitrep: error: …`` line that names the problem, no traceback, and never the planted secret.
"""

from __future__ import annotations

import io
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from bot.cli import EXIT_OK, EXIT_PROBLEM, main
from bot.store import EmbeddedRedis
from tests.slackdata.builders import (
    BASE,
    CHANNEL,
    DAY,
    GOOD_DAY,
    SECRET,
    corrupt_member_data,
    export_folder,
    msg,
    set_central_flag,
    write,
    zip_of,
    zip_with_big_member,
)

OK = "ok"


@dataclass(frozen=True)
class Case:
    """One malformed export: how to build it and what ``sitrep replay`` must answer."""

    id: str
    build: Callable[[Path], Path | tuple[Path, list[str]]]
    """Builds the export under the given folder; returns its path (and extra CLI arguments)."""
    expect: str
    """OK, or a fragment of the one error line."""


def bad(**fields: object) -> Callable[[Path], Path]:
    """A good day file plus one message with ``fields`` overriding a good one (text is the secret)."""
    return lambda root: export_folder(root, [*GOOD_DAY, {**msg(6, SECRET), **fields}])


def day(content: object) -> Callable[[Path], Path]:
    return lambda root: export_folder(root, content)


def _fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def _channels_fifo(root: Path) -> Path:
    export_folder(root)
    (root / "channels.json").unlink()
    _fifo(root / "channels.json")
    return root


def _users_to_dev_zero(root: Path) -> Path:
    export_folder(root, users=None)
    (root / "users.json").symlink_to("/dev/zero")
    return root


def _day_symlinks(root: Path) -> Path:
    """A looping link, a link to a device and a link to a folder named like day files: never read."""
    export_folder(root)
    folder = root / CHANNEL
    (folder / "2026-03-15.json").symlink_to("2026-03-15.json")
    (folder / "2026-03-16.json").symlink_to("/dev/zero")
    (folder / "2026-03-17.json").symlink_to(root)
    (folder / "loop").symlink_to(folder)
    return root


def _day_symlink_outside(root: Path) -> Path:
    outside = write(root.parent / "elsewhere" / "day.json", GOOD_DAY)
    export_folder(root)
    (root / CHANNEL / DAY).unlink()
    (root / CHANNEL / DAY).symlink_to(outside)
    return root


def _non_utf8_folder(root: Path) -> Path:
    """No listing; the only channel folder's name is not UTF-8 (Latin-1 bytes on disk)."""
    root.mkdir(parents=True)
    folder = os.fsencode(root) + b"/inc-caf\xe9"
    os.mkdir(folder)
    write(Path(os.fsdecode(folder)) / DAY, GOOD_DAY)
    return root


def _zip(day_content: object) -> Callable[[Path], Path]:
    return lambda root: zip_of(export_folder(root / "src", day_content), root / "export.zip")


def _zip_encrypted(root: Path) -> Path:
    target = zip_of(export_folder(root / "src"), root / "export.zip")
    set_central_flag(target, f"{CHANNEL}/{DAY}", 0x1)
    return target


def _zip_corrupt(root: Path) -> Path:
    target = zip_of(export_folder(root / "src", [msg(i, SECRET * 3) for i in range(50)]), root / "export.zip")
    corrupt_member_data(target, f"{CHANNEL}/{DAY}")
    return target


def _zip_truncated(root: Path) -> Path:
    target = zip_of(export_folder(root / "src"), root / "export.zip")
    target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    return target


def _zip_traversal(root: Path) -> Path:
    """Members named ``../`` and absolute: nothing is extracted, so they are just ignored names."""
    import zipfile

    target = zip_of(export_folder(root / "src"), root / "export.zip")
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("../../evil.json", "[]")
        archive.writestr("/etc/evil.json", "[]")
    return target


def _users_dir(root: Path) -> tuple[Path, list[str]]:
    (root / "users-dir").mkdir(parents=True)
    return export_folder(root / "export"), ["--users", str(root / "users-dir")]


def _out_is_file(root: Path) -> tuple[Path, list[str]]:
    return export_folder(root / "export"), ["--out", str(write(root / "taken", "x"))]


def _two_days_duplicate(root: Path) -> Path:
    export_folder(root)
    write(root / CHANNEL / "2026-03-15.json", GOOD_DAY)  # the same messages again
    return root


def _absurd_span(root: Path) -> Path:
    """One message in 2014, the rest in 2026: twelve years of simulated minutes."""
    return export_folder(root, [{**msg(0), "ts": "1400000000.000100"}, *GOOD_DAY])


def _single_file(content: object) -> Callable[[Path], Path]:
    return lambda root: write(root / "inc-db.json", content)


def _huge_single_file(root: Path) -> Path:
    path = root / "inc-db.json"
    root.mkdir(parents=True)
    with path.open("wb") as handle:
        handle.write(b"[")
        handle.truncate(65 * 1024 * 1024)  # sparse: 65 MiB without writing them
    return path


CASES: list[Case] = [
    # -- not JSON, or not UTF-8
    Case("day-bad-json", day(f'[{{"ts": "{BASE}.000100", "text": "{SECRET}"}}'), "is not valid JSON"),
    Case("day-empty-bytes", day(b""), "is not valid JSON"),
    Case(
        "day-latin1", day(f'[{{"ts": "{BASE}.000100", "text": "caf\xe9 {SECRET}"}}]'.encode("latin-1")), "is not UTF-8"
    ),
    Case("day-utf16", day(json.dumps(GOOD_DAY).encode("utf-16")), "is not UTF-8"),
    Case("day-utf8-bom", day(b"\xef\xbb\xbf" + json.dumps(GOOD_DAY).encode()), OK),
    Case("day-nested-deep", day("[" * 100_000 + "]" * 100_000), "nested too deeply"),
    Case("day-huge-integer", day(f'[{{"ts": {"9" * 5000}, "text": "{SECRET}"}}]'), "number too long to read"),
    # -- wrong types at every level
    Case("day-top-object", day({"messages": GOOD_DAY}), "top level is an object, expected a list of messages"),
    Case("day-message-string", day([*GOOD_DAY, SECRET]), "message at index 3 is a string, expected an object"),
    Case("text-number", bad(text=42), "has a `text` that is a number"),
    Case("user-object", bad(user={"id": "U1"}), "has a `user` that is an object"),
    Case("subtype-list", bad(subtype=["bot_message"]), "has a `subtype` that is a list"),
    Case("blocks-object", bad(blocks={"type": "section"}), "has a `blocks` that is an object"),
    Case("files-string", bad(files="a.png"), "has a `files` that is a string"),
    Case("edited-string", bad(edited="yes"), "has a `edited` that is a string"),
    Case("changed-message-string", bad(subtype="message_changed", message=SECRET), "`message` is a string"),
    Case("deleted-no-target", bad(subtype="message_deleted"), "has no `deleted_ts`"),
    Case("blocks-junk-inside", bad(blocks=[1, "x", None, {"type": "section", "text": 5}, {"elements": {}}]), OK),
    Case("attachments-junk-inside", bad(attachments=[[], {"fields": "x"}, {"fields": [1, {"title": 2}]}]), OK),
    Case(
        "channels-top-object",
        lambda r: export_folder(r, channels={"C1": CHANNEL}),
        "top level is an object, expected a list of channels",
    ),
    Case(
        "channels-entry-no-name", lambda r: export_folder(r, channels=[{"id": "C1"}]), "entry at index 0 has no `name`"
    ),
    Case(
        "channels-name-number",
        lambda r: export_folder(r, channels=[{"id": "C1", "name": 7}]),
        "has a non-text (a number) `name`",
    ),
    Case("users-strings", lambda r: export_folder(r, users=["U1"]), "users.json: entry at index 0 is a string"),
    Case("users-bad-json", lambda r: export_folder(r, users="{nope"), "users.json: is not valid JSON"),
    Case("users-junk-fields", lambda r: export_folder(r, users=[{"id": "U1", "name": 3, "profile": "x"}]), OK),
    # -- absurd timestamps
    Case("ts-missing", bad(ts=None), "has no `ts`"),
    Case("ts-bool", bad(ts=True), "has a `ts` that is a boolean"),
    Case("ts-1e300", bad(ts=1e300), "has a `ts` (1e+300) outside the dates a Slack message can have"),
    Case("ts-12-digits", bad(ts="999999999999.000100"), "has a `ts` that is not a Slack timestamp"),
    Case("ts-micro-1970-string", bad(ts="0.000001"), "has a `ts` that is not a Slack timestamp"),
    Case("ts-micro-1970-number", bad(ts=0.000001), "has a `ts` (1e-06) outside the dates"),
    Case("ts-year-2100", bad(ts="4102444800.000000"), "has a `ts` (4102444800.000000) outside the dates"),
    Case("ts-seven-decimals", bad(ts="1773528000.0001001"), "has a `ts` that is not a Slack timestamp"),
    Case("ts-nan", day(f'[{{"ts": NaN, "text": "{SECRET}"}}]'), "has a `ts` that is not a finite number"),
    Case("ts-infinity", day(f'[{{"ts": 1e400, "text": "{SECRET}"}}]'), "has a `ts` that is not a finite number"),
    Case("thread-ts-garbage", bad(thread_ts="soon"), "has a `thread_ts` that is not a Slack timestamp"),
    Case("edited-ts-1970", bad(edited={"ts": "1000000000.000000"}), "has a `edited.ts` (1000000000.000000) outside"),
    Case("ts-number-ok", bad(ts=BASE + 400.5), OK),
    Case("absurd-span-2014-2026", _absurd_span, OK),
    # -- events that refer to nothing, repeats
    Case("edit-of-unknown", bad(subtype="message_changed", message={"ts": "1773527000.000100", "text": SECRET}), OK),
    Case("delete-of-unknown", bad(subtype="message_deleted", deleted_ts="1773527000.000100"), OK),
    Case("duplicate-ts-two-days", _two_days_duplicate, OK),
    # -- strings that cannot be stored as they are, and sizes
    Case("lone-surrogate-text", day(f'[{{"ts": "{BASE}.000100", "user": "U1", "text": "a\\ud800b"}}]'), OK),
    Case(
        "lone-surrogate-everywhere",
        day(
            f'[{{"ts": "{BASE}.000100", "user": "U\\udfff", "username": "\\ud83d", "subtype": "bot_message",'
            f' "files": [{{"title": "x\\udc00"}}], "attachments": [{{"text": "\\ud800 disk full"}}],'
            ' "text": "\\udbff"}]'
        ),
        OK,
    ),
    Case("lone-surrogate-user-name", lambda r: export_folder(r, users='[{"id": "U1", "name": "pri\\ud800ya"}]'), OK),
    Case("non-utf8-folder-name", _non_utf8_folder, OK),
    Case("text-two-million-chars", bad(text="x" * 2_000_000), OK),
    Case(
        "ten-thousand-blocks",
        bad(blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": f"b{i}"}} for i in range(10_000)]),
        OK,
    ),
    Case("user-id-too-long", bad(user="U" * 300), "has a `user` longer than 255 characters"),
    Case("single-file-over-cap", _huge_single_file, "is 65 MB, more than the 64 MB one export file may have"),
    # -- files missing, folders, links, pipes
    Case("missing-path", lambda r: r / "nope", "export not found"),
    Case("missing-users-json", lambda r: export_folder(r, users=None), OK),
    Case(
        "listed-channels-no-folders",
        lambda r: export_folder(r, channels=[{"id": "C9", "name": "gone"}]),
        "none of the 1 listed channels has a folder",
    ),
    Case("only-empty-days", day([]), "the export has no messages"),
    Case("single-file-history-object", _single_file({"ok": True, "messages": GOOD_DAY}), "top level is an object"),
    Case("day-symlinks-loop-device-folder", _day_symlinks, OK),
    Case("day-symlink-outside", _day_symlink_outside, OK),
    Case("users-json-to-dev-zero", _users_to_dev_zero, "users.json: is not a regular file"),
    Case("channels-json-fifo", _channels_fifo, "channels.json: is not a regular file"),
    Case("export-is-fifo", lambda r: _fifo(r / "export.json"), "export.json: is not a regular file"),
    Case("users-option-is-folder", _users_dir, "users-dir: is a folder, expected a file"),
    Case("out-is-a-file", _out_is_file, "--out"),
    # -- zips
    Case("zip-not-a-zip", lambda r: write(r / "export.zip", b"PK\x03\x04 not really"), "is not a valid zip file"),
    Case("zip-truncated", _zip_truncated, "is not a valid zip file"),
    Case("zip-corrupt-member", _zip_corrupt, "cannot be read from the zip"),
    Case("zip-encrypted-member", _zip_encrypted, "cannot be read from the zip (RuntimeError)"),
    Case("zip-path-traversal-names", _zip_traversal, OK),
    Case("zip-bad-json", _zip("[{"), "inc-db/2026-03-14.json: is not valid JSON"),
    Case(
        "zip-member-200mb",
        lambda r: zip_with_big_member(r / "bomb.zip", 200 * 1024 * 1024),
        "is 200 MB, more than the 64 MB",
    ),
    Case(
        "zip-header-lies-small",
        lambda r: zip_with_big_member(r / "liar.zip", 80 * 1024 * 1024, declared=1000),
        "cannot be read from the zip (BadZipFile)",
    ),
]


@pytest.fixture
def redis_env(
    redis_server: EmbeddedRedis, redis_client: redis.Redis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Replays use the session's embedded Redis (emptied first); no .env is read."""
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    monkeypatch.chdir(tmp_path)


def replay(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["replay", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_there_are_enough_distinct_cases() -> None:
    """At least 40 malformed exports, each with its own name."""
    assert len({c.id for c in CASES}) == len(CASES) >= 40


@pytest.mark.usefixtures("redis_env")
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_malformed_export_replays_or_fails_in_one_line(
    case: Case, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """``sitrep replay`` on a malformed export: success, or one ``sitrep: error:`` line (exit 2)."""
    built = case.build(tmp_path / "case")
    path, extra = built if isinstance(built, tuple) else (built, [])
    args = [str(path), "--out", str(tmp_path / "out"), "--no-progress", *extra]
    started = time.monotonic()
    code, out, err = replay(*args)
    elapsed = time.monotonic() - started

    assert "Traceback" not in err and "unexpected error" not in err
    assert SECRET not in err and SECRET not in caplog.text
    if case.expect == OK:
        assert code == EXIT_OK, err
        assert out.startswith("Replayed #")
        assert (tmp_path / "out" / "postmortem.json").is_file()
        out.encode("utf-8")  # printable: nothing un-encodable reached the report
    else:
        assert code == EXIT_PROBLEM, (out, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("sitrep: error: ")
        assert case.expect in lines[0]
        assert " — " in lines[0], "every error carries a hint"
    assert elapsed < 30
