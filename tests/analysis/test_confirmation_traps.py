"""Adversarial channels that tempt the board into a confirmation the channel never makes (issue 14).

Each trap is a short channel written for this test in general incident language (not from any
incident set, not from the bundled example), with the final status each theory must end in. The
families are the ways a channel says something that *looks* like a verdict on a theory without being
one: agreement that is only support, "confirmed" said of a fact or an action, a yes that answers a
different question, a theory restated by someone else as a question, a hedged conclusion, a cause
for another component that shares a broad word with the theory, a confirmation later retracted, the
cause stated as the negation of the theory, sarcasm, a quoted theory disagreed with, a verdict in
the thread of another theory, a vendor's claim relayed then contradicted, a bot restating symptoms,
a cause that half-matches two theories. A wrong confirmation is the costliest error the board can
make (a postmortem names the wrong cause), so a trap's theory may end open or refuted where the
channel leaves it so, but never confirmed.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.analysis.hypotheses import fold_messages
from bot.domain import Board
from tests.analysis.reading_support import said
from tests.analysis.trap_support import EITHER, UNSETTLED, T, Trap, problems, wrongly_confirmed

TRAPS: tuple[Trap, ...] = (
    # -- agreement that is support, not proof ------------------------------------------------------
    T(
        "agreement",
        "plus_one_seeing_the_same",
        (
            ("lena", "checkout p99 at 4s and climbing"),
            ("omar", "could it be the payments gateway timing out?"),
            ("lena", "+1, seeing the same timeouts on my side"),
            ("omar", "pulling gateway logs"),
        ),
        {1: "open"},
    ),
    T(
        "agreement",
        "yeah_could_be",
        (
            ("ines", "image uploads failing for eu users"),
            ("tomas", "maybe the object storage bucket policy changed?"),
            ("ines", "yeah could be"),
            ("tomas", "checking the audit log"),
        ),
        {1: "open"},
    ),
    T(
        "agreement",
        "plausible_worth_a_look",
        (
            ("kwame", "search results are empty for half the tenants"),
            ("sofia", "i suspect the index alias swap from this morning"),
            ("kwame", "plausible. worth a look"),
            ("sofia", "agreed, looking"),
        ),
        {1: "open"},
    ),
    T(
        "agreement",
        "same_here_non_native",
        (
            ("jun", "login page is very slow for me"),
            ("priya", "maybe is the session store redis?"),
            ("jun", "same here, also i think so maybe"),
            ("priya", "ok i will look the redis metrics"),
            ("jun", "the redis latency is looking high-ish, consistent with the slow logins"),
        ),
        {1: "open"},
    ),
    T(
        "agreement",
        "agreed_makes_sense",
        (
            ("aiko", "webhook deliveries backing up since 14:10"),
            ("mateo", "my bet is the outbound proxy pool"),
            ("aiko", "agreed, makes sense given the timing"),
            ("mateo", "let's get numbers before we say anything"),
        ),
        {1: "open"},
    ),
    # -- "confirmed" about a fact, not the theory --------------------------------------------------
    T(
        "fact_confirmed",
        "deploy_time_confirmed",
        (
            ("nadia", "api 5xx jumped to 8% around 10:05"),
            ("felix", "could the 10:00 api deploy be the cause?"),
            ("nadia", "confirmed the deploy went out at 10:02"),
            ("felix", "ok so timing fits, still need proof"),
        ),
        {1: "open"},
    ),
    T(
        "fact_confirmed",
        "customer_impact_confirmed",
        (
            ("ravi", "any chance it's the new rate limiter config?"),
            ("elin", "support confirmed 40 customers affected so far"),
            ("ravi", "ok"),
        ),
        {0: "open"},
    ),
    T(
        "fact_confirmed",
        "can_confirm_errors",
        (
            ("dmitri", "maybe the cert on the internal auth service expired?"),
            ("chloe", "can confirm we are seeing TLS handshake errors in the mobile client logs"),
            ("dmitri", "checking expiry date now"),
        ),
        {0: "open"},
    ),
    T(
        "fact_confirmed",
        "version_confirmed",
        (
            ("hana", "worker pods crashlooping"),
            ("yusuf", "maybe the worker image 2.14 pulled a bad dependency?"),
            ("hana", "confirmed all workers are on 2.14"),
            ("yusuf", "ok, diffing 2.13 vs 2.14"),
        ),
        {1: "open"},
    ),
    # -- a yes answering a different question ----------------------------------------------------
    T(
        "other_question",
        "yes_to_a_check_request",
        (
            ("marta", "perhaps the dns resolver cache is poisoned?"),
            ("kofi", "is anyone looking at the resolver dashboards?"),
            ("marta", "yes, me"),
        ),
        {0: "open"},
    ),
    T(
        "other_question",
        "yes_to_did_you_restart",
        (
            ("li", "queue consumers stalled"),
            ("sven", "could be the kafka broker rebalance"),
            ("li", "did you already restart the consumers?"),
            ("sven", "yes, did it 5 min ago, no change"),
        ),
        {1: "open"},
    ),
    T(
        "other_question",
        "yep_to_are_you_on_the_bridge",
        (
            ("amara", "i reckon the load balancer health checks are flapping"),
            ("jonas", "amara you on the bridge?"),
            ("amara", "yep"),
            ("jonas", "cool"),
        ),
        {0: "open"},
    ),
    T(
        "other_question",
        "nope_to_a_reason_not_to_close",
        (
            ("ana", "could the cache nodes be evicting sessions?"),
            ("bo", "found it: the session cache was resized to 1gb in last night's change, it evicts everything"),
            ("cy", "ok. anyone see a reason not to close?"),
            ("bo", "nope, 20 min clean"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    # -- a theory restated by someone else as a question -------------------------------------------
    T(
        "restated_question",
        "restated_then_yes_maybe",
        (
            ("pablo", "i suspect the feature flag rollout for new pricing"),
            ("wei", "so you think the pricing flag broke checkout?"),
            ("pablo", "yes maybe, not sure yet"),
        ),
        {0: "open"},
    ),
    T(
        "restated_question",
        "restated_as_question_only",
        (
            ("olu", "my guess: the pg pool is exhausted"),
            ("greta", "pg pool exhausted? really?"),
            ("olu", "dunno, looking"),
        ),
        {0: "open"},
    ),
    # -- hedged conclusions ------------------------------------------------------------------------
    T(
        "hedged",
        "pretty_sure_but_checking",
        (
            ("sam", "maybe the cdn purge we did at noon?"),
            ("ana", "pretty sure it's the cdn purge but checking the edge logs first"),
            ("sam", "ok"),
        ),
        {0: "open"},
    ),
    T(
        "hedged",
        "looks_like_it_might_be",
        (
            ("ivo", "could the cron job that compacts the ledger be it?"),
            ("ruth", "looks like it might be the compaction job, the timing is close"),
            ("ivo", "need the job logs to be sure"),
        ),
        {0: "open"},
    ),
    T(
        "hedged",
        "probably_that_not_confirmed",
        (
            ("mia", "what about the memory leak in the image resizer?"),
            ("teo", "probably thats it tbh, not confirmed tho"),
        ),
        {0: "open"},
    ),
    T(
        "hedged",
        "if_then_root_cause",
        (
            ("zara", "any chance the vault token for the billing service expired?"),
            ("nils", "if the vault token expired then that's the root cause, checking ttl"),
        ),
        {0: "open"},
    ),
    # -- a cause for a different component sharing a generic word ----------------------------------
    T(
        "other_component",
        "different_cache",
        (
            ("eva", "could it be the redis session cache evicting keys?"),
            ("karim", "found it: the cdn cache was serving a stale config file to the clients"),
        ),
        {0: "refuted"},
        causes=frozenset({1}),
    ),
    T(
        "other_component",
        "different_database",
        (
            ("rosa", "maybe the orders database primary is overloaded?"),
            ("bo", "root cause: the analytics database ran out of disk and its export job blocked the queue"),
        ),
        {0: "refuted"},
        causes=frozenset({1}),
    ),
    T(
        "other_component",
        "different_cert",
        (
            ("ali", "i think the api gateway certificate expired"),
            ("ning", "turns out the cert on the payment provider's sandbox expired, not ours"),
        ),
        {0: "refuted"},
        causes=frozenset({1}),
    ),
    T(
        "other_component",
        "same_hosts_another_failure",
        (
            ("mila", "did the db-2 failover knock db-3 over? it happened right before"),
            ("ken", "root cause: a bad disk on db-2, then the same disk model died on db-3 under the extra load"),
        ),
        {0: "refuted"},
        causes=frozenset({1}),
    ),
    T(
        "control",
        "same_hosts_the_same_step",
        (
            ("mila", "did the db-2 failover knock db-3 over? it happened right before"),
            ("ken", "root cause: the failover of db-2 sent all writes to db-3, which ran out of connections"),
        ),
        {0: "confirmed"},
        causes=frozenset({1}),
    ),
    T(
        "other_component",
        "not_all_of_it_is_a_part",
        (
            ("ana", "writes failing on the session store. is redis just full?"),
            ("bo", "yep. used_memory pinned at maxmemory since 21:33, it rejects every write"),
            ("cy", "please don't flush it, it's not all cache in there. two dbs hold job state"),
        ),
        {0: "confirmed"},
    ),
    # -- confirmed and later retracted -------------------------------------------------------------
    T(
        "retracted",
        "scratch_that_not_the_cache",
        (
            ("dana", "could it be the product cache?"),
            ("erik", "yes thats it, the product cache hit rate fell off a cliff"),
            ("erik", "scratch that, not the cache, hit rate dashboard was showing the wrong region"),
        ),
        {0: "refuted"},
    ),
    T(
        "retracted",
        "correction_wrong_host",
        (
            ("paulo", "maybe the noisy neighbour on node-17 is starving the pods?"),
            ("asha", "confirmed, node-17 is the problem"),
            ("asha", "correction: i was looking at node-71. node-17 is fine, cpu normal"),
        ),
        {0: "refuted"},
    ),
    T(
        "retracted",
        "my_bad_misread",
        (
            ("tariq", "any chance its the ingress controller upgrade?"),
            ("beth", "bingo, ingress upgrade lines up"),
            ("beth", "my bad, misread the graph. the ingress upgrade was after the errors started, so not the ingress"),
        ),
        {0: "refuted"},
    ),
    # -- cause stated as the negation of the theory ------------------------------------------------
    T(
        "negation",
        "not_the_lb_its_the_cert",
        (
            ("kai", "could it be the load balancer?"),
            ("mona", "it's not the LB, it's the cert on the origin that expired"),
        ),
        {0: "refuted"},
        causes=frozenset({1}),
    ),
    T(
        "negation",
        "wasnt_x_but_y",
        (
            ("oskar", "could it be the job queue backlog?"),
            ("fatima", "wasn't the queue at all - the auth service rejected every token after the key rotation"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1}),
    ),
    # -- sarcasm and jokes -------------------------------------------------------------------------
    T(
        "sarcasm",
        "blame_dns_lol",
        (
            ("rick", "could be DNS?"),
            ("noor", "yeah sure, blame DNS lol. it's always dns"),
            ("rick", "ok fair, checking the app logs instead"),
        ),
        {0: "open"},
    ),
    T(
        "sarcasm",
        "obviously_cosmic_rays",
        (
            ("jade", "maybe the batch importer corrupted the rows?"),
            ("ugo", "obviously cosmic rays 🙃"),
            ("jade", "lol. seriously tho, importer logs look clean so far"),
        ),
        {0: "open"},
    ),
    # -- quoting someone's earlier theory while disagreeing ----------------------------------------
    T(
        "quoted",
        "quote_then_disagree",
        (
            ("lars", "i bet the new sidecar version leaks connections"),
            ("emi", "> the new sidecar version leaks connections\nI don't buy it, conn count is flat"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "quoted",
        "someone_said_its_x",
        (
            ("ben", "could be the config push to the edge routers"),
            ("ana", 'ben said "its the config push" - i doubt that, the push was rolled back yesterday'),
        ),
        {0: UNSETTLED},
    ),
    # -- confirmation in a thread about another theory ---------------------------------------------
    T(
        "other_thread",
        "confirmed_in_other_thread",
        (
            ("yara", "could the payments gateway be rate limiting us?"),
            ("hugo", "or maybe the reconnect flood from the web clients after the deploy?"),
            ("yara", "confirmed, their dashboard shows a 429 spike", 0),
            ("hugo", "ok", 1),
        ),
        {0: EITHER, 1: "open"},
    ),
    T(
        "other_thread",
        "yes_in_thread_names_nothing_of_the_other",
        (
            ("mila", "could the nightly reindex job be hogging io?"),
            ("raj", "or maybe the disk on db-3 is failing?"),
            ("sol", "yes thats it, smart errors on db-3", 1),
        ),
        {0: "refuted", 1: "confirmed"},
    ),
    # -- an action confirmed, not a theory ---------------------------------------------------------
    T(
        "action_confirmed",
        "rollback_confirmed",
        (
            ("nico", "could it be release 7.3 of the cart service?"),
            ("ida", "rolling back 7.3 to be safe"),
            ("ida", "rollback confirmed, 7.2 is live everywhere"),
        ),
        {0: "open"},
    ),
    T(
        "action_confirmed",
        "failover_done_confirmed",
        (
            ("gus", "i suspect the primary db in us-east is degraded"),
            ("eun", "failing over to us-west just in case"),
            ("eun", "confirmed: failover completed, writes going to us-west"),
        ),
        {0: "open"},
    ),
    T(
        "action_confirmed",
        "flag_off_verified",
        (
            ("ola", "maybe the new search ranking flag?"),
            ("wen", "flag switched off, confirmed in the admin ui"),
            ("ola", "errors still there"),
        ),
        {0: "open"},
    ),
    # -- relays of a vendor's claim later contradicted ---------------------------------------------
    T(
        "vendor_relay",
        "vendor_says_then_not",
        (
            ("max", "could it be the email provider?"),
            ("lea", "their support says its a known incident on their side"),
            ("lea", "update: their status page is green and they now say nothing on their end, it's us"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "vendor_relay",
        "cloud_support_claims",
        (
            ("pia", "any chance it's the cloud provider's network in eu-central?"),
            ("ken", "aws support says they confirmed packet loss in eu-central-1a"),
            ("pia", "hm our own probes in 1a are clean though, packet loss 0"),
        ),
        {0: UNSETTLED},
    ),
    # -- a bot post that only restates symptoms ----------------------------------------------------
    T(
        "bot_symptoms",
        "datadog_recovers_confirmed",
        (
            ("tess", "maybe the redis cluster failover caused it?"),
            ("bot", "[Datadog] CONFIRMED: redis latency above threshold on cache-prod"),
            ("tess", "ok"),
        ),
        {0: "open"},
    ),
    T(
        "bot_symptoms",
        "statuspage_identified_symptoms",
        (
            ("arjun", "could the payments api deploy be the root cause?"),
            ("bot", "Statuspage: Identified - We have identified elevated error rates on payments api."),
        ),
        {0: "open"},
    ),
    # -- several theories, a cause that matches two partially -------------------------------------
    T(
        "two_partial",
        "cause_half_matches_two",
        (
            ("sara", "could be the db replica lag?"),
            ("ivan", "or the db connection limit after the pool resize?"),
            ("sara", "root cause: db replica lag from the long migration"),
        ),
        {0: "confirmed", 1: "refuted"},
        causes=frozenset({2}),
    ),
    T(
        "two_partial",
        "generic_word_in_both",
        (
            ("chen", "maybe the api config change at 9?"),
            ("dora", "or the worker config drift?"),
            ("chen", "the cause was a config change"),
        ),
        {0: UNSETTLED, 1: UNSETTLED},
        causes=frozenset({2}),
    ),
    # -- more shapes: a verdict word about something else, a closing "that's it", a bare yes late --
    T(
        "other_question",
        "thats_it_signing_off",
        (
            ("nora", "could the cert rotation on the mqtt broker be it?"),
            ("ahmed", "ok thats it for me, handing over to lucia, signing off"),
        ),
        {0: "open"},
    ),
    T(
        "other_question",
        "yes_to_should_i_page",
        (
            ("wanjiru", "maybe the vpn concentrator in frankfurt is dropping sessions?"),
            ("tim", "should i page the network oncall?"),
            ("wanjiru", "yes please"),
            ("tim", "yes, done"),
        ),
        {0: "open"},
    ),
    T(
        "other_question",
        "yes_to_is_it_only_eu",
        (
            ("gio", "any chance it's the geo-routing rule we added yesterday?"),
            ("aylin", "is it only eu customers?"),
            ("gio", "yes, only eu so far"),
        ),
        {0: "open"},
    ),
    T(
        "fact_confirmed",
        "bingo_about_a_ticket",
        (
            ("lucas", "i suspect the tax service timeout change"),
            ("meera", "bingo, found the customer ticket from 09:40 that started all this"),
        ),
        {0: "open"},
    ),
    T(
        "hedged",
        "would_explain_it",
        (
            ("bao", "maybe the batch export is holding row locks on orders?"),
            ("irene", "that would explain it if true. checking pg_locks"),
        ),
        {0: "open"},
    ),
    T(
        "hedged",
        "smoking_gun_would_be",
        (
            ("femi", "could the log shipper be filling the disk on the api hosts?"),
            ("clara", "the smoking gun would be /var/log at 100%, let me look"),
        ),
        {0: "open"},
    ),
    T(
        "hedged",
        "cant_confirm",
        (
            ("rui", "perhaps the sso provider is slow?"),
            ("dalia", "can't confirm the sso provider is slow, their api is not giving metrics"),
        ),
        {0: "open"},
    ),
    T(
        "negation",
        "confirmed_not_the_cause",
        (
            ("sigrid", "could it be the kernel patch on the storage nodes?"),
            ("moses", "confirmed the kernel patch is not the cause, the unpatched nodes fail the same"),
        ),
        {0: "refuted"},
    ),
    T(
        "negation",
        "yes_deployed_but_unrelated",
        (
            ("hiro", "did someone deploy the notification service today?"),
            ("ama", "yes it was deployed at 8 but thats unrelated, errors began at 11"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "sarcasm",
        "sure_and_im_the_queen",
        (
            ("ewan", "i bet its the intern's terraform change"),
            ("lior", "sure, and i'm the queen of england. the plan had no diff"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "retracted",
        "yes_then_no_wait",
        (
            ("kasia", "could it be the autoscaler on the gpu pool?"),
            ("obi", "yes"),
            ("obi", "no wait, wrong pool. the gpu pool autoscaler looks normal"),
        ),
        {0: "refuted"},
    ),
    T(
        "retracted",
        "found_it_then_false_alarm",
        (
            ("ruby", "maybe the search cluster's jvm heap?"),
            ("dev", "found it: the search cluster heap hit 98% and gc is thrashing"),
            ("dev", "false alarm, that was the staging cluster. prod heap is at 40%, heap is fine"),
        ),
        {0: "refuted"},
    ),
    T(
        "vendor_relay",
        "vendor_root_cause_retracted",
        (
            ("luis", "could the cdn provider be having an outage?"),
            ("mei", "cdn vendor told us root cause is a bad edge config on their side"),
            ("mei", "vendor retracted it: their edge config was fine, the 403s come from our own waf rule"),
        ),
        {0: UNSETTLED},
        causes=frozenset({1, 2}),
    ),
    T(
        "bot_symptoms",
        "pagerduty_resolved_confirms_nothing",
        (
            ("gabe", "could the cron that rotates api keys be it?"),
            ("bot", "PagerDuty: [RESOLVED] High error rate on public api - confirmed recovered"),
            ("gabe", "ok alert cleared, still dont know why"),
        ),
        {0: "open"},
    ),
    T(
        "restated_question",
        "asked_back_with_question_yes",
        (
            ("ella", "could the disk on the kafka brokers be full?"),
            ("nkosi", "kafka disk full? is that a guess or did you see it?"),
            ("ella", "a guess, checking"),
        ),
        {0: "open"},
    ),
    T(
        "two_partial",
        "cause_matches_component_not_claim",
        (
            ("remy", "maybe the auth service ran out of memory?"),
            ("tala", "or the auth service's token cache expired all at once?"),
            ("remy", "turns out the auth service was fine, the mobile app sent a malformed header after its update"),
        ),
        {0: UNSETTLED, 1: UNSETTLED},
        causes=frozenset({2}),
    ),
    # -- round two: answers that grant something smaller than the theory --------------------------
    T(
        "other_question",
        "yes_to_either_or",
        (
            ("amir", "is it the session db or the edge cache?"),
            ("juno", "yes"),
            ("amir", "lol which one"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "other_question",
        "yes_checking_that_now",
        (
            ("vera", "could the saml cert on the okta app have rotated?"),
            ("obinna", "yes, checking that now"),
        ),
        {0: "open"},
    ),
    T(
        "agreement",
        "yes_is_possible_non_native",
        (
            ("marek", "maybe the firewall rule from the network team blocks port 5432?"),
            ("thuy", "yes is possible, i ask them"),
        ),
        {0: "open"},
    ),
    T(
        "agreement",
        "definitely_worth_checking",
        (
            ("selin", "any chance it's the log4j config reload on the api nodes?"),
            ("pedro", "yeah definitely worth checking"),
        ),
        {0: "open"},
    ),
    T(
        "agreement",
        "plus_one_to_the_theory",
        (
            ("kemal", "my hunch is the thread pool in the pdf renderer"),
            ("nadia", "+1 to the thread pool theory, i'd bet on it too"),
        ),
        {0: "open"},
    ),
    T(
        "fact_confirmed",
        "confirmed_with_vendor_timing",
        (
            ("bram", "could the isp's bgp maintenance be what we see?"),
            ("yuki", "confirmed with the isp that their maintenance window was 10:00-10:30"),
            ("bram", "our errors started 10:12, so still possible"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "fact_confirmed",
        "confirmed_more_customers",
        (
            ("liv", "maybe the new csv importer?"),
            ("hamid", "confirmed 3 more customers with broken imports"),
            ("liv", "all of them used the importer?"),
        ),
        {0: "open"},
    ),
    T(
        "restated_question",
        "root_cause_question_mark",
        (
            ("bea", "maybe the certificate on the smtp relay expired?"),
            ("tomasz", "root cause is the smtp relay cert?"),
            ("bea", "that's my guess, not verified"),
        ),
        {0: "open"},
    ),
    T(
        "hedged",
        "will_confirm_once",
        (
            ("ottar", "i think the json schema bump broke the parser"),
            ("keiko", "will confirm once the replay job finishes, looks that way so far"),
        ),
        {0: "open"},
    ),
    T(
        "hedged",
        "almost_certainly_but_verifying",
        (
            ("luca", "could the nightly vacuum be locking the invoices table?"),
            ("ada", "almost certainly the vacuum, still verifying with pg_stat_activity"),
        ),
        {0: "open"},
    ),
    T(
        "retracted",
        "confirmed_then_my_bad_other_dashboard",
        (
            ("pim", "could the memcached tier be evicting sessions?"),
            ("gaia", "yep evictions spiked, thats it"),
            ("gaia", "my bad, that was the other dashboard. memcached evictions are flat"),
        ),
        {0: "refuted"},
    ),
    T(
        "sarcasm",
        "eye_roll_sure",
        (
            ("tor", "maybe solar flares flipped a bit in the config store?"),
            ("mai", "yes absolutely :face_with_rolling_eyes:"),
        ),
        {0: "open"},
    ),
    T(
        "other_thread",
        "bingo_in_thread_of_other_theory",
        (
            ("ezra", "could be the rate limiter on the public api?"),
            ("faye", "or the dns ttl change from this morning?"),
            ("ezra", "bingo, the public api limiter has a threshold of 100 rps since friday", 0),
            ("nia", "ok so not the dns then", 1),
        ),
        {0: EITHER, 1: UNSETTLED},
    ),
    T(
        "two_partial",
        "cause_names_both_components",
        (
            ("zoe", "could the api gateway be dropping requests?"),
            ("ilya", "or maybe the auth service is slow?"),
            ("zoe", "root cause: the gateway's auth plugin config was wrong"),
        ),
        {0: UNSETTLED, 1: UNSETTLED},
        causes=frozenset({2}),
    ),
    # -- controls: real confirmations in the same shapes still confirm --------------------------------
    T(
        "control",
        "yes_then_the_evidence",
        (
            ("ugo", "could the cert on the billing api have expired?"),
            ("sana", "yes, the billing api cert expired at 09:00, clients get handshake errors"),
        ),
        {0: "confirmed"},
    ),
    T(
        "control",
        "bingo_naming_it",
        (
            ("pia", "maybe the vacuum job is locking the orders table?"),
            ("theo", "bingo!"),
        ),
        {0: "confirmed"},
    ),
    T(
        "control",
        "bare_yes_right_after",
        (
            ("kim", "is the disk on the kafka brokers full?"),
            ("ruth", "yep thats it"),
        ),
        {0: "confirmed"},
    ),
    T(
        "control",
        "stated_cause_after_theory",
        (
            ("abe", "could the new proxy build be dropping keepalives?"),
            ("eli", "root cause: the new proxy build drops keepalives, every client reconnects"),
        ),
        {0: "confirmed"},
    ),
    T(
        "control",
        "retraction_of_a_refutation",
        (
            ("nora", "maybe the search cluster heap?"),
            ("dev", "nope, heap looks fine"),
            ("dev", "my bad, wrong dashboard. found it: the search cluster heap is at 98% and gc is thrashing"),
        ),
        {0: "confirmed"},
    ),
    # -- round three: doubt in the same breath, a "yes" that gives a time, more jokes -----------------
    T(
        "hedged",
        "yes_well_maybe_not",
        (
            ("ana", "is the payment webhook signer using the old key?"),
            ("bo", "yes. well, maybe not, let me look again"),
        ),
        {0: "open"},
    ),
    T(
        "hedged",
        "yes_and_no",
        (
            ("ana", "could it be the image cdn?"),
            ("bo", "yes and no, the cdn is slow but only for video"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "hedged",
        "partly",
        (
            ("ana", "maybe the redis cache in eu?"),
            ("bo", "partly, it explains eu but not the us errors"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "hedged",
        "seems_to_be_but",
        (
            ("ana", "maybe the dns ttl change?"),
            ("bo", "seems to be the dns ttl change, but the numbers don't fully add up yet"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "sarcasm",
        "culprit_coffee",
        (
            ("ana", "could the db failover script be it?"),
            ("bo", "the real culprit was the coffee machine haha"),
        ),
        {0: "open"},
    ),
    T(
        "sarcasm",
        "root_cause_of_headache",
        (
            ("ana", "maybe the grpc keepalive settings?"),
            ("bo", "thats the root cause of my headache today lol"),
        ),
        {0: "open"},
    ),
    T(
        "restated_question",
        "confirmed_question",
        (
            ("ana", "maybe the s3 bucket lifecycle rule deleted the exports?"),
            ("bo", "confirmed?"),
            ("ana", "no, just a guess"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "negation",
        "we_confirmed_theory_wrong",
        (
            ("ana", "could the new nginx worker count be it?"),
            ("bo", "we confirmed the nginx theory was wrong, same errors with the old count"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "other_question",
        "yes_at_nine_to_did_it_ship",
        (
            ("ana", "could the mysql replica lag be it?"),
            ("bo", "or the orm upgrade?"),
            ("cy", "did the orm upgrade ship today?"),
            ("bo", "yes, at 9"),
        ),
        {0: UNSETTLED, 1: UNSETTLED},
    ),
    T(
        "agreement",
        "hundred_percent_agree_worth",
        (
            ("ana", "i bet the jwt clock skew on the new hosts"),
            ("bo", "100% agree we should check that first"),
        ),
        {0: "open"},
    ),
    T(
        "agreement",
        "thumbs_up_emoji",
        (
            ("ana", "maybe the partner api rate limit?"),
            ("bo", ":+1: good call, looking"),
        ),
        {0: "open"},
    ),
    T(
        "action_confirmed",
        "rolled_back_to_be_safe",
        (
            ("ana", "could the new search ranking model be it?"),
            ("bo", "not sure, rolling it back to be safe"),
            ("bo", "rollback done, confirmed the old model serves"),
        ),
        {0: "open"},
    ),
    T(
        "vendor_relay",
        "vendor_thinks",
        (
            ("ana", "could the payment provider be degraded?"),
            ("bo", "their support thinks it's probably on their side, investigating"),
        ),
        {0: "open"},
    ),
    T(
        "other_thread",
        "yes_in_thread_gives_logs",
        (
            ("ana", "could the cache warmup job be slow?"),
            ("bo", "or the disk on the build box?"),
            ("cy", "anyone has the job logs?", 0),
            ("dee", "yes, here: https://example.test/logs", 0),
        ),
        {0: "open", 1: "open"},
    ),
    # -- round four: the same shapes misspelt, in chat shorthand and non-native English --------------
    T(
        "other_question",
        "yess_cheking",
        (
            ("a", "could the saml cert on the sso app have rotated?"),
            ("b", "yess, cheking it now"),
        ),
        {0: "open"},
    ),
    T(
        "other_question",
        "yea_on_it",
        (
            ("a", "maybe the nfs mount on the build hosts is stale?"),
            ("b", "yea on it"),
        ),
        {0: "open"},
    ),
    T(
        "agreement",
        "def_worth_a_look",
        (
            ("a", "any chance its the haproxy reload?"),
            ("b", "yeah def worth a look"),
        ),
        {0: "open"},
    ),
    T(
        "sarcasm",
        "lmao_sure",
        (
            ("a", "could be dns?"),
            ("b", "lmao sure, dns did it"),
        ),
        {0: "open"},
    ),
    T(
        "sarcasm",
        "emoji_sure",
        (
            ("a", "could be the queue again?"),
            ("b", "yes of course, the queue, always 🙄"),
        ),
        {0: "open"},
    ),
    T(
        "retracted",
        "typo_my_bad",
        (
            ("a", "could the ingress autoscaler be stuck?"),
            ("b", "yes thats it"),
            ("b", "sry my bad, wrong dashbaord. ingress autoscaler looks normal"),
        ),
        {0: "refuted"},
    ),
    T(
        "retracted",
        "ignore_that_plain",
        (
            ("a", "maybe the etcd leader election?"),
            ("b", "yep that's it"),
            ("b", "ignore that, etcd leader is stable, no elections since monday"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "hedged",
        "prety_sure_but",
        (
            ("a", "maybe the cdn purge at noon?"),
            ("b", "prety sure its the cdn purge but still cheking the edge logs"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "hedged",
        "non_native_not_sure_100",
        (
            ("a", "could the kafka retention change be it?"),
            ("b", "i am not 100% sure but looks like retention change"),
        ),
        {0: "open"},
    ),
    T(
        "other_question",
        "anybody_looking",
        (
            ("a", "perhaps the billing cron double charges?"),
            ("b", "anybody looking at billing cron logs?"),
            ("c", "yes i am"),
        ),
        {0: "open"},
    ),
    T(
        "fact_confirmed",
        "verified_version",
        (
            ("a", "maybe the api image 3.2 is broken?"),
            ("b", "verified all api pods run 3.2"),
        ),
        {0: "open"},
    ),
    T(
        "negation",
        "confirmed_its_not",
        (
            ("a", "could the vpn be it?"),
            ("b", "Confirmed, it's not the vpn - tunnels up the whole time"),
        ),
        {0: "refuted"},
    ),
    T(
        "other_question",
        "alt_vs",
        (
            ("a", "replica lag vs connection limit?"),
            ("b", "yep"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "vendor_relay",
        "tool_says_root_cause",
        (
            ("rafa", "could db-1 be overloaded?"),
            ("ines", "the apm tool's auto analysis says 'root cause: high cpu on db-1' fwiw"),
            ("rafa", "cpu on db-1 is 30% for me, that tool is guessing"),
        ),
        {0: UNSETTLED},
    ),
    T(
        "vendor_relay",
        "assistant_suggests_cause",
        (
            ("kofi", "maybe the cert rotation on the internal ca?"),
            ("lin", "the ai assistant suggests the cert rotation caused the handshake failures"),
            ("kofi", "ok, lets verify by hand"),
        ),
        {0: "open"},
    ),
)


FIXED = frozenset(
    {
        "yes_to_a_check_request",
        "pretty_sure_but_checking",
        "correction_wrong_host",
        "blame_dns_lol",
        "bingo_about_a_ticket",
        "confirmed_not_the_cause",
        "yes_deployed_but_unrelated",
        "yes_then_no_wait",
        "found_it_then_false_alarm",
        "yes_to_either_or",
        "yes_checking_that_now",
        "yes_is_possible_non_native",
        "definitely_worth_checking",
        "confirmed_with_vendor_timing",
        "confirmed_more_customers",
        "root_cause_question_mark",
        "will_confirm_once",
        "yes_well_maybe_not",
        "root_cause_of_headache",
        "yes_at_nine_to_did_it_ship",
        "def_worth_a_look",
        "emoji_sure",
        "typo_my_bad",
        "ignore_that_plain",
        "anybody_looking",
        "confirmed_its_not",
        "alt_vs",
        "tool_says_root_cause",
        "assistant_suggests_cause",
    }
)
"""The traps the board confirmed wrongly before the confirmation classes in this change (person
questions, pending checks, retractions, jokes, a verdict about something else, a yes with a
refutation, a choice between things, a task taken, a fact confirmed, a cause put as a belief); the
others it already read right and stay as regression guards."""


def test_the_fixed_list_names_real_traps() -> None:
    assert {t.name for t in TRAPS} >= FIXED
    assert all(t.family != "control" for t in TRAPS if t.name in FIXED)


@pytest.mark.parametrize("trap", TRAPS, ids=[f"{t.family}-{t.name}" for t in TRAPS])
def test_trap_ends_in_the_channels_own_verdict(trap: Trap) -> None:
    assert problems(trap) == []


def test_no_trap_is_wrongly_confirmed() -> None:
    assert [t.name for t in TRAPS if wrongly_confirmed(t)] == []


THEORY = "could the edge proxy be dropping connections?"
NOT_A_VERDICT = (
    "yes, checking that now",
    "yeah definitely worth a look",
    "yeah sure, blame the edge proxy lol",
    "pretty sure its the edge proxy but checking the logs first",
    "is anyone looking at the edge proxy dashboards?",
    "confirmed with the vendor that the proxy window was 10:00-10:30",
    "i think the edge proxy broke the websockets",
    "yes. well, maybe not, let me look again",
)
"""Answers that look like a yes to the theory and are not one, in one family each."""


def _case(text: str, how: int) -> str:
    return (text, text.upper(), text.lower(), text.capitalize())[how]


@settings(max_examples=80, deadline=None)
@given(
    which=st.integers(0, len(NOT_A_VERDICT) - 1),
    how=st.integers(0, 3),
    head=st.sampled_from(["", "ok ", "hm, ", "so "]),
    tail=st.sampled_from(["", ".", "!", " fwiw", " :eyes:"]),
)
def test_a_non_verdict_stays_one_however_written(which: int, how: int, head: str, tail: str) -> None:
    text = head + _case(NOT_A_VERDICT[which], how) + tail
    answers = [said(0, THEORY, "ana"), said(1, text, "bo")]
    if which == 4:  # the question is answered by a yes
        answers.append(said(2, "yes", "cy"))
    hypotheses = fold_messages(Board(channel="CINC"), answers).hypotheses
    assert hypotheses and hypotheses[0].raised_ts == answers[0].ts
    assert all(h.status != "confirmed" for h in hypotheses), (text, hypotheses)
