"""Read the files of a Slack export the same way whether it is a folder or a ``.zip`` of one.

The export reader only needs four operations (read a file, list folders, list a folder's files,
say where a file is for an error message), so a zip is never extracted to disk: nothing is
written, and a hostile archive cannot place files outside a temporary directory.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path, PurePosixPath
from typing import Protocol

from bot.errors import ExportError

_REEXPORT_HINT = "fix the file or export the channel from Slack again"
_MARKERS = ("channels.json", "groups.json", "mpims.json", "dms.json", "users.json")


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

    def __init__(self, root: Path, prefix: str = "") -> None:
        self._root = root
        self._prefix = prefix

    def read(self, rel: str) -> bytes | None:
        path = self._root / rel
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise ExportError(f"{self.where(rel)}: is a folder, expected a file", hint=_REEXPORT_HINT) from None
        except OSError as exc:
            raise ExportError(
                f"{self.where(rel)}: cannot be read ({exc.strerror or type(exc).__name__})",
                hint="check the file's permissions",
            ) from exc

    def folders(self) -> list[str]:
        return sorted(p.name for p in self._root.iterdir() if p.is_dir() and not _hidden(p.name))

    def files(self, folder: str) -> list[str]:
        path = self._root / folder
        if not path.is_dir():
            return []
        return sorted(p.name for p in path.iterdir() if p.is_file())

    def where(self, rel: str) -> str:
        return self._prefix + rel


class ZipSource:
    """An export still inside its ``.zip``; ``prefix`` is the folder the zip wraps it in, if any."""

    def __init__(self, archive: zipfile.ZipFile, prefix: str = "") -> None:
        self._zip = archive
        self._prefix = prefix
        self._names = {
            name[len(prefix) :]: name
            for name in archive.namelist()
            if name.startswith(prefix) and not name.endswith("/")
        }

    def read(self, rel: str) -> bytes | None:
        member = self._names.get(rel)
        if member is None:
            return None
        try:
            return self._zip.read(member)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            # A truncated download or an unsupported compression method lands here.
            raise ExportError(
                f"{self.where(rel)}: cannot be read from the zip ({type(exc).__name__})",
                hint="download the export again",
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
        return self._prefix + rel


def _hidden(name: str) -> bool:
    # macOS adds __MACOSX/ and .DS_Store to zips; neither is ever a channel.
    return name.startswith((".", "__MACOSX"))


def open_folder(root: Path) -> FolderSource:
    """A folder export; descends into a single wrapping folder (``export/channels.json``)."""
    if not any((root / m).is_file() for m in _MARKERS):
        inner = [p for p in root.iterdir() if p.is_dir() and not _hidden(p.name)]
        if len(inner) == 1 and any((inner[0] / m).is_file() for m in _MARKERS):
            return FolderSource(inner[0], prefix=inner[0].name + "/")
    return FolderSource(root)


def open_zip(path: Path) -> ZipSource:
    """A zipped export; descends into a single wrapping folder the way :func:`open_folder` does.

    Raises:
        ExportError: the file is not a zip archive.
    """
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ExportError(
            f"{path.name}: is not a valid zip file",
            hint="download the export from Slack again, or unzip it and pass the folder",
        ) from None
    except OSError as exc:
        raise ExportError(
            f"{path.name}: cannot be read ({exc.strerror or type(exc).__name__})",
            hint="check the file's permissions",
        ) from exc
    names = [n for n in archive.namelist() if not n.endswith("/")]
    if not any(PurePosixPath(n).name in _MARKERS and "/" not in n for n in names):
        tops = {n.split("/", 1)[0] for n in names if "/" in n and not _hidden(n)}
        if len(tops) == 1:
            top = next(iter(tops))
            if any(n == f"{top}/{m}" for n in names for m in _MARKERS):
                return ZipSource(archive, prefix=top + "/")
    return ZipSource(archive)


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
