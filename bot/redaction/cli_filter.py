"""`sitrep redact`: redact stdin to stdout, as plain text or as JSON lines with a "text" field."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any, TextIO

from bot.redaction.redactor import Redactor
from bot.redaction.result import RedactionResult

_BATCH_LINES = 64


class _BadLineError(Exception):
    def __init__(self, line_no: int, reason: str) -> None:
        super().__init__(f"line {line_no}: {reason}")


def run_filter(stdin: TextIO, stdout: TextIO, stderr: TextIO, *, jsonl: bool, redactor: Redactor) -> int:
    """Redact ``stdin`` onto ``stdout``; a summary of what was found goes to ``stderr``.

    Plain mode redacts the whole input as one text (multi-line secrets such as PEM keys stay
    whole). JSONL mode reads one JSON object per line, replaces its ``"text"`` field and keeps
    every other field; blank lines are skipped. Returns the exit code: 0, or 1 after one line on
    stderr naming the malformed input line (lines before it have already been written).
    """
    # One scope for the whole run: the same address is `<EMAIL_1>` on every line of the input.
    scope = f"sitrep-redact-{uuid.uuid4().hex}"
    try:
        return _run(stdin, stdout, stderr, jsonl=jsonl, redactor=redactor, scope=scope)
    finally:
        redactor.forget_scope(scope)


def _run(stdin: TextIO, stdout: TextIO, stderr: TextIO, *, jsonl: bool, redactor: Redactor, scope: str) -> int:
    counts: Counter[str] = Counter()
    secret_types: set[str] = set()

    def tally(result: RedactionResult) -> None:
        for finding in result.findings:
            counts[finding.entity_type] += finding.count
            if finding.secret:
                secret_types.add(finding.entity_type)

    if not jsonl:
        result = redactor.redact(stdin.read(), scope=scope)
        stdout.write(result.text)
        tally(result)
    else:
        try:
            for batch in _batches(stdin):
                results = redactor.redact_many([text for _, text in batch], scope=scope)
                for (obj, _), result in zip(batch, results, strict=True):
                    obj["text"] = result.text
                    stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
                    tally(result)
        except _BadLineError as err:
            stdout.flush()
            stderr.write(f"sitrep redact: {err}\n")
            return 1
    stdout.flush()
    stderr.write(_summary(counts, secret_types) + "\n")
    return 0


def _batches(stdin: TextIO) -> Iterator[list[tuple[dict[str, Any], str]]]:
    """Parsed lines in groups (so spaCy sees a batch); raises _BadLineError after yielding the good ones."""
    batch: list[tuple[dict[str, Any], str]] = []
    for line_no, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            obj = _parse(line, line_no)
        except _BadLineError:
            if batch:
                yield batch
            raise
        batch.append((obj, obj["text"]))
        if len(batch) >= _BATCH_LINES:
            yield batch
            batch = []
    if batch:
        yield batch


def _parse(line: str, line_no: int) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise _BadLineError(line_no, f"not valid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(obj, dict):
        raise _BadLineError(line_no, 'expected a JSON object with a "text" field')
    if not isinstance(obj.get("text"), str):
        raise _BadLineError(line_no, 'the object has no "text" string field')
    return obj


def _summary(counts: Counter[str], secret_types: set[str]) -> str:
    if not counts:
        return "sitrep redact: nothing to redact"
    found = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    line = f"sitrep redact: redacted {found}"
    if secret_types:
        line += " — credentials were present in the input; rotate them"
    return line
