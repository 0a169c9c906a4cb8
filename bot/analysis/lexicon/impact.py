"""Impact: who or what is affected, figures about it, and what only might be."""

from __future__ import annotations

import re

from bot.analysis.lexicon.shared import _rx

IMPACT = _rx(
    r"\bcustomers?\b",
    r"\busers?\b",
    r"\b\d+(?:\.\d+)?\s*%\s*(?:of )?(?:requests|checkouts|orders|traffic|errors?)\b",
    r"\berror rate\b",
    r"\b5xx\b",
    r"\bfailing\b",
    r"\bdegraded\b",
    r"\boutage\b",
    r"\bunavailable\b",
    r"\bimpact\b",
)
IMPACT_FIGURE = re.compile(
    r"(?:\b\d+(?:[.,]\d+)?\s*(?:%|percent\b|k\b|x\b|ms\b|s\b|secs?\b|seconds\b)|\b\d[\d,]*\s+(?:customers?|users?|orders?|requests?|"
    r"merchants?|sellers?|accounts?|tenants?|sites?|regions?|hosts?|nodes?|tickets?|cases?|calls?|jobs?)\b)",
    re.IGNORECASE,
)
"""A figure: a share, a rate, a duration or a count of affected things ("31%", "p99 4s", "212 merchants")."""
IMPACT_SUBJECT = re.compile(
    r"\b(?:customers?|users?|impact|affected|error(?:s| rate)?|success(?: rate)?|fail\w*|5xx|down|"
    r"unavailable|degraded|latency|p9\d|tickets?|cases?)\b",
    re.IGNORECASE,
)
"""What a figure must be about to be an impact figure (not "restarted 3 hosts")."""
VISIBLE_SYMPTOM = _rx(
    r"\b(?:customers?|users?|clients?|merchants?|sellers?|tenants?|shoppers?|people|folks|anyone|nobody|everyone)\b"
    r"[^.?!\n]{0,40}\b(?:can'?t|cannot|can not|unable to|couldn'?t|not able to|are (?:seeing|getting|hitting)|"
    r"(?:see|saw|seeing|get|got|getting|hit|hitting|report(?:s|ed|ing)?)\s+(?:\w+\s+){0,2}"
    r"(?:errors?|5\d\d|timeouts?|failures?|outages?|blank|empty|stale|missing|slow|declin\w*|double))",
    r"\b(?:checkouts?|logins?|sign-?ins?|payments?|orders?|uploads?|downloads?|deploys?|builds?|requests?|pages?|"
    r"api calls?|sites?|apps?|dashboards?|websites?|queries|writes|reads)\b[^.?!\n]{0,40}?\s(?:are |were |is |was )?"
    r"(?:failing|failed|fail|erroring|timing out|timed out|times? out|down|unavailable|broken|hanging|stuck|rejected|"
    r"declined)\b",
    r"\b(?:outage|degraded|unavailable|unreachable|down for)\b",
    r"\b(?:tickets?|complaints?|escalations?|reports?|calls?)\s+(?:about|from|re|saying|that|of)\b",
)
"""A symptom someone outside the team would see: customers who cannot, requests that fail, tickets about it."""
MAY_SEE = re.compile(r"\b(?:may|might|could|would)\s+(?:\w+\s+)?(?:see|experience|notice|be affected)\b", re.IGNORECASE)
"""Hedged wording of a status-page draft ("some customers may see errors"): what might be, not impact seen."""
EXPLICIT_IMPACT = re.compile(r"\bimpact(?P<window> window[^:\n]{0,40})?\s*[:\-]", re.IGNORECASE)
NOT_A_SYMPTOM = _rx(r"\bflat\b", r"\bclean\b", r"\blooks? (?:good|fine|normal)\b", r"\bno (?:errors|impact)\b")
SYMPTOM = _rx(
    r"\berrors? (?:are |is )?(?:up|climbing|spiking|elevated)\b",
    r"\b5xx\b",
    r"\bfailing\b",
    r"\btim(?:ing|ed) out\b",
    r"\bslow\b",
    r"\bis down\b",
    r"\boutage\b",
    r"\blatency (?:is )?(?:up|high|climbing)\b",
)
