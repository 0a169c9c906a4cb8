"""Bot and human signals that mark the moments of detection, acknowledgement and recovery."""

from __future__ import annotations

from bot.analysis.lexicon.shared import NOT_AN_ACK_AFTER, _rx

DETECTION_SIGNAL = _rx(
    r"\b(?:firing|triggered|critical|alert(?:ing)?|paged?|incident #?\d+|down)\b",
    r"\b(?:new |urgent )?(?:support )?(?:ticket|case)\b[^\n]{0,40}?(?:#?\d{3,}|opened|created|filed)",
    r"\b(?:ticket|case) #?\d{3,}",
)
"""What a bot posts when something is noticed: a page, a firing alert, a new support ticket or case."""
RECOVERY_SIGNAL = _rx(
    r"\[(?:resolved|ok|recovered)\]",
    r"^\s*(?:resolved|recovered|ok)\b",
    r"\b(?:acknowledged|auto-?resolved|recovered|back to normal)\b",
    r"\b(?:deploy(?:ed|ment)?|rollout|release|published|upgrade) (?:started|finished|complete|succeeded)\b",
)
"""Bot posts that report recovery, an acknowledgement or a change, not a new problem."""
ACK_SIGNAL = _rx(r"\back(?:nowledg)?ed by\b", r"\backnowledged\b", r"\baccepted by\b")
HUMAN_ACK = _rx(
    r"^\W*ack(?:ed|ing|'d)?\b",
    r"\b(?:i'?m|i am|taking|take|as) (?:the )?(?:ic|incident commander|incident lead)\b",
    r"\bic here\b",
    r"\b(?:i'?m|i am) (?:on it|looking|here|on the bridge|online)\b" + NOT_AN_ACK_AFTER,
    r"^\W*(?:on it|looking|here|joining|joined)\b" + NOT_AN_ACK_AFTER,
    r"\b(?:declaring|calling|treating this as|this is) (?:an? )?(?:incident|sev|p[0-4]\b|major)",
)
"""A responder acknowledging the page, joining, or taking incident command."""
