"""The final documents of a postmortem review: postmortem.md and postmortem.json.

They are built in two places that must agree byte for byte: the review's final upload to Slack
(``ReviewService.documents``) and ``sitrep export`` (bot.cli), which has only the store — no
Slack, engine or redactor. So the builder lives here, apart from the service, and needs nothing
but a ``Store`` (``review_documents``) or the records themselves (``build_documents``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.core.evidence import MANIFEST, EvidenceIssuer, add_evidence, citation_map, document_citations
from bot.core.review_content import with_statuses
from bot.core.review_state import section_texts
from bot.core.schema import validate_postmortem
from bot.domain import Board, Postmortem, Review
from bot.errors import UserFacingError
from bot.render.chart import CHART_PNG, CHART_SVG, Chart, timeline_chart
from bot.render.cite import Sources
from bot.render.final import final_document, final_markdown
from bot.render.html import HTML, postmortem_html

if TYPE_CHECKING:
    from bot.store import Store


@dataclass(frozen=True)
class FinalDocuments:
    """postmortem.md (``markdown``) and postmortem.json (``document``, or ``json_text`` as written),
    evidence.json (``evidence_json``) when an issuer was given, and the timeline ``chart`` when the
    postmortem holds any time to draw."""

    markdown: str
    document: dict[str, object]
    evidence_json: str | None = None
    chart: Chart | None = None

    def files(self) -> dict[str, str | bytes]:
        """File name -> content of every file uploaded to Slack: the documents and timeline.png."""
        out: dict[str, str | bytes] = {"postmortem.md": self.markdown, "postmortem.json": self.json_text}
        if self.evidence_json is not None:
            out[MANIFEST] = self.evidence_json
        if self.chart is not None:
            out[CHART_PNG] = self.chart.png
        return out

    def export_files(self) -> dict[str, str | bytes]:
        """``files()`` plus timeline.svg and the self-contained postmortem.html (``sitrep export --dir``)."""
        out = self.files()
        if self.chart is not None:
            out[CHART_SVG] = self.chart.svg
        out[HTML] = postmortem_html(self.markdown, self.chart)
        return out

    @property
    def json_text(self) -> str:
        return json.dumps(self.document, indent=2, ensure_ascii=False) + "\n"


def review_documents(
    store: Store,
    channel: str,
    *,
    finalized_at: datetime | None = None,
    evidence: EvidenceIssuer | None = None,
    workspace_url: str | None = None,
) -> FinalDocuments:
    """postmortem.md and postmortem.json as they stand (final once every section is approved).

    Needs only the store, so ``sitrep export`` gives the same files without Slack or the redactor.

    Args:
        finalized_at: render them as final at this time (the upload that makes the review final
            passes the time ``complete_finalize`` will record, so a later export is identical).
        evidence: when given, evidence.json is built (and signed) for the two files.
        workspace_url: the Slack workspace URL, for permalinks in the citations (the issuer's wins).

    Raises:
        UserFacingError: when the channel has no postmortem draft.
    """
    pm = store.get_postmortem(channel)
    if pm is None:
        raise UserFacingError(
            f"there is no postmortem for {channel}", hint="run /draft-postmortem in the channel first"
        )
    review = store.get_review(channel) or Review(channel=channel)
    url = evidence.workspace_url if evidence is not None else workspace_url
    cited = document_citations(pm, section_texts(pm, review))
    citations = citation_map(store, channel, cited, workspace_url=url)
    documents = build_documents(
        pm, review, finalized_at=finalized_at, citations=citations, board=store.get_board(channel)
    )
    if evidence is None:
        return documents
    final = review.model_copy(update={"final": True, "finalized_at": finalized_at}) if finalized_at else review
    manifest = evidence.manifest(
        pm,
        final,
        section_texts(pm, review),
        citations,
        {"postmortem.md": documents.markdown, "postmortem.json": documents.json_text},
    )
    return FinalDocuments(
        markdown=documents.markdown, document=documents.document, evidence_json=manifest, chart=documents.chart
    )


def build_documents(
    pm: Postmortem,
    review: Review,
    *,
    finalized_at: datetime | None = None,
    citations: Mapping[str, Mapping[str, str | None]] | None = None,
    board: Board | None = None,
) -> FinalDocuments:
    """The documents of ``pm`` under ``review``, validated against the postmortem.json schema.

    Args:
        citations: ts -> the cited version's hash and author (``citations`` in postmortem.json).
        board: the channel's hypothesis board, for the chart's hypothesis lanes.
    """
    if finalized_at is not None:
        review = review.model_copy(update={"final": True, "finalized_at": finalized_at, "finalizing_since": None})
    pm = with_statuses(pm, review) if review.sections else pm
    texts = section_texts(pm, review)
    document = add_evidence(final_document(pm, review, texts), pm, review, texts, citations or {})
    validate_postmortem(document)
    chart = timeline_chart(pm, board)
    # Uploaded to Slack and exported alone: no transcript beside it, so citations stay plain [ts …].
    markdown = final_markdown(
        pm, review, texts, Sources(transcript=None), chart=CHART_PNG if chart is not None else None
    )
    return FinalDocuments(markdown=markdown, document=document, chart=chart)
