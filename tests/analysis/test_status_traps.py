"""Red-team traps on the incident's status over time: declarations, acknowledgements and phases.

Written from general SRE practice (how responders, status pages and incident tools state a phase), not
from any incident in the data. Three kinds:

- ``Says``: one message and its reading: the status it declares ("declare", "emoji", "page", or "not" for
  a line that declares none), or an acknowledgement ("ack");
- ``Phases``: a 3–8 line channel folded through ``lifecycle.derive``/``with_status``, with the status the
  incident must have after given lines ("phase").

``FIXED`` names the traps main read wrong before this round; ``KNOWN_GAPS`` the ones still read wrong.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pytest

from bot.analysis.classify import read
from bot.analysis.hypotheses import fold_messages
from bot.analysis.lifecycle import derive
from bot.domain import Board, IncidentState
from tests.analysis.reading_support import one, said


@dataclass(frozen=True)
class Says:
    family: str
    name: str
    who: str
    text: str
    expect: str | None
    """The status declared (investigating/identified/mitigated/resolved), None for none, "ack" for an
    acknowledgement."""
    bot: bool = False


@dataclass(frozen=True)
class Phases:
    name: str
    lines: tuple[tuple[str, str], ...]
    """(who, text); a who ending in "bot" (or "Statuspage"/"PagerDuty") is an integration."""
    expect: dict[int, str]
    """Index of a line -> the incident's status once that line is read."""


_BOTS = ("bot", "status", "pagerduty", "alertmanager", "opsgenie", "incident.io", "feed", "updates")


def _is_bot(who: str) -> bool:
    return any(b in who.lower() for b in _BOTS)


def says_right(trap: Says) -> bool:
    message = one(trap.text, trap.who, bot=trap.bot)
    reading = read(message)
    if trap.family == "ack":  # read by the lifecycle: the first acknowledgement after the alert
        messages = [said(0, ALERT[1], ALERT[0], bot=True), said(2, trap.text, trap.who)]
        acked = derive(IncidentState(channel="CINC", name="inc-trap"), messages, None).acknowledged_at
        return (acked is not None) == (trap.expect == "ack")
    if trap.family == "page":
        return reading.status == trap.expect and (trap.expect is None or reading.comms)
    return reading.status == trap.expect


def phase_problems(trap: Phases) -> list[str]:
    messages = [said(3 * i, text, who, bot=_is_bot(who)) for i, (who, text) in enumerate(trap.lines)]
    out = []
    for i, want in sorted(trap.expect.items()):
        upto = messages[: i + 1]
        board = fold_messages(Board(channel="CINC"), upto)
        state = derive(IncidentState(channel="CINC", name="inc-trap"), upto, board)
        if state.status != want:
            out.append(f"after line {i} ({trap.lines[i][1]!r}): {state.status}, want {want}")
    return out


S = Says
ALERT = ("alertbot", "[FIRING] checkout error rate 9% above threshold")
ACK = ("kofi", "ack, on it")

