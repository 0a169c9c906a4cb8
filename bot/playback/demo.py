"""``sitrep demo``: the bundled incident played through the real Slack app and the local Slack.

The local Slack's clock is the simulated clock, so messages carry the incident's own times. Each
exported message is posted by its author (alert bots as integrations), edits and deletions are
made by their authors, the scheduler's per-minute tick runs between messages, and responders run
the slash commands at the moments an IC would. What Slack would show is written to
``transcript.md`` beside the usual outputs.

Action items go to a local GitHub stand-in (``local_github``, on 127.0.0.1): when the review makes
the postmortem final, Sitrep creates one issue per item there and shows their links in the thread,
as it would with TRACKER=github, without the demo touching the network or a configured tracker.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pydantic import SecretStr

from bot.clock import ManualClock
from bot.config import Settings
from bot.domain import SECTIONS, Postmortem, RawMessage, ts_to_datetime
from bot.errors import SitrepError
from bot.playback.rca_demo import play_rca, play_update
from bot.playback.replay import write_outputs
from bot.playback.review_demo import play_review
from bot.playback.settle import Deadline, DemoError, DemoTimeoutError, Settler, TrackingExecutor
from bot.sandbox.slack import LocalSlack
from bot.sandbox.slack.transcript import write_transcript
from bot.sandbox.trackers import LocalGitHub
from bot.services import Services
from bot.slack import texts
from bot.slack.app import BOT_EVENTS, SlackApp, build_client, create_slack_app
from bot.slack.publish import publish_sitrep
from bot.slack.socket_mode import SocketFrontHandler
from bot.slackdata.export import ChannelExport, Export, ExportEvent

log = logging.getLogger(__name__)

BOT_TOKEN = "xoxb-demo-local"  # noqa: S105 - the local emulator's fake credentials
APP_TOKEN = "xapp-demo-local"  # noqa: S105
TICK = timedelta(minutes=1)
DEMO_CORRECTION = "Timeline: customer impact started at 22:19, per the 22:44 status update (p99 and 5xx climbing)"
"""The scripted responder's correction: a fact the channel states (the edited status update)."""
ACK_TIMEOUT_S = 120.0
"""The local Slack's ack deadline in the demo: a busy machine makes acks slow, never the demo wrong."""
DEMO_REPO = "acme/checkout"
"""The stand-in GitHub repository the demo's action items become issues in."""
DEMO_GITHUB_TOKEN = "ghp-demo-local"  # noqa: S105 - the stand-in's fake credentials
CLOSE_TIMEOUT_S = 10.0
"""The longest the demo's end waits for its Slack connection and listeners (a stuck one is left behind)."""

Cue = tuple[re.Pattern[str], str, str]
"""(pattern on a message, who runs the command, command): run right after a matching message."""

COMMAND_CUES: tuple[Cue, ...] = (
    (re.compile(r"^hypothesis:|\bhypothesis: deploy", re.I), "", "/hypotheses"),
    (re.compile(r"\bdecision:", re.I), "", "/summary"),
    (re.compile(r"\bstatus page\?", re.I), "", "/draft-update"),
)


def _login(name: str) -> str:
    """A GitHub-style login for a demo user (``priya.raman`` -> ``priya-raman``)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "user"


@contextmanager
def local_github(export: Export) -> Iterator[LocalGitHub]:
    """The GitHub stand-in the demo exports action items to, listening on 127.0.0.1 only.

    Every human of ``export`` has an account there, so items whose owner is one of them are assigned.
    """
    logins = [_login(u.name) for u in export.users.values() if not u.is_bot]
    with LocalGitHub(repo=DEMO_REPO, token=DEMO_GITHUB_TOKEN, users=logins) as github:
        yield github


def demo_settings(settings: Settings, github: LocalGitHub, export: Export) -> Settings:
    """``settings`` with TRACKER=github pointed at ``github``: the demo never reaches a configured tracker.

    TRACKER_OWNER_MAP maps each human of ``export`` to their stand-in login (see ``local_github``).
    """
    owners = ",".join(f"{uid}={_login(u.name)}" for uid, u in export.users.items() if not u.is_bot)
    return settings.model_copy(
        update={
            "tracker": "github",
            "github_repo": github.repo,
            "github_token": SecretStr(github.token),
            "github_api_url": github.url,
            "tracker_owner_map": owners,
        }
    )


@dataclass
class DemoResult:
    channel: str
    name: str
    posted: int = 0
    commands: list[str] = field(default_factory=list)
    postmortem: Postmortem | None = None
    files: dict[str, Path] = field(default_factory=dict)
    review_steps: list[str] = field(default_factory=list)
    uploaded: list[str] = field(default_factory=list)
    tracker_status: str | None = None
    """Sitrep's summary of the action-item export (e.g. ``3 created``); None without a tracker."""


