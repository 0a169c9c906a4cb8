"""A recovery that covers only part of what was hit is progress, not the end of impact.

Three shapes, written from general SRE phrasing (not from any incident channel):

- the part is the subject by its place in a rollout ("wave 1: …", "ring 1 …") or by pointing back at a
  counted few ("those 4 serving again");
- the recovery is limited after the fact to some of those hit ("… again for the tenants who
  opened tickets");
- the same step is still under way on the rest ("eu-3 is green again. restarting the remaining ones").

The whole recovered, said later, is the mitigation; a recovery without any of these is read as before.
"""

from __future__ import annotations

import pytest

from bot.domain import Message
from tests.analysis.reading_support import mitigated_after, said

ALERT = said(0, "[FIRING] ledger-api error ratio 0.27", "Alertmanager", bot=True)
WHOLE = said(60, "every region healthy, error ratio at baseline for 10 min. impact is over", "ines")


def mitigated(messages: list[Message]) -> str | None:
    return mitigated_after(ALERT, messages)


@pytest.mark.parametrize(
    "part",
    [
        "wave 1: error ratio for those merchants back to baseline",
        "ring 1 done, its hosts serving normally again",
        "promoted 4 standby primaries. those 4 serving again",
        "reports load again for the tenants who opened tickets",
        "statements work again for the accounts in the pilot group",
        "eu-3 is green again. restarting the remaining ones now",
        "first cell is back to normal. now the rest",
    ],
)
def test_a_part_recovering_is_not_the_mitigation(part: str) -> None:
    """Before, each of these set the mitigation at minute 20, 40 minutes before the whole recovered."""
    assert mitigated([said(20, part, "kemi"), WHOLE]) == mitigated([WHOLE])


@pytest.mark.parametrize(
    "whole",
    [
        "error ratio back to baseline for all merchants",
        "all 12 cells serving normally again",
        "reports load again for every tenant",
        "statements work again. i'll write up the rest of the timeline later",
    ],
)
def test_a_whole_recovery_is_still_the_mitigation(whole: str) -> None:
    """Controls: the same recoveries said of everything (a remainder of paperwork is not the rest of
    the fleet) still set the mitigation when they are said."""
    assert mitigated([said(20, whole, "kemi"), WHOLE]) != mitigated([WHOLE])
