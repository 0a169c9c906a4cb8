"""The ingest worker process: its own Redis connection and redactor, then the batch loop.

A module of its own, below ``bot.services``, so the child imports only what storing needs: no
Anthropic SDK, engine client, trackers, Slack or scheduler (about 60 MB less resident memory).
"""

from __future__ import annotations

import logging
import signal
from multiprocessing.connection import Connection

from bot.clock import SystemClock
from bot.config import Settings
from bot.core.forget import Forgetter
from bot.core.incidents import Incidents
from bot.core.ingest import Ingestor
from bot.core.ingest_batch import serve_jobs
from bot.engines.offline import OfflineEngine
from bot.logcap import cap_library_logs
from bot.redaction import Redactor
from bot.store import Store, connect
from bot.store.audit import AuditLog


def ingest_worker_main(settings: Settings, redis_url: str, inbox: Connection, outbox: Connection) -> None:
    """Build the worker's ingestor against ``redis_url`` and serve the front's jobs until it stops.

    It ignores Ctrl-C: the front stops it after the queue has drained. The Redis URL is the front's
    (REDIS_URL, or the embedded server the front started), so both see the same store.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    cap_library_logs()
    clock = SystemClock()
    redactor = Redactor(ip_policy=settings.redact_ips)
    with connect(redis_url, settings.sitrep_data_dir) as conn:
        store = Store(conn.client, clock=clock, retention_days=settings.retention_days, legal_hold=settings.legal_hold)
        audit = AuditLog(store.client, clock, retention_days=settings.retention_days, legal_hold=settings.legal_hold)
        ingestor = Ingestor(
            store,
            redactor,
            Incidents(store, OfflineEngine()),
            max_chars=settings.max_message_chars,
            forget=Forgetter(store, audit),
        )
        serve_jobs(
            ingestor,
            inbox,
            outbox,
            max_batch=settings.ingest_batch_max,
            max_wait_s=settings.ingest_batch_wait_ms / 1000,
        )
