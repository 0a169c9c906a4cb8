"""Placeholders are typed, numbered per scope, stable within it, and never detected again."""

from __future__ import annotations

from bot.redaction import Redactor
from bot.redaction.placeholders import PlaceholderBook
from tests.redaction import fakes


def test_same_value_same_placeholder_within_a_scope(members_redactor: Redactor) -> None:
    """`<EMAIL_1>` is the same address in every message of an incident channel."""
    first = members_redactor.redact("bounce for jane.doe@gmail.com and bo@fastmail.fm", scope="C-stable")
    second = members_redactor.redact("jane.doe@gmail.com again; new: li@hey.com", scope="C-stable")
    assert first.text == "bounce for <EMAIL_1> and <EMAIL_2>"
    assert second.text == "<EMAIL_1> again; new: <EMAIL_3>"


def test_emails_match_without_case(members_redactor: Redactor) -> None:
    """The same address typed with other capitals keeps its placeholder."""
    a = members_redactor.redact("from Jane.Doe@Gmail.com", scope="C-case")
    b = members_redactor.redact("to jane.doe@gmail.com", scope="C-case")
    assert a.text.endswith("<EMAIL_1>")
    assert b.text.endswith("<EMAIL_1>")


def test_scopes_number_independently(members_redactor: Redactor) -> None:
    """Another channel starts its own numbering; no mapping leaks between incidents."""
    members_redactor.redact("a@gmail.com b@gmail.com", scope="C-one")
    other = members_redactor.redact("b@gmail.com", scope="C-two")
    assert other.text == "<EMAIL_1>"


def test_no_scope_means_fresh_numbering(members_redactor: Redactor) -> None:
    """Without a scope every call numbers from 1."""
    assert members_redactor.redact("x1@gmail.com").text == "<EMAIL_1>"
    assert members_redactor.redact("x2@gmail.com").text == "<EMAIL_1>"


def test_types_are_numbered_separately(members_redactor: Redactor) -> None:
    """Each type has its own counter, so `<PASSWORD_1>` and `<EMAIL_1>` can appear together."""
    pw = fakes.password()
    text = f"ops@gmail.com set password={pw} for ops2@gmail.com"
    assert members_redactor.redact(text).text == "<EMAIL_1> set password=<PASSWORD_1> for <EMAIL_2>"


def test_redacting_output_again_changes_nothing(members_redactor: Redactor) -> None:
    """Placeholders are not secrets, emails or names: a second pass finds nothing."""
    text = (
        f"Customer Jane Doe (jane@gmail.com, +1 415-555-3724) pasted token={fakes.github_classic()} "
        f"and postgres://app:{fakes.password()}@db-1:5432/x"
    )
    once = members_redactor.redact(text, scope="C-idem")
    twice = members_redactor.redact(once.text, scope="C-idem")
    assert twice.text == once.text
    assert twice.findings == ()


def test_forget_scope_restarts_numbering(members_redactor: Redactor) -> None:
    """A resolved incident's numbering can be dropped from memory."""
    members_redactor.redact("p@gmail.com q@gmail.com", scope="C-forget")
    members_redactor.forget_scope("C-forget")
    assert members_redactor.redact("q@gmail.com", scope="C-forget").text == "<EMAIL_1>"


def test_book_forgets_least_recently_used_scopes() -> None:
    """Memory stays bounded: the oldest scope's numbering is dropped first."""
    book = PlaceholderBook(max_scopes=2)
    book.numbering("a").label("EMAIL", "x@y.z")
    book.numbering("b")
    book.numbering("a")
    book.numbering("c")  # evicts "b", the least recently used
    assert book.numbering("a").label("EMAIL", "x@y.z") == "<EMAIL_1>"
    assert book.numbering("b").label("EMAIL", "other@y.z") == "<EMAIL_1>"


def test_book_holds_no_raw_values() -> None:
    """The in-memory mapping is keyed by a keyed hash, so a heap dump shows no secrets."""
    book = PlaceholderBook()
    numbering = book.numbering("C1")
    secret = fakes.github_classic()
    numbering.label("GITHUB_TOKEN", secret)
    assert secret not in repr(vars(numbering))


def test_findings_report_types_and_counts_never_values(members_redactor: Redactor) -> None:
    """Findings say what kind and how many, so the poster can be told to rotate; no values."""
    tok = fakes.slack_bot()
    result = members_redactor.redact(f"SLACK_BOT_TOKEN={tok} and again {tok}; mail a@gmail.com")
    assert [(f.entity_type, f.count, f.secret) for f in result.findings] == [
        ("EMAIL", 1, False),
        ("SLACK_TOKEN", 2, True),
    ]
    assert tok not in repr(result.findings)
    assert [f.entity_type for f in result.secrets] == ["SLACK_TOKEN"]


def test_redact_many_matches_redact(members_redactor: Redactor) -> None:
    """The batch API gives the same texts and findings as one call per message, in order."""
    texts = [
        "deploy #48213 started",
        f"token={fakes.slack_bot()} from Jane Doe",
        "",
        "   ",
        "mail jane@gmail.com",
        "Customer Hannah Kowalczyk called +1 415-555-3724",
    ]
    batch = members_redactor.redact_many(texts)
    single = [members_redactor.redact(t) for t in texts]
    assert batch == single
    scoped_batch = members_redactor.redact_many(texts, scope="C-batch")
    members_redactor.forget_scope("C-batch")
    scoped_single = [members_redactor.redact(t, scope="C-batch") for t in texts]
    assert scoped_batch == scoped_single


def test_only_our_own_types_count_as_placeholders(members_redactor: Redactor) -> None:
    """A credential dressed up as `<…_1>` is still redacted; only real type names are skipped."""
    key_id = fakes.aws_key_id()
    result = members_redactor.redact(f"<{key_id}_1> and <EMAIL_1>")
    assert key_id not in result.text
    assert result.text.endswith(" and <EMAIL_1>")
