"""Postmortem prose: one number per phase, no pleasantries as findings, impersonal action items,
credential pastes as a hygiene note (general English, not the example incident's phrases)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.analysis.actions import action_items, impersonal
from bot.analysis.report import contributing_factors, is_pleasantry, lessons, metrics
from bot.domain import Board, IncidentState, Message

T0 = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)


def _msg(minute: int, text: str, *, user: str = "U0X", redacted: tuple[str, ...] = ()) -> Message:
    ts = f"{(T0 + timedelta(minutes=minute)).timestamp():.6f}"
    return Message(channel="C1", ts=ts, text=text, user=user, user_name="Kim", redacted=redacted)


STATE = IncidentState(
    channel="C1",
    name="inc-search",
    started_at=T0,
    detected_at=T0 + timedelta(minutes=6),
    acknowledged_at=T0 + timedelta(minutes=20),
    mitigated_at=T0 + timedelta(minutes=50),
    resolved_at=T0 + timedelta(minutes=90),
)


def test_lessons_quote_the_metrics_table_numbers() -> None:
    """ "Went poorly" says the same minutes as the Key metrics table, from the same start."""
    m = metrics(STATE)
    _, poorly = lessons(Board(channel="C1"), [], STATE)
    text = " ".join(poorly)
    assert f"{m.time_to_acknowledge_min:g} min after the start of impact" in text
    assert f"{m.time_to_mitigate_min:g} min after the start of impact" in text
    assert "14 min" not in text and "44 min" not in text  # the detection-based figures


def test_pleasantries_are_not_findings() -> None:
    for text in ("Thank you everyone!", "cheers folks, nice job today", "kudos <@U0B> :tada:", "much appreciated all"):
        assert is_pleasantry(text), text
    for text in ("thanks, the dashboards helped a lot", "good call on draining the queue early"):
        assert not is_pleasantry(text), text
    well, _ = lessons(Board(channel="C1"), [_msg(95, "awesome work all, thanks for jumping in")], STATE)
    assert not any("awesome" in w for w in well)
    well, _ = lessons(Board(channel="C1"), [_msg(95, "thanks! the runbook worked well for the failover")], STATE)
    assert any("worked well" in w for w in well)


def test_a_credential_paste_is_a_hygiene_note_not_a_cause() -> None:
    pasted = _msg(30, "try with this key <AWS_SECRET_KEY_1>", redacted=("AWS_SECRET_KEY",))
    factors = contributing_factors(Board(channel="C1"), [pasted], STATE, [])
    assert not any("pasted" in f.text.lower() or "credential" in f.text.lower() for f in factors)
    _, poorly = lessons(Board(channel="C1"), [pasted], STATE)
    note = next(p for p in poorly if p.startswith("Hygiene"))
    assert "not a cause" in note and pasted.ts in note


def test_action_items_are_worded_impersonally() -> None:
    assert impersonal("rotate the deploy key I pasted above") == "rotate the deploy key pasted in the channel"
    assert impersonal("I'll update my runbook for the failover") == "update the runbook for the failover"
    assert impersonal("we should add paging for our own queue") == "add paging for its own queue"
    assert impersonal("remove the flag we added") == "remove the flag added"
    items = action_items([_msg(60, "follow-up: I will revoke the token I shared by friday")], after=None)
    assert items[0].text == "Revoke the token shared in the channel by friday"
    assert items[0].owner == "Kim"


def test_a_recovery_read_before_any_alert_gives_no_negative_metric() -> None:
    """A channel opened days later reads "no new tokens logged since the fix" at 22:57 and the first alert-like
    report at 23:09: detection (and so the start) comes after the mitigation read. The metrics count from the
    earliest phase instead, so none is negative and the postmortem still validates."""
    state = IncidentState(
        channel="C1",
        name="inc-tokens",
        opened_at=T0,
        started_at=T0 + timedelta(minutes=32),
        detected_at=T0 + timedelta(minutes=32),
        acknowledged_at=T0 + timedelta(minutes=35),
        mitigated_at=T0 + timedelta(minutes=20),
    )
    m = metrics(state)
    assert m.time_to_mitigate_min == 0
    assert m.time_to_detect_min == 12
    assert all(v is None or v >= 0 for v in m.model_dump().values())
