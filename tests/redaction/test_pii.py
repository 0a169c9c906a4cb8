"""PII recognizers: customers' contact data, cards, bank accounts, SSNs and names go; responders stay."""

from __future__ import annotations

import pytest

from bot.redaction import Redactor
from bot.redaction.known_names import KnownNames
from bot.redaction.recognizers.names import cue_names, looks_like_person, may_hold_name

PII_HITS = [
    ("email", "jane.doe@gmail.com", "customer jane.doe@gmail.com was charged twice", "EMAIL"),
    (
        "email-mailto-markup",
        "bo.li@fastmail.fm",
        "<mailto:bo.li@fastmail.fm|bo.li@fastmail.fm> got no receipt",
        "EMAIL",
    ),
    ("phone-us", "+1 415-555-3724", "customer called from +1 415-555-3724 about refunds", "PHONE"),
    ("phone-paren", "(212) 555-0147", "escalation contact (212) 555-0147, ticket ZD-1", "PHONE"),
    ("phone-uk", "+44 20 7946 0958", "merchant hotline +44 20 7946 0958 is down", "PHONE"),
    ("phone-de", "+49 30 90182012", "Rückruf an +49 30 90182012 bitte", "PHONE"),
    ("card-visa", "4111 1111 1111 1111", "card 4111 1111 1111 1111 charged twice", "CREDIT_CARD"),
    ("card-plain", "5425233430109903", 'card_number":"5425233430109903"', "CREDIT_CARD"),
    ("card-amex", "3782-822463-10005", "amex 3782-822463-10005 declined", "CREDIT_CARD"),
    ("iban-de", "DE89 3704 0044 0532 0130 00", "payout to DE89 3704 0044 0532 0130 00 bounced", "IBAN"),
    ("iban-gb", "GB29NWBK60161331926819", "refund target GB29NWBK60161331926819", "IBAN"),
    ("ssn", "219-09-9999", "KYC logged SSN 219-09-9999 in plain text", "US_SSN"),
    ("person", "Marisol Etxeberria", "spoke with Marisol Etxeberria from Globex about the outage", "PERSON"),
    ("person-customer", "Hannah Kowalczyk", "Customer Hannah Kowalczyk reported a double charge", "PERSON"),
]


@pytest.mark.parametrize(("value", "text", "expected"), [c[1:] for c in PII_HITS], ids=[c[0] for c in PII_HITS])
def test_pii_is_redacted(members_redactor: Redactor, value: str, text: str, expected: str) -> None:
    """Customer PII is replaced by a typed placeholder and reported as not a secret."""
    result = members_redactor.redact(text)
    assert value not in result.text
    assert f"<{expected}_1>" in result.text
    assert any(f.entity_type == expected and not f.secret for f in result.findings)


PII_NEAR_MISSES = [
    "card 4111 1111 1111 1112 fails the Luhn check",  # not a valid card number
    "DE89 3704 0044 0532 0130 01 has a wrong check digit",  # invalid IBAN
    "CI run 9597733178 green; offset 13636512442; build 20240628.14",  # ids, not phones
    "deploy 2024-06-01T10:32:05Z, release v2023.09.17, ip 10.141.108.106",
    "the SSN field is masked as ***-**-1234 in the UI",
    "git@github.com:acme/checkout-api.git was force-pushed",
    "Kafka and Grafana and Prometheus are fine; Redis is not",
    "Max retries exceeded with url: /v1/charges (Caused by ConnectTimeoutError)",
    "Priya Raman and Tom Becker are investigating; <@U024BE7LH> is IC",
    "Sam O'Brien's rollback fixed it",
    "thanks <@U0G9QF9C6|priya>, over to <#C05AB12CD|inc-2024-06-01-checkout>",
]


@pytest.mark.parametrize("text", PII_NEAR_MISSES)
def test_pii_near_miss_is_kept(members_redactor: Redactor, text: str) -> None:
    """Invalid cards and IBANs, ids, ops words, members' names and mentions stay as written."""
    assert members_redactor.redact(text).text == text


def test_members_added_later_are_kept() -> None:
    """`add_known_names` takes effect for the next call (a member joined the channel)."""
    redactor = Redactor()
    text = "Ingrid Solberg is rolling back checkout-api"
    assert "Ingrid Solberg" not in redactor.redact(text).text
    redactor.add_known_names(["Ingrid Solberg"])
    assert redactor.redact(text).text == text


def test_one_workspaces_members_are_not_known_in_anothers_replay() -> None:
    """An evaluation replays many exports through one redactor (session 33): inside ``only_known``
    just that export's members stay in the text, and the names known before come back after."""
    redactor = Redactor(["Ingrid Solberg"])
    text = "Ingrid Solberg and Marcus Feldt are rolling back checkout-api"
    with redactor.only_known(["Marcus Feldt"]):
        kept = redactor.redact(text).text
    assert "Marcus Feldt" in kept and "Ingrid Solberg" not in kept
    after = redactor.redact(text).text
    assert "Ingrid Solberg" in after and "Marcus Feldt" not in after


def test_known_names_match_whole_names_or_their_words() -> None:
    """A member's full name, first or last name is known; words of two different members are not."""
    known = KnownNames(["Priya Raman", "Tom Becker", "sam.obrien"])
    assert "Priya Raman" in known
    assert "priya" in known
    assert "Becker's" in known
    assert "Sam Obrien" in known
    assert "Priya Becker" not in known
    assert "Jane Doe" not in known


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("Jane Doe", True),
        ("O'Connor", True),
        ("Ryan McDonald", True),
        ("José Núñez", True),
        ("Jean-Luc", True),
        ("Kafka", False),
        ("CrashLoopBackOff", False),
        ("PERSON_1", False),
        ("U024BE7LH", False),
        ("Max", False),
        ("jane doe", False),
        ("A B C D E", False),
    ],
)
def test_name_shape(span: str, expected: bool) -> None:
    """PERSON spans must look like names: capitalised words, no ops terms, no ids."""
    assert looks_like_person(span) is expected


def test_cue_names_and_name_gate() -> None:
    """A cue word ("customer", "with") before two name-shaped words marks a name NER may miss."""
    text = "spoke with Lucas Petrova (their CTO), then with Payments Team"
    assert [text[s:e] for s, e in cue_names(text)] == ["Lucas Petrova"]
    assert may_hold_name(text)
    assert not may_hold_name('{"level":"error","msg":"HTTP 503","svc":"checkout-api"}')
    assert not may_hold_name("Kafka lag on orders-consumer is 48213, Grafana shows p99 1843ms")
