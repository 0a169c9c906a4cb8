"""The words of a message for the key-event scorer: every specific is a placeholder, so two messages that
differ only in their numbers, times, people, links or ids read the same, and case does not matter."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.analysis.key_words import PAIR, WORD, tokens, word_features


def test_specifics_become_placeholders() -> None:
    assert tokens("Switched reads to the replica at 09:12, lag 40s, errors 3.5%") == (
        "switched", "reads", "to", "the", "replica", "at", "<time>", "lag", "<dur>", "errors", "<pct>",
    )  # fmt: skip
    assert tokens("<@U0AB12> please peek at `kubectl get pods` https://grafana.example/d/x") == (
        "<mention>", "please", "peek", "at", "<code>", "<url>",
    )  # fmt: skip
    assert tokens("<PERSON_3> reverted 9f3c2ab1 on node-17, 1,200 tasks waiting") == (
        "<redacted>", "reverted", "<id>", "on", "<id>", "<num>", "tasks", "waiting",
    )  # fmt: skip


def test_features_are_tokens_and_adjacent_pairs() -> None:
    assert word_features("Queue drained") == {f"{WORD}queue", f"{WORD}drained", f"{PAIR}queue_drained"}


def test_a_pasted_log_counts_once_per_token() -> None:
    assert word_features("timeout " * 2000) == {f"{WORD}timeout", f"{PAIR}timeout_timeout"}


@given(
    st.sampled_from(["14:05", "9:40 am", "23:59:01"]),
    st.sampled_from(["v2.4.1", "build-8812", "4e1f0a9c"]),
    st.integers(min_value=1, max_value=99_999),
    st.sampled_from([str.lower, str.upper, str.title]),
)
@settings(max_examples=40, deadline=None)
def test_rewording_specifics_and_case_keeps_the_words(clock: str, change: str, count: int, case: object) -> None:
    base = word_features("rolled back v1 at 10:00, 5 pods restarted")
    text = f"rolled back {change} at {clock}, {count} pods restarted"
    assert word_features(case(text)) == base  # type: ignore[operator]
