"""Write large, realistic-looking Slack exports for benchmarks and load tests.

The bundled example incident has ~140 messages; benchmarks need thousands. This writes the same
folder format a real export has (``channels.json``, ``users.json``, one ``YYYY-MM-DD.json`` per
day) with what makes incident channels costly to process: bursts and lulls, alert bots with
attachments, threads, edits, hypotheses raised and argued over, mitigation and resolution cues,
and the occasional pasted secret or customer email for the redactor. Output depends only on the
arguments (a seeded ``random.Random``), so benchmark runs are comparable.

    python bench/synthetic.py out/synthetic --messages 10000
"""

from __future__ import annotations

import argparse
import json
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

START = datetime(2026, 3, 14, 23, 30, tzinfo=UTC)
"""Half an hour before midnight UTC, so even small exports span two day files."""

TEAM = "T0SYNTH001"
HUMANS = [
    ("U0SYN00001", "ines.calder", "Ines Calder"),
    ("U0SYN00002", "rafael.monti", "Rafael Monti"),
    ("U0SYN00003", "keiko.arai", "Keiko Arai"),
    ("U0SYN00004", "sam.okafor", "Sam Okafor"),
    ("U0SYN00005", "hedda.lund", "Hedda Lund"),
    ("U0SYN00006", "victor.hale", "Victor Hale"),
    ("U0SYN00007", "noor.haddad", "Noor Haddad"),
    ("U0SYN00008", "bea.santos", "Bea Santos"),
]
BOTS = [("B0SYNALERT", "Datadog"), ("B0SYNPAGER", "PagerDuty"), ("B0SYNDEPLY", "shipit")]
SERVICES = ["search-api", "cart-svc", "inventory", "auth-gateway", "orders-db", "pricing-svc", "edge-lb"]
METRICS = [
    "p99 latency",
    "5xx rate",
    "CPU",
    "queue depth",
    "error budget burn",
    "GC pauses",
    "connection count",
]
CAUSES = [
    "connection pool exhaustion",
    "a bad config push",
    "cache eviction",
    "a noisy neighbour on the node",
    "the new retry policy",
    "DNS resolution timeouts",
    "a slow query after the index change",
    "TLS handshake failures",
]

CHATTER = [
    "brb, grabbing coffee",
    "back",
    "anyone else's VPN dropping?",
    "thanks!",
    "on it",
    "ack",
    "looking",
    "can someone share the dashboard link again?",
    "sorry, was in another meeting",
    "👀",
    "joining the bridge now",
    "I can take notes",
]
DIAGNOSE = [
    "{svc} {metric} is {n}x normal since {hhmm}",
    "checking {svc} logs, seeing a lot of timeouts to {svc2}",
    "{svc} dashboards look flat to me",
    "graphs for {svc} attached in the doc, {metric} stepped up at {hhmm}",
    "restarted one {svc} pod as a test, no change",
    "{svc2} team says nothing deployed on their side today",
    "traces show most time spent waiting on {svc2}",
]
RAISE = [
    "any chance it's {cause} in {svc}?",
    "could be {cause} in {svc}",
    "my money's on {cause} in {svc}",
    "{svc} {cause}? the timing fits",
    "wondering if {cause} in {svc} is behind this",
]
SUPPORT = [
    "{svc} {metric} moved at {hhmm} too, lines up with {cause}",
    "+1, {svc} shows {cause} since {hhmm}",
    "same on my side: {svc} {metric} up {n}x",
    "yep, {cause} in {svc} all over the traces",
]
REFUTE = [
    "{svc} {metric} is normal, so not {cause}",
    "nah, {svc} graphs are flat",
    "ruled out {cause} in {svc}, {metric} never moved",
    "{svc} looks healthy from here, {metric} at baseline",
]
MITIGATE = [
    "reverting {svc} to the previous build",
    "revert finished for {svc}",
    "moving traffic off {svc} in the bad zone",
    "{svc} scaled to {n}0 replicas",
    "{svc} error rate at baseline again",
    "paused the {svc} consumers while we look",
]
STATUS = "status: {state} · {svc} {metric} elevated since {hhmm}, next update in 15 min"
ACTIONS = [
    "action item: add an alert on {metric} for {svc} — owner <@{uid}>",
    "TODO: runbook entry for {cause} in {svc}",
    "follow-up: load test {svc} before the next release — owner <@{uid}>",
    "I'll add a dashboard panel for {svc} {metric}",
]
PII_AND_SECRETS = [
    "customer {name}@example.com reports the same error",
    "temp creds for the debug box: `postgres://debug:{word}Pw{n}!x@{svc}.internal:5432/app`",
    "```export AWS_ACCESS_KEY_ID=AKIASYNTH{n:04d}EXAMPLEQ```",
]
_MENTION = re.compile(r"(<@U[A-Z0-9]+>)")
WORDS = ["amber", "delta", "pine", "quartz", "harbor", "nimbus", "ember", "violet"]


