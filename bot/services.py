"""Composition root: settings → clients → store → services. The only place parts are wired."""

from __future__ import annotations

import os
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2

from bot.analysis import hyp_raise, hyp_status
from bot.analysis.rca_style import Style, parse_style
from bot.clock import Clock
from bot.config import Settings
from bot.core.deps import CoreServices
from bot.core.evidence import EvidenceIssuer
from bot.core.forget import Forgetter
from bot.core.health import Health
from bot.core.incidents import BoardView, Incidents
from bot.core.ingest import Ingestor
from bot.core.ingest_batch import JobDone
from bot.core.ingest_worker import IngestWorker
from bot.core.postmortem import PostmortemService
from bot.core.rca import RcaService
from bot.core.requests_seen import RequestsSeen
from bot.core.resolve import Resolutions
from bot.core.review import Quorum, ReviewService
from bot.core.signing import Signer
from bot.core.sitrep import SitrepService
from bot.core.status_updates import StatusUpdates
from bot.core.tracker_export import TrackerExport
from bot.core.trackers import Tracker
from bot.engines import Engine, OfflineEngine
from bot.errors import ConfigError
from bot.logcap import cap_library_logs
from bot.redaction import Redactor
from bot.store import Store, connect
from bot.store.audit import AuditLog
from bot.trackers import GitHubTracker, JiraTracker
from bot.worker import ingest_worker_main


@dataclass(frozen=True)
class Services:
    """Everything a front end (CLI, Slack app, scheduler) needs, built once."""

    settings: Settings
    clock: Clock
    store: Store
    redactor: Redactor
    engine: Engine
    incidents: Incidents
    ingestor: Ingestor
    sitreps: SitrepService
    postmortems: PostmortemService
    reviews: ReviewService
    evidence: EvidenceIssuer
    trackers: TrackerExport | None = None
    """Action items to GitHub or Jira (TRACKER); None when TRACKER=none."""
    rcas: RcaService | None = None
    updates: StatusUpdates | None = None

    def core(self) -> CoreServices:
        """The narrow bundle a front end (the Slack adapter) gets: core services, no store or engine."""
        return CoreServices(
            clock=self.clock,
            incidents=self.incidents,
            ingestor=self.ingestor,
            sitreps=self.sitreps,
            reviews=self.reviews,
            resolutions=Resolutions(self.incidents, self.sitreps, self.reviews),
            health=Health(self.store),
            requests=RequestsSeen(self.store),
            summary_interval_minutes=self.settings.summary_interval_minutes,
            sitrep_mode=self.settings.sitrep_mode,
            trackers=self.trackers,
            rcas=self.rcas,
            updates=self.updates,
        )

    def store_url(self) -> str:
        """Where a worker process reaches this store: REDIS_URL, or the embedded server this process started."""
        return self.settings.redis_url or self.store.where

    def ingest_worker(self, on_done: Callable[[JobDone], None] | None = None) -> IngestWorker:
        """The ingest worker process for this store (not started): INGEST_QUEUE_MAX, INGEST_BATCH_*."""
        return ingest_worker(self.settings, self.store_url(), on_done=on_done)


def replica_name() -> str:
    """Who holds a sitrep slot: host and process, so replicas on one host differ too."""
    return f"{socket.gethostname()}:{os.getpid()}"


def build_engine(settings: Settings, *, store: Store, clock: Clock, http_client: httpx2.Client | None = None) -> Engine:
    """The engine Sitrep runs with: ``OfflineEngine`` without an API key, else ``ClaudeEngine``.

    Args:
        settings: ANTHROPIC_API_KEY, ANTHROPIC_MODEL, ANTHROPIC_SITREP_MODEL, ANTHROPIC_BASE_URL,
            ANTHROPIC_MAX_TOKENS and RETENTION_DAYS are read.
        store: the Redis store (grounding reads it; the audit stream lives beside it).
        clock: the injected clock.
        http_client: an ``httpx2.Client`` for the SDK (proxies, custom transports in tests).
    """
    offline = OfflineEngine(raiser=raise_model(settings))
    if not settings.uses_claude:
        return offline
    # Imported only when used: the Anthropic SDK is about 65 MB resident in each process that loads
    # it (the front and the command worker), for nothing when Sitrep runs offline.
    from bot.engines.claude.breaker import CircuitBreaker  # noqa: PLC0415
    from bot.engines.claude.client import build_client  # noqa: PLC0415
    from bot.engines.claude.engine import ClaudeEngine  # noqa: PLC0415

    return ClaudeEngine(
        build_client(settings, http_client=http_client),
        citations=store,
        audit=audit_log(settings, store, clock),
        fallback=offline,
        clock=clock,
        model=settings.anthropic_model,
        sitrep_model=settings.anthropic_sitrep_model or settings.anthropic_model,
        max_tokens=settings.anthropic_max_tokens,
        token_budget=settings.anthropic_input_budget,
        breaker=CircuitBreaker(clock),
    )


