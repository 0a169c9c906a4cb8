"""The committed sample RCA is what the script regenerates (the example's final external RCA)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from bot.domain import RCA_SECTIONS
from tests.customer_support import FORBIDDEN

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sample_rca", ROOT / "scripts" / "make_sample_rca.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_sample_rca_is_up_to_date() -> None:
    """examples/sample-rca.md is regenerated exactly; it fails when the drafting or review changed it."""
    sample = _script().build_sample()
    assert (ROOT / "examples" / "sample-rca.md").read_text(encoding="utf-8") == sample, (
        "run .venv/bin/python scripts/make_sample_rca.py"
    )
    assert sample.startswith("# Root cause analysis: inc-checkout-latency\n")
    assert "**Status:** Final" in sample and "never sends it" in sample
    for _, title in RCA_SECTIONS:
        assert f"## {title}" in sample
    customer_part = sample.split("\n---\n", 1)[0]
    for word in FORBIDDEN["example"]:
        assert word not in customer_part, word
    for name in ("Priya", "Tomás", "Marcus", "Lena", "Dana", "Aiko"):
        assert name not in sample, name