SAYS: tuple[Says, ...] = (
    # -- a person's declaration, plain and with an emoji or shortcode after the status word
    S("declare", "resolved-comma", "ana", "resolved, closing", "resolved"),
    S("declare", "mitigated-dash", "lee", "mitigated - keeping an eye on the dashboards", "mitigated"),
    S("declare", "all-clear-stop", "ops-lead", "all clear. thanks all", "resolved"),
    S("declare", "status-monitoring", "ines", "status: monitoring", "mitigated"),
    S("declare", "we-are-resolved", "raj", "we're resolved, writing up the timeline tomorrow", "resolved"),
    S("declare", "moving-to-monitoring", "mo", "moving the incident to monitoring", "mitigated"),
    S("emoji", "resolved-party", "ana", "resolved 🎉 closing", "resolved"),
    S("emoji", "mitigated-tada", "lee", "mitigated :tada: watching", "mitigated"),
    S("emoji", "all-clear-check", "sam", "all clear ✅", "resolved"),
    S("emoji", "all-clear-shortcode", "sam", "all clear :white_check_mark: standing down", "resolved"),
    S("emoji", "resolved-rocket", "pat", "Resolved :rocket: thanks everyone for jumping in", "resolved"),
    S("emoji", "monitoring-eyes", "yuki", "monitoring 👀 will shout if it moves", "mitigated"),
    S("emoji", "status-resolved-emoji", "dev", "status: resolved ✅", "resolved"),
    S("emoji", "mitigated-emoji-lead", "dev", "✅ mitigated, leaving the bridge open for 30 min", "mitigated"),
    S("emoji", "resolved-green-heart", "nia", "resolved 💚", "resolved"),
    S("emoji", "identified-mag", "omar", "identified :mag: bad config push on the edge tier", "identified"),
    S("emoji", "closing-wave", "bo", "closing this out :wave:", "resolved"),
    S("emoji", "all-clear-shortcode-only", "tom", ":white_check_mark: all clear", "resolved"),
    S("emoji", "we-are-mitigated-emoji", "li", "we're mitigated 🙏 root cause still open", "mitigated"),
    S("emoji", "resolved-100", "max", "resolved :100:", "resolved"),
    S("emoji", "incident-resolved-emoji", "max", "incident resolved 🥳 postmortem doc to follow", "resolved"),
    S("emoji", "status-mitigated-shortcode", "eva", "status: mitigated :large_green_circle:", "mitigated"),
    S("emoji", "monitoring-shortcode-dash", "eva", "Monitoring :eyes: - fix rolled to all regions", "mitigated"),
    S("emoji", "identified-emoji-dash", "jin", "identified 🎯 - expired token on the sync worker", "identified"),
    # -- a status word that declares nothing
    S("not", "resolved-question-emoji", "ana", "resolved? 🤔", None),
    S("not", "not-resolved-emoji", "lee", "not resolved :scream: errors again", None),
    S("not", "resolve-plan", "raj", "we'll call it resolved once the backlog drains", None),
    S("not", "monitoring-tool", "kim", "the monitoring cluster itself is fine", None),
    S("not", "resolved-dns-name", "tom", "the resolver resolved the old address for a while", None),
    S("not", "all-clear-ask", "amy", "are we all clear to restart deploys?", None),
    S("not", "emoji-alone", "joe", ":tada:", None),
    S("not", "resolved-party-question", "joe", "resolved 🎉? not so fast, one more region", None),
    S("not", "monitoring-emoji-plan", "kai", "we should be in monitoring 🤞 once the rollout finishes", None),
    S(
        "not",
        "resolved-ticket-other",
        "jo",
        "the jira ticket for the flaky test got resolved last week, unrelated",
        None,
    ),
    # -- a public status page's post, in text or flattened from an attachment or blocks
    S(
        "page",
        "sp-resolved-bracket",
        "Statuspage",
        "[Resolved] Elevated API errors\nThis incident has been resolved.",
        "resolved",
        bot=True,
    ),
    S(
        "page",
        "sp-attachment-monitoring",
        "acme-status-feed",
        "Acme Status: incident updated\nMonitoring - A fix has been implemented and we are monitoring the results.",
        "mitigated",
        bot=True,
    ),
    S(
        "page",
        "sp-attachment-identified",
        "Statuspage",
        "New update for Acme Status\nIdentified - The issue has been identified and a fix is being implemented.",
        "identified",
        bot=True,
    ),
    S(
        "page",
        "sp-attachment-resolved",
        "status-updates",
        "Incident updated: Delayed webhooks\nResolved - This incident has been resolved.",
        "resolved",
        bot=True,
    ),
    S(
        "page",
        "sp-resolved-person-paste",
        "ana",
        "posted on the status page: [Resolved] Delayed webhooks - all deliveries caught up",
        "resolved",
    ),
    S(
        "page",
        "sp-blocks-investigating",
        "acme-status-feed",
        "Status page update\n*Investigating*\nWe are investigating reports of failed logins.",
        "investigating",
        bot=True,
    ),
    S(
        "page",
        "sp-resolved-title-bold",
        "Statuspage",
        "*[Resolved] Payment failures for some card types*\nThis incident has been resolved.",
        "resolved",
        bot=True,
    ),
    S(
        "page",
        "sp-monitoring-bracket",
        "Statuspage",
        "[Monitoring] Search degraded\nA fix has been deployed; we're monitoring.",
        "mitigated",
        bot=True,
    ),
    # -- acknowledgements, in English and other languages, with typos
    S("ack", "ack-plain", "ana", "ack", "ack"),
    S("ack", "ack-looking", "lee", "looking", "ack"),
    S("ack", "ack-fr", "amelie", "je regarde", "ack"),
    S("ack", "ack-fr-2", "luc", "je m'en occupe", "ack"),
    S("ack", "ack-de", "jonas", "ich schau", "ack"),
    S("ack", "ack-de-2", "lena", "schaue ich mir an", "ack"),
    S("ack", "ack-es", "diego", "miro yo", "ack"),
    S("ack", "ack-es-2", "lucia", "lo miro", "ack"),
    S("ack", "ack-nl", "sander", "kijk ernaar", "ack"),
    S("ack", "ack-nl-2", "femke", "ik pak hem op", "ack"),
    S("ack", "ack-pt", "joao", "vou olhar", "ack"),
    S("ack", "ack-it", "giulia", "ci guardo io", "ack"),
    S("ack", "ack-typo-lookin", "ravi", "lookin", "ack"),
    S("ack", "ack-typo-ont-it", "ravi", "ont it", "ack"),
    S("ack", "ack-typo-ackd", "mei", "ackd", "ack"),
    S("ack", "ack-typo-loking", "mei", "loking now", "ack"),
    S("ack", "ack-typo-taking-a-lok", "mei", "taking a lok", "ack"),
    S("ack", "ack-emoji-eyes", "nils", "👀 on it", "ack"),
    S("ack", "ack-de-typo", "lena", "schau ich mir an", "ack"),
    S("ack", "not-ack-fr-question", "amelie", "quelqu'un regarde ?", None),
    S("ack", "not-ack-looking-forward", "nils", "looking forward to the retro", None),
    S("ack", "not-ack-looking-good", "nils", "looking good now, errors flat for ten minutes", None),
    # -- second round
    S("emoji", "mitigated-shortcode-eyes", "ana", "mitigated :eyes: on the graphs for a bit", "mitigated"),
    S("emoji", "resolved-emoji-no-space", "ana", "resolved🎉", "resolved"),
    S("emoji", "all-clear-party-thanks", "bo", "All clear 🥳 thanks team", "resolved"),
    S("emoji", "status-monitoring-eyes", "bo", "Status: Monitoring 👀", "mitigated"),
    S("emoji", "resolved-fire-out", "cy", "resolved :fire_engine: fire is out", "resolved"),
    S("not", "resolved-sad-not", "cy", "not all clear :disappointed: queue is growing", None),
    S("not", "emoji-then-question", "cy", "all clear? :thinking_face:", None),
    S(
        "page",
        "sp-bold-resolved-title",
        "Statuspage",
        "*Resolved* - This incident has been resolved.",
        "resolved",
        bot=True,
    ),
    S(
        "page",
        "sp-update-attach-identified",
        "statuspage-feed",
        "Incident update\n[Identified] We have identified the cause.",
        "identified",
        bot=True,
    ),
    S("ack", "ack-fr-3", "zoe", "je check", "ack"),
    S("ack", "ack-de-3", "jan", "bin dran", "ack"),
    S("ack", "ack-es-3", "ana", "me encargo", "ack"),
    S("ack", "ack-typo-akc", "ana", "akc", "ack"),
    S("ack", "ack-typo-lookng", "ana", "lookng", "ack"),
    S("ack", "ack-typo-oni-t", "ana", "on it!!", "ack"),
    S("ack", "not-ack-fr-question-2", "zoe", "tu regardes ?", None),
    # -- third round
    S("declare", "bold-status-field", "incident-bot", "*Status:* Monitoring\n*Severity:* SEV2", "mitigated", bot=True),
    S("declare", "bold-resolved-comma", "ana", "*resolved*, closing", "resolved"),
    S("declare", "italic-mitigated-dash", "ana", "_mitigated_ - watching the error budget", "mitigated"),
    S("declare", "code-resolved", "ana", "`resolved` - thanks all", "resolved"),
    S(
        "declare",
        "tool-updated-to-resolved",
        "incident-bot",
        "Incident #231 status updated to Resolved by Jane",
        "resolved",
        bot=True,
    ),
    S("emoji", "upper-resolved-check", "ana", "RESOLVED ✅", "resolved"),
    S("emoji", "bot-check-resolved", "incident-bot", "✅ Resolved: checkout errors", "resolved", bot=True),
    S("emoji", "now-in-monitoring-green", "ana", "we're now in monitoring 🟢", "mitigated"),
    S("emoji", "mitigated-skin-tone", "ana", "mitigated 👍🏽 going to grab food", "mitigated"),
    S("emoji", "mitigated-emoji-bold", "ana", "*mitigated* :tada:", "mitigated"),
    S("not", "resolved-emoji-in-story", "ana", "last time we resolved it 🙃 by restarting, didn't help today", None),
    S("not", "monitoring-dashboard-emoji", "ana", "monitoring 📈 dashboard is broken too", None),
    # An emoji after a fix word, then a new clause about something (else) broken: not a declaration's tail.
    S(
        "not",
        "monitoring-grafana-down-shortcode",
        "ana",
        "monitoring :chart_with_downwards_trend: grafana is down as well",
        None,
    ),
    S("not", "monitoring-page-not-loading", "bo", "monitoring 🖥️ page isn't loading for me", None),
    S("not", "monitoring-alerts-flapping", "cy", "monitoring 📉 alerts keep flapping", None),
    S(
        "not",
        "monitoring-status-page-stuck",
        "eva",
        "monitoring 🙃 the status page is stuck on yesterday's incident",
        None,
    ),
    S("not", "mitigated-staging-broken-too", "jin", "mitigated 👍 staging is broken too though", None),
    # An emoji, then a tail that belongs to the declaration (a recovery told by its figures, a denial, the
    # problem being investigated): the emoji still stands for a dash.
    S("emoji", "resolved-errors-down-to-zero", "ana", "resolved ✅ errors are down to zero", "resolved"),
    S("emoji", "monitoring-latency-down", "bo", "monitoring 👀 latency is down 40%", "mitigated"),
    S("emoji", "mitigated-checkout-working", "cy", "mitigated 🙌 checkout is working again", "mitigated"),
    S("emoji", "monitoring-graphs-flat", "eva", "monitoring 📈 graphs are flat again", "mitigated"),
    S("emoji", "resolved-nothing-broken", "jin", "resolved 🎉 failover is done, nothing is broken anymore", "resolved"),
    S("emoji", "mitigated-node-out-of-pool", "li", "mitigated ✅ the bad node is out of the pool", "mitigated"),
    S(
        "emoji",
        "investigating-checkout-failing",
        "max",
        "investigating 🔍 checkout is failing for EU users",
        "investigating",
    ),
    S("emoji", "identified-cache-node-down", "nia", "identified :bulb: the cache node is down", "identified"),
    S("ack", "ack-fr-4", "zoe", "je regarde ça", "ack"),
    S("ack", "ack-nl-3", "sem", "ik kijk even", "ack"),
    S("ack", "ack-pt-2", "rui", "to olhando", "ack"),
)

