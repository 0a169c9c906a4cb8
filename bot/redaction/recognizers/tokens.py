"""Credential shapes with a fixed prefix or structure (gitleaks / detect-secrets class).

Each rule is case-sensitive where the vendor's format is, carries cheap lower-case keywords (the
regex runs only when one is present, as gitleaks does) and an optional check on the match
(entropy floor, placeholder filter, structure).
"""

from __future__ import annotations

import base64
import binascii
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
        # map, not a generator expression: every rule asks this of every text (a third of the scan's time)
        if self.keywords and not any(map(lowered.__contains__, self.keywords)):
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


def _not_one_repeated_char(value: str) -> bool:
    # `AKIAXXXXXXXXXXXXXXXX`: a documentation placeholder, the one shape not failed closed.
    return len(set(value[4:])) > 1


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


_HEXISH_RE = re.compile(r"^[0-9a-fA-F]+$")


def _pgpass_value(value: str) -> bool:
    # An IPv6 address or a MAC (`fe80:0:0:0:1`) has the same colon shape, but hex fields only.
    return _not_placeholder(value) and not _HEXISH_RE.match(value)


def _kubernetes_data_value(value: str) -> bool:
    # base64 of anything has a digit or padding, or is long and mixed-case; `Secret`, `Opaque` are words.
    if any(c.isdigit() or c in "=+/" for c in value):
        return True
    return len(value) >= 16 and value != value.lower() and value != value.upper()


_NB = r"(?<![A-Za-z0-9_])"  # not preceded by a word char
_NA = r"(?![A-Za-z0-9_])"  # not followed by a word char

