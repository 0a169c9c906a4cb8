"""Generate tests/data/redaction_corpus.jsonl (run: python tests/data/make_redaction_corpus.py OUT): labelled messages.

Every secret is fake, built with the right shape from a seeded RNG.
"""

from __future__ import annotations

import base64
import json
import random
import string
import sys
import uuid
from urllib.parse import quote

R = random.Random(20240601)

ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"


def rs(alphabet: str, n: int) -> str:
    return "".join(R.choice(alphabet) for _ in range(n))


def pick(xs):
    return R.choice(xs)


# ---------------------------------------------------------------- fake credentials
def aws_key_id() -> str:
    return pick(["AKIA", "ASIA"]) + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)


def aws_secret() -> str:
    while True:
        s = rs(B64, 40)
        if any(c.isupper() for c in s) and any(c.islower() for c in s) and any(c.isdigit() for c in s):
            return s


def ghp() -> str:
    return pick(["ghp_", "ghp_", "gho_", "ghs_", "ghu_"]) + rs(ALNUM, 36)


def gh_fine() -> str:
    return "github_pat_" + rs(ALNUM, 22) + "_" + rs(ALNUM, 59)


def slack_tok() -> str:
    kind = pick(["xoxb", "xoxb", "xoxp", "xapp"])
    if kind == "xoxb":
        return f"xoxb-{rs(string.digits, 12)}-{rs(string.digits, 13)}-{rs(ALNUM, 24)}"
    if kind == "xoxp":
        return f"xoxp-{rs(string.digits, 12)}-{rs(string.digits, 12)}-{rs(string.digits, 13)}-{rs(HEX, 32)}"
    return f"xapp-1-A{rs(string.ascii_uppercase + string.digits, 10)}-{rs(string.digits, 13)}-{rs(HEX, 64)}"


def slack_hook_path() -> str:
    up = string.ascii_uppercase + string.digits
    return f"T{rs(up, 8)}/B{rs(up, 10)}/{rs(ALNUM, 24)}"


def stripe() -> str:
    return pick(["sk_live_", "sk_live_", "rk_live_", "sk_test_"]) + rs(ALNUM, pick([24, 34, 99]))


def google_key() -> str:
    return "AIza" + rs(ALNUM + "-_", 35)


def npm_tok() -> str:
    return "npm_" + rs(ALNUM, 36)


def pypi_tok() -> str:
    return "pypi-AgEIcHlwaS5vcmc" + rs(B64URL, pick([60, 120]))


def sendgrid() -> str:
    return f"SG.{rs(B64URL, 22)}.{rs(B64URL, 43)}"


def twilio_sk() -> str:
    return "SK" + rs(HEX, 32)


def azure_key() -> str:
    return rs(B64, 86) + "=="


def b64url(obj: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")


def jwt() -> str:
    header = {"alg": pick(["HS256", "RS256", "ES256"]), "typ": "JWT"}
    if header["alg"] != "HS256":
        header["kid"] = rs(ALNUM, 12)
    payload = {
        "sub": f"user_{R.randint(1000, 99999)}",
        "iss": pick(["https://auth.acme.io", "acme-sso", "https://login.acme.io/oauth2"]),
        "exp": R.randint(1717000000, 1719999999),
        "scope": pick(["orders:write", "read:all", "payments:refund", "admin"]),
    }
    return f"{b64url(header)}.{b64url(payload)}.{rs(B64URL, pick([43, 86]))}"


def pem(kind: str = "RSA", lines: int = 8, sep: str = "\n") -> str:
    body = sep.join(rs(B64, 64) for _ in range(lines)) + sep + rs(B64, 24) + "=="
    label = {
        "RSA": "RSA PRIVATE KEY",
        "EC": "EC PRIVATE KEY",
        "OPENSSH": "OPENSSH PRIVATE KEY",
        "PKCS8": "PRIVATE KEY",
    }[kind]
    return f"-----BEGIN {label}-----{sep}{body}{sep}-----END {label}-----"


def password() -> str:
    return pick(
        [
            rs(ALNUM, 14),
            rs(ALNUM, 10) + "!" + rs(string.digits, 3),
            "Summer" + str(R.randint(2019, 2025)) + "!",
            rs(ALNUM, 6) + "#" + rs(ALNUM, 6),
            "p4ss-" + rs(ALNUM, 10),
            rs(string.ascii_lowercase, 5) + rs(string.digits, 4) + rs(string.ascii_uppercase, 3),
        ]
    )


def hi_entropy(n: int = 32) -> str:
    return rs(ALNUM, n)


# ---------------------------------------------------------------- PII
FIRST = [
    "Jane",
    "Marcus",
    "Olga",
    "Henrik",
    "Fatima",
    "Lucas",
    "Ingrid",
    "Rafael",
    "Yuki",
    "Chloe",
    "Nikolai",
    "Amara",
    "Gabriel",
    "Sofia",
    "Tobias",
    "Leila",
    "Declan",
    "Beatriz",
    "Kenji",
    "Maren",
]
LAST = [
    "Doe",
    "Whitfield",
    "Petrova",
    "Lindqvist",
    "Haddad",
    "Moreau",
    "Solberg",
    "Castillo",
    "Tanaka",
    "Dubois",
    "Volkov",
    "Nwosu",
    "Fontaine",
    "Romero",
    "Kessler",
    "Farouk",
    "Gallagher",
    "Duarte",
    "Watanabe",
    "Hansen",
]
RESPONDERS = [
    "Priya Raman",
    "Tom Becker",
    "Aisha Okafor",
    "Diego Alvarez",
    "Mei Lin",
    "Sam O'Brien",
    "Noah Fischer",
    "Elena Rossi",
]
DOMAINS = [
    "gmail.com",
    "outlook.com",
    "yahoo.co.uk",
    "protonmail.com",
    "fastmail.fm",
    "icloud.com",
    "web.de",
    "hey.com",
]


def customer() -> tuple[str, str]:
    return pick(FIRST), pick(LAST)


def email(first: str, last: str) -> str:
    return (
        pick(
            [
                f"{first.lower()}.{last.lower()}",
                f"{first[0].lower()}{last.lower()}",
                f"{first.lower()}{R.randint(1, 99)}",
            ]
        )
        + "@"
        + pick(DOMAINS)
    )


def phone() -> str:
    import phonenumbers

    # Only numbers the phone metadata calls valid: a real customer's number would be.
    while True:
        n = _phone()
        if phonenumbers.is_valid_number(phonenumbers.parse(n, "US")):
            return n


def _phone() -> str:
    return pick(
        [
            f"+1 415-555-{R.randint(1000, 9999)}",
            f"(212) 555-{R.randint(1000, 9999)}",
            f"+1 (646) 555-{R.randint(1000, 9999)}",
            f"+44 20 7946 {R.randint(1000, 9999)}",
            f"+44 7911 {R.randint(100000, 999999)}",
            f"+49 30 901820{R.randint(10, 99)}",
            f"+49 151 2345{R.randint(1000, 9999)}",
            f"617-555-{R.randint(1000, 9999)}",
        ]
    )


def luhn_complete(prefix: str, length: int) -> str:
    digits = prefix + rs(string.digits, length - len(prefix) - 1)
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return digits + str((10 - total % 10) % 10)


def card() -> str:
    kind = pick(["visa", "visa", "mc", "amex"])
    if kind == "visa":
        n = luhn_complete("4", 16)
    elif kind == "mc":
        n = luhn_complete(pick(["51", "52", "53", "54", "55"]), 16)
    else:
        n = luhn_complete(pick(["34", "37"]), 15)
    style = pick(["plain", "space", "dash"])
    if kind == "amex":
        groups = [n[:4], n[4:10], n[10:]]
    else:
        groups = [n[i : i + 4] for i in range(0, 16, 4)]
    return {"plain": "".join(groups), "space": " ".join(groups), "dash": "-".join(groups)}[style]


def iban() -> str:
    country, bban = pick(
        [
            ("DE", rs(string.digits, 18)),
            ("GB", "NWBK" + rs(string.digits, 14)),
            ("FR", rs(string.digits, 10) + rs(string.ascii_uppercase + string.digits, 11) + rs(string.digits, 2)),
            ("NL", "ABNA" + rs(string.digits, 10)),
            ("ES", rs(string.digits, 20)),
        ]
    )
    rearranged = bban + country + "00"
    num = int("".join(str(int(c, 36)) for c in rearranged))
    check = 98 - num % 97
    raw = f"{country}{check:02d}{bban}"
    if R.random() < 0.5:
        return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))
    return raw


