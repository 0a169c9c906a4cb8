"""Closing the Socket Mode front while its connection is still being made.

websocket-client's ``close()`` returns at once on a connection whose handshake has not finished and
drops its reference to it, so the socket stayed open, the reader thread stayed blocked on the
handshake, and the socket was only noticed when collected (a ResourceWarning that failed CI once).
The server here accepts the connection and never answers the upgrade, which holds the client in
exactly that state: no stand-in for the client, only for a Slack that stalls.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.slack.socket_mode import SocketFrontClient
from tests.slack.conftest import APP_TOKEN


class StalledUpgrade:
    """A TCP server that takes one connection, reads the upgrade request and never answers it."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.asked = threading.Event()
        self.conn: socket.socket | None = None
        threading.Thread(target=self._serve, name="stalled-upgrade", daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.listener.accept()
        self.conn = conn
        conn.settimeout(10)
        if b"Upgrade" in conn.recv(4096):
            self.asked.set()

    def peer_went_away(self, timeout_s: float) -> bool:
        """True once the client's side is closed (the read sees end of stream)."""
        assert self.conn is not None
        self.conn.settimeout(timeout_s)
        try:
            return self.conn.recv(1) == b""
        except TimeoutError:
            return False

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.listener.close()


@pytest.fixture
def stalled() -> Iterator[StalledUpgrade]:
    server = StalledUpgrade()
    try:
        yield server
    finally:
        server.close()


def test_close_during_the_handshake_closes_the_socket(stalled: StalledUpgrade) -> None:
    client = SocketFrontClient(APP_TOKEN, web_client=WebClient(base_url="http://127.0.0.1:9/api/"))
    client.wss_uri = f"ws://127.0.0.1:{stalled.port}/link"  # no apps.connections.open: straight to the stalled server
    client.connect()
    assert stalled.asked.wait(10), "the client never sent its upgrade request"
    client.close(timeout_s=2)
    assert stalled.peer_went_away(5), "the socket of a connection closed mid-handshake was left open"
