"""The record schema and the vocabularies it defines (types, roles, units...).

``schema/dateline.schema.json`` is the single source of truth: every list here is read from it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import paths

SCHEMA_NAME = "dateline.schema.json"
LAYERS = ("entities", "events", "quotes", "figures")


def schema_path() -> Path:
    """Where the schema is: ``schema/`` of the source checkout, or the copy in the installed package."""
    return paths.schema_path()


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    return json.loads(schema_path().read_text(encoding="utf-8"))


def choices(name: str) -> dict[str, dict[str, Any]]:
    """The allowed values of a ``$defs`` vocabulary, each with its description and extra keys."""
    defs = load_schema()["$defs"][name]
    if "oneOf" in defs:
        return {c["const"]: c for c in defs["oneOf"]}
    return {v: {"const": v} for v in defs["enum"]}


def entity_types() -> list[str]:
    return list(choices("entity_type"))


def event_types() -> list[str]:
    return list(choices("event_type"))


def roles_for(event_type: str) -> list[str]:
    return list(choices("event_type")[event_type]["x-roles"])


def roles() -> list[str]:
    return list(choices("role"))


def units() -> list[str]:
    return list(choices("unit"))


def canary() -> str:
    return load_schema()["x-canary"]


def schema_version() -> str:
    return load_schema()["x-version"]
