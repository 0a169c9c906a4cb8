"""The customer checks flag what must not reach a customer, whichever engine wrote it."""

from __future__ import annotations

import pytest

from bot.analysis.customer_checks import check_statement, check_update_text, dates_in, sentences
from bot.analysis.customer_words import plain
from bot.analysis.rca_style import parse_style

PEOPLE = ["Tomás Ortega", "U061TORTEG", "priya.raman"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Tomás rolled it back.", "person"),
        ("Thanks to <@U061TORTEG> for the fix.", "person"),
        ("@priya.raman confirmed it", "person"),
        ("The relay at 10.20.4.17 stopped.", "internal_id"),
        ("smtp-relay-2.mail.internal was down.", "internal_id"),
        ("Tickets are tracked in SUP-4412.", "internal_id"),
        ("Deploy #4812 introduced it.", "internal_id"),
        ("We rolled back to v2.30.2.", "internal_id"),
        ("The max_retries setting was too high.", "internal_id"),
        ("checkout-api retried too often.", "internal_id"),
        ("The <IP_ADDRESS_1> host failed.", "internal_id"),
        ("We guarantee this will not recur.", "commitment"),
        ("This will never happen again.", "commitment"),
        ("The fix will be fully deployed within two weeks.", "commitment"),
        ("The cache may have been the cause.", "speculation"),
        ("The root cause is under investigation.", "unconfirmed_cause"),
    ],
)
def test_each_check_flags_its_kind(text: str, kind: str) -> None:
    assert kind in {f.kind for f in check_statement(text, people=PEOPLE)}


def test_clean_customer_sentences_pass() -> None:
    for text in (
        "On 14 March 2026, between 22:19 UTC and 23:44 UTC, customers experienced degraded service.",
        "Checkout success dipped to about 89%, and 7 orders were charged twice.",
        "Engineers reversed the change that caused the problem.",
    ):
        assert check_statement(text, people=PEOPLE) == [], text


def test_a_backed_commitment_is_not_flagged_and_a_date_must_be_in_the_material() -> None:
    promise = "Alerting on certificate expiry will be fully deployed within two weeks."
    assert [f.kind for f in check_statement(promise, backed=False)] == ["commitment"]
    assert check_statement(promise, backed=True) == []
    flags = check_statement("Planned for 2026-06-30.", backed=True, material="due 2026-05-02")
    assert [f.kind for f in flags] == ["date"]
    assert check_statement("Planned for 2026-05-02.", backed=True, material="due 2026-05-02") == []


def test_flags_never_repeat_a_persons_name() -> None:
    (flag,) = check_statement("Tomás Ortega fixed it.", people=PEOPLE)
    assert "Tomás" not in flag.reason and "T.O." in flag.reason


def test_status_updates_allow_hedging_but_not_identifiers() -> None:
    assert check_update_text("Some customers may see slow checkouts.", PEOPLE) == []
    assert check_update_text("checkout-api is slow.", PEOPLE)


def test_plain_words_replace_internal_identifiers() -> None:
    text = plain("Deploy #4812's retry config makes checkout-api retry against payments-gateway on every 429")
    assert check_statement(text) == [], text
    assert "the checkout service" in text and "rate-limit rejection" in text


def test_sentences_and_dates() -> None:
    assert sentences("Impact began at 22:19. ([ts 1.2]) Customers saw errors.") == [
        "Impact began at 22:19.",
        "Customers saw errors.",
    ]
    assert dates_in("planned for 2026-05-02, or Q3 2026; at 10:27 UTC") == ["2026-05-02", "Q3 2026"]


def test_a_style_file_gives_titles_and_its_level_of_commitment() -> None:
    style = parse_style(
        "past.md",
        "# RCA\n\n## What happened\ntext\n\n## Why it happened\ntext\n\n## Next steps\n- improve X by 2025-01-10\n",
    )
    titles = dict(style.titles)
    assert titles["impact"] == "What happened" and titles["root_cause"] == "Why it happened"
    assert titles["prevention"] == "Next steps" and style.dates
    assert not parse_style("p.md", "## Next steps\n- improve X\n").dates
