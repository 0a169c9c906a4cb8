"""One Redactor for the whole redaction suite: building it loads spaCy (a fraction of a second)."""

from __future__ import annotations

import pytest

from bot.redaction import Redactor

# Workspace members in these tests: responders whose names must stay in the record.
MEMBERS = ("Priya Raman", "Tom Becker", "Aisha Okafor", "Sam O'Brien")


@pytest.fixture(scope="session")
def members_redactor() -> Redactor:
    """The real redactor with a few workspace members; built once per test session."""
    return Redactor(MEMBERS)
