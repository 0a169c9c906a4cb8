"""Adversarial channels about remediation steps: which message of a step the timeline cites (issue 14).

Each trap is a short channel written for this test from general SRE practice (not from any incident
set, not from the bundled example): one step talked about in several messages across many systems
(DNS, load balancers, database failover, feature flags, rate limits, WAF rules, cache purges,
autoscaling, queue pause and drain, rollbacks by people and deploy bots, traffic shifting,
certificates, credentials, restores, restarts), in many voices (terse, noun-first, past tense,
progressive, orders, questions, proposals, hedges, non-native English, bots). Every line carries how
a postmortem timeline should read it (``trap_support.STEP_CLASSES``): the step taken is cited once,
at its first report; a proposal, an order, a trend or the same step reported again is not a
mitigation; the message where impact visibly stopped is. ``FIXED`` names the traps main read wrong
before this round; ``KNOWN_GAPS`` the ones still read wrong.
"""

from __future__ import annotations

import pytest

from tests.analysis.trap_support import STEP_CLASSES, StepTrap, step_problems

S = StepTrap

TRAPS: tuple[S, ...] = (
    # -- DNS -------------------------------------------------------------------------------------------
    S(
        "dns-ttl-lowered-then-record-swapped",
        (
            ("proposed", "ines", "maybe we point the api record at the secondary lb?"),
            ("taken", "ines", "api record now points at the secondary lb, ttl 60"),
            ("effect", "ines", "resolvers picked it up, 5xx now below 0.5%"),
        ),
    ),
    S(
        "dns-progressive-then-done",
        (
            ("progress", "tomasz", "updating the cname for static assets to the backup cdn now"),
            ("finish", "tomasz", "cname updated, propagated to the big resolvers"),
        ),
    ),
    S(
        "dns-question-only",
        (
            ("proposed", "ayo", "should we flip dns to the dr site or wait for the vendor?"),
            ("proposed", "mei", "i'd wait 10 more min, flipping dns is hard to undo"),
        ),
    ),
    S("dns-nonnative-done", (("taken", "dmitri", "i have changed the dns record to old ip, it is done"),)),
    S(
        "dns-bot-confirms-person",
        (
            ("taken", "rosa", "swapped the A record for login to the standby pool"),
            ("again", "bot", "dns-bot: record login.example.com updated (A -> 10.2.0.8) by rosa"),
        ),
    ),
    # -- load balancer / traffic shifting ------------------------------------------------------------
    S(
        "lb-pull-node-terse",
        (
            ("taken", "kwame", "pulled web-14 out of the lb pool"),
            ("trend", "kwame", "errors trending down"),
        ),
    ),
    S(
        "lb-weights-progress-then-done",
        (
            ("progress", "svetlana", "shifting traffic off us-east-2, 50% so far"),
            ("finish", "svetlana", "traffic fully off us-east-2"),
            ("effect", "svetlana", "checkout error rate at 0.2%, baseline"),
        ),
    ),
    S(
        "traffic-order-then-report",
        (
            ("ordered", "priya", "ok let's move all traffic to eu-central"),
            ("taken", "arjun", "moved traffic to eu-central, us region at 0 rps"),
        ),
    ),
    S(
        "traffic-hedged",
        (("proposed", "lukas", "we could steer the mobile traffic to the other region if it gets worse"),),
    ),
    S("traffic-noun-first", (("taken", "hana", "traffic on the standby cluster since 14:32"),)),
    S(
        "lb-drain-now",
        (
            ("progress", "olu", "draining the bad az from the lb now"),
            ("again", "olu", "still draining, 3 of 5 targets deregistered"),
            ("finish", "olu", "az drained"),
        ),
    ),
    S("lb-bot-only", (("taken", "bot", "lb-controller: target group api-prod: 4 targets deregistered (az-c)"),)),
    # -- database failover ---------------------------------------------------------------------------
    S(
        "db-failover-order-bot-done",
        (
            ("ordered", "chen", "fail over the primary now"),
            ("taken", "bot", "dbops: failover of orders-db completed, new primary orders-db-2"),
            ("effect", "chen", "writes succeeding again, error rate 0"),
        ),
    ),
    S("db-failover-question", (("proposed", "amara", "is a manual failover safe with replication lag at 40s?"),)),
    S(
        "db-failover-progress-then-complete",
        (
            ("progress", "jonas", "failing over to the replica in zone b"),
            ("finish", "jonas", "failover finished, replica is primary now"),
        ),
    ),
    S("db-promote-replica-past", (("taken", "fatima", "promoted the read replica, app pointed at it"),)),
    S("db-failover-should-be-done", (("taken", "pedro", "failover should be done now, checking connections"),)),
    S(
        "db-kill-queries",
        (
            ("taken", "yuki", "killed the long running queries on the primary, 14 of them"),
            ("effect", "yuki", "db cpu back to 30%, normal for this hour"),
        ),
    ),
    S("db-failover-plan-listed", (("proposed", "nadia", "plan: 1) stop writes 2) fail over 3) verify. thoughts?"),)),
    # -- feature flags ---------------------------------------------------------------------------------
    S(
        "flag-off-past",
        (
            ("taken", "sofia", "turned off the new-pricing flag for everyone"),
            ("effect", "sofia", "cart errors gone, 0 in the last 5 min"),
        ),
    ),
    S(
        "flag-bot-echo",
        (
            ("taken", "mateo", "disabling the recommendations flag"),
            ("again", "bot", "flagbot: flag recs_v2 turned OFF in production by mateo"),
        ),
    ),
    S(
        "flag-ask",
        (
            ("proposed", "grace", "can someone with flag access turn off search_beta?"),
            ("taken", "ravi", "done, search_beta off"),
        ),
    ),
    S("flag-noun-first", (("taken", "elif", "killswitch for image uploads flipped"),)),
    S("flag-hedge-will", (("proposed", "bo", "will turn the flag off if the error rate goes above 5%"),)),
    S("flag-nonnative", (("taken", "andrzej", "flag is disable now for all tenant"),)),
    S(
        "flag-reenabled-later-not-first",
        (
            ("taken", "zara", "feature flag for bulk export off"),
            ("again", "zara", "bulk export flag still off, confirmed in the console"),
        ),
    ),
    # -- rate limits ---------------------------------------------------------------------------------
    S("ratelimit-applied", (("taken", "leon", "rate limit of 100 rps per key applied on /v1/search"),)),
    S(
        "ratelimit-progress",
        (
            ("progress", "aiko", "adding a per-tenant rate limit for the noisy customer"),
            ("finish", "aiko", "limit live for tenant 4411"),
        ),
    ),
    S("ratelimit-proposal", (("proposed", "marek", "a rate limit on the export endpoint might buy us time"),)),
    S("ratelimit-question", (("proposed", "ife", "do we have a rate limit we can lower on the webhooks?"),)),
    S(
        "ratelimit-effect",
        (
            ("taken", "carlos", "throttled the batch client to 10 rps"),
            ("effect", "carlos", "api latency back to normal, p99 180ms"),
        ),
    ),
    S(
        "ratelimit-trend",
        (
            ("taken", "nour", "lowered the global limit to 2k rps"),
            ("trend", "nour", "queue depth going down slowly"),
        ),
    ),
    # -- WAF -------------------------------------------------------------------------------------------
    S(
        "waf-block-rule-live",
        (
            ("taken", "sam", "waf rule blocking the bad user agent is live"),
            ("effect", "sam", "bad requests at 0 since the rule went in"),
        ),
    ),
    S(
        "waf-blocking-progress",
        (
            ("progress", "anya", "blocking the asn at the edge"),
            ("finish", "anya", "asn blocked"),
        ),
    ),
    S(
        "waf-order",
        (
            ("ordered", "rahul", "block that /24 at the waf right away"),
            ("taken", "mei", "blocked"),
        ),
    ),
    S(
        "waf-proposal-question",
        (("proposed", "tariq", "any objection to blocking all traffic from that country for an hour?"),),
    ),
    S("waf-bot", (("taken", "bot", "edge-bot: firewall rule 'deny-scraper-ua' deployed to all pops"),)),
    S("waf-rule-draft", (("proposed", "lin", "drafting a waf rule for the login path, will share before applying"),)),
    # -- cache purge ----------------------------------------------------------------------------------
    S(
        "cache-purge-past",
        (
            ("taken", "emma", "purged the cdn cache for /assets/*"),
            ("effect", "emma", "pages loading fine again everywhere we test"),
        ),
    ),
    S(
        "cache-purge-bot-then-person",
        (
            ("taken", "bot", "cdn: purge request 8812 for zone www completed"),
            ("again", "ola", "cache purge done"),
        ),
    ),
    S("cache-flush-question", (("proposed", "gus", "would flushing redis help or just make it worse?"),)),
    S("cache-flush-progress", (("progress", "kenji", "flushing the session cache on all nodes"),)),
    S("cache-clear-hedge", (("proposed", "ana", "i think clearing the cache is worth a try"),)),
    # -- autoscaling / capacity -----------------------------------------------------------------------
    S(
        "scale-out-past",
        (
            ("taken", "bilal", "scaled the api deployment to 40 replicas"),
            ("trend", "bilal", "latency improving"),
        ),
    ),
    S("scale-bot-done", (("taken", "bot", "autoscaler: worker-pool scaled from 12 to 30 nodes"),)),
    S("scale-proposal", (("proposed", "hugo", "we should add more consumers, lag is huge"),)),
    S(
        "scale-new-instance-class",
        (
            ("progress", "irina", "moving the cache cluster to a bigger instance class"),
            ("finish", "irina", "larger nodes in service, old ones gone"),
            ("effect", "irina", "evictions at zero, hit rate back to 95%"),
        ),
    ),
    S(
        "scale-ask",
        (
            ("proposed", "tom", "can you bump the max replicas on the hpa?"),
            ("taken", "jun", "bumped max replicas to 60"),
        ),
    ),
    S("capacity-added-noun-first", (("taken", "lea", "6 extra brokers added to the cluster"),)),
    # -- queue pause / drain --------------------------------------------------------------------------
    S(
        "queue-pause-progressive",
        (
            ("progress", "mikkel", "pausing the email queue consumers"),
            ("finish", "mikkel", "consumers paused"),
        ),
    ),
    S(
        "queue-paused-noun-first",
        (
            ("taken", "sade", "mailer queue paused"),
            ("effect", "sade", "db load back to baseline"),
        ),
    ),
    S("queue-pause-question", (("proposed", "oren", "pause the ingest pipeline?"),)),
    S(
        "queue-drain-backlog-is-progress",
        (
            ("taken", "paula", "stopped the replay job"),
            ("trend", "paula", "backlog draining, 40k left"),
        ),
    ),
    S(
        "queue-pause-bot-confirms",
        (
            ("taken", "ahmed", "paused the webhook dispatcher"),
            ("again", "bot", "queuebot: dispatcher webhooks-out state=PAUSED"),
        ),
    ),
    S("queue-pause-nonnative", (("taken", "wei", "i stop the consumer for the topic orders, now is stopped"),)),
    S("queue-pause-will", (("proposed", "rin", "will pause the sync if it starts again"),)),
    # -- rollback / revert by people -------------------------------------------------------------------
    S(
        "rollback-person-past",
        (
            ("taken", "kai", "rolled back the api to yesterday's build"),
            ("effect", "kai", "500s stopped, zero since the rollback"),
        ),
    ),
    S(
        "rollback-progressive-then-done",
        (
            ("progress", "ama", "rolling back the payments service"),
            ("finish", "ama", "rollback done"),
        ),
    ),
    S(
        "rollback-lets",
        (
            ("ordered", "joao", "let's roll back the config change"),
            ("taken", "eva", "config change reverted"),
        ),
    ),
    S("rollback-question", (("proposed", "ilse", "should we revert PR 8812 or fix forward?"),)),
    S("rollback-hedge", (("proposed", "ben", "a revert would probably be the fastest"),)),
    S("revert-merged-noun-first", (("taken", "chloe", "revert merged and deployed"),)),
    S("rollback-should-be-done", (("taken", "mo", "rollback should be finished in all regions now"),)),
    S(
        "rollback-restated-by-second-person",
        (
            ("taken", "lars", "reverted the search index mapping"),
            ("again", "nia", "fyi the mapping was reverted by lars"),
        ),
    ),
    # -- rollback via deploy bots ----------------------------------------------------------------------
    S(
        "chatops-rollback-command-then-bot-done",
        (
            ("ordered", "pia", "/deploy rollback checkout-web prod"),
            ("progress", "bot", "deploybot: rollback of checkout-web to v812 started by pia"),
            ("finish", "bot", "deploybot: rollback of checkout-web to v812 finished"),
        ),
    ),
    S(
        "deploy-bot-rollback-finished-only",
        (("taken", "bot", "deploybot: rollback of ledger-api to 2024.11.3 finished"),),
    ),
    S("chatops-revert-command-only", (("ordered", "tiago", "/revert billing-worker"),)),
    S(
        "deploy-bot-rollback-failed",
        (("failed", "bot", "deploybot: rollback of gateway failed: health check timeout"),),
    ),
    # -- certificates ------------------------------------------------------------------------------------
    S(
        "cert-renewed-past",
        (
            ("taken", "noah", "renewed the wildcard cert and reloaded nginx"),
            ("effect", "noah", "tls errors gone, handshakes at 100%"),
        ),
    ),
    S(
        "cert-progress",
        (
            ("progress", "aisha", "reissuing the cert for the api domain now"),
            ("finish", "aisha", "new cert installed on all lbs"),
        ),
    ),
    S("cert-question", (("proposed", "felix", "who can renew the cert? the acme account is locked"),)),
    S("cert-bot", (("taken", "bot", "certbot: certificate for api.example.net renewed, expires 2025-03-01"),)),
    S("cert-will", (("proposed", "zoe", "going to replace the cert once security approves"),)),
    # -- credential rotation -----------------------------------------------------------------------------
    S("creds-rotated", (("taken", "omar", "rotated the leaked api key, old one revoked"),)),
    S(
        "creds-rotating-progress",
        (
            ("progress", "hilde", "rotating the db passwords for all services"),
            ("again", "hilde", "still rotating, 6 of 11 services done"),
        ),
    ),
    S("creds-proposal", (("proposed", "sven", "we need to rotate every token that job could read"),)),
    S("creds-sessions-invalidated", (("taken", "maya", "all admin sessions invalidated"),)),
    S("creds-question", (("proposed", "dario", "do we also rotate the signing key or only the api keys?"),)),
    # -- restore from backup -----------------------------------------------------------------------------
    S(
        "restore-progress-then-done",
        (
            ("progress", "greta", "restoring the customers table from the 02:00 snapshot"),
            ("finish", "greta", "restore complete, row counts match"),
            ("effect", "greta", "customers can see their data again"),
        ),
    ),
    S("restore-only-option-talk", (("proposed", "ike", "restoring from backup would lose 3h of writes"),)),
    S(
        "restore-bot",
        (("taken", "bot", "backup-svc: restore job 5521 (orders_prod from snapshot 2024-11-30T02:00Z) succeeded"),),
    ),
    S("restore-noun-first", (("taken", "lucia", "bucket restored from yesterday's backup"),)),
    # -- restarts -------------------------------------------------------------------------------------------
    S(
        "restart-past",
        (
            ("taken", "finn", "restarted the auth pods"),
            ("effect", "finn", "logins working again, error rate 0.1%"),
        ),
    ),
    S("restart-symptom", (("trend", "zain", "pods keep restarting every few minutes"),)),
    S(
        "restart-progress-bounce",
        (
            ("progress", "eli", "bouncing the gateway one node at a time"),
            ("again", "eli", "3 of 8 bounced"),
        ),
    ),
    S("restart-hedge-question", (("proposed", "vera", "a restart of the scheduler might clear it, want me to try?"),)),
    # -- effects observed / trends ---------------------------------------------------------------------------
    S(
        "effect-threshold",
        (
            ("taken", "ruth", "disabled the thumbnail workers"),
            ("effect", "ruth", "p99 under 300ms for 10 minutes"),
        ),
    ),
    S(
        "effect-zero",
        (
            ("taken", "adil", "blocked the crawler ips"),
            ("effect", "adil", "timeout count flat at 0 for five minutes"),
        ),
    ),
    S(
        "effect-trend-only",
        (
            ("taken", "mila", "shed the low priority traffic"),
            ("trend", "mila", "error rate coming down, 3% now"),
        ),
    ),
    S(
        "effect-hoped",
        (
            ("taken", "yara", "failed over the redis primary"),
            ("trend", "yara", "should recover in a couple of minutes"),
        ),
    ),
    S(
        "effect-partial",
        (
            ("taken", "ken", "rerouted eu traffic to frankfurt"),
            ("trend", "ken", "eu mostly better, some users still see errors"),
        ),
    ),
    S(
        "effect-bot-graph",
        (
            ("taken", "niko", "stopped the reindex cron"),
            ("-", "bot", "datadog: [Recovered] api 5xx rate on public-api is back below 1%"),
        ),
    ),
    S(
        "effect-noun-first",
        (
            ("taken", "aziz", "throttle on the import api in place"),
            ("effect", "aziz", "queue depth flat at zero, workers idle"),
        ),
    ),
    # -- mixed voices / misc -----------------------------------------------------------------------------------
    S("maintenance-mode-on", (("taken", "ruby", "maintenance page up for the checkout flow"),)),
    S("read-only-mode", (("taken", "sean", "put the forum in read-only mode"),)),
    S(
        "cordon-node",
        (
            ("taken", "lina", "cordoned and drained node ip-10-1-3-7"),
            ("again", "lina", "node drained, pods rescheduled"),
        ),
    ),
    S("replication-stopped", (("taken", "haruto", "stopped replication to the broken replica"),)),
    S(
        "backfill-halted",
        (
            ("taken", "ines", "halted the backfill"),
            ("again", "bot", "jobs: backfill-2024q4 state changed RUNNING -> HALTED"),
        ),
    ),
    S(
        "order-with-name-then-done",
        (
            ("ordered", "ada", "@marco disable the sync job now"),
            ("taken", "marco", "sync job disabled"),
        ),
    ),
    S(
        "ask-then-will-do",
        (
            ("proposed", "kim", "could you throttle the partner api?"),
            ("proposed", "raj", "yep, will do after this call"),
        ),
    ),
    S("past-plan-not-taken", (("proposed", "ola", "we planned to fail over but the standby is behind too"),)),
    S("negated-step", (("proposed", "ivan", "didn't roll back, the migration can't be undone"),)),
    S("step-in-quote", (("proposed", "tess", 'customer asked "have you tried restarting the service on your side"'),)),
    S(
        "rollback-then-all-healthy",
        (
            ("taken", "gil", "rolled back the cdn config"),
            ("effect", "gil", "all regions healthy again, error rate at baseline"),
        ),
    ),
    S("terse-off", (("taken", "ji", "notifications worker off"),)),
    S(
        "terse-done-ack",
        (
            ("proposed", "lara", "can someone pause the nightly import"),
            ("taken", "osei", "paused it"),
        ),
    ),
    S(
        "sequence-two-different-steps",
        (
            ("taken", "mara", "paused the ingest workers"),
            ("taken", "mara", "also rolled back the parser release"),
        ),
    ),
    S(
        "sequence-same-step-two-regions",
        (
            ("taken", "zed", "reverted the config in us-east"),
            ("taken", "zed", "reverted in eu-west as well"),
        ),
    ),
    S("progressive-now-with-object", (("progress", "uma", "evacuating rack b12 now"),)),
    S(
        "retries-off-trend-then-back",
        (
            ("taken", "rita", "disabled the retry storm by turning off client retries in the sdk config"),
            ("trend", "rita", "error rate dropping"),
            ("effect", "rita", "back to normal"),
        ),
    ),
)