class _Player:
    def __init__(
        self,
        slack: LocalSlack,
        app: SlackApp,
        services: Services,
        export: Export,
        source: ChannelExport,
        *,
        settler: Settler,
    ):
        self.slack = slack
        self.settler = settler
        self.app = app
        self.services = services
        self.export = export
        self.source = source
        if not isinstance(services.clock, ManualClock):
            raise TypeError("the demo needs a ManualClock")
        self.clock: ManualClock = services.clock
        self.ts_map: dict[str, str] = {}
        self.channel = ""
        self.next_tick: datetime | None = None
        self.result = DemoResult(channel="", name=source.name)
        self.ic = ""

    # -- time -------------------------------------------------------------------------------------

    def tick_until(self, when: datetime) -> None:
        if self.next_tick is None:
            self.next_tick = when.replace(second=0, microsecond=0) + TICK
        while self.next_tick <= when:
            # Everything up to this simulated minute is stored and answered before the tick reads it,
            # so which minutes get a sitrep depends on simulated time only.
            self.settler.settle(f"before the {self.next_tick:%H:%M} tick")
            self._set(self.next_tick)
            self.services.sitreps.tick(self.next_tick, lambda s: publish_sitrep(self.app.ctx, s))
            self.settler.settle(f"the {self.next_tick:%H:%M} tick")
            self.next_tick += TICK

    def _set(self, when: datetime) -> None:
        self.clock.set(when)

    # -- people -----------------------------------------------------------------------------------

    def setup(self) -> None:
        for user in self.export.users.values():
            self.slack.add_user(
                user.id, name=user.name, real_name=user.real_name or user.name, display_name=user.display_name or ""
            )
        humans = [u.id for u in self.export.users.values() if not u.is_bot]
        self.ic = humans[0]
        first = self.source.events[0]
        self._set(ts_to_datetime(first.at) - timedelta(minutes=1))
        joined = {e.message.user for e in self.source.events if e.message and e.message.subtype == "channel_join"}
        founders = [u for u in humans if u not in joined] or humans[:1]
        self.channel = self.slack.create_channel(self._channel_name(), members=founders, creator=founders[0])
        self.result.channel = self.channel
        self._wait(lambda: self.services.incidents.is_tracked(self.channel), "Sitrep join the incident channel")

    def _channel_name(self) -> str:
        """The export's channel name, prefixed ``inc-`` when Sitrep would not treat it as an incident channel."""
        pattern = self.services.settings.channel_regex
        for name in (self.source.name, f"inc-{self.source.name}"):
            if pattern.search(name):
                return name
        raise DemoError(
            f"#{self.source.name} does not match INCIDENT_CHANNEL_PATTERN ({pattern.pattern}), so Sitrep would not"
            " join it; set INCIDENT_CHANNEL_PATTERN to match it"
        )

    def _wait(self, predicate: Callable[[], bool], what: str) -> None:
        self.settler.wait(predicate, what)

    def play(self, event: ExportEvent) -> None:
        at = ts_to_datetime(event.at)
        self.tick_until(at)
        self._set(at)
        raw = event.message
        if event.kind == "delete":
            target = self.ts_map.get(event.target_ts)
            original = self._author_of(event.target_ts)
            if target is not None and original is not None:
                gone = target
                self.slack.delete_as_user(original, self.channel, gone)
                self._wait(lambda: self.services.store.get_message(self.channel, gone) is None, "a deletion honoured")
            return
        if raw is None:
            return
        if event.kind == "edit":
            target = self.ts_map.get(raw.ts)
            if target and raw.user:
                self.slack.edit_as_user(raw.user, self.channel, target, raw.text)
                self._wait(lambda: self._edited(target), "an edit stored")
            return
        self._post(raw)
        for pattern, who, command in COMMAND_CUES:
            if pattern.search(raw.text) and command not in self.result.commands:
                self.command(who or self.ic, command)

    def _author_of(self, original_ts: str) -> str | None:
        for e in self.source.events:
            if e.kind == "post" and e.message is not None and e.message.ts == original_ts:
                return e.message.user
        return None

    def _edited(self, ts: str) -> bool:
        stored = self.services.store.get_message(self.channel, ts)
        return stored is not None and stored.edited_ts is not None

    def _post(self, raw: RawMessage) -> None:
        if raw.subtype == "channel_join" and raw.user:
            self.slack.add_member(self.channel, raw.user)
            self.settler.settle("a member joining")
            return
        if raw.subtype == "channel_leave" and raw.user:
            self.slack.remove_member(self.channel, raw.user)
            self.settler.settle("a member leaving")
            return
        text = "\n".join([raw.text, *raw.extra_texts]).strip()
        if raw.files:
            text += "".join(f"\n[file: {name}]" for name in raw.files)
        thread = self.ts_map.get(raw.thread_ts) if raw.thread_ts and raw.thread_ts != raw.ts else None
        if raw.is_bot or not raw.user:
            ts = self.slack.post_as_integration(raw.user_name or "integration", self.channel, text, thread_ts=thread)
        else:
            ts = self.slack.post_as_user(raw.user, self.channel, text, thread_ts=thread)
        self.ts_map[raw.ts] = ts
        self.result.posted += 1
        self._wait(lambda: self.services.store.get_message(self.channel, ts) is not None, "a message stored")

    def command(self, user: str, command: str) -> None:
        before = len(self.slack.bot_messages(self.channel))
        seen = {note.ts for note in self.slack.ephemerals(self.channel, user)}
        result = self.slack.slash_command(user, self.channel, command)
        if not result.acked:
            raise SitrepError(f"demo: {command} was not acknowledged ({result.error})")
        if command == "/draft-update":
            # The draft is shown to the IC alone; they read it and press Post.
            play_update(self.slack, self.channel, user, settler=self.settler, seen=seen)
        elif command == "/draft-rca":
            pass  # play_rca waits for the thread
        elif command in ("/resolve", "/draft-postmortem"):
            self._wait(self._draft_posted, f"the whole postmortem draft after {command}")
        else:
            self._wait(lambda: len(self.slack.bot_messages(self.channel)) > before, f"Sitrep's answer to {command}")
        self.result.commands.append(command)

    def _draft_posted(self) -> bool:
        """The draft's parent and one thread reply per section are all in Slack."""
        parents = [m for m in self.slack.bot_messages(self.channel) if str(m.get("text", "")).startswith("Postmortem")]
        if not parents:
            return False
        replies = self.slack.thread(self.channel, str(parents[-1]["ts"]))[1:]
        return len(replies) >= len(SECTIONS)

    def finish(self) -> None:
        interval = self.services.sitreps.interval(self.channel)
        if self.next_tick is not None:
            self.tick_until(self.next_tick + interval)
        self.command(self.ic, "/resolve")


