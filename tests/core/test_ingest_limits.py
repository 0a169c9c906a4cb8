"""Size limits and author names at ingest: redact first, then cut; refuse what is too large whole."""

from __future__ import annotations

import logging

import pytest

from bot.core.ingest import Ingestor, cut
from bot.domain import RawMessage
from bot.services import Services
from bot.slackdata.export import message_events
from bot.slackdata.limits import ExportLimits
from bot.slackdata.users import ExportUser
from tests.redaction import fakes

CHANNEL = "CLIMIT1"
LIMIT = 1000


@pytest.fixture
def ingestor(services: Services) -> Ingestor:
    services.incidents.open(CHANNEL, "inc-limits")
    return Ingestor(services.store, services.redactor, services.incidents, max_chars=LIMIT)


def raw(ts: str, text: str, **kw: object) -> RawMessage:
    return RawMessage(channel=CHANNEL, ts=ts, text=text, user="UPRIYA", user_name="Priya", author_is_member=True, **kw)  # type: ignore[arg-type]


def test_a_token_across_the_limit_is_redacted_whole_before_the_cut(ingestor: Ingestor, services: Services) -> None:
    """The cut falls inside a GitHub token: the whole token was redacted first, so no half of it is kept."""
    token = fakes.github_classic()
    text = "x " * ((LIMIT - 20) // 2) + f"token {token} and more words after it " * 3
    assert text.index(token) < LIMIT < text.index(token) + len(token)
    outcome = ingestor.ingest(raw("1773528000.000100", text))
    assert outcome.truncated and outcome.secrets
    stored = services.store.get_message(CHANNEL, "1773528000.000100")
    assert stored is not None and "more characters not kept" in stored.text
    dump = repr(services.store.dump_all())
    assert token[:12] not in dump and token[4:16] not in dump


def test_every_part_is_cut_after_redaction(ingestor: Ingestor, services: Services) -> None:
    """Attachment texts and file titles are limited too, each after it was redacted."""
    secret = fakes.aws_secret()
    outcome = ingestor.ingest(
        raw(
            "1773528000.000100",
            "see attachment",
            extra_texts=("y " * 600 + f"aws_secret_access_key={secret}",),
            files=("z" * 1500 + f" {fakes.slack_bot()}.txt",),
        )
    )
    stored = services.store.get_message(CHANNEL, "1773528000.000100")
    assert stored is not None and outcome.truncated
    assert len(stored.text) < LIMIT + 120 and all(len(f) <= LIMIT for f in stored.files)
    assert secret[:10] not in repr(services.store.dump_all())


def test_a_placeholder_is_never_cut_in_half() -> None:
    assert cut("abc <AWS_SECRET_KEY_12> def", 10) == "abc "
    assert cut("abc <EMAIL_1> def", 13) == "abc <EMAIL_1>"
    assert cut("short", 10) == "short"


def test_an_oversized_payload_is_refused_whole_with_one_line(
    ingestor: Ingestor, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    """More than 4 x MAX_MESSAGE_CHARS across the parts: nothing stored, one warning that quotes nothing."""
    caplog.set_level(logging.WARNING, logger="bot.core.ingest")
    planted = fakes.aws_secret()
    outcome = ingestor.ingest(raw("1773528000.000100", "big log", extra_texts=(f"{planted} " + "q" * LIMIT * 4,)))
    assert outcome.rejected and not outcome.new
    assert services.store.get_message(CHANNEL, "1773528000.000100") is None
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.core.ingest"]
    assert len(lines) == 1 and "not stored" in lines[0] and "\n" not in lines[0]
    assert planted not in caplog.text and planted not in repr(services.store.dump_all())


def test_an_edit_that_makes_a_message_too_large_removes_the_stored_version(
    ingestor: Ingestor, services: Services
) -> None:
    ingestor.ingest(raw("1773528000.000100", "the frobnicator queue is stuck"))
    outcome = ingestor.edit(raw("1773528000.000100", "w" * (LIMIT * 4 + 1), edited_ts="1773528100.000000"))
    assert outcome.rejected
    assert "frobnicator" not in repr(services.store.dump_all())


def test_a_message_the_reader_had_to_cut_is_refused(ingestor: Ingestor, services: Services) -> None:
    """The export/event reader's hard cap cut the text (maybe inside a token): refused, not half stored."""
    limits = ExportLimits(text_chars=100)
    event = {"type": "message", "user": "UPRIYA", "ts": "1773528000.000100", "text": "p" * 99 + fakes.github_classic()}
    [item] = message_events(event, CHANNEL, {}, limits=limits)
    assert item.message is not None and item.message.oversized
    assert ingestor.ingest(item.message).rejected
    assert services.store.get_message(CHANNEL, "1773528000.000100") is None


def _stored_author(
    ingestor: Ingestor, services: Services, event: dict[str, object], users: dict[str, ExportUser]
) -> str:
    [item] = message_events(event, CHANNEL, users)
    assert item.message is not None
    ingestor.ingest(item.message)
    stored = services.store.get_message(CHANNEL, str(event["ts"]))
    assert stored is not None and stored.user_name is not None
    return stored.user_name


def test_only_members_names_are_kept(ingestor: Ingestor, services: Services) -> None:
    """A member keeps their name; an integration's username and a Slack Connect guest's name become placeholders."""
    members = {
        "UPRIYA": ExportUser(id="UPRIYA", name="priya", real_name="Priya Raman"),
        "UGUEST": ExportUser(id="UGUEST", name="theo", real_name="Theodora Vasquez"),
    }
    member = {"type": "message", "user": "UPRIYA", "ts": "1773528000.000100", "text": "on it", "team": "T1"}
    integration = {
        "type": "message",
        "subtype": "bot_message",
        "bot_id": "BZEN",
        "username": "Zendesk (jane.thornbury@example.org)",
        "ts": "1773528001.000100",
        "text": "New ticket",
    }
    guest = {
        "type": "message",
        "user": "UGUEST",
        "team": "T1",
        "user_team": "T0PARTNER",
        "ts": "1773528002.000100",
        "text": "our side sees timeouts",
    }
    stranger = {
        "type": "message",
        "user": "UOTHER",
        "ts": "1773528003.000100",
        "text": "hello from the partner",
        "user_profile": {"real_name": "Bartholomew Quince"},
    }
    assert _stored_author(ingestor, services, member, members) == "Priya Raman"
    assert _stored_author(ingestor, services, integration, members).startswith("<PERSON_")
    assert _stored_author(ingestor, services, guest, members).startswith("<PERSON_")
    assert _stored_author(ingestor, services, stranger, members).startswith("<PERSON_")
    dump = repr(services.store.dump_all())
    for name in ("jane.thornbury", "Zendesk", "Theodora", "Bartholomew"):
        assert name not in dump
