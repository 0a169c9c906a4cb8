"""Adopting a key-event scorer (``timeline.adopt``): a message it scores high is on the timeline, one it
scores low is not, whatever the rules proposed, except the rules' steps and their effect unless scored
implausible; marked
messages, confirmed theories and the rules' kinds are kept."""

from __future__ import annotations

import math

from bot.analysis.hypotheses import fold_messages
from bot.analysis.lifecycle import derive
from bot.analysis.linear import LinearModel
from bot.analysis.timeline import (
    FLOOR,
    KEEP_MODEL,
    PRIOR_MODEL,
    STEP_CUT,
    _models,
    adopt,
    build_timeline,
    rules_timeline,
)
from bot.domain import Board, IncidentState, Message, TimelineEvent
from tests.analysis.reading_support import said

NEVER = LinearModel("never", bias=-20.0, weights={}, threshold=0.5)
ALWAYS = LinearModel("always", bias=20.0, weights={}, threshold=0.5)


def channel() -> list[Message]:
    return [
        said(0, "[FIRING] orders-api 5xx rate 9%", bot=True),
        said(2, "looking", "ana"),
        said(6, "is the inventory cache returning empty lists?", "bo"),
        said(9, "rolling back the orders-api deploy from this morning", "cy"),
        said(16, "errors back to baseline after the rollback", "cy"),
    ]


def timeline(
    msgs: list[Message], keep: LinearModel, add: LinearModel, marked: dict[str, str] | None = None
) -> dict[str, TimelineEvent]:
    board = fold_messages(Board(channel="CINC"), msgs)
    state = derive(IncidentState(channel="CINC", name="inc-x"), msgs, board)
    events = rules_timeline(msgs, board, state, marked)
    return {e.citations[0]: e for e in adopt(msgs, board, state, events, marked=marked or {}, models=(keep, add))}


def test_a_message_scored_high_is_added_and_low_is_not() -> None:
    msgs = channel()
    question = msgs[2].ts
    likes_questions = LinearModel("add", bias=-10.0, weights={"is_question": 20.0}, threshold=0.5)
    with_it = timeline(msgs, ALWAYS, likes_questions)
    assert question in with_it
    assert with_it[question].kind in ("diagnose", "other")  # no rule kind of its own: a sensible one
    assert question not in timeline(msgs, ALWAYS, NEVER)


def test_a_proposal_scored_low_is_dropped_and_a_step_only_when_scored_implausible() -> None:
    """The keep model drops a proposal it scores under its cut. The rules' steps and their visible
    effect stay however little it believes in them, unless it scores them under the far lower
    ``STEP_CUT``: on dev half of the rules' mitigation events were no key moment, and those it scored
    that low almost never were (session 22)."""
    msgs = channel()
    alert, step, effect = msgs[0].ts, msgs[3].ts, msgs[4].ts
    kept = timeline(msgs, ALWAYS, NEVER)
    assert step in kept and kept[step].kind == "mitigate"  # the rules' kind and quote stay
    assert alert in kept and kept[alert].kind not in FLOOR
    no_bots = LinearModel("keep", bias=10.0, weights={"is_bot": -30.0}, threshold=0.5)
    assert alert not in timeline(msgs, no_bots, NEVER)  # scored low: dropped
    p = STEP_CUT + 0.05  # under the keep cut (0.5), over the step cut
    doubts = LinearModel("doubts", bias=math.log(p / (1 - p)), weights={}, threshold=0.5)
    doubted = timeline(msgs, doubts, NEVER)
    assert alert not in doubted
    assert step in doubted and doubted[step].kind == "mitigate"  # a doubted step stays
    assert effect in doubted
    implausible = timeline(msgs, NEVER, NEVER)
    assert alert not in implausible
    assert step not in implausible  # scored under STEP_CUT: dropped after all


def test_a_marked_message_stays_however_it_scores() -> None:
    msgs = channel()
    marked = {msgs[1].ts: "ana"}
    events = timeline(msgs, NEVER, NEVER, marked)
    assert msgs[1].ts in events and events[msgs[1].ts].marked_by == "ana"
    assert all(e.kind in FLOOR for ts, e in events.items() if ts != msgs[1].ts)  # nothing else but steps


def test_a_confirmed_theory_stays_however_it_scores() -> None:
    msgs = [
        said(0, "[FIRING] login errors 14%", bot=True),
        said(3, "could it be the auth-proxy v4.2 rollout?", "ana"),
        said(8, "yes, auth-proxy v4.2 is the cause: it drops the session header. rolling it back", "bo"),
    ]
    board = fold_messages(Board(channel="CINC"), msgs)
    assert any(h.status == "confirmed" for h in board.hypotheses)
    state = derive(IncidentState(channel="CINC", name="inc-x"), msgs, board)
    events = rules_timeline(msgs, board, state)
    told = [e for e in events if e.event.startswith("H1 confirmed:")]
    assert told
    kept = adopt(msgs, board, state, events, marked={}, models=(NEVER, NEVER))
    assert [e for e in kept if e.event.startswith("H1 confirmed:")] == told


def test_the_engine_keeps_the_rules_timeline() -> None:
    """The scorer did not win held out (docs: learned key events), so the engine's timeline is the rules'."""
    msgs = channel()
    board = fold_messages(Board(channel="CINC"), msgs)
    state = derive(IncidentState(channel="CINC", name="inc-x"), msgs, board)
    assert build_timeline(msgs, board, state) == rules_timeline(msgs, board, state)


def test_the_scorer_reads_the_words_of_a_message_no_rule_reads() -> None:
    msgs = [*channel(), said(20, "retry pile emptied overnight", "dee")]
    drained = msgs[-1].ts
    assert drained not in timeline(msgs, ALWAYS, NEVER)  # no reading of its own: the rules pass it over
    likes_the_word = LinearModel("add", bias=-10.0, weights={"w:emptied": 20.0}, threshold=0.5)
    assert drained in timeline(msgs, ALWAYS, likes_the_word)


def test_a_proposal_the_prior_keep_model_keeps_stays_whatever_the_refit_says() -> None:
    """Session 47: the refit keep model may add moments, but what the frozen session-20 keep model
    keeps stays (it is the choice the trap suite pins); a proposal both drop is dropped."""
    msgs = channel()
    board = fold_messages(Board(channel="CINC"), msgs)
    state = derive(IncidentState(channel="CINC", name="inc-x"), msgs, board)
    events = rules_timeline(msgs, board, state)
    alert = msgs[0].ts

    def kept(prior: LinearModel | None) -> set[str]:
        out = adopt(msgs, board, state, events, marked={}, models=(NEVER, NEVER), prior=prior)
        return {ts for e in out for ts in e.citations}

    assert alert in kept(ALWAYS)
    assert alert not in kept(NEVER)
    assert alert not in kept(None)


def test_the_engine_reads_the_prior_keep_model_beside_the_refit() -> None:
    keep, _add, prior = _models()
    assert prior.name == PRIOR_MODEL and keep.name == KEEP_MODEL
    assert prior.weights != keep.weights  # two fits, not one file twice
