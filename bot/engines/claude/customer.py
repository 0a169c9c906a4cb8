"""Claude's status updates and RCA statements into domain objects, grounded before anyone sees them.

A statement keeps the ``inferred`` mark the model gave it, and gets one when the model did not:
when its citations name messages that do not exist, when it names no postmortem section that
exists, when its content words are not found in those sections and messages, or when it states a
root cause although the postmortem confirms none. The customer checks (names, internal ids,
commitments, speculation, dates not in the postmortem) run afterwards in core, on this output
exactly as on the offline engine's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from bot.analysis.rca_style import Style
from bot.analysis.status_update import update_text
from bot.domain import RCA_SECTIONS, SECTIONS, Message, Postmortem, Rca, RcaTone, Statement, StatusUpdate
from bot.engines.claude.checks import Grounding, scrub_secrets
from bot.engines.claude.schema import RcaReply, UpdateReply

SECTION_IDS = frozenset(sid for sid, _ in SECTIONS)
_WORD = re.compile(r"[a-z][a-z'-]{4,}")
_STOP = frozenset(
    "about after again their there these those which while would could should being other where customers "
    "customer service engineering engineers incident issue problem during between because within".split()
)
MIN_OVERLAP = 0.34
"""Below this share of its content words found in its sources, a statement counts as inferred."""
UNDER_INVESTIGATION = "The root cause is under investigation."


def status_update(reply: UpdateReply, rules: StatusUpdate, *, engine: str) -> StatusUpdate:
    """Claude's wording on the rules' update (id, times, next update); core checks it afterwards."""
    impact = scrub_secrets(reply.impact.strip())[0] or rules.impact
    doing = scrub_secrets(reply.doing.strip())[0] or rules.doing
    next_update = None if reply.phase == "Resolved" else rules.next_update
    return rules.model_copy(
        update={
            "phase": reply.phase,
            "impact": impact,
            "doing": doing,
            "next_update": next_update,
            "text": update_text(reply.phase, impact, doing, next_update),
            "engine": engine,
        }
    )


def _section_text(pm: Postmortem, section_id: str) -> str:
    contract = pm.to_contract()
    key = {"lessons": "went_well", "root_cause": "five_whys", "metrics": "metrics"}.get(section_id, section_id)
    extra = str(contract.get("went_poorly", "")) if section_id == "lessons" else ""
    return f"{contract.get(key, '')} {extra}"


def _sources(pm: Postmortem, source: list[str]) -> tuple[str, ...]:
    kept: list[str] = []
    for item in source:
        kind, _, index = item.strip().partition(":")
        if kind == "action_items" and index:
            if index.isdigit() and int(index) < len(pm.action_items):
                kept.append(f"action_items:{index}")
        elif kind in SECTION_IDS and not index:
            kept.append(kind)
    return tuple(dict.fromkeys(kept))


def _overlap(text: str, material: str) -> float:
    words = {w for w in _WORD.findall(text.lower()) if w not in _STOP}
    if not words:
        return 1.0
    found = sum(1 for w in words if w[:5] in material)
    return found / len(words)


def rca(
    reply: RcaReply,
    pm: Postmortem,
    g: Grounding,
    cited: Mapping[str, Message],
    *,
    tone: RcaTone,
    style: Style | None,
    now: datetime,
    model: str,
    version: str,
) -> Rca:
    """The RCA Claude wrote, each statement grounded against the postmortem and the channel."""
    confirmed = any(h.status == "confirmed" for h in pm.hypotheses)
    order = {sid: i for i, (sid, _) in enumerate(RCA_SECTIONS)}
    statements: list[Statement] = []
    for item in sorted(reply.statements, key=lambda s: order[s.section]):
        text = scrub_secrets(item.text.strip())[0]
        if not text:
            continue
        citations, clean = g.keep(item.citations)
        source = _sources(pm, item.source)
        why = item.why.strip() if item.inferred else ""
        material = " ".join(_section_text(pm, s.partition(":")[0]) for s in source)
        material += " " + " ".join(cited[ts].text for ts in citations if ts in cited)
        reasons: list[str] = [why] if why else []
        if not clean:
            reasons.append("it cited messages that do not exist in the channel")
        if not source and not citations:
            reasons.append("it names no postmortem section or message as its source")
        elif _overlap(text, material.lower()) < MIN_OVERLAP:
            reasons.append("its words are not found in the sources it names")
        if item.section == "root_cause" and not confirmed and text != UNDER_INVESTIGATION:
            reasons.append("the postmortem confirms no root cause; this states one")
        inferred = item.inferred or bool(reasons)
        statements.append(
            Statement(
                id=f"S{len(statements) + 1}",
                section=item.section,
                text=text,
                source=source,
                citations=citations,
                inferred=inferred,
                why="; ".join(reasons) or ("inferred by the model" if inferred else None),
            )
        )
    inc = pm.incident
    return Rca(
        channel=inc.channel,
        incident_name=inc.name,
        tone=tone,
        style=style.name if style else None,
        titles=style.titles if style else RCA_SECTIONS,
        statements=tuple(statements),
        started_at=inc.started_at or inc.detected_at,
        mitigated_at=inc.mitigated_at,
        resolved_at=inc.resolved_at,
        engine=f"claude ({model})",
        model=model,
        prompt_version=version,
        generated_at=now,
    )
