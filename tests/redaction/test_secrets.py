"""Secret recognizers: each credential shape is caught where people paste it; look-alikes are kept."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

import pytest

from bot.redaction import Redactor
from bot.redaction.recognizers.keyvalue import classify_assignment, key_family
from bot.redaction.recognizers.secrets import find_secrets
from tests.redaction import fakes

# (case id, secret, message around it, expected placeholder type)
Case = tuple[str, str, Callable[[str], str], str]

HITS: list[Case] = [
    ("aws-key-id", fakes.aws_key_id(), lambda s: f"export AWS_ACCESS_KEY_ID={s}", "AWS_ACCESS_KEY_ID"),
    ("aws-key-id-prose", fakes.aws_key_id(), lambda s: f"found {s} in the pod logs", "AWS_ACCESS_KEY_ID"),
    ("aws-secret-env", fakes.aws_secret(), lambda s: f"AWS_SECRET_ACCESS_KEY={s}", "AWS_SECRET_KEY"),
    ("aws-secret-ini", fakes.aws_secret(), lambda s: f"[default]\naws_secret_access_key = {s}\n", "AWS_SECRET_KEY"),
    ("aws-secret-json", fakes.aws_secret(), lambda s: f'{{"SecretAccessKey": "{s}"}}', "AWS_SECRET_KEY"),
    ("aws-secret-bare", fakes.aws_secret(), lambda s: f"keys: AKIA… / {s} — rotating", "AWS_SECRET_KEY"),
    ("github-classic", fakes.github_classic(), lambda s: f"GITHUB_TOKEN={s} make release", "GITHUB_TOKEN"),
    (
        "github-remote",
        fakes.github_classic(),
        lambda s: f"git clone https://{s}@github.com/acme/api.git",
        "GITHUB_TOKEN",
    ),
    ("github-fine", fakes.github_fine_grained(), lambda s: f"token {s} expired", "GITHUB_TOKEN"),
    ("slack-bot", fakes.slack_bot(), lambda s: f'{{"token":"{s}","ok":false}}', "SLACK_TOKEN"),
    ("stripe", fakes.stripe_live(), lambda s: f"Invalid API Key provided: {s}", "STRIPE_KEY"),
    ("google", fakes.google_api_key(), lambda s: f"GET /maps/api/geocode/json?address=x&key={s}", "GOOGLE_API_KEY"),
    ("npm", fakes.npm_token(), lambda s: f"//registry.npmjs.org/:_authToken={s}", "NPM_TOKEN"),
    ("pypi", fakes.pypi_token(), lambda s: f"[pypi]\n  username = __token__\n  password = {s}", "PYPI_TOKEN"),
    ("sendgrid", fakes.sendgrid_key(), lambda s: f"401 from api.sendgrid.com with key {s}", "SENDGRID_KEY"),
    ("twilio", fakes.twilio_api_key(), lambda s: f"twilio API key {s} was revoked", "TWILIO_KEY"),
    (
        "azure",
        fakes.azure_account_key(),
        lambda s: f"DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey={s};EndpointSuffix=core.windows.net",
        "AZURE_STORAGE_KEY",
    ),
    ("jwt", fakes.jwt(), lambda s: f"decoded the token {s} — exp is in the past", "JWT"),
    ("bearer-opaque", fakes.high_entropy(40), lambda s: f"authorization: Bearer {s}", "AUTH_TOKEN"),
    (
        "bearer-header-json",
        fakes.high_entropy(36),
        lambda s: f"headers={{'Authorization': 'Bearer {s}'}}",
        "AUTH_TOKEN",
    ),
    (
        "basic",
        fakes.basic_credentials(),
        lambda s: f"curl -H 'Authorization: Basic {s}' https://m.acme.io",
        "BASIC_AUTH",
    ),
    ("pem-rsa", fakes.pem_private_key(), lambda s: f"the key is\n```{s}```\nrotate it", "PRIVATE_KEY"),
    (
        "pem-escaped-json",
        fakes.pem_private_key("PRIVATE KEY", sep="\\n"),
        lambda s: f'{{"type": "service_account", "private_key": "{s}\\n"}}',
        "PRIVATE_KEY",
    ),
    ("url-password", fakes.password(), lambda s: f"postgresql://orders:{s}@db-1.prod.acme.net:5432/orders", "PASSWORD"),
    ("url-password-empty-user", fakes.password(), lambda s: f"redis://:{s}@cache-01:6379/0", "PASSWORD"),
    ("slack-markup-url", fakes.password(), lambda s: f"<https://admin:{s}@grafana.acme.io/d/x|grafana>", "PASSWORD"),
    ("kv-env", fakes.password(), lambda s: f"DB_PASSWORD={s}\nPORT=8080", "PASSWORD"),
    ("kv-json", fakes.password(), lambda s: f'{{"db_password": "{s}", "pool": 20}}', "PASSWORD"),
    ("kv-yaml", fakes.password(), lambda s: f"auth:\n  redisPassword: '{s}'", "PASSWORD"),
    ("kv-escaped-json", fakes.password(), lambda s: f'"{{\\"password\\": \\"{s}\\"}}"', "PASSWORD"),
    ("kv-flag", fakes.password(), lambda s: f"./sync --password {s} --batch-size 500", "PASSWORD"),
    ("kv-libpq", fakes.password(), lambda s: f"host=db port=5432 user=app password={s} sslmode=require", "PASSWORD"),
    ("kv-dotnet", fakes.password(), lambda s: f"Server=db;User Id=sa;Password={s};", "PASSWORD"),
    ("kv-client-secret", fakes.high_entropy(32), lambda s: f"client_secret: {s}", "SECRET"),
    ("kv-api-key-camel", fakes.high_entropy(32), lambda s: f'apiKey = "{s}"', "SECRET"),
    ("kv-weak-high-entropy", fakes.high_entropy(28), lambda s: f"INFO accepted signature={s} status=200", "SECRET"),
    ("curl-user", fakes.password(), lambda s: f"curl -u admin:{s} https://es.acme.internal:9200/_cat", "PASSWORD"),
    ("redis-cli", fakes.password(), lambda s: f"redis-cli -h cache-01 -a '{s}' INFO", "PASSWORD"),
    ("netrc", fakes.password(), lambda s: f"machine api.heroku.com login deploy@acme.io password {s}", "PASSWORD"),
]


@pytest.mark.parametrize(("secret", "build", "expected"), [c[1:] for c in HITS], ids=[c[0] for c in HITS])
def test_secret_is_redacted_with_its_type(
    members_redactor: Redactor, secret: str, build: Callable[[str], str], expected: str
) -> None:
    """Each credential shape is replaced by a typed placeholder and reported as a secret."""
    result = members_redactor.redact(build(secret))
    assert secret not in result.text
    assert f"<{expected}_1>" in result.text
    assert any(f.entity_type == expected and f.secret for f in result.findings)


def test_slack_webhook_keeps_host_and_loses_path(members_redactor: Redactor) -> None:
    """A webhook URL keeps `hooks.slack.com` so readers know what leaked; the capability goes."""
    path = fakes.slack_webhook_path()
    result = members_redactor.redact(f"alertmanager posts to https://hooks.slack.com/services/{path}")
    assert path not in result.text
    assert "https://hooks.slack.com/services/<SLACK_WEBHOOK_1>" in result.text


def test_url_encoded_credentials_are_found(members_redactor: Redactor) -> None:
    """Secrets inside percent-encoded URLs (redirects, probes) are redacted in their encoded form."""
    pw = "s3cr3t@Pw" + fakes.rs(fakes.ALNUM, 6)
    url = quote(f"https://svc:{pw}@auth.acme.io/cb", safe="")
    hook = quote(f"https://hooks.slack.com/services/{fakes.slack_webhook_path()}", safe="")
    result = members_redactor.redact(f"probe hits https://probe.acme.io/check?target={url}&t=5s and url={hook}")
    assert quote(pw, safe="") not in result.text
    assert "auth.acme.io" in result.text
    assert "hooks.slack.com" in result.text
    assert {"PASSWORD", "SLACK_WEBHOOK"} <= set(result.entity_types)


def test_url_with_credentials_keeps_scheme_user_and_host(members_redactor: Redactor) -> None:
    """Only the password of `scheme://user:pass@host` is replaced."""
    pw = fakes.password()
    result = members_redactor.redact(f"DATABASE_URL=postgres://orders_rw:{pw}@db-primary-02.prod.acme.net:5432/orders")
    assert result.text == "DATABASE_URL=postgres://orders_rw:<PASSWORD_1>@db-primary-02.prod.acme.net:5432/orders"


def test_specific_type_wins_over_generic_header(members_redactor: Redactor) -> None:
    """A GitHub token in a Bearer header is reported as a GitHub token (what to rotate)."""
    tok = fakes.github_classic()
    result = members_redactor.redact(f"-H 'Authorization: Bearer {tok}'")
    assert result.entity_types == ("GITHUB_TOKEN",)


def test_repeated_value_is_redacted_everywhere(members_redactor: Redactor) -> None:
    """A value detected once (by its key) is also removed where it appears without context."""
    pw = fakes.password()
    result = members_redactor.redact(f"password={pw} — then `login {pw}` failed again")
    assert pw not in result.text
    assert result.text.count("<PASSWORD_1>") == 2


NEAR_MISSES = [
    "please don't paste tokens, search the audit log for the `ghp_` prefix",
    "ghp_short is not a token and neither is ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
    "the docs key AKIAXXXXXXXXXXXXXXXX is a placeholder",
    "AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY} is how the chart reads it",
    "password: <redacted> in the dump",
    "DB_PASSWORD=******** (masked by CI)",
    'curl -H "Authorization: Bearer $TOKEN" https://api.acme.io/healthz',
    "postgres://app:${DB_PASS}@db-primary-02.prod.acme.net:5432/orders is the template",
    "api_key: {{ .Values.apiKey }} in the helm chart",
    "xoxb- tokens start with that prefix; ours was revoked at 10:42 UTC",
    "token: expired, re-login needed",
    "password=get_secret('orders/db') pulls it from vault",
    "max_tokens=4096 token_url=https://auth.acme.io/oauth2/token key_id=kid-7f3a",
    "secret_rotation_days=90 password_min_length=12 api_version=2024-06-01",
    "commit 3f2504e04f8941d39a0c0305e82c3301abcdef12 and trace 4bf92f3577b34da6a3ce929d0e0e4736",
    "request 3f2504e0-4f89-41d3-9a0c-0305e82c3301 failed",
    "Authorization header missing on requests from partner-sync v2.3.1",
    "the Bearer scheme is required; Basic auth is disabled",
    "git@github.com:acme/checkout-api.git",
    "sk_live keys must never be used in staging",
    "ssh://git@github.com:22/acme/api.git and https://grafana.acme.io:3000/d/abc",
    "PWD=/home/deploy/app OLDPWD=/home/deploy",
    "session expired for user_id=84213 at 10:32",
    "public_key=ssh-ed25519 primary_key=order_id cache_key=orders:v2:84213",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_miss_is_kept(members_redactor: Redactor, text: str) -> None:
    """Things that look like secrets (prefixes, placeholders, templates, ids) stay as written."""
    result = members_redactor.redact(text)
    assert result.text == text
    assert result.findings == ()


@pytest.mark.parametrize(
    ("key", "family"),
    [
        ("password", "password"),
        ("DB_PASSWORD", "password"),
        ("dbPassword", "password"),
        ("PGPASSWORD", "password"),
        ("client_secret", "strong"),
        ("AWS_SECRET_ACCESS_KEY", "strong"),
        ("apiKey", "strong"),
        ("X-Api-Key", "strong"),
        ("signing_key", "strong"),
        ("session", "weak"),
        ("key", "weak"),
        ("key_id", None),
        ("token_url", None),
        ("max_tokens", None),
        ("public_key", None),
        ("password_reset", None),
        ("csrf_token", None),
        ("cache_key", None),
        ("keyboard", None),
        ("bypass", None),
    ],
)
def test_key_families(key: str, family: str | None) -> None:
    """Key names are split into words; the last word and deny-listed words decide."""
    assert key_family(key) == family


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("password", "hunter2x", "PASSWORD"),
        ("password", "failed", None),
        ("password", "${DB_PASS}", None),
        ("password", "/run/secrets/db", None),
        ("token", "12345678", None),
        ("token", "abcdefghij", None),
        ("api_key", "3f2504e04f8941d39a0c0305e82c3301", "SECRET"),
        ("session", "3f2504e04f8941d39a0c0305e82c3301", None),
        ("aws_secret_access_key", fakes.aws_secret(), "AWS_SECRET_KEY"),
        ("TWILIO_AUTH_TOKEN", fakes.high_entropy(32), "TWILIO_KEY"),
    ],
)
def test_assignment_values(key: str, value: str, expected: str | None) -> None:
    """Values: placeholders, paths, numbers and state words are not secrets; vendor keys are named."""
    assert classify_assignment(key, "=", value, quoted=False) == expected


def test_find_secrets_maps_percent_encoded_offsets() -> None:
    """Hits in the percent-decoded view map back to the encoded span in the original text."""
    tok = fakes.github_classic()
    text = "next=" + quote(f"https://x/?t={tok}&a=1", safe="")
    hits = [h for h in find_secrets(text) if h.entity_type == "GITHUB_TOKEN"]
    assert [text[h.start : h.end] for h in hits] == [tok]
