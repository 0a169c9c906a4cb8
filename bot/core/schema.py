"""Validate postmortem.json against the JSON Schema shipped in the package."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from bot.errors import EngineError


@cache
def postmortem_schema() -> dict[str, Any]:
    text = resources.files("bot").joinpath("schemas/postmortem.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_postmortem(document: dict[str, object]) -> None:
    """Raise EngineError naming the first place the document breaks the contract."""
    validator = jsonschema.Draft202012Validator(postmortem_schema())
    error = next(iter(sorted(validator.iter_errors(document), key=lambda e: list(e.path))), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        raise EngineError(f"postmortem.json breaks its schema at {where}: {error.message}")
