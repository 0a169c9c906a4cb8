"""The final status of each theory on the board, as read by a fitted model over the rules' board.

The rules settle a theory message by message (an explicit "ruled out", a cause stated, a step that
worked). Hand-written settle rules lifted the dev channels and left unseen ones where they were; a
theory's *final* status also depends on the whole board at once (another theory confirmed, evidence
that piled up on one side, who raised it, the incident resolved). This module reads that as named
signals plus the words of two messages under the batch guard (:mod:`bot.analysis.key_words`), and
two logistic models (P confirmed, P refuted; ``bot/analysis/models/hyp_status_*.json``, written by
``scripts/train_hyp_status.py``) turn them into a verdict with a policy:

- ``demote`` (what ships): the model may only take a confirmation back (to open, or refuted) or settle
  an open theory as refuted; it never creates a confirmation;
- ``free``: it may also confirm (measured, not shipped unless it wins leave-one-batch-out).

A theory a person marked is never changed. One rule rides on the same view, whatever the model says:
once impact ended, a theory floated before that which nothing supported or tested is shown refuted as
"not pursued" (:data:`NOT_PURSUED`), the raise model's theories included. The verdict is a *view*: a
pure function of the rules' board, the lifecycle and the messages the board cites; the stored board
stays the rules' own.
Cost: one pass over the board's theories, each reading its raising message and its latest evidence
(no transcript scan), and only when the board or the lifecycle changed (``Incidents``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from bot.analysis import lexicon as lx
from bot.analysis.classify import read
from bot.analysis.key_words import word_features
from bot.analysis.linear import LinearModel, parse, read_json
from bot.analysis.terms import named
from bot.domain import Board, Hypothesis, IncidentState, Message, ts_key, ts_to_datetime
from bot.errors import ConfigError

CONFIRM_MODEL = "hyp_status_confirm"
REFUTE_MODEL = "hyp_status_refute"
POLICY_FILE = "hyp_status_policy"
SCRIPT = "scripts/train_hyp_status.py"
POLICIES = ("rules", "demote", "free")
RAISED_WORDS = "R"
EVIDENCE_WORDS = "E"
"""Prefixes of the word features: the message that raised the theory, its latest evidence."""

LATEST_EVIDENCE = 8
_FLAGS = ("finding", "cause_found", "mitigation", "recovered", "detect", "draft")
_CAUSE_PHRASING = (
    lx.CAUSE_STATEMENT,
    lx.CAUSE_IS,
    lx.CAUSE_SO,
    lx.CAUSE_BECAUSE,
    lx.CAUSE_CONCLUDED,
    lx.CAUSE_SURE,
    lx.CAUSE_IT_IS,
)


def _log(n: int) -> float:
    return round(math.log1p(n), 4)


def _time(ts: str | None) -> datetime | None:
    return ts_to_datetime(ts) if ts else None


def _settled(state: IncidentState) -> bool:
    return state.status in ("mitigated", "resolved")


def _reading_flags(prefix: str, message: Message | None) -> dict[str, float]:
    if message is None:
        return {f"{prefix}_missing": 1.0}
    reading = read(message)
    out = {f"{prefix}_{flag}": 1.0 for flag in _FLAGS if getattr(reading, flag)}
    if reading.status is not None:
        out[f"{prefix}_declares_status"] = 1.0
    if any(p.search(message.text) for p in _CAUSE_PHRASING):
        out[f"{prefix}_cause_phrasing"] = 1.0
    if message.text.rstrip().endswith("?"):
        out[f"{prefix}_question"] = 1.0
    if message.is_bot:
        out[f"{prefix}_bot"] = 1.0
    return out


def theory_features(
    h: Hypothesis, board: Board, state: IncidentState, messages: Mapping[str, Message], *, words: bool = True
) -> dict[str, float]:
    """The named signals of one theory on the rules' board (at most 60), and its words.

    Args:
        messages: ts -> stored message, for at least the messages the board cites.
        words: add the words of the raising message and of the latest evidence message.
    """
    f: dict[str, float] = {f"rules_{h.status}": 1.0, "confidence": h.confidence / 100}
    sup = [messages[ts] for ts in _latest(h.supporting) if ts in messages]
    ref = [messages[ts] for ts in _latest(h.refuting) if ts in messages]
    f["support_log"] = _log(len(h.supporting))
    f["refute_log"] = _log(len(h.refuting))
    f["support_more"] = float(len(h.supporting) > len(h.refuting))
    f["refute_more"] = float(len(h.refuting) > len(h.supporting))
    f["support_authors_log"] = _log(len({m.user for m in sup if not m.is_bot}))
    f["refute_authors_log"] = _log(len({m.user for m in ref if not m.is_bot}))
    last_sup = max(h.supporting, default=None, key=ts_key)
    last_ref = max(h.refuting, default=None, key=ts_key)
    last_ev = max((t for t in (last_sup, last_ref) if t), default=None, key=ts_key)
    f["last_evidence_refutes"] = float(last_ev is not None and last_ev == last_ref)
    f["last_evidence_supports"] = float(last_ev is not None and last_ev == last_sup)
    raised = messages.get(h.raised_ts) if h.raised_ts else None
    f.update(_reading_flags("raised", raised))
    evidence = messages.get(last_ev) if last_ev else None
    f.update(_reading_flags("evidence", evidence))
    f["support_cause_found"] = float(any(read(m).cause_found for m in sup))
    f["support_finding"] = float(any(read(m).finding for m in sup))
    f["refute_finding"] = float(any(read(m).finding for m in ref))
    raiser = raised.user if raised is not None else h.raised_by
    f["raiser_supports"] = float(raiser is not None and any(m.user == raiser for m in sup))
    f["raiser_refutes"] = float(raiser is not None and any(m.user == raiser for m in ref))
    # the board around it
    others = [o for o in board.hypotheses if o.id != h.id]
    confirmed = [o for o in others if o.status == "confirmed"]
    f["other_confirmed"] = float(bool(confirmed))
    f["others_confirmed_log"] = _log(len(confirmed))
    f["others_open_log"] = _log(sum(1 for o in others if o.status == "open"))
    f["theories_log"] = _log(len(board.hypotheses))
    mine = named(h.statement)
    f["names_confirmed_theory"] = float(bool(mine) and any(mine & named(o.statement) for o in confirmed))
    f["names_other_theory"] = float(bool(mine) and any(mine & named(o.statement) for o in others))
    order = [o.id for o in board.hypotheses]
    f["first_theory"] = float(bool(order) and order[0] == h.id)
    f["last_theory"] = float(bool(order) and order[-1] == h.id)
    f["recent"] = float(board.recent_id == h.id)
    f["statement_short"] = float(len(h.statement.split()) <= 4)
    # the lifecycle and the time it was raised
    f[f"incident_{state.status}"] = 1.0
    at = _time(h.raised_ts)
    starts = [t for t in (state.started_at, state.detected_at, state.opened_at) if t is not None]
    start = min(starts) if starts else at
    end = _time(board.last_ts)
    if at is not None and start is not None and end is not None:
        span = max((end - start).total_seconds(), 1.0)
        f["position"] = round(min(max((at - start).total_seconds() / span, 0.0), 1.0), 4)
    if at is not None:
        f["raised_after_mitigation"] = float(state.impact_read_at is not None and at > state.impact_read_at)
        f["raised_after_identified"] = float(state.identified_at is not None and at > state.identified_at)
    ev_at = _time(last_ev)
    f["evidence_after_mitigation"] = float(
        ev_at is not None and state.impact_read_at is not None and ev_at >= state.impact_read_at
    )
    if at is not None and ev_at is not None:
        f["evidence_hours_log"] = _log(int((ev_at - at).total_seconds() // 600)) / 3
    out = {k: v for k, v in f.items() if v}
    if words:
        if raised is not None:
            out.update(dict.fromkeys((RAISED_WORDS + w for w in word_features(raised.text)), 1.0))
        if evidence is not None:
            out.update(dict.fromkeys((EVIDENCE_WORDS + w for w in word_features(evidence.text)), 1.0))
    return out


def _latest(citations: Sequence[str]) -> Sequence[str]:
    """The evidence messages whose readings and authors are features: the latest :data:`LATEST_EVIDENCE`
    on each side (a long incident's theory gathers hundreds; reading them all at every change of the
    board would cost more than the board)."""
    return sorted(citations, key=ts_key)[-LATEST_EVIDENCE:]


def cited(board: Board) -> set[str]:
    """The ts of every message :func:`theory_features` reads: each theory's raising message and its
    latest evidence on each side (at most ``1 + 2 * LATEST_EVIDENCE`` per theory)."""
    return {ts for h in board.hypotheses for ts in (h.raised_ts, *_latest(h.supporting), *_latest(h.refuting)) if ts}


@dataclass(frozen=True)
class Cuts:
    """The policy and its probability cuts (chosen leave-one-batch-out by the trainer)."""

    policy: str = "demote"
    confirm: float = 1.01
    """P confirmed at or above which ``free`` confirms."""
    refute: float = 1.01
    """P refuted at or above which an open (or taken-back) theory is refuted."""
    demote: float = 0.0
    """P confirmed below which a rules' confirmation is taken back."""


