"""Odd input: huge pastes, binary-ish bytes, emoji and right-to-left text, chunk boundaries."""

from __future__ import annotations

import time

import pytest

from bot.redaction import Redactor
from bot.redaction.textutil import chunks, percent_decoded, shannon_entropy
from tests.redaction import fakes

LOG_LINE = (
    "2024-06-01 10:32:05,123 ERROR [checkout-api] upstream db-primary-02.prod.acme.net:5432 "
    "timed out after 30s (request 3f2504e0-4f89-41d3-9a0c-0305e82c3301, p99 1843ms)\n"
)


def test_forty_thousand_chars_are_fast_and_complete(members_redactor: Redactor) -> None:
    """A 40k-char pasted log is redacted in well under two seconds, secrets at both ends included."""
    head, tail = fakes.github_classic(), fakes.slack_bot()
    body = LOG_LINE * (40_000 // len(LOG_LINE) + 1)
    text = f"token={head}\n{body}Customer Jane Doe, jane@gmail.com, SLACK_BOT_TOKEN={tail}\n"
    assert len(text) > 40_000
    start = time.perf_counter()
    result = members_redactor.redact(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, f"{elapsed:.2f}s"
    assert head not in result.text
    assert tail not in result.text
    assert "jane@gmail.com" not in result.text
    assert result.text.count("db-primary-02.prod.acme.net:5432") == body.count("db-primary-02.prod.acme.net:5432")


def test_single_huge_line_without_newlines(members_redactor: Redactor) -> None:
    """Minified JSON with no newline is cut at soft breaks, so a token at a cut is still found."""
    tok = fakes.github_classic()
    filler = ",".join(f'"k{i}":"v{i}"' for i in range(1300))
    text = "{" + filler + f',"token":"{tok}",' + filler + "}"
    assert len(text) > 30_000
    assert tok not in members_redactor.redact(text).text


def test_private_key_across_a_chunk_boundary(members_redactor: Redactor) -> None:
    """A PEM block is never split between chunks, so it is redacted whole."""
    key = fakes.pem_private_key(lines=40)
    text = "x\n" * 2400 + key + "\nafter the key\n"
    result = members_redactor.redact(text)
    assert "-----BEGIN" not in result.text
    assert result.text.endswith("<PRIVATE_KEY_1>\nafter the key\n")


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02 binary \xff\xfe junk \x7f",
        "\ud800 lone surrogate \udfff",
        "🔥🚒🧯 checkout-api is down 😱 <@U024BE7LH> 👀",
        "השירות checkout-api נפל ב-10:32 UTC",
        "خدمة الدفع checkout-api متوقفة منذ 10:32 UTC",
        "\u202eevil rtl override\u202c deploy #48213",
        "zero\u200bwidth\u200djoiner",
        "\t\n\r\x0b\x0c",
        "",
    ],
)
def test_unusual_text_passes_through(members_redactor: Redactor, text: str) -> None:
    """Control bytes, surrogates, emoji and RTL scripts are returned unchanged when nothing leaks."""
    assert members_redactor.redact(text).text == text


def test_secret_next_to_emoji_and_rtl(members_redactor: Redactor) -> None:
    """Non-ASCII neighbours do not hide a secret or shift placeholder offsets."""
    tok = fakes.stripe_live()
    text = f"🔥 שגיאה: {tok} 😱 مرحبا"
    assert members_redactor.redact(text).text == "🔥 שגיאה: <STRIPE_KEY_1> 😱 مرحبا"


def test_non_string_input_is_rejected(members_redactor: Redactor) -> None:
    """Bytes are a caller bug, reported as such."""
    with pytest.raises(TypeError, match="expects str"):
        members_redactor.redact(b"token=abc")  # type: ignore[arg-type]


def test_chunks_cover_the_text_exactly() -> None:
    """Chunks are contiguous, in order, and cut on newlines when there are any."""
    text = "line of text\n" * 1000
    pieces = chunks(text, 500)
    assert "".join(p for _, p in pieces) == text
    assert all(p.endswith("\n") for _, p in pieces)
    assert [o for o, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]


def test_percent_decoded_view_maps_back() -> None:
    """Decoded offsets map to the encoded span of the original."""
    text = "a%3Ab%40c"
    view = percent_decoded(text)
    assert view is not None
    assert view.text == "a:b@c"
    assert view.original_span(1, 4) == (1, 8)
    assert percent_decoded("no escapes 100%") is None


def test_entropy() -> None:
    """Shannon entropy in bits per char: 0 for one repeated char, 2 for four equally common ones."""
    assert shannon_entropy("") == 0.0
    assert shannon_entropy("aaaa") == 0.0
    assert shannon_entropy("abcd") == pytest.approx(2.0)
