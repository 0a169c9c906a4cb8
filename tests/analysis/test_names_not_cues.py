"""Words that open a theory list must not steer the board when they are part of a name:
"options-stream" is a service, not "options:".

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from tests.analysis.reading_support import board


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
