"""Name rules beside NER, the NER gate, and phone numbers by shape (issue 13: recall and speed)."""

from __future__ import annotations

import pytest

from bot.redaction import Redactor
from bot.redaction.analysis import ner_sentences
from bot.redaction.engine import english_words
from bot.redaction.recognizers.names import (
    listed_with,
    name_words,
    needs_ner,
    surname_names,
    title_names,
    unknown_pairs,
)

ENGLISH = english_words()


def _spans(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_english_words_ship_in_the_model() -> None:
    """The WordNet index inside the spaCy model gives tens of thousands of English words."""
    assert len(ENGLISH) > 50_000
    assert {"patient", "poland", "white"} <= ENGLISH
    assert "radosława" not in ENGLISH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Patient is a 84-year-old male with a history of headaches", False),  # English words only
        ("During the outage Rachel paged oncall", False),  # a stop word and a listed first name
        ("Kafka lag on orders-consumer is 48213", False),
        ("I'm so jealous! said Radosława", True),  # an unknown word: only NER can judge it
        ("(though Green's song was actually about a boat!)", True),  # an English word that owns something
    ],
)
def test_ner_runs_only_where_a_word_needs_it(text: str, expected: bool) -> None:
    """NER, the costliest step, runs only when a capitalised word is neither English nor a listed name."""
    assert needs_ner(text, ENGLISH) is expected


def test_workspace_members_never_send_a_text_to_ner() -> None:
    """A member's unknown surname does not count: members stay whatever NER says."""
    text = "Tixlzwx is on it"
    assert needs_ner(text, ENGLISH)
    assert not needs_ner(text, ENGLISH, known=lambda w: w == "Tixlzwx")


def test_ner_reads_only_the_sentences_that_need_it() -> None:
    """Sentences and lines without such a word are not given to NER; offsets point into the text."""
    text = "Deploy finished. Radosława says the refund bounced.\nRollback is done"
    found = ner_sentences(text, lambda s: needs_ner(s, ENGLISH))
    assert [(offset, text[offset : offset + len(s)] == s) for offset, s in found] == [(17, True)]
    assert found[0][1].startswith("Radosława")
    # "Mr. Smith" and "L. Reid" are not sentence ends.
    assert len(ner_sentences("we add Ibrahim L. Reid as guardian", lambda s: True)) == 1


def test_surnames_titles_and_name_fields() -> None:
    """Listed surnames with the word before them, names after a title, names in a form field."""
    text = '"Spain is moving in that direction," says Perković. Zita Gábor agreed.'
    assert "Perković" in _spans(text, surname_names(text))
    assert _spans("ask Mr. Parsons and ms. Marek", title_names("ask Mr. Parsons and ms. Marek")) == [
        "Parsons",
        "Marek",
    ]
    form = "Date: 2021-06-24\nName: Szonja Tot\nPhone: 089 72 63 41"
    assert _spans(form, title_names(form)) == ["Szonja Tot"]


def test_lists_of_names_and_repeated_words() -> None:
    """A single name next to a found one in a list is a name; English words there are not."""
    text = "our 3 founders: Coronado, Jones and Ortiz"
    start = text.index("Jones")
    assert sorted(_spans(text, listed_with(text, start, start + 5, ENGLISH))) == ["Coronado", "Ortiz"]
    text = "Jane and Checkout"
    assert listed_with(text, 0, 4, ENGLISH) == []
    text = "You can tell Rémy was a huge Rémy Potvin fan"
    found = text.index("Rémy Potvin")
    assert _spans(text, name_words(text, [(found, found + len("Rémy Potvin"))])) == ["Rémy"]


def test_unknown_pairs_are_names_but_english_pairs_are_not() -> None:
    """Two capitalised words no English list knows are a name; "Payments Outage" is not."""
    assert _spans("directed by Hideo Yamanaka", unknown_pairs("directed by Hideo Yamanaka", ENGLISH)) == [
        "Hideo Yamanaka"
    ]
    assert unknown_pairs("Payments Outage Update: Checkout Service", ENGLISH) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("didn't get any message on my registered 695 422 616. Could you look?", "695 422 616"),
        ("They're not answering at (70) 749-7000", "(70) 749-7000"),
        ("customer phone: 001-540-497-3732x84838 (prefers sms)", "001-540-497-3732x84838"),
        ("How can we reach you? You can call 61 12 61", "61 12 61"),
        ("merchant hotline 0664 635 99 87 is down", "0664 635 99 87"),
    ],
)
def test_phone_numbers_by_shape_and_words(members_redactor: Redactor, text: str, value: str) -> None:
    """Phone numbers are found by layout and the words around them, without python-phonenumbers."""
    assert value not in members_redactor.redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        "build 20240628.14 finished in 612 s",
        "offset 123456 on partition 7, lag 48213",
        "deployed at 2024-06-28 14:05, p99 1843 ms",
    ],
)
def test_numbers_that_are_not_phones_stay(members_redactor: Redactor, text: str) -> None:
    """Build numbers, offsets, dates and timings are facts, not phone numbers."""
    assert members_redactor.redact(text).text == text


