"""Words that open a theory list or are mere fillers must not steer the board when they are part of a
name or sit beside one: "options-stream" is a service, not "options:", and "the cdn itself" names the
cdn, not a claim about "itself".

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board, Hypothesis
from tests.analysis.reading_support import said


def board(*texts: str) -> tuple[Hypothesis, ...]:
    return fold_messages(Board(channel="CINC"), [said(i, t) for i, t in enumerate(texts)]).hypotheses


@pytest.mark.parametrize(
    "text",
    [
        "restarted options-stream / options-worker deployment, all pods rolled",
        "bounced candidates-api, pods are back",
        "redeployed suspects-indexer, all 3 replicas healthy",
    ],
)
def test_a_step_on_a_service_named_like_a_list_cue_raises_no_theory(text: str) -> None:
    assert board(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "two options: roll back the release, or wait for the vendor",
        "options - roll back now or dig further",
    ],
)
def test_a_list_of_ways_out_is_still_no_theory(text: str) -> None:
    """Control: the cue itself still reads as a list of options, which is not a cause."""
    assert all(h.status == "open" for h in board(text))


@pytest.mark.parametrize("reflexive", ["itself", "themselves"])
def test_a_cause_naming_the_suspected_provider_confirms_it_whatever_the_reflexive(reflexive: str) -> None:
    hs = board(
        f"that's the cdn's own error page, not ours. looks like the cdn {reflexive}",
        "checking their status page",
        "so: the cdn is having a global outage. our api runs on edge workers and the app domain is proxied "
        "through the cdn, so both go down with it",
    )
    (cdn,) = [h for h in hs if h.raised_ts == said(0, "").ts]
    assert cdn.status == "confirmed"
