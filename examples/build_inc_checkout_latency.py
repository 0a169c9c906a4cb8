# ruff: noqa: E501
# (message text is data: one message per line reads better than wrapped string fragments)
"""Write ``bot/examples/inc-checkout-latency/`` (``examples/`` links to it), the example incident, as a Slack export.

The export is generated rather than hand-edited because each human message appears twice in a
real export (``text`` and a ``rich_text`` block) and thread parents list their replies: editing
the JSON by hand makes those drift apart. Change the story below, then run

    .venv/bin/python examples/build_inc_checkout_latency.py

Output is deterministic (no clock, no randomness), so an unchanged script rewrites identical files.
Every name, address, key and password in it is invented.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

CHANNEL_ID = "C07K4CHKLAT"
CHANNEL = "inc-checkout-latency"
TEAM = "T061ACME01"
DAY0 = datetime(2026, 3, 14, tzinfo=UTC)

PEOPLE = {
    "priya": ("U061PRAMAN", "priya.raman", "Priya Raman", "Priya Raman", "Engineering Manager, Checkout"),
    "marcus": (
        "U061MOYELA",
        "marcus.oyelaran",
        "Marcus Oyelaran",
        "Marcus Oyelaran",
        "Site Reliability Engineer",
    ),
    "lena": ("U061LFISCH", "lena.fischer", "Lena Fischer", "Lena Fischer", "Database Engineer"),
    "tomas": ("U061TORTEG", "tomas.ortega", "Tomás Ortega", "Tomás Ortega", "Senior Engineer, Checkout API"),
    "aiko": ("U061ATANAK", "aiko.tanaka", "Aiko Tanaka", "Aiko Tanaka", "Engineer, Payments Platform"),
    "dana": ("U061DWHITF", "dana.whitfield", "Dana Whitfield", "Dana Whitfield", "Support Lead"),
    "jordan": ("U061JBLAKE", "jordan.blake", "Jordan Blake", "", "Product Marketing"),
}
BOTS = {
    "pagerduty": ("U061PGDUTY", "B061PGDUTY", "pagerduty", "PagerDuty"),
    "datadog": ("U061DTADOG", "B061DTADOG", "datadog", "Datadog"),
    "shipit": ("U061SHIPIT", "B061SHIPIT", "shipit", "shipit"),
}
UID = {k: v[0] for k, v in PEOPLE.items()}
EMOJI = {"wave", "thread", "coffee", "pray", "white_check_mark", "rocket", "eyes", "tea", "rotating_light"}


def when(hms: str) -> datetime:
    h, m, s = (int(x) for x in hms.split(":"))
    day = DAY0 + timedelta(days=1) if h < 12 else DAY0
    return day + timedelta(hours=h, minutes=m, seconds=s)


_SEQ = itertools.count(1)


def make_ts(hms: str) -> str:
    """A unique Slack ts in ``hms``'s second; the microseconds only look random."""
    micro = (next(_SEQ) * 390_451 + 100_129) % 900_000 + 10_000
    return f"{int(when(hms).timestamp())}.{micro:06d}"


TOKEN = re.compile(
    r"(```[\s\S]*?```)|(<@U[A-Z0-9]+>)|(<https?://[^>|]+(?:\|[^>]+)?>)|(`[^`\n]+`)|(\*[^*\n]+\*)|(:[a-z_]+:)"
)


