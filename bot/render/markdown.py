"""Markdown for sitreps.md, hypotheses.md and postmortem.md.

Section bodies cite as ``[ts …]`` (the Slack thread and the review count those); the files turn each
into a link with the author and a short quote (``bot.render.cite``), and Slack markup into text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from bot.domain import SECTIONS, UNKNOWN, Board, Claim, Postmortem, Sitrep
from bot.render.cite import Sources
from bot.render.provenance import engine_phrase, provenance_line

_PLAIN = Sources(transcript=None)  # no sources given: plain [ts …], no link to a file that may not exist


def _cite(ts: Iterable[str]) -> str:
    ts = [t for t in ts if t]
    return f" [ts {', '.join(ts)}]" if ts else ""


def _claim(c: Claim, src: Sources = _PLAIN) -> str:
    mark = "" if c.verified else " _(unverified)_"
    return f"{src.text(c.text)}{_cite(c.citations)}{mark}"


def _or(lines: list[str], empty: str) -> list[str]:
    return lines or [empty]


def _time(when: datetime | None, with_date: bool = True) -> str:
    if when is None:
        return UNKNOWN
    return when.strftime("%Y-%m-%d %H:%M UTC" if with_date else "%H:%M")


def sitrep_markdown(s: Sitrep, sources: Sources | None = None) -> str:
    """One sitrep; ``sources`` (optional) names mentions and quotes the cited messages."""
    src = sources or _PLAIN
    lines = [
        f"## Sitrep #{s.number} — {_time(s.created_at)}",
        "",
        f"**Status:** {s.status}",
        "",
        f"**Impact:** {_claim(s.impact, src)}",
        "",
    ]

    def block(title: str, claims: Sequence[Claim], empty: str) -> None:
        lines.append(f"**{title}**")
        lines.extend(f"- {_claim(c, src)}" for c in claims) if claims else lines.append(f"- {empty}")
        lines.append("")

    block("What changed", s.what_changed, "Nothing significant since the last sitrep")
    block("Hypotheses", s.hypotheses, "None stated yet")
    block("Who is doing what", s.doing, UNKNOWN)
    block("Next steps", s.next_steps, UNKNOWN)
    block("Open questions", s.open_questions, "None")
    lines.append(
        f"_Drafted by {engine_phrase(s.engine)} from {s.messages_considered} new message(s) "
        f"({s.total_messages} in the channel). The cited messages are the source of truth._"
    )
    return src.linkify("\n".join(lines)) + "\n"


def sitreps_markdown(channel_name: str, sitreps: Sequence[Sitrep], sources: Sources | None = None) -> str:
    head = f"# Sitreps — #{channel_name}\n\n{len(sitreps)} sitrep(s).\n\n"
    return head + "\n".join(sitrep_markdown(s, sources) for s in sitreps)


def board_markdown(channel_name: str, board: Board, sources: Sources | None = None) -> str:
    """hypotheses.md: every hypothesis with who raised it and the evidence for and against, quoted."""
    src = sources or _PLAIN
    lines = [f"# Hypothesis board — #{channel_name}", ""]
    if not board.hypotheses:
        lines.append("No hypotheses stated in the channel.")
    for h in board.hypotheses:
        lines += [
            f"## {h.id} — {src.text(h.statement)}",
            "",
            f"- **Status:** {h.status} · **confidence:** {h.confidence}%",
            f"- **Raised by:** {h.raised_by or UNKNOWN}{_cite([h.raised_ts or ''])}",
            "- **Supporting:**",
            *_evidence(h.supporting, "none yet"),
            "- **Refuting:**",
            *_evidence(h.refuting, "none yet"),
            "- **Next checks:**",
            *[f"  - {src.text(c)}" for c in h.next_checks],
            "",
        ]
    return src.linkify("\n".join(lines)) + "\n"


def _evidence(ts_values: Sequence[str], empty: str) -> list[str]:
    """One nested bullet per cited message, so each can carry its author and quote."""
    return [f"  - [ts {ts}]" for ts in ts_values] or [f"  - {empty}"]


METRIC_DEFINITIONS = (
    "_Every time is measured from the start of impact (the first sign of trouble in the channel, or detection "
    "when nothing earlier is known) to: **detect**, the first alert or report; **acknowledge**, the first "
    "responder's reply to it; **mitigate**, the first message saying the symptom stopped; **resolve**, when "
    "the incident was declared resolved._"
)
"""One stated definition per metric, printed under the table; the lessons quote the same numbers."""


def _mins(v: float | None) -> str:
    return f"{v:g} min" if v is not None else UNKNOWN


def _same(text: str) -> str:
    return text


def _section_body(
    pm: Postmortem, section_id: str, t: Callable[[str], str] = _same, *, linked: bool = False
) -> list[str]:
    """The Markdown lines of one postmortem section (without its heading).

    Args:
        t: how quoted text reads: as stored for Slack, or as plain text (mentions named) for the files.
        linked: source columns as ``[ts …]`` for the files to link; Slack's renderer reads bare ts lists.
    """
    m = pm.metrics

    def ts_list(ts: Sequence[str]) -> str:
        return _cite(ts).strip() if linked else ", ".join(ts)

    if section_id == "summary":
        return [t(pm.summary)]
    if section_id == "impact":
        return [t(pm.impact)]
    if section_id == "detection":
        return [t(pm.detection)]
    if section_id == "metrics":
        return [
            "| metric | value |",
            "|---|---|",
            f"| time to detect | {_mins(m.time_to_detect_min)} |",
            f"| time to acknowledge | {_mins(m.time_to_acknowledge_min)} |",
            f"| time to mitigate | {_mins(m.time_to_mitigate_min)} |",
            f"| time to resolve | {_mins(m.time_to_resolve_min)} |",
            "",
            METRIC_DEFINITIONS,
        ]
    if section_id == "root_cause":
        return [f"{i}. **{t(w.why)}** {t(w.answer)}{_cite(w.citations)}" for i, w in enumerate(pm.five_whys, 1)]
    if section_id == "timeline":
        multi_day = bool(pm.timeline) and len({e.time.date() for e in pm.timeline}) > 1
        return [
            "| time (UTC) | kind | event | source |",
            "|---|---|---|---|",
            *[
                f"| {_time(e.time, with_date=multi_day)} | {e.kind} | {t(e.event).replace('|', '/')}"
                f"{' (marked by ' + e.marked_by + ')' if e.marked_by else ''} | {ts_list(e.citations)} |"
                for e in pm.timeline
            ],
        ]
    if section_id == "hypotheses":
        return _or(
            [
                f"- **{h.id} ({h.status}, {h.confidence}%)** {t(h.statement)} — supporting: "
                f"{ts_list(h.supporting) or 'none'}; refuting: {ts_list(h.refuting) or 'none'}"
                for h in pm.hypotheses
            ],
            "- None stated in the channel.",
        )
    if section_id == "contributing_factors":
        factors = [f"- _{f.category}_: {t(f.text)}{_cite(f.citations)}" for f in pm.contributing_factors]
        return _or(factors, f"- {UNKNOWN}")
    if section_id == "lessons":
        return [
            "**Went well**",
            *_or([f"- {t(x)}" for x in pm.went_well], f"- {UNKNOWN}"),
            "",
            "**Went poorly**",
            *_or([f"- {t(x)}" for x in pm.went_poorly], f"- {UNKNOWN}"),
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
                f"| {t(a.text).replace('|', '/')} | {a.horizon.replace('_', ' ')} | {a.owner or UNKNOWN} | "
                f"{a.due or UNKNOWN} | {a.status} | {ts_list(a.citations)} |"
                for a in pm.action_items
                if a.category == category
            ]
            out.append("")
        return out or ["- None committed in the channel."]
    if section_id == "open_questions":
        return _or([f"- {t(q.text)} — _evidence needed:_ {t(q.evidence_needed)}" for q in pm.open_questions], "- None")
    raise ValueError(f"unknown postmortem section {section_id!r}")


def postmortem_section_markdown(pm: Postmortem, section_id: str) -> str:
    """One section's body as Markdown (used for the Slack thread replies)."""
    return "\n".join(_section_body(pm, section_id)).strip() + "\n"


