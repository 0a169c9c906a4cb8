"""Generate tests/data/redaction_sets/pii_presidio.{dev,tune,holdout,fresh}.jsonl: PII the project did not write.

    pip install -e ".[eval]"          # presidio-evaluator (heavy: transformers, pandas, scipy…)
    .venv/bin/python tests/data/make_pii_sets.py tests/data/redaction_sets

Two kinds of records, both labelled in the corpus format of tests/data/redaction_corpus.jsonl:

* ``presidio``: presidio-evaluator's own customer-service templates and fake values
  (``PresidioSentenceFaker``), its spans mapped to Sitrep's types. Types Sitrep does not redact
  (addresses, places, organisations, dates…) are left unlabelled; a private IP address is a keep.
* ``ops``: the same fake values (names, e-mails, phones, cards, IBANs, SSNs, IPs) wrapped in
  incident-channel lines this script writes, with the facts that must stay (workspace members,
  service names that look like first names, private IPs, hosts) as keeps.

Fixed seeds, one per split, so the splits share templates but no drawn sample:

* ``dev`` and ``tune`` (a second, larger split from a fresh seed): study and tune on these;
* ``holdout`` and ``fresh``: only scored (bench/redaction.py), never read item by item.

Seeds 3003–6006 were used for one-off checks outside the repository; no split reuses them. Reproducibility needs ``random.seed`` before the faker is built
and a fixed ``date_time`` range (see the evaluation notes); presidio-evaluator's Wikidata-backed
HospitalProvider is left out, so nothing here touches the network.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import random
import sys
from pathlib import Path

os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""  # before presidio is imported

from faker import Faker
from faker.providers import BaseProvider
from presidio_evaluator.data_generator import PresidioSentenceFaker
from presidio_evaluator.data_generator.faker_extensions import (
    AddressProviderNew,
    AgeProvider,
    IpAddressProvider,
    NationalityProvider,
    OrganizationProvider,
    PhoneNumberProviderNew,
    ReligionProvider,
    UsDriverLicenseProvider,
)

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
from bot.redaction.recognizers.ip import is_public  # noqa: E402

# split: (seed, presidio-template records, ops records)
SPLITS = {"dev": (1001, 300, 160), "holdout": (2002, 300, 160), "tune": (7007, 600, 320), "fresh": (8008, 300, 160)}
STUDY_SPLITS = ("dev", "tune")
"""Rules are tuned on these; holdout and fresh are only scored."""
# The responders of tests/data/redaction_corpus.jsonl (and bench/redaction.py): their names stay.
MEMBERS = (
    "Priya Raman",
    "Tom Becker",
    "Aisha Okafor",
    "Diego Alvarez",
    "Mei Lin",
    "Sam O'Brien",
    "Noah Fischer",
    "Elena Rossi",
)

TYPE_MAP = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
}


class FixedDates(BaseProvider):
    """Faker's date_time() ends at "now"; a fixed range keeps the output reproducible."""

    def date_time(self, tzinfo=None, end_datetime=None):
        return self.generator.date_time_between(dt.datetime(2020, 1, 1), dt.datetime(2025, 1, 1))


PROVIDERS = [
    IpAddressProvider,
    NationalityProvider,
    OrganizationProvider,
    UsDriverLicenseProvider,
    AgeProvider,
    AddressProviderNew,
    PhoneNumberProviderNew,
    ReligionProvider,
    FixedDates,
]


def presidio_records(seed: int, n: int) -> list[dict]:
    random.seed(seed)  # the base person records are drawn before the faker seeds itself
    faker = PresidioSentenceFaker("en_US", 0.0, entity_providers=PROVIDERS, random_seed=seed)
    out = []
    for i, sample in enumerate(faker.generate_new_fake_sentences(n)):
        text = sample.full_text
        expect, keep = [], []
        for span in sample.spans:
            kind = TYPE_MAP.get(span.entity_type)
            value = text[span.start_position : span.end_position].strip()
            if kind is None or not value:
                continue
            if kind == "IP_ADDRESS":
                try:
                    public = is_public(ipaddress.ip_address(value))
                except ValueError:
                    continue
                if not public:
                    keep.append(value)
                    continue
            item = {"type": kind, "value": value}
            if item not in expect:
                expect.append(item)
        # A kept value must not also be expected somewhere else in the same text.
        keep = [k for k in dict.fromkeys(keep) if not any(k in e["value"] or e["value"] in k for e in expect)]
        out.append(
            {"id": f"p{seed}-{i:03d}", "text": text, "expect": expect, "keep": keep, "tags": ["presidio-template"]}
        )
    return out


SERVICE_NOUNS = ("service", "cluster", "pod", "deploy", "worker")


