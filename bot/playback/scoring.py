"""Scoring one replayed incident against its answer key (truth.json): pure functions, no I/O.

Each function takes plain values (ts strings, texts, datetimes, the domain objects a replay
produced) so it can be tested on hand-made inputs. ``bot.playback.evaluate`` runs the replay and
feeds them; ``docs/evaluation.md`` explains every figure.

Matching rules, kept strict on purpose so the figures cannot flatter the engine:

- a timeline event matches a key event only when it cites the key event's exact ``ts``
  (a neighbouring message or a reply in the same thread does not count);
- a hypothesis, action item or contributing factor matches by a cited ``ts`` first, then by word
  overlap: the share of the truth text's content words found in the candidate, at least 0.3;
  each candidate matches at most one truth item.
"""

from __future__ import annotations

import ipaddress
import random
import re
import statistics
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.domain import UNKNOWN, Hypothesis, Postmortem, Sitrep
from bot.redaction.recognizers.ip import is_public

OVERLAP_MIN = 0.3
"""Word overlap at or above which two texts name the same thing."""
BASELINE_DRAWS = 20
STATUSES = ("investigating", "identified", "mitigated", "resolved")
TIME_KEYS = ("start", "detected", "acknowledged", "mitigated", "resolved")

_WORD = re.compile(r"[a-z0-9][a-z0-9_.'-]*[a-z0-9]|[a-z0-9]")
_STOP = frozenset(
    "a an the and or but of to in on at for from by with as is are was were be been being it its this that "
    "these those we i you he she they them our us me my your their there here so if then than not no do does "
    "did done has have had will would should can could may might just also into out up down over about after "
    "before all any some more most very via per vs".split()
)


# -- truth -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TruthHypothesis:
    text: str
    raised_ts: str
    status: str
    evidence_ts: tuple[str, ...] = ()


@dataclass(frozen=True)
class TruthItem:
    """An action item or a contributing factor: its text, the messages stating it, its owner."""

    text: str
    ts: tuple[str, ...] = ()
    owner: str | None = None


@dataclass(frozen=True)
class Truth:
    """The answer key of one incident (``truth.json``, format in the dataset schema)."""

    channel: str
    severity: str | None
    times: dict[str, datetime | None]
    key_events: tuple[tuple[str, str], ...]
    """(ts, kind) of each key event."""
    hypotheses: tuple[TruthHypothesis, ...]
    root_cause_ts: tuple[str, ...]
    contributing_factors: tuple[TruthItem, ...]
    action_items: tuple[TruthItem, ...]
    checkpoints: tuple[tuple[str, str], ...]
    """(after_ts, status) pairs."""
    source: dict[str, str] = field(default_factory=dict)


class TruthError(ValueError):
    """truth.json does not follow the dataset format."""


