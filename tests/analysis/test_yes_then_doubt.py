"""A yes that the rest of its message argues against, and a cause that only shares words with a theory
the evidence already ruled out.

"confirmed. no unusual logins for that account, but there's an oauth grant to an unknown app" grants
what was being checked, not the theory that a password was stolen; and a cause stated next ("consent
phishing: she granted their app access") that shares the theory's words does not take up a theory the
evidence refuted: it stands as its own cause.

Written for these tests in general incident phrasing, modelled on the dev channel that showed the case
(session 33), with other names; nothing from the example incident.
"""

from __future__ import annotations

from tests.analysis.reading_support import board, status_of

_THEORY = "did someone phish maria's sso password? she has a hardware key on that account"
_CHECK = (
    "confirmed. no unusual sign-ins on her account, mfa untouched. but there is an oauth grant from "
    "monday to an app called 'Docs Compliance Helper' with the publish scope. that token did the release"
)
_CAUSE = (
    "root cause: consent phishing. the attacker never needed maria's password or mfa: she granted their "
    "oauth app access to our publish api and they used its token to push the bad build"
)


def test_a_yes_the_rest_of_the_message_argues_against_does_not_back_the_theory() -> None:
    hs = board(_THEORY, _CHECK)
    (theory,) = [h for h in hs if "password" in h.statement.lower()]
    assert theory.status == "refuted" and not theory.supporting


def test_a_cause_sharing_words_with_a_theory_the_evidence_refuted_stands_apart() -> None:
    hs = board(_THEORY, _CHECK, _CAUSE)
    assert status_of(hs, "password") == "refuted"
    assert any(h.status == "confirmed" and "consent phishing" in h.statement.lower() for h in hs)


def test_a_plain_yes_still_confirms_the_theory_it_answers() -> None:
    """Control: with nothing against it in the message, the yes answers the theory."""
    hs = board(_THEORY, "confirmed. sign-in from a new device in lagos at 03:12, password only, key bypassed")
    assert status_of(hs, "password") == "confirmed"
