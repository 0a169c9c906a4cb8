"""A normalised view of a text for matching, with a map back to the original characters.

Pasted secrets hide from patterns in ways a reader does not notice: zero-width characters inside
a token, fullwidth letters, ``\\u0070assword`` escapes, ``%3D`` / ``&amp;`` encodings, or a token
wrapped over two lines by a terminal or an editor. The recognisers run on this view as well as on
the original; every finding in the view maps back to the exact original characters it came from,
so the redaction covers the zero-width characters, escapes and line breaks inside the secret too.

Building the view is skipped (``normalized`` returns None) for the common case of plain text that
has nothing to normalise, so it costs one or two C-level scans per message.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

# Characters that render as nothing (or as a join) but break a regex match.
_INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u034f"  # combining grapheme joiner
    "\u061c"  # Arabic letter mark
    "\u115f\u1160"  # Hangul fillers
    "\u17b4\u17b5"  # Khmer inherent vowels
    "\u180b-\u180f"  # Mongolian variation selectors / vowel separator
    "\u200b-\u200f"  # zero-width space, non-joiner, joiner, LRM, RLM
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u2066-\u206f"  # bidi isolates, deprecated format chars
    "\u3164"  # Hangul filler
    "\ufe00-\ufe0f"  # variation selectors
    "\ufeff"  # BOM / zero-width no-break space
    "\uffa0"  # halfwidth Hangul filler
    "\U000e0000-\U000e007f"  # tag characters
)
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")

# Escapes worth decoding: JSON/C string escapes, percent-encoding, HTML/XML character references.
_BACKSLASH_ESCAPE_RE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|[nrt\"'\\/])")
_PERCENT_RE = re.compile(r"%[0-9A-Fa-f]{2}")
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});")
_ESCAPE_RE = re.compile(
    r"\\(?:u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|[nrt\"'\\/])"
    r"|%[0-9A-Fa-f]{2}"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});"
)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "'": "'", "\\": "\\", "/": "/"}

# A line break inside a token-like run: at least 8 token chars before it (4 inside quotes) (the end of the line,
# optionally followed by a continuation backslash and spaces), at least 4 after the indentation
# of the next line, unless the next line starts with a `key:` / `key=` or a date. Whether the
# joined run is token-like enough is checked in ``_wrap_breaks``.
# Passwords carry symbols too; `.`, `@`, `:`, `%`, `&` and `?` are left out so that a host, an
# address or a URL at the end of a line is never glued to the next line's first word.
_TOKEN_CHARS = r"A-Za-z0-9+/=_!#$^*~\-"  # noqa: S105  (a character class, not a credential)
_WRAP_RE = re.compile(
    rf"(?<![{_TOKEN_CHARS}.])(?P<before>[{_TOKEN_CHARS}][{_TOKEN_CHARS}.]{{2,}}[{_TOKEN_CHARS}])"
    r"(?P<gap>[ \t]*\\?[ \t]*\r?\n[ \t]*)"
    r"(?![A-Za-z_][A-Za-z0-9_.\-]*[ \t]*(?::|=(?![=\s\"'`,;]|$))|[0-9]{4}-[0-9]{2}-[0-9]{2})"
    rf"(?P<after>[{_TOKEN_CHARS}](?:[{_TOKEN_CHARS}.]*[{_TOKEN_CHARS}])?)"
)
_MIN_JOINED_RUN = 16
_MIN_BEFORE = 8
_MIN_AFTER = 4


@dataclass(frozen=True)
class NormalizedView:
    """``text`` is the normalised copy; char ``i`` of it came from ``original[starts[i]:ends[i]]``."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span behind ``text[start:end]`` (every source char of it, and what lies between)."""
        return self.starts[start], self.ends[end - 1]