def test_names_the_rules_find_without_ner(members_redactor: Redactor) -> None:
    """Names on the lists go even in a text that never reaches NER; members and English words stay."""
    text = "Jiří and Tomasz from Poland pinged Priya about the Patient portal"
    assert not needs_ner(text, ENGLISH, known=lambda w: w in {"Priya"})
    out = members_redactor.redact(text).text
    assert "Jiří" not in out and "Tomasz" not in out
    assert "Priya" in out and "Poland" in out and "Patient" in out


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("could you correct it to Mr. Slavko Bilić DDS?", "Mr. Slavko Bilić DDS"),
        ("LEG Immobilien AG's Ms. Ayda Tijsterman joined the call", "Ms. Ayda Tijsterman"),
        ("including Zachary van den IJssel of GB Group plc", "Zachary van den IJssel"),
        ("It's under my partner's name Celina IJzermans", "Celina IJzermans"),
        ("My name is Nusi F Siposs.", "Nusi F Siposs"),
        ("My name is Ivan Martin Bugarski.", "Ivan Martin Bugarski"),
        ("Mathias E. Jespersen will be talking in the conference", "Mathias E. Jespersen"),
        ("Borka Molnár will be talking in the conference", "Borka Molnár"),
        ("Hi Arman, I'm contacting you about a wire transfer", "Arman"),
        ("Towa is very reliable. You can always depend on him.", "Towa"),
        ("It was a done thing between him and Naho's kid", "Naho"),
        ("including Amber Tretyakov of CINC Corp.", "Amber Tretyakov"),
        ("customer Cassandra Thompson cannot log in", "Cassandra Thompson"),
        ("cc mark cummings on ZD-82425 please", "mark cummings"),
        ("cc christina west on ZD-24884 please", "christina west"),
        ("The Nicole Lange version became the first to sell a million", "Nicole Lange"),
        ("What's your last name? Torpy", "Torpy"),
        ("I would like to remove my kid Taiyou from the will.", "Taiyou"),
        ("Have you been to a Mira Å Eriksson concert before?", "Mira Å Eriksson"),
        ('"Denmark is moving in that direction," says Simpson.', "Simpson"),
        ("Egor, can I please speak to your boss?", "Egor"),
        ("ask mark from billing about the chargeback", "mark"),
    ],
)
def test_names_in_person_contexts_go_whole(members_redactor: Redactor, text: str, name: str) -> None:
    """Titles, degrees, particles, initials, greetings and person phrases: the whole name is one placeholder."""
    out = members_redactor.redact(text).text
    assert out == text.replace(name, "<PERSON_1>"), out


@pytest.mark.parametrize(
    "text",
    [
        "ask Legal about the contract clause",
        "Atlas is very slow since the deploy",
        "hey Atlas, are you there?",
        "thanks Grafana, the alert fired on time",
        "cc Security on the ticket please",
        "Plan B Rollout starts at 14:00",
        "the cassandra cluster is degraded, mark it as read-only",
        "ping will later when the canary is green",
        "thanks Priya, rolling back now",
        "EU traffic moved from Berlin, Frankfurt and London to Dublin",
        "Checkout and Payments are degraded",
        "Note: the Atlas and Hermes services restarted",
        "Checkout, can you confirm the rollback?",
    ],
)
def test_things_and_members_in_person_contexts_stay(members_redactor: Redactor, text: str) -> None:
    """Teams, tools and workspace members after a greeting or a person phrase are facts, not customers."""
    assert members_redactor.redact(text).text == text


def test_lists_and_dialogues_of_people(members_redactor: Redactor) -> None:
    """Each name of a list of surnames goes, and each speaker of a pasted dialogue of strangers;
    the responders' own lines in a pasted thread stay."""
    text = "WH Smith is the brainchild of our 3 founders: Vestergaard, Adams and Stevenson."
    out = members_redactor.redact(text).text
    assert not any(name in out for name in ("Vestergaard", "Adams", "Stevenson")), out
    dialogue = "Wisław: What a wife.\\nKevin: Remember me?\\nAmanda: You saved my life!"
    out = members_redactor.redact(dialogue).text
    assert "Wisław" not in out and "Kevin" not in out, out
    thread = "Priya: restarting checkout\nTom: Grafana is green again"
    assert members_redactor.redact(thread).text == thread
