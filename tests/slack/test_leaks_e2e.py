"""Nothing planted leaks: the real app, both transports, DEBUG everywhere, the Claude engine.

Values of every type are planted in message text, an edit, a thread reply, Block Kit blocks, an
attachment, a file title, an integration's username, a status page named after a person and a Slack
Connect guest's name. Sitrep then runs a sitrep, ``/hypotheses`` and ``/resolve`` (the postmortem)
with the Claude engine against the local Messages API stand-in, which echoes what it was sent back
in its answers (the worst case: a model quoting its prompt). Afterwards no planted value may be in
any Redis key or value (every key scanned, streams included), any log line of any logger, any prompt
the stand-in received, any audit record, any output file, or anything Sitrep posted to Slack.
"""

from __future__ import annotations

import json
import logging
import string
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.config import Settings
from bot.logcap import CAPPED
from bot.playback.replay import write_outputs
from bot.redaction import Redactor
from bot.sandbox.anthropic_stub import AnthropicStub, minimal_instance
from bot.sandbox.slack import LocalSlack
from bot.services import Services, build
from bot.store import Store
from bot.store.audit import AuditLog
from tests.redaction import fakes
from tests.slack.conftest import APP_TOKEN, BOT_TOKEN, SECRET, start_app, wait_until

pytestmark = pytest.mark.slow

PLANTED: dict[str, str] = {
    "aws_key_id": fakes.aws_key_id(),
    "aws_secret": fakes.aws_secret(),
    "github_token": fakes.github_classic(),
    "slack_token": fakes.slack_bot(),
    "stripe_key": fakes.stripe_live(),
    "url_password": fakes.password(),
    "email": "jane.thornbury@example.org",
    "integration_email": "r.okonkwo@customer.example",
    "phone": "+1 415 555 0142",
    "card": "4111 1111 1111 1111",
    "customer_name": "Margaret Thornbury",
    "guest_name": "Theodora Vasquez",
    "bot_owner": "Wilhelmina Castellanos",
    "public_ip": "52.14.201.77",
    "openai_key": "sk-proj-" + fakes.rs(string.ascii_letters + string.digits, 48),
    "vault_token": "hvs." + fakes.rs(string.ascii_letters + string.digits, 24),
    "iban": "de89 3704 0044 0532 0130 00",
    "ssn": "536-22-8726",
    "cli_password": fakes.rs(string.ascii_letters + string.digits, 14),
}
"""One value of every type Sitrep redacts, each planted where a responder would paste it."""

GUEST = "UGUEST01"
_FREE_TEXT = frozenset({"text", "statement", "status", "summary", "impact", "detection", "answer", "why", "event"})


def _echo(body: dict[str, Any]) -> dict[str, Any] | str:
    """The model's answer quotes the last part of its prompt in every free-text field."""
    prompt = "\n".join(str(b.get("text", "")) for m in body.get("messages", []) for b in _blocks(m))
    quoted = prompt[-600:]
    schema = body.get("output_config", {}).get("format", {}).get("schema")
    if not isinstance(schema, dict):
        return quoted

    def fill(value: Any, key: str = "") -> Any:
        if value == "Unknown" and key in _FREE_TEXT:
            return quoted
        if isinstance(value, dict):
            return {k: fill(v, k) for k, v in value.items()}
        return value

    return dict(fill(minimal_instance(schema)))


def _blocks(message: dict[str, Any]) -> list[dict[str, Any]]:
    content = message.get("content")
    if isinstance(content, str):
        return [{"text": content}]
    return [b for b in content or [] if isinstance(b, dict)]


@pytest.fixture
def stub() -> Iterator[AnthropicStub]:
    with AnthropicStub() as server:
        for task in ("sitrep", "hypotheses", "postmortem", "notes", "revise_section"):
            server.default(task, _echo)
        yield server


