"""The ``sitrep`` command: check | run | demo | replay | eval | export | verify | audit | redact.

One boundary turns every SitrepError into a single line on stderr and a non-zero exit code;
``--debug`` is the only way to see a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import signal
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from bot import __version__
from bot.errors import ConfigError, SitrepError, UserFacingError
from bot.logcap import cap_library_logs

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from bot.config import Settings

EXIT_OK = 0
EXIT_MISMATCH = 1
"""``sitrep verify``: something does not match the evidence."""
EXIT_PROBLEM = 2
EXIT_UNEXPECTED = 70

log = logging.getLogger("bot")


def _bundled_example() -> Path:
    """The example incident shipped inside the package (``examples/`` in the repo links to it)."""
    return Path(__file__).resolve().parent / "examples" / "inc-checkout-latency"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitrep", description="Slack incident assistant.")
    parser.add_argument("--version", action="version", version=f"sitrep {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="show the settings and what is missing for each mode")
    check.add_argument(
        "--mode",
        choices=("socket", "http"),
        default=None,
        help="exit 0 when this mode is ready (default: exit 0 when either run mode is ready)",
    )
    sub.add_parser(
        "repair-aof",
        help="back up the embedded Redis' append-only files and cut a damaged one at its first bad record",
    )

    run = sub.add_parser("run", help="connect to Slack (Socket Mode by default)")
    run.add_argument("--http", action="store_true", help="serve the Events API over HTTP (default: Socket Mode)")
    run.add_argument("--port", type=int, default=3000, help="port for --http to listen on (default: 3000)")

    demo = sub.add_parser(
        "demo", help="play the bundled example incident (or an export) through Sitrep and a local Slack, offline"
    )
    demo.add_argument(
        "export",
        type=Path,
        nargs="?",
        default=None,
        help="export folder, .zip, or a single channel .json (default: the bundled example incident)",
    )
    demo.add_argument(
        "--channel", default=None, help="channel name, needed when the export has several (default: its only channel)"
    )
    demo.add_argument(
        "--out", type=Path, default=Path("out/demo"), help="folder for the sitreps and postmortem (default: out/demo)"
    )
    demo.add_argument("--export", dest="export_option", type=Path, default=None, help=argparse.SUPPRESS)

    replay = sub.add_parser("replay", help="replay a Slack export and write sitreps and a postmortem")
    replay.add_argument("export", type=Path, help="export folder, .zip, or a single channel .json")
    replay.add_argument("--channel", help="channel name (needed when the export has several; default: the only one)")
    replay.add_argument(
        "--users", type=Path, help="users.json to map user ids to names (default: the export's own users.json)"
    )
    replay.add_argument(
        "--out", type=Path, required=True, help="folder for the sitreps and postmortem (required; created if missing)"
    )
    replay.add_argument(
        "--no-progress",
        action="store_true",
        help="print no progress on stderr (default: a bar in a terminal, a line per quarter when piped)",
    )

    evaluate = sub.add_parser(
        "eval", help="replay every incident folder (export + truth.json) under DIR offline and score it"
    )
    evaluate.add_argument("dir", type=Path, help="folder of incident folders, each a Slack export with a truth.json")
    evaluate.add_argument(
        "--name", default=None, help="name of the set in the table and the EVAL line (default: DIR's name)"
    )

    export = sub.add_parser("export", help="write a channel's reviewed postmortem (Markdown or JSON) to stdout")
    export.add_argument("channel", help="channel id (e.g. C0123ABCD) or the name of a tracked channel")
    export.add_argument(
        "--format", choices=("md", "json"), default="md", help="postmortem.md or postmortem.json (default: md)"
    )
    export.add_argument("--out", type=Path, default=None, help="write to this file (default: stdout)")
    export.add_argument(
        "--dir",
        type=Path,
        default=None,
        help=(
            "write postmortem.md, postmortem.json, a signed evidence.json, timeline.png/.svg "
            "and postmortem.html (default: none)"
        ),
    )
    export.add_argument(
        "--rca",
        action="store_true",
        help="the external RCA instead: rca.md (--format json: rca.json; --dir: rca.md, rca.json, rca.html); "
        "default: the postmortem",
    )

    verify = sub.add_parser(
        "verify", help="check an exported postmortem folder against its evidence.json, its signature and the store"
    )
    verify.add_argument("folder", type=Path, help="folder holding evidence.json and the files it lists")
    verify.add_argument(
        "--public-key",
        help="the Ed25519 public key you trust (base64, PEM, or a file; default: the key in evidence.json)",
    )
    verify.add_argument(
        "--no-store", action="store_true", help="skip the hash-chain check against the store (default: check it)"
    )

    audit = sub.add_parser("audit", help="export a channel's model-call audit records as JSONL")
    audit.add_argument("channel", help="channel id, e.g. C0123ABCD")

    redact = sub.add_parser("redact", help="redact stdin to stdout")
    redact.add_argument(
        "--jsonl", action="store_true", help='one JSON object per line with a "text" field (default: plain text)'
    )
    return parser


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl-C, so every ``with`` block closes what it opened."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.name = signal.Signals(signum).name


def _terminate(signum: int, _frame: FrameType | None) -> None:
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)  # a second signal must not cut the clean-up short
    raise Terminated(signum)


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM/SIGHUP into ``Terminated`` (Ctrl-C already raises KeyboardInterrupt), so the
    scheduler stops and the embedded server shuts down instead of dying with the process."""
    previous = {sig: signal.signal(sig, _terminate) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _data_dir_problem(settings: Settings) -> str | None:
    """For ``sitrep check``: why SITREP_DATA_DIR cannot hold the embedded server, or None."""
    from bot.store.guard import unwritable

    if settings.redis_url:
        return None
    why = unwritable(settings.sitrep_data_dir / "redis")
    if why is None:
        return None
    return (
        f"SITREP_DATA_DIR ({settings.sitrep_data_dir}) is not writable: {why}; "
        "make it writable for this user, point SITREP_DATA_DIR at a writable directory, or set REDIS_URL"
    )


def _store_state(redis_url: str | None) -> tuple[str | None, str | None]:
    """For ``sitrep check``: (the store's line, the problem that stops ``run``) when REDIS_URL is set.

    A cluster URL is read with the cluster client: masters and slots covered, or what is missing.
    """
    if not redis_url:
        return None, None
    from bot.errors import StoreError
    from bot.store.probe import describe_store

    try:
        return f"REDIS_URL: {describe_store(redis_url)}", None
    except StoreError as exc:
        return f"REDIS_URL: {exc.message}", str(exc)


RUN_MODES = {"socket": "run (Socket Mode)", "http": "run --http"}


def _check(out: TextIO, wanted: str | None) -> int:
    """Print the settings and each mode's readiness; exit 0 when the mode asked for (or, without
    ``--mode``, either run mode) can run. A Socket Mode set-up needs no signing secret, so a missing
    one must not fail the check for it."""
    from bot.config import describe, load_settings, problems_for

    settings = load_settings()
    data_dir_problem = _data_dir_problem(settings)
    store_line, store_problem = _store_state(settings.redis_url)
    out.write("Settings:\n")
    for name, shown in describe(settings):
        out.write(f"  {name:<28} {shown}\n")
    ready: list[str] = []
    out.write("\nModes:\n")
    for mode, label in (("demo", "demo / replay"), ("socket", "run (Socket Mode)"), ("http", "run --http")):
        problems = [p.text for p in problems_for(settings, mode)]  # type: ignore[arg-type]
        if mode != "demo" and data_dir_problem:  # demo and replay use a throw-away directory
            problems.append(data_dir_problem)
        if mode != "demo" and store_problem:
            problems.append(store_problem)
        if problems:
            out.write(f"  {label:<20} cannot run:\n")
            out.writelines(f"    - {p}\n" for p in problems)
        else:
            out.write(f"  {label:<20} ready\n")
            if mode in RUN_MODES:
                ready.append(mode)
    engine = "Claude (ANTHROPIC_API_KEY set)" if settings.uses_claude else "offline (set ANTHROPIC_API_KEY for Claude)"
    store = store_line or f"embedded Valkey under {settings.sitrep_data_dir}/redis"
    out.write(f"\nEngine: {engine}\nStore:  {store}\n")
    if wanted is not None:
        ok = wanted in ready
        out.write(f"\n{RUN_MODES[wanted]}: {'ready' if ok else 'not ready (see above)'}\n")
        return EXIT_OK if ok else EXIT_PROBLEM
    if ready:
        out.write(f"\nReady: {', '.join(RUN_MODES[m] for m in ready)}\n")
        return EXIT_OK
    out.write("\nNeither run mode is ready (see above).\n")
    return EXIT_PROBLEM


def _run(args: argparse.Namespace) -> int:
    """Settings, the data folder and the tokens are checked before anything starts: a mistake is
    one line, with no embedded server started and no ``.sitrep`` folder created."""
    from bot.config import load_settings, problems_for

    settings = load_settings()
    problems = [p.text for p in problems_for(settings, "http" if args.http else "socket")]
    data_dir_problem = _data_dir_problem(settings)
    if data_dir_problem:
        problems.append(data_dir_problem)
    if problems:
        raise ConfigError("\n".join(problems))

    from bot.slack.runner import check_tokens, serve

    check_tokens(settings, socket_mode=not args.http)

    from bot.clock import SystemClock
    from bot.command_worker import command_worker_main
    from bot.services import open_services

    bot_logger = logging.getLogger("bot")
    before = bot_logger.level
    if not args.debug:  # LOG_LEVEL: Sitrep's own lines while serving; libraries stay capped
        bot_logger.setLevel(settings.log_level)
    try:
        with _stop_on_signals(), open_services(settings, clock=SystemClock()) as services:
            serve(services, http_port=args.port if args.http else None, command_target=command_worker_main)
    except Terminated as stop:
        log.warning("stopped on %s", stop.name)
    finally:
        bot_logger.setLevel(before)  # main() may be called again in the same process (tests)
    return EXIT_OK


def _repair_aof(stdout: TextIO) -> int:
    from bot.config import load_settings
    from bot.store.aof import repair_aof

    settings = load_settings()
    done = repair_aof(settings.sitrep_data_dir / "redis")
    stdout.write(
        f"sitrep: cut {done.file} from {done.size_before} to {done.size_after} bytes "
        f"(the untouched files are in {done.backup}); start Sitrep again\n"
    )
    return EXIT_OK


def _check_input(label: str, path: Path, what: str) -> None:
    """An input path must exist; checked before the slow imports, so a typo costs no time."""
    from bot.slackdata.limits import clean

    if not path.exists():
        raise UserFacingError(f"{label} not found: {clean(str(path))}", hint=f"pass {what}")


def _check_out_folder(out: Path) -> None:
    """``--out`` must be a folder Sitrep can create or write into; checked before the slow work."""
    hint = "pass --out a new folder or an existing one you can write to"
    if out.exists():
        if not out.is_dir():
            raise UserFacingError(f"--out {out} is a file, not a folder", hint=hint)
        if not os.access(out, os.W_OK | os.X_OK):
            raise UserFacingError(f"--out {out} is not writable", hint=hint)
        return
    parent = out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise UserFacingError(f"cannot create --out {out}: {parent} is a file, not a folder", hint=hint)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UserFacingError(f"cannot create --out {out}: {parent} is not writable", hint=hint)


def _console(file: TextIO) -> Console:
    """A console that never wraps lines when piped (rich would cut them at 80 columns)."""
    from rich.console import Console

    return Console(file=file, soft_wrap=True)


class _Status:
    """Step lines on stderr, so a long command is never silent; a spinner while a step runs in a terminal."""

    def __init__(self, stderr: TextIO) -> None:
        self.console = _console(stderr)
        self.step = ""

    def say(self, step: str) -> None:
        self.step = step
        self.console.print(f"sitrep: {step}", markup=False, highlight=False)

    @contextmanager
    def spinning(self) -> Iterator[None]:
        if not self.console.is_terminal:
            yield
            return
        with self.console.status("working…"):
            yield


class _ReplayProgress:
    """Replay progress on stderr: a bar in a terminal (any number of events), or, when piped, a plain
    line at each quarter, so logs show it is moving without a redraw per event."""

    def __init__(self, stderr: TextIO, channel: str, total: int) -> None:
        self.console = _console(stderr)
        self.channel = channel
        self.total = total
        self.done = 0
        self.next_line = 1
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> _ReplayProgress:
        if self.console.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            columns = (TextColumn("replaying #{task.description}"), BarColumn(), MofNCompleteColumn())
            self.bar = Progress(*columns, TimeRemainingColumn(), console=self.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.channel, total=self.total)
        else:
            self._line()
        return self

    def advance(self, count: int) -> None:
        self.done += count
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task, count)
            return
        while self.next_line <= 4 and self.done * 4 >= self.next_line * self.total:
            self.next_line += 1
            self._line()

    def _line(self) -> None:
        self.console.print(
            f"sitrep: replaying #{self.channel}: {min(self.done, self.total)}/{self.total} events",
            markup=False,
            highlight=False,
        )

    def __exit__(self, *_exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _demo(export_path: Path, channel_name: str | None, out: Path, stdout: TextIO, stderr: TextIO) -> int:
    _check_input("export", export_path, "a Slack export folder, .zip or channel .json file")
    _check_out_folder(out)
    started = time.perf_counter()
    status = _Status(stderr)
    status.say("loading the redactor and the Slack app (a few seconds)")

    from bot.clock import ManualClock
    from bot.config import load_settings
    from bot.domain import ts_to_datetime
    from bot.errors import ExportError
    from bot.playback.demo import demo_settings, local_github, run_demo
    from bot.services import open_services
    from bot.slackdata.export import read_export

    export = read_export(export_path)
    if channel_name:
        export = dataclasses.replace(export, channels=(export.channel(channel_name),))
    elif len(export.channels) > 1:
        listed = ", ".join(c.name for c in export.channels)
        raise ExportError(f"{export_path} holds several channels ({listed})", hint="pick one with --channel NAME")
    if not export.channels[0].events:
        raise ExportError(f"{export_path} has no messages to play", hint="pass an export with messages")
    clock = ManualClock(ts_to_datetime(export.channels[0].events[0].at))
    console = _console(stdout)
    status.say("starting the local Slack, the local GitHub and an embedded store")
    with (
        local_github(export) as github,
        open_services(demo_settings(load_settings(), github, export), clock=clock, ephemeral=True) as services,
    ):
        channel = export.channels[0]
        status.say(
            f"playing #{channel.name} ({len(channel.events)} events) through Sitrep's Slack app, "
            "then the scripted review (10-80 s)"
        )
        with status.spinning():
            result = run_demo(services, export, out_dir=out)
        sitreps = services.store.sitreps(result.channel)
        issues = [f"{github.web_url}/{github.repo}/issues/{n}" for n in sorted(github.issues)]
    status.say(f"done in {time.perf_counter() - started:.0f} s")
    console.print(
        f"Played #{result.name} through Sitrep's Slack app and the local Slack: {result.posted} messages, "
        f"{len(sitreps)} sitreps, commands {', '.join(result.commands)}."
    )
    for name, path in sorted(result.files.items()):
        console.print(f"  {name:<16} {path}")
    if result.review_steps:
        console.print(
            f"\nReview: {len(result.review_steps)} actions in the draft thread; "
            f"uploaded {', '.join(result.uploaded) or 'nothing'}.",
            markup=False,
        )
    if result.tracker_status is not None:
        shown = f"{issues[0]} … {issues[-1]}" if len(issues) > 1 else (issues[0] if issues else "no issues")
        console.print(
            f"Action items: {result.tracker_status} in the local GitHub stand-in ({shown}); links in transcript.md.",
            markup=False,
        )
    if sitreps:
        console.print(f"\nLatest sitrep (#{sitreps[-1].number}): {sitreps[-1].status}", markup=False)
        console.print(f"  Impact: {sitreps[-1].impact.text}", markup=False)
    if result.postmortem:
        console.print(f"\nPostmortem: {result.postmortem.summary[:300]}", markup=False)
    return EXIT_OK


def _replay(
    export_path: Path,
    *,
    channel_name: str | None,
    users: Path | None,
    out: Path,
    show_progress: bool,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    # Paths first, before the imports that load the redactor (seconds) and the replay (minutes).
    _check_input("export", export_path, "a Slack export folder, .zip or channel .json file")
    if users is not None:
        _check_input("--users file", users, "the users.json of the export")
    _check_out_folder(out)

    from bot.errors import ExportError
    from bot.slackdata.export import read_export
    from bot.slackdata.users import names_map

    export = read_export(export_path, users_path=users)
    if channel_name:
        channel = export.channel(channel_name)
    elif len(export.channels) == 1:
        channel = export.channels[0]
    else:
        listed = ", ".join(c.name for c in export.channels)
        raise ExportError(f"{export_path} holds several channels ({listed})", hint="pick one with --channel NAME")
    names = names_map(export.users.values())

    from bot.clock import ManualClock
    from bot.config import load_settings
    from bot.domain import ts_to_datetime
    from bot.playback.replay import replay_channel
    from bot.services import open_services

    settings = load_settings()
    console = _console(stdout)
    clock = ManualClock(ts_to_datetime(channel.events[0].at) if channel.events else ts_to_datetime("0"))
    with open_services(settings, clock=clock, ephemeral=True) as services:
        # Real names and handles too, not only display names: responders stay in the record.
        services.redactor.add_known_names(n for u in export.users.values() for n in u.all_names)
        if show_progress:
            with _ReplayProgress(stderr, channel.name, len(channel.events)) as progress:
                result = replay_channel(services, channel, names=names, out_dir=out, progress=progress.advance)
        else:
            result = replay_channel(services, channel, names=names, out_dir=out)
    console.print(
        f"Replayed #{result.name}: {result.messages} messages, {result.edits} edits, {result.deletes} deletes, "
        f"{len(result.sitreps)} sitreps, {result.secrets_found} secret(s) redacted."
    )
    for name, path in result.files.items():
        console.print(f"  {name:<16} {path}")
    if result.sitreps:
        last = result.sitreps[-1]
        console.print(f"\nLatest sitrep (#{last.number}): {last.status}")
        console.print(f"  Impact: {last.impact.text}", markup=False)
        for claim in last.hypotheses[:3]:
            console.print(f"  {claim.text}", markup=False)
    if result.postmortem:
        console.print(f"\nPostmortem: {result.postmortem.summary[:300]}", markup=False)
    return EXIT_OK


def _eval(folder: Path, name: str | None, stdout: TextIO, stderr: TextIO) -> int:
    """Score the offline engine on one set of incidents: the table, then one ``EVAL {json}`` line."""
    from bot.playback.evaluate import eval_line, evaluate_set, incident_folders, set_markdown

    incident_folders(folder)  # a wrong folder fails here, before the redactor loads
    from bot.config import load_settings
    from bot.services import build_redactor

    settings = load_settings(anthropic_api_key=None, redis_url=None)

    def progress(slug: str) -> None:
        stderr.write(f"sitrep: evaluating {slug}\n")

    scores = evaluate_set(
        folder,
        settings=settings,
        redactor=build_redactor(settings),
        name=name,
        progress=progress,
    )
    stdout.write(set_markdown(scores) + "\n")
    stdout.write(eval_line([scores]) + "\n")
    return EXIT_OK


def _check_export_target(out: Path | None, folder: Path | None) -> None:
    """``--out`` and ``--dir`` of every export, checked before the store is opened."""
    from bot.errors import UserFacingError

    if folder is not None and out is not None:
        raise UserFacingError("--out and --dir cannot be used together", hint="--dir writes all three files")
    if folder is not None and folder.exists() and not folder.is_dir():
        raise UserFacingError(f"--dir {folder} is a file, not a folder", hint="pass --dir a new or existing folder")


def _write_export(
    files: Mapping[str, str | bytes],
    text: str,
    *,
    out: Path | None,
    folder: Path | None,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """One export's output: every file into ``folder``, else ``text`` to ``out`` or stdout."""
    from bot.errors import UserFacingError

    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, content in files.items():
                if isinstance(content, bytes):
                    (folder / name).write_bytes(content)
                else:
                    (folder / name).write_text(content, encoding="utf-8")
        except OSError as exc:
            raise UserFacingError(
                f"cannot write to {folder} ({exc.strerror or type(exc).__name__})",
                hint="pass --dir a folder you can write to",
            ) from exc
        stderr.write(f"sitrep: wrote {', '.join(files)} to {folder}\n")
        return EXIT_OK
    if out is None:
        stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        stderr.write(f"sitrep: wrote {out}\n")
    return EXIT_OK


def _export(channel: str, fmt: str, out: Path | None, stdout: TextIO, stderr: TextIO, *, folder: Path | None) -> int:
    """The files the review uploaded to Slack (or the draft as it stands), from the store alone."""
    from bot.clock import SystemClock
    from bot.config import load_settings
    from bot.core.review_documents import review_documents
    from bot.services import evidence_issuer, open_store

    _check_export_target(out, folder)
    settings = load_settings()
    clock = SystemClock()
    with open_store(settings, clock=clock) as store:
        wanted = channel.lstrip("#")
        by_name = {name: cid for cid, name in store.tracked_channels().items()}
        issuer = evidence_issuer(settings, store, clock) if folder is not None else None
        documents = review_documents(
            store, by_name.get(wanted, wanted), evidence=issuer, workspace_url=settings.slack_workspace_url
        )
    files = documents.export_files() if folder is not None else {}
    text = documents.markdown if fmt == "md" else documents.json_text
    return _write_export(files, text, out=out, folder=folder, stdout=stdout, stderr=stderr)


def _export_rca(
    channel: str, fmt: str, out: Path | None, stdout: TextIO, stderr: TextIO, *, folder: Path | None
) -> int:
    """The external RCA's files as uploaded (or the draft as it stands), from the store alone."""
    from bot.clock import SystemClock
    from bot.config import load_settings
    from bot.core.rca import rca_documents
    from bot.domain import Review
    from bot.errors import UserFacingError
    from bot.services import open_store

    _check_export_target(out, folder)
    settings = load_settings()
    with open_store(settings, clock=SystemClock()) as store:
        wanted = channel.lstrip("#")
        by_name = {name: cid for cid, name in store.tracked_channels().items()}
        channel_id = by_name.get(wanted, wanted)
        rca = store.get_rca(channel_id)
        review: Review | None = store.get_review(channel_id, kind="rca")
    if rca is None:
        raise UserFacingError(f"there is no RCA for {channel}", hint="run /draft-rca in the channel first")
    documents = rca_documents(rca, review)
    text = documents.markdown if fmt == "md" else documents.json_text
    return _write_export(dict(documents.files()), text, out=out, folder=folder, stdout=stdout, stderr=stderr)


def _verify(folder: Path, public_key: str | None, no_store: bool, stdout: TextIO, stderr: TextIO) -> int:
    """Files against evidence.json, its signature, then (when reachable) the store's hash chain."""
    import json

    from bot.clock import SystemClock
    from bot.config import load_settings
    from bot.core.evidence import MANIFEST, check_files, check_manifest_signature, check_store
    from bot.core.signing import load_public_key
    from bot.errors import UserFacingError
    from bot.services import open_store

    if not folder.is_dir():
        raise UserFacingError(f"{folder} is not a folder", hint="pass the folder sitrep export --dir wrote")
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise UserFacingError(f"{folder} holds no {MANIFEST}", hint="pass the folder sitrep export --dir wrote")
    key = load_public_key(public_key) if public_key is not None else None

    def fail(problem: str) -> int:
        stderr.write(f"sitrep: verify failed: {problem}\n")
        return EXIT_MISMATCH

    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return fail(f"{MANIFEST} is not valid JSON ({type(exc).__name__})")
    if not isinstance(manifest, dict):
        return fail(f"{MANIFEST} is not a JSON object")
    problem = check_files(folder, manifest)
    if problem:
        return fail(problem)
    stdout.write(f"ok: {', '.join(sorted(manifest['files']))} match {MANIFEST}\n")
    problem, note = check_manifest_signature(manifest, key)
    if problem:
        return fail(problem)
    stdout.write(f"ok: {note}\n")
    if no_store:
        stdout.write("note: hash chain not checked (--no-store)\n")
        return EXIT_OK
    settings = load_settings()
    if settings.redis_url is None and not (settings.sitrep_data_dir / "redis").is_dir():
        stdout.write(
            f"note: hash chain not checked: no REDIS_URL and no embedded store under {settings.sitrep_data_dir}\n"
        )
        return EXIT_OK
    with open_store(settings, clock=SystemClock()) as store:
        problem, note = check_store(store, manifest)
    if problem:
        return fail(problem)
    stdout.write(f"ok: {note}\n")
    return EXIT_OK


def _audit(channel: str, stdout: TextIO, stderr: TextIO) -> int:
    from bot.clock import SystemClock
    from bot.config import load_settings
    from bot.services import audit_log, open_store

    settings = load_settings()
    clock = SystemClock()
    with open_store(settings, clock=clock) as store:
        count = audit_log(settings, store, clock).export_jsonl(channel, stdout)
    stderr.write(f"sitrep: {count} audit record(s) for {channel}\n")
    return EXIT_OK


def _redact(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    from bot.config import load_settings
    from bot.redaction.cli_filter import run_filter
    from bot.services import build_redactor

    return run_filter(stdin, stdout, stderr, jsonl=args.jsonl, redactor=build_redactor(load_settings()))


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Entry point of the ``sitrep`` console script; returns the exit code."""
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        stream=stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    cap_library_logs()  # --debug shows Sitrep's own debug lines, never the libraries' payloads
    try:
        if args.command == "check":
            return _check(stdout, args.mode)
        if args.command == "run":
            return _run(args)
        if args.command == "repair-aof":
            return _repair_aof(stdout)
        if args.command == "demo":
            return _demo(
                args.export or args.export_option or _bundled_example(), args.channel, args.out, stdout, stderr
            )
        if args.command == "replay":
            return _replay(
                args.export,
                channel_name=args.channel,
                users=args.users,
                out=args.out,
                show_progress=not args.no_progress,
                stdout=stdout,
                stderr=stderr,
            )
        if args.command == "eval":
            return _eval(args.dir, args.name, stdout, stderr)
        if args.command == "export":
            if args.rca:
                return _export_rca(args.channel, args.format, args.out, stdout, stderr, folder=args.dir)
            return _export(args.channel, args.format, args.out, stdout, stderr, folder=args.dir)
        if args.command == "verify":
            return _verify(args.folder, args.public_key, args.no_store, stdout, stderr)
        if args.command == "audit":
            return _audit(args.channel, stdout, stderr)
        if args.command == "redact":
            return _redact(args, stdin, stdout, stderr)
        parser.print_help(stderr)
        return EXIT_PROBLEM
    except SitrepError as exc:
        if args.debug:
            raise
        for line in str(exc).splitlines() or [type(exc).__name__]:
            stderr.write(f"sitrep: error: {line}\n")
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        stderr.write("sitrep: interrupted\n")
        return 130
    except Exception as exc:
        if args.debug:
            raise
        # The exception text may quote data; only its type is shown without --debug.
        stderr.write(f"sitrep: unexpected error ({type(exc).__name__}); rerun with --debug for details\n")
        return EXIT_UNEXPECTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
