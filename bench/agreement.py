"""How far a second careful labeller agrees with the dev answer keys: the ceiling for timeline F1.

    .venv/bin/python bench/agreement.py                 # table + per-kind table + one AGREEMENT line
    .venv/bin/python bench/agreement.py --detail        # also every disagreement, with the message text

A second labeller read only each channel's export and, following ``docs/labelling.md``, wrote the key
events and hypotheses to ``tests/data/incidents/agreement/<slug>.json``
(``{"slug", "labeller", "key_events": [{"ts", "kind"}], "hypotheses": [{"text", "raised_ts", "status"}]}``).
The git history shows those files were committed before this script first ran.

Figures, per incident and as means over incidents:

- **exact**: precision, recall and F1 of the second labeller's key-event ``ts`` against truth.json's,
  with :func:`bot.playback.scoring.prf` (the same exact-ts match ``bench/grounding.py`` scores the
  engine with, so the two numbers compare directly);
- **kinds**: per kind, F1 of the two labellers' ``ts`` of that kind, and among the ``ts`` both keyed,
  the share given the same kind;
- **relaxed** (for information only): a second-labeller event also matches a truth event of any kind
  within 60 seconds of it, or the message right before or after it in the channel when both are by
  the same author (one-to-one, exact matches first, then the nearest in time);
- **hypotheses**: how many truth hypotheses the second labeller also lists (same ``raised_ts``, else
  word overlap at least 0.3 with :func:`bot.playback.scoring.word_overlap`, each used once) and on how
  many of those the final status agrees.

Only the dev set is scored: the project's holdout is never read.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.playback.scoring import PRF, Truth, TruthItem, match_items, parse_truth, prf  # noqa: E402

INCIDENTS = ROOT / "tests" / "data" / "incidents"
LABELS = INCIDENTS / "agreement"
DEV = INCIDENTS / "dev"
KINDS = (
    "detect",
    "acknowledge",
    "escalate",
    "diagnose",
    "identified",
    "decision",
    "mitigate",
    "deploy",
    "comms",
    "resolve",
)
NEAR_SECONDS = 60.0
"""A relaxed match: a truth event within this many seconds of the second labeller's."""


class AgreementError(ValueError):
    """A label file or the set it is scored against cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Labels:
    """The second labeller's answer for one incident."""

    slug: str
    key_events: tuple[tuple[str, str], ...]
    """(ts, kind) of each key event."""
    hypotheses: tuple[tuple[str, str, str], ...]
    """(text, raised_ts, status) of each hypothesis."""


@dataclass(frozen=True)
class Post:
    """One channel message as far as matching needs it: where it is and who wrote it."""

    ts: str
    author: str | None


@dataclass(frozen=True)
class IncidentAgreement:
    slug: str
    batch: str
    truth_events: int
    second_events: int
    exact: PRF
    relaxed: PRF
    same_kind: int
    """Of the ts both labellers keyed, how many got the same kind."""
    both: int
    kinds: dict[str, tuple[int, int, int]]
    """kind -> (truth count, second count, ts keyed with this kind by both)."""
    confusions: Counter[tuple[str, str]]
    """(truth kind, second kind) for ts both keyed with different kinds."""
    missed: tuple[tuple[str, str], ...]
    """Truth (ts, kind) the second labeller did not key."""
    extra: tuple[tuple[str, str], ...]
    """Second-labeller (ts, kind) the truth does not key."""
    hyp_truth: int
    hyp_matched: int
    hyp_status_agree: int
    hyp_second: int
    hyp_pairs: tuple[tuple[str, str, str | None, str | None], ...] = field(default=())
    """(truth text, truth status, second text or None, second status or None) per truth hypothesis."""


