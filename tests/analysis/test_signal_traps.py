"""Red team for the signals around the work (issue 14): detection, acknowledgement, escalation, status
posts and deploys, and the findings that turn an investigation.

Every message here was written for this test from general SRE practice and from how the common tools
format their posts — monitoring and paging (Opsgenie, PagerDuty, Datadog, Grafana, Alertmanager,
Sentry, New Relic, Pingdom, UptimeRobot, CloudWatch, Nagios/Icinga, Zabbix), incident tools
(incident.io, FireHydrant, Rootly, Jira Service Management), ticket bots (Zendesk, Intercom, Freshdesk,
Help Scout), status pages (Statuspage, Instatus, Better Stack, status.io), deploy bots (Argo CD,
Spinnaker, GitHub Actions, Jenkins, Heroku/Render/Fly-style, Terraform/Atlantis) — and people pulling in
teams and vendors, raising the severity, handing over command, saying a post is live, shipping a
change. None is taken from an incident set or from the bundled example. Each carries its expected
reading: the key event it is, or NOT one (a draft, a scheduled post, a question, a proposal, a plan, a
check going green again).

``FIXED`` names the traps main read wrong before this round; ``KNOWN_GAPS`` the ones still read wrong.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.analysis.trap_support import Said, reading_of, reads_as

S = Said

DETECT: tuple[Said, ...] = (
    # -- monitoring and paging bots
    S(
        "detect",
        "detect",
        "opsgenie-p1",
        "Opsgenie",
        "[Opsgenie] P1 alert #7731: orders-db replication lag > 300s",
        True,
    ),
    S(
        "detect",
        "detect",
        "opsgenie-prio",
        "Opsgenie",
        "High CPU on search-cluster-2 (priority P2). Responders: SRE",
        True,
    ),
    S(
        "detect",
        "detect",
        "pd-triggered-svc",
        "PagerDuty",
        "Incident #PX4Q2 TRIGGERED on service Notifications API: error budget burn critical",
        True,
    ),
    S(
        "detect",
        "detect",
        "pd-assigned",
        "PagerDuty",
        "New incident assigned to you: [#4120] ledger-writer health check failing",
        True,
    ),
    S(
        "detect",
        "detect",
        "dd-scoped",
        "Datadog",
        "[Triggered on {region:eu-central-1}] queue depth for invoicing-jobs above 10000",
        True,
    ),
    S(
        "detect",
        "detect",
        "dd-warn",
        "Datadog",
        "[P2] Warn: avg kafka.consumer.lag over orders-consumer > 50000 on host:broker-3",
        True,
    ),
    S("detect", "detect", "grafana-alerting", "Grafana", "[Alerting] Ingress 5xx ratio alert", True),
    S("detect", "detect", "grafana-emoji", "Grafana", "🔥 API gateway p95 latency is above 1.5s for 10m", True),
    S("detect", "detect", "am-crashloop", "Alertmanager", "[FIRING:3] KubePodCrashLooping (payments namespace)", True),
    S(
        "detect",
        "detect",
        "am-bold",
        "Alertmanager",
        "*Firing* InstanceDown job=node instance=10.4.2.19:9100 severity=page",
        True,
    ),
    S(
        "detect",
        "detect",
        "sentry-new",
        "Sentry",
        "New issue in mobile-backend: TypeError: Cannot read properties of undefined (reading 'token') - 1,204 events",
        True,
    ),
    S(
        "detect",
        "detect",
        "sentry-regression",
        "Sentry",
        "Regression: NullPointerException in CartService.total reappeared in release 4.18.0",
        True,
    ),
    S(
        "detect",
        "detect",
        "nr-violation",
        "New Relic",
        "Critical violation opened: Apdex < 0.7 on storefront-web",
        True,
    ),
    S(
        "detect",
        "detect",
        "nr-incident",
        "New Relic",
        "Incident opened: Error percentage > 5% on policy 'Search API'",
        True,
    ),
    S(
        "detect",
        "detect",
        "pingdom-down",
        "Pingdom",
        "DOWN: www.example.org is down since 09:41:12 UTC (Timeout > 30s)",
        True,
    ),
    S(
        "detect",
        "detect",
        "uptimerobot-keyword",
        "UptimeRobot",
        "Your monitor 'Public API' is currently DOWN (Keyword not found)",
        True,
    ),
    S("detect", "detect", "cw-alarm", "AWS Chatbot", 'ALARM: "rds-cpu-high" in US East (N. Virginia)', True),
    S(
        "detect",
        "detect",
        "cw-entered",
        "AWS Chatbot",
        "CloudWatch alarm elb-5xx in EU (Ireland) has entered the ALARM state",
        True,
    ),
    S(
        "detect",
        "detect",
        "nagios-problem",
        "Nagios",
        "PROBLEM Service Alert: mq-02/RabbitMQ queue length is CRITICAL",
        True,
    ),
    S("detect", "detect", "icinga-host", "Icinga", "** PROBLEM Host Alert: edge-proxy-4 is DOWN **", True),
    S(
        "detect",
        "detect",
        "zabbix-disk",
        "Zabbix",
        "Problem: Free disk space is less than 5% on volume /data (host: es-node-6)",
        True,
    ),
    S(
        "detect",
        "detect",
        "zabbix-started",
        "Zabbix",
        "Problem started at 03:12:44 on 2026.11.30. Problem name: Zabbix agent is not available",
        True,
    ),
    S(
        "detect",
        "detect",
        "rootly-alert",
        "Rootly",
        "New alert from Datadog: Postgres connections saturated on db-main",
        True,
    ),
    # -- ticket bots
    S(
        "detect",
        "detect",
        "zendesk-created",
        "Zendesk",
        "Ticket #88412 created by Acme Corp (priority: High): Dashboard shows no data since this morning",
        True,
    ),
    S(
        "detect",
        "detect",
        "intercom-conv",
        "Intercom",
        "New conversation from Lena at Brightwave: exports stuck at 0% for an hour",
        True,
    ),
    S(
        "detect",
        "detect",
        "freshdesk-urgent",
        "Freshdesk",
        "[Freshdesk] New Urgent ticket #2291: Unable to reset password, email never arrives",
        True,
    ),
    S(
        "detect",
        "detect",
        "helpscout-assigned",
        "Help Scout",
        "Conversation assigned to Support: 'webhooks stopped firing for our store'",
        True,
    ),
    S(
        "detect",
        "detect",
        "jsm-raised",
        "Jira Service Management",
        "SUP-4417 raised by customer: API returns 429 for all requests (Priority: Highest)",
        True,
    ),
    # -- people relaying customers, and people seeing it
    S(
        "detect",
        "detect",
        "support-relay-count",
        "amara",
        "heads up from support, 3 enterprise accounts wrote in about failed syncs in the last 15 min",
    ),
    S(
        "detect",
        "detect",
        "cs-call",
        "lucia",
        "CS escalated a customer call, their whole team is logged out and can't get back in",
    ),
    S(
        "detect",
        "detect",
        "am-relay",
        "tobias",
        "account manager for Northwind just pinged me, their integration is throwing 401s",
    ),
    S(
        "detect",
        "detect",
        "flood-tickets",
        "amara",
        "we've had a flood of tickets about missing emails in the last half hour",
    ),
    S("detect", "detect", "social", "kwame", "twitter is lighting up with people saying the app crashes on launch"),
    S("detect", "detect", "own-phone", "yusuf", "app stuck on the splash screen on my phone, same for two colleagues"),
    S(
        "detect",
        "detect",
        "nonnative-client",
        "piotr",
        "hi team, client from Poland write us that invoices page give blank screen",
    ),
    S(
        "detect",
        "detect",
        "sso-loop",
        "grace",
        "a customer on the enterprise plan says their SSO login loops back to the start page",
    ),
    # -- not a detection
    S("detect", "not", "am-resolved", "Alertmanager", "[RESOLVED] KubePodCrashLooping (payments namespace)", True),
    S("detect", "not", "pingdom-up", "Pingdom", "UP: www.example.org is up again after 14m of downtime", True),
    S("detect", "not", "dd-recovered", "Datadog", "[Recovered] queue depth for invoicing-jobs above 10000", True),
    S("detect", "not", "cw-ok", "AWS Chatbot", 'OK: "rds-cpu-high" in US East (N. Virginia)', True),
    S(
        "detect",
        "not",
        "opsgenie-closed",
        "Opsgenie",
        "Alert closed: High CPU on search-cluster-2 (closed automatically)",
        True,
    ),
    S(
        "detect",
        "not",
        "zabbix-resolved",
        "Zabbix",
        "Resolved in 6m: Free disk space is less than 5% on volume /data",
        True,
    ),
    S("detect", "not", "ask-tickets", "tobias", "did support get any tickets about this yet"),
    S("detect", "not", "tracker-followup", "Jira", "ENG-4410 created: add a checksum check to the release job", True),
    S("detect", "not", "plan-check-alerts", "grace", "we should add an alert for replication lag after this"),
)

ACK: tuple[Said, ...] = (
    S(
        "ack",
        "ack",
        "opsgenie-acked",
        "Opsgenie",
        "Alert acknowledged by Chen Wei: orders-db replication lag > 300s",
        True,
    ),
    S("ack", "ack", "pd-acked-svc", "PagerDuty", "Incident #PX4Q2 acknowledged by Ravi Menon", True),
    S("ack", "ack", "human-looking", "chen", "ack - pulling up the broker dashboards"),
    S("ack", "ack", "human-have-it", "ravi", "have it. joining the bridge"),
)

ESCALATE: tuple[Said, ...] = (
    # -- another team or a vendor pulled in
    S("escalate", "escalate", "pull-db-team", "farah", "pulling in the db team, @dbre-oncall please join"),
    S("escalate", "escalate", "paged-netops", "omar", "paged netops, they're joining the bridge"),
    S("escalate", "escalate", "vendor-p1", "ines", "opened a P1 with the vendor, ticket 00912734"),
    S(
        "escalate",
        "escalate",
        "at-oncall",
        "farah",
        "@oncall-storage need you here, volumes on the east cluster went read-only",
    ),
    S("escalate", "escalate", "gcp-case", "bogdan", "raised a sev-1 case with Google Cloud support"),
    S("escalate", "escalate", "vendor-phone", "keiko", "got GCP support on the phone, they're checking the region"),
    S("escalate", "escalate", "cdn-account", "omar", "escalated to our CDN account team"),
    S(
        "escalate",
        "escalate",
        "asked-security",
        "wen",
        "asked the security team to join, this looks like credential stuffing",
    ),
    S("escalate", "escalate", "calling-manager", "ines", "calling in the SRE manager, we need more hands"),
    S("escalate", "escalate", "pinged-platform", "bogdan", "pinged the platform on-call, Rui is joining"),
    S("escalate", "escalate", "azure-case", "keiko", "Azure support looped in, case 2411290040001234"),
    S(
        "escalate",
        "escalate",
        "contacted-isp",
        "omar",
        "contacted our transit provider's NOC, they opened a ticket on their side",
    ),
    # -- severity raised
    S("escalate", "escalate", "upgrading-sev", "farah", "upgrading to SEV2, logins are affected too now"),
    S("escalate", "escalate", "major-now", "omar", "this is now a major incident"),
    S("escalate", "escalate", "critical", "wen", "raising severity to critical, all regions affected"),
    S("escalate", "escalate", "arrow", "bogdan", "sev3 -> sev1, payments failing everywhere"),
    S("escalate", "escalate", "p0", "ines", "promoting this to P0"),
    S("escalate", "escalate", "moving-sev", "keiko", "moving this to sev 2"),
    S("escalate", "escalate", "p1-now", "farah", "this is a P1 now, customers cannot pay"),
    S(
        "escalate",
        "escalate",
        "incidentio-sev",
        "incident.io",
        "Severity changed from SEV3 to SEV2 by Aiko Tanaka",
        True,
    ),
    S("escalate", "escalate", "fh-sev", "FireHydrant", "Incident INC-882 severity updated: Minor → Major", True),
    S("escalate", "escalate", "rootly-sev", "Rootly", "Severity of incident #231 set to SEV1", True),
    S(
        "escalate",
        "escalate",
        "jsm-priority",
        "Jira Service Management",
        "Priority changed from P3 to P1 on INC-1043",
        True,
    ),
    # -- command handed over
    S("escalate", "escalate", "handing-ic", "farah", "handing IC to Ines, I'm heading out"),
    S("escalate", "escalate", "has-con", "ines", "Bogdan has the con"),
    S("escalate", "escalate", "taking-over", "bogdan", "Bogdan taking over as incident commander"),
    S("escalate", "escalate", "stepping-down", "wen", "I'm stepping down as IC, Keiko takes over"),
    S("escalate", "escalate", "incidentio-lead", "incident.io", "Aiko Tanaka is now the Incident Lead", True),
    S("escalate", "escalate", "fh-role", "FireHydrant", "Role assigned - Incident Commander: Omar Haddad", True),
    S("escalate", "escalate", "new-ic", "omar", "new IC: @wen"),
    S("escalate", "escalate", "passing-command", "keiko", "passing command to the EU shift, Ines is IC"),
    # -- not an escalation
    S("escalate", "not", "ask-ic", "farah", "can you be IC?"),
    S("escalate", "not", "who-ic", "omar", "who is IC right now"),
    S("escalate", "not", "ask-sev", "wen", "should this be a sev1?"),
    S("escalate", "not", "conditional-ic", "bogdan", "I'll take IC if Farah can't make it"),
    S("escalate", "not", "conditional-page", "ines", "if the db team doesn't answer in 10 min we page their manager"),
    S("escalate", "not", "ask-loop", "keiko", "can someone loop in the network team?"),
    S("escalate", "not", "maybe-later", "farah", "might need the dba folks later"),
    S("escalate", "not", "proposal-vendor", "omar", "should we open a case with AWS?"),
    S("escalate", "not", "draft-engaged", "lucia", "draft, not posted yet: 'Our engineers are engaged and on it.'"),
)

COMMS: tuple[Said, ...] = (
    # -- published
    S(
        "comms",
        "comms",
        "sp-investigating",
        "Statuspage",
        "Investigating - We are investigating elevated error rates on the Dashboard. Next update within the hour.",
        True,
    ),
    S(
        "comms",
        "comms",
        "sp-email-identified",
        "Statuspage",
        "[Example Status] Identified - Webhook delivery delays",
        True,
    ),
    S("comms", "comms", "instatus-new", "Instatus", "New incident posted: Degraded performance - API", True),
    S("comms", "comms", "betterstack-updated", "Better Stack", "Status page updated: Partial outage on Search", True),
    S(
        "comms",
        "comms",
        "statusio-created",
        "status.io",
        "Incident created: Elevated latency. Current state: Investigating",
        True,
    ),
    S("comms", "comms", "person-live", "lucia", "status page is LIVE"),
    S("comms", "comms", "person-posted-url", "amara", "posted the incident on status.example.com"),
    S("comms", "comms", "post-up-linked", "lucia", "statuspage post is up, linked it in #support"),
    S("comms", "comms", "first-update", "grace", "first public update went out at 10:42"),
    S("comms", "comms", "banner-live", "kwame", "in-app banner is live"),
    S("comms", "comms", "email-sent", "amara", "customer email sent to all affected workspaces"),
    S("comms", "comms", "tweeted", "lucia", "we tweeted from the status account"),
    S("comms", "comms", "comms-label", "grace", "comms: published Investigating on the status page"),
    S("comms", "comms", "update-pushed", "kwame", "update pushed to the status page, says we've identified the issue"),
    S("comms", "comms", "notice-visible", "amara", "in-app notice now visible to EU users"),
    S("comms", "comms", "pir-published", "lucia", "published the post-incident review on our blog"),
    # -- not published
    S(
        "comms",
        "not",
        "draft-ok",
        "grace",
        "draft for the status page: 'We are investigating reports of slow page loads.' ok to post?",
    ),
    S("comms", "not", "ask-post", "kwame", "can someone with statuspage access post an update?"),
    S(
        "comms",
        "not",
        "scheduled",
        "Statuspage",
        "Scheduled maintenance: database upgrade on Sunday 02:00-04:00 UTC",
        True,
    ),
    S("comms", "not", "draft-saved", "amara", "status page draft saved, not published yet"),
    S("comms", "not", "should-post", "lucia", "should we post on the status page or wait?"),
    S("comms", "not", "post-once", "grace", "I'll post the update once Omar approves"),
    S("comms", "not", "wording", "kwame", "wording suggestion: 'Some users may experience delays'"),
    S("comms", "not", "instatus-draft", "Instatus", "Draft incident created (not visible to subscribers)", True),
    S("comms", "not", "reminder", "incident.io", "Reminder: the next status page update is due at 11:30", True),
)

DEPLOY: tuple[Said, ...] = (
    # -- the change going out, by bots
    S(
        "deploy",
        "deploy",
        "argocd-synced",
        "Argo CD",
        "Application payments-api sync succeeded to revision 4f2c9e1 (prod)",
        True,
    ),
    S(
        "deploy",
        "deploy",
        "spinnaker",
        "Spinnaker",
        "Pipeline 'Deploy to Production' for catalog-api SUCCEEDED (build #512)",
        True,
    ),
    S(
        "deploy",
        "deploy",
        "gha",
        "GitHub Actions",
        "✅ deploy-production workflow succeeded on main (a91f0d2) by mkowalski",
        True,
    ),
    S("deploy", "deploy", "jenkins", "Jenkins", "Build #2291 of release-web-prod: SUCCESS, deployed to prod", True),
    S("deploy", "deploy", "heroku", "Heroku", "Release v412 created by ines@example.com (Deploy 3fe09ab)", True),
    S(
        "deploy",
        "deploy",
        "render",
        "Render",
        "Deploy live for search-indexer: commit 77c1e0b 'bump parser to 2.4'",
        True,
    ),
    S("deploy", "deploy", "fly", "Fly", "Release v58 of edge-router deployed to 12 machines", True),
    S(
        "deploy",
        "deploy",
        "atlantis",
        "atlantis",
        "Ran Apply for dir: network/prod workspace: default. Apply complete! Resources: 2 added, 3 changed.",
        True,
    ),
    S("deploy", "deploy", "tfc", "Terraform Cloud", "Run run-Xa9 applied in workspace prod-dns: 1 to change", True),
    # -- by people
    S("deploy", "deploy", "merged-rolling", "mateo", "merged the connection pool change, it's rolling to prod"),
    S("deploy", "deploy", "shipped-version", "sofia", "shipped 2.41.0 to prod at 13:05"),
    S("deploy", "deploy", "canary-100", "mateo", "promoted the canary to 100%"),
    S("deploy", "deploy", "tf-apply-done", "haruto", "terraform apply on the prod vpc finished"),
    S("deploy", "deploy", "config-pushed", "sofia", "the new rate config went out to all PoPs at 08:50"),
    S("deploy", "fix", "hotfix-out", "haruto", "hotfix is out, deployed to all three regions"),
    S("deploy", "fix", "fix-deployed", "mateo", "fix deployed to eu-west, watching the graphs"),
    # -- not a deploy
    S("deploy", "not", "ask-deploy", "sofia", "should we deploy the fix now or wait for review?"),
    S("deploy", "not", "pr-up", "haruto", "PR for the fix is up, needs a review"),
    S("deploy", "not", "will-ship", "mateo", "will ship the fix tomorrow morning"),
    S(
        "deploy",
        "not",
        "gha-failed-staging",
        "GitHub Actions",
        "❌ deploy-staging workflow failed on feature/search-facets",
        True,
    ),
    S("deploy", "not", "argocd-outofsync", "Argo CD", "Application catalog-api is OutOfSync", True),
    S("deploy", "not", "dependabot", "dependabot", "Bump lodash from 4.17.20 to 4.17.21", True),
)

FINDING: tuple[Said, ...] = (
    S(
        "finding",
        "finding",
        "not-db-after-all",
        "chen",
        "not the db after all, query times are flat. the slowness is all in the auth call",
    ),
    S("finding", "finding", "only-new-kernel", "yusuf", "wait, errors only on nodes running the new kernel"),
    S("finding", "finding", "rules-out-dns", "ravi", "ok that rules out DNS, resolution works from every region"),
    S(
        "finding",
        "finding",
        "found-ingress",
        "chen",
        "found something: every failing request goes through the eu-2 ingress",
    ),
    S("finding", "finding", "started-when", "tobias", "interesting, the 502s started exactly when the cert rotated"),
    S("finding", "finding", "scratch-that", "yusuf", "scratch that, the lag is on the consumer side, brokers are fine"),
    S("finding", "finding", "turns-out", "ravi", "turns out the cache hit rate fell to 3% at 14:10"),
    S("finding", "finding", "heap-dump", "chen", "heap dump shows 9 GB of session objects"),
    S("finding", "finding", "pcap", "tobias", "the packet captures show resets coming from the firewall, not the app"),
    S("finding", "finding", "lines-up", "yusuf", "every spike lines up with the cron that runs on the hour"),
    S("finding", "finding", "not-deploy", "ravi", "so it's not the deploy, same errors on the old version in canary"),
    S("finding", "finding", "narrowed", "chen", "narrowed it down to tenants on shard 12"),
    S("finding", "finding", "only-android", "tobias", "it's only android 14 users, iOS is clean"),
    S("finding", "not", "question", "yusuf", "could it be the new index?"),
    S("finding", "not", "still-looking", "ravi", "still looking at the logs"),
    S("finding", "not", "pulling-traces", "chen", "let me pull the traces"),
    S("finding", "not", "link", "tobias", "anyone have the grafana link?"),
)

SECOND_ROUND: tuple[Said, ...] = (
    # Written after the first round's fixes and run before any further change (main 12/25, the first
    # round's fixes 19/25); the six still wrong were then fixed as classes (team "folks" brought in, a vendor
    # "engaged", a call with someone, a reseller writing to support, a maintenance window, a change executed).
    S("detect", "detect", "oncall-crit", "Splunk On-Call", "CRITICAL: api-edge 5xx rate over budget", True),
    S(
        "detect",
        "detect",
        "dynatrace",
        "Dynatrace",
        "Problem P-2231: Response time degradation on service orders",
        True,
    ),
    S("detect", "detect", "honeycomb", "Honeycomb", "Trigger 'slow queries' fired: COUNT > 40", True),
    S("detect", "detect", "reseller", "lin", "a reseller emailed support, none of their shops load"),
    S("detect", "detect", "sales", "ole", "sales says Globex can't log in since lunch"),
    S("detect", "detect", "statuscake", "StatusCake", "Website api.example.io is down. Status code: 502", True),
    S("detect", "detect", "gave-me-500", "sam", "hey is prod search ok? the list call just gave me a 500. twice"),
    S(
        "detect",
        "detect",
        "issue-feed",
        "GitHub",
        '[acme/widgets] New issue #4410 by a user: "v3.2.0 install fails with checksum mismatch"',
        True,
    ),
    S(
        "detect",
        "detect",
        "forum-relay",
        "Forum relay",
        "#support: 4 users report blank dashboards",
        True,
    ),
    S("detect", "detect", "returned-503s", "ole", "checkout returned 503s on my last three tries"),
    S("detect", "detect", "threw-exception", "lin", "the import threw an exception on every file this morning"),
    S("escalate", "escalate", "k8s-folks", "ana", "brought the k8s platform folks in"),
    S("escalate", "escalate", "aws-call", "ana", "got AWS on a call via enterprise support, case 1234"),
    S("escalate", "escalate", "bump-prio", "ole", "bumping priority to P1"),
    S("escalate", "escalate", "xin-ic", "ana", "Xin is now IC"),
    S("escalate", "escalate", "handoff-arrow", "lin", "IC handoff: Malik -> Sofia"),
    S("escalate", "escalate", "vendor-engaged", "ole", "vendor engaged, their SRE is on the bridge"),
    S("escalate", "not", "ask-vendor", "lin", "do we have a support contract with them?"),
    S(
        "comms",
        "comms",
        "sp-monitoring",
        "Statuspage",
        "Monitoring - A fix has been deployed and we are monitoring.",
        True,
    ),
    S("comms", "comms", "page-published", "ana", "status page incident published"),
    S("comms", "comms", "emails-out", "lin", "customer notification emails went out"),
    S("comms", "not", "maint-window", "Statuspage", "Scheduled: maintenance window on Tuesday 01:00 UTC", True),
    S("comms", "not", "will-post", "ole", "will post to the status page after the call"),
    S("deploy", "deploy", "jenkins-finished", "Jenkins", "Deploy prod #88 finished: SUCCESS", True),
    S("deploy", "deploy", "argo-healthy", "Argo CD", "app orders-api synced to rev 12ab, health: Healthy", True),
    S("deploy", "deploy", "rolled-out", "ana", "rolled out 3.9.2 to all regions"),
    S("deploy", "deploy", "chg-executed", "lin", "change CHG-1123 executed by netops"),
    S("deploy", "not", "staging-first", "ole", "deploying to staging first"),
    S("finding", "finding", "arm64", "ana", "turns out only the arm64 nodes are affected"),
    S("finding", "finding", "after-all", "lin", "it's the resolver after all, the cache was never the problem"),
)

TRAPS: tuple[Said, ...] = DETECT + ACK + ESCALATE + COMMS + DEPLOY + FINDING + SECOND_ROUND

FIXED: frozenset[str] = frozenset(
    {
        "dynatrace",
        "honeycomb",
        "reseller",
        "statuscake",
        "k8s-folks",
        "aws-call",
        "vendor-engaged",
        "maint-window",
        "argo-healthy",
        "rolled-out",
        "chg-executed",
        "arm64",
        "after-all",
        "am-relay",
        "argocd-synced",
        "ask-tickets",
        "asked-security",
        "at-oncall",
        "calling-manager",
        "canary-100",
        "conditional-ic",
        "config-pushed",
        "contacted-isp",
        "critical",
        "cs-call",
        "fh-role",
        "fh-sev",
        "gcp-case",
        "gha-failed-staging",
        "grafana-emoji",
        "handing-ic",
        "has-con",
        "icinga-host",
        "incidentio-lead",
        "instatus-draft",
        "instatus-new",
        "jsm-priority",
        "major-now",
        "merged-rolling",
        "moving-sev",
        "narrowed",
        "new-ic",
        "nonnative-client",
        "not-db-after-all",
        "not-deploy",
        "notice-visible",
        "nr-incident",
        "only-android",
        "opsgenie-closed",
        "opsgenie-prio",
        "own-phone",
        "p0",
        "pcap",
        "pd-assigned",
        "pingdom-down",
        "pinged-platform",
        "reminder",
        "rootly-alert",
        "rootly-sev",
        "scheduled",
        "sentry-new",
        "sentry-regression",
        "shipped-version",
        "social",
        "sso-loop",
        "started-when",
        "statusio-created",
        "support-relay-count",
        "tf-apply-done",
        "tfc",
        "turns-out",
        "uptimerobot-keyword",
        "vendor-p1",
        "vendor-phone",
        "who-ic",
        "zabbix-started",
    }
)
"""Traps main reads wrong (first round 66 of 151, second round 13 of 25)."""
KNOWN_GAPS: frozenset[str] = frozenset({"scratch-that", "rules-out-dns", "lines-up"})
"""Traps still read wrong, each because the general class costs more than it gains: "scratch that, …"
opens a change of direction but as often withdraws the speaker's own last line; "that rules out X" is a
refutation, which the board sums up rather than the timeline; "lines up with" as often confirms what is
known as it turns the search (each read as a finding cost dev precision)."""


def test_traps_are_many_distinct_and_cover_every_family() -> None:
    assert len(TRAPS) >= 120
    assert len({t.name for t in TRAPS}) == len(TRAPS)
    assert len({t.text for t in TRAPS}) == len(TRAPS)
    families = Counter(t.family for t in TRAPS)
    assert set(families) == {"detect", "ack", "escalate", "comms", "deploy", "finding"}
    assert all(any(t.family == f and t.expect == "not" for t in TRAPS) for f in families if f != "ack")
    assert not FIXED & KNOWN_GAPS
    assert {t.name for t in TRAPS} >= (FIXED | KNOWN_GAPS)


@pytest.mark.parametrize("trap", [t for t in TRAPS if t.name not in KNOWN_GAPS], ids=lambda t: f"{t.family}-{t.name}")
def test_trap_reads_as_its_signal(trap: Said) -> None:
    r, kind = reading_of(trap.text, trap.who, bot=trap.bot)
    assert reads_as(trap), f"{trap.text!r}: kind={r.kind} timeline={kind} {r}"


def test_known_gaps_are_still_gaps() -> None:
    """When one of these starts reading right, move it out of KNOWN_GAPS (and into FIXED)."""
    assert [t.name for t in TRAPS if t.name in KNOWN_GAPS and reads_as(t)] == []