P = Phases
PHASES: tuple[Phases, ...] = (
    P(
        "first-post-monitoring-then-back",
        (
            ALERT,
            ("Statuspage", "[Monitoring] Elevated error rates\nWe are monitoring the situation."),
            ("alertbot", "[FIRING] checkout error rate 14% above threshold"),
            ("ana", "still failing for eu customers, digging into the gateway logs"),
            ("Statuspage", "[Investigating] Elevated error rates\nWe are investigating elevated errors."),
        ),
        {1: "mitigated", 4: "investigating"},
    ),
    P(
        "first-post-monitoring-then-identified",
        (
            ("Statuspage", "Monitoring - we are monitoring elevated latency on the API."),
            ("lee", "ack, looking"),
            ("Statuspage", "Identified - The issue has been identified and a fix is being implemented."),
        ),
        {0: "mitigated", 2: "identified"},
    ),
    P(
        "monitoring-then-regression",
        (
            ALERT,
            ACK,
            ("lee", "rolled back, error rate back to baseline"),
            ("ana", "errors are back, 5xx spiking again on all pods"),
        ),
        {2: "mitigated", 3: "investigating"},
    ),
    P(
        "declared-monitoring-then-status-investigating",
        (ALERT, ACK, ("lee", "status: monitoring"), ("lee", "status: investigating - the fix did not hold")),
        {2: "mitigated", 3: "investigating"},
    ),
    P(
        "declared-mitigated-then-investigating-tool",
        (
            ALERT,
            ("incident-bot", "Status changed: Investigating → Mitigated"),
            ("incident-bot", "Status changed: Mitigated → Investigating"),
        ),
        {1: "mitigated", 2: "investigating"},
    ),
    P(
        "emoji-resolve-sequence",
        (ALERT, ACK, ("lee", "failover done, traffic flowing on the standby"), ("lee", "resolved 🎉 closing")),
        {3: "resolved"},
    ),
    P("emoji-mitigated-sequence", (ALERT, ACK, ("kofi", "mitigated :tada: watching")), {2: "mitigated"}),
    P(
        "emoji-dashboard-complaint-keeps-identified",
        (
            ALERT,
            ACK,
            ("kofi", "cause identified, bad cert on the lb"),
            ("ana", "monitoring 📈 dashboard is broken too"),
            ("kofi", "cert rotated, monitoring 👀 error rate is back to baseline"),
        ),
        {2: "identified", 3: "identified", 4: "mitigated"},
    ),
    P(
        "all-clear-check-sequence",
        (ALERT, ACK, ("kofi", "cause identified, bad cert on the lb"), ("kofi", "all clear ✅")),
        {2: "identified", 3: "resolved"},
    ),
    P(
        "public-resolved-closes",
        (
            ALERT,
            ACK,
            ("lee", "patch is out, errors gone"),
            ("Statuspage", "[Resolved] Elevated error rates\nThis incident has been resolved."),
        ),
        {2: "mitigated", 3: "resolved"},
    ),
    P(
        "page-investigating-lags-channel",
        (
            ALERT,
            ACK,
            ("lee", "rolled back, error rate back to normal"),
            ("Statuspage", "[Investigating] We are investigating elevated error rates."),
        ),
        {3: "mitigated"},
    ),
    P(
        "attachment-monitoring-sets-mitigated",
        (ALERT, ACK, ("acme-status-feed", "Acme Status: incident updated\nMonitoring - A fix has been implemented.")),
        {2: "mitigated"},
    ),
    P(
        "trend-not-mitigated",
        (ALERT, ACK, ("lee", "errors dropping slowly after the restart"), ("lee", "still some timeouts in us-east")),
        {3: "investigating"},
    ),
    P(
        "identified-then-mitigated-then-resolved",
        (
            ALERT,
            ACK,
            ("ana", "found it, the cache ttl was set to zero in the last deploy"),
            ("ana", "reverted, latency back to normal"),
            ("ana", "closing the incident, postmortem thursday"),
        ),
        {2: "identified", 3: "mitigated", 4: "resolved"},
    ),
    P(
        "resolved-not-reopened-by-chatter",
        (ALERT, ACK, ("lee", "resolved, closing"), ("bo", "thanks all, nice work")),
        {2: "resolved", 3: "resolved"},
    ),
    P(
        "reopen-after-resolve",
        (ALERT, ACK, ("lee", "resolved, closing"), ("lee", "reopening the incident, errors are back")),
        {2: "resolved", 3: "investigating"},
    ),
    P(
        "first-post-monitoring-alert-keeps-firing",
        (
            ("Statuspage", "[Monitoring] Degraded performance on search\nWe are monitoring."),
            ("alertbot", "[FIRING] search p99 latency 4.2s above threshold"),
            ("ana", "latency still climbing, this isn't fixed"),
            ("bo", "looking at the index nodes now"),
        ),
        {0: "mitigated", 2: "investigating"},
    ),
    P(
        "mitigated-then-new-impact",
        (
            ALERT,
            ACK,
            ("lee", "mitigated, failed over to the secondary"),
            ("ana", "failures are back in the secondary too, customers reporting again"),
        ),
        {2: "mitigated", 3: "investigating"},
    ),
    P("question-does-not-declare", (ALERT, ACK, ("bo", "are we resolved? 🤔")), {2: "investigating"}),
    P(
        "foreign-ack-then-resolve",
        (ALERT, ("amelie", "je regarde"), ("amelie", "fixed the config, back to normal"), ("amelie", "resolved ✅")),
        {2: "mitigated", 3: "resolved"},
    ),
    P(
        "monitoring-then-people-keep-working-then-identified",
        (
            ("Statuspage", "Monitoring - We are monitoring elevated errors for card payments."),
            ("alertbot", "[FIRING] payments 5xx 7%"),
            ("ana", "status: identified, the card processor is rejecting our new cert"),
        ),
        {0: "mitigated", 2: "identified"},
    ),
    P(
        "first-post-monitoring-then-person-investigating",
        (
            ("Statuspage", "[Monitoring] Login failures\nWe are monitoring."),
            ("ana", "on it"),
            ("ana", "we're still investigating, logins failing for sso users"),
        ),
        {0: "mitigated", 2: "investigating"},
    ),
    P(
        "mitigated-emoji-then-regression",
        (
            ALERT,
            ACK,
            ("lee", "mitigated :tada: watching"),
            ("alertbot", "[FIRING] checkout error rate 11% above threshold"),
            ("lee", "errors came back after the cache warmed, not fixed"),
        ),
        {2: "mitigated", 4: "investigating"},
    ),
    P(
        "resolved-bracket-after-monitoring",
        (
            ALERT,
            ACK,
            ("Statuspage", "[Monitoring] Checkout errors\nA fix has been implemented."),
            ("Statuspage", "[Resolved] Checkout errors\nThis incident has been resolved."),
        ),
        {2: "mitigated", 3: "resolved"},
    ),
    # -- second round
    P(
        "page-monitoring-first-alert-refires",
        (
            ("Statuspage", "[Monitoring] API errors\nWe are monitoring."),
            ("alertbot", "[FIRING] api 5xx ratio 6% above threshold"),
            ("ana", "restarting the api pods on the second pool"),
        ),
        {0: "mitigated", 1: "investigating"},
    ),
    P(
        "page-monitoring-first-then-person-says-still-failing",
        (
            ("Statuspage", "[Monitoring] API errors\nWe are monitoring."),
            ("ana", "customers still failing to log in, tickets piling up"),
        ),
        {1: "investigating"},
    ),
    P(
        "person-recovery-then-page-identified-lag",
        (
            ALERT,
            ACK,
            ("ana", "reverted, errors back to baseline"),
            ("Statuspage", "[Identified] The issue has been identified and a fix is being implemented."),
        ),
        {3: "mitigated"},
    ),
    P(
        "page-monitoring-then-person-confirms-then-page-lags",
        (
            ALERT,
            ("Statuspage", "[Monitoring] We are monitoring."),
            ("ana", "yep back to normal on our side"),
            ("Statuspage", "[Identified] The issue has been identified."),
        ),
        {2: "mitigated", 3: "mitigated"},
    ),
    P(
        "resolve-with-emoji-after-monitoring-post",
        (ALERT, ACK, ("Statuspage", "[Monitoring] fix deployed"), ("ana", "all clear ✅ closing the channel")),
        {3: "resolved"},
    ),
    P(
        "mitigated-then-regression-emoji",
        (ALERT, ACK, ("ana", "mitigated 🎉"), ("bo", "5xx are back :scream:")),
        {2: "mitigated", 3: "investigating"},
    ),
    P(
        "identified-by-tool-transition",
        (ALERT, ACK, ("incident-bot", "Status changed: Investigating → Identified")),
        {2: "identified"},
    ),
    P(
        "tool-resolved-then-reopen",
        (
            ALERT,
            ("incident-bot", "Status changed: Monitoring → Resolved"),
            ("ana", "reopening the incident, errors returned"),
        ),
        {1: "resolved", 2: "investigating"},
    ),
    # -- third round
    P(
        "page-monitoring-first-then-person-resolves-emoji",
        (
            ("Statuspage", "[Monitoring] Slow dashboards\nWe are monitoring."),
            ("ana", "looked again, all good. resolved 🎉"),
        ),
        {0: "mitigated", 1: "resolved"},
    ),
    P(
        "tool-monitoring-then-person-investigating",
        (
            ALERT,
            ACK,
            ("incident-bot", "Status changed: Identified → Monitoring"),
            ("ana", "back to investigating, the patch only helped eu"),
        ),
        {2: "mitigated", 3: "investigating"},
    ),
    P(
        "page-identified-first-then-monitoring-then-resolved",
        (
            ("Statuspage", "[Identified] Delayed emails\nWe have identified the issue."),
            ("Statuspage", "[Monitoring] Delayed emails\nA fix has been implemented."),
            ("Statuspage", "[Resolved] Delayed emails\nThis incident has been resolved."),
        ),
        {0: "identified", 1: "mitigated", 2: "resolved"},
    ),
    P(
        "monitoring-post-then-page-investigating-with-symptom",
        (
            ALERT,
            ACK,
            ("ana", "failed over, errors gone"),
            ("Statuspage", "[Investigating] We are seeing errors again for some customers and are investigating."),
        ),
        {2: "mitigated", 3: "investigating"},
    ),
    P(
        "foreign-ack-typo-then-emoji-declare",
        (
            ALERT,
            ("jonas", "ich schau"),
            ("jonas", "status: identified, disk full on the db primary"),
            ("jonas", "mitigated :tada:"),
            ("jonas", "resolved ✅"),
        ),
        {2: "identified", 3: "mitigated", 4: "resolved"},
    ),
)