CORE_RULES: tuple[TokenRule, ...] = (
    TokenRule(
        "aws-access-key-id",
        ent.AWS_ACCESS_KEY_ID,
        # Fail closed: real ids use base32 ([A-Z2-7]), but anything of this shape is treated as one,
        # placeholders such as AKIAXXXXXXXXXXXXXXXX included (redacting them costs nothing).
        re.compile(r"(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])"),
        ("a3t", "akia", "asia", "abia", "acca"),
        _not_one_repeated_char,
    ),
    TokenRule(
        "aws-session-token",
        ent.AWS_SESSION_TOKEN,
        # STS session tokens are 300-1,000+ base64 chars, longer than any key=value value limit:
        # matched by their own key names, or by the fixed start of the serialised token.
        re.compile(
            r"(?i:session_?token|security_?token)\\?[\"']?[ \t]*[:=][ \t]*\\?[\"']?(?P<s>[A-Za-z0-9+/]{40,}={0,2})"
            r"|(?<![A-Za-z0-9+/])(?P<s2>(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9+/]{40,}={0,2})"
        ),
        (
            "sessiontoken",
            "session_token",
            "securitytoken",
            "security_token",
            "iqojb3jpz2lu",
            "fwogzxivyxdz",
            "fqogzxivyxdz",
        ),
        _not_placeholder,
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
        # Fail closed: any `xox?-` / `xapp-` run is a Slack token, whatever its inner layout.
        re.compile(
            r"(?<![A-Za-z0-9-])(?:xox[a-z]-[A-Za-z0-9-]{8,}|xapp-[0-9]-[A-Za-z0-9-]{10,}"
            r"|xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{20,})(?![A-Za-z0-9-])"
        ),
        ("xox", "xapp-"),
    ),
    TokenRule(
        "slack-webhook",
        ent.SLACK_WEBHOOK,
        re.compile(
            r"hooks\.slack\.com/(?:services|workflows|triggers)/"
            r"(?P<s>T[A-Z0-9]{6,}/[A-Z][A-Z0-9]{6,}/[A-Za-z0-9/]{16,}|[A-Za-z0-9_/+-]{30,})"
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
        # Fail closed: `eyJ` is base64 of `{"`; any `eyJ….ey…` is a token, signature or not.
        re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.ey[A-Za-z0-9_-]{10,}(?:\.[A-Za-z0-9_-]*={0,2})?"),
        ("eyj",),
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
        "private-key-body",
        ent.PRIVATE_KEY,
        # A PEM body pasted without its BEGIN line: DER of a private key starts with a SEQUENCE and
        # the version INTEGER 0/1 (`MII..IBA`, `MHcCAQEE`, `MIGHAgEA`, `MC4CAQAw`), or is an
        # OpenSSH key (`openssh-key-v1`). Certificates and public keys start differently and stay.
        re.compile(
            r"(?<![A-Za-z0-9+/])(?:MII[A-Za-z0-9+/]{3}IBA|MHcCAQEE|MIGHAgEA|MC4CAQAw|b3BlbnNzaC1rZXktdjE)"
            r"[A-Za-z0-9+/]{8,}={0,2}(?:(?:\r?\n|\\n)[ \t]*[A-Za-z0-9+/]{4,}={0,2})*"
        ),
        ("iba", "mhccaqee", "mighagea", "mc4caqaw", "b3blbnnzac1rzxktdje"),
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
            r"|\blogin[ \t]+\S+[ \t]+password[ \t]+"
            r"|\b(?:sshpass|(?:docker|podman|buildah|skopeo|nerdctl|oras|helm[ \t]+registry)[ \t]+login)\b"
            r"[^\n]{0,200}?[ \t](?:-p|--password)(?:[ \t]+|=))"
            r"[\"']?(?P<s>[^\s\"']+)"
        ),
        ("redis-cli", "mysql", "password", "sshpass", "login"),
        _not_placeholder,
    ),
    TokenRule(
        "pgpass-line",
        ent.PASSWORD,
        # ~/.pgpass: host:port:database:user:password (port a number or *; a host has a letter and a
        # user is not all digits, so a time like 12:30:45:123 is not a host and a port).
        re.compile(
            r"(?m)(?:^|(?<=[\s`'\"]))(?=[\w.*-]*[A-Za-z*])[\w.*-]{1,253}:(?:[0-9]{2,5}|\*):[\w.*-]{1,63}:(?![0-9]+:)[\w.*@-]{1,63}:(?P<s>[^\s:]{3,128})(?=\s|$)"
        ),
        (":",),
        _pgpass_value,
    ),
    TokenRule(
        "curl-user",
        ent.PASSWORD,
        re.compile(r"(?:^|\s)(?:-u|--user)\s+[\"']?[^\s:\"']+:(?P<s>[^\s\"']+)"),
        ("-u ", "--user"),
        _not_placeholder,
    ),
)


def _token(name: str, entity: str, body: str, keywords: tuple[str, ...], bits: float | None = 3.0) -> TokenRule:
    """A token recognised by its own prefix and shape, anywhere in the text (no keyword needed)."""
    pattern = re.compile(r"(?<![A-Za-z0-9_-])(?:" + body + r")(?![A-Za-z0-9_-])")
    return TokenRule(name, entity, pattern, keywords, _min_entropy(bits) if bits else None)


