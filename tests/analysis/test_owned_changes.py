"""A responder owning up to a change ("wait, thats probably me. i applied the tls policy on the lb right
before this") raises what they did as a theory, to be proven or ruled out like any other; saying what a
message was ("that's me testing the new monitor") or taking the blame afterwards ("that's on me") raises
none. And a verb after a comma has no subject before it: "replaying the failed jobs, throttled to 50/s so
we don't hammer the cluster" is a step, "SEV2, first dropped webhooks in a year" a note; neither states a
cause.

Written for these tests in general incident phrasing, modelled on the dev channels that showed each case
(session 32), with other names and figures; nothing from the example incident.
"""

from __future__ import annotations

import pytest

from bot.analysis.claims import cause_claim
from tests.analysis.reading_support import board


@pytest.mark.parametrize(
    ("text", "raised"),
    [
        ("wait, thats probably me. i applied the tls policy on the ingress lb right before this", "tls policy"),
        ("oh no. that's probably me, the waf block rule update went out 3 min ago", "waf block rule"),
        ("uh that's prob mine. my schema migration blew up in the pipeline right before the alert", "migration"),
        ("yeah thats mine. I removed the local-pref pinning on the edge routers on tuesday", "local-pref"),
    ],
)
def test_owning_up_raises_what_was_done_as_a_theory(text: str, raised: str) -> None:
    hs = board(text)
    assert any(raised in h.statement.lower() for h in hs), [h.statement for h in hs]


@pytest.mark.parametrize(
    "text",
    [
        "^ that's me testing the new disk monitor. ignore",
        "that's me, expected",
        "back, read everything. that's on me, sorry all.",
    ],
)
def test_saying_what_a_message_was_or_taking_the_blame_raises_nothing(text: str) -> None:
    assert board(text) == ()


@pytest.mark.parametrize(
    "clause",
    [
        "replaying 2,214 failed jobs oldest first, throttled to 50/s so we don't hammer the cluster",
        "SEV2, first dropped webhooks in ~18 months",
    ],
)
def test_a_verb_after_a_comma_has_no_subject_before_it(clause: str) -> None:
    assert cause_claim(clause) is None


@pytest.mark.parametrize(
    "clause", ["at 14:02, the cron job exhausted the connection pool", "the cron job exhausted the connection pool"]
)
def test_the_subject_after_a_comma_still_states_a_cause(clause: str) -> None:
    """Control."""
    assert cause_claim(clause) is not None


def test_what_the_author_says_of_the_change_they_own_is_no_verdict_on_it() -> None:
    """ "it finished clean" says the change ran, not that it is innocent."""
    hs = board(
        "oh no. that's me. i ran ALTER TABLE job_logs MODIFY COLUMN job_key LowCardinality(String) at 23:16 to cut "
        "storage. it finished clean"
    )
    (owned,) = [h for h in hs if "alter table" in h.statement.lower()]
    assert owned.status == "open" and not owned.refuting


@pytest.mark.parametrize(
    "clause",
    [
        "`certbot renew --cert-name media.example.org` -> challenge failed for media.example.org, 404",
        "$ curl -sv https://api.example.org -> connection refused",
        "`kubectl get certificate -n shop` → shop-cert READY=False reason Expired",
    ],
)
def test_a_command_and_what_it_printed_state_no_cause(clause: str) -> None:
    assert cause_claim(clause) is None
