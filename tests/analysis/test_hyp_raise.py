"""The raise reading (``bot.analysis.hyp_raise``) inside the board's fold: what it may and may not do,
whatever the fitted weights say, and how its files load.

The traps fold short channels written from general incident language through the real board with a
model that raises on every message it is shown (as wrong as a model can be): it sees only messages
the rules left untouched, each once; it never raises a plan; a theory it raises is never confirmed
by it (only by a stated cause naming it), is not what a bare "yes" answers, and ends refuted under
``other_confirmed`` only when another theory is confirmed and nothing backed it; a theory the rules
raised is never touched by the policy.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.analysis import hyp_raise as hr
from bot.analysis.cause_features import confirmed_cause
from bot.analysis.hypotheses import fold_messages
from bot.analysis.linear import LinearModel
from bot.config import Settings
from bot.domain import Board, Message
from bot.engines.offline import OfflineEngine
from bot.errors import ConfigError
from bot.services import raise_model
from tests.analysis.reading_support import said


class Always:
    """A raiser that raises on every message it is shown, and keeps what it was shown."""

    def __init__(self, policy: str = "other_confirmed") -> None:
        self.policy = policy
        self.shown: list[str] = []

    def raises(self, message: Message, board: hr.BoardContext) -> float | None:
        self.shown.append(message.ts)
        return None if hr.proposes(message.text) else 0.9


def _sure(bias: float, policy: str = "other_confirmed") -> hr.RaiseModel:
    return hr.RaiseModel(LinearModel(name=hr.MODEL, bias=bias, weights={}, threshold=0.5), policy)


CHANNEL = (
    ("bot", "ALERT: p99 latency on the search api above 2s for 10 minutes"),
    ("ana", "is the new index build eating the disk io?"),
    ("ben", "half the shards report gc pauses over a second since the jvm flag change"),
    ("ana", "io on the index hosts is flat, it's not the index build"),
    ("cy", "found it: the jvm flag change doubled the heap and gc pauses stall every shard"),
    ("ben", "reverted the jvm flag, latency back to normal"),
)


def _fold(lines: tuple[tuple[str, str], ...], raiser: object | None) -> tuple[Board, list[Message]]:
    messages = [said(i, text, who, bot=who == "bot") for i, (who, text) in enumerate(lines)]
    return fold_messages(Board(channel="CINC"), messages, raiser=raiser), messages  # type: ignore[arg-type]


def test_the_model_reads_only_messages_the_rules_left_untouched_and_never_bots() -> None:
    rules, messages = _fold(CHANNEL, None)
    raiser = Always()
    _fold(CHANNEL, raiser)
    # What the rules judged when it arrived; a finding a later cause cites as evidence was untouched then.
    cited = {ts for h in rules.hypotheses for ts in (h.raised_ts, *h.backing, *h.refuting)}
    assert raiser.shown  # the gc-pause report is a finding the rules do not hold as a theory
    assert not set(raiser.shown) & cited
    assert messages[0].ts not in raiser.shown  # the alert is a bot's


def test_each_message_is_read_once_however_the_fold_is_split() -> None:
    messages = [said(i, text, who, bot=who == "bot") for i, (who, text) in enumerate(CHANNEL)]
    whole = Always()
    fold_messages(Board(channel="CINC"), messages, raiser=whole)
    split = Always()
    board = Board(channel="CINC")
    for m in messages:
        board = fold_messages(board, [m], raiser=split)
    assert split.shown == whole.shown and len(set(whole.shown)) == len(whole.shown)


REPEATS = (
    ("bot", "ALERT: queue depth on reports above 1M"),
    ("ana", "did last night's deploy change the job timeout?"),
    ("ben", "are the workers picking the same batch over and over?"),
    ("ana", "no deploy touched reports since tuesday"),
    ("cy", "found it - the workers never ack, so the broker hands the same batch to them over and over"),
)


def test_a_model_raised_guess_is_confirmed_only_by_a_stated_cause_naming_it() -> None:
    """The model never confirms its own theory; a cause stated later that names the guess (the same
    batch over and over) proves it, while the cause keeps its own item and stays the postmortem's cause."""
    rules, _m = _fold(REPEATS, None)
    assert [h.status for h in rules.hypotheses] == ["confirmed"]  # the rules alone do not hold the question
    board, messages = _fold(REPEATS, Always("other_confirmed"))
    guess = next(h for h in board.hypotheses if h.raised_ts == messages[2].ts)
    assert guess.raised_by_model and guess.status == "confirmed" and guess.supporting == (messages[4].ts,)
    cause = confirmed_cause(board)
    assert cause is not None and not cause.raised_by_model and cause.raised_ts == messages[4].ts


