"""What the trainer tests share: the training scripts loaded as modules, and a tiny dev set.

The scripts live in ``scripts/`` (not a package), so a test loads one by path to call its ``main``
on a temporary dev set and compare the files it writes.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "incidents" / "fixture" / "ledger-queue-stall"


def load_script(name: str) -> ModuleType:
    """``scripts/<name>.py`` as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def three_batch_dev(root: Path) -> Path:
    """Three batches of one incident each (the fixture copied under three slugs) under ``root``."""
    for batch in ("x", "y", "z"):
        slug = f"ledger-{batch}"
        shutil.copytree(FIXTURE, root / slug)
        (root / f"SOURCES_{batch}.md").write_text(f"| {slug} | fixture |\n", encoding="utf-8")
    return root
