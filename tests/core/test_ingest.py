"""Ingest: redaction before storage, edits replace, deletes remove, duplicates stored once."""

from __future__ import annotations

import logging

import pytest

from bot.domain import RawMessage
from bot.services import Services

AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8d4Lk2Tq"
PG_PASSWORD = "Tr0ub4dor-and-3"
AWS_KEY_ID = "AKIAQ3EGT7XKJ5VZPW2M"
CHANNEL = "CINC1"


def raw(ts: str, text: str, **kw: object) -> RawMessage:
    return RawMessage(
        channel=CHANNEL, ts=ts, text=text, user="UPRIYA", user_name="Priya Raman", author_is_member=True, **kw
    )  # type: ignore[arg-type]


@pytest.fixture
def svc(services: Services) -> Services:
    services.incidents.open(CHANNEL, "inc-checkout")
    return services


def test_secrets_never_reach_redis_or_logs(svc: Services, caplog: pytest.LogCaptureFixture) -> None:
    """Planted secrets go through ingest; a dump of every Redis key and the logs hold none of them."""
    caplog.set_level(logging.DEBUG)
    planted = [
        raw("1773528000.000100", f"aws_secret_access_key={AWS_SECRET}"),
        raw("1773528001.000100", f"db is postgres://checkout:{PG_PASSWORD}@db-primary-02.prod:5432/orders"),
        raw(
            "1773528002.000100",
            "customer jane.doe@example.org can't pay",
            extra_texts=(f"attachment: token {AWS_SECRET}",),
        ),
        raw("1773528003.000100", "grafana screenshot", files=(f"keys {AWS_KEY_ID}.png",)),
    ]
    outcomes = [svc.ingestor.ingest(m) for m in planted]
    assert all(o.new for o in outcomes)
    assert outcomes[0].secrets and outcomes[1].secrets
    svc.incidents.refresh(CHANNEL)
    svc.sitreps.compose(CHANNEL, svc.clock.now())
    svc.postmortems.draft(CHANNEL, svc.clock.now())
    dump = repr(svc.store.dump_all())
    for value in (AWS_SECRET, PG_PASSWORD, AWS_KEY_ID, "jane.doe@example.org"):
        assert value not in dump
        assert value not in caplog.text
    stored = svc.store.get_message(CHANNEL, "1773528001.000100")
    assert stored is not None
    assert "db-primary-02.prod" in stored.text  # the host survives, the password does not
    assert stored.redacted


def test_edit_replaces_and_delete_removes(svc: Services) -> None:
    svc.ingestor.ingest(raw("1773528000.000100", "I suspect the DB connection pool is exhausted"))
    _, board = svc.incidents.refresh(CHANNEL)
    assert len(board.hypotheses) == 1
    svc.ingestor.edit(
        raw("1773528000.000100", "I suspect the Redis cache eviction policy", edited_ts="1773528060.000000")
    )
    stored = svc.store.get_message(CHANNEL, "1773528000.000100")
    assert stored is not None and "Redis cache" in stored.text and stored.edited_ts == "1773528060.000000"
    _, board = svc.incidents.refresh(CHANNEL)
    assert [h.statement for h in board.hypotheses] == ["The Redis cache eviction policy"]
    assert svc.ingestor.delete(CHANNEL, "1773528000.000100")
    assert svc.store.get_message(CHANNEL, "1773528000.000100") is None
    _, board = svc.incidents.refresh(CHANNEL)
    assert board.hypotheses == ()
    assert not svc.ingestor.delete(CHANNEL, "1773528000.000100")


def test_duplicate_delivery_is_stored_once(svc: Services) -> None:
    first = svc.ingestor.ingest(raw("1773528000.000100", "checkout 5xx climbing"))
    again = svc.ingestor.ingest(raw("1773528000.000100", "checkout 5xx climbing"))
    assert first.new and not again.new
    assert svc.store.count_messages(CHANNEL) == 1


def test_bot_and_alert_posts_are_kept_and_marked(svc: Services) -> None:
    alert = RawMessage(
        channel=CHANNEL,
        ts="1773528000.000100",
        text="[FIRING] checkout-api 5xx > 5%",
        user_name="PagerDuty",
        is_bot=True,
        subtype="bot_message",
    )
    svc.ingestor.ingest(alert)
    stored = svc.store.get_message(CHANNEL, alert.ts)
    assert stored is not None and stored.is_bot and stored.subtype == "bot_message"
    state, _ = svc.incidents.refresh(CHANNEL)
    assert state.detected_at == stored.time


def test_oversized_message_is_cut_with_a_visible_note(svc: Services) -> None:
    limit = svc.settings.max_message_chars
    outcome = svc.ingestor.ingest(raw("1773528000.000100", "log line 42 OK\n" * (limit // 10)))
    assert outcome.truncated
    stored = svc.store.get_message(CHANNEL, "1773528000.000100")
    assert stored is not None
    assert "more characters not kept" in stored.text
    assert len(stored.text) < limit + 200


def test_curly_quotes_are_stored_straight_and_read_the_same(svc: Services) -> None:
    """A phone keyboard's "don\u2019t" is stored as "don't", so the engine reads the denial it is."""
    svc.ingestor.ingest(raw("1773528000.000100", "could the new pool limit on the api be starving the workers?"))
    svc.ingestor.ingest(
        raw(
            "1773528060.000100",
            "don\u2019t think so \u2014 it\u2019s at 12 of 200, the \u201cwaiting\u201d gauge is flat",
        )
    )
    stored = svc.store.get_message(CHANNEL, "1773528060.000100")
    assert stored is not None
    assert stored.text == "don't think so \u2014 it's at 12 of 200, the \"waiting\" gauge is flat"
    _, board = svc.incidents.refresh(CHANNEL)
    assert [h.status for h in board.hypotheses] == ["refuted"]
