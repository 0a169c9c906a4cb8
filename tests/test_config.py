"""Settings: defaults, environment, .env, and one clear line per bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import describe, load_settings, problems_for
from bot.errors import ConfigError


@pytest.fixture(autouse=True)
def _no_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a developer's .env in the repo must not leak into these tests


def test_defaults() -> None:
    s = load_settings()
    assert s.summary_interval_minutes == 10
    assert s.redis_url is None
    assert s.channel_regex.search("inc-checkout-latency")
    assert s.channel_regex.search("incident_db")
    assert not s.channel_regex.search("general")
    assert not s.uses_claude


def test_environment_and_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("SUMMARY_INTERVAL_MINUTES=5\nANTHROPIC_API_KEY=sk-ant-test\n")
    monkeypatch.setenv("RETENTION_DAYS", "30")
    s = load_settings()
    assert s.summary_interval_minutes == 5
    assert s.retention_days == 30
    assert s.uses_claude


def test_each_bad_value_gets_its_own_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARY_INTERVAL_MINUTES", "0")
    monkeypatch.setenv("REDIS_URL", "http://localhost:6379")
    monkeypatch.setenv("INCIDENT_CHANNEL_PATTERN", "([")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxp-user-token")
    with pytest.raises(ConfigError) as err:
        load_settings()
    lines = str(err.value).splitlines()
    assert len(lines) == 4
    joined = "\n".join(lines)
    assert "SUMMARY_INTERVAL_MINUTES: Input should be greater than or equal to 1" in joined
    assert "REDIS_URL: must start with redis://" in joined
    assert "INCIDENT_CHANNEL_PATTERN: not a valid regular expression" in joined
    assert "SLACK_BOT_TOKEN: must be a bot token starting with xoxb-" in joined
    assert "xoxp-user-token" not in joined


def test_problems_per_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    s = load_settings()
    assert problems_for(s, "demo") == []
    assert [p.variable for p in problems_for(s, "socket")] == ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"]
    assert [p.variable for p in problems_for(s, "http")] == ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-abc")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-abc")
    assert problems_for(load_settings(), "socket") == []


def test_describe_hides_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-verysecret")
    rows = dict(describe(load_settings()))
    assert rows["SLACK_BOT_TOKEN"] == "set (hidden)"
    assert "verysecret" not in repr(rows)


def test_http_limits_have_safe_defaults_and_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    s = load_settings()
    assert s.http_max_body_bytes == 2 * 1024 * 1024  # well above Slack's largest payloads (< 1 MB)
    assert (s.http_workers, s.http_request_timeout_seconds, s.metrics_token) == (16, 5.0, None)
    monkeypatch.setenv("HTTP_MAX_BODY_BYTES", "1000")
    monkeypatch.setenv("HTTP_WORKERS", "0")
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "HTTP_MAX_BODY_BYTES: Input should be greater than or equal to 65536" in str(err.value)
    assert "HTTP_WORKERS: Input should be greater than or equal to 1" in str(err.value)


def test_ingest_worker_settings_have_defaults_and_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker is on by default; a queue of 0 (nothing could ever be acked) is refused in one line."""
    s = load_settings()
    assert (s.ingest_worker, s.ingest_queue_max, s.ingest_batch_max, s.ingest_batch_wait_ms) == (True, 1000, 32, 5.0)
    assert s.socket_mode_client == "websocket_client"
    monkeypatch.setenv("INGEST_QUEUE_MAX", "0")
    monkeypatch.setenv("INGEST_WORKER", "false")
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "INGEST_QUEUE_MAX: Input should be greater than or equal to 1" in str(err.value)
    monkeypatch.delenv("INGEST_QUEUE_MAX")
    assert load_settings().ingest_worker is False


def test_ack_budget_and_stuck_worker_bound_have_defaults_and_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """SOCKET_ACK_BUDGET_SECONDS must leave part of Slack's 3 s for the network: 3 is refused in one
    line; INGEST_STUCK_SECONDS defaults to 30."""
    s = load_settings()
    assert (s.socket_ack_budget_seconds, s.ingest_stuck_seconds) == (2.5, 30.0)
    monkeypatch.setenv("SOCKET_ACK_BUDGET_SECONDS", "3")
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "SOCKET_ACK_BUDGET_SECONDS: Input should be less than or equal to 2.9" in str(err.value)
    monkeypatch.setenv("SOCKET_ACK_BUDGET_SECONDS", "1.8")
    assert load_settings().socket_ack_budget_seconds == 1.8


def test_metrics_token_is_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRICS_TOKEN", "scrape-secret")
    rows = dict(describe(load_settings()))
    assert rows["METRICS_TOKEN"] == "set (hidden)"
    assert "scrape-secret" not in repr(rows)


def test_redact_ips_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """REDACT_IPS defaults to public; a value outside public|all|none is one line naming the variable."""
    assert load_settings().redact_ips == "public"
    monkeypatch.setenv("REDACT_IPS", "all")
    assert load_settings().redact_ips == "all"
    monkeypatch.setenv("REDACT_IPS", "private")
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert str(err.value).splitlines()[0].startswith("REDACT_IPS: ")
    assert "public" in str(err.value) and "none" in str(err.value)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("redis+cluster://10.0.0.5:7000", True),
        ("rediss+cluster://sitrep:pw@cache.example.internal:6380", True),
        ("redis+cluster://10.0.0.5:7000/0", True),
        ("redis+cluster://10.0.0.5:7000/2", False),
        ("redis+cluster://", False),
        ("valkey://10.0.0.5:7000", False),
    ],
)
def test_a_cluster_is_named_by_a_redis_cluster_url(monkeypatch: pytest.MonkeyPatch, url: str, ok: bool) -> None:
    """REDIS_URL=redis+cluster://host:port selects the cluster client; a bad one is one line saying what to write."""
    monkeypatch.setenv("REDIS_URL", url)
    if ok:
        assert load_settings().redis_url == url
        return
    with pytest.raises(ConfigError) as err:
        load_settings()
    text = str(err.value)
    assert len(text.splitlines()) == 1 and text.startswith("REDIS_URL: ")
    assert "redis+cluster://" in text


def test_rca_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """RCA_TONE is formal or plain; RCA_STYLE_DIR must be a folder with a Markdown RCA; each mistake is one line."""
    s = load_settings()
    assert s.rca_tone == "formal" and s.rca_style_dir is None
    monkeypatch.setenv("RCA_TONE", "casual")
    monkeypatch.setenv("RCA_STYLE_DIR", str(tmp_path / "missing"))
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert str(err.value).splitlines() == [
        "RCA_TONE: Input should be 'formal' or 'plain'",
        f"RCA_STYLE_DIR: {tmp_path / 'missing'} is not a folder: point it at a folder of past RCAs in Markdown, "
        "or unset it",
    ]
    empty = tmp_path / "styles"
    empty.mkdir()
    monkeypatch.setenv("RCA_TONE", "plain")
    monkeypatch.setenv("RCA_STYLE_DIR", str(empty))
    with pytest.raises(ConfigError, match=r"^RCA_STYLE_DIR: .* holds no \.md file"):
        load_settings()
    (empty / "past.md").write_text("## What happened\n", encoding="utf-8")
    s = load_settings()
    assert s.rca_tone == "plain" and s.rca_style_dir == str(empty)


def test_the_command_worker_is_on_by_default_and_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slash commands' work runs in its own process unless COMMAND_WORKER=false."""
    assert load_settings().command_worker is True
    monkeypatch.setenv("COMMAND_WORKER", "false")
    assert load_settings().command_worker is False
