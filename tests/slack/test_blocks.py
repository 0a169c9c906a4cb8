"""Block Kit rendering stays inside Slack's limits, escapes user text, and always has a fallback."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain import Board, Claim, Hypothesis, Message, Sitrep
from bot.sandbox.slack.blocks import validate_blocks
from bot.services import Services
from bot.slack.blocks import (
    MAX_BLOCKS,
    MAX_SECTION_CHARS,
    Permalinks,
    _chunks,
    board_messages,
    escape,
    sitrep_messages,
)
from bot.slack.context import StoredThreads
from bot.slack.outbound import LinkPolicy

LINKS = Permalinks("https://acme.slack.com/", "C0INC", {"1773528000.000200": "1773528000.000100"})
NOW = datetime(2026, 3, 14, 22, 30, tzinfo=UTC)


def sitrep(**kw: object) -> Sitrep:
    base: dict[str, object] = {
        "channel": "C0INC",
        "number": 3,
        "created_at": NOW,
        "status": "SEV2 · Investigating",
        "impact": Claim(text="checkout 5xx at 5%", citations=("1773528000.000100",)),
    }
    base.update(kw)
    return Sitrep(**base)  # type: ignore[arg-type]


def sections(messages: list) -> list[str]:  # type: ignore[type-arg]
    return [b["text"]["text"] for m in messages for b in m.blocks if b["type"] == "section"]


def test_escapes_slack_control_characters() -> None:
    assert escape("a < b && c > d") == "a &lt; b &amp;&amp; c &gt; d"
    rendered = sitrep_messages(sitrep(what_changed=(Claim(text="<!channel> look <@U1>", citations=()),)), LINKS)
    joined = "\n".join(sections(rendered))
    assert "<!channel>" not in joined
    assert "&lt;!channel&gt;" in joined


def test_citations_are_permalinks_and_replies_open_in_their_thread() -> None:
    assert LINKS.url("1773528000.000100") == "https://acme.slack.com/archives/C0INC/p1773528000000100"
    assert LINKS.url("1773528000.000200") == (
        "https://acme.slack.com/archives/C0INC/p1773528000000200?thread_ts=1773528000.000100&cid=C0INC"
    )
    rendered = sitrep_messages(sitrep(), LINKS)
    assert "<https://acme.slack.com/archives/C0INC/p1773528000000100|[1]>" in "\n".join(sections(rendered))


def test_long_content_is_split_within_section_and_block_limits() -> None:
    many = tuple(Claim(text=f"finding {i}: " + "x" * 400, citations=(f"177352{i:04d}.000100",)) for i in range(200))
    rendered = sitrep_messages(sitrep(what_changed=many, doing=many), LINKS)
    assert len(rendered) >= 2
    for message in rendered:
        assert len(message.blocks) <= MAX_BLOCKS
        assert message.text  # every message carries a plain-text fallback
        for block in message.blocks:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= MAX_SECTION_CHARS
    assert rendered[0].blocks[0]["type"] == "header"
    assert rendered[-1].blocks[-1]["type"] == "context"
    assert sum(s.count("finding ") for s in sections(rendered)) == 400  # nothing dropped


def test_a_single_huge_line_is_cut_not_rejected() -> None:
    rendered = sitrep_messages(sitrep(impact=Claim(text="y" * 10_000)), LINKS)
    assert all(len(s) <= MAX_SECTION_CHARS for s in sections(rendered))


def test_unverified_claims_are_marked() -> None:
    rendered = sitrep_messages(sitrep(next_steps=(Claim(text="check the pool", verified=False),)), LINKS)
    assert "_(unverified)_" in "\n".join(sections(rendered))


def test_board_lists_evidence_links_and_next_checks() -> None:
    board = Board(
        channel="C0INC",
        hypotheses=(
            Hypothesis(
                id="H1",
                statement="DB connection pool exhaustion",
                status="refuted",
                confidence=5,
                supporting=("1773528000.000100",),
                refuting=("1773528000.000200",),
                next_checks=("Check pool utilisation",),
                raised_ts="1773528000.000100",
                raised_by="Marcus",
            ),
        ),
    )
    (message,) = board_messages(board, LINKS)
    text = "\n".join(sections([message]))
    assert "*H1* · _refuted_ · 5%" in text
    assert "Refuting: <https://acme.slack.com/archives/C0INC/p1773528000000200?thread_ts=" in text
    assert "• Check pool utilisation" in text
    assert message.text.startswith("Hypothesis board: 1 hypothesis")


def test_stored_threads_look_up_only_the_cited_messages(services: Services) -> None:
    """A cited reply links into its thread; only cited messages are read, not the whole channel."""
    store = services.store
    store.put_message(Message(channel="C0INC", ts="1773528000.000100", text="parent"))
    store.put_message(Message(channel="C0INC", ts="1773528000.000200", text="reply", thread_ts="1773528000.000100"))
    for i in range(50):
        store.put_message(Message(channel="C0INC", ts=f"17735281{i:02d}.000100", text="noise"))
    threads = StoredThreads(services.incidents, "C0INC")
    links = Permalinks("https://acme.slack.com/", "C0INC", threads)
    assert links.url("1773528000.000200").endswith("?thread_ts=1773528000.000100&cid=C0INC")
    assert "thread_ts" not in links.url("1773528000.000100")
    assert "thread_ts" not in links.url("1773529999.000100")  # not stored: a plain link
    assert dict(threads) == {"1773528000.000200": "1773528000.000100"}


def _ts(i: int) -> str:
    return f"{1_773_528_000 + i}.{i:06d}"


def test_a_board_of_a_long_incident_fits_slacks_limits_after_the_outbox_guard() -> None:
    """Hypotheses with hundreds of supporting messages (a channel of 1,600): every message Slack would
    accept (the local Slack's block checks, after the outbox's guard), the latest links shown and the
    earlier ones counted."""
    cites = tuple(_ts(i) for i in range(1600))
    board = Board(
        channel="C0INC",
        hypotheses=tuple(
            Hypothesis(id=f"H{j}", statement=f"the DB pool {j} is exhausted", supporting=cites, refuting=cites[:400])
            for j in range(30)
        ),
    )
    messages = board_messages(board, LINKS)
    policy = LinkPolicy(LINKS.workspace_url)
    for m in messages:
        validate_blocks(policy.guard_blocks(m.blocks))
    joined = "\n".join(sections(messages))
    assert joined.count("(+1592 earlier,") == 30
    assert joined.count("(+392 earlier,") == 30
    assert f"p{_ts(1599).replace('.', '')}" in joined  # the latest evidence is linked
    assert f"p{_ts(0).replace('.', '')}" not in joined


def test_a_cut_never_splits_a_link() -> None:
    """An overlong line of links is cut between links: the guard leaves every piece as it is."""
    line = "Supporting:" + LINKS.cite([_ts(i) for i in range(300)])
    policy = LinkPolicy(LINKS.workspace_url)
    pieces = _chunks([line])
    assert len(pieces) > 1
    for piece in pieces:
        assert len(piece) <= MAX_SECTION_CHARS
        assert policy.guard(piece) == piece
