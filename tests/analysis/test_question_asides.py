"""Theory questions with something around them (issue 14): a generic other option ("…, or is it something
else?"), an aside after a dash that carries the question mark ("could it be the tablets — clocks off?"),
and a doubt about a part being cleared ("are we sure the cdn isn't part of this?"). Each still raises the
theory it names; the controls raise nothing: a question about the incident itself ("is this known?") and the
time of day where users are ("it's 8am there") are not theories, and a participle used as an adjective ("for
every deleted order") states no cause. Written for this test, not from any incident channel.
"""

from __future__ import annotations

import pytest

from tests.analysis.trap_support import T, Trap, problems

SYMPTOM = ("ana", "label printing fails at every warehouse")

TRAPS: tuple[Trap, ...] = (
    T(
        "raise",
        "or_something_else",
        (SYMPTOM, ("bo", "is the label worker stuck on its queue or is it something else?")),
        {1: "open"},
    ),
    T("raise", "or_anything_else_comma", (SYMPTOM, ("bo", "zebra driver update, or something else entirely?")), {}),
    T(
        "raise",
        "dash_aside_question",
        (SYMPTOM, ("bo", "could this be on the scanner side — clock drift on the handhelds? we saw that in march")),
        {1: "open"},
    ),
    T(
        "raise",
        "are_we_sure_not_part",
        (SYMPTOM, ("bo", "are we sure the label-render service isn't part of this?")),
        {1: "open"},
    ),
    T("raise", "r_u_sure_not_behind", (SYMPTOM, ("bo", "r u sure the cups daemon isn't behind it?")), {1: "open"}),
    T(
        "not_theory",
        "dash_statement",
        (SYMPTOM, ("bo", "restarted the spooler — still failing")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "is_this_known",
        (SYMPTOM, ("bo", "3 tickets from EU sites. is this known?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "time_of_day_there",
        (SYMPTOM, ("bo", "calls from the west coast now. it's 8am there, shift start")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "participle_as_adjective",
        (SYMPTOM, ("bo", "script ready that files a ticket for every deleted order with what happened. running it")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "are_we_sure_about_a_step",
        (SYMPTOM, ("bo", "are we sure we want to restart every printer?")),
        {},
        none=frozenset({1}),
    ),
)


@pytest.mark.parametrize("trap", TRAPS, ids=lambda t: f"{t.family}-{t.name}")
def test_the_theory_inside_the_question_is_raised(trap: Trap) -> None:
    assert problems(trap) == []


SELF_SUSPECTED: tuple[Trap, ...] = (
    T(
        "raise",
        "own_change_could_be_me",
        (SYMPTOM, ("bo", "hm. i switched printer.render_v3 on for all sites ten min ago. could be me")),
        {1: "open"},
    ),
    T(
        "raise",
        "own_push_probably_mine",
        (SYMPTOM, ("bo", "i pushed the spooler-proxy 1.8 config at 09:12. that's probably my change")),
        {1: "open"},
    ),
    T(
        "not_theory",
        "step_under_way",
        (SYMPTOM, ("bo", "restarting the spoolers now. could be me")),
        {},
        none=frozenset({1}),
    ),
)
"""A responder suspecting their own change after saying what they did: that change is the theory; a step
under way before "could be me" is not."""


@pytest.mark.parametrize("trap", SELF_SUSPECTED, ids=lambda t: f"{t.family}-{t.name}")
def test_a_change_its_author_suspects_is_raised(trap: Trap) -> None:
    assert problems(trap) == []
