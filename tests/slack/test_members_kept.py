"""Live Slack: workspace members' names from users.list stay in the record; a customer's name goes."""

from __future__ import annotations

import re

import pytest

from tests.slack.conftest import Running, wait_until


@pytest.mark.parametrize("running", ["socket"], indirect=True)
def test_members_names_are_kept_and_customers_redacted(running: Running) -> None:
    """Real names, first names and handles of members (users.list) survive; a customer's name does not."""
    text = "Marcus Oyelaran is rolling back, thanks Lena; customer Hannah Kowalczyk called twice"
    ts = running.slack.post_as_user("UPRIYA", running.channel, text)
    assert wait_until(lambda: running.services.store.get_message(running.channel, ts) is not None)
    message = running.services.store.get_message(running.channel, ts)
    assert message is not None
    assert "Marcus Oyelaran is rolling back, thanks Lena" in message.text
    assert "Hannah" not in message.text and "Kowalczyk" not in message.text
    # The number depends on what the shared test redactor numbered in this channel id before.
    assert re.search(r"customer <PERSON_\d+> called twice", message.text)