FIXED: frozenset[str] = frozenset(
    {
        "cache-clear-hedge",
        "capacity-added-noun-first",
        "cert-question",
        "chatops-rollback-command-then-bot-done",
        "creds-rotating-progress",
        "db-failover-should-be-done",
        "deploy-bot-rollback-failed",
        "dns-bot-confirms-person",
        "dns-nonnative-done",
        "dns-progressive-then-done",
        "dns-ttl-lowered-then-record-swapped",
        "effect-noun-first",
        "effect-threshold",
        "effect-zero",
        "flag-ask",
        "lb-bot-only",
        "lb-weights-progress-then-done",
        "past-plan-not-taken",
        "ratelimit-proposal",
        "ratelimit-trend",
        "read-only-mode",
        "restore-only-option-talk",
        "revert-merged-noun-first",
        "rollback-hedge",
        "rollback-should-be-done",
        "waf-block-rule-live",
    }
)
KNOWN_GAPS: frozenset[str] = frozenset(
    {
        "cache-purge-bot-then-person",
        "cert-progress",
        "cordon-node",
        "db-failover-plan-listed",
        "effect-trend-only",
        "order-with-name-then-done",
        "ratelimit-progress",
        "restore-progress-then-done",
        "scale-new-instance-class",
        "sequence-same-step-two-regions",
    }
)
"""Still read wrong: a step ordered then reported done by someone else (the order stays the moment); a
step started and finished under different words (both cited); a past "shed" read as an order (its form is
the imperative's); a second region of the same step; cordon-and-drain of a named node; a plan list
read as a decision; a person restating a purge a bot reported."""


def test_the_traps_cover_every_class_and_are_named_once() -> None:
    assert len({t.name for t in TRAPS}) == len(TRAPS) >= 100
    classes = {line[0] for t in TRAPS for line in t.lines}
    assert classes - {"-"} == set(STEP_CLASSES)


def test_the_fixed_and_gap_lists_name_real_traps() -> None:
    names = {t.name for t in TRAPS}
    assert names >= FIXED | KNOWN_GAPS
    assert not FIXED & KNOWN_GAPS


@pytest.mark.parametrize("trap", [t for t in TRAPS if t.name not in KNOWN_GAPS], ids=lambda t: t.name)
def test_each_line_of_a_step_is_read_as_its_class(trap: StepTrap) -> None:
    assert step_problems(trap) == []


def test_known_gaps_are_still_gaps() -> None:
    """When one of these starts reading right, move it out of KNOWN_GAPS (and into FIXED)."""
    assert [t.name for t in TRAPS if t.name in KNOWN_GAPS and not step_problems(t)] == []
