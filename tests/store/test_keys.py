"""Key names: one module, every per-channel key hash-tagged by its channel."""

from __future__ import annotations

import pytest

from bot.store import keys


def test_channel_keys_share_one_hash_tag() -> None:
    """All of a channel's keys carry ``{channel}`` so they live in one Redis Cluster slot."""
    names = [*keys.channel_data("C123"), keys.tick_lock("C123", "2026-03-14T09:10")]
    assert names
    for name in names:
        assert name.startswith("sitrep:{C123}:")


def test_key_names_are_stable() -> None:
    """Key names are a storage contract: renaming one orphans existing data."""
    assert keys.messages_index("C1") == "sitrep:{C1}:msgs"
    assert keys.messages("C1") == "sitrep:{C1}:msg"
    assert keys.incident("C1") == "sitrep:{C1}:incident"
    assert keys.sitreps("C1") == "sitrep:{C1}:sitreps"
    assert keys.board("C1") == "sitrep:{C1}:board"
    assert keys.postmortem("C1") == "sitrep:{C1}:postmortem"
    # The globals moved under one {global} tag (issue 18); Store.migrate_legacy_keys moves old data.
    assert keys.channels() == "sitrep:{global}:channels"
    assert keys.active() == "sitrep:{global}:active"
    assert {"sitrep:channels": keys.channels(), "sitrep:active": keys.active()} == keys.LEGACY_GLOBALS
    assert keys.event("Ev42") == "sitrep:event:{Ev42}"


@pytest.mark.parametrize("bad", ["", "C{1}", "C}"])
def test_channel_ids_that_would_break_the_hash_tag_are_refused(bad: str) -> None:
    """A brace in a channel id would move the hash tag, so it is refused."""
    with pytest.raises(ValueError, match="not a channel id"):
        keys.incident(bad)
