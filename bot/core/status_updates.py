"""``/draft-update``: a customer-facing status update drafted for one person, posted only by a human.

The engine drafts from the incident state, the board and the latest sitrep; then the customer
checks run on what it wrote (both engines alike) and any sentence that names a person, an
internal host, an IP, a ticket or deploy id, or promises too much is taken out before anyone
sees the draft (replaced by the phase's plain sentence). A draft is stored so the buttons
(post, edit, discard) act on it; only **post** makes it public, and a posted update is recorded
as a comms event in the postmortem's timeline.

Posting is claimed in the store before anything is sent: two clicks on *Post* (a double click,
a retried interaction, two people) that both find the draft unposted would otherwise both post
it. The first click's claim wins; the other is told who posted it. A post that fails gives the
claim back, so pressing *Post* again posts it (no update is lost).

Just before the post goes out the claim becomes a durable "sending" marker, and the posted ts is
written with the state in one transaction. If Redis fails between Slack accepting the post and
that record, the marker still refuses every later click (long after the claim's TTL), and this
process keeps the record and writes it before its next post or discard, so later clicks are told
"already posted" with the message's ts. Only a post interrupted before it was recorded *and* the
process lost is ambiguous; it is never sent again: the click is told to look in the channel.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from bot.analysis.customer_checks import check_update_text, sentences
from bot.analysis.customer_words import UPDATE_PHRASES
from bot.analysis.status_update import update_text
from bot.domain import StatusUpdate
from bot.errors import StoreError, UserFacingError
from bot.redaction.result import Finding

if TYPE_CHECKING:
    from bot.core.incidents import Incidents
    from bot.engines import Engine
    from bot.redaction import Redactor
    from bot.store import PostHold, Store

log = logging.getLogger(__name__)

POST_CLAIM_SECONDS = 120
"""How long one click holds an update while posting it. Far longer than a post takes (the Web API
client gives up sooner). A process that dies before sending frees the update after this; once
sending has begun, a click this much later is told the post was interrupted (it may be out)."""


class UpdateTakenError(UserFacingError):
    """Another click has posted this update, or is posting it right now: nothing is posted twice."""

    def __init__(self, by: str | None, *, posted: bool, ts: str | None = None, interrupted: bool = False) -> None:
        self.by = by
        """The user id of the click that posted it (or holds it); None when not known."""
        self.posted = posted
        """True: it is in the channel; False: another click is posting it."""
        self.ts = ts
        """posted: the ts of the message in the channel (for a link), when known."""
        self.interrupted = interrupted
        """A post went out (or started to) but was never recorded: it may be in the channel."""
        if interrupted:
            message, hint = (
                "that status update may already be in the channel: posting it was interrupted before it was recorded",
                "look for it in the channel; if it is not there, run /draft-update for a new one",
            )
        elif posted:
            message, hint = "that status update was already posted", "run /draft-update for a new one"
        else:
            message, hint = "that status update is being posted", "wait a moment; it will be in the channel"
        super().__init__(message, hint=hint)


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
        self._unrecorded: dict[tuple[str, str], StatusUpdate] = {}
        """Updates this process posted but could not record (Redis failed right after the post)."""
        self._unrecorded_lock = threading.Lock()

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

    def post(
        self,
        channel: str,
        update_id: str,
        user: str,
        publish: Callable[[StatusUpdate], str],
        *,
        name: str | None,
        now: datetime,
    ) -> StatusUpdate:
        """Post the draft once, however many clicks ask: claim it, ``publish`` it, record it as posted.

        Args:
            publish: sends the update to the channel and returns the message ts (the Slack side).
        Raises:
            UpdateTakenError: another click posted it or holds the claim (nothing is sent).
            UserFacingError: the draft is gone or was discarded.
            Whatever ``publish`` raises, after giving the claim back (pressing *Post* again retries).
        """
        self.record_unrecorded()
        claim = self._claim(channel, update_id, user, now)
        try:
            update = self.get(channel, update_id)
            if update.state == "posted":
                raise UpdateTakenError(update.posted_by, posted=True, ts=update.posted_ts)
            update = self._open(channel, update_id)
            # From here the post may reach the channel whatever fails next: the marker outlives the claim.
            if not self._store.mark_update_sending(channel, update_id, owner=claim, user=user, at=now):
                raise UpdateTakenError(None, posted=False)  # our claim lapsed and another click holds it
            ts = publish(update)
        except BaseException:
            self._release(channel, update_id, claim)
            raise
        posted = update.model_copy(
            update={"state": "posted", "posted_ts": ts, "posted_by": user, "posted_by_name": name, "posted_at": now}
        )
        try:
            self._store.record_update_posted(posted)
        except StoreError as exc:
            # It is in the channel: the click succeeded. The sending marker refuses any other click;
            # the record is written before this process's next post or discard.
            log.warning("status update %s was posted but not recorded (kept to record later): %s", update_id, exc)
            with self._unrecorded_lock:
                self._unrecorded[(channel, update_id)] = posted
        return posted

    def record_unrecorded(self) -> int:
        """Write the posted updates Redis missed; returns how many are still unrecorded (Redis still down)."""
        with self._unrecorded_lock:
            waiting = list(self._unrecorded.items())
        for key, posted in waiting:
            try:
                self._store.record_update_posted(posted)
            except StoreError as exc:
                log.warning("status update %s is still not recorded: %s", posted.id, exc)
                continue
            with self._unrecorded_lock:
                self._unrecorded.pop(key, None)
        with self._unrecorded_lock:
            return len(self._unrecorded)

    def _claim(self, channel: str, update_id: str, user: str, now: datetime) -> str:
        """Hold the update for one click (the claim's token), or raise who holds or posted it."""
        claim = secrets.token_hex(8)
        holder = self._store.claim_update_post(
            channel, update_id, owner=claim, user=user, ttl_seconds=POST_CLAIM_SECONDS
        )
        if holder is None:
            return claim
        raise self._refusal(channel, update_id, holder, now)

    def _refusal(self, channel: str, update_id: str, holder: PostHold, now: datetime) -> UpdateTakenError:
        """Why a click that found the update held may not post it (the posted record answers first)."""
        if holder.state == "posted":
            return UpdateTakenError(holder.user or None, posted=True, ts=holder.ts)
        current = self._store.get_update(channel, update_id)
        if current is not None and current.state == "posted":
            return UpdateTakenError(current.posted_by, posted=True, ts=current.posted_ts)
        if holder.state == "sending" and (holder.since is None or now.timestamp() - holder.since > POST_CLAIM_SECONDS):
            return UpdateTakenError(holder.user or None, posted=False, interrupted=True)
        return UpdateTakenError(holder.user or None, posted=False)

    def _release(self, channel: str, update_id: str, claim: str) -> None:
        try:
            self._store.release_update_post(channel, update_id, owner=claim)
        except StoreError as exc:  # the claim's TTL frees it; the original failure is what to report
            log.warning("could not release the post claim on %s: %s", update_id, exc)

    def discard(self, channel: str, update_id: str, user: str = "") -> StatusUpdate:
        """Discard the draft, unless a click is posting it right now (that one wins: it may be out)."""
        self.record_unrecorded()
        claim = self._claim(channel, update_id, user, self._store.clock.now())
        try:
            update = self._open(channel, update_id)
            gone = update.model_copy(update={"state": "discarded"})
            self._store.save_update(gone)
            return gone
        finally:
            self._release(channel, update_id, claim)

    def _open(self, channel: str, update_id: str) -> StatusUpdate:
        update = self.get(channel, update_id)
        if update.state != "draft":
            raise UserFacingError(
                f"that status update was already {update.state}", hint="run /draft-update for a new one"
            )
        return update
