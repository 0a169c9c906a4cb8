"""How each postmortem section was made: engine, model, prompt version, the evidence, who reviewed it.

One short line per section in Slack and Markdown, and the same facts as an object in postmortem.json,
so a reader can tell a rules-made section from a model-made one and an approved one from a draft.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.domain import Approval, Postmortem, SectionReview, iso

_TS = re.compile(r"(?<![\d.])\d{9,10}\.\d{6}(?![\d.])")

OFFLINE_RULES = "offline rules v1"
"""What the offline engine's sections are made by (bump when the rules change what they draft)."""


def cited_in(text: str) -> tuple[str, ...]:
    """Every Slack ``ts`` the section's text cites, once each, in order of appearance."""
    return tuple(dict.fromkeys(_TS.findall(text)))


def _hm(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC")


def _people(people: tuple[Approval, ...]) -> list[dict[str, str | None]]:
    return [{"user": a.user, "name": a.who, "at": iso(a.at)} for a in people]


def section_provenance(pm: Postmortem, text: str, section: SectionReview | None) -> dict[str, object]:
    """The provenance object of one section (postmortem.json ``sections[].provenance``).

    Args:
        text: the section as it reads now (edits and corrections applied): its citations are counted.
        section: the section's review record, or None before the review starts.
    """
    edits = [r for r in (section.revisions if section else ()) if r.kind in ("edit", "correction", "redraft")]
    return {
        "engine": pm.engine,
        "model": pm.model,
        "prompt_version": pm.prompt_version or (OFFLINE_RULES if pm.engine.startswith("offline") else None),
        "cited_messages": len(cited_in(text)),
        "approved_by": _people(section.approvals) if section else [],
        "edited_by": [
            {"kind": r.kind, "user": r.by, "name": r.by_name or r.by, "at": iso(r.at)} for r in edits if r.by
        ],
    }


def provenance_line(pm: Postmortem, text: str, section: SectionReview | None, *, with_approvals: bool = True) -> str:
    """One line: ``Made by the offline engine (offline rules v1) · 4 cited messages · approved by …``.

    Args:
        with_approvals: False where the line beside it already names the approvers (the final
            file's ``Approved by`` line, the Slack section's verdict line); edits are always named.
    """
    made = f"Made by {engine_phrase(pm.engine)}"
    prompt = pm.prompt_version or (OFFLINE_RULES if pm.engine.startswith("offline") else None)
    if pm.model and pm.model not in pm.engine:
        made += f", model {pm.model}"
    if prompt:
        made += f" ({prompt})" if prompt.startswith("offline") else f", prompt {prompt}"
    n = len(cited_in(text))
    parts = [made, f"{n} cited message{'s' if n != 1 else ''}"]
    if with_approvals and section is not None and section.approvals:
        parts.append("approved by " + ", ".join(f"{a.who} ({_hm(a.at)})" for a in section.approvals))
    elif with_approvals:
        parts.append("not yet approved")
    edits = [r for r in (section.revisions if section else ()) if r.kind in ("edit", "correction") and r.by]
    if edits:
        last = edits[-1]
        parts.append(f"{len(edits)} edit(s), last by {last.by_name or last.by} ({_hm(last.at)})")
    return " · ".join(parts)


def engine_phrase(engine: str) -> str:
    """Who drafted it, as a sentence fragment: ``the offline engine``, ``the claude (m) engine``, or for
    the fallback (``offline draft (Claude unavailable: …)``) ``the offline engine, as a fallback (…)``."""
    base, _, reason = engine.partition(" (")
    if base.startswith("offline") and reason:
        return f"the offline engine, as a fallback ({reason}"
    return f"the {engine} engine"
