"""Folding a transcript into the board gives the same board however the messages are batched.

Replay and the live bot fold whatever arrived since the last tick: one message, or a hundred. A
"that's it" right after a theory refers to it whether or not the theory arrived in the same batch,
so the board must not depend on where the batches split. Checked on every dev-set transcript.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board, Message
from bot.slackdata.export import read_export

DEV = Path(__file__).parents[1] / "data" / "incidents" / "dev"
FOLDERS = sorted(p for p in DEV.iterdir() if (p / "truth.json").is_file())


def _transcript(folder: Path) -> list[Message]:
    export = read_export(folder)
    channel = max(export.channels, key=lambda c: len(c.posts))
    return [
        Message(
            channel=channel.id,
            ts=m.ts,
            text="\n".join((m.text, *m.extra_texts)).strip(),
            user=m.user,
            user_name=m.user_name,
            thread_ts=m.thread_ts,
            subtype=m.subtype,
            is_bot=m.is_bot,
        )
        for m in channel.posts
    ]


TRANSCRIPTS = {folder.name: _transcript(folder) for folder in FOLDERS}


def _fold_in(messages: list[Message], cuts: list[int]) -> Board:
    board = Board(channel=messages[0].channel)
    bounds = [0, *sorted(set(cuts)), len(messages)]
    for lo, hi in pairwise(bounds):
        board = fold_messages(board, messages[lo:hi])
    return board


def test_the_dev_set_is_there() -> None:
    """The property below runs on real transcripts, not on an empty list."""
    assert len(TRANSCRIPTS) >= 12
    assert all(len(ms) >= 40 for ms in TRANSCRIPTS.values())


@pytest.mark.parametrize("slug", sorted(TRANSCRIPTS))
def test_one_message_at_a_time_equals_all_at_once(slug: str) -> None:
    """The two extremes: each message its own batch, and the whole transcript in one."""
    messages = TRANSCRIPTS[slug]
    at_once = fold_messages(Board(channel=messages[0].channel), messages)
    one_by_one = _fold_in(messages, list(range(1, len(messages))))
    assert one_by_one == at_once


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_split_equals_all_at_once(data: st.DataObject) -> None:
    """Any split into batches gives the board of one fold of everything."""
    slug = data.draw(st.sampled_from(sorted(TRANSCRIPTS)))
    messages = TRANSCRIPTS[slug]
    cuts = data.draw(st.lists(st.integers(min_value=1, max_value=len(messages) - 1), max_size=12))
    at_once = fold_messages(Board(channel=messages[0].channel), messages)
    assert _fold_in(messages, cuts) == at_once
