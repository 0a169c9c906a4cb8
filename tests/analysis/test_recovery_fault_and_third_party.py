"""Recovery words around a fault, a provider's status and a partial result (session 37).

- a fault counted in the plural coming back ("the 502s are back", "evictions are back on the workers") is
  the failure returning, not a service coming back;
- a status said of someone else's incident ("their incident is marked resolved") is not the team's;
- a provider's own fix still pending ("the vendor hasn't fixed the origin yet") undoes no recovery the team
  reached by working around it;
- results said to be partial or incomplete, or fewer than usual, are not the end of impact; "rather get
  everything back" is a goal.

Written for these tests in general incident phrasing, modelled on the dev channels that showed the cases,
with other names; nothing from the example incident.
"""

from __future__ import annotations

import pytest

from bot.analysis.classify import declared_status, signals
from tests.analysis.reading_support import mitigated_after, one, said

ALERT = said(0, "[FIRING] gateway 5xx > 5% for 5m", "Prometheus", bot=True)


@pytest.mark.parametrize(
    "text",
    [
        "ugh. the 502s are back, 12 hosts failing health checks",
        "evictions are back on the batch workers",
        "oom kills are back on the render pool",
        "restarts are back, 6 pods in the last 5 min",
    ],
)
def test_a_fault_in_the_plural_coming_back_is_no_recovery(text: str) -> None:
    assert mitigated_after(ALERT, [said(30, text, "imani")]) is None


@pytest.mark.parametrize(
    ("messages", "minute"),
    [
        pytest.param(
            [
                (20, "error rate back to baseline, checkout works", "imani"),
                (40, "terminations are back, 5 nodes gone in the last few min", "imani"),
                (90, "customer impact is over as of now, 0 errors for 15 min", "imani"),
            ],
            90,
            id="a fault coming back undoes the recovery and the later one counts",
        ),
        pytest.param(
            [
                (
                    20,
                    "error rate at baseline on every app, logins work. everyone is on the fallback domain now",
                    "imani",
                ),
                (30, "provider hasn't fixed the custom domain path yet, it still 5xxs when I hit it directly", "joel"),
            ],
            20,
            id="a provider's pending fix does not undo our workaround",
        ),
    ],
)
def test_the_recovery_the_later_evidence_leaves_is_the_mitigation(
    messages: list[tuple[int, str, str]], minute: int
) -> None:
    said_ = [said(m, text, who) for m, text, who in messages]
    assert mitigated_after(ALERT, said_) == f"{said(minute, '').time:%H:%M}"


@pytest.mark.parametrize(
    "text",
    [
        "nope. their incident is marked resolved since 08:40, that's all",
        "the vendor's status page says resolved",
        "upstream's ticket is closed",
    ],
)
def test_a_status_said_of_someone_elses_incident_is_not_ours(text: str) -> None:
    assert declared_status(one(text)) is None


@pytest.mark.parametrize("text", ["we are resolved", "marking resolved, their fix held"])
def test_our_own_declaration_still_counts(text: str) -> None:
    assert declared_status(one(text)) == "resolved"


@pytest.mark.parametrize(
    "text",
    [
        "search endpoint answering 200s again. results are partial while the reindex runs",
        "catalog search loads again. still fewer hits than usual",
        "not going to slow the reindex down for it, rather get everything back",
    ],
)
def test_a_partial_result_or_a_goal_is_not_the_end_of_impact(text: str) -> None:
    assert mitigated_after(ALERT, [said(30, text, "imani")]) is None


@pytest.mark.parametrize(
    "text", ["rebalance finished, oom kills back to 0", "restarts back down to zero", "502s back under 1%"]
)
def test_a_fault_count_back_to_nothing_is_a_recovery_figure_not_a_return(text: str) -> None:
    assert not signals(one(text)).regression
