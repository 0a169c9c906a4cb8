"""The evaluation's scoring functions on hand-made inputs: each figure moves when the input does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import Claim, Hypothesis, IncidentState, Postmortem, Sitrep, Why
from bot.playback import scoring as sc
from bot.playback.evaluate import sitrep_words

T0 = datetime(2025, 5, 6, 10, 0, tzinfo=UTC)


def _pm(*whys: Why) -> Postmortem:
    return Postmortem(incident=IncidentState(channel="C1", name="inc-x"), summary="s", impact="i", five_whys=whys)


def test_timeline_prf_is_exact_ts_only() -> None:
    """A cited neighbour of a key event is not a match: the match is the exact ts."""
    score = sc.prf({"1.000100", "2.000100", "9.000100"}, ["1.000100", "2.000100", "3.000100", "4.000100"])
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(0.5)
    assert score.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert sc.prf({"3.000101"}, ["3.000100"]).recall == 0
    assert sc.prf(set(), ["1.0"]) == sc.PRF(0.0, 0.0, 0.0)


def test_random_baseline_is_seeded_and_near_chance() -> None:
    """Same seed, same figure; picking every message recalls everything; the mean is near k/n."""
    pool = [f"{i}.000000" for i in range(100)]
    truth = pool[:10]
    a = sc.random_baseline(pool, 10, truth, seed="inc")
    assert a == sc.random_baseline(pool, 10, truth, seed="inc")
    assert a != sc.random_baseline(pool, 10, truth, seed="other")
    assert 0.02 < a.recall < 0.25
    assert sc.random_baseline(pool, 100, truth, seed="inc").recall == pytest.approx(1.0)
    assert sc.random_baseline(pool, 0, truth, seed="inc").f1 == 0


def test_root_cause_needs_a_named_cause_and_a_cited_statement() -> None:
    found = _pm(Why(why="why?", answer="max.poll.records too high", citations=("5.0",)))
    assert sc.root_cause_found(found, ["5.0", "6.0"])
    assert not sc.root_cause_found(found, ["6.0"])  # named, but cites the wrong message
    unknown = _pm(Why(why="why?", answer="Unknown — evidence needed", citations=("5.0",)))
    assert not sc.root_cause_found(unknown, ["5.0"])
    assert not sc.root_cause_found(_pm(), ["5.0"])


def test_hypotheses_match_by_raised_ts_then_words_and_count_wrong_confirmations() -> None:
    truths = [
        sc.TruthHypothesis(text="kafka brokers unhealthy", raised_ts="1.0", status="refuted"),
        sc.TruthHypothesis(text="config push changed max.poll.records", raised_ts="2.0", status="confirmed"),
        sc.TruthHypothesis(text="dns resolver flapping", raised_ts="3.0", status="open"),
    ]
    board = [
        Hypothesis(id="H1", statement="brokers?", status="confirmed", raised_ts="0.5", supporting=("1.0",)),
        Hypothesis(id="H2", statement="the max.poll.records config push", status="confirmed", raised_ts="7.0"),
    ]
    matched = sc.match_hypotheses(truths, board)
    assert [h.id if h else None for h in matched] == ["H1", "H2", None]
    score = sc.score_hypotheses(truths, board)
    assert (score.total, score.matched, score.correct, score.wrong_confirmations) == (3, 2, 1, 1)
    assert score.accuracy == pytest.approx(1 / 3)
    assert score.stray_confirmations == 0


def test_a_theory_is_matched_to_the_item_its_message_raised_before_one_citing_that_message() -> None:
    """A message that raises a theory may also be cited by an older one ("could the export job hold a
    lock? timing lines up with the deploy" backing "the deploy?"): the truth theory raised there is the
    board item raised there, and the older item's confirmation is not a wrong confirmation of it."""
    truths = [
        sc.TruthHypothesis(text="the export job holds a lock the migration needs", raised_ts="5.0", status="open"),
        sc.TruthHypothesis(text="the release broke it", raised_ts="1.0", status="confirmed"),
    ]
    deploy = Hypothesis(id="H1", statement="the deploy", status="confirmed", raised_ts="1.0", supporting=("5.0",))
    export = Hypothesis(id="H2", statement="export job holding a lock", status="refuted", raised_ts="5.0")
    matched = sc.match_hypotheses(truths, [deploy, export])
    assert [h.id if h else None for h in matched] == ["H2", "H1"]
    score = sc.score_hypotheses(truths, [deploy, export])
    assert (score.correct, score.wrong_confirmations) == (1, 0)
    # with no item raised by that message, the item citing it is still its match
    alone = sc.match_hypotheses(truths[:1], [deploy])
    assert [h.id if h else None for h in alone] == ["H1"]
    assert sc.score_hypotheses(truths[:1], [deploy]).wrong_confirmations == 1
    # an item whose raising message is unknown is matched by its support, never ahead of the raised one
    unraised = Hypothesis(id="H3", statement="the deploy", status="confirmed", supporting=("5.0",))
    assert [h.id if h else None for h in sc.match_hypotheses(truths[:1], [unraised, export])] == ["H2"]


def test_a_confirmed_item_matching_no_theory_is_stray_unless_it_cites_the_stated_cause() -> None:
    truths = [sc.TruthHypothesis(text="dns resolver flapping", raised_ts="3.0", status="refuted")]
    board = [
        Hypothesis(id="H1", statement="dns resolver?", status="refuted", raised_ts="3.0"),
        Hypothesis(id="H2", statement="ok to give the vendor a remote session", status="confirmed", raised_ts="4.0"),
        Hypothesis(id="H3", statement="edge cert expired", status="confirmed", raised_ts="5.0", supporting=("6.0",)),
        Hypothesis(id="H4", statement="failover the primary", status="open", raised_ts="7.0"),
    ]
    assert sc.score_hypotheses(truths, board).stray_confirmations == 2
    assert sc.score_hypotheses(truths, board, root_cause_ts=("6.0",)).stray_confirmations == 1


def test_word_overlap_is_the_share_of_truth_words() -> None:
    assert sc.word_overlap("alert on consumer rebalance rate", "add an alert on the rebalance rate") == 0.75
    assert sc.word_overlap("the and of", "anything") == 0.0
    assert sc.word_overlap("Disable Unattended-Upgrades fleet-wide", "disable unattended-upgrades") == pytest.approx(
        2 / 3
    )


def test_minutes_error_and_misses() -> None:
    assert sc.minutes_error(T0, T0 + timedelta(minutes=7, seconds=30)) == 7.5
    assert sc.minutes_error(T0 + timedelta(minutes=3), T0) == 3
    assert sc.minutes_error(T0, None) is None
    assert sc.minutes_error(None, T0) is None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("SEV-2", "SEV2"),
        ("sev 1", "SEV1"),
        ("P3", "SEV3"),
        ("Severity: 2", "SEV2"),
        ("major", "SEV2"),
        ("SEV0", "SEV1"),
        ("Unknown", None),
        (None, None),
        ("api p99 latency", None),
    ],
)
def test_normalise_severity(text: str | None, want: str | None) -> None:
    assert sc.normalise_severity(text) == want


