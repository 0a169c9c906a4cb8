"""Checks on what a model wrote: citations exist, no personal blame, no token-shaped strings.

These run on every Claude answer before it becomes a domain object; none of them trusts the model.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from bot.domain import UNKNOWN, Claim

# -- citations ------------------------------------------------------------------------------------


@dataclass
class Grounding:
    """Which cited ``ts`` values exist in the channel's store, and what was dropped."""

    existing: Collection[str]
    dropped: list[str] = field(default_factory=list)

    def keep(self, cited: Iterable[str]) -> tuple[tuple[str, ...], bool]:
        """(the citations that exist, in order without repeats; whether none had to be dropped)."""
        kept: list[str] = []
        clean = True
        for raw in cited:
            ts = raw.strip()
            if ts in self.existing:
                if ts not in kept:
                    kept.append(ts)
            else:
                clean = False
                self.dropped.append(ts)
        return tuple(kept), clean

    def claim(self, text: str, cited: Sequence[str], *, needs_citation: bool = True) -> Claim:
        """A ``Claim``: unverified when a citation was fabricated, or when a fact cites nothing."""
        kept, clean = self.keep(cited)
        grounded = bool(kept) or not needs_citation or is_unknown(text)
        return Claim(text=text.strip() or UNKNOWN, citations=kept, verified=clean and grounded)

    def text(self, text: str, cited: Sequence[str]) -> tuple[str, bool]:
        """Prose with its citations inline (``… [ts a, b]``) as the offline engine writes them.

        Returns:
            The text, marked "(unverified)" when a citation was dropped or a fact cites nothing,
            and whether it is verified.
        """
        c = self.claim(text, cited)
        out = c.text + (f" [ts {', '.join(c.citations)}]" if c.citations else "")
        return (out, True) if c.verified else (out + " (unverified)", False)


def is_unknown(text: str) -> bool:
    """True for "Unknown …" statements, which need no citation."""
    return text.strip().lower().startswith(UNKNOWN.lower())


def all_citations(value: object) -> list[str]:
    """Every string under a ``citations``/``supporting``/``refuting``/``ts`` key of a JSON-like value."""
    found: list[str] = []

    def walk(node: object, key: str | None) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in _CITING_KEYS:
            found.append(node.strip())

    walk(value, None)
    return found


_CITING_KEYS = frozenset({"citations", "supporting", "refuting", "ts", "raised_ts"})


# -- secrets in output ----------------------------------------------------------------------------

TOKEN_SHAPES = re.compile(
    r"\bxox[abposrc]-[A-Za-z0-9-]{6,}|\bxapp-[A-Za-z0-9-]{6,}|\bsk-ant-[A-Za-z0-9_-]{6,}|"
    r"\bgh[pousr]_[A-Za-z0-9]{20,}|\bgithub_pat_[A-Za-z0-9_]{20,}|\bAKIA[0-9A-Z]{16}\b|"
    r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|"
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----"
)
"""Credential shapes that must never reach a post, even if a prompt injection asked for them."""

SCRUBBED = "<SECRET_REMOVED>"


def scrub_secrets(text: str) -> tuple[str, int]:
    """``text`` with token-shaped strings replaced, and how many were replaced.

    The replacement holds no quote or backslash, so it is safe inside a JSON string.
    """
    return TOKEN_SHAPES.subn(SCRUBBED, text)
