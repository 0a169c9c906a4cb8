"""The Slack export reader: folders, zips and channel files in; sorted events or one clear error out."""

from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path

import pytest

from bot.errors import ExportError
from bot.slackdata.export import ExportEvent, read_export

CHANNEL = "inc-checkout"
DAY = "2026-03-14.json"
USERS = [
    {"id": "U1", "name": "priya", "real_name": "Priya Raman", "profile": {"display_name": "priya.r"}},
    {"id": "U2", "name": "marcus", "real_name": "Marcus Oyelaran", "profile": {"display_name": ""}},
    {"id": "U3", "name": "lena", "profile": {"real_name": "Lena Fischer"}},
    {"id": "U4", "name": "tomas"},
    {"id": "UBOT", "name": "shipit", "is_bot": True, "profile": {"real_name": "Shipit"}},
]


# --------------------------------------------------------------------------- helpers


def msg(ts: str, text: str = "hello", user: str | None = "U1", **extra: object) -> dict[str, object]:
    """A minimal human message as Slack exports it."""
    out: dict[str, object] = {"type": "message", "ts": ts, "text": text}
    if user is not None:
        out["user"] = user
    out.update(extra)
    return out


def write_json(path: Path, doc: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return path


def write_export(
    root: Path,
    days: dict[str, dict[str, object]],
    *,
    channels: list[dict[str, object]] | None = None,
    users: list[dict[str, object]] | None = None,
) -> Path:
    """Write an export folder: ``days`` maps channel name → {day file name: contents}.

    Contents that are ``str`` or ``bytes`` are written as given, so tests can plant broken files.
    """
    root.mkdir(parents=True, exist_ok=True)
    if channels is None:
        channels = [{"id": f"C{i}", "name": name} for i, name in enumerate(days)]
    write_json(root / "channels.json", channels)
    write_json(root / "users.json", USERS if users is None else users)
    for name, files in days.items():
        for day, doc in files.items():
            path = root / name / day
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(doc, bytes):
                path.write_bytes(doc)
            elif isinstance(doc, str):
                path.write_text(doc, encoding="utf-8")
            else:
                write_json(path, doc)
    return root


def zip_folder(folder: Path, target: Path, *, wrap: str = "") -> Path:
    """Zip ``folder``'s contents, optionally under a wrapping folder name (as Finder zips do)."""
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, wrap + path.relative_to(folder).as_posix())
    return target


def one_channel(tmp_path: Path, messages: list[object]) -> list[ExportEvent]:
    export = read_export(write_export(tmp_path / "export", {CHANNEL: {DAY: messages}}))
    return list(export.channel(CHANNEL).events)


def error_for(tmp_path: Path, messages: object, *, day: str = DAY) -> str:
    root = write_export(tmp_path / "export", {CHANNEL: {day: messages}})
    with pytest.raises(ExportError) as info:
        read_export(root)
    return str(info.value)


def assert_one_line(text: str) -> None:
    assert "\n" not in text
    assert text.strip() == text


# --------------------------------------------------------------------------- good exports


def test_folder_export_maps_users_and_sorts_across_day_files(tmp_path: Path) -> None:
    """Days are merged in ts order and users get the name Slack shows them by."""
    root = write_export(
        tmp_path / "export",
        {
            CHANNEL: {
                "2026-03-15.json": [msg("1773532900.000100", "after midnight", "U4")],
                DAY: [
                    msg("1773528060.000200", "second", "U2"),
                    msg("1773528000.000100", "first", "U1"),
                    msg("1773528120.000300", "third", "U3"),
                ],
                "notes.txt": "ignored: not a day file",
            },
            "random": {DAY: [msg("1773528000.000500", "elsewhere")]},
        },
    )
    export = read_export(root)
    assert [c.name for c in export.channels] == [CHANNEL, "random"]
    channel = export.channel(CHANNEL)
    assert channel.id == "C0"
    assert [e.at for e in channel.events] == [
        "1773528000.000100",
        "1773528060.000200",
        "1773528120.000300",
        "1773532900.000100",
    ]
    names = [e.message.user_name for e in channel.events if e.message]
    # display name > real name > handle; an empty display name does not count
    assert names == ["priya.r", "Marcus Oyelaran", "Lena Fischer", "tomas"]
    first = channel.events[0].message
    assert first is not None
    assert (first.channel, first.ts, first.text, first.user) == ("C0", "1773528000.000100", "first", "U1")
    assert all(e.kind == "post" and e.target_ts == e.at for e in channel.events)
    assert export.users["U1"].display_name == "priya.r"
    assert export.users["UBOT"].is_bot


