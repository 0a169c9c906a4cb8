"""Grounding: a citation must name a message that exists in this channel's store."""

from __future__ import annotations

from collections.abc import Collection

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
