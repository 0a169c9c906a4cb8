"""Builders for malformed exports, shared by the CLI table and the size tests."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

BASE = 1773527400  # 2026-03-14T22:30:00Z
CHANNEL = "inc-db"
DAY = "2026-03-14.json"
# Planted in every malformed message: no error line may ever quote it.
SECRET = "pw=hunter2-do-not-echo"


def msg(minute: float, text: str = "checkout 5xx rising, looking", **extra: object) -> dict[str, object]:
    """A human message ``minute`` minutes after BASE."""
    return {"type": "message", "ts": f"{BASE + int(minute * 60)}.000100", "user": "U1", "text": text, **extra}


GOOD_DAY: list[dict[str, object]] = [
    msg(0, "[FIRING] db latency p99 4s", subtype="bot_message", username="pagerduty", user=None),
    msg(2, "ack, looking at the primary"),
    msg(5, "failover done, latency back to baseline"),
]
USERS = [{"id": "U1", "name": "priya", "real_name": "Priya Raman"}]


def write(path: Path, content: object) -> Path:
    """Write JSON (any object), text (``str``, as UTF-8) or ``bytes`` as given."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


def export_folder(root: Path, day: object = None, *, channels: object = None, users: object = USERS) -> Path:
    """An export folder with one channel; ``day`` replaces the good day file's contents."""
    write(root / "channels.json", [{"id": "C1", "name": CHANNEL}] if channels is None else channels)
    if users is not None:
        write(root / "users.json", users)
    write(root / CHANNEL / DAY, GOOD_DAY if day is None else day)
    return root


def zip_of(folder: Path, target: Path) -> Path:
    """Zip ``folder`` the way Slack does (members at the top level, deflated)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def zip_with_big_member(target: Path, size: int, *, declared: int | None = None) -> Path:
    """A zip whose day file inflates to ``size`` bytes of valid JSON (``[`` spaces ``]``).

    Written in 1 MiB chunks, so building it costs no memory. ``declared`` rewrites the size the
    central directory claims (a lying header); the data itself is unchanged.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("channels.json", json.dumps([{"id": "C1", "name": CHANNEL}]))
        with archive.open(f"{CHANNEL}/{DAY}", "w", force_zip64=True) as member:
            member.write(b"[")
            chunk = b" " * (1024 * 1024)
            left = size - 2
            while left > 0:
                member.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            member.write(b"]")
    if declared is not None:
        _patch_central_sizes(target, f"{CHANNEL}/{DAY}", declared)
    return target


def _patch_central_sizes(target: Path, name: str, declared: int) -> None:
    """Rewrite a member's uncompressed size in the central directory (and its zip64 extra)."""
    data = bytearray(target.read_bytes())
    encoded = name.encode()
    at = data.find(b"PK\x01\x02")  # first central directory record
    while at != -1:
        name_len, extra_len = struct.unpack_from("<HH", data, at + 28)
        if bytes(data[at + 46 : at + 46 + name_len]) == encoded:
            size_field = struct.unpack_from("<I", data, at + 24)[0]
            if size_field == 0xFFFFFFFF:  # zip64: the real size is in the extra field
                extra = at + 46 + name_len
                end = extra + extra_len
                while extra < end:
                    tag, length = struct.unpack_from("<HH", data, extra)
                    if tag == 0x0001:
                        struct.pack_into("<Q", data, extra + 4, declared)
                        break
                    extra += 4 + length
            else:
                struct.pack_into("<I", data, at + 24, declared)
            target.write_bytes(bytes(data))
            return
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{name} not in the central directory")


def set_central_flag(target: Path, name: str, bits: int) -> None:
    """Set general-purpose flag bits of a member in the central directory (0x1: encrypted)."""
    data = bytearray(target.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_len]) == name.encode():
            flags = struct.unpack_from("<H", data, at + 8)[0]
            struct.pack_into("<H", data, at + 8, flags | bits)
            target.write_bytes(bytes(data))
            return
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{name} not in the central directory")


def corrupt_member_data(target: Path, name: str) -> None:
    """Overwrite the middle of a member's compressed bytes (a damaged download)."""
    with zipfile.ZipFile(target) as archive:
        info = archive.getinfo(name)
    data = bytearray(target.read_bytes())
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    for i in range(start + 2, start + min(info.compress_size, 40)):
        data[i] ^= 0x5A
    target.write_bytes(bytes(data))