# Provider token formats, written from the facts the public rule sets record (gitleaks
# config/gitleaks.toml, detect-secrets plugins): prefix, length, alphabet. Where a vendor documents
# a fixed prefix, the length bounds are loosened (fail closed): a token of the right family that is
# a few characters off is still a token.
PROVIDER_RULES: tuple[TokenRule, ...] = (
    _token(
        "openai-key",
        ent.OPENAI_KEY,
        r"sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,300}"
        r"|sk-[A-Za-z0-9_-]{8,200}T3BlbkFJ[A-Za-z0-9_-]{8,200}",
        ("sk-",),
    ),
    _token("anthropic-key", ent.ANTHROPIC_KEY, r"sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_-]{32,200}", ("sk-ant-",)),
    _token("vault-token", ent.VAULT_TOKEN, r"hv[sbr]\.[A-Za-z0-9_-]{24,400}", ("hvs.", "hvb.", "hvr.")),
    TokenRule(
        "vault-legacy-token",
        ent.VAULT_TOKEN,
        # Pre-1.10 service tokens: `s.` + 24 alphanumerics with letters and digits.
        re.compile(r"(?<![A-Za-z0-9_.-])s\.(?=[a-zA-Z]*[0-9])(?=[0-9]*[a-zA-Z])[A-Za-z0-9]{24}(?![A-Za-z0-9_.-])"),
        ("s.",),
        _min_entropy(3.0),
    ),
    _token("digitalocean-token", ent.DIGITALOCEAN_TOKEN, r"do[por]_v1_[a-f0-9]{64}", ("_v1_",)),
    _token(
        "gitlab-token",
        ent.GITLAB_TOKEN,
        r"(?:glpat|gldt|glrt|glcbt|glptt|gloas|glft|glimt|glagent|glsoat|glffct|glcbt|glwt|glsa)-[A-Za-z0-9_.-]{20,400}"
        r"|GR1348941[A-Za-z0-9_-]{20,80}|_gitlab_session=[0-9a-z]{32}",
        ("gl", "gr1348941", "_gitlab_session"),
    ),
    _token("aws-bedrock-key", ent.API_KEY, r"ABSK[A-Za-z0-9+/]{100,300}={0,2}", ("absk",)),
    _token("aws-bedrock-short", ent.API_KEY, r"bedrock-api-key-[A-Za-z0-9+/=%&._-]{20,4000}", ("bedrock-api-key",)),
    _token("huggingface-token", ent.API_KEY, r"hf_[A-Za-z0-9]{30,40}|api_org_[A-Za-z0-9]{30,40}", ("hf_", "api_org_")),
    _token("shopify-token", ent.API_KEY, r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}", ("shp",)),
    _token(
        "1password-secret-key",
        ent.API_KEY,
        r"A3-[A-Z0-9]{6}-[A-Z0-9-]{11,12}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}",
        ("a3-",),
    ),
    _token("1password-service-token", ent.API_KEY, r"ops_eyJ[A-Za-z0-9+/]{100,}={0,3}", ("ops_eyj",)),
    _token("adobe-client-secret", ent.API_KEY, r"p8e-[A-Za-z0-9]{32}", ("p8e-",)),
    _token("age-secret-key", ent.PRIVATE_KEY, r"AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}", ("age-secret-key-",), None),
    _token("airtable-pat", ent.API_KEY, r"pat[A-Za-z0-9]{14}\.[a-f0-9]{64}", ("pat",)),
    _token("alibaba-key-id", ent.API_KEY, r"LTAI[A-Za-z0-9]{12,30}", ("ltai",)),
    _token("artifactory-key", ent.API_KEY, r"AKCp[A-Za-z0-9]{60,80}|cmVmd[A-Za-z0-9]{50,70}", ("akcp", "cmvmd")),
    _token(
        "authress-key",
        ent.API_KEY,
        r"(?:sc|ext|scauth|authress)_[A-Za-z0-9]{5,30}\.[A-Za-z0-9]{4,6}\.acc[_-][A-Za-z0-9-]{10,32}\.[A-Za-z0-9+/_=-]{30,120}",
        (".acc",),
    ),
    _token(
        "azure-ad-client-secret",
        ent.API_KEY,
        r"(?<![A-Za-z0-9_~.])[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}",
        ("q~",),
    ),
    _token("clickhouse-key", ent.API_KEY, r"4b1d[A-Za-z0-9]{38}", ("4b1d",)),
    _token("clojars-token", ent.API_KEY, r"(?i:CLOJARS_)[A-Za-z0-9]{60}", ("clojars_",)),
    _token("cloudflare-origin-ca", ent.API_KEY, r"v1\.0-[a-f0-9]{24}-[a-f0-9]{146}", ("v1.0-",)),
    _token("databricks-token", ent.API_KEY, r"dapi[a-f0-9]{32}(?:-[0-9])?|dose[a-f0-9]{32}", ("dapi", "dose")),
    _token("doppler-token", ent.API_KEY, r"dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9_-]{40,44}", ("dp.",)),
    _token("duffel-token", ent.API_KEY, r"duffel_(?:test|live)_[A-Za-z0-9_=-]{43}", ("duffel_",)),
    _token("dynatrace-token", ent.API_KEY, r"dt0[a-z][0-9]{2}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}", ("dt0",)),
    _token("easypost-key", ent.API_KEY, r"EZ[AT]K[A-Za-z0-9]{54}", ("ezak", "eztk")),
    _token("facebook-token", ent.API_KEY, r"EAA[A-Za-z0-9]{90,}", ("eaa",)),
    _token(
        "facebook-app-token",
        ent.API_KEY,
        r"(?<![0-9])[0-9]{15,16}(?:\||%7C|%)[A-Za-z0-9_-]{27,43}",
        ("|", "%"),
    ),
    _token("flutterwave-key", ent.API_KEY, r"FLW(?:SECK|PUBK)_(?:TEST|LIVE)-[A-Za-z0-9]{12,32}(?:-X)?", ("flw",)),
    _token(
        "flyio-token",
        ent.API_KEY,
        r"fo1_[A-Za-z0-9_-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,3}|fm2_[A-Za-z0-9+/]{100,}={0,3}",
        ("fo1_", "fm1", "fm2_"),
    ),
    _token("frameio-token", ent.API_KEY, r"fio-u-[A-Za-z0-9_=-]{64}", ("fio-u-",)),
    _token(
        "grafana-token",
        ent.API_KEY,
        r"glc_[A-Za-z0-9+/]{32,400}={0,3}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}",
        ("glc_", "glsa_"),
    ),
    _token("grafana-api-key", ent.API_KEY, r"eyJrIjoi[A-Za-z0-9]{40,400}={0,3}", ("eyjrijoi",)),
    _token(
        "harness-key",
        ent.API_KEY,
        r"(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}",
        ("pat.", "sat."),
    ),
    _token("terraform-cloud-token", ent.API_KEY, r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}", (".atlasv1.",)),
    _token("heroku-key", ent.API_KEY, r"HRKU-[A-Za-z0-9_-]{40,80}", ("hrku-",)),
    _token("infracost-token", ent.API_KEY, r"ico-[A-Za-z0-9]{32}", ("ico-",)),
    _token("intra42-secret", ent.API_KEY, r"s-s4t2(?:ud|af)-[A-Fa-f0-9]{64}", ("s-s4t2",)),
    _token("jwt-base64", ent.JWT, r"ZXlK[A-Za-z0-9+/]{40,}={0,2}", ("zxlk",)),
    _token("linear-key", ent.API_KEY, r"lin_(?:api|oauth)_[A-Za-z0-9]{40}", ("lin_",)),
    _token("maxmind-key", ent.API_KEY, r"[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk", ("_mmk",)),
    _token("notion-token", ent.API_KEY, r"ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43}", ("ntn_", "secret_")),
    _token("octopus-key", ent.API_KEY, r"API-[A-Z0-9]{26}", ("api-",)),
    _token("openshift-token", ent.API_KEY, r"sha256~[A-Za-z0-9_-]{43}", ("sha256~",)),
    _token("perplexity-key", ent.API_KEY, r"pplx-[A-Za-z0-9]{48}", ("pplx-",)),
    _token("planetscale-token", ent.API_KEY, r"pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_=.-]{32,64}", ("pscale_",)),
    _token("postman-key", ent.API_KEY, r"PMAK-[A-Fa-f0-9]{24}-[A-Fa-f0-9]{34}", ("pmak-",)),
    _token("prefect-key", ent.API_KEY, r"pnu_[A-Za-z0-9]{36}", ("pnu_",)),
    _token("pulumi-token", ent.API_KEY, r"pul-[a-f0-9]{40}", ("pul-",)),
    _token("readme-key", ent.API_KEY, r"rdme_[a-z0-9]{70}", ("rdme_",)),
    _token("rubygems-key", ent.API_KEY, r"rubygems_[a-f0-9]{48}", ("rubygems_",)),
    _token("scalingo-token", ent.API_KEY, r"tk-us-[A-Za-z0-9_-]{48}", ("tk-us-",)),
    _token(
        "sendinblue-key",
        ent.API_KEY,
        r"xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}|xsmtpsib-[a-f0-9]{64}-[A-Za-z0-9]{16}",
        ("sib-",),
    ),
    _token(
        "sentry-token",
        ent.API_KEY,
        r"sntry[us]_[A-Za-z0-9+/=_]{40,400}",
        ("sntry",),
    ),
    _token("settlemint-token", ent.API_KEY, r"sm_(?:aat|pat|sat)_[A-Za-z0-9]{16}", ("sm_",)),
    _token("shippo-token", ent.API_KEY, r"shippo_(?:live|test)_[A-Fa-f0-9]{40}", ("shippo_",)),
    _token(
        "sourcegraph-token",
        ent.API_KEY,
        r"sgp_(?:[A-Fa-f0-9]{16}|local)_[A-Fa-f0-9]{40}|sgp_[A-Fa-f0-9]{40}",
        ("sgp_",),
    ),
    _token("square-token", ent.API_KEY, r"(?:EAAA|sq0atp-|sq0csp-)[A-Za-z0-9_-]{22,60}", ("eaaa", "sq0")),
    _token("telegram-bot-token", ent.API_KEY, r"[0-9]{8,10}:AA[A-Za-z0-9_-]{32,33}", (":aa",)),
    _token(
        "discord-bot-token",
        ent.API_KEY,
        r"[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}",
        (".",),
        3.5,
    ),
    _token("mailchimp-key", ent.API_KEY, r"[0-9a-f]{32}-us[0-9]{1,2}", ("-us",)),
    _token("mailgun-key", ent.API_KEY, r"key-[0-9a-f]{32}", ("key-",)),
    _token(
        "new-relic-key",
        ent.API_KEY,
        r"NRAK-[A-Z0-9]{27}|NRJS-[a-f0-9]{19}|NRII-[A-Za-z0-9_-]{32}",
        ("nrak-", "nrjs-", "nrii-"),
    ),
    _token("docker-pat", ent.API_KEY, r"dckr_pat_[A-Za-z0-9_-]{27}|dckr_oat_[A-Za-z0-9_-]{32}", ("dckr_",)),
    _token(
        "atlassian-token", ent.API_KEY, r"ATATT3[A-Za-z0-9_=-]{186}|ATCTT3[A-Za-z0-9_=-]{100,}", ("atatt3", "atctt3")
    ),
    _token("bitbucket-app-password", ent.API_KEY, r"ATBB[A-Za-z0-9_=.-]{28,40}", ("atbb",)),
    _token("contentful-pat", ent.API_KEY, r"CFPAT-[A-Za-z0-9_-]{43}", ("cfpat-",)),
    _token("typeform-token", ent.API_KEY, r"tfp_[A-Za-z0-9_.=-]{59}", ("tfp_",)),
    _token(
        "plaid-access-token",
        ent.API_KEY,
        r"access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        ("access-",),
    ),
    TokenRule(
        "sidekiq-url",
        ent.PASSWORD,
        re.compile(r"(?i:https?://)(?P<s>[a-f0-9]{8}:[a-f0-9]{8})@(?:gems|enterprise)\.contribsys\.com"),
        ("contribsys",),
    ),
    TokenRule(
        "microsoft-teams-webhook",
        ent.API_KEY,
        re.compile(r"https://[a-z0-9]+\.webhook\.office\.com/webhookb2/(?P<s>[A-Za-z0-9@/-]{60,})"),
        ("webhook.office.com",),
    ),
    TokenRule(
        "discord-webhook",
        ent.API_KEY,
        re.compile(r"discord(?:app)?\.com/api/webhooks/(?P<s>[0-9]{17,20}/[A-Za-z0-9_-]{60,68})"),
        ("discord",),
    ),
    TokenRule(
        "nuget-password",
        ent.PASSWORD,
        re.compile(r"(?i:<add\s+key=\"(?:ClearText)?Password\"\s*value=\")(?P<s>[^\"]{3,})\""),
        ("password",),
    ),
)

