"""What an unseen incident corpus missed or wrongly removed: each case now redacted, or kept, as it should be."""

from __future__ import annotations

import pytest

from bot.redaction import Redactor
from bot.redaction.recognizers.ip import find_ips
from bot.redaction.recognizers.names import names_a_thing
from bot.redaction.recognizers.numbers import find_cards, find_ibans, find_ssns, iban_ok, luhn_ok

REDACTED = [
    ("email-reserved-tld", "bob@shop.example", "customer bob@shop.example says the refund is missing", "EMAIL"),
    ("email-test-tld", "alice.w@corp.test", "reply went to alice.w@corp.test instead", "EMAIL"),
    ("iban-lower", "de89370400440532013000", "iban de89370400440532013000 bounced", "IBAN"),
    ("iban-lower-spaced", "gb29 nwbk 6016 1331 9268 19", "refund to gb29 nwbk 6016 1331 9268 19 failed", "IBAN"),
    ("phone-bare-context", "4155550147", "customer phone: 4155550147 (prefers sms)", "PHONE"),
    ("phone-unassigned-area", "298-674-9451", "callback 298-674-9451 from the ticket", "PHONE"),
    ("phone-label-after", "046 851 4339", "046 851 4339 office, ask for billing", "PHONE"),
    ("ssn-bare-context", "219099999", "KYC export leaked SSN 219099999 for u_4411", "US_SSN"),
    ("ssn-spaced-context", "219 09 9999", "social security number 219 09 9999 in the log", "US_SSN"),
    ("ssn-dashed", "219-09-9999", "the form posted 219-09-9999 to the log", "US_SSN"),
    ("card-2-series", "2223003122003222", "charge on 2223003122003222 failed", "CREDIT_CARD"),
    ("cvv-keyword", "123", "card 4111111111111111 cvv 123 exp 12/27", "CVV"),
    ("cvv-after-card", "987", "dump: 4111111111111111|12/27|987", "CVV"),
    ("ip-public", "81.2.69.160", "WAF blocked 81.2.69.160 for 10 minutes", "IP_ADDRESS"),
    ("ip-documentation", "203.0.113.45", "client IP 203.0.113.45 hit the rate limit", "IP_ADDRESS"),
    ("ipv6-public", "2a03:2880:f12f:83:face:b00c::25de", "login from 2a03:2880:f12f:83:face:b00c::25de", "IP_ADDRESS"),
    ("name-lower-ask", "jane", "ask jane about the refund", "PERSON"),
    ("name-lower-cc", "bob smith", "cc bob smith on ZD-4411 please", "PERSON"),
    ("name-ner-gpe", "Rachel", "I'm so jealous! said Rachel", "PERSON"),
    ("name-surname-ops-word", "William Page", "spoke with William Page at the merchant", "PERSON"),
]


@pytest.mark.parametrize(("value", "text", "expected"), [c[1:] for c in REDACTED], ids=[c[0] for c in REDACTED])
def test_missed_pii_is_now_redacted(members_redactor: Redactor, value: str, text: str, expected: str) -> None:
    """Each value goes, under a typed placeholder, and is reported as PII, not a secret."""
    result = members_redactor.redact(text)
    assert value not in result.text
    assert f"<{expected}_1>" in result.text
    assert any(f.entity_type == expected and not f.secret for f in result.findings)


KEPT = [
    "stella-api p99 is 2300ms since the rollout",
    "restart hugo service, then check `marvin` pod logs",
    "the Atlas cluster is degraded and the Jasper deploy rolled back",
    "restarted Hugo at 10:32, lag recovering",
    "internal LB 10.0.3.17, CGNAT 100.64.1.2, link-local 169.254.169.254, loopback 127.0.0.1",
    "DNS to 8.8.8.8 and 1.1.1.1 times out from fe80::1",
    "cert serial 75:52:2b:88:3e:9c:2f:83 expired, mac 00:1b:44:11:3a:b7",
    "release version 1.0.0.1 and v1.2.3.4 are out; build 20240628.14",
    "ssh deploy@bastion.internal and git@github.com:acme/checkout-api.git",
    "thanks Priya, Tom is rolling back; ask Aisha for the graph",
    "thanks everyone, ask questions in thread, ping oncall",
    "deployed at (2024-06-01) 10:32, call bridge opened",
]


@pytest.mark.parametrize("text", KEPT)
def test_facts_are_kept(members_redactor: Redactor, text: str) -> None:
    """Service names, private and reserved IPs, versions, serials, logins and responders' first names stay."""
    assert members_redactor.redact(text).text == text


def test_ip_policy_public_all_none() -> None:
    """REDACT_IPS: public redacts only public (and documentation) addresses; all every one; none none."""
    text = "client 203.0.113.7:443 via 10.0.0.5 and ::1"
    public = [text[a:b] for a, b in find_ips(text, "public")]
    assert public == ["203.0.113.7"]
    assert [text[a:b] for a, b in find_ips(text, "all")] == ["203.0.113.7", "10.0.0.5", "::1"]
    assert find_ips(text, "none") == []


def test_ip_policy_reaches_the_redactor() -> None:
    """A Redactor built with ip_policy="all" redacts private addresses too; a bad policy is refused."""
    assert Redactor(ip_policy="all").redact("pod 10.0.3.17 down").text == "pod <IP_ADDRESS_1> down"
    with pytest.raises(ValueError, match="IP policy"):
        Redactor(ip_policy="private")  # type: ignore[arg-type]


def test_number_checks() -> None:
    """Luhn, mod-97 in any case, SSA rules: near-misses of each shape are left alone."""
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert iban_ok("de89 3704 0044 0532 0130 00") and not iban_ok("DE89370400440532013001")
    assert find_cards("order 4111111111111112 shipped") == []
    assert find_ibans("see gb00 nwbk 6016 1331 9268 19") == []
    assert find_ssns("ssn 000-12-3456, 666-12-3456, 912-12-3456") == []
    assert find_ssns("ticket 219099999 closed") == []  # bare nine digits need an SSN word


def test_names_of_things() -> None:
    """A name-shaped word is a service when hyphen-joined, in backticks, before a noun or after restart."""
    for text, word in [
        ("stella-api is down", "stella"),
        ("`Marvin` crashed", "Marvin"),
        ("the Atlas cluster", "Atlas"),
        ("restart Hugo now", "Hugo"),
    ]:
        start = text.index(word)
        assert names_a_thing(text, start, start + len(word)), text
    text = "ask Jane about it"
    assert not names_a_thing(text, 4, 8)


def test_services_build_the_redactor_with_the_ip_setting() -> None:
    """bot/services.py hands REDACT_IPS to the Redactor: none keeps a public address, public does not."""
    from bot.config import load_settings
    from bot.services import build_redactor

    text = "WAF blocked 81.2.69.160"
    assert build_redactor(load_settings(redact_ips="none")).redact(text).text == text
    assert build_redactor(load_settings()).redact(text).text == "WAF blocked <IP_ADDRESS_1>"
