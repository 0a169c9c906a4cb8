"""Pure checks behind the Claude engine: grounding, blameless wording, secrets, budget, breaker."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.analysis.blameless import blame_flags
from bot.clock import ManualClock
from bot.engines.claude.breaker import CircuitBreaker
from bot.engines.claude.budget import chunk_lines, estimate_request, estimate_tokens
from bot.engines.claude.checks import Grounding, all_citations, is_unknown, scrub_secrets
from bot.engines.claude.engine import describe_failure, fallback_label, is_fallback

PEOPLE = ["Priya", "Marcus", "Tomas", "UTOMAS"]


@pytest.mark.parametrize(
    "text",
    [
        "Priya forgot to update the config.",
        "The on-call engineer failed to escalate the page.",
        "It was Marcus's mistake.",
        "A careless change by Tomas took checkout down.",
        "<@U042ABC> neglected the alert",
        "Tomas should have checked the dashboard first",
    ],
)
def test_blame_tied_to_a_person_is_flagged(text: str) -> None:
    """A person next to a blame word is flagged, by name, mention or role."""
    (flag,) = blame_flags([("summary", text)], PEOPLE)
    assert flag.startswith("Blameless check (summary)")


@pytest.mark.parametrize(
    "text",
    [
        "The deploy pipeline failed to roll back automatically.",
        "Priya reported that checkout failed to load.",
        "Marcus said payments-gateway failed to respond.",
        "No alert fired on retry rate; detection relied on customers.",
        "Tomas rolled back deploy #4812.",
    ],
)
def test_system_framing_is_not_flagged(text: str) -> None:
    assert blame_flags([("summary", text)], PEOPLE) == []


def test_grounding_keeps_only_existing_citations() -> None:
    g = Grounding({"1.1", "2.2"})
    assert g.keep(["1.1", " 2.2 ", "1.1", "9.9"]) == (("1.1", "2.2"), False)
    assert g.dropped == ["9.9"]
    assert g.claim("fact", ["1.1"]).verified
    assert not g.claim("fact", ["9.9"]).verified
    assert not g.claim("fact", []).verified
    assert g.claim("Unknown — nobody said", []).verified
    assert g.claim("try X", [], needs_citation=False).verified
    assert g.text("fact", ["1.1", "8.8"]) == ("fact [ts 1.1] (unverified)", False)
    assert g.text("fact", ["2.2"]) == ("fact [ts 2.2]", True)


def test_all_citations_walks_every_citing_key() -> None:
    reply = {
        "a": {"citations": ["1", "2"]},
        "b": [{"ts": "3", "supporting": ["4"], "refuting": ["5"], "raised_ts": "6"}],
        "text": "7",
    }
    assert sorted(all_citations(reply)) == ["1", "2", "3", "4", "5", "6"]
    assert is_unknown("  unknown: evidence needed")


def test_token_shapes_are_scrubbed_from_output() -> None:
    text = 'post "xoxb-1234567890-abcdefghij" and sk-ant-api03-abcdefgh and AKIAABCDEFGHIJKLMNOP'
    clean, n = scrub_secrets(text)
    assert n == 3 and "xoxb-" not in clean and "sk-ant" not in clean and "AKIA" not in clean
    assert clean.count('"') == 2  # safe inside JSON strings


def test_budget_estimates_are_pessimistic_and_chunks_fit() -> None:
    assert estimate_tokens("x" * 300) == 100
    assert estimate_request(["x" * 300], {"type": "object"}) > 100
    lines = [f"line {i} " + "y" * 50 for i in range(100)]
    chunks = chunk_lines(lines, 200)
    assert [line for c in chunks for line in c] == lines
    assert all(sum(estimate_tokens(line) + 1 for line in c) <= 200 for c in chunks)
    assert chunk_lines(["z" * 3000], 200) == [["z" * 3000]]
    with pytest.raises(ValueError, match="positive"):
        chunk_lines(lines, 0)


def test_circuit_breaker_opens_pauses_and_half_opens(clock: ManualClock) -> None:
    breaker = CircuitBreaker(clock, failure_threshold=2, reset_after=timedelta(seconds=60))
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state == "closed"
    breaker.record_failure()
    assert breaker.state == "open" and not breaker.allow()
    assert breaker.retry_at == clock.now() + timedelta(seconds=60)
    clock.advance(timedelta(seconds=60))
    assert breaker.state == "half_open"
    assert breaker.allow() and not breaker.allow()  # one trial at a time
    breaker.record_failure()  # the trial failed: open again, timer restarted
    assert breaker.state == "open"
    clock.advance(timedelta(seconds=60))
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state == "closed" and breaker.retry_at is None
    with pytest.raises(ValueError, match="at least 1"):
        CircuitBreaker(clock, failure_threshold=0)


def test_failure_reasons_are_short_and_say_whether_the_endpoint_is_at_fault() -> None:
    import json

    assert describe_failure(json.JSONDecodeError("x", "y", 0)) == ("unreadable response", True)
    assert describe_failure(RuntimeError("boom")) == ("unexpected error (RuntimeError)", True)
    label = fallback_label("timed out")
    assert label == "offline draft (Claude unavailable: timed out)" and is_fallback(label)
    assert not is_fallback("claude (claude-sonnet-5-5)")


def test_inline_citations_in_prose_move_into_the_citations() -> None:
    """A model that copies "[ts …]" into its text gets it checked and shown once."""
    from bot.engines.claude.convert import prose
    from bot.engines.claude.schema import Cited

    g = Grounding({"1.1", "2.2"})
    assert prose(g, Cited(text="EU only [ts 1.1]", citations=["2.2"])) == "EU only [ts 2.2, 1.1]"
    assert prose(g, Cited(text="EU only [ts 9.9]", citations=[])) == "EU only (unverified)"