FIXED: frozenset[str] = frozenset(
    {
        "ack-de-2",
        "not-ack-looking-forward",
        "not-ack-looking-good",
        "bold-status-field",
        "bold-resolved-comma",
        "italic-mitigated-dash",
        "code-resolved",
        "bot-check-resolved",
        "mitigated-skin-tone",
        "ack-fr-4",
        "ack-nl-3",
        "ack-pt-2",
        "tool-monitoring-then-person-investigating",
        "ack-fr-3",
        "ack-de-3",
        "ack-es-3",
        "ack-typo-akc",
        "ack-typo-lookng",
        "page-monitoring-first-alert-refires",
        "ack-de-typo",
        "ack-es",
        "ack-es-2",
        "ack-fr",
        "ack-fr-2",
        "ack-it",
        "ack-nl",
        "ack-nl-2",
        "ack-pt",
        "ack-typo-loking",
        "ack-typo-lookin",
        "ack-typo-ont-it",
        "ack-typo-taking-a-lok",
        "declared-mitigated-then-investigating-tool",
        "emoji-resolve-sequence",
        "emoji-dashboard-complaint-keeps-identified",
        "first-post-monitoring-then-identified",
        "identified-emoji-dash",
        "mitigated-staging-broken-too",
        "monitoring-alerts-flapping",
        "monitoring-dashboard-emoji",
        "monitoring-grafana-down-shortcode",
        "monitoring-page-not-loading",
        "monitoring-status-page-stuck",
        "resolved-party",
        "sp-attachment-resolved",
        "sp-resolved-person-paste",
    }
)
"""Traps main read wrong: first round 24 of 86 (21 now read right), second round 6 of 24 (all now right),
third round 10 of 20 (all now right): 40 of 130 in all, 2 still wrong ("looking forward to …", "looking
good" are no longer read as acknowledgements: the acknowledgement lexicon's "looking" now stops before a
judgement or a "forward"). "monitoring-dashboard-emoji", the cost of reading an emoji after a status word as
a dash, is fixed with the fourth round (5 more emoji-then-complaint traps and a channel, all read wrong before;
8 emoji-then-declaration traps read right before and after): after a fix word the emoji is a dash only when
what follows is not a new clause reporting something broken (``NEW_PROBLEM_AFTER_EMOJI``)."""
KNOWN_GAPS: frozenset[str] = frozenset({"monitoring-eyes", "we-are-mitigated-emoji"})
"""Traps still read wrong: "monitoring 👀 will shout if it moves" carries a condition ("if") right after the
status word, which the rule for "resolved once …" reads as a plan; "we're mitigated 🙏 root cause still open"
has a remainder word ("still"), which keeps "mitigated. a few regions remaining" a progress report;
"monitoring 📈 dashboard is broken too" opens with the status word and an emoji, read like "monitoring — …" (a
person's declaration), though the rest of the sentence names a broken part."""


