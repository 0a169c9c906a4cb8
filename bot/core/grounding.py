"""Grounding: a citation must name a message that exists in this channel's store."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from typing import Any

from bot.domain import Postmortem


def drop_unknown_citations(postmortem: Postmortem, existing: Collection[str]) -> Postmortem:
    """Remove citations of messages that do not exist, so nothing points at an invented source."""
    known = set(existing)

    def keep(ts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(t for t in ts if t in known)

    return postmortem.model_copy(
        update={
            "timeline": tuple(e.model_copy(update={"citations": keep(e.citations)}) for e in postmortem.timeline),
            "five_whys": tuple(w.model_copy(update={"citations": keep(w.citations)}) for w in postmortem.five_whys),
            "contributing_factors": tuple(
                f.model_copy(update={"citations": keep(f.citations)}) for f in postmortem.contributing_factors
            ),
            "action_items": tuple(
                a.model_copy(update={"citations": keep(a.citations)}) for a in postmortem.action_items
            ),
            "hypotheses": tuple(
                h.model_copy(update={"supporting": keep(h.supporting), "refuting": keep(h.refuting)})
                for h in postmortem.hypotheses
            ),
        }
    )


INLINE_CITATION = re.compile(r"\s?\[ts ([0-9., ]+)\]")
"""``[ts 1773534710.250190, …]`` in prose: the Slack adapter renders each as a permalink."""


def inline_citations(text: str) -> set[str]:
    """The ts values cited inline in ``text``."""
    return {t.strip() for m in INLINE_CITATION.finditer(text) for t in m.group(1).split(",") if t.strip()}


def drop_inline(text: str, unknown: Collection[str]) -> str:
    """``text`` without the inline citations of ``unknown`` ts (a marker left empty goes too)."""

    def keep(match: re.Match[str]) -> str:
        cited = [t.strip() for t in match.group(1).split(",") if t.strip()]
        kept = [t for t in cited if t not in unknown]
        if kept == cited:
            return match.group(0)
        return f" [ts {', '.join(kept)}]" if kept else ""

    return INLINE_CITATION.sub(keep, text)


def _strings(node: Any, fn: Callable[[str], str]) -> Any:
    if isinstance(node, str):
        return fn(node)
    if isinstance(node, dict):
        return {k: _strings(v, fn) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_strings(v, fn) for v in node]
    return node


def citations_in(postmortem: Postmortem, texts: Iterable[str | None] = ()) -> set[str]:
    """Every ts ``postmortem`` cites (its citation fields and ``[ts …]`` in any of its text), plus
    those cited inline in ``texts`` (a responder's own section texts)."""
    found = set(postmortem.cited_ts())

    def collect(text: str) -> str:
        found.update(inline_citations(text))
        return text

    _strings(postmortem.model_dump(), collect)
    for text in texts:
        if text:
            found |= inline_citations(text)
    return found


def drop_citations(postmortem: Postmortem, unknown: Collection[str]) -> Postmortem:
    """``postmortem`` without any citation of ``unknown`` ts, in citation fields and in its text."""
    if not unknown:
        return postmortem
    everything = citations_in(postmortem)
    grounded = drop_unknown_citations(postmortem, everything - set(unknown))
    return Postmortem.model_validate(_strings(grounded.model_dump(), lambda s: drop_inline(s, unknown)))
