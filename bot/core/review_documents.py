"""The final documents of a postmortem review: postmortem.md and postmortem.json.

They are built in two places that must agree byte for byte: the review's final upload to Slack
(``ReviewService.documents``) and ``sitrep export`` (bot.cli), which has only the store — no
Slack, engine or redactor. So the builder lives here, apart from the service, and needs nothing
but a ``Store`` (``review_documents``) or the records themselves (``build_documents``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.core.review_content import with_statuses
from bot.core.review_state import section_texts
from bot.core.schema import validate_postmortem
from bot.domain import Postmortem, Review
from bot.errors import UserFacingError
from bot.render.final import final_document, final_markdown

if TYPE_CHECKING:
    from bot.store import Store


@dataclass(frozen=True)
class FinalDocuments:
    """postmortem.md (``markdown``) and postmortem.json (``document``, or ``json_text`` as written)."""

    markdown: str
    document: dict[str, object]

    @property
    def json_text(self) -> str:
        return json.dumps(self.document, indent=2, ensure_ascii=False) + "\n"


def review_documents(store: Store, channel: str, *, finalized_at: datetime | None = None) -> FinalDocuments:
    """postmortem.md and postmortem.json as they stand (final once every section is approved).

    Needs only the store, so ``sitrep export`` gives the same files without Slack or the redactor.

    Args:
        finalized_at: render them as final at this time (the upload that makes the review final
            passes the time ``complete_finalize`` will record, so a later export is identical).

    Raises:
        UserFacingError: when the channel has no postmortem draft.
    """
    pm = store.get_postmortem(channel)
    if pm is None:
        raise UserFacingError(
            f"there is no postmortem for {channel}", hint="run /draft-postmortem in the channel first"
        )
    review = store.get_review(channel) or Review(channel=channel)
    return build_documents(pm, review, finalized_at=finalized_at)


def build_documents(pm: Postmortem, review: Review, *, finalized_at: datetime | None = None) -> FinalDocuments:
    """The documents of ``pm`` under ``review``, validated against the postmortem.json schema."""
    if finalized_at is not None:
        review = review.model_copy(update={"final": True, "finalized_at": finalized_at, "finalizing_since": None})
    pm = with_statuses(pm, review) if review.sections else pm
    texts = section_texts(pm, review)
    document = final_document(pm, review, texts)
    validate_postmortem(document)
    return FinalDocuments(markdown=final_markdown(pm, review, texts), document=document)