def ssn() -> str:
    while True:
        a = R.randint(1, 665)
        if a != 0 and a != 666:
            break
    return f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


# ---------------------------------------------------------------- incident facts (must survive)
SERVICES = [
    "checkout-api",
    "payments-api",
    "orders-consumer",
    "auth-service",
    "inventory-svc",
    "search-indexer",
    "notification-worker",
    "edge-gateway",
    "ledger-writer",
    "cart-service",
    "billing-cron",
    "fraud-scorer",
]
HOSTS = [
    "ip-10-0-3-17.ec2.internal",
    "db-primary-02.prod.acme.net",
    "redis-cache-01.use1.acme.internal",
    "kafka-broker-3.prod.acme.net",
    "pg-replica-1.eu-west-1.rds.amazonaws.com",
    "es-data-07.search.acme.internal",
    "lb-edge-2.fra.acme.net",
    "vault.prod.acme.internal",
]
NAMESPACES = ["payments", "checkout", "platform", "search", "default", "ledger"]
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"]
ERRORS = [
    "HTTP 503",
    "HTTP 502",
    "HTTP 429",
    "ERR_CONN_RESET",
    "ECONNREFUSED",
    "ORA-00060",
    "SQLSTATE 40001",
    "exit code 137",
    "OOMKilled",
    "CrashLoopBackOff",
    "E1102",
    "PG::DeadlockDetected",
    "grpc UNAVAILABLE",
    "DEADLINE_EXCEEDED",
    "x509: certificate has expired",
    "KafkaTimeoutError",
]
USERS = ["U024BE7LH", "U0G9QF9C6", "U03ABCD12", "U07KX9PQR", "U05ZZ1Y2X", "U01MNB3VC"]


def ts_iso() -> str:
    return f"2024-06-{R.randint(1, 28):02d}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}Z"


def ts_log() -> str:
    return f"2024-06-{R.randint(1, 28):02d} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d},{R.randint(0, 999):03d}"


def hhmm() -> str:
    return f"{R.randint(0, 23):02d}:{R.randint(0, 59):02d} UTC"


def duration() -> str:
    return pick(
        [
            f"{R.randint(2, 59)}m",
            f"{R.randint(1, 5)}h {R.randint(1, 59)}m",
            f"{R.randint(5, 59)}s",
            f"{R.randint(1, 3)}.5h",
            f"{R.randint(100, 4000)}ms",
            f"{R.randint(2, 9)} minutes",
        ]
    )


def sha(n: int = 40) -> str:
    return rs(HEX, n)


def uid() -> str:
    return str(uuid.UUID(int=R.getrandbits(128), version=4))


def pod(svc: str | None = None) -> str:
    svc = svc or pick(SERVICES)
    return f"{svc}-{rs('bcdf' + string.digits, 9)}-{rs(string.ascii_lowercase + string.digits, 5)}"


def version() -> str:
    return pick(
        [
            f"v{R.randint(1, 9)}.{R.randint(0, 30)}.{R.randint(0, 20)}",
            f"{R.randint(1, 4)}.{R.randint(0, 20)}.{R.randint(0, 9)}-rc.{R.randint(1, 4)}",
            f"v{R.randint(2023, 2024)}.{R.randint(1, 12):02d}.{R.randint(1, 28):02d}",
        ]
    )


def deploy_id() -> str:
    return pick(
        [
            f"#{R.randint(40000, 49999)}",
            f"{R.randint(20240601, 20240630)}.{R.randint(1, 19)}",
            f"release-2024.06.{R.randint(1, 28):02d}-{R.randint(1, 9)}",
            f"{R.randint(900000000, 999999999)}",
        ]
    )


def metric() -> str:
    return pick(
        [
            f"p99 {R.randint(300, 9000)}ms",
            f"error rate {R.randint(1, 40)}.{R.randint(0, 9)}%",
            f"CPU {R.randint(60, 100)}%",
            f"lag {R.randint(1000, 900000)}",
            f"{R.randint(1, 9)}.{R.randint(0, 9)}k rps",
            f"heap {R.randint(1, 15)}.{R.randint(0, 9)}GiB",
            f"5xx {R.randint(1, 30)}%",
            f"p50 {R.randint(20, 400)}ms",
        ]
    )


def mention() -> str:
    return pick(
        [
            f"<@{pick(USERS)}>",
            f"<@{pick(USERS)}>",
            f"<#C0{rs(string.ascii_uppercase + string.digits, 8)}|inc-2024-06-{R.randint(1, 28):02d}-{pick(['checkout', 'payments', 'auth', 'search'])}>",
            "<!here>",
            "<!subteam^S0614TZR7|@oncall-payments>",
        ]
    )


def url_plain() -> str:
    return pick(
        [
            f"https://grafana.acme.io/d/{rs(ALNUM, 9)}/{pick(SERVICES)}-latency?orgId=1&from=now-6h",
            f"https://acme.pagerduty.com/incidents/Q{rs(string.ascii_uppercase + string.digits, 12)}",
            f"https://github.com/acme/{pick(SERVICES)}/pull/{R.randint(1000, 9999)}",
            f"https://sentry.io/organizations/acme/issues/{R.randint(4000000000, 4999999999)}/",
            f"https://kibana.acme.internal/app/discover#/?_g=(time:(from:now-1h))&_a=(query:'service:{pick(SERVICES)}')",
            f"https://status.acme.io/incidents/{rs(string.ascii_lowercase + string.digits, 12)}",
            f"https://console.aws.amazon.com/rds/home?region={pick(REGIONS)}#database:id=orders-prod",
            f"https://app.datadoghq.com/apm/service/{pick(SERVICES)}?env=prod",
        ]
    )


# ---------------------------------------------------------------- messages
CORPUS: list[dict] = []


def add(text: str, expect: list[tuple[str, str]], keep: list[str], tags: list[str]) -> None:
    for _, v in expect:
        assert v in text, (v, text)
    # Templates are picked from eagerly built lists, so a walrus name may belong to a sibling.
    keep = [k for k in dict.fromkeys(keep) if k and k in text]
    for k in keep:
        for _, v in expect:
            assert k not in v and v not in k, (k, v)
    CORPUS.append(
        {
            "id": f"m{len(CORPUS) + 1:03d}",
            "text": text,
            "expect": [{"type": t, "value": v} for t, v in expect],
            "keep": keep,
            "tags": tags,
        }
    )


