"""Incident facts survive redaction: times, ids, hosts, versions, metrics, mentions and plain URLs."""

from __future__ import annotations

import pytest

from bot.redaction import Redactor

MUST_SURVIVE = [
    ("iso timestamp", "2024-06-01T10:32:05Z"),
    ("log timestamp", "2024-06-01 10:32:05,123"),
    ("clock time", "10:32 UTC"),
    ("date", "06/07/2024"),
    ("epoch ms", "1717237925123"),
    ("duration", "3h 20m"),
    ("duration ms", "1843ms"),
    ("deploy number", "deploy #48213"),
    ("build number", "build 20240601.7"),
    ("release", "release-2024.06.01-3"),
    ("short sha", "sha 9f1c2ab"),
    ("full sha", "3f2504e04f8941d39a0c0305e82c3301abcdef12"),
    ("uuid", "3f2504e0-4f89-41d3-9a0c-0305e82c3301"),
    ("trace id", "trace_id=4bf92f3577b34da6a3ce929d0e0e4736"),
    ("ec2 hostname", "ip-10-0-3-17.ec2.internal"),
    ("fqdn", "db-primary-02.prod.acme.net"),
    ("private ip", "10.42.7.19"),
    ("service", "checkout-api"),
    ("pod", "checkout-api-7f9c4d8b6-x2klm"),
    ("namespace", "-n payments"),
    ("error code", "ORA-00060"),
    ("sqlstate", "SQLSTATE 40001"),
    ("http status", "HTTP 503"),
    ("exit code", "exit code 137"),
    ("k8s status", "CrashLoopBackOff"),
    ("version", "v3.7.3"),
    ("rc version", "2.14.0-rc.1"),
    ("p99", "p99 1843ms"),
    ("error rate", "error rate 4.2%"),
    ("heap", "heap 7.8GiB"),
    ("user mention", "<@U024BE7LH>"),
    ("legacy mention", "<@U0G9QF9C6|priya>"),
    ("channel mention", "<#C05AB12CD|inc-2024-06-01-checkout>"),
    ("group mention", "<!subteam^S0614TZR7|@oncall-payments>"),
    ("here", "<!here>"),
    ("grafana url", "https://grafana.acme.io/d/Xk9PqZ2Mz/checkout-latency?orgId=1&from=now-6h"),
    ("github pr", "https://github.com/acme/checkout-api/pull/4821"),
    ("link markup", "<https://acme.pagerduty.com/incidents/Q2K7ZR1X9Y3|PD incident>"),
    ("kafka offset", "offset 13636512442"),
    ("ci run", "run 9597733178"),
    ("ec2 instance", "i-0abc123def4567890"),
    ("arn", "arn:aws:iam::123456789012:role/ci-deployer"),
    ("responder", "Priya Raman"),
    ("ops word", "Kafka"),
    ("ticket", "ZD-553201"),
]


@pytest.mark.parametrize("fact", [v for _, v in MUST_SURVIVE], ids=[k for k, _ in MUST_SURVIVE])
def test_fact_survives_in_a_sentence(members_redactor: Redactor, fact: str) -> None:
    """Each must-survive fact is kept verbatim inside an ordinary incident message."""
    text = f"Update from the bridge: {fact} is what we see right now, Priya is on it"
    assert fact in members_redactor.redact(text).text


def test_a_dense_status_update_is_untouched(members_redactor: Redactor) -> None:
    """A realistic message packed with facts comes back unchanged, with no findings."""
    text = (
        "deploy #48213 of checkout-api v3.7.3 (sha 9f1c2ab) started 2024-06-01T10:32:05Z by <@U024BE7LH>; "
        "p99 210ms → 4.8s, error rate 4.2%, pods checkout-api-7f9c4d8b6-x2klm CrashLoopBackOff on "
        "ip-10-0-3-17.ec2.internal; request 3f2504e0-4f89-41d3-9a0c-0305e82c3301 got HTTP 503 "
        "https://grafana.acme.io/d/Xk9PqZ2Mz/checkout-latency?orgId=1 — rolled back at 10:41 UTC"
    )
    result = members_redactor.redact(text)
    assert result.text == text
    assert result.findings == ()
