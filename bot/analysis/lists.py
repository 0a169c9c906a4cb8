"""Headed lists in a message: a heading line ("action items", "notes for the postmortem") and its items.

Responders write follow-ups and postmortem notes as numbered or bulleted lists under a short
heading, often in one message near the end. The list ends at the first line that is not an item
(blank lines between the heading and the first item are allowed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.analysis import lexicon as lx

_MARKUP = re.compile(r"(?<![\w])[*_`~]+|[*_`~]+(?![\w])")
"""Bold, italic, code and strike markers at word edges (not the underscore inside ``static_zone``)."""


@dataclass(frozen=True)
class HeadedList:
    heading: str
    items: tuple[str, ...]


def plain(line: str) -> str:
    """A line without bold/italic/code markers at word edges (``dmitri_v`` keeps its underscore)."""
    return _MARKUP.sub("", line).strip()


def headed_lists(text: str, heading: re.Pattern[str]) -> list[HeadedList]:
    """Every list in ``text`` whose heading line matches ``heading``, with its items in order.

    The heading is the line right before the first item (markup such as ``*bold*`` ignored); a
    one-line message "heading: item" is not a list.
    """
    found: list[HeadedList] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        title = plain(lines[i])
        if heading.search(title) and not lx.LIST_ITEM.match(lines[i]):
            items, j = items_after(lines, i, lx.LIST_ITEM)
            if items:
                found.append(HeadedList(heading=title, items=tuple(items)))
                i = j
                continue
        i += 1
    return found


def items_after(
    lines: Sequence[str], heading: int, item: re.Pattern[str], *, wrapped: bool = False
) -> tuple[list[str], int]:
    """The items of the list under line ``heading`` and the index of the first line after the list.

    Blank lines between the heading and the first item are allowed; the list ends at its first
    line that is not an item. With ``wrapped``, an indented line after an item continues it (an
    item wrapped by the writer's editor).
    """
    items: list[str] = []
    j = heading + 1
    while j < len(lines):
        found = item.match(lines[j])
        if found:
            items.append(plain(found.group("item")))
        elif wrapped and items and lines[j].startswith((" ", "\t")) and lines[j].strip():
            items[-1] = f"{items[-1]} {lines[j].strip()}"
        elif items or lines[j].strip():
            break
        j += 1
    return items, j