def build_tracker(settings: Settings, clock: Clock) -> Tracker | None:
    """The tracker TRACKER names, or None (``none``, or its settings incomplete: ``sitrep check`` says which)."""
    if settings.tracker == "github" and settings.github_repo and settings.github_token:
        return GitHubTracker(
            settings.github_repo,
            settings.github_token.get_secret_value(),
            now=clock.now,
            api_url=settings.github_api_url,
            timeout=settings.tracker_timeout_seconds,
        )
    jira = (settings.jira_url, settings.jira_project, settings.jira_email, settings.jira_api_token)
    if settings.tracker == "jira" and all(jira) and settings.jira_api_token is not None:
        return JiraTracker(
            str(settings.jira_url),
            str(settings.jira_project),
            str(settings.jira_email),
            settings.jira_api_token.get_secret_value(),
            now=clock.now,
            issue_type=settings.jira_issue_type,
            timeout=settings.tracker_timeout_seconds,
        )
    return None


def build_exports(
    settings: Settings,
    store: Store,
    clock: Clock,
    tracker: Tracker | None,
    *,
    wait: Callable[[float], None] = time.sleep,
) -> TrackerExport | None:
    """The action-item export over ``tracker`` (``wait`` waits out short rate limits)."""
    if tracker is None:
        return None
    return TrackerExport(
        store, tracker, clock, owners=settings.owners, wait=wait, max_wait=settings.tracker_max_wait_seconds
    )


def raise_model(settings: Settings) -> hyp_raise.RaiseModel | None:
    """The fitted raise reading (HYPOTHESIS_RAISE_MODEL) for the offline engine's fold; it was fitted on
    the rules' boards, so a Claude engine (and its offline fallback) folds without it. A missing or
    malformed model file is a ConfigError."""
    if not settings.hypothesis_raise_model or settings.uses_claude:
        return None
    return hyp_raise.load()


def board_view(settings: Settings, engine: Engine) -> BoardView | None:
    """The fitted status model over the rules' board (HYPOTHESIS_STATUS_MODEL), offline engine only: it
    was fitted on the rules' boards, not on Claude's. A missing or malformed model file is a ConfigError."""
    if not settings.hypothesis_status_model or not isinstance(engine, OfflineEngine):
        return None
    return hyp_status.load()


def build(
    settings: Settings,
    *,
    clock: Clock,
    store: Store,
    redactor: Redactor,
    owner: str | None = None,
    tracker: Tracker | None = None,
    wait: Callable[[float], None] = time.sleep,
) -> Services:
    """Wire services around an already-open store (tests pass the embedded test server's).

    Args:
        owner: the name this replica's sitrep claims carry (default ``replica_name()``).
        tracker: the issue tracker (tests and the demo pass a stand-in's); built from settings when None.
        wait: how a short tracker rate limit is waited out (tests advance their ManualClock).
    """
    cap_library_logs()  # the SDKs' DEBUG lines carry prompts and payloads; every front end wires through here
    engine = build_engine(settings, store=store, clock=clock)
    evidence = evidence_issuer(settings, store, clock)
    incidents = Incidents(store, engine, board_view(settings, engine))
    postmortems = PostmortemService(store, engine, incidents)
    return Services(
        settings=settings,
        clock=clock,
        store=store,
        redactor=redactor,
        engine=engine,
        incidents=incidents,
        ingestor=Ingestor(
            store,
            redactor,
            incidents,
            max_chars=settings.max_message_chars,
            forget=Forgetter(store, audit_log(settings, store, clock)),
        ),
        sitreps=SitrepService(
            store,
            engine,
            incidents,
            interval_minutes=settings.summary_interval_minutes,
            owner=owner or replica_name(),
            clock=clock,
            max_words=settings.sitrep_max_words,
        ),
        postmortems=postmortems,
        reviews=ReviewService(
            store,
            postmortems,
            engine,
            redactor,
            approve_reactions=settings.approve_reactions,
            reject_reactions=settings.reject_reactions,
            key_reactions=settings.key_reactions,
            quorum=Quorum(min_approvers=settings.final_approvers_min, commanders=settings.commanders),
            evidence=evidence,
        ),
        trackers=build_exports(settings, store, clock, tracker or build_tracker(settings, clock), wait=wait),
        evidence=evidence,
        rcas=RcaService(
            store,
            engine,
            redactor,
            tone=settings.rca_tone,
            style=load_style(settings.rca_style_dir),
            approve_reactions=settings.approve_reactions,
            reject_reactions=settings.reject_reactions,
            quorum=Quorum(min_approvers=settings.final_approvers_min, commanders=settings.commanders),
        ),
        updates=StatusUpdates(store, engine, incidents, redactor),
    )