def _iso(value: object, where: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TruthError(f"{where} must be an ISO 8601 time or null, not {value!r}")
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise TruthError(f"{where} is not an ISO 8601 time: {value!r}") from exc
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _strs(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return ()


def parse_truth(doc: Mapping[str, Any]) -> Truth:
    """Read a truth.json document; raises :class:`TruthError` naming the first missing part."""
    for key in ("channel", "times", "key_events"):
        if key not in doc:
            raise TruthError(f"truth.json has no {key!r}")
    times_doc = doc["times"]
    if not isinstance(times_doc, dict):
        raise TruthError("truth.json 'times' must be an object")
    times = {k: _iso(times_doc.get(k), f"times.{k}") for k in TIME_KEYS}
    root = doc.get("root_cause") or {}
    return Truth(
        channel=str(doc["channel"]),
        severity=normalise_severity(doc.get("severity")),
        times=times,
        key_events=tuple((str(e["ts"]), str(e.get("kind", ""))) for e in doc["key_events"]),
        hypotheses=tuple(
            TruthHypothesis(
                text=str(h.get("text", "")),
                raised_ts=str(h.get("raised_ts", "")),
                status=str(h.get("status", "open")),
                evidence_ts=_strs(h.get("evidence_ts")),
            )
            for h in doc.get("hypotheses", [])
        ),
        root_cause_ts=_strs(root.get("ts")) if isinstance(root, dict) else (),
        contributing_factors=tuple(
            TruthItem(text=str(f.get("text", "")), ts=_strs(f.get("ts"))) for f in doc.get("contributing_factors", [])
        ),
        action_items=tuple(
            TruthItem(text=str(a.get("text", "")), ts=_strs(a.get("ts")), owner=a.get("owner"))
            for a in doc.get("action_items", [])
        ),
        checkpoints=tuple((str(c["after_ts"]), str(c["status"])) for c in doc.get("status_checkpoints", [])),
        source={k: str(v) for k, v in (doc.get("source") or {}).items()},
    )


# -- words -----------------------------------------------------------------------------------------


def content_words(text: str) -> set[str]:
    """Lower-case words of ``text`` without stop words (what overlap is measured on)."""
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def word_overlap(truth_text: str, candidate: str) -> float:
    """Share of ``truth_text``'s content words that ``candidate`` also has (0 when it has none)."""
    want = content_words(truth_text)
    if not want:
        return 0.0
    return len(want & content_words(candidate)) / len(want)


def match_items(
    truths: Sequence[TruthItem], candidates: Sequence[tuple[str, Collection[str]]], *, primary_first: bool = False
) -> list[int | None]:
    """For each truth item, the index of the candidate (text, cited ts) it matches, or None.

    A candidate citing one of the truth item's ``ts`` wins; with ``primary_first``, one whose first
    citation (a hypothesis's raising message) is that ``ts`` wins before one citing it anywhere: the
    theory a message raised is that message's theory, though another theory may cite the message as
    support. Otherwise the candidate with the best word overlap, if at least :data:`OVERLAP_MIN`.
    Each candidate is used once, cited matches first.
    """
    taken: set[int] = set()
    result: list[int | None] = [None] * len(truths)
    for reach in (1, None) if primary_first else (None,):  # the first citation only, then any
        for i, truth in enumerate(truths):
            wanted = set(truth.ts)
            if result[i] is not None or not wanted:
                continue
            hit = next(
                (j for j, (_t, cites) in enumerate(candidates) if j not in taken and wanted & set(list(cites)[:reach])),
                None,
            )
            if hit is not None:
                taken.add(hit)
                result[i] = hit
    for i, truth in enumerate(truths):
        if result[i] is not None:
            continue
        scored = [(word_overlap(truth.text, text), j) for j, (text, _c) in enumerate(candidates) if j not in taken]
        best = max(scored, default=(0.0, -1), key=lambda s: (s[0], -s[1]))
        if best[0] >= OVERLAP_MIN:
            taken.add(best[1])
            result[i] = best[1]
    return result


# -- timeline --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


def prf(predicted: Collection[str], truth: Collection[str]) -> PRF:
    """Precision, recall and F1 of predicted ``ts`` against the key events' ``ts`` (exact match)."""
    pred, want = set(predicted), set(truth)
    hits = len(pred & want)
    p = hits / len(pred) if pred else 0.0
    r = hits / len(want) if want else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(p, r, f)


def random_baseline(
    all_ts: Sequence[str], k: int, truth: Collection[str], *, seed: str, draws: int = BASELINE_DRAWS
) -> PRF:
    """Mean P/R/F1 of ``draws`` random picks of ``k`` messages from ``all_ts`` (seeded: repeatable)."""
    pool = sorted(set(all_ts))
    k = min(k, len(pool))
    if k == 0 or draws <= 0:
        return prf((), truth)
    scores = [prf(random.Random(f"{seed}:{d}").sample(pool, k), truth) for d in range(draws)]
    return PRF(
        statistics.fmean(s.precision for s in scores),
        statistics.fmean(s.recall for s in scores),
        statistics.fmean(s.f1 for s in scores),
    )


# -- root cause and hypotheses ---------------------------------------------------------------------


def root_cause_found(postmortem: Postmortem, truth_ts: Collection[str]) -> bool:
    """The draft names a cause (its first "why" is not Unknown) and cites a message stating it."""
    if not postmortem.five_whys or not truth_ts:
        return False
    if postmortem.five_whys[0].answer.strip().startswith(UNKNOWN):
        return False
    cited = {ts for why in postmortem.five_whys for ts in why.citations}
    return bool(cited & set(truth_ts))


@dataclass(frozen=True)
class HypothesisScore:
    total: int
    matched: int
    correct: int
    wrong_confirmations: int
    """Board confirmed a theory the channel refuted or left open."""
    stray_confirmations: int = 0
    """Board items confirmed that match no theory of the channel and cite no message stating the root
    cause: a request, a plan or a step shown as a confirmed cause. ``wrong_confirmations`` cannot see
    them, since it counts matched theories only."""

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


def match_hypotheses(truths: Sequence[TruthHypothesis], board: Sequence[Hypothesis]) -> list[Hypothesis | None]:
    """Each truth hypothesis's board hypothesis: the one raised by the truth's ``raised_ts`` message, else
    one citing it, else the best word overlap (at least :data:`OVERLAP_MIN`); each used once."""
    items = [TruthItem(text=t.text, ts=(t.raised_ts,) if t.raised_ts else ()) for t in truths]
    # The raising message goes first even when unknown (""), so a first support is never taken for it.
    candidates = [(h.statement, (h.raised_ts or "", *(ts for ts in (*h.supporting, *h.refuting) if ts))) for h in board]
    return [board[j] if j is not None else None for j in match_items(items, candidates, primary_first=True)]


def score_hypotheses(
    truths: Sequence[TruthHypothesis], board: Sequence[Hypothesis], root_cause_ts: Collection[str] = ()
) -> HypothesisScore:
    """Final-status accuracy (an unmatched truth hypothesis counts as wrong), wrong confirmations and
    stray ones (confirmed items matching no theory that cite none of ``root_cause_ts``)."""
    pairs = list(zip(truths, match_hypotheses(truths, board), strict=True))
    matched = [(t, h) for t, h in pairs if h is not None]
    used = {id(h) for _t, h in matched}
    stray = [
        h
        for h in board
        if h.status == "confirmed" and id(h) not in used and not {h.raised_ts, *h.supporting} & set(root_cause_ts)
    ]
    return HypothesisScore(
        stray_confirmations=len(stray),
        total=len(truths),
        matched=len(matched),
        correct=sum(1 for t, h in matched if h.status == t.status),
        wrong_confirmations=sum(1 for t, h in matched if h.status == "confirmed" and t.status != "confirmed"),
    )


# -- times, severity -------------------------------------------------------------------------------


def minutes_error(truth: datetime | None, predicted: datetime | None) -> float | None:
    """Absolute error in minutes; None when either side has no time (a miss when truth has one)."""
    if truth is None or predicted is None:
        return None
    return abs((predicted - truth).total_seconds()) / 60


_SEV = re.compile(r"\b(?:sev|severity|p|pri|priority)\s*[-_: ]?\s*([0-4])\b", re.I)
_SEV_WORDS = {"critical": "SEV1", "major": "SEV2", "minor": "SEV3", "low": "SEV4"}


def normalise_severity(text: object) -> str | None:
    """ "SEV-2", "sev 2", "P2", "major" -> "SEV2"; None when no severity is named."""
    if not isinstance(text, str):
        return None
    match = _SEV.search(text)
    if match:
        return f"SEV{max(1, int(match.group(1)))}"
    lowered = text.strip().lower()
    return _SEV_WORDS.get(lowered)


# -- action items and factors ----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemScore:
    total: int
    found: int
    with_owner: int = 0
    """Found items whose truth names an owner."""
    owner_right: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.total if self.total else None

    @property
    def owner_accuracy(self) -> float | None:
        return self.owner_right / self.with_owner if self.with_owner else None


def owner_matches(predicted: str | None, truth_owner: str, names: Mapping[str, Collection[str]]) -> bool:
    """The draft's owner is the truth's user: its id, a mention of it, or one of its names."""
    if not predicted:
        return False
    said = predicted.strip().lstrip("@").removeprefix("<@").rstrip(">").split("|")[0].strip().lower()
    known = {truth_owner.lower(), *(n.lower() for n in names.get(truth_owner, ()))}
    return said in known


def score_items(
    truths: Sequence[TruthItem],
    candidates: Sequence[tuple[str, Collection[str], str | None]],
    names: Mapping[str, Collection[str]] | None = None,
) -> ItemScore:
    """Recall of truth items among (text, cited ts, owner) candidates, and owner accuracy."""
    matches = match_items(truths, [(text, cites) for text, cites, _o in candidates])
    found = [(t, candidates[j]) for t, j in zip(truths, matches, strict=True) if j is not None]
    owned = [(t, c) for t, c in found if t.owner]
    return ItemScore(
        total=len(truths),
        found=len(found),
        with_owner=len(owned),
        owner_right=sum(1 for t, c in owned if owner_matches(c[2], str(t.owner), names or {})),
    )


# -- status ----------------------------------------------------------------------------------------

_STATUS_STEM = {
    "investigating": re.compile(r"\binvestigat", re.I),
    "identified": re.compile(r"\bidentif", re.I),
    "mitigated": re.compile(r"\bmitigat", re.I),
    "resolved": re.compile(r"\bresolv", re.I),
}


def status_of(sitrep_status: str) -> str | None:
    """The lifecycle status a sitrep's status line shows: the status word that comes first in it
    ("SEV-2 · Mitigated — monitoring" -> "mitigated"), None when it names none."""
    hits = [(m.start(), name) for name, rx in _STATUS_STEM.items() if (m := rx.search(sitrep_status))]
    return min(hits)[1] if hits else None


@dataclass(frozen=True)
class CheckpointScore:
    by_status: dict[str, tuple[int, int]]
    """Expected status -> (right, total)."""
    identified_expected: bool
    identified_reached: bool

    @property
    def accuracy(self) -> float | None:
        total = sum(t for _r, t in self.by_status.values())
        return sum(r for r, _t in self.by_status.values()) / total if total else None


def score_checkpoints(
    checkpoints: Sequence[tuple[str, str]], seen: Mapping[str, str | None], all_statuses: Iterable[str | None]
) -> CheckpointScore:
    """Compare the status computed after each checkpoint message (``seen``: after_ts -> status).

    ``all_statuses`` is every status the engine showed (probes and posted sitreps): "identified"
    is reached when any of them is "identified".
    """
    by_status: dict[str, tuple[int, int]] = {}
    for after_ts, expected in checkpoints:
        right, total = by_status.get(expected, (0, 0))
        by_status[expected] = (right + int(seen.get(after_ts) == expected), total + 1)
    return CheckpointScore(
        by_status=by_status,
        identified_expected=any(s == "identified" for _ts, s in checkpoints),
        identified_reached="identified" in set(all_statuses),
    )


# -- sitreps ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SitrepStats:
    posted: int
    mean_words: float | None
    max_words: int | None
    nothing_share: float | None
    """Share of sitreps whose "What changed" is empty ("Nothing significant since the last sitrep")."""


def sitrep_stats(sitreps: Sequence[Sitrep], words: Sequence[int]) -> SitrepStats:
    """Counts for posted sitreps; ``words[i]`` is the word count of sitrep ``i`` as rendered."""
    if not sitreps:
        return SitrepStats(0, None, None, None)
    return SitrepStats(
        posted=len(sitreps),
        mean_words=statistics.fmean(words),
        max_words=max(words),
        nothing_share=sum(1 for s in sitreps if not s.what_changed) / len(sitreps),
    )


# -- leaks -----------------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z][\w-]*\b")
"""An address whose domain ends in a name: ``nx@21.8.0`` (a package at a version) is not one."""
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_URL_PASSWORD = re.compile(r"://[^/\s:@]+:([^@\s/]+)@")
_TOKEN = re.compile(
    r"\b(?:xox[abposr]-[\w-]{10,}|sk-[\w-]{20,}|gh[pousr]_\w{20,}|AKIA[0-9A-Z]{16}|eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{5,})"
)


def sensitive_values(texts: Iterable[str]) -> set[str]:
    """Raw e-mail addresses, public IPv4 addresses, passwords in URLs and token-shaped strings in ``texts``.

    "Public" is the redactor's own policy (``REDACT_IPS=public``, ``is_public``): private,
    loopback, CGNAT and link-local addresses and the well-known DNS resolvers (1.1.1.1, 8.8.8.8)
    are kept by design, so finding one in an output is not a leak.
    """
    found: set[str] = set()
    for text in texts:
        found.update(_EMAIL.findall(text))
        found.update(_TOKEN.findall(text))
        found.update(_URL_PASSWORD.findall(text))
        for ip in _IPV4.findall(text):
            try:
                if is_public(ipaddress.IPv4Address(ip)):
                    found.add(ip)
            except ValueError:
                continue
    return found


def leaks(values: Collection[str], outputs: Iterable[str]) -> list[str]:
    """The sensitive ``values`` (from the raw export) that appear verbatim in any output text."""
    blob = "\n".join(outputs)
    return sorted(v for v in values if v in blob)
