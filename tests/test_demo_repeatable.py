"""`sitrep demo` gives the same files every run, even on a busy machine, and ships in the wheel."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_FILES = {
    "bot/examples/inc-checkout-latency/channels.json",
    "bot/examples/inc-checkout-latency/users.json",
    "bot/examples/inc-checkout-latency/inc-checkout-latency/2026-03-14.json",
    "bot/examples/inc-checkout-latency/inc-checkout-latency/2026-03-15.json",
}
OUTPUTS = {
    "sitreps.md",
    "hypotheses.md",
    "postmortem.md",
    "postmortem.json",
    "evidence.json",
    "transcript.md",
    "timeline.png",
    "timeline.svg",
    "postmortem.html",
    "rca.md",
    "rca.json",
    "rca.html",
}


@contextmanager
def busy_cpus(n: int = 2) -> Iterator[None]:
    """``n`` processes spinning on the CPU beside the test, killed after it."""
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


def _demo(out: Path) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(["demo", "--out", str(out)], stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.mark.slow
def test_demo_writes_identical_files_twice_beside_two_busy_loops(tmp_path: Path) -> None:
    """Ticks wait until the app is idle, so the sitreps, transcript and hash chain depend on simulated time only."""
    with busy_cpus(2):
        runs = [_demo(tmp_path / f"run{i}") for i in (1, 2)]
    for code, _, err in runs:
        assert code == 0, err
    first, second = ({p.name: p.read_bytes() for p in (tmp_path / f"run{i}").iterdir()} for i in (1, 2))
    assert set(first) == OUTPUTS
    assert first.keys() == second.keys()
    for name in sorted(first):
        assert first[name] == second[name], f"{name} differs between two runs"
    assert first["sitreps.md"].count(b"\n## Sitrep #") >= 10


def test_a_demo_past_its_deadline_keeps_what_it_made_and_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No time at all: the first wait fails, the outputs so far are written, and one line says what to do."""
    monkeypatch.setattr("bot.playback.settle.DEMO_DEADLINE_S", 0.0)
    code, out, err = _demo(tmp_path / "out")
    assert code == 2
    errors = [line for line in err.splitlines() if line.startswith("sitrep: error:")]
    assert len(errors) == 1 and errors[0].startswith("sitrep: error: the demo did not see ")
    assert all(line.startswith("sitrep: ") for line in err.splitlines())  # progress steps, then the one error
    assert "0 s deadline" in err and f"is in {tmp_path / 'out'}" in err
    assert "rerun `sitrep demo` when the machine is less busy" in err
    assert "Traceback" not in err + out
    written = {p.name for p in (tmp_path / "out").iterdir()}
    # Nothing played yet: no times to chart, and no RCA (it is drafted after the final postmortem).
    assert written >= OUTPUTS - {"timeline.png", "timeline.svg", "rca.md", "rca.json", "rca.html"}
    assert "Sitrep #" not in (tmp_path / "out" / "sitreps.md").read_text()  # nothing was played yet


def test_demo_explains_an_export_with_several_channels(tmp_path: Path) -> None:
    """`sitrep demo EXPORT` takes any export; with several channels it asks which one."""
    export = tmp_path / "export"
    shutil.copytree(REPO / "bot" / "examples" / "inc-checkout-latency", export)
    shutil.copytree(export / "inc-checkout-latency", export / "inc-other")
    channels = json.loads((export / "channels.json").read_text())
    other = {**channels[0], "id": "C0OTHER", "name": "inc-other"}
    (export / "channels.json").write_text(json.dumps([*channels, other]))
    stderr = io.StringIO()
    code = main(["demo", str(export), "--out", str(tmp_path / "out")], stdout=io.StringIO(), stderr=stderr)
    assert code == 2
    assert "holds several channels (inc-checkout-latency, inc-other)" in stderr.getvalue()
    assert "--channel NAME" in stderr.getvalue()


# A hung child (its embedded store killed under load) fails this test instead of stalling CI.
_STEP_LIMIT_S = 600


@pytest.mark.slow
def test_the_wheel_ships_the_example_and_its_demo_runs_from_elsewhere(tmp_path: Path) -> None:
    """`pip install sitrep-bot` then `sitrep demo`: the example is package data, found from any cwd."""
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "bot", source / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(tmp_path / "dist")],
        capture_output=True,
        text=True,
        check=False,
        timeout=_STEP_LIMIT_S,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("sitrep_bot-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert set(archive.namelist()) >= EXAMPLE_FILES
        archive.extractall(tmp_path / "installed")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "installed")}
    where = subprocess.run(
        [sys.executable, "-c", "import bot.cli; print(bot.cli._bundled_example())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=_STEP_LIMIT_S,
    )
    assert where.stdout.strip() == str(tmp_path / "installed" / "bot" / "examples" / "inc-checkout-latency")
    ran = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--out", "out"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=_STEP_LIMIT_S,
    )
    assert ran.returncode == 0, ran.stderr
    assert "Played #inc-checkout-latency" in ran.stdout
    assert {p.name for p in (elsewhere / "out").iterdir()} == OUTPUTS
