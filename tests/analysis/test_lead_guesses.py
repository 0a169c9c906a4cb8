"""A guess of a few words opening a message that goes on with a reason ("firmware? we updated the
nic firmware last week") is a theory even when the vocabulary does not know its words; a short
question about the work, the people or the state of things is not (issue 14).

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from bot.analysis.claims import lead_guess
from bot.analysis.hypotheses import fold_messages
from bot.domain import Board
from tests.analysis.reading_support import said


def theories(*texts: str) -> list[str]:
    board = fold_messages(Board(channel="CINC"), [said(i, t) for i, t in enumerate(texts)])
    return [h.statement.lower() for h in board.hypotheses]


@pytest.mark.parametrize(
    ("message", "guess"),
    [
        ("firmware? we rolled new nic firmware to half the fleet on monday", "firmware"),
        ("fibre cut? the carrier had roadworks planned near the pop", "fibre cut"),
        ("hot partition again? last week all writes landed on one key range", "hot partition"),
        ("noisy neighbour on that hypervisor? steal time is through the roof", "noisy neighbour"),
        ("solar flare? half the gps clocks drifted at the same minute", "solar flare"),
        ("could be gitguardian being overeager, they flag half the repos", "gitguardian"),
        ("it could be tailscale acting up on the bastion", "tailscale"),
        ("might also be the flannel overlay", "flannel"),
    ],
)
def test_a_guess_at_an_unknown_thing_is_a_theory(message: str, guess: str) -> None:
    """A short guess opening a message that goes on with a reason, or "could be X"."""
    raised = theories("checkout errors everywhere since 10:02", message)
    assert len(raised) == 1 and guess in raised[0]


@pytest.mark.parametrize(
    "message",
    [
        "eta? support is asking every five minutes",
        "thoughts? i lean towards rolling back",
        "working now? my dashboard still shows red",
        "any chance? we are out of ideas",
        "friday? that was the last deploy window",
        "logs? i can't find the ingress ones",
        "all green? want to call it",
        "could be worse",
        "could be a while before they answer",
        "might be overkill",
        "could be a coincidence",
    ],
)
def test_a_question_about_the_work_or_a_judgement_is_no_theory(message: str) -> None:
    assert theories("checkout errors everywhere since 10:02", message) == []


def test_the_guess_alone_is_too_little() -> None:
    """Without the reason that follows, one unknown word with a question mark may be anything."""
    assert lead_guess("firmware?") == "firmware"  # the shape holds ...
    assert theories("checkout errors everywhere since 10:02", "firmware?") == []  # ... but alone it raises nothing


def test_the_guess_is_refuted_like_any_theory() -> None:
    raised = fold_messages(
        Board(channel="CINC"),
        [
            said(0, "checkout errors everywhere since 10:02"),
            said(1, "firmware? we rolled new nic firmware to half the fleet on monday"),
            said(2, "ruled out the firmware, the old-firmware hosts fail the same way"),
        ],
    ).hypotheses
    assert [h.status for h in raised] == ["refuted"]