def test_action_items_match_by_ts_or_words_once_and_check_owners() -> None:
    truths = [
        sc.TruthItem(text="config linter rejects large max.poll.records", ts=("9.0",), owner="UK"),
        sc.TruthItem(text="alert on consumer group rebalance rate", ts=("9.0",), owner="UY"),
        sc.TruthItem(text="write the postmortem", ts=("9.0",), owner=None),
        sc.TruthItem(text="chaos test broker restarts", ts=("10.0",), owner="UK"),
    ]
    candidates = [
        ("Add a linter check", ("9.0",), "kwame"),  # cited: matches the first item
        ("Alert on rebalance rate of the consumer group", (), "<@UK>"),  # words: second item, wrong owner
    ]
    names = {"UK": ("kwame", "Kwame Boateng"), "UY": ("yuki",)}
    score = sc.score_items(truths, candidates, names)
    assert (score.total, score.found, score.with_owner, score.owner_right) == (4, 2, 2, 1)
    assert score.recall == 0.5
    assert score.owner_accuracy == 0.5
    assert sc.score_items([], candidates).recall is None


def test_owner_matches_ids_mentions_and_names() -> None:
    names = {"UK": ("kwame", "Kwame Boateng")}
    assert sc.owner_matches("<@UK|kwame>", "UK", names)
    assert sc.owner_matches("Kwame Boateng", "UK", names)
    assert sc.owner_matches("@kwame", "UK", names)
    assert not sc.owner_matches("yuki", "UK", names)
    assert not sc.owner_matches(None, "UK", names)


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("SEV-2 · Mitigated — monitoring for recurrence", "mitigated"),
        ("Investigating — cause not yet identified", "investigating"),
        ("Identified — a cause is confirmed, mitigation pending", "identified"),
        ("Resolved", "resolved"),
        ("all good", None),
    ],
)
def test_status_of_reads_the_first_status_word(line: str, want: str | None) -> None:
    assert sc.status_of(line) == want