def run_demo(services: Services, export: Export, *, out_dir: Path, deadline: Deadline | None = None) -> DemoResult:
    """Play the first channel of ``export`` through the real Slack app and write the outputs.

    Every step waits for the app to be idle (``Settler``) under one overall ``deadline``, so the
    outputs depend on simulated time only. When the deadline passes, what was produced so far is
    still written to ``out_dir`` before the error is raised.
    """
    source = export.channels[0]
    clock = services.clock
    if not isinstance(clock, ManualClock):
        raise TypeError("the demo needs a ManualClock")
    names = {uid: u.best_name for uid, u in export.users.items()}
    services.redactor.add_known_names(n for u in export.users.values() for n in u.all_names)
    with LocalSlack(
        bot_token=BOT_TOKEN, app_token=APP_TOKEN, clock=clock, subscriptions=BOT_EVENTS, ack_timeout_s=ACK_TIMEOUT_S
    ) as slack:
        executor = TrackingExecutor(on_idle=slack.changed)
        settler = Settler(slack, executor, deadline or Deadline())
        app = create_slack_app(
            services.core(),
            build_client(BOT_TOKEN, slack.api_url),
            signing_secret=None,
            channel_pattern=services.settings.channel_regex,
            listener_executor=executor,
        )
        player = _Player(slack, app, services, export, source, settler=settler)
        with socket_front(app, executor):
            try:
                _play(player, services, export, settler)
            except SitrepError as exc:
                if not player.result.channel:
                    raise  # nothing was played: the error says all there is
                written = _write_partial(player, services, slack, out_dir, names)
                slow = isinstance(exc, DemoTimeoutError)
                todo = "when the machine is less busy" if slow else "with --debug to see why"
                raise DemoError(f"{exc}; {written}; rerun `sitrep demo` {todo}") from exc
        result = player.result
        result.postmortem, result.files = write_outputs(
            services, result.channel, source.name, out_dir, names=names, draft=False, transcript=True
        )
        result.files.update(_rca_files(services, result.channel, out_dir))
        result.files["transcript.md"] = _transcript(slack, services, result.channel, out_dir)
    return result


