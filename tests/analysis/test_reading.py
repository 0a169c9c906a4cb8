"""Message classes as real incident channels write them: mitigation steps of every common kind,
detection signals, declared status (and what only looks like it), chatter.

The sentences are written for these tests in the styles seen in real channels (terse, lowercase,
bots with their own formats); none comes from the bundled example incident.
"""

from __future__ import annotations

import pytest

from bot.analysis.classify import classify, declared_status, read
from tests.analysis.reading_support import one

MITIGATION_STEPS = [
    "flag is off now for all tenants",
    "switched the new-pricing flag off in prod",
    "turned the cluster autoscaler off until we're stable",
    "killswitch flipped for bulk exports",
    "paused the sync workers, queue is holding",
    "pausing the webhook dispatcher so it stops retrying into an empty db",
    "froze deploys across all regions",
    "change freeze on prod until further notice",
    "locking platform deploys",
    "blocking traffic from that ASN at the edge",
    "rate limited the top 3 tenants to 50 rps",
    "shedding load at the gateway, dropping 20% of anonymous traffic",
    "failing over to us-west-2",
    "failed over the primary to the standby",
    "rolled back to v41",
    "reverting the config push",
    "draining node ip-10-2-3-4 now",
    "scaled the consumers to 40",
    "scaling the resolver fleet from 24 to 96",
    "restarted the api pods in eu",
    "rolling restart of the sidecars in region 2",
    "bumped the connection limit to 800",
    "moved our ops tools to fresh hosts",
    "re-enabled the storage gateway through the ops path",
    "put the api behind a maintenance page",
    "revoked every api token issued before midnight",
    "production access cut to the on-call group only",
    "restoring from the 04:50 snapshot into a new instance",
]


@pytest.mark.parametrize("text", MITIGATION_STEPS)
def test_mitigation_steps_of_every_kind(text: str) -> None:
    """Switching off, pausing, freezing, blocking, rate-limiting, failing over, rolling back,
    draining, scaling, restarting, restoring: each is a mitigation step."""
    reading = read(one(text))
    assert reading.mitigation, text
    assert classify(one(text)) == "mitigate"


NOT_A_STEP = [
    "should we roll back?",
    "can we fail over to the other region?",
    "options:\n- roll back the agent\n- restart every host",
    "the service shows as *disabled* in the control plane",
    "tried restarting the coredns pods, no change",
    "networkd restarting at 06:00:31 on every host",
    "muted the disk alert for an hour",
    "restarted my laptop, slack was frozen",
    "rollback is safe, no migrations in that release",
    "Action items:\n1. add a canary for config pushes\n2. disable auto-upgrades on images",
]


@pytest.mark.parametrize("text", NOT_A_STEP)
def test_proposals_observations_and_lists_are_not_steps(text: str) -> None:
    """A question, a list of options, a system's own restart, a muted alert or a follow-up list is
    not a mitigation step."""
    assert not read(one(text)).mitigation, text


@pytest.mark.parametrize(
    ("text", "who", "bot"),
    [
        ("[FIRING] checkout-slo burn rate 14x (critical)", "Alertmanager", True),
        ("ALERT api.login.success below 90% (web + cli)", "Librato", True),
        ("Triggered: [payments] error budget burn — paging payments-oncall", "PagerDuty", True),
        ("New ticket #88121 (urgent): uploads fail with 403 since this morning", "Zendesk", True),
        ("New case 4411902 (Enterprise, P1): all requests return 502", "case-bot", True),
        ("support here — 40 tickets in 15 min about failed logins", "oksana", False),
        ("customers are reporting blank dashboards in eu", "marta", False),
        ("getting paged for the ingest cluster, anyone else?", "kenji", False),
        ("anyone else seeing 503s on the storefront?", "li", False),
    ],
)
def test_detection_signals(text: str, who: str, bot: bool) -> None:
    """Pages, alerts, support tickets and customer reports are detection signals."""
    assert read(one(text, who, bot=bot)).detect


def test_an_alert_recovering_is_not_detection_nor_resolution() -> None:
    """One alert going quiet is a fact about that alert, never the incident's resolution."""
    for text in ("[RESOLVED] R2GatewayRequestsTerminated", "OK payments success 99.2% — recovered in 1 of 3 regions"):
        reading = read(one(text, "Alertmanager", bot=True))
        assert reading.alert_recovered and not reading.detect
        assert reading.status is None and reading.kind != "resolve"