# Providers whose keys have no prefix of their own: gitleaks finds them by the provider's name in
# the key (its "semi-generic" rules). Lower-case, matched inside the key name.
PROVIDER_WORDS = (
    "adafruit", "adobe", "airtable", "algolia", "alibaba", "artifactory", "asana", "atlassian", "beamer",
    "bintray", "bitbucket", "bittrex", "cloudflare", "codecov", "cohere", "coinbase", "confluence",
    "confluent", "contentful", "contribsys", "datadog", "discord", "droneci", "dropbox", "etsy", "facebook",
    "fastly", "finicity", "finnhub", "flickr", "freshbooks", "gitter", "gocardless", "heroku", "hubspot",
    "intercom", "jfrog", "jira", "kraken", "kucoin", "launchdarkly", "linear", "linkedin", "linked_in",
    "looker", "mailchimp", "mailgun", "mapbox", "mattermost", "meraki", "messagebird", "message_bird",
    "netlify", "newrelic", "new_relic", "nytimes", "okta", "plaid", "privateai", "private_ai", "rapidapi",
    "sendbird", "sentry", "sidekiq", "snyk", "sonar", "sourcegraph", "squarespace", "sumo", "telegram",
    "travis", "twitch", "twitter", "yandex", "zendesk", "hashicorp", "terraform", "freemius",
)  # fmt: skip
# A key that names a provider and says it holds a credential (or is just the provider's name).
_PROVIDER_KEY = (
    r"(?i:[A-Za-z0-9_.-]{0,40}?(?:" + "|".join(PROVIDER_WORDS) + r")"
    r"(?:[A-Za-z0-9_.-]{0,30}?(?:key|token|secret|pass|pwd|auth|cred|sig|pat|login)[A-Za-z0-9_.-]{0,10})?)"
)
_PROVIDER_VALUE_RE = re.compile(r"^(?=[^ ]*[0-9:])[A-Za-z0-9_.+/=:~-]{8,200}$")