def test_zip_export_reads_like_the_folder(tmp_path: Path) -> None:
    """A zip is read in place, also when its files sit under one wrapping folder."""
    folder = write_export(tmp_path / "export", {CHANNEL: {DAY: [msg("1773528000.000100", "zipped")]}})
    for wrap in ("", "slack-export/"):
        archive = zip_folder(folder, tmp_path / f"export{len(wrap)}.zip", wrap=wrap)
        export = read_export(archive)
        posts = export.channel(CHANNEL).posts
        assert [(m.text, m.user_name) for m in posts] == [("zipped", "priya.r")]


def test_zip_without_zip_suffix_is_detected(tmp_path: Path) -> None:
    folder = write_export(tmp_path / "export", {CHANNEL: {DAY: [msg("1773528000.000100")]}})
    archive = zip_folder(folder, tmp_path / "export.bin")
    assert len(read_export(archive).channel(CHANNEL).events) == 1


def test_folder_wrapping_the_export_is_descended(tmp_path: Path) -> None:
    write_export(tmp_path / "outer" / "inner", {CHANNEL: {DAY: [msg("1773528000.000100")]}})
    assert read_export(tmp_path / "outer").channel(CHANNEL).name == CHANNEL


def test_single_channel_file_is_named_after_its_stem(tmp_path: Path) -> None:
    path = write_json(tmp_path / "war-room.json", [msg("1773528000.000100", user="U9")])
    export = read_export(path)
    channel = export.channel("war-room")
    assert channel.id == "war-room"
    assert channel.posts[0].user_name is None  # no users.json: the id stays the only identity
    assert channel.posts[0].user == "U9"
    assert read_export(path, channel_id="C42").channel("C42").name == "war-room"


