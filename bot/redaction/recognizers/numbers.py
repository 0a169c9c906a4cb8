"""Card numbers, CVVs, IBANs and US SSNs: digit runs that are personal only when a check or a word says so.

Each rule pairs a shape with something a random id cannot fake cheaply: Luhn for cards, mod-97 for
IBANs (any case), the SSA's allocation rules plus a nearby word for unformatted SSNs, and a card
word or a card number right before a 3–4 digit CVV. Pure functions returning spans, wrapped in one
Presidio recognizer, so the rules can be tested without spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from bot.redaction import entities as ent

# Above a phone match boosted by context words ("number"), so "SSN number 219 09 9999" stays an SSN.
SCORE = 1.0

# ------------------------------------------------------------------------------------------- cards
# 12–19 digits in groups separated by one space or dash (or none); Luhn and an issuer prefix decide.
_CARD_RE = re.compile(r"(?<![\w.-])\d(?:[ -]?\d){11,18}(?![\w]|[.-]\d)")
# Issuer prefixes (IIN ranges) of the card networks people paste: Visa, Mastercard (51–55, 2221–2720),
# Amex, Discover, JCB, Diners, UnionPay, Maestro.
_IIN_RE = re.compile(
    r"^(?:1800|2131|4|5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720|3[47]|6011|64[4-9]|65|35|30|36|38|39|62|50|5[6-8]|6[0-9])"
)
_CARD_WORDS_RE = re.compile(r"(?i:card|visa|master|amex|discover|jcb|diners|maestro|unionpay|pan\b|cc\b|ccn)")


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum every payment card number carries."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def find_cards(text: str) -> list[tuple[int, int]]:
    """Card numbers: issuer prefix, Luhn; lengths other than 15/16 also need a card word nearby."""
    out: list[tuple[int, int]] = []
    for m in _CARD_RE.finditer(text):
        raw = m.group()
        # "4111 1111 1111 1111 123": the run may swallow a CVV; retry without trailing groups.
        while raw:
            if _is_card(raw) and (
                len(_digits(raw)) in (15, 16) or _CARD_WORDS_RE.search(text, max(0, m.start() - 40), m.start())
            ):
                out.append((m.start(), m.start() + len(raw)))
                break
            cut = _CARD_GROUP_RE.search(raw)
            if cut is None:
                break
            raw = raw[: cut.start()]
    return out


_CARD_GROUP_RE = re.compile(r"[ -]\d+$")


def _digits(raw: str) -> str:
    return raw.replace(" ", "").replace("-", "")


def _is_card(raw: str) -> bool:
    digits = _digits(raw)
    return 12 <= len(digits) <= 19 and _IIN_RE.match(digits) is not None and len(set(digits)) > 1 and luhn_ok(digits)


# -------------------------------------------------------------------------------------------- CVV
_CVV_WORD_RE = re.compile(
    r"(?i:\b(?:cvv2?|cvc2?|cv2|cid|csc|security[ _-]?code|card[ _-]?code|verification[ _-]?code))"
    r"(?:\s*(?:is|was|[:=#]|no\.?))*\s*[\"']?(\d{3,4})(?!\d)"
)
# "4111…1111 12/27 123" or "…|12/27|123": a 3–4 digit value right after a card number and its expiry.
_AFTER_CARD_RE = re.compile(
    r"(?:[ |,;/\t]+(?:exp\w*[: ]*)?(?:0[1-9]|1[0-2])[/-](?:\d{2}|\d{4}))?[ |,;\t]+(\d{3,4})(?![\d/])"
)


def find_cvvs(text: str, cards: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """CVVs after a CVV word, or right after a card number (and its expiry)."""
    out = [m.span(1) for m in _CVV_WORD_RE.finditer(text)]
    for _, end in cards:
        m = _AFTER_CARD_RE.match(text, end)
        if m is not None:
            out.append(m.span(1))
    return out


# ------------------------------------------------------------------------------------------- IBAN
_IBAN_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]{4}){2,7}(?:[ -]?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])"
)
_IBAN_GROUP_RE = re.compile(r"[ -]?[A-Za-z0-9]{1,4}$")


def iban_ok(value: str) -> bool:
    """ISO 13616 mod-97 check on an IBAN written in any case, with or without spaces."""
    compact = value.replace(" ", "").replace("-", "").upper()
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    rearranged = compact[4:] + compact[:4]
    try:
        return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1
    except ValueError:
        return False


def find_ibans(text: str) -> list[tuple[int, int]]:
    """IBANs in any case; a match that fails the check is retried without its trailing groups."""
    out: list[tuple[int, int]] = []
    for m in _IBAN_RE.finditer(text):
        value = m.group()
        while value:
            if iban_ok(value):
                out.append((m.start(), m.start() + len(value)))
                break
            cut = _IBAN_GROUP_RE.search(value)
            if cut is None or cut.start() < 15:
                break
            value = value[: cut.start()]
    return out


# -------------------------------------------------------------------------------------------- SSN
_SSN_DASHED_RE = re.compile(r"(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w]|-\d)")
_SSN_LOOSE_RE = re.compile(r"(?<![\w.-])(\d{3})[ .]?(\d{2})[ .]?(\d{4})(?![\w]|[.-]\d)")
_SSN_CONTEXT_RE = re.compile(r"(?i:\bssn|social[ -]security|\bss ?#|\bss no|\bsocial\b|taxpayer|\btin\b)")


def ssn_ok(area: str, group: str, serial: str) -> bool:
    """The SSA never issues area 000, 666 or 9xx, group 00 or serial 0000."""
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return len(set(area + group + serial)) > 1 and area + group + serial not in ("123456789", "078051120")


def find_ssns(text: str) -> list[tuple[int, int]]:
    """Dashed SSNs anywhere; spaced, dotted or bare nine digits only near "SSN"/"social security"."""
    out: list[tuple[int, int]] = [m.span() for m in _SSN_DASHED_RE.finditer(text) if ssn_ok(*m.groups())]
    for m in _SSN_LOOSE_RE.finditer(text):
        if not ssn_ok(*m.groups()) or m.span() in out:
            continue
        window = text[max(0, m.start() - 40) : m.start()] + " " + text[m.end() : m.end() + 15]
        if _SSN_CONTEXT_RE.search(window):
            out.append(m.span())
    return out


# ------------------------------------------------------------------------------------- recognizer
class NumberRecognizer(LocalRecognizer):
    """Cards, CVVs, IBANs and SSNs in one pass (cheap: a few regexes, no NLP)."""

    NAME = "SitrepNumberRecognizer"

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[ent.CREDIT_CARD, ent.CVV, ent.IBAN, ent.US_SSN], supported_language="en", name=self.NAME
        )

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities) if entities else set(self.supported_entities)
        return [
            RecognizerResult(
                entity_type=kind,
                start=start,
                end=end,
                score=SCORE,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.NAME,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for kind, start, end in self._find(text)
            if kind in wanted
        ]

    @staticmethod
    def _find(text: str) -> Iterator[tuple[str, int, int]]:
        if not any(c.isdigit() for c in text):
            return
        cards = find_cards(text)
        for start, end in cards:
            yield ent.CREDIT_CARD, start, end
        for start, end in find_cvvs(text, cards):
            yield ent.CVV, start, end
        for start, end in find_ibans(text):
            yield ent.IBAN, start, end
        for start, end in find_ssns(text):
            yield ent.US_SSN, start, end
