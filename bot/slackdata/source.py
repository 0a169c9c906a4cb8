"""Read the files of a Slack export the same way whether it is a folder or a ``.zip`` of one.

The export reader only needs four operations (read a file, list folders, list a folder's files,
say where a file is for an error message), so a zip is never extracted to disk: nothing is
written, and a hostile archive cannot place files outside a temporary directory.

Every read is capped (:class:`~bot.slackdata.limits.ExportLimits`): a file's size is checked
before reading (from the zip header, or the file system) and again while reading, and all reads
of one export share a budget, so neither a zip bomb nor a pipe named like a day file can exhaust
memory or hang a replay.
"""

from __future__ import annotations

import json
import lzma
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from bot.errors import ExportError
from bot.slackdata.limits import DEFAULT_LIMITS, MIB, ExportLimits, clean

_REEXPORT_HINT = "fix the file or export the channel from Slack again"
_MARKERS = ("channels.json", "groups.json", "mpims.json", "dms.json", "users.json")
_TOO_BIG_HINT = "check that this is a Slack export; Slack writes one file per channel per day"
# What a damaged or unusual archive raises on reading a member: bad headers or CRC, truncated
# data, an encrypted member (RuntimeError), corrupt deflate/LZMA streams, unsupported methods.
_ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    zlib.error,
    lzma.LZMAError,
)


class _Budget:
    """Bytes one export may still read, shared by all its files."""

    def __init__(self, limits: ExportLimits) -> None:
        self.limits = limits
        self._left = limits.total_bytes

    def take(self, size: int, where: str) -> None:
        self._left -= size
        if self._left < 0:
            raise ExportError(
                f"{where}: the export's files add up to more than {_mb(self.limits.total_bytes)} MB",
                hint="replay one channel's folder or file instead of the whole export",
            )


def read_file(path: Path, where: str, limits: ExportLimits = DEFAULT_LIMITS) -> bytes | None:
    """A regular file's bytes, at most ``limits.file_bytes``; None when it does not exist.

    Raises:
        ExportError: it is a folder, a pipe or device, unreadable, or too big.
    """
    try:
        info = path.stat()  # follows symlinks: a link to a day file reads like the file
    except FileNotFoundError:
        return None
    except OSError as exc:  # a symlink loop, a permission problem
        raise ExportError(f"{where}: cannot be read ({exc.strerror or type(exc).__name__})", hint=_PERM_HINT) from exc
    if stat.S_ISDIR(info.st_mode):
        raise ExportError(f"{where}: is a folder, expected a file", hint=_REEXPORT_HINT)
    if not stat.S_ISREG(info.st_mode):
        # Reading a pipe or a device could block forever or never end.
        raise ExportError(f"{where}: is not a regular file (a pipe, socket or device)", hint=_REEXPORT_HINT)
    _check_size(info.st_size, where, limits)
    try:
        with path.open("rb") as handle:
            return _read_capped(handle, where, limits)
    except OSError as exc:
        raise ExportError(f"{where}: cannot be read ({exc.strerror or type(exc).__name__})", hint=_PERM_HINT) from exc


def _check_size(size: int, where: str, limits: ExportLimits) -> None:
    if size > limits.file_bytes:
        raise ExportError(
            f"{where}: is {_mb(size)} MB, more than the {_mb(limits.file_bytes)} MB one export file may have",
            hint=_TOO_BIG_HINT,
        )


def _read_capped(handle: IO[bytes], where: str, limits: ExportLimits) -> bytes:
    """Read at most the cap (plus one byte to notice more): sizes in headers can lie."""
    data = handle.read(limits.file_bytes + 1)
    if len(data) > limits.file_bytes:
        raise ExportError(
            f"{where}: holds more than the {_mb(limits.file_bytes)} MB one export file may have",
            hint=_TOO_BIG_HINT,
        )
    return data


def _mb(size: int) -> str:
    return f"{size / MIB:,.0f}" if size >= MIB else f"{size / MIB:.2f}"


_PERM_HINT = "check the file's permissions"


class ExportSource(Protocol):
    """The files of one export, addressed by POSIX paths relative to the export's root."""

    def read(self, rel: str) -> bytes | None:
        """The file's bytes, or None when there is no such file."""
        ...

    def folders(self) -> list[str]:
        """Names of the top-level folders, sorted."""
        ...

    def files(self, folder: str) -> list[str]:
        """Names of the files directly inside ``folder``, sorted."""
        ...

    def where(self, rel: str) -> str:
        """How an error message names ``rel``: relative to what the user pointed at."""
        ...


class FolderSource:
    """An export unpacked into a folder."""

    def __init__(self, root: Path, prefix: str = "", limits: ExportLimits = DEFAULT_LIMITS) -> None:
        self._root = root
        self._prefix = prefix
        self._budget = _Budget(limits)

    def read(self, rel: str) -> bytes | None:
        where = self.where(rel)
        data = read_file(self._root / rel, where, self._budget.limits)
        if data is not None:
            self._budget.take(len(data), where)
        return data

    def folders(self) -> list[str]:
        return sorted(p.name for p in _list_dir(self._root, self._prefix) if p.is_dir() and not _hidden(p.name))

    def files(self, folder: str) -> list[str]:
        path = self._root / folder
        if not path.is_dir():
            return []
        # is_file() follows symlinks and is False for loops, pipes and devices: those are never read.
        return sorted(p.name for p in _list_dir(path, self.where(folder + "/")) if p.is_file())

    def where(self, rel: str) -> str:
        # Names on disk may not be UTF-8 (Python keeps such bytes as lone surrogates).
        return clean(self._prefix + rel)


