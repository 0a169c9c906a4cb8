"""Credential shapes with a fixed prefix or structure (gitleaks / detect-secrets class).

Each rule is case-sensitive where the vendor's format is, carries cheap lower-case keywords (the
regex runs only when one is present, as gitleaks does) and an optional check on the match
(entropy floor, placeholder filter, structure).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bot.redaction import entities as ent
from bot.redaction.recognizers.keyvalue import Hit, is_placeholder_value
from bot.redaction.textutil import shannon_entropy

Check = Callable[[str], bool]
_CONTEXT_CHARS = 200


@dataclass(frozen=True)
class TokenRule:
    """One credential shape: the first matched group named ``s…`` (else the whole match) is redacted."""

    name: str
    entity_type: str
    pattern: re.Pattern[str]
    keywords: tuple[str, ...] = ()
    check: Check | None = None
    context: tuple[str, ...] = ()
    """Lower-case words one of which must be within ``_CONTEXT_CHARS`` of a match for it to get
    ``entity_type``; without them it is reported as a generic ``SECRET``."""

    def find(self, text: str, lowered: str) -> Iterator[Hit]:
        if self.keywords and not any(k in lowered for k in self.keywords):
            return
        groups = [g for g in self.pattern.groupindex if g.startswith("s")]
        for m in self.pattern.finditer(text):
            group: str | int = next((g for g in groups if m.group(g) is not None), 0)
            value = m.group(group)
            if self.check is not None and not self.check(value):
                continue
            start, end = m.span(group)
            entity = self.entity_type
            if self.context:
                around = lowered[max(0, start - _CONTEXT_CHARS) : end + _CONTEXT_CHARS]
                if not any(word in around for word in self.context):
                    entity = ent.SECRET
            yield Hit(entity, start, end)


def _min_entropy(bits: float) -> Check:
    def check(value: str) -> bool:
        return shannon_entropy(value) >= bits

    return check


def _aws_secret(value: str) -> bool:
    has_upper = any(c.isupper() for c in value)
    has_lower = any(c.islower() for c in value)
    has_digit = any(c.isdigit() for c in value)
    # A 40-char run of base64 letters with both cases and a digit, dense like random bytes:
    # lower-case hex SHAs and URL paths fail one of these.
    return (
        has_upper
        and has_lower
        and has_digit
        and value.count("/") <= 3
        and not value.startswith("/")
        and shannon_entropy(value) >= 4.2
    )


def _b64url_json(part: str) -> bool:
    padded = part + "=" * (-len(part) % 4)
    try:
        decoded = base64.urlsafe_b64decode(padded)
    except (binascii.Error, ValueError):
        return False
    try:
        return isinstance(json.loads(decoded), dict)
    except (UnicodeDecodeError, json.JSONDecodeError):
        # A truncated paste still counts when the header is a JSON object start.
        return decoded.startswith(b'{"')


def _jwt(value: str) -> bool:
    header = value.split(".", 1)[0]
    return _b64url_json(header)


def _not_placeholder(value: str) -> bool:
    return not is_placeholder_value(value)


def _bearer_value(value: str) -> bool:
    if is_placeholder_value(value):
        return False
    return any(c.isdigit() for c in value) or any(c in "._-+/=~" for c in value)


def _basic_value(value: str) -> bool:
    if is_placeholder_value(value):
        return False
    padded = value + "=" * (-len(value) % 4)
    try:
        decoded = base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return False
    return b":" in decoded


def _url_password(value: str) -> bool:
    return _not_placeholder(value) and not value.startswith("//")


_NB = r"(?<![A-Za-z0-9_])"  # not preceded by a word char
_NA = r"(?![A-Za-z0-9_])"  # not followed by a word char

RULES: tuple[TokenRule, ...] = (
    TokenRule(
        "aws-access-key-id",
        ent.AWS_ACCESS_KEY_ID,
        re.compile(r"(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])"),
        ("a3t", "akia", "asia", "abia", "acca"),
        _min_entropy(3.0),
    ),
    TokenRule(
        "aws-secret-access-key",
        ent.AWS_SECRET_KEY,
        re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"),
        (),
        _aws_secret,
        # Any 40 random base64 chars fit; call it an AWS key only when the text talks about AWS.
        context=("aws", "akia", "asia", "iam", "secret_access", "secretaccess", "secret access", "s3"),
    ),
    TokenRule(
        "github-token",
        ent.GITHUB_TOKEN,
        re.compile(_NB + r"(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})" + _NA),
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
        _min_entropy(3.0),
    ),
    TokenRule(
        "slack-token",
        ent.SLACK_TOKEN,
        re.compile(
            r"(?<![A-Za-z0-9-])(?:xox[abposre]-[0-9]{6,}-[A-Za-z0-9-]{6,}"
            r"|xapp-[0-9]-[A-Za-z0-9-]{10,}|xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{20,})(?![A-Za-z0-9-])"
        ),
        ("xox", "xapp-"),
        _min_entropy(2.5),
    ),
    TokenRule(
        "slack-webhook",
        ent.SLACK_WEBHOOK,
        re.compile(
            r"hooks\.slack\.com/(?:services|workflows|triggers)/"
            r"(?P<s>T[A-Z0-9]{6,}/[A-Z][A-Z0-9]{6,}/[A-Za-z0-9]{16,}|[A-Za-z0-9_/-]{30,})"
        ),
        ("hooks.slack.com",),
    ),
    TokenRule(
        "stripe-key",
        ent.STRIPE_KEY,
        re.compile(_NB + r"(?:[sr]k_(?:live|test|prod)_[A-Za-z0-9]{16,247}|whsec_[A-Za-z0-9]{24,})" + _NA),
        ("sk_", "rk_", "whsec_"),
        _min_entropy(3.0),
    ),
    TokenRule(
        "google-api-key",
        ent.GOOGLE_API_KEY,
        re.compile(r"(?<![A-Za-z0-9_-])(?:AIza[0-9A-Za-z_-]{35}|GOCSPX-[A-Za-z0-9_-]{28})(?![A-Za-z0-9_-])"),
        ("aiza", "gocspx-"),
        _min_entropy(3.0),
    ),
    TokenRule(
        "npm-token",
        ent.NPM_TOKEN,
        re.compile(_NB + r"npm_[A-Za-z0-9]{36}" + _NA),
        ("npm_",),
        _min_entropy(3.0),
    ),
    TokenRule(
        "pypi-token",
        ent.PYPI_TOKEN,
        re.compile(r"(?<![A-Za-z0-9_-])pypi-AgE[A-Za-z0-9_-]{50,}"),
        ("pypi-age",),
    ),
    TokenRule(
        "sendgrid-key",
        ent.SENDGRID_KEY,
        re.compile(r"(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"),
        ("sg.",),
    ),
    TokenRule(
        "twilio-api-key",
        ent.TWILIO_KEY,
        re.compile(r"(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}(?![A-Za-z0-9])"),
        ("sk",),
        _min_entropy(3.0),
    ),
    TokenRule(
        "azure-storage-key",
        ent.AZURE_STORAGE_KEY,
        re.compile(
            r"(?i:AccountKey|SharedAccessKey|account_key)\s*=\s*(?P<s>[A-Za-z0-9+/]{40,}={0,2})"
            r"|[?&](?:amp;)?sig=(?P<sas>[A-Za-z0-9%+/]{30,}(?:=|%3D){0,2})"
        ),
        ("accountkey", "sharedaccesskey", "account_key", "sig="),
    ),
    TokenRule(
        "jwt",
        ent.JWT,
        re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.ey[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*"),
        ("eyj",),
        _jwt,
    ),
    TokenRule(
        "private-key",
        ent.PRIVATE_KEY,
        re.compile(
            r"-----BEGIN[A-Z0-9 _-]{0,40}PRIVATE KEY(?: BLOCK)?-----"
            r"(?:.{0,20000}?-----END[A-Z0-9 _-]{0,40}PRIVATE KEY(?: BLOCK)?-----"
            r"|(?:(?:\s|\\n|\\r)*[A-Za-z0-9+/=]{16,})+)",
            re.DOTALL,
        ),
        ("private key",),
    ),
    TokenRule(
        "authorization-header",
        ent.AUTH_TOKEN,
        re.compile(
            r"(?i:\b(?:proxy-)?authorization)\\?[\"']?\s*[:=]\s*\\?[\"']?"
            r"(?i:bearer|token|bot|apikey|sso-key|digest)\s+(?P<s>[A-Za-z0-9._~+/:=-]{6,})"
        ),
        ("authorization",),
        _not_placeholder,
    ),
    TokenRule(
        "bearer-token",
        ent.AUTH_TOKEN,
        re.compile(r"(?i:\bbearer)\s+(?P<s>[A-Za-z0-9._~+/-]{16,}=*)"),
        ("bearer",),
        _bearer_value,
    ),
    TokenRule(
        "basic-auth",
        ent.BASIC_AUTH,
        re.compile(r"(?i:\bbasic)\s+(?P<s>[A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])"),
        ("basic",),
        _basic_value,
    ),
    TokenRule(
        "url-password",
        ent.PASSWORD,
        re.compile(
            r"(?i:\b[a-z][a-z0-9+.-]{1,20}://)[^\s:/@<>|\"'`]{0,128}:"
            r"(?P<s>[^\s/<>|\"'`]{1,256})@(?=[A-Za-z0-9\[])"
        ),
        ("://",),
        _url_password,
    ),
    TokenRule(
        "cli-password",
        ent.PASSWORD,
        re.compile(
            r"(?:\bredis-cli\b[^\n]{0,200}?[ \t]-a[ \t]+|\bmysql(?:dump|admin)?\b[^\n]{0,200}?[ \t]-p"
            r"|\blogin[ \t]+\S+[ \t]+password[ \t]+)"
            r"[\"']?(?P<s>[^\s\"']+)"
        ),
        ("redis-cli", "mysql", "password"),
        _not_placeholder,
    ),
    TokenRule(
        "curl-user",
        ent.PASSWORD,
        re.compile(r"(?:^|\s)(?:-u|--user)\s+[\"']?[^\s:\"']+:(?P<s>[^\s\"']+)"),
        ("-u ", "--user"),
        _not_placeholder,
    ),
)