def load_labels(path: Path) -> Labels:
    """Read one agreement file; raises :class:`AgreementError` naming the file and the missing part."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AgreementError(f"{path}: not readable JSON ({exc}); fix or remove the file") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("slug"), str) or not isinstance(doc.get("key_events"), list):
        raise AgreementError(f"{path}: needs 'slug' (text) and 'key_events' (list); see bench/agreement.py")
    try:
        events = tuple((str(e["ts"]), str(e["kind"])) for e in doc["key_events"])
        hyps = tuple((str(h["text"]), str(h.get("raised_ts", "")), str(h["status"])) for h in doc.get("hypotheses", []))
    except (KeyError, TypeError) as exc:
        raise AgreementError(f"{path}: a key event needs 'ts' and 'kind', a hypothesis 'text' and 'status'") from exc
    unknown = sorted({k for _ts, k in events} - set(KINDS))
    if unknown:
        raise AgreementError(f"{path}: unknown kind(s) {', '.join(unknown)}; use one of {', '.join(KINDS)}")
    return Labels(slug=doc["slug"], key_events=events, hypotheses=hyps)


def channel_posts(folder: Path, channel: str) -> list[Post]:
    """The incident channel's posts in ts order with their authors (user id, else integration name)."""
    from bot.slackdata.export import read_export

    posts = read_export(folder).channel(channel).posts
    return [Post(ts=m.ts, author=m.user or m.user_name) for m in posts]


def relaxed_pairs(second: Sequence[str], truth: Sequence[str], posts: Sequence[Post]) -> list[tuple[str, str]]:
    """One-to-one (second ts, truth ts) pairs: exact ts first, then the nearest truth event in time that
    is within :data:`NEAR_SECONDS` or is the neighbouring message by the same author."""
    index = {p.ts: i for i, p in enumerate(posts)}
    pairs: list[tuple[str, str]] = []
    free_truth = set(truth)
    free_second = []
    for ts in second:
        if ts in free_truth:
            free_truth.discard(ts)
            pairs.append((ts, ts))
        else:
            free_second.append(ts)

    def near(a: str, b: str) -> bool:
        if abs(float(a) - float(b)) <= NEAR_SECONDS:
            return True
        ia, ib = index.get(a), index.get(b)
        return ia is not None and ib is not None and abs(ia - ib) == 1 and posts[ia].author == posts[ib].author

    candidates = sorted((abs(float(s) - float(t)), s, t) for s in free_second for t in free_truth if near(s, t))
    used: set[str] = set()
    for _gap, s, t in candidates:
        if s in used or t not in free_truth:
            continue
        used.add(s)
        free_truth.discard(t)
        pairs.append((s, t))
    return pairs


def _relaxed_prf(pairs: int, n_second: int, n_truth: int) -> PRF:
    p = pairs / n_second if n_second else 0.0
    r = pairs / n_truth if n_truth else 0.0
    return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def score_incident(labels: Labels, truth: Truth, posts: Sequence[Post], *, batch: str = "?") -> IncidentAgreement:
    """Agreement of one incident's second labelling with its truth.json."""
    truth_kind = dict(truth.key_events)
    second_kind = dict(labels.key_events)
    both = set(truth_kind) & set(second_kind)
    kinds: dict[str, tuple[int, int, int]] = {}
    for kind in KINDS:
        t = {ts for ts, k in truth_kind.items() if k == kind}
        s = {ts for ts, k in second_kind.items() if k == kind}
        if t or s:
            kinds[kind] = (len(t), len(s), len(t & s))
    confusions = Counter((truth_kind[ts], second_kind[ts]) for ts in both if truth_kind[ts] != second_kind[ts])
    pairs = relaxed_pairs(list(second_kind), list(truth_kind), posts)

    items = [TruthItem(text=h.text, ts=(h.raised_ts,) if h.raised_ts else ()) for h in truth.hypotheses]
    candidates = [(text, (raised,) if raised else ()) for text, raised, _status in labels.hypotheses]
    matches = match_items(items, candidates)
    hyp_pairs = tuple(
        (
            h.text,
            h.status,
            labels.hypotheses[j][0] if j is not None else None,
            labels.hypotheses[j][2] if j is not None else None,
        )
        for h, j in zip(truth.hypotheses, matches, strict=True)
    )
    return IncidentAgreement(
        slug=labels.slug,
        batch=batch,
        truth_events=len(truth_kind),
        second_events=len(second_kind),
        exact=prf(second_kind, truth_kind),
        relaxed=_relaxed_prf(len(pairs), len(second_kind), len(truth_kind)),
        same_kind=sum(1 for ts in both if truth_kind[ts] == second_kind[ts]),
        both=len(both),
        kinds=kinds,
        confusions=confusions,
        missed=tuple(sorted((ts, k) for ts, k in truth_kind.items() if ts not in second_kind)),
        extra=tuple(sorted((ts, k) for ts, k in second_kind.items() if ts not in truth_kind)),
        hyp_truth=len(truth.hypotheses),
        hyp_matched=sum(1 for j in matches if j is not None),
        hyp_status_agree=sum(1 for _t, ts_, _s, ss in hyp_pairs if ss is not None and ss == ts_),
        hyp_second=len(labels.hypotheses),
        hyp_pairs=hyp_pairs,
    )


