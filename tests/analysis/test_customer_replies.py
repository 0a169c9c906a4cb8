"""Telling customers through the support desk is communication: a reply sent to every open
conversation or ticket, an email to a customer list. A reply to one customer while debugging, or a
grumble about tickets, is not.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

import pytest

from bot.analysis.classify import read
from tests.analysis.reading_support import one


@pytest.mark.parametrize(
    "text",
    [
        "replied to the 12 open conversations: known issue with exports, fix in progress",
        "sent a reply to all 40 affected tickets with the status link",
        "responded to every open chat with the macro",
        "sent the heads-up email to the enterprise customer list",
    ],
)
def test_a_reply_to_all_open_conversations_is_comms(text: str) -> None:
    assert read(one(text)).comms


@pytest.mark.parametrize(
    "text",
    [
        "replied to the customer in the thread, asked for a har file",
        "i replied to tickets all morning lol",
    ],
)
def test_one_reply_or_a_grumble_is_not(text: str) -> None:
    assert not read(one(text)).comms