def decide(status: str, p_confirm: float, p_refute: float, cuts: Cuts, *, settled: bool = True) -> str:
    """The status one theory shows under the policy (the rules' status when the model is not sure).

    ``demote`` never answers "confirmed" unless the rules did; ``rules`` always answers the rules.
    ``settled``: the incident is mitigated or resolved. Before that an open theory stays open (the
    model was fitted on final boards; while people still test a theory, it is open).
    """
    if cuts.policy == "rules":
        return status
    if cuts.policy == "free" and p_confirm >= cuts.confirm and p_confirm >= p_refute:
        return "confirmed"
    if status == "confirmed":
        if p_confirm >= cuts.demote:
            return status
        return "refuted" if p_refute >= cuts.refute else "open"
    if status == "open" and settled and p_refute >= cuts.refute:
        return "refuted"
    return status


NOT_PURSUED = "Shown refuted: nothing in the channel supported or tested it before impact ended (not pursued)"
"""A theory floated and never taken up by the time the incident was mitigated: the channel moved on from it.
The answer keys of the dev incidents mark such theories refuted far more often than open (23 to 7)."""


def _not_pursued(h: Hypothesis, state: IncidentState) -> bool:
    """Nothing supported or tested the theory, and it was floated before impact ended: a theory raised
    afterwards ("could the dns change play a part too? worth a look tomorrow") is a follow-up, still open."""
    at, ended = _time(h.raised_ts), state.impact_read_at
    return (
        not h.held_open and not h.supporting and not h.refuting and at is not None and ended is not None and at < ended
    )