def test_single_day_file_takes_channel_and_users_from_its_export(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export", {CHANNEL: {DAY: [msg("1773528000.000100", user="U2")]}})
    export = read_export(root / CHANNEL / DAY)
    assert export.channels[0].name == CHANNEL
    assert export.channels[0].posts[0].user_name == "Marcus Oyelaran"


def test_users_path_overrides_the_exports_users(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export", {CHANNEL: {DAY: [msg("1773528000.000100", user="U1")]}})
    other = write_json(tmp_path / "people.json", [{"id": "U1", "name": "someone-else"}])
    assert read_export(root, users_path=other).channel(CHANNEL).posts[0].user_name == "someone-else"


def test_threads_keep_thread_ts_on_parent_and_replies(tmp_path: Path) -> None:
    parent = msg("1773528000.000100", "DB thread", reply_count=2, thread_ts="1773528000.000100")
    reply = msg("1773528060.000100", "pool at 40%", "U3", thread_ts="1773528000.000100", parent_user_id="U1")
    broadcast = msg("1773528090.000100", "also here", "U2", thread_ts="1773528000.000100", subtype="thread_broadcast")
    events = one_channel(tmp_path, [reply, parent, broadcast])
    posts = [e.message for e in events if e.message]
    assert [(m.ts, m.thread_ts) for m in posts] == [
        ("1773528000.000100", "1773528000.000100"),
        ("1773528060.000100", "1773528000.000100"),
        ("1773528090.000100", "1773528000.000100"),
    ]
    assert posts[2].subtype == "thread_broadcast"


def test_edited_field_gives_a_post_with_the_final_text(tmp_path: Path) -> None:
    """Standard exports only keep the last version: one post, flagged with edited_ts."""
    edited = msg("1773528000.000100", "fixed typo", edited={"user": "U1", "ts": "1773528100.000000"})
    [event] = one_channel(tmp_path, [edited])
    assert event.kind == "post"
    assert event.at == "1773528000.000100"
    assert event.message is not None
    assert (event.message.text, event.message.edited_ts) == ("fixed typo", "1773528100.000000")


def test_message_changed_becomes_an_edit_at_the_event_ts(tmp_path: Path) -> None:
    original = msg("1773528000.000100", "p99 is 3s")
    changed = {
        "type": "message",
        "subtype": "message_changed",
        "hidden": True,
        "ts": "1773528200.000300",
        "message": msg("1773528000.000100", "p99 is 4s", edited={"user": "U1", "ts": "1773528200.000000"}),
        "previous_message": msg("1773528000.000100", "p99 is 3s"),
    }
    later = msg("1773528150.000100", "in between", "U2")
    events = one_channel(tmp_path, [changed, later, original])
    assert [(e.kind, e.at, e.target_ts) for e in events] == [
        ("post", "1773528000.000100", "1773528000.000100"),
        ("post", "1773528150.000100", "1773528150.000100"),
        ("edit", "1773528200.000300", "1773528000.000100"),
    ]
    new = events[2].message
    assert new is not None
    assert (new.ts, new.text, new.edited_ts, new.user_name) == (
        "1773528000.000100",
        "p99 is 4s",
        "1773528200.000000",
        "priya.r",
    )


def test_message_changed_without_edited_uses_the_event_ts(tmp_path: Path) -> None:
    changed = {
        "subtype": "message_changed",
        "ts": "1773528200.000300",
        "message": msg("1773528000.000100", "unfurled"),
    }
    [event] = one_channel(tmp_path, [changed])
    assert event.message is not None
    assert event.message.edited_ts == "1773528200.000300"


def test_message_deleted_and_tombstone_become_deletes(tmp_path: Path) -> None:
    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "ts": "1773528300.000100",
        "deleted_ts": "1773528000.000100",
        "previous_message": msg("1773528000.000100", "wrong channel"),
    }
    tombstone = {
        "type": "message",
        "subtype": "tombstone",
        "user": "USLACKBOT",
        "text": "This message was deleted.",
        "ts": "1773528400.000100",
        "thread_ts": "1773528400.000100",
        "hidden": True,
    }
    events = one_channel(tmp_path, [msg("1773528000.000100", "wrong channel"), deleted, tombstone])
    assert [(e.kind, e.at, e.target_ts, e.message) for e in events[1:]] == [
        ("delete", "1773528300.000100", "1773528000.000100", None),
        ("delete", "1773528400.000100", "1773528400.000100", None),
    ]


def test_message_replied_bookkeeping_is_skipped(tmp_path: Path) -> None:
    replied = {"subtype": "message_replied", "ts": "1773528300.000100", "message": msg("1773528000.000100")}
    events = one_channel(tmp_path, [msg("1773528000.000100"), replied])
    assert [e.kind for e in events] == ["post"]


def test_bot_messages_are_named_and_flagged(tmp_path: Path) -> None:
    integration = msg(
        "1773528000.000100",
        "Incident triggered",
        user=None,
        subtype="bot_message",
        bot_id="B01",
        username="PagerDuty",
        bot_profile={"name": "pagerduty-app"},
    )
    app_bot = msg("1773528001.000100", "Deploy #4812 finished", user="UBOT", bot_id="B02")
    profile_only = msg("1773528002.000100", "alert", user=None, bot_id="B03", bot_profile={"name": "Datadog"})
    events = one_channel(tmp_path, [integration, app_bot, profile_only])
    posts = [e.message for e in events if e.message]
    assert [(m.user, m.user_name, m.is_bot) for m in posts] == [
        ("B01", "PagerDuty", True),
        ("UBOT", "Shipit", True),
        ("B03", "Datadog", True),
    ]
    assert posts[0].subtype == "bot_message"


def test_slackbot_is_a_bot_even_without_users_json_entry(tmp_path: Path) -> None:
    [event] = one_channel(tmp_path, [msg("1773528000.000100", "Reminder: standup", user="USLACKBOT")])
    assert event.message is not None
    assert (event.message.user_name, event.message.is_bot) == ("Slackbot", True)


def test_unknown_users_fall_back_to_the_embedded_profile(tmp_path: Path) -> None:
    guest = msg("1773528000.000100", user="UGUEST", user_profile={"real_name": "Guest Person", "name": "g"})
    [event] = one_channel(tmp_path, [guest])
    assert event.message is not None
    assert event.message.user_name == "Guest Person"
    assert not event.message.is_bot


def test_joins_and_leaves_are_posts_with_their_subtype(tmp_path: Path) -> None:
    joined = msg("1773528000.000100", "<@U2> has joined the channel", "U2", subtype="channel_join")
    left = msg("1773528100.000100", "<@U2> has left the channel", "U2", subtype="channel_leave")
    posts = [e.message for e in one_channel(tmp_path, [joined, left]) if e.message]
    assert [(m.subtype, m.text) for m in posts] == [
        ("channel_join", "<@U2> has joined the channel"),
        ("channel_leave", "<@U2> has left the channel"),
    ]


def test_files_are_listed_by_title_then_name(tmp_path: Path) -> None:
    shared = msg(
        "1773528000.000100",
        "graph",
        subtype="file_share",
        files=[
            {"id": "F1", "name": "grafana.png", "title": "checkout p99 — last 1h"},
            {"id": "F2", "name": "pool.csv"},
            {"id": "F3", "mode": "hidden_by_limit"},
        ],
    )
    legacy = msg("1773528100.000100", "old style", file={"id": "F4", "name": "notes.txt", "title": "Notes"})
    posts = [e.message for e in one_channel(tmp_path, [shared, legacy]) if e.message]
    assert posts[0].files == ("checkout p99 — last 1h", "pool.csv")
    assert posts[0].subtype == "file_share"
    assert posts[1].files == ("Notes",)


def test_rich_text_that_repeats_text_adds_nothing(tmp_path: Path) -> None:
    """Humans' messages carry a rich_text copy of ``text``; it must not be counted twice."""
    text = "ping <@U2> about <https://grafana.example/d/1|the dashboard> :eyes: &amp; then\n```max_retries: 5```"
    blocks = [
        {
            "type": "rich_text",
            "block_id": "x",
            "elements": [
                {
                    "type": "rich_text_section",
                    "elements": [
                        {"type": "text", "text": "ping "},
                        {"type": "user", "user_id": "U2"},
                        {"type": "text", "text": " about "},
                        {"type": "link", "url": "https://grafana.example/d/1", "text": "the dashboard"},
                        {"type": "text", "text": " "},
                        {"type": "emoji", "name": "eyes"},
                        {"type": "text", "text": " & then\n"},
                    ],
                },
                {"type": "rich_text_preformatted", "elements": [{"type": "text", "text": "max_retries: 5"}]},
            ],
        }
    ]
    [event] = one_channel(tmp_path, [msg("1773528000.000100", text, blocks=blocks)])
    assert event.message is not None
    assert event.message.extra_texts == ()
    assert "&amp;" not in event.message.text
    assert " & then" in event.message.text


def test_blocks_and_attachments_add_only_new_text(tmp_path: Path) -> None:
    alert = msg(
        "1773528000.000100",
        "[Triggered] checkout-api 5xx rate",
        user=None,
        subtype="bot_message",
        bot_id="B1",
        blocks=[
            {"type": "header", "text": {"type": "plain_text", "text": "[Triggered] checkout-api 5xx rate"}},
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": "5xx rate is *4.7%* &gt; 2%"},
                "fields": [{"type": "mrkdwn", "text": "*Env*\nproduction"}],
            },
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "Monitor 1234"}]},
            {"type": "divider"},
            "not a block",
        ],
        attachments=[
            {
                "fallback": "summary nobody needs",
                "pretext": "Datadog",
                "title": "[Triggered] checkout-api 5xx rate",
                "text": "over the last 5m",
                "fields": [{"title": "Service", "value": "checkout-api", "short": True}],
            },
            {"fallback": "only a fallback here"},
            {"fallback": "[Triggered] checkout-api 5xx rate"},
        ],
    )
    [event] = one_channel(tmp_path, [alert])
    assert event.message is not None
    assert event.message.extra_texts == (
        "5xx rate is *4.7%* > 2%\n*Env*\nproduction",
        "Monitor 1234",
        "Datadog\nover the last 5m\nService: checkout-api",
        "only a fallback here",
    )


