"""A theory let go in so many words ("dropping that one", "parking the kafka idea") is a refutation;
a system dropping things, or a theory parked only for now, is not. The board-level cases are traps in
``test_raise_refute_traps.py`` (agreed_then_let_go, parked_the_idea)."""

from __future__ import annotations

import pytest

from bot.analysis import lexicon as lx


@pytest.mark.parametrize(
    "text",
    [
        "ok that can't do 40 req/s from one ip. dropping that one",
        "Dropping this one, the graphs don't line up",
        "let's drop the dns idea, resolvers answer in 2ms",
        "so let's park the kernel theory",
        "error shapes match the deploy, not the cache: shelving the cache hunch",
        "abandoning the ddos angle, traffic is flat",
    ],
)
def test_a_theory_let_go_reads_as_dropped(text: str) -> None:
    assert lx.REFUTE_DROPPED.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "if the retry comes with the same key we'd drop the second one as a dupe",
        "the lb is dropping the first one of every batch",
        "parking that theory for now, will come back after the rollback",
        "packets dropped at the edge, the one in fra",
        "drop the table after the restore finishes",
    ],
)
def test_a_system_dropping_things_or_a_pause_is_no_refutation(text: str) -> None:
    assert not lx.REFUTE_DROPPED.search(text)