def test_a_model_raised_report_of_a_fact_is_not_confirmed_by_a_cause_naming_it() -> None:
    """ "half the shards report gc pauses …" is what was seen, not a guess: the cause that explains it
    does not make it a confirmed theory, and with nothing backing it, it ends refuted."""
    board, messages = _fold(CHANNEL, Always("other_confirmed"))
    raised = [h for h in board.hypotheses if h.raised_by_model]
    gc = next(h for h in raised if h.raised_ts == messages[2].ts)
    assert gc.status == "refuted"
    assert all(h.status == "refuted" for h in raised if not h.supporting)
    assert "gc pauses" in gc.statement and gc.raised_by == "ben"
    assert any("raise model" in line for line in gc.next_checks)


def test_a_model_raised_theory_a_stated_cause_does_not_name_ends_refuted() -> None:
    lines = (*CHANNEL[:4], ("cy", "found it: an expired cert on the search proxy rejected every shard call"))
    board, _messages = _fold(lines, Always("other_confirmed"))
    raised = [h for h in board.hypotheses if h.raised_by_model]
    assert raised and all(h.status == "refuted" for h in raised)
    assert any(h.status == "confirmed" and not h.raised_by_model for h in board.hypotheses)


def test_the_policy_never_touches_a_theory_the_rules_raised() -> None:
    rules, _m = _fold(CHANNEL, None)
    board, _m = _fold(CHANNEL, Always("other_confirmed"))
    mine = {h.raised_ts: h for h in board.hypotheses if not h.raised_by_model}
    assert {ts: (h.status, h.statement) for ts, h in mine.items()} == {
        h.raised_ts: (h.status, h.statement) for h in rules.hypotheses
    }


def test_under_the_open_policy_an_unsettled_model_theory_stays_open() -> None:
    lines = (
        ("bot", "ALERT: 5xx on the upload service above 3%"),
        ("dan", "uploads over 1 GB fail at the last part, smaller ones are fine"),
        ("eve", "still looking"),
    )
    for policy in hr.POLICIES:  # nothing is confirmed, so nothing refutes it under either policy
        board, messages = _fold(lines, Always(policy))
        assert [h.status for h in board.hypotheses if h.raised_ts == messages[1].ts] == ["open"]
        assert all(h.status == "open" for h in board.hypotheses if h.raised_by_model)


def test_a_bare_yes_after_a_model_raised_theory_confirms_nothing() -> None:
    lines = (
        ("bot", "ALERT: queue depth on the billing workers above 50k"),
        ("dan", "the workers restart every few minutes with exit code 137"),
        ("eve", "yes"),
    )
    board, _m = _fold(lines, Always())
    assert all(h.status != "confirmed" for h in board.hypotheses)


def test_a_plan_is_never_raised() -> None:
    lines = (
        ("bot", "ALERT: replication lag on the orders db above 10 minutes"),
        ("dan", "should we fail the writer over to the standby?"),
        ("eve", "I'll take the replica out of the pool"),
        ("fay", "let's pause the nightly export until lag is back"),
    )
    board, _m = _fold(lines, _sure(10.0))
    assert not [h for h in board.hypotheses if h.raised_by_model]


def test_a_model_that_never_clears_its_cut_leaves_the_rules_board_as_it_is() -> None:
    rules, _m = _fold(CHANNEL, None)
    board, _m = _fold(CHANNEL, _sure(-10.0))
    assert board == rules


# -- rewording: the raise reading does not flip on case, punctuation or filler -----------------------

GUESSES = [
    "maybe the new index build is eating the disk io",
    "feels like the cert on the edge proxy expired overnight",
    "the job runner is out of inodes, that would explain the failed writes",
]


def _case(text: str, how: int) -> str:
    return (text, text.upper(), text.lower(), text.capitalize())[how]


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(GUESSES) - 1),
    how=st.integers(0, 3),
    head=st.sampled_from(["", "hm, ", "ok "]),
    tail=st.sampled_from(["", ".", "!", " :thinking_face:"]),
)
def test_the_shipped_reading_of_a_guess_survives_rewording(which: int, how: int, head: str, tail: str) -> None:
    model = hr.load()
    board = hr.BoardContext(theories=1, open=1, confirmed=0, names=frozenset(), recent=False, after_question=False)

    def verdict(text: str) -> bool:
        return model.raises(said(3, text, "dan"), board) is not None

    plain = verdict(GUESSES[which])
    assert verdict(head + _case(GUESSES[which], how) + tail) == plain, (head, how, tail)
    # case and trailing punctuation change no named signal (a lead-in like "ok" may: it is a reading)
    signals = set(hr.raise_features(said(3, GUESSES[which], "dan"), board, words=False))
    assert signals == set(hr.raise_features(said(3, _case(GUESSES[which], how) + tail, "dan"), board, words=False))


