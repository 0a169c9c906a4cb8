"""Status updates and the external RCA in core, on the example incident and a second one (mail relay)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.clock import ManualClock
from bot.core.rca import parse_item
from bot.domain import RCA_SECTIONS, ActionItem, RawMessage
from bot.redaction import Redactor
from bot.services import Services
from bot.store import EmbeddedRedis, Store
from tests.customer_support import ROOT, leaks, replay

TONES = ("formal", "plain")
SECTION_TS = {sid: f"1773600000.{i + 2:06d}" for i, (sid, _) in enumerate(RCA_SECTIONS)}
"""Where the RCA's section replies would sit in Slack (the review record keeps them)."""


@pytest.mark.parametrize(("which", "upto"), [("example", 8), ("mail", 5)])
def test_a_status_update_mid_incident_names_nothing_internal(
    services: Services, which: str, upto: int, tmp_path: Path
) -> None:
    """Mid-incident: phase, customer impact, what is done, next update; no person, host, id or hypothesis."""
    incident = replay(services, which, tmp_path, upto=upto)
    assert services.updates is not None
    update = services.updates.draft(incident.channel, "U1", services.clock.now(), people=list(incident.names.values()))
    assert update.phase in ("Investigating", "Identified")
    assert update.next_update is not None and update.next_update > services.clock.now()
    assert update.text.startswith(update.phase) and "Next update by" in update.text
    assert leaks(update.text, which, incident.names) == []
    assert "hypothesis" not in update.text.lower()
    assert services.store.get_update(incident.channel, update.id) == update


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("which", ["example", "mail"])
def test_the_rca_names_nobody_and_every_statement_is_sourced_or_flagged(
    services: Services, which: str, tone: str, tmp_path: Path
) -> None:
    incident = replay(services, which, tmp_path)
    rcas = services.rcas
    assert rcas is not None
    rcas.tone = tone  # type: ignore[assignment]
    draft = rcas.draft(incident.channel, services.clock.now(), names=incident.names)
    rca = draft.rca
    assert rca.tone == tone and not rca.from_final and draft.new
    assert {s.section for s in rca.statements} == {sid for sid, _ in RCA_SECTIONS}
    for s in rca.statements:
        assert s.source or s.citations or s.inferred, s
        assert (s.resolution == "open") == (s.inferred or bool(s.flags)), s
    files = rcas.documents(incident.channel).files()
    assert set(files) == {"rca.md", "rca.json", "rca.html"}
    for name, text in files.items():
        customer_text = text
        if name == "rca.json":
            customer_text = " ".join(s.text for s in rca.statements)
        elif name == "rca.html":
            customer_text = text.split("<body>", 1)[1]  # the stylesheet's colours are not ids
        assert leaks(customer_text, which, incident.names) == [], name
    md = files["rca.md"]
    assert md.index("## Reviewer's punch-list") < md.index(f"## {RCA_SECTIONS[0][1]}")
    assert "never sends it" in md and "not final" in md
    document = json.loads(files["rca.json"])
    assert document["sent_by_sitrep"] is False
    assert document["punch_list"]["open"] == [s.id for s in rca.open_items]


def test_an_unconfirmed_cause_and_an_unbacked_commitment_are_flagged(services: Services, tmp_path: Path) -> None:
    incident = replay(services, "mail", tmp_path)
    pm = services.store.get_postmortem(incident.channel)
    assert pm is not None
    items = (
        ActionItem(
            text="Guarantee that certificate renewal is fully deployed within two weeks",
            category="system design",
            horizon="short_term",
        ),
        ActionItem(
            text="Alert on certificate expiry 14 days ahead for every mail relay",
            category="monitoring",
            horizon="short_term",
            owner="Kenji Watanabe",
            due="2026-05-02",
        ),
    )
    pm = pm.model_copy(
        update={
            "hypotheses": tuple(h.model_copy(update={"status": "open"}) for h in pm.hypotheses),
            "action_items": items,
        }
    )
    services.store.save_postmortem(incident.channel, pm)
    assert services.rcas is not None
    rca = services.rcas.draft(incident.channel, services.clock.now(), names=incident.names).rca
    (cause,) = rca.section_statements("root_cause")
    assert cause.text == "The root cause is under investigation."
    assert cause.is_open and any(f.startswith("unconfirmed cause") for f in cause.flags)
    promise, backed = rca.section_statements("prevention")
    assert promise.is_open and any(f.startswith("commitment") for f in promise.flags)
    assert "2026-05-02" in backed.text and backed.resolution is None, backed
    assert "Kenji" not in backed.text
    assert [s.id for s in rca.open_items] == [cause.id, promise.id]


