"""Who may finish a postmortem, and what a correction may put into it, end to end.

The real Bolt app (signed HTTP) against the local Slack, on the review harness of
``test_review_e2e``: a member approves every section alone; the incident commander does; a
member rewrites a section with a citation of a message that does not exist, and with blame.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.redaction import Redactor
from bot.sandbox.slack import LocalSlack
from bot.store import Store
from tests.slack.test_review_e2e import DANA, MARCO, PRIYA, SECRET, TITLES, TOKEN, Harness

FAKE_TS = "1773000000.999999"


def harness(slack: LocalSlack, store: Store, clock: ManualClock, redactor: Redactor, tmp: Path) -> Harness:
    slack.add_user(PRIYA, name="priya", real_name="Priya Raman", display_name="Priya")
    slack.add_user(MARCO, name="marco", real_name="Marco Rossi", display_name="Marco")
    slack.add_user(DANA, name="dana", real_name="Dana Kim", display_name="Dana")
    h = Harness(slack=slack, store=store, clock=clock, redactor=redactor, tmp=tmp)
    h.channel = slack.create_channel("inc-checkout", members=[PRIYA, MARCO, DANA, slack.bot_user_id])
    slack.discard_pending_events()
    return h


@pytest.fixture
def h(store: Store, clock: ManualClock, redactor: Redactor, tmp_path: Path) -> Iterator[Harness]:
    """Default settings: FINAL_APPROVERS_MIN=2, and Priya named as incident commander."""
    with LocalSlack(signing_secret=SECRET, bot_token=TOKEN, clock=clock, ack_timeout_s=5.0) as slack:
        harness_ = harness(slack, store, clock, redactor, tmp_path)
        harness_.start_app(incident_commanders=PRIYA)
        try:
            harness_.play_incident()
            harness_.resolve(user=DANA)  # any member may resolve: it does not make them the commander
            yield harness_
        finally:
            harness_.stop_app()


def approve_every_section(h: Harness, user: str) -> None:
    for section_id in TITLES:
        h.slack.click_button(user, h.section_ts(section_id), "pm_approve")
        h.wait(lambda sid=section_id: h.status(sid) == "approved", f"{section_id} approved")  # type: ignore[misc]


def test_one_member_approving_every_section_does_not_finalise(h: Harness) -> None:
    """Dana (who ran /resolve) approves all 11: not final until a second person approves."""
    approve_every_section(h, DANA)
    h.wait(lambda: any("2 different people (1 so far)" in t for t in h.ephemerals(DANA)), "the sign-off note")
    h.wait(lambda: "1 more approver" in h.text_of(h.draft_ts()), "the parent says what is missing")
    review = h.review
    assert review is not None and review.all_approved and not review.final and review.finalizing_since is None
    assert h.slack.files == []
    assert "*Progress:* 11/11 approved" in h.text_of(h.draft_ts())
    # A second person approving any one section completes the sign-off.
    h.slack.react(MARCO, h.channel, h.section_ts("impact"), "white_check_mark")
    h.wait_final()
    assert len(h.slack.files) == 4


def test_the_incident_commander_alone_finalises(h: Harness) -> None:
    approve_every_section(h, PRIYA)
    h.wait_final()
    review = h.review
    assert review is not None and review.final
    assert {a.user for s in review.sections for a in s.approvals} == {PRIYA}
    assert not any("different people" in t for t in h.ephemerals(PRIYA))


def test_a_correction_citing_a_message_that_does_not_exist_loses_that_citation(h: Harness) -> None:
    """'[ts …]' in a correction links only to messages of this channel; the rest is dropped and said."""
    summary = h.section_ts("summary")
    real = h.incident["decision"]
    updates = h.updates_of(summary)
    h.post(
        DANA,
        f"Summary: the rollback fixed it [ts {real}], as the DB team confirmed [ts {FAKE_TS}]",
        thread_ts=h.draft_ts(),
    )
    h.wait(lambda: h.updates_of(summary) > updates, "the summary revised")
    shown = h.message(summary)
    text = h.text_of(summary)
    assert "as the DB team confirmed" in text
    assert FAKE_TS not in str(shown["blocks"]) and FAKE_TS.replace(".", "") not in str(shown["blocks"])
    assert f"/p{real.replace('.', '')}" in str(shown["blocks"])  # the real citation is still a link
    pm = h.store.get_postmortem(h.channel)
    assert pm is not None and FAKE_TS not in pm.summary
    h.wait(lambda: any(FAKE_TS in t and "no message" in t for t in h.ephemerals(DANA)), "the dropped-citation note")
    review = h.review
    assert review is not None
    assert FAKE_TS not in (review.section("summary").revisions[-1].text)  # type: ignore[union-attr]


def test_blame_in_a_correction_is_flagged_like_in_a_draft(h: Harness) -> None:
    summary = h.section_ts("summary")
    updates = h.updates_of(summary)
    h.post(DANA, "Summary: Marco forgot to run the canary and caused the outage", thread_ts=h.draft_ts())
    h.wait(lambda: h.updates_of(summary) > updates, "the summary revised")
    text = h.text_of(summary)
    flag = text.split(":warning: Blameless check (Summary)", 1)[1].split("\n", 1)[0]
    assert '"forgot"' in flag and "describe the system or process instead" in flag
    pm = h.store.get_postmortem(h.channel)
    assert pm is not None and any(w.startswith("Blameless check (Summary)") for w in pm.warnings)
