"""The Claude engine's status updates and RCAs, through the Messages API stand-in, checked like the offline ones.

The scripted model invents a date and a cause and names a person: none of it reaches the document
unflagged, because grounding (citations, sources, words) and the customer checks run on its answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.config import Settings
from bot.redaction import Redactor
from bot.sandbox.anthropic_stub import AnthropicStub
from bot.services import Services, build
from bot.store import Store
from tests.customer_support import leaks, replay

FAKE_TS = "1773999999.000001"


@pytest.fixture
def stub() -> Iterator[AnthropicStub]:
    with AnthropicStub() as running:
        yield running


@pytest.fixture
def claude(stub: AnthropicStub, store: Store, clock: ManualClock, redactor: Redactor, tmp_path: Path) -> Services:
    """Services whose engine is Claude on the stand-in (sharing the store the offline replay filled)."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        sitrep_data_dir=tmp_path / "claude",
        anthropic_api_key="sk-test",
        anthropic_base_url=stub.url,
        anthropic_max_retries=0,
        anthropic_timeout_seconds=5,
    )
    return build(settings, clock=clock, store=store, redactor=redactor)


def _ts_of(services: Services, channel: str, word: str) -> str:
    return next(m.ts for m in services.store.messages(channel) if word in m.text)


def test_a_model_that_invents_a_cause_and_a_date_gets_both_flagged(
    services: Services, stub: AnthropicStub, claude: Services, clock: ManualClock, tmp_path: Path
) -> None:
    incident = replay(services, "example", tmp_path)
    rollback = _ts_of(services, incident.channel, "rollback complete")
    statements = [
        {"section": "impact", "text": "Checkout success dipped to about 89% and 7 orders were charged twice.",
         "source": ["impact"], "citations": [], "inferred": False, "why": ""},
        {"section": "timeline", "text": "Tomás Ortega reverted the change at 23:35 UTC.",
         "source": ["timeline"], "citations": [rollback], "inferred": False, "why": ""},
        {"section": "root_cause", "text": "The outage was caused by a failing disk in a storage array.",
         "source": ["root_cause"], "citations": [FAKE_TS], "inferred": False, "why": ""},
        {"section": "restoration",
         "text": "The rollback completed at 23:44 UTC and the error rate returned to baseline.",
         "source": ["timeline"], "citations": [rollback], "inferred": False, "why": ""},
        {"section": "prevention", "text": "Retry limits will be fully deployed by 2026-07-01.",
         "source": ["action_items:1"], "citations": [], "inferred": False, "why": ""},
        {"section": "prevention", "text": "We will add alerting on retry rates.",
         "source": ["action_items:0"], "citations": [], "inferred": True, "why": "paraphrased the action item"},
    ]  # fmt: skip
    stub.script("rca", {"statements": statements})
    assert claude.rcas is not None
    rca = claude.rcas.draft(incident.channel, clock.now(), names=incident.names).rca
    assert rca.engine.startswith("claude") and rca.prompt_version == "system@2+rca@1"
    by_text = {s.text: s for s in rca.statements}

    cause = by_text[statements[2]["text"]]
    assert cause.inferred and cause.is_open and cause.citations == ()
    assert "do not exist" in (cause.why or "")
    dated = by_text[statements[4]["text"]]
    assert dated.is_open and {f.split(":")[0] for f in dated.flags} >= {"commitment", "date"}
    named = by_text[statements[1]["text"]]
    assert named.is_open and any(f.startswith("person") for f in named.flags)
    model_flag = by_text[statements[5]["text"]]
    assert model_flag.inferred and model_flag.why == "paraphrased the action item"
    for good in (statements[0], statements[3]):
        assert not by_text[good["text"]].flagged, by_text[good["text"]]
    assert {s.id for s in rca.open_items} == {cause.id, dated.id, named.id, model_flag.id}

    (request,) = stub.message_requests("rca")
    assert "<postmortem" in request.prompt and "flag every statement you inferred" in request.prompt.lower()
    sent = json.dumps(request.body)
    assert "AKIA" not in sent  # only the redacted store reaches the model


def test_claude_status_updates_lose_what_names_internal_things(
    services: Services, stub: AnthropicStub, claude: Services, clock: ManualClock, tmp_path: Path
) -> None:
    incident = replay(services, "mail", tmp_path, upto=5)
    stub.script(
        "status_update",
        {
            "phase": "Identified",
            "impact": "smtp-relay-2 at 10.20.4.17 rejects mail. Password reset emails are delayed for some customers.",
            "doing": "Kenji Watanabe is renewing the certificate (SUP-4412).",
        },
    )
    assert claude.updates is not None
    update = claude.updates.draft(incident.channel, "U07NHADDAD", clock.now(), people=list(incident.names.values()))
    assert update.engine.startswith("claude") and update.phase == "Identified"
    assert update.impact == "Password reset emails are delayed for some customers."
    assert update.doing == "We have identified the cause and are working on a fix."
    assert set(update.removed) == {"internal_id", "person"}
    assert leaks(update.text, "mail", incident.names) == []


def test_when_claude_fails_the_rca_is_the_offline_draft_and_says_so(
    services: Services, stub: AnthropicStub, claude: Services, clock: ManualClock, tmp_path: Path
) -> None:
    incident = replay(services, "mail", tmp_path)
    stub.fail("server_error", times=5)
    assert claude.rcas is not None
    rca = claude.rcas.draft(incident.channel, clock.now(), names=incident.names).rca
    assert rca.engine.startswith("offline draft (Claude unavailable")
    assert rca.statements and leaks(" ".join(s.text for s in rca.statements), "mail", incident.names) == []
