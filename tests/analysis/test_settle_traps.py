"""Adversarial channels on how people settle a theory without a "confirmed" word (issue 14, session 9).

Each trap is a short channel written for this test from general SRE knowledge (not from any
incident set, not from the bundled example), with the final status each theory must end in. The
families:

- ``alias``: a cause stated later names the open theory's component in other words: a synonym, a
  product for the generic thing, the host, service or change id, a part of it ("it's the pgbouncer
  pool" settling "db connections?");
- ``finding``: a finding stated as fact with no earlier theory ("found it, cert on the internal LB
  expired at 09:12"), which a postmortem lists as the confirmed hypothesis;
- ``hedged``: a theory put as an observation ("feels like the cache", "i bet it's the new flag",
  "my money's on X"): on the board, not settled, and confirmed when proven later;
- ``fix_worked``: undoing or switching off the suspected thing ends the impact, which proves it; a
  restart that helps, a fix to something else, or a step with no effect does not;
- ``still_wrong``: the three shapes that ended in a wrong confirmation in session 8 (a retraction
  without a refutation word, a generic theory, a cause message that names the theory's part only to
  dismiss it), written anew;
- ``must_not``: counter-traps that must never confirm: a different component sharing a generic word
  ("service", "prod", "the cluster", "pool"), a plan, a question to a person, a quote, a
  prediction, a recap of a refuted theory.

A wrong confirmation is the costliest error (a postmortem names the wrong cause); a real cause left
unconfirmed is the loss the holdout shows on the confirm side.
"""

from __future__ import annotations

import pytest

from tests.analysis.trap_support import EITHER, UNSETTLED, T, Trap, problems, wrongly_confirmed