def escape(text: str) -> str:
    """Slack-escape &, <, > outside of Slack markup tokens."""
    out, pos = [], 0
    for m in re.finditer(r"<@U[A-Z0-9]+>|<https?://[^>]+>", text):
        out.append(_esc(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_esc(text[pos:]))
    return "".join(out)


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rich_text(text: str, seed: str) -> list[dict[str, object]]:
    """The rich_text block Slack stores alongside a human message's text."""
    elements: list[dict[str, object]] = []
    section: list[dict[str, object]] = []

    def flush() -> None:
        nonlocal section
        if section:
            elements.append({"type": "rich_text_section", "elements": section})
            section = []

    def plain(s: str) -> None:
        if s:
            section.append({"type": "text", "text": s})

    pos = 0
    for m in TOKEN.finditer(text):
        plain(text[pos : m.start()])
        pos = m.end()
        tok = m.group(0)
        if m.group(1):
            flush()
            elements.append(
                {
                    "type": "rich_text_preformatted",
                    "elements": [{"type": "text", "text": tok[3:-3]}],
                    "border": 0,
                }
            )
        elif m.group(2):
            section.append({"type": "user", "user_id": tok[2:-1]})
        elif m.group(3):
            url, _, label = tok[1:-1].partition("|")
            link: dict[str, object] = {"type": "link", "url": url}
            if label:
                link["text"] = label
            section.append(link)
        elif m.group(4):
            section.append({"type": "text", "text": tok[1:-1], "style": {"code": True}})
        elif m.group(5):
            section.append({"type": "text", "text": tok[1:-1], "style": {"bold": True}})
        elif m.group(6):
            name = tok[1:-1]
            if name in EMOJI:
                section.append({"type": "emoji", "name": name})
            else:
                plain(tok)
    plain(text[pos:])
    flush()
    block_id = uuid.uuid5(uuid.NAMESPACE_URL, seed).hex[:5]
    return [{"type": "rich_text", "block_id": block_id, "elements": elements}]


def profile(who: str) -> dict[str, object]:
    uid, handle, real, display, _ = PEOPLE[who]
    first = real.split()[0]
    return {
        "avatar_hash": uuid.uuid5(uuid.NAMESPACE_DNS, handle).hex[:12],
        "image_72": f"https://avatars.slack-edge.example/{uid}_72.png",
        "first_name": first,
        "real_name": real,
        "display_name": display,
        "team": TEAM,
        "name": handle,
        "is_restricted": False,
        "is_ultra_restricted": False,
    }


messages: list[dict[str, object]] = []
REPLIES: dict[str, list[dict[str, str]]] = {}
"""Thread replies by parent ts, written onto the parents at the end as Slack does."""
keys: dict[str, dict[str, object]] = {}
used_seconds: set[int] = set()


def _register(hms: str, m: dict[str, object], key: str | None) -> dict[str, object]:
    sec = int(when(hms).timestamp())
    assert sec not in used_seconds, hms
    used_seconds.add(sec)
    messages.append(m)
    if key:
        keys[key] = m
    return m


def say(
    hms: str,
    who: str,
    text: str,
    *,
    key: str | None = None,
    thread: str | None = None,
    subtype: str | None = None,
    files: list[dict[str, object]] | None = None,
    edited: str | None = None,
) -> dict[str, object]:
    ts = make_ts(hms)
    uid = UID[who]
    m: dict[str, object] = {"client_msg_id": str(uuid.uuid5(uuid.NAMESPACE_OID, ts)), "type": "message"}
    if subtype:
        m["subtype"] = subtype
    m.update(
        {
            "text": escape(text),
            "user": uid,
            "ts": ts,
            "team": TEAM,
            "user_team": TEAM,
            "source_team": TEAM,
            "user_profile": profile(who),
        }
    )
    if subtype in ("channel_join", "channel_leave"):
        del m["client_msg_id"]
        m.pop("team")
        m.pop("user_team")
        m.pop("source_team")
    else:
        m["blocks"] = rich_text(text, ts)
    if edited:
        m["edited"] = {"user": uid, "ts": f"{int(when(edited).timestamp())}.000000"}
    if files:
        m["files"] = files
        m["upload"] = False
        m["display_as_bot"] = False
    if thread:
        parent = keys[thread]
        m["thread_ts"] = parent["ts"]
        m["parent_user_id"] = parent["user"]
        REPLIES.setdefault(str(parent["ts"]), []).append({"user": uid, "ts": ts})
    return _register(hms, m, key)


def bot(
    hms: str,
    which: str,
    text: str,
    *,
    attachments: list[dict[str, object]] | None = None,
    blocks: list[dict[str, object]] | None = None,
    legacy: bool = True,
) -> dict[str, object]:
    ts = make_ts(hms)
    uid, bid, _handle, name = BOTS[which]
    m: dict[str, object] = {"type": "message"}
    if legacy:  # classic integration: bot_message with a per-post username
        m.update({"subtype": "bot_message", "text": escape(text), "ts": ts, "username": name, "bot_id": bid})
    else:  # app bot user
        m.update(
            {
                "text": escape(text),
                "user": uid,
                "ts": ts,
                "bot_id": bid,
                "app_id": "A" + bid[1:],
                "team": TEAM,
            }
        )
    m["bot_profile"] = {
        "id": bid,
        "deleted": False,
        "name": name,
        "updated": 1767225600,
        "app_id": "A" + bid[1:],
        "icons": {"image_48": f"https://avatars.slack-edge.example/{bid}_48.png"},
        "team_id": TEAM,
    }
    if blocks:
        m["blocks"] = blocks
    if attachments:
        m["attachments"] = attachments
    return _register(hms, m, None)


def join(hms: str, who: str) -> None:
    say(hms, who, f"<@{UID[who]}> has joined the channel", subtype="channel_join")


def leave(hms: str, who: str) -> None:
    say(hms, who, f"<@{UID[who]}> has left the channel", subtype="channel_leave")


def file(fid: str, title: str, *, name: str, who: str, hms: str, kind: str = "png") -> dict[str, object]:
    return {
        "id": fid,
        "created": int(when(hms).timestamp()),
        "timestamp": int(when(hms).timestamp()),
        "name": name,
        "title": title,
        "mimetype": f"image/{kind}",
        "filetype": kind,
        "pretty_type": kind.upper(),
        "user": UID[who],
        "user_team": TEAM,
        "editable": False,
        "size": 184_233,
        "mode": "hosted",
        "is_external": False,
        "external_type": "",
        "is_public": True,
        "public_url_shared": False,
        "display_as_bot": False,
        "username": "",
        "url_private": f"https://files.slack.example/files-pri/{TEAM}-{fid}/{name}",
        "permalink": f"https://acme.slack.example/files/{UID[who]}/{fid}/{name}",
        "original_w": 1600,
        "original_h": 900,
        "has_rich_preview": False,
        "file_access": "visible",
    }


def edit_event(hms: str, key: str, new_text: str) -> None:
    """A message_changed entry (what the Events API sends when someone edits a message)."""
    ts = make_ts(hms)
    original = keys[key]
    new = {k: v for k, v in original.items() if k not in ("replies",)}
    new["text"] = escape(new_text)
    new["blocks"] = rich_text(new_text, str(original["ts"]) + "-edit")
    new["edited"] = {"user": original["user"], "ts": f"{int(when(hms).timestamp())}.000000"}
    prev = {k: original[k] for k in ("type", "text", "user", "ts", "team")}
    _register(
        hms,
        {
            "type": "message",
            "subtype": "message_changed",
            "hidden": True,
            "message": new,
            "channel": CHANNEL_ID,
            "previous_message": prev,
            "event_ts": ts,
            "ts": ts,
        },
        None,
    )


def delete_event(hms: str, key: str) -> None:
    ts = make_ts(hms)
    original = keys[key]
    prev = {k: original[k] for k in ("type", "text", "user", "ts", "team")}
    _register(
        hms,
        {
            "type": "message",
            "subtype": "message_deleted",
            "hidden": True,
            "deleted_ts": original["ts"],
            "channel": CHANNEL_ID,
            "previous_message": prev,
            "event_ts": ts,
            "ts": ts,
        },
        None,
    )


def dd(
    status: str, title: str, body: str, color: str, monitor: int, *, extra: tuple[tuple[str, str], ...] = ()
) -> list[dict[str, object]]:
    fields = [
        {"title": k, "value": v, "short": True} for k, v in [("Service", "checkout-api"), ("Env", "production"), *extra]
    ]
    return [
        {
            "id": 1,
            "color": color,
            "fallback": f"{status}: {title}",
            "title": f"[{status}] {title}",
            "title_link": f"https://app.datadoghq.example/monitors/{monitor}",
            "text": body,
            "fields": fields,
            "footer": "Datadog",
            "ts": 0,
        }
    ]


# ----------------------------------------------------------------------------- the incident
# fmt: off
P, M, L, T, A, D, J = (UID[k] for k in ("priya", "marcus", "lena", "tomas", "aiko", "dana", "jordan"))

bot("22:10:14", "shipit", ":rocket: Deploy #4812 of checkout-api to production started: v2.31.0 (a1c9e4f) by Tomás Ortega — canary at 5%",
    legacy=False, attachments=[{
        "id": 1, "color": "2eb67d", "fallback": "Deploy #4812 of checkout-api started",
        "title": "checkout-api v2.31.0 — PR #1187: move payments HTTP client retry settings into config",
        "fields": [{"title": "Environment", "value": "production", "short": True},
                   {"title": "Strategy", "value": "canary 5%, auto-promote after 8 min", "short": True},
                   {"title": "Commit", "value": "a1c9e4f", "short": True}]}])
say("22:11:02", "tomas", "4812 canary is up. small one — payments client config cleanup. watching the canary dashboard for a few minutes :eyes:")
say("22:16:31", "tomas", "canary looks clean after 5 min: p99 flat, error rate flat. auto-promote kicks in at 22:18, heading out for dinner")
bot("22:18:40", "shipit", "Deploy #4812 of checkout-api promoted to 100% of production (canary analysis: passed)", legacy=False)
bot("22:29:07", "datadog", "Warn: [checkout-api] p99 latency above 1.5s on env:production",
    attachments=dd("Warn", "checkout-api p99 latency", "p99 latency is *1.82s* over the last 5 min (warn > 1.5s, alert > 2.5s).\nNotified: @slack-inc-checkout-latency", "daa038", 58211))
bot("22:38:12", "datadog", "Triggered: [checkout-api] 5xx rate above 2% on env:production",
    attachments=dd("Triggered", "checkout-api 5xx error rate", "5xx rate is *4.7%* over the last 5 min (threshold 2%). Top error: 504 on POST /v1/checkout/confirm.\nNotified: @pagerduty-checkout @slack-inc-checkout-latency", "a30200", 58213, extra=(("Top endpoint", "POST /v1/checkout/confirm"),)))
bot("22:38:44", "datadog", "Triggered: [checkout-api] p99 latency above 2.5s on env:production",
    attachments=dd("Triggered", "checkout-api p99 latency", "p99 latency is *3.1s* over the last 5 min (alert > 2.5s).", "a30200", 58211))
bot("22:40:03", "pagerduty", ":rotating_light: Incident #9131 triggered: [SEV-2] checkout-api elevated 5xx and latency",
    blocks=[
        {"type": "section", "block_id": "pd1", "text": {"type": "mrkdwn", "text": "*<https://acme.pagerduty.example/incidents/Q2X9131|#9131 [SEV-2] checkout-api elevated 5xx and latency>*\nTriggered by Datadog monitor 58213 (5xx rate &gt; 2%)"},
         "fields": [{"type": "mrkdwn", "text": "*Service*\ncheckout-api"}, {"type": "mrkdwn", "text": "*Urgency*\nHigh"},
                    {"type": "mrkdwn", "text": "*Assigned to*\nMarcus Oyelaran"}, {"type": "mrkdwn", "text": "*Escalation policy*\ncheckout-oncall"}]},
        {"type": "actions", "block_id": "pd2", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Acknowledge"}, "action_id": "ack"}]},
    ])
join("22:41:20", "marcus")
bot("22:41:55", "pagerduty", "Incident #9131 acknowledged by Marcus Oyelaran")
say("22:42:30", "marcus", "ack'd. p99 is 3.4s and climbing, 5xx at ~5%. mostly 504s on POST /v1/checkout/confirm", edited="22:43:05")
join("22:43:10", "priya")
say("22:43:48", "priya", f"I'm taking IC. <@{M}> you're ops lead. Calling this SEV-2 for now — I'll bump it to SEV-1 if checkout success drops below 85%.")
say("22:44:30", "priya", "Status: investigating — checkout-api p99 latency ~3.4s and 5xx around 5% since ~22:25 UTC. Impact: some checkouts are slow or fail at the confirm step. Next update 23:00 UTC.", key="status1")
say("22:45:05", "marcus", "checkout success rate is 91% (normally 98.5%). the errors are our own 2.5s deadline on /confirm firing, so something downstream of checkout-api is slow")
join("22:45:40", "lena")
say("22:46:02", "lena", "here :wave: what do you need?")
say("22:46:30", "priya", f"<@{L}> can you look at the orders DB side? anything unusual on the primary or in checkout-api's connection pool")
say("22:47:15", "marcus", "I suspect DB connection pool exhaustion on checkout-api. in January it ran out of DB connections and it looked exactly like this: requests queue for a connection, then time out")
say("22:47:58", "priya", "that's consistent with the timeouts we're seeing. let's check the DB connection pool first")
say("22:48:30", "lena", "taking the DB side. thread for DB findings so the channel stays readable :thread:", key="dbthread")
say("22:49:10", "priya", f"<@{T}> you shipped 4812 earlier tonight — can you join when you see this?")
join("22:49:40", "dana")
say("22:50:15", "dana", "Support here. We're getting tickets about checkout spinning and then \"payment could not be processed\". 14 in the last 15 min and rising")
say("22:50:50", "lena", "orders-db primary: CPU 31%, no lock waits above baseline, replication lag 0.2s. nothing alarming so far", thread="dbthread")
say("22:51:30", "dana", "one of them, from maria.gonzalez@example.com: she tried 3 times for order 88213 and thinks she may have been charged twice. can someone check at some point?")
say("22:52:05", "priya", f"thanks <@{D}>, noted. we'll come back to possible double charges once checkout is stable")
say("22:52:41", "marcus", "p99 and 5xx for the last hour — both step up right around 22:19", subtype="file_share",
    files=[file("F07GRAF4812", "checkout-api p99 latency + 5xx rate (last 1h)", name="grafana-checkout-api-2226-2251.png", who="marcus", hms="22:52:41")])
say("22:53:10", "lena", "checkout-api DB connection pool: 38–42 of 100 connections in use per pod, pool wait p99 is 2ms", thread="dbthread")
say("22:53:50", "tomas", "here, sorry — was at dinner. 4812 only touched the outbound HTTP client config for payments calls, nothing DB-related. the canary passed")
say("22:54:20", "marcus", "so nothing is queueing for a connection at all?", thread="dbthread")
say("22:54:55", "lena", "nope, nothing queues. the DB connection pool is at 40% with zero waiters — that rules out pool exhaustion", thread="dbthread")
say("22:55:30", "lena", "if anyone wants to poke at it read-only: `psql postgres://checkout_ro:Vq7!rT2mLx9pKe@orders-db-replica.internal:5432/orders`", thread="dbthread")
say("22:56:05", "priya", f"<@{L}> that's a live password in the channel — please rotate it once we're through this", thread="dbthread")
say("22:56:40", "lena", "ugh, yes. will rotate tonight", thread="dbthread")
say("22:57:10", "marcus", "agreed, the DB connection pool is not the cause. thanks Lena", thread="dbthread")
say("22:57:50", "marcus", "for the main channel: DB connection pool ruled out (pool at 40%, no waiters, DB healthy) — details in Lena's thread")
edit_event("22:58:30", "status1", "Status: investigating — checkout-api p99 latency ~3.4s and 5xx around 5% since ~22:19 UTC. Impact: some checkouts are slow or fail at the confirm step. Next update 23:00 UTC.")
say("22:59:20", "marcus", "cache hit ratio on checkout-api fell from 97% to 81% at 22:19. could it be Redis cache eviction? if cart & pricing lookups miss the cache we call pricing-svc on every request and everything slows down")
say("23:00:05", "priya", f"plausible. <@{L}> can you check redis-checkout?")
say("23:00:35", "lena", "on it")
say("23:01:10", "marcus", "brb, grabbing coffee — 2 min :coffee:")
say("23:02:00", "dana", "tickets at 23 now. should I post on the status page?")
say("23:02:40", "priya", "yes please: \"Some customers may see slow or failed checkouts. We are investigating.\" keep it to that for now")
say("23:03:30", "lena", "redis-checkout: evicted_keys went from 0 to ~12k/min at 22:19 and used_memory is pinned at maxmemory (6 GB). I see the same drop in hit ratio on the redis side")
say("23:04:10", "marcus", "back")
say("23:04:45", "priya", "ok, that's consistent with the Redis cache eviction idea. can we give redis-checkout more memory?")
say("23:05:20", "lena", "scaling redis-checkout to the 12 GB node type now, the failover takes ~5 min")
say("23:06:05", "dana", "posted status page update: \"Checkout — degraded performance. Some customers may see slow or failed checkouts. We are investigating.\"")
say("23:06:50", "tomas", "fwiw the eviction spike lines up with the nightly pricing catalog refresh at 22:15 — it evicts a lot of keys every night")
say("23:07:35", "marcus", "hm, true. it was still the only thing on the cache dashboards that moved at 22:19 though")
say("23:09:15", "priya", "Status: investigating — checkout success ~90%, p99 ~4s, 5xx ~6% since ~22:19 UTC. DB connection pool ruled out. Testing Redis cache eviction (redis-checkout being scaled up). Status page updated. ~25 support tickets. Next update 23:30 UTC.")
say("23:11:40", "lena", "redis-checkout resize done: maxmemory 12 GB, evictions back to 0")
say("23:22:05", "marcus", "hit ratio is back to 96% but p99 is still 4.1s and 5xx hasn't moved. that doesn't match the Redis cache eviction theory")
say("23:22:50", "lena", "agreed. evictions are gone and customers see no difference — Redis cache eviction is not the cause. the evictions come from the nightly catalog refresh, which happens every night without trouble")
say("23:23:30", "priya", f"ok, Redis cache eviction ruled out too. so what changed at 22:19? <@{T}> 4812 went to 100% at 22:18, right?")
say("23:24:10", "tomas", "yes, promoted at 22:18. but it's only the payments client config")
say("23:24:45", "priya", f"let's get payments in here. adding <@{A}>")
join("23:25:10", "aiko")
say("23:25:50", "aiko", "hi — payments-gateway has been paging us since ~22:20 and we were about to reach out. inbound RPS from checkout-api is 3.8x normal and we're rate-limiting it with 429s. other callers are fine")
say("23:26:30", "aiko", "inbound RPS by caller", files=[file("F07GWRPS913", "payments-gateway inbound RPS by caller (22:00–23:25)", name="payments-gateway-rps-by-caller.png", who="aiko", hms="23:26:30")])
say("23:27:05", "marcus", "3.8x the calls with flat order volume… hypothesis: deploy #4812's new retry config makes checkout-api retry payment calls in a storm against payments-gateway, and every 429 feeds more retries")
say("23:27:45", "tomas", "hm. 4812 moved the retry settings into config. pasting the payments client block from the deployed config:")
say("23:28:20", "tomas", "```payments_client:\n  base_url: https://payments-gateway.internal\n  timeout_ms: 2500\n  max_retries: 5\n  retry_on: [429, 502, 503, 504, timeout]\n  backoff: none\n  receipts_bucket: s3://acme-checkout-receipts\n  aws_access_key_id: AKIAQ3EGT7XKJ5VZPW2M\n  aws_secret_access_key: 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```")
say("23:28:55", "tomas", "max_retries 5 with no backoff, and 429 is in retry_on. before 4812 it was 1 retry on 503 only. oh no")
say("23:29:30", "aiko", "that's consistent with the gateway logs: I see the same request ids 5–6 times within 2 seconds, and each 429 we send back triggers another attempt")
say("23:30:05", "marcus", f"<@{T}> that config block has an AWS key pair in it — please rotate")
say("23:30:40", "tomas", "yep, rotating the receipts key now. sorry")
say("23:31:15", "lena", "+1, matches the timing too: deploy #4812 hit 100% at 22:18, cache hit ratio and p99 moved at 22:19, first warn alert at 22:29")
say("23:31:55", "priya", "Status: identified — likely cause is the retry config from deploy #4812 causing a retry storm against payments-gateway. Deciding on mitigation now.")
say("23:32:35", "priya", f"options: (a) roll back 4812 — ~10 min, known-good build; (b) hotfix max_retries to 1 with backoff — needs a build + canary, 30+ min. <@{T}> anything in 4812 that makes a rollback unsafe?")
say("23:33:15", "tomas", "no migrations, no data changes. rollback is safe")
say("23:33:50", "aiko", "rollback preferred from our side, we can't lift the rate limit safely while checkout-api retries like this")
say("23:34:25", "priya", f"decision: we roll back rather than hotfix. <@{T}> please roll back deploy #4812 now")
say("23:35:00", "tomas", "rolling back deploy #4812 → v2.30.2")
bot("23:35:31", "shipit", "Deploy #4813 of checkout-api to production started: rollback to v2.30.2 (9b7d21c) by Tomás Ortega", legacy=False)
join("23:36:12", "jordan")
say("23:36:40", "jordan", "sorry to barge in — is the checkout team's sprint demo still on for Monday?", key="jordanq")
say("23:37:20", "priya", f"<@{J}> we're in the middle of an incident — can this wait until tomorrow? :pray:")
say("23:37:55", "jordan", "of course, sorry! deleting my question to keep the channel clean")
delete_event("23:38:10", "jordanq")
leave("23:38:31", "jordan")
bot("23:44:20", "shipit", "Deploy #4813 of checkout-api finished: production is on v2.30.2 (9b7d21c)", legacy=False)
say("23:44:55", "tomas", "rollback complete — all pods on v2.30.2")
say("23:46:10", "aiko", "gateway RPS from checkout-api is dropping fast: 1.2x and falling, and the 429s have stopped")
say("23:47:40", "marcus", "p99 down to 1.1s, 5xx 0.4% and falling")
bot("23:48:30", "datadog", "Recovered: [checkout-api] 5xx rate above 2% on env:production",
    attachments=dd("Recovered", "checkout-api 5xx error rate", "5xx rate is *0.3%* over the last 5 min (threshold 2%).", "2eb67d", 58213))
bot("23:49:12", "datadog", "Recovered: [checkout-api] p99 latency above 2.5s on env:production",
    attachments=dd("Recovered", "checkout-api p99 latency", "p99 latency is *0.61s* over the last 5 min (alert > 2.5s).", "2eb67d", 58211))
say("23:50:30", "marcus", "error rate back to baseline (0.1%) and p99 at 420ms. that confirms the retry storm from deploy #4812's retry config as the cause")
say("23:51:15", "priya", "Status: mitigated — rolled back deploy #4812 (rollback finished 23:44 UTC). Checkout success, latency and error rate back to normal since ~23:48. Cause: 4812's retry config (5 retries, no backoff, retrying 429s) caused a retry storm against payments-gateway. Monitoring for 30 min before resolving.")
say("23:52:00", "priya", f"<@{D}> can you move the status page to monitoring?")
say("23:53:10", "dana", "updated status page to \"Monitoring — a fix has been applied and checkout is recovering\"")
say("23:54:20", "dana", "question from support: were any customers actually double-charged? we have 3 tickets claiming duplicate charges now, including the one I posted earlier")
say("23:55:30", "aiko", f"payments-gateway dedupes on the idempotency key, so retries are safe *if* checkout-api sends the same key each time. <@{T}> does the new client reuse it on retries?")
say("23:56:40", "tomas", "it should… but I'm not sure about the timeout path. need to read the code")
say("23:57:30", "aiko", "pulling gateway capture logs for duplicate charges, will report in this thread :thread:", key="chargethread")
say("23:58:45", "marcus", "dashboards all steady for 10 min now")
# --- after midnight UTC
say("00:01:15", "marcus", "coffee #3. anyone want anything from the kitchen?")
say("00:01:50", "lena", "I'm good, thanks")
say("00:02:30", "priya", "tea please :tea:")
say("00:06:40", "aiko", "found 7 orders with two successful captures within 10s: same customer, same amount, different idempotency keys", thread="chargethread")
say("00:08:05", "tomas", "found it in the code: on a client-side timeout the new retry wrapper builds a fresh request, so it generates a new idempotency key. a second bug in 4812 on top of the retry settings", thread="chargethread")
say("00:09:00", "aiko", "lines up with the logs — all 7 duplicates follow a 2.5s timeout on the first attempt", thread="chargethread")
say("00:09:45", "dana", "thanks — support will refund those 7 proactively and email the customers. can you DM me the order ids?", thread="chargethread")
say("00:10:20", "aiko", "sent", thread="chargethread")
say("00:12:30", "priya", "Status: mitigated, monitoring. Metrics stable for 25 min. 7 orders were charged twice because retries after a timeout used a new idempotency key; support is refunding them. Next update 00:30 UTC.")
say("00:14:10", "marcus", "all dashboards green. checkout success 98.6%")
say("00:29:40", "priya", f"no regressions for 40 minutes. resolving. <@{D}> please mark the status page resolved")
say("00:30:35", "dana", "status page marked resolved :white_check_mark: \"This incident has been resolved.\"")
bot("00:31:10", "pagerduty", "Incident #9131 resolved by Priya Raman")
say("00:31:50", "priya", "Status: resolved — checkout fully recovered since 23:48 UTC. Impact window ~22:19–23:48 UTC (~90 min): checkout success dipped to ~89%, 7 orders charged twice (refunds in progress). Before we close: action items with owners please.")
say("00:33:00", "marcus", "I'll add an alert on outbound retry rate per dependency for checkout-api — owner me, this week")
say("00:33:45", "tomas", f"action item: payments client gets exponential backoff with jitter, retries capped at 2, never retry on 429 — owner <@{T}>")
say("00:34:30", "tomas", f"action item: reuse the idempotency key on every retry, including the timeout path, with a test — owner <@{T}>, before 4812 ships again")
say("00:35:20", "aiko", f"follow-up: payments-gateway returns Retry-After on 429 and we document that callers must not retry a 429 without it — owner <@{A}>")
say("00:36:05", "lena", "TODO: rotate the checkout_ro DB password I pasted earlier — owner me, tonight")
say("00:36:40", "tomas", "TODO: confirm the AWS receipts key is rotated and the old key disabled — owner me")
say("00:37:30", "priya", f"follow-up: canary analysis should compare downstream call rates (payment calls per checkout), not just our own p99 and errors — owner <@{P}>, I'll bring it to the deploy-safety review")
say("00:38:15", "dana", f"action item: support macro for suspected duplicate charges so agents escalate to payments quickly — owner <@{D}>")
say("00:39:00", "priya", "open question: why did the canary pass? my guess is that at 5% of traffic the retry amplification stayed under the gateway's rate limit, but we should check the gateway metrics for the canary window")
say("00:39:50", "aiko", "open question from our side: should payments-gateway rate-limit per caller instance instead of per service? we need the 429 distribution from tonight to decide")
say("00:40:40", "marcus", "also for the postmortem: the nightly pricing catalog refresh evicting ~12k keys/min sent us down the Redis path for 20 minutes. worth a note in the runbook")
say("00:41:30", "priya", "thanks all — great teamwork tonight. closing the incident. I'll run /draft-postmortem tomorrow morning")
say("00:42:05", "lena", "night all :wave:")
say("00:42:40", "tomas", "thanks everyone. I'll own the client fixes")
say("00:43:20", "aiko", ":wave:")

# more chatter and detail (order here does not matter: messages are sorted by ts before writing)
say("22:48:55", "marcus", "checkout-api logs: lots of `context deadline exceeded` in the confirm handler, nothing else stands out yet")
say("22:55:55", "tomas", "pulling up the 4812 diff to double-check what else went out with it")
say("23:01:40", "priya", f"<@{D}> how many tickets so far?")
say("23:08:20", "lena", "redis failover about 60% done")
say("23:10:05", "dana", "a few customers are complaining on social too, looping in the social team with the status page wording")
say("23:34:50", "marcus", "+1 from me. I'll watch the checkout and gateway dashboards while it goes out")
say("23:45:30", "priya", f"<@{A}> are you seeing the gateway traffic drop on your side?")
say("23:52:40", "tomas", "I've blocked 4812 in the deploy queue so nobody re-promotes it by accident")
say("00:04:30", "marcus", "tea on its way")
say("00:11:05", "priya", "thanks both. Aiko, can you add the 7 order ids to the incident doc too?", thread="chargethread")
say("00:32:20", "priya", "owners: please also file these in the tracker under INC-9131 so they don't get lost")
say("00:43:55", "marcus", "thanks everyone, good night")
# fmt: on


def finish_threads() -> None:
    """Give thread parents the reply bookkeeping Slack exports carry."""
    for m in messages:
        replies = REPLIES.get(str(m["ts"]))
        if replies:
            users = list(dict.fromkeys(r["user"] for r in replies))
            m.update(
                {
                    "thread_ts": m["ts"],
                    "reply_count": len(replies),
                    "reply_users_count": len(users),
                    "latest_reply": replies[-1]["ts"],
                    "reply_users": users,
                    "replies": replies,
                    "is_locked": False,
                    "subscribed": False,
                }
            )


def channels_json() -> list[dict[str, object]]:
    members = [v[0] for v in PEOPLE.values() if v[0] != UID["jordan"]] + [BOTS[b][0] for b in BOTS]
    created = int(when("22:09:30").timestamp())
    return [
        {
            "id": CHANNEL_ID,
            "name": CHANNEL,
            "created": created,
            "creator": UID["tomas"],
            "is_archived": False,
            "is_general": False,
            "members": members,
            "topic": {
                "value": "SEV-2 checkout latency + 5xx | IC: Priya Raman | status: resolved",
                "creator": UID["priya"],
                "last_set": int(when("00:31:55").timestamp()),
            },
            "purpose": {
                "value": "Incident channel: checkout-api latency and 5xx errors, 2026-03-14",
                "creator": UID["tomas"],
                "last_set": created,
            },
        }
    ]


def users_json() -> list[dict[str, object]]:
    users: list[dict[str, object]] = []
    for who, (uid, handle, real, display, title) in PEOPLE.items():
        first, last = real.split()
        users.append(
            {
                "id": uid,
                "team_id": TEAM,
                "name": handle,
                "deleted": False,
                "color": "9f69e7",
                "real_name": real,
                "tz": "Europe/Berlin" if who in ("lena",) else "America/New_York",
                "tz_label": "",
                "tz_offset": 0,
                "profile": {
                    "title": title,
                    "phone": "",
                    "skype": "",
                    "real_name": real,
                    "real_name_normalized": real.replace("á", "a"),
                    "display_name": display,
                    "display_name_normalized": display.replace("á", "a"),
                    "fields": None,
                    "status_text": "",
                    "status_emoji": "",
                    "first_name": first,
                    "last_name": last,
                    "avatar_hash": uuid.uuid5(uuid.NAMESPACE_DNS, handle).hex[:12],
                    "team": TEAM,
                },
                "is_admin": who == "priya",
                "is_owner": False,
                "is_primary_owner": False,
                "is_restricted": False,
                "is_ultra_restricted": False,
                "is_bot": False,
                "is_app_user": False,
                "updated": 1767225600,
                "is_email_confirmed": True,
                "who_can_share_contact_card": "EVERYONE",
            }
        )
    for uid, bid, handle, name in BOTS.values():
        users.append(
            {
                "id": uid,
                "team_id": TEAM,
                "name": handle,
                "deleted": False,
                "color": "3c989f",
                "real_name": name,
                "tz": "America/Los_Angeles",
                "tz_label": "",
                "tz_offset": 0,
                "profile": {
                    "title": "",
                    "phone": "",
                    "skype": "",
                    "real_name": name,
                    "real_name_normalized": name,
                    "display_name": "",
                    "display_name_normalized": "",
                    "fields": None,
                    "status_text": "",
                    "status_emoji": "",
                    "bot_id": bid,
                    "api_app_id": "A" + bid[1:],
                    "always_active": True,
                    "first_name": name,
                    "last_name": "",
                    "team": TEAM,
                },
                "is_admin": False,
                "is_owner": False,
                "is_primary_owner": False,
                "is_restricted": False,
                "is_ultra_restricted": False,
                "is_bot": True,
                "is_app_user": False,
                "updated": 1767225600,
            }
        )

    return users


def dump(path: Path, doc: object) -> None:
    path.write_text(json.dumps(doc, indent=4, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "bot" / "examples" / CHANNEL
    finish_threads()
    messages.sort(key=lambda m: float(str(m["ts"])))
    by_day: dict[str, list[dict[str, object]]] = {}
    for m in messages:
        day = datetime.fromtimestamp(float(str(m["ts"])), UTC).strftime("%Y-%m-%d")
        by_day.setdefault(day, []).append(m)
    if out.exists():
        shutil.rmtree(out)
    (out / CHANNEL).mkdir(parents=True)
    dump(out / "channels.json", channels_json())
    dump(out / "users.json", users_json())
    for day, msgs in by_day.items():
        dump(out / CHANNEL / f"{day}.json", msgs)
    print(f"wrote {len(messages)} messages to {out}: " + ", ".join(f"{d} ({len(v)})" for d, v in by_day.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
