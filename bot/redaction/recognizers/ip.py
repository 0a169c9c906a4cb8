"""IP addresses: a customer's public address is personal data; our own network's addresses are facts.

Policy (``REDACT_IPS``):

* ``public`` (default): redact addresses that can identify someone on the internet. Kept: RFC 1918
  private ranges, loopback, link-local, carrier-grade NAT (100.64.0.0/10, used inside clouds and
  VPCs), unspecified, multicast, broadcast and other reserved ranges, IPv6 unique-local and
  link-local, and a handful of public DNS resolvers (8.8.8.8, 1.1.1.1…) that are nobody's address.
  The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) are
  *redacted*: examples, tickets and test data use them to stand for a real client's address, which
  is exactly what the record must not keep.
* ``all``: every address goes, private ones included.
* ``none``: every address stays.

Only the address is replaced: ``203.0.113.7:443`` keeps its port, ``203.0.113.0/24`` its prefix.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Literal, get_args

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from bot.redaction import entities as ent

IpPolicy = Literal["public", "all", "none"]
IP_POLICIES: tuple[str, ...] = get_args(IpPolicy)
DEFAULT_IP_POLICY: IpPolicy = "public"

IP_SCORE = 0.9

# Four dotted numbers not inside a longer dotted run (versions `1.2.3.4.5`, OIDs) or a word (`v1.2.3.4`).
_IPV4_RE = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
# Hex groups with colons; ipaddress decides. At least two colons, so `10:32` times never qualify.
_IPV6_RE = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])")
# "version 1.0.0.1", "v1.2.3.4", "release 10.2.0.1": a version number, not an address.
_VERSION_BEFORE_RE = re.compile(r"(?i:\b(?:version|ver|release|build|v))\s*[:=]?\s*$")

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_DOCUMENTATION = tuple(
    ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)
# Anycast resolvers named in runbooks ("DNS to 8.8.8.8 times out"): infrastructure, not a person.
_WELL_KNOWN_PUBLIC = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "8.8.8.8",
        "8.8.4.4",
        "1.1.1.1",
        "1.0.0.1",
        "9.9.9.9",
        "149.112.112.112",
        "208.67.222.222",
        "208.67.220.220",
        "2001:4860:4860::8888",
        "2001:4860:4860::8844",
        "2606:4700:4700::1111",
        "2606:4700:4700::1001",
    )
)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(address: Address) -> bool:
    """True when the address can point at someone on the internet (documentation ranges included)."""
    if any(address in net for net in _DOCUMENTATION):
        return True
    if address in _WELL_KNOWN_PUBLIC:
        return False
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return is_public(address.ipv4_mapped)
    return address.is_global and not address.is_multicast


def find_ips(text: str, policy: IpPolicy) -> list[tuple[int, int]]:
    """Spans of the addresses ``policy`` redacts."""
    if policy == "none":
        return []
    out: list[tuple[int, int]] = []
    if "." in text:
        for m in _IPV4_RE.finditer(text):
            if _VERSION_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
                continue
            _keep_if(out, m.start(), m.end(), m.group(), policy)
    if text.count(":") >= 2:
        for m in _IPV6_RE.finditer(text):
            value = m.group()
            if value.count(":") < 2 or not any(c.isdigit() for c in value):
                continue
            if "::" not in value and all(len(g) <= 2 for g in value.split(":")):
                continue  # `75:52:2b:88:3e:9c:2f:83`: a certificate serial or fingerprint, not an address
            _keep_if(out, m.start(), m.end(), value, policy)
    return out


def _keep_if(out: list[tuple[int, int]], start: int, end: int, value: str, policy: IpPolicy) -> None:
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return
    if policy == "all" or is_public(address):
        out.append((start, end))


class IpAddressRecognizer(LocalRecognizer):
    """IPv4 and IPv6 addresses, redacted by policy (public only by default)."""

    NAME = "SitrepIpAddressRecognizer"

    def __init__(self, policy: IpPolicy = DEFAULT_IP_POLICY) -> None:
        if policy not in IP_POLICIES:
            raise ValueError(f"IP policy must be one of {', '.join(IP_POLICIES)}, not {policy!r}")
        self.policy: IpPolicy = policy
        super().__init__(supported_entities=[ent.IP_ADDRESS], supported_language="en", name=self.NAME)

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return [
            RecognizerResult(
                entity_type=ent.IP_ADDRESS,
                start=start,
                end=end,
                score=IP_SCORE,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.NAME,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for start, end in find_ips(text, self.policy)
        ]
