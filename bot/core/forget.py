"""Deletion means deletion: when a message is deleted or edited, what Sitrep stored that quoted
its old text goes too.

Stored sitreps, the postmortem draft and its review, and the model-call audit trail may quote a
message or cite its ``ts``. Sitreps are a record and are not re-composed; instead every claim
that cites the message or repeats its old words is dropped (the required impact claim is replaced
by a note). The draft loses the timeline events, whys, factors, actions and hypotheses that did
the same, and a free-text section that repeats the old words is replaced by a note. An audit
record whose output did either keeps its metadata and loses its output. The board is rebuilt
from the remaining messages by the caller (``Incidents.invalidate``).

"Repeats the old words" means six consecutive words of the old text (or a whole sentence of
three to five words) appear in the stored text, compared without case and punctuation; words
the edited version still has do not count, so fixing a typo does not wipe a sitrep.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain import Claim, Hypothesis, Message, Postmortem, Review, SectionReview, Sitrep

if TYPE_CHECKING:
    from bot.store import Store
    from bot.store.audit import AuditLog

log = logging.getLogger(__name__)

WINDOW = 6
MIN_SENTENCE_WORDS = 3
REMOVED = "[removed: the message this quoted was deleted or edited]"
_WORD = re.compile(r"<[A-Z_]+_\d+>|[^\W_]+")
_SENTENCE_END = re.compile(r"[.!?;:\n]+")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _grams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


class Quote:
    """The old words of one message, to recognise where stored text repeats them."""

    def __init__(self, old: Message, replacement: Message | None) -> None:
        self.ts = old.ts
        old_text = "\n".join([old.text, *old.files])
        kept_words = _words("\n".join([replacement.text, *replacement.files])) if replacement else []
        self._grams: dict[int, set[tuple[str, ...]]] = {}
        windows = _grams(_words(old_text), WINDOW) - _grams(kept_words, WINDOW)
        if windows:
            self._grams[WINDOW] = windows
        for sentence in _SENTENCE_END.split(old_text):
            words = _words(sentence)
            if MIN_SENTENCE_WORDS <= len(words) < WINDOW and tuple(words) not in _grams(kept_words, len(words)):
                self._grams.setdefault(len(words), set()).add(tuple(words))

    @property
    def empty(self) -> bool:
        return not self._grams

    def in_text(self, text: str | None) -> bool:
        """True when ``text`` repeats old words of the message."""
        if not text or not self._grams:
            return False
        words = _words(text)
        return any(grams & _grams(words, n) for n, grams in self._grams.items())

    def cites(self, citations: Iterable[str | None]) -> bool:
        return self.ts in citations

    def in_claim(self, claim: Claim) -> bool:
        return self.cites(claim.citations) or self.in_text(claim.text)


@dataclass
class Forgotten:
    """What one forgetting changed (counts; tests and the log line read them)."""

    sitreps: int = 0
    postmortem: bool = False
    audit: int = 0


def scrub_sitrep(sitrep: Sitrep, quote: Quote) -> Sitrep:
    """``sitrep`` without the claims that cite or repeat the message."""
    impact = sitrep.impact
    if quote.in_claim(impact):
        impact = Claim(text=REMOVED, verified=False)
    lists = {
        name: tuple(c for c in getattr(sitrep, name) if not quote.in_claim(c))
        for name in ("what_changed", "hypotheses", "doing", "next_steps", "open_questions")
    }
    status = REMOVED if quote.in_text(sitrep.status) else sitrep.status
    updated = sitrep.model_copy(update={"impact": impact, "status": status, **lists})
    return sitrep if updated == sitrep else updated


def _hypothesis(h: Hypothesis, quote: Quote) -> Hypothesis | None:
    if h.raised_ts == quote.ts or quote.in_text(h.statement):
        return None
    return h.model_copy(
        update={
            "supporting": tuple(t for t in h.supporting if t != quote.ts),
            "refuting": tuple(t for t in h.refuting if t != quote.ts),
            "next_checks": tuple(c for c in h.next_checks if not quote.in_text(c)),
        }
    )


def scrub_postmortem(pm: Postmortem, quote: Quote) -> Postmortem:
    """``pm`` without what cites or repeats the message (free-text sections become a note)."""
    q = quote
    update: dict[str, object] = {
        field: REMOVED if q.in_text(getattr(pm, field)) else getattr(pm, field)
        for field in ("summary", "impact", "detection")
    }
    update["timeline"] = tuple(e for e in pm.timeline if not (q.cites(e.citations) or q.in_text(e.event)))
    update["five_whys"] = tuple(
        w for w in pm.five_whys if not (q.cites(w.citations) or q.in_text(w.why) or q.in_text(w.answer))
    )
    update["hypotheses"] = tuple(h for h in (_hypothesis(h, q) for h in pm.hypotheses) if h is not None)
    update["contributing_factors"] = tuple(
        f for f in pm.contributing_factors if not (q.cites(f.citations) or q.in_text(f.text))
    )
    update["action_items"] = tuple(a for a in pm.action_items if not (q.cites(a.citations) or q.in_text(a.text)))
    update["went_well"] = tuple(t for t in pm.went_well if not q.in_text(t))
    update["went_poorly"] = tuple(t for t in pm.went_poorly if not q.in_text(t))
    update["open_questions"] = tuple(
        o for o in pm.open_questions if not (q.in_text(o.text) or q.in_text(o.evidence_needed))
    )
    update["warnings"] = tuple(w for w in pm.warnings if not q.in_text(w))
    updated = pm.model_copy(update=update)
    return pm if updated == pm else updated


def _section(section: SectionReview, quote: Quote) -> SectionReview:
    revisions = tuple(
        r.model_copy(
            update={
                "text": REMOVED if quote.in_text(r.text) else r.text,
                "note": None if r.source_ts == quote.ts or quote.in_text(r.note) else r.note,
            }
        )
        for r in section.revisions
    )
    override = None if quote.in_text(section.text_override) else section.text_override
    return section.model_copy(update={"revisions": revisions, "text_override": override})


def scrub_review(review: Review, quote: Quote) -> Review:
    """``review`` without revision texts, notes and overrides that repeat the message (key-moment
    marks stay: they hold who marked which ``ts``, no text, and a deleted ``ts`` drops out of the
    timeline on its own)."""
    updated = review.model_copy(update={"sections": tuple(_section(s, quote) for s in review.sections)})
    return review if updated == review else updated


class Forgetter:
    """Scrubs one channel's stored quotes of a deleted or edited message."""

    def __init__(self, store: Store, audit: AuditLog | None = None) -> None:
        self._store = store
        self._audit = audit

    def forget(self, old: Message, replacement: Message | None) -> Forgotten:
        """Remove what stored sitreps, the draft, its review and the audit trail quoted of ``old``.

        Args:
            old: the message as it was stored before the delete or edit.
            replacement: the edited version (its words are not scrubbed), or None for a delete.
        """
        quote = Quote(old, replacement)
        channel = old.channel
        done = Forgotten()
        changed = {
            i: scrubbed
            for i, sitrep in enumerate(self._store.sitreps(channel))
            if (scrubbed := scrub_sitrep(sitrep, quote)) is not sitrep
        }
        if changed:
            self._store.replace_sitreps(channel, changed)
            done.sitreps = len(changed)
        pm = self._store.get_postmortem(channel)
        if pm is not None and (scrubbed_pm := scrub_postmortem(pm, quote)) is not pm:
            self._store.save_postmortem(channel, scrubbed_pm)
            done.postmortem = True
        self._store.update_review(channel, lambda r: scrub_review(r, quote) if r is not None else None)
        if self._audit is not None:
            done.audit = self._audit.scrub_outputs(
                channel, lambda output: quote.in_text(output) or quote.ts in output, REMOVED
            )
        if changed or done.postmortem or done.audit:
            log.info(
                "message %s of %s changed: scrubbed %d sitrep(s), %s draft, %d audit output(s)",
                old.ts,
                channel,
                done.sitreps,
                "the" if done.postmortem else "no",
                done.audit,
            )
        return done
