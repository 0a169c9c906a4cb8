"""A past approved RCA as a style reference: its section titles and how far it commits.

``RCA_STYLE_DIR`` holds past external RCAs in Markdown that went out well. The offline engine
follows the first one's structure (its ``##`` headings, matched to the RCA's sections by their
words) and its level of commitment (whether its prevention section gives dates); the Claude
engine is also given the text itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analysis.customer_checks import dates_in
from bot.domain import RCA_SECTIONS

_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("impact", re.compile(r"impact|summary|overview|what happened", re.I)),
    ("timeline", re.compile(r"timeline|sequence|chronolog|customers (?:saw|experienced)", re.I)),
    ("root_cause", re.compile(r"cause|why", re.I)),
    ("restoration", re.compile(r"restor|resolution|recover|mitigat|fix", re.I)),
    ("prevention", re.compile(r"prevent|\bnext\b|improve|follow|recurrence|going forward|remediation", re.I)),
)
_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.M)
MAX_STYLE_CHARS = 6000
"""How much of a style file the Claude prompt carries."""


@dataclass(frozen=True)
class Style:
    """What the draft takes from a past RCA."""

    name: str
    titles: tuple[tuple[str, str], ...]
    """Section ids with the style's own titles (the default title where the style has none)."""
    dates: bool
    """The style's prevention section states dates: backed commitments keep theirs."""
    text: str
    """The file's Markdown, cut to ``MAX_STYLE_CHARS`` (for the model)."""


def parse_style(name: str, markdown: str) -> Style:
    """Read a past RCA's headings and whether its prevention section commits to dates."""
    titles = dict(RCA_SECTIONS)
    spans: dict[str, tuple[int, int]] = {}
    headings = list(_HEADING.finditer(markdown))
    taken: set[str] = set()
    for i, heading in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(markdown)
        for section_id, pattern in _KEYWORDS:
            if section_id not in taken and pattern.search(heading.group(1)):
                titles[section_id] = heading.group(1).strip()
                spans[section_id] = (heading.end(), end)
                taken.add(section_id)
                break
    prevention = spans.get("prevention")
    dates = prevention is not None and bool(dates_in(markdown[prevention[0] : prevention[1]]))
    return Style(
        name=name,
        titles=tuple((sid, titles[sid]) for sid, _ in RCA_SECTIONS),
        dates=dates,
        text=markdown[:MAX_STYLE_CHARS],
    )