@pytest.mark.parametrize(
    ("text", "who", "bot", "status"),
    [
        ("status: identified — the bad route table push", "bea", False, "identified"),
        ("we have identified the cause and are rolling back", "bea", False, "identified"),
        ("moving the status page to monitoring", "zainab", False, "mitigated"),
        ("Status: mitigated — traffic is back on the primary", "bea", False, "mitigated"),
        ("all clear, closing the incident", "bea", False, "resolved"),
        ("calling it resolved. thanks all", "ben", False, "resolved"),
        ("backfill complete everywhere. closing #2817 as resolved", "hyun", False, "resolved"),
        ("everything restored: api, dashboard, logs. resolving.", "pablo", False, "resolved"),
        ("closing the SEV1. all rotations are complete", "nadia", False, "resolved"),
        ("Identified — We have identified the issue and a fix is being implemented.", "Statuspage", True, "identified"),
        ("[Monitoring] A fix has been applied and we are monitoring the results.", "status-bot", True, "mitigated"),
        ("[Resolved] This incident has been resolved.", "status-bot", True, "resolved"),
    ],
)
def test_status_declared_by_people_and_bots(text: str, who: str, bot: bool, status: str) -> None:
    assert declared_status(one(text, who, bot=bot)) == status


@pytest.mark.parametrize(
    "text",
    [
        'draft: "The issue has been resolved and all services are operating normally."',
        "proposed update for the status page: we are monitoring the fix",
        'how about this for the status page: "We have mitigated the issue."',
        "not resolved yet, eu still erroring",
        "once it's back to normal we'll resolve",
        "can we call it resolved?",
        "[Monitoring] We are seeing signs of recovery. Some users may still see errors.",
    ],
)
def test_drafts_questions_plans_and_partial_recovery_declare_nothing(text: str) -> None:
    """Status words inside a draft, a question, a plan, a denial or a partial recovery are not a
    declaration."""
    status = declared_status(one(text))
    assert status not in ("mitigated", "resolved"), text


@pytest.mark.parametrize(
    ("text", "recovered"),
    [
        ("error rate back to baseline since 14:20", True),
        ("we're back online", True),
        ("100% of traffic flowing. site is back for everyone", True),
        ("customer-facing impact is over", True),
        ("contained: session killed, access restricted, hosts rotated", True),
        ("errors dropping", False),
        ("looking a bit better", False),
        ("starting to recover, 5xx coming down slowly", False),
        ("ticket volume back to normal-ish", False),
        ("the lag is back", False),
    ],
)
def test_a_trend_is_not_a_recovery(text: str, recovered: bool) -> None:
    """Impact stopping is a state ("back to baseline"), not a trend ("errors dropping")."""
    assert read(one(text)).recovered is recovered


@pytest.mark.parametrize("text", ["brb coffee", "thanks!", "lol same", "who has the bridge link?", "+1"])
def test_chatter(text: str) -> None:
    assert classify(one(text)) == "chatter"


@pytest.mark.parametrize(
    "text",
    [
        "taking IC. treating this as SEV1 until we know otherwise",
        "IC Bea. Sev1, platform-wide",
        "handover: Wei takes IC now",
        "declaring SEV-1 internally, paging comms",
    ],
)
def test_command_and_severity_declarations(text: str) -> None:
    """Taking or handing over command and declaring the severity are moments of the incident."""
    assert read(one(text)).command


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("ok cause is clear. declaring sev1, i'm IC", "identified"),
        ("closing this sev for the content defect itself", "resolved"),
    ],
)
def test_more_declarations(text: str, status: str) -> None:
    assert declared_status(one(text)) == status


def test_a_fix_going_live_stops_the_impact() -> None:
    assert read(one("revert live at 05:27, hosts coming online get the good file")).recovered
    assert not read(one("mitigation lead is meilin")).mitigation


@pytest.mark.parametrize(
    "text",
    [
        "static_zone app stopped on all resolver hosts (requested by on-call)",
        "channel file 291 reverted: previous version published to all sensors",
        "Deploy #77 of ledger-sync started: rollback to v41",
    ],
)
def test_an_ops_bot_reporting_a_step_is_mitigation(text: str) -> None:
    assert read(one(text, "ops-bot", bot=True)).mitigation