def test_numeric_ts_values_get_slacks_six_decimals(tmp_path: Path) -> None:
    events = one_channel(tmp_path, [msg(1773528000, "int"), msg(1773528001.5, "float")])  # type: ignore[arg-type]
    assert [e.at for e in events] == ["1773528000.000000", "1773528001.500000"]


def test_channel_lookup_by_name_hash_name_or_id(tmp_path: Path) -> None:
    export = read_export(write_export(tmp_path / "export", {CHANNEL: {DAY: [msg("1773528000.000100")]}}))
    assert export.channel("#" + CHANNEL) is export.channel("C0") is export.channel(CHANNEL)
    with pytest.raises(ExportError, match=f"available channels: {CHANNEL}") as info:
        export.channel("general")
    assert_one_line(str(info.value))


def test_private_group_and_direct_message_listings_are_read(tmp_path: Path) -> None:
    root = write_export(
        tmp_path / "export",
        {CHANNEL: {DAY: [msg("1773528000.000100")]}, "DM1": {DAY: [msg("1773528000.000200")]}},
        channels=[],
    )
    write_json(root / "groups.json", [{"id": "G1", "name": CHANNEL}])
    write_json(root / "dms.json", [{"id": "DM1", "members": ["U1", "U2"]}])
    export = read_export(root)
    assert [(c.id, c.name) for c in export.channels] == [("G1", CHANNEL), ("DM1", "DM1")]