def batch_of(slug: str, set_dir: Path) -> str:
    """The dev batch letter whose SOURCES_x.md lists ``slug`` ("?" when none does)."""
    for sources in sorted(set_dir.glob("SOURCES_*.md")):
        if slug in sources.read_text(encoding="utf-8"):
            return sources.stem.removeprefix("SOURCES_")
    return "?"


def score_all(labels_dir: Path, set_dir: Path) -> list[IncidentAgreement]:
    """Score every label file in ``labels_dir`` against the same slug's truth.json in ``set_dir``."""
    if "holdout" in set_dir.resolve().name:
        raise AgreementError("the project's holdout is never read; score agreement against the dev set")
    files = sorted(labels_dir.glob("*.json"))
    if not files:
        raise AgreementError(f"{labels_dir}: no label files (<slug>.json) to score")
    results = []
    for path in files:
        labels = load_labels(path)
        folder = set_dir / labels.slug
        truth_path = folder / "truth.json"
        if not truth_path.is_file():
            raise AgreementError(f"{path}: no incident {labels.slug!r} with a truth.json in {set_dir}")
        truth = parse_truth(json.loads(truth_path.read_text(encoding="utf-8")))
        posts = channel_posts(folder, truth.channel)
        results.append(score_incident(labels, truth, posts, batch=batch_of(labels.slug, set_dir)))
    return results


def summary(results: Sequence[IncidentAgreement]) -> dict[str, Any]:
    """Means over incidents, pooled per-kind figures and hypothesis totals (the AGREEMENT line)."""
    pooled: dict[str, list[int]] = {}
    for r in results:
        for kind, counts in r.kinds.items():
            acc = pooled.setdefault(kind, [0, 0, 0])
            for i, n in enumerate(counts):
                acc[i] += n
    both = sum(r.both for r in results)
    hyp_matched = sum(r.hyp_matched for r in results)
    return {
        "incidents": len(results),
        "timeline_f1": round(statistics.fmean(r.exact.f1 for r in results), 3),
        "precision": round(statistics.fmean(r.exact.precision for r in results), 3),
        "recall": round(statistics.fmean(r.exact.recall for r in results), 3),
        "relaxed_f1": round(statistics.fmean(r.relaxed.f1 for r in results), 3),
        "truth_events": sum(r.truth_events for r in results),
        "second_events": sum(r.second_events for r in results),
        "kind_agreement": round(sum(r.same_kind for r in results) / both, 3) if both else None,
        "per_kind": {
            k: {"truth": t, "second": s, "both": b, "f1": round(2 * b / (t + s), 3) if t + s else None}
            for k, (t, s, b) in sorted(pooled.items(), key=lambda kv: KINDS.index(kv[0]))
        },
        "hypotheses": {
            "truth": sum(r.hyp_truth for r in results),
            "second": sum(r.hyp_second for r in results),
            "matched": hyp_matched,
            "status_agree": sum(r.hyp_status_agree for r in results),
        },
    }


