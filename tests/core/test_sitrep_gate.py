"""Sitreps worth reading: posted only when something significant happened, within the reading budget,
naming who is doing what; the same gate and budget for the offline and the Claude engine."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import redis

from bot.clock import ManualClock
from bot.core.sitrep import SitrepService
from bot.core.sitrep_length import DEFAULT_MAX_WORDS, fit, reading_words
from bot.domain import Claim, RawMessage, Sitrep, datetime_to_ts
from bot.errors import ConfigError
from bot.redaction import Redactor
from bot.render.markdown import sitrep_markdown
from bot.sandbox.anthropic_stub import AnthropicStub
from bot.services import Services
from bot.store import Store
from tests.engines.claude_support import engine_for, sitrep_reply, store_all, transcript

CHANNEL = "CGATE1"
CHATTER = ["looking", "anyone have the grafana link?", "+1", "brb, refilling coffee", "same here", "joining the bridge"]


@pytest.fixture
def svc(services: Services) -> Services:
    services.incidents.open(CHANNEL, "inc-gate")
    return services


START: list[datetime] = []
"""The test's minute 0 (set per test from the services' clock)."""


def say(svc: Services, minute: float, text: str, user: str = "U1") -> str:
    ts = datetime_to_ts(START[0] + timedelta(minutes=minute), 1)
    svc.ingestor.ingest(RawMessage(channel=CHANNEL, ts=ts, text=text, user=user))
    return ts


def tick(svc: Services, minute: int) -> list[Sitrep]:
    now = START[0] + timedelta(minutes=minute)
    assert isinstance(svc.clock, ManualClock)
    svc.clock.set(now)
    return svc.sitreps.tick(now, lambda _s: None)


@pytest.fixture(autouse=True)
def _start(services: Services) -> Iterator[None]:
    START[:] = [services.clock.now().replace(second=0, microsecond=0)]
    yield
    START.clear()


def test_chatter_stays_silent_and_a_mitigation_step_posts(svc: Services) -> None:
    """An hour of chatter posts nothing; the next mitigation step posts a sitrep that cites it."""
    say(svc, 0.5, "checkout 5xx at 30% of requests, paging payments")
    assert [s.number for s in tick(svc, 1)] == [1]
    for minute in range(2, 62):
        if minute % 5 == 0:
            say(svc, minute + 0.5, CHATTER[minute % len(CHATTER)])
        assert tick(svc, minute + 1) == [], minute
    step = say(svc, 62.5, "rolled back the payments deploy on all hosts")
    posted = tick(svc, 63)
    assert [s.number for s in posted] == [2]
    assert any(step in c.citations for c in posted[0].what_changed)
    assert "Nothing significant" not in sitrep_markdown(posted[0])


@pytest.mark.parametrize(
    "news",
    [
        "bumping this to sev1, card payments in EU are down too",  # severity change
        "decision: fail over payments to the standby region",  # decision
        "ic, should we tell the merchants now or wait for the rollback?",  # question to the IC
        "support says 1,240 merchants affected so far",  # new impact figure
    ],
)
def test_each_kind_of_significant_news_posts(svc: Services, news: str) -> None:
    say(svc, 0.5, "checkout 5xx at 30% of requests")
    tick(svc, 1)
    say(svc, 3.5, "looking")
    assert tick(svc, 12) == []
    ts = say(svc, 12.5, news)
    posted = tick(svc, 13)
    assert len(posted) == 1
    changed = " ".join(c.text for c in posted[0].what_changed)
    assert ts in {t for c in posted[0].what_changed for t in c.citations} or "Severity is now" in changed


def test_summary_on_request_posts_even_without_news(svc: Services) -> None:
    """/summary (no gate) always answers; the scheduler's tick (gated) does not."""
    say(svc, 0.5, "checkout 5xx at 30% of requests")
    tick(svc, 1)
    say(svc, 4.5, "same here")
    assert tick(svc, 12) == []
    asked = svc.sitreps.post(CHANNEL, START[0] + timedelta(minutes=12), lambda _s: None)
    assert asked is not None and asked.number == 2
    assert "Nothing significant" not in sitrep_markdown(asked) or not asked.what_changed


def test_a_busy_stretch_fits_the_budget_and_names_who_does_what(svc: Services) -> None:
    say(svc, 0.5, "checkout 5xx at 30% of requests, paging payments")
    tick(svc, 1)
    say(svc, 2.5, "I'm IC. kasia please drain eu-west behind the LB, tomasz can you own the status page")
    for i in range(30):
        say(
            svc,
            3 + i * 0.2,
            f"restarted payments worker {i} in eu-west after the pool filled up again, error ratio now {30 - i}% "
            "on the card path and still dropping slowly across the remaining canary hosts",
        )
    (sitrep,) = tick(svc, 12)
    assert reading_words(sitrep) <= DEFAULT_MAX_WORDS
    doing = " ".join(c.text for c in sitrep.doing)
    assert "kasia: drain eu-west" in doing and "tomasz: own the status page" in doing
    tight = SitrepService(svc.store, svc.engine, svc.incidents, interval_minutes=10, max_words=60)
    assert reading_words(tight.build(CHANNEL, START[0] + timedelta(minutes=12))) <= 60


