"""Block Kit for the review: section messages, the parent, the Edit modal, the draft confirmation."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.domain import SECTIONS, Approval, IncidentState, Postmortem, Review, SectionReview, SectionRevision
from bot.slack.blocks import (
    EDIT_MAX_CHARS,
    Permalinks,
    confirm_draft_message,
    edit_view,
    postmortem_parent,
    postmortem_section_message,
    postmortem_section_messages,
    section_mrkdwn,
)

AT = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
LINKS = Permalinks("https://acme.slack.com/", "C1")
PM = Postmortem(incident=IncidentState(channel="C1", name="inc-x", severity="SEV2"), summary="s", impact="i")


def texts_of(blocks: list[dict[str, object]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_markdown_becomes_mrkdwn_rows_and_links() -> None:
    markdown = (
        "| time (UTC) | kind | event | source |\n|---|---|---|---|\n"
        "| 09:02 | deploy | Deployed <v2> & more | 1700000000.000100, 1700000000.000200 |\n"
        "**Went well**\n- fast rollback [ts 1700000000.000300]"
    )
    lines = section_mrkdwn(markdown, LINKS)
    assert lines[0] == "_time (UTC) · kind · event · source_"
    assert lines[1].startswith(
        "• 09:02 · deploy · Deployed &lt;v2&gt; &amp; more · <https://acme.slack.com/archives/C1/"
    )
    assert "|[1]> <https://acme.slack.com/archives/C1/p1700000000000200|[2]>" in lines[1]
    assert lines[2] == "*Went well*"
    assert lines[3] == "- fast rollback <https://acme.slack.com/archives/C1/p1700000000000300|[1]>"


def test_a_section_message_shows_status_revision_warnings_and_buttons() -> None:
    section = SectionReview(
        id="timeline",
        status="approved",
        approvals=(Approval(user="U1", at=AT, name="Priya"), Approval(user="U2", at=AT, name="Marco")),
        revisions=(
            SectionRevision(at=AT, kind="draft", text="x"),
            SectionRevision(at=AT, kind="correction", text="y", by="U3", by_name="Dana"),
        ),
    )
    message = postmortem_section_message(
        PM, "timeline", "| 09:02 | deploy | x | 1.1 |", LINKS, section=section, version=7, warnings=["ties X"]
    )
    text = texts_of(message.blocks)
    assert message.blocks[0]["type"] == "header" and "Timeline" in text
    assert "Approved* by Priya (09:30), Marco (09:30)" in text
    assert "Revised 1× (last: correction by Dana, 09:30 UTC)" in text
    assert ":warning: ties X" in text
    actions = message.blocks[-1]
    assert actions["type"] == "actions" and actions["block_id"] == "pm:timeline:7"
    assert [e["action_id"] for e in actions["elements"]] == ["pm_approve", "pm_request_changes", "pm_edit"]  # type: ignore[index, union-attr]
    assert message.text.startswith("Timeline (approved): ")
    final = postmortem_section_message(PM, "timeline", "x", LINKS, section=section, final=True)
    assert all(b["type"] != "actions" for b in final.blocks)


def test_a_very_long_section_stays_one_message() -> None:
    markdown = "\n".join(f"- line {i} " + "x" * 200 for i in range(2000))
    message = postmortem_section_message(PM, "lessons", markdown, LINKS)
    assert len(message.blocks) <= 50
    assert "rest of this section is in postmortem.md" in texts_of(message.blocks)


def test_one_message_per_section_with_edits_shown() -> None:
    review = Review(
        channel="C1",
        sections=(
            *(SectionReview(id=sid) for sid, _ in SECTIONS[:-1]),
            SectionReview(id="open_questions", text_override="- edited by hand"),
        ),
    )
    messages = postmortem_section_messages(PM, LINKS, review)
    assert [sid for sid, _ in messages] == [sid for sid, _ in SECTIONS]
    assert "edited by hand" in texts_of(messages[-1][1].blocks)


def test_the_parent_shows_progress_and_final() -> None:
    review = Review(channel="C1", sections=(SectionReview(id="summary", status="approved"),))
    assert "*Progress:* 1/11 approved" in texts_of(postmortem_parent(PM, review).blocks)
    final = postmortem_parent(PM, review.model_copy(update={"final": True}))
    text = texts_of(final.blocks)
    assert "Postmortem — inc-x (final)" in text and "final (11/11 approved)" in text and "attached" in text


def test_the_edit_modal_holds_the_text_or_says_why_not() -> None:
    view = edit_view("summary", "old text", '{"channel": "C1"}')
    assert view["callback_id"] == "pm_edit_submit" and view["private_metadata"] == '{"channel": "C1"}'
    element = view["blocks"][0]["element"]
    assert (element["initial_value"], element["multiline"], element["max_length"]) == ("old text", True, EDIT_MAX_CHARS)
    assert view["blocks"][0]["block_id"] == "body" and element["action_id"] == "text"
    too_long = edit_view("timeline", "x" * (EDIT_MAX_CHARS + 1), "{}")
    assert "submit" not in too_long and too_long["blocks"][0]["type"] == "section"


def test_the_draft_confirmation_has_one_button() -> None:
    message = confirm_draft_message()
    assert "isn't mitigated yet" in message.text
    assert message.blocks[-1]["elements"][0]["action_id"] == "pm_draft_anyway"  # type: ignore[index]