def ops_records(seed: int, n: int) -> list[dict]:
    rnd = random.Random(seed)
    fk = Faker("en_US")
    fk.seed_instance(seed)
    fk.add_provider(IpAddressProvider)

    def member() -> str:
        return rnd.choice(MEMBERS)

    def public_ip() -> str:
        while True:
            value = fk.ipv4_public() if rnd.random() < 0.8 else fk.ipv6()
            if is_public(ipaddress.ip_address(value)):
                return value

    def private_ip() -> str:
        return fk.ipv4_private()

    def service_name() -> str:
        return fk.first_name().lower()

    def ts() -> str:
        return fk.date_time_between(dt.datetime(2024, 1, 1), dt.datetime(2024, 12, 31)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def iban() -> str:
        value = fk.iban()
        return value.lower() if rnd.random() < 0.3 else value

    def bare_phone() -> str:
        return "".join(ch for ch in fk.basic_phone_number() if ch.isdigit())[-10:]

    def card() -> str:
        return fk.credit_card_number(card_type=rnd.choice(["visa16", "mastercard", "amex", "discover"]))

    builders = [
        lambda: (
            f"customer {(e := fk.email())} says the refund never arrived; {(m := member())} is checking checkout-api",
            [("EMAIL", e)],
            [m, "checkout-api"],
        ),
        lambda: (
            f"{(m := member())}: ticket ZD-{rnd.randint(1000, 99999)} from {(e := fk.free_email())}, order stuck in pending",
            [("EMAIL", e)],
            [m],
        ),
        lambda: (
            f'{{"level":"warn","ts":"{(t := ts())}","msg":"login failed","user":"{(e := fk.user_name() + "@" + fk.domain_word() + rnd.choice([".example", ".test", ".com"]))}","src_ip":"{(ip := public_ip())}"}}',
            [("EMAIL", e), ("IP_ADDRESS", ip)],
            [t, "login failed"],
        ),
        lambda: (
            f"WAF blocked {(ip := public_ip())} (1.{rnd.randint(1, 9)}k req/s); internal LB {(p := private_ip())} is healthy",
            [("IP_ADDRESS", ip)],
            [p],
        ),
        lambda: (
            f"rate limit hit for client {(ip := public_ip())}, upstream {(p := private_ip())}:8080 fine, {(m := member())} watching",
            [("IP_ADDRESS", ip)],
            [p, m],
        ),
        lambda: (
            f"payments-worker logged card={(c := card())} cvv={(v := fk.credit_card_security_code())} in plain text at {(t := ts())}",
            [("CREDIT_CARD", c), ("CVV", v)],
            ["payments-worker", t],
        ),
        lambda: (
            f"customer pasted their card {(c := card())} and CVV {(v := str(rnd.randint(100, 999)))} into the chat widget",
            [("CREDIT_CARD", c), ("CVV", v)],
            ["chat widget"],
        ),
        lambda: (
            f"refund to iban {(i := iban())} bounced, {(m := member())} retrying via ledger-api",
            [("IBAN", i)],
            [m, "ledger-api"],
        ),
        lambda: (
            f"KYC export leaked SSN {(s := fk.ssn().replace('-', rnd.choice(['', '-', ' '])))} for user u_{rnd.randint(10000, 99999)}",
            [("US_SSN", s)],
            ["KYC export"],
        ),
        lambda: (
            f"social security number {(s := fk.ssn())} showed up in the audit log, {(m := member())} purging",
            [("US_SSN", s)],
            [m],
        ),
        lambda: (
            f"callback number {(p := bare_phone())} from the support ticket, {(m := member())} will call back",
            [("PHONE", p)],
            [m],
        ),
        lambda: (f"customer phone: {(p := fk.phone_number())} (prefers sms)", [("PHONE", p)], []),
        lambda: (
            f"ask {(f := fk.first_name().lower())} from billing about the chargeback",
            [("PERSON", f)],
            ["billing"],
        ),
        lambda: (
            f"cc {(f := fk.first_name().lower() + ' ' + fk.last_name().lower())} on ZD-{rnd.randint(1000, 99999)} please",
            [("PERSON", f)],
            [],
        ),
        lambda: (
            f"customer {(f := fk.name())} ({(e := fk.email())}) cannot log in since the {(t := ts())} deploy",
            [("PERSON", f), ("EMAIL", e)],
            [t],
        ),
        lambda: (
            f"spoke with {(f := fk.first_name() + ' ' + fk.last_name())} at the merchant, they see 502s; {(m := member())} owns comms",
            [("PERSON", f)],
            [m, "502s"],
        ),
        lambda: (
            f"{(s := service_name())}-api p99 is {rnd.randint(900, 4000)}ms since the rollout, {(m := member())} investigating",
            [],
            [s + "-api", m],
        ),
        lambda: (
            f"the {(s := fk.first_name())} {rnd.choice(SERVICE_NOUNS)} is crashlooping again, restarting it",
            [],
            [s],
        ),
        lambda: (f"`{(s := service_name())}` pod OOMKilled on node {(p := private_ip())}", [], [s, p]),
        lambda: (
            f"thanks {(m := member()).split()[0]}, rolling back {(s := service_name())}-svc now",
            [],
            [m.split()[0], s + "-svc"],
        ),
        lambda: (f"{(m := member())}: mitigated at {(t := ts())}, error rate back under 0.1%", [], [m, t]),
    ]
    out = []
    for i in range(n):
        text, expect, keep = rnd.choice(builders)()
        items = []
        for kind, value in expect:
            assert value in text, (value, text)
            items.append({"type": kind, "value": value})
        keep = [k for k in dict.fromkeys(keep) if k in text and not any(k in v or v in k for _, v in expect)]
        out.append({"id": f"o{seed}-{i:03d}", "text": text, "expect": items, "keep": keep, "tags": ["ops"]})
    return out


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    studied: set[str] = set()
    for split in ("dev", "tune", "holdout", "fresh"):
        seed, n_presidio, n_ops = SPLITS[split]
        records = presidio_records(seed, n_presidio) + ops_records(seed, n_ops)
        if split in STUDY_SPLITS:
            studied |= {rec["text"] for rec in records if rec["expect"]}
        else:
            # A short template can draw the same values twice: a scored split never repeats a studied text.
            records = [rec for rec in records if not (rec["expect"] and rec["text"] in studied)]
        path = out_dir / f"pii_presidio.{split}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"{path}: {len(records)} records")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "redaction_sets")
