"""Prometheus counters for ``/metrics`` (HTTP mode); one registry per app, never the global one."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, generate_latest


class SlackMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.events = Counter("sitrep_events_total", "Slack events received", registry=self.registry)
        self.duplicates = Counter(
            "sitrep_duplicate_events_total", "Slack retries dropped by event_id dedup", registry=self.registry
        )
        self.not_acked = Counter(
            "sitrep_events_not_acked_total",
            "Slack events left unacked because they could not be stored (Slack redelivers them)",
            registry=self.registry,
        )
        self.queue_full = Counter(
            "sitrep_events_queue_full_total",
            "Message events left unacked because the ingest worker's queue was full or the worker down",
            registry=self.registry,
        )
        self.ingested = Counter(
            "sitrep_messages_ingested_total", "Messages redacted and stored", registry=self.registry
        )
        self.secrets = Counter("sitrep_secrets_redacted_total", "Credentials found in messages", registry=self.registry)
        self.commands = Counter("sitrep_commands_total", "Slash commands handled", ["command"], registry=self.registry)
        self.busy = Counter(
            "sitrep_work_busy_total",
            "Commands and buttons answered 'busy, try again' because the work queue was full",
            registry=self.registry,
        )
        self.errors = Counter("sitrep_errors_total", "Errors reported to users", registry=self.registry)
        self.http_rejected = Counter(
            "sitrep_http_rejected_total",
            "HTTP requests answered without reaching Bolt (too_large, length, timeout, signature, malformed, "
            "replay, store, busy)",
            ["reason"],
            registry=self.registry,
        )

        self.rate_limited = Counter(
            "sitrep_slack_rate_limited_total",
            "app_rate_limited notices from Slack (it dropped events over 30,000 an hour; they are backfilled)",
            registry=self.registry,
        )
        self.rate_limit_backfills = Counter(
            "sitrep_slack_rate_limit_backfills_total",
            "Backfills of the tracked channels after an app_rate_limited notice, by outcome (ok, failed)",
            ["outcome"],
            registry=self.registry,
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
