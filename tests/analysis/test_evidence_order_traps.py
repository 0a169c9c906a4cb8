"""Adversarial channels where a theory's final status depends on the order and strength of the evidence (issue 14).

Each trap is a short channel written for this test in general incident language (not from any
incident set, not from the bundled example), with the final status each theory must end in. The
families: a theory doubted early and proven later ("nah not the X" … "ok it IS X, <evidence>"); a
refutation of one part while another part is the cause ("not the primary" when the replica is);
a weak dismissal ("prob not dns") against a checked one ("dns resolves fine from 3 regions"); a fix
that works as proof ("rolled back X, errors gone") against one that does not ("reverted X, no
change"); a theory raised again after it was dropped; a cause of another theory sharing a word with
it; a plan put as a question ("should we fail over?", "roll back first?") answered "yes", which is a
go-ahead and confirms nothing; a cause stated later that names the thing an open theory named. The
board's last word must be the channel's last, strongest word: a real cause left refuted is as bad
as a wrong one confirmed.
"""

from __future__ import annotations

import pytest

from bot.analysis.claims import cause_claim, plan_question
from tests.analysis.trap_support import EITHER, UNSETTLED, T, Trap, problems, wrongly_confirmed

TRAPS: tuple[Trap, ...] = (
    # -- doubted early, proven later -----------------------------------------------------------------
    T(
        "doubted_then_proven",
        "nah_then_it_is",
        (
            ("ana", "checkout requests timing out"),
            ("bo", "could it be the postgres connection pool?"),
            ("cy", "nah not the db, query times look ok"),
            ("bo", "ok it IS the postgres pool, 200/200 connections in use, see graph"),
        ),
        {1: "confirmed"},
    ),
    T(
        "doubted_then_proven",
        "unlikely_then_found",
        (
            ("ana", "maybe the redis cache is evicting keys?"),
            ("bo", "unlikely, hit rate was fine an hour ago"),
            ("ana", "looked again: redis evictions spiked to 40k/s at 13:02, the redis cache is the problem"),
        ),
        {0: "confirmed"},
    ),
    T(
        "doubted_then_proven",
        "ruled_out_then_back",
        (
            ("ana", "any chance it's the dns resolver?"),
            ("bo", "ruled out dns, resolves fine from here"),
            ("cy", "actually it is dns after all: the resolver in us-west returns SERVFAIL for half the zones"),
        ),
        {0: "confirmed"},
    ),
    T(
        "doubted_then_proven",
        "i_dont_think_then_confirmed",
        (
            ("ana", "i suspect the kafka consumer lag"),
            ("bo", "i don't think it's kafka"),
            ("ana", "kafka consumer lag is at 2M messages, confirmed that's our cause"),
        ),
        {0: "confirmed"},
    ),
    T(
        "doubted_then_proven",
        "looked_fine_then_wrong_dashboard",
        (
            ("ana", "could the load balancer be dropping health checks?"),
            ("bo", "load balancer looks fine"),
            (
                "bo",
                "correction, i had the wrong region open. the load balancer is failing health checks on 6 of 8 "
                "targets, that's the cause",
            ),
        ),
        {0: "confirmed"},
    ),
    T(
        "doubted_then_proven",
        "doubt_then_root_cause",
        (
            ("ana", "what if it's the certificate on the api gateway?"),
            ("bo", "doubt it, renewed last month"),
            ("cy", "root cause: the api gateway certificate chain is missing the intermediate since the renewal"),
        ),
        {0: "confirmed"},
    ),
    T(
        "doubted_then_proven",
        "not_convinced_then_bingo",
        (
            ("ana", "maybe the nightly batch job is hogging the database?"),
            ("bo", "not convinced, it normally ends by 4am"),
            (
                "ana",
                "the nightly batch job is still running, stuck on a 90M row table, and the database cpu is at 100% "
                "because of it",
            ),
            ("bo", "bingo, that's it"),
        ),
        {0: "confirmed"},
    ),
    T(
        "doubted_then_proven",
        "dismissed_then_turns_out",
        (
            ("ana", "is it the feature flag for the new pricing page?"),
            ("bo", "probably not the flag"),
            ("cy", "turns out it was the pricing flag: it enabled the new pricing page for 100% instead of 5%"),
        ),
        {0: "confirmed"},
    ),
    T(
        "doubted_then_proven",
        "healthy_then_culprit",
        (
            ("ana", "could the search cluster be out of heap?"),
            ("bo", "search cluster is green"),
            (
                "ana",
                "green yes, but heap on the search cluster data nodes is 98% and old gc takes 20s. the search "
                "cluster heap is the culprit",
            ),
        ),
        {0: "confirmed"},
    ),
    T(
        "doubted_then_proven",
        "nope_then_proof_in_thread",
        (
            ("ana", "maybe the cdn cache rules changed?"),
            ("bo", "nope", 0),
            ("cy", "found it: the cdn cache rules were edited at 09:40 and now bypass cache for /assets", 0),
        ),
        {0: "confirmed"},
    ),
    # -- a part refuted, another part the cause ----------------------------------------------------
    T(
        "subpart",
        "not_primary_replica_is",
        (
            ("ana", "reads are slow, maybe the postgres replica is lagging?"),
            ("bo", "not the primary, primary is healthy"),
            ("cy", "replica lag on the postgres replica is 15 min, that's the cause of the stale reads"),
        ),
        {0: "confirmed"},
    ),
    T(
        "subpart",
        "primary_fine_alone",
        (
            ("ana", "could the postgres replica be behind?"),
            ("bo", "primary looks fine"),
        ),
        {0: "open"},
    ),
    T(
        "subpart",
        "not_eu_us_is",
        (
            ("ana", "maybe the us-east load balancer?"),
            ("bo", "eu load balancer is fine"),
        ),
        {0: "open"},
    ),
    T(
        "subpart",
        "writer_fine_reader_pool",
        (
            ("ana", "i suspect the mysql reader pool"),
            ("bo", "mysql writer is healthy, cpu 20%"),
            ("ana", "mysql reader pool has 0 free connections, that's our problem"),
        ),
        {0: "confirmed"},
    ),
    T(
        "subpart",
        "api_fine_worker_is",
        (
            ("ana", "perhaps the worker deploy from 11:00?"),
            ("bo", "api deploy was clean, nothing in its logs"),
        ),
        {0: "open"},
    ),
    T(
        "subpart",
        "leader_fine_follower",
        (
            ("ana", "could an etcd follower be out of sync?"),
            ("bo", "etcd leader is stable"),
        ),
        {0: "open"},
    ),
    T(
        "subpart",
        "old_node_fine_new_node",
        (
            ("ana", "any chance the new node pool has the wrong instance type?"),
            ("bo", "old node pool is fine"),
            ("cy", "confirmed: the new node pool was created with 2 vcpu instances instead of 16, that's the cause"),
        ),
        {0: "confirmed"},
    ),
    # -- weak dismissal against checked ------------------------------------------------------------
    T(
        "weak_vs_checked",
        "prob_not_dns",
        (
            ("ana", "could it be dns?"),
            ("bo", "prob not dns"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "weak_vs_checked",
        "dns_checked_three_regions",
        (
            ("ana", "could it be dns?"),
            ("bo", "dns resolves fine from 3 regions, not dns"),
        ),
        {0: "refuted"},
    ),
    T(
        "weak_vs_checked",
        "doubt_it_cache",
        (
            ("ana", "maybe the cache cluster?"),
            ("bo", "i doubt it's the cache"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "weak_vs_checked",
        "checked_cache_hit_rate",
        (
            ("ana", "maybe the cache cluster?"),
            ("bo", "checked the cache cluster, hit rate 99% and no evictions. not the cache"),
        ),
        {0: "refuted"},
    ),
    T(
        "weak_vs_checked",
        "weak_then_proof",
        (
            ("ana", "could it be the message queue filling up?"),
            ("bo", "prob not the queue"),
            ("cy", "the message queue is at its 50GB limit and rejecting publishes, that's the cause"),
        ),
        {0: "confirmed"},
    ),
    T(
        "weak_vs_checked",
        "dont_think_so_then_flat_graph",
        (
            ("ana", "any chance it's the auth service?"),
            ("bo", "don't think so"),
            ("cy", "auth service error rate is flat at 0.01% all day, it's not auth"),
        ),
        {0: "refuted"},
    ),
    T(
        "weak_vs_checked",
        "hmm_not_sure",
        (
            ("ana", "perhaps the rate limiter config?"),
            ("bo", "hmm not sure it's the rate limiter"),
        ),
        {0: "open"},
    ),
    T(
        "weak_vs_checked",
        "gut_says_no",
        (
            ("ana", "what about the storage volume filling?"),
            ("bo", "gut says no, but haven't checked"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "weak_vs_checked",
        "checked_refute_then_weak_support",
        (
            ("ana", "maybe the vpn tunnel to the datacenter?"),
            ("bo", "vpn tunnel has been up all day, zero packet loss, ruled out"),
            ("cy", "hmm could still be the vpn tunnel"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "weak_vs_checked",
        "weak_support_then_checked_refute",
        (
            ("ana", "i think it's the ingress controller"),
            ("bo", "yeah feels like ingress"),
            ("cy", "ingress controller logs are clean and latency there is 3ms, not ingress"),
        ),
        {0: "refuted"},
    ),
    # -- a fix that works, a fix that does not -----------------------------------------------------
    T(
        "fix_as_proof",
        "rolled_back_errors_gone",
        (
            ("ana", "could the 14:05 api deploy be the cause?"),
            ("bo", "rolled back the api deploy, errors gone"),
        ),
        {0: "confirmed"},
    ),
    T(
        "fix_as_proof",
        "reverted_no_change",
        (
            ("ana", "could the 14:05 api deploy be the cause?"),
            ("bo", "reverted the api deploy, no change"),
        ),
        {0: "refuted"},
    ),
    T(
        "fix_as_proof",
        "flag_off_recovered",
        (
            ("ana", "maybe the new search ranking flag?"),
            ("bo", "turned the search ranking flag off and latency recovered within a minute"),
        ),
        {0: "confirmed"},
    ),
    T(
        "fix_as_proof",
        "flag_off_still_broken",
        (
            ("ana", "maybe the new search ranking flag?"),
            ("bo", "turned the search ranking flag off, still seeing timeouts"),
        ),
        {0: "refuted"},
    ),
    T(
        "fix_as_proof",
        "restart_cache_back_to_normal",
        (
            ("ana", "perhaps the session cache is wedged?"),
            ("bo", "restarted the session cache, logins back to normal"),
        ),
        {0: "confirmed"},
    ),
    T(
        "fix_as_proof",
        "restart_cache_no_effect",
        (
            ("ana", "perhaps the session cache is wedged?"),
            ("bo", "restarted the session cache, no effect"),
        ),
        {0: "refuted"},
    ),
    T(
        "fix_as_proof",
        "config_revert_fixed_it",
        (
            ("ana", "i suspect the haproxy timeout config change"),
            ("bo", "reverted the haproxy timeout config and that fixed it"),
        ),
        {0: "confirmed"},
    ),
    T(
        "fix_as_proof",
        "scaled_up_still_slow",
        (
            ("ana", "could the worker pool be too small?"),
            ("bo", "scaled the worker pool to 40, still slow"),
        ),
        {0: "refuted"},
    ),
    T(
        "fix_as_proof",
        "rollback_other_thing_fixed",
        (
            ("ana", "could the 14:05 api deploy be the cause?"),
            ("bo", "maybe the cdn config change?"),
            ("cy", "reverted the cdn config change, errors gone"),
        ),
        {0: UNSETTLED, 1: "confirmed"},
    ),
    T(
        "fix_as_proof",
        "rollback_then_recovery_then_back",
        (
            ("ana", "could the 14:05 api deploy be the cause?"),
            ("bo", "rolled back the api deploy, errors dropping"),
            ("cy", "errors back up 5 min after the rollback, so not the api deploy"),
        ),
        {0: "refuted"},
    ),
    T(
        "fix_as_proof",
        "reverted_no_change_then_real_cause",
        (
            ("ana", "i suspect the logging agent upgrade"),
            ("bo", "reverted the logging agent upgrade, no change"),
            ("cy", "maybe the disk on the log nodes is full?"),
            ("bo", "disk on the log nodes is at 100%, that's it"),
        ),
        {0: "refuted", 2: "confirmed"},
    ),
    T(
        "fix_as_proof",
        "failover_helped_not_proof_of_other",
        (
            ("ana", "maybe the primary db host has a bad disk?"),
            ("bo", "could also be the network between az1 and az2?"),
            ("cy", "failed over to the standby db host, errors gone. primary db host shows disk io errors in dmesg"),
        ),
        {0: "confirmed", 1: UNSETTLED},
    ),
    # -- re-raised after refutation ----------------------------------------------------------------
    T(
        "re_raised",
        "refuted_then_proven",
        (
            ("ana", "could the api gateway be rate limiting us?"),
            ("bo", "not the api gateway, its 429 count is zero"),
            (
                "cy",
                "wait, the api gateway has a second rate limit per tenant. it's throttling 40% of our calls, "
                "that's the cause",
            ),
        ),
        {0: "confirmed"},
        causes=frozenset({2}),
    ),
    T(
        "re_raised",
        "refuted_then_asked_again",
        (
            ("ana", "could the api gateway be rate limiting us?"),
            ("bo", "not the api gateway, its 429 count is zero"),
            ("cy", "are we sure it's not the api gateway?"),
        ),
        {0: "refuted"},
    ),
    T(
        "re_raised",
        "refuted_then_yes_to_other",
        (
            ("ana", "maybe the nfs mount is hanging?"),
            ("bo", "nfs mount is fine, ruled out"),
            ("cy", "could it be the inode limit on the build hosts?"),
            ("bo", "yes, inodes at 100% on every build host"),
        ),
        {0: "refuted", 2: "confirmed"},
    ),
    T(
        "re_raised",
        "raised_twice_confirmed_once",
        (
            ("ana", "could the billing cron be double running?"),
            ("bo", "billing cron ran once, checked the scheduler"),
            (
                "cy",
                "hmm, the billing cron ran twice on the second scheduler node. confirmed, that's the double charges",
            ),
        ),
        {0: "confirmed"},
    ),
    T(
        "re_raised",
        "refuted_stays_after_mention",
        (
            ("ana", "maybe the cert expired?"),
            ("bo", "cert is valid until march, not the cert"),
            ("cy", "someone mentioned the cert earlier, still looking"),
        ),
        {0: "refuted"},
    ),
    # -- a cause for another theory sharing a word -------------------------------------------------
    T(
        "shared_word",
        "db_pool_not_db_failover",
        (
            ("ana", "could a db failover have happened?"),
            ("bo", "root cause: the db connection pool is exhausted by the new report endpoint"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "shared_word",
        "cache_evictions_not_cache_config",
        (
            ("ana", "maybe the cache config push at 10:00?"),
            ("bo", "maybe the cache memory limit?"),
            ("cy", "the cache memory limit is hit, evicting everything. that's the cause"),
        ),
        {0: UNSETTLED, 1: "confirmed"},
    ),
    T(
        "shared_word",
        "network_policy_not_network_partition",
        (
            ("ana", "any chance of a network partition between zones?"),
            ("bo", "found it: a network policy change blocks the payments namespace from reaching the ledger"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "shared_word",
        "disk_full_other_host",
        (
            ("ana", "could the disk on the kafka brokers be full?"),
            ("bo", "the disk on the jenkins host is full, that's why builds fail"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    T(
        "shared_word",
        "yes_to_second_theory",
        (
            ("ana", "maybe the deploy of the auth service?"),
            ("bo", "or the deploy of the gateway?"),
            ("cy", "yes, gateway deploy at 10:02 broke header forwarding"),
        ),
        {0: UNSETTLED, 1: "confirmed"},
    ),
    T(
        "shared_word",
        "queue_consumer_vs_queue_broker",
        (
            ("ana", "could the queue broker be out of memory?"),
            ("bo", "the queue consumers crashed on a bad message, that's the cause; broker memory is at 30%"),
        ),
        {0: "refuted"},
        causes=frozenset({1}),
    ),
    T(
        "shared_word",
        "same_service_different_failure",
        (
            ("ana", "i think the search service has a memory leak"),
            ("bo", "culprit is the search service index mapping change, it rejects every new document"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    # -- plans put as questions ----------------------------------------------------------------------
    T(
        "plan",
        "should_we_fail_over_yes",
        (
            ("ana", "eu cluster is throwing 500s"),
            ("bo", "should we fail over to the us cluster?"),
            ("cy", "yes"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "can_we_roll_back_yep",
        (
            ("ana", "errors started at 10:05"),
            ("bo", "can we roll back the billing service?"),
            ("cy", "yep, go"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "bring_up_region_first",
        (
            ("ana", "both regions are down after the power event"),
            ("bo", "bring up region-b first?"),
            ("cy", "yes, region-b first, it has the most tenants"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "restart_the_workers_question",
        (
            ("ana", "jobs are stuck"),
            ("bo", "restart the workers?"),
            ("cy", "yeah do it"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "drain_the_node",
        (
            ("ana", "node-7 is flapping"),
            ("bo", "drain node-7 and cordon it?"),
            ("cy", "yes please"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "scale_up_question",
        (
            ("ana", "p99 is 6s"),
            ("bo", "scale the api deployment to 30 replicas?"),
            ("cy", "yes"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "disable_flag_question",
        (
            ("ana", "new checkout is erroring"),
            ("bo", "disable the new checkout flag for everyone?"),
            ("cy", "yes, agreed"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "block_traffic_question",
        (
            ("ana", "huge spike from one asn"),
            ("bo", "block that asn at the edge?"),
            ("cy", "yep"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "pause_replication_question",
        (
            ("ana", "replica lag growing"),
            ("bo", "pause the replication job until the backlog clears?"),
            ("cy", "yes"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "shall_we_revert",
        (
            ("ana", "config push at 09:00 then errors"),
            ("bo", "shall we revert the config push?"),
            ("cy", "yes"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "do_we_want_to_failover",
        (
            ("ana", "primary db is unresponsive"),
            ("bo", "do we want to promote the replica?"),
            ("cy", "yes, promote it"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "ok_to_purge",
        (
            ("ana", "stale pages served from cache"),
            ("bo", "ok to purge the cdn cache globally?"),
            ("cy", "yes"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "plan_after_theory",
        (
            ("ana", "maybe the new tls policy on the load balancer?"),
            ("bo", "roll back the tls policy?"),
            ("cy", "yes, roll it back"),
        ),
        {0: UNSETTLED},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "failover_to_other_dc_yes",
        (
            ("ana", "dc1 unreachable"),
            ("bo", "fail over to dc2 as a fallback?"),
            ("cy", "yes go ahead"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "would_rolling_back_help",
        (
            ("ana", "editor loads failing"),
            ("bo", "would rolling back the editor release stop it?"),
            ("cy", "yes i think so"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "reroute_question",
        (
            ("ana", "transit link to provider-a is flapping"),
            ("bo", "reroute everything via provider-b?"),
            ("cy", "yes"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "kill_the_query",
        (
            ("ana", "db cpu pegged"),
            ("bo", "kill the long running analytics query?"),
            ("cy", "yes kill it"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "abort_upgrade_yes",
        (
            ("ana", "zone-c degraded during the upgrade"),
            ("bo", "abort the upgrade and bring zone-c back?"),
            ("cy", "yes, abort"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "rotate_keys_question",
        (
            ("ana", "leaked token found in a public repo"),
            ("bo", "rotate all the deploy keys now?"),
            ("cy", "yes, now"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "resume_sends_question",
        (
            ("ana", "sends have been paused for 40 min"),
            ("bo", "resume the paused sends?"),
            ("cy", "yes"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "should_i_restart_controller",
        (
            ("ana", "controller is slow to resync"),
            ("bo", "should i restart the controller to speed up the resync?"),
            ("cy", "yes"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "theory_then_plan_yes_then_cause",
        (
            ("ana", "could the load balancer health check path have changed?"),
            ("bo", "fail over to the backup load balancer?"),
            ("cy", "yes"),
            (
                "bo",
                "root cause: the health check path was renamed in the 10:00 release, so every target is marked down",
            ),
        ),
        {0: "confirmed"},
        causes=frozenset({3}),
        none=frozenset({1}),
    ),
    T(
        "plan",
        "hardware_theory_then_plan",
        (
            ("ana", "maybe a hardware fault on the edge routers?"),
            ("bo", "swap traffic to the spare edge routers?"),
            ("cy", "yes do it"),
            ("ana", "the spare edge routers show the same errors"),
        ),
        {0: UNSETTLED},
        none=frozenset({1}),
    ),
    # -- a later cause naming an open theory's thing -----------------------------------------------
    T(
        "cause_names_theory",
        "cause_names_same_service",
        (
            ("ana", "maybe the inventory service?"),
            ("bo", "root cause: the inventory service exhausted its thread pool after the 10:00 deploy"),
        ),
        {0: "confirmed"},
    ),
    T(
        "cause_names_theory",
        "cause_names_same_host",
        (
            ("ana", "could db-03 be the problem?"),
            ("bo", "maybe the network?"),
            ("cy", "db-03 had a failed raid controller, that's the cause"),
        ),
        {0: "confirmed", 1: UNSETTLED},
    ),
    T(
        "cause_names_theory",
        "cause_names_same_change",
        (
            ("ana", "any chance PR #4411 broke it?"),
            ("bo", "culprit is PR #4411, it dropped the retry on the payment call"),
        ),
        {0: "confirmed"},
    ),
    T(
        "cause_names_theory",
        "cause_names_same_version",
        (
            ("ana", "could release 7.3.1 be it?"),
            ("bo", "confirmed: release 7.3.1 ships a broken migration"),
        ),
        {0: "confirmed"},
    ),
    T(
        "cause_names_theory",
        "cause_after_other_refuted",
        (
            ("ana", "maybe the cdn?"),
            ("bo", "could the origin nginx be out of workers?"),
            ("cy", "cdn is fine, edge 5xx are all origin errors"),
            ("bo", "found it: the origin nginx worker_connections limit is hit, that's why"),
        ),
        {0: "refuted", 1: "confirmed"},
    ),
    T(
        "cause_names_theory",
        "cause_much_later",
        (
            ("ana", "i suspect the kubernetes node autoscaler"),
            ("bo", "checking pods"),
            ("cy", "pods pending, 40 of them"),
            ("bo", "traffic is normal"),
            ("cy", "looking at the scheduler"),
            ("ana", "the node autoscaler hit the max node count of 50, so pods can't schedule. that's the root cause"),
        ),
        {0: "confirmed"},
    ),
    T(
        "cause_names_theory",
        "turns_out_named_unknown",
        (
            ("ana", "maybe cilium is dropping packets?"),
            ("bo", "turns out cilium's bpf map is full, it drops new flows"),
        ),
        {0: "confirmed"},
    ),
    T(
        "cause_names_theory",
        "cause_names_only_broad_word",
        (
            ("ana", "could the database failover be it?"),
            ("bo", "the root cause is a slow database query from the new report"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    # -- controls --------------------------------------------------------------------------------------
    T(
        "control",
        "checked_refutation_stays",
        (
            ("ana", "could the vault token have expired?"),
            ("bo", "vault token valid for 20 more days, checked. not that"),
            ("cy", "ok"),
        ),
        {0: "refuted"},
    ),
    T(
        "later_word",
        "confirmed_stays_after_weak_doubt",
        (
            ("ana", "could the redis cluster be out of memory?"),
            ("bo", "redis cluster is at maxmemory and rejecting writes, confirmed that's the cause"),
            ("cy", "hmm maybe not redis?"),
        ),
        {0: "confirmed"},
    ),
    T(
        "later_word",
        "confirmed_then_retracted_with_evidence",
        (
            ("ana", "could the redis cluster be out of memory?"),
            ("bo", "yes that's it"),
            ("bo", "scratch that, i read the staging graph. redis cluster in prod has 60% memory free"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "shared_word",
        "two_theories_one_confirmed",
        (
            ("ana", "maybe the cron that rotates logs?"),
            ("bo", "or the disk on the app hosts?"),
            (
                "cy",
                "the disk on the app hosts is full because the log rotation cron stopped; disk is the proximate cause",
            ),
        ),
        {0: EITHER, 1: "confirmed"},
    ),
    # -- more of each family -------------------------------------------------------------------------
    T(
        "doubted_then_proven",
        "after_all_unknown_name",
        (
            ("ana", "maybe traefik is mangling the headers?"),
            ("bo", "prob not traefik"),
            ("cy", "it is traefik after all, the upgrade strips the x-tenant header"),
        ),
        {0: "confirmed"},
    ),
    T(
        "doubted_then_proven",
        "is_the_problem_after_ruled_out",
        (
            ("ana", "could the memcached pool be undersized?"),
            ("bo", "memcached looks healthy"),
            ("ana", "memcached pool is the problem: 4 nodes for 3x the traffic since monday, hit rate fell to 40%"),
        ),
        {0: "confirmed"},
        causes=frozenset({2}),
    ),
    T(
        "doubted_then_proven",
        "passing_mention_stays_refuted",
        (
            ("ana", "maybe the waf is blocking them?"),
            ("bo", "not the waf, its block log is empty"),
            ("cy", "cause: a stale dns record sends some clients straight to the origin, skipping the cdn and the waf"),
        ),
        {0: "refuted"},
        causes=frozenset({2}),
    ),
    T(
        "doubted_then_proven",
        "cause_elsewhere_stays_refuted",
        (
            ("ana", "is this a ddos?"),
            ("bo", "not a ddos, traffic is organic"),
            ("cy", "root cause: a client release retries every failed call 10 times, so traffic tripled"),
        ),
        {0: "refuted"},
        causes=frozenset({2}),
    ),
    T(
        "weak_vs_checked",
        "meh_unlikely",
        (
            ("ana", "could the scheduler be skipping runs?"),
            ("bo", "meh, unlikely"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "weak_vs_checked",
        "checked_logs_clean",
        (
            ("ana", "could the scheduler be skipping runs?"),
            ("bo", "checked the scheduler logs for the last 6h, every run fired on time. not the scheduler"),
        ),
        {0: "refuted"},
    ),
    T(
        "fix_as_proof",
        "undo_flag_then_recovered_other_flag_open",
        (
            ("ana", "maybe the new image resizer flag?"),
            ("bo", "or the cdn cache ttl change?"),
            ("cy", "disabled the image resizer flag -> errors stopped"),
        ),
        {0: "confirmed", 1: UNSETTLED},
    ),
    T(
        "fix_as_proof",
        "rollback_dropping_is_a_trend",
        (
            ("ana", "could the 16:20 release be the cause?"),
            ("bo", "rolled back the 16:20 release, errors dropping a bit"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "fix_as_proof",
        "downgrade_fixed",
        (
            ("ana", "i suspect the grpc library upgrade"),
            ("bo", "downgraded the grpc library and that fixed it"),
        ),
        {0: "confirmed"},
    ),
    T(
        "fix_as_proof",
        "restart_other_thing_fixed",
        (
            ("ana", "could the payment gateway be rejecting our cert?"),
            ("bo", "restarted the checkout pods, errors gone"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "plan",
        "failback_question",
        (
            ("ana", "primary region healthy again"),
            ("bo", "fail back to the primary region now?"),
            ("cy", "yes"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "would_a_restart_help",
        (
            ("ana", "search is slow"),
            ("bo", "would a restart of the search nodes help?"),
            ("cy", "yes probably"),
        ),
        {},
        none=frozenset({1}),
    ),
    T(
        "plan",
        "lets_question_purge",
        (
            ("ana", "stale prices on product pages"),
            ("bo", "purge the price cache first?"),
            ("cy", "yep"),
            ("ana", "root cause: the price sync job has been failing since 02:00, so the cache kept old prices"),
        ),
        {},
        causes=frozenset({3}),
        none=frozenset({1}),
    ),
    T(
        "re_raised",
        "re_raised_with_new_evidence",
        (
            ("ana", "could the kafka brokers be out of disk?"),
            ("bo", "brokers have 40% disk free, no"),
            (
                "cy",
                "the kafka brokers ARE out of disk on the log volume, the 40% was the root volume. that's the cause",
            ),
        ),
        {0: "confirmed"},
    ),
    T(
        "re_raised",
        "re_raised_question_stays_refuted",
        (
            ("ana", "could the kafka brokers be out of disk?"),
            ("bo", "brokers have 40% disk free on every volume, checked"),
            ("cy", "still think kafka disk?"),
            ("bo", "no, it's fine"),
        ),
        {0: "refuted"},
    ),
    T(
        "cause_names_theory",
        "cause_names_theory_in_other_words",
        (
            ("ana", "maybe the ssl cert on the partner api expired?"),
            ("bo", "yep: the partner api certificate expired at 00:00 utc, that's the cause"),
        ),
        {0: "confirmed"},
    ),
)


FIXED = frozenset(
    {
        "abort_upgrade_yes",
        "after_all_unknown_name",
        "api_fine_worker_is",
        "block_traffic_question",
        "bring_up_region_first",
        "config_revert_fixed_it",
        "disable_flag_question",
        "downgrade_fixed",
        "drain_the_node",
        "failback_question",
        "failover_to_other_dc_yes",
        "flag_off_recovered",
        "hardware_theory_then_plan",
        "kill_the_query",
        "lets_question_purge",
        "nah_then_it_is",
        "nope_then_proof_in_thread",
        "not_eu_us_is",
        "old_node_fine_new_node",
        "pause_replication_question",
        "plan_after_theory",
        "primary_fine_alone",
        "reroute_question",
        "restart_cache_no_effect",
        "rollback_other_thing_fixed",
        "rolled_back_errors_gone",
        "rotate_keys_question",
        "ruled_out_then_back",
        "scale_up_question",
        "scaled_up_still_slow",
        "undo_flag_then_recovered_other_flag_open",
        "unlikely_then_found",
        # session 9 (tests/analysis/test_settle_traps.py): a cause about another part of the same kind
        "network_policy_not_network_partition",
        "queue_consumer_vs_queue_broker",
    }
)
"""The traps the board got wrong on main before this change (47 of 102 wrong, 18 of them a wrong
confirmation): plan questions raised as theories and confirmed by the "yes" that approved them; a
rollback, a revert or a flag turned off that ended the errors, read as nothing; a test that changed
nothing said as ", no effect" / ", still slow"; a theory doubted early and proven later ("nah not
the db" … "ok it IS the db"); a verdict on one part (the primary, the eu lb, the old pool) read as a
verdict on another (the replica, the us-east lb, the new pool). The others it already read right
and stay as regression guards."""

KNOWN_GAPS = frozenset(
    {
        "confirmed_stays_after_weak_doubt",
        "confirmed_then_retracted_with_evidence",
        "failover_helped_not_proof_of_other",
        "is_the_problem_after_ruled_out",
        "leader_fine_follower",
        "raised_twice_confirmed_once",
        "refuted_stays_after_mention",
        "refuted_then_proven",
        "restart_cache_back_to_normal",
        "reverted_no_change_then_real_cause",
        "theory_then_plan_yes_then_cause",
        "turns_out_named_unknown",
        "two_theories_one_confirmed",
    }
)
"""Traps the board still gets wrong (see the report of issue 14, session 8): a cause that says what
the theory said without naming its component ("the health check path was renamed" for "the lb
health check path changed?"), a cause put through a pronoun ("it's throttling 40% of our calls"), a
restart that helped (kept as support on purpose: restarts fix many things), a retraction followed by
evidence without a refutation word, a theory whose own words are all generic ("network partition"),
a cause whose message also names the theory's component to drop it. They must fail today."""

STILL_WRONGLY_CONFIRMED = frozenset({"confirmed_then_retracted_with_evidence"})
"""Known gaps that still end in a wrong confirmation (all three did on main too): the list may only
shrink."""


def test_the_fixed_list_names_real_traps() -> None:
    assert len(TRAPS) >= 100
    assert {t.name for t in TRAPS} >= FIXED | KNOWN_GAPS
    assert not FIXED & KNOWN_GAPS
    assert len({t.name for t in TRAPS}) == len(TRAPS)
    assert all(t.family != "control" for t in TRAPS if t.name in FIXED)


@pytest.mark.parametrize("trap", [t for t in TRAPS if t.name not in KNOWN_GAPS], ids=lambda t: f"{t.family}-{t.name}")
def test_trap_ends_in_the_channels_own_verdict(trap: Trap) -> None:
    assert problems(trap) == []


@pytest.mark.parametrize("trap", [t for t in TRAPS if t.name in KNOWN_GAPS], ids=lambda t: f"{t.family}-{t.name}")
def test_known_gap_is_still_wrong(trap: Trap) -> None:
    assert problems(trap) != []


def test_no_other_trap_is_wrongly_confirmed() -> None:
    assert STILL_WRONGLY_CONFIRMED <= KNOWN_GAPS
    assert {t.name for t in TRAPS if wrongly_confirmed(t)} <= STILL_WRONGLY_CONFIRMED


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("ok it IS the postgres pool, 200/200 connections in use", "postgres pool"),
        ("it's the resolver cache after all", "resolver cache"),
        ("the redis cache is the problem.", "redis cache"),
        ("is it the cache after all?", None),
        ("not sure the cache is the problem", None),
        ("what is the problem", None),
    ],
)
def test_a_cause_said_with_weight_is_a_cause(text: str, cause: str | None) -> None:
    claim = cause_claim(text)
    assert (claim.lower() if claim else None) == cause or (cause is not None and claim and cause in claim.lower())


@pytest.mark.parametrize(
    ("text", "plan"),
    [
        ("bring up region-b first?", True),
        ("should we fail over to the standby?", True),
        ("would rolling back the release stop it?", True),
        ("ok to purge the cdn cache?", True),
        ("restart loop on the pods?", False),
        ("could it be the drain job?", False),
        ("did the restore job get cut off?", False),
    ],
)
def test_a_question_opening_with_a_step_is_a_plan(text: str, plan: bool) -> None:
    assert plan_question(text) is plan
