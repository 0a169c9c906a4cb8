"""``sitrep export --dir`` and ``sitrep verify``: an untouched export passes; each kind of tampering
(a stored message edited or deleted, the chain reordered, a byte of a file changed, a wrong key)
fails with the line that names it."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bot.cli import EXIT_MISMATCH, EXIT_OK, EXIT_PROBLEM, main
from bot.domain import Message, RawMessage
from bot.integrity import version_hash
from bot.services import Services
from bot.store import EmbeddedRedis, keys

CHANNEL = "C0EVIDENCE"
LINES = [
    ("UPRIYA", "Alert: checkout-api 5xx rate 12%, customers see failed payments"),
    ("UMARCO", "Deployed checkout-api v2.41.0 to production"),
    ("UMARCO", "I suspect the DB connection pool is exhausted since the deploy"),
    ("UMARCO", "Decision: roll back checkout-api to v2.40.3"),
    ("UMARCO", "Rolled back to v2.40.3, error rate back to baseline"),
    ("UPRIYA", "Resolved: checkout healthy for 30 minutes"),
]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def seed(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())
    return base64.b64encode(raw).decode()


def public(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)).decode()


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def exported(
    services: Services,
    redis_server: EmbeddedRedis,
    key: Ed25519PrivateKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """An incident ingested (one message edited, one deleted), drafted, and exported with a signing key."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    monkeypatch.setenv("EVIDENCE_SIGNING_KEY", seed(key))
    monkeypatch.setenv("SLACK_WORKSPACE_URL", "https://acme.slack.com")
    services.incidents.open(CHANNEL, "inc-evidence")
    clock = services.clock
    for i, (user, text) in enumerate(LINES):
        clock.advance(timedelta(minutes=3))  # type: ignore[attr-defined]
        ts = f"{int(clock.now().timestamp())}.{i:06d}"
        services.ingestor.ingest(RawMessage(channel=CHANNEL, ts=ts, text=text, user=user, user_name=user[1:].title()))
    first = services.store.messages(CHANNEL)[0]
    services.ingestor.edit(
        RawMessage(channel=CHANNEL, ts=first.ts, text=LINES[0][1] + " (p99 too)", user="UPRIYA", edited_ts="1.0")
    )
    services.ingestor.ingest(RawMessage(channel=CHANNEL, ts=f"{int(clock.now().timestamp())}.000099", text="typo"))
    services.ingestor.delete(CHANNEL, f"{int(clock.now().timestamp())}.000099")
    services.postmortems.draft(CHANNEL, clock.now(), names={})
    out = tmp_path / "export"
    code, _, err = run("export", CHANNEL, "--dir", str(out))
    assert code == EXIT_OK, err
    return out