@pytest.fixture
def slack_on_clock(clock: ManualClock) -> Iterator[LocalSlack]:
    """The local Slack on the test's clock, so message times and /resolve's time agree."""
    with LocalSlack(
        signing_secret=SECRET,
        bot_token=BOT_TOKEN,
        app_token=APP_TOKEN,
        clock=clock,
        ack_timeout_s=1.0,
        disconnect_grace_s=0.5,
        socket_ping_interval_s=0.1,
    ) as slack:
        for uid, name, real in (("UPRIYA", "priya", "Priya Raman"), ("UMARCUS", "marcus", "Marcus Oyelaran")):
            slack.add_user(uid, name=name, real_name=real)
        slack.add_user("ULENA", name="lena", real_name="Lena Fischer")
        yield slack


@pytest.fixture
def claude_services(
    store: Store, clock: ManualClock, redactor: Redactor, tmp_path: Path, stub: AnthropicStub
) -> Services:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        sitrep_data_dir=tmp_path / "data",
        anthropic_api_key="sk-ant-test-key",
        anthropic_base_url=stub.url,
        anthropic_max_retries=0,
    )
    services = build(settings, clock=clock, store=store, redactor=redactor)
    assert services.settings.uses_claude
    return services


def _all_logs(caplog: pytest.LogCaptureFixture) -> str:
    lines = []
    for record in caplog.records:
        lines.append(f"{record.name} {record.levelname} {record.getMessage()}")
        if record.exc_text:
            lines.append(record.exc_text)
    return "\n".join(lines)


def _posted_by_sitrep(slack: LocalSlack, channel: str) -> str:
    out = [json.dumps(m) for m in slack.bot_messages(channel)]
    for message in slack.history(channel):
        if message.get("reply_count"):
            out += [json.dumps(r) for r in slack.thread(channel, str(message["ts"])) if r.get("bot_id")]
    out += [e.text for e in slack.ephemerals(channel)]
    return "\n".join(out)


