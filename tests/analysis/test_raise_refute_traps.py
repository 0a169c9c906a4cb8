"""Adversarial channels that test how the board raises and refutes theories (issue 14).

Each trap is a short channel written for this test in general incident language (not from any
incident set, not from the bundled example), with the theories the board must hold at the end and
each one's status. The families: a theory put in any of the ways responders float one (a question,
a guess, a hunch, a finding with "that could explain it", a version or change id, a component the
vocabulary does not know, non-native English, typos); what is not a theory (a plan, a request, a
question about people, process or status); a refutation in any of the ways responders drop one
("I don't buy it", "red herring", "a symptom, not the cause", "rolled it back, no change", a synonym
of the theory's component, a later cause naming something else); and controls, confirmations that
must still work. Missing a theory hides it from the board; a theory left open after the channel
dropped it keeps people chasing it.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board
from tests.analysis.reading_support import said
from tests.analysis.trap_support import UNSETTLED, T, Trap, problems, wrongly_confirmed

TRAPS: tuple[Trap, ...] = (
    # -- theories raised in varied shapes ----------------------------------------------------------
    T(
        "raise",
        "could_it_be_the",
        (("ana", "logins timing out for everyone"), ("bo", "could it be the auth service?")),
        {1: "open"},
    ),
    T("raise", "any_chance", (("ana", "exports are stuck"), ("bo", "any chance the s3 bucket is full?")), {1: "open"}),
    T(
        "raise",
        "what_if",
        (("ana", "500s on /orders"), ("bo", "what if its the redis cluster running out of memory")),
        {1: "open"},
    ),
    T(
        "raise",
        "i_think_x_has",
        (("ana", "p95 is 3x normal"), ("bo", "i think the search service has a memory leak")),
        {1: "open"},
    ),
    T(
        "raise",
        "i_suspect_the_new",
        (("ana", "checkout errors up"), ("bo", "i suspect the new payment client library")),
        {1: "open"},
    ),
    T(
        "raise",
        "my_money_on",
        (("ana", "webhooks delayed 20 min"), ("bo", "my money's on the kafka consumers")),
        {1: "open"},
    ),
    T(
        "raise",
        "theory_numbered",
        (("ana", "mobile app cant sync"), ("bo", "theory 1: the api gateway rate limits changed")),
        {1: "open"},
    ),
    T("raise", "x_maybe", (("ana", "dashboards blank"), ("bo", "grafana datasource maybe?")), {1: "open"}),
    T("raise", "is_x_involved", (("ana", "emails not going out"), ("bo", "is the smtp relay involved?")), {1: "open"}),
    T(
        "raise",
        "wondering_if",
        (("ana", "video playback stutters in apac"), ("bo", "wondering if the cdn purge last night did something")),
        {1: "open"},
    ),
    T(
        "raise",
        "smells_like",
        (("ana", "random 502s from the edge"), ("bo", "smells like the load balancer health checks again")),
        {1: "open"},
    ),
    T(
        "raise",
        "feels_like_again",
        (("ana", "writes are slow"), ("bo", "feels like the disk on db-3 again")),
        {1: "open"},
    ),
    T(
        "raise",
        "in_a_thread",
        (("ana", "payments failing since 10:05"), ("bo", "could the stripe webhook secret have rotated?", 0)),
        {1: "open"},
    ),
    T(
        "raise",
        "stated_as_finding",
        (("ana", "api latency through the roof"), ("bo", "the pg pool is maxed out, that could explain it")),
        {1: "open"},
    ),
    T(
        "raise",
        "release_version",
        (("ana", "crash rate doubled on android"), ("bo", "could release 7.3 be it?")),
        {1: "open"},
    ),
    T(
        "raise",
        "csv_importer",
        (("ana", "customer uploads hang"), ("bo", "maybe the csv importer is choking on big files?")),
        {1: "open"},
    ),
    T("raise", "vacuum_job", (("ana", "db cpu pegged at 100%"), ("bo", "could it be the vacuum job?")), {1: "open"}),
    T(
        "raise",
        "message_queue",
        (("ana", "orders not reaching the warehouse"), ("bo", "maybe the message queue is backed up?")),
        {1: "open"},
    ),
    T(
        "raise",
        "notification_service",
        (
            ("ana", "users not getting push alerts"),
            ("bo", "i suspect the notification service, it was redeployed at 9"),
        ),
        {1: "open"},
    ),
    T(
        "raise",
        "non_native",
        (("ana", "site is very slow"), ("bo", "maybe is problem with the cache servers?")),
        {1: "open"},
    ),
    T(
        "raise",
        "typos",
        (("ana", "search returns nothing"), ("bo", "cld it be teh elasticsearch cluster?")),
        {1: "open"},
    ),
    T("raise", "shouting", (("ana", "EVERYTHING IS RED"), ("bo", "IS IT THE DNS???")), {1: "open"}),
    T(
        "raise",
        "my_guess_is",
        (("ana", "cart totals wrong"), ("bo", "my guess is the pricing service cache")),
        {1: "open"},
    ),
    T("raise", "possibly", (("ana", "reports missing rows"), ("bo", "possibly the etl job ran twice")), {1: "open"}),
    T(
        "raise",
        "did_the_change",
        (("ana", "auth errors spiking"), ("bo", "did the firewall change at 14:00 break it?")),
        {1: "open"},
    ),
    T(
        "raise",
        "hunch",
        (("ana", "queue depth growing"), ("bo", "hunch: the worker autoscaler is stuck at 2 pods")),
        {1: "open"},
    ),
    T(
        "raise",
        "suspicious_of",
        (("ana", "latency spikes every 5 min"), ("bo", "im suspicious of the cron that refreshes the tokens")),
        {1: "open"},
    ),
    T(
        "raise",
        "two_theories",
        (("ana", "timeouts on login"), ("bo", "could be the ldap server"), ("cy", "or maybe the session store")),
        {1: "open", 2: "open"},
    ),
    # -- not a theory ------------------------------------------------------------------------------
    T(
        "not_theory",
        "should_we_roll_back",
        (("ana", "errors up after deploy"), ("bo", "should we roll back?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "can_we_fail_over",
        (("ana", "primary db unhealthy"), ("bo", "can we fail over to the replica?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "are_we_still_down",
        (("ana", "checkout broken"), ("bo", "are we still down?")),
        {},
        none=frozenset({1}),
    ),
    T("not_theory", "who_is_ic", (("ana", "sev2 declared"), ("bo", "who is IC on this one?")), {}, none=frozenset({1})),
    T(
        "not_theory",
        "status_page_question",
        (("ana", "login issues"), ("bo", "should we update the status page?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "request_to_check",
        (("ana", "slow api"), ("bo", "can someone grab a heap dump from api-2?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "page_someone",
        (("ana", "db alarms firing"), ("bo", "do we need to page the dba on call?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "eta_question",
        (("ana", "rolling back now"), ("bo", "any eta for the rollback?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "customer_comms",
        (("ana", "api down for eu"), ("bo", "has anyone told support yet?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "bridge_link",
        (("ana", "major outage"), ("bo", "is there a zoom bridge?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "is_it_back",
        (("ana", "restarted the workers"), ("bo", "is search back for you?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "should_scale",
        (("ana", "cpu at 95%"), ("bo", "should we scale the api pods to 20?")),
        {},
        none=frozenset({1}),
    ),
    # -- refutations in varied shapes --------------------------------------------------------------
    T(
        "refute",
        "dont_buy_it",
        (("ana", "could the db be overloaded?"), ("bo", "I don't buy it, conn count is flat")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "wasnt_the_queue",
        (("ana", "maybe the queue is backed up?"), ("bo", "checked - wasn't the queue at all, depth is zero")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "confirmed_wrong",
        (("ana", "i suspect the redis eviction policy"), ("bo", "ok so we confirmed the redis theory was wrong")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "agreed_then_let_go",
        (
            ("ana", "theory: the cert on the edge proxy was rotated wrong"),
            ("bo", "yeah a bad cert would fail every handshake, we see 3%. dropping that one"),
        ),
        {0: "refuted"},
    ),
    T(
        "refute",
        "parked_the_idea",
        (
            ("ana", "maybe the kafka consumers are rebalancing in a loop?"),
            ("bo", "rebalance count is 2 all day, parking the kafka idea"),
        ),
        {0: "refuted"},
    ),
    T(
        "refute",
        "nothing_their_end",
        (
            ("ana", "could the cloudflare side be the problem?"),
            ("bo", "talked to cloudflare, nothing on their end, it's us"),
        ),
        {0: "refuted"},
    ),
    T(
        "refute",
        "looks_healthy",
        (("ana", "is the load balancer dropping requests?"), ("bo", "LB looks healthy, all targets green")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "ruled_out",
        (("ana", "could it be dns?"), ("bo", "ruled out dns, resolves fine from every region")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "red_herring",
        (
            ("ana", "maybe the cert expired on the api?"),
            ("bo", "the cert thing is a red herring, it renewed last week"),
        ),
        {0: "refuted"},
    ),
    T(
        "refute",
        "symptom_not_cause",
        (
            ("ana", "i think the reconnect flood from the mobile app is it"),
            ("bo", "the reconnect flood was a symptom, not the cause"),
        ),
        {0: "refuted"},
    ),
    T(
        "refute",
        "graphs_flat",
        (("ana", "memory leak in the search service?"), ("bo", "search service memory graphs are flat all week")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "rolled_back_no_change",
        (("ana", "could the 4.2 deploy of the web app be it?"), ("bo", "rolled the web app back to 4.1, no change")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "same_on_old_version",
        (("ana", "i suspect the new client sdk"), ("bo", "not the sdk - same errors on the old version")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "in_thread",
        (("ana", "any chance the vpn tunnel dropped?"), ("bo", "nope, tunnel up the whole time", 0)),
        {0: "refuted"},
    ),
    T(
        "refute",
        "synonym_db",
        (("ana", "could postgres be the bottleneck?"), ("bo", "db is fine, cpu 20% and no slow queries")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "later_cause_other",
        (
            ("ana", "could it be the cdn?"),
            ("bo", "root cause: an expired certificate on the payments api"),
        ),
        {0: "refuted"},
        causes=frozenset({1}),
    ),
    T(
        "refute",
        "not_it_terse",
        (("ana", "maybe the kafka brokers?"), ("bo", "brokers are ok, not it")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "can_exclude",
        (
            ("ana", "could it be the firewall rules?"),
            ("bo", "we can exclude the firewall, nothing changed there since june"),
        ),
        {0: "refuted"},
    ),
    T(
        "refute",
        "non_native_refute",
        (("ana", "maybe the cache servers?"), ("bo", "is not the cache, i checked, hit rate is normal")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "typo_refute",
        (("ana", "could the cron job be it?"), ("bo", "nah its not teh cron, it didnt even run today")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "unrelated",
        (
            ("ana", "could the 14:00 config push be related?"),
            ("bo", "the config push is unrelated, it only touched staging"),
        ),
        {0: "refuted"},
    ),
    T(
        "refute",
        "dead_end",
        (("ana", "maybe the auth service?"), ("bo", "auth service was a dead end, logs are clean")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "not_seeing_it",
        (("ana", "is it the disk filling up on db-2?"), ("bo", "not seeing it, db-2 disk is at 40%")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "crossed_off",
        (("ana", "could the ntp drift be it?"), ("bo", "crossing ntp off the list, clocks are in sync")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "no_evidence",
        (("ana", "maybe a ddos?"), ("bo", "no evidence of an attack, traffic is normal")),
        {0: "refuted"},
    ),
    T("refute", "upper_case_no", (("ana", "is it the LB?"), ("bo", "NO. LB is fine.")), {0: "refuted"}),
    T(
        "refute",
        "vendor_says_fine",
        (("ana", "maybe twilio is down?"), ("bo", "twilio status is green and their support says no issues")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "restart_no_effect",
        (
            ("ana", "could the ingress controller be stuck?"),
            ("bo", "restarted the ingress controller, made no difference"),
        ),
        {0: "refuted"},
    ),
    T(
        "refute",
        "other_team_denies",
        (("ana", "did the network team change something?"), ("bo", "network team says no changes today")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "was_wrong_self",
        (("ana", "i think the rate limiter is it"), ("ana", "scratch that, rate limiter is fine, i misread the graph")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "cause_settles_two",
        (
            ("ana", "could it be the cache?"),
            ("bo", "or the auth service?"),
            ("cy", "found it: the disk on db-1 filled up and writes failed"),
        ),
        {0: "refuted", 1: "refuted"},
        causes=frozenset({2}),
    ),
    T(
        "raise",
        "blame_the",
        (("ana", "builds failing"), ("bo", "id blame the artifact registry, it was slow all morning")),
        {1: "open"},
    ),
    T(
        "raise",
        "perhaps_ticket",
        (("ana", "billing page 404s"), ("bo", "perhaps change CHG-4411 is related?")),
        {1: "open"},
    ),
    T(
        "raise",
        "wonder_whether",
        (("ana", "jobs stuck in pending"), ("bo", "I wonder whether the scheduler lost its leader lock")),
        {1: "open"},
    ),
    T(
        "raise",
        "might_be",
        (("ana", "auth latency up"), ("bo", "might be the token cache, it was flushed at 9")),
        {1: "open"},
    ),
    T(
        "raise",
        "looks_like_guess",
        (("ana", "disk alarms on the log hosts"), ("bo", "probably the log rotation job failing again?")),
        {1: "open"},
    ),
    T(
        "not_theory",
        "what_changed",
        (("ana", "errors started 10:02"), ("bo", "what changed in the last hour?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "how_many_users",
        (("ana", "login failures"), ("bo", "how many users are affected?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "refute",
        "healthy_by_synonym",
        (("ana", "could the k8s nodes be starved?"), ("bo", "kubernetes nodes all healthy, plenty of headroom")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "doesnt_line_up",
        (
            ("ana", "maybe the 09:30 deploy of the api?"),
            ("bo", "timing doesnt line up, errors started at 09:10 before the deploy"),
        ),
        {0: "refuted"},
    ),
    T(
        "refute",
        "not_the_culprit",
        (
            ("ana", "i think the worker pool is too small"),
            ("bo", "worker pool is not the culprit, scaled it to 40 and still failing"),
        ),
        {0: "refuted"},
    ),
    T(
        "raise",
        "kernel_update",
        (("ana", "hosts dropping off the network"), ("bo", "could the kernel update be it?")),
        {1: "open"},
    ),
    T(
        "raise",
        "firmware_update_guess",
        (
            ("ana", "disk latency spikes on storage nodes"),
            ("bo", "i think the firmware update broke the raid controller"),
        ),
        {1: "open"},
    ),
    T(
        "not_theory",
        "post_an_update",
        (("ana", "api down"), ("bo", "should we post an update for customers?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "refute_guard",
        "no_change_yet",
        (("ana", "could the deploy be it?"), ("bo", "rolled back, no change yet, waiting 5 min")),
        {0: "open"},
    ),
    T(
        "refute_guard",
        "no_sign_so_far",
        (("ana", "maybe the cdn?"), ("bo", "no sign of cdn errors so far, still looking")),
        {0: "open"},
    ),
    T(
        "refute_guard",
        "no_evidence_yet",
        (("ana", "is the sms provider down?"), ("bo", "no evidence of that yet, still digging")),
        {0: "open"},
    ),
    T(
        "refute_guard",
        "question_isnt_the",
        (("ana", "maybe the auth service?"), ("bo", "isn't the auth service on the old cert?")),
        {0: "open"},
    ),
    T(
        "refute_guard",
        "didnt_help_other",
        (("ana", "could the dns resolver be flaky?"), ("bo", "restarting the api pods didn't help")),
        {0: "open"},
    ),
    # -- confirmations that must still work -------------------------------------------------------
    T(
        "control",
        "yep_thats_it",
        (("ana", "could it be the redis cluster?"), ("bo", "yep that's it, redis maxed its memory")),
        {0: "confirmed"},
    ),
    T(
        "control",
        "stated_cause",
        (("ana", "maybe the cron job?"), ("bo", "root cause was the cron job deleting the temp tables")),
        {0: "confirmed"},
    ),
    T(
        "control",
        "cause_new",
        (("ana", "api errors"), ("bo", "the cause was an expired tls certificate on the gateway")),
        {},
        causes=frozenset({1}),
    ),
    T(
        "control",
        "confirmed_thread",
        (("ana", "could the dns change be it?"), ("bo", "confirmed, the dns change broke it", 0)),
        {0: "confirmed"},
    ),
    T("control", "stays_open", (("ana", "could it be the queue?"), ("bo", "looking")), {0: "open"}),
    # -- round 2 ---------------------------------------------------------------------------------------
    T(
        "raise",
        "anyone_else_think",
        (("ana", "502s from the api"), ("bo", "anyone else think it's the new haproxy config?")),
        {1: "open"},
    ),
    T(
        "raise",
        "id_look_at_first",
        (("ana", "payments slow"), ("bo", "I'd look at payment-service first, it deployed at 10:40")),
        {1: "open"},
    ),
    T("raise", "prob_backup", (("ana", "db io wait high"), ("bo", "prob the nightly backup hogging io")), {1: "open"}),
    T(
        "raise",
        "same_as_last_week",
        (("ana", "consumer lag climbing"), ("bo", "is this the same kafka rebalance thing as last week?")),
        {1: "open"},
    ),
    T(
        "raise",
        "restarts_suspicious",
        (("ana", "search is flaky"), ("bo", "search-indexer restarted 12 times in the last hour, suspicious")),
        {1: "open"},
    ),
    T(
        "raise",
        "oomkilled_related",
        (("ana", "invoices not generated"), ("bo", "billing-worker got OOMKilled 5 times. related?")),
        {1: "open"},
    ),
    T(
        "raise",
        "potentially",
        (("ana", "stale records in the app"), ("bo", "potentially the dns ttl change from yesterday")),
        {1: "open"},
    ),
    T(
        "raise",
        "hostname_with_dots",
        (("ana", "clients get tls errors"), ("bo", "could the cert on api.acme-corp.io have expired?")),
        {1: "open"},
    ),
    T(
        "raise",
        "i_am_thinking",
        (("ana", "logins fail sometimes"), ("bo", "i am thinking it is the session store, it restart at 8")),
        {1: "open"},
    ),
    T(
        "raise",
        "i_am_suspecting",
        (("ana", "traffic not balanced"), ("bo", "I am suspecting the loadbalancer config change")),
        {1: "open"},
    ),
    T(
        "raise",
        "one_idea",
        (("ana", "queries timing out"), ("bo", "one idea: the worker pool exhausted its db connections")),
        {1: "open"},
    ),
    T(
        "raise",
        "another_possibility",
        (("ana", "mesh traffic failing"), ("bo", "another possibility is the istio sidecar upgrade")),
        {1: "open"},
    ),
    T(
        "raise",
        "have_a_feeling",
        (("ana", "p99 doubled"), ("bo", "i have a feeling it's the new haproxy config")),
        {1: "open"},
    ),
    T(
        "raise",
        "suspect_numbered",
        (("ana", "disk full alerts"), ("bo", "suspect #2: the nightly reindex job")),
        {1: "open"},
    ),
    T(
        "raise",
        "upgrade_to_version",
        (("ana", "build agents crash"), ("bo", "could the upgrade to node 20.11 have done it?")),
        {1: "open"},
    ),
    T("raise", "terse_gc", (("ana", "latency spikes every few minutes"), ("bo", "jvm gc pauses?")), {1: "open"}),
    T(
        "raise",
        "lines_up_suspiciously",
        (("ana", "spike at 02:00"), ("bo", "the cleanup cron at 02:00 lines up suspiciously with it")),
        {1: "open"},
    ),
    T(
        "not_theory",
        "runbook",
        (("ana", "db failing over repeatedly"), ("bo", "do we have a runbook for this?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "more_eyes",
        (("ana", "still failing"), ("bo", "can we get more eyes on the api errors?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "db_team_around",
        (("ana", "replication broken"), ("bo", "is anyone from the db team around?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "should_i_restart",
        (("ana", "pods unhealthy"), ("bo", "should i restart the pods?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "lets_fail_over",
        (("ana", "us-east degraded"), ("bo", "let's fail over to us-west")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "customers_seeing",
        (("ana", "errors on web"), ("bo", "are customers seeing it too?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "blast_radius",
        (("ana", "auth down in eu"), ("bo", "what's the blast radius?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "refute",
        "config_identical",
        (("ana", "could the haproxy config be it?"), ("bo", "haproxy config is identical to last week's")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "cert_valid",
        (("ana", "maybe the cert on the api expired?"), ("bo", "api cert is valid till 2027")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "lag_zero",
        (("ana", "could kafka be lagging?"), ("bo", "kafka lag is zero on every partition")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "flag_off_errors_continue",
        (
            ("ana", "i think the new-checkout feature flag broke it"),
            ("bo", "turned the new-checkout flag off, errors continue"),
        ),
        {0: "refuted"},
    ),
    T(
        "refute",
        "reverted_still_500s",
        (("ana", "could PR #4521 be the cause?"), ("bo", "reverted #4521, still seeing 500s")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "doesnt_hold",
        (
            ("ana", "maybe the 11:00 deploy of the web app?"),
            ("bo", "that theory doesn't hold, errors started at 10:30 before the deploy"),
        ),
        {0: "refuted"},
    ),
    T("refute", "gc_tiny", (("ana", "jvm gc pauses?"), ("bo", "nah the gc pauses are like 20ms")), {0: "refuted"}),
    T(
        "refute",
        "non_native_ok",
        (("ana", "maybe problem is in redis?"), ("bo", "is not problem of redis, redis is ok")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "everything_normal",
        (("ana", "could the istio sidecar be dropping requests?"), ("bo", "checked sidecar, everything normal there")),
        {0: "refuted"},
    ),
    T("refute", "ruled_out_emoji", (("ana", "could nginx be it?"), ("bo", "nginx ruled out ✅")), {0: "refuted"}),
    T(
        "refute",
        "nat_fine",
        (("ana", "nat gateway maybe?"), ("bo", "the nat gateway's fine, its metrics are flat")),
        {0: "refuted"},
    ),
    T(
        "refute",
        "cause_elsewhere",
        (
            ("ana", "could it be the elb?"),
            ("bo", "ok found it: a bad route table entry sent traffic to the old subnet"),
        ),
        {0: "refuted"},
        causes=frozenset({1}),
    ),
    T(
        "refute_guard",
        "not_convinced",
        (("ana", "could it be the cdn?"), ("bo", "not convinced it's the cdn, checking")),
        {0: UNSETTLED},
    ),
    T(
        "refute_guard",
        "check_first",
        (("ana", "maybe the db?"), ("bo", "let's check the db first before anything else")),
        {0: "open"},
    ),
    T(
        "control",
        "bingo_backup",
        (
            ("ana", "prob the nightly backup hogging io"),
            ("bo", "bingo, the nightly backup saturates the disk every night"),
        ),
        {0: "confirmed"},
    ),
    T(
        "control",
        "confirmed_revert",
        (
            ("ana", "could the haproxy config change be it?"),
            ("bo", "confirmed: it's the haproxy config, reverting it fixed everything"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    # -- round 3 ---------------------------------------------------------------------------------------
    T(
        "raise",
        "thread_reply_guess",
        (("ana", "cart service 503s"), ("bo", "looking"), ("cy", "prob the inventory api timing out", 0)),
        {2: "open"},
    ),
    T(
        "raise",
        "two_in_one",
        (("ana", "all writes failing"), ("bo", "either the primary db is read-only or the disk is full?")),
        {1: "open"},
    ),
    T(
        "raise",
        "japanese_english",
        (("ana", "upload is fail"), ("bo", "maybe the storage bucket permission is changed?")),
        {1: "open"},
    ),
    T(
        "raise",
        "german_english",
        (("ana", "logins broken"), ("bo", "could it be that the ldap server has a problem since the patch?")),
        {1: "open"},
    ),
    T("raise", "heavy_typos", (("ana", "api slow"), ("bo", "mayb teh redis conection pool is exausted?")), {1: "open"}),
    T("raise", "uppercase_product", (("ana", "payments stuck"), ("bo", "Maybe Stripe is having issues?")), {1: "open"}),
    T(
        "raise",
        "change_ticket",
        (("ana", "routing errors in emea"), ("bo", "CHG-20931 went out at 13:55, could that be it?")),
        {1: "open"},
    ),
    T(
        "raise",
        "pr_number",
        (("ana", "mobile login loop"), ("bo", "i bet PR #8812 broke the oauth redirect")),
        {1: "open"},
    ),
    T(
        "not_theory",
        "whats_status",
        (("ana", "sev1 ongoing"), ("bo", "whats the status, are we still down?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "ping_vendor",
        (("ana", "sms not delivered"), ("bo", "should we open a ticket with twilio?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "not_theory",
        "disable_flag_question",
        (("ana", "checkout broken since flag on"), ("bo", "can we disable the flag for now?")),
        {},
        none=frozenset({1}),
    ),
    T(
        "refute",
        "synonym_postgres",
        (("ana", "is the database out of connections?"), ("bo", "postgres has 40 of 500 connections in use")),
        {0: UNSETTLED},
    ),
    T(
        "refute",
        "synonym_lb",
        (
            ("ana", "could the load balancer be the issue?"),
            ("bo", "the alb is healthy, all targets pass health checks"),
        ),
        {0: "refuted"},
    ),
    T(
        "refute",
        "thread_refute_later",
        (
            ("ana", "could it be the feature flag service?"),
            ("bo", "checking dashboards"),
            ("cy", "restarting the api"),
            ("bo", "flag service is fine, latency normal", 0),
        ),
        {0: "refuted"},
    ),
    T(
        "refute",
        "vendor_clean",
        (
            ("ana", "maybe aws is having a bad day in us-east-1?"),
            ("bo", "aws health dashboard is all green for us-east-1"),
        ),
        {0: "refuted"},
    ),
    T(
        "refute",
        "later_cause_settles_open",
        (
            ("ana", "could the cache be stale?"),
            ("bo", "maybe the auth service?"),
            ("cy", "root cause: the nightly migration locked the orders table for 40 minutes"),
        ),
        {0: "refuted", 1: "refuted"},
        causes=frozenset({2}),
    ),
    T(
        "refute",
        "german_refute",
        (
            ("ana", "could the firewall be blocking it?"),
            ("bo", "the firewall is not the problem, no drops in the logs"),
        ),
        {0: "refuted"},
    ),
    T(
        "refute",
        "lowercase_no_punct",
        (("ana", "dns maybe?"), ("bo", "nope dns resolves fine everywhere")),
        {0: "refuted"},
    ),
    T(
        "refute_guard",
        "healthy_other_component",
        (("ana", "could the queue be backed up?"), ("bo", "the db looks healthy")),
        {0: "open"},
    ),
    T(
        "refute_guard",
        "not_only",
        (("ana", "is it the cdn?"), ("bo", "not only the cdn, origin is slow too")),
        {0: UNSETTLED},
    ),
    T(
        "control",
        "thread_confirm",
        (
            ("ana", "could the cron job be it?"),
            ("bo", "checking"),
            ("cy", "yes, the cron job is the cause, it deletes the sessions", 0),
        ),
        {0: "confirmed"},
    ),
    T(
        "control",
        "cause_names_synonym",
        (
            ("ana", "could postgres be out of disk?"),
            ("bo", "root cause: the database volume filled up and postgres went read-only"),
        ),
        {0: "confirmed"},
    ),
    # -- a check announced is not a verdict; a trailing "not the X" is ---------------------------------
    T(
        "raise",
        "thing_to_rule_out_is_a_theory",
        (
            ("ana", "logins failing, is it the idp?"),
            ("bo", "one more thing to rule out: the load balancer. if its health checks flap we'd see this"),
        ),
        {0: "open", 1: "open"},
    ),
    T(
        "refute",
        "trailing_not_the_thing",
        (
            ("ana", "logins failing, is it the idp?"),
            ("bo", "or is it the load balancer?"),
            ("cy", "lb health checks steady all morning, not the lb"),
        ),
        {0: "open", 1: "refuted"},
    ),
    T(
        "refute",
        "trailing_so_not_the_thing",
        (
            ("ana", "checkout errors climbing. maybe the payments db?"),
            ("bo", "db latency flat, connections at 30%, so not the db"),
        ),
        {0: "refuted"},
    ),
    T(
        "control",
        "answer_to_a_side_question_naming_the_theory",
        (
            ("ana", "is the orders db connection pool exhausted?"),
            ("bo", "how many requests wait for a pooled connection right now?"),
            ("ana", "no, nobody waiting. the orders db pool sits at a third of its size, ruled out exhaustion"),
        ),
        {0: "refuted"},
    ),
    # -- a verdict on one product is not a verdict on another of its kind ------------------------------
    T(
        "refute",
        "another_database_product_is_healthy",
        (
            ("ana", "link lookups timing out. is dynamodb in us-east-1 down for us?"),
            ("bo", "the cassandra cluster is healthy, nothing wrong there"),
        ),
        {0: "open"},
    ),
    T(
        "refute",
        "no_finding_yet_and_cant_rule_it_out",
        (
            ("ana", "tags we never made on the repo. could someone have pushed with a stolen github token?"),
            ("bo", "no unknown pushes or tags in the github audit log so far. but cant rule it out yet, rotating"),
        ),
        {0: "open"},
    ),
    T(
        "refute",
        "not_ruling_it_out_fully",
        (
            ("ana", "lag 40 min on ingest. could the kafka rebalance from this morning be behind it?"),
            ("bo", "not ruling it out fully, but the kafka rebalance finished at 09:10 and lag started at 11"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "control",
        "same_product_other_spelling_is_healthy",
        (
            ("ana", "checkout slow. postgres replica lagging?"),
            ("bo", "postgresql replica lag is 0, nothing wrong there"),
        ),
        {0: "refuted"},
    ),
)


FIXED = frozenset(
    {
        "pr_number",
        "thread_reply_guess",
        "two_in_one",
        "hostname_with_dots",
        "upgrade_to_version",
        "prob_backup",
        "restarts_suspicious",
        "oomkilled_related",
        "potentially",
        "i_am_thinking",
        "one_idea",
        "another_possibility",
        "have_a_feeling",
        "lines_up_suspiciously",
        "lag_zero",
        "flag_off_errors_continue",
        "reverted_still_500s",
        "doesnt_hold",
        "gc_tiny",
        "everything_normal",
        "theory_numbered",
        "x_maybe",
        "release_version",
        "message_queue",
        "dont_buy_it",
        "wasnt_the_queue",
        "confirmed_wrong",
        "rolled_back_no_change",
        "same_on_old_version",
        "no_evidence",
        "restart_no_effect",
        "was_wrong_self",
        "blame_the",
        "kernel_update",
        "firmware_update_guess",
        "no_change_yet",
        "yep_thats_it",
        "confirmed_revert",
    }
)
"""The traps the board got wrong on main before the raising and refuting classes in this change (a
numbered theory label, a trailing "maybe?", a dot inside a version, a queue of messages, a software
update, a component the vocabulary does not know after "i suspect" / "i'd blame", a group noun after
a component ("the redis cluster"), disbelief ("I don't buy it"), "wasn't the X at all", a theory
called wrong, "no sign of", a test that changed nothing, "no changes yet"); in round 2, more guess words
("prob", "potentially", "i'm thinking", "i have a feeling", "another possibility is"), a theory label
over a cause ("one idea: …" is a guess), "related?" / "suspicious" after a fact, "lines up
suspiciously", "lag is zero", "nah …", "everything normal", "that theory doesn't hold", a test that
changed nothing ("…, errors continue", "…, still seeing 500s"), a compound named by its head noun
("the sidecar"); in round 3, "i bet …" is a belief (main confirmed it as a stated cause) and
"either X or Y?" a guess. The others it already read right and stay as regression guards. ``yep_thats_it``
is a control: the confirmation failed because "cluster" read as Kubernetes."""


KNOWN_GAPS = frozenset({"bingo_backup"})
"""Confirmations the board still misses (open or settled where the channel confirmed the theory):
a cause that names every component of the theory but not what the theory said of them ("hogging io"
/ "saturates the disk"). Confirming on the components alone would also confirm "db failover?" on
"the db pool is exhausted", a wrong confirmation, so this waits for a reading of what a theory says
about its components. It must fail today: when it passes, move it. ``confirmed_revert`` ("could the
haproxy config change be it?" / "confirmed: it's the haproxy config, …") left this list in session
15: a yes right after a theory that names only the theory's own parts answers it
(``hypotheses._names_its_subject``)."""


def test_the_fixed_list_names_real_traps() -> None:
    assert {t.name for t in TRAPS} >= FIXED | KNOWN_GAPS
    assert not FIXED & KNOWN_GAPS
    assert len({t.name for t in TRAPS}) == len(TRAPS)


@pytest.mark.parametrize("trap", [t for t in TRAPS if t.name not in KNOWN_GAPS], ids=lambda t: f"{t.family}-{t.name}")
def test_trap_ends_in_the_channels_own_board(trap: Trap) -> None:
    assert problems(trap) == []


@pytest.mark.parametrize("trap", [t for t in TRAPS if t.name in KNOWN_GAPS], ids=lambda t: f"{t.family}-{t.name}")
def test_known_gap_is_still_open_and_never_a_wrong_confirmation(trap: Trap) -> None:
    assert problems(trap) != []
    assert not wrongly_confirmed(trap)


def test_no_trap_is_wrongly_confirmed() -> None:
    assert [t.name for t in TRAPS if wrongly_confirmed(t)] == []


RAISED = (
    "could it be the vacuum job?",
    "my money's on the csv importer",
    "theory 2: the message queue is backed up",
    "could release 9.4 be it?",
    "grafana datasource maybe?",
)
"""Theories in one raising class each, about a thing the refutation below names."""
DROPPED = (
    "I don't buy it, graphs are flat",
    "wasn't that at all, checked",
    "no sign of that in the logs",
)
"""Refutations in one class each that name nothing: they refer to the theory just raised."""


def _case(text: str, how: int) -> str:
    return (text, text.upper(), text.lower(), text.capitalize())[how]


@settings(max_examples=80, deadline=None)
@given(
    which=st.integers(0, len(RAISED) - 1),
    drop=st.integers(0, len(DROPPED) - 1),
    how=st.integers(0, 3),
    head=st.sampled_from(["", "hm, ", "so "]),
    tail=st.sampled_from(["", " fwiw", " :thinking_face:"]),
)
def test_a_theory_and_its_refutation_survive_rewording(which: int, drop: int, how: int, head: str, tail: str) -> None:
    theory = head + _case(RAISED[which], how) + tail
    messages = [said(0, "errors everywhere", "ana"), said(1, theory, "bo"), said(2, _case(DROPPED[drop], how), "cy")]
    hypotheses = fold_messages(Board(channel="CINC"), messages).hypotheses
    raised = [h for h in hypotheses if h.raised_ts == messages[1].ts]
    assert raised, theory
    assert raised[0].status == "refuted", (theory, DROPPED[drop], raised[0])