def _provider_value(value: str) -> bool:
    return bool(_PROVIDER_VALUE_RE.match(value)) and _not_placeholder(value) and shannon_entropy(value) >= 2.5


KEYED_RULES: tuple[TokenRule, ...] = (
    TokenRule(
        "provider-keyed-value",
        ent.API_KEY,
        re.compile(
            r"(?<![A-Za-z0-9_.-])(?:--)?" + _PROVIDER_KEY + r"[\"'`]?[ \t]*(?::=|=>|\?=|:|=|,)[ \t]*[\"'`]?"
            r"(?P<s>[A-Za-z0-9_.+/=:~-]{8,200}?)(?=[\"'`]|[\s;,]|$)"
            r"|<(?P<tag>" + _PROVIDER_KEY + r")>\s*(?P<s2>[A-Za-z0-9_.+/=:~-]{8,200})\s*</(?P=tag)>"
        ),
        PROVIDER_WORDS,
        _provider_value,
    ),
    TokenRule(
        "kubernetes-secret-data",
        ent.SECRET,
        # In a manifest of `kind: Secret`, every `name: base64` value under data is the secret.
        re.compile(r"(?m)^[ \t]*[\w.-]+:[ \t]*[\"']?(?P<s>[A-Za-z0-9+/]{6,}={0,2})[\"']?[ \t]*$"),
        ("kind: secret", 'kind: "secret', "kind: 'secret", "kind:secret"),
        _kubernetes_data_value,
    ),
)


RULES: tuple[TokenRule, ...] = CORE_RULES + PROVIDER_RULES + KEYED_RULES
