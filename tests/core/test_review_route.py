"""Routing a thread reply to the section it is about: label, alias, quote, mention — or none."""

from __future__ import annotations

import pytest

from bot.core.review_route import quotes, route

SECTIONS = {
    "summary": "inc-checkout (SEV2). Impact: customers saw failed payments.",
    "timeline": "| 08:52 | deploy | Deployed checkout-api v2.41.0 to production | 1.1 |",
    "action_items": "| Add an alert on connection pool saturation | short term | Unknown | Friday | open | 1.9 |",
    "impact": "Customers are seeing failed payments at checkout [ts 1.3]",
}


@pytest.mark.parametrize(
    ("text", "section_id", "body"),
    [
        ("Timeline: the deploy was 14:02, not 14:10", "timeline", "the deploy was 14:02, not 14:10"),
        ("*Timeline*: the deploy was 14:02", "timeline", "the deploy was 14:02"),
        ("5 whys - the pool was too small", "root_cause", "the pool was too small"),
        ("Five whys: step 3 is unknown", "root_cause", "step 3 is unknown"),
        ("Root cause (5 whys): the pool", "root_cause", "the pool"),
        ("root_cause: the pool", "root_cause", "the pool"),
        ("What went well: paging", "lessons", "paging"),
        ("Customer impact — only EU", "impact", "only EU"),
        ("Re: action items: add owner", "action_items", "add owner"),
        ("In the timeline, the rollback was at 09:12", "timeline", "the rollback was at 09:12"),
        ("Key metrics: detection took 2 min", "metrics", "detection took 2 min"),
        ("Detection and response: paged by PagerDuty", "detection", "paged by PagerDuty"),
        ("open questions: who owns the pool config?", "open_questions", "who owns the pool config?"),
    ],
)
def test_a_leading_label_names_the_section(text: str, section_id: str, body: str) -> None:
    found = route(text, SECTIONS)
    assert found is not None and (found.section_id, found.how, found.body) == (section_id, "label", body)


def test_a_quote_finds_the_one_section_that_holds_it() -> None:
    found = route("> Deployed checkout-api v2.41.0\nthat was v2.41.1 actually", SECTIONS)
    assert found is not None and (found.section_id, found.how) == ("timeline", "quote")
    curly = route("“customers are seeing failed payments” — only card payments", SECTIONS)
    assert curly is not None and curly.section_id == "impact"


def test_a_quote_held_by_two_sections_is_not_guessed() -> None:
    assert route("“failed payments” is vague", SECTIONS) is None


def test_a_mention_routes_only_with_distinctive_names() -> None:
    found = route("I think the timeline misses the 09:20 page", SECTIONS)
    assert found is not None and (found.section_id, found.how) == ("timeline", "mention")
    section = route("the impact section should say EU only", SECTIONS)
    assert section is not None and section.section_id == "impact"
    assert route("the impact on customers was bigger", SECTIONS) is None  # "impact" alone is too common
    both = route("the summary and the timeline disagree", SECTIONS)
    assert both is not None and both.section_id == "summary"  # the first one named


def test_no_section_named() -> None:
    assert route("thanks everyone, great work", SECTIONS) is None
    assert route("", SECTIONS) is None


def test_quotes_are_extracted_longest_first() -> None:
    assert quotes('> first line here\nsaid "second quote here"') == ["second quote here", "first line here"]
    assert quotes("`short`") == []
