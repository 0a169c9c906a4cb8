"""Owners named the way responders call each other: a first name, a given name written last, a
handle, while Slack shows something else. Every name a member goes by reaches the reading."""

from __future__ import annotations

from bot.analysis.actions import action_items
from bot.core.tracker_export import owner_user_id
from bot.slackdata.users import ExportUser, names_map
from tests.analysis.reading_support import said

MEMBERS = [
    ExportUser(id="U0MARTA01", name="mfuentes", real_name="Marta Fuentes Ruiz", display_name="mfuentes"),
    ExportUser(id="U0LIUYANG", name="liuyang", real_name="Liu Yang", display_name="liuyang"),
    ExportUser(id="U0SIGRID1", name="sigi", real_name="Sigríður Jónsdóttir", display_name="Sigi J"),
    ExportUser(id="U0ANDREAS", name="akraus", real_name="Andreas Kraus"),
    ExportUser(id="U0ANDREA2", name="aricci", real_name="Andrea Ricci"),
]
NAMES = names_map(MEMBERS)


def owners(*lines: str) -> dict[str, str | None]:
    text = "follow-ups:\n" + "\n".join(f"- {line}" for line in lines)
    items = action_items([said(90, text, "sigi")], after=None, names=NAMES)
    return {item.text.lower(): item.owner for item in items}


def test_the_map_holds_ids_first_then_other_names() -> None:
    """Ids map to the name shown; real names and handles that differ from it follow."""
    assert list(NAMES)[: len(MEMBERS)] == [m.id for m in MEMBERS]
    assert NAMES["Marta Fuentes Ruiz"] == "mfuentes"
    assert NAMES["sigi"] == "Sigi J"
    assert "Sigi J" not in NAMES  # the shown name is a value, never a key


def test_a_first_name_finds_the_member_shown_by_handle() -> None:
    """ "marta" is Marta Fuentes Ruiz, shown in Slack as mfuentes; accents do not matter."""
    found = owners("marta to add a lag alert on the outbox", "write the restore runbook (owner: sigridur)")
    assert found["add a lag alert on the outbox"] == "mfuentes"
    assert found["write the restore runbook"] == "Sigi J"


def test_a_given_name_written_last_finds_its_member() -> None:
    """Family name first ("Liu Yang" called "yang") still finds the one member who has it."""
    assert owners("yang will cap the retry budget")["cap the retry budget"] == "liuyang"


def test_a_name_two_members_could_be_is_nobody_in_particular() -> None:
    """ "andre" is the start of Andreas and of Andrea: no owner is guessed between them."""
    found = owners("andre will check the pool sizing")
    assert list(found.values()) != ["akraus"] and list(found.values()) != ["aricci"]


def test_the_tracker_finds_the_id_behind_an_owner_with_other_names_in_the_map() -> None:
    """Aliases in the map never pass for user ids; the shown name and the real name find the id."""
    assert owner_user_id("mfuentes", NAMES) == "U0MARTA01"
    assert owner_user_id("Marta Fuentes Ruiz", NAMES) == "U0MARTA01"
    assert owner_user_id("<@U0LIUYANG>", NAMES) == "U0LIUYANG"
    assert owner_user_id("nobody", NAMES) is None


def test_a_name_in_round_brackets_or_after_a_dash_owns_the_item() -> None:
    """ "… (yang)", "… - Marta", "… — andreas" at an item's end name its owner when they are members;
    a dash before a word that is nobody's name ("- tomorrow") is part of the task."""
    found = owners(
        "cap the retry budget on the importer (yang)",
        "page on replica lag over 30s - Marta",
        "write up the failover drill — andreas",
        "move the cron to the new region - tomorrow",
    )
    assert found["cap the retry budget on the importer"] == "liuyang"
    assert found["page on replica lag over 30s"] == "mfuentes"
    assert found["write up the failover drill"] == "Andreas Kraus"  # no display name: the real name shows
    assert found["move the cron to the new region - tomorrow"] is None
