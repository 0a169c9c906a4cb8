"""What the trainers' leave-one-batch-out choice spends on building designs: per fold, or sliced from one table.

The raise and status trainers fit once per held-out batch and configuration. Before, each fit rebuilt
its vocabulary and sparse matrix from the feature dicts (:func:`bot.playback.fitting.guarded_design`);
now one :class:`bot.playback.fitting.GuardedTable` is built per choice and each fold is a slice. Both
give the same design (``tests/playback/test_fitting_table.py``); this measures the time, in the same
run, on rows shaped like the raise trainer's on dev 483: BATCHES batches, ROWS messages, each with
about 25 named signals and 15 words drawn from a long-tailed vocabulary. It also times a few fits
(L-BFGS, the same in both) so the share of the design in a whole choice can be read off.

Run: ``.venv/bin/python bench/fold_design.py [folds]`` (default 40 folds of 314; the per-fold figures
scale to all of them).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.playback.fitting import GuardedConfig, GuardedTable, fit_matrix, guarded_design  # noqa: E402

BATCHES = 314
ROWS = 40_000
SIGNALS = 120
WORDS = 20_000
CAP = 1500
CONFIG = GuardedConfig(1.0, 5, 30.0)


def _is_word(name: str) -> bool:
    return name.startswith("w:")


def rows(seed: int = 7) -> list[tuple[str, dict[str, float]]]:
    rng = random.Random(seed)
    ranks = np.arange(1, WORDS + 1)
    weights = list(1.0 / ranks)  # Zipf: a few words everywhere, most in one batch or two
    out = []
    for i in range(ROWS):
        batch = f"b{i * BATCHES // ROWS:03d}"
        features = {f"s:{rng.randrange(SIGNALS)}": rng.choice((1.0, 0.5, 2.0)) for _ in range(25)}
        features.update({f"w:{w}": 1.0 for w in rng.choices(range(WORDS), weights=weights, k=15)})
        out.append((batch, features))
    return out


def main(folds: int = 40) -> None:
    data = rows()
    batches = sorted({b for b, _f in data})[:folds]
    labels = np.array([random.Random(i).random() < 0.05 for i in range(len(data))], dtype=float)

    start = time.perf_counter()
    for b in batches:
        guarded_design([r for r in data if r[0] != b], CONFIG, _is_word, CAP)
    per_fold = time.perf_counter() - start

    start = time.perf_counter()
    table = GuardedTable(data, _is_word, CAP)
    built = time.perf_counter() - start
    start = time.perf_counter()
    for b in batches:
        table.design({b}, CONFIG)
    sliced = time.perf_counter() - start

    start = time.perf_counter()
    for b in batches[:3]:
        x, l2, _names, mask = table.design({b}, CONFIG)
        fit_matrix(x, labels[mask], l2=l2)
    fit_each = (time.perf_counter() - start) / 3

    print(f"rows {len(data)}, batches {BATCHES}, folds timed {folds}")
    print(f"design per fold (before): {per_fold / folds * 1000:.0f} ms a fold, {per_fold:.1f} s")
    print(f"table (after): built once {built:.1f} s, then {sliced / folds * 1000:.0f} ms a fold, {sliced:.1f} s")
    print(f"fit (L-BFGS, same either way): {fit_each * 1000:.0f} ms a fold")
    whole_before = BATCHES * (per_fold / folds + fit_each)
    whole_after = built + BATCHES * (sliced / folds + fit_each)
    print(f"one configuration's choice over {BATCHES} folds: {whole_before:.0f} s -> {whole_after:.0f} s")
    print(
        f"ratio (before / after), design only: {per_fold / (built + sliced):.1f}; whole choice: "
        f"{whole_before / whole_after:.2f}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
