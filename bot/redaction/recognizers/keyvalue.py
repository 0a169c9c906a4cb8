"""Secrets in assignments: ``password=…``, ``"api_key": "…"``, ``--token …``, ``export X_SECRET=…``.

Only the value is redacted, so ``password=<PASSWORD_1>`` still says what leaked. Whether an
assignment is a secret depends on the key name (split into words, gitleaks/detect-secrets style)
and on the value (placeholders, paths, numbers and prose are left alone).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.redaction import entities as ent
from bot.redaction.textutil import shannon_entropy

# One identifier, an optional closing quote, an assignment operator, then a quoted or bare value.
_VALUE = (
    r"(?:(?P<q>\\?[\"'`])(?P<qv>(?:(?!(?P=q))[^\n]){1,256}?)(?P=q)"
    r"|(?P<uv>[^\s\"'`\\,;&<>|(){}\[\]]{1,256}))"
)
# The key must contain a secret-ish word; otherwise `https://…?token=…` would be swallowed by a
# match on `https:` (finditer never overlaps), and every `x=y` in a log would cost a Python call.
_KEY = (
    r"(?P<key>[A-Za-z0-9_.\-]{0,40}?"
    r"(?i:pass|pwd|pw|secret|token|key|auth|cred|sess|sig|cookie|salt|hmac|otp)[A-Za-z0-9_.\-]{0,40})"
)
ASSIGNMENT_RE = re.compile(r"(?<![A-Za-z0-9_.\-])" + _KEY + r"\\?[\"']?[ \t]*(?P<sep>:=|=>|==|=|:)[ \t]*" + _VALUE)
FLAG_RE = re.compile(r"(?<![\w-])--" + _KEY + r"(?P<sep>=|[ \t]+)" + _VALUE)

KEYWORDS = (
    "pass",
    "pwd",
    "pw",
    "secret",
    "token",
    "key",
    "auth",
    "cred",
    "sess",
    "sig",
    "cookie",
    "salt",
    "hmac",
    "otp",
)

_WORDS_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")

_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pass", "passphrase", "passcode", "pw", "pswd"})
_PASSWORD_SUFFIXES = ("password", "passwd", "pwd", "passphrase")
_STRONG_WORDS = frozenset(
    {
        "secret",
        "secrets",
        "token",
        "apikey",
        "credential",
        "credentials",
        "creds",
        "privatekey",
        "secretkey",
        "accesskey",
        "accesstoken",
        "authtoken",
        "clientsecret",
        "refreshtoken",
        "sessiontoken",
        "bearer",
    }
)
_STRONG_SUFFIXES = ("secret", "token", "apikey")
_KEY_QUALIFIERS = frozenset(
    {
        "api",
        "access",
        "secret",
        "private",
        "signing",
        "encryption",
        "master",
        "auth",
        "account",
        "storage",
        "service",
        "client",
        "app",
        "webhook",
        "shared",
        "license",
        "sas",
        "admin",
        "root",
        "ssh",
        "deploy",
        "hmac",
        "jwt",
        "enc",
        "write",
        "read",
        "subscription",
    }
)
_WEAK_WORDS = frozenset(
    {
        "key",
        "auth",
        "authorization",
        "session",
        "sessionid",
        "sid",
        "cookie",
        "sig",
        "signature",
        "salt",
        "otp",
        "hmac",
    }
)
# Any of these words anywhere in the key: an identifier, a setting or a metric, not a credential.
_DENY_WORDS = frozenset(
    {
        "public",
        "pub",
        "csrf",
        "xsrf",
        "max",
        "min",
        "num",
        "total",
        "idempotency",
        "cache",
        "partition",
        "sort",
        "primary",
        "foreign",
        "routing",
        "shard",
        "dedup",
        "dedupe",
        "lookup",
        "hot",
        "next",
        "page",
        "continuation",
        "cursor",
        "keyboard",
        "keyspace",
        "keys",
        "tokens",
        "tokenizer",
        "fingerprint",
        "kid",
        "bypass",
        "compass",
        "secretary",
    }
)
# The last word of the key names what the value is about: `token_url`, `key_id`, `password_ttl`.
_DENY_LAST = frozenset(
    {
        "id",
        "ids",
        "url",
        "uri",
        "urls",
        "path",
        "file",
        "dir",
        "count",
        "len",
        "length",
        "size",
        "ttl",
        "type",
        "name",
        "names",
        "version",
        "prefix",
        "suffix",
        "format",
        "endpoint",
        "expiry",
        "expires",
        "expiration",
        "at",
        "rotation",
        "rotated",
        "days",
        "rate",
        "reset",
        "hint",
        "policy",
        "limit",
        "usage",
        "header",
        "field",
        "env",
        "ref",
        "arn",
        "region",
        "algorithm",
        "alg",
        "issuer",
        "audience",
        "scope",
        "scopes",
        "hash",
        "sha",
        "enabled",
        "required",
        "age",
        "timeout",
        "interval",
        "ms",
        "sec",
        "secs",
        "seconds",
        "mins",
        "minutes",
        "hours",
        "index",
        "pattern",
        "source",
        "store",
        "vault",
        "mode",
        "status",
        "state",
        "error",
        "errors",
        "failures",
        "attempts",
        "retries",
        "metric",
        "budget",
        "quota",
        "bytes",
        "lifetime",
        "created",
        "updated",
        "owner",
        "user",
        "username",
        "login",
        "email",
        "account",
        "location",
        "provider",
        "manager",
        "label",
        "labels",
        "strength",
        "changed",
        "valid",
        "invalid",
        "missing",
        "used",
        "expired",
        "refresh",
    }
)
# Bare words after `password=` that report a state rather than being a password.
STATE_WORDS = frozenset(
    {
        "failed",
        "invalid",
        "expired",
        "required",
        "missing",
        "wrong",
        "incorrect",
        "ok",
        "denied",
        "reset",
        "set",
        "unset",
        "changed",
        "rotated",
        "empty",
        "valid",
        "none",
        "null",
        "nil",
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "enabled",
        "disabled",
        "hidden",
        "masked",
        "redacted",
        "omitted",
        "prompt",
        "stdin",
        "file",
        "env",
        "vault",
        "undefined",
    }
)
# Documentation stand-ins, never real credentials.
_PLACEHOLDER_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "pwd",
        "secret",
        "token",
        "apikey",
        "api_key",
        "example",
        "placeholder",
        "redacted",
        "filtered",
        "hidden",
        "masked",
        "todo",
        "tbd",
        "n/a",
        "na",
        "none",
        "null",
        "nil",
        "undefined",
        "true",
        "false",
        "...",
    }
)
_REFERENCE_PREFIXES = (
    "os.environ",
    "process.env",
    "env.",
    "secrets.",
    "vars.",
    "settings.",
    "config.",
    "arn:",
)
_NUMBERISH_RE = re.compile(r"^[+-]?[0-9][0-9.,:_-]*[a-zA-Z%]{0,3}$")
_LETTERS_RE = re.compile(r"^[A-Za-z_.\-]+$")
_HEX_RE = re.compile(r"^[0-9a-fA-F-]+$")
_AUTH_SCHEME_RE = re.compile(r"(?i:bearer|basic|token|digest|bot)\s")


def _random_dense(value: str) -> bool:
    """Generated key material (both cases, digits, dense), which a file path never is."""
    return (
        len(value) >= 20
        and any(c.isupper() for c in value)
        and any(c.islower() for c in value)
        and any(c.isdigit() for c in value)
        and shannon_entropy(value) >= 4.0
    )


class _Family:
    PASSWORD = "password"  # noqa: S105  (a family name, not a credential)
    STRONG = "strong"
    WEAK = "weak"


def key_words(key: str) -> list[str]:
    """Lower-case words of a key: ``AWS_SECRET_KEY`` → aws, secret, key; ``dbPassword`` → db, password."""
    return [w.lower() for w in _WORDS_RE.findall(key)]


def key_family(key: str) -> str | None:
    """Which kind of secret a key names (password / strong / weak), or None for ordinary keys."""
    words = key_words(key)
    if not words or words[-1] in _DENY_LAST or any(w in _DENY_WORDS for w in words):
        return None
    family: str | None = None
    for i, w in enumerate(words):
        if w in _PASSWORD_WORDS or w.endswith(_PASSWORD_SUFFIXES):
            return _Family.PASSWORD
        qualified_key = (w == "key" and i > 0 and words[i - 1] in _KEY_QUALIFIERS) or (
            w.endswith("key") and w[:-3] in _KEY_QUALIFIERS
        )
        if w in _STRONG_WORDS or w.endswith(_STRONG_SUFFIXES) or qualified_key:
            family = _Family.STRONG
        elif w in _WEAK_WORDS and family is None:
            family = _Family.WEAK
    return family


def is_placeholder_value(value: str) -> bool:
    """``${DB_PASS}``, ``<token>``, ``****``, ``xxxx``, ``[REDACTED]``, ``{{ .Values.x }}``, ``%s``…"""
    v = value.strip()
    low = v.lower()
    if not v or low in _PLACEHOLDER_WORDS:
        return True
    if v[0] in "$%<{[*" or v.startswith(("#{", "@")):
        return True
    if len(set(v)) == 1:
        return True
    if set(low) <= set("x*.-_ "):
        return True
    return "redacted" in low or "your_" in low or "your-" in low or low.startswith(("changeme", "example"))


def classify_assignment(key: str, sep: str, value: str, *, quoted: bool) -> str | None:
    """The entity type to redact ``value`` as, or None when the assignment is not a secret."""
    family = key_family(key)
    if family is None or is_placeholder_value(value):
        return None
    if value.startswith(_REFERENCE_PREFIXES):
        return None
    if value.startswith(("/", "~/", "./", "../")) and not _random_dense(value):
        return None  # a path; but 1 in 64 AWS secret keys starts with `/` too
    if _AUTH_SCHEME_RE.match(value):
        return None  # `"Authorization": "Bearer …"`: the header rules redact just the credential
    words = key_words(key)
    letters_only = _LETTERS_RE.match(value) is not None
    if family == _Family.PASSWORD:
        if letters_only and value.lower() in STATE_WORDS:
            return None
        # `password: rotated yesterday` is prose; `password=hunter` is a password.
        if letters_only and not quoted and sep.strip() in ("", ":") and value.islower():
            return None
        if len(value) < 3 and not quoted:
            return None
        return ent.PASSWORD
    if len(value) < 8 or letters_only or _NUMBERISH_RE.match(value):
        return None
    if family == _Family.WEAK:
        has_digit = any(c.isdigit() for c in value)
        has_alpha = any(c.isalpha() for c in value)
        if len(value) < 16 or not (has_digit and has_alpha) or shannon_entropy(value) < 3.5:
            return None
        if _HEX_RE.match(value):
            return None  # SHAs, trace ids and UUIDs are incident facts, not secrets
    return _specific_type(words)


def _specific_type(words: list[str]) -> str:
    """Name the credential after its vendor when the key says which one it is."""
    ws = set(words)
    if "aws" in ws or {"secret", "access"} <= ws:
        return ent.AWS_SECRET_KEY
    if "twilio" in ws:
        return ent.TWILIO_KEY
    if "azure" in ws or "storage" in ws:
        return ent.AZURE_STORAGE_KEY
    if "sendgrid" in ws:
        return ent.SENDGRID_KEY
    if "stripe" in ws:
        return ent.STRIPE_KEY
    if "github" in ws or "gh" in ws:
        return ent.GITHUB_TOKEN
    if "npm" in ws:
        return ent.NPM_TOKEN
    if "pypi" in ws:
        return ent.PYPI_TOKEN
    if "slack" in ws:
        return ent.SLACK_TOKEN
    return ent.SECRET


@dataclass(frozen=True)
class Hit:
    entity_type: str
    start: int
    end: int


def find_assignments(text: str) -> Iterator[Hit]:
    """Every secret value assigned to a secret-like key in ``text``."""
    for regex in (ASSIGNMENT_RE, FLAG_RE):
        for m in regex.finditer(text):
            group = "qv" if m.group("qv") is not None else "uv"
            value = m.group(group)
            start, end = m.span(group)
            if group == "uv" and text[end : end + 1] == "(":
                continue  # `password=get_secret("db")` names a lookup, not a value
            if text[max(0, m.start() - 3) : m.start()] == "://":
                continue  # `https://x-access-token:…@host`: URL credentials have their own rule
            entity = classify_assignment(m.group("key"), m.group("sep"), value, quoted=group == "qv")
            if entity is not None:
                yield Hit(entity, start, end)
