"""Slack ``ts`` values to datetimes: exact, remembered, and a clear error for anything else."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain import ts_to_datetime


def test_a_ts_becomes_the_same_aware_datetime_every_time() -> None:
    """Read twice (the second time from memory), a ts gives the same UTC instant to the microsecond."""
    first = ts_to_datetime("1700000000.000100")
    assert first == datetime(2023, 11, 14, 22, 13, 20, 100, tzinfo=UTC)
    assert ts_to_datetime("1700000000.000100") == first


@pytest.mark.parametrize("bad", ["", "soon", "nan", "-1.000000", None, ["1700000000.000100"]])
def test_anything_else_is_a_value_error_that_names_it(bad: object) -> None:
    """Not a number, negative, not a string at all, or not even hashable: one ValueError naming the value."""
    with pytest.raises(ValueError, match="not a Slack timestamp"):
        ts_to_datetime(bad)  # type: ignore[arg-type]
