"""``sitrep eval``: replay each incident of a set through the product's path and score it.

Each incident folder holds a Slack export and its answer key (``truth.json``). The replay is the
one ``sitrep replay`` runs (``replay_channel``: ingest with redaction, the embedded Redis, the
per-minute scheduler tick on a ManualClock, the draft postmortem), with a probe at every status
checkpoint: right after the checkpoint message is stored, the sitrep the scheduler would compose
at that minute is built (``SitrepService.build``, the same call a tick makes, but not posted or
recorded) and its status read. The scores come from ``bot.playback.scoring``.
"""

from __future__ import annotations

import json
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.analysis.blameless import blame_flags
from bot.clock import ManualClock
from bot.domain import Hypothesis, IncidentState, Postmortem, RawMessage, Sitrep, TimelineEvent, ts_to_datetime
from bot.engines.claude.convert import postmortem_texts
from bot.errors import ExportError
from bot.playback import scoring as sc
from bot.playback.replay import replay_channel
from bot.render.markdown import sitrep_markdown
from bot.services import open_services
from bot.slackdata.export import ChannelExport, Export, read_export
from bot.slackdata.users import names_map

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.redaction import Redactor

TRUTH = "truth.json"
TIME_FIELDS = {
    "start": "started_at",
    "detected": "detected_at",
    "acknowledged": "acknowledged_at",
    "mitigated": "mitigated_at",
    "resolved": "resolved_at",
}
_TIMELINE_KINDS = {"detected": ("alert", "detect"), "mitigated": ("mitigate",), "resolved": ("resolve",)}
"""Timeline kinds a missing incident time falls back to (the first such event)."""


@dataclass
class IncidentScore:
    """Every figure for one incident."""

    slug: str
    company: str
    kind: str
    messages: int
    timeline: sc.PRF
    baseline: sc.PRF
    timeline_cited: int
    key_events: int
    root_cause: bool
    hypotheses: sc.HypothesisScore
    errors: dict[str, float | None]
    actions: sc.ItemScore
    factors: sc.ItemScore
    severity: str | None
    severity_truth: str | None
    checkpoints: sc.CheckpointScore
    sitreps: sc.SitrepStats
    leaks: int
    blame: int
    seconds: float = 0.0

    @property
    def severity_ok(self) -> bool:
        return self.severity is not None and self.severity == self.severity_truth


@dataclass
class SetScore:
    name: str
    incidents: list[IncidentScore] = field(default_factory=list)

    def means(self) -> dict[str, Any]:
        """The set's figures: means over incidents (medians for time errors), sums for counts."""
        inc = self.incidents
        out: dict[str, Any] = {"incidents": len(inc)}
        if not inc:
            return out

        def mean(values: Iterable[float | None]) -> float | None:
            present = [v for v in values if v is not None]
            return round(statistics.fmean(present), 3) if present else None

        out["timeline_precision"] = mean(i.timeline.precision for i in inc)
        out["timeline_recall"] = mean(i.timeline.recall for i in inc)
        out["timeline_f1"] = mean(i.timeline.f1 for i in inc)
        out["baseline_recall"] = mean(i.baseline.recall for i in inc)
        out["baseline_f1"] = mean(i.baseline.f1 for i in inc)
        out["root_cause_rate"] = mean(float(i.root_cause) for i in inc)
        hyp_total = sum(i.hypotheses.total for i in inc)
        out["hypothesis_accuracy"] = round(sum(i.hypotheses.correct for i in inc) / hyp_total, 3) if hyp_total else None
        out["wrong_confirmations"] = sum(i.hypotheses.wrong_confirmations for i in inc)
        out["stray_confirmations"] = sum(i.hypotheses.stray_confirmations for i in inc)
        for key in sc.TIME_KEYS:
            errs = [i.errors[key] for i in inc]
            present = [e for e in errs if e is not None]
            out[f"{key}_err_median_min"] = round(statistics.median(present), 1) if present else None
            out[f"{key}_misses"] = sum(1 for e in errs if e is None)
        ai_total = sum(i.actions.total for i in inc)
        out["action_recall"] = round(sum(i.actions.found for i in inc) / ai_total, 3) if ai_total else None
        owned = sum(i.actions.with_owner for i in inc)
        out["owner_accuracy"] = round(sum(i.actions.owner_right for i in inc) / owned, 3) if owned else None
        cf_total = sum(i.factors.total for i in inc)
        out["factor_recall"] = round(sum(i.factors.found for i in inc) / cf_total, 3) if cf_total else None
        out["severity_rate"] = mean(float(i.severity_ok) for i in inc)
        kinds: dict[str, list[int]] = {}
        for i in inc:
            for status, (right, total) in i.checkpoints.by_status.items():
                tally = kinds.setdefault(status, [0, 0])
                tally[0] += right
                tally[1] += total
        out["checkpoint_accuracy"] = {k: round(r / t, 3) for k, (r, t) in sorted(kinds.items()) if t}
        expected = [i for i in inc if i.checkpoints.identified_expected]
        out["identified_reached"] = (
            round(sum(1 for i in expected if i.checkpoints.identified_reached) / len(expected), 3) if expected else None
        )
        out["sitreps_mean"] = mean(float(i.sitreps.posted) for i in inc)
        out["sitrep_words_mean"] = mean(i.sitreps.mean_words for i in inc)
        out["sitrep_words_max"] = max((i.sitreps.max_words or 0) for i in inc)
        out["sitrep_nothing_share"] = mean(i.sitreps.nothing_share for i in inc)
        out["leaks"] = sum(i.leaks for i in inc)
        out["blame"] = sum(i.blame for i in inc)
        return out


