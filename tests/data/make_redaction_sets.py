"""Generate the secret evaluation sets in tests/data/redaction_sets/ (deterministic; run from the repo root).

    python tests/data/make_redaction_sets.py

* ``secrets_public.{dev,holdout}.jsonl``: every example in ``secret_sources/public_examples.jsonl``
  (taken from the gitleaks and detect-secrets fixtures, see ``extract_public.py``) embedded in a chat
  line. A fixture line is pasted as it is; a bare value gets a context drawn from the shapes those
  rule sets test (``KEY=value``, YAML, JSON, code), and only a value whose rule needs no keyword is
  also put in plain prose. Split by provider (first word of the rule id), about a third of the
  providers held out, so the holdout has formats that were never seen while tuning.
* ``adversarial.{dev,holdout}.jsonl``: the evasions named in issue 13, with fresh random values of
  the documented shapes; split by example.

Every line also carries text that must survive (host names, SHAs, ticket ids, figures).
Format per line: ``{"id", "text", "expect": [{"type", "value"}], "keep": [...], "tags": [...]}``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import string
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "secret_sources" / "public_examples.jsonl"
OUT = HERE / "redaction_sets"
R = random.Random(1307)

ALNUM = string.ascii_letters + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"
HOLDOUT_SHARE = 0.33


def rs(alphabet: str, n: int) -> str:
    return "".join(R.choice(alphabet) for _ in range(n))


# ------------------------------------------------------------------ benign surroundings (must survive)
def benign() -> tuple[str, list[str]]:
    """A short ops clause and the substrings in it that must stay."""
    sha = rs(HEX, 7)
    host = f"{R.choice(['api', 'checkout', 'billing', 'search', 'auth'])}-{R.choice(['7d9f', 'x2kq', 'b81c'])}"
    ticket = f"OPS-{R.randint(1000, 9999)}"
    pct = f"{R.randint(1, 40)}.{R.randint(0, 9)}%"
    options = [
        (f"deploy {sha} on {host} failed", [sha, host]),
        (f"({ticket}) error rate {pct} since the rollout", [ticket, f"error rate {pct}"]),
        (f"seen on {host}.prod.internal:8443", [f"{host}.prod.internal:8443"]),
        (f"rolled back to {sha}, see {ticket}", [sha, ticket]),
        (f"p99 at {R.randint(300, 2000)}ms on {host}", [host]),
    ]
    return R.choice(options)


# ------------------------------------------------------------------ types for reporting
TYPE_BY_PREFIX = (
    ("aws-access-token", "AWS_ACCESS_KEY_ID"),
    ("aws_key", "AWS_ACCESS_KEY_ID"),
    ("aws", "AWS_SECRET_KEY"),
    ("github", "GITHUB_TOKEN"),
    ("gitlab", "GITLAB_TOKEN"),
    ("slack-webhook", "SLACK_WEBHOOK"),
    ("slack", "SLACK_TOKEN"),
    ("stripe", "STRIPE_KEY"),
    ("openai", "OPENAI_KEY"),
    ("anthropic", "ANTHROPIC_KEY"),
    ("vault", "VAULT_TOKEN"),
    ("hashicorp", "VAULT_TOKEN"),
    ("digitalocean", "DIGITALOCEAN_TOKEN"),
    ("gcp-api-key", "GOOGLE_API_KEY"),
    ("npm", "NPM_TOKEN"),
    ("pypi", "PYPI_TOKEN"),
    ("sendgrid", "SENDGRID_KEY"),
    ("twilio", "TWILIO_KEY"),
    ("azure_storage", "AZURE_STORAGE_KEY"),
    ("jwt", "JWT"),
    ("private-key", "PRIVATE_KEY"),
    ("private_key", "PRIVATE_KEY"),
    ("basic_auth", "PASSWORD"),
    ("curl-auth-user", "PASSWORD"),
    ("curl-auth-header", "AUTH_TOKEN"),
    ("generic", "SECRET"),
)


def type_of(rule: str) -> str:
    return next((t for prefix, t in TYPE_BY_PREFIX if rule.startswith(prefix)), "API_KEY")


# ------------------------------------------------------------------ public examples
FIXTURE_WRAPPERS = (
    "pasted from the failing job: `{line}` — {b}",
    "```\n{line}\n```\n{b}",
    "{b}; the config had {line} in it, rotating now",
    "found this in the helm values:\n{line}\n{b}",
)


def ident(rule: str) -> str:
    word = rule.split("-", maxsplit=1)[0].replace("_", "")
    return word if word not in ("generic", "private") else R.choice(["service", "app", "backend"])


def assignment(value: str, rule: str) -> str:
    i = ident(rule)
    kind = R.choice(["token", "api_key", "secret", "key"])
    return R.choice(
        [
            f"{i.upper()}_{kind.upper()}={value}",
            f'export {i.upper()}_{kind.upper()}="{value}"',
            f"{i}_{kind}: {value}",
            f'{{"{i}_{kind}": "{value}"}}',
            f'{i}{kind.title().replace("_", "")} := "{value}"',
            f"--{i}-{kind.replace('_', '-')}={value}",
        ]
    )


PROSE = (
    "found {v} in the pod logs",
    "Invalid API key provided: {v}",
    "the runner printed {v} before it crashed",
    "whoever pasted {v} earlier, please rotate it",
    "{v}",
)


def public_record(row: dict[str, object], n: int) -> dict[str, object]:
    secret = str(row["secret"])
    rule = str(row["rule"])
    b, keep = benign()
    line = row.get("line")
    if isinstance(line, str) and len(line) < 2000 and R.random() < 0.6:
        text = R.choice(FIXTURE_WRAPPERS).format(line=line, b=b)
        shape = "fixture-line"
    elif row["anchored"] or R.random() < 0.5:
        text = f"{b} — {assignment(secret, rule)}"
        shape = "assignment"
    else:
        text = f"{b}; " + R.choice(PROSE).format(v=secret)
        shape = "prose"
    keep = [k for k in keep if k not in secret and secret.find(k) == -1]
    return {
        "id": f"pub{n:04d}",
        "text": text,
        "expect": [{"type": type_of(rule), "value": secret}],
        "keep": keep,
        "tags": [shape, f"rule:{rule}", f"source:{str(row['source']).split('@')[0]}"],
    }


def provider(rule: str) -> str:
    return rule.split("-", maxsplit=1)[0].split("_", maxsplit=1)[0]


def in_holdout(key: str) -> bool:
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % 1000 < HOLDOUT_SHARE * 1000


# Formats named in issue 13 stay in dev (they are tuned on); the adversarial holdout covers them too.
DEV_PROVIDERS = frozenset({"aws", "openai", "anthropic", "vault", "digitalocean", "github", "slack", "stripe"})


def public_sets() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    rows = [json.loads(line) for line in SOURCES.read_text(encoding="utf-8").splitlines() if line.strip()]
    dev, holdout = [], []
    for n, row in enumerate(rows):
        rec = public_record(row, n)
        p = provider(str(row["rule"]))
        (holdout if p not in DEV_PROVIDERS and in_holdout(p) else dev).append(rec)
    return dev, holdout


# ------------------------------------------------------------------ adversarial
def openai_key() -> str:
    if R.random() < 0.5:
        kind = R.choice(["proj", "svcacct", "admin"])
        n = R.choice([74, 58])
        return f"sk-{kind}-{rs(B64URL, n)}T3BlbkFJ{rs(B64URL, n)}"
    return f"sk-{rs(ALNUM, 20)}T3BlbkFJ{rs(ALNUM, 20)}"


def anthropic_key() -> str:
    kind = R.choice(["api03", "api03", "admin01"])
    return f"sk-ant-{kind}-{rs(B64URL, 93)}AA"


def vault_token() -> str:
    return R.choice(["hvs.", "hvb.", "hvs."]) + rs(B64URL, R.randint(90, 110))


def do_token() -> str:
    return R.choice(["dop_v1_", "doo_v1_", "dor_v1_"]) + rs(HEX, 64)


def akia_digits() -> str:
    body = list(rs(UPPER_ALNUM, 16))
    body[R.randrange(16)] = R.choice("0189")
    return R.choice(["AKIA", "ASIA"]) + "".join(body)


def aws_secret() -> str:
    return rs(B64, 40)


def session_token() -> str:
    return "IQoJb3JpZ2luX2Vj" + rs(B64, R.randint(300, 900)) + R.choice(["", "=", "=="])


def der_body() -> list[str]:
    raw = b"\x30\x82\x04\xbd\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00"
    raw += bytes(R.randrange(256) for _ in range(R.randint(180, 400)))
    text = base64.b64encode(raw).decode()
    return [text[i : i + 64] for i in range(0, len(text), 64)]


def password() -> str:
    return rs(ALNUM, R.randint(6, 10)) + R.choice(["!", "#", "%", "_", "2024", "$x"])


ZW = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def rec(kind: str, text: str, expect: list[tuple[str, str]], keep: list[str], tags: list[str]) -> dict[str, object]:
    for _, v in expect:
        assert v in text, (kind, v)
    return {
        "id": "",
        "text": text,
        "expect": [{"type": t, "value": v} for t, v in expect],
        "keep": [k for k in keep if k in text],
        "tags": [kind, *tags],
    }


def adversarial_one(kind: str) -> dict[str, object]:
    b, keep = benign()
    if kind == "openai-plain":
        v = openai_key()
        return rec(kind, R.choice(PROSE).format(v=v) + f" ({b})", [("OPENAI_KEY", v)], keep, ["plain"])
    if kind == "anthropic-plain":
        v = anthropic_key()
        return rec(kind, R.choice(PROSE).format(v=v) + f" ({b})", [("ANTHROPIC_KEY", v)], keep, ["plain"])
    if kind == "vault":
        v = vault_token()
        t = R.choice([f"vault login {v}", f"X-Vault-Token: {v}", f"token is {v}", f"VAULT_TOKEN={v} vault kv get"])
        return rec(kind, f"{t} — {b}", [("VAULT_TOKEN", v)], keep, [])
    if kind == "digitalocean":
        v = do_token()
        t = R.choice([f"doctl auth init -t {v}", f"DIGITALOCEAN_TOKEN={v}", f"the droplet api rejected {v}"])
        return rec(kind, f"{t}; {b}", [("DIGITALOCEAN_TOKEN", v)], keep, [])
    if kind == "sts-json":
        kid, sec, tok = (
            R.choice(["ASIA", "ASIA", "AKIA"]) + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
            aws_secret(),
            session_token(),
        )
        doc = {
            "Credentials": {
                "AccessKeyId": kid,
                "SecretAccessKey": sec,
                "SessionToken": tok,
                "Expiration": "2025-03-04T12:01:09+00:00",
            },
            "AssumedRoleUser": {"Arn": "arn:aws:sts::123456789012:assumed-role/deploy/ci"},
        }
        body = json.dumps(doc, indent=R.choice([None, 4]))
        text = f"$ aws sts assume-role --role-arn arn:aws:iam::123456789012:role/deploy --role-session-name ci\n{body}\n{b}"
        keep = [*keep, "arn:aws:sts::123456789012:assumed-role/deploy/ci", "2025-03-04T12:01:09+00:00"]
        return rec(
            kind, text, [("AWS_ACCESS_KEY_ID", kid), ("AWS_SECRET_KEY", sec), ("AWS_SESSION_TOKEN", tok)], keep, []
        )
    if kind == "sts-env":
        tok = session_token()
        t = R.choice([f"export AWS_SESSION_TOKEN={tok}", f"aws_session_token = {tok}", f"AWS_SECURITY_TOKEN='{tok}'"])
        return rec(kind, f"{t}\n{b}", [("AWS_SESSION_TOKEN", tok)], keep, [])
    if kind == "akia-digits":
        v = akia_digits()
        t = R.choice([f"key id {v} is still active", f"aws_access_key_id={v}", f"rotated {v} this morning"])
        return rec(kind, f"{t}, {b}", [("AWS_ACCESS_KEY_ID", v)], keep, [])
    if kind == "key-body":
        lines = der_body()
        text = "here is the key (header got cut):\n" + "\n".join(lines) + f"\n{b}"
        return rec(kind, text, [("PRIVATE_KEY", ln) for ln in lines if len(ln) >= 16], keep, [])
    if kind == "password-cli":
        pw = password()
        t = R.choice(
            [
                f"mysql -h db-1 -u root -p{pw} orders",
                f"PGPASSWORD={pw} psql -h pg-main -U app",
                f"redis-cli -h cache-2 -a {pw} ping",
                f"sshpass -p '{pw}' ssh deploy@bastion",
                f"docker login -u ci -p {pw} registry.acme.io",
                f"./migrate --db-password={pw} --dry-run",
                f"mongosh 'mongodb://admin:{pw}@mongo-1:27017/orders'",
            ]
        )
        return rec(kind, f"{t}  # {b}", [("PASSWORD", pw)], keep, ["password"])
    if kind == "password-yaml":
        pw = password()
        t = R.choice(
            [
                f"database:\n  host: pg-main\n  user: app\n  password: {pw}\n",
                f"spring.datasource.password={pw}",
                f'  db_pass: "{pw}"',
                f"smtp:\n  username: alerts\n  passwd: '{pw}'",
            ]
        )
        return rec(kind, f"{t}\n{b}", [("PASSWORD", pw)], keep, ["password"])
    if kind == "password-pgpass":
        pw = password()
        t = R.choice(
            [
                f"cat ~/.pgpass\npg-main.internal:5432:orders:app:{pw}",
                f"~/.pgpass has *:5432:*:replicator:{pw}",
                f"machine git.acme.io login ci password {pw}",
            ]
        )
        return rec(kind, f"{t}\n{b}", [("PASSWORD", pw)], keep, ["password"])
    if kind in ("zero-width", "fullwidth", "wrapped"):
        maker = R.choice(
            [
                lambda: ("GITHUB_TOKEN", "ghp_" + rs(ALNUM, 36)),
                lambda: ("OPENAI_KEY", openai_key()),
                lambda: ("SLACK_TOKEN", f"xoxb-{rs(string.digits, 12)}-{rs(string.digits, 13)}-{rs(ALNUM, 24)}"),
                lambda: ("AWS_ACCESS_KEY_ID", "AKIA" + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)),
            ]
        )
        etype, v = maker()
        if kind == "zero-width":
            cut = sorted(R.sample(range(5, len(v) - 2), 2))
            zw = R.choice(ZW)
            v = v[: cut[0]] + zw + v[cut[0] : cut[1]] + zw + v[cut[1] :]
            return rec(kind, f"token {v} leaked in #general; {b}", [(etype, v)], keep, ["normalisation"])
        if kind == "fullwidth":
            v = fullwidth(v)
            return rec(kind, f"token {v} leaked in #general; {b}", [(etype, v)], keep, ["normalisation"])
        cut = len(v) // 2
        first, second = v[:cut], v[cut:]
        text = f"the token was\n{first}\n{second}\n{b}"
        return rec(kind, text, [(etype, first), (etype, second)], keep, ["normalisation"])
    raise ValueError(kind)


ADVERSARIAL_KINDS = (
    "openai-plain",
    "anthropic-plain",
    "vault",
    "digitalocean",
    "sts-json",
    "sts-env",
    "akia-digits",
    "key-body",
    "password-cli",
    "password-yaml",
    "password-pgpass",
    "zero-width",
    "fullwidth",
    "wrapped",
)
PER_KIND = 16


def adversarial_sets() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    dev, holdout = [], []
    for kind in ADVERSARIAL_KINDS:
        for i in range(PER_KIND):
            record = adversarial_one(kind)
            record["id"] = f"adv-{kind}-{i:02d}"
            (holdout if i % 2 else dev).append(record)
    return dev, holdout


def write(name: str, records: list[dict[str, object]]) -> None:
    OUT.mkdir(exist_ok=True)
    with (OUT / name).open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{name}: {len(records)} messages")


def main() -> int:
    dev, holdout = public_sets()
    write("secrets_public.dev.jsonl", dev)
    write("secrets_public.holdout.jsonl", holdout)
    dev, holdout = adversarial_sets()
    write("adversarial.dev.jsonl", dev)
    write("adversarial.holdout.jsonl", holdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