@pytest.mark.parametrize("transport", ["socket", "http"])
def test_no_planted_value_reaches_redis_logs_prompts_audit_or_outputs(
    transport: str,
    *,
    slack_on_clock: LocalSlack,
    claude_services: Services,
    stub: AnthropicStub,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    """Every planted value stays out of Redis, every log, every prompt, the audit trail and the outputs."""
    services = claude_services
    clock = services.clock
    assert isinstance(clock, ManualClock)
    caplog.set_level(logging.DEBUG)
    for name in (*CAPPED, "presidio-analyzer", "bot"):
        caplog.set_level(logging.DEBUG, logger=name)  # someone turned every library's DEBUG on
    p = PLANTED
    slack = slack_on_clock
    slack.add_user(GUEST, name="theodora", real_name=p["guest_name"])
    channel = slack.create_channel("inc-leaks", members=["UPRIYA", "UMARCUS", "ULENA", GUEST])
    slack.discard_pending_events()
    started = start_app(slack, services, transport)
    try:
        slack.invite_bot(channel, by_user="UPRIYA")
        assert wait_until(lambda: services.incidents.is_tracked(channel))

        first = slack.post_as_user(
            "UPRIYA",
            channel,
            f"Customer {p['customer_name']} ({p['email']}) says checkout fails with 5xx; "
            f"call back on {p['phone']}. Traffic spike from {p['public_ip']}",
        )
        slack.post_as_user(
            "UMARCUS",
            channel,
            f"Hypothesis: the deploy broke the credentials, aws_secret_access_key={p['aws_secret']} "
            f"with key id {p['aws_key_id']}",
        )
        slack.post_as_user(
            "ULENA",
            channel,
            f"db is postgres://checkout:{p['url_password']}@db-primary-02.prod:5432/orders",
            thread_ts=first,
        )
        slack.post_as_user(
            "ULENA",
            channel,
            f"retry with OPENAI_API_KEY={p['openai_key']} and vault token {p['vault_token']}; "
            f"sshpass -p {p['cli_password']} ssh deploy@bastion-1",
            thread_ts=first,
        )
        slack.post_as_user(
            "UPRIYA",
            channel,
            f"refund goes to IBAN {p['iban']}, customer SSN on file {p['ssn']}",
        )
        slack.post_as_user(
            "UPRIYA",
            channel,
            "token in the runbook block",
            blocks=[
                {"type": "section", "text": {"type": "mrkdwn", "text": f"github token {p['github_token']} rotated?"}}
            ],
        )
        slack.post_as_integration(
            f"Zendesk ({p['integration_email']})",
            channel,
            "New ticket",
            attachments=[{"title": "Ticket 4411", "text": f"card {p['card']} declined at checkout"}],
        )
        # A status page named after a person: its kind survives (Message.bot_kind), its name does not.
        slack.post_as_integration(
            f"{p['bot_owner']}'s status page", channel, "[Resolved] uploads are back to normal for everyone"
        )
        slack.post_as_user(
            "UMARCUS",
            channel,
            "heap dump attached",
            extra={"files": [{"id": "F0LEAK1", "title": f"dump {p['slack_token']}.txt", "name": "dump.txt"}]},
        )
        slack.post_as_user(
            GUEST,
            channel,
            "From the payments partner: our side sees timeouts too",
            extra={
                "user_team": "T0PARTNER",
                "user_profile": {"real_name": p["guest_name"], "display_name": p["guest_name"]},
            },
        )
        assert wait_until(lambda: services.store.count_messages(channel) == 10)
        assert "status_page" in {m.bot_kind for m in services.store.messages(channel)}
        slack.edit_as_user(
            "UPRIYA", channel, first, f"Customer says checkout fails with 5xx; stripe key {p['stripe_key']} in logs"
        )
        assert wait_until(lambda: "stripe key" in (services.store.get_message(channel, first) or _NONE).text), (
            services.store.get_message(channel, first)
        )

        # a scheduled sitrep, then the commands a responder runs
        clock.advance(timedelta(minutes=11))
        assert services.sitreps.tick(services.clock.now(), lambda s: _publish(started.app, s))
        for command in ("/summary", "/hypotheses", "/resolve"):
            assert slack.slash_command("UPRIYA", channel, command).acked
        assert wait_until(lambda: services.store.get_postmortem(channel) is not None, timeout=30)
        assert wait_until(lambda: len(slack.bot_messages(channel)) >= 4, timeout=30)
        _, files = write_outputs(
            services, channel, "inc-leaks", tmp_path / "out", names={"UPRIYA": "Priya Raman"}, draft=False
        )
    finally:
        started.stop()

    # the values did go through Slack, and the model was called
    raw_history = json.dumps(slack.history(channel)) + json.dumps(slack.thread(channel, first))
    assert p["url_password"] in raw_history and p["card"] in raw_history and p["stripe_key"] in raw_history
    assert stub.message_requests(), "the Claude engine was never called"
    audit = AuditLog(services.store.client, services.clock).records(channel)
    assert audit

    places = {
        "redis": repr(services.store.dump_all()),
        "logs": _all_logs(caplog),
        "prompts": "\n".join(json.dumps(r.body) for r in stub.requests),
        "audit": "\n".join(r.model_dump_json() for r in audit),
        # timeline.png is pixels and timeline.svg draws text as paths: their labels are the postmortem's
        # timeline and hypotheses, checked here through postmortem.json/.md/.html.
        "outputs": "\n".join(path.read_bytes().decode("utf-8", "replace") for path in files.values()),
        "slack posts": _posted_by_sitrep(slack, channel),
    }
    assert caplog.records, "nothing was logged: the capture is broken"
    leaks = {(kind, where) for kind, value in PLANTED.items() for where, text in places.items() if value in text}
    assert not leaks, f"planted values found: {sorted(leaks)}"
    stored = {m.ts: m for m in services.store.messages(channel)}
    integration = next(m for m in stored.values() if m.is_bot)
    assert integration.user_name is not None and integration.user_name.startswith("<PERSON_")
    guest = next(m for m in stored.values() if m.user == GUEST)
    assert guest.user_name is not None and guest.user_name.startswith("<PERSON_")


class _Empty:
    text = ""


_NONE = _Empty()


def _publish(app: Any, sitrep: Any) -> None:
    from bot.slack.publish import publish_sitrep

    publish_sitrep(app.ctx, sitrep)
