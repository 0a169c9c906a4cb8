"""When a security incident is mitigated: when containment is complete (written from general security
response phrasing, not from any incident channel).

A leaked key or a malicious publish hurts until the last bad artifact is gone and the last exposed
credential is dead, so the mitigation is the message saying containment is complete: the last malicious
build pulled, a revocation or containment stated finished, nothing malicious left, the attacker left
without access. One revocation of several is a step of a containment still going, and a plan, a
question, a condition or a denial states nothing yet.
"""

from __future__ import annotations

import pytest

from bot.analysis.lifecycle import derive
from bot.domain import IncidentState, Message
from tests.analysis.reading_support import said

ALERT = said(0, "GuardDuty: UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration on ci-deployer", "aws", bot=True)


def mitigated(messages: list[Message]) -> str | None:
    state = derive(IncidentState(channel="CSEC", name="inc-sec"), [ALERT, *messages], None)
    return None if state.mitigated_at is None else f"{state.mitigated_at:%H:%M}"


CONTAINED = {
    "the last bad build pulled": [
        said(20, "registry yanked 4.2.1, the backdoored one", "noor"),
        said(40, "docker hub removed the image too. that was the last compromised artifact out there", "noor"),
    ],
    "a revocation stated finished": [
        said(20, "kicking off the key revocation for every exposed tenant", "jo"),
        said(40, "key revocation complete, spot-checked 20 keys and all get 401", "jo"),
    ],
    "containment declared done": [
        said(20, "ci-deployer role detached from all runners", "sam"),
        said(40, "containment is done as far as we can tell. forensics next", "sam"),
    ],
    "nothing malicious left": [
        said(20, "pulled the two bad tags from the registry", "lee"),
        said(40, "audit re-run: nothing malicious left in any of the 12 repos", "lee"),
    ],
    "the attacker without access": [
        said(20, "rotated the deploy key", "kai"),
        said(40, "intruder has no access left: sessions gone, key dead", "kai"),
    ],
    "the attacker's access cut": [
        said(20, "session tokens for the contractor account being invalidated", "ana"),
        said(40, "ok the actor's access is cut. we keep watching the audit log", "ana"),
    ],
}


@pytest.mark.parametrize("name", sorted(CONTAINED))
def test_containment_complete_is_the_mitigation(name: str) -> None:
    assert mitigated(CONTAINED[name]) == "17:06"


NOT_YET = {
    "one revocation among several": [said(20, "all sessions for that admin revoked, next the api keys", "jo")],
    "a plan": [said(20, "once the takedown is complete we can say contained", "jo")],
    "a question": [said(20, "is that the last malicious version or are there more?", "noor")],
    "a denial": [said(20, "containment is not done, two keys still authenticate", "sam")],
    "the work under way": [said(20, "revocation running, 40% through the tenant list", "ana")],
    "a forecast": [said(20, "takedown should be complete within the hour", "lee")],
}


@pytest.mark.parametrize("name", sorted(NOT_YET))
def test_a_step_plan_or_question_is_not_containment(name: str) -> None:
    assert mitigated(NOT_YET[name]) is None


def test_a_later_containment_does_not_move_an_earlier_mitigation() -> None:
    messages = [
        said(20, "api error rate back to baseline after the WAF block", "kai"),
        said(40, "revocation finished for the leaked keys", "kai"),
    ]
    assert mitigated(messages) == "16:46"
