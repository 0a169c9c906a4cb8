"""The leave-one-batch-out table gives each fold the design built from its training rows alone.

The trainers' choices now slice one table instead of rebuilding the design for each held-out batch
(``bot/playback/fitting.py``); a choice is only the same choice if every fold's columns, their order,
their L2 and their values are the same. Rows here are drawn at random (words shared by few or many
batches, signals seen in one batch only, zero values, ties in spread at the cap), so the cases that
differ between a count over all batches and a count over the training rows come up.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import sparse

from bot.playback.fitting import GuardedConfig, GuardedTable


def _is_word(name: str) -> bool:
    return name.startswith("w:")


def _reference_design(
    rows: list[tuple[str, dict[str, float]]], config: GuardedConfig, cap: int
) -> tuple[sparse.csr_matrix, np.ndarray, list[str]]:
    """The batch guard as defined, built from the training rows alone (the per-fold builder the table
    replaced): every signal they use, then words of at least ``k`` batches, the most widespread first
    (ties by name), at most ``cap``, in name order; signals at ``l2``, words at ``word_l2``."""
    signals = sorted({n for _b, f in rows for n in f if not _is_word(n)})
    words: list[str] = []
    if config.k:
        seen: dict[str, set[str]] = {}
        for batch, features in rows:
            for name in features:
                if _is_word(name):
                    seen.setdefault(name, set()).add(batch)
        kept = sorted(((len(b), n) for n, b in seen.items() if len(b) >= config.k), key=lambda t: (-t[0], t[1]))
        words = sorted(n for _c, n in kept[:cap])
    names = signals + words
    index = {n: i for i, n in enumerate(names)}
    cells = [(r, index[n], v) for r, (_b, f) in enumerate(rows) for n, v in f.items() if n in index and v]
    x = sparse.csr_matrix(
        ([v for _r, _c, v in cells], ([r for r, _c, _v in cells], [c for _r, c, _v in cells])),
        shape=(len(rows), len(names)),
    )
    return x, np.array([config.l2] * len(signals) + [config.word_l2] * len(words)), names


_NAMES = [f"w:{c}" for c in "abcdefgh"] + ["s:one", "s:two", "s:rare"]
_features = st.dictionaries(st.sampled_from(_NAMES), st.sampled_from([0.0, 1.0, 0.5, 2.0]), max_size=6)
_rows = st.lists(st.tuples(st.sampled_from(["b1", "b2", "b3", "b4", "b5"]), _features), min_size=2, max_size=40)


def _same(rows: list[tuple[str, dict[str, float]]], held: str, config: GuardedConfig, cap: int) -> None:
    table = GuardedTable(rows, _is_word, cap)
    x, l2, names, mask = table.design({held}, config)
    kept = [r for r in rows if r[0] != held]
    x0, l20, names0 = _reference_design(kept, config, cap)
    assert names == names0
    assert list(mask) == [b != held for b, _f in rows]
    assert np.array_equal(l2, l20)
    assert x.shape == x0.shape
    assert (x != x0).nnz == 0


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(rows=_rows, held=st.sampled_from(["b1", "b2", "b3"]), k=st.sampled_from([None, 1, 2, 3]), cap=st.integers(1, 9))
def test_each_fold_gets_the_design_built_from_its_training_rows(
    rows: list[tuple[str, dict[str, float]]], held: str, k: int | None, cap: int
) -> None:
    _same(rows, held, GuardedConfig(1.0, k, 30.0), cap)


def test_a_word_of_the_held_out_batch_alone_never_reaches_its_fold() -> None:
    rows = [("b1", {"w:pool": 1.0, "s:one": 1.0}), ("b2", {"w:pool": 1.0}), ("b3", {"w:zorb": 1.0, "s:rare": 1.0})]
    table = GuardedTable(rows, _is_word, 10)
    _x, _l2, names, _mask = table.design({"b3"}, GuardedConfig(1.0, 1))
    assert names == ["s:one", "w:pool"]
    _x, _l2, names, _mask = table.design({"b1"}, GuardedConfig(1.0, 2))
    assert names == ["s:rare"]  # pool is used by b2 alone once b1 is out: under a guard of 2


@pytest.mark.parametrize("cap", [1, 2])
def test_the_cap_keeps_the_most_widespread_words_and_breaks_ties_by_name(cap: int) -> None:
    rows = [("b1", {"w:b": 1.0, "w:a": 1.0, "w:c": 1.0}), ("b2", {"w:b": 1.0, "w:c": 1.0}), ("b3", {"w:c": 1.0})]
    _same(rows, "none", GuardedConfig(1.0, 1), cap)
    _x, _l2, names, _mask = GuardedTable(rows, _is_word, cap).design(set(), GuardedConfig(1.0, 1))
    assert names == (["w:c"] if cap == 1 else ["w:b", "w:c"])
