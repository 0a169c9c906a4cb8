"""Markdown for sitreps.md, hypotheses.md and postmortem.md; citations appear as ``[ts …]``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.domain import SECTIONS, UNKNOWN, Board, Claim, Postmortem, Sitrep
from bot.render.provenance import provenance_line


def _cite(ts: Iterable[str]) -> str:
    ts = [t for t in ts if t]
    return f" [ts {', '.join(ts)}]" if ts else ""


def _claim(c: Claim) -> str:
    mark = "" if c.verified else " _(unverified)_"
    return f"{c.text}{_cite(c.citations)}{mark}"


def _or(lines: list[str], empty: str) -> list[str]:
    return lines or [empty]


def _time(when: datetime | None, with_date: bool = True) -> str:
    if when is None:
        return UNKNOWN
    return when.strftime("%Y-%m-%d %H:%M UTC" if with_date else "%H:%M")


def sitrep_markdown(s: Sitrep) -> str:
    lines = [
        f"## Sitrep #{s.number} — {_time(s.created_at)}",
        "",
        f"**Status:** {s.status}",
        "",
        f"**Impact:** {_claim(s.impact)}",
        "",
    ]

    def block(title: str, claims: Sequence[Claim], empty: str) -> None:
        lines.append(f"**{title}**")
        lines.extend(f"- {_claim(c)}" for c in claims) if claims else lines.append(f"- {empty}")
        lines.append("")

    block("What changed", s.what_changed, "Nothing significant since the last sitrep")
    block("Hypotheses", s.hypotheses, "None stated yet")
    block("Who is doing what", s.doing, UNKNOWN)
    block("Next steps", s.next_steps, UNKNOWN)
    block("Open questions", s.open_questions, "None")
    lines.append(
        f"_Drafted by the {s.engine} engine from {s.messages_considered} new message(s) "
        f"({s.total_messages} in the channel). The cited messages are the source of truth._"
    )
    return "\n".join(lines) + "\n"


def sitreps_markdown(channel_name: str, sitreps: Sequence[Sitrep]) -> str:
    head = f"# Sitreps — #{channel_name}\n\n{len(sitreps)} sitrep(s).\n\n"
    return head + "\n".join(sitrep_markdown(s) for s in sitreps)


def board_markdown(channel_name: str, board: Board) -> str:
    lines = [f"# Hypothesis board — #{channel_name}", ""]
    if not board.hypotheses:
        lines.append("No hypotheses stated in the channel.")
    for h in board.hypotheses:
        lines += [
            f"## {h.id} — {h.statement}",
            "",
            f"- **Status:** {h.status} · **confidence:** {h.confidence}%",
            f"- **Raised by:** {h.raised_by or UNKNOWN}{_cite([h.raised_ts or ''])}",
            f"- **Supporting:** {', '.join(h.supporting) or 'none yet'}",
            f"- **Refuting:** {', '.join(h.refuting) or 'none yet'}",
            "- **Next checks:**",
            *[f"  - {c}" for c in h.next_checks],
            "",
        ]
    return "\n".join(lines) + "\n"


def _mins(v: float | None) -> str:
    return f"{v:g} min" if v is not None else UNKNOWN


def _section_body(pm: Postmortem, section_id: str) -> list[str]:
    """The Markdown lines of one postmortem section (without its heading)."""
    m = pm.metrics
    if section_id == "summary":
        return [pm.summary]
    if section_id == "impact":
        return [pm.impact]
    if section_id == "detection":
        return [pm.detection]
    if section_id == "metrics":
        return [
            "| metric | value |",
            "|---|---|",
            f"| time to detect | {_mins(m.time_to_detect_min)} |",
            f"| time to acknowledge | {_mins(m.time_to_acknowledge_min)} |",
            f"| time to mitigate | {_mins(m.time_to_mitigate_min)} |",
            f"| time to resolve | {_mins(m.time_to_resolve_min)} |",
        ]
    if section_id == "root_cause":
        return [f"{i}. **{w.why}** {w.answer}{_cite(w.citations)}" for i, w in enumerate(pm.five_whys, 1)]
    if section_id == "timeline":
        multi_day = bool(pm.timeline) and len({e.time.date() for e in pm.timeline}) > 1
        return [
            "| time (UTC) | kind | event | source |",
            "|---|---|---|---|",
            *[
                f"| {_time(e.time, with_date=multi_day)} | {e.kind} | {e.event.replace('|', '/')}"
                f"{' (marked by ' + e.marked_by + ')' if e.marked_by else ''} | {', '.join(e.citations)} |"
                for e in pm.timeline
            ],
        ]
    if section_id == "hypotheses":
        return _or(
            [
                f"- **{h.id} ({h.status}, {h.confidence}%)** {h.statement} — supporting: "
                f"{', '.join(h.supporting) or 'none'}; refuting: {', '.join(h.refuting) or 'none'}"
                for h in pm.hypotheses
            ],
            "- None stated in the channel.",
        )
    if section_id == "contributing_factors":
        return _or([f"- _{f.category}_: {f.text}{_cite(f.citations)}" for f in pm.contributing_factors], f"- {UNKNOWN}")
    if section_id == "lessons":
        return [
            "**Went well**",
            *_or([f"- {x}" for x in pm.went_well], f"- {UNKNOWN}"),
            "",
            "**Went poorly**",
            *_or([f"- {x}" for x in pm.went_poorly], f"- {UNKNOWN}"),
        ]
    if section_id == "action_items":
        out: list[str] = []
        for category in sorted({a.category for a in pm.action_items}):
            out += [
                f"**{category.capitalize()}**",
                "",
                "| action | horizon | owner | due | status | source |",
                "|---|---|---|---|---|---|",
            ]
            out += [
                f"| {a.text.replace('|', '/')} | {a.horizon.replace('_', ' ')} | {a.owner or UNKNOWN} | "
                f"{a.due or UNKNOWN} | {a.status} | {', '.join(a.citations)} |"
                for a in pm.action_items
                if a.category == category
            ]
            out.append("")
        return out or ["- None committed in the channel."]
    if section_id == "open_questions":
        return _or([f"- {q.text} — _evidence needed:_ {q.evidence_needed}" for q in pm.open_questions], "- None")
    raise ValueError(f"unknown postmortem section {section_id!r}")


def postmortem_section_markdown(pm: Postmortem, section_id: str) -> str:
    """One section's body as Markdown (used for the Slack thread replies)."""
    return "\n".join(_section_body(pm, section_id)).strip() + "\n"