def load_style(folder: str | None) -> Style | None:
    """The first past RCA (by file name) in RCA_STYLE_DIR, or None when the setting is unset.

    Raises:
        ConfigError: when the file cannot be read as UTF-8 text.
    """
    if not folder:
        return None
    files = sorted(p for p in Path(folder).glob("*.md") if p.is_file())
    if not files:
        raise ConfigError(f"RCA_STYLE_DIR: {folder} holds no .md file: add a past approved RCA, or unset it")
    try:
        text = files[0].read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"RCA_STYLE_DIR: cannot read {files[0].name} ({exc.__class__.__name__}): save it as UTF-8 Markdown"
        ) from None
    return parse_style(files[0].name, text)


@contextmanager
def open_store(settings: Settings, *, clock: Clock, data_dir: Path | None = None) -> Iterator[Store]:
    """Open Redis (embedded under ``data_dir`` or SITREP_DATA_DIR when REDIS_URL is unset) and check it answers."""
    with connect(settings.redis_url, data_dir or settings.sitrep_data_dir) as conn:
        store = Store(conn.client, clock=clock, retention_days=settings.retention_days, legal_hold=settings.legal_hold)
        store.ping()
        store.migrate_legacy_keys()  # global keys of a Sitrep before the {global} hash tag
        yield store


def audit_log(settings: Settings, store: Store, clock: Clock) -> AuditLog:
    """The model-call audit stream beside ``store`` (the Claude engine writes it, ``sitrep audit`` reads it)."""
    return AuditLog(store.client, clock, retention_days=settings.retention_days, legal_hold=settings.legal_hold)


def evidence_issuer(settings: Settings, store: Store, clock: Clock) -> EvidenceIssuer:
    """What builds and signs evidence.json (EVIDENCE_SIGNING_KEY, SLACK_WORKSPACE_URL).

    Raises:
        ConfigError: when EVIDENCE_SIGNING_KEY is set but is not an Ed25519 private key.
    """
    key = settings.evidence_signing_key.get_secret_value() if settings.evidence_signing_key else ""
    return EvidenceIssuer(
        store=store,
        clock=clock,
        signer=Signer.from_setting(key) if key.strip() else None,
        audit=audit_log(settings, store, clock),
        workspace_url=settings.slack_workspace_url,
    )


def build_redactor(settings: Settings, *, lazy: bool = False) -> Redactor:
    """The redactor as configured (``REDACT_IPS``); loads spaCy (now, or at its first text when
    ``lazy``), so build it once per process."""
    return Redactor(ip_policy=settings.redact_ips, lazy=lazy)


@contextmanager
def open_services(
    settings: Settings, *, clock: Clock, redactor: Redactor | None = None, ephemeral: bool = False
) -> Iterator[Services]:
    """Open Redis (embedded when REDIS_URL is unset) and build the services; close on exit.

    Args:
        ephemeral: use a throw-away embedded server (demo, replay) instead of SITREP_DATA_DIR.
    """
    with tempfile.TemporaryDirectory(prefix="sitrep-") as tmp:
        data_dir = Path(tmp) if ephemeral and settings.redis_url is None else None
        with open_store(settings, clock=clock, data_dir=data_dir) as store:
            # With the ingest worker, the front redacts only review input: spaCy
            # (about 130 MB) is loaded when the first of those comes, if ever.
            lazy = settings.ingest_worker and not ephemeral
            services = build(
                settings, clock=clock, store=store, redactor=redactor or build_redactor(settings, lazy=lazy)
            )
            try:
                yield services
            finally:
                close = getattr(services.engine, "close", None)
                if callable(close):
                    close()  # the Claude engine's HTTP connections
                if services.trackers is not None:
                    services.trackers.tracker.close()


def ingest_worker(
    settings: Settings, redis_url: str, *, on_done: Callable[[JobDone], None] | None = None
) -> IngestWorker:
    """An ``IngestWorker`` whose child runs ``ingest_worker_main`` against ``redis_url`` (not started)."""
    return IngestWorker(
        ingest_worker_main,
        (settings, redis_url),
        capacity=settings.ingest_queue_max,
        on_done=on_done,
    )
