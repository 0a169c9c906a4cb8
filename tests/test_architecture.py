"""The import contracts in pyproject.toml hold, and each one is a real check.

A contract that never fails is decoration. For every contract, a copy of the package gets one
import that the contract forbids; ``lint-imports`` must then report that contract broken.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

# contract id -> (module file to edit, line to add): the import the contract exists to forbid.
VIOLATIONS: dict[str, tuple[str, str]] = {
    "layers": ("bot/store/keys.py", "import bot.core.ingest"),
    "core-is-platform-free": ("bot/core/grounding.py", "import slack_sdk"),
    "engines-without-storage": ("bot/engines/offline.py", "import bot.store"),
    "slack-without-storage": ("bot/slack/texts.py", "import bot.store"),
    "sandbox-only-in-playback": ("bot/slack/texts.py", "import bot.sandbox.slack"),
    "trackers-without-storage-or-slack": ("bot/trackers/http.py", "import bot.store"),
}


def _contract_ids() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return [c["id"] for c in config["tool"]["importlinter"]["contracts"]]


def _lint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache", *args],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_every_contract_has_a_violation_to_prove_it() -> None:
    assert sorted(VIOLATIONS) == sorted(_contract_ids())


def test_the_package_keeps_every_contract() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(VIOLATIONS)} kept, 0 broken." in result.stdout


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package's sources and contracts, copied once; each test edits one file and restores it."""
    root = tmp_path_factory.mktemp("arch")
    shutil.copytree(ROOT / "bot", root / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.mark.parametrize("contract", sorted(VIOLATIONS))
def test_adding_the_forbidden_import_breaks_the_contract(package_copy: Path, contract: str) -> None:
    relative, line = VIOLATIONS[contract]
    target = package_copy / relative
    original = target.read_text()
    target.write_text(original + f"\n{line}  # added by the architecture test\n")
    try:
        result = _lint(package_copy, "--contract", contract)
    finally:
        target.write_text(original)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "0 kept, 1 broken." in result.stdout
    assert relative.removesuffix(".py").replace("/", ".") in result.stdout  # names the offending module
