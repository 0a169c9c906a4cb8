"""Fit a sitrep into what a reader takes in at a glance (about 120 words by default).

The sitrep is the channel's 20-second read; the board (``/hypotheses``), the timeline and the
cited messages hold the detail. Whatever the engine wrote, the same budget holds: lists are cut to
their most useful items (live hypotheses before ruled-out ones, the newest changes), then long
items are shortened at a word, then the least urgent items go until it fits.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.domain import Claim, Sitrep
from bot.render.markdown import sitrep_markdown

DEFAULT_MAX_WORDS = 120
_CAPS = {"what_changed": 4, "hypotheses": 3, "doing": 3, "next_steps": 2, "open_questions": 2}
"""Most items a section keeps before any word counting."""
_DROP_ORDER = ("open_questions", "next_steps", "hypotheses", "doing", "what_changed")
"""Which section gives up its last item first when the sitrep is still too long."""
_KEEP_AT_LEAST = {"open_questions": 0, "next_steps": 0, "hypotheses": 1, "doing": 1, "what_changed": 1}
_MARKUP = re.compile(r"[*_#`>]|^- ", re.MULTILINE)
_NOT_A_WORD = re.compile(r"(?<!\S)[^\s\w]+(?!\S)")
r"""A whitespace-separated run without a letter or digit ("—", "·", "(…)"). ``\w`` is a letter, a
digit or "_", and ``_MARKUP`` has replaced every "_" by then, so here it is exactly ``str.isalnum``."""


def reading_words(sitrep: Sitrep) -> int:
    """Words a reader reads in the rendered sitrep (markup and the provenance footer left out).

    A word is a whitespace-separated run with a letter or digit in it: every run, less those
    without one. Counted line by line (no run crosses a line, and ``^`` in ``_MARKUP`` is a line
    start), so the lines ``fit``'s trials share, and the next sitrep repeats, are counted once.
    """
    return sum(_line_words(line) for line in sitrep_markdown(sitrep).splitlines() if not line.startswith("_Drafted by"))


@lru_cache(maxsize=4096)
def _line_words(line: str) -> int:
    """``reading_words`` of one line of a rendered sitrep (a pure function of the line, so remembered)."""
    text = _MARKUP.sub(" ", line)
    return len(text.split()) - len(_NOT_A_WORD.findall(text))


def _shorten(claim: Claim, words: int) -> Claim:
    parts = claim.text.split()
    if len(parts) <= words:
        return claim
    return claim.model_copy(update={"text": " ".join(parts[:words]).rstrip(",;:—–-") + "…"})


def _live_first(claims: tuple[Claim, ...]) -> tuple[Claim, ...]:
    return tuple(sorted(claims, key=lambda c: "refuted" in c.text.lower()[:40] or "ruled out" in c.text.lower()[:40]))


def fit(sitrep: Sitrep, max_words: int = DEFAULT_MAX_WORDS) -> Sitrep:
    """``sitrep`` within ``max_words`` reading words (or as close as its status and impact allow)."""
    update: dict[str, tuple[Claim, ...]] = {
        "what_changed": sitrep.what_changed[-_CAPS["what_changed"] :],
        "hypotheses": _live_first(sitrep.hypotheses)[: _CAPS["hypotheses"]],
        "doing": sitrep.doing[-_CAPS["doing"] :],
        "next_steps": sitrep.next_steps[: _CAPS["next_steps"]],
        "open_questions": sitrep.open_questions[: _CAPS["open_questions"]],
    }
    fitted = sitrep.model_copy(update=update)
    words_now = reading_words(fitted)
    for words in (24, 18, 14, 10):
        if words_now <= max_words:
            return fitted
        shorter = {k: tuple(_shorten(c, words) for c in v) for k, v in update.items()}
        impact = _shorten(sitrep.impact, words + 6)
        # ``_shorten`` hands back the very claim it did not cut: when it cut nothing, the count stands.
        cut = impact is not fitted.impact or any(
            a is not b for k, v in shorter.items() for a, b in zip(v, update[k], strict=True)
        )
        update = shorter
        fitted = sitrep.model_copy(update={**update, "impact": impact})
        if cut:
            words_now = reading_words(fitted)
    # Each trial is counted once, not again when the next section starts.
    for section in _DROP_ORDER:
        while words_now > max_words and len(update[section]) > _KEEP_AT_LEAST[section]:
            update[section] = update[section][:-1] if section != "what_changed" else update[section][1:]
            fitted = fitted.model_copy(update={section: update[section]})
            words_now = reading_words(fitted)
    return fitted
