"""One evaluation replays many exports through one redactor; each export is its own workspace, so an
incident's score must not depend on which incidents were replayed before it (session 33 found two dev
incidents whose timeline F1 changed with the order: members of an earlier export stayed known)."""

from __future__ import annotations

from pathlib import Path

from bot.config import load_settings
from bot.playback.evaluate import evaluate_incident
from bot.redaction import Redactor

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "incidents" / "fixture" / "ledger-queue-stall"


def test_an_evaluated_exports_members_are_not_known_afterwards() -> None:
    redactor = Redactor(["Marcus Feldt"])
    settings = load_settings(anthropic_api_key=None, redis_url=None)
    evaluate_incident(FIXTURE, settings=settings, redactor=redactor)
    text = "Ines Duarte and Marcus Feldt are draining the ledger queue"
    kept = redactor.redact(text).text
    assert "Marcus Feldt" in kept  # what the redactor knew before the replay
    assert "Ines Duarte" not in kept  # a member of the replayed export only
