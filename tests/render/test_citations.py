"""The Markdown files cite like a document for humans: links, authors, quotes, names, one wording."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain import (
    SECTIONS,
    Board,
    Claim,
    ContributingFactor,
    Hypothesis,
    IncidentState,
    Message,
    Metrics,
    Postmortem,
    SectionState,
    Sitrep,
)
from bot.render.cite import Sources, anchor
from bot.render.markdown import METRIC_DEFINITIONS, board_markdown, postmortem_markdown, sitrep_markdown
from bot.render.provenance import engine_phrase

CH = "C0TEST"
TS_A = "1800000000.000100"
TS_B = "1800000060.000200"
NAMES = {"U0ANA": "Ana Costa", "U0BEN": "Ben Ito"}
MESSAGES = [
    Message(channel=CH, ts=TS_A, text="I suspect the *image cache* is cold. <@U0BEN> can you check?", user="U0ANA"),
    Message(channel=CH, ts=TS_B, text="no. the cache hit ratio is 97% all hour, so not the cache :eyes:", user="U0BEN"),
]


def _pm(**changes: object) -> Postmortem:
    base = Postmortem(
        incident=IncidentState(channel=CH, name="inc-image-slow"),
        summary=f"Thumbnails slow; <@U0ANA> raised a cache theory [ts {TS_A}].",
        impact="Unknown",
        metrics=Metrics(time_to_detect_min=4, time_to_acknowledge_min=9),
        contributing_factors=(ContributingFactor(text="Cold cache", category="technical", citations=(TS_A, TS_B)),),
    )
    return base.model_copy(update=changes)


def test_without_sources_citations_stay_plain_and_link_no_missing_file() -> None:
    """No messages or transcript at hand (a file uploaded alone): citations stay plain [ts …], no dead links."""
    text = postmortem_markdown(_pm())
    assert f"[ts {TS_A}]" in text
    assert "transcript.md" not in text


def test_with_a_transcript_beside_them_citations_link_to_its_anchors() -> None:
    text = postmortem_markdown(_pm(), Sources())
    assert f"[ts {TS_A}](transcript.md#{anchor(TS_A)})" in text
    assert anchor(TS_A) == "ts-1800000000-000100"


def test_without_a_transcript_a_citation_still_names_the_author_and_quotes_them() -> None:
    text = postmortem_markdown(_pm(), Sources.of(MESSAGES, NAMES, transcript=None))
    assert "Ana Costa, 08:00: “I suspect the image cache is cold." in text
    assert "transcript.md" not in text


def test_with_sources_a_citation_names_the_author_and_quotes_them() -> None:
    sources = Sources.of(MESSAGES, NAMES)
    text = postmortem_markdown(_pm(), sources)
    quote = "“I suspect the image cache is cold. @Ben Ito can you check?”"
    assert f"[Ana Costa, 08:00](transcript.md#{anchor(TS_A)}): {quote}" in text
    assert "[Ben Ito, 08:01]" in text and "“no. the cache hit ratio is 97% all hour, so not the cache 👀”" in text
    assert "<@" not in text and "@Ana Costa raised" in text


def test_permalinks_when_the_workspace_is_known() -> None:
    reply = Message(channel=CH, ts=TS_B, text="a reply in a thread with enough words", thread_ts=TS_A, user="U0BEN")
    sources = Sources.of([MESSAGES[0], reply], NAMES, workspace_url="https://acme.slack.com/")
    assert sources.link(TS_A) == "https://acme.slack.com/archives/C0TEST/p1800000000000100"
    assert sources.link(TS_B) == f"https://acme.slack.com/archives/C0TEST/p1800000060000200?thread_ts={TS_A}&cid={CH}"


def test_board_lists_each_piece_of_evidence_with_author_and_quote() -> None:
    board = Board(
        channel=CH,
        hypotheses=(
            Hypothesis(id="H1", statement="Cold image cache", refuting=(TS_B,), raised_ts=TS_A, raised_by="Ana"),
        ),
    )
    text = board_markdown("inc-image-slow", board, Sources.of(MESSAGES, NAMES))
    assert "- **Refuting:**\n  - ([Ben Ito, 08:01](transcript.md#ts-1800000060-000200): “no. the cache hit" in text
    assert "- **Supporting:**\n  - none yet" in text


def test_sitrep_claims_read_as_text() -> None:
    sitrep = Sitrep(
        channel=CH,
        number=1,
        created_at=datetime(2027, 1, 1, tzinfo=UTC),
        status="investigating",
        impact=Claim(text="*Slow* thumbnails &amp; timeouts :fire:", citations=(TS_A,)),
        doing=(Claim(text="<@U0BEN>: checking the CDN", citations=(TS_B,)),),
        engine="offline draft (Claude unavailable: timeout)",
    )
    text = sitrep_markdown(sitrep, Sources.of(MESSAGES, NAMES))
    assert "**Impact:** Slow thumbnails & timeouts 🔥 ([Ana Costa" in text
    assert "- @Ben Ito: checking the CDN" in text
    assert "Drafted by the offline engine, as a fallback (Claude unavailable: timeout) from" in text


def test_fallback_engine_wording_reads_as_a_sentence() -> None:
    assert engine_phrase("offline") == "the offline engine"
    assert engine_phrase("offline draft (Claude unavailable: 529)") == (
        "the offline engine, as a fallback (Claude unavailable: 529)"
    )
    text = postmortem_markdown(_pm(engine="offline draft (Claude unavailable: 529)"))
    assert "engine) engine" not in text and "by the offline draft" not in text


def test_approved_badge_does_not_repeat_itself() -> None:
    sections = tuple(
        SectionState(id=i, title=t, status="approved", approved_by=("Ana",))
        if i == "summary"
        else SectionState(id=i, title=t)
        for i, t in SECTIONS
    )
    text = postmortem_markdown(_pm(sections=sections))
    assert "## Summary _(approved by Ana)_" in text
    assert "approved, approved" not in text


def test_metrics_table_states_its_definitions() -> None:
    text = postmortem_markdown(_pm())
    table_end = text.index("| time to resolve |")
    assert text.index(METRIC_DEFINITIONS) > table_end
    assert "from the start of impact" in METRIC_DEFINITIONS


def test_a_quote_cut_inside_code_does_not_leave_an_open_code_span() -> None:
    long_code = Message(
        channel=CH, ts=TS_A, text="run `" + "select * from orders where id > 10 " * 5 + "`", user="U0ANA"
    )
    cited = Sources.of([long_code], NAMES).one(TS_A)
    assert cited.count("`") % 2 == 0 and "select" in cited
