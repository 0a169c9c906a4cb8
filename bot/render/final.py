"""The reviewed postmortem: postmortem.md and postmortem.json as uploaded when every section is approved.

Both are built from the stored postmortem and its review record only (no Slack lookups), so
``sitrep export`` writes byte-for-byte what the Slack thread received.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.domain import SECTIONS, UNKNOWN, Approval, Postmortem, Review, iso
from bot.render.cite import Sources
from bot.render.provenance import engine_phrase, provenance_line, section_provenance


def _time(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC") if when is not None else UNKNOWN


def _who(people: tuple[Approval, ...], with_time: bool = True) -> str:
    if with_time:
        return ", ".join(f"{a.who} ({_time(a.at)})" for a in people)
    return ", ".join(a.who for a in people)


def _duration(start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return UNKNOWN
    minutes = round((end - start).total_seconds() / 60)
    hours, mins = divmod(minutes, 60)
    return f"{hours} h {mins} min" if hours else f"{mins} min"


def final_markdown(
    pm: Postmortem,
    review: Review,
    texts: Mapping[str, str],
    sources: Sources | None = None,
    *,
    chart: str | None = None,
) -> str:
    """postmortem.md: header, every section with who approved it and when, then the review record.

    Args:
        texts: section id -> the section's reviewed text (corrections and edits applied).
        sources: cited messages and names; each ``[ts …]`` becomes a link with author and quote.
        chart: file name of the timeline chart uploaded or written next to postmortem.md.
    """
    src = sources or Sources(transcript=None)
    inc = pm.incident
    approved = review.approved_count
    total = len(SECTIONS)
    heading = f"# Postmortem: {inc.name}" if review.final else f"# Postmortem (draft): {inc.name}"
    status = (
        f"Final — all {total} sections approved in Slack ({_time(review.finalized_at)})"
        if review.final
        else f"Draft — {approved}/{total} sections approved"
    )
    out = [
        heading,
        "",
        f"- **Status:** {status}",
        f"- **Severity:** {inc.severity or UNKNOWN}",
        f"- **Window:** {_time(inc.started_at)} → {_time(inc.resolved_at)} "
        f"({_duration(inc.started_at, inc.resolved_at)})",
        f"- **Detected:** {_time(inc.detected_at)} · **Mitigated:** {_time(inc.mitigated_at)} · "
        f"**Resolved:** {_time(inc.resolved_at)}",
        f"- **Drafted by:** {engine_phrase(pm.engine)} ({_time(pm.generated_at)}); "
        "reviewed section by section in Slack.",
        "",
        "> Blameless: this document describes systems, signals and decisions, not people. Every claim cites "
        'the Slack messages behind it (author, time and a short quote); "Unknown" marks what the channel '
        "does not show.",
        "",
    ]
    if chart is not None:
        out += [f"![Timeline]({chart})", ""]
    for section_id, title in SECTIONS:
        section = review.section(section_id)
        out += [f"## {title}", "", f"_{provenance_line(pm, texts[section_id], section, with_approvals=False)}_", ""]
        if section is not None:
            if section.approvals:
                out.append(f"_Approved by {_who(section.approvals)}_")
            if section.changes_requested:
                out.append(f"_Changes requested by {_who(section.changes_requested)}_")
            if section.approvals or section.changes_requested:
                out.append("")
        out += [src.markdown(texts[section_id].rstrip()), ""]
    out += _record(review)
    return src.linkify("\n".join(out)).rstrip() + "\n"


def _record(review: Review) -> list[str]:
    if not review.sections:
        return []
    out = [
        "## Review record",
        "",
        "| section | status | approved by | revisions |",
        "|---|---|---|---|",
    ]
    titles = dict(SECTIONS)
    for section in review.sections:
        kinds = [r.kind for r in section.revisions if r.kind not in ("draft",)]
        revised = ", ".join(f"{kinds.count(k)} {k}" for k in dict.fromkeys(kinds)) or "none"
        out.append(
            f"| {titles.get(section.id, section.id)} | {section.status.replace('_', ' ')} | "
            f"{_who(section.approvals, with_time=False) or '—'} | {revised} |"
        )
    corrections = [
        (section.id, r)
        for section in review.sections
        for r in section.revisions
        if r.kind == "edit" or (r.kind == "correction" and r.note)
    ]
    corrections.sort(key=lambda pair: pair[1].at)
    if corrections:
        out += ["", "**Corrections and edits**", ""]
        for section_id, r in corrections:
            what = f": {r.note}" if r.kind == "correction" and r.note else ""
            source = f" [ts {r.source_ts}]" if r.source_ts else ""
            who = r.by_name or r.by or UNKNOWN
            out.append(f"- {_time(r.at)} — {titles.get(section_id, section_id)} — {r.kind} by {who}{what}{source}")
    if review.key_moments:
        out += ["", "**Key moments marked during the incident**", ""]
        for ts, marks in sorted(review.key_moments.items(), key=lambda kv: kv[0]):
            people = ", ".join(dict.fromkeys(m.who for m in marks))
            out.append(f"- [ts {ts}] marked by {people}")
    out.append("")
    return out


def final_document(pm: Postmortem, review: Review, texts: Mapping[str, str]) -> dict[str, object]:
    """postmortem.json: the DESIGN contract plus (added keys only) each section's reviewed text,
    approvals with times, revision count, and the review's own record."""
    document = pm.to_contract()
    sections: list[dict[str, object]] = []
    raw_sections = document.get("sections")
    for entry in raw_sections if isinstance(raw_sections, list) else []:
        item = dict(entry)
        section = review.section(str(item["id"]))
        item["text"] = texts.get(str(item["id"]), "")
        item["provenance"] = section_provenance(pm, str(item["text"]), section)
        if section is not None:
            item["approvals"] = [{"user": a.user, "name": a.who, "at": iso(a.at)} for a in section.approvals]
            item["changes_requested"] = [
                {"user": a.user, "name": a.who, "at": iso(a.at)} for a in section.changes_requested
            ]
            item["edited"] = section.text_override is not None
            item["revisions"] = [
                {
                    "at": iso(r.at),
                    "kind": r.kind,
                    "by": r.by_name or r.by,
                    "note": r.note,
                    "source_ts": r.source_ts,
                }
                for r in section.revisions
            ]
        sections.append(item)
    document["sections"] = sections
    document["review"] = {
        "final": review.final,
        "finalized_at": iso(review.finalized_at),
        "draft_ts": review.draft_ts,
        "key_moments": [
            {"ts": ts, "marked_by": [m.who for m in marks], "via": sorted({m.via for m in marks})}
            for ts, marks in sorted(review.key_moments.items())
        ],
    }
    return document
