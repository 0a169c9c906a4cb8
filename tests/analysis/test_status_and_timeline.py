"""Status over a whole channel (drafts and trends don't count, one alert recovering doesn't resolve,
later stronger evidence wins, a stated cause means "identified") and the timeline's key events."""

from __future__ import annotations

from bot.analysis.hypotheses import fold_messages
from bot.analysis.lifecycle import derive
from bot.analysis.timeline import build_timeline
from bot.domain import Board, IncidentState, Message
from tests.analysis.reading_support import said


def status_after(messages: list[Message]) -> IncidentState:
    board = fold_messages(Board(channel="CINC"), messages)
    return derive(IncidentState(channel="CINC", name="inc-x"), messages, board)


def channel() -> list[Message]:
    """An outage with the traps real channels have: a draft, a trend, an alert that flaps."""
    return [
        said(0, "[FIRING] storefront 5xx ratio 0.41 (critical)", "Alertmanager", bot=True),  # 0 detect
        said(2, "ack, looking", "ines"),  # 1 ack
        said(3, "IC Ines. sev2, storefront only", "ines"),  # 2 command
        said(5, "any chance it's the cdn? edge looked odd earlier", "tomek"),  # 3 theory
        said(7, "edge pops are healthy, origin is what's failing", "sven"),  # 4 refutes the cdn
        said(9, "brb coffee", "yuki"),  # 5 chatter
        said(10, 'draft for the status page: "We have resolved the issue."', "marta"),  # 6 draft
        said(11, "[RESOLVED] storefront 5xx ratio 0.02", "Alertmanager", bot=True),  # 7 flap
        said(12, "that's one probe, still 40% errors", "yuki"),  # 8
        said(14, "root cause: the origin pool size was cut to 2 by the config push at 09:58", "sven"),  # 9 cause
        said(15, "reverting the config push", "tomek"),  # 10 mitigation step
        said(16, "revert done, pushing the old config everywhere", "tomek"),  # 11 same step again
        said(18, "errors dropping", "yuki"),  # 12 trend
        said(22, "5xx back to baseline, storefront loads for everyone", "yuki"),  # 13 recovered
        said(23, "Monitoring — A fix has been applied.", "status-bot", bot=True),  # 14 status post
        said(40, "all clear, closing the incident", "ines"),  # 15 resolved
    ]


def test_drafts_trends_and_a_flapping_alert_do_not_move_the_status() -> None:
    msgs = channel()
    assert status_after(msgs[:8]).status == "investigating"  # a draft and one alert recovering
    assert status_after(msgs[:9]).resolved_at is None


def test_a_stated_cause_makes_the_incident_identified() -> None:
    msgs = channel()
    assert status_after(msgs[:9]).status == "investigating"
    assert status_after(msgs[:10]).status == "identified"
    assert status_after(msgs[:13]).status == "identified"  # "errors dropping" is a trend, not mitigation


def test_mitigated_when_impact_stopped_and_resolved_when_declared() -> None:
    msgs = channel()
    state = status_after(msgs)
    assert state.detected_at == msgs[0].time
    assert state.acknowledged_at == msgs[1].time
    assert state.mitigated_at == msgs[13].time
    assert state.resolved_at == msgs[15].time
    assert state.severity == "SEV2"
    assert status_after(msgs[:14]).status == "mitigated"


def test_later_stronger_evidence_wins() -> None:
    """A recovery that did not hold ("errors are back") returns the incident to work."""
    msgs = [
        said(0, "[FIRING] api 5xx ratio 0.3", "Alertmanager", bot=True),
        said(5, "api is back, error rate at baseline", "ana"),
        said(9, "errors are back, same 502s on /login", "li"),
    ]
    assert status_after(msgs[:2]).status == "mitigated"
    assert status_after(msgs).status == "investigating"


def test_identified_declared_by_a_status_bot() -> None:
    msgs = [
        said(0, "ALERT api.login.success below 90%", "Librato", bot=True),
        said(4, "Identified — We have identified the issue and are working on a fix.", "status-bot", bot=True),
    ]
    assert status_after(msgs).status == "identified"


def test_timeline_keeps_key_moments_and_drops_chatter() -> None:
    msgs = channel()
    board = fold_messages(Board(channel="CINC"), msgs)
    state = derive(IncidentState(channel="CINC", name="inc-x"), msgs, board)
    cited = {e.citations[0]: e.kind for e in build_timeline(msgs, board, state)}
    picked = [i for i, m in enumerate(msgs) if m.ts in cited]
    # detection, ack, command, cause, the revert (once), impact stopped, the status post and the
    # resolution; not the chatter, the draft, the flap, the repeat or a trend ("errors dropping").
    assert picked == [0, 1, 2, 9, 10, 13, 14, 15]
    assert cited[msgs[0].ts] == "detect" and cited[msgs[15].ts] == "resolve"
    assert cited[msgs[9].ts] == "diagnose" and cited[msgs[10].ts] == "mitigate"


def test_a_yes_to_a_question_does_not_make_the_incident_identified() -> None:
    """Confirming a symptom ("yep, the resolvers are pegged") is not stating the cause."""
    msgs = [
        said(0, "[FIRING] payments success 41% (critical)", "Alertmanager", bot=True),
        said(3, "any chance it's dns?", "tomek"),
        said(5, "yep, the resolvers are pegged at 30x", "ingrid"),
    ]
    assert status_after(msgs).status == "investigating"
    msgs.append(said(9, "root cause: the firewall agents re-resolve every host after the policy push", "ingrid"))
    assert status_after(msgs).status == "identified"
