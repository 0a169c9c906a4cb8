"""``/draft-update``: a customer-facing status update drafted for one person, posted only by a human.

The engine drafts from the incident state, the board and the latest sitrep; then the customer
checks run on what it wrote (both engines alike) and any sentence that names a person, an
internal host, an IP, a ticket or deploy id, or promises too much is taken out before anyone
sees the draft (replaced by the phase's plain sentence). A draft is stored so the buttons
(post, edit, discard) act on it; only **post** makes it public, and a posted update is recorded
as a comms event in the postmortem's timeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from bot.analysis.customer_checks import check_update_text, sentences
from bot.analysis.customer_words import UPDATE_PHRASES
from bot.analysis.status_update import update_text
from bot.domain import StatusUpdate
from bot.errors import UserFacingError
from bot.redaction.result import Finding

if TYPE_CHECKING:
    from bot.core.incidents import Incidents
    from bot.engines import Engine
    from bot.redaction import Redactor
    from bot.store import Store


def _clean(text: str, fallback: str, people: Sequence[str]) -> tuple[str, list[str]]:
    """``text`` without the sentences the checks flag (what was removed, as check names)."""
    kept: list[str] = []
    removed: list[str] = []
    for sentence in sentences(text):
        flags = check_update_text(sentence, people)
        if flags:
            removed += [f.kind for f in flags]
        else:
            kept.append(sentence)
    return (" ".join(kept) if kept else fallback), removed


class StatusUpdates:
    """Draft, edit, post and discard status updates of a channel."""

    def __init__(self, store: Store, engine: Engine, incidents: Incidents, redactor: Redactor) -> None:
        self._store = store
        self._engine = engine
        self._incidents = incidents
        self._redactor = redactor

    def draft(self, channel: str, user: str, now: datetime, *, people: Sequence[str] = ()) -> StatusUpdate:
        """A checked draft for ``user``, stored as a draft (nobody else sees it)."""
        state, board = self._incidents.refresh(channel)
        drafted = self._engine.draft_update(
            incident=state,
            board=board,
            sitrep=self._store.latest_sitrep(channel),
            now=now,
            # Deterministic (the demo is identical run to run) and unique within the channel.
            update_id=f"u{len(self._store.status_updates(channel)) + 1}-{int(now.timestamp())}",
            drafted_for=user,
            people=people,
        )
        phrases = UPDATE_PHRASES[drafted.phase]
        impact, out_impact = _clean(drafted.impact, phrases["impact"], people)
        doing, out_doing = _clean(drafted.doing, phrases["doing"], people)
        update = drafted.model_copy(
            update={
                "impact": impact,
                "doing": doing,
                "text": update_text(drafted.phase, impact, doing, drafted.next_update),
                "removed": tuple(dict.fromkeys([*drafted.removed, *out_impact, *out_doing])),
            }
        )
        self._store.save_update(update)
        return update

    def get(self, channel: str, update_id: str) -> StatusUpdate:
        found = self._store.get_update(channel, update_id)
        if found is None:
            raise UserFacingError("that status update draft is gone", hint="run /draft-update again")
        return found

    def posted(self, channel: str) -> list[StatusUpdate]:
        return [u for u in self._store.status_updates(channel) if u.state == "posted"]

    def edit(
        self, channel: str, update_id: str, text: str, user: str, *, people: Sequence[str] = ()
    ) -> tuple[StatusUpdate, tuple[Finding, ...], list[str]]:
        """Replace the draft's words with what ``user`` typed (redacted); returns what the checks flag in it.

        A person's own words are not rewritten, but the flags are shown before they post.
        """
        update = self._open(channel, update_id)
        redacted = self._redactor.redact(text, scope=channel)
        words = redacted.text.strip()
        if not words:
            raise UserFacingError("a status update can't be empty", hint="type the update, or press Discard")
        flags = [f.line() for f in check_update_text(words, people)]
        edited = update.model_copy(update={"text": words, "edited_by": user})
        self._store.save_update(edited)
        return edited, redacted.findings, flags

    def mark_posted(
        self, channel: str, update_id: str, *, ts: str, user: str, name: str | None, now: datetime
    ) -> StatusUpdate:
        """Record that ``user`` posted the update as message ``ts`` (a comms event from now on)."""
        update = self._open(channel, update_id)
        posted = update.model_copy(
            update={"state": "posted", "posted_ts": ts, "posted_by": user, "posted_by_name": name, "posted_at": now}
        )
        self._store.save_update(posted)
        return posted

    def discard(self, channel: str, update_id: str) -> StatusUpdate:
        update = self._open(channel, update_id)
        gone = update.model_copy(update={"state": "discarded"})
        self._store.save_update(gone)
        return gone

    def _open(self, channel: str, update_id: str) -> StatusUpdate:
        update = self.get(channel, update_id)
        if update.state != "draft":
            raise UserFacingError(
                f"that status update was already {update.state}", hint="run /draft-update for a new one"
            )
        return update
