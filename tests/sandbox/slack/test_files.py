"""files_upload_v2 end to end: getUploadURLExternal, the raw upload, completeUploadExternal, files.info."""

from __future__ import annotations

import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from .conftest import BOT_TOKEN, Workspace


def test_upload_v2_into_a_thread(ws: Workspace, client: WebClient) -> None:
    parent = ws.slack.post_as_user("U1", ws.incident, "incident closed")
    content = "# Postmortem\n\nAll good — ünïcode too.\n"
    response = client.files_upload_v2(
        channel=ws.incident,
        thread_ts=parent,
        content=content,
        filename="postmortem.md",
        title="Postmortem",
        initial_comment="Final postmortem",
    )
    file_id = response["file"]["id"]
    assert ws.slack.journal.methods() == ["files.getUploadURLExternal", "files.completeUploadExternal"]
    upload = next(e for e in ws.slack.journal.entries() if e.kind == "upload")
    assert upload.params == {"file_id": file_id, "bytes": len(content.encode())}
    assert ws.slack.journal.calls("files.getUploadURLExternal")[0].params["length"] == str(len(content.encode()))

    stored = ws.slack.files[0]
    assert stored.data == content.encode() and stored.title == "Postmortem"
    share = ws.slack.thread(ws.incident, parent)[-1]
    assert share["subtype"] == "file_share" and share["text"] == "Final postmortem"
    assert share["files"][0]["id"] == file_id and share["thread_ts"] == parent

    info = client.files_info(file=file_id)["file"]
    assert info["name"] == "postmortem.md" and info["size"] == len(content.encode())
    assert info["shares"]["public"][ws.incident][0]["ts"] == share["ts"]
    assert info["shares"]["public"][ws.incident][0]["thread_ts"] == parent

    request = urllib.request.Request(  # noqa: S310 - the emulator's http URL
        info["url_private"], headers={"Authorization": f"Bearer {BOT_TOKEN}"}
    )
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=5) as download:
        assert download.read() == content.encode()

    shared = ws.slack.emitted_events("file_shared")
    assert [e["event"]["file_id"] for e in shared] == [file_id]


def test_upload_errors(ws: Workspace, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as not_member:
        client.files_upload_v2(channel=ws.lobby, content="x", filename="a.txt")
    assert not_member.value.response["error"] == "not_in_channel"
    with pytest.raises(SlackApiError) as unknown:
        client.files_completeUploadExternal(files=[{"id": "F404", "title": "nope"}])
    assert unknown.value.response["error"] == "file_not_found"
    with pytest.raises(SlackApiError) as info_missing:
        client.files_info(file="F404")
    assert info_missing.value.response["error"] == "file_not_found"
    with pytest.raises(SlackApiError) as empty:
        client.files_getUploadURLExternal(filename="a.txt", length=0)
    assert empty.value.response["error"] == "invalid_arguments"