def test_without_listing_files_channel_folders_are_inferred(tmp_path: Path) -> None:
    root = tmp_path / "loose"
    write_json(root / CHANNEL / DAY, [msg("1773528000.000100")])
    write_json(root / "not-a-channel" / "readme.json", {})
    export = read_export(root)
    assert [(c.id, c.name) for c in export.channels] == [(CHANNEL, CHANNEL)]


def test_listed_channel_without_folder_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_export(
        tmp_path / "export",
        {CHANNEL: {DAY: [msg("1773528000.000100")]}},
        channels=[{"id": "C0", "name": CHANNEL}, {"id": "C9", "name": "archived-thing"}],
    )
    with caplog.at_level(logging.WARNING, logger="bot.slackdata.export"):
        export = read_export(root)
    assert [c.name for c in export.channels] == [CHANNEL]
    assert "archived-thing" in caplog.text


def test_channel_folder_without_day_files_is_an_empty_channel(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export", {CHANNEL: {DAY: [msg("1773528000.000100")]}, "quiet": {}})
    (root / "quiet").mkdir()
    write_json(root / "channels.json", [{"id": "C0", "name": CHANNEL}, {"id": "C1", "name": "quiet"}])
    assert read_export(root).channel("quiet").events == ()


# --------------------------------------------------------------------------- bad input


def test_bad_json_names_the_file_and_position(tmp_path: Path) -> None:
    text = error_for(tmp_path, '[{"ts": "1773528000.000100", "text": "secret-ish"}\n  {"ts": "2"}]')
    assert text.startswith(f"{CHANNEL}/{DAY}: is not valid JSON (line 2, column 3")
    assert "secret-ish" not in text
    assert_one_line(text)


def test_bad_json_inside_a_zip_names_the_member(tmp_path: Path) -> None:
    folder = write_export(tmp_path / "export", {CHANNEL: {DAY: "[nope"}})
    archive = zip_folder(folder, tmp_path / "export.zip", wrap="slack-export/")
    with pytest.raises(ExportError, match=rf"^slack-export/{CHANNEL}/{DAY}: is not valid JSON \(line 1"):
        read_export(archive)


def test_non_utf8_file_is_reported(tmp_path: Path) -> None:
    text = error_for(tmp_path, b'[{"ts": "1", "text": "caf\xe9"}]')
    assert text.startswith(f"{CHANNEL}/{DAY}: is not UTF-8 text")


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ({"messages": []}, "top level is an object, expected a list of messages"),
        ("just text", "top level is a string, expected a list of messages"),
    ],
)
def test_day_file_top_level_must_be_a_list(tmp_path: Path, doc: object, expected: str) -> None:
    text = error_for(tmp_path, doc if not isinstance(doc, str) else json.dumps(doc))
    assert text.startswith(f"{CHANNEL}/{DAY}: {expected}")
    assert_one_line(text)


