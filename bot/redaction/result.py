"""What redaction returns: the redacted text plus findings (types and counts, never values)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One kind of thing that was redacted from a text, and how many times."""

    entity_type: str
    count: int
    secret: bool
    """True for credentials (the poster should rotate them); False for PII."""


@dataclass(frozen=True)
class RedactionResult:
    text: str
    findings: tuple[Finding, ...] = ()

    @property
    def secrets(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.secret)

    @property
    def entity_types(self) -> tuple[str, ...]:
        return tuple(sorted({f.entity_type for f in self.findings}))
