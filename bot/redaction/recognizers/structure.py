"""Secrets found by where they sit, not by their shape.

``keyvalue`` handles one-line ``key=value`` assignments. This module covers the other places a
credential ends up in a paste: a YAML value with spaces, on the next line or in a block scalar;
a JSON string with escapes; a ``name``/``value`` pair; connection strings and ``.pgpass`` lines;
CLI flags and commands that take a password (``sshpass -p``, ``docker login -p``, ``AUTH`` in
redis-cli); prose ("the password is …"); an opaque token right after a secret word; and the body
of a private key pasted without its BEGIN line. Written from the formats' documentation, not
from any example text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.redaction import entities as ent
from bot.redaction.recognizers.keyvalue import (
    STATE_WORDS,
    Hit,
    classify_assignment,
    is_placeholder_value,
    key_family,
    key_words,
)
from bot.redaction.textutil import shannon_entropy

# Words after `password is` that describe the password rather than being it: the key=value
# recognizer's state words plus the ones prose adds around them.
_STATE_WORDS = STATE_WORDS | frozenset(
    """
    a an ask being check correct different expiring failing fine from in locked managed not now okay
    pending rotating same saved see still stored the too unknown updated use using via
    """.split()
)
# First words of a config value that describe the secret instead of being it (`not set`, `see vault`).
_DESCRIBING = frozenset(
    {"not", "see", "ask", "stored", "in", "from", "via", "managed", "rotated", "changed", "reset", "expired"}
    | {"set", "unset", "missing", "required", "hidden", "redacted", "same", "check", "use", "using", "pending"}
    | {"being", "still", "now", "none", "null", "empty", "todo", "tbd", "n/a"}
)


def find_structured(text: str, lowered: str) -> Iterator[Hit]:
    """Every secret this module's rules find in ``text`` (``lowered`` is ``text.lower()``)."""
    if ":" in text or "=" in text:
        yield from _config_lines(text)
    if '":' in text or '" :' in text or "\\" in text:
        yield from _json_strings(text)
    if "value" in lowered and ("name" in lowered or "key" in lowered or "variable" in lowered):
        yield from _name_value_pairs(text)
    if ";" in text and ("password" in lowered or "pwd" in lowered):
        yield from _connection_string(text)
    if text.count(":") >= 4:
        yield from _pgpass(text)
    if "-" in text:
        yield from _cli(text, lowered)
    if "auth" in lowered or "requirepass" in lowered:
        yield from _redis(text)
    if any(w in lowered for w in _PROSE_TRIGGERS):
        yield from _prose(text)
        yield from _token_after_word(text)
    if "\n" in text or "MII" in text:
        yield from _key_body(text)


# --- YAML / INI / env lines: values with spaces, on the next line, in block scalars --------------

_LINE_RE = re.compile(
    r"^(?P<indent>[ \t]*(?:-[ \t]+)?)(?P<q>[\"']?)(?P<key>[A-Za-z_][A-Za-z0-9_.\-]{0,60})(?P=q)"
    r"[ \t]*(?P<sep>=|:(?=[ \t]|$))[ \t]*(?P<value>[^\n]*)",
    re.MULTILINE,
)
_CONFIG_LINE_RE = re.compile(
    r"^[ \t]*(?:-[ \t]+)?[\"']?[A-Za-z_][\w.\-]{0,60}[\"']?[ \t]*(?:=|:(?:[ \t]|$))|^\[[^\]\n]+\][ \t]*$"
)
_BLOCK_SCALAR_RE = re.compile(r"^[|>][+-]?[0-9]?[+-]?$")
_MORE_ASSIGNMENTS_RE = re.compile(r"[ \t][A-Za-z_][A-Za-z0-9_]*=")
_COMMENT_RE = re.compile(r"[ \t]+[#;].*$")