def test_fit_keeps_live_hypotheses_before_ruled_out_ones() -> None:
    long = " ".join(["word"] * 30)
    sitrep = Sitrep(
        channel="C1",
        number=3,
        created_at=datetime(2026, 1, 1),
        status="Investigating",
        impact=Claim(text="checkout 5xx at 30%"),
        what_changed=tuple(Claim(text=f"change {i} {long}") for i in range(8)),
        hypotheses=(Claim(text=f"H1 [refuted, 5%] {long}"), Claim(text=f"H2 [open, 60%] {long}")),
    )
    fitted = fit(sitrep, 80)
    assert reading_words(fitted) <= 80
    assert fitted.hypotheses[0].text.startswith("H2")
    assert fitted.what_changed[-1].text.startswith("change 7")  # the newest change is kept


def test_reading_words_counted_by_line_equal_the_count_of_the_whole_text() -> None:
    """Counting line by line (and remembering lines) gives exactly the count of the whole rendered
    sitrep: markup, bullets, runs without a letter ("—", "(…)") and cited ts all count as before."""
    markup = re.compile(r"[*_#`>]|^- ", re.MULTILINE)
    not_a_word = re.compile(r"(?<!\S)[^\s\w]+(?!\S)")

    def whole(s: Sitrep) -> int:
        body = "\n".join(line for line in sitrep_markdown(s).splitlines() if not line.startswith("_Drafted by"))
        text = markup.sub(" ", body)
        return len(text.split()) - len(not_a_word.findall(text))

    odd = "- **bold** _it_ `code` > quote — (…) · 5xx at 30% -- ## #tag 1700000000.000100"
    sitrep = Sitrep(
        channel="C1",
        number=2,
        created_at=datetime(2026, 1, 1),
        status="Investigating",
        impact=Claim(text=odd, citations=("1700000000.000100", "1700000001.000100")),
        what_changed=(Claim(text=odd), Claim(text="— — —", verified=False)),
        hypotheses=(Claim(text="H1 [open, 60%] the pool", citations=("1700000002.000100",)),),
    )
    assert reading_words(sitrep) == whole(sitrep) > 0
    for words in (10, 30, 60):  # every trial of fit, too
        assert reading_words(fit(sitrep, words)) == whole(fit(sitrep, words))


@pytest.fixture
def stub() -> Iterator[AnthropicStub]:
    with AnthropicStub() as server:
        yield server


def test_the_claude_engine_gets_the_same_gate_and_budget(
    stub: AnthropicStub, services: Services, store: Store, redis_client: redis.Redis, clock: ManualClock
) -> None:
    """Chatter costs no model call; a long model answer is fitted to the budget like the offline one."""
    messages = transcript()
    store_all(store, messages[:3])
    services.incidents.open("C1", "inc-checkout-5xx")
    long_reply = sitrep_reply(
        extra=[{"text": " ".join(["the retry storm kept growing"] * 8), "citations": [messages[1].ts]}] * 4
    )
    stub.default("sitrep", long_reply)
    with engine_for(stub, store, redis_client, clock) as claude:
        sitreps = SitrepService(store, claude, services.incidents, interval_minutes=10)
        clock.set(messages[2].time + timedelta(minutes=1))
        first = sitreps.tick(clock.now(), lambda _s: None)
        assert len(first) == 1 and first[0].engine.startswith("claude")
        assert reading_words(first[0]) <= DEFAULT_MAX_WORDS
        calls = len(stub.requests)
        chatter = messages[2].model_copy(update={"ts": f"{float(messages[2].ts) + 900:.6f}", "text": "+1 same"})
        store_all(store, [chatter])
        clock.set(chatter.time + timedelta(minutes=1))
        assert sitreps.tick(clock.now(), lambda _s: None) == []
        assert len(stub.requests) == calls  # the gate ran before the engine: no model call


def test_sitrep_max_words_setting_reaches_the_scheduler_path(
    monkeypatch: pytest.MonkeyPatch, store: Store, clock: ManualClock, redactor: Redactor, tmp_path: Path
) -> None:
    """SITREP_MAX_WORDS is read once into Settings and bounds every sitrep the tick posts."""
    from bot.config import load_settings
    from bot.services import build

    monkeypatch.setenv("SITREP_MAX_WORDS", "50")
    settings = load_settings().model_copy(update={"sitrep_data_dir": tmp_path / "data"})
    assert settings.sitrep_max_words == 50
    svc = build(settings, clock=clock, store=store, redactor=redactor)
    svc.incidents.open(CHANNEL, "inc-gate")
    START[:] = [clock.now().replace(second=0, microsecond=0)]
    for i in range(12):
        say(svc, 0.1 + i * 0.05, f"restarted payments worker {i} after the pool filled, error ratio now {30 - i}%")
    (sitrep,) = tick(svc, 1)
    assert reading_words(sitrep) <= 50
    monkeypatch.setenv("SITREP_MAX_WORDS", "5")
    with pytest.raises(ConfigError, match="SITREP_MAX_WORDS"):
        load_settings()


def test_a_page_with_a_figure_is_news_an_ack_from_the_pager_is_not(svc: Services) -> None:
    say(svc, 0.5, "checkout 5xx at 30% of requests")
    tick(svc, 1)

    def bot(minute: float, text: str) -> str:
        ts = datetime_to_ts(START[0] + timedelta(minutes=minute), 2)
        svc.ingestor.ingest(RawMessage(channel=CHANNEL, ts=ts, text=text, user_name="pagerduty", is_bot=True))
        return ts

    bot(3.5, "Incident #5521 acknowledged by Kasia Nowak")
    assert tick(svc, 12) == []
    page = bot(12.5, "[FIRING] cart-api p99 latency 4.2s in eu-west")
    (posted,) = tick(svc, 13)
    assert any(page in c.citations for c in posted.what_changed)