def normalized(text: str) -> NormalizedView | None:
    """The normalised view of ``text``, or None when it would equal ``text``.

    In order: escapes are decoded (``\\u0041``, ``\\n``, ``%41``, ``&#65;``, ``&amp;``), each
    resulting char is NFKC-normalised (fullwidth ``ｐａｓｓ`` → ``pass``) unless it is invisible
    (dropped), and a line break inside a token-like run is dropped together with its indentation.
    Plain ASCII text without escapes or wrapped runs costs a few C-level scans and no allocation.
    """
    unicode_work = not text.isascii() and (
        _INVISIBLE_RE.search(text) is not None or not unicodedata.is_normalized("NFKC", text)
    )
    escapes = ("\\" in text or "%" in text or "&" in text) and _ESCAPE_RE.search(text) is not None
    breaks = {m.start("gap"): m.end("gap") for m in _wrap_breaks(text)} if "\n" in text else {}
    if not (unicode_work or escapes or breaks):
        return None
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        gap_end = breaks.get(i)
        if gap_end is not None:
            i = gap_end  # the joined run continues at the next line's first token char
            continue
        decoded, j = _decode_at(text, i)
        for ch in decoded:
            for norm in _normalize_char(ch):
                out.append(norm)
                starts.append(i)
                ends.append(j)
        i = j
    view = "".join(out)
    if view == text:
        return None
    return NormalizedView(view, tuple(starts), tuple(ends))


def _decode_at(text: str, i: int) -> tuple[str, int]:
    """The decoded text of the escape at ``i`` (or the char itself) and where the next unit starts."""
    ch = text[i]
    if ch == "\\":
        m = _BACKSLASH_ESCAPE_RE.match(text, i)
        if m is not None:
            body = m.group()[1:]
            if body[0] in "ux":
                return _chr(int(body[1:], 16)), m.end()
            return _SIMPLE_ESCAPES[body], m.end()
    elif ch == "%":
        m = _PERCENT_RE.match(text, i)
        if m is not None:
            return chr(int(m.group()[1:], 16)), m.end()
    elif ch == "&":
        m = _ENTITY_RE.match(text, i)
        if m is not None:
            decoded = html.unescape(m.group())
            if decoded != m.group():
                return decoded, m.end()
    return ch, i + 1


def _chr(code: int) -> str:
    # Lone surrogates from `\ud83d` stay out of the view: spaCy refuses them.
    return "\ufffd" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else chr(code)


def _normalize_char(ch: str) -> str:
    if ch.isascii():
        return ch
    if _INVISIBLE_RE.match(ch):
        return ""
    return unicodedata.normalize("NFKC", ch)


def _wrap_breaks(text: str) -> list[re.Match[str]]:
    """Line breaks inside one token-like run (see ``_WRAP_RE``; too short, a host or a word: no)."""
    found: list[re.Match[str]] = []
    pos = 0
    while True:
        m = _WRAP_RE.search(text, pos)
        if m is None:
            return found
        after = m.group("after")
        if len(after) < _MIN_AFTER:
            pos = m.start("after")
            continue
        before = m.group("before")
        joined = before + after
        tail = before.rsplit(".", 1)[-1]
        if "." in before and not any(c.isdigit() or c.isupper() for c in tail):
            pos = m.start("after")
            continue  # `…acme-corp.com` / `…end of sentence.`: a host or a full stop, not a token
        prose_goes_on = after.isalpha() and after[1:].islower()
        # `"ab12…\n…!678"`: a quote opened before and closed after the break holds one value.
        quote = text[m.start() - 1 : m.start()]
        quoted = quote in ('"', "'") and text[m.end() : m.end() + 1] == quote
        long_enough = quoted or (len(before) >= _MIN_BEFORE and len(joined) >= _MIN_JOINED_RUN)
        if long_enough and _token_like(joined) and not prose_goes_on:
            found.append(m)
        # (`…token\nsecond line`, `…\nthanks`: a plain word starts a sentence, not a token's tail.)
        # The `after` run may itself end a wrapped line: search again from its start.
        pos = m.start("after")


def _token_like(run: str) -> bool:
    """Letters mixed with digits, symbols or both cases, as in keys; plain words and numbers are not."""
    if not any(c.isalpha() for c in run):
        return False
    return any(c.isdigit() for c in run) or not run.isalpha() or (not run.islower() and not run[1:].islower())