def _config_lines(text: str) -> Iterator[Hit]:
    lines = text.split("\n")
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    for n, line in enumerate(lines):
        m = _LINE_RE.match(line)
        if m is None:
            continue
        key = m.group("key")
        family = key_family(key)
        if family is None:
            continue
        value = m.group("value").rstrip(" \t\r")
        base = offsets[n]
        if value == "" or _BLOCK_SCALAR_RE.match(value):
            yield from _next_line_value(lines, offsets, n, len(m.group("indent")), key, block=value != "")
            continue
        if " " not in value and "\t" not in value:
            continue  # a one-word value is keyvalue's job
        if family != "password" or not _config_context(lines, n, m.group("indent"), key):
            continue
        value_start = base + m.start("value")
        stripped = _COMMENT_RE.sub("", value)
        if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in "\"'":
            stripped = stripped[1:-1]
            value_start += 1
        if _is_description(stripped) or stripped.startswith(("/", "~/", "./", "../")):
            continue
        if m.group("sep") == "=" and _MORE_ASSIGNMENTS_RE.search(stripped):
            continue  # `A=1 B=2` on one line: shell assignments, each handled by keyvalue
        yield Hit(ent.PASSWORD, value_start, value_start + len(stripped))


def _config_context(lines: list[str], n: int, indent: str, key: str) -> bool:
    """The line is part of a config file, not a sentence that happens to start with ``Password:``."""
    if indent or "phrase" in key.lower():
        return True
    if any(c in key for c in "_.-") or key.isupper() or (key[:1].islower() and not key.islower()):
        return True
    neighbours = [lines[i] for i in (n - 1, n + 1) if 0 <= i < len(lines)]
    return any(_CONFIG_LINE_RE.match(line) for line in neighbours)


def _is_description(value: str) -> bool:
    words = value.split()
    if not words:
        return True
    first = words[0].lower().strip(".,:;!?()")
    return first in _DESCRIBING or is_placeholder_value(value)


def _next_line_value(
    lines: list[str], offsets: list[int], n: int, key_indent: int, key: str, *, block: bool
) -> Iterator[Hit]:
    """``password:`` then the value indented on the next line(s); ``|``/``>`` block scalars too."""
    family = key_family(key)
    taken = 0
    for i in range(n + 1, min(len(lines), n + 1 + (50 if block else 1))):
        line = lines[i]
        content = line.lstrip(" \t")
        indent = len(line) - len(content)
        content = content.rstrip()
        if not content:
            if block:
                continue
            return
        if indent <= key_indent and (block or _CONFIG_LINE_RE.match(line)):
            return  # the next key: the value was empty
        if not block and (_CONFIG_LINE_RE.match(line) or (indent <= key_indent and " " in content)):
            return  # a nested mapping or a sentence, not a scalar value
        if not block and _is_description(content):
            return
        if not block and family != "password" and (len(content) < 8 or " " in content):
            return
        start = offsets[i] + indent
        yield Hit(ent.PASSWORD if family == "password" else ent.SECRET, start, start + len(content))
        taken += 1
        if not block:
            return


# --- JSON strings with escapes, name/value pairs ------------------------------------------------

_JSON_RE = re.compile(r"\"(?P<key>[^\"\\\n]{1,60})\"[ \t]*:[ \t]*\"(?P<v>(?:[^\"\\\n]|\\.){1,512})\"")


def _json_strings(text: str) -> Iterator[Hit]:
    for m in _JSON_RE.finditer(text):
        value = m.group("v")
        if "\\" not in value and " " not in value:
            continue  # keyvalue handles plain quoted values
        entity = classify_assignment(m.group("key"), ":", value, quoted=True)
        if entity is not None:
            yield Hit(entity, m.start("v"), m.end("v"))


_NAME_VALUE_RE = re.compile(
    r"(?i:[\"']?(?:name|key|parameter_?key|variable)[\"']?)[ \t]*[:=][ \t]*[\"']?(?P<name>[A-Za-z0-9_.\-/]{2,80})[\"']?"
    r"[ \t]*,?[ \t]*\r?\n?[ \t]*(?:-[ \t]+)?"
    r"(?i:[\"']?(?:value|parameter_?value|secret_?value)[\"']?)[ \t]*[:=][ \t]*"
    r"(?:(?P<q>[\"'])(?P<qv>(?:(?!(?P=q))[^\n\\]|\\.){1,512})(?P=q)|(?P<uv>[^\s,}\"']{1,512}))"
)


