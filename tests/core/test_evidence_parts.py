"""Evidence parts: the signing key setting, provenance lines, and which audit records back each section."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from bot.audit_record import AuditRecord
from bot.core.evidence import section_audit_ids
from bot.core.signing import Signer, check_signature
from bot.domain import Approval, IncidentState, Postmortem, Review, SectionReview, SectionRevision
from bot.errors import ConfigError
from bot.render.provenance import provenance_line, section_provenance

T0 = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)


def test_a_pem_key_with_literal_newlines_signs_like_its_seed() -> None:
    """Env files carry PEM with \\n; the seed and the PEM of one key give the same public key."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption()).decode()
    seed = base64.b64encode(key.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())).decode()
    a, b = Signer.from_setting(pem.replace("\n", "\\n")), Signer.from_setting(seed)
    assert a.public_raw == b.public_raw
    signature = a.sign({"x": 1})
    assert check_signature({"x": 1}, signature, b.public_raw) and not check_signature({"x": 2}, signature, b.public_raw)


@pytest.mark.parametrize("value", ["abc", base64.b64encode(b"x" * 31).decode()])
def test_a_bad_signing_key_is_one_config_line(value: str) -> None:
    with pytest.raises(ConfigError) as err:
        Signer.from_setting(value)
    assert str(err.value).startswith("EVIDENCE_SIGNING_KEY is not a usable Ed25519 private key") and "\n" not in str(
        err.value
    )


def test_a_pem_of_another_key_type_is_named() -> None:
    pem = X25519PrivateKey.generate().private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption())
    with pytest.raises(ConfigError, match="not an Ed25519 key"):
        Signer.from_setting(pem.decode())


def claude_pm() -> Postmortem:
    return Postmortem(
        incident=IncidentState(channel="C1", name="inc-x"),
        summary="Pool exhausted [ts 1773479280.000000, 1773479340.000000]",
        impact="i",
        engine="claude (claude-sonnet-5-5)",
        model="claude-sonnet-5-5",
        prompt_version="system@3+postmortem@4",
        generated_at=T0,
    )


def test_provenance_names_engine_prompt_evidence_and_reviewers() -> None:
    pm = claude_pm()
    section = SectionReview(
        id="summary",
        status="approved",
        approvals=(Approval(user="U1", name="Priya", at=T0 + timedelta(minutes=9)),),
        revisions=(SectionRevision(at=T0 + timedelta(minutes=5), kind="edit", text="t", by="U2", by_name="Dana"),),
    )
    line = provenance_line(pm, pm.summary, section)
    assert line == (
        "Made by the claude (claude-sonnet-5-5) engine, prompt system@3+postmortem@4 · 2 cited messages · "
        "approved by Priya (2026-03-14 09:09 UTC) · 1 edit(s), last by Dana (2026-03-14 09:05 UTC)"
    )
    data = section_provenance(pm, pm.summary, section)
    assert data["model"] == "claude-sonnet-5-5" and data["cited_messages"] == 2
    assert data["edited_by"] == [{"kind": "edit", "user": "U2", "name": "Dana", "at": "2026-03-14T09:05:00Z"}]


def record(task: str, at: datetime, rid: str) -> AuditRecord:
    return AuditRecord(
        at=at, channel="C1", task=task, prompt_version="p", model="m", input_hash="h", outcome="ok", id=rid
    )


def test_audit_records_are_attributed_to_the_draft_and_the_revised_section() -> None:
    """The draft's calls back every section; a revision's call backs the section it revised; older drafts none."""
    pm = claude_pm()
    review = Review(
        channel="C1",
        sections=(
            SectionReview(
                id="timeline",
                revisions=(SectionRevision(at=T0 + timedelta(minutes=30), kind="correction", text="t", by="U2"),),
            ),
        ),
    )
    records = [
        record("postmortem", T0 - timedelta(hours=1), "1-0"),  # an earlier draft
        record("notes", T0, "2-0"),
        record("postmortem", T0 + timedelta(seconds=20), "3-0"),
        record("sitrep", T0 + timedelta(minutes=1), "4-0"),
        record("revise_section", T0 + timedelta(minutes=29), "5-0"),
    ]
    ids = section_audit_ids(pm, review, records)
    assert ids["summary"] == ["2-0", "3-0"]
    assert ids["timeline"] == ["2-0", "3-0", "5-0"]
    offline = pm.model_copy(update={"model": None, "engine": "offline"})
    assert all(v == [] for v in section_audit_ids(offline, review, records).values())