def test_an_untouched_export_passes_every_check(exported: Path, key: Ed25519PrivateKey) -> None:
    """Files, signature (with the trusted key) and the chain all match: exit 0, one ok line each."""
    assert sorted(p.name for p in exported.iterdir()) == [
        "evidence.json",
        "postmortem.html",
        "postmortem.json",
        "postmortem.md",
        "timeline.png",
        "timeline.svg",
    ]
    assert (exported / "timeline.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "![Timeline](timeline.png)" in (exported / "postmortem.md").read_text()
    assert "data:image/png;base64," in (exported / "postmortem.html").read_text()
    code, out, err = run("verify", str(exported), "--public-key", public(key))
    assert (code, err) == (EXIT_OK, "")
    assert out.count("ok: ") == 3 and "made by the given key" in out and "every cited version is in it" in out
    code, out, _ = run("verify", str(exported))
    assert code == EXIT_OK and "proves the files are intact, not who made them" in out


def test_manifest_hashes_are_the_stored_versions_cited(exported: Path, services: Services) -> None:
    """Every cited message in evidence.json and postmortem.json carries the hash of the stored version."""
    manifest = json.loads((exported / "evidence.json").read_text())
    document = json.loads((exported / "postmortem.json").read_text())
    cited = {c["ts"]: c["hash"] for c in manifest["cited_messages"]}
    assert cited and cited == {ts: c["hash"] for ts, c in document["citations"].items()}
    for ts, digest in cited.items():
        stored = services.store.get_message(CHANNEL, ts)
        assert isinstance(stored, Message) and version_hash(stored) == digest
    assert all(
        c["permalink"].startswith(f"https://acme.slack.com/archives/{CHANNEL}/p") for c in manifest["cited_messages"]
    )
    assert manifest["chain_head"] == services.store.chain_head(CHANNEL)
    assert manifest["files"]["postmortem.md"] == hashlib.sha256((exported / "postmortem.md").read_bytes()).hexdigest()
    assert {s["prompt_version"] for s in manifest["sections"]} == {"offline rules v1"}
    assert all(s["audit_records"] == [] for s in manifest["sections"])  # the offline engine calls no model
    assert all("provenance" in s for s in document["sections"])


def test_one_changed_byte_in_a_file_fails(exported: Path) -> None:
    path = exported / "postmortem.md"
    data = bytearray(path.read_bytes())
    data[10] ^= 0x01
    path.write_bytes(bytes(data))
    code, _, err = run("verify", str(exported))
    assert code == EXIT_MISMATCH
    assert err.startswith("sitrep: verify failed: postmortem.md does not match evidence.json") and err.count("\n") == 1


def test_a_changed_manifest_fails_its_signature(exported: Path) -> None:
    path = exported / "evidence.json"
    manifest = json.loads(path.read_text())
    manifest["incident"]["name"] = "inc-something-else"
    path.write_text(json.dumps(manifest))
    code, _, err = run("verify", str(exported))
    assert (code, err) == (
        EXIT_MISMATCH,
        "sitrep: verify failed: evidence.json's signature does not match its contents (the manifest was changed)\n",
    )


def test_a_wrong_key_fails(exported: Path) -> None:
    other = Ed25519PrivateKey.generate()
    code, _, err = run("verify", str(exported), "--public-key", public(other))
    assert code == EXIT_MISMATCH
    assert err.startswith("sitrep: verify failed: evidence.json is not signed by the given key")


def test_a_stored_message_edited_outside_sitrep_fails(exported: Path, services: Services) -> None:
    cited = json.loads((exported / "evidence.json").read_text())["cited_messages"][0]["ts"]
    stored = services.store.get_message(CHANNEL, cited)
    assert stored is not None
    forged = stored.model_copy(update={"text": "nothing happened"})
    services.store.client.hset(keys.messages(CHANNEL), cited, forged.model_dump_json())
    code, _, err = run("verify", str(exported))
    assert (code, err) == (
        EXIT_MISMATCH,
        f"sitrep: verify failed: message {cited} of {CHANNEL} differs from its recorded version "
        "(changed outside Sitrep)\n",
    )


def test_a_stored_message_deleted_outside_sitrep_fails(exported: Path, services: Services) -> None:
    cited = json.loads((exported / "evidence.json").read_text())["cited_messages"][-1]["ts"]
    services.store.client.hdel(keys.messages(CHANNEL), cited)
    code, _, err = run("verify", str(exported))
    assert code == EXIT_MISMATCH
    assert (
        err
        == f"sitrep: verify failed: message {cited} of {CHANNEL} is missing from the store (deleted outside Sitrep)\n"
    )


def test_a_reordered_chain_fails(exported: Path, services: Services) -> None:
    client = services.store.client
    raw = client.lrange(keys.chain(CHANNEL), 0, -1)
    client.lset(keys.chain(CHANNEL), 2, raw[3])
    client.lset(keys.chain(CHANNEL), 3, raw[2])
    code, _, err = run("verify", str(exported))
    assert code == EXIT_MISMATCH
    assert err.startswith(f"sitrep: verify failed: chain entry 2 of {CHANNEL}") and "reordered" in err


def test_a_later_edit_through_sitrep_still_verifies_the_cited_version(exported: Path, services: Services) -> None:
    """An edit Slack delivers after the export is a new chained version; the cited one stays provable."""
    cited = json.loads((exported / "evidence.json").read_text())["cited_messages"][0]["ts"]
    services.ingestor.edit(RawMessage(channel=CHANNEL, ts=cited, text="edited later", user="UPRIYA", edited_ts="2.0"))
    assert run("verify", str(exported))[0] == EXIT_OK


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    """No folder, no manifest, or a bad key: one line, exit 2."""
    code, _, err = run("verify", str(tmp_path / "nowhere"))
    assert code == EXIT_PROBLEM and "is not a folder" in err
    code, _, err = run("verify", str(tmp_path))
    assert code == EXIT_PROBLEM and "holds no evidence.json" in err
    (tmp_path / "evidence.json").write_text("{}")
    code, _, err = run("verify", str(tmp_path), "--public-key", "not-a-key")
    assert (code, err.count("\n")) == (EXIT_PROBLEM, 1) and "--public-key is not an Ed25519 public key" in err


def test_an_unsigned_export_says_so(exported: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without EVIDENCE_SIGNING_KEY the manifest carries a visible note, and verify says what it proves."""
    monkeypatch.delenv("EVIDENCE_SIGNING_KEY")
    out = tmp_path / "unsigned"
    assert run("export", CHANNEL, "--dir", str(out))[0] == EXIT_OK
    manifest = json.loads((out / "evidence.json").read_text())
    assert manifest["signature"] is None and manifest["note"].startswith("unsigned")
    code, text, _ = run("verify", str(out))
    assert code == EXIT_OK and "unsigned" in text
    assert run("verify", str(out), "--public-key", public(Ed25519PrivateKey.generate()))[0] == EXIT_MISMATCH
