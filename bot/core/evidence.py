"""The evidence behind a postmortem: cited-version hashes in postmortem.json, and evidence.json.

``evidence.json`` travels with every exported or uploaded postmortem. It names the incident and its
time range, every cited message (ts, author id, the sha256 of the stored version that was cited,
its permalink when the workspace URL is known), the channel's hash-chain head, how each section
was made (engine, model, prompt version, the audit record ids of the model calls behind it), the
sha256 of each file it came with, the export time, and an Ed25519 signature over its canonical
JSON (or a visible note that it is unsigned). ``check_*`` below are what ``sitrep verify`` runs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.audit_record import AuditRecord
from bot.core.signing import Signer, check_signature, key_id
from bot.domain import SECTIONS, Postmortem, Review, iso
from bot.integrity import canonical, version_hash
from bot.render.provenance import cited_in, section_provenance

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.store import Store
    from bot.store.audit import AuditLog

FORMAT = "sitrep-evidence/1"
MANIFEST = "evidence.json"
UNSIGNED_NOTE = (
    "unsigned: EVIDENCE_SIGNING_KEY was not set when this was exported; the file hashes show the files "
    "match this manifest, but nothing shows the manifest itself is untouched"
)
KEY_IN_FILE_NOTE = (
    "checked with the public key inside evidence.json: this proves the files are intact, not who made them; "
    "pass --public-key with a key you trust to check origin"
)
DRAFT_TASKS = frozenset({"postmortem", "notes"})
"""Audit tasks that draft a postmortem (``notes`` are its map-reduce steps)."""
CALL_SLACK = timedelta(seconds=5)
"""How far an audit record's time may sit before the draft or revision it belongs to."""
REVISION_WINDOW = timedelta(minutes=10)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def permalink(workspace_url: str, channel: str, ts: str, thread_ts: str | None = None) -> str:
    """Slack's permalink form ``https://acme.slack.com/archives/C123/p1700000000000100``."""
    link = f"{workspace_url.rstrip('/')}/archives/{channel}/p{ts.replace('.', '')}"
    if thread_ts and thread_ts != ts:
        link += f"?thread_ts={thread_ts}&cid={channel}"
    return link


def document_citations(pm: Postmortem, texts: Mapping[str, str]) -> list[str]:
    """Every ts the document cites: the draft's structured citations and any ``ts`` in the section texts."""
    found = set(pm.cited_ts())
    for text in texts.values():
        found.update(cited_in(text))
    return sorted(found, key=lambda ts: (len(ts.split(".")[0]), ts))


def citation_map(
    store: Store, channel: str, ts_values: Iterable[str], *, workspace_url: str | None = None
) -> dict[str, dict[str, str | None]]:
    """ts -> {hash of the stored version, author id, permalink?} for every cited ts that is stored."""
    out: dict[str, dict[str, str | None]] = {}
    wanted = list(ts_values)
    stored = store.get_messages(channel, wanted)  # one round trip, not one per citation
    for ts in wanted:
        msg = stored.get(ts)
        if msg is None:
            continue
        entry: dict[str, str | None] = {"hash": version_hash(msg), "author": msg.user}
        if workspace_url:
            entry["permalink"] = permalink(workspace_url, channel, ts, msg.thread_ts)
        out[ts] = entry
    return out


def add_evidence(
    document: dict[str, object],
    pm: Postmortem,
    review: Review | None,
    texts: Mapping[str, str],
    citations: Mapping[str, Mapping[str, str | None]],
) -> dict[str, object]:
    """``document`` (postmortem.json) with the ``citations`` map and each section's ``provenance`` (added keys)."""
    sections = document.get("sections")
    if isinstance(sections, list):
        for item in sections:
            if isinstance(item, dict) and "provenance" not in item:
                sid = str(item.get("id"))
                section = review.section(sid) if review is not None else None
                item["provenance"] = section_provenance(pm, texts.get(sid, ""), section)
    document["citations"] = {ts: dict(value) for ts, value in citations.items()}
    return document


def section_audit_ids(pm: Postmortem, review: Review | None, records: Sequence[AuditRecord]) -> dict[str, list[str]]:
    """Section id -> the audit record ids behind it: the draft's calls, plus each revision's call."""
    out: dict[str, list[str]] = {sid: [] for sid, _ in SECTIONS}
    if pm.model is None or pm.generated_at is None:
        return out  # the offline rules make no model calls
    drafted = [r.id for r in records if r.id and r.task in DRAFT_TASKS and r.at >= pm.generated_at - CALL_SLACK]
    for sid in out:
        out[sid] = list(drafted)
    if review is None:
        return out
    revisions = [(s.id, r.at) for s in review.sections for r in s.revisions if r.kind == "correction"]
    for record in records:
        if record.task != "revise_section" or not record.id:
            continue
        near = [(at - record.at, sid) for sid, at in revisions if -CALL_SLACK <= at - record.at <= REVISION_WINDOW]
        if near:
            out[min(near)[1]].append(record.id)
    return out