def reason(rules: str, shown: str, p: float) -> str:
    """The line the board shows under a theory whose status the model changed."""
    return f"Shown {shown} by Sitrep's status model, read from the whole board (the rules say {rules}; p {p:.2f})"


def may_change(status: str, cuts: Cuts, *, settled: bool) -> bool:
    """Whether :func:`decide` could show ``status`` otherwise for some probabilities: when it cannot,
    the theory's features are not read (a live incident under the demote policy costs nothing)."""
    if cuts.policy == "rules":
        return False
    if cuts.policy == "free" and cuts.confirm <= 1.0:
        return True
    if status == "confirmed":
        return cuts.demote > 0.0
    return status == "open" and settled and cuts.refute <= 1.0


@dataclass(frozen=True)
class StatusModel:
    confirm: LinearModel
    refute: LinearModel
    cuts: Cuts

    def needs(self, board: Board, state: IncidentState) -> set[str]:
        """The messages :meth:`view` reads: those :func:`cited` names for the theories it may change."""
        settled = _settled(state)
        return cited(board.model_copy(update={"hypotheses": self._open_to_change(board, settled)}))

    def _open_to_change(self, board: Board, settled: bool) -> tuple[Hypothesis, ...]:
        return tuple(h for h in board.hypotheses if self._may_read(h, settled))

    def _may_read(self, h: Hypothesis, settled: bool) -> bool:
        """The model may change ``h``: a rules' theory (a raise-model one was never in its fit, and may not be
        confirmed by a model), not held open by the channel, whose status :func:`decide` could change."""
        return not h.raised_by_model and not h.held_open and may_change(h.status, self.cuts, settled=settled)

    def view(
        self,
        board: Board,
        state: IncidentState,
        messages: Mapping[str, Message],
        *,
        marked: Collection[str] = (),
    ) -> Board:
        """The board as the model reads it: each theory's status by :func:`decide`, a theory a person
        marked (``marked``: ids) left as it is. Only the status and confidence of a changed theory
        differ, and its next checks end with the reason (:func:`reason`); a board with no change is
        returned as is."""
        changed: list[Hypothesis] = []
        touched = False
        settled = _settled(state)
        for h in board.hypotheses:
            if h.id not in marked and h.status == "open" and settled and _not_pursued(h, state):
                touched = True  # a rule, not the model: it applies to the raise model's theories too
                update = {"status": "refuted", "confidence": 0, "next_checks": (*h.next_checks, NOT_PURSUED)}
                changed.append(h.model_copy(update=update))
                continue
            if h.id in marked or not self._may_read(h, settled):
                changed.append(h)
                continue
            f = theory_features(h, board, state, messages)
            pc, pr = self.confirm.probability(f), self.refute.probability(f)
            status = decide(h.status, pc, pr, self.cuts, settled=settled)
            if status == h.status:
                changed.append(h)
                continue
            touched = True
            p = pc if status == "confirmed" else pr if status == "refuted" else 1 - max(pc, pr)
            update = {
                "status": status,
                "confidence": max(0, min(100, round(100 * p))),
                "next_checks": (*h.next_checks, reason(h.status, status, p)),
            }
            changed.append(h.model_copy(update=update))
        return board.model_copy(update={"hypotheses": tuple(changed)}) if touched else board


