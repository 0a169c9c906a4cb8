"""Property: rewording a message (its case, its punctuation, a synonym for a component or a verb)
does not flip how it is read. The rules must follow meaning, not one spelling of it."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.analysis.classify import read
from bot.analysis.hypotheses import fold_messages
from bot.domain import Board
from tests.analysis.reading_support import one, said

# Messages of each class, written for this test in real-channel styles.
MESSAGES = [
    "rolled back the edge config to yesterday's version",
    "paused the billing workers until the db recovers",
    "failing over the primary db to the standby",
    "scaled the api pods to 40",
    "blocking traffic from the scraper at the load balancer",
    "restarted the cache nodes one by one",
    "switched off the new checkout flag",
    "customers are reporting timeouts on the api",
    "error rate back to baseline on the api",
    "all clear, closing the incident",
    "status: identified, the edge config push broke routing",
    "errors dropping on the api",
    "brb, grabbing lunch",
    "ruled out the load balancer, graphs are flat",
]

SYNONYMS = {
    "db": ["database", "postgres"],
    "load balancer": ["lb", "haproxy"],
    "cache": ["redis", "memcached"],
    "api": ["api-gateway", "public api"],
    "rolled back": ["reverted"],
    "restarted": ["bounced", "rebooted"],
    "paused": ["froze", "suspended"],
    "switched off": ["disabled", "turned off"],
    "scaled": ["scaled up"],
    "customers are": ["users are"],
    "graphs are flat": ["graphs look flat", "dashboards are flat"],
}


@st.composite
def reworded(draw: st.DrawFn) -> tuple[str, str]:
    """(original, rewording): synonyms swapped, case changed, punctuation added or removed."""
    text = draw(st.sampled_from(MESSAGES))
    new = text
    for word, options in SYNONYMS.items():
        if re.search(rf"\b{re.escape(word)}\b", new) and draw(st.booleans()):
            new = re.sub(rf"\b{re.escape(word)}\b", draw(st.sampled_from(options)), new)
    case = draw(st.sampled_from(["same", "upper", "capitalised", "title"]))
    if case == "upper":
        new = new.upper()
    elif case == "capitalised":
        new = new[:1].upper() + new[1:]
    elif case == "title":
        new = " ".join(w[:1].upper() + w[1:] for w in new.split(" "))
    new = new + draw(st.sampled_from(["", ".", "!", " :)", "  "]))
    if draw(st.booleans()):
        new = new.replace(",", " —") if "," in new else new
    return text, new


def _signature(text: str) -> tuple[object, ...]:
    r = read(one(text))
    return (r.kind, r.mitigation, r.recovered, r.detect, r.status)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(reworded())
def test_rewording_does_not_flip_the_reading(pair: tuple[str, str]) -> None:
    original, new = pair
    assert _signature(new) == _signature(original), (original, new)


THEORIES = [
    ("any chance it's the db?", "not the db, replicas are fine"),
    ("could be the load balancer config", "ruled out the load balancer, graphs are flat"),
    ("my money's on the cache", "the cache looks healthy, hit rate steady"),
]


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.sampled_from(THEORIES), st.sampled_from(["same", "upper", "capitalised"]), st.sampled_from(["", ".", "!"]))
def test_rewording_does_not_flip_a_refutation(pair: tuple[str, str], case: str, end: str) -> None:
    theory, reply = pair
    if case == "upper":
        reply = reply.upper()
    elif case == "capitalised":
        reply = reply[:1].upper() + reply[1:]
    (h,) = fold_messages(Board(channel="CINC"), [said(0, theory), said(1, reply + end)]).hypotheses
    assert h.status == "refuted", reply