def postmortem_markdown(pm: Postmortem, *, chart: str | None = None) -> str:
    """The whole draft: a header, then every section with its review status.

    Args:
        chart: file name of the timeline chart next to postmortem.md, embedded under the header.
    """
    inc = pm.incident
    status = {s.id: s for s in pm.sections}
    out = [
        f"# Postmortem (draft): {inc.name}",
        "",
        f"- **Severity:** {inc.severity or UNKNOWN}",
        f"- **Window:** {_time(inc.started_at)} → {_time(inc.resolved_at)}",
        f"- **Drafted:** {_time(pm.generated_at)} by the {pm.engine} engine. Blameless: it describes systems and "
        "decisions, not people. Every claim cites Slack message ts values; check them before approving.",
        "",
    ]
    if chart is not None:
        out += [f"![Timeline]({chart})", ""]
    if pm.warnings:
        out += ["> **Check before approving:**", *[f"> - {w}" for w in pm.warnings], ""]
    for section_id, title in SECTIONS:
        st = status.get(section_id)
        badge = ""
        if st is not None:
            approvers = f", approved by {', '.join(st.approved_by)}" if st.approved_by else ""
            badge = f" _({st.status}{approvers})_"
        body = _section_body(pm, section_id)
        line = provenance_line(pm, "\n".join(body), None)
        out += [f"## {title}{badge}", "", f"_{line}_", "", *body, ""]
    return "\n".join(out)
