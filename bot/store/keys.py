"""Every Redis key Sitrep uses, built here and nowhere else.

Per-channel keys carry the channel id as a ``{hash tag}`` so all of one channel's keys land in
the same Redis Cluster slot and a MULTI/EXEC or script over them stays valid there. The two global
keys share the ``{global}`` tag, so an operation over both stays in one slot too; an event or request
marker is one key, tagged with its own id.

    sitrep:{C123}:msgs          ZSET  ts -> score float(ts)       order of every stored message
    sitrep:{C123}:msg           HASH  ts -> Message JSON          the messages themselves
    sitrep:{C123}:replies       ZSET  ts -> score float(thread_ts) thread replies, by parent
    sitrep:{C123}:incident      STRING IncidentState JSON
    sitrep:{C123}:sitreps       LIST  Sitrep JSON, oldest first
    sitrep:{C123}:board         STRING Board JSON
    sitrep:{C123}:postmortem    STRING Postmortem JSON
    sitrep:{C123}:review        STRING Review JSON (postmortem review: messages, verdicts, key moments)
    sitrep:{C123}:rca           STRING Rca JSON (the external RCA draft: statements, sources, punch-list)
    sitrep:{C123}:rca_review    STRING Review JSON of the RCA (its thread, verdicts, revisions)
    sitrep:{C123}:updates       HASH  update id -> StatusUpdate JSON (drafts, posted, discarded)
    sitrep:{C123}:trackers      HASH  action-item key -> TrackerIssue JSON; "status_ts" -> thread message
    sitrep:{C123}:lock:{slot}   STRING scheduler tick lock (short-lived, own TTL)
    sitrep:{C123}:posting:{id}  STRING "<claim>|<user>" while a status update is being posted (own TTL)
    sitrep:{C123}:audit         STREAM one record per model call (bot/store/audit.py)
    sitrep:{C123}:chain         LIST  hash chain of every message version (bot/integrity.py)
    sitrep:{C123}:evidence      LIST  evidence.json manifests issued for the channel, oldest first
    sitrep:{global}:channels    HASH  channel -> name of tracked channels
    sitrep:{global}:active      SET   channels with messages newer than their last sitrep
    sitrep:event:{Ev123}        STRING Slack event_id: "pending|<lease expiry>" while stored, then "done"
    sitrep:health               STRING write probe of /healthz (short-lived)
"""

from __future__ import annotations

PREFIX = "sitrep"


def _channel(channel: str, what: str) -> str:
    if not channel or any(c in channel for c in "{}"):
        # A brace would move the hash tag and split the channel's keys across slots.
        raise ValueError(f"not a channel id: {channel!r}")
    return f"{PREFIX}:{{{channel}}}:{what}"


def messages_index(channel: str) -> str:
    """ZSET of every stored message ``ts``, scored by ``float(ts)``."""
    return _channel(channel, "msgs")


def messages(channel: str) -> str:
    """HASH ``ts`` -> Message JSON."""
    return _channel(channel, "msg")


def replies(channel: str) -> str:
    """ZSET of reply ``ts`` scored by ``float(thread_ts)``: one range read finds a thread."""
    return _channel(channel, "replies")


def incident(channel: str) -> str:
    """STRING IncidentState JSON."""
    return _channel(channel, "incident")


def sitreps(channel: str) -> str:
    """LIST of Sitrep JSON, oldest first."""
    return _channel(channel, "sitreps")


def board(channel: str) -> str:
    """STRING Board JSON (the hypothesis board)."""
    return _channel(channel, "board")


def postmortem(channel: str) -> str:
    """STRING Postmortem JSON (the current draft)."""
    return _channel(channel, "postmortem")


def review(channel: str) -> str:
    """STRING Review JSON: the draft's Slack messages, section verdicts, revisions, key moments."""
    return _channel(channel, "review")


def rca(channel: str) -> str:
    """STRING Rca JSON (the external RCA draft)."""
    return _channel(channel, "rca")


def rca_review(channel: str) -> str:
    """STRING Review JSON of the external RCA: its thread, section verdicts, revisions."""
    return _channel(channel, "rca_review")


def updates(channel: str) -> str:
    """HASH status-update id -> StatusUpdate JSON."""
    return _channel(channel, "updates")


def trackers(channel: str) -> str:
    """HASH action-item key -> TrackerIssue JSON (the issue ledger), plus the status message's ts."""
    return _channel(channel, "trackers")


def tick_lock(channel: str, slot: str) -> str:
    """Per-channel, per-slot lock that picks the one replica that posts a scheduled sitrep."""
    return _channel(channel, f"lock:{slot}")


def update_posting(channel: str, update_id: str) -> str:
    """Claim on posting status update ``update_id``: one click posts it, a second one is told who did."""
    return _channel(channel, f"posting:{update_id}")


def audit(channel: str) -> str:
    """STREAM of model-call audit records (prompt version, model, usage, outcome), oldest first."""
    return _channel(channel, "audit")


def chain(channel: str) -> str:
    """LIST of hash-chain entries, one per message version (insert, edit, delete), oldest first."""
    return _channel(channel, "chain")


def evidence(channel: str) -> str:
    """LIST of the evidence manifests issued for the channel's postmortem (canonical JSON)."""
    return _channel(channel, "evidence")


def channel_data(channel: str) -> list[str]:
    """Every data key of ``channel`` (locks excluded: they expire on their own)."""
    return [
        messages_index(channel),
        messages(channel),
        replies(channel),
        incident(channel),
        sitreps(channel),
        board(channel),
        postmortem(channel),
        review(channel),
        rca(channel),
        rca_review(channel),
        updates(channel),
        trackers(channel),
        audit(channel),
        chain(channel),
        evidence(channel),
    ]


GLOBAL = f"{PREFIX}:{{global}}"
"""The global keys' prefix: one hash tag, so both live in one cluster slot."""


def channels() -> str:
    """Global HASH channel id -> channel name of the channels Sitrep tracks."""
    return f"{GLOBAL}:channels"


def active() -> str:
    """SET of channels with messages newer than their last sitrep; a tick looks only at these."""
    return f"{GLOBAL}:active"


LEGACY_GLOBALS = {f"{PREFIX}:channels": channels(), f"{PREFIX}:active": active()}
"""Names the global keys had before they were tagged (Sitrep <= issue 18) -> their names now."""


def event(event_id: str) -> str:
    """Dedup marker for one Slack ``event_id`` (Slack retries deliver the same id)."""
    if not event_id:
        raise ValueError("empty event_id")
    return f"{PREFIX}:event:{{{event_id}}}"


def request_seen(digest: str) -> str:
    """Replay marker for one signed HTTP request (a digest of its timestamp and signature)."""
    if not digest:
        raise ValueError("empty request digest")
    return f"{PREFIX}:request:{{{digest}}}"


def health() -> str:
    """Short-lived key ``/healthz`` writes: a server that answers PING may still refuse writes."""
    return f"{PREFIX}:health"