def write_synthetic_export(root: Path, n_messages: int, *, seed: int = 7, channel: str = "inc-synthetic") -> Path:
    """Write a Slack export folder of ``n_messages`` posts in one channel and return ``root``.

    Args:
        root: folder to write into (created if missing; existing day files are overwritten).
        n_messages: how many messages (posts) the channel gets; each is read back as one post.
        seed: makes the output reproducible; the same arguments always give the same bytes.
        channel: channel name, also its folder name.

    Returns:
        ``root``, ready for ``read_export``.
    """
    rng = random.Random(seed)
    messages = _messages(rng, n_messages)
    by_day: dict[str, list[dict[str, object]]] = {}
    for msg in messages:
        by_day.setdefault(str(msg.pop("_day")), []).append(msg)

    folder = root / channel
    folder.mkdir(parents=True, exist_ok=True)
    _dump(root / "channels.json", [_channel_entry(channel)])
    _dump(root / "users.json", _users())
    for day, msgs in by_day.items():
        _dump(folder / f"{day}.json", msgs)
    return root


def _messages(rng: random.Random, n: int) -> list[dict[str, object]]:
    when = START
    out: list[dict[str, object]] = []
    parents: list[dict[str, object]] = []
    hypotheses: list[tuple[str, str]] = []
    for i in range(n):
        # Incidents are bursty: mostly seconds apart, sometimes a lull of 10-25 minutes.
        gap = 600 + rng.randrange(900) if rng.random() < 0.01 else 1 + int(rng.expovariate(1 / 40))
        when += timedelta(seconds=gap)
        ts = f"{int(when.timestamp())}.{rng.randrange(1_000_000):06d}"
        msg = _message(rng, i / max(n, 1), when, hypotheses)
        msg["ts"] = ts
        msg["_day"] = when.strftime("%Y-%m-%d")
        if parents and rng.random() < 0.10:
            parent = rng.choice(parents[-20:])
            msg["thread_ts"] = parent["ts"]
            msg["parent_user_id"] = parent.get("user", parent.get("bot_id"))
            replies = parent.setdefault("replies", [])
            assert isinstance(replies, list)
            replies.append({"user": msg.get("user", msg.get("bot_id")), "ts": ts})
            parent["thread_ts"] = parent["ts"]
            parent["reply_count"] = len(replies)
            parent["latest_reply"] = ts
        elif msg.get("subtype") is None:
            parents.append(msg)
        out.append(msg)
    return out


