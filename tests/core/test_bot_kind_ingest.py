"""A bot's kind of tool survives ingest; its name, a company's or a person's, does not (real Valkey)."""

from __future__ import annotations

import logging

import pytest

from bot.analysis.classify import read
from bot.domain import Message
from bot.services import Services
from bot.slackdata.export import message_events

CHANNEL = "CBOTKIND1"
COMPANY_PAGE = "Halvorsen Freight status"
PERSON_DEPLOY = "Marguerite Okafor's deploy bot"
PERSON_HELPDESK = "Zendesk (ottoline.brask@example.org)"
PLAIN = "Quillfeather"


def _bot_event(ts: str, username: str, text: str) -> dict[str, object]:
    return {"type": "message", "subtype": "bot_message", "bot_id": "BX1", "username": username, "ts": ts, "text": text}


def _ingest(svc: Services, events: list[dict[str, object]]) -> list[Message]:
    stored: list[Message] = []
    for event in events:
        [item] = message_events(event, CHANNEL, {})
        assert item.message is not None
        svc.ingestor.ingest(item.message)
        message = svc.store.get_message(CHANNEL, str(event["ts"]))
        assert message is not None
        stored.append(message)
    return stored


@pytest.fixture
def svc(services: Services) -> Services:
    services.incidents.open(CHANNEL, "inc-bot-kinds")
    return services


def test_the_kind_survives_and_the_name_does_not(svc: Services, caplog: pytest.LogCaptureFixture) -> None:
    """A status page named after its company, a deploy bot named after a person, a helpdesk feed whose
    username carries a customer's address and a bot whose name names no tool: each is stored with its
    kind of tool and a placeholder for its name; no word of any name is in Redis or the logs."""
    caplog.set_level(logging.DEBUG)
    page, deploy, helpdesk, plain = _ingest(
        svc,
        [
            _bot_event("1773600000.000100", COMPANY_PAGE, "[Investigating] Slow image uploads in one region"),
            _bot_event("1773600060.000100", PERSON_DEPLOY, "api v2.14.1 rolled out to production"),
            _bot_event("1773600120.000100", PERSON_HELPDESK, "New request: uploads hang at 90%"),
            _bot_event("1773600180.000100", PLAIN, "nightly digest ready"),
        ],
    )
    assert [m.bot_kind for m in (page, deploy, helpdesk, plain)] == ["status_page", "deploy", "ticket", "other"]
    for message in (page, deploy, helpdesk, plain):
        assert message.is_bot
        assert message.user_name is not None and message.user_name.startswith("<PERSON_")
    svc.incidents.refresh(CHANNEL)
    svc.sitreps.compose(CHANNEL, svc.clock.now())
    svc.postmortems.draft(CHANNEL, svc.clock.now())
    dump = repr(svc.store.dump_all())
    for word in ("Halvorsen", "Freight", "Marguerite", "Okafor", "ottoline", "Quillfeather"):
        assert word not in dump, word
        assert word not in caplog.text, word


def test_a_person_keeps_no_kind(svc: Services) -> None:
    """Only bots get a kind: a member's message named like a tool stays a person's."""
    event = {"type": "message", "user": "UPRIYA", "ts": "1773600000.000100", "text": "status page is updated"}
    [message] = _ingest(svc, [event])
    assert not message.is_bot and message.bot_kind is None


def test_a_company_status_page_resolving_is_a_public_post_not_an_alert_recovering(svc: Services) -> None:
    """Engine level: a company-named status page's "[Resolved] …" post, stored with its name redacted,
    is read as the resolution customers were told, and resolves the incident; the same post from a
    bot whose name names no tool stays one alert recovering (no declaration about the incident)."""
    resolved_text = "[Resolved] Slow image uploads in one region — upload times have been normal for two hours."
    events = [
        {"type": "message", "user": "UPRIYA", "ts": "1773600000.000100", "text": "uploads are crawling for EU users"},
        _bot_event("1773600300.000100", COMPANY_PAGE, "[Investigating] Slow image uploads in one region"),
        {"type": "message", "user": "UPRIYA", "ts": "1773600900.000100", "text": "rolled back the upload worker"},
        _bot_event("1773608000.000100", COMPANY_PAGE, resolved_text),
    ]
    *_, post = _ingest(svc, events)
    assert post.user_name is not None and post.user_name.startswith("<PERSON_")
    reading = read(post)
    assert reading.kind == "resolve" and reading.status == "resolved" and reading.comms
    assert not reading.alert_recovered
    state = svc.incidents.state(CHANNEL)
    assert state.resolved_at == post.time and state.mitigated_at is not None

    unnamed = post.model_copy(update={"bot_kind": "other"})
    assert read(unnamed).alert_recovered and read(unnamed).status is None