def test_the_rca_cannot_be_final_while_a_punch_list_item_is_open(
    services: Services, tmp_path: Path, clock: ManualClock, redis_server: EmbeddedRedis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every section approved with the quorum met is not enough: the last open item keeps it a draft."""
    incident = replay(services, "example", tmp_path)
    rcas = services.rcas
    assert rcas is not None
    draft = rcas.draft(incident.channel, clock.now(), names=incident.names)
    assert draft.rca.open_items, "the example's draft links the cause to the last change: inferred"
    rcas.attach(
        incident.channel,
        "1773600000.000001",
        {sid: f"1773600000.{i + 2:06d}" for i, (sid, _) in enumerate(RCA_SECTIONS)},
    )
    notes = []
    for sid, _ in RCA_SECTIONS:
        for user in ("UA", "UB"):
            outcome = rcas.verdict(incident.channel, sid, user, "approve", clock.now(), name=user)
            assert not outcome.finalize
            notes.append(outcome.note)
    assert notes[-1] == "punch_list_open"
    review = rcas.review(incident.channel)
    assert review is not None and review.all_approved and not review.final
    assert not rcas.retry_finalize(incident.channel, clock.now()).finalize

    open_items = rcas.rca(incident.channel).open_items  # type: ignore[union-attr]
    outcome = None
    for item in open_items:
        assert outcome is None or not outcome.finalize
        outcome = rcas.resolve(incident.channel, item.id, "keep", "UA", clock.now(), name="Ana")
    assert outcome is not None and outcome.finalize and outcome.note == "item_resolved"
    uploaded = rcas.documents(incident.channel, finalized_at=clock.now())
    rcas.complete_finalize(incident.channel, ("F1", "F2", "F3"), clock.now())
    final_md = uploaded.markdown
    assert "**Status:** Final" in final_md and "[S1]" not in final_md.split("---")[0]
    assert "Ana" not in final_md

    monkeypatch.setenv("REDIS_URL", redis_server.url)
    out, err = io.StringIO(), io.StringIO()
    assert main(["export", incident.channel, "--rca"], stdout=out, stderr=err) == 0, err.getvalue()
    assert out.getvalue() == final_md
    out = io.StringIO()
    assert main(["export", "#" + incident.name, "--rca", "--format", "json"], stdout=out, stderr=err) == 0
    assert out.getvalue() == uploaded.json_text
    assert json.loads(out.getvalue())["review"]["final"] is True
    folder = tmp_path / "rca"
    assert main(["export", incident.channel, "--rca", "--dir", str(folder)], stdout=out, stderr=err) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["rca.html", "rca.json", "rca.md"]


def test_export_rca_of_a_channel_without_one_is_one_line(
    redis_server: EmbeddedRedis, redis_client: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    err = io.StringIO()
    assert main(["export", "C0NOPE", "--rca"], stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue() == "sitrep: error: there is no RCA for C0NOPE — run /draft-rca in the channel first\n"


def test_thread_replies_keep_edit_or_remove_items_and_new_words_are_checked(
    services: Services, tmp_path: Path, clock: ManualClock
) -> None:
    incident = replay(services, "example", tmp_path)
    rcas = services.rcas
    assert rcas is not None
    rcas.draft(incident.channel, clock.now(), names=incident.names)
    rcas.attach(
        incident.channel,
        "1773600000.000001",
        {sid: f"1773600000.{i + 2:06d}" for i, (sid, _) in enumerate(RCA_SECTIONS)},
    )
    (item,) = rcas.rca(incident.channel).open_items  # type: ignore[union-attr]

    def reply(text: str, n: int) -> RawMessage:
        return RawMessage(
            channel=incident.channel, ts=f"1773600100.{n:06d}", text=text, user="UA", thread_ts="1773600000.000001"
        )

    names = list(incident.names.values())
    assert rcas.correct(reply("looks good to me", 1), clock.now(), people=names).note == "ask_item"  # type: ignore[union-attr]
    assert rcas.correct(reply("S99 keep", 2), clock.now(), people=names).note == "unknown_item"  # type: ignore[union-attr]
    outcome = rcas.correct(reply(f"{item.id}: Tomás Ortega rolled back deploy #4812.", 3), clock.now(), people=names)
    assert outcome is not None and not outcome.finalize
    edited = rcas.rca(incident.channel).statement(item.id)  # type: ignore[union-attr]
    assert edited is not None and edited.is_open and "edited" in edited.source
    assert {f.split(":")[0] for f in edited.flags} >= {"person", "internal id"}
    rcas.correct(reply(f"{item.id} remove", 4), clock.now(), people=names)
    gone = rcas.rca(incident.channel).statement(item.id)  # type: ignore[union-attr]
    assert gone is not None and gone.resolution == "removed" and not gone.shown
    assert not rcas.rca(incident.channel).open_items  # type: ignore[union-attr]
    revisions = rcas.review(incident.channel).section(item.section).revisions  # type: ignore[union-attr]
    assert [r.kind for r in revisions][-2:] == ["punch_list", "punch_list"]


def test_parse_item() -> None:
    assert parse_item("S3 keep") == ("S3", "keep", None)
    assert parse_item("s3: approved") == ("S3", "keep", None)
    assert parse_item("S12 remove") == ("S12", "remove", None)
    assert parse_item("S4: Service was restored at 23:44 UTC.") == ("S4", "edit", "Service was restored at 23:44 UTC.")
    assert parse_item("S4") is None and parse_item("please fix S4") is None


def test_a_posted_update_is_a_comms_event_in_the_postmortem_timeline(
    services: Services, tmp_path: Path, clock: ManualClock
) -> None:
    incident = replay(services, "mail", tmp_path, upto=6)
    assert services.updates is not None
    update = services.updates.draft(incident.channel, "U07NHADDAD", clock.now())
    services.updates.post(
        incident.channel, update.id, "U07NHADDAD", lambda _u: "1776679999.000900", name="Noor Haddad", now=clock.now()
    )
    with pytest.raises(Exception, match="already posted"):
        services.updates.discard(incident.channel, update.id)
    pm = services.postmortems.draft(incident.channel, clock.now())
    comms = [e for e in pm.timeline if e.kind == "comms" and "status update posted" in e.event.lower()]
    assert len(comms) == 1 and update.phase in comms[0].event
    rca = services.rcas.draft(incident.channel, clock.now(), names=incident.names).rca  # type: ignore[union-attr]
    assert any("status update" in s.text for s in rca.section_statements("timeline"))


def test_the_draft_follows_the_style_folder_and_its_level_of_commitment(
    store: Store, clock: ManualClock, redactor: Redactor, tmp_path: Path
) -> None:
    """RCA_STYLE_DIR: the first past RCA gives the titles; one without dates keeps backed dates out too."""
    from bot.config import Settings
    from bot.services import build

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, sitrep_data_dir=tmp_path / "data", rca_style_dir=str(ROOT / "examples" / "rca-style")
    )
    styled = build(settings, clock=clock, store=store, redactor=redactor)
    incident = replay(styled, "mail", tmp_path)
    pm = store.get_postmortem(incident.channel)
    assert pm is not None
    backed = ActionItem(
        text="Alert on certificate expiry for every mail relay",
        category="monitoring",
        horizon="short_term",
        owner="Kenji Watanabe",
        due="2026-05-02",
    )
    store.save_postmortem(incident.channel, pm.model_copy(update={"action_items": (backed,)}))
    assert styled.rcas is not None
    rca = styled.rcas.draft(incident.channel, clock.now(), names=incident.names).rca
    assert rca.style == "01-delayed-invoices.md"
    titles = dict(rca.titles)
    assert titles["impact"] == "What happened" and titles["root_cause"] == "Why it happened"
    assert titles["prevention"] == "What we are doing next"
    (item,) = rca.section_statements("prevention")
    assert "2026-05-02" not in item.text  # the style commits to no dates
    assert "## What we are doing next" in styled.rcas.documents(incident.channel).markdown


def test_a_postmortem_with_a_posted_update_still_meets_its_schema(
    services: Services, tmp_path: Path, clock: ManualClock
) -> None:
    """The comms event cites the posted update, so postmortem.json keeps every timeline event cited."""
    from bot.core.schema import validate_postmortem

    incident = replay(services, "mail", tmp_path, upto=6)
    assert services.updates is not None
    update = services.updates.draft(incident.channel, "U07NHADDAD", clock.now())
    services.updates.post(incident.channel, update.id, "U1", lambda _u: "1776679999.000900", name=None, now=clock.now())
    pm = services.postmortems.draft(incident.channel, clock.now())
    (comms,) = [e for e in pm.timeline if "status update posted" in e.event.lower()]
    assert comms.citations == ("1776679999.000900",)
    validate_postmortem(pm.to_contract())


def test_an_edited_section_replaces_its_statements_and_is_checked_like_a_draft(
    services: Services, tmp_path: Path, clock: ManualClock
) -> None:
    """Edit: the reviewer's lines become the section (redacted, checked); the old open items leave with it."""
    incident = replay(services, "example", tmp_path)
    rcas = services.rcas
    assert rcas is not None
    rcas.draft(incident.channel, clock.now(), names=incident.names)
    rcas.attach(incident.channel, "1773600000.000001", SECTION_TS)
    rcas.verdict(incident.channel, "root_cause", "UA", "approve", clock.now())
    text = "A configuration change made our checkout retry too often.\nTomás Ortega will guarantee it never recurs."
    outcome = rcas.edit(
        incident.channel, "root_cause", text, "UA", clock.now(), name="Ana", people=list(incident.names.values())
    )
    assert outcome.note == "edited" and outcome.changed == ("root_cause",)
    rca = rcas.rca(incident.channel)
    assert rca is not None
    first, second = rca.section_statements("root_cause")
    assert first.source == ("edited",) and first.resolution is None
    assert second.is_open and {f.split(":")[0] for f in second.flags} >= {"person", "commitment"}
    assert [s.id for s in rca.open_items] == [second.id]  # the drafted inference left with its section
    review = rcas.review(incident.channel)
    assert review is not None and review.section("root_cause").status == "draft"  # type: ignore[union-attr]