def parse_cuts(doc: Mapping[str, object], *, where: str) -> Cuts:
    try:
        policy = str(doc["policy"])
        if policy not in POLICIES:
            raise ValueError(f"unknown policy {policy!r}")
        return Cuts(
            policy=policy,
            confirm=float(doc["confirm"]),  # type: ignore[arg-type]
            refute=float(doc["refute"]),  # type: ignore[arg-type]
            demote=float(doc["demote"]),  # type: ignore[arg-type]
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: not a Sitrep status policy ({exc}); regenerate it with {SCRIPT}") from exc


def cuts_json(cuts: Cuts) -> str:
    doc = {"policy": cuts.policy, "confirm": cuts.confirm, "refute": cuts.refute, "demote": cuts.demote}
    return json.dumps(doc, indent=2) + "\n"


def load_from(folder: Traversable) -> StatusModel:
    """The status model in ``folder``; a missing or malformed file is one ``ConfigError`` naming the script."""
    models = []
    for name in (CONFIRM_MODEL, REFUTE_MODEL):
        try:
            models.append(parse(read_json(folder, name, SCRIPT), where=f"bot/analysis/models/{name}.json"))
        except ConfigError as exc:
            raise ConfigError(str(exc).replace("scripts/train_*.py", SCRIPT)) from exc
    cuts = parse_cuts(read_json(folder, POLICY_FILE, SCRIPT), where=f"bot/analysis/models/{POLICY_FILE}.json")
    return StatusModel(confirm=models[0], refute=models[1], cuts=cuts)


@cache
def load() -> StatusModel:
    """The shipped status model (``bot/analysis/models``), read once per process."""
    return load_from(resources.files("bot.analysis").joinpath("models"))


def verdicts(
    model: StatusModel, board: Board, state: IncidentState, messages: Mapping[str, Message]
) -> Sequence[tuple[str, float, float]]:
    """(id, P confirmed, P refuted) of every theory (for the trainer's check and for tests)."""
    out = []
    for h in board.hypotheses:
        f = theory_features(h, board, state, messages)
        out.append((h.id, model.confirm.probability(f), model.refute.probability(f)))
    return out
