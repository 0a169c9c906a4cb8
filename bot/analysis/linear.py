"""Logistic scores over named features, with the weights shipped as data.

Some readings (is this message a key moment of the incident? does it state the cause?) depend on
many weak signals at once. Hand-set rules for how they combine learn how one batch of channels is
phrased; weights fitted over every dev incident at once, and checked on folds left out of the fit,
learn how much each signal is worth in general. The weights live in ``bot/analysis/models/*.json``
(written by ``scripts/train_*.py``, reviewed in the diff like any rule), so scoring stays
deterministic and offline: a dot product, no library and no download at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from bot.errors import ConfigError


@dataclass(frozen=True)
class LinearModel:
    """A fitted logistic model: ``probability = sigmoid(bias + Σ weight·feature)``."""

    name: str
    bias: float
    weights: Mapping[str, float]
    threshold: float
    """The probability at or above which the answer is yes (chosen on the dev folds, not fixed at 0.5)."""

    def logit(self, features: Mapping[str, float]) -> float:
        """Features the model does not know weigh nothing: adding a feature never breaks old weights."""
        return self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items() if value)

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.logit(features)
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    def says_yes(self, features: Mapping[str, float]) -> bool:
        return self.probability(features) >= self.threshold

    def to_json(self) -> str:
        doc = {
            "name": self.name,
            "bias": self.bias,
            "threshold": self.threshold,
            "weights": dict(sorted(self.weights.items())),
        }
        return json.dumps(doc, indent=2, sort_keys=False) + "\n"


def parse(doc: Mapping[str, object], *, where: str) -> LinearModel:
    """A model from its JSON document; a malformed file is a clear error, not a wrong answer."""
    try:
        weights = doc["weights"]
        if not isinstance(weights, Mapping):
            raise TypeError("weights must be an object")
        return LinearModel(
            name=str(doc["name"]),
            bias=float(doc["bias"]),  # type: ignore[arg-type]
            threshold=float(doc["threshold"]),  # type: ignore[arg-type]
            weights={str(k): float(v) for k, v in weights.items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: not a Sitrep linear model ({exc}); regenerate it with scripts/train_*.py") from exc


@cache
def load(name: str) -> LinearModel:
    """The shipped model ``bot/analysis/models/<name>.json``."""
    where = f"bot/analysis/models/{name}.json"
    try:
        text = resources.files("bot.analysis").joinpath("models", f"{name}.json").read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"{where} is missing; reinstall Sitrep or regenerate it with scripts/train_*.py") from exc
    return parse(json.loads(text), where=where)


def read_json(folder: Traversable, name: str, script: str) -> Mapping[str, object]:
    """``<folder>/<name>.json`` as a JSON object; a missing or broken file is one line naming ``script``,
    which regenerates it (a model switched on by a setting must not fail with a traceback)."""
    where = f"bot/analysis/models/{name}.json"
    try:
        doc = json.loads(folder.joinpath(f"{name}.json").read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{where} is missing; regenerate it with {script}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where} is not JSON ({exc.__class__.__name__}); regenerate it with {script}") from exc
    if not isinstance(doc, Mapping):
        raise ConfigError(f"{where} is not a JSON object; regenerate it with {script}")
    return doc