def _name_value_pairs(text: str) -> Iterator[Hit]:
    """``{"name": "DB_PASSWORD", "value": "…"}`` (Kubernetes env, ECS, SSM, CloudFormation)."""
    for m in _NAME_VALUE_RE.finditer(text):
        name = m.group("name").rsplit("/", 1)[-1]
        group = "qv" if m.group("qv") is not None else "uv"
        entity = classify_assignment(name, "=", m.group(group), quoted=group == "qv")
        if entity is not None:
            yield Hit(entity, *m.span(group))


# --- connection strings and .pgpass ------------------------------------------------------------

_CONN_PASSWORD_RE = re.compile(
    r"(?:^|[;\"'\s])(?i:password|pwd)[ \t]*=[ \t]*"
    r"(?P<v>\{[^}\n]{1,256}\}|[^;\n\"'{}][^;\n\"']{0,255}?)[ \t]*(?=;|[\"']|$)",
    re.MULTILINE,
)


def _connection_string(text: str) -> Iterator[Hit]:
    """``Server=…;User ID=sa;Password=a b c;``: the value runs to the next ``;``, spaces and all."""
    for m in _CONN_PASSWORD_RE.finditer(text):
        value = m.group("v")
        if not is_placeholder_value(value.strip("{}")) and value.strip():
            yield Hit(ent.PASSWORD, *m.span("v"))


_PGPASS_RE = re.compile(
    r"^[ \t]*(?P<host>[A-Za-z0-9.\-_*]*[A-Za-z.*][A-Za-z0-9.\-_*]*):(?:[0-9]{1,5}|\*)"
    r":(?P<db>(?:[^:\s\\]|\\.)+):(?P<user>(?:[^:\s\\]|\\.)+):(?P<v>(?:[^:\s\\]|\\.)+)[ \t]*$",
    re.MULTILINE,
)


def _pgpass(text: str) -> Iterator[Hit]:
    """``hostname:port:database:username:password``, one per line (libpq's password file)."""
    for m in _PGPASS_RE.finditer(text):
        if m.group("user").isdigit() or is_placeholder_value(m.group("v")):
            continue
        yield Hit(ent.PASSWORD, *m.span("v"))


# --- command lines ----------------------------------------------------------------------------


def _arg(prefix: str = "") -> str:
    """A shell argument, quoted (group ``qv``) or bare (``uv``), group names prefixed."""
    return (
        rf"(?:(?P<{prefix}q>[\"'])(?P<{prefix}qv>[^\"'\n]{{1,256}})(?P={prefix}q)"
        rf"|(?P<{prefix}uv>[^\s\"'`|;&<>]{{1,256}}))"
    )


_ARG = _arg()
# Commands whose short flag takes the password: `sshpass -p`, `docker login -p`, `ldapsearch -w`…
_CLI_RE = re.compile(
    r"(?:\bsshpass\b[^\n|;&]{0,200}?[ \t]-p"
    r"|\b(?:docker|podman|nerdctl|buildah|skopeo|helm[ \t]+registry|oras|crane)[ \t]+login\b[^\n|;&]{0,200}?[ \t]-p"
    r"|\bmongo(?:sh|dump|restore|export|import|stat|top)?\b[^\n|;&]{0,200}?[ \t]-p"
    r"|\bldap(?:search|modify|add|delete|whoami|passwd|compare|modrdn)\b[^\n|;&]{0,200}?[ \t]-w"
    r"|\b(?:unzip|zip|zipcloak)\b[^\n|;&]{0,200}?[ \t]-P"
    r"|\bredis-cli\b[^\n|;&]{0,200}?[ \t]-a"
    r"|\bpass(?:in|out)?[ \t]+pass:|-pass(?:in|out)[ \t]+pass:"
    r")(?:[ \t]+|(?=[^\s-]))" + _ARG
)
_FLAG_RE = re.compile(r"(?<![\w-])--(?P<key>[A-Za-z][A-Za-z0-9_-]{1,40})(?:=|[ \t]+)" + _ARG)
_ECHO_PIPE_RE = re.compile(
    r"\becho[ \t]+(?:-n[ \t]+)?"
    + _ARG
    + r"[ \t]*\|[ \t]*(?:sudo[ \t]+-S|[^\n|;&]{0,80}--password-stdin|chpasswd|passwd)"
)