def gen_secret_messages() -> None:
    # AWS in env exports / code blocks
    for _ in range(9):
        kid, sec, reg, svc = aws_key_id(), aws_secret(), pick(REGIONS), pick(SERVICES)
        form = pick(["export", "cfg", "json", "cli", "inline"])
        if form == "export":
            t = f"this is what the {svc} job had in its env when it started failing:\n```export AWS_ACCESS_KEY_ID={kid}\nexport AWS_SECRET_ACCESS_KEY={sec}\nexport AWS_DEFAULT_REGION={reg}```"
        elif form == "cfg":
            t = f"~/.aws/credentials on the bastion:\n```[default]\naws_access_key_id = {kid}\naws_secret_access_key = {sec}\nregion = {reg}```\nwho put static keys there?"
        elif form == "json":
            t = f'terraform state leaked this: {{"AccessKeyId": "{kid}", "SecretAccessKey": "{sec}", "Region": "{reg}"}}'
        elif form == "cli":
            t = f"`aws configure set aws_secret_access_key {sec}` was in the runbook step 4, key id {kid}. removing it from Confluence now"
        else:
            t = f"found creds in the {svc} pod logs: {kid} / {sec} — rotating in IAM"
        add(
            t,
            [("AWS_ACCESS_KEY_ID", kid), ("AWS_SECRET_KEY", sec)],
            [reg if reg in t else svc] if (reg in t or svc in t) else [],
            ["code-block" if "```" in t else "prose"],
        )
    # AWS secret alone (no key id)
    for _ in range(4):
        sec = aws_secret()
        t = pick(
            [
                f"AWS_SECRET_ACCESS_KEY={sec} is still set in the {pick(SERVICES)} deployment, {ts_iso()}",
                f"secret key was {sec}, deactivated at {hhmm()}",
            ]
        )
        add(t, [("AWS_SECRET_KEY", sec)], [], ["prose"])
    # GitHub
    for _ in range(11):
        tok, repo = pick([ghp(), ghp(), gh_fine()]), pick(SERVICES)
        form = pick(["remote", "curl", "env", "action", "prose"])
        if form == "remote":
            t = f"ci fails on clone: `git clone https://x-access-token:{tok}@github.com/acme/{repo}.git` → fatal: Authentication failed"
            keep = ["github.com/acme/" + repo]
        elif form == "curl":
            t = f'```curl -s -H "Authorization: token {tok}" https://api.github.com/repos/acme/{repo}/actions/runs?per_page=5```'
            keep = [f"https://api.github.com/repos/acme/{repo}/actions/runs?per_page=5"]
        elif form == "env":
            t = f"GITHUB_TOKEN={tok} make release VERSION={(v := version())}"
            keep = [v]
        elif form == "action":
            t = f"the workflow log printed `GH_PAT: {tok}` in step 'Checkout' of run {(r := R.randint(9000000000, 9999999999))}"
            keep = [str(r)]
        else:
            t = f"rotated {tok} — it was pasted in #deploys at {(h := hhmm())}"
            keep = [h]
        add(t, [("GITHUB_TOKEN", tok)], keep, ["code-block" if "```" in t else "prose"])
    # Slack tokens & webhooks
    for _ in range(9):
        tok = slack_tok()
        form = pick(["env", "json", "error", "yaml"])
        if form == "env":
            t = f"SLACK_BOT_TOKEN={tok} in the sitrep-bot helm values, oops"
        elif form == "json":
            t = f'{{"level":"error","ts":"{ts_iso()}","msg":"chat.postMessage failed","error":"invalid_auth","token":"{tok}"}}'
        elif form == "error":
            t = f"slack_sdk.errors.SlackApiError: The request to the Slack API failed. (url: https://slack.com/api/chat.postMessage) token used: {tok}"
        else:
            t = f'```slack:\n  appToken: {tok}\n  channel: "#inc-payments"```'
        add(t, [("SLACK_TOKEN", tok)], [], ["json-log" if form == "json" else "code-block" if "```" in t else "prose"])
    for _ in range(8):
        path = slack_hook_path()
        full = f"https://hooks.slack.com/services/{path}"
        form = pick(["plain", "markup", "encoded", "yaml"])
        if form == "plain":
            t = f"alertmanager receiver is posting to {full} — that webhook is public in the repo"
            expect = path
        elif form == "markup":
            t = f"webhook for the status bot: <{full}|{full}>"
            expect = path
        elif form == "encoded":
            enc = quote(full, safe="")
            t = f"grafana contact point test hit `url={enc}` and got 404"
            expect = quote(path, safe="")
        else:
            t = f"```receivers:\n- name: slack-inc\n  slack_configs:\n  - api_url: '{full}'\n    channel: '#inc-alerts'```"
            expect = path
        add(
            t,
            [("SLACK_WEBHOOK", expect)] if form != "markup" else [("SLACK_WEBHOOK", path)],
            ["hooks.slack.com"],
            ["url-encoded" if form == "encoded" else "slack-markup" if form == "markup" else "prose"],
        )
    # Stripe
    for _ in range(8):
        k = stripe()
        t = pick(
            [
                f'{{"ts":"{ts_iso()}","service":"payments-api","level":"error","msg":"stripe request failed","http_status":401,"api_key":"{k}"}}',
                f"STRIPE_SECRET_KEY={k} was committed in {sha(7)}, reverting",
                f"stripe.error.AuthenticationError: Invalid API Key provided: {k}",
                f"```Stripe::AuthenticationError (Invalid API Key provided: {k})\n  app/services/charge_card.rb:42:in `call'```",
            ]
        )
        add(
            t,
            [("STRIPE_KEY", k)],
            [],
            ["json-log" if t.startswith("{") else "stack-trace" if "Error" in t else "prose"],
        )
    # Google / GCP
    for _ in range(7):
        k = google_key()
        t = pick(
            [
                f"maps calls 403 since {hhmm()}: `GET https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key={k}` returns REQUEST_DENIED",
                f'firebase config in the web bundle has apiKey: "{k}" (that one is meant to be public-ish but restrict it)',
                f"GOOGLE_API_KEY={k}",
            ]
        )
        add(t, [("GOOGLE_API_KEY", k)], ["maps.googleapis.com"] if "maps" in t else [], ["prose"])
    # GCP service account JSON with escaped PEM
    for _ in range(3):
        p = pem("PKCS8", lines=R.randint(6, 10), sep="\\n")
        t = f'sa key pasted by mistake: {{"type": "service_account", "project_id": "acme-prod-{R.randint(100, 999)}", "private_key_id": "{sha(40)}", "private_key": "{p}\\n", "client_email": "ledger-writer@acme-prod.iam.gserviceaccount.com"}}'
        add(t, [("PRIVATE_KEY", p)], ['"type": "service_account"'], ["json-log"])
    # npm / PyPI
    for _ in range(6):
        k = npm_tok()
        t = pick(
            [
                f"```//registry.npmjs.org/:_authToken={k}```\nthat .npmrc is baked into the {pick(SERVICES)} image",
                f"npm ERR! 403 Forbidden - PUT https://registry.npmjs.org/@acme%2fui-kit - token {k} lacks publish rights",
                f"NPM_TOKEN={k} npm publish --access restricted",
            ]
        )
        add(
            t,
            [("NPM_TOKEN", k)],
            ["registry.npmjs.org"] if "registry" in t else [],
            ["code-block" if "```" in t else "prose"],
        )
    for _ in range(5):
        k = pypi_tok()
        t = pick(
            [
                f"```[pypi]\n  username = __token__\n  password = {k}```",
                f"twine upload failed with 403 using TWINE_PASSWORD={k}",
                f"the release job echoes {k} in its logs, run {R.randint(9000000000, 9999999999)}",
            ]
        )
        add(t, [("PYPI_TOKEN", k)], [], ["code-block" if "```" in t else "prose"])
    # SendGrid / Twilio
    for _ in range(6):
        k = sendgrid()
        t = pick(
            [
                f"notification-worker can't send password reset emails: 401 from api.sendgrid.com with key {k}",
                f'{{"ts":"{ts_iso()}","svc":"notification-worker","msg":"sendgrid send failed","status":401,"key":"{k}"}}',
                f"SENDGRID_API_KEY={k}",
            ]
        )
        add(
            t,
            [("SENDGRID_KEY", k)],
            ["api.sendgrid.com"] if "api.sendgrid" in t else [],
            ["json-log" if t.startswith("{") else "prose"],
        )
    for _ in range(6):
        k = twilio_sk()
        sid = "AC" + sha(32)
        t = pick(
            [
                f"SMS OTP failing: twilio returns 20003 for account {sid} using API key {k}",
                f"```TWILIO_ACCOUNT_SID={sid}\nTWILIO_API_KEY={k}\nTWILIO_API_SECRET={(s := hi_entropy(32))}```",
            ]
        )
        exp = [("TWILIO_KEY", k)]
        if "TWILIO_API_SECRET" in t:
            exp.append(("TWILIO_KEY", s))
        add(t, exp, [sid], ["code-block" if "```" in t else "prose"])
    # Azure
    for _ in range(6):
        k = azure_key()
        acct = f"acme{pick(['prod', 'logs', 'backup'])}{R.randint(10, 99)}"
        t = pick(
            [
                f"blob uploads 403 since {hhmm()}; conn string in the function app is DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={k};EndpointSuffix=core.windows.net",
                f'```AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={k};EndpointSuffix=core.windows.net"```',
            ]
        )
        add(
            t,
            [("AZURE_STORAGE_KEY", k)],
            [f"AccountName={acct}", "EndpointSuffix=core.windows.net"],
            ["code-block" if "```" in t else "prose"],
        )
    # JWT
    for _ in range(10):
        j = jwt()
        form = pick(["bearer", "cookie", "json", "prose"])
        if form == "bearer":
            t = f"```curl -H 'Authorization: Bearer {j}' https://api.acme.io/v2/orders/{uid()}```\nreturns 401 since the key rotation"
            typ = "JWT"
        elif form == "cookie":
            t = f"Set-Cookie: session={j}; Path=/; HttpOnly; Secure — that's from the {pick(SERVICES)} response at {ts_iso()}"
            typ = "JWT"
        elif form == "json":
            t = f'{{"level":"warn","ts":"{ts_iso()}","msg":"token expired","token":"{j}","request_id":"{uid()}"}}'
            typ = "JWT"
        else:
            t = f"decoded the token from the failing request: {j} — exp is in the past"
            typ = "JWT"
        keep = (
            [m for m in [t.split('request_id":"')[1].split('"')[0]] if "request_id" in t] if "request_id" in t else []
        )
        add(t, [(typ, j)], keep, ["json-log" if t.startswith("{") else "code-block" if "```" in t else "prose"])
    # Bearer opaque / Basic
    for _ in range(8):
        tok = rs(ALNUM + "-._", R.randint(28, 48))
        t = pick(
            [
                f'```curl -X POST https://api.partner-pay.com/v1/refunds -H "Authorization: Bearer {tok}" -d \'{{"amount": 1999}}\'```',
                f"request headers from the HAR: `authorization: Bearer {tok}` `x-request-id: {uid()}`",
                f"[{ts_log()}] WARN http-client: retrying POST /v1/charges (attempt 3) headers={{'Authorization': 'Bearer {tok}'}}",
            ]
        )
        add(t, [("AUTH_TOKEN", tok)], [], ["code-block" if "```" in t else "prose"])
    for _ in range(6):
        user, pw = pick(["svc-metrics", "admin", "grafana", "scraper"]), password()
        b = base64.b64encode(f"{user}:{pw}".encode()).decode()
        t = pick(
            [
                f"prometheus scrape config had `authorization: Basic {b}` inline",
                f"```curl -H 'Authorization: Basic {b}' https://metrics.acme.internal/federate```",
            ]
        )
        add(
            t,
            [("BASIC_AUTH", b)],
            ["https://metrics.acme.internal/federate"] if "federate" in t else [],
            ["code-block" if "```" in t else "prose"],
        )
    # PEM private keys (multi-line)
    for _ in range(8):
        p = pem(pick(["RSA", "EC", "OPENSSH", "PKCS8"]), lines=R.randint(4, 25))
        t = pick(
            [
                f"this was in the deploy key secret:\n```{p}```\ndeleting the secret and regenerating",
                f"ssh into {pick(HOSTS)} fails; the key in /etc/ssl/private is\n{p}",
                f"```kubectl -n {pick(NAMESPACES)} get secret tls-edge -o jsonpath='{{.data.tls\\.key}}' | base64 -d\n{p}```",
            ]
        )
        add(t, [("PRIVATE_KEY", p)], [], ["code-block" if "```" in t else "multi-line"])
    # URL / connection-string passwords
    schemes = [
        ("postgresql", "orders_rw", "db-primary-02.prod.acme.net:5432/orders"),
        ("postgres", "ledger", "pg-replica-1.eu-west-1.rds.amazonaws.com:5432/ledger"),
        ("mysql", "inventory", "mysql-03.prod.acme.internal:3306/inventory"),
        ("mongodb+srv", "app", "cluster0.x7k2p.mongodb.net/sessions?retryWrites=true"),
        ("redis", "", "redis-cache-01.use1.acme.internal:6379/0"),
        ("amqp", "worker", "rabbitmq.prod.acme.internal:5672/%2F"),
        ("https", "deploy", "artifacts.acme.io/repository/releases/"),
    ]
    for _ in range(16):
        scheme, user, rest = pick(schemes)
        pw = password()
        host = rest.split("/")[0]
        form = pick(["trace", "markup", "env", "encoded", "prose"])
        u = f"{scheme}://{user}:{pw}@{rest}"
        if form == "trace":
            t = f'```Traceback (most recent call last):\n  File "/app/db.py", line 88, in connect\n    engine = create_engine("{u}")\nsqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect to server: Connection timed out\n\tIs the server running on host "{host.split(":")[0]}" and accepting TCP/IP connections on port {host.split(":")[1] if ":" in host else "443"}?```'
            tags = ["stack-trace", "code-block"]
        elif form == "markup":
            t = f"the {pick(SERVICES)} DATABASE_URL is <{u}|{scheme}://{host}> per the configmap"
            tags = ["slack-markup"]
        elif form == "env":
            t = f"DATABASE_URL={u}"
            tags = ["prose"]
        elif form == "encoded":
            enc = quote(u, safe="")
            pw_enc = quote(pw, safe="")
            t = f"the healthcheck hits https://status-probe.acme.io/check?target={enc}&timeout=5s"
            add(
                t, [("PASSWORD", pw_enc)], ["https://status-probe.acme.io/check?target=", "timeout=5s"], ["url-encoded"]
            )
            continue
        else:
            t = f"connection pool exhausted on {u} at {ts_iso()}, {metric()}"
            tags = ["prose"]
        add(t, [("PASSWORD", pw)], [host], tags)
    # key=value / "key": "value" passwords & secrets
    kv_forms = [
        ("DB_PASSWORD", "PASSWORD"),
        ("db_password", "PASSWORD"),
        ("password", "PASSWORD"),
        ("PGPASSWORD", "PASSWORD"),
        ("MYSQL_ROOT_PASSWORD", "PASSWORD"),
        ("admin_pass", "PASSWORD"),
        ("redisPassword", "PASSWORD"),
        ("client_secret", "SECRET"),
        ("SECRET_KEY", "SECRET"),
        ("api_key", "SECRET"),
        ("apiKey", "SECRET"),
        ("access_token", "SECRET"),
        ("refresh_token", "SECRET"),
        ("webhook_secret", "SECRET"),
        ("signing_key", "SECRET"),
        ("DATADOG_API_KEY", "SECRET"),
        ("encryption_key", "SECRET"),
        ("auth_token", "SECRET"),
    ]
    for _ in range(34):
        key, typ = pick(kv_forms)
        val = password() if typ == "PASSWORD" else pick([hi_entropy(32), sha(32), hi_entropy(40), rs(B64, 43) + "="])
        form = pick(["env", "json", "yaml", "python", "flag", "log", "escaped"])
        if form == "env":
            t = f"```{key}={val}\nLOG_LEVEL=debug\nPORT=8080```"
            keep = ["LOG_LEVEL=debug", "PORT=8080"]
        elif form == "json":
            t = f'{{"ts":"{(x := ts_iso())}","svc":"{pick(SERVICES)}","level":"debug","msg":"loaded config","{key}":"{val}","pool_size":20}}'
            keep = [x, '"pool_size":20']
        elif form == "yaml":
            t = f'values-prod.yaml has\n```{pick(["database", "auth", "upstream"])}:\n  host: {(h := pick(HOSTS))}\n  {key}: "{val}"```'
            keep = [h]
        elif form == "python":
            t = f"```File \"/srv/app/clients.py\", line 31, in __init__\n    self.session = make_session(host='{(h := pick(HOSTS))}', {key}='{val}')\nTimeoutError: timed out after 30s```"
            keep = [h, "line 31"]
        elif form == "flag":
            flag = key.lower().replace("_", "-")
            t = f"the cron runs `./bin/sync --{flag} {val} --batch-size 500` every 5m"
            keep = ["--batch-size 500"]
        elif form == "log":
            t = f"{ts_log()} DEBUG [{pick(SERVICES)}] connecting with {key}={val} timeout=30s"
            keep = ["timeout=30s"]
        else:
            t = f'"payload": "{{\\"user\\": \\"svc-batch\\", \\"{key}\\": \\"{val}\\"}}" was logged by the gateway at {(x := hhmm())}'
            keep = [x]
        add(
            t,
            [(typ, val)],
            keep,
            {
                "env": ["code-block"],
                "json": ["json-log"],
                "yaml": ["code-block"],
                "python": ["stack-trace"],
                "flag": ["prose"],
                "log": ["prose"],
                "escaped": ["json-log"],
            }[form],
        )
    # high-entropy values under weak keys
    for _ in range(6):
        v = hi_entropy(R.randint(24, 40))
        key = pick(["session", "sessionid", "signature", "hmac", "x-api-key", "cookie"])
        t = pick(
            [
                f"{ts_log()} INFO request accepted {key}={v} path=/v1/checkout status=200",
                f'{{"{key}": "{v}", "status": 200, "path": "/v1/checkout"}}',
            ]
        )
        add(t, [("SECRET", v)], ["/v1/checkout"], ["prose"])
    # curl -u
    for _ in range(4):
        pw = password()
        t = f"```curl -u admin:{pw} -XPOST https://es-data-07.search.acme.internal:9200/_cluster/reroute?retry_failed=true```"
        add(
            t,
            [("PASSWORD", pw)],
            ["https://es-data-07.search.acme.internal:9200/_cluster/reroute?retry_failed=true"],
            ["code-block"],
        )
    # kubectl secret yaml (base64 values under password keys)
    for _ in range(4):
        v = base64.b64encode(password().encode()).decode()
        t = f"```apiVersion: v1\nkind: Secret\nmetadata:\n  name: {pick(SERVICES)}-db\n  namespace: {pick(NAMESPACES)}\ndata:\n  username: YXBw\n  password: {v}```"
        add(t, [("PASSWORD", v)], ["kind: Secret", "username: YXBw"], ["code-block"])
    # several secrets in one message
    for _ in range(5):
        k1, k2, pw = ghp(), slack_tok(), password()
        t = f"audit of the leaked .env ({ts_iso()}):\n```GITHUB_TOKEN={k1}\nSLACK_BOT_TOKEN={k2}\nPOSTGRES_PASSWORD={pw}\nFEATURE_FLAGS=checkout_v2,fast_refunds```"
        add(
            t,
            [("GITHUB_TOKEN", k1), ("SLACK_TOKEN", k2), ("PASSWORD", pw)],
            ["FEATURE_FLAGS=checkout_v2,fast_refunds"],
            ["code-block"],
        )


