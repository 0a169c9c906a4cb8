"""Properties over generated incident messages: redaction is idempotent and leaves nothing behind."""

from __future__ import annotations

import random
import string
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.redaction import Redactor

ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"

FACTS = [
    "deploy #48213",
    "checkout-api v3.7.3",
    "2024-06-01T10:32:05Z",
    "p99 1843ms",
    "<@U024BE7LH>",
    "<#C05AB12CD|inc-checkout>",
    "sha 9f1c2ab",
    "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
    "ip-10-0-3-17.ec2.internal",
    "HTTP 503",
    "https://grafana.acme.io/d/Xk9PqZ2Mz/latency?orgId=1",
    "Priya Raman is IC",
    "Kafka lag 48213",
    "rolled back at 10:41 UTC",
    "🔥🚒",
    "שגיאה בשרת",
    "خطأ في الخادم",
    "```",
    "{",
    '"level":"error"',
    "Customer Jane Doe",
    "spoke with Hannah Kowalczyk",
]
SEPARATORS = [" ", "\n", ", ", " `", "` ", "\n```\n", " | ", "\t", "; "]


def _rs(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _secret(kind: str, rng: random.Random) -> tuple[str, str]:
    """(text to paste, the secret value inside it)."""
    if kind == "ghp":
        v = "ghp_" + _rs(rng, ALNUM, 36)
        return f"token={v}", v
    if kind == "akia":
        v = "AKIA" + _rs(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
        return v, v
    if kind == "xoxb":
        v = f"xoxb-{_rs(rng, string.digits, 12)}-{_rs(rng, string.digits, 13)}-{_rs(rng, ALNUM, 24)}"
        return v, v
    if kind == "url":
        v = _rs(rng, ALNUM, 12)
        return f"postgres://app:{v}@db-1.prod.acme.net:5432/orders", v
    if kind == "kv":
        v = _rs(rng, ALNUM, 10) + "!" + _rs(rng, string.digits, 3)
        return f'"db_password": "{v}"', v
    if kind == "bearer":
        v = _rs(rng, ALNUM, 32)
        return f"Authorization: Bearer {v}", v
    if kind == "email":
        v = f"{_rs(rng, string.ascii_lowercase, 7)}@gmail.com"
        return v, v
    v = "sk_live_" + _rs(rng, ALNUM, 24)
    return v, v


KINDS = ["ghp", "akia", "xoxb", "url", "kv", "bearer", "email", "stripe"]


@st.composite
def messages(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A message of facts, planted secrets and separators; returns (text, planted values)."""
    # A seeded PRNG, not st.randoms(): shrinking must still give random-looking (high-entropy)
    # secrets, since `AKIAAAAAAAAAAAAAAAAA` is deliberately not treated as a key.
    rng = random.Random(draw(st.integers(min_value=0, max_value=2**32)))
    parts: list[str] = []
    planted: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        if draw(st.booleans()):
            paste, value = _secret(draw(st.sampled_from(KINDS)), rng)
            parts.append(paste)
            planted.append(value)
        else:
            parts.append(draw(st.sampled_from(FACTS)))
        parts.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(parts), planted


PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY_SETTINGS
@given(messages())
def test_redacting_twice_changes_nothing(members_redactor: Redactor, msg: tuple[str, list[str]]) -> None:
    """redact(redact(x)) == redact(x): placeholders are never detected again."""
    text, _ = msg
    once = members_redactor.redact(text).text
    again = members_redactor.redact(once)
    assert again.text == once
    assert again.findings == ()


@PROPERTY_SETTINGS
@given(messages())
def test_no_detected_value_survives(members_redactor: Redactor, msg: tuple[str, list[str]]) -> None:
    """Neither a planted secret nor any detected value is left, verbatim or percent-encoded."""
    text, planted = msg
    out = members_redactor.redact(text).text
    for value in planted:
        assert value not in out
    for span in members_redactor.find(text):
        value = text[span.start : span.end]
        if len(value) >= 6:
            assert value not in out
            assert quote(value, safe="") not in out


@PROPERTY_SETTINGS
@given(st.text(st.characters(exclude_categories=()), max_size=300))
def test_arbitrary_text_never_crashes_and_is_idempotent(members_redactor: Redactor, text: str) -> None:
    """Any unicode (control chars, surrogates, emoji, RTL) is handled; a second pass is a no-op."""
    once = members_redactor.redact(text).text
    assert members_redactor.redact(once).text == once