@contextmanager
def socket_front(
    app: SlackApp, executor: TrackingExecutor, *, close_timeout_s: float = CLOSE_TIMEOUT_S
) -> Iterator[SocketFrontHandler]:
    """The demo's app connected over Sitrep's own Socket Mode front, as ``sitrep run`` connects it.

    Without the ingest worker: the demo runs on simulated time, and the worker's process keeps the
    system clock. The ack budget is the local Slack's (generous) deadline, so a busy machine makes
    the demo slower, never different. On the way out the connection and the listeners get
    ``close_timeout_s`` in all: slack-sdk's client joined its threads without a bound, and one demo
    test once hung there.
    """
    handler = SocketFrontHandler(app.app, APP_TOKEN, ack_budget_s=ACK_TIMEOUT_S, close_timeout_s=close_timeout_s)
    handler.connect()  # type: ignore[no-untyped-call]
    try:
        yield handler
    finally:
        deadline = time.monotonic() + close_timeout_s
        handler.client.close()
        busy = executor.close(max(0.0, deadline - time.monotonic()))
        if busy:
            log.warning("the demo ended with %d listener(s) still running; left behind", len(busy))


def _rca_files(services: Services, channel: str, out_dir: Path) -> dict[str, Path]:
    """rca.md, rca.json and rca.html as uploaded to the RCA thread (none when no RCA was drafted)."""
    if services.rcas is None or services.rcas.rca(channel) is None:
        return {}
    written: dict[str, Path] = {}
    for name, text in services.rcas.documents(channel).files().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written[name] = path
    return written


def _play(player: _Player, services: Services, export: Export, settler: Settler) -> None:
    """The incident, then the scripted review of the draft ``/resolve`` posted."""
    player.setup()
    for event in player.source.events:
        player.play(event)
    player.finish()
    responders = [u.id for u in export.users.values() if not u.is_bot][:4]
    exports = services.trackers
    review = play_review(
        player.slack,
        player.channel,
        responders,
        correction=DEMO_CORRECTION,
        clock=player.clock,
        tracker=texts.TRACKER_NAMES.get(exports.name, exports.name) if exports is not None else None,
        settler=settler,
    )
    result = player.result
    result.review_steps = review.steps
    result.uploaded = review.files
    result.tracker_status = review.tracker_status
    # The postmortem is final: the customer-facing RCA is drafted from it and reviewed the same way.
    player.clock.advance(TICK)
    player.command(player.ic, "/draft-rca")
    rca = play_rca(player.slack, player.channel, responders, clock=player.clock, settler=settler)
    result.review_steps = [*result.review_steps, *rca.steps]
    result.uploaded = [*result.uploaded, *rca.files]


def _transcript(slack: LocalSlack, services: Services, channel: str, out_dir: Path) -> Path:
    return write_transcript(
        slack,
        channel,
        out_dir / "transcript.md",
        lambda texts: [r.text for r in services.redactor.redact_many(texts, scope=channel)],
    )


def _write_partial(player: _Player, services: Services, slack: LocalSlack, out_dir: Path, names: dict[str, str]) -> str:
    """Write whatever the demo produced before it stopped; says what was written, for the error line."""
    channel = player.result.channel
    if not channel:
        return "nothing was played yet, so nothing was written"
    try:
        _, files = write_outputs(
            services, channel, player.source.name, out_dir, names=names, draft=False, transcript=True
        )
        files["transcript.md"] = _transcript(slack, services, channel, out_dir)
    except SitrepError as exc:
        return f"the outputs so far could not be written ({exc})"
    return f"what it produced so far ({len(files)} files) is in {out_dir}"