_CLI_WORDS = ("sshpass", "login", "mongo", "ldap", "zip", "redis-cli", "pass")


def _cli(text: str, lowered: str) -> Iterator[Hit]:
    regexes = []
    if any(w in lowered for w in _CLI_WORDS):
        regexes.append(_CLI_RE)
    if "--" in text:
        regexes.append(_FLAG_RE)
    if "echo" in lowered:
        regexes.append(_ECHO_PIPE_RE)
    for regex in regexes:
        for m in regex.finditer(text):
            group = "qv" if m.group("qv") is not None else "uv"
            value = m.group(group)
            if regex is _FLAG_RE and key_family(m.group("key")) != "password":
                continue  # other flags: keyvalue's FLAG_RE classifies them
            if value.startswith("-") or is_placeholder_value(value) or value.lower() in _STATE_WORDS:
                continue
            if value.startswith(("/", "~/", "./")) and group == "uv":
                continue
            yield Hit(ent.PASSWORD, *m.span(group))


_REDIS_AUTH_RE = re.compile(
    r"^(?P<prompt>[ \t]*(?:[\w.\-\[\]]+(?::\d+)?(?:\[\d+\])?>[ \t]*|[$#][ \t]*)?(?:redis-cli\b[^\n]*?[ \t])?)"
    r"(?P<cmd>AUTH|auth|Auth)[ \t]+(?:[^\s\"']+[ \t]+)?" + _ARG + r"[ \t]*$"
    r"|^[ \t]*(?:CONFIG[ \t]+SET[ \t]+)?(?i:requirepass|masterauth)[ \t]+" + _arg("r") + r"[ \t]*$",
    re.MULTILINE,
)


def _redis(text: str) -> Iterator[Hit]:
    """``AUTH pw`` / ``AUTH user pw`` at a redis-cli prompt; ``requirepass``/``masterauth`` lines."""
    for m in _REDIS_AUTH_RE.finditer(text):
        if m.group("cmd") is not None:
            group = "qv" if m.group("qv") is not None else "uv"
            prompted = bool(m.group("prompt").strip())
            value = m.group(group)
            if not prompted and (m.group("cmd") != "AUTH" or _word_like(value)):
                continue
        else:
            group = "rqv" if m.group("rqv") is not None else "ruv"
            value = m.group(group)
        if not is_placeholder_value(value) and value.lower() not in _STATE_WORDS:
            yield Hit(ent.PASSWORD, *m.span(group))


def _word_like(value: str) -> bool:
    """An ordinary word (``failing``, ``Expired``), not a password."""
    return value.isalpha() and value[1:].islower()


# --- prose ---------------------------------------------------------------------------------------

_PROSE_TRIGGERS = ("pass", "pw", "secret", "token", "key", "cred", "auth", "bearer")
_PROSE_RE = re.compile(
    r"(?i:\b(?P<kw>pass(?:word|wd|phrase|code)?|pwd|pw|secret|token|api[ _-]?key|credentials?)\b"
    r"(?:[ \t]+(?:for|of|on|to)(?:[ \t]+[\w.@:/\-]{1,40}){1,3}?)?"
    r"[ \t]*(?:[ \t]is|[ \t]was|[ \t]is[ \t]now|[ \t]was[ \t]set[ \t]to|[ \t]set[ \t]to|[ \t]changed[ \t]to"
    r"|[ \t]reset[ \t]to|[ \t]becomes|[ \t]will[ \t]be|:|=|->|→)[ \t]+)"
    r"(?P<q>[\"'`]?)(?P<v>[^\s\"'`]{3,256})(?P=q)"
)
_TRAILING_PUNCT = ".,;:)]}"


