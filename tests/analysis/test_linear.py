"""The shipped-weights scorer and its fit: deterministic, held-out scoring, clear errors."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest

from bot.analysis.linear import LinearModel, parse
from bot.errors import ConfigError
from bot.playback.fitting import Example, best_threshold, cross_validate, fit


def _examples() -> list[Example]:
    rows = []
    for i in range(40):
        signal = i % 4 == 0
        rows.append(
            Example(
                group=f"inc{i % 5}",
                features={"signal": 1.0 if signal else 0.0, "noise": float(i % 3 == 0)},
                label=signal,
            )
        )
    return rows


def test_fit_learns_the_signal_and_is_repeatable() -> None:
    a = fit(_examples(), name="t")
    b = fit(_examples(), name="t")
    assert a == b
    assert a.weights["signal"] > 2.0
    assert a.says_yes({"signal": 1.0}) and not a.says_yes({})


def test_cross_validation_scores_each_group_with_a_model_that_never_saw_it() -> None:
    seen: list[set[str]] = []

    def train(rows: Sequence[Example]) -> LinearModel:
        seen.append({e.group for e in rows})
        return fit(rows, name="t")

    scored = cross_validate(_examples(), {"inc0": "A", "inc1": "A"}, train)
    assert len(scored) == 40
    assert {"inc0", "inc1"}.isdisjoint(seen[0]) and len(seen) == 4  # fold A, then inc2, inc3, inc4 alone
    assert best_threshold(scored) > 0.05


def test_model_round_trips_and_unknown_features_weigh_nothing() -> None:
    model = LinearModel(name="m", bias=-1.0, weights={"x": 2.0}, threshold=0.5)
    again = parse(json.loads(model.to_json()), where="m.json")
    assert again == model
    assert again.logit({"x": 1.0, "never_seen": 5.0}) == pytest.approx(1.0)


def test_a_malformed_model_file_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match=r"m\.json: not a Sitrep linear model"):
        parse({"name": "m", "bias": "high", "threshold": 0.5, "weights": {}}, where="m.json")
