"""Incident lifecycle and hypothesis board upkeep for each tracked channel."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.analysis.lifecycle import derive, observe, with_status
from bot.domain import Board, IncidentState, Message, ts_key

if TYPE_CHECKING:
    from bot.engines import Engine
    from bot.store import Store


class BoardView(Protocol):
    """How the board is shown to readers (sitreps, ``/hypotheses``, the postmortem): a pure function
    of the stored board, the lifecycle and the messages the board cites (``bot.analysis.hyp_status``)."""

    def needs(self, board: Board, state: IncidentState) -> set[str]:
        """The ts of the messages ``view`` reads."""
        ...

    def view(
        self, board: Board, state: IncidentState, messages: Mapping[str, Message], *, marked: Collection[str] = ()
    ) -> Board: ...


class Incidents:
    """Keeps each channel's IncidentState and Board current as messages arrive.

    The board is folded incrementally (only messages after ``board.last_ts``). An edit or a
    delete resets it, and the next refresh rebuilds board and lifecycle from the whole channel:
    rare, and the only way a changed message cannot leave a stale citation behind.
    """

    def __init__(self, store: Store, engine: Engine, board_view: BoardView | None = None) -> None:
        self._store = store
        self._engine = engine
        self._board_view = board_view
        self._views: dict[str, tuple[tuple[object, ...], Board]] = {}
        """Channel -> (what the last view was computed from, the view): a refresh that changed nothing
        costs a comparison, not a model pass."""

    def open(self, channel: str, name: str) -> IncidentState:
        """Start tracking ``channel``; idempotent."""
        return self.start(channel, name)[0]

    def start(self, channel: str, name: str) -> tuple[IncidentState, bool]:
        """``open``, and whether this call is the one that started tracking (exactly one of racing calls is)."""
        new = self._store.track_channel(channel, name)
        state = self._store.get_incident(channel)
        if state is None:
            state = IncidentState(channel=channel, name=name)
            self._store.save_incident(state)
            self._store.save_board(Board(channel=channel))
        return state, new

    def state(self, channel: str) -> IncidentState:
        return self._or_new(channel, self._store.get_incident(channel))

    def _or_new(self, channel: str, state: IncidentState | None) -> IncidentState:
        if state is None:
            name = self._store.channel_name(channel) or channel
            state = IncidentState(channel=channel, name=name)
        return state

    def observe(self, message: Message) -> None:
        """Fold a newly stored message into the lifecycle (start, detect, mitigate, resolve)."""
        self.observe_many([message])

    def observe_many(self, messages: Sequence[Message]) -> None:
        """Fold newly stored messages into their channels' lifecycles, one write per changed channel.

        Read from the store's cached copy and written compare-and-set (``Store.update_incident``):
        most messages change nothing and cost no round trip; a copy another replica changed is
        re-read and the messages folded again, so nothing another replica wrote is overwritten.
        """
        by_channel: dict[str, list[Message]] = {}
        for message in messages:
            by_channel.setdefault(message.channel, []).append(message)
        for channel, batch in by_channel.items():

            def fold(
                current: IncidentState | None, channel: str = channel, batch: list[Message] = batch
            ) -> IncidentState:
                state = current
                if state is None:
                    state = IncidentState(channel=channel, name=self._store.channel_name(channel) or channel)
                for message in batch:
                    state = observe(state, message)
                return state

            self._store.update_incident(channel, fold)

    def resolve(self, channel: str, now: datetime, by: str) -> IncidentState:
        """Record the resolution (and a mitigation time if none was seen) as declared by ``by``."""
        state, _ = self.resolve_refreshed(channel, now, by)
        return state

    def resolve_refreshed(
        self, channel: str, now: datetime, by: str, *, transcript: Sequence[Message] | None = None
    ) -> tuple[IncidentState, Board]:
        """``resolve``, returning the refreshed board too so the caller need not refresh again.

        Args:
            transcript: the channel's whole stored transcript when the caller already read it.
        """
        state, board = self._refresh(channel, transcript, save_state=False)
        declared = dict(state.declared)
        declared["resolved_at"] = now
        if state.mitigated_at is None:
            declared["mitigated_at"] = now
        updated = state.model_copy(update={**declared, "declared": declared, "resolved_by": by, "status": "resolved"})
        self._store.save_incident(updated)
        # The view reads the lifecycle: the draft written on resolving reads the resolved incident,
        # as every later refresh will (else a second draft request finds the board "changed").
        return updated, self._view(channel, updated, board)

    def is_tracked(self, channel: str, *, fresh: bool = False) -> bool:
        """Whether Sitrep follows ``channel``.

        Args:
            fresh: ask Redis even when this process remembers the channel as tracked (the store
                remembers "tracked" for a minute; "not tracked" is always asked). A slash command's
                ack asks fresh: its answer doubles as the check that the store can be used.
        """
        return self._store.channel_name(channel, fresh=fresh) is not None

    def tracked_channels(self) -> dict[str, str]:
        """Channel id -> name of every tracked channel (resumed at start)."""
        return self._store.tracked_channels()

    def set_sitrep_thread(self, channel: str, thread_ts: str) -> IncidentState:
        """Record the parent message the channel's sitreps are posted under (SITREP_MODE=thread)."""
        state = self.state(channel).model_copy(update={"sitrep_thread_ts": thread_ts})
        self._store.save_incident(state)
        return state

    def thread_of(self, channel: str, ts: str) -> str | None:
        """The thread parent of stored message ``ts`` when it is a reply, else None."""
        message = self._store.get_message(channel, ts)
        return message.thread_ts if message is not None and message.is_reply else None

    def transcript(self, channel: str) -> list[Message]:
        """Every stored message of ``channel`` in ts order (read once, handed to what needs it)."""
        return self._store.messages(channel)

    def invalidate(self, channel: str) -> None:
        """Forget the board so the next refresh rebuilds it (and the lifecycle) from scratch."""
        self._store.save_board(Board(channel=channel))

    def refresh(
        self,
        channel: str,
        *,
        transcript: Sequence[Message] | None = None,
        recent: tuple[str | None, Sequence[Message]] | None = None,
    ) -> tuple[IncidentState, Board]:
        """Bring the board up to date and return (state with status, board).

        Args:
            transcript: the channel's whole stored transcript when the caller already read it
                (the messages after the board's last one are taken from it instead of the store).
            recent: (ts, every stored message newer than it) just read by the caller (a sitrep's new
                messages): when the board is at or past that ts, its new messages are taken from
                them instead of read again; with ts None they are the whole transcript.
        """
        if recent is not None and recent[0] is None and transcript is None:
            transcript = recent[1]
        state, board = self._refresh(channel, transcript, save_state=True, recent=recent)
        return state, self._view(channel, state, board, recent[1] if recent is not None else ())

    def _view(
        self,
        channel: str,
        state: IncidentState,
        board: Board,
        recent: Sequence[Message] = (),
    ) -> Board:
        """The board as readers see it (the stored board stays the rules' own).

        Recomputed only when the board or the lifecycle times it reads changed; the messages it
        reads come from the new messages the caller just read, the rest in one store round trip
        (never a scan of the transcript).
        """
        if self._board_view is None or not board.hypotheses:
            return board
        key = (
            board,
            state.status,
            state.started_at,
            state.detected_at,
            state.opened_at,
            state.mitigated_at,
            state.identified_at,
        )
        memo = self._views.get(channel)
        if memo is not None and memo[0] == key:
            return memo[1]
        need = self._board_view.needs(board, state)
        have = {m.ts: m for m in recent if m.ts in need}
        missing = need - have.keys()
        if missing:
            have.update(self._store.get_messages(channel, sorted(missing)))
        viewed = self._board_view.view(board, state, have)
        self._views[channel] = (key, viewed)
        return viewed

    def _refresh(
        self,
        channel: str,
        transcript: Sequence[Message] | None,
        *,
        save_state: bool,
        recent: tuple[str | None, Sequence[Message]] | None = None,
    ) -> tuple[IncidentState, Board]:
        stored_board, stored_state = self._store.board_and_incident(channel)  # one round trip
        board = stored_board or Board(channel=channel)
        state = self._or_new(channel, stored_state)
        if board.last_ts is None:
            everything = list(transcript) if transcript is not None else self._store.messages(channel)
            board = self._engine.hypotheses(board=Board(channel=channel), new_messages=everything)
            state = derive(state, everything, board)
        else:
            if transcript is not None:
                new = newer_than(transcript, board.last_ts)
            elif recent is not None and recent[0] is not None and ts_key(board.last_ts) >= ts_key(recent[0]):
                new = newer_than(recent[1], board.last_ts)  # a subset of what the caller just read
            else:
                new = self._store.messages(channel, after_ts=board.last_ts)
            if new:
                board = self._engine.hypotheses(board=board, new_messages=new)
        state = with_status(state, board)
        if save_state:
            self._store.save_board_and_incident(board, state)
        else:
            self._store.save_board(board)
        return state, board


def newer_than(transcript: Sequence[Message], ts: str) -> list[Message]:
    """The messages of ``transcript`` strictly newer than ``ts`` (as ``Store.messages(after_ts=)``)."""
    after = ts_key(ts)
    return [m for m in transcript if ts_key(m.ts) > after]