def table(results: Sequence[IncidentAgreement], summ: Mapping[str, Any]) -> str:
    """Markdown: one row per incident, the means, then one row per kind."""
    lines = [
        "| batch | incident | truth | second | P | R | F1 (exact ts) | same kind | F1 (relaxed) "
        "| hyp found | status agrees |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in sorted(results, key=lambda r: (r.batch, r.slug)):
        lines.append(
            f"| {r.batch} | {r.slug} | {r.truth_events} | {r.second_events} | {r.exact.precision:.2f} | "
            f"{r.exact.recall:.2f} | {r.exact.f1:.2f} | {r.same_kind}/{r.both} | {r.relaxed.f1:.2f} | "
            f"{r.hyp_matched}/{r.hyp_truth} | {r.hyp_status_agree}/{r.hyp_matched} |"
        )
    h = summ["hypotheses"]
    lines.append(
        f"| | **mean of {summ['incidents']}** | {summ['truth_events']} | {summ['second_events']} | "
        f"{summ['precision']:.3f} | {summ['recall']:.3f} | **{summ['timeline_f1']:.3f}** | {summ['kind_agreement']} | "
        f"{summ['relaxed_f1']:.3f} | {h['matched']}/{h['truth']} | {h['status_agree']}/{h['matched']} |"
    )
    lines += ["", "| kind | truth | second | both (same ts, same kind) | F1 |", "|---|---|---|---|---|"]
    for kind, k in summ["per_kind"].items():
        lines.append(f"| {kind} | {k['truth']} | {k['second']} | {k['both']} | {k['f1']} |")
    return "\n".join(lines)


def detail(results: Sequence[IncidentAgreement], set_dir: Path) -> str:
    """Every disagreement with the message text (dev only): what a reviewer reads to judge the keys."""
    out: list[str] = []
    for r in results:
        truth_doc = json.loads((set_dir / r.slug / "truth.json").read_text(encoding="utf-8"))
        what = {str(e["ts"]): str(e.get("what", "")) for e in truth_doc["key_events"]}
        texts = _texts(set_dir / r.slug, str(truth_doc["channel"]))
        out.append(f"## {r.slug} (batch {r.batch})")
        for ts, kind in r.missed:
            out.append(f"  truth only  {ts} {kind:<11} {what.get(ts, '')!r} :: {texts.get(ts, '')[:110]!r}")
        for ts, kind in r.extra:
            out.append(f"  second only {ts} {kind:<11} :: {texts.get(ts, '')[:110]!r}")
        for (tk, sk), n in sorted(r.confusions.items()):
            out.append(f"  same ts, kind truth={tk} second={sk} x{n}")
        for t_text, t_status, s_text, s_status in r.hyp_pairs:
            mark = "=" if s_status == t_status else ("?" if s_status is None else "≠")
            out.append(f"  hyp {mark} truth[{t_status}] {t_text!r} | second[{s_status}] {s_text!r}")
    return "\n".join(out)


def _texts(folder: Path, channel: str) -> dict[str, str]:
    from bot.slackdata.export import read_export

    return {m.ts: " ".join(m.text.split()) for m in read_export(folder).channel(channel).posts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", type=Path, default=LABELS, help="folder of <slug>.json second labellings")
    parser.add_argument("--set-dir", type=Path, default=DEV, help="incident set holding each slug's truth.json")
    parser.add_argument("--detail", action="store_true", help="also list every disagreement with its text")
    args = parser.parse_args(argv)
    try:
        results = score_all(args.labels, args.set_dir)
    except AgreementError as exc:
        print(f"agreement: error: {exc}", file=sys.stderr)
        return 2
    summ = summary(results)
    print(table(results, summ))
    if args.detail:
        print()
        print(detail(results, args.set_dir))
    print("AGREEMENT " + json.dumps(summ, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