# -- files and wiring ------------------------------------------------------------------------------


def _write(folder: Path, model: object, policy: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{hr.MODEL}.json").write_text(json.dumps(model), encoding="utf-8")
    (folder / f"{hr.POLICY_FILE}.json").write_text(json.dumps(policy), encoding="utf-8")
    return folder


GOOD = {"name": hr.MODEL, "bias": -3.0, "threshold": 0.4, "weights": {"hedged": 1.0}}


def test_the_shipped_files_load() -> None:
    model = hr.load()
    assert model.policy in hr.POLICIES and 0 < model.model.threshold <= 1.01


@pytest.mark.parametrize(
    ("model", "policy", "says"),
    [
        (None, {"policy": "open"}, "is missing"),
        ("{not json", {"policy": "open"}, "is not JSON"),
        ({"name": hr.MODEL, "weights": {}}, {"policy": "open"}, "not a Sitrep linear model"),
        (GOOD, {"policy": "confirm_all"}, "unknown policy"),
        (GOOD, ["open"], "not a JSON object"),
    ],
)
def test_a_bad_model_file_is_one_line_naming_the_script(
    tmp_path: Path, model: object, policy: object, says: str
) -> None:
    folder = _write(tmp_path / "m", model, policy)
    if model is None:
        (folder / f"{hr.MODEL}.json").unlink()
    elif isinstance(model, str):
        (folder / f"{hr.MODEL}.json").write_text(model, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        hr.load_from(folder)
    message = str(caught.value)
    assert says in message and hr.SCRIPT in message and "\n" not in message


def test_the_setting_wires_the_model_into_the_offline_engine_only() -> None:
    on = Settings(_env_file=None, hypothesis_raise_model=True)  # type: ignore[call-arg]
    off = Settings(_env_file=None, hypothesis_raise_model=False)  # type: ignore[call-arg]
    claude = Settings(_env_file=None, hypothesis_raise_model=True, anthropic_api_key="sk-test")  # type: ignore[call-arg]
    assert raise_model(on) is hr.load()
    assert raise_model(off) is None and raise_model(claude) is None
    assert Settings(_env_file=None).hypothesis_raise_model is True  # adopted in session 18  # type: ignore[call-arg]
    messages = [said(i, text, who, bot=who == "bot") for i, (who, text) in enumerate(CHANNEL)]
    with_model = OfflineEngine(raiser=_sure(10.0)).hypotheses(board=Board(channel="CINC"), new_messages=messages)
    rules = OfflineEngine().hypotheses(board=Board(channel="CINC"), new_messages=messages)
    assert any(h.raised_by_model for h in with_model.hypotheses)
    assert not any(h.raised_by_model for h in rules.hypotheses)


def test_the_same_guess_said_again_is_raised_once() -> None:
    lines = (
        ("bot", "ALERT: login latency above 3s"),
        ("dan", "token cache evictions spiking on the auth nodes"),
        ("eve", "token cache evictions spiking on the auth nodes"),
        ("dan", "Token cache evictions spiking on the auth nodes!"),
    )
    board, _m = _fold(lines, Always("open"))
    assert len([h for h in board.hypotheses if h.raised_by_model]) == 1


def test_the_status_model_never_settles_a_model_raised_theory() -> None:
    from bot.analysis import hyp_status as hs
    from bot.domain import IncidentState

    board, messages = _fold(CHANNEL, Always("open"))
    raised = {h.id: h for h in board.hypotheses if h.raised_by_model}
    assert raised
    sure = hs.StatusModel(  # as wrong as a model can be, and free to confirm
        confirm=LinearModel(name=hs.CONFIRM_MODEL, bias=10.0, weights={}, threshold=0.5),
        refute=LinearModel(name=hs.REFUTE_MODEL, bias=-10.0, weights={}, threshold=0.5),
        cuts=hs.Cuts(policy="free", confirm=0.5, refute=0.5, demote=0.5),
    )
    state = IncidentState(channel="CINC", name="inc", status="resolved")
    viewed = sure.view(board, state, {m.ts: m for m in messages})
    assert {h.id: h for h in viewed.hypotheses if h.raised_by_model} == raised
    assert not set(raised) & {h.id for h in board.hypotheses if h.raised_ts in sure.needs(board, state)}