def gen_pii_messages() -> None:
    for _ in range(16):
        f, l = customer()
        e = email(f, l)
        t = pick(
            [
                f"support escalation: customer {e} was charged twice for order {(o := 'ORD-' + str(R.randint(100000, 999999)))}",
                f"{ts_log()} ERROR [notification-worker] bounce for {e}: 550 5.1.1 mailbox unavailable",
                f'{{"ts":"{ts_iso()}","level":"info","msg":"password reset requested","email":"{e}","request_id":"{(o := uid())}"}}',
                f"can someone check why <mailto:{e}|{e}> never got the receipt? {pick(SERVICES)} logs show {pick(ERRORS)}",
            ]
        )
        keep = [o] if "ORD-" in t or "request_id" in t else []
        add(
            t, [("EMAIL", e)], keep, ["json-log" if t.startswith("{") else "slack-markup" if "mailto" in t else "prose"]
        )
    for _ in range(14):
        p = phone()
        t = pick(
            [
                f"customer called the hotline from {p} about failed payments since {hhmm()}",
                f"SMS delivery to {p} failing with twilio error 30007 ({metric()})",
                f"escalation contact for the merchant is {p}, ticket ZD-{(z := R.randint(100000, 999999))}",
                f'{{"ts":"{ts_iso()}","msg":"otp sent","phone":"{p}","provider":"twilio"}}',
            ]
        )
        keep = [f"ZD-{z}"] if "ZD-" in t else []
        add(t, [("PHONE", p)], keep, ["json-log" if t.startswith("{") else "prose"])
    for _ in range(13):
        c = card()
        t = pick(
            [
                f"the fraud-scorer logged a full PAN: card={c} exp=09/27 amount=129.00 EUR",
                f"customer pasted their card number {c} in the support chat, please purge ticket ZD-{(z := R.randint(100000, 999999))}",
                f'{{"ts":"{ts_iso()}","svc":"payments-api","msg":"charge declined","card_number":"{c}","decline_code":"do_not_honor"}}',
            ]
        )
        keep = (
            [f"ZD-{z}"]
            if "ZD-" in t
            else ['"decline_code":"do_not_honor"']
            if "decline" in t
            else ["amount=129.00 EUR"]
        )
        add(t, [("CREDIT_CARD", c)], keep, ["json-log" if t.startswith("{") else "prose"])
    for _ in range(11):
        i = iban()
        t = pick(
            [
                f"payout to {i} bounced (SEPA reason AC04), ledger entry {uid()}",
                f"merchant updated IBAN to {i} at {ts_iso()}; payouts job {deploy_id()} picked up the old one",
                f"refund target account: {i}",
            ]
        )
        add(t, [("IBAN", i)], [], ["prose"])
    for _ in range(10):
        s = ssn()
        t = pick(
            [
                f"KYC service logged the applicant SSN {s} in plain text at {ts_iso()}",
                f'{{"level":"debug","msg":"kyc check","ssn":"{s}","result":"manual_review"}}',
                f"please scrub: ssn {s} appears in the {pick(SERVICES)} error payload",
            ]
        )
        add(
            t,
            [("US_SSN", s)],
            ['"result":"manual_review"'] if "manual_review" in t else [],
            ["json-log" if t.startswith("{") else "prose"],
        )
    for _ in range(20):
        f, l = customer()
        r = pick(RESPONDERS)
        t = pick(
            [
                f"{r} is on the call with {f} {l} from the merchant side, they see {pick(ERRORS)} on every checkout",
                f"Customer {f} {l} reported the double charge at {hhmm()}; {r} is refunding",
                f"spoke with {f} {l} (their CTO) — they'll pause their batch job until we confirm the fix",
                f"{f} {l} from Northwind emailed support: orders stuck in pending since {ts_iso()}",
                f"ticket ZD-{R.randint(100000, 999999)} from {f} {l}: {pick(ERRORS)} when paying, {r} to follow up",
            ]
        )
        keep = [r] if r in t else []
        add(t, [("PERSON", f"{f} {l}")], keep, ["prose"])
    # mixed PII
    for _ in range(6):
        f, l = customer()
        e, p = email(f, l), phone()
        t = f"VIP escalation from {f} {l} ({e}, {p}) — their integration gets {pick(ERRORS)} since deploy {deploy_id()}"
        add(t, [("PERSON", f"{f} {l}"), ("EMAIL", e), ("PHONE", p)], [], ["prose"])