def incident_folders(set_dir: Path) -> list[Path]:
    """The incident folders (those holding a truth.json) directly under ``set_dir``, by name.

    Raises:
        ExportError: the folder is missing or holds no incident.
    """
    if not set_dir.is_dir():
        raise ExportError(f"{set_dir} is not a folder", hint="pass a folder of incident folders, each with truth.json")
    found = sorted(p for p in set_dir.iterdir() if (p / TRUTH).is_file())
    if not found:
        raise ExportError(
            f"{set_dir} holds no incident folder with a {TRUTH}",
            hint="pass a folder of incident folders (a Slack export plus truth.json each)",
        )
    return found


def load_truth(folder: Path) -> sc.Truth:
    """``folder/truth.json`` parsed; a clear error when it is not valid JSON or not the format."""
    path = folder / TRUTH
    try:
        return sc.parse_truth(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, sc.TruthError, KeyError, TypeError, AttributeError) as exc:
        raise ExportError(
            f"{path}: not a valid answer key ({type(exc).__name__}: {exc})",
            hint="follow the incident dataset format (truth.json)",
        ) from exc


def _incident_time(state: IncidentState, timeline: Sequence[TimelineEvent], key: str) -> datetime | None:
    when: datetime | None = getattr(state, TIME_FIELDS[key])
    if when is None and key in _TIMELINE_KINDS:
        when = next((e.time for e in timeline if e.kind in _TIMELINE_KINDS[key]), None)
    return when


_MARKUP = re.compile(r"[*_#`>]|^- ", re.M)


def sitrep_words(markdown: str) -> int:
    """Words a reader reads in one rendered sitrep: its Markdown without markup and the footer."""
    body = "\n".join(line for line in markdown.splitlines() if not line.startswith("_Drafted by"))
    return sum(1 for w in _MARKUP.sub(" ", body).split() if any(c.isalnum() for c in w))


def open_incident(folder: Path) -> tuple[sc.Truth, Export, ChannelExport]:
    """An incident folder's answer key, export and the channel the key is about (one with messages)."""
    truth = load_truth(folder)
    export = read_export(folder)
    channel = export.channel(truth.channel)
    if not channel.events:
        raise ExportError(f"{folder}: channel #{channel.name} has no messages")
    return truth, export, channel


