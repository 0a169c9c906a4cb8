"""Negation and hedges: when a support or refute cue is not a verdict."""

from __future__ import annotations

import re

from bot.analysis.lexicon.shared import _rx

# -- negation and hedges: when a support or refute cue is not a verdict ---------------------------------
# "It is not confirmed that X", "we can't rule out X", "unlikely to be consistent with X", "is that
# confirmed?": the cue word is there, the verdict is not. These are general rules of English, not
# phrases of one incident: a negator shortly before the cue (in the same stretch of the clause) or a
# hedge anywhere in the clause turns the cue into no verdict at all.
NEGATOR = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|hardly|barely|scarcely|cannot|"
    r"cant|dont|doesnt|didnt|isnt|wasnt|arent|werent|havent|hasnt|hadnt|wont|wouldnt|couldnt|shouldnt)\b|"
    r"n['’]t\b|\byet to\b",
    re.IGNORECASE,
)
"""Words that negate what follows them (with or without the apostrophe people skip in chat)."""


NEGATION_SCOPE_BREAK = re.compile(
    r"[,;:()—–]|\s-\s|\b(?:but|and|so|though|although|however|whereas|while|because)\b", re.IGNORECASE
)
"""Where a negation stops reaching forward: "no errors, and that confirms it" is a confirmation."""
NEGATION_WINDOW = 6
"""Words before a cue that a negator may stand in ("not yet fully confirmed")."""
HEDGE = _rx(
    r"\b(?:unlikely|improbable|doubt(?:s|ed|ful)?|unsure|uncertain|unclear|unconfirmed|unverified|unproven)\b",
    r"\bnot (?:yet |entirely |fully |completely )?(?:sure|certain|clear|convinced)\b",
    r"\bno (?:evidence|sign|signs|proof|indication|data|confirmation)\b",
    r"\b(?:too (?:early|soon)|hard to (?:say|tell)|can['’]?t (?:say|tell))\b",
    r"\b(?:might|may|maybe|perhaps|possibly|potentially|probably|presumably|supposedly|allegedly|could|would|should|"
    r"likely|guess|suspect|suspecting|wonder|wondering|theory|hunch|hypothesis)\b",
    r"\b(?:if|whether|unless|until|once)\b",
    r"^\W*or\s+(?!not\b|else\b)",  # "or something in the new config drops idle conns": an alternative offered
    r"\bto be (?:confirmed|seen|determined|verified|checked)\b",
    r"\b(?:tbc|tbd|pending)\b",
    r"\bwaiting (?:for|on)\b",
    r"\b(?:need|needs|needed|want|wants|trying|try|going|hope|hoping|able) to\b",
    r"\?\s*$",
)
"""Words that make a clause a guess, a condition, a plan or a question rather than a finding."""
BELIEF = _rx(
    r"\b(?:think|thinking|reckon|suspect|suspecting|believe|guess|guessing|bet|feel|feeling|hunch)\b",
    r"\b(?:iirc|afaik|afaict|imo|imho|fwiw)\b",
)
"""A belief or a half-remembered fact ("still think it's the cache", "that release touched the retry path
iirc"): what the speaker holds, not what they saw. A plain-looking theory that carries one is not
a finding a later cause may cite as its evidence."""
NOT_A_HEDGE = _rx(
    r"\bmay\s+\d{1,2}(?:st|nd|rd|th)?\b",
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+may\b",
    r"\b(?:in|since|from|until|of|early|mid|late) may\b",
    r"\b(?:all |everything |everyone |every \w+ )?at once\b",
    r"\bonce (?:a|an|per|every|more|again|or twice)\b",
    r"\b(?:more than|only|just|at least) once\b",
    r"\b(?:should|would|could)(?:n'?t| not)? have (?:been )?(?:caught|flagged|alerted|paged|noticed|blocked|stopped|"
    r"prevented|rejected|warned|failed|fired|seen)\b",
    r"\b(?:wasn'?t|weren'?t|was not|were not|not|never|un)\s?able to\b",
    r"\b(?:couldn'?t|couldnt|could not|wouldn'?t|wouldnt|would not)\b",
    r"\bpending (?:requests?|jobs?|tasks?|writes?|connections?|queries|messages|events|calls)\b",
)
"""Words HEDGE reads as doubt that are not doubt here: the month ("added on may 29"), "at once"
(together), hindsight ("the validator should have caught that": it did not) and a failure to do
something ("couldn't load", "unable to connect")."""
