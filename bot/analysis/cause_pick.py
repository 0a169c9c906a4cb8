"""Which message(s) a postmortem cites as stating the root cause: the rules' pick, or the fitted ranker's.

The rules confirm a hypothesis and cite the messages behind it. The ranker
(``bot/analysis/models/cause.json``, features in :mod:`bot.analysis.cause_features`) scores every
person's message as "states the cause". The shipped policy is the one that won on dev batches left
out of the fit (``scripts/train_cause.py --check``): see :data:`POLICY`.

Never invents a cause: with no confirmed hypothesis and no message the ranker scores at or above the
model's threshold, the answer is None and the postmortem says Unknown.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.analysis import linear
from bot.analysis.cause_features import Candidate, candidates, cause_shaped, confirmed_cause, rules_citations
from bot.analysis.linear import LinearModel
from bot.domain import Board, Hypothesis, IncidentState, Message

Policy = Literal["rules", "learned", "hybrid"]

MODEL = "cause"


@dataclass(frozen=True)
class Settings:
    """How the rules' pick and the ranker's are combined (chosen by leave-one-batch-out checks)."""

    policy: Policy = "hybrid"
    margin: float = 0.0
    """Hybrid: the ranker replaces the rules' pick only when its best message's logit beats the best
    of the rules' cited messages by at least this much."""
    shaped_only: bool = True
    """The ranker may state only a message that reads as a cause, finding or confirmation
    (:func:`cause_shaped`): a high score on chatter is no cause."""


POLICY = Settings()
"""The shipped policy (``scripts/train_cause.py --check`` prints the figures behind it)."""


@dataclass(frozen=True)
class CausePick:
    """The root cause a draft states: the rules' confirmed hypothesis, or a message the ranker chose."""

    citations: tuple[str, ...]
    hypothesis: Hypothesis | None = None
    """The rules' confirmed hypothesis (its statement is the cause); None when the ranker chose."""
    message: Message | None = None
    """The message the ranker chose (its cause sentence is the cause); None for the rules' pick."""
    probability: float | None = None


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def choose(
    scored: Sequence[tuple[Candidate, float]],
    cause: Hypothesis | None,
    *,
    threshold: float,
    settings: Settings = POLICY,
) -> CausePick | None:
    """The pick from candidates already scored (``(candidate, logit)``) and the rules' cause."""
    rules = CausePick(citations=rules_citations(cause), hypothesis=cause) if cause is not None else None
    allowed = [(c, z) for c, z in scored if cause_shaped(c)] if settings.shaped_only else list(scored)
    if settings.policy == "rules":
        return rules
    if not allowed:
        return rules if settings.policy == "hybrid" else None
    best, best_logit = max(allowed, key=lambda cl: (cl[1], -float(cl[0].message.ts)))
    model = CausePick(citations=(best.message.ts,), message=best.message, probability=_sigmoid(best_logit))
    clears = _sigmoid(best_logit) >= threshold
    if settings.policy == "learned":
        return model if clears else None
    if rules is None:
        return model if clears else None
    if best.message.ts in rules.citations:
        return rules
    cited = [logit for c, logit in scored if c.message.ts in rules.citations]
    floor = max(cited, default=-math.inf)
    return model if clears and best_logit - floor >= settings.margin else rules


def pick(
    messages: Sequence[Message],
    board: Board,
    state: IncidentState,
    *,
    model: LinearModel | None = None,
    settings: Settings = POLICY,
) -> CausePick | None:
    """The root cause a draft states, from the transcript, the board and the incident's times."""
    cause = confirmed_cause(board)
    if settings.policy == "rules":
        return choose((), cause, threshold=1.0, settings=settings)
    ranker = model or linear.load(MODEL)
    shaped = settings.shaped_only and settings.policy != "learned"
    scored = [(c, ranker.logit(c.features)) for c in candidates(messages, board, state, shaped_only=shaped)]
    return choose(scored, cause, threshold=ranker.threshold, settings=settings)