@dataclass(frozen=True)
class EvidenceIssuer:
    """Builds, signs and records evidence.json (one per export or upload)."""

    store: Store
    clock: Clock
    signer: Signer | None = None
    audit: AuditLog | None = None
    workspace_url: str | None = None

    def citations(self, channel: str, pm: Postmortem, texts: Mapping[str, str]) -> dict[str, dict[str, str | None]]:
        return citation_map(self.store, channel, document_citations(pm, texts), workspace_url=self.workspace_url)

    def manifest(
        self,
        pm: Postmortem,
        review: Review | None,
        texts: Mapping[str, str],
        citations: Mapping[str, Mapping[str, str | None]],
        files: Mapping[str, str],
        *,
        exported_at: datetime | None = None,
    ) -> str:
        """evidence.json for ``files`` (name -> exact text), signed when a key is set; kept in the store too."""
        inc = pm.incident
        channel = inc.channel
        now = exported_at or self.clock.now()
        records = self.audit.records(channel) if self.audit is not None else []
        audit_ids = section_audit_ids(pm, review, records)
        cited = document_citations(pm, texts)
        payload: dict[str, object] = {
            "format": FORMAT,
            "incident": {"id": channel, "channel": channel, "name": inc.name, "severity": inc.severity},
            "time_range": {
                "start": iso(inc.started_at or inc.opened_at),
                "end": iso(inc.resolved_at) or iso(now),
            },
            "cited_messages": [
                {"ts": ts, **{k: v for k, v in citations[ts].items()}} for ts in cited if ts in citations
            ],
            "missing_citations": [ts for ts in cited if ts not in citations],
            "chain_head": self.store.chain_head(channel),
            "sections": [
                {
                    "id": sid,
                    "title": title,
                    **{
                        k: v
                        for k, v in section_provenance(
                            pm, texts.get(sid, ""), review.section(sid) if review else None
                        ).items()
                        if k in ("engine", "model", "prompt_version")
                    },
                    "cited": list(cited_in(texts.get(sid, ""))),
                    "audit_records": audit_ids[sid],
                }
                for sid, title in SECTIONS
            ],
            "files": {name: sha256_text(text) for name, text in sorted(files.items())},
            "exported_at": iso(now),
        }
        if self.signer is not None:
            payload["signature"] = self.signer.sign(payload)
        else:
            payload["signature"] = None
            payload["note"] = UNSIGNED_NOTE
        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
        self.store.record_manifest(channel, canonical(payload).decode("utf-8"))
        return text


# -- verification (sitrep verify) ---------------------------------------------------------------------


def signed_payload(manifest: Mapping[str, object]) -> dict[str, object]:
    """What the signature covers: the manifest without ``signature`` (and the unsigned note)."""
    return {k: v for k, v in manifest.items() if k not in ("signature", "note")}


def check_files(folder: Path, manifest: Mapping[str, object]) -> str | None:
    """The first file that is missing or differs from its hash in the manifest, as one line; else None."""
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        return "evidence.json lists no files"
    for name, expected in sorted(files.items()):
        if "/" in name or "\\" in name or name.startswith("."):
            return f"evidence.json names a file outside its folder: {name!r}"
        path = folder / name
        if not path.is_file():
            return f"{name} is missing from {folder}"
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != expected:
            return f"{name} does not match evidence.json (sha256 {actual[:12]}…, expected {str(expected)[:12]}…)"
    return None


def check_manifest_signature(manifest: Mapping[str, object], public_raw: bytes | None) -> tuple[str | None, str]:
    """(the problem as one line or None, a note on what the check proves)."""
    signature = manifest.get("signature")
    if not isinstance(signature, dict):
        if public_raw is not None:
            return "evidence.json is unsigned, but --public-key asks for a signature", ""
        return None, "evidence.json is unsigned (no EVIDENCE_SIGNING_KEY at export): integrity of the files only"
    try:
        embedded = base64.b64decode(str(signature.get("public_key", "")), validate=True)
    except (ValueError, binascii.Error):
        return "evidence.json's signature.public_key is not base64", ""
    key = public_raw if public_raw is not None else embedded
    if not check_signature(signed_payload(manifest), signature, key):
        if public_raw is not None and public_raw != embedded:
            return (
                f"evidence.json is not signed by the given key (signed by key {key_id(embedded)}, "
                f"given {key_id(public_raw)})",
                "",
            )
        return "evidence.json's signature does not match its contents (the manifest was changed)", ""
    if public_raw is None:
        return None, f"signature valid (key {key_id(embedded)}); " + KEY_IN_FILE_NOTE
    return None, f"signature valid, made by the given key {key_id(public_raw)}"


def check_store(store: Store, manifest: Mapping[str, object]) -> tuple[str | None, str]:
    """Recompute the channel's chain from the stored versions and find every cited hash in it."""
    incident = manifest.get("incident")
    channel = str(incident.get("channel")) if isinstance(incident, dict) else ""
    if not channel:
        return "evidence.json names no channel", ""
    problem, versions, length = store.verify_chain(channel)
    if problem is not None:
        return problem, ""
    if length == 0:
        return f"the store holds no hash chain for {channel} (expired, purged, or another store)", ""
    heads = {e.hash for e in store.chain(channel) if e is not None}
    if manifest.get("chain_head") not in heads:
        return f"evidence.json's chain head is not in {channel}'s chain (the chain was rewritten)", ""
    cited = manifest.get("cited_messages")
    for item in cited if isinstance(cited, list) else []:
        ts, digest = str(item.get("ts")), item.get("hash")
        if digest not in versions.get(ts, set()):
            return f"cited message {ts}: its hash is not among the stored versions in {channel}'s chain", ""
    return None, f"chain of {channel} verified ({length} entries), every cited version is in it"
