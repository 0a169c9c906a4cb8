"""The restart back-off both worker supervisors use."""

from __future__ import annotations

from bot.core.child import RestartBackoff


def test_quick_deaths_double_the_wait_up_to_thirty_seconds() -> None:
    backoff = RestartBackoff(1.0)
    waits = []
    for _ in range(6):
        backoff.started()
        waits.append(backoff.wait_after_death())  # died at once: a quick death
    # 2, 4, 8, 16, 30, 30 seconds, less the (tiny) time the child lived
    assert [round(w) for w in waits] == [2, 4, 8, 16, 30, 30]
