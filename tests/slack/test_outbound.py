"""The outbound guard: only Sitrep's own permalinks and plain user mentions stay active."""

from __future__ import annotations

from bot.slack.outbound import LinkPolicy, escape

WORKSPACE = "https://acme.slack.com/"
PERMALINK = "<https://acme.slack.com/archives/C1/p1773534710250190|[1]>"


def test_the_guard_neutralises_broadcasts_foreign_and_disguised_links() -> None:
    policy = LinkPolicy(WORKSPACE)
    raw = (
        "<!channel> <!here> <!everyone> <!subteam^S1|@oncall> <#C9|general> "
        "<https://evil.example|grafana> <https://acme.slack.com/archives/C1/p1|click to log in> "
        f"<mailto:x@evil.example> {PERMALINK} <@U0PRIYA> a &amp; b"
    )
    guarded = policy.guard(raw)
    assert guarded.count("<") == 2 and PERMALINK in guarded and "<@U0PRIYA>" in guarded
    assert "&lt;!channel&gt;" in guarded and "&lt;https://evil.example|grafana&gt;" in guarded
    assert "a &amp; b" in guarded  # the builder's escaping is not escaped twice


def test_the_guard_walks_mrkdwn_objects_and_leaves_plain_text() -> None:
    policy = LinkPolicy(WORKSPACE)
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Sitrep <!here>"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "see <https://evil.example|docs>"}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": f"<!here> {PERMALINK}"}]},
    ]
    out = policy.guard_blocks(blocks)
    assert out[0]["text"]["text"] == "Sitrep <!here>"  # plain_text is never parsed by Slack
    assert out[1]["text"]["text"] == "see &lt;https://evil.example|docs&gt;"
    assert out[2]["elements"][0]["text"] == f"&lt;!here&gt; {PERMALINK}"
    assert blocks[1]["text"]["text"] == "see <https://evil.example|docs>"  # the input is not mutated


def test_escape_is_slacks_three_characters() -> None:
    assert escape("a & b <!channel> > c") == "a &amp; b &lt;!channel&gt; &gt; c"
    assert escape("café ✓ *bold*") == "café ✓ *bold*"
