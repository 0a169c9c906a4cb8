"""Severity as channels write it, set or only mentioned."""

from __future__ import annotations

import re

from bot.analysis.lexicon.shared import _rx

SEVERITY = re.compile(r"\b(?:sev[- ]?(?P<sev>[0-4])|(?P<p>p[0-4])\b(?= incident| sev| severity))", re.IGNORECASE)
SEVERITY_TOKEN = re.compile(
    r"\b(?:sev(?:erity)?\s*[-_:]?\s*(?P<sev>[0-4])|(?P<p>p[0-4])|(?P<major>major incident))\b", re.IGNORECASE
)
"""A severity as channels write it: SEV1, sev-2, sev 2, severity: 3, P1, "major incident"."""
SEVERITY_DECLARATION = _rx(
    r"\b(?:declar(?:e|ed|ing)|call(?:ed|ing)? (?:it|this)|treat(?:ed|ing)? (?:it|this) as|this is|it'?s|"
    r"mak(?:e|ing) (?:it|this)|bump(?:ed|ing)?|rais(?:e|ed|ing)|upgrad(?:e|ed|ing)|downgrad(?:e|ed|ing)|"
    r"lower(?:ed|ing)?|escalat(?:e|ed|ing)|mov(?:e|ed|ing)|now(?: a)?|back to)\b[^.\n]{0,30}$",
    r"^\W*$",
    r"(?:^|[.!]\s*)\W*$",
    r"\b(?:severity|sev)\s*[:=]\s*$",
    r"\bic\b[^.\n]{0,20}[.,]\s*$",
)
"""What stands just before a severity word when someone sets it (not when it is only mentioned)."""
SEVERITY_MENTION_ONLY = _rx(
    r"\b(?:a|any|every|each|per|during|for|of|the|our|previous|last)\s*$",
    r"\b(?:case|ticket|priority)\b[^.\n]{0,30}$",
)
"""Words before a severity that make it a reference ("during sev 1", "P1 case"), not a setting."""
SEVERITY_FIELD = re.compile(
    r"\bseverity(?:\s+level)?\s*(?P<colon>[:=—–-]|\b(?:set )?to\b)?\s*"
    r"(?P<level>critical|major|high|medium|minor|low)\b",
    re.IGNORECASE,
)
"""An incident tool's severity field by level name ("severity *Major*", "Severity: critical"): the scales in
use (critical/major/minor, critical/high/medium/low) put their top level first."""
SLACK_STRUCK = re.compile(r"(?<!\w)~[^~\n]+~(?!\w)")
"""Struck-through text ("~sev3~ sev2"): withdrawn, so not read."""
SLACK_MARKUP = re.compile(r"(?<!\w)[*_`~]+|[*_`~]+(?!\w)")
"""Slack's bold, italic, code and strike marks around a word ("*SEV1*", "`SEV-2`", "_sev1_")."""
