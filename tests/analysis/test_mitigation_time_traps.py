"""Traps: when impact stopped, read from how responders report recovery (red team, written from general
SRE phrasing, not from any incident channel).

The mitigation time is the first statement that impact stopped. Work still in progress ("being
restored"), a harmful thing coming back ("the null route is back"), a counted part ("first 30 shops"),
a recovery with what is still broken after a "but", and a fix reported done that did not help are not
that statement. A backlog cleared, a figure labelled as the baseline and a status page's phase in
parentheses are. Once read, a recovery is undone only by impact stated as back: not under a condition
("until it's back"), not passed on to customers ("told them it's back"), not promised for later, and not
by a status text someone quotes.
"""

from __future__ import annotations

import pytest

from bot.analysis.lifecycle import derive
from bot.domain import IncidentState, Message
from tests.analysis.reading_support import said

ALERT = said(0, "[FIRING] orders-api error ratio 0.31", "Alertmanager", bot=True)  # 16:26


def mitigated(messages: list[Message]) -> str | None:
    state = derive(IncidentState(channel="CINC", name="inc-x"), [ALERT, *messages], None)
    return None if state.mitigated_at is None else f"{state.mitigated_at:%H:%M}"


READ = {
    "in progress, then done": (
        [
            said(30, "perms are being restored from the nightly snapshot", "kemi"),
            said(50, "all 310 workspaces restored, spot checks look right", "kemi"),
        ],
        "17:16",
    ),
    "a counted whole": ([said(30, "all 1,200 storefronts are back", "dario")], "16:56"),
    "a backlog cleared": ([said(30, "backlog drained, consumers keeping up now", "dario")], "16:56"),
    "a queue cleared, passive": ([said(30, "the webhook queue has been cleared", "ines")], "16:56"),
    "a figure labelled baseline": ([said(30, "new checkouts clean, 5xx 0.1% (baseline)", "ines")], "16:56"),
    "a latency figure labelled normal": ([said(30, "p99 on search 210ms (normal) for 10 min", "ines")], "16:56"),
    "impact stated as stopping, with its time": (
        [said(30, "ok so impact ends ~16:50 then. keep watching the queue", "ines")],
        "16:50",
    ),
    "a status page phase in parentheses": (
        [
            said(
                30,
                "*Order processing delays* (Monitoring): Orders are going through again after a config change.",
                "statuspage",
                bot=True,
            )
        ],
        "16:56",
    ),
}


@pytest.mark.parametrize("name", sorted(READ))
def test_recovery_is_read(name: str) -> None:
    messages, expected = READ[name]
    assert mitigated(messages) == expected, name


NOT_READ = {
    "impact stopping under a condition": [said(30, "impact stops once the revert is out, eta 20 min", "kemi")],
    "impact stopping when something happens": [said(30, "the bleeding ends when we cut the dns over", "kemi")],
    "restore in progress": [said(30, "accounts are being restored from backup, eta unknown", "kemi")],
    "recovery in progress, getting": [said(30, "mailboxes are getting recovered one batch at a time", "kemi")],
    "a null route back": [said(30, "and it's gone again. the null route is back on the whole /24", "dario")],
    "an attack back": [said(30, "the attack is back, twice the rate", "dario")],
    "the first few of a count": [said(30, "first 30 shops are back online, rest queued", "ines")],
    "only some of a count": [said(30, "only 4 brokers are back", "ines")],
    "back but something still missing": [said(30, "the tunnel is back but no traffic on it", "dario")],
    "back but the rest still down": [said(30, "auth is back but the portal is still down", "dario")],
    "a revert that changed nothing": [said(30, "rollback deployed, no change in error rate", "kemi")],
    "a patch that did not help": [said(30, "the patch is live, didn't help", "kemi")],
    "a fix with the same errors": [said(30, "hotfix deployed, same errors on every pod", "kemi")],
    "a baseline quoted as a comparison": [said(30, "5xx at 12% (baseline is 0.1%)", "ines")],
}


@pytest.mark.parametrize("name", sorted(NOT_READ))
def test_what_is_not_impact_stopping(name: str) -> None:
    assert mitigated(NOT_READ[name]) is None, name


RECOVERED = said(30, "orders api back to normal", "ines")  # 16:56

KEPT = {
    "told customers it is back": [said(40, "told the merchants it's back, two still need a cache clear", "dario")],
    "a condition": [said(40, "hold the replays until it's back for good", "kemi")],
    "a promise for later": [said(40, "one customer's export is coming back tomorrow, told them", "dario")],
    "a quoted macro": [said(40, "support swamped, macro now says 'we're investigating the delays'", "ines")],
    "a quoted status text": [said(40, 'macro text: "We are investigating reports of delayed orders"', "ines")],
}


@pytest.mark.parametrize("name", sorted(KEPT))
def test_a_recovery_survives_what_only_sounds_like_a_relapse(name: str) -> None:
    assert mitigated([RECOVERED, *KEPT[name]]) == "16:56", name


UNDONE = {
    "impact back": [said(40, "errors are back, same endpoint", "dario")],
    "a person's own status": [said(40, "status: investigating, it was not the cache", "ines")],
}


@pytest.mark.parametrize("name", sorted(UNDONE))
def test_a_real_relapse_still_undoes_the_recovery(name: str) -> None:
    assert mitigated([RECOVERED, *UNDONE[name]]) is None, name
