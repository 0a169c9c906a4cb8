"""Deletion means deletion: a deleted or edited message's old words leave every Redis key."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.audit_record import AuditRecord
from bot.clock import ManualClock
from bot.core.forget import REMOVED, Quote
from bot.domain import Message, RawMessage
from bot.services import Services
from bot.store.audit import AuditLog

CHANNEL = "CFORGET1"
OLD = "I suspect the frobnicator cache in zone west is thrashing under load"
FRAGMENT = "frobnicator cache in zone west"


def raw(ts: str, text: str, **kw: object) -> RawMessage:
    return RawMessage(
        channel=CHANNEL, ts=ts, text=text, user="UMARCUS", user_name="Marcus", author_is_member=True, **kw
    )  # type: ignore[arg-type]


def keys_holding(services: Services, text: str) -> list[str]:
    """Every key (all types, streams included) whose decoded value contains ``text``."""
    return sorted(key for key, value in services.store.dump_all().items() if text.casefold() in repr(value).casefold())


@pytest.fixture
def quoted(services: Services, clock: ManualClock) -> Services:
    """A message quoted by a sitrep, the board, the postmortem draft and a model call's audit record."""
    services.incidents.open(CHANNEL, "inc-forget")
    services.ingestor.ingest(raw("1773528000.000100", "checkout 5xx climbing since the deploy, customers failing"))
    services.ingestor.ingest(raw("1773528060.000100", OLD))
    services.ingestor.ingest(raw("1773528120.000100", "rolling back deploy 4812 now"))
    services.incidents.refresh(CHANNEL)
    services.sitreps.compose(CHANNEL, clock.now())
    services.postmortems.draft(CHANNEL, clock.now() + timedelta(minutes=5))
    AuditLog(services.store.client, clock).record(
        AuditRecord(
            at=clock.now(),
            channel=CHANNEL,
            task="sitrep",
            prompt_version="t",
            model="m",
            input_hash="h",
            output=f'{{"what_changed": [{{"text": "Marcus: {OLD}", "citations": ["1773528060.000100"]}}]}}',
            outcome="ok",
        )
    )
    holding = keys_holding(services, FRAGMENT)
    for part in ("msg", "sitreps", "board", "postmortem", "audit"):
        assert any(key.endswith(f":{part}") for key in holding), f"nothing quoted it in {part}: {holding}"
    return services


def test_a_deleted_message_leaves_no_quote_in_any_key(quoted: Services) -> None:
    """Delete: the message, its sitrep claims, board hypothesis, draft entries and audit output go."""
    assert quoted.ingestor.delete(CHANNEL, "1773528060.000100")
    assert keys_holding(quoted, FRAGMENT) == []
    assert keys_holding(quoted, "rolling back deploy 4812")  # the other messages are untouched
    sitrep = quoted.store.latest_sitrep(CHANNEL)
    assert sitrep is not None and all("1773528060.000100" not in c.citations for c in sitrep.what_changed)
    audit = AuditLog(quoted.store.client, quoted.clock).records(CHANNEL)
    assert [r.output for r in audit] == [REMOVED]  # the record stays, its id and metadata unchanged


def test_an_edited_message_leaves_no_quote_of_its_old_text(quoted: Services, clock: ManualClock) -> None:
    """Edit: the old words go everywhere; the new text is stored and the board rebuilds from it."""
    quoted.ingestor.edit(
        raw("1773528060.000100", "I suspect the payments gateway timeout is too low", edited_ts="1773528300.000000")
    )
    assert keys_holding(quoted, FRAGMENT) == []
    _, board = quoted.incidents.refresh(CHANNEL)
    assert any("payments gateway timeout" in h.statement for h in board.hypotheses)


def test_a_redelivery_with_the_same_text_scrubs_nothing(quoted: Services) -> None:
    before = quoted.store.sitreps(CHANNEL)
    quoted.ingestor.edit(raw("1773528060.000100", OLD))
    assert quoted.store.sitreps(CHANNEL) == before


def test_words_the_edit_keeps_are_not_treated_as_quotes() -> None:
    old = Message(channel="C", ts="1.1", text="checkout latency is high in eu-west since 22:10 deploy")
    fixed = Message(channel="C", ts="1.1", text="checkout latency is high in eu-west since 22:10 deploy #4812")
    quote = Quote(old, fixed)
    assert quote.empty
    assert not quote.in_text("Marcus: checkout latency is high in eu-west since 22:10 deploy")
    assert Quote(old, None).in_text("Marcus: Checkout latency is HIGH in eu-west, since 22:10 …")