TRAPS: tuple[Trap, ...] = (
    # -- alias: the cause names the theory's component in other words ------------------------------
    T(
        "alias",
        "bouncer_pool_for_db_connections",
        (
            ("ana", "db connections maxing out?"),
            ("bo", "it's the pgbouncer pool, every client slot has been taken since 10:40"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "host_id_for_worker",
        (
            ("ana", "could the billing worker be wedged?"),
            ("bo", "billing-worker-7 is stuck in a gc loop, that's our problem"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "change_id_for_config_push",
        (
            ("ana", "i suspect yesterday's config push"),
            ("bo", "config change CHG-4821 set the upstream timeout to 1s, that's what broke the order calls"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "rabbitmq_for_message_queue",
        (
            ("ana", "maybe the message queue is backing up?"),
            ("bo", "found the cause: rabbitmq hit its memory watermark and blocked every publisher"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "coredns_for_dns",
        (
            ("ana", "any chance it's dns?"),
            ("bo", "coredns pods are crashlooping after the node upgrade, that's why lookups fail"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "envoy_for_load_balancer",
        (
            ("ana", "could the load balancer be rejecting uploads?"),
            ("bo", "envoy rejects every body over 1MB since the filter change, that's the cause"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "redis_for_cache_layer",
        (
            ("ana", "is the cache layer misbehaving?"),
            ("bo", "redis hit maxmemory and evicts the session keys, that's what logs people out"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "etcd_for_control_plane",
        (
            ("ana", "could the k8s control plane be overloaded?"),
            ("bo", "etcd ran out of disk, that's why the apiserver stopped accepting writes"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "intermediate_for_tls",
        (
            ("ana", "tls problem on the edge maybe?"),
            ("bo", "the intermediate on the edge expired at 09:12 and clients fail the handshake, that's the cause"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "kafka_lag_for_consumers",
        (
            ("ana", "are the consumers falling behind?"),
            ("bo", "root cause: the consumer group stopped committing after the rebalance, kafka lag is 3M"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "worker_threads_for_thread_pool",
        (
            ("ana", "maybe the thread pool in the api is exhausted?"),
            ("bo", "root cause: all 200 threads are blocked on the upstream call, which has no timeout"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "nginx_for_reverse_proxy",
        (
            ("ana", "could the reverse proxy be buffering responses?"),
            ("bo", "turns out nginx had proxy_buffering switched off in the new config, big responses stall"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "primary_for_database",
        (
            ("ana", "i bet the database is swapping"),
            ("bo", "the primary is out of ram and swapping hard, that's the cause"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "version_prefix",
        (
            ("ana", "maybe the 3.2 client release?"),
            ("bo", "v3.2.0 of the client sends an empty auth header, that's why everything gets 401"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "flag_name_for_rollout",
        (
            ("ana", "could the new-checkout flag be it?"),
            ("bo", "the new-checkout rollout went to 100% and sends everyone to the unfinished page, that's the cause"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "one_broker_for_brokers",
        (
            ("ana", "one of the kafka brokers unhealthy?"),
            ("bo", "broker 3's disk filled and it dropped out of the isr, that's what stalls the producers"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "sidecar_part_of_mesh",
        (
            ("ana", "could istio be the issue?"),
            ("bo", "the istio sidecar on the payments pods runs out of memory and drops connections, that's the cause"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "agent_part_of_unknown_product",
        (
            ("ana", "smells like a cilium problem"),
            ("bo", "the cilium agent on pool b crashed after the kernel update, so policy enforcement stopped"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "hostname_for_db",
        (
            ("ana", "is postgres struggling?"),
            ("bo", "pg-prod-02 has been stuck in a checkpoint storm since 11:00, that's the slowdown"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "pr_number_for_retry_change",
        (
            ("ana", "could it be the PR that changed the retry logic?"),
            ("bo", "#4412 set retries to 10 with no backoff, that's what flooded the api"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "thread_reply_names_part",
        (
            ("ana", "my money's on the search cluster"),
            ("bo", "yep, a data node ran out of heap and the shards went red, that's it", 0),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "alias",
        "registrar_for_domain",
        (
            ("ana", "could the domain have lapsed?"),
            ("bo", "the registrar never renewed it, auto-renew failed on an expired card, that's the outage"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    # -- finding: a cause stated as fact, nobody guessed it first -----------------------------------
    T(
        "finding",
        "found_it_cert_expired",
        (
            ("ana", "checkout errors at 30%"),
            ("bo", "found it — the cert on the internal LB expired at 09:12"),
        ),
        {1: "confirmed"},
    ),
    T(
        "finding",
        "index_locked_table",
        (
            ("ana", "writes are timing out"),
            ("bo", "the new index on orders locked the table for 20 minutes, that's what blocked writes"),
        ),
        {1: "confirmed"},
    ),
    T(
        "finding",
        "clock_drift_tokens",
        (
            ("ana", "everyone is getting logged out"),
            ("bo", "ntp on the auth hosts drifted by 40s, so every token reads as expired"),
        ),
        {1: "confirmed"},
    ),
    T(
        "finding",
        "record_deleted_in_cleanup",
        (
            ("ana", "api.example.com doesn't resolve"),
            ("bo", "someone deleted the api record from the zone during a cleanup; that's the outage"),
        ),
        {1: "confirmed"},
    ),
    T(
        "finding",
        "deploy_removed_check",
        (
            ("ana", "support says customers were charged twice"),
            ("bo", "the payments deploy at 10:02 removed the idempotency check, which is why cards got charged twice"),
        ),
        {1: "confirmed"},
    ),
    T(
        "finding",
        "bucket_quota_hit",
        (
            ("ana", "uploads failing"),
            ("bo", "the storage quota on the uploads bucket was hit at 08:50 and every upload since gets rejected"),
        ),
        {1: "confirmed"},
    ),
    T(
        "finding",
        "old_signing_key",
        (
            ("ana", "401s everywhere"),
            (
                "bo",
                "in the logs: the gateway still uses the old signing key after the rotation, so every token fails",
            ),
        ),
        {1: "confirmed"},
    ),
    T(
        "finding",
        "culprit_cron_core_dumps",
        (
            ("ana", "disk alerts on the worker hosts"),
            ("bo", "the culprit is a runaway cron on worker-4 filling /var with core dumps"),
        ),
        {1: "confirmed"},
    ),
    T(
        "finding",
        "bgp_session_dropped",
        (
            ("ana", "packet loss to half the internet"),
            ("bo", "the bgp session to our transit provider dropped at 14:03 and half our prefixes got withdrawn"),
        ),
        {1: "confirmed"},
    ),
    T(
        "finding",
        "terraform_wiped_rules",
        (
            ("ana", "nothing can reach the app hosts"),
            ("bo", "ok so the terraform apply recreated the security group and wiped the ingress rules, that's it"),
        ),
        {1: "confirmed"},
    ),
    T(
        "finding",
        "mystery_solved_autoscaler",
        (
            ("ana", "pods pending for 20 min"),
            ("bo", "mystery solved: the autoscaler max was left at 3 nodes after the load test"),
        ),
        {1: "confirmed"},
    ),
    T(
        "finding",
        "tldr_rate_limit_config",
        (
            ("ana", "clients getting 429s"),
            ("bo", "tl;dr the rate limiter config shipped with a limit of 10 rps instead of 10k"),
        ),
        {1: "confirmed"},
    ),
    T(
        "finding",
        "leak_since_version",
        (
            ("ana", "thumbnails missing"),
            ("bo", "memory leak in the image resizer since v2.8, the pods get oomkilled every 15 min"),
        ),
        {1: "confirmed"},
    ),
    T(
        "finding",
        "vendor_outage_stated",
        (
            ("ana", "sms codes not arriving"),
            ("bo", "the sms vendor has a full outage in eu, their status page says since 07:10, that's why codes fail"),
        ),
        {1: "confirmed"},
    ),
    # -- hedged: a theory put as an observation --------------------------------------------------
    T("hedged", "feels_like_cache", (("ana", "p95 doubled"), ("bo", "feels like the cache")), {1: UNSETTLED}),
    T(
        "hedged",
        "smells_like_retry_storm",
        (("ana", "request rate tripled"), ("bo", "smells like a retry storm from the mobile clients")),
        {1: UNSETTLED},
    ),
    T("hedged", "i_bet_new_flag", (("ana", "errors on signup"), ("bo", "i bet it's the new flag")), {1: UNSETTLED}),
    T(
        "hedged",
        "money_on_pool",
        (("ana", "timeouts on every write"), ("bo", "my money's on the connection pool")),
        {1: UNSETTLED},
    ),
    T("hedged", "gut_says_dns", (("ana", "intermittent 502s"), ("bo", "gut says dns")), {1: UNSETTLED}),
    T(
        "hedged",
        "would_not_be_surprised",
        (("ana", "db cpu pegged"), ("bo", "wouldn't be surprised if the reporting cron is hammering the db")),
        {1: UNSETTLED},
    ),
    T(
        "hedged",
        "probably_lb_again",
        (("ana", "health checks flapping"), ("bo", "probably the load balancer again")),
        {1: UNSETTLED},
    ),
    T("hedged", "hunch_rebalance", (("ana", "lag growing"), ("bo", "hunch: a kafka rebalance loop")), {1: UNSETTLED}),
    T(
        "hedged",
        "put_money_on_cert",
        (("ana", "handshake failures from android"), ("bo", "i'd put money on the cert chain")),
        {1: UNSETTLED},
    ),
    T(
        "hedged",
        "lines_up_with_push",
        (("ana", "errors since 10:01"), ("bo", "seems to line up with the config push at 10:00")),
        {1: UNSETTLED},
    ),
    T(
        "hedged",
        "gonna_guess_limiter",
        (("ana", "clients throttled"), ("bo", "gonna guess the rate limiter")),
        {1: UNSETTLED},
    ),
    T(
        "hedged",
        "has_the_look_of_herd",
        (("ana", "everything reconnecting at once"), ("bo", "has all the hallmarks of a thundering herd")),
        {1: UNSETTLED},
    ),
    T(
        "hedged",
        "feels_like_then_proven",
        (
            ("ana", "p95 doubled"),
            ("bo", "feels like the cache"),
            ("cy", "checked: redis is evicting 50k keys/s and the hit ratio fell to 20%, it's the cache"),
        ),
        {1: "confirmed"},
    ),
    T(
        "hedged",
        "bet_then_flag_off_worked",
        (
            ("ana", "errors on signup"),
            ("bo", "i bet it's the new signup flag"),
            ("bo", "turned the signup flag off, errors dropped to zero within a minute"),
        ),
        {1: "confirmed"},
    ),
    T(
        "hedged",
        "money_then_doubted",
        (
            ("ana", "timeouts on every write"),
            ("bo", "my money's on the connection pool"),
            ("cy", "pool sits at 40 of 200, not that"),
        ),
        {1: "refuted"},
    ),
    T(
        "hedged",
        "smells_like_then_proven_by_alias",
        (
            ("ana", "request rate tripled"),
            ("bo", "smells like a retry storm"),
            ("cy", "root cause: the sdk retries every 100ms with no backoff, every client is hammering us"),
        ),
        {1: "confirmed"},
        causes=frozenset({2}),
    ),
    T(
        "hedged",
        "pointer_question_after_own_change",
        (
            ("ana", "the billing api can't reach the ledger"),
            ("bo", "i moved the ledger behind the new internal lb at 10:02. could that be what broke it?"),
        ),
        {1: UNSETTLED},
    ),
    T(
        "hedged",
        "pointer_question_then_proven",
        (
            ("ana", "exports stuck since 03:00"),
            ("bo", "the nightly compaction job started at 02:58. would that explain it?"),
            ("cy", "yes: the compaction job holds the export table lock for hours, that's why exports are stuck"),
        ),
        {1: "confirmed"},
        causes=frozenset({2}),
    ),
    T(
        "must_not",
        "pointer_question_about_words",
        (
            ("ana", "i said the cdn config, not the origin config"),
            ("bo", "is that what you meant?"),
        ),
        {},
        none=frozenset({1}),
    ),
    # -- fix_worked: undoing the suspect ends the impact -------------------------------------------
    T(
        "fix_worked",
        "rollback_release_recovered",
        (("ana", "could the 4.1 deploy be it?"), ("bo", "rolled back 4.1, errors gone")),
        {0: "confirmed"},
    ),
    T(
        "fix_worked",
        "waf_rule_disabled",
        (("ana", "maybe the new waf rule is blocking logins?"), ("bo", "disabled the waf rule, logins succeed again")),
        {0: "confirmed"},
    ),
    T(
        "fix_worked",
        "export_flag_off",
        (
            ("ana", "is the bulk export flag hurting the db?"),
            ("bo", "turned the bulk export flag off, db cpu went from 95% to 30%"),
        ),
        {0: "confirmed"},
    ),
    T(
        "fix_worked",
        "pool_size_reverted",
        (
            ("ana", "could the pool size change be it?"),
            ("bo", "reverted the pool size change, errors gone"),
        ),
        {0: "confirmed"},
    ),
    T(
        "fix_worked",
        "index_dropped",
        (("ana", "maybe the new index on orders?"), ("bo", "dropped the new index, writes are flowing again")),
        {0: "confirmed"},
    ),
    T(
        "fix_worked",
        "cron_paused_recovered",
        (
            ("ana", "i suspect the new reporting cron"),
            ("bo", "paused the reporting cron, latency recovered"),
        ),
        {0: "confirmed"},
    ),
    T(
        "fix_worked",
        "restart_helped_not_proof",
        (("ana", "is it a memory leak in the api?"), ("bo", "restarted the api pods, errors gone for now")),
        {0: UNSETTLED},
    ),
    T(
        "fix_worked",
        "rollback_no_change",
        (("ana", "could the 4.1 deploy be it?"), ("bo", "rolled back 4.1, no change in errors")),
        {0: "refuted"},
    ),
    T(
        "fix_worked",
        "rollback_of_something_else",
        (("ana", "could the dns resolver be it?"), ("bo", "rolled back the api deploy, errors gone")),
        {0: UNSETTLED},
    ),
    T(
        "fix_worked",
        "flag_off_other_flag",
        (
            ("ana", "is it the dark-mode flag?"),
            ("bo", "turned off the new-search flag, errors gone"),
        ),
        {0: UNSETTLED},
    ),
    # -- still_wrong: the three session-8 shapes, written anew -----------------------------------------
    T(
        "still_wrong",
        "retracted_wrong_cluster",
        (
            ("ana", "could the search cluster be out of disk?"),
            ("bo", "yep that's it"),
            ("bo", "wait, wrong cluster. the prod search cluster has 70% disk free"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "still_wrong",
        "retracted_staging_gateway",
        (
            ("ana", "maybe the api gateway cert expired?"),
            ("bo", "yes, confirmed"),
            ("bo", "hold on, i was looking at the staging gateway. the prod cert is valid till march"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "still_wrong",
        "retracted_caught_up",
        (
            ("ana", "is the backlog from the billing consumers?"),
            ("bo", "yeah that's it"),
            ("cy", "hmm, actually the billing consumers are caught up, lag is 0"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "still_wrong",
        "retracted_old_locks",
        (
            ("ana", "could it be lock contention on the db?"),
            ("bo", "confirmed, that's it"),
            ("bo", "my bad, those locks were from the 03:00 vacuum and cleared long before this started"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "still_wrong",
        "generic_partition_vs_acl",
        (
            ("ana", "network partition between the zones?"),
            ("bo", "root cause: the new network acl blocks the payments subnet from reaching the ledger"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "still_wrong",
        "generic_leak_vs_config",
        (
            ("ana", "could it be a memory leak in the workers?"),
            (
                "bo",
                "found it: the batch size setting was raised to 50k, so each worker loads 50k rows at once",
            ),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "still_wrong",
        "generic_deploy_vs_vendor_change",
        (
            ("ana", "deploy issue maybe?"),
            ("bo", "root cause: the vendor's payment api changed its response format without notice"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "still_wrong",
        "generic_provider_dismissed",
        (
            ("ana", "could the cloud provider be having an outage?"),
            ("bo", "found it: our own terraform change removed the route to the provider's api endpoint"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "still_wrong",
        "dismiss_redis_in_cause",
        (
            ("ana", "could the redis cache be full?"),
            ("bo", "the cause is a token bug in the session service; redis has plenty of memory"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "still_wrong",
        "dismiss_broker_in_cause",
        (
            ("ana", "is the kafka broker down?"),
            ("bo", "consumer group crashed on a poison message, that's the cause; the broker is healthy"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "still_wrong",
        "dismiss_primary_in_cause",
        (
            ("ana", "could it be the primary db?"),
            ("bo", "root cause is the read replica lagging 10 min behind; the primary looks fine"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "still_wrong",
        "dismiss_cdn_in_cause",
        (
            ("ana", "i suspect the cdn"),
            ("bo", "the origin's disk filled up, that's the cause; the cdn only passed on the errors it got"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "still_wrong",
        "dismiss_dns_in_cause",
        (
            ("ana", "dns?"),
            ("bo", "the cause was an expired cert on the api; dns resolved fine the whole time"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    # -- must_not: counter-traps that must never confirm ----------------------------------------------
    T(
        "must_not",
        "other_service_same_word",
        (
            ("ana", "could the notification service be leaking memory?"),
            ("bo", "root cause found: the billing service leaks file handles after the sdk upgrade"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "must_not",
        "prod_db_vs_prod_lb",
        (
            ("ana", "is the prod database overloaded?"),
            ("bo", "the prod load balancer has a bad cert, that's the cause"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "must_not",
        "cluster_capacity_vs_ingress",
        (
            ("ana", "is the cluster out of capacity?"),
            ("bo", "the ingress controller is crashlooping after the helm upgrade, that's what drops requests"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "must_not",
        "worker_pool_vs_connection_pool",
        (
            ("ana", "maybe the worker pool is too small?"),
            ("bo", "the pgsql conn pool is too small, that's it"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "must_not",
        "backup_job_vs_analytics_job",
        (
            ("ana", "could the backup job be hammering storage?"),
            ("bo", "the analytics job is hammering storage, that's the cause"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "must_not",
        "payments_api_vs_search_api",
        (
            ("ana", "could the payments api be rate limiting us?"),
            ("bo", "the search api rate limits us, that's why autocomplete fails"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "must_not",
        "eu_cluster_vs_us_cluster",
        (
            ("ana", "is the eu-west cluster unhealthy?"),
            ("bo", "root cause: etcd in the us-east cluster lost quorum"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "must_not",
        "ingress_other_cluster",
        (
            ("ana", "any chance the ingress in cluster-b is misrouting?"),
            ("bo", "found it: the ingress in cluster-a has a stale backend list"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "must_not",
        "mobile_release_vs_web_release",
        (
            ("ana", "is the mobile app release the cause?"),
            ("bo", "web release 8.2 broke the login form, that's the cause"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "must_not",
        "profile_service_vs_order_service",
        (
            ("ana", "could the profile service be slow?"),
            ("bo", "the order service is slow because of a missing index, that's the cause"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "must_not",
        "plan_failover_yes",
        (("ana", "should we fail over to the standby db?"), ("bo", "yes do it")),
        {},
        none=frozenset({0}),
    ),
    T(
        "must_not",
        "plan_roll_back_yep",
        (("ana", "let's try rolling back the gateway"), ("bo", "yep")),
        {},
        none=frozenset({0}),
    ),
    T(
        "must_not",
        "plan_restart_go",
        (("ana", "restart the cache nodes?"), ("bo", "go for it")),
        {},
        none=frozenset({0}),
    ),
    T(
        "must_not",
        "question_to_person_yes",
        (("ana", "@bo did you change the lb config this morning?"), ("bo", "yes, at 8")),
        {},
        none=frozenset({0}),
    ),
    T(
        "must_not",
        "question_to_person_by_name",
        (("ana", "mira, are you still on the db migration?"), ("mira", "yes")),
        {},
        none=frozenset({0}),
    ),
    T(
        "must_not",
        "plan_after_theory_yes",
        (
            ("ana", "could the queue be backed up?"),
            ("bo", "should we scale the consumers?"),
            ("cy", "yes"),
        ),
        {0: UNSETTLED},
        none=frozenset({1}),
    ),
    T(
        "must_not",
        "quote_from_customer",
        (
            ("ana", "ticket from acme"),
            ("bo", 'customer wrote: "your database is down and we lost orders"'),
        ),
        {},
    ),
    T(
        "must_not",
        "prediction_disk",
        (("ana", "disk at 91% on the log hosts"), ("bo", "the disk will fill up by tonight at this rate")),
        {},
    ),
    T(
        "must_not",
        "hypothetical_if",
        (
            ("ana", "tls errors?"),
            ("bo", "if the cert had expired we'd see handshake errors in the edge logs, we don't"),
        ),
        {},
    ),
    T(
        "must_not",
        "recap_of_refuted",
        (
            ("ana", "could it be the redis cache?"),
            ("bo", "ruled out redis, hit rate is flat"),
            ("cy", "so to recap: we thought redis was evicting keys, it wasn't"),
        ),
        {0: "refuted"},
    ),
    T(
        "must_not",
        "action_item_names_cert",
        (("ana", "checkout down"), ("bo", "AI: add an expiry alert for the internal LB cert")),
        {},
    ),
    T(
        "must_not",
        "bot_states_cause",
        (
            ("ana", "api errors"),
            ("bot", "Automated analysis: probable root cause is disk pressure on db-1"),
        ),
        {},
    ),
    T(
        "must_not",
        "request_to_check",
        (("ana", "@bo can you check whether the lb cert expired?"), ("bo", "yes on it")),
        {},
    ),
    T(
        "must_not",
        "question_of_cause_by_name",
        (("ana", "kofi, was it the cron that filled the disk?"), ("kofi", "no idea, checking")),
        {},
    ),
    T(
        "must_not",
        "plan_stated_as_next_step",
        (
            ("ana", "errors on checkout"),
            ("bo", "next step: disable the new pricing flag and watch the error rate"),
        ),
        {},
    ),
    T(
        "must_not",
        "symptom_not_cause",
        (
            ("ana", "could the auth service be down?"),
            ("bo", "the login page is throwing 500s for everyone"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "must_not",
        "same_word_cert_other_host",
        (
            ("ana", "did the cert on the payments lb expire?"),
            ("bo", "the cert on the marketing site expired, that's why the blog is down; payments lb cert is fine"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "must_not",
        "staging_vs_prod_deploy",
        (
            ("ana", "could the staging deploy have leaked into prod?"),
            ("bo", "the culprit is the prod deploy of the pricing service at 10:05"),
        ),
        {0: EITHER},
        causes=frozenset({1}),
    ),
)

FIXED: frozenset[str] = frozenset(
    {
        "backup_job_vs_analytics_job",
        "coredns_for_dns",
        "deploy_removed_check",
        "dismiss_broker_in_cause",
        "dismiss_primary_in_cause",
        "envoy_for_load_balancer",
        "generic_partition_vs_acl",
        "gonna_guess_limiter",
        "gut_says_dns",
        "has_the_look_of_herd",
        "hostname_for_db",
        "index_dropped",
        "index_locked_table",
        "kafka_lag_for_consumers",
        "lines_up_with_push",
        "mobile_release_vs_web_release",
        "money_then_doubted",
        "mystery_solved_autoscaler",
        "nginx_for_reverse_proxy",
        "one_broker_for_brokers",
        "pointer_question_then_proven",
        "put_money_on_cert",
        "redis_for_cache_layer",
        "registrar_for_domain",
        "retracted_caught_up",
        "retracted_old_locks",
        "retracted_staging_gateway",
        "retracted_wrong_cluster",
        "rollback_release_recovered",
        "same_word_cert_other_host",
        "smells_like_then_proven_by_alias",
        "vendor_outage_stated",
        "version_prefix",
        "waf_rule_disabled",
        "worker_pool_vs_connection_pool",
        "would_not_be_surprised",
        "sidecar_part_of_mesh",
        "agent_part_of_unknown_product",
    }
)
"""The traps the board got wrong on main (6be8bda) and gets right now (the last two since session 30: a
cause whose subject is the theory's only word, "the istio sidecar …" for "could istio be the issue?"): 51
of 106 were wrong on main, 11 of them a wrong confirmation (alias 16/22 wrong, finding 8/14, hedged
10/18, fix_worked 4/10, still_wrong 7/13 all wrong confirmations, must_not 6/29 with 4 wrong
confirmations)."""

KNOWN_GAPS: frozenset[str] = frozenset(
    {
        "bgp_session_dropped",
        "bouncer_pool_for_db_connections",
        "bucket_quota_hit",
        "etcd_for_control_plane",
        "export_flag_off",
        "feels_like_then_proven",
        "host_id_for_worker",
        "leak_since_version",
        "pr_number_for_retry_change",
        "question_to_person_by_name",
        "question_to_person_yes",
        "rabbitmq_for_message_queue",
        "tldr_rate_limit_config",
    }
)
"""Traps the board still gets wrong (none of them a wrong confirmation): they must fail today. A cause
that names the theory's component through a product or a part but says another thing of it ("rabbitmq
hit its memory watermark" for "the message queue is backing up?", "etcd ran out of disk" for "the
control plane overloaded?"): the board cannot tell a different claim about the same thing from a
different thing, and keeps the theory unconfirmed; a finding put as a noun phrase or with "and" between
cause and effect; a metric falling as the proof of a fix; a question to a person by name in lower case."""

STILL_WRONGLY_CONFIRMED: frozenset[str] = frozenset()
"""Known gaps that still end in a wrong confirmation (none): the list may only shrink."""


def test_the_lists_name_real_traps() -> None:
    assert len(TRAPS) >= 100
    names = {t.name for t in TRAPS}
    assert len(names) == len(TRAPS)
    assert names >= FIXED | KNOWN_GAPS
    assert not FIXED & KNOWN_GAPS
    assert STILL_WRONGLY_CONFIRMED <= KNOWN_GAPS


@pytest.mark.parametrize("trap", [t for t in TRAPS if t.name not in KNOWN_GAPS], ids=lambda t: f"{t.family}-{t.name}")
def test_trap_ends_in_the_channels_own_verdict(trap: Trap) -> None:
    assert problems(trap) == []


@pytest.mark.parametrize("trap", [t for t in TRAPS if t.name in KNOWN_GAPS], ids=lambda t: f"{t.family}-{t.name}")
def test_known_gap_is_still_wrong(trap: Trap) -> None:
    assert problems(trap) != []


def test_no_must_not_trap_confirms() -> None:
    assert not [t.name for t in TRAPS if t.family == "must_not" and wrongly_confirmed(t)]


def test_no_other_trap_is_wrongly_confirmed() -> None:
    assert {t.name for t in TRAPS if wrongly_confirmed(t)} <= STILL_WRONGLY_CONFIRMED


def _board(*texts: str) -> list[tuple[str, str]]:
    from bot.analysis.hypotheses import fold_messages
    from bot.domain import Board
    from tests.analysis.reading_support import said

    messages = [said(i, text, "ana" if i % 2 == 0 else "bo") for i, text in enumerate(texts)]
    return [(h.statement, h.status) for h in fold_messages(Board(channel="CINC"), messages).hypotheses]


@pytest.mark.parametrize(
    ("theory", "cause", "status"),
    [
        # the same failure state of the same component, said in other words: confirmed
        (
            "is the ingest queue falling behind?",
            "root cause: the ingest queue has a 2M backlog since the rollout",
            "confirmed",
        ),
        (
            "could the vendor domain have lapsed?",
            "root cause: the registrar never renewed the vendor domain",
            "confirmed",
        ),
        # another state of that component: the theory is not what the cause says
        (
            "could the ingest queue be full?",
            "root cause: the ingest queue consumers crashed on a bad payload",
            "refuted",
        ),
        ("is the report disk filling up?", "root cause: the report disk controller died", "refuted"),
    ],
)
def test_a_failure_state_said_in_other_words_is_the_same_claim(theory: str, cause: str, status: str) -> None:
    board = _board(theory, cause)
    assert board[0][1] == status, board
