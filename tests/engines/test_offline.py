"""The offline engine on small hand-made transcripts: hypotheses, lifecycle, metrics, postmortem."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.analysis.classify import classify
from bot.analysis.lifecycle import derive
from bot.domain import Board, IncidentState, Message
from bot.engines.offline import OfflineEngine
from tests.engines.transcript import msg

ENGINE = OfflineEngine()
NOW = datetime(2026, 3, 15, 1, 0, tzinfo=UTC)


def transcript() -> list[Message]:
    """A payouts incident in the voice of a real channel (not the bundled example's wording)."""
    return [
        msg(0, "Release 2291 of ledger-sync rolled out to prod (build 7f3a1c)", "deploy-bot", bot=True),
        msg(10, "[FIRING] ledger-sync consumer lag > 10k on orders-events (critical)", "pagerduty", bot=True),
        msg(11, "ack, on it. merchants are missing payouts, calling this sev2", "Priya"),
        msg(13, "any chance it's kafka? the brokers were patched last night", "Marcus"),
        msg(15, "brokers look healthy, ISR full, no under-replicated partitions", "Lena", thread=13),
        msg(16, "could be release 2291, it changed the batch size for ledger-sync", "Tomas"),
        msg(18, "ledger-sync lag started climbing two minutes after release 2291 went out, lines up", "Aiko"),
        msg(20, "decision: roll back release 2291 rather than patch forward", "Priya"),
        msg(21, "I'll post the status page update", "Dana"),
        msg(30, "rollback done, ledger-sync consumer lag back to baseline", "Tomas"),
        msg(
            32,
            "root cause: release 2291 set the ledger-sync batch size above the broker's max message size, "
            "so every batch was rejected",
            "Aiko",
        ),
        msg(40, "TODO: add an alert on rejected batches per consumer <@UAIKO> by Friday", "Priya"),
        msg(45, "all clear, closing the incident", "Priya"),
    ]


def test_classification_of_each_kind() -> None:
    """Each message lands in the kind an SRE would give it."""
    kinds = [classify(m) for m in transcript()]
    assert kinds[0] == "deploy"
    assert kinds[1] == "alert"
    assert kinds[7] == "mitigate"  # "roll back" outranks the decision wording
    assert kinds[9] == "mitigate"
    assert kinds[12] == "resolve"
    assert classify(msg(1, "brb, coffee", "Marcus")) == "chatter"


def test_hypothesis_refuted_and_other_confirmed() -> None:
    """A healthy-looking reply about the theory's component refutes it; "root cause: …" confirms the matching one."""
    board = ENGINE.hypotheses(board=Board(channel="C1"), new_messages=transcript())
    by_status = {h.status: h for h in board.hypotheses}
    kafka, release = board.hypotheses[0], board.hypotheses[1]
    assert "kafka" in kafka.statement.lower()
    assert kafka.status == "refuted"  # "brokers look healthy": refuted by what it names, not by the word
    assert kafka.refuting == (transcript()[4].ts,)
    assert release.status == "confirmed"
    assert transcript()[6].ts in release.supporting
    assert transcript()[10].ts in release.supporting
    assert release.confidence > kafka.confidence
    assert set(by_status) == {"refuted", "confirmed"}


def test_board_is_incremental() -> None:
    """Folding in two halves gives the same board as folding all at once."""
    msgs = transcript()
    whole = ENGINE.hypotheses(board=Board(channel="C1"), new_messages=msgs)
    half = ENGINE.hypotheses(board=Board(channel="C1"), new_messages=msgs[:6])
    both = ENGINE.hypotheses(board=half, new_messages=msgs[6:])
    assert both == whole


def test_unrelated_support_does_not_attach() -> None:
    """A supporting cue that shares no terms with any hypothesis links to nothing."""
    msgs = [
        msg(0, "my money's on the search indexer running out of heap", "Marcus"),
        msg(1, "lunch plans confirmed for friday", "Dana"),
    ]
    board = ENGINE.hypotheses(board=Board(channel="C1"), new_messages=msgs)
    assert board.hypotheses[0].supporting == ()


def test_lifecycle_and_metrics() -> None:
    """Detection is the first alert; acknowledgement the first ack; mitigation when lag is back to
    baseline; resolution when someone declares it."""
    msgs = transcript()
    board = ENGINE.hypotheses(board=Board(channel="C1"), new_messages=msgs)
    state = derive(IncidentState(channel="C1", name="inc-payouts"), msgs, board)
    assert state.detected_at == msgs[1].time
    assert state.acknowledged_at == msgs[2].time
    assert state.mitigated_at == msgs[9].time
    assert state.resolved_at == msgs[12].time
    assert state.severity == "SEV2"
    assert state.status == "resolved"
    pm = ENGINE.draft_postmortem(incident=state, transcript=msgs, board=board, now=NOW, names={})
    assert pm.metrics.time_to_detect_min == 0
    assert pm.metrics.time_to_acknowledge_min == 1
    assert pm.metrics.time_to_mitigate_min == 20
    assert pm.metrics.time_to_resolve_min == 35


def test_postmortem_cites_only_existing_messages_and_blames_no_one() -> None:
    msgs = transcript()
    board = ENGINE.hypotheses(board=Board(channel="C1"), new_messages=msgs)
    state = derive(IncidentState(channel="C1", name="inc-payouts"), msgs, board)
    names = {f"U{n.upper()}": n for n in ("Priya", "Marcus", "Lena", "Tomas", "Aiko", "Dana")}
    pm = ENGINE.draft_postmortem(incident=state, transcript=msgs, board=board, now=NOW, names=names)
    assert pm.cited_ts() <= {m.ts for m in msgs}
    assert pm.cited_ts()
    for factor in pm.contributing_factors:
        for name in names.values():
            assert name not in factor.text
        assert "<@" not in factor.text
    kinds = {e.kind for e in pm.timeline}
    assert {"deploy", "detect", "decision", "mitigate", "resolve", "diagnose"} <= kinds
    assert pm.five_whys[0].citations
    assert any(a.owner == "Aiko" and a.due and a.category == "monitoring" for a in pm.action_items)
    assert any(a.owner == "Dana" for a in pm.action_items) is False  # "I'll" before mitigation is live work


def test_unknown_where_transcript_is_silent() -> None:
    """No alert, no cause, no mitigation: the draft says Unknown instead of guessing."""
    msgs = [msg(0, "hmm, anyone else seeing slow builds?", "Marcus"), msg(3, "not me", "Lena")]
    state = derive(IncidentState(channel="C1", name="inc-builds"), msgs, None)
    board = ENGINE.hypotheses(board=Board(channel="C1"), new_messages=msgs)
    pm = ENGINE.draft_postmortem(incident=state, transcript=msgs, board=board, now=NOW, names={})
    assert pm.impact.startswith("Unknown")
    assert "Unknown" in pm.five_whys[0].answer
    assert pm.metrics.time_to_mitigate_min is None
    assert any("root cause" in q.text.lower() for q in pm.open_questions)


def test_sitrep_is_incremental_and_cited() -> None:
    """The second sitrep reads only newer messages and keeps who-is-doing-what from the first."""
    msgs = transcript()
    state = IncidentState(channel="C1", name="inc-payouts")
    board1 = ENGINE.hypotheses(board=Board(channel="C1"), new_messages=msgs[:9])
    t1 = msgs[8].time + timedelta(minutes=5)
    s1 = ENGINE.sitrep(
        incident=derive(state, msgs[:9], board1),
        prev=None,
        new_messages=msgs[:9],
        board=board1,
        now=t1,
        total_messages=9,
    )
    assert s1.number == 1
    # The IC's "decision: roll back release 2291" after the lag "lines up" with it: the team knows what to fix.
    assert s1.status.startswith("SEV2 · Identified")
    assert any("Dana" in c.text for c in s1.doing)
    board2 = ENGINE.hypotheses(board=board1, new_messages=msgs[9:11])
    s2 = ENGINE.sitrep(
        incident=derive(state, msgs[:11], board2),
        prev=s1,
        new_messages=msgs[9:11],
        board=board2,
        now=t1 + timedelta(minutes=10),
        total_messages=11,
    )
    assert s2.number == 2
    assert s2.messages_considered == 2
    assert "Mitigated" in s2.status
    assert any("Dana" in c.text for c in s2.doing)
    cited = {t for c in (*s2.what_changed, *s2.hypotheses, s2.impact) for t in c.citations}
    assert cited <= {m.ts for m in msgs}
    later = ENGINE.sitrep(
        incident=derive(state, msgs[:11], board2),
        prev=s2,
        new_messages=[],
        board=board2,
        now=t1 + timedelta(hours=2),
        total_messages=11,
    )
    assert later.doing == ()  # nobody restated what they were doing for two hours: stale, dropped


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SEV1 declared", "SEV1"),
        ("this is a sev-3", "SEV3"),
        ("P2 incident opened", "P2"),
        ("v3 rollout", None),
    ],
)
def test_severity(text: str, expected: str | None) -> None:
    from bot.analysis.classify import severity_of

    assert severity_of(text) == expected


def test_declared_resolution_survives_a_rebuild_and_reopening_clears_it() -> None:
    """/resolve's times win over message cues, even after an edit rebuilds the lifecycle;
    "reopening the incident" afterwards clears resolution and mitigation."""
    msgs = transcript()[:6]
    declared_at = msgs[-1].time + timedelta(minutes=5)
    base = IncidentState(
        channel="C1",
        name="inc-payouts",
        declared={"resolved_at": declared_at, "mitigated_at": declared_at},
    )
    state = derive(base, msgs, None)
    assert state.resolved_at == declared_at
    assert state.mitigated_at == declared_at
    assert state.status == "resolved"
    reopened = derive(base, [*msgs, msg(40, "reopening the incident, the lag is back", "Priya")], None)
    assert reopened.resolved_at is None
    assert reopened.mitigated_at is None
    assert reopened.status == "investigating"