class ZipSource:
    """An export still inside its ``.zip``; ``prefix`` is the folder the zip wraps it in, if any."""

    def __init__(self, archive: zipfile.ZipFile, prefix: str = "", limits: ExportLimits = DEFAULT_LIMITS) -> None:
        self._zip = archive
        self._prefix = prefix
        self._budget = _Budget(limits)
        self._names = {
            name[len(prefix) :]: name
            for name in archive.namelist()
            if name.startswith(prefix) and not name.endswith("/")
        }

    def read(self, rel: str) -> bytes | None:
        member = self._names.get(rel)
        if member is None:
            return None
        where = self.where(rel)
        info = self._zip.getinfo(member)
        _check_size(info.file_size, where, self._budget.limits)  # from the header, before reading
        self._budget.take(info.file_size, where)
        try:
            with self._zip.open(info) as handle:
                return _read_capped(handle, where, self._budget.limits)
        except _ZIP_READ_ERRORS as exc:
            # A truncated download, a damaged or encrypted member, an unsupported method.
            raise ExportError(
                f"{where}: cannot be read from the zip ({type(exc).__name__})",
                hint="download the export again, or unzip it and pass the folder",
            ) from exc

    def folders(self) -> list[str]:
        found = {name.split("/", 1)[0] for name in self._names if "/" in name}
        return sorted(f for f in found if not _hidden(f))

    def files(self, folder: str) -> list[str]:
        start = folder + "/"
        return sorted(
            name[len(start) :] for name in self._names if name.startswith(start) and "/" not in name[len(start) :]
        )

    def where(self, rel: str) -> str:
        return clean(self._prefix + rel)


def _list_dir(path: Path, where: str) -> list[Path]:
    try:
        return list(path.iterdir())
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ExportError(f"{clean(where or path.name)}: cannot be listed ({reason})", hint=_PERM_HINT) from exc


def _hidden(name: str) -> bool:
    # macOS adds __MACOSX/ and .DS_Store to zips; neither is ever a channel.
    return name.startswith((".", "__MACOSX"))


def open_folder(root: Path, limits: ExportLimits = DEFAULT_LIMITS) -> FolderSource:
    """A folder export; descends into a single wrapping folder (``export/channels.json``)."""
    if not any((root / m).is_file() for m in _MARKERS):
        inner = [p for p in _list_dir(root, root.name) if p.is_dir() and not _hidden(p.name)]
        if len(inner) == 1 and any((inner[0] / m).is_file() for m in _MARKERS):
            return FolderSource(inner[0], prefix=inner[0].name + "/", limits=limits)
    return FolderSource(root, limits=limits)


def open_zip(path: Path, limits: ExportLimits = DEFAULT_LIMITS) -> ZipSource:
    """A zipped export; descends into a single wrapping folder the way :func:`open_folder` does.

    Raises:
        ExportError: the file is not a zip archive.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        # ValueError: e.g. a member name flagged UTF-8 that is not; the rest: damaged directories.
        raise ExportError(
            f"{clean(path.name)}: is not a valid zip file",
            hint="download the export from Slack again, or unzip it and pass the folder",
        ) from None
    except OSError as exc:
        raise ExportError(
            f"{clean(path.name)}: cannot be read ({exc.strerror or type(exc).__name__})",
            hint=_PERM_HINT,
        ) from exc
    names = [n for n in archive.namelist() if not n.endswith("/")]
    if not any(PurePosixPath(n).name in _MARKERS and "/" not in n for n in names):
        tops = {n.split("/", 1)[0] for n in names if "/" in n and not _hidden(n)}
        if len(tops) == 1:
            top = next(iter(tops))
            if any(n == f"{top}/{m}" for n in names for m in _MARKERS):
                return ZipSource(archive, prefix=top + "/", limits=limits)
    return ZipSource(archive, limits=limits)


def load_json(data: bytes, where: str) -> object:
    """Parse one export file, turning every failure into a one-line :class:`ExportError`.

    The error names the file and the position, never the content: export files hold raw,
    unredacted messages.
    """
    try:
        text = data.decode("utf-8-sig")  # Windows tools sometimes add a byte-order mark
    except UnicodeDecodeError as exc:
        raise ExportError(f"{where}: is not UTF-8 text (bad byte at offset {exc.start})", hint=_REEXPORT_HINT) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExportError(
            f"{where}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            hint=_REEXPORT_HINT,
        ) from None
    except RecursionError:
        raise ExportError(f"{where}: is nested too deeply to read", hint=_REEXPORT_HINT) from None
    except ValueError:
        # An integer of more than 4,300 digits: Python refuses to convert it (a denial-of-service guard).
        raise ExportError(f"{where}: holds a number too long to read", hint=_REEXPORT_HINT) from None
