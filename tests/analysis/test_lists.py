"""Action items and contributing factors written as lists under a heading, with their owners."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.analysis.actions import action_items, resolve_person
from bot.analysis.lexicon import ACTION_HEADING
from bot.analysis.lists import headed_lists
from bot.analysis.report import contributing_factors
from bot.domain import Board, IncidentState, Message

T0 = datetime(2026, 9, 9, 9, 0, tzinfo=UTC)
NAMES = {"U1": "oskar", "U2": "nkechi.o", "U3": "lwang", "U4": "Søren"}


def _msg(minute: int, text: str, *, user: str = "U1") -> Message:
    ts = f"{(T0 + timedelta(minutes=minute)).timestamp():.6f}"
    return Message(channel="C1", ts=ts, text=text, user=user, user_name=NAMES[user])


@pytest.mark.parametrize(
    "heading",
    ["*Action items*", "follow-ups from today, owners in brackets:", "Next steps — grab one:", "TODO", "**followups**"],
)
def test_headings_and_markers(heading: str) -> None:
    text = f"{heading}\n1. pin the base image\n• add a canary for the cron host\n- [ ] write the restore doc"
    (block,) = headed_lists(text, ACTION_HEADING)
    assert block.items == ("pin the base image", "add a canary for the cron host", "write the restore doc")


def test_a_list_ends_at_its_first_plain_line() -> None:
    (block,) = headed_lists("next steps:\n- a thing to do\nthat's all from me", ACTION_HEADING)
    assert block.items == ("a thing to do",)


def test_owners_in_their_common_forms() -> None:
    listing = _msg(
        300,
        "action items:\n"
        "1. alarm on replica lag over 30s (owner: nkechi)\n"
        "2. make the purge job idempotent — @lwang will take it\n"
        "3. @soren will write the failover runbook\n"
        "4. oskar to add a dry-run flag to the migration tool\n"
        "5. storage quota review [nkechi.o]\n"
        "6. I'll file the vendor ticket\n"
        "7. retire the legacy bucket",
        user="U2",
    )
    items = action_items([listing], after=None, names=NAMES)
    assert [i.owner for i in items] == ["nkechi.o", "lwang", "Søren", "oskar", "nkechi.o", "nkechi.o", None]
    assert items[1].text == "Make the purge job idempotent"
    assert items[2].text.startswith("Write the failover runbook")
    assert all(i.citations == (listing.ts,) for i in items)


def test_an_owner_nobody_in_the_channel_goes_by_is_kept_as_written() -> None:
    items = action_items([_msg(0, "follow-ups\n- rotate the signing key (owner: marguerite)")], after=None, names=NAMES)
    assert items[0].owner == "marguerite"


def test_resolve_person() -> None:
    people = list(NAMES.values())
    assert resolve_person("@Nkechi", people) == "nkechi.o"
    assert resolve_person("soren", people) == "Søren"
    assert resolve_person("lw", people) is None
    assert resolve_person("zed", people) is None


def test_notes_for_the_postmortem_become_factors() -> None:
    state = IncidentState(channel="C1", name="inc", started_at=T0)
    msgs = [
        _msg(10, "rolled back, errors gone"),
        _msg(
            200,
            "notes for the retro:\n- the purge job had no dry-run mode\n- nobody got paged for replica lag\n"
            "- the runbook still described the old cluster",
            user="U3",
        ),
        _msg(205, "adding: the staging data set never had that many rows, so tests never caught it", user="U2"),
        _msg(210, "Action items\n- add a dry-run mode (owner: lwang)"),
    ]
    factors = contributing_factors(Board(channel="C1"), msgs, state, list(NAMES.values()))
    texts = [f.text for f in factors]
    assert texts[:3] == [
        "the purge job had no dry-run mode",
        "nobody got paged for replica lag",
        "the runbook still described the old cluster",
    ]
    assert any("staging data set" in t for t in texts)
    assert not any("dry-run mode" in t and "add" in t for t in texts)  # action items are not factors
    assert factors[0].citations == (msgs[1].ts,)
