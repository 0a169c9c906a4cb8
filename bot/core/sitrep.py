"""Rolling sitreps: one when the interval has passed AND something significant happened since the last one.

Significant means a status or severity change, a hypothesis raised, confirmed or ruled out, a
mitigation step, a new impact figure, a decision or a question to the IC
(``bot.analysis.significance``); otherwise the channel hears nothing. Every sitrep, whichever
engine wrote it, is fitted to the reading budget (``sitrep_length``).

Every replica ticks every minute; a per-channel, per-slot claim in Redis picks the one that
posts. The slot is the number of the sitrep about to be posted, so a claim whose holder died
lapses and the next tick posts that same slot instead of skipping it. A sitrep is recorded only
after it was published: a failed post is retried by the next tick, never lost.

Each claim is held under its own token (the replica's name plus a counter), so a replica only
renews or frees its own claim, never one another replica took over after it lapsed. The claim is
renewed right before publishing: a replica whose composing outlasted its claim finds the slot
taken over and posts nothing.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.analysis.significance import significant_changes
from bot.core.incidents import newer_than
from bot.core.sitrep_length import DEFAULT_MAX_WORDS, fit
from bot.domain import Board, IncidentState, Message, Sitrep

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.core.incidents import Incidents
    from bot.engines import Engine
    from bot.store import Store
    from bot.store.redis_store import SitrepView

Publish = Callable[[Sitrep], None]

log = logging.getLogger(__name__)

LOCK_SECONDS = 180
"""How long a replica may take to compose and post a sitrep before another may take over."""


class SitrepService:
    """Decides when a sitrep is due and composes it from the previous one plus newer messages."""

    def __init__(
        self,
        store: Store,
        engine: Engine,
        incidents: Incidents,
        *,
        interval_minutes: int,
        owner: str = "sitrep",
        lock_seconds: int = LOCK_SECONDS,
        clock: Clock | None = None,
        max_words: int = DEFAULT_MAX_WORDS,
    ) -> None:
        """Compose sitreps for the channels in ``store``.

        Args:
            owner: this replica's name (``services.replica_name()``: host and pid); claims carry it.
            lock_seconds: how long a claim holds before another replica may take the slot over.
            clock: reads the time when a claim is renewed (default: the store's clock).
            max_words: the reading budget of one sitrep (``SITREP_MAX_WORDS``); either engine's
                sitrep is fitted to it.
        """
        self._store = store
        self._clock = clock or store.clock
        self._claims = itertools.count(1)
        self._engine = engine
        self._incidents = incidents
        self._interval = interval_minutes
        self._owner = owner
        self._lock_seconds = lock_seconds
        self._max_words = max_words

    def interval(self, channel: str) -> timedelta:
        return self.interval_of(self._store.get_incident(channel))

    def interval_of(self, state: IncidentState | None) -> timedelta:
        """The channel's sitrep interval from its incident state (``/summary-interval``, else the default)."""
        minutes = state.summary_interval_minutes if state and state.summary_interval_minutes else self._interval
        return timedelta(minutes=minutes)

    def has_news(self, channel: str, prev: Sitrep | None) -> bool:
        return _news(self._store.last_ts(channel), prev)

    def due(self, channel: str, now: datetime) -> bool:
        """Due when there is news and nothing was posted before or the interval has passed.

        After resolution exactly one more sitrep goes out (the one that reports it); a reopened
        incident (resolution cleared) resumes the cadence.
        """
        return self.due_in(self._store.sitrep_view(channel), now)

    def due_in(self, view: SitrepView, now: datetime) -> bool:
        """``due`` from what ``Store.sitrep_view`` read (one round trip for all three parts)."""
        return _news(view.last_ts, view.latest) and self._cadence_allows(view, now)

    def _cadence_allows(self, view: SitrepView, now: datetime) -> bool:
        """The time half of ``due``, for a channel already known to have news since ``view.latest``."""
        prev, state = view.latest, view.incident
        if prev is None:
            return True
        if state is not None and state.resolved_at is not None and prev.created_at >= state.resolved_at:
            return False
        return now - prev.created_at >= self.interval_of(state)

    def is_empty(self, channel: str) -> bool:
        """Nothing to report yet: no sitrep was posted and no message is stored."""
        return self._store.latest_sitrep(channel) is None and self._store.last_ts(channel) is None

    def build(
        self,
        channel: str,
        now: datetime,
        *,
        refreshed: tuple[IncidentState, Board] | None = None,
        transcript: Sequence[Message] | None = None,
    ) -> Sitrep:
        """The next sitrep, from the previous one plus the messages since (not yet recorded).

        Args:
            refreshed: (state, board) just returned by ``Incidents.refresh`` (or ``resolve_refreshed``),
                so the board is not refreshed again.
            transcript: the channel's whole stored transcript when the caller already read it.
        """
        sitrep = self._build(channel, now, self._store.latest_sitrep(channel), refreshed, transcript, gate=False)
        assert sitrep is not None  # only the significance gate returns None
        return sitrep

    def _build(
        self,
        channel: str,
        now: datetime,
        prev: Sitrep | None,
        refreshed: tuple[IncidentState, Board] | None,
        transcript: Sequence[Message] | None,
        *,
        gate: bool,
    ) -> Sitrep | None:
        """The next sitrep; with ``gate``, None when nothing significant happened since ``prev``.

        The gate runs before the engine, so a quiet stretch costs no model call, and it is the same
        for both engines. A sitrep whose engine found nothing to list under "What changed" lists
        what made it significant instead of "nothing significant".
        """
        if transcript is None:
            # The new messages first, in one snapshot with the count; the board is brought up to date
            # from them instead of reading its own (a tick read the channel's tail three times).
            after = prev.last_ts if prev else None
            new, total = self._store.messages_and_count(channel, after_ts=after)
            if refreshed is None:
                refreshed = self._incidents.refresh(channel, recent=(after, new))
        else:
            new = newer_than(transcript, prev.last_ts) if prev and prev.last_ts else list(transcript)
            total = len(transcript)
        state, board = refreshed if refreshed is not None else self._incidents.refresh(channel, transcript=transcript)
        changes = significant_changes(prev=prev, state=state, board=board, new_messages=new)
        if gate and not changes:
            return None
        sitrep = self._engine.sitrep(
            incident=state,
            prev=prev,
            new_messages=new,
            board=board,
            now=now,
            total_messages=total,
        )
        update: dict[str, object] = {"phase": state.status, "severity": state.severity}
        if not sitrep.what_changed and changes:
            update["what_changed"] = changes
        return fit(sitrep.model_copy(update=update), self._max_words)

    def compose(self, channel: str, now: datetime) -> Sitrep:
        """Build and record a sitrep without publishing it (replay, tests)."""
        sitrep = self.build(channel, now)
        self._store.append_sitrep(sitrep)
        return sitrep

    def post(
        self,
        channel: str,
        now: datetime,
        publish: Publish,
        *,
        refreshed: tuple[IncidentState, Board] | None = None,
        transcript: Sequence[Message] | None = None,
        only_if_significant: bool = False,
    ) -> Sitrep | None:
        """Build, publish and record the next sitrep if this replica wins its slot (``/summary``).

        ``refreshed`` and ``transcript`` are as for ``build``. ``only_if_significant`` (the
        scheduler's ticks) posts nothing when nothing significant happened since the last sitrep;
        a person asking with ``/summary`` always gets one.
        """
        return self._post(
            channel,
            now,
            publish,
            self._store.latest_sitrep(channel),
            refreshed=refreshed,
            transcript=transcript,
            gate=only_if_significant,
        )

    def _post(
        self,
        channel: str,
        now: datetime,
        publish: Publish,
        prev: Sitrep | None,
        *,
        refreshed: tuple[IncidentState, Board] | None = None,
        transcript: Sequence[Message] | None = None,
        gate: bool,
    ) -> Sitrep | None:
        """``post`` with the previous sitrep already read (a tick read it a moment ago)."""
        number = prev.number + 1 if prev else 1
        slot = str(number)
        # A token per claim: two posts racing inside one process exclude each other too.
        claim = f"{self._owner}#{next(self._claims)}"
        if not self._store.try_lock(channel, slot, owner=claim, now=now, ttl_seconds=self._lock_seconds):
            return None
        try:
            built = self._build(channel, now, prev, refreshed, transcript, gate=gate)
            if built is None:
                self._store.release_lock(channel, slot, owner=claim)
                return None
            sitrep = built
            renewed = self._store.renew_lock(
                channel, slot, owner=claim, now=self._clock.now(), ttl_seconds=self._lock_seconds
            )
            if not renewed:
                log.info("sitrep #%d of %s: claim lapsed while composing; another replica posts it", number, channel)
                return None
            publish(sitrep)
        except BaseException:
            self._store.release_lock(channel, slot, owner=claim)
            raise
        latest = self._store.latest_sitrep(channel)
        if latest is not None and latest.number >= sitrep.number:
            # Publishing outlasted the renewed claim and another replica posted and recorded this slot.
            log.warning(
                "sitrep #%d of %s was posted by two replicas (publishing took over %ds)",
                number,
                channel,
                self._lock_seconds,
            )
            return None
        self._store.append_sitrep(sitrep)
        self._settle(channel, sitrep)
        return sitrep

    def _settle(self, channel: str, prev: Sitrep | None) -> bool:
        """Take ``channel`` off the active set unless it has news since ``prev``; True if idle.

        Off first, then re-check: a message stored in between re-adds the channel itself or is
        seen here, so activity is never lost.
        """
        if _news(self._store.mark_idle_then_last_ts(channel), prev):
            self._store.mark_active(channel)
            return False
        return True

    def tick(self, now: datetime, publish: Publish) -> list[Sitrep]:
        """Post every due sitrep. Only channels with messages since their last sitrep are read,
        so idle channels cost nothing however many are tracked."""
        posted: list[Sitrep] = []
        for channel in sorted(self._store.active_channels()):
            sitrep = self.tick_channel(channel, self._store.sitrep_view(channel), now, publish)
            if sitrep is not None:
                posted.append(sitrep)
        return posted

    def tick_channel(self, channel: str, view: SitrepView, now: datetime, publish: Publish) -> Sitrep | None:
        """``tick`` for one active channel, from its ``Store.sitrep_view`` read just before.

        Replay, which follows one channel and has just read its view to find the next due minute,
        ticks that channel without reading the active set and the view a second time.
        """
        prev = view.latest
        if not _news(view.last_ts, prev) and self._settle(channel, prev):
            return None
        # News is established above (directly or by _settle's re-check): only the cadence is left.
        if not self._cadence_allows(view, now):
            return None
        return self._post(channel, now, publish, prev, gate=True)


def _news(last_ts: str | None, prev: Sitrep | None) -> bool:
    """Something was stored after ``prev`` (or anything at all before the first sitrep)."""
    return last_ts is not None and (prev is None or prev.last_ts != last_ts)
