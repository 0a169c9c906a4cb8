"""Slack markup as plain text, and faithful excerpts that end at real sentence ends."""

from __future__ import annotations

from bot.slackdata.mrkdwn import excerpt, plain_text


def test_mentions_resolve_to_names_and_unknown_ids_are_not_shown() -> None:
    """A mention reads as @name; an id nobody can resolve never reaches the document."""
    text = plain_text("<@U0AAA> can you ask <@U0BBB> and <@W0CCC|ravi> about <#C0DDD|db-ops>?", {"U0AAA": "Ines"})
    assert text == "@Ines can you ask @someone and @ravi about #db-ops?"
    assert "U0BBB" not in text


def test_links_entities_and_styles_render_as_text() -> None:
    """``<url|label>`` shows its label, ``&amp;`` is an ampersand, ``*bold*`` loses its stars."""
    text = plain_text("*heads up*: see <https://wiki.example/x|the runbook> &amp; <https://a.example/b> _now_ ~not~")
    assert text == "heads up: see the runbook & https://a.example/b now not"


def test_markup_inside_words_is_left_alone() -> None:
    """snake_case names and arithmetic keep their underscores and stars."""
    assert plain_text("raise max_pool_size to 2*8 now") == "raise max_pool_size to 2*8 now"


def test_emoji_codes_become_emoji_or_disappear() -> None:
    """Common codes map to the emoji; unknown ones are dropped rather than shown as :codes:."""
    assert plain_text(":eyes: looking :custom_party_parrot: now :white_check_mark:") == "👀 looking now ✅"


def test_styles_can_be_kept_for_text_that_is_already_markdown() -> None:
    assert plain_text("**Went well** <@U1>", {"U1": "Ana"}, styles=False) == "**Went well** @Ana"


def test_a_short_opener_is_not_the_whole_quote() -> None:
    """ "No." alone says nothing; the excerpt runs on to the sentence with the evidence."""
    text = "No, not that. The replica lag graph stays under two seconds all night. Moving on to the cache."
    assert excerpt(text) == "No, not that. The replica lag graph stays under two seconds all night."


def test_full_stops_inside_quotes_code_and_ellipses_do_not_end_the_sentence() -> None:
    said = 'The banner read "Service paused. Retry later." for every tenant in the west region. Then it cleared.'
    assert excerpt(said) == 'The banner read "Service paused. Retry later." for every tenant in the west region.'
    code = "Ran `kubectl get pods -n edge. ` against the cluster and every pod shows ready. Next the LB."
    assert excerpt(code).endswith("every pod shows ready.")
    trailing = "Hmm... the queue drains slowly... maybe the consumer group rebalanced twice. Checking."
    assert excerpt(trailing) == "Hmm... the queue drains slowly... maybe the consumer group rebalanced twice."
    abbrev = "Compare vs. yesterday, e.g. the p95 for the search tier after the index swap. Later."
    assert excerpt(abbrev) == "Compare vs. yesterday, e.g. the p95 for the search tier after the index swap."


def test_a_question_is_whole_by_itself() -> None:
    text = "Why did the nightly job skip? I have a theory about the cron host."
    assert excerpt(text) == "Why did the nightly job skip?"


def test_code_blocks_are_quoted_inline_not_replaced_by_a_placeholder() -> None:
    text = "Output:\n```\nERROR quota exceeded for bucket logs\nsecond line\n```"
    assert excerpt(text) == "Output: `ERROR quota exceeded for bucket logs …`"


def test_long_excerpts_are_cut_at_a_word() -> None:
    cut = excerpt("word " * 80, 50)
    assert cut.endswith("word…") and len(cut) <= 50