def test_checkpoints_by_expected_status_and_identified_reached() -> None:
    checkpoints = [("1.0", "investigating"), ("2.0", "identified"), ("3.0", "mitigated"), ("4.0", "mitigated")]
    seen = {"1.0": "investigating", "2.0": "investigating", "3.0": "mitigated", "4.0": None}
    score = sc.score_checkpoints(checkpoints, seen, ["investigating", "mitigated"])
    assert score.by_status == {"investigating": (1, 1), "identified": (0, 1), "mitigated": (1, 2)}
    assert score.accuracy == 0.5
    assert score.identified_expected and not score.identified_reached
    assert sc.score_checkpoints(checkpoints, seen, ["identified"]).identified_reached
    assert not sc.score_checkpoints([("1.0", "resolved")], {}, []).identified_expected


def _sitrep(n: int, changed: tuple[Claim, ...]) -> Sitrep:
    return Sitrep(
        channel="C1", number=n, created_at=T0, status="Investigating", impact=Claim(text="x"), what_changed=changed
    )


def test_sitrep_stats_count_words_and_empty_updates() -> None:
    sitreps = [_sitrep(1, (Claim(text="a"),)), _sitrep(2, ()), _sitrep(3, ())]
    stats = sc.sitrep_stats(sitreps, [10, 20, 60])
    assert (stats.posted, stats.mean_words, stats.max_words) == (3, 30, 60)
    assert stats.nothing_share == pytest.approx(2 / 3)
    assert sc.sitrep_stats([], []).mean_words is None


def test_sitrep_words_skip_markup_and_footer() -> None:
    md = "## Sitrep #1 — 10:00\n\n**Status:** Investigating\n\n- one two\n_Drafted by the rules from 3 message(s)._\n"
    assert sitrep_words(md) == 7  # Sitrep, 1, 10:00, Status:, Investigating, one, two


def test_leaks_find_raw_values_from_the_export_in_outputs() -> None:
    raw = ["mail ana@example.com from 52.94.10.3, 10.0.0.5 and 8.8.8.8", "token xoxb-123456789012-abcdefghijkl here"]
    values = sc.sensitive_values(raw)
    # The redactor keeps private addresses and well-known resolvers by design: not counted.
    assert values == {"ana@example.com", "52.94.10.3", "xoxb-123456789012-abcdefghijkl"}
    assert "s3cr3t!" in sc.sensitive_values(["psql postgres://ro:s3cr3t!@db.internal:5432/x"])
    # A package pinned to a version is not an address (found on a fresh incident: "nx@21.8.0 published").
    assert sc.sensitive_values(["nx@21.8.0 and left-pad@1.3.0 published", "ops@team.example.io"]) == {
        "ops@team.example.io"
    }
    assert sc.leaks(values, ["ok <EMAIL_ADDRESS_1>", "seen 52.94.10.3"]) == ["52.94.10.3"]
    assert sc.leaks(values, ["nothing here"]) == []


def test_parse_truth_reads_the_format_and_rejects_missing_parts() -> None:
    doc = {
        "source": {"company": "X", "kind": "bad deploy"},
        "channel": "inc-x",
        "severity": "SEV-2",
        "times": {"start": "2025-05-06T09:50:00Z", "detected": None},
        "key_events": [{"ts": "1.0", "kind": "detect", "what": "page"}],
        "hypotheses": [{"text": "h", "raised_ts": "1.0", "status": "refuted", "evidence_ts": ["2.0"]}],
        "root_cause": {"summary": "c", "ts": ["2.0"]},
        "action_items": [{"text": "a", "owner": "U1", "ts": "3.0"}],
        "status_checkpoints": [{"after_ts": "1.0", "status": "investigating"}],
    }
    truth = sc.parse_truth(doc)
    assert truth.severity == "SEV2"
    assert truth.times["start"] == datetime(2025, 5, 6, 9, 50, tzinfo=UTC)
    assert truth.times["resolved"] is None
    assert truth.action_items[0] == sc.TruthItem(text="a", ts=("3.0",), owner="U1")
    assert truth.root_cause_ts == ("2.0",)
    with pytest.raises(sc.TruthError, match="key_events"):
        sc.parse_truth({k: v for k, v in doc.items() if k != "key_events"})
    with pytest.raises(sc.TruthError, match=r"times\.start"):
        sc.parse_truth({**doc, "times": {"start": "yesterday"}})