BAD_MESSAGES: list[tuple[str, dict[str, object], str]] = [
    ("no ts", {"text": "pw=hunter2", "user": "U1"}, "message at index 1 has no `ts`"),
    (
        "ts garbage",
        msg("yesterday", "pw=hunter2"),
        "message at index 1 has a `ts` that is not a Slack timestamp",
    ),
    ("ts list", msg(["1"], "pw=hunter2"), "message at index 1 has a `ts` that is a list"),  # type: ignore[arg-type]
    ("ts bool", msg(True, "pw=hunter2"), "message at index 1 has a `ts` that is a boolean"),  # type: ignore[arg-type]
    ("ts negative", msg(-5, "pw=hunter2"), "message at index 1 has a `ts` (-5) outside the dates"),  # type: ignore[arg-type]
    (
        "ts 1e300",
        msg(1e300, "pw=hunter2"),
        "has a `ts` (1e+300) outside the dates a Slack message can have (2013-01-01 to ",
    ),  # type: ignore[arg-type]
    ("ts 12 digits", msg("999999999999.000100", "pw=hunter2"), "has a `ts` that is not a Slack timestamp like"),
    ("ts 1970", msg("0.000001", "pw=hunter2"), "has a `ts` that is not a Slack timestamp like"),
    ("ts number 1970", msg(0.000001, "pw=hunter2"), "has a `ts` (1e-06) outside the dates"),  # type: ignore[arg-type]
    ("ts 2012", msg("1356998399.000100", "pw=hunter2"), "has a `ts` (1356998399.000100) outside the dates"),
    ("ts year 2100", msg("4102444800.000100", "pw=hunter2"), "has a `ts` (4102444800.000100) outside the dates"),
    ("ts 7 decimals", msg("1773528000.0001001", "pw=hunter2"), "has a `ts` that is not a Slack timestamp like"),
    ("ts float 7 decimals", msg(1773528000.1234567, "pw=hunter2"), "has a `ts` with more than 6 decimals"),  # type: ignore[arg-type]
    ("ts leading zero", msg("01773528000.000100", "pw=hunter2"), "has a `ts` that is not a Slack timestamp like"),
    ("ts NaN", msg(float("nan"), "pw=hunter2"), "has a `ts` that is not a finite number"),  # type: ignore[arg-type]
    ("user too long", msg("1773528000.000200", "pw=hunter2", "U" * 300), "has a `user` longer than 255 characters"),
    (
        "edited ts 1970",
        msg("1773528000.000200", "pw=hunter2", edited={"ts": "1000000000.000000"}),
        "has a `edited.ts` (1000000000.000000) outside the dates",
    ),
    ("text number", msg("1773528000.000200", 42), "message at index 1 has a `text` that is a number"),  # type: ignore[arg-type]
    ("user object", msg("1773528000.000200", "pw=hunter2", {"id": "U1"}), "has a `user` that is an object"),  # type: ignore[arg-type]
    ("subtype", msg("1773528000.000200", "pw=hunter2", subtype=3), "has a `subtype` that is a number"),
    (
        "thread_ts",
        msg("1773528000.000200", "pw=hunter2", thread_ts="soon"),
        "has a `thread_ts` that is not a Slack timestamp",
    ),
    ("files", msg("1773528000.000200", "pw=hunter2", files="a.png"), "has a `files` that is a string"),
    ("blocks", msg("1773528000.000200", "pw=hunter2", blocks={}), "has a `blocks` that is an object"),
    ("edited", msg("1773528000.000200", "pw=hunter2", edited="yes"), "has a `edited` that is a string"),
    (
        "changed without message",
        {"subtype": "message_changed", "ts": "1773528000.000200", "message": "pw=hunter2"},
        "is a message_changed event whose `message` is a string",
    ),
    (
        "changed nested ts",
        {"subtype": "message_changed", "ts": "1773528000.000200", "message": {"text": "pw=hunter2"}},
        "has no `message.ts`",
    ),
    (
        "deleted without deleted_ts",
        {"subtype": "message_deleted", "ts": "1773528000.000200", "text": "pw=hunter2"},
        "has no `deleted_ts`",
    ),
]


