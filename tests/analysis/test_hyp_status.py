"""The board's status model (``bot.analysis.hyp_status``): what its policy may and may not do, whatever
the fitted weights say, and how its files load.

The traps fold short channels written in general incident language through the real board, then
give the view a model that is as wrong as a model can be (it is sure of the opposite of what the
channel says): a theory a person marked keeps its status, the demote-only policy never shows a
confirmation the rules did not make, and a theory still being tested stays open until the incident
is mitigated.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from bot.analysis import hyp_status as hs
from bot.analysis.hypotheses import fold_messages
from bot.analysis.lifecycle import derive, with_status
from bot.analysis.linear import LinearModel
from bot.domain import Board, IncidentState, Message
from bot.errors import ConfigError
from tests.analysis.reading_support import said


def _sure(confirm: float, refute: float, cuts: hs.Cuts) -> hs.StatusModel:
    """A model whose answer is the same for every theory: P confirmed = sigmoid(confirm) …"""
    return hs.StatusModel(
        confirm=LinearModel(name=hs.CONFIRM_MODEL, bias=confirm, weights={}, threshold=0.5),
        refute=LinearModel(name=hs.REFUTE_MODEL, bias=refute, weights={}, threshold=0.5),
        cuts=cuts,
    )


DEMOTE = hs.Cuts(policy="demote", confirm=1.01, refute=0.5, demote=0.5)
FREE = hs.Cuts(policy="free", confirm=0.5, refute=0.5, demote=0.5)

SETTLED_CHANNEL = (
    ("bot", "ALERT: checkout error rate above threshold for 5 minutes"),
    ("ana", "is the new connection pool limit to blame?"),
    ("ben", "maybe the cache node that restarted earlier"),
    ("ana", "pool is at 100% of its limit and requests queue behind it, that's the cause"),
    ("ben", "raised the pool limit, error rate flat again"),
    ("cy", "could the dns change last week play a part too? worth a look tomorrow"),
    ("ana", "resolved, all clear"),
)


def _board(lines: tuple[tuple[str, str], ...]) -> tuple[Board, IncidentState, dict[str, Message]]:
    messages = [said(i, text, who, bot=who == "bot") for i, (who, text) in enumerate(lines)]
    board = fold_messages(Board(channel="CINC"), messages)
    state = with_status(derive(IncidentState(channel="CINC", name="inc"), messages, board), board)
    return board, state, {m.ts: m for m in messages}


def test_demote_only_never_answers_confirmed_unless_the_rules_did() -> None:
    grid = (0.0, 0.2, 0.5, 0.8, 1.0)
    for status, pc, pr, settled in itertools.product(("open", "refuted", "confirmed"), grid, grid, (True, False)):
        for cuts in (DEMOTE, hs.Cuts("demote", 0.0, 0.0, 1.01)):
            shown = hs.decide(status, pc, pr, cuts, settled=settled)
            assert shown != "confirmed" or status == "confirmed", (status, pc, pr, cuts)
        assert hs.decide(status, pc, pr, hs.Cuts("rules"), settled=settled) == status


def test_an_open_theory_stays_open_while_the_incident_is_live() -> None:
    assert hs.decide("open", 0.0, 1.0, DEMOTE, settled=False) == "open"
    assert hs.decide("open", 0.0, 1.0, DEMOTE, settled=True) == "refuted"


def test_a_confirmation_is_taken_back_only_below_the_demote_cut() -> None:
    assert hs.decide("confirmed", 0.6, 0.9, DEMOTE) == "confirmed"
    assert hs.decide("confirmed", 0.1, 0.9, DEMOTE) == "refuted"
    assert hs.decide("confirmed", 0.1, 0.1, DEMOTE) == "open"


def test_trap_a_model_sure_of_every_confirmation_adds_none_under_demote() -> None:
    board, state, messages = _board(SETTLED_CHANNEL)
    assert state.status in ("mitigated", "resolved")
    before = {h.id: h.status for h in board.hypotheses}
    assert "confirmed" in before.values() and "open" in before.values()
    shown = _sure(9.0, -9.0, DEMOTE).view(board, state, messages)
    after = {h.id: h.status for h in shown.hypotheses}
    assert {i for i, s in after.items() if s == "confirmed"} <= {i for i, s in before.items() if s == "confirmed"}
    # the free policy would: that is the difference the policy makes
    freed = _sure(9.0, -9.0, FREE).view(board, state, messages)
    assert all(h.status == "confirmed" for h in freed.hypotheses)


def test_trap_a_marked_theory_keeps_its_status_whatever_the_model_says() -> None:
    board, state, messages = _board(SETTLED_CHANNEL)
    marked = {h.id for h in board.hypotheses}
    for model in (_sure(-9.0, 9.0, DEMOTE), _sure(9.0, -9.0, FREE)):
        shown = model.view(board, state, messages, marked=marked)
        assert [h.status for h in shown.hypotheses] == [h.status for h in board.hypotheses]


def test_the_view_changes_only_status_and_confidence_and_keeps_an_unchanged_board() -> None:
    board, state, messages = _board(SETTLED_CHANNEL)
    doubt = _sure(-9.0, 9.0, DEMOTE).view(board, state, messages)
    for old, new in zip(board.hypotheses, doubt.hypotheses, strict=True):
        back = {"status": old.status, "confidence": old.confidence, "next_checks": old.next_checks}
        assert new.model_copy(update=back) == old
        if new.status != old.status:
            assert new.next_checks[-1].startswith(f"Shown {new.status} by Sitrep's status model")
            assert f"the rules say {old.status}" in new.next_checks[-1]
    assert all(h.status == "refuted" for h in doubt.hypotheses)
    unsure = _sure(0.0, -9.0, DEMOTE)  # P confirmed 0.5: at the demote cut, nothing changes
    assert unsure.view(board, state, messages) is board


def test_features_are_named_signals_under_sixty_plus_guarded_words() -> None:
    board, state, messages = _board(SETTLED_CHANNEL)
    for h in board.hypotheses:
        plain = hs.theory_features(h, board, state, messages, words=False)
        assert len(plain) <= 60
        worded = hs.theory_features(h, board, state, messages)
        extra = set(worded) - set(plain)
        assert extra and all(n.startswith((hs.RAISED_WORDS, hs.EVIDENCE_WORDS)) for n in extra)


def test_the_shipped_model_loads() -> None:
    model = hs.load()
    assert model.confirm.name == hs.CONFIRM_MODEL and model.refute.name == hs.REFUTE_MODEL
    assert model.cuts.policy in hs.POLICIES


def _write_models(folder: Path) -> None:
    shipped = hs.load()
    (folder / f"{hs.CONFIRM_MODEL}.json").write_text(shipped.confirm.to_json(), encoding="utf-8")
    (folder / f"{hs.REFUTE_MODEL}.json").write_text(shipped.refute.to_json(), encoding="utf-8")
    (folder / f"{hs.POLICY_FILE}.json").write_text(hs.cuts_json(shipped.cuts), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (hs.CONFIRM_MODEL, None),
        (hs.REFUTE_MODEL, "{not json"),
        (hs.CONFIRM_MODEL, json.dumps({"name": "x", "bias": "high", "threshold": 0.5, "weights": {}})),
        (hs.POLICY_FILE, json.dumps({"policy": "bold", "confirm": 1, "refute": 1, "demote": 0})),
        (hs.POLICY_FILE, "[]"),
    ],
)
def test_a_missing_or_malformed_file_is_one_line_naming_the_script(tmp_path: Path, name: str, text: str | None) -> None:
    _write_models(tmp_path)
    target = tmp_path / f"{name}.json"
    if text is None:
        target.unlink()
    else:
        target.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        hs.load_from(tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    assert name in message and hs.SCRIPT in message


def test_a_live_incident_under_the_demote_policy_reads_nothing() -> None:
    board, state, _messages = _board(SETTLED_CHANNEL[:3])
    assert state.status == "investigating" and board.hypotheses
    shipped_like = _sure(-9.0, 9.0, hs.Cuts(policy="demote", confirm=1.01, refute=0.4, demote=0.0))
    assert shipped_like.needs(board, state) == set()
    assert shipped_like.view(board, state, {}) is board
    settled_board, settled_state, _m = _board(SETTLED_CHANNEL)
    only_open = tuple(h for h in settled_board.hypotheses if h.status == "open")
    read = shipped_like.needs(settled_board, settled_state)
    assert read and read == hs.cited(settled_board.model_copy(update={"hypotheses": only_open}))


def test_a_theory_nobody_took_up_before_impact_ended_is_shown_refuted_not_pursued() -> None:
    """A guess floated during the investigation that nothing supported or tested is dead once impact
    ends; one floated after that (a follow-up "worth a look tomorrow") stays open."""
    lines = (
        ("bot", "ALERT: checkout error rate above threshold for 5 minutes"),
        ("ben", "maybe the cache node that restarted earlier"),
        ("ana", "pool is at 100% of its limit and requests queue behind it, that's the cause"),
        ("cy", "or the new tls proxy is slow to handshake?"),
        ("ben", "raised the pool limit, error rate flat again"),
        ("cy", "could the dns change last week play a part too? worth a look tomorrow"),
        ("ana", "resolved, all clear"),
    )
    board, state, messages = _board(lines)
    rules = {h.statement.lower(): h.status for h in board.hypotheses}
    assert any("tls proxy" in s and status == "open" for s, status in rules.items())
    shown = _sure(0.0, -9.0, DEMOTE).view(board, state, messages)  # a model that changes nothing itself
    after = {h.statement.lower(): h for h in shown.hypotheses}
    proxy = next(h for s, h in after.items() if "tls proxy" in s)
    assert proxy.status == "refuted" and proxy.next_checks[-1] == hs.NOT_PURSUED
    assert next(h for s, h in after.items() if "dns" in s).status == "open"
    live_board, live_state, live_messages = _board(lines[:4])
    assert _sure(0.0, -9.0, DEMOTE).view(live_board, live_state, live_messages) is live_board
