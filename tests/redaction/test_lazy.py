"""A lazy redactor loads spaCy only at its first text: a front whose messages the ingest worker
redacts keeps ~130 MB less, and redacts the same once it has loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

SCRIPT = """
import json, sys
from pathlib import Path

def peak_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

from bot.redaction import Redactor
r = Redactor(["Priya Raman"], lazy=True)
r.add_known_names(["Marcus Oyelaran"])
before = {"loaded": r.loaded, "spacy": "spacy" in sys.modules, "presidio": "presidio_analyzer" in sys.modules,
          "mb": peak_mb()}
text = "Priya: mail jane.doe@example.org, Marcus has aws_secret_access_key=wJ9rT2xLq8Zv4NbPc6Hs1YdKm3Fg7Ue5Ai0oRtVx"
lazy = r.redact(text, scope="C1").text
eager = Redactor(["Priya Raman", "Marcus Oyelaran"]).redact(text, scope="C1").text
print(json.dumps({"before": before, "loaded": r.loaded, "mb": peak_mb(), "lazy": lazy, "eager": eager}))
"""


def test_a_lazy_redactor_loads_spacy_at_its_first_text_and_redacts_the_same() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["before"]["loaded"] is False
    assert got["before"]["spacy"] is False and got["before"]["presidio"] is False
    assert got["loaded"] is True
    assert got["mb"] - got["before"]["mb"] > 80  # what the front no longer holds until it needs it
    assert got["lazy"] == got["eager"]
    assert "jane.doe@example.org" not in got["lazy"] and "wJ9rT2" not in got["lazy"]
    assert "Priya" in got["lazy"] and "Marcus" in got["lazy"]
