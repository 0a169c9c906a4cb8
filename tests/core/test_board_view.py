"""The status model as a view of the board (``Incidents(board_view=…)``): readers get the view, the
stored board stays the rules' own, and a refresh with nothing new costs no model pass."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import timedelta

from bot.analysis import hyp_status as hs
from bot.analysis.linear import LinearModel
from bot.config import Settings
from bot.core.incidents import Incidents
from bot.domain import Board, IncidentState, Message, RawMessage, datetime_to_ts
from bot.engines import OfflineEngine
from bot.services import Services, board_view
from bot.store import Store

CHANNEL = "CVIEW1"
LINES = (
    "is the new connection pool limit to blame?",
    "maybe the cache node that restarted earlier",
    "pool is at 100% of its limit and requests queue behind it, that's the cause",
    "raised the pool limit, error rate flat again",
    "resolved, all clear",
)


class Counting:
    """The real status model (a doubtful one: it takes every confirmation back), counting its passes."""

    def __init__(self) -> None:
        self.model = hs.StatusModel(
            confirm=LinearModel(name=hs.CONFIRM_MODEL, bias=-9.0, weights={}, threshold=0.5),
            refute=LinearModel(name=hs.REFUTE_MODEL, bias=9.0, weights={}, threshold=0.5),
            cuts=hs.Cuts(policy="demote", confirm=1.01, refute=0.5, demote=0.5),
        )
        self.calls = 0
        self.cited: set[str] = set()

    def needs(self, board: Board, state: IncidentState) -> set[str]:
        return self.model.needs(board, state)

    def view(
        self, board: Board, state: IncidentState, messages: Mapping[str, Message], *, marked: Collection[str] = ()
    ) -> Board:
        self.calls += 1
        self.cited = set(messages)
        return self.model.view(board, state, messages, marked=marked)


def _channel(services: Services) -> None:
    services.incidents.open(CHANNEL, "inc-view")
    start = services.clock.now()
    for i, text in enumerate(LINES):
        ts = datetime_to_ts(start + timedelta(minutes=i), 1)
        services.ingestor.ingest(RawMessage(channel=CHANNEL, ts=ts, text=text, user=f"U{i % 2}"))


def test_readers_get_the_view_and_the_store_keeps_the_rules_board(services: Services, store: Store) -> None:
    _channel(services)
    counting = Counting()
    incidents = Incidents(store, OfflineEngine(), counting)
    state, shown = incidents.refresh(CHANNEL)
    stored = store.get_board(CHANNEL)
    assert stored is not None and state.status in ("mitigated", "resolved")
    assert "confirmed" in {h.status for h in stored.hypotheses}
    assert {h.status for h in shown.hypotheses} == {"refuted"}
    assert counting.cited == counting.model.needs(stored, state) != set()  # one store round trip
    # nothing new: the same view, no second model pass; the plain refresh shows the rules' board
    assert incidents.refresh(CHANNEL)[1] == shown
    assert counting.calls == 1
    plain = Incidents(store, OfflineEngine()).refresh(CHANNEL)[1]
    assert [h.status for h in plain.hypotheses] == [h.status for h in stored.hypotheses]


def test_the_setting_switches_the_view() -> None:
    on = Settings(_env_file=None, hypothesis_status_model=True)  # type: ignore[call-arg]
    off = Settings(_env_file=None, hypothesis_status_model=False)  # type: ignore[call-arg]
    assert board_view(on, OfflineEngine()) is hs.load()
    assert board_view(off, OfflineEngine()) is None