def evaluate_incident(folder: Path, *, settings: Settings, redactor: Redactor) -> IncidentScore:
    """Replay one incident folder offline and score it against its truth.json."""
    started = time.perf_counter()
    truth, export, channel = open_incident(folder)
    names = names_map(export.users.values())
    all_names = {uid: u.all_names for uid, u in export.users.items()}
    posts = channel.posts
    clock = ManualClock(ts_to_datetime(channel.events[0].at))
    seen: dict[str, str | None] = {}
    with (
        # this export's members only: another incident's names must not stay in this one's text
        redactor.only_known(n for u in export.users.values() for n in u.all_names),
        open_services(settings, clock=clock, redactor=redactor, ephemeral=True) as services,
        tempfile.TemporaryDirectory(prefix="sitrep-eval-") as tmp,
    ):

        def probe(ts: str) -> None:
            # What a tick at this minute would compose (built, not posted nor recorded).
            seen[ts] = sc.status_of(services.sitreps.build(channel.id, clock.now()).status)

        checkpoints = frozenset(ts for ts, _s in truth.checkpoints)
        result = replay_channel(services, channel, names=names, out_dir=Path(tmp), probe=(checkpoints, probe))
        _, board = services.incidents.refresh(channel.id)
        sitreps = services.store.sitreps(channel.id)
        outputs = [
            p.read_text(encoding="utf-8") for p in result.files.values() if p.suffix in (".md", ".json", ".html")
        ]
    if result.postmortem is None:  # replay_channel always drafts one; kept for the type checker
        raise ExportError(f"{folder}: the replay drafted no postmortem")
    replayed = Replayed(result.postmortem, board.hypotheses, sitreps, seen, posts, outputs)
    score = score_replay(folder.name, truth, replayed, all_names)
    score.seconds = time.perf_counter() - started
    return score


@dataclass(frozen=True)
class Replayed:
    """What one replay produced, as the scorer reads it."""

    postmortem: Postmortem
    board: Sequence[Hypothesis]
    sitreps: Sequence[Sitrep]
    seen: Mapping[str, str | None]
    """Checkpoint ts -> status the probe's sitrep showed."""
    posts: Sequence[RawMessage]
    """The export's messages as posted (raw: the leak check looks for their sensitive values)."""
    outputs: Sequence[str]
    """The text of every file the replay wrote."""


def score_replay(slug: str, truth: sc.Truth, run: Replayed, all_names: Mapping[str, tuple[str, ...]]) -> IncidentScore:
    """Every figure of one incident from its replay's outputs."""
    pm = run.postmortem
    key_ts = [ts for ts, _k in truth.key_events]
    cited = {ts for e in pm.timeline for ts in e.citations}
    raw_texts = [t for m in run.posts for t in (m.text, *m.extra_texts)]
    statuses = [sc.status_of(s.status) for s in run.sitreps] + list(run.seen.values())
    people = [n for ns in all_names.values() for n in ns] + list(all_names)
    actions = [(a.text, a.citations, a.owner) for a in pm.action_items]
    factors = [(f.text, f.citations, None) for f in pm.contributing_factors]
    return IncidentScore(
        slug=slug,
        company=truth.source.get("company", ""),
        kind=truth.source.get("kind", ""),
        messages=len(run.posts),
        timeline=sc.prf(cited, key_ts),
        baseline=sc.random_baseline([m.ts for m in run.posts], len(cited), key_ts, seed=slug),
        timeline_cited=len(cited),
        key_events=len(set(key_ts)),
        root_cause=sc.root_cause_found(pm, truth.root_cause_ts),
        hypotheses=sc.score_hypotheses(truth.hypotheses, run.board, truth.root_cause_ts),
        errors={k: sc.minutes_error(truth.times[k], _incident_time(pm.incident, pm.timeline, k)) for k in sc.TIME_KEYS},
        actions=sc.score_items(truth.action_items, actions, all_names),
        factors=sc.score_items(truth.contributing_factors, factors),
        severity=sc.normalise_severity(pm.incident.severity),
        severity_truth=truth.severity,
        checkpoints=sc.score_checkpoints(truth.checkpoints, run.seen, statuses),
        sitreps=sc.sitrep_stats(run.sitreps, [sitrep_words(sitrep_markdown(s)) for s in run.sitreps]),
        leaks=len(sc.leaks(sc.sensitive_values(raw_texts), run.outputs)),
        blame=len(blame_flags(postmortem_texts(pm), people)),
    )