def _prose(text: str) -> Iterator[Hit]:
    """ "the password is X", "pw: X", "the db password was X", "token for prod is X"."""
    for m in _PROSE_RE.finditer(text):
        value = m.group("v")
        start, end = m.span("v")
        quoted = bool(m.group("q"))
        if not quoted:
            while value and value[-1] in _TRAILING_PUNCT:
                value = value[:-1]
                end -= 1
        if not value or is_placeholder_value(value) or value.lower() in _STATE_WORDS:
            continue
        password = m.group("kw").lower().startswith("p")
        if password:
            if len(value) < 4 or (not quoted and (_word_like(value) or (value.islower() and value.isalpha()))):
                continue
            if not quoted and value.startswith(("http://", "https://", "/", "~/", "$")):
                continue
            yield Hit(ent.PASSWORD, start, end)
        elif _random_like(value, min_len=12):
            yield Hit(ent.SECRET, start, end)


# --- an opaque token right after a secret word ----------------------------------------------------

_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9+/=_\-.])[A-Za-z0-9+/=_\-]{16,512}(?![A-Za-z0-9+/=_\-]|\.[A-Za-z0-9])")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# Words that name an incident fact with its own id; the nearest one to a token wins.
_OWN_WORDS = frozenset(
    {
        "commit",
        "sha",
        "sha1",
        "sha256",
        "hash",
        "digest",
        "checksum",
        "request",
        "req",
        "requestid",
        "trace",
        "traceid",
        "traceparent",
        "span",
        "spanid",
        "deploy",
        "deployment",
        "build",
        "version",
        "release",
        "run",
        "job",
        "pipeline",
        "id",
        "uuid",
        "guid",
        "correlation",
        "etag",
        "ref",
        "tag",
        "image",
        "revision",
        "rev",
        "fingerprint",
        "kid",
        "order",
        "invoice",
        "customer",
        "event",
        "message",
        "msg",
        "ticket",
        "incident",
        "alert",
        "object",
        "file",
        "path",
        "url",
        "host",
        "pod",
        "node",
        "cluster",
        "idempotency",
        "cache",
        "partition",
        "public",
    }
)
_FILLER = frozenset(
    {"is", "was", "the", "my", "our", "your", "a", "an", "new", "old", "this", "that", "here", "heres", "it", "its"}
    | {"s", "now", "set", "to", "of", "for", "prod", "staging", "value", "with", "using", "use", "and"}
)
_KEYISH = frozenset(
    {"password", "passwd", "pwd", "pw", "passphrase", "secret", "token", "key", "apikey", "api", "auth"}
    | {"credential", "credentials", "creds", "bearer", "session", "cookie", "private", "access", "client"}
    | {"signing", "master", "webhook", "refresh", "oauth", "app", "service", "account", "admin", "root", "ssh"}
)
_LOOKBACK = 48
_SECRET_NOUNS: tuple[str, ...] = (
    "password",
    "passwd",
    "pwd",
    "pw",
    "passphrase",
    "secret",
    "token",
    "key",
    "credential",
)
_SECRET_NOUNS += ("credentials", "creds", "bearer", "cookie")


