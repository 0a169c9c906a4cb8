"""Theories floated by saying what they would explain (issue 14).

Responders often put a theory as a finding or a guess followed by a closer: "<something>? that'd
explain it", "<something> would look like this". The clause before the closer is the theory, even
when it names a part the vocabulary does not know. A request or a plan before the closer ("can you
check X? that would explain it") is not a theory: the closer is about what the check might find.
The channels are written for this test in general incident language.
"""

from __future__ import annotations

import pytest

from tests.analysis.trap_support import T, Trap, problems

TRAPS: tuple[Trap, ...] = (
    T(
        "raise",
        "unknown_name_could_be_it",
        (("ana", "tiles render half blank since noon"), ("bo", "the rasterizer pool could be it")),
        {1: "open"},
    ),
    T(
        "raise",
        "unknown_name_might_be_to_blame",
        (("ana", "tiles render half blank since noon"), ("bo", "the flannel overlay might be to blame")),
        {1: "open"},
    ),
    T(
        "raise",
        "unknown_name_is_my_guess",
        (("ana", "tiles render half blank since noon"), ("bo", "the new rasterizer is my guess")),
        {1: "open"},
    ),
    T(
        "raise",
        "unknown_name_thats_my_bet",
        (("ana", "tiles render half blank since noon"), ("bo", "the nightly rebalancer, that's my bet.")),
        {1: "open"},
    ),
    T(
        "raise",
        "same_clause_prime_suspect_then_a_step",
        (
            ("ana", "card payments failing since 09:40"),
            ("bo", "only change to the gateway today is CHG-208, so that's my prime suspect. reverting it to be safe"),
        ),
        {1: "open"},
    ),
    T(
        "raise",
        "name_is_my_prime_suspect",
        (("ana", "card payments failing since 09:40"), ("bo", "CHG-208 is my prime suspect")),
        {1: "open"},
    ),
    T(
        "raise",
        "same_clause_looks_fishy_with_a_period",
        (("ana", "card payments failing since 09:40"), ("bo", "the 09:30 token rotation, looks fishy.")),
        {1: "open"},
    ),
    T(
        "raise",
        "unknown_part_question_then_explain",
        (("ana", "half the rack dropped off at once"), ("bo", "linecard dying? that would explain it")),
        {1: "open"},
    ),
    T(
        "raise",
        "contracted_explain",
        (("ana", "writes stall every few minutes"), ("bo", "fsync storms on the journal volume? that'd explain it")),
        {1: "open"},
    ),
    T(
        "raise",
        "fits_the_timing",
        (
            ("ana", "errors began right after 14:05"),
            ("bo", "cron rotating creds at 14:00? which would fit the timing"),
        ),
        {1: "open"},
    ),
    T(
        "raise",
        "would_look_like_this",
        (("ana", "pods evicted across two nodes"), ("bo", "hmm. a full ephemeral disk would look like this")),
        {1: "open"},
    ),
    T(
        "not_theory",
        "request_then_explain",
        (("ana", "queue depth climbing"), ("bo", "can you check the consumer lag? that would explain it")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "plan_then_explain",
        (("ana", "latency doubled"), ("bo", "let's pull the gc logs. that'd explain it if so")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "explains_nothing",
        (("ana", "still 502s"), ("bo", "restarted the pods. that would explain nothing")),
        {},
        none=frozenset({1}),
    ),
)


@pytest.mark.parametrize("trap", TRAPS, ids=lambda t: f"{t.family}-{t.name}")
def test_closer_raises_the_clause_before_it_and_only_a_theory(trap: Trap) -> None:
    assert problems(trap) == []
