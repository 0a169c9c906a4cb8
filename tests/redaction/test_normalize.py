"""The normalised view: zero-width characters, fullwidth letters, escapes and wrapped lines hide nothing.

Unit tests of the offset map, then a derandomised property test: a planted secret of several kinds,
disguised in each way, never survives (no 8 contiguous chars of its letters and digits remain,
even after undoing the disguise on the output) and a placeholder is written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.redaction import Redactor
from bot.redaction.normalize import normalized

from . import fakes

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


def test_plain_ascii_has_no_view() -> None:
    """The fast path: ordinary text costs no view (and no second scan)."""
    assert normalized("deploy #4812 rolled back at 10:41, p99 1843ms\nall good now") is None
    assert normalized("error rate 9% (critical) & rising") is None


def test_view_maps_back_over_the_invisible_chars() -> None:
    """A finding in the view covers the original chars it came from, zero-width ones included."""
    text = "key=ab\u200bcd\u200cef gh"
    view = normalized(text)
    assert view is not None
    assert view.text == "key=abcdef gh"
    start = view.text.index("abcdef")
    assert view.original_span(start, start + 6) == (4, 12)
    assert text[4:12] == "ab\u200bcd\u200cef"


def test_fullwidth_escapes_and_entities_decode() -> None:
    """NFKC folds fullwidth letters; `\\u0070`, `%41`, `&#65;` and `&amp;` decode to one char each."""
    view = normalized("ｐａｓｓ \\u0070w %41 &#65; &amp;")
    assert view is not None
    assert view.text == "pass pw A A &"
    assert view.original_span(5, 6) == (5, 11)  # `\u0070`


def test_wrapped_token_is_joined_but_sentences_are_not() -> None:
    """A break inside a letters-and-digits run is dropped with its indentation; a new sentence is not."""
    view = normalized("token: ghp_ab12CD34ef\n    56GH78ij90KL \\\n  12mn34OP56\nok")
    assert view is not None
    assert "ghp_ab12CD34ef56GH78ij90KL12mn34OP56" in view.text
    assert normalized("token=ab12cd34ef56gh78\nsecond line") is None
    assert normalized("req=9f1c2ab4e5d6f7a8\n2024-06-01T10:32:06Z next") is None


# (the text around the secret, the secret) for several kinds, from the project's fake generators.
KINDS: list[Callable[[], tuple[str, str]]] = [
    lambda: ("token={}", fakes.github_classic()),
    lambda: ("export SLACK_BOT_TOKEN={}", fakes.slack_bot()),
    lambda: ("stripe key {} in the log", fakes.stripe_live()),
    lambda: ("AWS_ACCESS_KEY_ID={}", fakes.aws_key_id()),
    lambda: ("aws_secret_access_key = {}", fakes.aws_secret()),
    lambda: ('"db_password": "{}"', fakes.password()),
    lambda: ("Authorization: Bearer {}", fakes.jwt()),
    lambda: ("SENDGRID={}", fakes.sendgrid_key()),
    lambda: ("the api key is {}", fakes.high_entropy(32)),
]


def _zero_width(secret: str, data: st.DataObject) -> str:
    chars = list(secret)
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(1, len(chars) - 1))
        chars.insert(pos, data.draw(st.sampled_from(ZERO_WIDTH)))
    return "".join(chars)


def _fullwidth(secret: str, data: st.DataObject) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in secret)


def _wrapped(secret: str, data: st.DataObject) -> str:
    edge = min(8, len(secret) // 2)  # a wrap leaves a real piece of the token on each line
    pos = data.draw(st.integers(edge, len(secret) - edge))
    gap = data.draw(st.sampled_from(["\n", "\n    ", " \\\n  ", "\r\n\t"]))
    return secret[:pos] + gap + secret[pos:]


DISGUISES = [_zero_width, _fullwidth, _wrapped]


def _alnum(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"[^A-Za-z0-9]", "", folded)


@settings(
    derandomize=True,
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_disguised_secret_never_survives(members_redactor: Redactor, data: st.DataObject) -> None:
    """Zero-width chars, fullwidth letters or a line wrap inside a secret do not let it through."""
    template, secret = data.draw(st.sampled_from(KINDS))()
    disguise = data.draw(st.sampled_from(DISGUISES))
    before = data.draw(st.sampled_from(["", "fyi ", "pasted from the runbook:\n"]))
    after = data.draw(st.sampled_from(["", " — please rotate", "\nthanks"]))
    text = before + template.format(disguise(secret, data)) + after
    out = members_redactor.redact(text)
    assert out.secrets, text
    survivors = _alnum(out.text)
    plain = _alnum(secret)
    for i in range(len(plain) - 7):
        assert plain[i : i + 8] not in survivors, (text, out.text)
