"""rca.md, rca.html and the RCA's Slack section texts: the customer's words, then where each came from.

While the RCA is under review every statement shows its id (``[S3]``) and a warning mark when
it is on the punch-list, and the punch-list heads the document. The final document keeps the
customer's text clean: the punch-list becomes one line at the top and the sources table moves to
an appendix marked internal, to be removed before a person sends it. Sitrep itself sends nothing.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain import Rca, Review, Statement
from bot.render.html import postmortem_html

NOT_SENT = (
    "> Drafted by Sitrep for a person to review, sign off and send. Sitrep never sends it to anyone outside Slack."
)
DRAFT_WARNING = (
    "> :warning: Drafted from a postmortem that is **not final** yet: facts may still change. "
    "Run /draft-rca again once the postmortem is final."
)
_RESOLUTION = {"open": "open", "approved": "kept as written", "edited": "edited", "removed": "removed"}


def item_line(s: Statement) -> str:
    """One punch-list entry: the statement, why it is flagged and where it stands."""
    reasons = [f"inferred — {s.why}" if s.why else "inferred"] if s.inferred else []
    reasons += list(s.flags)
    state = _RESOLUTION.get(s.resolution or "", "")
    mark = ":warning:" if s.is_open else ":white_check_mark:"
    # Who resolved it is in rca.json only: rca.md names nobody.
    return f"{mark} **{s.id}** ({state}) “{s.text}” — {'; '.join(reasons)}"


def punch_list(rca: Rca) -> list[str]:
    items = rca.punch_list
    if not items:
        return ["_No statement was inferred or flagged._"]
    lines = [f"- {item_line(s)}" for s in items]
    if rca.open_items:
        lines.append("")
        lines.append(
            "_Resolve each open item by replying in the thread: `S3 keep` (approve as written), "
            "`S3 remove`, or `S3: new wording`._"
        )
    return lines


def statement_text(s: Statement, *, final: bool) -> str:
    if final:
        return s.text
    mark = " :warning:" if s.is_open else ""
    return f"{s.text} [{s.id}]{mark}"


def section_markdown(rca: Rca, section_id: str, *, final: bool = False) -> str:
    """The section's statements: a list for the timeline and prevention, prose otherwise."""
    statements = rca.section_statements(section_id)
    if not statements:
        return "_Nothing to say here yet._"
    if section_id in ("timeline", "prevention", "restoration"):
        return "\n".join(f"- {statement_text(s, final=final)}" for s in statements)
    return " ".join(statement_text(s, final=final) for s in statements)


def sources_line(s: Statement) -> str:
    source = ", ".join(s.source) or "—"
    cites = ", ".join(s.citations) or "—"
    kind = "inferred" if s.inferred else ("edited" if "edited" in s.source else "postmortem")
    return f"| {s.id} | {kind} | {source} | {cites} | {_RESOLUTION.get(s.resolution or '', 'not flagged')} |"


def rca_markdown(rca: Rca, review: Review | None, *, finalized_at: datetime | None = None) -> str:
    """rca.md as it stands (the final document when the review is final or ``finalized_at`` is given)."""
    final = finalized_at is not None or (review is not None and review.final)
    when = finalized_at or (review.finalized_at if review is not None else None)
    titles = dict(rca.titles)
    out = [f"# Root cause analysis: {rca.incident_name}", "", NOT_SENT, ""]
    if not rca.from_final:
        out += [DRAFT_WARNING, ""]
    if final:
        stamp = f" ({when:%Y-%m-%d %H:%M} UTC)" if when else ""
        out += [f"- **Status:** Final — every section approved in Slack{stamp}, punch-list resolved"]
        out += [f"- **Punch-list:** {len(rca.punch_list)} item(s), all resolved (see the appendix)", ""]
    else:
        approved = review.approved_count if review is not None else 0
        out += [
            f"- **Status:** Draft for review — {approved} of {len(rca.titles)} sections approved, "
            f"{len(rca.open_items)} punch-list item(s) open",
            f"- **Tone:** {rca.tone}" + (f" · **Style:** {rca.style}" if rca.style else ""),
            "",
            "## Reviewer's punch-list",
            "",
            *punch_list(rca),
            "",
        ]
    for section_id, _ in rca.titles:
        out += [f"## {titles[section_id]}", "", section_markdown(rca, section_id, final=final), ""]
    out += [
        "---",
        "",
        "## Appendix (internal — remove before sending): sources and review",
        "",
        "| statement | kind | postmortem section | Slack messages (ts) | review |",
        "|---|---|---|---|---|",
        *(sources_line(s) for s in rca.statements if s.shown),
        "",
    ]
    if final and rca.punch_list:
        out += ["**Punch-list**", "", *punch_list(rca), ""]
    out += [f"_Drafted by the {rca.engine} engine ({rca.prompt_version or 'rules'})._", ""]
    return "\n".join(out)


def rca_html(markdown: str) -> str:
    """rca.html: the Markdown as one self-contained page (raw HTML escaped)."""
    return postmortem_html(markdown, None)
