"""The libraries' loggers never pass a payload on, whatever level someone sets."""

from __future__ import annotations

import logging

import pytest

from bot.logcap import CAPPED, NOT_LOGGED, cap_library_logs

MARKER = "xoxb-4242-payload-marker"


@pytest.fixture(autouse=True)
def capped(caplog: pytest.LogCaptureFixture) -> None:
    cap_library_logs()
    caplog.set_level(logging.DEBUG)
    for name in CAPPED:
        caplog.set_level(logging.DEBUG, logger=name)


def test_debug_and_info_records_of_every_library_are_dropped(caplog: pytest.LogCaptureFixture) -> None:
    for name in CAPPED:
        logging.getLogger(f"{name}.some.module").debug("frame: %s", MARKER)
        logging.getLogger(name).info(f"body {MARKER}")
    assert MARKER not in caplog.text
    assert not [r for r in caplog.records if r.name.split(".")[0] in CAPPED]


def test_a_logger_created_later_with_its_own_debug_level_is_capped(caplog: pytest.LogCaptureFixture) -> None:
    """Bolt creates a logger per class when the app is built and copies the root level onto it."""
    late = logging.getLogger("slack_bolt.SomethingBuiltLater")
    late.setLevel(logging.DEBUG)
    late.debug("request body: %s", MARKER)
    assert MARKER not in caplog.text


def test_warnings_keep_their_leading_words_and_lose_the_payload(caplog: pytest.LogCaptureFixture) -> None:
    logging.getLogger("slack_sdk.socket_mode.builtin.connection").warning(
        f"Received an unsupported data frame (session id: 1, opcode: text, payload: {MARKER})"
    )
    logging.getLogger("urllib3.connectionpool").warning("Retrying (%r) after %s", 3, MARKER)
    messages = [r.getMessage() for r in caplog.records]
    assert f"Received an unsupported data frame {NOT_LOGGED}" in messages
    assert f"Retrying {NOT_LOGGED}" in messages
    assert MARKER not in caplog.text


def test_an_exception_keeps_its_frames_and_type_but_not_its_message(caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise ValueError(f"could not parse {MARKER}")
    except ValueError:
        logging.getLogger("slack_bolt.App").exception("Failed to run listener function (error: %s)", MARKER)
    [record] = [r for r in caplog.records if r.name == "slack_bolt.App"]
    assert record.getMessage() == f"Failed to run listener function {NOT_LOGGED}"
    assert record.exc_text is not None and "ValueError" in record.exc_text and "test_logcap.py" in record.exc_text
    assert MARKER not in caplog.text


def test_sitreps_own_loggers_are_not_capped(caplog: pytest.LogCaptureFixture) -> None:
    logging.getLogger("bot.core.ingest").debug("stored %s", "1773528000.000100")
    assert "stored 1773528000.000100" in caplog.text