def evaluate_set(
    set_dir: Path,
    *,
    settings: Settings,
    redactor: Redactor,
    name: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> SetScore:
    """Score every incident folder under ``set_dir``."""
    scores = SetScore(name=name or set_dir.name)
    for folder in incident_folders(set_dir):
        if progress:
            progress(folder.name)
        scores.incidents.append(evaluate_incident(folder, settings=settings, redactor=redactor))
    return scores


# -- rendering -------------------------------------------------------------------------------------


def _f(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _err(value: float | None) -> str:
    return "miss" if value is None else f"{value:.0f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def incident_table(scores: SetScore) -> str:
    """Markdown: one row per incident, then the set's means."""
    head = (
        "| incident | msgs | TL P | TL R | TL F1 | rand F1 | root cause | hyp ok | wrong conf | stray conf | "
        "err start | err detect | err ack | err mitig | err resolve | AI recall | owners | CF recall | "
        "sev | checkpoints | identified | sitreps | words mean/max | nothing | leaks | blame |"
    )
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for i in scores.incidents:
        cp_right = sum(r for r, _t in i.checkpoints.by_status.values())
        cp_total = sum(t for _r, t in i.checkpoints.by_status.values())
        identified = (
            ("yes" if i.checkpoints.identified_reached else "no") if i.checkpoints.identified_expected else "n/a"
        )
        lines.append(
            f"| {i.slug} | {i.messages} | {_f(i.timeline.precision)} | {_f(i.timeline.recall)} | "
            f"{_f(i.timeline.f1)} | {_f(i.baseline.f1)} | {'yes' if i.root_cause else 'no'} | "
            f"{i.hypotheses.correct}/{i.hypotheses.total} | {i.hypotheses.wrong_confirmations} | "
            f"{i.hypotheses.stray_confirmations} | "
            + " | ".join(_err(i.errors[k]) for k in sc.TIME_KEYS)
            + f" | {i.actions.found}/{i.actions.total} | {i.actions.owner_right}/{i.actions.with_owner} | "
            f"{i.factors.found}/{i.factors.total} | {i.severity or '—'} vs {i.severity_truth or '—'} | "
            f"{cp_right}/{cp_total} | {identified} | {i.sitreps.posted} | "
            f"{_f(i.sitreps.mean_words, 0)}/{i.sitreps.max_words if i.sitreps.max_words is not None else '—'} | "
            f"{_pct(i.sitreps.nothing_share)} | {i.leaks} | {i.blame} |"
        )
    return "\n".join(lines)


def means_table(scores: SetScore) -> str:
    """Markdown: the set's figures, one per row."""
    m = scores.means()
    if not scores.incidents:
        return "_No incidents._"
    rows = [
        ("incidents", str(m["incidents"])),
        (
            "timeline precision / recall / F1",
            f"{_f(m['timeline_precision'])} / {_f(m['timeline_recall'])} / {_f(m['timeline_f1'])}",
        ),
        (
            "random baseline recall / F1 (same count, 20 seeded draws)",
            f"{_f(m['baseline_recall'])} / {_f(m['baseline_f1'])}",
        ),
        ("root cause found and cited", _pct(m["root_cause_rate"])),
        ("hypothesis final status correct", _pct(m["hypothesis_accuracy"])),
        ("wrong confirmations (must be 0)", str(m["wrong_confirmations"])),
        ("stray confirmations (confirmed, matching no theory, citing no root cause)", str(m["stray_confirmations"])),
    ]
    for key in sc.TIME_KEYS:
        rows.append(
            (f"{key}: median abs error, min (misses)", f"{_f(m[f'{key}_err_median_min'], 1)} ({m[f'{key}_misses']})")
        )
    rows += [
        ("action-item recall / owner accuracy", f"{_pct(m['action_recall'])} / {_pct(m['owner_accuracy'])}"),
        ("contributing-factor recall", _pct(m["factor_recall"])),
        ("severity correct", _pct(m["severity_rate"])),
        (
            "status at checkpoints (by expected status)",
            ", ".join(f"{k} {_pct(v)}" for k, v in m["checkpoint_accuracy"].items()) or "—",
        ),
        ("identified reached (where the channel identified the cause)", _pct(m["identified_reached"])),
        ("sitreps posted (mean per incident)", _f(m["sitreps_mean"], 1)),
        ("sitrep words mean / max", f"{_f(m['sitrep_words_mean'], 0)} / {m['sitrep_words_max']}"),
        ("sitreps saying nothing changed", _pct(m["sitrep_nothing_share"])),
        ("leaks / blame flags (must be 0)", f"{m['leaks']} / {m['blame']}"),
    ]
    return "\n".join(["| figure | value |", "|---|---:|", *(f"| {a} | {b} |" for a, b in rows)])


def set_markdown(scores: SetScore) -> str:
    """The per-incident table and the means of one set."""
    return f"### {scores.name}\n\n{incident_table(scores)}\n\n**Means**\n\n{means_table(scores)}\n"


def eval_line(sets: Sequence[SetScore]) -> str:
    """``EVAL {json}``: the means per set, one line a script can read."""
    return "EVAL " + json.dumps({s.name: s.means() for s in sets}, sort_keys=True, separators=(",", ":"))
