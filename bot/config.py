"""Settings, read once from the environment (and ``.env``) into a frozen object.

Nothing below this module reads ``os.environ``: the composition root builds ``Settings`` and
passes what each part needs. Every bad value becomes a ``ConfigError`` whose lines name the
variable and say what to set, so ``sitrep check`` and ``sitrep run`` never show a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigError

Mode = Literal["demo", "replay", "socket", "http"]


def reaction_names(value: str) -> list[str]:
    """``"white_check_mark, :x:"`` -> ``["white_check_mark", "x"]`` (colons and case dropped)."""
    return [n.strip().strip(":").lower() for n in value.split(",") if n.strip().strip(":")]


def owner_map(value: str) -> dict[str, str]:
    """``"U123=octocat, U456=jdoe"`` -> ``{"U123": "octocat", "U456": "jdoe"}``.

    Raises:
        ValueError: naming the first pair that is not ``SLACK_USER_ID=tracker-user``.
    """
    pairs: dict[str, str] = {}
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        user, eq, who = (x.strip() for x in part.partition("="))
        if not eq or not re.fullmatch(r"[UW][A-Z0-9]{2,}", user) or not who or re.search(r"\s", who):
            raise ValueError(f"not SLACK_USER_ID=tracker-user: {part!r} (e.g. U024BE7LH=octocat)")
        pairs[user] = who
    return pairs


class Settings(BaseSettings):
    """Every Sitrep setting; field names are the environment variable names, lower-cased."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True)

    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_api_url: str | None = None

    redis_url: str | None = None
    sitrep_data_dir: Path = Path(".sitrep")

    anthropic_api_key: SecretStr | None = None
    anthropic_model: str = "claude-sonnet-5-5"
    anthropic_sitrep_model: str | None = "claude-haiku-5-5"
    anthropic_base_url: str | None = None
    anthropic_max_tokens: int = Field(default=4096, ge=256, le=64000)
    anthropic_timeout_seconds: float = Field(default=60.0, gt=0, le=600)
    anthropic_max_retries: int = Field(default=3, ge=0, le=10)
    anthropic_input_budget: int = Field(default=150_000, ge=2_000, le=1_000_000)
    """Input tokens per request before a long channel is map-reduced."""

    summary_interval_minutes: int = Field(default=10, ge=1, le=1440)
    sitrep_max_words: int = Field(default=120, ge=40, le=1000)
    """Reading budget of one sitrep (about 20 seconds at 120); the board and the thread hold the rest."""
    sitrep_mode: Literal["channel", "thread"] = "channel"
    """channel: each sitrep is a new message; thread: all sitreps under one pinned parent."""
    incident_channel_pattern: str = r"^(inc|incident)[-_]"
    retention_days: int = Field(default=90, ge=1, le=3650)
    max_message_chars: int = Field(default=40000, ge=1000, le=1_000_000)
    redact_ips: Literal["public", "all", "none"] = "public"
    """Which IP addresses are redacted: public (default; private, loopback, link-local, CGNAT and
    other reserved ranges stay, documentation ranges go), all, or none."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    health_port: int | None = Field(default=None, ge=1, le=65535)
    """Socket Mode: serve GET /healthz on this port (HTTP mode serves it on its own port)."""

    http_max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=64 * 1024, le=64 * 1024 * 1024)
    """HTTP mode: larger request bodies get 413 before a byte is read. Slack's largest payloads (a
    view_submission carrying a 250 kB modal, form-encoded; a 40,000-character message edit carrying
    both versions) stay well under 1 MB."""
    http_workers: int = Field(default=16, ge=1, le=256)
    """HTTP mode: requests served at once; as many again wait, and any more get 503 at once."""
    http_request_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    """HTTP mode: the whole request (headers and body) must arrive within this (Slack gives up at 3 s)."""
    metrics_token: SecretStr | None = None
    """HTTP mode: ``/metrics`` answers only ``Authorization: Bearer <token>``; unset, it answers 404."""

    socket_mode_client: Literal["websocket_client", "builtin"] = "websocket_client"
    """Socket Mode: slack-sdk's websocket-client adapter, or its built-in client (drops fragmented
    frames and loses acks to a RecursionError under bursts; bench/socket_burst.py compares them)."""
    socket_ack_budget_seconds: float = Field(default=2.5, ge=0.5, le=2.9)
    """Socket Mode: how long a message event may wait in Sitrep before it is dropped unacked (Slack
    redelivers it) rather than acked after Slack's 3 s deadline; the rest of the 3 s covers the network
    and the work between the check and the ack: under 5,000-event bursts acks reached the local Slack
    at most 2.64 s after it sent them (bench/ack_budget.py); lower it when Slack is far away."""
    ingest_worker: bool = True
    """``sitrep run``: redact and store messages in a separate worker process, so the front only
    verifies, claims and acks (false: in the front's own threads, as before)."""
    command_worker: bool = True
    """``sitrep run``: do the work slash commands ask for (board refresh, sitrep, drafts, answering
    over the Web API) in a separate process, so it never competes with the front's acks for the GIL
    (false: on threads of the front, as before)."""
    ingest_queue_max: int = Field(default=1000, ge=1, le=100_000)
    """Message events queued for the worker (acked, not yet stored); beyond it events get 503 / no
    ack and Slack retries them."""
    ingest_batch_max: int = Field(default=32, ge=1, le=1000)
    """The worker redacts up to this many queued events in one pass."""
    ingest_batch_wait_ms: float = Field(default=5.0, ge=0, le=1000)
    """How long the worker waits for more events after the first of a batch arrives."""
    ingest_stuck_seconds: float = Field(default=30.0, ge=1, le=3600)
    """``/healthz`` answers 503 when queued events have waited this long with no batch finished (a
    stuck worker); a batch normally takes milliseconds, a worker's start (loading spaCy) seconds."""

    hypothesis_status_model: bool = True
    """Offline engine: show each theory's status as the fitted status model reads the rules' board
    (``bot/analysis/hyp_status.py``; it may take a confirmation back or settle an open theory as
    refuted, never confirm), in sitreps, ``/hypotheses`` and the postmortem; the stored board stays
    the rules'. On by default since session 18: refit on 108 dev incidents, it passed a test written
    down before the fit, on 42 channels it was not fitted on (docs/learned-models.md). The weights are
    ``bot/analysis/models/hyp_status_*.json`` (``scripts/train_hyp_status.py``); with this on, a
    missing or malformed file stops start-up with one line naming that script."""

    hypothesis_raise_model: bool = True
    """Offline engine: a fitted reading (``bot/analysis/hyp_raise.py``) reads each person's message the
    rules' board leaves untouched, once as the board folds it, and puts a theory it reads there on the
    board (statement: the message's informative sentence), marked as the model's; the model never
    confirms it, and it ends refuted when another theory is confirmed and nothing supported it (the
    fitted policy). On by default since session 18, after the same test as the status model
    (docs/learned-models.md).
    The weights are ``bot/analysis/models/hyp_raise*.json`` (``scripts/train_hyp_raise.py``); with
    this on, a missing or malformed file stops start-up with one line naming that script."""

    review_approve_reactions: str = "white_check_mark,heavy_check_mark"
    """Reactions that approve a postmortem section (comma-separated names, without colons)."""
    review_reject_reactions: str = "x"
    """Reactions that request changes to a postmortem section."""
    key_moment_reactions: str = "pushpin"
    """Reactions that mark an incident message as a key moment for the timeline."""
    final_approvers_min: int = Field(default=2, ge=1, le=50)
    """Different people whose approvals, together, make a postmortem final (1 lets one person do it)."""
    incident_commanders: str = ""
    """Slack user ids (comma-separated) whose approval makes a postmortem final without that count."""

    rca_tone: Literal["formal", "plain"] = "formal"
    """Tone of the external RCA draft (/draft-rca): formal for procurement and leadership, plain for everyone."""
    rca_style_dir: str | None = None
    """A folder of past approved external RCAs (Markdown); the draft follows the first one's structure
    and level of commitment (sorted by file name)."""

    tracker: Literal["github", "jira", "none"] = "none"
    """Where a final postmortem's action items become issues (also on demand from the review thread)."""
    github_repo: str | None = None
    """owner/name of the repository that gets the issues (TRACKER=github)."""
    github_token: SecretStr | None = None
    """A token that may create issues there (fine-grained: Issues read and write)."""
    github_api_url: str = "https://api.github.com"
    """GitHub Enterprise Server: https://HOST/api/v3."""
    jira_url: str | None = None
    """https://SITE.atlassian.net (TRACKER=jira)."""
    jira_project: str | None = None
    """Project key, e.g. OPS."""
    jira_email: str | None = None
    jira_api_token: SecretStr | None = None
    jira_issue_type: str = "Task"
    tracker_owner_map: str = ""
    """Slack user id -> tracker user: ``U123=octocat,U456=jdoe`` (Jira: account ids)."""
    tracker_max_wait_seconds: float = Field(default=30.0, ge=0, le=600)
    """A rate limit that lifts within this is waited out; a longer one is reported and resumed later."""
    tracker_timeout_seconds: float = Field(default=10.0, gt=0, le=120)

    @field_validator("github_repo")
    @classmethod
    def _repo_shape(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", value):
            raise ValueError(f"not owner/name: {value!r} (e.g. acme/web)")
        return value

    @field_validator("github_api_url", "jira_url")
    @classmethod
    def _http_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or (value == "" and info.field_name == "jira_url"):
            return None
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError(f"not an http(s) URL: {value!r}")
        return value.rstrip("/")

    @field_validator("tracker_owner_map")
    @classmethod
    def _owner_map(cls, value: str) -> str:
        owner_map(value)
        return value

    evidence_signing_key: SecretStr | None = None
    """Ed25519 private key (base64 32-byte seed or PKCS#8 PEM) that signs evidence.json; unset: unsigned."""
    legal_hold_channels: str = ""
    """Channel ids (comma-separated) whose record (messages, hash chain, manifests) never expires."""
    slack_workspace_url: str | None = None
    """e.g. https://acme.slack.com: cited messages get permalinks in postmortem.json and evidence.json."""

    @field_validator("legal_hold_channels")
    @classmethod
    def _channel_ids(cls, value: str) -> str:
        ids = [i.strip() for i in value.split(",") if i.strip()]
        bad = [i for i in ids if not re.fullmatch(r"[CGD][A-Z0-9]{2,}", i)]
        if bad:
            raise ValueError(f"not a Slack channel id: {bad[0]!r} (use ids like C0123ABCD, from the channel's details)")
        return ",".join(ids)

    @field_validator("rca_style_dir")
    @classmethod
    def _style_dir(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        folder = Path(value).expanduser()
        if not folder.is_dir():
            raise ValueError(f"{value} is not a folder: point it at a folder of past RCAs in Markdown, or unset it")
        if not any(p.is_file() for p in folder.glob("*.md")):
            raise ValueError(f"{value} holds no .md file: add a past approved RCA in Markdown, or unset it")
        return str(folder)

    @field_validator("slack_workspace_url")
    @classmethod
    def _workspace_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.fullmatch(r"https://[A-Za-z0-9.-]+(:[0-9]+)?/?", value):
            raise ValueError("must be the workspace's address, e.g. https://acme.slack.com")
        return value.rstrip("/")

    @property
    def legal_hold(self) -> frozenset[str]:
        return frozenset(i for i in self.legal_hold_channels.split(",") if i)

    @field_validator("review_approve_reactions", "review_reject_reactions", "key_moment_reactions")
    @classmethod
    def _reaction_names(cls, value: str) -> str:
        names = reaction_names(value)
        if not names:
            raise ValueError("give at least one reaction name, e.g. white_check_mark")
        bad = [n for n in names if not re.fullmatch(r"[a-z0-9_+'-]{1,100}", n)]
        if bad:
            raise ValueError(f"not a Slack reaction name: {bad[0]!r} (use names like white_check_mark)")
        return ",".join(names)

    @field_validator("incident_commanders")
    @classmethod
    def _user_ids(cls, value: str) -> str:
        ids = [i.strip() for i in value.split(",") if i.strip()]
        bad = [i for i in ids if not re.fullmatch(r"[UW][A-Z0-9]{2,}", i)]
        if bad:
            raise ValueError(f"not a Slack user id: {bad[0]!r} (use ids like U024BE7LH, from a profile's ⋮ menu)")
        return ",".join(ids)

    @field_validator("incident_channel_pattern")
    @classmethod
    def _pattern_compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression ({exc})") from exc
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.match(r"^(redis|rediss|unix|redis\+cluster|rediss\+cluster)://", value):
            raise ValueError(
                "must start with redis://, rediss://, unix:// or, for a Redis/Valkey cluster, "
                "redis+cluster://host:port (any one node)"
            )
        if re.match(r"^rediss?\+cluster://", value) and not re.match(
            r"^rediss?\+cluster://[^/]*@?[^/:]+(:\d+)?/?0?$", value
        ):
            raise ValueError("a cluster URL is redis+cluster://[user:password@]host:port (one node, database 0 only)")
        return value

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value() and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value() and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return value

    @property
    def approve_reactions(self) -> frozenset[str]:
        return frozenset(reaction_names(self.review_approve_reactions))

    @property
    def reject_reactions(self) -> frozenset[str]:
        return frozenset(reaction_names(self.review_reject_reactions))

    @property
    def key_reactions(self) -> frozenset[str]:
        return frozenset(reaction_names(self.key_moment_reactions))

    @property
    def commanders(self) -> frozenset[str]:
        return frozenset(i for i in self.incident_commanders.split(",") if i)

    @property
    def channel_regex(self) -> re.Pattern[str]:
        return re.compile(self.incident_channel_pattern)

    @property
    def owners(self) -> dict[str, str]:
        """TRACKER_OWNER_MAP as Slack user id -> tracker user."""
        return owner_map(self.tracker_owner_map)

    @property
    def uses_claude(self) -> bool:
        return self.anthropic_api_key is not None and bool(self.anthropic_api_key.get_secret_value())


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, turning validation errors into one ConfigError.

    Args:
        overrides: values that win over the environment (used by the CLI and tests).
    Raises:
        ConfigError: with one line per bad variable.
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            name = str(err["loc"][0]).upper() if err["loc"] else "settings"
            msg = str(err["msg"]).removeprefix("Value error, ")
            lines.append(f"{name}: {msg}")
        raise ConfigError("\n".join(lines)) from None


@dataclass(frozen=True)
class Problem:
    """One thing missing or wrong for a mode, with what to do about it."""

    variable: str
    text: str


def problems_for(settings: Settings, mode: Mode) -> list[Problem]:
    """What stops ``mode`` from running with these settings (empty when it can run)."""
    found: list[Problem] = []

    def need(value: SecretStr | str | None, variable: str, why: str) -> None:
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        if not raw:
            found.append(Problem(variable, f"{variable} is not set: {why}"))

    if mode in ("socket", "http") and settings.tracker == "github":
        need(settings.github_repo, "GITHUB_REPO", "set it to owner/name of the repository for action items")
        need(settings.github_token, "GITHUB_TOKEN", "set it to a token that may create issues (or TRACKER=none)")
    if mode in ("socket", "http") and settings.tracker == "jira":
        need(settings.jira_url, "JIRA_URL", "set it to https://SITE.atlassian.net")
        need(settings.jira_project, "JIRA_PROJECT", "set it to the project key for action items, e.g. OPS")
        need(settings.jira_email, "JIRA_EMAIL", "set it to the email of the API token's account")
        need(settings.jira_api_token, "JIRA_API_TOKEN", "set it to an API token (or TRACKER=none)")
    if mode in ("socket", "http"):
        need(settings.slack_bot_token, "SLACK_BOT_TOKEN", "set it to the app's xoxb- bot token")
    if mode == "socket":
        need(
            settings.slack_app_token,
            "SLACK_APP_TOKEN",
            "set it to an xapp- app-level token with connections:write (or run with --http)",
        )
    if mode == "http":
        need(
            settings.slack_signing_secret,
            "SLACK_SIGNING_SECRET",
            "set it to the app's signing secret from the Basic Information page",
        )
    return found


def _without_password(url: str) -> str:
    """A Redis URL as ``sitrep check`` shows it: a password in it becomes ``***``."""
    return re.sub(r"^([a-z+]+://[^:/@]*):[^@/]*@", r"\1:***@", url)


def describe(settings: Settings) -> list[tuple[str, str]]:
    """(VARIABLE, shown value) pairs for ``sitrep check``; secrets show only whether they are set."""
    rows: list[tuple[str, str]] = []
    for name, value in settings:
        if isinstance(value, SecretStr):
            shown = "set (hidden)" if value.get_secret_value() else "not set"
        elif value is None:
            shown = "not set"
        elif name == "redis_url":
            shown = _without_password(str(value))
        else:
            shown = str(value)
        rows.append((name.upper(), shown))
    return rows
