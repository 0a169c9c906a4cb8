"""`sitrep redact` filter: plain text and JSON lines in, redacted out, a summary on stderr."""

from __future__ import annotations

import io
import json

from bot.redaction import Redactor
from bot.redaction.cli_filter import run_filter
from tests.redaction import fakes


def _run(redactor: Redactor, data: str, *, jsonl: bool) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_filter(io.StringIO(data), out, err, jsonl=jsonl, redactor=redactor)
    return code, out.getvalue(), err.getvalue()


def test_plain_text_keeps_multi_line_secrets_whole(members_redactor: Redactor) -> None:
    """Plain mode redacts the whole input as one text, so a PEM key across lines goes entirely."""
    key = fakes.pem_private_key()
    code, out, err = _run(members_redactor, f"deploy #48213\n{key}\nmail a@gmail.com\n", jsonl=False)
    assert code == 0
    assert out == "deploy #48213\n<PRIVATE_KEY_1>\nmail <EMAIL_1>\n"
    assert err.count("\n") == 1
    assert "PRIVATE_KEY" in err
    assert "rotate" in err


def test_jsonl_replaces_text_and_keeps_other_fields(members_redactor: Redactor) -> None:
    """Each line's "text" is redacted; other fields and multi-line texts survive; numbering is shared."""
    tok = fakes.slack_bot()
    lines = [
        {"ts": "1717236725.000100", "user": "U024BE7LH", "text": f"token={tok}\nsecond line"},
        {"ts": "1717236726.000200", "text": "mail jane@gmail.com"},
        {"ts": "1717236727.000300", "text": "again jane@gmail.com, Priya Raman here"},
    ]
    data = "\n".join(json.dumps(x) for x in lines) + "\n\n"
    code, out, err = _run(members_redactor, data, jsonl=True)
    assert code == 0
    got = [json.loads(line) for line in out.splitlines()]
    assert [g["ts"] for g in got] == [x["ts"] for x in lines]
    assert got[0] == {"ts": "1717236725.000100", "user": "U024BE7LH", "text": "token=<SLACK_TOKEN_1>\nsecond line"}
    assert got[1]["text"] == "mail <EMAIL_1>"
    assert got[2]["text"] == "again <EMAIL_1>, Priya Raman here"
    assert "1 SLACK_TOKEN" in err
    assert "2 EMAIL" in err


def test_malformed_line_is_one_clear_error(members_redactor: Redactor) -> None:
    """A bad line stops the run with one stderr line naming it; earlier lines were written."""
    data = '{"text": "ok a@gmail.com"}\n{"text": "broken\n{"text": "never"}\n'
    code, out, err = _run(members_redactor, data, jsonl=True)
    assert code == 1
    assert out == '{"text": "ok <EMAIL_1>"}\n'
    assert err.startswith("sitrep redact: line 2: not valid JSON")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_wrong_shapes_are_reported(members_redactor: Redactor) -> None:
    """A non-object or an object without a "text" string is named with its line number."""
    code, _, err = _run(members_redactor, '["text"]\n', jsonl=True)
    assert (code, err) == (1, 'sitrep redact: line 1: expected a JSON object with a "text" field\n')
    code, _, err = _run(members_redactor, '{"text": 1}\n', jsonl=True)
    assert (code, err) == (1, 'sitrep redact: line 1: the object has no "text" string field\n')


def test_nothing_found(members_redactor: Redactor) -> None:
    """Clean input passes through and stderr says so."""
    code, out, err = _run(members_redactor, "deploy #48213 done\n", jsonl=False)
    assert (code, out, err) == (0, "deploy #48213 done\n", "sitrep redact: nothing to redact\n")