def _message(
    rng: random.Random, progress: float, when: datetime, hypotheses: list[tuple[str, str]]
) -> dict[str, object]:
    """One message whose kind depends on how far into the incident we are."""
    slots = {
        "svc": rng.choice(SERVICES),
        "svc2": rng.choice(SERVICES),
        "metric": rng.choice(METRICS),
        "n": rng.randrange(2, 9),
        "hhmm": (when - timedelta(minutes=rng.randrange(5, 40))).strftime("%H:%M"),
        "cause": rng.choice(CAUSES),
        "uid": rng.choice(HUMANS)[0],
        "name": rng.choice(WORDS),
        "word": rng.choice(WORDS),
        "state": "investigating" if progress < 0.7 else "mitigated",
    }
    roll = rng.random()
    if roll < 0.04:
        return _alert(rng, slots)
    if roll < 0.06:
        template = STATUS
    elif roll < 0.07:
        template = rng.choice(PII_AND_SECRETS)
    elif roll < 0.10:
        template = rng.choice(RAISE)
        hypotheses.append((str(slots["cause"]), str(slots["svc"])))
    elif roll < 0.15 and hypotheses:
        # Replies name the hypothesis they argue about, as people do in real channels.
        slots["cause"], slots["svc"] = rng.choice(hypotheses[-5:])
        template = rng.choice(SUPPORT if rng.random() < 0.5 else REFUTE)
    elif roll < 0.20 and progress > 0.6:
        template = rng.choice(MITIGATE)
    elif roll < 0.22 and progress > 0.9:
        template = rng.choice(ACTIONS)
    elif roll < 0.55:
        template = rng.choice(DIAGNOSE)
    else:
        template = rng.choice(CHATTER)
    uid, handle, real = rng.choice(HUMANS)
    msg: dict[str, object] = {
        "type": "message",
        "text": _escape(template.format(**slots)),
        "user": uid,
        "team": TEAM,
        "user_profile": {"real_name": real, "display_name": real, "name": handle},
    }
    if rng.random() < 0.02:
        msg["edited"] = {"user": uid, "ts": f"{int(when.timestamp()) + 30}.000000"}
    return msg


def _alert(rng: random.Random, slots: dict[str, object]) -> dict[str, object]:
    bot_id, name = rng.choice(BOTS)
    state = rng.choice(["Triggered", "Warn", "Recovered"])
    title = f"[{state}] {slots['svc']} {slots['metric']}"
    return {
        "type": "message",
        "subtype": "bot_message",
        "text": f"{state}: {slots['svc']} {slots['metric']} on env:production",
        "bot_id": bot_id,
        "username": name,
        "attachments": [
            {
                "fallback": title,
                "title": title,
                "text": f"{slots['metric']} is {slots['n']}x the baseline over the last 5 min",
                "fields": [{"title": "Service", "value": str(slots["svc"]), "short": True}],
            }
        ],
    }


def _escape(text: str) -> str:
    """Slack's entity escaping, except for the ``<@U…>`` mention markup itself."""
    parts = _MENTION.split(text)
    # split() with one group alternates plain text and mentions: escape only the plain parts.
    return "".join(
        part if i % 2 else part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        for i, part in enumerate(parts)
    )


def _channel_entry(channel: str) -> dict[str, object]:
    return {
        "id": "C0SYNTH001",
        "name": channel,
        "created": int(START.timestamp()),
        "creator": HUMANS[0][0],
        "is_archived": False,
        "is_general": False,
        "members": [h[0] for h in HUMANS],
        "topic": {"value": "synthetic incident", "creator": HUMANS[0][0], "last_set": 0},
        "purpose": {
            "value": "benchmark data written by bench/synthetic.py",
            "creator": HUMANS[0][0],
            "last_set": 0,
        },
    }


def _users() -> list[dict[str, object]]:
    return [
        {
            "id": uid,
            "team_id": TEAM,
            "name": handle,
            "real_name": real,
            "is_bot": False,
            "deleted": False,
            "profile": {"real_name": real, "display_name": real},
        }
        for uid, handle, real in HUMANS
    ]


def _dump(path: Path, doc: object) -> None:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic Slack export for benchmarks.")
    parser.add_argument("root", type=Path, help="folder to write the export into")
    parser.add_argument("--messages", "-n", type=int, default=10_000, help="number of messages (10000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (7)")
    parser.add_argument("--channel", default="inc-synthetic", help="channel name (inc-synthetic)")
    args = parser.parse_args(argv)
    if args.messages < 1:
        parser.error("--messages must be at least 1")
    root = write_synthetic_export(args.root, args.messages, seed=args.seed, channel=args.channel)
    days = sorted(p.name for p in (root / args.channel).glob("*.json"))
    print(f"wrote {args.messages} messages to {root / args.channel} ({len(days)} day files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
