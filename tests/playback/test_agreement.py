"""bench/agreement.py on a hand-made incident: each figure moves when the second labelling does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import agreement as ag

CHANNEL = "inc-tiny"
T0 = 1_746_525_600
# Six posts five minutes apart (so "within a minute" never joins two of them); authors by position.
AUTHORS = ("UPAGE", "UANNA", "UANNA", "UBORIS", "UBORIS", "UANNA")
TS = [f"{T0 + 300 * i}.000100" for i in range(len(AUTHORS))]


def _write_incident(root: Path, truth_events: list[tuple[str, str]], truth_hyps: list[dict[str, str]]) -> Path:
    folder = root / "dev" / "tiny-incident"
    (folder / CHANNEL).mkdir(parents=True)
    (folder / "channels.json").write_text(json.dumps([{"id": "C0TINY", "name": CHANNEL, "created": T0}]))
    users = [
        {"id": uid, "name": uid.lower(), "real_name": uid.title(), "is_bot": False, "profile": {"display_name": uid}}
        for uid in sorted(set(AUTHORS))
    ]
    (folder / "users.json").write_text(json.dumps(users))
    day = [
        {"type": "message", "user": user, "text": f"message number {i}", "ts": ts}
        for i, (user, ts) in enumerate(zip(AUTHORS, TS, strict=True))
    ]
    (folder / CHANNEL / "2025-05-06.json").write_text(json.dumps(day))
    truth = {
        "channel": CHANNEL,
        "times": {},
        "key_events": [{"ts": ts, "kind": kind, "what": kind} for ts, kind in truth_events],
        "hypotheses": truth_hyps,
    }
    (folder / "truth.json").write_text(json.dumps(truth))
    return root / "dev"


def _write_labels(root: Path, events: list[tuple[str, str]], hyps: list[tuple[str, str, str]]) -> Path:
    labels = root / "agreement"
    labels.mkdir(exist_ok=True)
    doc = {
        "slug": "tiny-incident",
        "labeller": "second",
        "key_events": [{"ts": ts, "kind": kind} for ts, kind in events],
        "hypotheses": [{"text": t, "raised_ts": r, "status": s} for t, r, s in hyps],
    }
    (labels / "tiny-incident.json").write_text(json.dumps(doc))
    return labels


TRUTH_EVENTS = [(TS[0], "detect"), (TS[1], "acknowledge"), (TS[3], "mitigate"), (TS[5], "resolve")]
TRUTH_HYPS = [
    {"text": "disk full on the primary", "raised_ts": TS[1], "status": "confirmed"},
    {"text": "bad api deploy", "raised_ts": TS[2], "status": "refuted"},
    {"text": "network partition between zones", "raised_ts": TS[3], "status": "open"},
]
SECOND_EVENTS = [
    (TS[0], "detect"),  # same ts, same kind
    (TS[1], "escalate"),  # same ts, other kind
    (TS[4], "mitigate"),  # next post by the same author as the truth's TS[3]: relaxed only
    (TS[2], "diagnose"),  # truth has nothing there or near it
]
SECOND_HYPS = [
    ("the storage ran out", TS[1], "confirmed"),  # same raised_ts: matched, same status
    ("the api deploy was bad", TS[4], "confirmed"),  # words overlap fully: matched, other status
    ("cache stampede", TS[5], "open"),  # no truth hypothesis like it
]


def _score(tmp_path: Path, events: list[tuple[str, str]] = SECOND_EVENTS) -> ag.IncidentAgreement:
    set_dir = _write_incident(tmp_path, TRUTH_EVENTS, TRUTH_HYPS)
    labels = _write_labels(tmp_path, events, SECOND_HYPS)
    (result,) = ag.score_all(labels, set_dir)
    return result


def test_exact_ts_f1_counts_only_identical_ts(tmp_path: Path) -> None:
    r = _score(tmp_path)
    assert r.exact.precision == pytest.approx(2 / 4)
    assert r.exact.recall == pytest.approx(2 / 4)
    assert r.exact.f1 == pytest.approx(0.5)
    assert (r.same_kind, r.both) == (1, 2)
    assert r.confusions == {("acknowledge", "escalate"): 1}
    assert r.missed == ((TS[3], "mitigate"), (TS[5], "resolve"))
    assert r.extra == ((TS[2], "diagnose"), (TS[4], "mitigate"))


def test_per_kind_counts_truth_second_and_both(tmp_path: Path) -> None:
    r = _score(tmp_path)
    assert r.kinds["detect"] == (1, 1, 1)
    assert r.kinds["acknowledge"] == (1, 0, 0)
    assert r.kinds["escalate"] == (0, 1, 0)
    assert r.kinds["mitigate"] == (1, 1, 0)
    assert "deploy" not in r.kinds


def test_relaxed_match_takes_the_same_authors_neighbour_but_not_a_far_message(tmp_path: Path) -> None:
    """TS[4] sits next to the truth's TS[3] and has the same author: a relaxed match. TS[2] is five
    minutes from TS[1] (already matched) and TS[3], by another author than TS[3]: no match."""
    r = _score(tmp_path)
    assert r.relaxed.precision == pytest.approx(3 / 4)
    assert r.relaxed.recall == pytest.approx(3 / 4)
    moved = _score(tmp_path / "far", [*SECOND_EVENTS[:2], (TS[5], "mitigate")])
    assert moved.relaxed.recall == pytest.approx(3 / 4)  # TS[5] is the truth's own resolve: exact
    pairs = ag.relaxed_pairs([TS[4]], [TS[5]], [ag.Post(ts, a) for ts, a in zip(TS, AUTHORS, strict=True)])
    assert pairs == []  # neighbours, but by different authors and five minutes apart


def test_relaxed_match_within_a_minute_any_author() -> None:
    posts = [ag.Post("100.000100", "UA"), ag.Post("130.000100", "UB"), ag.Post("200.000100", "UC")]
    assert ag.relaxed_pairs(["130.000100"], ["100.000100"], posts) == [("130.000100", "100.000100")]
    assert ag.relaxed_pairs(["200.000100"], ["100.000100"], posts) == []


def test_hypotheses_match_by_raised_ts_then_words_and_compare_status(tmp_path: Path) -> None:
    r = _score(tmp_path)
    assert (r.hyp_truth, r.hyp_matched, r.hyp_status_agree, r.hyp_second) == (3, 2, 1, 3)
    assert r.hyp_pairs[2] == ("network partition between zones", "open", None, None)


def test_main_prints_a_table_and_one_agreement_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_dir = _write_incident(tmp_path, TRUTH_EVENTS, TRUTH_HYPS)
    labels = _write_labels(tmp_path, SECOND_EVENTS, SECOND_HYPS)
    assert ag.main(["--labels", str(labels), "--set-dir", str(set_dir)]) == 0
    out = capsys.readouterr().out
    assert "| ? | tiny-incident | 4 | 4 | 0.50 | 0.50 | 0.50 | 1/2 | 0.75 | 2/3 | 1/2 |" in out
    (line,) = [ln for ln in out.splitlines() if ln.startswith("AGREEMENT ")]
    doc = json.loads(line.removeprefix("AGREEMENT "))
    assert doc["timeline_f1"] == 0.5
    assert doc["per_kind"]["detect"] == {"truth": 1, "second": 1, "both": 1, "f1": 1.0}
    assert doc["hypotheses"] == {"truth": 3, "second": 3, "matched": 2, "status_agree": 1}


def test_bad_label_file_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_dir = _write_incident(tmp_path, TRUTH_EVENTS, TRUTH_HYPS)
    labels = _write_labels(tmp_path, [(TS[0], "detection")], [])
    assert ag.main(["--labels", str(labels), "--set-dir", str(set_dir)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "unknown kind(s) detection" in err and "detect" in err


def test_holdout_is_refused(tmp_path: Path) -> None:
    holdout = tmp_path / "holdout"
    holdout.mkdir()
    with pytest.raises(ag.AgreementError, match="holdout is never read"):
        ag.score_all(tmp_path, holdout)


def test_committed_labels_parse() -> None:
    """Every committed second labelling reads, uses known kinds, and names a dev incident."""
    files = sorted(ag.LABELS.glob("*.json"))
    assert len(files) >= 10
    for path in files:
        labels = ag.load_labels(path)
        assert labels.slug == path.stem
        assert (ag.DEV / labels.slug / "truth.json").is_file()
        assert len({ts for ts, _k in labels.key_events}) == len(labels.key_events)