def _all_names() -> list[str]:
    return [t.name for t in SAYS] + [t.name for t in PHASES]


def test_traps_are_many_distinct_and_cover_every_family() -> None:
    names = _all_names()
    assert len(names) >= 80
    assert len(set(names)) == len(names)
    assert set(Counter(t.family for t in SAYS)) == {"declare", "emoji", "not", "page", "ack"}
    assert not FIXED & KNOWN_GAPS
    assert set(names) >= (FIXED | KNOWN_GAPS)


@pytest.mark.parametrize("trap", [t for t in SAYS if t.name not in KNOWN_GAPS], ids=lambda t: f"{t.family}-{t.name}")
def test_message_reads_as_its_status(trap: Says) -> None:
    assert says_right(trap), f"{trap.text!r}: {read(one(trap.text, trap.who, bot=trap.bot))}"


@pytest.mark.parametrize("trap", [t for t in PHASES if t.name not in KNOWN_GAPS], ids=lambda t: t.name)
def test_status_over_time(trap: Phases) -> None:
    assert phase_problems(trap) == []


def test_known_gaps_are_still_gaps() -> None:
    """When one of these starts reading right, move it out of KNOWN_GAPS (and into FIXED)."""
    right = [t.name for t in SAYS if t.name in KNOWN_GAPS and says_right(t)]
    right += [t.name for t in PHASES if t.name in KNOWN_GAPS and not phase_problems(t)]
    assert right == []