def gen_benign_messages() -> None:
    makers = [
        lambda: (
            f"deploy {(d := deploy_id())} of {(s := pick(SERVICES))} {(v := version())} started at {(t := ts_iso())} by {(m := mention())}",
            [d, s, v, t, m],
        ),
        lambda: (
            f"rolling back {(s := pick(SERVICES))} to {(v := version())} (sha {(h := sha(7))}), ETA {(d := duration())}",
            [s, v, h, d],
        ),
        lambda: (
            f":rotating_light: [FIRING:1] {(s := pick(SERVICES))} {(m := metric())} > SLO for {(d := duration())} in {(r := pick(REGIONS))} {(u := url_plain())}",
            [s, m, d, r, u],
        ),
        lambda: (
            f"{(p := pod())} in ns {(n := pick(NAMESPACES))} is {(e := pick(['CrashLoopBackOff', 'OOMKilled', 'Evicted', 'ImagePullBackOff']))}, restarts=14, node {(h := pick(HOSTS))}",
            [p, n, e, h, "restarts=14"],
        ),
        lambda: (
            f"```$ kubectl -n {(n := pick(NAMESPACES))} get pods\nNAME                                READY   STATUS             RESTARTS   AGE\n{(p1 := pod())}   0/1     CrashLoopBackOff   12         {(a := duration())}\n{(p2 := pod())}   1/1     Running            0          3h```",
            [p1, p2, n, "CrashLoopBackOff"],
        ),
        lambda: (
            f"request {(u := uid())} failed with {(e := pick(ERRORS))} at {(t := ts_iso())}, trace_id={(h := sha(32))}",
            [u, e, t, h],
        ),
        lambda: (
            f"{(m := mention())} can you look at {(u := url_plain())}? {(x := metric())} since {(t := hhmm())}",
            [m, u, x, t],
        ),
        lambda: (
            f"mitigated at {(t := hhmm())}: scaled {(s := pick(SERVICES))} from 6 to 14 replicas, {(m := metric())}, watching for {(d := duration())}",
            [t, s, m, d, "6 to 14 replicas"],
        ),
        lambda: (
            f"```{(t := ts_log())} ERROR [{(s := pick(SERVICES))}] upstream {(h := pick(HOSTS))}:5432 timed out after {(d := duration())} ({(e := pick(ERRORS))})```",
            [t, s, h, d, e],
        ),
        lambda: (
            f'{{"ts":"{(t := ts_iso())}","level":"error","service":"{(s := pick(SERVICES))}","msg":"{(e := pick(ERRORS))}","request_id":"{(u := uid())}","duration_ms":{(d := R.randint(30, 30000))},"version":"{(v := version())}"}}',
            [t, s, e, u, f'"duration_ms":{d}', v],
        ),
        lambda: (
            f"PR {(u := 'https://github.com/acme/' + pick(SERVICES) + '/pull/' + str(R.randint(1000, 9999)))} reverts {(h := sha(40))}; CI run {(r := str(R.randint(9000000000, 9999999999)))} green",
            [u, h, r],
        ),
        lambda: (
            f"Kafka consumer group {(g := pick(SERVICES))}-cg on topic orders.v2 partition {(p := R.randint(0, 47))} offset {(o := R.randint(10**9, 10**11))}, {(m := metric())}",
            [g, f"partition {p}", str(o), m, "Kafka"],
        ),
        lambda: (
            f"{(r := pick(RESPONDERS))} and {(r2 := pick(RESPONDERS))} are investigating; {(m := mention())} is IC. Next update at {(t := hhmm())}",
            [r, r2, m, t],
        ),
        lambda: (
            f"token rotation for {(s := pick(SERVICES))} is scheduled, key_id={(k := 'kid-' + sha(8))}, token_url=https://auth.acme.io/oauth2/token, max_tokens=4096",
            [s, f"key_id={k}", "token_url=https://auth.acme.io/oauth2/token", "max_tokens=4096"],
        ),
        lambda: (
            f"password reset emails delayed by {(d := duration())}; auth-service queue depth {(q := R.randint(1000, 90000))}, api_version=2024-06-01",
            [d, str(q), "api_version=2024-06-01", "auth-service"],
        ),
        lambda: (
            f"we rotated the Slack bot token and the GitHub PAT at {(t := hhmm())} as a precaution; no AKIA keys were exposed",
            [t, "AKIA keys"],
        ),
        lambda: (
            f"the secret is stored in vault at secret/data/{(s := pick(SERVICES))}/db (version {(v := R.randint(2, 40))}), not in the repo",
            [f"secret/data/{s}/db", f"version {v}"],
        ),
        lambda: (
            f"```Traceback (most recent call last):\n  File \"/app/{(s := pick(SERVICES)).replace('-', '_')}/handlers.py\", line {(ln := R.randint(20, 400))}, in post\n    resp = client.charge(order_id)\nrequests.exceptions.ConnectTimeout: HTTPSConnectionPool(host='{(h := pick(HOSTS))}', port=443): Max retries exceeded```",
            [f"line {ln}", h, "ConnectTimeout"],
        ),
        lambda: (
            f"disk on {(h := pick(HOSTS))} at {(p := R.randint(85, 99))}%; /var/lib/postgresql/16/main grew {R.randint(20, 200)}GB in {(d := duration())}",
            [h, f"{p}%", "/var/lib/postgresql/16/main", d],
        ),
        lambda: (
            f"timeline: {(a := hhmm())} alert fired, {(b := hhmm())} acked by {(m := mention())}, {(c := hhmm())} rollback of {(v := version())} done",
            [a, b, m, c, v],
        ),
        lambda: (
            f"cert for {(h := pick(HOSTS))} expired at {(t := ts_iso())} (x509: certificate has expired), serial {(s := ':'.join(rs(HEX, 2) for _ in range(8)))}",
            [h, t, s],
        ),
        lambda: (
            f"feature flag `checkout_v2_rollout` set to {(p := R.randint(0, 100))}% in {(r := pick(REGIONS))}; build {(b := deploy_id())}",
            [f"{p}%", r, b, "checkout_v2_rollout"],
        ),
        lambda: (
            f'Grafana shows {(m := metric())} on {(s := pick(SERVICES))} since the deploy; Prometheus query `histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{{service="{s}"}}[5m])) by (le))`',
            [m, s, "histogram_quantile(0.99"],
        ),
        lambda: (
            f"epoch {(e := R.randint(1717000000000, 1719999999999))} matches {(t := ts_iso())}; job id {(j := uid())} ran for {(d := duration())}",
            [str(e), t, j, d],
        ),
        lambda: (
            f"auth-service returns 401 for tokens minted before {(t := hhmm())}; JWKS kid {(k := rs(ALNUM, 12))} was rotated",
            [t, k, "auth-service"],
        ),
        lambda: (
            f"{(r := pick(RESPONDERS))}: root cause looks like the connection pool (max 50) on {(h := pick(HOSTS))}; {(m := metric())}",
            [r, h, m, "max 50"],
        ),
        lambda: (
            f'status page updated: {(u := "https://status.acme.io/incidents/" + rs(string.ascii_lowercase + string.digits, 12))} — "Degraded performance for EU checkout" since {(t := hhmm())}',
            [u, t],
        ),
        lambda: (
            f"helm upgrade {(s := pick(SERVICES))} acme/{s} --version {(v := version().lstrip('v'))} --set image.tag={(h := sha(7))} -n {(n := pick(NAMESPACES))}",
            [s, v, h, n],
        ),
        lambda: (
            f"docker pull 123456789012.dkr.ecr.{(r := pick(REGIONS))}.amazonaws.com/{(s := pick(SERVICES))}:{(h := sha(12))} → manifest unknown",
            [r, s, h],
        ),
        lambda: (
            f"SEV2 declared at {(t := hhmm())} for {(s := pick(SERVICES))}; impact: {(p := R.randint(2, 40))}% of EU checkouts failing with {(e := pick(ERRORS))}",
            [t, s, f"{p}%", e, "SEV2"],
        ),
        lambda: (
            f"🔥 {(s := pick(SERVICES))} is back: {(m := metric())} → p99 {R.randint(100, 300)}ms after the fix {(h := sha(7))} ✅",
            [s, m, h],
        ),
        lambda: (
            f"ssh {(h := pick(HOSTS))} -l deploy; `journalctl -u {(s := pick(SERVICES))} --since '{(t := hhmm().split()[0])}'` shows {(e := pick(ERRORS))}",
            [h, s, e],
        ),
        lambda: (
            f"git remote: git@github.com:acme/{(s := pick(SERVICES))}.git — force-push to main at {(t := hhmm())} removed {(h := sha(40))}",
            [f"git@github.com:acme/{s}.git", t, h],
        ),
        lambda: (
            f"AWS Health: EC2 instance {(i := 'i-0' + rs(HEX, 16))} in {(r := pick(REGIONS))} scheduled for retirement, ASG {(s := pick(SERVICES))}-asg",
            [i, r, f"{s}-asg"],
        ),
        lambda: (
            f"ip {(a := f'10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}')} (pod {(p := pod())}) hammering {(h := pick(HOSTS))} with {(m := metric())}",
            [a, p, h, m],
        ),
        lambda: (
            f"the `secret_rotation_days=90` setting and `password_min_length=12` both came from the audit, {(u := uid())}",
            ["secret_rotation_days=90", "password_min_length=12", u],
        ),
        lambda: (
            f"S3 bucket acme-prod-exports-{(r := pick(REGIONS))} object key exports/2024/06/{(u := uid())}.csv.gz took {(d := duration())} to upload",
            [f"acme-prod-exports-{r}", f"exports/2024/06/{u}.csv.gz", d],
        ),
        lambda: (f"שלום — {(s := pick(SERVICES))} latency back to normal ({(m := metric())}) مرحبا", [s, m]),
    ]
    for _ in range(150):
        text, keep = pick(makers)()
        add(text, [], keep, ["benign"])
    # near misses: secret-looking but not secrets
    near = [
        ("please don't paste tokens here, use the `ghp_` prefix search in the audit log instead", ["`ghp_` prefix"]),
        (
            "AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY} is how the chart should read it",
            ["AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}"],
        ),
        ("password: <redacted> in the dump, good", ["password: <redacted>"]),
        ("DB_PASSWORD=******** (masked by the CI log filter)", ["DB_PASSWORD=********"]),
        (
            '`curl -H "Authorization: Bearer $TOKEN" https://api.acme.io/healthz` works from the bastion',
            ["Bearer $TOKEN", "https://api.acme.io/healthz"],
        ),
        ("the example key AKIAXXXXXXXXXXXXXXXX in the docs isn't real", ["AKIAXXXXXXXXXXXXXXXX"]),
        (
            "postgres://app:${DB_PASS}@db-primary-02.prod.acme.net:5432/orders is the template",
            ["postgres://app:${DB_PASS}@db-primary-02.prod.acme.net:5432/orders"],
        ),
        ("api_key: {{ .Values.apiKey }} in the helm template", ["api_key: {{ .Values.apiKey }}"]),
        ("xoxb- tokens start with that prefix; ours was revoked at 10:42 UTC", ["xoxb- tokens", "10:42 UTC"]),
        ("token: expired, re-login needed for the grafana session", ["token: expired"]),
        ("password=get_secret('orders/db') in settings.py pulls from vault", ["password=get_secret('orders/db')"]),
    ]
    for text, keep in near:
        add(text, [], keep, ["benign", "near-miss"])