def postmortem_markdown(pm: Postmortem, sources: Sources | None = None, *, chart: str | None = None) -> str:
    """The whole draft: a header, then every section with its review status.

    Args:
        sources: the cited messages, names and workspace URL; without them citations stay plain
            ``[ts …]``.
        chart: file name of the timeline chart next to postmortem.md, embedded under the header.
    """
    src = sources or _PLAIN
    inc = pm.incident
    status = {s.id: s for s in pm.sections}
    out = [
        f"# Postmortem (draft): {inc.name}",
        "",
        f"- **Severity:** {inc.severity or UNKNOWN}",
        f"- **Window:** {_time(inc.started_at)} → {_time(inc.resolved_at)}",
        f"- **Drafted:** {_time(pm.generated_at)} by {engine_phrase(pm.engine)}. Blameless: it describes systems "
        "and decisions, not people. Every claim links the Slack messages behind it; check them before approving.",
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
            badge = f" _({_badge(st.status, st.approved_by)})_"
        body = _section_body(pm, section_id, src.text, linked=True)
        line = provenance_line(pm, "\n".join(body), None)
        out += [f"## {title}{badge}", "", f"_{line}_", "", *body, ""]
    return src.linkify("\n".join(out))


def _badge(status: str, approvers: Sequence[str]) -> str:
    """``approved by Ann`` rather than ``approved, approved by Ann``; other states say who approved so far."""
    who = ", ".join(approvers)
    status = status.replace("_", " ")
    if not who:
        return status
    return f"approved by {who}" if status == "approved" else f"{status}; approved so far by {who}"