@pytest.mark.parametrize(("label", "bad", "expected"), BAD_MESSAGES, ids=[b[0] for b in BAD_MESSAGES])
def test_bad_message_names_file_index_and_field_without_text(
    tmp_path: Path, label: str, bad: dict[str, object], expected: str
) -> None:
    text = error_for(tmp_path, [msg("1773528000.000100", "fine"), bad])
    assert text.startswith(f"{CHANNEL}/{DAY}: ")
    assert expected in text
    assert "hunter2" not in text
    assert "export the channel from Slack again" in text
    assert_one_line(text)


def test_message_that_is_not_an_object(tmp_path: Path) -> None:
    text = error_for(tmp_path, [msg("1773528000.000100"), "pw=hunter2"])
    assert text.startswith(f"{CHANNEL}/{DAY}: message at index 1 is a string, expected an object")
    assert "hunter2" not in text


def test_second_day_file_is_the_one_named(tmp_path: Path) -> None:
    root = write_export(
        tmp_path / "export",
        {CHANNEL: {DAY: [msg("1773528000.000100")], "2026-03-15.json": [{"text": "x"}]}},
    )
    with pytest.raises(ExportError, match=rf"^{CHANNEL}/2026-03-15\.json: message at index 0 has no `ts`"):
        read_export(root)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"export not found: .*nowhere") as info:
        read_export(tmp_path / "nowhere")
    assert_one_line(str(info.value))


def test_zip_that_is_not_a_zip(tmp_path: Path) -> None:
    fake = tmp_path / "export.zip"
    fake.write_text("this is not a zip", encoding="utf-8")
    with pytest.raises(ExportError, match=r"^export\.zip: is not a valid zip file — download"):
        read_export(fake)


