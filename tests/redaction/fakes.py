"""Fake credentials with the right shapes (no real secret anywhere), built from a seeded RNG."""

from __future__ import annotations

import base64
import json
import random
import string

ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"

_rng = random.Random(4821)


def rs(alphabet: str, n: int, rng: random.Random = _rng) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def aws_key_id() -> str:
    return "AKIA" + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)


def aws_secret() -> str:
    while True:
        s = rs(B64, 40)
        if any(c.isupper() for c in s) and any(c.islower() for c in s) and any(c.isdigit() for c in s):
            return s


def github_classic() -> str:
    return "ghp_" + rs(ALNUM, 36)


def github_fine_grained() -> str:
    return "github_pat_" + rs(ALNUM, 22) + "_" + rs(ALNUM, 59)


def slack_bot() -> str:
    return f"xoxb-{rs(string.digits, 12)}-{rs(string.digits, 13)}-{rs(ALNUM, 24)}"


def slack_webhook_path() -> str:
    up = string.ascii_uppercase + string.digits
    return f"T{rs(up, 8)}/B{rs(up, 10)}/{rs(ALNUM, 24)}"


def stripe_live() -> str:
    return "sk_live_" + rs(ALNUM, 24)


def google_api_key() -> str:
    return "AIza" + rs(ALNUM + "-_", 35)


def npm_token() -> str:
    return "npm_" + rs(ALNUM, 36)


def pypi_token() -> str:
    return "pypi-AgEIcHlwaS5vcmc" + rs(B64URL, 70)


def sendgrid_key() -> str:
    return f"SG.{rs(B64URL, 22)}.{rs(B64URL, 43)}"


def twilio_api_key() -> str:
    return "SK" + rs(HEX, 32)


def azure_account_key() -> str:
    return rs(B64, 86) + "=="


def _b64url_json(obj: dict[str, object]) -> str:
    raw = json.dumps(obj, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def jwt() -> str:
    header = _b64url_json({"alg": "HS256", "typ": "JWT"})
    payload = _b64url_json({"sub": "user_8812", "exp": 1718000000, "scope": "orders:write"})
    return f"{header}.{payload}.{rs(B64URL, 43)}"


def pem_private_key(label: str = "RSA PRIVATE KEY", lines: int = 6, sep: str = "\n") -> str:
    body = sep.join(rs(B64, 64) for _ in range(lines))
    return f"-----BEGIN {label}-----{sep}{body}{sep}-----END {label}-----"


def password() -> str:
    return rs(ALNUM, 10) + "!" + rs(string.digits, 3)


def high_entropy(n: int = 32) -> str:
    return rs(ALNUM, n)


def basic_credentials(user: str = "svc-metrics") -> str:
    return base64.b64encode(f"{user}:{password()}".encode()).decode()
