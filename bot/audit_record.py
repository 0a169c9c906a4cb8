"""What one model call leaves behind: shared by the engines that write audit records and the
store that keeps them, so neither depends on the other."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Outcome = Literal["ok", "invalid_output", "truncated", "refused", "error", "skipped"]
"""ok: usable answer · invalid_output / truncated: unusable JSON (a repair or fallback follows) ·
refused: the model declined · error: the API call failed after the SDK's retries ·
skipped: not sent because the circuit breaker was open."""


class Usage(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0

    @property
    def total_input(self) -> int:
        """Every input token of the call, cached or not."""
        return self.input_tokens + self.cache_creation_input_tokens + self.cache_read_input_tokens


class AuditRecord(BaseModel):
    """One model call."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    at: datetime
    channel: str
    task: str
    """sitrep, hypotheses, postmortem, revise_section, or notes (a map-reduce step)."""
    step: str = "final"
    """final, or map / reduce for map-reduce steps; ``-repair`` is appended on a repair attempt."""
    prompt_version: str
    model: str
    input_hash: str
    """sha256 of the request body's canonical JSON (model, system, messages, output schema)."""
    output: str = ""
    usage: Usage = Usage()
    latency_ms: float = 0.0
    outcome: Outcome
    error: str | None = None
    stop_reason: str | None = None
    request_id: str | None = None
    id: str | None = Field(default=None, description="stream entry id, set when read back")
