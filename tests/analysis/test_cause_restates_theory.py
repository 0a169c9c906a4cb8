"""A stated cause that restates an earlier guess in other words confirms that guess instead of
settling it: the board then shows the theory as proven, not refuted by its own write-up.

Written for these tests in general incident phrasing (not taken from any incident channel).
"""

from __future__ import annotations

from tests.analysis.reading_support import board, status_of


def test_a_cause_repeating_most_of_a_guess_confirms_it() -> None:
    """The guess names nothing the vocabulary knows; the cause repeats its words, reworded and
    inflected ("thumbnails" / "thumbnail", "resizing" / "resize"), so it is that guess proven."""
    hs = board(
        "hunch: the thumbnail resizer chokes on huge uploads and stalls the whole pool?",
        "pulling a sample of the slow requests",
        "root cause: huge uploads make the thumbnail resize worker choke, stalling everything behind it",
    )
    assert status_of(hs, "resizer") == "confirmed"
    assert len([h for h in hs if h.status == "confirmed"]) == 1


def test_a_cause_sharing_only_a_word_or_two_settles_the_guess() -> None:
    """Control: a cause that shares one word with an unbacked guess is another cause; the guess is settled."""
    hs = board(
        "hunch: the thumbnail resizer chokes on huge uploads?",
        "pulling a sample of the slow requests",
        "root cause: an expired signing key on the image proxy rejected every upload",
    )
    assert status_of(hs, "resizer") == "refuted"


def test_a_cause_restating_two_guesses_equally_confirms_neither() -> None:
    """Two guesses the cause repeats about as much: confirming either could be the wrong one."""
    hs = board(
        "maybe the thumbnail resizer chokes on huge uploads?",
        "maybe huge uploads choke the cropper sidecar on the thumbnail path?",
        "root cause: huge uploads make the thumbnail resize worker choke",
    )
    assert len(hs) == 3
    assert status_of(hs, "resizer") != "confirmed"
    assert status_of(hs, "cropper") != "confirmed"


def test_a_guess_refuted_by_evidence_is_not_revived_by_a_rewording() -> None:
    """A guess someone ruled out stays refuted even when a later cause repeats its words."""
    hs = board(
        "maybe the thumbnail resizer chokes on huge uploads?",
        "ruled out the thumbnail resizer, it's idle",
        "root cause: huge uploads make the thumbnail resize worker choke",
    )
    assert status_of(hs, "resizer") == "refuted"


def test_a_yes_that_goes_on_to_state_the_cause_confirms_the_theory_just_floated() -> None:
    """ "yes, checked: <the cause in its own words>" right after a theory answers that theory."""
    hs = board(
        "hmm, maybe the restore used the copy taken after the cleanup job ran?",
        "yes, checked: the snapshot we used was taken after the purge job dropped the tables",
    )
    assert status_of(hs, "cleanup") == "confirmed"


def test_a_yes_after_an_unrelated_question_does_not_confirm_an_older_theory() -> None:
    """Control: the yes answers the question asked just before it, not the theory before that."""
    hs = board(
        "hmm, maybe the restore used the copy taken after the cleanup job ran?",
        "which region is the restore running in?",
        "yes, checked: the snapshot we used was taken after the purge job dropped the tables",
    )
    assert status_of(hs, "cleanup") != "confirmed"


def test_a_cause_stated_in_the_words_the_guess_was_put_in_confirms_it() -> None:
    """The short statement ("keepalive") shares little with the cause, but the message that raised it
    said how: the cause repeats five of its content words, so it is that guess proven."""
    hs = board(
        "smells like keepalive. if the sidecars drop idle upstream conns before the balancer does, the balancer "
        "keeps reusing a socket that's already closed and returns a 502",
        "pulling the sidecar and balancer timeout configs",
        "root cause: mismatched idle timeouts, the sidecars close idle upstream conns the balancer keeps reusing",
    )
    assert status_of(hs, "keepalive") == "confirmed"


def test_a_cause_sharing_a_few_words_with_how_the_guess_was_put_still_settles_it() -> None:
    """Control: three words in common ("idle", "conns", "balancer") are not the guess restated."""
    hs = board(
        "smells like keepalive. if the sidecars drop idle upstream conns before the balancer does, the balancer "
        "keeps reusing a socket that's already closed and returns a 502",
        "pulling the sidecar and balancer timeout configs",
        "root cause: an expired cert on the balancer's listener, idle conns were never the problem",
    )
    assert status_of(hs, "keepalive") != "confirmed"