def test_missing_users_path(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export", {CHANNEL: {DAY: [msg("1773528000.000100")]}})
    with pytest.raises(ExportError, match="users file not found"):
        read_export(root, users_path=tmp_path / "users.json")


@pytest.mark.parametrize(
    ("filename", "doc", "expected"),
    [
        (
            "channels.json",
            {"channels": []},
            "channels.json: top level is an object, expected a list of channels",
        ),
        ("channels.json", [{"id": "C0"}], "channels.json: entry at index 0 has no `name`"),
        ("channels.json", [{"id": "C0", "name": 7}], "channels.json: entry at index 0 has a non-text"),
        ("channels.json", ["inc"], "channels.json: entry at index 0 is a string, expected an object"),
        ("users.json", {"members": []}, "users.json: top level is an object, expected a list of users"),
        ("users.json", [{"name": "x"}], "users.json: entry at index 0 has no `id`"),
        ("users.json", "[{", "users.json: is not valid JSON (line 1, column 3"),
    ],
)
def test_bad_listing_files_are_named(tmp_path: Path, filename: str, doc: object, expected: str) -> None:
    root = write_export(tmp_path / "export", {CHANNEL: {DAY: [msg("1773528000.000100")]}})
    path = root / filename
    if isinstance(doc, str):
        path.write_text(doc, encoding="utf-8")
    else:
        write_json(path, doc)
    with pytest.raises(ExportError) as info:
        read_export(root)
    assert str(info.value).startswith(expected)
    assert_one_line(str(info.value))


def test_export_with_no_channels_listed(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export", {}, channels=[])
    with pytest.raises(ExportError, match=r"^channels\.json: lists no channels"):
        read_export(root)


def test_export_whose_listed_channels_all_lack_folders(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export", {}, channels=[{"id": "C0", "name": CHANNEL}])
    with pytest.raises(ExportError, match=r"^channels\.json: none of the 1 listed channels has a folder"):
        read_export(root)


def test_export_with_only_empty_day_files(tmp_path: Path) -> None:
    root = write_export(tmp_path / "export", {CHANNEL: {DAY: []}})
    with pytest.raises(ExportError, match=r"^the export has no messages"):
        read_export(root)


def test_folder_that_is_not_an_export(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "cat.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(ExportError, match=r"^channels\.json: not found, and no folder holds"):
        read_export(tmp_path)


def test_empty_single_channel_file(tmp_path: Path) -> None:
    path = write_json(tmp_path / "war-room.json", [])
    with pytest.raises(ExportError, match=r"^war-room\.json: holds no messages"):
        read_export(path)


def test_single_file_with_bad_json_is_named(tmp_path: Path) -> None:
    path = tmp_path / "war-room.json"
    path.write_text("[\n{,", encoding="utf-8")
    with pytest.raises(ExportError, match=r"^war-room\.json: is not valid JSON \(line 2, column 2"):
        read_export(path)


def test_rich_text_styles_match_slacks_mrkdwn_markers(tmp_path: Path) -> None:
    """Inline code and bold in rich_text are written back with ` and *, as ``text`` has them."""
    text = "run `psql` now, *really*"
    blocks = [
        {
            "type": "rich_text",
            "elements": [
                {
                    "type": "rich_text_section",
                    "elements": [
                        {"type": "text", "text": "run "},
                        {"type": "text", "text": "psql", "style": {"code": True}},
                        {"type": "text", "text": " now, "},
                        {"type": "text", "text": "really", "style": {"bold": True}},
                    ],
                },
                {"type": "rich_text_quote", "elements": [{"type": "text", "text": "quoted aside"}]},
                {
                    "type": "rich_text_list",
                    "style": "bullet",
                    "elements": [
                        {"type": "rich_text_section", "elements": [{"type": "text", "text": "one"}]},
                        {"type": "rich_text_section", "elements": [{"type": "text", "text": "two"}]},
                    ],
                },
            ],
        }
    ]
    [event] = one_channel(tmp_path, [msg("1773528000.000100", text, blocks=blocks)])
    assert event.message is not None
    # the quote and the list are not in `text`, so the block adds them (with the repeated part)
    assert event.message.extra_texts == ("run `psql` now, *really*\n> quoted aside\n• one\n• two",)
