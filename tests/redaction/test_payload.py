"""Slack payloads: text, Block Kit, attachments, file titles and both halves of an edit are redacted."""

from __future__ import annotations

import json

from bot.redaction import Redactor, redact_payload
from tests.redaction import fakes


def test_every_human_written_field_is_redacted(members_redactor: Redactor) -> None:
    """Secrets anywhere a person can write in a message payload are replaced; ids stay."""
    gh, pw, sl = fakes.github_classic(), fakes.password(), fakes.slack_bot()
    payload = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "C05AB12CD",
        "ts": "1717236725.000100",
        "message": {
            "user": "U024BE7LH",
            "ts": "1717236725.000100",
            "text": f"edited: token={gh}",
            "blocks": [
                {"type": "section", "text": {"type": "mrkdwn", "text": f"db pw is password={pw}"}},
                {
                    "type": "rich_text",
                    "elements": [
                        {
                            "type": "rich_text_section",
                            "elements": [
                                {"type": "text", "text": "mail jane@gmail.com"},
                                {"type": "user", "user_id": "U024BE7LH"},
                                {"type": "link", "url": f"https://admin:{pw}@grafana.acme.io/d/x"},
                            ],
                        }
                    ],
                },
            ],
            "attachments": [
                {"fallback": f"SLACK_BOT_TOKEN={sl}", "pretext": "from ci", "fields": [{"title": "t", "value": sl}]}
            ],
            "files": [{"id": "F0123", "title": f"env dump password={pw}", "name": "env.txt"}],
            "edited": {"user": "U024BE7LH", "ts": "1717236800.000000"},
        },
        "previous_message": {"user": "U024BE7LH", "ts": "1717236725.000100", "text": f"token={gh}"},
    }
    redacted = redact_payload(members_redactor, payload, scope="C05AB12CD")
    dumped = json.dumps(redacted.payload)
    for value in (gh, pw, sl, "jane@gmail.com"):
        assert value not in dumped
    assert redacted.payload["message"]["blocks"][1]["elements"][0]["elements"][2]["url"] == (
        "https://admin:<PASSWORD_1>@grafana.acme.io/d/x"
    )
    assert redacted.payload["previous_message"]["text"] == "token=<GITHUB_TOKEN_1>"
    assert redacted.payload["message"]["files"][0]["id"] == "F0123"
    assert redacted.payload["message"]["user"] == "U024BE7LH"
    assert {(f.entity_type, f.count) for f in redacted.findings} == {
        ("GITHUB_TOKEN", 2),
        ("PASSWORD", 3),
        ("SLACK_TOKEN", 2),
        ("EMAIL", 1),
    }
    assert payload["message"]["text"] == f"edited: token={gh}"  # the input is not modified


def test_payload_without_text_fields(members_redactor: Redactor) -> None:
    """A payload with nothing human-written comes back equal, with no findings."""
    payload = {"type": "reaction_added", "user": "U024BE7LH", "reaction": "white_check_mark"}
    redacted = redact_payload(members_redactor, payload, scope=None)
    assert redacted.payload == payload
    assert redacted.findings == ()
