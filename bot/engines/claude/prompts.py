"""Prompt templates (``bot/prompts/*.md``) and the fences that keep channel text marked as data.

A template is Markdown with a small front matter (``name``, ``version``) and ``{{ variable }}``
placeholders. Rendering is strict: a missing variable, an unused one or a malformed placeholder
raises ``PromptError`` instead of producing a prompt with a hole in it.

Untrusted material (messages, earlier sitreps, the board) never goes through a template. It is
encoded by ``fence``: one JSON record per line between an opening and a closing tag. A message
cannot end its record early (JSON escapes newlines) nor close the tag (``</`` is written ``<\\/``),
so the instructions in ``system.md`` can tell the model exactly where data starts and stops.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.domain import Message
from bot.errors import EngineError

PACKAGE = "bot"
FOLDER = "prompts"
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_BRACES = re.compile(r"\{\{|\}\}")
# Characters Python or a tokenizer may treat as line breaks although JSON leaves them unescaped.
_LINE_BREAKS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


class PromptError(EngineError):
    """A prompt template is missing, malformed, or was rendered with the wrong variables."""


@dataclass(frozen=True)
class Template:
    """One versioned prompt template."""

    name: str
    version: int
    body: str
    variables: frozenset[str]

    @property
    def ref(self) -> str:
        """``name@version``, the form recorded in the audit stream."""
        return f"{self.name}@{self.version}"

    def render(self, **values: object) -> str:
        """The template with every placeholder filled.

        Raises:
            PromptError: when a variable is missing or a value is given that the template does not use.
        """
        missing = self.variables - values.keys()
        if missing:
            raise PromptError(f"prompt {self.ref} needs variable(s) {', '.join(sorted(missing))}")
        unused = values.keys() - self.variables
        if unused:
            raise PromptError(f"prompt {self.ref} has no variable(s) {', '.join(sorted(unused))}")
        # One pass over the template: values are inserted verbatim and never scanned for placeholders.
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), self.body)


def parse_template(name: str, text: str) -> Template:
    """Read a template's front matter and placeholders.

    Raises:
        PromptError: when the front matter is missing or wrong, or braces do not form placeholders.
    """
    if not text.startswith("---\n"):
        raise PromptError(f"prompt {name} has no front matter (it must start with a '---' line)")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise PromptError(f"prompt {name}: front matter is not closed by a '---' line")
    meta: dict[str, str] = {}
    for line in text[4:end].splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            raise PromptError(f"prompt {name}: front matter line {line!r} is not 'key: value'")
        meta[key.strip()] = value.strip()
    if meta.get("name") != name:
        raise PromptError(f"prompt file {name}.md declares name {meta.get('name')!r}")
    try:
        version = int(meta.get("version", ""))
    except ValueError:
        raise PromptError(f"prompt {name}: version must be an integer") from None
    body = text[end + 5 :].strip() + "\n"
    if _BRACES.search(_PLACEHOLDER.sub("", body)):
        raise PromptError(f"prompt {name}: braces that are not a {{{{ variable }}}} placeholder")
    return Template(name=name, version=version, body=body, variables=frozenset(_PLACEHOLDER.findall(body)))


@cache
def load(name: str) -> Template:
    """The packaged template ``name`` (``bot/prompts/<name>.md``), read once.

    Raises:
        PromptError: when it does not exist or is malformed.
    """
    path = resources.files(PACKAGE) / FOLDER / f"{name}.md"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(f"prompt template {name!r} is not installed ({FOLDER}/{name}.md)") from None
    return parse_template(name, text)


def names() -> list[str]:
    """Every packaged template's name, sorted."""
    folder = resources.files(PACKAGE) / FOLDER
    return sorted(p.name.removesuffix(".md") for p in folder.iterdir() if p.name.endswith(".md"))


# -- fenced data ----------------------------------------------------------------------------------


def record_line(record: Mapping[str, object]) -> str:
    """One JSON record on one line that cannot break out of its fence."""
    line = json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
    return line.translate(_LINE_BREAKS).replace("</", "<\\/")


def message_record(message: Message, *, max_chars: int | None = None) -> dict[str, object]:
    """What the model sees of one message: ts, author, thread, bot flag and kind of tool, redacted text.

    A bot's name is a placeholder once redacted; its kind ("status page", "paging" …) is what tells the
    model that a "[Resolved] …" is what customers were told rather than one alert clearing.
    """
    record: dict[str, object] = {"ts": message.ts, "author": message.author}
    if message.is_reply:
        record["thread_ts"] = message.thread_ts
    if message.is_bot:
        record["bot"] = True
        if message.bot_kind is not None and message.bot_kind != "other":
            record["tool"] = message.bot_kind.replace("_", " ")
    if message.files:
        record["files"] = list(message.files)
    text = message.text
    if max_chars is not None and len(text) > max_chars:
        text = text[:max_chars] + f" [… {len(message.text) - max_chars} characters not shown]"
    record["text"] = text
    return record


def message_line(message: Message, *, max_chars: int | None = None) -> str:
    """``message`` as one fenced JSON line."""
    return record_line(message_record(message, max_chars=max_chars))


def open_tag(tag: str, **attrs: str) -> str:
    """``<tag a="…">`` with attribute values escaped."""
    rendered = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
    return f"<{tag}{rendered}>"


def fence(tag: str, lines: Iterable[str], **attrs: str) -> str:
    """A complete fenced block: opening tag, one JSON record per line, closing tag."""
    body = "\n".join(lines)
    return f"{open_tag(tag, **attrs)}\n{body}\n</{tag}>" if body else f"{open_tag(tag, **attrs)}\n</{tag}>"
