"""Two readings of recovery wording, written from general SRE phrasing (not from any incident channel).

- "X is back as of now" states the end of impact; only "back as <something>" ("the
  old peers are back as neighbours") is about something else.
- A health figure said to rule a suspect out ("replica lag fine, so it's not replication") is a
  diagnosis, not recovery, whichever words say the figure is fine.
"""

from __future__ import annotations

import pytest

from bot.domain import Message
from tests.analysis.reading_support import mitigated_after, said

ALERT = said(0, "[FIRING] edge probe loss > 20%", "Alertmanager", bot=True)  # 16:26


def mitigated(messages: list[Message]) -> str | None:
    return mitigated_after(ALERT, messages)


@pytest.mark.parametrize(
    "text",
    [
        "transit is back as of now",
        "checkout is back as of a minute ago",
        "the eu shards are back as of right now",
    ],
)
def test_back_as_of_now_is_the_mitigation(text: str) -> None:
    """Before, "back as" read as "back as <something>" and the recovery was missed."""
    assert mitigated([said(30, text, "kemi")]) is not None


def test_back_as_something_else_is_not() -> None:
    """Control: the old peers returning in another role is no recovery of the service."""
    assert mitigated([said(30, "the old route reflectors are back as peers", "kemi")]) is None


@pytest.mark.parametrize(
    "text",
    [
        "replica lag fine (<1s) so it's not replication eating the disk",
        "gc fine on the hot nodes, so not the jvm",
    ],
)
def test_a_figure_said_fine_to_rule_a_suspect_out_is_not_recovery(text: str) -> None:
    assert mitigated([said(30, text, "kemi")]) is None