def main() -> None:
    gen_secret_messages()
    gen_pii_messages()
    gen_benign_messages()
    gen_handwritten()
    R.shuffle(CORPUS)
    for i, rec in enumerate(CORPUS, start=1):
        rec["id"] = f"m{i:03d}"
    out = sys.argv[1]
    with open(out, "w", encoding="utf-8") as fh:
        for rec in CORPUS:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    n_secret = sum(
        1
        for r in CORPUS
        if any(e["type"] not in ("EMAIL", "PHONE", "CREDIT_CARD", "IBAN", "US_SSN", "PERSON") for e in r["expect"])
    )
    n_pii = sum(
        1
        for r in CORPUS
        if any(e["type"] in ("EMAIL", "PHONE", "CREDIT_CARD", "IBAN", "US_SSN", "PERSON") for e in r["expect"])
    )
    n_none = sum(1 for r in CORPUS if not r["expect"])
    print(f"{len(CORPUS)} messages: {n_secret} with secrets, {n_pii} with PII, {n_none} with nothing to redact")


def gen_handwritten() -> None:
    """Hand-written messages in other shapes than the templates above (added before tuning)."""
    j = jwt()
    pw1, pw2, pw3, pw4, pw5 = password(), password(), password(), password(), password()
    ak, sk = aws_key_id(), aws_secret()
    gh, sl, st, gk = ghp(), slack_tok(), stripe(), google_key()
    hx = hi_entropy(40)
    items = [
        (
            f"libpq DSN from the worker env: `host=db-primary-02.prod.acme.net port=5432 dbname=orders user=orders_rw password={pw1} sslmode=require`",
            [("PASSWORD", pw1)],
            ["host=db-primary-02.prod.acme.net", "sslmode=require"],
            ["prose"],
        ),
        (
            f"```java.sql.SQLException: Access denied for user 'inventory'@'10.0.4.12' (using password: YES)\n\tat com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:129)\n\tat com.acme.inventory.Db.connect(Db.java:57)\nurl=jdbc:mysql://mysql-03.prod.acme.internal:3306/inventory?user=inventory&password={pw2}&useSSL=true```",
            [("PASSWORD", pw2)],
            ["SQLError.java:129", "mysql-03.prod.acme.internal:3306/inventory", "useSSL=true"],
            ["stack-trace", "code-block"],
        ),
        (
            f"`.netrc` on the runner: machine api.heroku.com login deploy@acme.io password {pw3}",
            [("PASSWORD", pw3)],
            ["api.heroku.com"],
            ["prose"],
        ),
        (
            f"```docker run -e POSTGRES_PASSWORD={pw4} -e POSTGRES_DB=orders -p 5432:5432 postgres:16.3```",
            [("PASSWORD", pw4)],
            ["POSTGRES_DB=orders", "postgres:16.3"],
            ["code-block"],
        ),
        (
            f"```GET /api/v1/orders?limit=50 HTTP/1.1\nHost: api.acme.io\nCookie: _ga=GA1.2.1234567.1717000000; session_id={hx}\nUser-Agent: curl/8.5.0```",
            [("SECRET", hx)],
            ["Host: api.acme.io", "curl/8.5.0"],
            ["code-block"],
        ),
        (
            f'nginx access log: 10.2.3.4 - - [01/Jun/2024:10:32:05 +0000] "GET /export?format=csv&access_token={gh} HTTP/1.1" 200 48213 "-" "python-requests/2.31"',
            [("GITHUB_TOKEN", gh)],
            ["01/Jun/2024:10:32:05 +0000", "format=csv", "python-requests/2.31"],
            ["prose"],
        ),
        (
            f'panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x8a2f1c]\ngoroutine 1123 [running]:\nmain.(*Client).Post(0xc000128000, {{0xc0004a2000, 0x2f}}, {{"{sl}"}})',
            [("SLACK_TOKEN", sl)],
            ["goroutine 1123", "SIGSEGV", "addr=0x18"],
            ["stack-trace", "multi-line"],
        ),
        (
            f'sentry breadcrumb: http POST https://api.stripe.com/v1/payment_intents [401] headers: {{"Authorization": "Bearer {st}", "Idempotency-Key": "{(u1 := uid())}"}}',
            [("STRIPE_KEY", st)],
            ["https://api.stripe.com/v1/payment_intents", u1],
            ["json-log"],
        ),
        (
            f'terraform plan shows `+ google_api_key = "{gk}"` in the diff for module.maps — sensitive = false was set, fix in {(h1 := sha(7))}',
            [("GOOGLE_API_KEY", gk)],
            ["module.maps", h1],
            ["prose"],
        ),
        (
            f'k8s event: Warning  Failed  12m (x4 over 15m)  kubelet  Failed to pull image "123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout-api:{(h2 := sha(12))}": rpc error: code = Unknown desc = no basic auth credentials',
            [],
            [h2, "12m (x4 over 15m)", "no basic auth credentials"],
            ["benign"],
        ),
        (
            f"```redis-cli -h redis-cache-01.use1.acme.internal -p 6379 -a '{pw5}' INFO memory | grep used_memory_human\nused_memory_human:7.81G```",
            [("PASSWORD", pw5)],
            ["redis-cache-01.use1.acme.internal", "used_memory_human:7.81G"],
            ["code-block"],
        ),
        (
            f"aws sts get-caller-identity with AWS_ACCESS_KEY_ID={ak} AWS_SECRET_ACCESS_KEY={sk} returns arn:aws:iam::123456789012:user/ci-deployer",
            [("AWS_ACCESS_KEY_ID", ak), ("AWS_SECRET_KEY", sk)],
            ["arn:aws:iam::123456789012:user/ci-deployer"],
            ["prose"],
        ),
        (
            f'from the HAR export: {{"name": "authorization", "value": "Bearer {j}"}}, {{"name": "x-request-id", "value": "{(u2 := uid())}"}}',
            [("JWT", j)],
            [u2],
            ["json-log"],
        ),
        (
            "Hi team, Marisol Etxeberria from Globex says their webhooks stopped at 09:14 UTC, can someone take it? cc <@U0G9QF9C6>",
            [("PERSON", "Marisol Etxeberria")],
            ["09:14 UTC", "<@U0G9QF9C6>", "Globex"],
            ["prose"],
        ),
        (
            "merchant contact: Oluwaseun Adeyemi, o.adeyemi@globex-payments.com, +1 312 555 0147 (prefers email)",
            [("PERSON", "Oluwaseun Adeyemi"), ("EMAIL", "o.adeyemi@globex-payments.com"), ("PHONE", "+1 312 555 0147")],
            [],
            ["prose"],
        ),
        (
            "refund for cardholder Ravi Subramanian on card 5425 2334 3010 9903 failed: insufficient_funds",
            [("PERSON", "Ravi Subramanian"), ("CREDIT_CARD", "5425 2334 3010 9903")],
            ["insufficient_funds"],
            ["prose"],
        ),
        (
            "chargeback dispute from Hannah Kowalczyk (DE89 3704 0044 0532 0130 00), see ZD-553201",
            [("PERSON", "Hannah Kowalczyk"), ("IBAN", "DE89 3704 0044 0532 0130 00")],
            ["ZD-553201"],
            ["prose"],
        ),
        (
            "```kafka-consumer-groups --bootstrap-server kafka-broker-3.prod.acme.net:9092 --describe --group ledger-writer-cg\nTOPIC        PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG\norders.v2    7          88412231        88491004        78773```",
            [],
            ["kafka-broker-3.prod.acme.net:9092", "88412231", "78773", "ledger-writer-cg"],
            ["benign", "code-block"],
        ),
        (
            "p99 for checkout-api went 210ms → 4.8s at 10:32:05Z right after deploy #48213 (sha 9f1c2ab); rolled back at 10:41, recovered by 10:44",
            [],
            ["210ms", "4.8s", "10:32:05Z", "#48213", "9f1c2ab", "10:41", "10:44"],
            ["benign"],
        ),
        (
            "TLS handshake errors from lb-edge-2.fra.acme.net since the cert rotation; openssl s_client shows `Verify return code: 10 (certificate has expired)`",
            [],
            ["lb-edge-2.fra.acme.net", "Verify return code: 10"],
            ["benign"],
        ),
        (
            "the Authorization header is missing entirely on requests from partner-sync v2.3.1; 401s started 2024-06-03 08:00 UTC",
            [],
            ["partner-sync v2.3.1", "2024-06-03 08:00 UTC"],
            ["benign", "near-miss"],
        ),
        (
            "secret_key_base rotation is planned for Thursday; token_ttl=3600 stays; see RFC-2024-17",
            [],
            ["token_ttl=3600", "RFC-2024-17"],
            ["benign", "near-miss"],
        ),
        (
            "IAM policy diff: s3:GetObject on arn:aws:s3:::acme-prod-exports/* added by PR 4821 (Tom Becker approved)",
            [],
            ["arn:aws:s3:::acme-prod-exports/*", "PR 4821", "Tom Becker"],
            ["benign"],
        ),
        (
            "grafana alert link: <https://grafana.acme.io/alerting/grafana/ddn3k8x1/view?orgId=1|HighErrorRate checkout-api> fired 3 times in 20m",
            [],
            ["https://grafana.acme.io/alerting/grafana/ddn3k8x1/view?orgId=1", "20m"],
            ["benign", "slack-markup"],
        ),
        (
            "vault audit: token accessor hmac-sha256:4b1a... revoked at 11:02; lease ttl 768h; no secrets were read after 10:50",
            [],
            ["hmac-sha256:4b1a...", "768h"],
            ["benign", "near-miss"],
        ),
        (
            "🚨 SEV1 — إعادة المحاولة failed for payments-api in eu-west-1; שגיאה 503; ETA 30m 🙏",
            [],
            ["SEV1", "payments-api", "eu-west-1", "503", "30m"],
            ["benign"],
        ),
        (
            "the card BIN 424242 is Stripe's test card, not a real customer; test order ORD-104233 can be ignored",
            [],
            ["424242", "ORD-104233"],
            ["benign", "near-miss"],
        ),
        (
            "user_id=84213 session expired, re-auth loop in iOS app 7.12.0 (build 7120031)",
            [],
            ["user_id=84213", "7.12.0", "build 7120031"],
            ["benign", "near-miss"],
        ),
    ]
    for text, expect, keep, tags in items:
        add(text, expect, keep, tags + ["handwritten"])


if __name__ == "__main__":
    main()