def _token_after_word(text: str) -> Iterator[Hit]:
    """``here is the api key 9f8e…`` is a secret; ``commit 9f8e…`` and ``request id 4bf9…`` stay."""
    for m in _TOKEN_RE.finditer(text):
        token = m.group()
        if not _random_like(token, min_len=16):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[max(line_start, m.start() - _LOOKBACK) : m.start()]
        phrase = _key_phrase(before)
        if not phrase or any(w in _OWN_WORDS for w in phrase):
            continue
        if not phrase[-1].endswith(_SECRET_NOUNS):
            continue  # `token service`, `auth proxy`: the words name something else
        family = key_family("_".join(phrase))
        if family is None:
            continue
        if family == "weak" and (len(token) < 20 or shannon_entropy(token) < 3.5):
            continue
        yield Hit(ent.PASSWORD if family == "password" else ent.SECRET, m.start(), m.end())


def _key_phrase(before: str) -> list[str]:
    """The secret-ish words just before a value: ``the api key is`` → [api, key]."""
    words = [w.lower() for w in _WORD_RE.findall(before)]
    # Punctuation other than `:`/`=`/quotes between the words and the token breaks the link.
    tail = before[before.rfind(words[-1]) + len(words[-1]) :] if words else ""
    if tail.strip(" \t:=\"'`-") != "":
        return []
    phrase: list[str] = []
    for w in reversed(words):
        if not phrase and w in _FILLER:
            continue
        if w in _OWN_WORDS:
            return [w]
        parts = key_words(w) or [w]
        if any(p in _KEYISH or p.endswith(("token", "secret", "password", "key")) for p in parts):
            phrase.insert(0, w)
            if len(phrase) == 3:
                break
            continue
        break
    return phrase


def _random_like(value: str, *, min_len: int) -> bool:
    """Long, letters and digits mixed, and dense: a generated credential, not a name or a number."""
    if len(value) < min_len:
        return False
    if not any(c.isdigit() for c in value) or not any(c.isalpha() for c in value):
        return False
    mixed = [p for p in re.split(r"[-_]", value) if any(c.isdigit() for c in p) and any(c.isalpha() for c in p)]
    if max(map(len, mixed), default=0) < 8:
        return False  # `checkout-api-canary-7`, `ip-10-0-3-17`: names made of words and numbers
    return shannon_entropy(value) >= 3.0


# --- private key bodies without the BEGIN line ---------------------------------------------------

_B64_LINE_RE = re.compile(r"^[ \t\"']*(?P<b>[A-Za-z0-9+/]{60,76}={0,2})[ \t\"',\\]*$")
_LAST_LINE_RE = re.compile(r"^[ \t\"']*(?P<b>[A-Za-z0-9+/]{4,76}={0,2})[ \t\"',\\]*$")
_DER_PREFIXES = ("MII", "MHcCAQEE", "MC4CAQAw", "b3BlbnNzaC1rZXktdjE", "UHVUVFk")


def _key_body(text: str) -> Iterator[Hit]:
    """Base64 lines of key material (PEM 64, OpenSSH 70, MIME 76 chars), even without ``-----BEGIN``.

    Two or more full-width lines of dense base64 in a row are taken as key material and redacted
    with the short last line; a single line only when it starts like DER key material (``MII…``).
    """
    lines = text.split("\n")
    pos = 0
    block: list[tuple[int, int]] = []
    for line in lines:
        m = _B64_LINE_RE.match(line)
        if m is not None and _dense(m.group("b")):
            block.append((pos + m.start("b"), pos + m.end("b")))
        elif block:
            last = _LAST_LINE_RE.match(line)
            if last is not None and len(block) >= 2:
                block.append((pos + last.start("b"), pos + last.end("b")))
            yield from _flush(text, block)
            block = []
        pos += len(line) + 1
    if block:
        yield from _flush(text, block)


def _flush(text: str, block: list[tuple[int, int]]) -> Iterator[Hit]:
    if len(block) >= 2 or text[block[0][0] : block[0][1]].startswith(_DER_PREFIXES):
        yield Hit(ent.PRIVATE_KEY, block[0][0], block[-1][1])


def _dense(b64: str) -> bool:
    return (
        any(c.isupper() for c in b64)
        and any(c.islower() for c in b64)
        and any(c.isdigit() for c in b64)
        and shannon_entropy(b64) >= 4.5
    )
