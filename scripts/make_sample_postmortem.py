"""Regenerate ``examples/sample-postmortem.md``: the example incident's *final* postmortem after review.

The bundled incident (``examples/inc-checkout-latency``) is replayed offline, drafted, then
reviewed the way responders do it in Slack (through the same ``ReviewService`` the Slack app
calls): two key moments are pinned, one section gets a change request, two thread replies correct
the timeline and the 5 whys, everyone approves, and the final document is rendered exactly as it
is uploaded to the thread. Time is simulated and the offline engine is used, so the output is
deterministic; ``tests/core/test_review_sample.py`` fails when the committed sample is stale.

    .venv/bin/python scripts/make_sample_postmortem.py            # rewrite the sample
    .venv/bin/python scripts/make_sample_postmortem.py --check    # exit 1 when it is out of date
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.config import Settings
from bot.core.review_documents import FinalDocuments
from bot.domain import SECTIONS, RawMessage, ts_to_datetime
from bot.playback.replay import replay_channel
from bot.services import Services, open_services
from bot.slackdata.export import read_export

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "examples" / "inc-checkout-latency"
SAMPLE = ROOT / "examples" / "sample-postmortem.md"
SAMPLE_CHART = ROOT / "examples" / "timeline.png"
"""The chart the sample embeds as ``![Timeline](timeline.png)``, uploaded to Slack next to it."""

PRIYA, MARCUS, TOMAS, AIKO, LENA, DANA = (
    "U061PRAMAN",
    "U061MOYELA",
    "U061TORTEG",
    "U061ATANAK",
    "U061LFISCH",
    "U061DWHITF",
)
KEY_MOMENTS = (
    ("1773530935.289444", TOMAS, "reaction"),  # "max_retries 5 with no backoff, and 429 is in retry_on"
    ("1773530970.679895", PRIYA, "pin"),  # the gateway logs: the same request ids 5–6 times
)
CORRECTIONS = (
    (
        PRIYA,
        "Timeline: customer impact started at 22:19, per the 22:44 status update (p99 and 5xx climbing)",
    ),
    (
        TOMAS,
        "5 whys: deploy #4812 raised max_retries from 1 (503 only) to 5 with no backoff and added 429 to "
        "retry_on, so every rate-limited payment call was retried at once and fed more 429s",
    ),
)
DRAFT_TS = "1773536400.000100"
"""Where the draft's parent would sit in Slack (the review record keeps it); replies follow it."""


def build_sample(export_dir: Path = EXPORT) -> str:
    """Replay, draft, review and finalize the example incident; returns postmortem.md."""
    return build_sample_files(export_dir)[0]


def build_sample_files(export_dir: Path = EXPORT) -> tuple[str, bytes | None]:
    """Like ``build_sample``, with the timeline.png uploaded next to it (None if nothing to draw)."""
    with reviewed(export_dir) as (_, _, documents):
        return documents.markdown, documents.chart.png if documents.chart is not None else None


@contextmanager
def reviewed(export_dir: Path = EXPORT) -> Iterator[tuple[Services, str, FinalDocuments]]:
    """The example replayed, drafted, reviewed and final: (services, channel id, the final documents).

    ``scripts/make_sample_rca.py`` drafts the external RCA from this same final postmortem.
    """
    export = read_export(export_dir)
    (channel,) = export.channels
    names = {uid: user.best_name for uid, user in export.users.items()}
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, redis_url=None, anthropic_api_key=None, slack_bot_token=None
    )
    clock = ManualClock(ts_to_datetime(channel.events[0].at))
    with tempfile.TemporaryDirectory() as tmp, open_services(settings, clock=clock, ephemeral=True) as services:
        replay_channel(services, channel, names=names, out_dir=Path(tmp))
        reviews = services.reviews

        def step(minutes: float = 1) -> None:
            clock.advance(timedelta(minutes=minutes))

        for ts, user, via in KEY_MOMENTS:
            reviews.mark(channel.id, ts, user, via, clock.now(), added=True, name=names[user])  # type: ignore[arg-type]
        step(5)
        reviews.draft(channel.id, clock.now(), names=names)
        section_ts = {sid: f"1773536400.{i + 2:06d}" for i, (sid, _) in enumerate(SECTIONS)}
        reviews.attach(channel.id, DRAFT_TS, section_ts)

        step()
        reviews.verdict(channel.id, "root_cause", MARCUS, "request_changes", clock.now(), name=names[MARCUS])
        for n, (user, text) in enumerate(CORRECTIONS, start=1):
            step()
            reply = RawMessage(
                channel=channel.id,
                ts=f"{int(clock.now().timestamp())}.{n:06d}",
                text=text,
                user=user,
                user_name=names[user],
                thread_ts=DRAFT_TS,
            )
            reviews.correct(reply, clock.now(), author=names[user])
        reviews.verdict(channel.id, "root_cause", MARCUS, "withdraw_request", clock.now(), name=names[MARCUS])

        approvers = (PRIYA, MARCUS, TOMAS, AIKO, LENA, DANA)
        for i, (section_id, _) in enumerate(SECTIONS):
            step(0.5)
            for user in (approvers[1 + i % (len(approvers) - 1)], PRIYA):
                reviews.verdict(channel.id, section_id, user, "approve", clock.now(), name=names[user])
        step()
        documents = reviews.documents(channel.id, finalized_at=clock.now())
        reviews.complete_finalize(channel.id, ("F0SAMPLEMD", "F0SAMPLEJSON"), clock.now())
        assert reviews.documents(channel.id).markdown == documents.markdown  # what export gives later
        yield services, channel.id, documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed sample is out of date")
    args = parser.parse_args(argv)
    sample, png = build_sample_files()
    if args.check:
        current = SAMPLE.read_text(encoding="utf-8") if SAMPLE.exists() else ""
        chart = SAMPLE_CHART.read_bytes() if SAMPLE_CHART.exists() else None
        if current != sample or chart != png:
            sys.stderr.write(f"{SAMPLE.relative_to(ROOT)} is out of date: run scripts/make_sample_postmortem.py\n")
            return 1
        return 0
    SAMPLE.write_text(sample, encoding="utf-8")
    if png is not None:
        SAMPLE_CHART.write_bytes(png)
    sys.stdout.write(f"wrote {SAMPLE.relative_to(ROOT)} ({len(sample.splitlines())} lines)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
