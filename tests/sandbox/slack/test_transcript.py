"""transcript.md carries one anchor per message, the target of the documents' citations."""

from __future__ import annotations

from collections.abc import Sequence

from bot.render.cite import anchor
from bot.sandbox.slack import LocalSlack
from bot.sandbox.slack.transcript import render_transcript


def _same(texts: Sequence[str]) -> list[str]:
    return list(texts)


def test_every_message_and_reply_has_the_anchor_citations_link_to() -> None:
    with LocalSlack() as slack:
        slack.add_user("U0ANN", name="ann", display_name="Ann")
        channel = slack.create_channel("inc-demo", members=["U0ANN"], creator="U0ANN")
        top = slack.post_as_user("U0ANN", channel, "the queue is backing up on the east workers")
        reply = slack.post_as_user("U0ANN", channel, "draining it now", thread_ts=top)
        text = render_transcript(slack, channel, _same)
    for ts in (top, reply):
        assert f'<a id="{anchor(ts)}"></a>' in text
    assert f'    <a id="{anchor(reply)}"></a>**Ann**' in text
